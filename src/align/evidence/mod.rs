//! Evidence that two groups of sentences translate each other: lengths and anchors.
//!
//! Length follows Gale & Church (1993): the target length of a translation is about `ratio` times the
//! source length, with a variance that grows with the length. Anchors are what survives translation:
//! numbers (normalised across conventions: 50,000 = 50.000), names and cognates (Fujimori/Fujimori,
//! cocaine/cocaína, Congress/Congreso; accent-folded words compared with strsim), and punctuation
//! (questions, exclamations, parentheses, quotes). Each anchor weighs less the more sentences it occurs
//! in, so that "Peru" in every sentence decides nothing and "Ichikawa" in one decides much. The rarest
//! anchors also give the search its sure pairs (`Evidence::sure_pairs`), along which its band is laid.
//!
//! The ratio is the document pair's own (from its totals, then refitted on the confident beads of a first
//! search); the variance is Gale & Church's constant (see `VARIANCE` for why).
//!
//! All costs are in nats (negative log-probabilities, up to a constant), so that they add up.

use std::collections::HashMap;

/// The hash maps of the evidence, keyed by words and ids of the text: foldhash's fast hasher, seeded per
/// process so that a crafted text cannot choose its collisions, instead of SipHash, which is slow on
/// the many short keys of a text.
type Map<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

use crate::segment::{Sentence, is_unspaced};

mod lexicon;
mod sure;
mod tokens;
mod words;

pub use lexicon::{Cooccurrences, Lexicon};
use sure::sure_pairs;
use tokens::{fold, scan};
use words::{Bucket, Letters, Vocabulary, bucket, cognate_similarity, keys_for};

/// Variance of the target length per source character (Gale & Church's estimate for European pairs).
/// Kept constant: real documents disperse less, but the constant acts as a temperature for a cost whose
/// real tails are heavy, and no per-document estimate did better on every set (`docs/tuning.md`).
const VARIANCE: f64 = 6.8;
/// Normalised Levenshtein similarity from which two accent-folded words are taken for cognates.
const COGNATE_SIMILARITY: f64 = 0.7;
/// Words shorter than this (after folding) are cognate candidates only if capitalised ("PCP", "Ilo").
const MIN_WORD: usize = 4;
/// Source words a target word may stand for, the closest first.
const MAX_COGNATES: usize = 2;

/// Pseudo-count, in characters of each side, behind the document's length ratio.
const RATIO_PRIOR_CHARS: f64 = 2000.0;
/// Beads at least this confident refit the length ratio after a first search.
const REFIT_MIN_SCORE: f64 = 0.9;
/// Share of the source text that the confident 1-1 beads must hold for the ratio to be refitted.
const REFIT_MIN_COVER: f64 = 0.25;
/// A refitted ratio this close (relatively) to the first one is not worth a second search.
const REFIT_TOLERANCE: f64 = 0.01;

/// Weight of the evidence kinds, in nats.
const NUMBER_MATCH: f64 = 2.5;
const NUMBER_MISS: f64 = 1.0;
const WORD_MATCH: f64 = 1.2;
const PUNCT_MATCH: f64 = 0.4;
const PUNCT_MISS: f64 = 0.6;
/// Cost of a sentence merged into a bead against a single sentence of the other side, with anchors of
/// its own that add nothing to the bead's (see [`Evidence::stray_cost`]); beads that recut both sides
/// (2-2, 3-2, 2-3) are not judged (`docs/tuning.md`).
const STRAY: f64 = 1.0;
/// Weight of the support of two pairs in order against the 2-2 bead that merges them (see
/// [`Evidence::unsplit_cost`]; `docs/tuning.md`).
const UNSPLIT_WEIGHT: f64 = 2.0;

/// What one sentence offers the aligner.
#[derive(Debug, Default, Clone)]
pub(crate) struct Features {
    /// Length in characters.
    pub len: f64,
    /// Normalised numbers, as ids into the document's number vocabulary.
    numbers: Vec<u32>,
    /// Word keys: for a source sentence its own word ids; for a target sentence the ids of the source
    /// words it has a cognate of.
    words: Vec<u32>,
    /// Counts of `?`, `!`, `(`, quotes.
    punct: [u8; 4],
    /// What its numbers and its words could gain at most, all matched (see [`Evidence::anchor_floor`]).
    number_gain: f64,
    word_gain: f64,
}

/// Sentences read at a time (see `Evidence::new`).
const READ_CHUNK: usize = 4096;

