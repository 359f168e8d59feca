//! A long document pair searched in pieces, on every core.
//!
//! The search of a long pair is cut into pieces of about `PIECE` source sentences that overlap by
//! `2 × MARGIN`. Each piece starts and ends at a cell that the best path very likely crosses: the end of
//! a sure pair (two sentences that share a rare number or name, see `Evidence::sure_pairs`), or, for the
//! second search, a cell of the first search's path. The pieces are searched independently (on rayon's
//! threads with the `parallel` feature), and two neighbours are joined at a cell where both of their
//! best paths pass, in the middle of their overlap: from there on, both search the same alignment, as the
//! best paths into and out of a cell do not depend on where the other pieces end. Every bead kept is
//! `MARGIN` sentences or more from the end of the piece that found it, so its posterior is the one the
//! search of the whole pair gives, up to what the pinned ends change that far away (nothing visible in a
//! score rounded to four places; `tests` compares both on whole texts).
//!
//! When two neighbours' best paths share no cell in their overlap, or the sure pairs are too sparse to
//! pin the pieces, the whole pair is searched at once, as a short pair always is. The pieces depend on
//! the document pair, never on the number of threads: the result is the same on any machine.

use super::dp::{self, Breaks, Window};
use super::evidence::Evidence;
use super::{Alignment, Bead};

/// Source sentences of a piece between two joins. A pair shorter than twice this is searched at once.
pub(crate) const PIECE: usize = 1000;
/// Sentences, on the source side, between a join and the ends of the two pieces it joins.
const MARGIN: usize = 64;

/// The first search of a pair: in pieces of about `piece` source sentences pinned at the ends of the
/// sure pairs when it is long (see the module's comment), else at once.
pub(crate) fn search(evidence: &Evidence, breaks: &Breaks, band: usize, piece: usize) -> Alignment {
    let pins: Vec<Cell> = evidence.sure_pairs().iter().map(|&(i, j)| (i + 1, j + 1)).collect();
    in_pieces(evidence, &pins, piece, |window| dp::search(evidence, breaks, window, band))
}

/// The search again around `previous` under slightly different costs (see `dp::search_near`), in
/// pieces pinned at cells of `previous` when the pair is long.
pub(crate) fn search_near(
    evidence: &Evidence,
    breaks: &Breaks,
    previous: &Alignment,
    piece: usize,
) -> Alignment {
    let pins: Vec<Cell> = previous.beads.iter().map(|b| (b.source.end, b.target.end)).collect();
    in_pieces(evidence, &pins, piece, |window| dp::search_near(evidence, breaks, window, &previous.beads))
}

/// `search` over the pieces that `pins` allow, joined, or over the whole pair when they allow none or
/// do not join.
fn in_pieces(
    evidence: &Evidence,
    pins: &[Cell],
    piece: usize,
    search: impl Fn(&Window) -> Alignment + Sync + Send,
) -> Alignment {
    let whole = Window::whole(evidence);
    Plan::new(pins, &whole, piece)
        .and_then(|plan| plan.join(plan.run(|window| search(window).beads)))
        .unwrap_or_else(|| search(&whole))
}

/// A cell of the search: `(i, j)` is reached when `i` source and `j` target sentences are aligned.
type Cell = (usize, usize);

/// Where the pieces of a long pair start and end, and around which source sentence each join is sought.
struct Plan {
    windows: Vec<Window>,
    /// For the join of pieces `k` and `k + 1`: the source sentence nearest which to join them.
    seams: Vec<usize>,
}

