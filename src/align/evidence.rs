//! Evidence that two groups of sentences translate each other: lengths and anchors.
//!
//! Length follows Gale & Church (1993): the Spanish length of a translation is about `ratio` times the
//! English length, with a variance that grows with the length. Anchors are what survives translation:
//! numbers (normalised across conventions: 50,000 = 50.000), names and cognates (Fujimori/Fujimori,
//! cocaine/cocaína, Congress/Congreso; accent-folded words compared with strsim), and punctuation
//! (questions, exclamations, parentheses, quotes). Each anchor weighs less the more sentences it occurs
//! in, so that "Peru" in every sentence decides nothing and "Ichikawa" in one decides much.
//!
//! All costs are in nats (negative log-probabilities, up to a constant), so that they add up.

use std::collections::HashMap;

use crate::segment::Sentence;

/// Variance of the Spanish length per English character (Gale & Church's estimate for European pairs).
const VARIANCE: f64 = 6.8;
/// Normalised Levenshtein similarity from which two accent-folded words are taken for cognates.
const COGNATE_SIMILARITY: f64 = 0.7;
/// Words shorter than this (after folding) are cognate candidates only if capitalised ("PCP", "Ilo").
const MIN_WORD: usize = 4;

/// Weight of the evidence kinds, in nats.
const NUMBER_MATCH: f64 = 2.5;
const NUMBER_MISS: f64 = 1.0;
const WORD_MATCH: f64 = 1.2;
const PUNCT_MATCH: f64 = 0.4;
const PUNCT_MISS: f64 = 0.6;

/// What one sentence offers the aligner.
#[derive(Debug, Default, Clone)]
pub(crate) struct Features {
    /// Length in characters.
    pub len: f64,
    /// Normalised numbers, as ids into the document's number vocabulary.
    numbers: Vec<u32>,
    /// Word keys: for an English sentence its own word ids; for a Spanish sentence the ids of the English
    /// words it has a cognate of.
    words: Vec<u32>,
    /// Counts of `?`, `!`, `(`, quotes.
    punct: [u8; 4],
}

/// The precomputed evidence of a document pair.
pub(crate) struct Evidence {
    pub en: Vec<Features>,
    pub es: Vec<Features>,
    /// Spanish characters per English character in this document pair.
    ratio: f64,
    /// Weight of each English word id (rarer is heavier).
    word_weight: Vec<f64>,
    /// Weight of each number id.
    number_weight: Vec<f64>,
    anchors: bool,
}