/// A sentence as read, before its tokens are interned: its words and numbers each followed by a space
/// (a token holds none), so that a sentence's tokens take two strings, not one each.
#[derive(Default)]
struct Read {
    len: f64,
    words: String,
    numbers: String,
    punct: [u8; 4],
}

impl Read {
    fn words(&self) -> impl Iterator<Item = &str> {
        self.words.split_terminator(' ')
    }

    fn numbers(&self) -> impl Iterator<Item = &str> {
        self.numbers.split_terminator(' ')
    }
}

/// The precomputed evidence of a document pair.
pub(crate) struct Evidence {
    /// One entry per sentence.
    source: Vec<Features>,
    target: Vec<Features>,
    /// The runs of two and three sentences of each side, for the beads that merge sentences.
    source_runs: Runs,
    target_runs: Runs,
    /// Target characters per source character in this document pair.
    ratio: f64,
    /// Weight of each source word id (rarer is heavier).
    word_weight: Vec<f64>,
    /// Weight of each number id.
    number_weight: Vec<f64>,
    anchors: bool,
    /// Sentence pairs `(source, target)` that share a rare number or name, in order (see
    /// `sure_pairs`).
    sure: Vec<(usize, usize)>,
}

impl Evidence {
    /// Gathers the evidence of a document pair; `lexicon` adds word pairs (a bilingual dictionary, or
    /// pairs learned in a first pass) to the cognates.
    pub(crate) fn new(
        source: &[Sentence<'_>],
        target: &[Sentence<'_>],
        anchors: bool,
        lexicon: Option<&Lexicon>,
    ) -> Evidence {
        let len = |s: &Sentence<'_>| super::length(&s.text);
        let source_total: f64 = source.iter().map(len).sum();
        let target_total: f64 = target.iter().map(len).sum();
        // The ratio of the document pair itself, drawn towards 1 by a pseudo-count so that a short
        // document, whose totals are skewed by a single dropped sentence, cannot set it alone.
        let ratio = (target_total + RATIO_PRIOR_CHARS) / (source_total + RATIO_PRIOR_CHARS);

        // Sentences are read on every core, a chunk at a time, then their tokens interned in order, so
        // that ids are numbered as the text runs whatever the threads and no more than a chunk of the
        // text is held as strings.
        let read = |sentences: &[Sentence<'_>]| {
            crate::map_all(sentences, |s| {
                let mut tokens = Read { len: len(s), ..Read::default() };
                tokens.punct = scan(
                    &s.text,
                    |w| {
                        tokens.words.push_str(w);
                        tokens.words.push(' ');
                    },
                    |n| {
                        tokens.numbers.push_str(n);
                        tokens.numbers.push(' ');
                    },
                );
                tokens
            })
        };
        // Interned in sequence, on this thread: on two threads at once, each thread's allocator arena
        // would keep its own share of the vocabularies' strings.
        let mut vocab = Vocabulary::default();
        let mut number_vocab = Vocabulary::default();
        let mut buckets: Map<Bucket, Vec<(u32, Letters)>> = Map::default();
        let mut source_features: Vec<Features> = Vec::with_capacity(source.len());
        for chunk in source.chunks(READ_CHUNK) {
            source_features.extend(read(chunk).into_iter().map(|t| {
                let mut f = Features { len: t.len, punct: t.punct, ..Features::default() };
                for w in t.words() {
                    let (id, new) = vocab.word(w);
                    if new {
                        let letters = Letters::of(w);
                        buckets.entry(bucket(w, letters.len)).or_default().push((id, letters));
                    }
                    f.words.push(id);
                }
                f.numbers = t.numbers().map(|n| number_vocab.number(n)).collect();
                f
            }));
        }
        let mut target_vocab = Vocabulary::default();
        let mut target_features: Vec<Features> = Vec::with_capacity(target.len());
        for chunk in target.chunks(READ_CHUNK) {
            target_features.extend(read(chunk).into_iter().map(|t| Features {
                len: t.len,
                punct: t.punct,
                // The target words' own ids, until they are replaced by the source words they stand for.
                words: t.words().map(|w| target_vocab.word(w).0).collect(),
                numbers: t.numbers().map(|n| number_vocab.number(n)).collect(),
                ..Features::default()
            }));
        }
        // A target word's keys: the source words it is a cognate of or, by the lexicon, a translation of;
        // looked up once a distinct word, on every core.
        let keys_of = crate::map_all(&target_vocab.words, |w| keys_for(w, &vocab, &buckets, lexicon));
        // Every list sorted (the target's words deduplicated: a key counts once a sentence), on every core.
        // (The keys are collected on one thread: lists allocated on others would hold memory in those
        // threads' arenas.)
        for f in &mut target_features {
            let own = std::mem::take(&mut f.words);
            f.words = own.iter().flat_map(|&id| keys_of[id as usize].iter().copied()).collect();
        }
        crate::for_each_mut(&mut target_features, |f| {
            f.words.sort_unstable();
            f.words.dedup();
            f.numbers.sort_unstable();
        });
        drop(keys_of);
        crate::for_each_mut(&mut source_features, |f| {
            f.words.sort_unstable();
            f.numbers.sort_unstable();
        });

        // Document frequency over source sentences (words) and over both sides (numbers).
        let count = |df: &mut [u32], ids: &[u32]| {
            for (k, &id) in ids.iter().enumerate() {
                if k == 0 || ids[k - 1] != id {
                    df[id as usize] += 1;
                }
            }
        };
        let mut word_df = vec![0u32; vocab.words.len()];
        for f in &source_features {
            count(&mut word_df, &f.words);
        }
        let word_weight: Vec<f64> = word_df.iter().map(|&df| 1.0 / f64::from(df.max(1)).sqrt()).collect();
        let mut number_df = vec![0u32; number_vocab.numbers.len()];
        for f in source_features.iter().chain(&target_features) {
            count(&mut number_df, &f.numbers);
        }
        let number_weight: Vec<f64> = number_vocab
            .numbers
            .iter()
            .zip(&number_df)
            .map(|(n, &df)| {
                // A "1" or "2" is weak evidence wherever it is; a year or an amount is strong.
                let size = if n.len() == 1 { 0.3 } else { 1.0 };
                size * (2.0 / f64::from(df.max(2))).sqrt()
            })
            .collect();
        // A source word that no target sentence has a key for can never be an anchor: the anchor lists
        // drop it (more than half of the words of a news text), which shortens the search's inner loop.
        let mut has_partner = vec![false; vocab.words.len()];
        for f in &target_features {
            for &id in &f.words {
                has_partner[id as usize] = true;
            }
        }
        let gains = |f: &mut Features| {
            f.number_gain =
                NUMBER_MATCH * f.numbers.iter().map(|&id| number_weight[id as usize]).sum::<f64>();
            f.word_gain = WORD_MATCH * f.words.iter().map(|&id| word_weight[id as usize]).sum::<f64>();
        };
        crate::for_each_mut(&mut source_features, |f| {
            f.words.retain(|&id| has_partner[id as usize]);
            gains(f);
        });
        crate::for_each_mut(&mut target_features, gains);
        // (After that filter: a word without a partner is in no target sentence, so never a sure pair.)
        let sure = if anchors {
            let long_number: Vec<bool> = number_vocab.numbers.iter().map(|n| n.len() > 1).collect();
            sure_pairs(&source_features, &target_features, &long_number, vocab.words.len())
        } else {
            Vec::new()
        };
        let (source_runs, target_runs) =
            crate::join(|| Runs::of(&source_features), || Runs::of(&target_features));
        Evidence {
            source_runs,
            target_runs,
            source: source_features,
            target: target_features,
            ratio,
            word_weight,
            number_weight,
            anchors,
            sure,
        }
    }

    /// The length ratio of the confident 1-1 beads of a first search, with the same pseudo-count as the
    /// first estimate, if they hold a quarter of the source text or more and it differs from the ratio
    /// in use by more than `REFIT_TOLERANCE`.
    ///
    /// The first estimate comes from the editions' totals, which a sentence left out of one edition
    /// skews (a dropped 200-character sentence in a 3,000-character abstract moves it by 7%); the
    /// sentences that the first search paired with confidence measure the translation itself.
    pub(crate) fn refit_ratio(&self, beads: &[super::Bead]) -> Option<f64> {
        let (source, target) = beads
            .iter()
            .filter(|b| b.source.len() == 1 && b.target.len() == 1 && b.score >= REFIT_MIN_SCORE)
            .fold((0.0, 0.0), |(source, target), b| {
                (source + self.source[b.source.start].len, target + self.target[b.target.start].len)
            });
        // Too few confident beads say little: an ambiguous pair of editions keeps its totals' ratio.
        if source < REFIT_MIN_COVER * self.source.iter().map(|f| f.len).sum::<f64>() {
            return None;
        }
        let ratio = (target + RATIO_PRIOR_CHARS) / (source + RATIO_PRIOR_CHARS);
        ((ratio / self.ratio).ln().abs() > REFIT_TOLERANCE).then_some(ratio)
    }

    /// Sentence pairs `(source, target)` sure enough to guide the search (see `sure_pairs`).
    pub(crate) fn sure_pairs(&self) -> &[(usize, usize)] {
        &self.sure
    }

    /// The target characters per source character that the length cost expects.
    pub(crate) fn ratio(&self) -> f64 {
        self.ratio
    }

    /// Replaces the length ratio (see [`Evidence::refit_ratio`]).
    pub(crate) fn set_ratio(&mut self, ratio: f64) {
        self.ratio = ratio;
    }

    /// Gale-Church length cost of pairing `source_len` source with `target_len` target characters.
    pub(crate) fn length_cost(&self, source_len: f64, target_len: f64) -> f64 {
        let mean = (source_len + target_len / self.ratio) / 2.0;
        let delta = (target_len - self.ratio * source_len) / (VARIANCE * mean.max(1.0) * self.ratio).sqrt();
        neg_ln_two_tailed(delta.abs())
    }

    /// Number of source and target sentences.
    pub(crate) fn len(&self) -> (usize, usize) {
        (self.source.len(), self.target.len())
    }

    /// The source sentences `start..start + count` as one (`count` is 1 to 4; `None` for 0 or past the end).
    pub(crate) fn source_span(&self, start: usize, count: usize) -> Option<Span<'_>> {
        Span::of(&self.source, &self.source_runs, start, count)
    }

    /// The target sentences `start..start + count` as one (`count` is 1 to 4; `None` for 0 or past the end).
    pub(crate) fn target_span(&self, start: usize, count: usize) -> Option<Span<'_>> {
        Span::of(&self.target, &self.target_runs, start, count)
    }

