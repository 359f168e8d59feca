//! Sentence alignment: pairs the sentences of two editions into beads.
//!
//! A dynamic program over monotone alignments chooses beads of 0-1, 1-0, 1-1, 1-2, 2-1, 2-2, 1-3, 3-1,
//! 2-3, 3-2, 1-4 and 4-1 sentences.
//! A bead costs its prior (Gale & Church's bead frequencies), its length mismatch (Gale-Church, with the
//! length ratio of the document pair itself) and its anchors (shared numbers, names, cognates,
//! punctuation; see `evidence`). Paragraph boundaries are soft anchors: a bead that crosses one, or ends a
//! paragraph on one side only, pays a penalty, unless the two editions' paragraphs do not correspond. So
//! does a bead that ends after a sentence that another tool cut short after a title ("El Sr.").
//!
//! The search runs in a band laid along the sentence pairs that share a rare number or name (in order on
//! both sides), or along the diagonal when there are none, moved, widened and rerun when the best path
//! touches its edge, so time and memory grow with `n × band`, not `n × m`. Every bead gets a confidence (see
//! [`Bead::score`]).
//!
//! Invariant: the beads cover every sentence of both sides exactly once, in order.
//!
//! What it does not do: crossing alignments (a sentence moved elsewhere in the translation is a 1-0 and a
//! 0-1), and segmentation: it takes sentences as given.

mod dp;
mod evidence;
mod pieces;

use std::fmt;
use std::ops::Range;
use std::sync::Arc;

pub mod check;
pub use evidence::{Cooccurrences, Lexicon};

use crate::segment::{Language, Sentence};

/// Settings of the aligner. Any values are accepted: the search widens a band under 4 sentences to 4,
/// and a lexicon is checked when it is parsed (see [`Lexicon::parse`]).
#[derive(Clone, Debug)]
pub struct Params {
    /// Use anchors (numbers, names, cognates, punctuation) besides lengths.
    pub anchors: bool,
    /// Half-width of the initial search band, in sentences; the band widens where the path needs it.
    pub band: usize,
    /// A bilingual dictionary whose word pairs count as anchors, like cognates.
    pub lexicon: Option<Arc<Lexicon>>,
    /// Align twice: learn word pairs from the confident beads of the first pass (as hunalign's
    /// realign does) and align again with them.
    pub second_pass: bool,
    /// The languages of the two sides (the first side's, then the second's), for the costs that depend
    /// on a language's rules (a sentence cut short after one of its titles).
    pub languages: [Language; 2],
}

impl Default for Params {
    fn default() -> Params {
        Params {
            anchors: true,
            band: 24,
            lexicon: None,
            second_pass: false,
            languages: [Language::English, Language::Spanish],
        }
    }
}

/// A bead: sentences `source` of the first edition paired with sentences `target` of the second
/// (either may be empty).
#[derive(Clone, Debug, PartialEq)]
pub struct Bead {
    /// Indices of the source edition's sentences.
    pub source: Range<usize>,
    /// Indices of the target edition's sentences.
    pub target: Range<usize>,
    /// Confidence in [0, 1]: the probability, under alinea's alignment model, that this bead is part of
    /// the alignment, summed over every alignment of the two editions that the search considered
    /// (a forward-backward posterior). 1 means no alternative comes close; 0.5 means an alternative
    /// grouping or pairing of these sentences is about as likely; below 0.5 the bead is a guess.
    pub score: f64,
}

impl Bead {
    /// The bead's type, as in `2-1` for two source sentences and one target sentence.
    pub fn kind(&self) -> BeadKind {
        BeadKind { source: self.source.len(), target: self.target.len() }
    }

    /// Whether both sides have a sentence, so that the bead makes a translation unit.
    pub fn is_pair(&self) -> bool {
        !self.source.is_empty() && !self.target.is_empty()
    }
}

/// The numbers of sentences of a bead on each side.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BeadKind {
    /// Sentences of the source edition.
    pub source: usize,
    /// Sentences of the target edition.
    pub target: usize,
}

impl fmt::Display for BeadKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.source, self.target)
    }
}

/// The alignment of two editions.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Alignment {
    /// The beads, in order; they cover every sentence of both sides exactly once.
    pub beads: Vec<Bead>,
}

/// The length of `text` as the length cost reads it: characters, with a Han ideograph counted as 3 and
/// a kana or a Hangul syllable as 2.
///
/// Gale & Church's model expects the variance of a translation's length to grow with its length in
/// units that carry about as much text in either language. A Chinese character stands for about three
/// letters of an alphabetic translation (a word of Chinese is one or two characters; of English, five
/// letters and a space), a kana or a Hangul syllable for about two (a consonant and a vowel). Counted
/// one each, a Chinese edition is a third of its English one and the length cost flattens threefold;
/// counted so, the document's own length ratio stays near 1 for any pair, as the ratio's prior assumes.
///
/// ```
/// use alinea::align::length;
/// assert_eq!(length("Peru"), 4.0);
/// assert_eq!(length("秘鲁"), 6.0);
/// assert_eq!(length("ペルー"), 6.0);
/// ```
pub fn length(text: &str) -> f64 {
    if text.is_ascii() {
        return text.len() as f64;
    }
    text.chars()
        .map(|c| match c {
            '\u{3040}'..='\u{30FF}' | '\u{31F0}'..='\u{31FF}' | '\u{FF66}'..='\u{FF9D}' => 2.0,
            '\u{AC00}'..='\u{D7A3}' => 2.0,
            c if crate::segment::is_unspaced(c) => 3.0,
            _ => 1.0,
        })
        .sum()
}

