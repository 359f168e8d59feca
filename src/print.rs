//! The debris of print, removed from text taken from printed pages: running headers and footers, page
//! numbers, the page break inside a paragraph, and the hyphen of a word split at a line end.
//!
//! Pages come from a PDF (see [`crate::pdf`]) or from text with form feeds between pages (as `pdftotext`
//! writes it). A running header or footer is a line among the first or last two of a page that, its
//! digits aside (a page number, a date), comes back at the same place on at least half of the pages, two
//! at least; a line that is only a page number (`12`, `- 12 -`, `Page 12`, `12 of 40`, `xii`) is dropped
//! at the top or the bottom of any page. The pages are then joined so that a paragraph running over a
//! page break, and a sentence cut by a header, are whole again.
//!
//! A word split at a line end (`transla-` / `tion`) is joined when the document itself says so: the
//! joined word appears elsewhere in it, or the hyphenated one does not while the halves are not both
//! words of it; a hyphen before a capital or after a digit (`Franco-` / `German`, `1991-` / `92`), or a
//! form the document writes with its hyphen elsewhere (`well-known`), stays. This applies to every text
//! input, since text copied from a PDF carries the same hyphens.
//!
//! What it does not do: put a page's glyphs in reading order ([`crate::pdf`] does), or tell a
//! footnote from the body in a PDF.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

/// The text of `pages`, without running headers, footers and page numbers, each paragraph whole.
///
/// ```
/// let page = |n: usize, body: &str| format!("Annual Report 2024\n{body}\nPage {n}");
/// let pages = [page(1, "The committee met on"), page(2, "Tuesday and approved the budget.")];
/// assert_eq!(alinea::print::join_pages(&pages), "The committee met on\nTuesday and approved the budget.\n");
/// ```
pub fn join_pages(pages: &[String]) -> String {
    let pages: Vec<Vec<&str>> = pages.iter().map(|p| p.lines().map(str::trim_end).collect()).collect();
    let running = running_lines(&pages);
    let mut bodies: Vec<Vec<&str>> = Vec::with_capacity(pages.len());
    for lines in &pages {
        let filled: Vec<usize> = (0..lines.len()).filter(|&k| !lines[k].trim().is_empty()).collect();
        let edge: HashSet<usize> =
            filled.iter().take(2).chain(filled.iter().rev().take(2)).copied().collect();
        let body: Vec<&str> = lines
            .iter()
            .enumerate()
            .filter(|(k, line)| {
                !(edge.contains(k) && (is_page_number(line) || running.contains(&shape(line))))
            })
            .map(|(_, line)| *line)
            .collect();
        bodies.push(trim_blank(body));
    }
    // The pages follow each other line after line: whether a page's last line ended its paragraph is
    // decided as for any other line (see `unwrap_lines`).
    let mut text = String::new();
    for body in &bodies {
        for line in body {
            text.push_str(line);
            text.push('\n');
        }
    }
    text
}

/// The lines of a page's text with its blank lines at both ends removed.
fn trim_blank(mut lines: Vec<&str>) -> Vec<&str> {
    while lines.last().is_some_and(|l| l.trim().is_empty()) {
        lines.pop();
    }
    let start = lines.iter().position(|l| !l.trim().is_empty()).unwrap_or(lines.len());
    lines.drain(..start);
    lines
}

/// The length in characters of a full line of text (the 80th percentile of the lines' lengths).
fn typical_line_length<'a>(lines: impl IntoIterator<Item = &'a str>) -> usize {
    let mut lengths: Vec<usize> = lines.into_iter().map(|l| l.chars().count()).filter(|&n| n > 0).collect();
    lengths.sort_unstable();
    lengths.get(lengths.len() * 4 / 5).copied().unwrap_or(0)
}

