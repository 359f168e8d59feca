//! Sentence boundaries inside one paragraph.
//!
//! Candidates come from Unicode's sentence boundaries (UAX #29) and from a few shapes UAX #29 does not
//! break at: a sentence that starts with a digit or a dash, a period glued to the next sentence
//! ("world.Today"), footnote numbers and citation brackets after a period ("martyr.[1] The"), a closing
//! quote standing alone after the period ("through. ' The"), a spaced ellipsis after a sentence's own
//! period ("compounds." | ". . . The practice"), the markers of an inline list ("1. first 2. second"), and
//! speech broken off with a dash ("sir--" The). Each candidate is then kept or
//! dropped by the rules of the language, and dropped inside a quotation of dialogue (one that no colon
//! introduced and that closes soon after), which stays one sentence as the golden-rule suites want;
//! a passage quoted after a colon, as news reports quote documents, is cut into its sentences.

use std::collections::BTreeMap;
use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use super::floor_boundary;
use super::rules::{Abbreviation, Rules};

/// Bytes of text on each side of a candidate that the rules look at (quotation and bracket context
/// included): enough for any sentence-level decision, and it keeps a huge paragraph linear.
const CONTEXT: usize = 400;
/// Bytes around a period within which an address (e-mail, URL) is recognised.
const TOKEN_CONTEXT: usize = 200;

/// Characters that close a sentence after its terminal mark: quotes, guillemets, brackets.
pub(super) const CLOSERS: &[char] =
    &['"', '\'', '”', '’', '»', ')', ']', '}', '`', '」', '』', '）', '》', '〉', '】'];
/// Characters that may open a sentence before its first word.
const OPENERS: &[char] = &[
    '"', '\'', '“', '‘', '«', '(', '[', '{', '—', '–', '-', '`', '¿', '¡', ' ', '「', '『', '（', '《', '〈',
    '【',
];
/// A sentence never starts with these: a break before them is no break.
const CONTINUERS: &[char] = &[',', ';', ':', '/', ')', ']', '}', '%', '…', '.', '?', '!'];
/// Sentence-final marks of scripts written without spaces (fullwidth and ideographic).
const WIDE_TERMINALS: &[char] = &['。', '．', '？', '！'];
/// Prepositions that open an adverbial ("At 5 a.m. Mr. Smith left"): an abbreviation that often ends a
/// sentence does not end one that is only such a phrase.
const INTRO_PREPOSITIONS: &[&str] = &[
    "At", "On", "In", "By", "Before", "After", "Around", "Until", "Since", "From", "A", "En", "Hacia",
    "Desde", "Hasta", "Antes", "Después",
];

/// What a candidate is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Candidate {
    /// To be decided by the rules.
    Maybe,
    /// Before an inline list marker of `len` bytes (and the space after it): always a break, and the
    /// marker is left out of the sentence.
    ListItem { len: usize },
}

/// Sentence ranges inside one paragraph (`text` has no line breaks), relative to it. The paragraph
/// starts with a list marker of `marker` bytes (0 for none), which no sentence includes. `habit` tells
/// whether its text opens sentences in lower case (see [`lower_case_habit`]).
pub(crate) fn split(text: &str, marker: usize, habit: bool, rules: &Rules) -> Vec<Range<usize>> {
    let mut candidates: BTreeMap<usize, Candidate> = BTreeMap::new();
    for end in unicode_sentence_ends(text) {
        candidates.entry(end).or_insert(Candidate::Maybe);
    }
    extra_candidates(text, &mut candidates);
    for (at, len) in super::marker::inline_list_markers(text) {
        // A list item's break is forced, whatever else was found there.
        let end = text[..at].trim_end().len();
        candidates.remove(&end);
        candidates.insert(at, Candidate::ListItem { len });
    }
    if marker > 0 {
        candidates.insert(0, Candidate::ListItem { len: marker });
    }

    // Where the quotation marks are, so that a candidate with none in its window skips the quotation
    // tracking (most candidates of most texts).
    let quotes: Vec<usize> =
        text.char_indices().filter(|&(_, c)| QUOTES.contains(&c)).map(|(i, _)| i).collect();
    // Likewise the opening brackets, for `inside_brackets`.
    let brackets: Vec<usize> = text.match_indices(['(', '[', '（']).map(|(i, _)| i).collect();
    let within = |positions: &[usize], from: usize, to: usize| {
        let k = positions.partition_point(|&q| q < from);
        k < positions.len() && positions[k] < to
    };

    let mut ranges = Vec::new();
    let mut start = 0;
    let mut skip = 0;
    for (&at, &candidate) in &candidates {
        if at == 0 {
            if let Candidate::ListItem { len } = candidate {
                skip = len;
            }
            continue;
        }
        if at <= start + skip {
            continue;
        }
        let keep = match candidate {
            Candidate::ListItem { .. } => true,
            Candidate::Maybe => {
                // The rules look at a window around the candidate, so that a huge paragraph with many
                // candidates costs linear time: what lies further is never decisive.
                let from = floor_boundary(text, at.saturating_sub(CONTEXT));
                let to = floor_boundary(text, at + CONTEXT);
                let bracket = within(&brackets, from.max(start), at);
                is_boundary(&text[from.max(start)..at], &text[at..to], bracket, habit, rules)
                    && !(within(&quotes, from, at) && inside_dialogue(&text[from..at], &text[at..to]))
            }
        };
        if !keep {
            continue;
        }
        push(&mut ranges, text, start + skip, at);
        start = at;
        skip = match candidate {
            Candidate::ListItem { len } => len,
            Candidate::Maybe => 0,
        };
    }
    push(&mut ranges, text, (start + skip).min(text.len()), text.len());
    ranges
}