/// The anchor cost per character of the beads with both sides in `alignment` (negative: the anchors
/// agree), and the share of those beads whose sides share a number or a word.
pub fn anchor_support(
    source: &[Sentence<'_>],
    target: &[Sentence<'_>],
    alignment: &Alignment,
    params: &Params,
) -> (f64, f64) {
    let lexicon = params.lexicon.as_deref();
    support_of(&evidence::Evidence::new(source, target, true, lexicon), alignment)
}

/// [`anchor_support`] under `evidence`.
fn support_of(evidence: &evidence::Evidence, alignment: &Alignment) -> (f64, f64) {
    let (mut cost, mut chars, mut shared, mut pairs) = (0.0, 0.0, 0usize, 0usize);
    for bead in alignment.beads.iter().filter(|b| b.is_pair() && b.source.len() <= 4 && b.target.len() <= 4) {
        let (Some(a), Some(b)) = (
            evidence.source_span(bead.source.start, bead.source.len()),
            evidence.target_span(bead.target.start, bead.target.len()),
        ) else {
            continue;
        };
        cost += evidence.anchor_cost(a, b);
        chars += a.len + b.len;
        pairs += 1;
        let any = bead.source.clone().any(|i| bead.target.clone().any(|j| evidence.pair_anchors(i, j).1));
        shared += usize::from(any);
    }
    (cost / chars.max(1.0) * 100.0, shared as f64 / pairs.max(1) as f64)
}

/// Aligns the sentences `source` of the source edition with the sentences `target` of the target
/// edition.
///
/// ```
/// use alinea::align::{align, Params};
/// use alinea::segment::from_lines;
/// let en = from_lines("In 1995 he was arrested.\nHe paid $50,000 a month.\nIt was a bribe.\n");
/// let es = from_lines("Fue detenido en 1995.\nPagaba 50.000 dólares al mes como soborno.\n");
/// let alignment = align(&en, &es, &Params::default());
/// let kinds: Vec<String> = alignment.beads.iter().map(|b| b.kind().to_string()).collect();
/// assert_eq!(kinds, ["1-1", "2-1"]);
/// ```
pub fn align(source: &[Sentence<'_>], target: &[Sentence<'_>], params: &Params) -> Alignment {
    align_in_pieces(source, target, params, pieces::PIECE)
}

/// [`align`], and the alignment's [`anchor_support`] when the evidence that aligned it is the one that
/// `anchor_support` gathers (anchors on, no word pairs learned by a second pass): a caller that checks
/// the pair then need not gather it again.
pub(crate) fn align_with_support(
    source: &[Sentence<'_>],
    target: &[Sentence<'_>],
    params: &Params,
) -> (Alignment, Option<(f64, f64)>) {
    aligned(source, target, params, pieces::PIECE, true)
}

/// [`align`], with a long pair searched in pieces of about `piece` source sentences (0: at once).
pub(crate) fn align_in_pieces(
    source: &[Sentence<'_>],
    target: &[Sentence<'_>],
    params: &Params,
    piece: usize,
) -> Alignment {
    aligned(source, target, params, piece, false).0
}

/// [`align_in_pieces`], and, when `measure` asks for it, the alignment's anchor support as
/// [`align_with_support`] gives it.
fn aligned(
    source: &[Sentence<'_>],
    target: &[Sentence<'_>],
    params: &Params,
    piece: usize,
    measure: bool,
) -> (Alignment, Option<(f64, f64)>) {
    let lexicon = params.lexicon.as_deref().filter(|_| params.anchors);
    let mut evidence = evidence::Evidence::new(source, target, params.anchors, lexicon);
    let breaks = dp::Breaks::new(source, target, params.languages);
    let first = search(&mut evidence, &breaks, params.band, piece);
    let support = |evidence: &evidence::Evidence, alignment: &Alignment| {
        (measure && params.anchors).then(|| support_of(evidence, alignment))
    };
    if !(params.anchors && params.second_pass) {
        let support = support(&evidence, &first);
        return (first, support);
    }
    let mut counts = Cooccurrences::default();
    counts.add(source, target, &first);
    let mut learned = counts.lexicon();
    if learned.is_empty() {
        let support = support(&evidence, &first);
        return (first, support);
    }
    if let Some(given) = lexicon {
        learned.extend(given);
    }
    let ratio = evidence.ratio();
    drop(evidence);
    let mut evidence = evidence::Evidence::new(source, target, true, Some(&learned));
    evidence.set_ratio(ratio);
    (search(&mut evidence, &breaks, params.band, piece), None)
}

/// The two searches of a pair: the first over a wide band, with the bead shapes up to 3-1; the last in a
/// narrow band around its path, with every shape (see `dp::search_near`), after the length ratio is
/// refitted on the beads of the first, where they hold enough text (an edition with sentences left out
/// no longer skews it).
fn search(evidence: &mut evidence::Evidence, breaks: &dp::Breaks, band: usize, piece: usize) -> Alignment {
    let first = pieces::search(evidence, breaks, band, piece);
    if let Some(ratio) = evidence.refit_ratio(&first.beads) {
        evidence.set_ratio(ratio);
    }
    pieces::search_near(evidence, breaks, &first, piece)
}

#[cfg(test)]
mod tests;
