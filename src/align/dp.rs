//! The banded dynamic program: best path (Viterbi) and bead posteriors (forward-backward).

use super::evidence::{Evidence, Features};
use super::{Alignment, Bead};
use crate::segment::Sentence;

/// Bead shapes (English, Spanish) and their prior costs, `-ln` of Gale & Church's frequencies
/// (1-1: 0.89; 1-0 and 0-1: 0.0099 together; 2-1 and 1-2: 0.089 together; 2-2: 0.011).
const SHAPES: [(usize, usize, f64); 6] = [
    (1, 1, 0.1165),
    (1, 0, 5.3033),
    (0, 1, 5.3033),
    (2, 1, 3.1123),
    (1, 2, 3.1123),
    (2, 2, 4.5099),
];

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
/// Distance from the band's edge at which a path is taken to be cut by the band.
const EDGE_MARGIN: usize = 2;

/// Where paragraphs start on each side, and whether they are to be trusted.
pub(crate) struct Paragraphs {
    en: Vec<usize>,
    es: Vec<usize>,
    weight: f64,
}

impl Paragraphs {
    pub(crate) fn new(en: &[Sentence<'_>], es: &[Sentence<'_>]) -> Paragraphs {
        let count = |s: &[Sentence<'_>]| {
            let mut ids: Vec<usize> = s.iter().map(|s| s.paragraph).collect();
            ids.dedup();
            ids.len()
        };
        let (a, b) = (count(en), count(es));
        let agreement = a.min(b) as f64 / a.max(b).max(1) as f64;
        let weight = if a > 1 && b > 1 && agreement >= PARAGRAPH_AGREEMENT { 1.0 } else { 0.0 };
        Paragraphs { en: en.iter().map(|s| s.paragraph).collect(), es: es.iter().map(|s| s.paragraph).collect(), weight }
    }

    /// Whether a paragraph starts at sentence `i` of `side` (the ends of the text count as starts).
    fn starts(side: &[usize], i: usize) -> bool {
        i == 0 || i == side.len() || side[i] != side[i - 1]
    }

    fn crosses(side: &[usize], range: std::ops::Range<usize>) -> bool {
        range.len() > 1 && side[range.start] != side[range.end - 1]
    }

    /// Paragraph cost of a bead covering `en` and `es` (half-open sentence ranges).
    fn cost(&self, en: std::ops::Range<usize>, es: std::ops::Range<usize>) -> f64 {
        if self.weight == 0.0 {
            return 0.0;
        }
        let mut cost = 0.0;
        if Self::crosses(&self.en, en.clone()) {
            cost += CROSS_PARAGRAPH;
        }
        if Self::crosses(&self.es, es.clone()) {
            cost += CROSS_PARAGRAPH;
        }
        if Self::starts(&self.en, en.end) != Self::starts(&self.es, es.end) {
            cost += PARAGRAPH_MISMATCH;
        }
        cost * self.weight
    }
}

/// The cells `(i, j)` searched: for each English position `i`, a window of Spanish positions around the
/// diagonal. Windows only move forward, so a row's predecessors are in the rows just before it.
struct Band {
    lo: Vec<usize>,
    hi: Vec<usize>,
    offset: Vec<usize>,
    cells: usize,
}

impl Band {
    fn new(n: usize, m: usize, half: usize) -> Band {
        let (mut lo, mut hi, mut offset) = (Vec::with_capacity(n + 1), Vec::with_capacity(n + 1), Vec::with_capacity(n + 1));
        let mut cells = 0;
        for i in 0..=n {
            let center = if n == 0 { 0.0 } else { i as f64 * m as f64 / n as f64 };
            let l = (center.floor() as usize).saturating_sub(half);
            let h = ((center.ceil() as usize) + half).min(m);
            lo.push(l);
            hi.push(h);
            offset.push(cells);
            cells += h - l + 1;
        }
        Band { lo, hi, offset, cells }
    }

    fn index(&self, i: usize, j: usize) -> Option<usize> {
        (self.lo[i] <= j && j <= self.hi[i]).then(|| self.offset[i] + j - self.lo[i])
    }

    /// Whether cell `(i, j)` is near an edge of the band that is not an edge of the whole matrix.
    fn near_edge(&self, i: usize, j: usize, m: usize) -> bool {
        (self.lo[i] > 0 && j < self.lo[i] + EDGE_MARGIN) || (self.hi[i] < m && j + EDGE_MARGIN > self.hi[i])
    }
}

/// Runs the search, widening the band until the best path keeps away from its edges.
pub(crate) fn search(evidence: &Evidence, paragraphs: &Paragraphs, band: usize) -> Alignment {
    let (n, m) = (evidence.en.len(), evidence.es.len());
    let mut half = band.max(4) + n.abs_diff(m).min(band);
    loop {
        let grid = Band::new(n, m, half);
        let (path, cut) = viterbi(evidence, paragraphs, &grid);
        if !cut || half >= n.max(m) {
            return Alignment { beads: posteriors(evidence, paragraphs, &grid, &path) };
        }
        half *= 2;
    }
}