fn push(ranges: &mut Vec<Range<usize>>, text: &str, start: usize, end: usize) {
    let piece = &text[start..end];
    let lead = piece.len() - piece.trim_start().len();
    let body = piece.trim();
    if !super::is_blank(body) {
        ranges.push(start + lead..start + lead + body.len());
    }
}

/// Adds the candidates UAX #29 does not propose.
fn extra_candidates(text: &str, candidates: &mut BTreeMap<usize, Candidate>) {
    let bytes = text.as_bytes();
    for (i, c) in text.char_indices() {
        // Speech broken off with a dash ("sir--" The Rabbit started): the closing quote ends a sentence.
        if matches!(c, '"' | '”' | '\'' | '’') && (text[..i].ends_with("--") || text[..i].ends_with('—'))
        {
            let end = i + c.len_utf8();
            let rest = &text[end..];
            if rest.starts_with(' ') && rest.trim_start().starts_with(char::is_uppercase) {
                candidates.entry(end).or_insert(Candidate::Maybe);
            }
            continue;
        }
        if WIDE_TERMINALS.contains(&c) {
            let end = i + c.len_utf8();
            let end = end + text[end..].len() - text[end..].trim_start_matches(CLOSERS).len();
            candidates.entry(end).or_insert(Candidate::Maybe);
            continue;
        }
        if !matches!(c, '.' | '?' | '!') {
            continue;
        }
        let after_mark = i + 1;
        let end =
            after_mark + text[after_mark..].len() - text[after_mark..].trim_start_matches(CLOSERS).len();
        let rest = &text[end..];
        let spaced = rest.trim_start();
        let has_space = spaced.len() < rest.len();
        let mut add = |at: usize| {
            candidates.entry(at).or_insert(Candidate::Maybe);
        };
        if has_space {
            // "es 2. 2 + 2 es 4" and "see? - Posted like": UAX #29 continues before digits and dashes.
            let dash = ["- ", "— ", "– "].iter().any(|d| spaced.starts_with(d));
            if spaced.starts_with(|c: char| c.is_ascii_digit()) || dash {
                add(end);
            }
            // "It crashed. any ideas?": nor before a lower-case letter (see `opens_in_lower_case`).
            if end == after_mark && spaced.starts_with(char::is_lowercase) {
                add(end);
            }
            // After closing marks that UAX #29 does not know as such ("it.` Next").
            if end > after_mark {
                add(end);
            }
            // "compounds. . . . The practice": a sentence's own period, then a spaced ellipsis that opens
            // the next sentence (an omission at its start).
            if c == '.' && opens_with_ellipsis(&text[..after_mark], spaced) {
                add(after_mark);
            }
            // A quote standing alone after the period may close this sentence rather than open the next.
            if let Some(len) = standalone_quote(spaced) {
                let quote_end = text.len() - spaced.len() + len;
                add(quote_end);
            }
        } else if c == '.' && end == after_mark {
            let before = text[..i].chars().next_back();
            // "world.Today": a lower-case word or a number glued to a capitalised word.
            let mut next = rest.chars();
            let glued = matches!((next.next(), next.next()), (Some(a), Some(b)) if a.is_uppercase() && b.is_lowercase());
            let word_before = text[..i].chars().rev().take(3).take_while(|c| c.is_alphanumeric()).count();
            // Not inside an e-mail address or a web address (looked at only where it could matter).
            let address = || {
                let near = floor_boundary(text, i.saturating_sub(TOKEN_CONTEXT));
                let token_start = text[near..i]
                    .char_indices()
                    .rev()
                    .find(|(_, c)| c.is_whitespace())
                    .map_or(near, |(k, c)| near + k + c.len_utf8());
                let ahead = &rest[..floor_boundary(rest, TOKEN_CONTEXT)];
                let token_end = ahead.find(char::is_whitespace).map_or(end + ahead.len(), |k| end + k);
                let token = &text[token_start..token_end];
                token.contains('@') || token.contains("://") || token.starts_with("www.")
            };
            if glued
                && word_before >= 2
                && before.is_some_and(|b| b.is_lowercase() || b.is_ascii_digit())
                && !text[..i].ends_with(|c: char| c.is_ascii_digit() && word_before <= 2)
                && !address()
            {
                add(after_mark);
            }
            // Footnote numbers right after the period ("consultation.11 12 Take").
            if before.is_some_and(|b| b.is_alphabetic() || b == ')')
                && rest.starts_with(|c: char| c.is_ascii_digit())
            {
                let len = rest
                    .char_indices()
                    .take_while(|&(_, c)| c.is_ascii_digit() || c == ' ' || c == ',')
                    .last()
                    .map_or(0, |(k, c)| k + c.len_utf8());
                let digits = rest[..len].trim_end();
                let after_digits = &rest[digits.len()..];
                if after_digits.starts_with(' ') && after_digits.trim_start().starts_with(char::is_uppercase)
                {
                    add(after_mark + digits.len());
                }
            }
        }
        // Citation brackets right after the period ("martyr.[1][2] The", "gas. [1] It").
        let cited = if has_space { spaced } else { rest };
        let citations = citation_len(cited);
        if c == '.' && citations > 0 {
            let at = text.len() - cited.len() + citations;
            if at == text.len() || bytes[at] == b' ' {
                add(at);
            }
        }
    }
}