    /// Extra cost of a 2-2 bead whose anchor cost is `merged`, when its two pairs in order (anchor
    /// costs `first` and `second`) are each supported by anchors of their own and merging them gains
    /// none.
    ///
    /// A 2-2 bead says that the sentence boundaries fall at different places in the two editions, so
    /// that part of one source sentence is in the other target one: merging should then find anchors
    /// across the pairs. When it finds none, and each pair in order shares anchors of its own, the
    /// boundaries correspond and the lengths that favour the merge are the translator's freedom (a
    /// short sentence translated long, and the next long one short). The merge pays back the support of
    /// the weaker pair, less what it gained by crossing (without anchors all three costs are 0, and so
    /// is this).
    pub(crate) fn unsplit_cost(&self, first: f64, second: f64, merged: f64) -> f64 {
        let support = -first.max(second);
        let gain = first + second - merged;
        UNSPLIT_WEIGHT * (support - gain).max(0.0)
    }

    /// Anchor cost of pairing source sentence `i` with target sentence `j` (see
    /// [`Evidence::anchor_cost`]), whether they share a number or a word, and what the shared ones gain.
    pub(crate) fn pair_anchors(&self, i: usize, j: usize) -> (f64, bool, f64) {
        self.anchors_of(self.source[i].lists(), self.target[j].lists())
    }

