//! Paragraphs: where the layout of a plain-text edition puts hard boundaries.
//!
//! A blank line ends a paragraph; a list item (a bullet or a list number at the start of a line) starts
//! one, and its marker is left out of the paragraph; a line break inside a block is a hard break unless
//! the text is hard-wrapped there. This module knows nothing of sentences.

use std::ops::Range;

/// What a paragraph is in the layout of its edition.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParagraphKind {
    /// Running text, a heading, a byline: anything but a list item.
    Text,
    /// An item of a bulleted or numbered list; its marker is not part of the paragraph.
    ListItem,
}

/// A paragraph of an edition: a byte range of the input with the surrounding white space and the list
/// marker left out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Paragraph {
    /// Byte range of the paragraph's text in the input.
    pub range: Range<usize>,
    /// Whether it is running text or a list item.
    pub kind: ParagraphKind,
    /// Length in bytes of the list marker (and the space after it) just before `range`; 0 for none.
    pub marker: usize,
}

/// Splits `text` into paragraphs.
///
/// A line break inside a block of lines is taken as a soft wrap (the paragraph goes on) only when the
/// next line's first word would not have fitted on the line before within the widest line of the
/// document: that is how a hard-wrapped text looks, and it keeps one-line paragraphs, footers and
/// headings apart in texts that are not wrapped. Text taken from PDF is wrapped at no fixed width but
/// leaves a space at the end of its wrapped lines: a line that ends with a space and fills two thirds of
/// the width goes on too. So does a line that starts in lower case. Three or more lines of one or two
/// capitals each, half of them single letters, are a word written vertically, one paragraph (the
/// segmenter's text joins its pieces).
///
/// ```
/// use alinea::segment::{paragraphs, ParagraphKind};
/// let text = "Title\n\nFirst paragraph.\n  • An item\n  • Another item\n";
/// let paras = paragraphs(text);
/// let texts: Vec<&str> = paras.iter().map(|p| &text[p.range.clone()]).collect();
/// assert_eq!(texts, ["Title", "First paragraph.", "An item", "Another item"]);
/// assert_eq!(paras[2].kind, ParagraphKind::ListItem);
/// ```
pub fn paragraphs(text: &str) -> Vec<Paragraph> {
    let width = lines(text).map(|l| l.trim_end().chars().count()).max().unwrap_or(0);
    let mut out = Vec::new();
    let mut current: Option<Paragraph> = None;
    let mut previous_width = 0;
    let mut flowed = false;
    let mut offset = 0;
    // Lines still to come of a word written vertically (see `vertical_run`), and of a run of short
    // capital lines that is not one (a list of codes), which is not looked at again.
    let mut vertical_left = 0;
    let mut codes_left = 0;
    for raw in lines(text) {
        let line_start = offset;
        offset += raw.len();
        let line = raw.trim_end();
        let content = line.trim_start();
        if content.is_empty() {
            out.extend(current.take());
            (vertical_left, codes_left) = (0, 0);
            continue;
        }
        let mut start = line_start + (line.len() - content.len());
        let end = line_start + line.len();
        if vertical_left > 0 {
            vertical_left -= 1;
            if let Some(p) = current.as_mut() {
                p.range.end = end;
            }
            continue;
        }
        if codes_left > 0 {
            codes_left -= 1;
        } else if is_vertical_piece(content) {
            let run = vertical_run(&text[line_start..]);
            if run.is_word() {
                // The word stands apart from what comes before it, as a heading does.
                out.extend(current.take());
                current = Some(Paragraph { range: start..end, kind: ParagraphKind::Text, marker: 0 });
                vertical_left = run.lines - 1;
                previous_width = content.chars().count();
                flowed = false;
                continue;
            }
            codes_left = run.lines - 1;
        }
        let marker = list_marker(content);
        // A line that goes on in lower case, or with a punctuation mark that the wrapping left alone
        // (", as agreed"), continues its sentence, whatever the layout; so does one
        // after a line that ends with a space and fills most of the width (a soft break, as text taken
        // from PDF shows it, wrapped at no fixed width; a short line with a space left over is a
        // heading or a salutation).
        let continues = marker.is_none()
            && current.is_some()
            && (content.starts_with(char::is_lowercase)
                || starts_with_lone_mark(content)
                || flowed
                || is_soft_wrap(previous_width, first_word_width(content), width));
        previous_width = line.chars().count();
        flowed = raw.trim_end_matches(['\n', '\r']).ends_with([' ', '\t'])
            && previous_width * 3 >= width * 2
            && width >= MIN_WRAP_WIDTH;
        if continues {
            if let Some(p) = current.as_mut() {
                p.range.end = end;
            }
            continue;
        }
        out.extend(current.take());
        let (kind, marker) = match marker {
            Some(len) => {
                start += len;
                (ParagraphKind::ListItem, len)
            }
            None => (ParagraphKind::Text, 0),
        };
        if start < end {
            current = Some(Paragraph { range: start..end, kind, marker });
        }
    }
    out.extend(current);
    out
}