/// Length of a run of citation brackets (`[1]`, `[12][13] [14]`) at the start of `text`.
fn citation_len(text: &str) -> usize {
    let mut len = 0;
    let mut rest = text;
    loop {
        let trimmed = rest.trim_start_matches(' ');
        let Some(inner) = trimmed.strip_prefix('[') else { break };
        let digits = inner.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 || inner.as_bytes().get(digits) != Some(&b']') {
            break;
        }
        let consumed = (rest.len() - trimmed.len()) + 1 + digits + 1;
        len += consumed;
        rest = &rest[consumed..];
    }
    len
}

/// Length of a quote mark standing alone at the start of `text` (followed by a space or the end).
fn standalone_quote(text: &str) -> Option<usize> {
    ["''", "``", "'", "`", "\"", "”", "’", "»"].iter().find_map(|q| {
        let rest = text.strip_prefix(q)?;
        (rest.is_empty() || rest.starts_with(' ')).then_some(q.len())
    })
}

/// Whether a quotation mark standing alone between the sentence `before` and `rest` closes a
/// quotation that opened before the text at hand (an excerpt that starts inside a quotation): the
/// sentence before has no quotation mark of its own, and no quotation mark follows before the end of
/// the sentence the quote would open (nor just after it).
fn closes_earlier_quotation(before: &str, rest: &str) -> bool {
    // A quote that begins the sentence so far was found to open it.
    let mut quoted_before = before.trim().is_empty();
    quotation_marks(before, |_, mark| quoted_before |= mark != QuoteMark::None);
    if quoted_before {
        return false;
    }
    let rest = rest.trim_start();
    let end = rest
        .char_indices()
        .find(|&(i, c)| {
            matches!(c, '.' | '?' | '!' | '…') && rest[i + c.len_utf8()..].starts_with(char::is_whitespace)
        })
        .map_or(rest.len(), |(i, c)| i + c.len_utf8());
    let mut quoted_after = standalone_quote(rest[end..].trim_start()).is_some();
    quotation_marks(&rest[..end], |_, mark| {
        quoted_after |= matches!(mark, QuoteMark::Closing | QuoteMark::Alone)
    });
    !quoted_after
}

/// Whether `before` ends with a period glued to its word and `after` starts with a spaced ellipsis and then
/// a capital ("compounds." | " . . . The practice"): the ellipsis marks an omission at the start of the
/// next sentence, which it opens (the four-dot convention of quoted prose).
fn opens_with_ellipsis(before: &str, after: &str) -> bool {
    before.strip_suffix('.').is_some_and(|b| b.ends_with(char::is_alphanumeric))
        && after
            .trim_start()
            .strip_prefix(". . .")
            .is_some_and(|rest| rest.starts_with(' ') && rest.trim_start().starts_with(char::is_uppercase))
}

