//! The vocabulary of a document's source side and the cognate index: which source words a target word
//! stands for (its closest cognates by strsim, its translations by the lexicon).

use super::*;

/// The source word ids a target word (folded) stands for: its closest cognates, and its translations
/// by the lexicon.
pub(super) fn keys_for(
    word: &str,
    vocab: &Vocabulary,
    buckets: &Map<Bucket, Vec<(u32, Letters)>>,
    lexicon: Option<&Lexicon>,
) -> Vec<u32> {
    // Only source words of a length that can reach the similarity threshold are compared; the closest
    // are kept: a target word stands for one source word, and a short list keeps the search's inner
    // loop short however large the text.
    let letters = Letters::of(word);
    let len = letters.len;
    let shortest = (len as f64 * COGNATE_SIMILARITY).ceil() as usize;
    let longest = (len as f64 / COGNATE_SIMILARITY).floor() as usize;
    let mut found: Vec<(f64, u32)> = (shortest..=longest)
        .filter_map(|l| buckets.get(&bucket(word, l)))
        .flatten()
        .filter_map(|(id, other)| {
            cognate_similarity_of((&vocab.words[*id as usize], other), (word, &letters)).map(|sim| (sim, *id))
        })
        .collect();
    found.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut keys: Vec<u32> = found.into_iter().take(MAX_COGNATES).map(|(_, id)| id).collect();
    if let Some(translations) = lexicon.and_then(|l| l.pairs.get(word)) {
        keys.extend(translations.iter().filter_map(|t| vocab.word_ids.get(t).copied()));
    }
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// Cognate candidates are looked up by their first two letters and their length.
pub(super) type Bucket = ([char; 2], usize);

pub(super) fn bucket(word: &str, len: usize) -> Bucket {
    let mut chars = word.chars();
    ([chars.next().unwrap_or(' '), chars.next().unwrap_or(' ')], len)
}

/// The similarity of two accent-folded words if they are cognates.
pub(super) fn cognate_similarity(source: &str, target: &str) -> Option<f64> {
    cognate_similarity_of((source, &Letters::of(source)), (target, &Letters::of(target)))
}

/// [`cognate_similarity`] of two words whose letters are counted already.
pub(super) fn cognate_similarity_of(
    (source, en_letters): (&str, &Letters),
    (target, es_letters): (&str, &Letters),
) -> Option<f64> {
    // The letter counts first: they are at hand, where comparing the words reads them from memory (the
    // same word has the same letters).
    if !en_letters.may_be_cognate(es_letters) {
        return None;
    }
    if source == target {
        return Some(1.0);
    }
    let sim = strsim::normalized_levenshtein(source, target);
    (sim >= COGNATE_SIMILARITY).then_some(sim)
}

/// A word's length and letter counts: enough to rule out most pairs of words as cognates without
/// computing their edit distance.
#[derive(Clone, Copy, Debug)]
pub(super) struct Letters {
    pub(super) len: usize,
    /// Letters counted modulo 32 (and saturating), which can only lower the bound below.
    pub(super) counts: [u8; 32],
    /// The same 32 slots, a bit set for each slot that counts a letter.
    present: u32,
}

impl Letters {
    pub(super) fn of(word: &str) -> Letters {
        let mut letters = Letters { len: 0, counts: [0; 32], present: 0 };
        for c in word.chars() {
            letters.len += 1;
            let slot = &mut letters.counts[c as usize % 32];
            *slot = slot.saturating_add(1);
            letters.present |= 1 << (c as u32 % 32);
        }
        letters
    }

    /// Whether the two words may reach `COGNATE_SIMILARITY`: their edit distance is at least their
    /// length difference, and at least their bag distance (the letters one has and the other lacks),
    /// which a pass over 32 counts gives where the edit distance is quadratic.
    pub(super) fn may_be_cognate(&self, other: &Letters) -> bool {
        let allowed = (1.0 - COGNATE_SIMILARITY) * self.len.max(other.len) as f64 + 1e-9;
        if self.len.abs_diff(other.len) as f64 > allowed {
            return false;
        }
        // A letter that only one word has counts at least once in the bag distance: two bit counts rule
        // out most pairs before the 32 counts are compared.
        let only =
            (self.present & !other.present).count_ones().max((other.present & !self.present).count_ones());
        if f64::from(only) > allowed {
            return false;
        }
        let (mut surplus, mut deficit) = (0u32, 0u32);
        for (&a, &b) in self.counts.iter().zip(&other.counts) {
            surplus += u32::from(a.saturating_sub(b));
            deficit += u32::from(b.saturating_sub(a));
        }
        f64::from(surplus.max(deficit)) <= allowed
    }
}

/// Words and numbers by id, numbered in the order they are first seen.
#[derive(Clone, Debug, Default)]
pub(super) struct Vocabulary {
    pub(super) words: Vec<String>,
    pub(super) word_ids: Map<String, u32>,
    pub(super) numbers: Vec<String>,
    pub(super) number_ids: Map<String, u32>,
}

impl Vocabulary {
    pub(super) fn word(&mut self, w: &str) -> (u32, bool) {
        if let Some(&id) = self.word_ids.get(w) {
            return (id, false);
        }
        let id = self.words.len() as u32;
        self.words.push(w.to_string());
        self.word_ids.insert(w.to_string(), id);
        (id, true)
    }

    pub(super) fn number(&mut self, n: &str) -> u32 {
        if let Some(&id) = self.number_ids.get(n) {
            return id;
        }
        let id = self.numbers.len() as u32;
        self.numbers.push(n.to_string());
        self.number_ids.insert(n.to_string(), id);
        id
    }
}
