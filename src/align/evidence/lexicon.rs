//! Bilingual word pairs: a dictionary read from a file, or pairs learned from a first pass.

use super::*;

/// Word pairs that translate each other: a bilingual dictionary, or pairs learned from a first pass.
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