/// Decides whether a candidate between `before` (the sentence so far) and `after` is a boundary;
/// `bracket` tells whether `before` holds an opening bracket; `habit`, whether the text opens sentences
/// in lower case.
fn is_boundary(before: &str, after: &str, bracket: bool, habit: bool, rules: &Rules) -> bool {
    let glued = !after.starts_with(char::is_whitespace);
    let after = after.trim_start();
    let before = before.trim_end();
    if after.is_empty() || before.is_empty() {
        return true;
    }
    // UAX #29 counts an opening bracket as closing punctuation ("martyr.[" | "1]", "。「" | "本当？」").
    if before.ends_with(['[', '(', '{', '「', '『', '（', '《', '〈', '【']) {
        return false;
    }
    if opens_with_ellipsis(before, after) {
        return true;
    }
    // An ellipsis alone opens the sentence after it ("compounds." | ". . . The practice").
    if before.chars().all(|c| c == '.' || c == ' ' || c == '…') {
        return false;
    }
    // Nothing here can open a sentence: a citation, a comma, closing marks and nothing else.
    if citation_len(after) > 0
        || after.starts_with(CONTINUERS)
        || !after.contains(|c: char| c.is_alphanumeric())
    {
        return false;
    }
    // A quote standing alone after the period opens the next sentence unless quotes are open (then it
    // closes this one) or what follows it goes on.
    // Unless it closes a quotation opened before the text at hand (see `closes_earlier_quotation`).
    let last_token = before.rsplit(char::is_whitespace).next().unwrap_or("");
    if standalone_quote(last_token) == Some(last_token.len())
        && quotes_open(before)
        && !closes_earlier_quotation(&before[..before.len() - last_token.len()], after)
    {
        return false;
    }
    if let Some(len) = standalone_quote(after) {
        let rest = after[len..].trim_start();
        if quotes_open(before)
            || rest.starts_with(CONTINUERS)
            || rest.starts_with(char::is_lowercase)
            || closes_earlier_quotation(before, rest)
        {
            return false;
        }
    }
    // Inside brackets that close further on ("[page. 42]", "[16: firma? 13:28]").
    if bracket && inside_brackets(before, after) {
        return false;
    }
    let next = after.trim_start_matches(OPENERS);
    if next.starts_with(char::is_lowercase) {
        return !glued && opens_in_lower_case(before, habit, rules);
    }
    let core = before.trim_end_matches(CLOSERS).trim_end();
    if core.ends_with(WIDE_TERMINALS) {
        // “我不信！”他说。 / 「行こう！」と言った。: a quotation closed and followed, without a space, by
        // the words that report it goes on; the next quotation ("“好。”“谢谢。”") does not.
        let quoted = core.len() < before.len();
        return !(quoted && glued && after.starts_with(super::is_unspaced));
    }
    if core.ends_with(['?', '!']) {
        // "Y!J." or "!Kung": a mark glued to a letter is part of a word.
        return !glued;
    }
    if core.ends_with("...") || core.ends_with('…') || core.ends_with(". .") {
        // "[...]" marks an omission, not an end; "I thought... I would go": the pronoun goes on.
        if core.ends_with("[...") || core.ends_with("[…") {
            return false;
        }
        return first_word(next) != "I";
    }
    if !core.ends_with('.') {
        return true;
    }
    // The word before the period; tokenised text may have a space there ("Mr . Robinson").
    let body = core[..core.len() - 1].trim_end();
    let word_start = body
        .char_indices()
        .rev()
        .find(|&(_, c)| !(c.is_alphanumeric() || matches!(c, '.' | '°' | 'º')))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let word = body[word_start..].trim_start_matches('.');
    // Only "two words or more" and "four or more" matter.
    let words = before.split_whitespace().take(4).count();
    let next_word = first_word(next);
    // "U. A. E.": a capital followed by a period is an initial, not the article "A".
    let starter = rules.is_starter(next_word) && !next[next_word.len()..].starts_with('.');
    match rules.abbreviation(word) {
        Abbreviation::None => {
            // "1.Helado, 2.Carne": a list number glued to its item is no sentence end.
            !(glued && word.len() <= 2 && word.bytes().all(|b| b.is_ascii_digit()))
        }
        Abbreviation::Title => false,
        // "Inc. (“Company A”)": a parenthesis after an abbreviation explains it.
        Abbreviation::Final | Abbreviation::Ambiguous if after.starts_with('(') => false,
        Abbreviation::Final if rules.continues_company_name(word, next) => false,
        Abbreviation::Final => {
            starter || (words >= 2 && next.starts_with(char::is_uppercase) && !is_intro_phrase(before))
        }
        Abbreviation::Ambiguous => words >= 2 && (after.starts_with(['¿', '¡']) || starter),
    }
}

/// Whether a sentence that starts in lower case after `before` starts there: informal writing (e-mail,
/// forums, chat) often opens sentences without a capital ("It crashed. any ideas?"), and UAX #29 offers
/// no break there at all.
///
/// Only after a mark that ends `before` itself, outside quotation marks and brackets (`"why?" she
/// asked`, `(sic!) and` go on): after a run of two question or exclamation marks or more; or, in a text
/// with the habit (see [`lower_case_habit`]), after any such mark and after a period that ends a plain
/// word (see [`ends_plain_word`]). An ellipsis never opens such a sentence ("nothing special... really").
fn opens_in_lower_case(before: &str, habit: bool, rules: &Rules) -> bool {
    // (Brackets that close further on were ruled out before: see `inside_brackets`.)
    if quotes_open(before) {
        return false;
    }
    // A single mark may end a name or a title ("Yahoo! in", "Father Came Too! is") or a quotation
    // without its quotes ("Leave me alone! he yelled"); a run of them ("amazing!! we", "what?! no")
    // is the emphasis of informal writing, which ends a sentence.
    if before.ends_with(['?', '!']) {
        let marks = before.chars().rev().take_while(|c| matches!(c, '?' | '!')).count();
        return marks >= 2 || habit;
    }
    habit && before.strip_suffix('.').is_some_and(|body| ends_plain_word(body, rules))
}

