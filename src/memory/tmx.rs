//! TMX 1.4b output, streamed.
//!
//! The header carries every attribute the TMX 1.4b DTD requires; each unit with both sides non-empty
//! becomes a `<tu>` with its `tuid`, a UTC `creationdate`, `x-alinea-*` properties (score, bead type,
//! document, sentence positions) and one `<tuv xml:lang>` per language. Text is escaped, and characters
//! that XML 1.0 forbids (control characters other than tab and line breaks) are removed, since no tool
//! could read them back.
//!
//! No `<!DOCTYPE>` is written: the DTD is not shipped beside the memory, and an XML parser that follows
//! a DOCTYPE to a missing file fails where one without it reads on. The output is still valid against
//! `tmx14.dtd` (the tests check it with `xmllint --dtdvalid`).
//!
//! What it does not do: read TMX.

use std::io::{self, Write};

use quick_xml::escape::escape;

use super::TranslationUnit;

/// The header fields of a memory.
#[derive(Clone, Debug)]
pub struct Header {
    /// Source language code (`en`, `en-US`).
    pub source_lang: String,
    /// Target language code (`es`, `es-ES`).
    pub target_lang: String,
    /// Creation date in TMX's form, `YYYYMMDDThhmmssZ` (UTC).
    pub creation_date: String,
}

impl Header {
    /// A header for English to Spanish, dated now (or at `SOURCE_DATE_EPOCH` when that is set, so that
    /// builds can be reproduced byte for byte).
    pub fn new(source_lang: &str, target_lang: &str) -> Header {
        let now = std::env::var("SOURCE_DATE_EPOCH")
            .ok()
            .and_then(|s| s.trim().parse::<i64>().ok())
            .and_then(|secs| jiff::Timestamp::from_second(secs).ok())
            .unwrap_or_else(jiff::Timestamp::now);
        Header {
            source_lang: source_lang.to_string(),
            target_lang: target_lang.to_string(),
            creation_date: now.strftime("%Y%m%dT%H%M%SZ").to_string(),
        }
    }
}

/// Writes a TMX document unit by unit.
///
/// ```
/// use alinea::memory::tmx::{Header, Writer};
/// use alinea::memory::TranslationUnit;
/// let mut out = Vec::new();
/// let header = Header { source_lang: "en".into(), target_lang: "es".into(), creation_date: "20260101T000000Z".into() };
/// let mut tmx = Writer::new(&mut out, &header, "doc").unwrap();
/// let unit = TranslationUnit { id: 1, en: "Fish & chips".into(), es: "Pescado y papas".into(), score: 0.9,
///     kind: alinea::align::BeadKind { en: 1, es: 1 }, en_sentences: 0..1, es_sentences: 0..1 };
/// tmx.write_unit(&unit).unwrap();
/// tmx.finish().unwrap();
/// let text = String::from_utf8(out).unwrap();
/// assert!(text.contains("<seg>Fish &amp; chips</seg>"));
/// ```
pub struct Writer<'h, W: Write> {
    out: W,
    header: &'h Header,
    document: String,
}

impl<'h, W: Write> Writer<'h, W> {
    /// Writes the XML declaration and the header; `document` names the source document in each unit.
    pub fn new(mut out: W, header: &'h Header, document: &str) -> io::Result<Writer<'h, W>> {
        writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
        writeln!(out, r#"<tmx version="1.4">"#)?;
        writeln!(
            out,
            r#"  <header creationtool="alinea" creationtoolversion="{}" segtype="sentence" o-tmf="alinea" adminlang="en" srclang="{}" datatype="plaintext" creationdate="{}"/>"#,
            env!("CARGO_PKG_VERSION"),
            attr(&header.source_lang),
            attr(&header.creation_date),
        )?;
        writeln!(out, "  <body>")?;
        Ok(Writer { out, header, document: document.to_string() })
    }

    /// Writes one unit; a unit with an empty side is skipped (it is not a translation).
    pub fn write_unit(&mut self, unit: &TranslationUnit) -> io::Result<()> {
        if !unit.is_pair() {
            return Ok(());
        }
        let out = &mut self.out;
        writeln!(out, r#"    <tu tuid="{}" creationdate="{}">"#, unit.id, attr(&self.header.creation_date))?;
        writeln!(out, r#"      <prop type="x-alinea-score">{:.3}</prop>"#, unit.score)?;
        writeln!(out, r#"      <prop type="x-alinea-bead">{}</prop>"#, unit.kind)?;
        writeln!(out, r#"      <prop type="x-alinea-document">{}</prop>"#, text(&self.document))?;
        writeln!(
            out,
            r#"      <prop type="x-alinea-sentences">{}:{} {}:{}</prop>"#,
            attr(&self.header.source_lang),
            positions(&unit.en_sentences),
            attr(&self.header.target_lang),
            positions(&unit.es_sentences)
        )?;
        for (lang, seg) in [(&self.header.source_lang, &unit.en), (&self.header.target_lang, &unit.es)] {
            writeln!(out, r#"      <tuv xml:lang="{}"><seg>{}</seg></tuv>"#, attr(lang), text(seg))?;
        }
        writeln!(out, "    </tu>")
    }

    /// Closes the document and returns the output.
    pub fn finish(mut self) -> io::Result<W> {
        writeln!(self.out, "  </body>")?;
        writeln!(self.out, "</tmx>")?;
        self.out.flush()?;
        Ok(self.out)
    }
}

/// Sentence positions as written in the CSV and the TMX: `5,6` (0-based), empty for none.
fn positions(range: &std::ops::Range<usize>) -> String {
    range.clone().map(|i| i.to_string()).collect::<Vec<_>>().join(",")
}

/// Whether XML 1.0 allows `c` in a document.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

fn text(s: &str) -> String {
    if s.chars().all(is_xml_char) {
        escape(s).into_owned()
    } else {
        escape(s.chars().filter(|&c| is_xml_char(c)).collect::<String>()).into_owned()
    }
}

fn attr(s: &str) -> String {
    text(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forbidden_characters_are_removed_and_markup_escaped() {
        assert_eq!(text("a\u{1}b\u{FFFF} <c> & \"d\""), "ab &lt;c&gt; &amp; &quot;d&quot;");
        assert_eq!(text("tab\tkept"), "tab\tkept");
    }

    #[test]
    fn positions_are_comma_separated() {
        assert_eq!(positions(&(5..7)), "5,6");
        assert_eq!(positions(&(3..3)), "");
    }
}
