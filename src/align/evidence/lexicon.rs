//! Bilingual word pairs: a dictionary read from a file, or pairs learned from the confident beads of a
//! first pass over a document pair or a whole batch (`Cooccurrences`).

use super::*;

/// Word pairs that translate each other: a bilingual dictionary, or pairs learned from a first pass (see
/// [`Cooccurrences::lexicon`]).
/// Words are kept accent-folded and lower-cased, as the aligner compares them.
#[derive(Clone, Debug, Default)]
pub struct Lexicon {
    /// Target word to its source translations.
    pub(super) pairs: HashMap<String, Vec<String>>,
}

impl Lexicon {
    /// Adds a pair of single words, a `source` word and its `target` translation (multi-word entries are
    /// split and each word paired).
    pub fn add(&mut self, source: &str, target: &str) {
        let source_words: Vec<String> = words_of(source);
        for s in words_of(target) {
            let entry = self.pairs.entry(s).or_default();
            for e in &source_words {
                if !entry.contains(e) {
                    entry.push(e.clone());
                }
            }
        }
    }

    /// Number of target words with a translation.
    pub fn len(&self) -> usize {
        self.pairs.len()
    }

    /// Whether the lexicon is empty.
    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    /// The source words given as translations of the `target` word (accent-folded, lower-cased).
    pub fn translations(&self, target: &str) -> Vec<&str> {
        self.pairs
            .get(&fold(target))
            .map_or_else(Vec::new, |words| words.iter().map(String::as_str).collect())
    }

    /// Every pair, `(source, target)`, sorted: the words as the lexicon keeps them (accent-folded,
    /// lower-cased), so that a lexicon rebuilt from them with [`Lexicon::add`] is the same.
    ///
    /// ```
    /// use alinea::align::Lexicon;
    /// let mut lexicon = Lexicon::default();
    /// lexicon.add("Army", "ejército");
    /// lexicon.add("bribe", "soborno");
    /// assert_eq!(lexicon.pairs(), [("army", "ejercito"), ("bribe", "soborno")]);
    /// ```
    pub fn pairs(&self) -> Vec<(&str, &str)> {
        let mut pairs: Vec<(&str, &str)> = self
            .pairs
            .iter()
            .flat_map(|(target, sources)| sources.iter().map(move |s| (s.as_str(), target.as_str())))
            .collect();
        pairs.sort_unstable();
        pairs
    }

    /// Adds every pair of `other`.
    pub fn extend(&mut self, other: &Lexicon) {
        for (target, ens) in &other.pairs {
            for source in ens {
                self.add(source, target);
            }
        }
    }

    /// Reads a dictionary, one entry a line: `source<TAB>target` (`english<TAB>spanish` for the default
    /// pair), or hunalign's `target @ source`.
    /// Lines starting with `#` and blank lines are skipped; `path` names the file in errors.
    pub fn parse(text: &str, path: &std::path::Path) -> crate::Result<Lexicon> {
        let mut lexicon = Lexicon::default();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (source, target) = if let Some((source, target)) = line.split_once('\t') {
                (source, target)
            } else if let Some((target, source)) = line.split_once(" @ ") {
                (source, target)
            } else {
                return Err(crate::Error::Dictionary {
                    path: path.to_path_buf(),
                    line: n + 1,
                    message: "an entry is `source<TAB>target` or `target @ source`".into(),
                });
            };
            lexicon.add(source.trim(), target.trim());
        }
        Ok(lexicon)
    }
}

pub(super) fn words_of(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()).map(fold).collect()
}

/// Beads at least this confident teach word pairs.
const LEARN_MIN_SCORE: f64 = 0.9;
/// At most this many beads of a document pair are read for learning, so that learning stays linear in a
/// long text.
const LEARN_MAX_BEADS: usize = 20_000;
/// Dice coefficient from which a word pair is learned.
const LEARN_MIN_DICE: f64 = 0.7;
/// Beads a word pair must be seen in to be learned.
const LEARN_MIN_COUNT: u32 = 3;

/// The words seen together in the confident 1-1 beads of alignments, from which word pairs are learned
/// (see [`Cooccurrences::lexicon`]).
///
/// Counts add up over document pairs: a folder of short articles, each too short to teach anything
/// alone (a pair must be seen in three beads), teaches the words that recur across the batch.
///
/// ```
/// use alinea::align::{align, Cooccurrences, Params};
/// use alinea::segment::from_lines;
/// let en = from_lines("The harvest was poor.\nThe harvest was late.\nA poor harvest again.\n");
/// let es = from_lines("La cosecha fue mala.\nLa cosecha llegó tarde.\nOtra mala cosecha.\n");
/// let alignment = align(&en, &es, &Params::default());
/// let mut counts = Cooccurrences::default();
/// counts.add(&en, &es, &alignment);
/// assert!(counts.lexicon().translations("cosecha").contains(&"harvest"));
/// ```
#[derive(Clone, Debug, Default)]
pub struct Cooccurrences {
    source: WordCounts,
    target: WordCounts,
    /// Beads in which a (source, target) pair of word ids was seen together.
    pairs: Map<(u32, u32), u32>,
}

/// Words of one side, by id, and the number of beads each was seen in.
#[derive(Clone, Debug, Default)]
struct WordCounts {
    vocab: Vocabulary,
    beads: Vec<u32>,
}

