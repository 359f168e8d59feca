//! The banded dynamic program: best path (Viterbi) and bead posteriors (forward-backward).

use std::ops::Range;

use super::evidence::{Evidence, Span};
use super::{Alignment, Bead};
use crate::segment::{Language, Sentence, ends_with_title};

/// Bead shapes (source, target) and their prior costs, `-ln` of Gale & Church's frequencies
/// (1-1: 0.89; 1-0 and 0-1: 0.0099 together; 2-1 and 1-2: 0.089 together), except 2-2: Gale & Church
/// counted 0.011, but a 2-2 bead also collects the anchors across its pairs (first source with second
/// target...), which favours it; 0.004 is nearer the 0.2% to 0.7% of 2-2 beads in real news and
/// abstracts, and keeps it for where the lengths call for it. A 2-2 bead whose two pairs in order have
/// anchors of their own and none across pays more (`Evidence::unsplit_cost`).
///
/// Gale & Church did not count beads of five sentences, and a model without them is sure of the wrong
/// beads where a translator joined four sentences into one or recut three into two (a list of names, a
/// reference, a long sentence of loose prose): it must choose among the beads it has, and a 3-1 and a 1-0
/// look certain when no 4-1 exists. They are rare (none in news, 1 to 2% of the beads of loose
/// translations), so their priors are high and they win only where the lengths and the anchors call for
/// them. They take part in the last search only (see [`search_near`]), in a narrow band around the
/// path of the first: a 4-1 or a 2-3 bead moves the path by a sentence or two, and the first search,
/// over a wide band, costs a third less without them.
const SHAPES: [(usize, usize, f64); 12] = [
    (1, 1, 0.1165),
    (1, 0, 5.3033),
    (0, 1, 5.3033),
    (2, 1, 3.1123),
    (1, 2, 3.1123),
    (2, 2, 5.5215),
    (3, 1, THREE_TO_ONE),
    (1, 3, THREE_TO_ONE),
    (3, 2, TWO_TO_THREE),
    (2, 3, TWO_TO_THREE),
    (4, 1, FOUR_TO_ONE),
    (1, 4, FOUR_TO_ONE),
];

/// Prior cost of a 3-1 or 1-3 bead, which Gale & Church did not count: rarer than a 2-2.
const THREE_TO_ONE: f64 = 5.8;
/// The shapes of the first search: those up to 3-1 and 1-3 (see `SHAPES`).
const FIRST_SHAPES: usize = 8;
/// Prior cost of a 3-2 or 2-3 bead (`docs/tuning.md`).
const TWO_TO_THREE: f64 = 8.0;
/// Prior cost of a 4-1 or 1-4 bead (`docs/tuning.md`).
const FOUR_TO_ONE: f64 = 10.0;

/// Cost of a sentence left without counterpart, per character beyond the prior: a long sentence is less
/// likely to be dropped than a short one, but it must not cost as much as a Gale-Church mismatch, or long
/// insertions would be forced into merges.
const UNALIGNED_PER_CHAR: f64 = 0.01;
/// Penalty for a bead that crosses a paragraph boundary on one side.
const CROSS_PARAGRAPH: f64 = 2.0;
/// Penalty for a bead boundary that is a paragraph boundary on one side only.
const PARAGRAPH_MISMATCH: f64 = 1.0;
/// Paragraph structure counts only when the editions have about as many paragraphs.
const PARAGRAPH_AGREEMENT: f64 = 0.8;
/// Penalty for a bead that ends after a sentence cut short (see [`crate::segment::ends_with_title`]),
/// unless the text ends there: the rest of that sentence is the next one, which belongs in the same
/// bead. Kept small, as some titles end real sentences in some texts ("Cochrane Database Syst Rev.";
/// `docs/tuning.md`).
const CUT_SHORT: f64 = 1.0;
/// A path this many nats worse than another into the same cell weighs `e^-20` (2 × 10^-9) of the
/// other: under what any score shows (three decimals) even summed over every bead of a band's row, so
/// its anchors need not be computed.
const NEGLIGIBLE: f64 = 20.0;
/// Distance from the band's edge at which a path is taken to be cut by the band.
const EDGE_MARGIN: usize = 2;

/// Where a bead may end: where paragraphs start on each side (and whether they are to be trusted), and
/// which sentences were cut short.
pub(crate) struct Breaks {
    source: Vec<usize>,
    target: Vec<usize>,
    weight: f64,
    en_cut: Vec<bool>,
    es_cut: Vec<bool>,
}