impl Plan {
    /// Pieces of about `piece` source sentences pinned at `pins` (cells in order on both sides), or
    /// `None` when the pair is too short to split or the pins too sparse.
    fn new(pins: &[Cell], whole: &Window, piece: usize) -> Option<Plan> {
        let (n, m) = (whole.source.end, whole.target.end);
        if piece == 0 || n < 2 * piece || pins.is_empty() {
            return None;
        }
        // For each seam, the last pin at least MARGIN before it and the first at least MARGIN after.
        let mut bounds: Vec<(Cell, Cell, usize)> = Vec::new();
        for seam in (1..n / piece).map(|k| k * piece) {
            let before = pins.partition_point(|p| p.0 + MARGIN <= seam);
            let after = pins.partition_point(|p| p.0 < seam + MARGIN);
            let (Some(&start), Some(&end)) =
                (before.checked_sub(1).and_then(|k| pins.get(k)), pins.get(after))
            else {
                continue;
            };
            // Pins far from the seam would make the overlap, and the work done twice, large.
            let previous_end = bounds.last().map_or((0, 0), |b| b.1);
            if end.0 - start.0 > 4 * MARGIN
                || start.0 <= previous_end.0
                || start.1 < previous_end.1
                || end.1 > m
            {
                continue;
            }
            bounds.push((start, end, seam));
        }
        if bounds.is_empty() {
            return None;
        }
        let mut windows = Vec::with_capacity(bounds.len() + 1);
        let mut from = (0, 0);
        for &(start, end, _) in &bounds {
            windows.push(Window { source: from.0..end.0, target: from.1..end.1 });
            from = start;
        }
        windows.push(Window { source: from.0..n, target: from.1..m });
        Some(Plan { windows, seams: bounds.iter().map(|b| b.2).collect() })
    }

    /// Searches every piece with `search`, on rayon's threads with the `parallel` feature.
    fn run(&self, search: impl Fn(&Window) -> Vec<Bead> + Sync + Send) -> Vec<Vec<Bead>> {
        crate::map_all(&self.windows, search)
    }

    /// The pieces' beads joined into one alignment, or `None` when two neighbours' paths share no cell
    /// in their overlap.
    fn join(&self, pieces: Vec<Vec<Bead>>) -> Option<Alignment> {
        let mut beads: Vec<Bead> = Vec::new();
        let mut pieces = pieces.into_iter();
        let mut current = pieces.next()?;
        for (next, &seam) in pieces.zip(&self.seams) {
            let join = meeting(&current, &next, seam)?;
            current.retain(|b| (b.source.end, b.target.end) <= join);
            beads.append(&mut current);
            current = next;
            current.retain(|b| (b.source.start, b.target.start) >= join);
        }
        beads.append(&mut current);
        Some(Alignment { beads })
    }
}

/// The cell where both paths end a bead, nearest source sentence `seam`.
fn meeting(first: &[Bead], second: &[Bead], seam: usize) -> Option<Cell> {
    let ends = |beads: &[Bead]| -> Vec<Cell> { beads.iter().map(|b| (b.source.end, b.target.end)).collect() };
    let (a, b) = (ends(first), ends(second));
    let (mut x, mut y) = (0, 0);
    let mut best: Option<Cell> = None;
    while x < a.len() && y < b.len() {
        match a[x].cmp(&b[y]) {
            std::cmp::Ordering::Less => x += 1,
            std::cmp::Ordering::Greater => y += 1,
            std::cmp::Ordering::Equal => {
                if best.is_none_or(|c| a[x].0.abs_diff(seam) < c.0.abs_diff(seam)) {
                    best = Some(a[x]);
                }
                x += 1;
                y += 1;
            }
        }
    }
    // The last cell of the first piece is its pinned end, not a cell both searched freely.
    best.filter(|&cell| Some(&cell) != a.last())
}

#[cfg(test)]
mod tests {
    use crate::align::{Alignment, Params, align_in_pieces};
    use crate::segment::{Sentence, from_lines};

    /// The beads of the search in pieces of `piece` sentences against those of the search at once: the
    /// same sentences, and scores that differ by less than `1e-6`. Returns how many beads differ.
    fn compare(source: &[Sentence<'_>], target: &[Sentence<'_>], piece: usize) -> (usize, usize) {
        let params = Params::default();
        let whole = align_in_pieces(source, target, &params, 0);
        let split = align_in_pieces(source, target, &params, piece);
        let key = |a: &Alignment| -> Vec<_> {
            a.beads.iter().map(|b| (b.source.clone(), b.target.clone())).collect()
        };
        let (a, b) = (key(&whole), key(&split));
        let differing = a.len().abs_diff(b.len()) + a.iter().zip(&b).filter(|(x, y)| x != y).count();
        let scores = whole
            .beads
            .iter()
            .zip(&split.beads)
            .filter(|(x, y)| x.source == y.source && x.target == y.target && (x.score - y.score).abs() > 1e-6)
            .count();
        (differing, scores)
    }

