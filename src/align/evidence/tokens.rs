//! The tokenizer: words, numbers (normalised across conventions) and punctuation counts of a sentence,
//! and the folding under which words are compared.

use super::*;

/// Reads a sentence's anchors: calls `word` with each candidate word (accent-folded, lower-cased) and
/// `number` with each normalised number, and returns the counts of `?`, `!`, `(` and quotes.
pub(super) fn scan(text: &str, mut word: impl FnMut(&str), mut number: impl FnMut(&str)) -> [u8; 4] {
    // Chinese and Japanese text writes digits and marks in their full-width forms ("１９９５年", "？"):
    // they are read as the ASCII characters they stand for.
    let narrowed: String;
    let text = if text.contains(is_full_width) {
        narrowed = text
            .chars()
            .map(|c| if is_full_width(c) { char::from_u32(c as u32 - 0xFEE0).unwrap_or(c) } else { c })
            .collect();
        &narrowed
    } else {
        text
    };
    let mut punct = [0u8; 4];
    for c in text.chars() {
        let k = match c {
            '?' | '¿' => 0,
            '!' | '¡' => 1,
            '(' => 2,
            '"' | '“' | '«' | '「' | '『' => 3,
            _ => continue,
        };
        punct[k] = punct[k].saturating_add(1);
    }
    let mut rest = text;
    // One buffer for the folded words of the sentence, not a string each.
    let mut folded = String::new();
    while let Some(start) = rest.find(|c: char| c.is_alphanumeric()) {
        rest = &rest[start..];
        if rest.starts_with(|c: char| c.is_ascii_digit()) {
            let (n, len) = number_at(rest);
            number(&n);
            rest = &rest[len..];
        } else if rest.starts_with(is_unspaced) {
            // In a script written without spaces each character is read as a word: it can be learned
            // as the translation of a word of the other side (a name's characters), and a kanji is
            // the cognate of the same hanzi.
            let len = rest.chars().next().map_or(rest.len(), char::len_utf8);
            word(&rest[..len]);
            rest = &rest[len..];
        } else {
            // Up to the next character that is not alphanumeric or is a digit; the first character
            // qualifies, so the word is never empty ("½" and "²" are numeric but not ASCII digits).
            let len = rest
                .find(|c: char| match c.is_ascii() {
                    true => !c.is_ascii_alphabetic(),
                    false => !c.is_alphanumeric() || is_unspaced(c),
                })
                .unwrap_or(rest.len());
            let raw = &rest[..len];
            folded.clear();
            fold_into(raw, &mut folded);
            let capitalised = raw.starts_with(char::is_uppercase);
            let chars = folded.chars().count();
            if chars >= MIN_WORD || (capitalised && chars >= 3) {
                word(&folded);
            }
            rest = &rest[len..];
        }
    }
    punct
}

/// Whether `c` is a full-width form of an ASCII character (U+FF01 to U+FF5E).
pub(super) fn is_full_width(c: char) -> bool {
    ('\u{FF01}'..='\u{FF5E}').contains(&c)
}

/// Reads the number at the start of `text`: thousands separators in either convention are dropped
/// (50,000 and 50.000 give 50000), a decimal part is kept with a neutral separator (3.14 and 3,14 give
/// 3_14). Returns the normalised number and the bytes consumed.
pub(super) fn number_at(text: &str) -> (String, usize) {
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

/// Folds a word for comparison: lower case, and the letters of alphabetic scripts (Latin, Greek,
/// Cyrillic) without their diacritics, by Unicode canonical decomposition with the combining marks
/// dropped (é → e, ñ → n, å → a, ç → c, ș → s); the Latin letters that do not decompose are written as
/// their base letters (ß → ss, æ → ae, œ → oe, ø → o, ł → l, đ → d). So cocaína and cocaina, Straße
/// and Strasse compare equal. Other scripts are left as they are (a Hangul syllable stays whole).
pub(super) fn fold(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    fold_into(word, &mut out);
    out
}

/// [`fold`], appended to `out`.
pub(super) fn fold_into(word: &str, out: &mut String) {
    if word.is_ascii() {
        out.extend(word.chars().map(|c| c.to_ascii_lowercase()));
        return;
    }
    for c in word.chars().flat_map(char::to_lowercase) {
        match c {
            'ß' => out.push_str("ss"),
            'æ' => out.push_str("ae"),
            'œ' => out.push_str("oe"),
            'ø' => out.push('o'),
            'ł' => out.push('l'),
            'đ' | 'ð' => out.push('d'),
            'ı' => out.push('i'),
            c if c.is_ascii() => out.push(c),
            c if c < '\u{0530}' || ('\u{1E00}'..='\u{1EFF}').contains(&c) => {
                unicode_normalization::char::decompose_canonical(c, |d| {
                    if !unicode_normalization::char::is_combining_mark(d) {
                        out.push(d);
                    }
                });
            }
            c => out.push(c),
        }
    }
}