    /// Whether sentence `k` of one side (source when `source_side`) has anchors: numbers, or words with a
    /// counterpart somewhere in the other edition.
    /// Without anchors, none has.
    pub(crate) fn has_anchors(&self, source_side: bool, k: usize) -> bool {
        let f = if source_side { &self.source[k] } else { &self.target[k] };
        self.anchors && !(f.numbers.is_empty() && f.words.is_empty())
    }

    /// Extra cost of a bead that merges sentences of one side against a single sentence of the other,
    /// `strays` of which have anchors (see [`Evidence::has_anchors`]) but add nothing to what the bead's
    /// anchors gain: they share nothing with that sentence that the bead's other sentences do not share
    /// too.
    ///
    /// Anchors count only when they match, and each anchor of the single sentence is matched once, so a
    /// sentence whose content finds no counterpart there would cost nothing but its length: an inserted
    /// caption or credit whose length happened to fit was absorbed into a 1-3 bead rather than left as a
    /// 0-1, and an article's title, whose words its first sentence repeats, was merged with that sentence
    /// against a translation that has no title. A sentence without anchors (a short "It was a bribe.")
    /// is not judged: nothing says whether its content is translated.
    pub(crate) fn stray_cost(&self, strays: usize) -> f64 {
        STRAY * strays as f64
    }