impl Breaks {
    pub(crate) fn new(source: &[Sentence<'_>], target: &[Sentence<'_>], languages: [Language; 2]) -> Breaks {
        let count = |s: &[Sentence<'_>]| {
            let mut ids: Vec<usize> = s.iter().map(|s| s.paragraph).collect();
            ids.dedup();
            ids.len()
        };
        let (a, b) = (count(source), count(target));
        let agreement = a.min(b) as f64 / a.max(b).max(1) as f64;
        let weight = if a > 1 && b > 1 && agreement >= PARAGRAPH_AGREEMENT { 1.0 } else { 0.0 };
        let cut =
            |s: &[Sentence<'_>], language| s.iter().map(|s| ends_with_title(&s.text, language)).collect();
        Breaks {
            source: source.iter().map(|s| s.paragraph).collect(),
            target: target.iter().map(|s| s.paragraph).collect(),
            weight,
            en_cut: cut(source, languages[0]),
            es_cut: cut(target, languages[1]),
        }
    }

    /// Whether a paragraph starts at sentence `i` of `side` (the ends of the text count as starts).
    fn starts(side: &[usize], i: usize) -> bool {
        i == 0 || i == side.len() || side[i] != side[i - 1]
    }

    fn crosses(side: &[usize], range: std::ops::Range<usize>) -> bool {
        range.len() > 1 && side[range.start] != side[range.end - 1]
    }

    /// Cost of a bead covering `source` and `target` (half-open sentence ranges) for the breaks it crosses and
    /// ends on.
    fn cost(&self, source: std::ops::Range<usize>, target: std::ops::Range<usize>) -> f64 {
        let cut_short = |cut: &[bool], end: usize| end > 0 && end < cut.len() && cut[end - 1];
        let mut cost = 0.0;
        if cut_short(&self.en_cut, source.end) || cut_short(&self.es_cut, target.end) {
            cost += CUT_SHORT;
        }
        if self.weight == 0.0 {
            return cost;
        }
        let mut paragraphs = 0.0;
        if Self::crosses(&self.source, source.clone()) {
            paragraphs += CROSS_PARAGRAPH;
        }
        if Self::crosses(&self.target, target.clone()) {
            paragraphs += CROSS_PARAGRAPH;
        }
        if Self::starts(&self.source, source.end) != Self::starts(&self.target, target.end) {
            paragraphs += PARAGRAPH_MISMATCH;
        }
        cost + paragraphs * self.weight
    }
}

/// The part of a document pair that one search covers: source sentences `source` and target sentences
/// `target`. A search inside it starts at the cell `(source.start, target.start)` and ends at
/// `(source.end, target.end)`; its costs read the evidence of the whole pair (word weights are the
/// document's), so a window searched alone costs its beads as the whole search would.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Window {
    pub(crate) source: Range<usize>,
    pub(crate) target: Range<usize>,
}

impl Window {
    /// The whole pair.
    pub(crate) fn whole(evidence: &Evidence) -> Window {
        let (n, m) = evidence.len();
        Window { source: 0..n, target: 0..m }
    }

    /// Its numbers of source and target sentences.
    fn len(&self) -> (usize, usize) {
        (self.source.len(), self.target.len())
    }
}

/// The cells `(i, j)` searched: for each source position `i`, a window `lo[i]..=hi[i]` of target
/// positions. A path may only use cells inside the band.
struct Band {
    lo: Vec<usize>,
    hi: Vec<usize>,
    offset: Vec<usize>,
    cells: usize,
}

impl Band {
    fn from_windows(lo: Vec<usize>, hi: Vec<usize>) -> Band {
        let mut offset = Vec::with_capacity(lo.len());
        let mut cells = 0;
        for (l, h) in lo.iter().zip(&hi) {
            offset.push(cells);
            cells += h - l + 1;
        }
        Band { lo, hi, offset, cells }
    }

    /// A band of half-width `half` around the straight line from `(0, 0)` to `(n, m)`.
    fn diagonal(n: usize, m: usize, half: usize) -> Band {
        if n == 0 {
            return Band::from_windows(vec![0], vec![m]);
        }
        // Consecutive windows must overlap, or no path would join them when one side is much longer.
        let half = half.max(m.div_ceil(n) + 1);
        let (lo, hi) = (0..=n)
            .map(|i| {
                let center = i as f64 * m as f64 / n as f64;
                ((center.floor() as usize).saturating_sub(half), (center.ceil() as usize + half).min(m))
            })
            .unzip();
        Band::from_windows(lo, hi)
    }