impl Evidence {
    pub(crate) fn new(en: &[Sentence<'_>], es: &[Sentence<'_>], anchors: bool) -> Evidence {
        let len = |s: &Sentence<'_>| s.text.chars().count() as f64;
        let en_total: f64 = en.iter().map(len).sum();
        let es_total: f64 = es.iter().map(len).sum();
        // The ratio of the document pair itself; fall back to 1 when a side is empty or tiny.
        let ratio = if en_total > 50.0 && es_total > 50.0 { es_total / en_total } else { 1.0 };

        let mut vocab = Vocabulary::default();
        let en_tokens: Vec<Tokens> = en.iter().map(|s| Tokens::of(&s.text)).collect();
        let es_tokens: Vec<Tokens> = es.iter().map(|s| Tokens::of(&s.text)).collect();

        // English word ids, and a bucket index by first two letters for the cognate search.
        let mut buckets: HashMap<[char; 2], Vec<u32>> = HashMap::new();
        let en_words: Vec<Vec<u32>> = en_tokens
            .iter()
            .map(|t| {
                t.words
                    .iter()
                    .map(|w| {
                        let (id, new) = vocab.word(w);
                        if new {
                            buckets.entry(prefix2(w)).or_default().push(id);
                        }
                        id
                    })
                    .collect()
            })
            .collect();
        let mut cognates: HashMap<&str, Vec<u32>> = HashMap::new();
        let es_words: Vec<Vec<u32>> = es_tokens
            .iter()
            .map(|t| {
                let mut keys = Vec::new();
                for w in &t.words {
                    let ids = cognates.entry(w.as_str()).or_insert_with(|| {
                        buckets
                            .get(&prefix2(w))
                            .into_iter()
                            .flatten()
                            .copied()
                            .filter(|&id| is_cognate(&vocab.words[id as usize], w))
                            .collect()
                    });
                    keys.extend_from_slice(ids);
                }
                keys.sort_unstable();
                keys.dedup();
                keys
            })
            .collect();

        let mut number_id = |n: &str| vocab.number(n);
        let en_numbers: Vec<Vec<u32>> = en_tokens.iter().map(|t| t.numbers.iter().map(|n| number_id(n)).collect()).collect();
        let es_numbers: Vec<Vec<u32>> = es_tokens.iter().map(|t| t.numbers.iter().map(|n| number_id(n)).collect()).collect();

        // Document frequency over English sentences (words) and over both sides (numbers).
        let mut word_df = vec![0u32; vocab.words.len()];
        for ids in &en_words {
            for id in dedup(ids) {
                word_df[id as usize] += 1;
            }
        }
        let word_weight = word_df.iter().map(|&df| 1.0 / f64::from(df.max(1)).sqrt()).collect();
        let mut number_df = vec![0u32; vocab.numbers.len()];
        for ids in en_numbers.iter().chain(&es_numbers) {
            for id in dedup(ids) {
                number_df[id as usize] += 1;
            }
        }
        let number_weight = vocab
            .numbers
            .iter()
            .zip(&number_df)
            .map(|(n, &df)| {
                // A "1" or "2" is weak evidence wherever it is; a year or an amount is strong.
                let size = if n.len() == 1 { 0.3 } else { 1.0 };
                size * (2.0 / f64::from(df.max(2))).sqrt()
            })
            .collect();

        let features = |sentences: &[Sentence<'_>], tokens: &[Tokens], words: Vec<Vec<u32>>, numbers: Vec<Vec<u32>>| {
            sentences
                .iter()
                .zip(tokens)
                .zip(words.into_iter().zip(numbers))
                .map(|((s, t), (mut words, mut numbers))| {
                    words.sort_unstable();
                    numbers.sort_unstable();
                    Features { len: len(s), numbers, words, punct: t.punct }
                })
                .collect()
        };
        Evidence {
            en: features(en, &en_tokens, en_words, en_numbers),
            es: features(es, &es_tokens, es_words, es_numbers),
            ratio,
            word_weight,
            number_weight,
            anchors,
        }
    }

    /// Gale-Church length cost of pairing `en_len` English with `es_len` Spanish characters.
    pub(crate) fn length_cost(&self, en_len: f64, es_len: f64) -> f64 {
        let mean = (en_len + es_len / self.ratio) / 2.0;
        let delta = (es_len - self.ratio * en_len) / (VARIANCE * mean.max(1.0) * self.ratio).sqrt();
        neg_ln_two_tailed(delta.abs())
    }