impl WordCounts {
    fn id(&mut self, word: &str) -> u32 {
        let (id, new) = self.vocab.word(word);
        if new {
            self.beads.push(0);
        }
        id
    }

    /// The distinct words of `text` (folded, as the aligner compares them), as ids, each counted once
    /// more.
    fn count(&mut self, text: &str) -> Vec<u32> {
        let mut ids = Vec::new();
        scan(text, |w| ids.push(self.id(w)), |_| {});
        ids.sort_unstable();
        ids.dedup();
        for &id in &ids {
            self.beads[id as usize] += 1;
        }
        ids
    }
}

impl Cooccurrences {
    /// Counts the words of the 1-1 beads of `alignment` that are confident (a score of 0.9 or more),
    /// `source` and `target` being the sentences it aligns.
    pub fn add(
        &mut self,
        source: &[Sentence<'_>],
        target: &[Sentence<'_>],
        alignment: &super::super::Alignment,
    ) {
        let confident = alignment
            .beads
            .iter()
            .filter(|b| b.source.len() == 1 && b.target.len() == 1 && b.score >= LEARN_MIN_SCORE);
        for bead in confident.take(LEARN_MAX_BEADS) {
            let (Some(e), Some(s)) = (source.get(bead.source.start), target.get(bead.target.start)) else {
                continue;
            };
            let source_words = self.source.count(&e.text);
            let target_words = self.target.count(&s.text);
            for &x in &source_words {
                for &y in &target_words {
                    *self.pairs.entry((x, y)).or_insert(0) += 1;
                }
            }
        }
    }

    /// Adds the counts of `other` (of other document pairs) to these.
    pub fn merge(&mut self, other: &Cooccurrences) {
        let source: Vec<u32> = other.source.vocab.words.iter().map(|w| self.source.id(w)).collect();
        let target: Vec<u32> = other.target.vocab.words.iter().map(|w| self.target.id(w)).collect();
        for (id, &n) in source.iter().zip(&other.source.beads) {
            self.source.beads[*id as usize] += n;
        }
        for (id, &n) in target.iter().zip(&other.target.beads) {
            self.target.beads[*id as usize] += n;
        }
        for (&(x, y), &n) in &other.pairs {
            *self.pairs.entry((source[x as usize], target[y as usize])).or_insert(0) += n;
        }
    }

    /// The word pairs that these counts suggest translate each other: seen together in at least three
    /// beads, with a Dice coefficient of at least 0.7 (together in most of the beads that either is
    /// in), and not already cognates (the aligner finds those by itself).
    pub fn lexicon(&self) -> Lexicon {
        let mut lexicon = Lexicon::default();
        let mut learned: Vec<(&str, &str)> = Vec::new();
        for (&(x, y), &n) in &self.pairs {
            let dice =
                2.0 * f64::from(n) / f64::from(self.source.beads[x as usize] + self.target.beads[y as usize]);
            if n >= LEARN_MIN_COUNT && dice >= LEARN_MIN_DICE {
                let (source, target) =
                    (&self.source.vocab.words[x as usize], &self.target.vocab.words[y as usize]);
                if cognate_similarity(source, target).is_none() {
                    learned.push((source, target));
                }
            }
        }
        // In a fixed order, so that a lexicon's translations are listed the same way every run.
        learned.sort_unstable();
        for (source, target) in learned {
            lexicon.add(source, target);
        }
        lexicon
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::{Alignment, Bead};
    use crate::segment::from_lines;

    /// Counts of a document whose sentences are paired one to one, every pair with `score`.
    fn counts_of(en: &str, es: &str, score: f64) -> Cooccurrences {
        let (en, es) = (from_lines(en), from_lines(es));
        let beads = (0..en.len()).map(|k| Bead { source: k..k + 1, target: k..k + 1, score }).collect();
        let mut counts = Cooccurrences::default();
        counts.add(&en, &es, &Alignment { beads });
        counts
    }

    #[test]
    fn a_pair_seen_in_two_short_documents_is_learned_from_both() {
        let first = counts_of(
            "The harvest was poor this year.\nThe harvest came late.\n",
            "La cosecha fue mala este año.\nLa cosecha llegó tarde.\n",
            1.0,
        );
        let second = counts_of(
            "Farmers sold the harvest early.\nA good harvest is rare.\n",
            "Los agricultores vendieron pronto la cosecha.\nUna buena cosecha es rara.\n",
            1.0,
        );
        // Two beads each: too few for either document alone.
        assert!(first.lexicon().translations("cosecha").is_empty());
        assert!(second.lexicon().translations("cosecha").is_empty());
        let mut batch = first.clone();
        batch.merge(&second);
        assert_eq!(batch.lexicon().translations("Cosecha"), ["harvest"]);
        // Words that appear with it once or twice are not learned: "tarde" is in one bead.
        assert!(batch.lexicon().translations("tarde").is_empty());
    }

    #[test]
    fn doubtful_beads_teach_nothing() {
        let counts = counts_of(
            "The harvest was poor.\nThe harvest came late.\nThe harvest is sold.\n",
            "La cosecha fue mala.\nLa cosecha llegó tarde.\nLa cosecha se vende.\n",
            0.5,
        );
        assert!(counts.lexicon().is_empty());
    }
}