    /// A band of half-width `half` around the line through the cells that end the sure pairs, from
    /// `(0, 0)` to `(n, m)`; between two of them it widens by the difference of their gaps (sentences
    /// dropped or merged there), by `widen` at most, so that its size stays linear whatever the pairs
    /// (the search widens it further where the path needs it).
    fn through(sure: &[(usize, usize)], n: usize, m: usize, half: usize, widen: usize) -> Band {
        let mut points = vec![(0, 0)];
        points.extend(sure.iter().map(|&(i, j)| (i + 1, j + 1)).filter(|&(i, j)| i < n && j < m));
        points.push((n, m));
        let mut lo = vec![usize::MAX; n + 1];
        let mut hi = vec![0; n + 1];
        for w in points.windows(2) {
            let ((i1, j1), (i2, j2)) = (w[0], w[1]);
            let (di, dj) = (i2 - i1, j2 - j1);
            let h = half + di.abs_diff(dj).min(widen);
            for i in i1..=i2 {
                let centre =
                    if di == 0 { j1 as f64 } else { j1 as f64 + (i - i1) as f64 * dj as f64 / di as f64 };
                lo[i] = lo[i].min((centre.floor() as usize).saturating_sub(h));
                hi[i] = hi[i].max((centre.ceil() as usize + h).min(m));
            }
        }
        // Each window must reach the next, so that a path can cross every row (the widening by the
        // gaps' difference already sees to it; this keeps it true whatever the rounding).
        for i in (0..n).rev() {
            hi[i] = hi[i].max(lo[i + 1]);
        }
        lo[0] = 0;
        hi[n] = m;
        Band::from_windows(lo, hi)
    }

    /// A band of half-width `half` around the cells of `path`, which starts at `(0, 0)`.
    fn around(path: &[Step], n: usize, m: usize, half: usize) -> Band {
        let mut lo = vec![usize::MAX; n + 1];
        let mut hi = vec![0; n + 1];
        let mut visit = |i: usize, j: usize| {
            lo[i] = lo[i].min(j.saturating_sub(half));
            hi[i] = hi[i].max((j + half).min(m));
        };
        visit(0, 0);
        let (mut pi, mut pj) = (0, 0);
        for &(_, i, j) in path {
            // A 2-x bead passes over row i - 1 between its ends.
            for row in pi + 1..i {
                visit(row, pj);
            }
            visit(i, j);
            (pi, pj) = (i, j);
        }
        Band::from_windows(lo, hi)
    }

    fn index(&self, i: usize, j: usize) -> Option<usize> {
        (self.lo[i] <= j && j <= self.hi[i]).then(|| self.offset[i] + j - self.lo[i])
    }

    /// Whether cell `(i, j)` is near an edge of the band that is not an edge of the whole matrix.
    fn near_edge(&self, i: usize, j: usize, m: usize) -> bool {
        (self.lo[i] > 0 && j < self.lo[i] + EDGE_MARGIN) || (self.hi[i] < m && j + EDGE_MARGIN > self.hi[i])
    }

    fn is_full(&self, m: usize) -> bool {
        self.lo.iter().all(|&l| l == 0) && self.hi.iter().all(|&h| h == m)
    }
}

/// Most cells a band may hold (about 22 bytes each, so some 350 MB): past it the band stops widening
/// and the best path inside it is taken, so that memory stays bounded whatever the input.
const MAX_CELLS: usize = 16_000_000;

/// Runs the search over `window` in a band along the sentence pairs that share rare numbers and names
/// (see `Evidence::sure_pairs`), or, without any, along the diagonal. When the best path runs along the
/// band's edge, the band is moved to be centred on that path and the search is rerun; when that is not
/// enough, the band is also widened.
pub(crate) fn search(evidence: &Evidence, breaks: &Breaks, window: &Window, band: usize) -> Alignment {
    let (n, m) = window.len();
    let all = evidence.sure_pairs();
    let inside = &all[all.partition_point(|p| p.0 < window.source.start)
        ..all.partition_point(|p| p.0 < window.source.end)];
    let sure: Vec<(usize, usize)> = inside
        .iter()
        .filter(|p| window.target.contains(&p.1))
        .map(|&(i, j)| (i - window.source.start, j - window.target.start))
        .collect();
    if !sure.is_empty() {
        // The sure pairs fix where the path runs; the band needs room only for the beads between them.
        let half = (band / 4).max(4);
        let grid = Band::through(&sure, n, m, half, band);
        return search_in(evidence, breaks, window, grid, half, FIRST_SHAPES);
    }
    let half = band.max(4);
    // A long pair without a single sure pair (the same line a million times) gets a band of at most a
    // quarter of `MAX_CELLS`, so that it can still move and widen twice where its path needs it: memory
    // stays bounded whatever the input.
    let wide = (half + n.abs_diff(m).min(band)).min(MAX_CELLS / 4 / (2 * (n + 1))).max(4);
    let grid = Band::diagonal(n, m, wide);
    search_in(evidence, breaks, window, grid, half.min(wide), FIRST_SHAPES)
}