/// Whether `body` (a text before a period) ends with a plain word, which the period may end: two
/// letters or more, not all capitals, with a vowel if it has three letters or fewer, and no abbreviation
/// of the language in any case ("INC.", "5th st.", "sq. ft.", "e.g.", "approx." are abbreviations).
fn ends_plain_word(body: &str, rules: &Rules) -> bool {
    let word = body.rsplit(|c: char| c.is_whitespace() || OPENERS.contains(&c)).next().unwrap_or("");
    let letters = word.chars().count();
    if letters < 2 || !word.chars().all(char::is_alphabetic) || word.chars().all(char::is_uppercase) {
        return false;
    }
    let lower = word.to_lowercase();
    let has_vowel = lower.contains(['a', 'e', 'i', 'o', 'u', 'y', 'á', 'é', 'í', 'ó', 'ú']);
    let capitalised: String =
        lower.chars().take(1).flat_map(char::to_uppercase).chain(lower.chars().skip(1)).collect();
    (letters > 3 || has_vowel)
        && [word, &lower, &capitalised].iter().all(|w| rules.abbreviation(w) == Abbreviation::None)
}

/// Bytes before a mark that the Unicode rules may look at besides white space (the word the mark ends).
const LOOK_BEHIND: usize = 64;

/// Where the sentences that Unicode's rules (UAX #29) find in `text` end, white space after them left
/// out, the end of the text excepted: what `split_sentence_bound_indices` gives, read only where it
/// can break.
///
/// UAX #29 breaks only after a line or paragraph separator and after a sentence mark (`.`, `?`, `!` and
/// their kin in other scripts) with the closing marks and spaces that follow it; whether it breaks
/// there depends on the character before the mark and on the first letter after it. So the rules run
/// over short windows, each from the word before a possible mark to the word after its first letter,
/// instead of over every character: the table lookups of the Unicode properties were half of the
/// segmenter's time. Any character that is not a letter, a digit or a plain space counts as a
/// possible mark, so the windows cover every break (`sentence_ends_match_the_unicode_rules` compares).
fn unicode_sentence_ends(text: &str) -> Vec<usize> {
    let mut windows: Vec<Range<usize>> = Vec::new();
    let mut from = 0;
    // The next letter and the next white space, found from ever later positions: each search goes on
    // from the last one's answer, so that a text of marks without letters or of one long word stays
    // linear.
    let mut letters = NextMatch::new(char::is_alphabetic);
    let mut spaces = NextMatch::new(char::is_whitespace);
    while let Some((offset, _)) = text[from..].char_indices().find(|&(_, c)| may_break_after(c)) {
        let mark = from + offset;
        // Forward past everything but letters to the first letter, then to the end of its word.
        let after = mark + text[mark..].chars().next().map_or(0, char::len_utf8);
        let letter = letters.from(text, after);
        let end = spaces.from(text, letter);
        from = after;
        let floor = match windows.last_mut() {
            // A mark inside the last window (the next one may be in its word after the letter) makes
            // it reach further.
            Some(last) if mark < last.end => {
                last.end = last.end.max(end);
                continue;
            }
            Some(last) => last.end,
            None => 0,
        };
        // Back over the spaces before the mark, then over the word before them (a little of it).
        let spaced = text[floor..mark].trim_end().len() + floor;
        let mut start = spaced;
        for (i, c) in text[floor..spaced].char_indices().rev() {
            if c.is_whitespace() || spaced - (floor + i) > LOOK_BEHIND {
                break;
            }
            start = floor + i;
        }
        match windows.last_mut() {
            Some(last) if start <= last.end => last.end = last.end.max(end),
            _ => windows.push(start..end),
        }
    }
    let mut ends = Vec::new();
    for window in windows {
        for (at, piece) in text[window.clone()].split_sentence_bound_indices() {
            let at = window.start + at;
            // The end of a window is not a break unless it is the end of the text, which is left out.
            if at + piece.len() < window.end {
                ends.push(at + piece.trim_end().len());
            }
        }
    }
    ends
}

/// The first character matching a test at or after a position, for positions that only grow.
struct NextMatch<F: Fn(char) -> bool> {
    test: F,
    /// The last search: from where, and what it found (the text's length for nothing).
    last: Option<(usize, usize)>,
}

impl<F: Fn(char) -> bool> NextMatch<F> {
    fn new(test: F) -> NextMatch<F> {
        NextMatch { test, last: None }
    }

    /// Where the first match at or after `at` is (the text's length if there is none).
    fn from(&mut self, text: &str, at: usize) -> usize {
        if let Some((start, found)) = self.last
            && start <= at
            && at <= found
        {
            return found;
        }
        let found = text[at..].find(|c| (self.test)(c)).map_or(text.len(), |i| at + i);
        self.last = Some((at, found));
        found
    }
}