    /// A lower bound of [`Evidence::anchor_cost`], cheap: every number and word of the side with less to
    /// match matched, or at most `shared` of gain (the sum of what the bead's sentence pairs gain, when
    /// known: the shared items of merged sentences are at most those of their pairs), and no mark of
    /// punctuation or number missed. A bead whose cost is hopeless even with it need not have its
    /// anchors computed.
    pub(crate) fn anchor_floor(&self, source: Span<'_>, target: Span<'_>, shared: f64) -> f64 {
        if !self.anchors {
            return 0.0;
        }
        let marks =
            source.lists.punct.iter().zip(&target.lists.punct).filter(|&(&a, &b)| a > 0 && b > 0).count();
        let most = source.number_gain.min(target.number_gain) + source.word_gain.min(target.word_gain);
        -(most.min(shared) + PUNCT_MATCH * marks as f64)
    }

    /// Anchor cost (negative when the anchors agree) of pairing source sentences with target ones.
    /// Counts add up over sentences, so that merging two sentences into a bead neither gains nor loses
    /// evidence by itself: only the pairing does.
    pub(crate) fn anchor_cost(&self, source: Span<'_>, target: Span<'_>) -> f64 {
        self.merged_anchors(source, target).0
    }

    /// [`Evidence::anchor_cost`], and what the numbers and words that the two sides share gain.
    pub(crate) fn merged_anchors(&self, source: Span<'_>, target: Span<'_>) -> (f64, f64) {
        if source.rest.is_none() && target.rest.is_none() {
            let (cost, _, gain) = self.anchors_of(source.lists, target.lists);
            return (cost, gain);
        }
        thread_local! {
            static MERGED: std::cell::RefCell<[Vec<u32>; 4]> = Default::default();
        }
        MERGED.with_borrow_mut(|[a, b, c, d]| {
            let source = source.merged(a, b);
            let target = target.merged(c, d);
            let (cost, _, gain) = self.anchors_of(source, target);
            (cost, gain)
        })
    }

    /// The anchor cost, whether a number or a word is shared, and what the shared ones gain.
    fn anchors_of(&self, source: Lists<'_>, target: Lists<'_>) -> (f64, bool, f64) {
        if !self.anchors {
            return (0.0, false, 0.0);
        }
        let (mut gain, mut missed) = (0.0, 0.0);
        let mut shared = false;
        // Numbers: a multiset intersection; a number on one side only counts against the pairing.
        intersect(source.numbers, target.numbers, |id, both| {
            let weight = self.number_weight[id as usize];
            if both {
                gain += NUMBER_MATCH * weight;
            } else {
                missed += NUMBER_MISS * weight;
            }
            shared |= both;
        });
        // Words: each source word found among the target side's cognate keys.
        let words = WORD_MATCH * common_weight(source.words, target.words, &self.word_weight);
        shared |= words > 0.0;
        gain += words;
        let mut cost = missed - gain;
        // Punctuation profile: presence of each mark on both sides or on one.
        for (&a, &b) in source.punct.iter().zip(&target.punct) {
            match (a > 0, b > 0) {
                (true, true) => cost -= PUNCT_MATCH,
                (false, false) => {}
                _ => cost += PUNCT_MISS,
            }
        }
        (cost, shared, gain)
    }
}

/// `-ln(2 (1 - Φ(x)))` for `x >= 0`: the cost of a standard normal deviation at least as large as `x`.
/// Computed as `x²/2 - ln(t·p(t))` from Abramowitz & Stegun 7.1.26 so that it stays finite for large `x`.
fn neg_ln_two_tailed(x: f64) -> f64 {
    let z = x / std::f64::consts::SQRT_2;
    let t = 1.0 / (1.0 + 0.327_591_1 * z);
    let poly = t
        * (0.254_829_592
            + t * (-0.284_496_736 + t * (1.421_413_741 + t * (-1.453_152_027 + t * 1.061_405_429))));
    (z * z - poly.ln()).max(0.0)
}

/// Consecutive sentences of one side (one to three) as one: lengths, gains and punctuation counts add
/// up; their lists merge as multisets when anchors are compared (see [`Evidence::anchor_cost`]).
#[derive(Clone, Copy)]
pub(crate) struct Span<'a> {
    /// Length in characters.
    pub len: f64,
    lists: Lists<'a>,
    /// For a run of four sentences, the numbers and words of its last two: `lists` holds those of its
    /// first two, and the two are merged when the anchors are compared (runs of four are searched in a
    /// narrow band only, so they are not merged beforehand and kept, as the shorter runs are).
    rest: Option<(&'a [u32], &'a [u32])>,
    number_gain: f64,
    word_gain: f64,
}