/// The lines of `text`, each with its line break: `\n`, `\r\n`, or a lone `\r` (old Mac files).
pub(crate) fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let end = match rest.find(['\n', '\r']) {
            Some(i) if rest[i..].starts_with("\r\n") => i + 2,
            Some(i) => i + 1,
            None => rest.len(),
        };
        let (line, tail) = rest.split_at(end);
        rest = tail;
        Some(line)
    })
}

/// Whether `text` starts with a punctuation mark standing alone (`.` or `, as agreed`, not `.NET`): where
/// a line starts so, the wrapping has cut the mark from the word before it.
pub(crate) fn starts_with_lone_mark(text: &str) -> bool {
    text.starts_with([',', ';', ':', '.', '!', '?'])
        && text[1..].chars().next().is_none_or(char::is_whitespace)
}

/// A run of at least this many lines of one or two capital letters each, half of them or more a single
/// letter, is one word written vertically ("W\nA\nRN\nI\nNG"): text taken from PDF gives a vertical
/// title or a label so. A list of codes ("NY\nCA\nTX") or of numerals ("I\nII\nIII") is not one.
const MIN_VERTICAL_RUN: usize = 3;

/// Consecutive lines of one or two capital letters.
#[derive(Clone, Copy, Default)]
struct VerticalRun {
    lines: usize,
    singles: usize,
}

impl VerticalRun {
    fn add(&mut self, piece: &str) {
        self.lines += 1;
        self.singles += usize::from(piece.trim().chars().count() == 1);
    }

    fn is_word(self) -> bool {
        self.lines >= MIN_VERTICAL_RUN && 2 * self.singles >= self.lines
    }
}

/// Whether `line` is one or two capital letters, a piece of a word written vertically if enough of
/// them follow one another.
fn is_vertical_piece(line: &str) -> bool {
    let piece = line.trim();
    (1..=2).contains(&piece.chars().count()) && piece.chars().all(char::is_uppercase)
}

/// The run of short capital lines at the start of `text`.
fn vertical_run(text: &str) -> VerticalRun {
    let mut run = VerticalRun::default();
    for line in lines(text).take_while(|line| is_vertical_piece(line)) {
        run.add(line);
    }
    run
}

/// The byte ranges of `text` that hold a word written vertically, from its first piece to its last.
pub(crate) fn vertical_words(text: &str) -> Vec<Range<usize>> {
    let mut words = Vec::new();
    let mut offset = 0;
    let mut current: Option<(Range<usize>, VerticalRun)> = None;
    for raw in lines(text) {
        let line_start = offset;
        offset += raw.len();
        if is_vertical_piece(raw) {
            let lead = raw.len() - raw.trim_start().len();
            let piece = line_start + lead..line_start + lead + raw.trim().len();
            let (mut range, mut run) = current.take().unwrap_or((piece.clone(), VerticalRun::default()));
            range.end = piece.end;
            run.add(raw);
            current = Some((range, run));
        } else if let Some((range, run)) = current.take()
            && run.is_word()
        {
            words.push(range);
        }
    }
    if let Some((range, run)) = current
        && run.is_word()
    {
        words.push(range);
    }
    words
}

/// Texts wrapped narrower than this are not taken for hard-wrapped prose (a list of short lines, a poem).
const MIN_WRAP_WIDTH: usize = 40;

fn is_soft_wrap(previous_width: usize, next_word: usize, width: usize) -> bool {
    width >= MIN_WRAP_WIDTH && previous_width + 1 + next_word > width
}