/// Half-width of the band around a previous alignment (see [`search_near`]): room for the beads of
/// four sentences that the first search lacks, and for the alternatives that the scores weigh (3, 4
/// and 6 gave the same beads and scores on every dev set; 6 costs 13% more instructions than 4).
const NEAR_HALF: usize = 4;

/// Runs the search over `window` again in a narrow band around `previous`, an alignment of the same
/// sentences under slightly different costs (a refitted length ratio) and with every bead shape (see
/// `SHAPES`): the best path moves little, and the band still moves and widens where it does. The beads
/// of `previous` inside the window must cover it.
pub(crate) fn search_near(
    evidence: &Evidence,
    breaks: &Breaks,
    window: &Window,
    previous: &[Bead],
) -> Alignment {
    let (n, m) = window.len();
    let (i0, j0) = (window.source.start, window.target.start);
    // The beads are in order: those of the window are found by bisection, not by a pass over all.
    let first = previous.partition_point(|b| b.source.start < i0 || b.target.start < j0);
    let path: Vec<Step> = previous[first..]
        .iter()
        .take_while(|b| b.source.start < window.source.end || b.target.start < window.target.end)
        .filter(|b| b.source.end <= window.source.end && b.target.end <= window.target.end)
        .map(|b| (0, b.source.end - i0, b.target.end - j0))
        .collect();
    let grid = Band::around(&path, n, m, NEAR_HALF);
    search_in(evidence, breaks, window, grid, NEAR_HALF, SHAPES.len())
}

/// The search in `grid`, with the first `shapes` of `SHAPES`.
fn search_in(
    evidence: &Evidence,
    breaks: &Breaks,
    window: &Window,
    mut grid: Band,
    mut half: usize,
    shapes: usize,
) -> Alignment {
    let (n, m) = window.len();
    let mut recentred = false;
    loop {
        let mut costs = Costs::new(evidence, breaks, window, &grid, &SHAPES[..shapes]);
        let forward = forward(&mut costs);
        let cut = forward.path.iter().any(|&(_, i, j)| grid.near_edge(i, j, m));
        if !cut || grid.is_full(m) {
            return Alignment { beads: posteriors(&costs, forward) };
        }
        // First move the band onto the path found; if the path is cut again, widen it too.
        if recentred {
            half *= 2;
        }
        let next = Band::around(&forward.path, n, m, half);
        if next.cells > MAX_CELLS {
            return Alignment { beads: posteriors(&costs, forward) };
        }
        drop(costs);
        grid = next;
        recentred = true;
    }
}

/// Bead costs in a band. What each 1-1 pair's anchors say is computed once, by the forward pass as it
/// reaches its cell, and kept: the beads that merge sentences need it again (see
/// `Evidence::unsplit_cost` and `Evidence::stray_cost`), and so does the backward pass.
struct Costs<'a> {
    evidence: &'a Evidence,
    breaks: &'a Breaks,
    /// Where the band's cell `(0, 0)` is in the document pair.
    origin: (usize, usize),
    /// The window's numbers of sentences.
    size: (usize, usize),
    grid: &'a Band,
    /// The bead shapes searched (the first of `SHAPES`).
    shapes: &'static [(usize, usize, f64)],
    /// By cell `(i, j)`: the anchor cost of source sentence `i - 1` with target sentence `j - 1`
    /// (single precision: it is only ever added to, and the same value is used in both passes).
    pairs: Vec<f32>,
    /// By cell `(i, j)`: what the numbers and words that the pair's sentences share gain (a bead's
    /// anchors gain at most the sum over its pairs, which bounds its cost before it is computed).
    gains: Vec<f32>,
    /// By cell and shape (the index in `SHAPES`): the cost of the bead of that shape that ends there,
    /// once computed (NaN until then). The backward pass needs most of the costs that the forward pass
    /// computed; kept for bands of up to `CACHED_CELLS` cells (every piece of a long pair), so that
    /// memory stays bounded.
    known: Vec<std::cell::Cell<f64>>,
    /// By cell and shape, as `known`: a lower bound of the cost of a bead whose anchors were not computed
    /// because it could not matter (NaN when there is none).
    floors: Vec<std::cell::Cell<f32>>,
    /// The source spans that end before source sentence `x` (the first field), by their number of
    /// sentences, once asked for: both passes go row by row, and every cell of a row asks for the same
    /// ones.
    row_spans: std::cell::RefCell<(usize, RowSpans<'a>)>,
    /// The target spans that end before target sentence `y`, likewise, for the last `COLUMN_SPANS`
    /// columns asked for (by `y` modulo that number): a row's cells ask for the spans of its columns,
    /// and the next row for nearly the same.
    column_spans: std::cell::RefCell<Vec<(usize, RowSpans<'a>)>>,
}

/// Columns whose target spans are kept (a band's rows are narrower than this but when widened far).
const COLUMN_SPANS: usize = 512;

type RowSpans<'a> = [Option<Option<Span<'a>>>; 5];

