//! Text encodings of editions: UTF-8 (with or without a byte-order mark), UTF-16 (with a mark, or told
//! by its zero bytes), and the Windows-1252 / ISO-8859-1 of older web pages, detected or forced.
//!
//! Detection: a byte-order mark decides; else zero bytes in every other position mean UTF-16; else
//! valid UTF-8 is UTF-8; else the text is read as Windows-1252 (a superset of the printable
//! ISO-8859-1). Whatever the encoding, a text with zero bytes or many control characters is refused as
//! binary data rather than aligned.
//!
//! What it does not do: guess among other legacy encodings (Shift-JIS, KOI8...); force those with
//! [`Encoding::Named`].

use std::path::Path;

use crate::error::{Error, Result};

/// How the bytes of a file are to be read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Encoding {
    /// Detect (see the module documentation).
    #[default]
    Auto,
    /// This encoding, by its WHATWG label (`utf-8`, `utf-16le`, `windows-1252`, `latin1`...).
    Named(&'static encoding_rs::Encoding),
}

impl std::str::FromStr for Encoding {
    type Err = Error;

    fn from_str(s: &str) -> Result<Encoding> {
        if s.eq_ignore_ascii_case("auto") {
            return Ok(Encoding::Auto);
        }
        encoding_rs::Encoding::for_label(s.trim().as_bytes())
            .map(Encoding::Named)
            .ok_or_else(|| Error::UnknownEncoding(s.to_string()))
    }
}

/// Share of control characters (other than tab and line breaks) from which a text is taken for binary.
const MAX_CONTROL_SHARE: f64 = 0.01;

/// Decodes `bytes` read from `path`; returns the text and the name of the encoding used.
///
/// ```
/// use alinea::encoding::{decode, Encoding};
/// use std::path::Path;
/// let (text, used) = decode(b"Per\xfa", Path::new("a.txt"), Encoding::Auto).unwrap();
/// assert_eq!((text.as_str(), used), ("Perú", "windows-1252"));
/// let (text, used) = decode(b"\xff\xfeP\x00e\x00", Path::new("b.txt"), Encoding::Auto).unwrap();
/// assert_eq!((text.as_str(), used), ("Pe", "UTF-16LE"));
/// assert!(decode(b"\x00\x01\x02binary", Path::new("c.bin"), Encoding::Auto).is_err());
/// ```
pub fn decode(bytes: &[u8], path: &Path, encoding: Encoding) -> Result<(String, &'static str)> {
    let (text, used) = decode_cells(bytes, path, encoding)?;
    if let Some(at) = binary_at(&text) {
        return Err(Error::NotText {
            path: path.to_path_buf(),
            message: format!(
                "looks like binary data, not text (control character at character {at}); give a text, HTML \
                 or pre-segmented file"
            ),
        });
    }
    Ok((text, used))
}

/// Decodes `bytes` as [`decode`] does, but lets control characters through: a table cell may hold one
/// (pasted from another program), which the writers drop or escape, and refusing the whole table for
/// it would lose the review.
pub fn decode_cells(bytes: &[u8], path: &Path, encoding: Encoding) -> Result<(String, &'static str)> {
    let encoding = match encoding {
        Encoding::Named(e) => e,
        Encoding::Auto => {
            let encoding = detect(bytes);
            if encoding == encoding_rs::WINDOWS_1252
                && let Some(bad) = corrupt_utf8(bytes)
            {
                // Read as Windows-1252, every accented letter of the rest would turn to mojibake.
                return Err(Error::Encoding {
                    path: path.to_path_buf(),
                    message: format!("UTF-8 with an invalid byte at {}", Position::of(bytes, bad)),
                });
            }
            encoding
        }
    };
    let (text, used, had_errors) = encoding.decode(bytes);
    if had_errors {
        let at = if used == encoding_rs::UTF_8 {
            let bom = if bytes.starts_with(b"\xEF\xBB\xBF") { 3 } else { 0 };
            std::str::from_utf8(&bytes[bom..]).err().map_or(0, |e| bom + e.valid_up_to())
        } else {
            0
        };
        return Err(Error::Encoding {
            path: path.to_path_buf(),
            message: format!("not valid {}: first bad byte at {}", used.name(), Position::of(bytes, at)),
        });
    }
    Ok((text.into_owned(), used.name()))
}

fn detect(bytes: &[u8]) -> &'static encoding_rs::Encoding {
    if let Some((encoding, _)) = encoding_rs::Encoding::for_bom(bytes) {
        return encoding;
    }
    if let Some(utf16) = unmarked_utf16(bytes) {
        return utf16;
    }
    if std::str::from_utf8(bytes).is_ok() { encoding_rs::UTF_8 } else { encoding_rs::WINDOWS_1252 }
}