/// Whether UAX #29 may break a sentence after `c` (with what follows it): a character that is not a
/// letter, a digit or white space, or a line or paragraph separator.
fn may_break_after(c: char) -> bool {
    if c.is_ascii() {
        return matches!(c, '.' | '?' | '!' | '\n' | '\r');
    }
    !(c.is_alphanumeric() || c.is_whitespace()) || matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// Whether `text` opens sentences in lower case as a habit, as informal writing does: at least twice,
/// and after at least a fifth of the sentence marks followed by a word, a lower-case word follows a
/// question or exclamation mark, or a period that ends a plain word (see [`ends_plain_word`]), or a
/// paragraph opens in lower case.
///
/// Edited text capitalises its sentences; there a period before a lower-case word follows an
/// abbreviation that the lists lack ("the med. staff"), or a mark ends a name ("Yahoo! in"), and that
/// happens once in a while, not as a habit.
pub(crate) fn lower_case_habit(text: &str, rules: &Rules) -> bool {
    // Counted in parts cut after blank lines, on every core: a part starts a paragraph, as it does in
    // the whole text, and its marks look at the whole text around them.
    let mut parts = Vec::new();
    let mut start = 0;
    while start < text.len() {
        let end = floor_boundary(text, (start + HABIT_PART).min(text.len()));
        let end = text[end..].find("\n\n").map_or(text.len(), |i| end + i + 2);
        parts.push(start..end);
        start = end;
    }
    let counts = crate::map_all(&parts, |part| habit_counts(text, part.clone(), rules));
    let (lower, all) = counts.into_iter().fold((0, 0), |(l, a), (x, y)| (l + x, a + y));
    lower >= 2 && lower * 5 >= all
}

/// Bytes of text in each part of [`lower_case_habit`]'s count (then to the next blank line).
const HABIT_PART: usize = 1 << 18;

/// The sentence openings in lower case, and all openings, of the part `part` of `text`, which starts
/// at a paragraph (see [`lower_case_habit`]).
fn habit_counts(text: &str, part: Range<usize>, rules: &Rules) -> (usize, usize) {
    let (mut lower, mut all) = (0, 0);
    let mut after_blank = true;
    for line in text[part.clone()].lines() {
        let line = line.trim_start().trim_start_matches(OPENERS);
        if line.is_empty() {
            after_blank = true;
            continue;
        }
        if after_blank {
            all += 1;
            lower += usize::from(line.starts_with(char::is_lowercase));
        }
        after_blank = false;
    }
    for (i, mark) in text[part.clone()].match_indices(['.', '?', '!']) {
        let i = part.start + i;
        let rest = &text[i + 1..];
        let spaced = rest.trim_start();
        let Some(c) = spaced.chars().next() else { continue };
        if spaced.len() == rest.len() || !c.is_alphabetic() {
            continue;
        }
        all += 1;
        lower += usize::from(c.is_lowercase() && (mark != "." || ends_plain_word(&text[..i], rules)));
    }
    (lower, all)
}

/// Whether the sentence so far, or its last clause after a colon, is only an introductory phrase
/// opened by a preposition ("On Monday at 6 a.m.", "He noted: In 44 B.C.").
fn is_intro_phrase(before: &str) -> bool {
    let clause = before.rsplit([':', ';']).next().unwrap_or(before);
    [before, clause].iter().any(|part| {
        let first = part.split_whitespace().next().unwrap_or("");
        INTRO_PREPOSITIONS.contains(&first.trim_start_matches(OPENERS))
    })
}

/// The quotation marks (and apostrophes, which may be either).
const QUOTES: [char; 9] = ['"', '\'', '`', '“', '”', '‘', '’', '«', '»'];

/// Whether an odd number of quotation marks precede in `text`: a quote is open. Apostrophes inside
/// words (don't, l'homme) are not quotation marks.
///
/// Plain parity, unlike [`open_quotations`], on purpose: whether a quote mark standing alone after a
/// period closes this sentence or opens the next is best told by parity within the sentence (tokenised
/// text writes every mark with spaces around it); deciding it with the role-aware tracker lost seven
/// golden-rule cases (350 -> 343 of 381).
fn quotes_open(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    let mut open = false;
    let mut k = 0;
    while k < chars.len() {
        let c = chars[k];
        if QUOTES.contains(&c) {
            let inside_word = k > 0
                && k + 1 < chars.len()
                && chars[k - 1].is_alphanumeric()
                && chars[k + 1].is_alphanumeric();
            if !inside_word {
                open = !open;
                // A doubled mark ('' or ``) is one quotation mark.
                while k + 1 < chars.len() && chars[k + 1] == c {
                    k += 1;
                }
            }
        }
        k += 1;
    }
    open
}

/// How far a quotation of dialogue may run on after a candidate: beyond this, an unclosed quotation
/// mark is taken for a stray one rather than let it glue sentences together.
const MAX_DIALOGUE_RUN: usize = 600;

/// A quotation mark's role, from its neighbours.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum QuoteMark {
    Opening,
    Closing,
    /// With space on both sides: too ambiguous to open a quotation; it may close one.
    Alone,
    /// An apostrophe: inside a word (don't), or a clitic of tokenised text ('s, 're).
    None,
}

/// Clitics that tokenised English writes apart from their word ("Walter 's brother").
const CLITICS: &[&str] = &["s", "re", "ll", "t", "ve", "d", "m"];