    /// A random pair of editions: sentences of random words around shared numbers and names, with
    /// sentences dropped on either side and neighbours merged, as a translation does.
    fn random_pair(seed: u64, sentences: usize) -> (String, String) {
        let mut state = seed;
        let mut next = |bound: u64| {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (state >> 33) % bound.max(1)
        };
        let (mut en, mut es) = (String::new(), String::new());
        let mut pending: Option<String> = None;
        for k in 0..sentences {
            let words = 3 + next(25) as usize;
            let mut a: Vec<String> = (0..words).map(|_| format!("w{}", next(400))).collect();
            let mut b: Vec<String> =
                (0..words + next(5) as usize).map(|_| format!("p{}", next(400))).collect();
            if next(3) == 0 {
                let number = format!("{}", 10 + next(100_000));
                a.push(number.clone());
                b.insert(0, number);
            }
            if next(4) == 0 {
                let name = format!("Name{}", next(5_000));
                a.insert(1, name.clone());
                b.push(name);
            }
            let (a, b) = (a.join(" ") + ".", b.join(" ") + ".");
            let paragraph = if k % 9 == 8 { "\n" } else { "" };
            match next(40) {
                0 => en.push_str(&format!("{a}\n{paragraph}")),
                1 => es.push_str(&format!("{b}\n{paragraph}")),
                2 => {
                    en.push_str(&format!("{a}\n{paragraph}"));
                    pending = Some(b);
                }
                _ => {
                    en.push_str(&format!("{a}\n{paragraph}"));
                    match pending.take() {
                        Some(p) => es.push_str(&format!("{p} {b}\n{paragraph}")),
                        None => es.push_str(&format!("{b}\n{paragraph}")),
                    }
                }
            }
        }
        (en, es)
    }

    #[test]
    fn pieces_find_the_beads_of_the_whole_search() {
        for seed in 0..6 {
            let (en, es) = random_pair(seed, 2500);
            let (en, es) = (from_lines(&en), from_lines(&es));
            assert_eq!(compare(&en, &es, 300), (0, 0), "seed {seed}");
        }
    }

    #[test]
    fn a_short_pair_is_searched_at_once() {
        let (en, es) = random_pair(7, 300);
        let (en, es) = (from_lines(&en), from_lines(&es));
        let params = Params::default();
        assert_eq!(align_in_pieces(&en, &es, &params, 0), align_in_pieces(&en, &es, &params, super::PIECE));
    }

    /// Every document of every dev set, concatenated into one long pair a set, in pieces of 300
    /// sentences and at once.
    #[cfg(feature = "eval")]
    #[test]
    #[ignore = "needs ../shared"]
    fn pieces_find_the_beads_of_the_whole_search_on_the_dev_sets() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/alignment");
        for set in
            ["wmt_newstest_en_es", "wmt_biomed_en_pt", "textberg_de_fr", "wmt_newstest_en_es_pysbd_resplit"]
        {
            let (mut en, mut es) = (String::new(), String::new());
            for doc in crate::eval::dev_documents(&root.join(set)).unwrap() {
                en.push_str(&crate::corpus::read_text(&doc.source).unwrap());
                en.push_str("\n\n");
                es.push_str(&crate::corpus::read_text(&doc.target).unwrap());
                es.push_str("\n\n");
            }
            let (en, es) = (from_lines(&en), from_lines(&es));
            assert_eq!(compare(&en, &es, 300), (0, 0), "{set}: {} x {} sentences", en.len(), es.len());
        }
    }
}