/// Most cells of a band whose bead costs are kept (144 bytes a cell: for each shape, a cost in 8 and a
/// lower bound in 4).
const CACHED_CELLS: usize = 1 << 18;

/// Gain (in nats) below which a merged sentence adds nothing to its bead's anchors: the kept gains are
/// rounded up in single precision.
const GAIN_TOLERANCE: f64 = 1e-3;

impl<'a> Costs<'a> {
    fn new(
        evidence: &'a Evidence,
        breaks: &'a Breaks,
        window: &Window,
        grid: &'a Band,
        shapes: &'static [(usize, usize, f64)],
    ) -> Costs<'a> {
        Costs {
            evidence,
            breaks,
            origin: (window.source.start, window.target.start),
            size: window.len(),
            grid,
            shapes,
            pairs: vec![0.0; grid.cells],
            gains: vec![0.0; grid.cells],
            known: if grid.cells <= CACHED_CELLS {
                vec![std::cell::Cell::new(f64::NAN); grid.cells * shapes.len()]
            } else {
                Vec::new()
            },
            floors: if grid.cells <= CACHED_CELLS {
                vec![std::cell::Cell::new(f32::NAN); grid.cells * shapes.len()]
            } else {
                Vec::new()
            },
            row_spans: std::cell::RefCell::new((usize::MAX, [None; 5])),
            column_spans: std::cell::RefCell::new(Vec::new()),
        }
    }

    /// The source sentences `x - a..x` as one (see `Evidence::source_span`).
    fn source_span(&self, x: usize, a: usize) -> Option<Span<'a>> {
        let mut row = self.row_spans.borrow_mut();
        if row.0 != x {
            *row = (x, [None; 5]);
        }
        *row.1[a].get_or_insert_with(|| self.evidence.source_span(x - a, a))
    }

    /// The target sentences `y - b..y` as one (see `Evidence::target_span`).
    fn target_span(&self, y: usize, b: usize) -> Option<Span<'a>> {
        let mut columns = self.column_spans.borrow_mut();
        if columns.is_empty() {
            columns.resize(COLUMN_SPANS, (usize::MAX, [None; 5]));
        }
        let column = &mut columns[y % COLUMN_SPANS];
        if column.0 != y {
            *column = (y, [None; 5]);
        }
        *column.1[b].get_or_insert_with(|| self.evidence.target_span(y - b, b))
    }

    /// Computes and keeps what the anchors of the 1-1 pair that ends at `(i, j)`, the cell `cell`, say.
    fn fill(&mut self, cell: usize, i: usize, j: usize) {
        if i > 0 && j > 0 {
            let (cost, gain) = self.compute(i, j);
            self.pairs[cell] = cost;
            self.gains[cell] = gain;
        }
    }

    /// What the anchors of the 1-1 pair that ends at `(i, j)` say: their cost, and what the shared
    /// anchors gain (rounded up: it bounds a cost from below).
    fn compute(&self, i: usize, j: usize) -> (f32, f32) {
        let (i, j) = (self.origin.0 + i, self.origin.1 + j);
        let (cost, _, gain) = self.evidence.pair_anchors(i - 1, j - 1);
        (cost as f32, (gain * (1.0 + 1e-6)) as f32)
    }

    /// The anchor cost of the 1-1 pair that ends at `(i, j)`: kept if its cell is in the band (and
    /// filled), computed otherwise.
    fn pair(&self, i: usize, j: usize) -> f64 {
        match self.grid.index(i, j) {
            Some(cell) => f64::from(self.pairs[cell]),
            None => f64::from(self.compute(i, j).0),
        }
    }

    /// What the shared anchors of the 1-1 pair that ends at `(i, j)` gain (rounded up).
    fn gain(&self, i: usize, j: usize) -> f64 {
        f64::from(match self.grid.index(i, j) {
            Some(cell) => self.gains[cell],
            None => self.compute(i, j).1,
        })
    }

    /// What the shared anchors of the bead of `a` source and `b` target sentences that ends at `(i, j)`
    /// can gain at most: the sum over its sentence pairs.
    fn shared_gain(&self, i: usize, j: usize, a: usize, b: usize) -> f64 {
        let mut sum = 0.0;
        for k in i + 1 - a..=i {
            for l in j + 1 - b..=j {
                sum += self.gain(k, l);
            }
        }
        sum
    }

    /// The number of sentences of a bead ending at `(i, j)` that merges `a` source sentences against one
    /// target (or one source against `b` target), whose anchors gain `merged_gain` in all, that have
    /// anchors but add nothing to that gain (see `Evidence::stray_cost`).
    ///
    /// What a sentence adds is bounded from below by the bead's gain less what its other sentences gain
    /// each with the single one (exact for two sentences; for more, an anchor that two others share
    /// with it is counted twice, which can only call a sentence a stray too readily when the others
    /// repeat each other).
    fn strays(&self, i: usize, j: usize, a: usize, b: usize, merged_gain: f64) -> usize {
        let count = a.max(b);
        // The pair of the `k`th merged sentence with the single one, as a cell and as sentence indices.
        let pair = |k: usize| if b == 1 { (i + 1 - a + k, j) } else { (i, j + 1 - b + k) };
        let mut gains = [0.0; 4];
        for (k, gain) in gains.iter_mut().enumerate().take(count) {
            let (x, y) = pair(k);
            *gain = self.gain(x, y);
        }
        let total: f64 = gains.iter().sum();
        (0..count)
            .filter(|&k| {
                let (x, y) = pair(k);
                let merged_side =
                    if b == 1 { (true, self.origin.0 + x - 1) } else { (false, self.origin.1 + y - 1) };
                merged_gain - (total - gains[k]) <= GAIN_TOLERANCE
                    && self.evidence.has_anchors(merged_side.0, merged_side.1)
            })
            .count()
    }

    /// Cost of the bead of shape `k` (an index in `SHAPES`, among those searched) that ends at `(i, j)`.
    fn bead(&self, i: usize, j: usize, k: usize) -> f64 {
        self.bead_within(i, j, k, f64::INFINITY).unwrap_or(f64::INFINITY)
    }

    /// [`Costs::bead`], or `None` without computing its anchors when even the best anchors could not
    /// bring it down to `limit`.
    fn bead_within(&self, i: usize, j: usize, k: usize, limit: f64) -> Option<f64> {
        let slot =
            self.grid.index(i, j).map(|cell| cell * self.shapes.len() + k).filter(|&s| s < self.known.len());
        if let Some(slot) = slot {
            let known = self.known[slot].get();
            if !known.is_nan() {
                return Some(known);
            }
            // NaN (never bounded) compares false.
            if f64::from(self.floors[slot].get()) > limit {
                return None;
            }
        }
        match self.compute_bead(i, j, k, limit) {
            Ok(cost) => {
                if let Some(slot) = slot {
                    self.known[slot].set(cost);
                }
                Some(cost)
            }
            Err(floor) => {
                if let Some(slot) = slot {
                    // Rounded down, so that it stays a lower bound.
                    let low = floor as f32;
                    self.floors[slot].set(if f64::from(low) > floor { low.next_down() } else { low });
                }
                None
            }
        }
    }

    /// [`Costs::bead_within`], computed; or, when it cannot come under `limit`, a lower bound of its cost
    /// (the backward pass, which asks again for most of the beads that the forward pass left out, then
    /// need not bound them again).
    fn compute_bead(&self, i: usize, j: usize, k: usize, limit: f64) -> Result<f64, f64> {
        let (a, b, prior) = SHAPES[k];
        let evidence = self.evidence;
        let (x, y) = (self.origin.0 + i, self.origin.1 + j);
        let source = self.source_span(x, a);
        let target = self.target_span(y, b);
        let (source_len, target_len) = (source.map_or(0.0, |f| f.len), target.map_or(0.0, |f| f.len));
        let base = prior + self.breaks.cost(x - a..x, y - b..y);
        let (Some(source), Some(target)) = (source, target) else {
            return Ok(base + UNALIGNED_PER_CHAR * (source_len + target_len));
        };
        let base = base + evidence.length_cost(source_len, target_len);
        let anchors = match (a, b) {
            (1, 1) => self.pair(i, j),
            _ => {
                let floor = base + evidence.anchor_floor(source, target, self.shared_gain(i, j, a, b));
                if floor > limit {
                    return Err(floor);
                }
                self.merge_anchors(i, j, a, b, source, target)
            }
        };
        Ok(base + anchors)
    }

    /// The anchor cost of a bead that merges sentences (`a` source, `b` target, not 1-1) ending at
    /// `(i, j)`, whose sides are `source` and `target`.
    fn merge_anchors(
        &self,
        i: usize,
        j: usize,
        a: usize,
        b: usize,
        source: Span<'_>,
        target: Span<'_>,
    ) -> f64 {
        let evidence = self.evidence;
        if (a, b) == (2, 2) {
            let merged = evidence.anchor_cost(source, target);
            return merged + evidence.unsplit_cost(self.pair(i - 1, j - 1), self.pair(i, j), merged);
        }
        if a > 1 && b > 1 {
            // A 3-2 or 2-3: both sides recut, so no sentence is judged alone against one other; as a 2-2,
            // it pays when its first and last pairs are supported by anchors of their own.
            let merged = evidence.anchor_cost(source, target);
            return merged + evidence.unsplit_cost(self.pair(i + 1 - a, j + 1 - b), self.pair(i, j), merged);
        }
        // One side merged against a single sentence (2-1, 1-3, 4-1...).
        let (cost, gain) = evidence.merged_anchors(source, target);
        cost + evidence.stray_cost(self.strays(i, j, a, b, gain))
    }
}