fn quote_mark(c: char, before: Option<char>, rest: &str) -> QuoteMark {
    let after = rest.chars().next();
    let word_before = before.is_some_and(|b| b.is_alphanumeric() || ".,!?;:)]…".contains(b));
    let word_after = after.is_some_and(|a| a.is_alphanumeric() || "¿¡([…".contains(a));
    let clitic = || {
        let word: String = rest.chars().take_while(|c| c.is_alphabetic()).collect();
        CLITICS.contains(&word.to_lowercase().as_str())
    };
    match c {
        '“' | '«' => QuoteMark::Opening,
        '”' | '»' => QuoteMark::Closing,
        '‘' if !word_before => QuoteMark::Opening,
        '’' | '‘' => {
            if word_after {
                QuoteMark::None
            } else {
                QuoteMark::Closing
            }
        }
        '\'' if word_after && clitic() => QuoteMark::None,
        _ => match (word_before, word_after) {
            (false, true) => QuoteMark::Opening,
            (true, false) => QuoteMark::Closing,
            (false, false) => QuoteMark::Alone,
            (true, true) => QuoteMark::None,
        },
    }
}

/// Calls `visit` with the role of each quotation mark of `text` (a doubled '' or `` counts once).
fn quotation_marks(text: &str, mut visit: impl FnMut(usize, QuoteMark)) {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut k = 0;
    while k < chars.len() {
        let (at, c) = chars[k];
        if !QUOTES.contains(&c) {
            k += 1;
            continue;
        }
        let mut end = k + 1;
        while end < chars.len() && chars[end].1 == c && matches!(c, '\'' | '`') {
            end += 1;
        }
        let before = k.checked_sub(1).map(|p| chars[p].1);
        let rest = chars.get(end).map_or("", |&(i, _)| &text[i..]);
        let mut mark = quote_mark(c, before, rest);
        // A mark standing alone at the start, before a capital, opens a quotation (tokenised dialogue:
        // "' No, they'll not catch you again.'"). After a sentence it may as well close one opened
        // before (see `closes_earlier_quotation`), so there it stays alone.
        if mark == QuoteMark::Alone
            && text[..at].trim().is_empty()
            && rest.trim_start().starts_with(char::is_uppercase)
        {
            mark = QuoteMark::Opening;
        }
        visit(at, mark);
        k = end;
    }
}

/// A quotation still open at a candidate.
#[derive(Clone, Copy)]
struct OpenQuotation {
    /// A colon introduced it: a quoted passage rather than dialogue.
    by_colon: bool,
    /// A mark standing alone opened it (tokenised dialogue), so a mark standing alone closes it.
    alone: bool,
}

/// The quotations still open at the end of `text`, innermost last.
///
/// A mark standing alone is ambiguous; once the text has shown a quotation opened and closed, so that
/// it is known to be outside any, a lone mark before a capital opens the next one (dialogue alternates:
/// "`We can go now.'  ' It's a great job, Tom!  The lad told me.  But seeing is believing! '").
fn open_quotations(text: &str) -> Vec<OpenQuotation> {
    let mut stack: Vec<OpenQuotation> = Vec::new();
    let mut outside_known = false;
    quotation_marks(text, |at, mark| {
        let by_colon = || text[..at].trim_end().ends_with(':');
        match mark {
            QuoteMark::Opening => stack.push(OpenQuotation { by_colon: by_colon(), alone: false }),
            QuoteMark::Closing => outside_known |= stack.pop().is_some() && stack.is_empty(),
            QuoteMark::Alone => {
                let rest = text[at..].trim_start_matches(QUOTES).trim_start();
                if stack.is_empty() && outside_known && rest.starts_with(char::is_uppercase) {
                    stack.push(OpenQuotation { by_colon: by_colon(), alone: true });
                } else {
                    stack.pop();
                }
            }
            QuoteMark::None => {}
        }
    });
    stack
}

/// Whether a candidate falls inside a quotation of dialogue, which stays one sentence ("Dear, dear! How
/// queer everything is!" she said): one that no colon introduced and that closes soon after. A
/// quotation introduced by a colon is a quoted passage (news reports quote documents so), and its
/// sentences are cut as any others.
fn inside_dialogue(before: &str, after: &str) -> bool {
    let open = open_quotations(before);
    if open.is_empty() || open.iter().any(|q| q.by_colon) {
        return false;
    }
    let alone = open.last().is_some_and(|q| q.alone);
    let mut end = MAX_DIALOGUE_RUN.min(after.len());
    while !after.is_char_boundary(end) {
        end -= 1;
    }
    let mut closes = false;
    quotation_marks(&after[..end], |_, mark| {
        closes |= mark == QuoteMark::Closing || (alone && mark == QuoteMark::Alone)
    });
    closes
}

/// Whether `before` leaves a bracket open that closes in `after`.
fn inside_brackets(before: &str, after: &str) -> bool {
    [('(', ')'), ('[', ']'), ('（', '）')].iter().any(|&(open, close)| {
        let depth = before.matches(open).count() as isize - before.matches(close).count() as isize;
        depth > 0 && after.find(close).is_some_and(|k| after.find(open).is_none_or(|o| k < o))
    })
}