impl<'a> Span<'a> {
    fn of(side: &'a [Features], runs: &'a Runs, start: usize, count: usize) -> Option<Span<'a>> {
        let parts = side.get(start..start.checked_add(count)?).filter(|p| (1..=4).contains(&p.len()))?;
        let first = &parts[0];
        let mut span = Span {
            len: first.len,
            lists: first.lists(),
            rest: None,
            number_gain: first.number_gain,
            word_gain: first.word_gain,
        };
        for f in &parts[1..] {
            span.len += f.len;
            for (p, q) in span.lists.punct.iter_mut().zip(f.punct) {
                *p = p.saturating_add(q);
            }
            span.number_gain += f.number_gain;
            span.word_gain += f.word_gain;
        }
        if count == 4 {
            (span.lists.numbers, span.lists.words) = runs.lists(start, 2)?;
            span.rest = Some(runs.lists(start + 2, 2)?);
        } else if count > 1 {
            (span.lists.numbers, span.lists.words) = runs.lists(start, count)?;
        }
        Some(span)
    }
}

impl Span<'_> {
    /// Its lists, those of a run of four merged into `numbers` and `words`.
    fn merged<'b>(&'b self, numbers: &'b mut Vec<u32>, words: &'b mut Vec<u32>) -> Lists<'b> {
        let Some((rest_numbers, rest_words)) = self.rest else { return self.lists };
        merge_sorted(self.lists.numbers, rest_numbers, numbers);
        merge_sorted(self.lists.words, rest_words, words);
        Lists { numbers, words, punct: self.lists.punct }
    }
}

/// Replaces `out` with the multiset union of the sorted lists `a` and `b`, sorted.
fn merge_sorted(a: &[u32], b: &[u32], out: &mut Vec<u32>) {
    out.clear();
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        if a[i] <= b[j] {
            out.push(a[i]);
            i += 1;
        } else {
            out.push(b[j]);
            j += 1;
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
}

/// What [`Evidence::anchor_cost`] compares of a sentence or span: its sorted numbers and words, its
/// punctuation counts.
#[derive(Clone, Copy)]
struct Lists<'a> {
    numbers: &'a [u32],
    words: &'a [u32],
    punct: [u8; 4],
}

impl Features {
    fn lists(&self) -> Lists<'_> {
        Lists { numbers: &self.numbers, words: &self.words, punct: self.punct }
    }
}

/// Appends to `buffer` the multiset union of the lists `pick` takes from each of `parts`, sorted.
fn merge_into(parts: &[Features], pick: impl Fn(&Features) -> &[u32], buffer: &mut Vec<u32>) {
    // Each list is sorted: a merge of up to three heads, not a sort.
    let mut lists: [&[u32]; 3] = [&[], &[], &[]];
    for (list, f) in lists.iter_mut().zip(parts) {
        *list = pick(f);
    }
    loop {
        let mut next: Option<usize> = None;
        for (k, list) in lists.iter().enumerate() {
            if let Some(&head) = list.first()
                && next.is_none_or(|n| head < lists[n][0])
            {
                next = Some(k);
            }
        }
        let Some(k) = next else { break };
        buffer.push(lists[k][0]);
        lists[k] = &lists[k][1..];
    }
}

/// The numbers and words of every run of two and of three consecutive sentences of a side, merged
/// (sorted multisets), in one flat list: the search compares a merged run's anchors at every cell, so
/// they are merged once, and held compactly (a list per run would cost an allocation each).
#[derive(Default)]
struct Runs {
    ids: Vec<u32>,
    /// For the run of sentences `k..k + 2` (`pairs`) or `k..k + 3` (`triples`): where its numbers start,
    /// where its words start, where they end, in `ids`.
    pairs: Vec<[usize; 3]>,
    triples: Vec<[usize; 3]>,
}

impl Runs {
    fn of(side: &[Features]) -> Runs {
        let mut runs = Runs::default();
        for (count, offsets) in [(2, &mut runs.pairs), (3, &mut runs.triples)] {
            for window in side.windows(count) {
                let start = runs.ids.len();
                merge_into(window, |f| &f.numbers, &mut runs.ids);
                let words = runs.ids.len();
                merge_into(window, |f| &f.words, &mut runs.ids);
                offsets.push([start, words, runs.ids.len()]);
            }
        }
        runs.ids.shrink_to_fit();
        runs
    }

