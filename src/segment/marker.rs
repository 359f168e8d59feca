//! List markers: the bullet, number, letter or roman numeral that opens a list item (`•`, `1.`, `a)`,
//! `(iv)`), at the start of a line (see `layout`) or in a run inside a paragraph (see `boundary`).
//! The marker is left out of the sentence.

use super::boundary::CLOSERS;

/// How a counted marker is punctuated: `(1)`, `1)`, `1.` or `1.)`. Items of one list share it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Punctuation {
    /// In parentheses: `(1)`, `(a)`, `(iv)`.
    Parenthesised,
    /// Closed by a parenthesis: `1)`, `a)`.
    Parenthesis,
    /// Closed by a period: `1.`, `a.`.
    Period,
    /// A period and a parenthesis: `1.)`.
    PeriodParenthesis,
}

/// A list marker's kind and number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Marker {
    Bullet(char),
    Number { value: u32, style: Punctuation },
    Letter { value: u32, style: Punctuation },
    Roman { value: u32, style: Punctuation },
}

/// Inline list markers: runs of two or more markers in sequence (`1.` `2.`, `a)` `b)`, `(i)` `(ii)`,
/// `•` `•`) inside a paragraph. Returns each marker's position and length with the space after it.
pub(crate) fn inline_list_markers(text: &str) -> Vec<(usize, usize)> {
    let mut found: Vec<(usize, usize, Marker)> = Vec::new();
    for (i, _) in text.char_indices() {
        // A marker starts a word, and not inside another marker ("• 9." is one marker, not two).
        let inside = found.last().is_some_and(|&(at, len, _)| i < at + len);
        if inside || (i > 0 && !text[..i].ends_with(' ')) {
            continue;
        }
        if let Some((len, marker)) = marker_at(&text[i..]) {
            found.push((i, len, marker));
        }
    }
    let mut out = Vec::new();
    let mut k = 0;
    // Index of the marker right after the last run: a list may start again there ("1. a 2. b 1. c 2. d").
    let mut after_run = usize::MAX;
    while k < found.len() {
        // The longest run of markers that follow each other in sequence from here.
        let mut end = k + 1;
        while end < found.len() && found[end - 1].2.precedes(&found[end].2) {
            end += 1;
        }
        // A list starts the paragraph or follows a sentence end or a colon ("for 1. above" is a
        // reference, not a list).
        let at = found[k].0;
        let lead = text[..at].trim_end().trim_end_matches(CLOSERS);
        let opens = lead.is_empty() || lead.ends_with(['.', ':', ';', '!', '?']) || k == after_run;
        if end - k >= 2 && opens {
            out.extend(found[k..end].iter().map(|&(at, len, _)| (at, len)));
            k = end;
            after_run = end;
        } else {
            k += 1;
        }
    }
    out
}

impl Marker {
    fn precedes(&self, next: &Marker) -> bool {
        match (*self, *next) {
            (Marker::Bullet(a), Marker::Bullet(b)) => a == b,
            (Marker::Number { value: a, style: s }, Marker::Number { value: b, style: t }) => {
                s == t && b == a + 1
            }
            (Marker::Letter { value: a, style: s }, Marker::Letter { value: b, style: t }) => {
                s == t && b == a + 1
            }
            (Marker::Roman { value: a, style: s }, Marker::Roman { value: b, style: t }) => {
                s == t && b == a + 1
            }
            // "i)" is both a letter and a roman numeral; after "h)" it is a letter, before "ii)" a numeral.
            (Marker::Letter { value: 9, style: s }, Marker::Roman { value: 2, style: t }) => s == t,
            _ => false,
        }
    }
}