    /// Anchor cost (negative when the anchors agree) of pairing the English sentences `en` with the
    /// Spanish sentences `es`. Counts add up over sentences, so that merging two sentences into a bead
    /// neither gains nor loses evidence by itself: only the pairing does.
    pub(crate) fn anchor_cost(&self, en: &[Features], es: &[Features]) -> f64 {
        if !self.anchors || en.is_empty() || es.is_empty() {
            return 0.0;
        }
        let mut cost = 0.0;
        // Numbers: a multiset intersection.
        let en_numbers = merged(en.iter().map(|f| &f.numbers));
        let es_numbers = merged(es.iter().map(|f| &f.numbers));
        let (matched, en_only, es_only) = intersect(&en_numbers, &es_numbers);
        for id in matched {
            cost -= NUMBER_MATCH * self.number_weight[id as usize];
        }
        for id in en_only.into_iter().chain(es_only) {
            cost += NUMBER_MISS * self.number_weight[id as usize];
        }
        // Words: each English word found among the Spanish side's cognate keys.
        let en_words = merged(en.iter().map(|f| &f.words));
        let es_words = merged(es.iter().map(|f| &f.words));
        let (matched, _, _) = intersect(&en_words, &es_words);
        for id in matched {
            cost -= WORD_MATCH * self.word_weight[id as usize];
        }
        // Punctuation profile: presence of each mark on both sides or on one.
        for k in 0..4 {
            let a: u32 = en.iter().map(|f| u32::from(f.punct[k])).sum();
            let b: u32 = es.iter().map(|f| u32::from(f.punct[k])).sum();
            match (a > 0, b > 0) {
                (true, true) => cost -= PUNCT_MATCH,
                (false, false) => {}
                _ => cost += PUNCT_MISS,
            }
        }
        cost
    }
}

/// `-ln(2 (1 - Φ(x)))` for `x >= 0`: the cost of a standard normal deviation at least as large as `x`.
/// Computed as `x²/2 - ln(t·p(t))` from Abramowitz & Stegun 7.1.26 so that it stays finite for large `x`.
fn neg_ln_two_tailed(x: f64) -> f64 {
    let z = x / std::f64::consts::SQRT_2;
    let t = 1.0 / (1.0 + 0.327_591_1 * z);
    let poly = t * (0.254_829_592 + t * (-0.284_496_736 + t * (1.421_413_741 + t * (-1.453_152_027 + t * 1.061_405_429))));
    (z * z - poly.ln()).max(0.0)
}

/// A sentence's raw anchors.
struct Tokens {
    words: Vec<String>,
    numbers: Vec<String>,
    punct: [u8; 4],
}

impl Tokens {
    fn of(text: &str) -> Tokens {
        let mut words = Vec::new();
        let mut numbers = Vec::new();
        let mut punct = [0u8; 4];
        for c in text.chars() {
            let k = match c {
                '?' | '¿' => 0,
                '!' | '¡' => 1,
                '(' => 2,
                '"' | '“' | '«' => 3,
                _ => continue,
            };
            punct[k] = punct[k].saturating_add(1);
        }
        let mut rest = text;
        while let Some(start) = rest.find(|c: char| c.is_alphanumeric()) {
            rest = &rest[start..];
            if rest.starts_with(|c: char| c.is_ascii_digit()) {
                let (number, len) = number_at(rest);
                numbers.push(number);
                rest = &rest[len..];
            } else {
                let len = rest.find(|c: char| !c.is_alphabetic()).unwrap_or(rest.len());
                let word = &rest[..len];
                let folded = fold(word);
                let capitalised = word.starts_with(char::is_uppercase);
                if folded.chars().count() >= MIN_WORD || (capitalised && folded.chars().count() >= 3) {
                    words.push(folded);
                }
                rest = &rest[len..];
            }
        }
        Tokens { words, numbers, punct }
    }
}

/// Reads the number at the start of `text`: thousands separators in either convention are dropped
/// (50,000 and 50.000 give 50000), a decimal part is kept with a neutral separator (3.14 and 3,14 give
/// 3_14). Returns the normalised number and the bytes consumed.
fn number_at(text: &str) -> (String, usize) {
    let bytes = text.as_bytes();
    let digits = |from: usize| bytes[from..].iter().take_while(|b| b.is_ascii_digit()).count();
    let mut end = digits(0);
    let mut out = text[..end].to_string();
    // After a lead of one to three digits, groups of exactly three digits after a separator are thousands.
    if end <= 3 {
        while end + 4 <= bytes.len() && matches!(bytes[end], b',' | b'.') && digits(end + 1) == 3 {
            out.push_str(&text[end + 1..end + 4]);
            end += 4;
        }
    }
    if end + 1 < bytes.len() && matches!(bytes[end], b',' | b'.') {
        let n = digits(end + 1);
        if n > 0 && n != 3 {
            out.push('_');
            out.push_str(&text[end + 1..end + 1 + n]);
            end += 1 + n;
        }
    }
    (out, end)
}