/// Cost of the bead that ends at `(i, j)` with `a` English and `b` Spanish sentences.
fn bead_cost(evidence: &Evidence, paragraphs: &Paragraphs, i: usize, j: usize, a: usize, b: usize, prior: f64) -> f64 {
    let en: &[Features] = &evidence.en[i - a..i];
    let es: &[Features] = &evidence.es[j - b..j];
    let en_len: f64 = en.iter().map(|f| f.len).sum();
    let es_len: f64 = es.iter().map(|f| f.len).sum();
    let length = if a == 0 || b == 0 {
        UNALIGNED_PER_CHAR * (en_len + es_len)
    } else {
        evidence.length_cost(en_len, es_len)
    };
    prior + length + evidence.anchor_cost(en, es) + paragraphs.cost(i - a..i, j - b..j)
}

/// The predecessors of `(i, j)` inside the band: the shape index, the predecessor's cell and its position.
fn predecessors(grid: &Band, i: usize, j: usize) -> impl Iterator<Item = (usize, usize, usize, usize)> + '_ {
    SHAPES.iter().enumerate().filter_map(move |(k, &(a, b, _))| {
        if a > i || b > j {
            return None;
        }
        grid.index(i - a, j - b).map(|cell| (k, cell, i - a, j - b))
    })
}

/// A step of a path: the bead shape and the cell `(i, j)` where the bead ends.
type Step = (usize, usize, usize);

/// Best path from the start, and whether it runs near the band's edge.
fn viterbi(evidence: &Evidence, paragraphs: &Paragraphs, grid: &Band) -> (Vec<Step>, bool) {
    let (n, m) = (evidence.en.len(), evidence.es.len());
    let mut best = vec![f64::INFINITY; grid.cells];
    let mut back = vec![u8::MAX; grid.cells];
    best[0] = 0.0;
    for i in 0..=n {
        for j in grid.lo[i]..=grid.hi[i] {
            let Some(cell) = grid.index(i, j) else { continue };
            for (k, prev, _, _) in predecessors(grid, i, j) {
                if !best[prev].is_finite() {
                    continue;
                }
                let (a, b, prior) = SHAPES[k];
                let cost = best[prev] + bead_cost(evidence, paragraphs, i, j, a, b, prior);
                if cost < best[cell] {
                    best[cell] = cost;
                    back[cell] = k as u8;
                }
            }
        }
    }
    let mut path = Vec::new();
    let mut cut = false;
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        let Some(cell) = grid.index(i, j) else { unreachable!("the path stays in the band") };
        cut |= grid.near_edge(i, j, m);
        let k = back[cell] as usize;
        path.push((k, i, j));
        i -= SHAPES[k].0;
        j -= SHAPES[k].1;
    }
    path.reverse();
    (path, cut)
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
    lo - (-(x - y).abs()).exp().ln_1p()
}

/// Turns the best path into beads scored by their forward-backward posterior.
fn posteriors(evidence: &Evidence, paragraphs: &Paragraphs, grid: &Band, path: &[Step]) -> Vec<Bead> {
    let (n, m) = (evidence.en.len(), evidence.es.len());
    let mut forward = vec![f64::INFINITY; grid.cells];
    forward[0] = 0.0;
    for i in 0..=n {
        for j in grid.lo[i]..=grid.hi[i] {
            let Some(cell) = grid.index(i, j) else { continue };
            for (k, prev, _, _) in predecessors(grid, i, j) {
                if forward[prev].is_finite() {
                    let (a, b, prior) = SHAPES[k];
                    forward[cell] = soft_min(forward[cell], forward[prev] + bead_cost(evidence, paragraphs, i, j, a, b, prior));
                }
            }
        }
    }
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
            // Push this cell's backward cost to its predecessors.
            for (k, prev, _, _) in predecessors(grid, i, j) {
                let (a, b, prior) = SHAPES[k];
                let via = backward[cell] + bead_cost(evidence, paragraphs, i, j, a, b, prior);
                backward[prev] = soft_min(backward[prev], via);
            }
        }
    }
    let total = grid.index(n, m).map_or(f64::INFINITY, |c| forward[c]);

    let mut beads = Vec::with_capacity(path.len());
    for &(k, i, j) in path {
        let (a, b, prior) = SHAPES[k];
        let (Some(cell), Some(prev)) = (grid.index(i, j), grid.index(i - a, j - b)) else { continue };
        let cost = bead_cost(evidence, paragraphs, i, j, a, b, prior);
        let log_p = total - forward[prev] - cost - backward[cell];
        let score = if log_p.is_finite() { log_p.exp().clamp(0.0, 1.0) } else { 0.0 };
        beads.push(Bead { en: i - a..i, es: j - b..j, score });
    }
    beads
}