/// UTF-16 without a byte-order mark, told by its first 4 KB: text in Latin script (markup included)
/// has a zero byte in every other position. Shared by the text reader and the TMX reader.
pub(crate) fn unmarked_utf16(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    let pairs = head.len() / 2;
    if pairs < 2 {
        return None;
    }
    let zeros_at = |parity: usize| head.iter().skip(parity).step_by(2).filter(|&&b| b == 0).count();
    let (even, odd) = (zeros_at(0), zeros_at(1));
    if odd * 10 >= pairs * 4 && even * 20 < pairs {
        Some(encoding_rs::UTF_16LE)
    } else if even * 10 >= pairs * 4 && odd * 20 < pairs {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    }
}

/// The offset of the first invalid byte of a text that is otherwise UTF-8: one that has both valid
/// multi-byte sequences and invalid bytes. A Windows-1252 text almost never holds a valid multi-byte
/// sequence (it would take an accented capital followed by a symbol, as in "Ã©").
fn corrupt_utf8(bytes: &[u8]) -> Option<usize> {
    let mut multibyte = false;
    let mut first_bad = None;
    let mut offset = 0;
    for chunk in bytes.utf8_chunks() {
        multibyte |= !chunk.valid().is_ascii();
        offset += chunk.valid().len();
        if !chunk.invalid().is_empty() && first_bad.is_none() {
            first_bad = Some(offset);
        }
        offset += chunk.invalid().len();
    }
    first_bad.filter(|_| multibyte)
}

/// A byte offset with its line and column, for messages.
struct Position {
    offset: usize,
    line: usize,
    column: usize,
}

impl Position {
    fn of(bytes: &[u8], offset: usize) -> Position {
        let before = &bytes[..offset.min(bytes.len())];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
        Position { offset, line, column: offset - line_start + 1 }
    }
}

impl std::fmt::Display for Position {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "byte {} (line {}, column {})", self.offset, self.line, self.column)
    }
}

/// Where a text shows itself binary: its first zero character, or its first control character when
/// they are more than [`MAX_CONTROL_SHARE`] of it.
fn binary_at(text: &str) -> Option<usize> {
    let is_control = |c: char| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0c');
    if let Some(at) = text.chars().position(|c| c == '\0') {
        return Some(at);
    }
    let total = text.chars().count().max(1);
    let controls = text.chars().filter(|&c| is_control(c)).count();
    (controls as f64 / total as f64 > MAX_CONTROL_SHARE)
        .then(|| text.chars().position(is_control).unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn auto(bytes: &[u8]) -> Result<(String, &'static str)> {
        decode(bytes, Path::new("t"), Encoding::Auto)
    }

    #[test]
    fn detects_the_usual_encodings() {
        assert_eq!(auto("¡Perú!".as_bytes()).unwrap(), ("¡Perú!".to_string(), "UTF-8"));
        assert_eq!(auto(b"\xEF\xBB\xBFhola").unwrap(), ("hola".to_string(), "UTF-8"));
        assert_eq!(auto(b"\xA1Per\xFA! \x93quote\x94").unwrap().0, "¡Perú! \u{201C}quote\u{201D}");
        let utf16le: Vec<u8> = "Perú".encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(auto(&utf16le).unwrap(), ("Perú".to_string(), "UTF-16LE"));
        let utf16be: Vec<u8> = "Perú y más".encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(auto(&utf16be).unwrap(), ("Perú y más".to_string(), "UTF-16BE"));
        assert_eq!(auto(b"").unwrap().0, "");
    }

    #[test]
    fn binary_data_and_forced_mismatches_are_errors() {
        let err = auto(b"PK\x03\x04\x00\x00zip").unwrap_err().to_string();
        assert!(err.contains("binary data"), "{err}");
        let forced =
            decode(b"Per\xfa", Path::new("t.txt"), "utf-8".parse().unwrap()).unwrap_err().to_string();
        assert!(forced.contains("not valid UTF-8: first bad byte at byte 3 (line 1, column 4)"), "{forced}");
        assert_eq!(decode(b"Per\xfa", Path::new("t"), "latin1".parse().unwrap()).unwrap().0, "Perú");
        assert!("klingon".parse::<Encoding>().is_err());
    }

    #[test]
    fn utf8_with_a_bad_byte_is_refused_not_read_as_windows_1252() {
        let err = auto(b"Per\xc3\xba.\nLa naci\xf3n.").unwrap_err().to_string();
        assert!(err.contains("UTF-8 with an invalid byte at byte 14 (line 2, column 8)"), "{err}");
        // Windows-1252 text, with no valid multi-byte sequence, is still read as such.
        assert_eq!(auto(b"La naci\xf3n.\n\xbfS\xed?").unwrap().0, "La naci\u{f3}n.\n\u{bf}S\u{ed}?");
    }
}