/// Lower-cases and removes the accents of Latin letters, so that cocaína and cocaina compare equal.
fn fold(word: &str) -> String {
    word.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ñ' => 'n',
            'ç' => 'c',
            other => other,
        })
        .collect()
}

fn prefix2(word: &str) -> [char; 2] {
    let mut chars = word.chars();
    [chars.next().unwrap_or(' '), chars.next().unwrap_or(' ')]
}

fn is_cognate(en: &str, es: &str) -> bool {
    en == es || strsim::normalized_levenshtein(en, es) >= COGNATE_SIMILARITY
}

#[derive(Default)]
struct Vocabulary {
    words: Vec<String>,
    word_ids: HashMap<String, u32>,
    numbers: Vec<String>,
    number_ids: HashMap<String, u32>,
}

impl Vocabulary {
    fn word(&mut self, w: &str) -> (u32, bool) {
        if let Some(&id) = self.word_ids.get(w) {
            return (id, false);
        }
        let id = self.words.len() as u32;
        self.words.push(w.to_string());
        self.word_ids.insert(w.to_string(), id);
        (id, true)
    }

    fn number(&mut self, n: &str) -> u32 {
        if let Some(&id) = self.number_ids.get(n) {
            return id;
        }
        let id = self.numbers.len() as u32;
        self.numbers.push(n.to_string());
        self.number_ids.insert(n.to_string(), id);
        id
    }
}

fn dedup(ids: &[u32]) -> Vec<u32> {
    let mut ids = ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// The sorted union (as a multiset) of sorted lists; most beads have one or two sentences a side.
fn merged<'a>(lists: impl Iterator<Item = &'a Vec<u32>>) -> Vec<u32> {
    let mut out: Vec<u32> = lists.flatten().copied().collect();
    out.sort_unstable();
    out
}

/// Multiset intersection of two sorted lists, and what is left on each side.
fn intersect(a: &[u32], b: &[u32]) -> (Vec<u32>, Vec<u32>, Vec<u32>) {
    let (mut both, mut a_only, mut b_only) = (Vec::new(), Vec::new(), Vec::new());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Equal => {
                both.push(a[i]);
                i += 1;
                j += 1;
            }
            std::cmp::Ordering::Less => {
                a_only.push(a[i]);
                i += 1;
            }
            std::cmp::Ordering::Greater => {
                b_only.push(b[j]);
                j += 1;
            }
        }
    }
    a_only.extend_from_slice(&a[i..]);
    b_only.extend_from_slice(&b[j..]);
    (both, a_only, b_only)
}

#[cfg(test)]
mod tests {
    use super::*;

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
    }

    #[test]
    fn cognates_after_folding() {
        assert!(is_cognate(&fold("Congress"), &fold("Congreso")));
        assert!(is_cognate(&fold("cocaine"), &fold("cocaína")));
        assert!(is_cognate(&fold("Fujimori"), &fold("Fujimori")));
        assert!(!is_cognate(&fold("government"), &fold("gobierno")));
        assert_eq!(fold("PERÚ"), "peru");
    }

    #[test]
    fn gale_church_cost_grows_with_the_length_mismatch() {
        assert!(neg_ln_two_tailed(0.0).abs() < 1e-6);
        let costs: Vec<f64> = [0.5, 1.0, 2.0, 4.0, 10.0, 40.0].iter().map(|&x| neg_ln_two_tailed(x)).collect();
        assert!(costs.windows(2).all(|w| w[0] < w[1]), "{costs:?}");
        // -ln(2(1-Φ(2))) = -ln(0.0455) ≈ 3.09
        assert!((costs[2] - 3.09).abs() < 0.01, "{}", costs[2]);
        assert!(costs[5].is_finite());
    }
}