/// The marker at the start of `text` (followed by a space and text), with its length including spaces.
pub(crate) fn marker_at(text: &str) -> Option<(usize, Marker)> {
    let first = text.chars().next()?;
    let (len, marker) = if matches!(first, '•' | '⁃' | '◦' | '▪' | '‣') {
        // A bullet may come with a number ("• 9. The first item", "⁃9. The first item"): then the
        // number is what the items count by.
        let bullet = first.len_utf8();
        let rest = &text[bullet..];
        let spaces = rest.len() - rest.trim_start_matches(' ').len();
        let number = &rest[spaces..];
        // Only a number may follow (no recursion through a run of bullets).
        match number.starts_with(|c: char| c.is_ascii_digit()).then(|| marker_at(number)).flatten() {
            Some((len, number @ Marker::Number { .. })) => return Some((bullet + spaces + len, number)),
            _ => (bullet, Marker::Bullet(first)),
        }
    } else {
        let (open, inner_start) = if first == '(' { (true, 1) } else { (false, 0) };
        let inner = &text[inner_start..];
        // A marker token has at most four characters: look no further (a long text without periods
        // must not be scanned again at every word).
        let token_len = inner.char_indices().take(5).find(|&(_, c)| c == '.' || c == ')').map(|(n, _)| n)?;
        if token_len == 0 || token_len > 4 {
            return None;
        }
        let token = &inner[..token_len];
        let closer = inner[token_len..].chars().next()?;
        let mut len = inner_start + token_len + 1;
        if closer == '.' && inner[token_len + 1..].starts_with(')') {
            len += 1;
        }
        if open && closer != ')' {
            return None;
        }
        let style = match (open, closer, len - inner_start - token_len) {
            (true, _, _) => Punctuation::Parenthesised,
            (false, ')', _) => Punctuation::Parenthesis,
            (false, _, 2) => Punctuation::PeriodParenthesis,
            _ => Punctuation::Period,
        };
        let marker = if let Ok(value) = token.parse::<u32>() {
            (token.len() <= 2).then_some(Marker::Number { value, style })?
        } else if let Some(value) = roman(token).filter(|_| token.len() > 1) {
            Marker::Roman { value, style }
        } else if token.len() == 1 && token.as_bytes()[0].is_ascii_lowercase() {
            Marker::Letter { value: u32::from(token.as_bytes()[0] - b'a' + 1), style }
        } else {
            return None;
        };
        (len, marker)
    };
    let rest = &text[len..];
    let body = rest.trim_start_matches(' ');
    if body.len() == rest.len() && !matches!(marker, Marker::Bullet(_)) || body.is_empty() {
        return None;
    }
    Some((text.len() - body.len(), marker))
}

fn roman(token: &str) -> Option<u32> {
    const NUMERALS: [&str; 12] = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"];
    NUMERALS.iter().position(|n| *n == token).map(|p| p as u32 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_of_each_kind() {
        assert_eq!(marker_at("• The first item"), Some((4, Marker::Bullet('•'))));
        assert_eq!(
            marker_at("12. Twelve"),
            Some((4, Marker::Number { value: 12, style: Punctuation::Period }))
        );
        assert_eq!(
            marker_at("(iv) Four"),
            Some((5, Marker::Roman { value: 4, style: Punctuation::Parenthesised }))
        );
        assert_eq!(
            marker_at("b) Bee"),
            Some((3, Marker::Letter { value: 2, style: Punctuation::Parenthesis }))
        );
        assert_eq!(
            marker_at("• 9. Nine"),
            Some((7, Marker::Number { value: 9, style: Punctuation::Period }))
        );
        // Not markers: a year, a word, a marker without text after it.
        assert_eq!(marker_at("1997. The year"), None);
        assert_eq!(marker_at("Dr. Watson"), None);
        assert_eq!(marker_at("1."), None);
    }

    #[test]
    fn inline_lists_need_a_run_in_sequence_after_a_sentence_end() {
        let text = "Three steps: 1. plan 2. act 3. check";
        let found: Vec<&str> =
            inline_list_markers(text).iter().map(|&(at, len)| &text[at..at + len]).collect();
        assert_eq!(found, ["1. ", "2. ", "3. "]);
        // "for 1. above" is a reference; "1." then "3." is no sequence.
        assert!(inline_list_markers("See the note for 1. above and 2. below").is_empty());
        assert!(inline_list_markers("Steps: 1. plan 3. check").is_empty());
    }
}