    /// The lists of the run of `count` (2 or 3) sentences from `start`.
    fn lists(&self, start: usize, count: usize) -> Option<(&[u32], &[u32])> {
        let [a, b, c] = *if count == 2 { self.pairs.get(start) } else { self.triples.get(start) }?;
        Some((&self.ids[a..b], &self.ids[b..c]))
    }
}

/// The summed `weight` of the ids that two sorted lists share (each id once per pair of occurrences).
///
/// Without branches on the comparison: the search asks it for every bead, over lists that mostly
/// differ, where a branch on which list is ahead is mispredicted about every other step.
fn common_weight(a: &[u32], b: &[u32], weight: &[f64]) -> f64 {
    let (mut i, mut j) = (0, 0);
    let mut sum = 0.0;
    while let (Some(&x), Some(&y)) = (a.get(i), b.get(j)) {
        let w = weight.get(x as usize).copied().unwrap_or(0.0);
        sum += if x == y { w } else { 0.0 };
        i += usize::from(x <= y);
        j += usize::from(y <= x);
    }
    sum
}

/// Walks the multiset intersection of two sorted lists: `visit(id, true)` for an item of both,
/// `visit(id, false)` for an item of one side only.
fn intersect(a: &[u32], b: &[u32], mut visit: impl FnMut(u32, bool)) {
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Equal => {
                visit(a[i], true);
                i += 1;
                j += 1;
            }
            std::cmp::Ordering::Less => {
                visit(a[i], false);
                i += 1;
            }
            std::cmp::Ordering::Greater => {
                visit(b[j], false);
                j += 1;
            }
        }
    }
    a[i..].iter().chain(&b[j..]).for_each(|&id| visit(id, false));
}

#[cfg(test)]
mod tests {
    use super::lexicon::words_of;
    use super::tokens::number_at;
    use super::*;

    /// A sentence's raw anchors, collected (for tests).
    struct Tokens {
        words: Vec<String>,
        numbers: Vec<String>,
    }

    impl Tokens {
        fn of(text: &str) -> Tokens {
            let (mut words, mut numbers) = (Vec::new(), Vec::new());
            scan(text, |w| words.push(w.to_string()), |n| numbers.push(n.to_string()));
            Tokens { words, numbers }
        }
    }

    #[test]
    fn tokens_of_unusual_characters_terminate() {
        let t = Tokens::of("Ran 26.2 miles in 2:03:59, ½ hour, 10² m, Ⅻ, ٣ times.");
        assert_eq!(t.numbers, ["26_2", "2", "03", "59", "10"]);
        assert!(t.words.contains(&"miles".to_string()));
    }

    #[test]
    fn unspaced_scripts_are_read_a_character_at_a_time() {
        // Full-width digits and marks count as their ASCII forms; a Latin name inside stays one word.
        let t = Tokens::of("１９９５年，王二在NASA工作。");
        assert_eq!(t.numbers, ["1995"]);
        assert_eq!(t.words, ["年", "王", "二", "在", "nasa", "工", "作"]);
        assert_eq!(scan("你相信吗？“我不信！”（真的）", |_| {}, |_| {}), [1, 1, 1, 1]);
        assert_eq!(scan("「行こう！」", |_| {}, |_| {}), scan("“Let’s go!”", |_| {}, |_| {}));
    }

    #[test]
    fn numbers_normalise_across_conventions() {
        assert_eq!(number_at("50,000 a month").0, "50000");
        assert_eq!(number_at("50.000 dólares").0, "50000");
        assert_eq!(number_at("1,000.50").0, "1000_50");
        assert_eq!(number_at("3,14").0, "3_14");
        assert_eq!(number_at("1991-92").0, "1991");
        assert_eq!(number_at("1995.").0, "1995");
        let t = Tokens::of("In 1991-92 he paid $50,000, on Feb. 3.");
        assert_eq!(t.numbers, ["1991", "92", "50000", "3"]);
        // Ordinals: the suffix is not part of the number, in either language.
        assert_eq!(Tokens::of("the 3rd division").numbers, ["3"]);
        assert_eq!(Tokens::of("la 3.ª división, el 3.º piso, el 21º").numbers, ["3", "3", "21"]);
    }