fn first_word(text: &str) -> &str {
    text.split(|c: char| !c.is_alphabetic()).next().unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::Language;

    /// `unicode_sentence_ends` as the Unicode rules give it over the whole text.
    fn reference_ends(text: &str) -> Vec<usize> {
        text.split_sentence_bound_indices()
            .filter(|(at, piece)| at + piece.len() < text.len())
            .map(|(at, piece)| at + piece.trim_end().len())
            .collect()
    }

    #[test]
    fn the_habit_counted_in_parts_is_the_habit_of_the_whole() {
        let rules = Language::English.rules();
        let mut text = String::new();
        let mut k = 0;
        while text.len() < 3 * HABIT_PART {
            // Paragraphs opening in lower case now and then, marks followed by lower case words.
            let opener = if k % 7 == 0 { "well" } else { "Well" };
            text.push_str(&format!("{opener} it was {k}. then it rained! Mr. Smith left.\n"));
            text.push_str(if k % 3 == 0 { "\n" } else { "" });
            k += 1;
        }
        let whole = habit_counts(&text, 0..text.len(), rules);
        let (lower, all) = whole;
        assert!(all > 1000 && lower > 100, "{whole:?}");
        assert_eq!(lower_case_habit(&text, rules), lower >= 2 && lower * 5 >= all);
        let mut parts = (0, 0);
        let cut = text[HABIT_PART..].find("\n\n").unwrap() + HABIT_PART + 2;
        for part in [0..cut, cut..text.len()] {
            let (l, a) = habit_counts(&text, part, rules);
            parts = (parts.0 + l, parts.1 + a);
        }
        assert_eq!(parts, whole);
    }

    #[test]
    fn sentence_ends_match_the_unicode_rules_on_real_text() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        for file in ["tests/data/rw895/en.txt", "tests/data/rw895/es.txt", "tests/data/rw895/en.html"] {
            let text = std::fs::read_to_string(root.join(file)).unwrap();
            for paragraph in text.split("\n\n") {
                assert_eq!(unicode_sentence_ends(paragraph), reference_ends(paragraph), "{paragraph}");
            }
            assert_eq!(unicode_sentence_ends(&text), reference_ends(&text), "{file}");
        }
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(2000))]
            #[test]
            fn sentence_ends_match_the_unicode_rules(
                text in proptest::collection::vec(
                    prop_oneof![
                        Just("."), Just("?"), Just("!"), Just(" "), Just("  "), Just("\n"), Just("\r\n"),
                        Just("\u{2029}"), Just("\u{85}"), Just("\u{a0}"), Just("\u{301}"), Just("\u{200d}"),
                        Just("\""), Just("”"), Just(")"), Just("»"), Just("¿"), Just("¡"), Just("。"), Just("…"),
                        Just("।"), Just("؟"), Just("'"), Just(","), Just("-"), Just("3"), Just("42"),
                        Just("the"), Just("The"), Just("U"), Just("S"), Just("a"), Just("etc"), Just("Él"),
                        Just("ñu"), Just("東京"), Just("x".repeat(70).leak() as &str),
                    ],
                    0..60,
                ).prop_map(|p| p.concat())
            ) {
                prop_assert_eq!(unicode_sentence_ends(&text), reference_ends(&text));
            }
        }
    }

    fn cut(text: &str, language: Language) -> Vec<&str> {
        let rules = language.rules();
        split(text, 0, lower_case_habit(text, rules), rules).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn abbreviations_initials_and_numbers_do_not_end_sentences() {
        assert_eq!(
            cut(
                "Gen. Barry McCaffrey went to Washington, D.C. in Feb. 1997. He met J. R. Smith.",
                Language::English
            ),
            ["Gen. Barry McCaffrey went to Washington, D.C. in Feb. 1997.", "He met J. R. Smith."]
        );
        assert_eq!(
            cut(
                "El Gral. McCaffrey pagó 50.000 dólares a EE.UU. en feb. de 1997. Luego se fue.",
                Language::Spanish
            ),
            ["El Gral. McCaffrey pagó 50.000 dólares a EE.UU. en feb. de 1997.", "Luego se fue."]
        );
    }

    #[test]
    fn a_period_outside_quotes_and_spanish_opening_marks() {
        assert_eq!(
            cut("Lo llamó \"crack\". ¿Quién lo sabía? ¡Nadie!", Language::Spanish),
            ["Lo llamó \"crack\".", "¿Quién lo sabía?", "¡Nadie!"]
        );
    }

    #[test]
    fn lower_case_openings_count_only_in_a_text_with_the_habit() {
        let rules = Language::English.rules();
        assert!(!lower_case_habit("He left at 5 p.m. and came back. She stayed.", rules));
        let informal = "ok so i went there. it was closed?! no idea why. anyway back home now.";
        assert!(lower_case_habit(informal, rules));
        assert_eq!(cut(informal, Language::English).len(), 4);
    }
}
