//! Fuzzy lookup in a memory, as translation tools show matches: the units whose source sentence is
//! closest to a query, with a percentage.
//!
//! The percentage is the normalised Levenshtein similarity (strsim) of the two sentences after
//! normalisation (lower case, white space folded), times 100. Comparing a query with every unit would
//! take seconds on a memory of a million units, so a prefilter comes first: an inverted index of the
//! units' words yields the units that share the most informative words with the query (words found in
//! more than a tenth of the units are skipped), and only the best of those, of a length that can still
//! reach the threshold, are compared.
//!
//! What it does not do: keep the index on disk; it is built when the memory is loaded.

use std::collections::HashMap;

use super::TranslationUnit;

/// Candidates compared by edit distance per query, at most.
const MAX_CANDIDATES: usize = 500;

/// A memory loaded for lookup.
#[derive(Default)]
pub struct Index {
    units: Vec<(String, String)>,
    normalised: Vec<String>,
    postings: HashMap<String, Vec<u32>>,
}

/// A match of a query.
#[derive(Clone, Debug, PartialEq)]
pub struct Match {
    /// Similarity in percent, 0 to 100.
    pub percent: f64,
    /// The unit's source text.
    pub source: String,
    /// The unit's target text.
    pub target: String,
}

fn normalise(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

fn words(normalised: &str) -> impl Iterator<Item = &str> {
    normalised.split(|c: char| !c.is_alphanumeric()).filter(|w| w.chars().count() >= 3)
}

impl Index {
    /// Adds a unit (units with an empty side are not translations and are skipped).
    pub fn add(&mut self, unit: &TranslationUnit) {
        if !unit.is_translation() {
            return;
        }
        let id = self.units.len() as u32;
        let normalised = normalise(&unit.source);
        let mut seen: Vec<&str> = words(&normalised).collect();
        seen.sort_unstable();
        seen.dedup();
        for w in seen {
            self.postings.entry(w.to_string()).or_default().push(id);
        }
        self.units.push((unit.source.clone(), unit.target.clone()));
        self.normalised.push(normalised);
    }

    /// Number of units.
    pub fn len(&self) -> usize {
        self.units.len()
    }

    /// Whether the index is empty.
    pub fn is_empty(&self) -> bool {
        self.units.is_empty()
    }

    /// The best matches of `query` at `min_percent` or more, best first, at most `top`.
    ///
    /// ```
    /// use alinea::memory::{lookup::Index, TranslationUnit};
    /// let mut index = Index::default();
    /// for (en, es) in [("The government sent troops to Peru.", "El gobierno envió tropas al Perú."),
    ///                  ("The weather was cold.", "Hacía frío.")] {
    ///     index.add(&TranslationUnit { source: en.into(), target: es.into(), ..Default::default() });
    /// }
    /// let found = index.lookup("The government sent more troops to Peru.", 5, 50.0);
    /// assert_eq!(found.len(), 1);
    /// assert_eq!(found[0].target, "El gobierno envió tropas al Perú.");
    /// assert!(found[0].percent > 80.0 && found[0].percent < 100.0);
    /// ```
    pub fn lookup(&self, query: &str, top: usize, min_percent: f64) -> Vec<Match> {
        let query = normalise(query);
        let query_len = query.chars().count();
        let common = (self.units.len() / 10).max(100);
        let mut shared: HashMap<u32, u32> = HashMap::new();
        let mut query_words: Vec<&str> = words(&query).collect();
        query_words.sort_unstable();
        query_words.dedup();
        for w in &query_words {
            match self.postings.get(*w) {
                Some(ids) if ids.len() <= common => {
                    for &id in ids {
                        *shared.entry(id).or_insert(0) += 1;
                    }
                }
                _ => {}
            }
        }
        // Units with no informative word in common: only an exact match could still qualify, and then
        // all its words would be shared, so a query of only common words is compared with those units.
        if shared.is_empty() {
            for w in &query_words {
                for &id in self.postings.get(*w).into_iter().flatten().take(MAX_CANDIDATES) {
                    *shared.entry(id).or_insert(0) += 1;
                }
            }
        }
        let ratio = min_percent / 100.0;
        let mut candidates: Vec<(u32, u32)> = shared
            .into_iter()
            .filter(|&(id, _)| {
                // Edit distance is at least the length difference.
                let len = self.normalised[id as usize].chars().count();
                len.abs_diff(query_len) as f64 <= (1.0 - ratio) * len.max(query_len) as f64
            })
            .collect();
        candidates.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        candidates.truncate(MAX_CANDIDATES);
        let mut found: Vec<Match> = candidates
            .into_iter()
            .filter_map(|(id, _)| {
                let percent = 100.0 * strsim::normalized_levenshtein(&query, &self.normalised[id as usize]);
                (percent >= min_percent).then(|| {
                    let (source, target) = self.units[id as usize].clone();
                    Match { percent, source, target }
                })
            })
            .collect();
        found.sort_by(|a, b| b.percent.total_cmp(&a.percent).then_with(|| a.source.cmp(&b.source)));
        found.dedup_by(|a, b| a.source == b.source && a.target == b.target);
        found.truncate(top);
        found
    }
}