    #[test]
    fn cognates_after_folding() {
        let is_cognate = |a: &str, b: &str| cognate_similarity(&fold(a), &fold(b)).is_some();
        assert!(is_cognate("Congress", "Congreso"));
        assert!(is_cognate("cocaine", "cocaína"));
        assert!(is_cognate("Fujimori", "Fujimori"));
        assert!(!is_cognate("government", "gobierno"));
        assert!(!is_cognate("a", "abcdefgh"));
        assert_eq!(fold("PERÚ"), "peru");
        assert_eq!(fold("Straße Ærø Łódź Ångström Dvořák"), "strasse aero lodz angstrom dvorak");
        assert_eq!(fold("Ελλάδα Россия"), "ελλαδα россия");
        assert_eq!(fold("한국 日本"), "한국 日本");
    }

    #[test]
    fn the_bag_distance_filter_rejects_only_what_the_edit_distance_would() {
        let words =
            |text: &str| -> Vec<String> { words_of(text).into_iter().filter(|w| w.len() >= 3).collect() };
        let source = words(include_str!("../../../tests/data/rw895/en.txt"));
        let target = words(include_str!("../../../tests/data/rw895/es.txt"));
        let mut kept = 0;
        for a in source.iter().step_by(7) {
            for b in target.iter().step_by(5) {
                let plain = Some(strsim::normalized_levenshtein(a, b)).filter(|&s| s >= COGNATE_SIMILARITY);
                assert_eq!(cognate_similarity(a, b), plain, "{a} / {b}");
                kept += usize::from(plain.is_some());
            }
        }
        assert!(kept > 50, "{kept} cognate pairs compared");
    }

    #[test]
    fn the_anchor_floor_is_never_above_the_anchor_cost() {
        let source = crate::segment::from_lines(include_str!("../../../tests/data/rw895/en.sents"));
        let target = crate::segment::from_lines(include_str!("../../../tests/data/rw895/es.sents"));
        let evidence = Evidence::new(&source, &target, true, None);
        let mut tight = 0;
        for i in 0..source.len() {
            for j in 0..target.len() {
                for (a, b) in [(1, 1), (2, 1), (1, 2), (2, 2), (3, 1), (1, 3), (3, 2), (2, 3), (4, 1), (1, 4)]
                {
                    let (Some(e), Some(s)) = (evidence.source_span(i, a), evidence.target_span(j, b)) else {
                        continue;
                    };
                    // What the bead's sentence pairs share bounds what the merged sentences share.
                    let shared: f64 = (i..i + a)
                        .flat_map(|x| (j..j + b).map(move |y| (x, y)))
                        .map(|(x, y)| evidence.pair_anchors(x, y).2)
                        .sum();
                    let cost = evidence.anchor_cost(e, s);
                    if a == 4 {
                        // A run of four, merged when compared, is its first three and its last merged.
                        let (three, last) =
                            (evidence.source_span(i, 3).unwrap(), evidence.source[i + 3].lists());
                        let (mut numbers, mut words) = (Vec::new(), Vec::new());
                        merge_sorted(three.lists.numbers, last.numbers, &mut numbers);
                        merge_sorted(three.lists.words, last.words, &mut words);
                        let merged = Lists { numbers: &numbers, words: &words, punct: e.lists.punct };
                        assert_eq!(cost, evidence.anchors_of(merged, s.lists).0, "{i}+4 / {j}+{b}");
                    }
                    for floor in
                        [evidence.anchor_floor(e, s, f64::INFINITY), evidence.anchor_floor(e, s, shared)]
                    {
                        assert!(floor <= cost + 1e-9, "{i}+{a} / {j}+{b}: floor {floor} > cost {cost}");
                        tight += usize::from(cost - floor < 1.0);
                    }
                }
            }
        }
        // Not vacuous: on some beads the floor comes within a nat of the cost.
        assert!(tight > 100, "{tight}");
    }

    #[test]
    fn gale_church_cost_grows_with_the_length_mismatch() {
        assert!(neg_ln_two_tailed(0.0).abs() < 1e-6);
        let costs: Vec<f64> =
            [0.5, 1.0, 2.0, 4.0, 10.0, 40.0].iter().map(|&x| neg_ln_two_tailed(x)).collect();
        assert!(costs.windows(2).all(|w| w[0] < w[1]), "{costs:?}");
        // -ln(2(1-Φ(2))) = -ln(0.0455) ≈ 3.09
        assert!((costs[2] - 3.09).abs() < 0.01, "{}", costs[2]);
        assert!(costs[5].is_finite());
    }
}
