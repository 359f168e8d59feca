//! The sure pairs along which the search lays its band: sentences that share a rare number or word.

use super::*;

/// A token in more sentences than this on a side guides no search (see `sure_pairs`).
pub(super) const MAX_REPEATS: usize = 10;

/// Sentence pairs that share a number of two or more digits, or a word and its cognate, found in as
/// many sentences on each side (at most `MAX_REPEATS`): its occurrences are paired in order. Of these,
/// the longest chain in order on both sides is kept (pairs out of order are chance matches).
///
/// They guide the search, not decide it: the band is laid along them, and moves where the best path
/// runs into its edge.
pub(super) fn sure_pairs(
    source: &[Features],
    target: &[Features],
    long_number: &[bool],
    words: usize,
) -> Vec<(usize, usize)> {
    // Tokens are numbered words first, then numbers; each is counted once a sentence (the lists are sorted).
    let tokens = |f: &Features| {
        let numbers = f.numbers.iter().filter(|&&id| long_number[id as usize]).map(|&id| id + words as u32);
        let mut all: Vec<u32> = f.words.iter().copied().chain(numbers).collect();
        all.dedup();
        all
    };
    // Sentences each token is in, a side; only the tokens rare on both sides are then listed, so that
    // the list stays short however long the text.
    let mut counts = vec![[0u32; 2]; words + long_number.len()];
    for (side, features) in [source, target].into_iter().enumerate() {
        for f in features {
            for token in tokens(f) {
                counts[token as usize][side] += 1;
            }
        }
    }
    let rare = |token: u32| {
        let [a, b] = counts[token as usize];
        a == b && (a as usize) <= MAX_REPEATS
    };
    // (token, side, sentence)
    let mut seen: Vec<(u32, u8, u32)> = Vec::new();
    for (side, features) in [source, target].into_iter().enumerate() {
        for (k, f) in features.iter().enumerate() {
            seen.extend(tokens(f).into_iter().filter(|&t| rare(t)).map(|t| (t, side as u8, k as u32)));
        }
    }
    seen.sort_unstable();
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for group in seen.chunk_by(|a, b| a.0 == b.0) {
        let split = group.partition_point(|t| t.1 == 0);
        let (a, b) = group.split_at(split);
        pairs.extend(a.iter().zip(b).map(|(x, y)| (x.2 as usize, y.2 as usize)));
    }
    // Longest chain increasing on both sides (patience sorting on the target index, source ties kept
    // apart by sorting them in decreasing target order first).
    pairs.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    pairs.dedup();
    let mut tails: Vec<usize> = Vec::new();
    let mut parent = vec![usize::MAX; pairs.len()];
    let mut tail_at: Vec<usize> = Vec::new();
    for (k, &(_, j)) in pairs.iter().enumerate() {
        let pos = tails.partition_point(|&t| t < j);
        if pos > 0 {
            parent[k] = tail_at[pos - 1];
        }
        if pos == tails.len() {
            tails.push(j);
            tail_at.push(k);
        } else {
            tails[pos] = j;
            tail_at[pos] = k;
        }
    }
    let mut chain = Vec::with_capacity(tails.len());
    let mut k = tail_at.last().copied().unwrap_or(usize::MAX);
    while k != usize::MAX {
        chain.push(pairs[k]);
        k = parent[k];
    }
    chain.reverse();
    chain
}