fn first_word_width(line: &str) -> usize {
    line.split_whitespace().next().map_or(0, |w| w.chars().count())
}

/// Length in bytes of a list marker and the white space after it at the start of `line`, if any:
/// a bullet character, or a list number or letter such as `1.`, `12)`, `1.)`, `(b)`, `ii)`.
pub(crate) fn list_marker(line: &str) -> Option<usize> {
    // Line-start bullets; inside a line, `-` and `*` are dashes and stars, so only here are they markers.
    const BULLETS: &[char] = &['•', '◦', '▪', '▫', '‣', '●', '○', '■', '□', '·', '*', '-', '+', '–', '⁃'];
    let first = line.chars().next()?;
    if let Some((len, _)) = super::marker::marker_at(line) {
        return Some(len);
    }
    if BULLETS.contains(&first) {
        let rest = &line[first.len_utf8()..];
        let body = rest.trim_start();
        // A marker must be followed by white space and then text ("-5 degrees" is not a list, nor is a
        // line of stars "* * *").
        let text_follows = body.contains(char::is_alphanumeric);
        return (body.len() < rest.len() && text_follows).then(|| line.len() - body.len());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<&str> {
        paragraphs(text).into_iter().map(|p| &text[p.range]).collect()
    }

    #[test]
    fn blank_lines_and_list_items() {
        let text = "Heading\n\nOne. Two.\n\n  • Item one.\n  • Item two.\n    Montesinos\n";
        assert_eq!(texts(text), ["Heading", "One. Two.", "Item one.", "Item two.", "Montesinos"]);
    }

    #[test]
    fn hard_wrapped_text_is_joined() {
        let text = "This is a paragraph that was wrapped by an editor at a fixed\n\
                    width, so its lines belong together and must be joined again\n\
                    into one paragraph.\n\
                    Short line\n";
        let got = texts(text);
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(got[0].ends_with("into one paragraph."));
        assert_eq!(got[1], "Short line");
    }

    #[test]
    fn footer_lines_of_unwrapped_text_stay_apart() {
        let long = "word ".repeat(60);
        let text =
            format!("{long}\n\nPosted on Worker Online\nWrite: Box 3486, Chicago\nPhone: 773-227-4066\n");
        assert_eq!(
            texts(&text)[1..],
            ["Posted on Worker Online", "Write: Box 3486, Chicago", "Phone: 773-227-4066"]
        );
    }

    #[test]
    fn list_markers() {
        assert_eq!(list_marker("• item"), Some("• ".len()));
        assert_eq!(list_marker("12) item"), Some(4));
        assert_eq!(list_marker("b) item"), Some(3));
        assert_eq!(list_marker("1995. In May"), None);
        assert_eq!(list_marker("1.) item"), Some(4));
        assert_eq!(list_marker("(iv) item"), Some(5));
        assert_eq!(list_marker("e.g. this"), None);
        assert_eq!(list_marker("-5 degrees"), None);
        assert_eq!(list_marker("•"), None);
        assert_eq!(list_marker("* * * * *"), None, "a separator is not a list item");
        assert_eq!(list_marker("— dijo ella"), None, "a dialogue dash is not a bullet");
    }

    #[test]
    fn a_long_line_ending_with_a_space_is_a_soft_break() {
        // Text taken from PDF: wrapped at no fixed width ("Banco" would have fitted on the line before),
        // but the line ends with a space. The short heading with a space left over stays apart.
        let text = "Informe anual \n\
                    La comisión presentó hoy en Lima el informe sobre la gestión del \n\
                    Banco Central de Reserva durante el año pasado y las cuentas del ejercicio.\n";
        let got = texts(text);
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(got[0], "Informe anual");
        assert!(got[1].starts_with("La comisión") && got[1].ends_with("ejercicio."), "{got:?}");
        // Without the space, the same lines are kept apart.
        assert_eq!(texts(&text.replace(" \n", "\n")).len(), 3);
    }

    #[test]
    fn crlf_and_empty_input() {
        assert_eq!(texts("One.\r\n\r\nTwo.\r\n"), ["One.", "Two."]);
        assert_eq!(texts("Old Mac.\r\rLines.\r"), ["Old Mac.", "Lines."]);
        assert!(texts("").is_empty());
        assert!(texts("\n \n\t\n").is_empty());
    }
}