/// The predecessors of `(i, j)` inside the band by the bead shapes `shapes`: the shape index, the
/// predecessor's cell and its position.
fn predecessors<'a>(
    grid: &'a Band,
    shapes: &'static [(usize, usize, f64)],
    i: usize,
    j: usize,
) -> impl Iterator<Item = (usize, usize, usize, usize)> + 'a {
    shapes.iter().enumerate().filter_map(move |(k, &(a, b, _))| {
        if a > i || b > j {
            return None;
        }
        grid.index(i - a, j - b).map(|cell| (k, cell, i - a, j - b))
    })
}

/// A step of a path: the bead shape and the cell `(i, j)` where the bead ends.
type Step = (usize, usize, usize);

/// The result of the forward pass.
struct Forward {
    /// The best path, from the start.
    path: Vec<Step>,
    /// Forward costs: `-ln` of the summed weight of all paths from `(0, 0)` to each cell.
    soft: Vec<f64>,
}

/// One pass over the band computing both the best path (Viterbi) and the forward costs.
fn forward(costs: &mut Costs<'_>) -> Forward {
    let grid = costs.grid;
    let (n, m) = costs.size;
    let mut best = vec![f64::INFINITY; grid.cells];
    let mut soft = vec![f64::INFINITY; grid.cells];
    let mut back = vec![u8::MAX; grid.cells];
    best[0] = 0.0;
    soft[0] = 0.0;
    for i in 0..=n {
        for j in grid.lo[i]..=grid.hi[i] {
            let Some(cell) = grid.index(i, j) else { continue };
            costs.fill(cell, i, j);
            for (k, prev, _, _) in predecessors(grid, costs.shapes, i, j) {
                if !soft[prev].is_finite() {
                    continue;
                }
                // A bead that can neither improve the best path nor add a visible weight to the sum is
                // skipped before its anchors are computed.
                let limit = (best[cell] - best[prev]).max(soft[cell] + NEGLIGIBLE - soft[prev]);
                let Some(cost) = costs.bead_within(i, j, k, limit) else { continue };
                soft[cell] = soft_min(soft[cell], soft[prev] + cost);
                if best[prev] + cost < best[cell] {
                    best[cell] = best[prev] + cost;
                    back[cell] = k as u8;
                }
            }
        }
    }
    drop(best);
    let mut path = Vec::new();
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        // Every band holds a path from (0, 0) to (n, m), so every cell traced back has a predecessor.
        let Some(cell) = grid.index(i, j) else { unreachable!("the path stays in the band") };
        let k = back[cell] as usize;
        path.push((k, i, j));
        i -= SHAPES[k].0;
        j -= SHAPES[k].1;
    }
    path.reverse();
    Forward { path, soft }
}