/// A line with its digits folded and its spaces collapsed, so that "Page 3 of 12" and "Page 4 of 12"
/// are the same running line.
fn shape(line: &str) -> String {
    let mut out = String::new();
    let mut digits = false;
    for c in line.trim().chars() {
        if c.is_ascii_digit() {
            if !digits {
                out.push('#');
            }
            digits = true;
            continue;
        }
        digits = false;
        if c.is_whitespace() {
            if !out.ends_with(' ') {
                out.push(' ');
            }
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// The shapes of the lines that come back among the first two or the last two lines of at least half
/// of the pages (two pages at least).
fn running_lines(pages: &[Vec<&str>]) -> HashSet<String> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for lines in pages {
        let filled: Vec<&str> = lines.iter().filter(|l| !l.trim().is_empty()).copied().collect();
        let edges: HashSet<String> =
            filled.iter().take(2).chain(filled.iter().rev().take(2)).map(|l| shape(l)).collect();
        for s in edges {
            *seen.entry(s).or_insert(0) += 1;
        }
    }
    let needed = pages.len().div_ceil(2).max(2);
    seen.into_iter().filter(|(s, n)| *n >= needed && !s.is_empty()).map(|(s, _)| s).collect()
}

/// Whether a line is only a page number: `12`, `- 12 -`, `[12]`, `Page 12`, `Página 12`, `12 of 40`,
/// `12/40`, or a small roman numeral.
fn is_page_number(line: &str) -> bool {
    let words: Vec<String> = line
        .split(|c: char| c.is_whitespace() || "-–—[]()|/.".contains(c))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let is_number = |w: &str| {
        (w.len() <= 4 && w.bytes().all(|b| b.is_ascii_digit()))
            || (w.len() <= 6 && w.chars().all(|c| "ivxlc".contains(c)))
    };
    const LABELS: &[&str] =
        &["page", "p", "pág", "página", "pag", "seite", "s", "of", "de", "von", "sur", "di"];
    !words.is_empty()
        && words.iter().any(|w| is_number(w))
        && words.iter().all(|w| is_number(w) || LABELS.contains(&w.as_str()))
}

/// `text` with the words split at a line end joined again (see the module documentation), and the
/// line break after a hyphen that stays removed too.
///
/// ```
/// let text = "The negoti-\nating went on. Negotiating is hard.\nA well-\nknown fact, a well-known one.\nIn 1991-\n92 the Franco-\nGerman talks.\n";
/// assert_eq!(alinea::print::join_hyphenated(text),
///            "The negotiating\nwent on. Negotiating is hard.\nA well-known\nfact, a well-known one.\nIn 1991-92\nthe Franco-German\ntalks.\n");
/// ```
pub fn join_hyphenated(text: &str) -> Cow<'_, str> {
    let breaks = find_breaks(text);
    if breaks.is_empty() {
        return Cow::Borrowed(text);
    }
    // The document's own words, without the halves of the split words themselves.
    let mut masked = text.to_string();
    for b in breaks.iter().rev() {
        masked.replace_range(b.first_start..b.second_end, " ");
    }
    let mut words: HashSet<String> = HashSet::new();
    let mut hyphenated: HashSet<String> = HashSet::new();
    for token in masked.split(|c: char| !(c.is_alphanumeric() || c == '-')) {
        let token = token.trim_matches('-').to_lowercase();
        if token.is_empty() {
            continue;
        }
        if token.contains('-') {
            hyphenated.insert(token.clone());
            words.extend(token.split('-').map(str::to_string));
        } else {
            words.insert(token);
        }
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (k, b) in breaks.iter().enumerate() {
        let next_start = breaks.get(k + 1).map_or(text.len(), |n| n.first_start);
        let first = &text[b.first_start..b.hyphen];
        let second = &text[b.second_start..b.second_end];
        let joined = format!("{first}{second}").to_lowercase();
        let with_hyphen = format!("{first}-{second}").to_lowercase();
        let keep = first.chars().last().is_some_and(|c| c.is_ascii_digit())
            || second.chars().next().is_some_and(char::is_uppercase)
            || (!words.contains(&joined)
                && (hyphenated.contains(&with_hyphen)
                    || (words.contains(&first.to_lowercase())
                        && words.contains(&second.to_lowercase())
                        && first.chars().count() >= 3
                        && second.chars().count() >= 3)));
        out.push_str(&text[at..b.hyphen]);
        if keep {
            out.push('-');
        }
        // The second half with what is glued to it ("ating,"), then the line break, which moves after
        // the word so that the lines keep their other words.
        let after = &text[b.second_start..];
        let token = after.find(char::is_whitespace).unwrap_or(after.len()).min(next_start - b.second_start);
        out.push_str(&after[..token]);
        let rest = &after[token..];
        let spaces = (rest.len() - rest.trim_start_matches([' ', '\t']).len())
            .min(next_start - b.second_start - token);
        at = b.second_start + token + spaces;
        if !(text[at..].is_empty() || text[at..].starts_with(['\n', '\r'])) {
            out.push('\n');
        }
    }
    out.push_str(&text[at..]);
    Cow::Owned(out)
}

/// A word split at a line end: `first_start..hyphen` is its first half, the hyphen at `hyphen`,
/// `second_start..second_end` its second half on the next line.
struct Break {
    first_start: usize,
    hyphen: usize,
    second_start: usize,
    second_end: usize,
}

fn find_breaks(text: &str) -> Vec<Break> {
    let mut breaks = Vec::new();
    let mut search = 0;
    while let Some(k) = text[search..].find("-\n") {
        let hyphen = search + k;
        search = hyphen + 2;
        // The first half: the letters or digits right before the hyphen (none for a dash, "drugs--").
        let first_start = text[..hyphen]
            .char_indices()
            .rev()
            .take_while(|(_, c)| c.is_alphanumeric())
            .last()
            .map_or(hyphen, |(i, _)| i);
        let previous_end = breaks.last().map_or(0, |b: &Break| b.second_end);
        if first_start == hyphen || first_start < previous_end {
            continue;
        }
        let next = &text[hyphen + 2..];
        let second_start = hyphen + 2 + (next.len() - next.trim_start_matches([' ', '\t']).len());
        let second_len: usize =
            text[second_start..].chars().take_while(|c| c.is_alphanumeric()).map(char::len_utf8).sum();
        if second_len == 0 {
            continue;
        }
        breaks.push(Break { first_start, hyphen, second_start, second_end: second_start + second_len });
        search = second_start + second_len;
    }
    breaks
}

/// Printed lines joined into paragraphs: blank lines separate paragraphs; within a block, a line break
/// stays a paragraph break only after a line that closes a sentence well short of a full line (the
/// last line of a paragraph set without space after it) or before a list item; every other break is
/// the wrapping of the page, a space.
///
/// ```
/// let text = "The army paid the officers of the province for years, and\nthe government denied it.\nA new paragraph begins on this line and it\ngoes on to the next one.\n";
/// assert_eq!(alinea::print::unwrap_lines(text),
///     "The army paid the officers of the province for years, and the government denied it.\n\n\
///      A new paragraph begins on this line and it goes on to the next one.\n");
/// ```
pub fn unwrap_lines(text: &str) -> String {
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let typical = typical_line_length(lines.iter().copied());
    let mut out = String::new();
    for (k, line) in lines.iter().enumerate() {
        if line.is_empty() {
            if !out.is_empty() && !out.ends_with("\n\n") {
                out.truncate(out.trim_end().len());
                out.push_str("\n\n");
            }
            continue;
        }
        out.push_str(line);
        let next = lines.get(k + 1).copied().unwrap_or("");
        let closes = line.ends_with(['.', '?', '!', ':', '"', '”', '»', ')'])
            && line.chars().count() * 5 < typical * 3
            && !ends_with_abbreviation(line);
        let item = next.starts_with(['•', '·', '▪', '–', '*']) || next.starts_with("- ");
        if next.is_empty() || closes || item {
            out.push_str("\n\n");
        } else {
            out.push(' ');
        }
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

/// Whether a line's last word looks like an abbreviation rather than a sentence's end: a period inside
/// it (`U.S.`, `EE.UU.`, `a.m.`) or a short capitalised word (`Gen.`, `Sr.`, `J.`).
fn ends_with_abbreviation(line: &str) -> bool {
    let word = line.split_whitespace().last().unwrap_or("");
    let Some(stem) = word.strip_suffix('.') else { return false };
    stem.contains('.') || (stem.chars().count() <= 3 && stem.starts_with(char::is_uppercase))
}

/// Text with form feeds between pages (as `pdftotext` writes it), cleaned as a PDF's pages are; other
/// text as it is, but for its split words.
pub fn clean_text(text: String) -> String {
    if text.contains('\u{000C}') {
        let pages: Vec<String> = text.split('\u{000C}').map(str::to_string).collect();
        return unwrap_lines(&join_hyphenated(&join_pages(&pages)));
    }
    // Most text has no split word: it is returned as it came, not copied.
    let joined = match join_hyphenated(&text) {
        Cow::Owned(joined) => Some(joined),
        Cow::Borrowed(_) => None,
    };
    joined.unwrap_or(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn running_headers_footers_and_page_numbers_go() {
        let words = ["army", "budget", "court", "delta"];
        let pages: Vec<String> = (1..=4)
            .map(|n| {
                let w = words[n - 1];
                format!(
                    "The Daily Planet — March {n}, 1997\n\nA first line about the {w} on this page\nand a second one\nand a third, the last about the {w}.\n\n- {n} -\n"
                )
            })
            .collect();
        let text = join_pages(&pages);
        assert!(!text.contains("Daily Planet") && !text.contains("- 1 -"), "{text}");
        assert_eq!(text.matches("A first line").count(), 4);
        assert_eq!(text.matches("the last about").count(), 4);
    }

    #[test]
    fn text_with_form_feeds_is_cleaned_as_pages() {
        let text = "REPORT\nThe army paid the officers of the province for years, and the\n\u{000C}REPORT\ngovernment de-\nnied it.\n";
        assert_eq!(
            clean_text(text.to_string()),
            "The army paid the officers of the province for years, and the government denied it.\n"
        );
    }

    #[test]
    fn a_header_between_two_halves_of_a_sentence_goes_and_the_sentence_is_whole() {
        let pages = [
            "REPORT ON PERU\nThe army paid the officers of the\nprovince for years, and the".to_string(),
            "REPORT ON PERU\ngovernment denied it.\nNothing changed.".to_string(),
        ];
        assert_eq!(
            join_pages(&pages),
            "The army paid the officers of the\nprovince for years, and the\ngovernment denied it.\nNothing changed.\n"
        );
    }

    #[test]
    fn a_line_that_repeats_on_few_pages_stays() {
        let mut pages: Vec<String> =
            (1..=6).map(|n| format!("Text of page {n}, a full line of it.\nMore.")).collect();
        pages[0] = format!("Chapter One\n{}", pages[0]);
        pages[3] = format!("Chapter One\n{}", pages[3]);
        assert!(join_pages(&pages).contains("Chapter One"));
    }

    #[test]
    fn page_numbers() {
        for line in
            ["12", "- 12 -", "[12]", "Page 12", "Página 12 de 40", "12 of 40", "12/40", "xii", "— 7 —"]
        {
            assert!(is_page_number(line), "{line}");
        }
        for line in ["In 12 days", "Chapter 12", "12345", ""] {
            assert!(!is_page_number(line), "{line}");
        }
    }

    #[test]
    fn split_words_are_joined_by_the_documents_own_vocabulary() {
        // Spanish splits words too; the joined word is not elsewhere, the halves are not words.
        assert_eq!(join_hyphenated("la tra-\nducción del texto\n"), "la traducción\ndel texto\n");
        // The document writes "so-called" elsewhere.
        assert_eq!(
            join_hyphenated("the so-\ncalled war, the so-called peace\n"),
            "the so-called\nwar, the so-called peace\n"
        );
        // A dash at a line end is not a split word.
        assert_eq!(join_hyphenated("drugs--\ninstead\n"), "drugs--\ninstead\n");
        // Both halves are words of the document: a compound.
        assert_eq!(
            join_hyphenated("a cost-\nbenefit study; the cost and the benefit\n"),
            "a cost-benefit\nstudy; the cost and the benefit\n"
        );
    }
}