/// `-ln(e^-x + e^-y)`, stable.
fn soft_min(x: f64, y: f64) -> f64 {
    if x == f64::INFINITY {
        return y;
    }
    if y == f64::INFINITY {
        return x;
    }
    let lo = x.min(y);
    let gap = (x - y).abs();
    // Past 37 nats the lighter path's weight is under the precision of a double (e^-37 < 2^-53): the
    // sum is the heavier weight, and the exponential need not be computed.
    if gap > 37.0 {
        return lo;
    }
    lo - (-gap).exp().ln_1p()
}

/// Turns the best path into beads scored by their forward-backward posterior, in the document pair's
/// sentence numbers.
fn posteriors(costs: &Costs<'_>, forward: Forward) -> Vec<Bead> {
    let grid = costs.grid;
    let (n, m) = costs.size;
    let (i0, j0) = costs.origin;
    let Forward { path, soft } = forward;
    let total = grid.index(n, m).map_or(f64::INFINITY, |c| soft[c]);
    let mut backward = vec![f64::INFINITY; grid.cells];
    if let Some(end) = grid.index(n, m) {
        backward[end] = 0.0;
    }
    for i in (0..=n).rev() {
        for j in (grid.lo[i]..=grid.hi[i]).rev() {
            let Some(cell) = grid.index(i, j) else { continue };
            if !backward[cell].is_finite() {
                continue;
            }
            // Push this cell's backward cost to its predecessors. A bead that adds no visible weight to
            // its predecessor's sum, or whose paths all weigh under e^-NEGLIGIBLE of the whole (the
            // forward pass left most of those uncomputed), is skipped before its anchors are computed:
            // no posterior can tell.
            for (k, prev, _, _) in predecessors(grid, costs.shapes, i, j) {
                if !soft[prev].is_finite() {
                    continue;
                }
                let limit = (backward[prev] + NEGLIGIBLE - backward[cell])
                    .min(total + NEGLIGIBLE - soft[prev] - backward[cell]);
                let Some(cost) = costs.bead_within(i, j, k, limit) else { continue };
                backward[prev] = soft_min(backward[prev], backward[cell] + cost);
            }
        }
    }

    let mut beads = Vec::with_capacity(path.len());
    for (k, i, j) in path {
        let (a, b, _) = SHAPES[k];
        let (Some(cell), Some(prev)) = (grid.index(i, j), grid.index(i - a, j - b)) else { continue };
        let cost = costs.bead(i, j, k);
        let log_p = total - soft[prev] - cost - backward[cell];
        let score = if log_p.is_finite() { log_p.exp().clamp(0.0, 1.0) } else { 0.0 };
        beads.push(Bead { source: i0 + i - a..i0 + i, target: j0 + j - b..j0 + j, score });
    }
    beads
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether some path of beads leads from `(0, 0)` to `(n, m)` inside the band.
    fn has_path(band: &Band, n: usize, m: usize) -> bool {
        let mut reached = vec![false; band.cells];
        reached[0] = band.index(0, 0).is_some();
        for i in 0..=n {
            for j in band.lo[i]..=band.hi[i] {
                let Some(cell) = band.index(i, j) else { continue };
                if (i, j) != (0, 0) {
                    reached[cell] = predecessors(band, &SHAPES, i, j).any(|(_, prev, _, _)| reached[prev]);
                }
            }
        }
        band.index(n, m).is_some_and(|cell| reached[cell])
    }

    #[test]
    fn a_band_through_sure_pairs_stays_linear() {
        // Pairs far apart on one side and adjacent on the other (chance matches, or an edition that
        // lost half its text) must not widen the band across the whole text.
        let (n, m) = (200_000, 200_000);
        let band = Band::through(&[(0, 0), (100_000, 1)], n, m, 8, 24);
        assert!(band.cells < (n + 1) * 2 * (8 + 24 + 1) + m, "{} cells", band.cells);
    }

    #[test]
    fn a_band_through_sure_pairs_always_holds_a_path() {
        // Pseudo-random sizes and chains of sure pairs, steep and flat, near the ends and far from the
        // diagonal.
        let mut seed = 12345u64;
        let mut next = |bound: usize| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 33) as usize % bound.max(1)
        };
        for _ in 0..2000 {
            let (n, m) = (next(60), next(60));
            let mut sure = Vec::new();
            let (mut i, mut j) = (0, 0);
            while i < n && j < m && sure.len() < 8 {
                i += next(12);
                j += next(12);
                if i < n && j < m && sure.last().is_none_or(|&(a, b)| a < i && b < j) {
                    sure.push((i, j));
                }
                i += 1;
                j += 1;
            }
            let half = 4 + next(6);
            let band = Band::through(&sure, n, m, half, next(30));
            assert!(has_path(&band, n, m), "{n} x {m}, {sure:?}, half {half}");
        }
    }
}
