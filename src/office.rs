//! Word-processor editions, DOCX (Word) and ODT (LibreOffice, Google Docs' OpenDocument export): their
//! text with the structure that matters for alignment, as plain text the segmenter reads.
//!
//! Both are ZIP archives of XML (read with zip and quick-xml). Every paragraph, heading and table cell
//! becomes a paragraph (a blank line between them), a list item a `•` item, a line break a line break;
//! footnotes and endnotes are kept apart from the body, as paragraphs after it, so that a note does not
//! cut the sentence that calls it. Text deleted under tracked changes, comments and field codes are left
//! out.
//!
//! What it does not do: read the legacy binary `.doc` or RTF (save them as DOCX), or keep formatting.

use std::io::{Cursor, Read};
use std::path::Path;

use quick_xml::events::Event;

use crate::error::{Error, Result};

/// What a ZIP archive holds, told by its content.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A Word document (`word/document.xml`).
    Docx,
    /// An OpenDocument text (`content.xml`, mimetype `application/vnd.oasis.opendocument.text`).
    Odt,
}

fn error(path: &Path, message: impl Into<String>) -> Error {
    Error::Document { path: path.to_path_buf(), message: message.into() }
}

/// Tells a DOCX from an ODT by the archive's entries: `Ok(None)` for another archive, an error for an
/// archive that cannot be read (a damaged or truncated file).
pub fn kind(bytes: &[u8]) -> std::result::Result<Option<Kind>, String> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    Ok(if archive.by_name("word/document.xml").is_ok() {
        Some(Kind::Docx)
    } else if archive.by_name("content.xml").is_ok() {
        Some(Kind::Odt)
    } else {
        None
    })
}

/// The text of a DOCX or ODT file's `bytes` (`path` names it in errors).
///
/// ```no_run
/// let bytes = std::fs::read("article.docx").unwrap();
/// let text = alinea::office::to_text(&bytes, std::path::Path::new("article.docx")).unwrap();
/// ```
pub fn to_text(bytes: &[u8], path: &Path) -> Result<String> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        error(
            path,
            format!(
                "not a readable DOCX or ODT file ({e}); open it in your word processor and save it again"
            ),
        )
    })?;
    let mut entry = |name: &str| -> Result<Option<String>> {
        let mut file = match archive.by_name(name) {
            Ok(file) => file,
            Err(zip::result::ZipError::FileNotFound) => return Ok(None),
            Err(e) => return Err(error(path, format!("{name} cannot be read from the archive: {e}"))),
        };
        let mut text = String::new();
        file.read_to_string(&mut text)
            .map_err(|e| error(path, format!("{name} is damaged ({e}); save the document again")))?;
        Ok(Some(text))
    };
    let (body, notes) = if let Some(document) = entry("word/document.xml")? {
        let mut text = docx(&document).map_err(|e| error(path, format!("word/document.xml: {e}")))?;
        let mut notes = String::new();
        for name in ["word/footnotes.xml", "word/endnotes.xml"] {
            if let Some(xml) = entry(name)? {
                notes.push_str(&docx(&xml).map_err(|e| error(path, format!("{name}: {e}")))?);
            }
        }
        text.truncate(text.trim_end().len());
        (text, notes)
    } else if let Some(content) = entry("content.xml")? {
        odt(&content).map_err(|e| error(path, format!("content.xml: {e}")))?
    } else {
        return Err(error(path, "a ZIP archive that is neither a DOCX nor an ODT document"));
    };
    let mut text = body.trim_end().to_string();
    if !notes.trim().is_empty() {
        text.push_str("\n\n");
        text.push_str(notes.trim_end());
    }
    text.push('\n');
    Ok(text)
}

/// Local name of an XML name (`w:p` → `p`).
fn local(name: &str) -> &str {
    name.rsplit_once(':').map_or(name, |(_, local)| local)
}

/// The paragraphs of WordprocessingML (a document, or its footnotes or endnotes).
fn docx(xml: &str) -> std::result::Result<String, String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = String::new();
    let mut paragraph = String::new();
    let mut list_item = false;
    // Depth inside elements whose text is not the document's: deleted text, field codes, the note
    // separators of footnotes.xml.
    let mut skipped = 0usize;
    let mut in_text = false;
    loop {
        let event =
            reader.read_event().map_err(|e| format!("not well-formed XML ({e}); save the document again"))?;
        match event {
            Event::Start(e) => match local(e.name().as_ref()) {
                "p" => {
                    paragraph.clear();
                    list_item = false;
                }
                "t" => in_text = true,
                "del" | "instrText" | "delText" => skipped += 1,
                "footnote" | "endnote" => {
                    let separator = e
                        .attributes()
                        .flatten()
                        .any(|a| local(a.key.as_ref()) == "type" && a.value.as_ref() != "normal");
                    if separator {
                        skipped += 1;
                    }
                }
                _ => {}
            },
            Event::Empty(e) => match local(e.name().as_ref()) {
                "numPr" => list_item = true,
                "tab" => paragraph.push(' '),
                "br" | "cr" => paragraph.push('\n'),
                _ => {}
            },
            Event::Text(t) if in_text && skipped == 0 => {
                paragraph.push_str(&t.xml10_content());
            }
            Event::GeneralRef(r) if in_text && skipped == 0 => paragraph.push_str(&resolve(&r)),
            Event::End(e) => match local(e.name().as_ref()) {
                "t" => in_text = false,
                "del" | "instrText" | "delText" => skipped = skipped.saturating_sub(1),
                "footnote" | "endnote" => skipped = 0,
                "p" if skipped == 0 => push_paragraph(&mut out, &paragraph, list_item),
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

/// An XML character or entity reference (`&amp;`, `&#233;`) as text; an entity of a DTD as nothing.
fn resolve(r: &quick_xml::events::BytesRef<'_>) -> String {
    match r.resolve_char_ref() {
        Ok(Some(c)) => c.to_string(),
        _ => quick_xml::escape::resolve_xml_entity(&r.xml10_content()).unwrap_or_default().to_string(),
    }
}

fn push_paragraph(out: &mut String, paragraph: &str, list_item: bool) {
    let text = paragraph.trim();
    if text.is_empty() {
        return;
    }
    if list_item {
        out.push_str("• ");
    }
    out.push_str(text);
    out.push_str("\n\n");
}

/// The body and the notes of an OpenDocument text's `content.xml`.
fn odt(xml: &str) -> std::result::Result<(String, String), String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let (mut body, mut notes) = (String::new(), String::new());
    // Paragraphs being read, innermost last: a note's paragraph sits inside the paragraph that calls it.
    let mut open: Vec<(String, bool)> = Vec::new();
    let mut note_depth = 0usize;
    let mut skipped = 0usize;
    let mut list_item_pending = false;
    loop {
        let event =
            reader.read_event().map_err(|e| format!("not well-formed XML ({e}); save the document again"))?;
        match event {
            Event::Start(e) => match local(e.name().as_ref()) {
                "p" | "h" => {
                    open.push((String::new(), list_item_pending));
                    list_item_pending = false;
                }
                "list-item" => list_item_pending = true,
                "note" => note_depth += 1,
                "note-citation" | "annotation" | "tracked-changes" => skipped += 1,
                _ => {}
            },
            Event::Empty(e) => {
                let Some((text, _)) = open.last_mut() else { continue };
                match local(e.name().as_ref()) {
                    "s" => {
                        let count = e
                            .attributes()
                            .flatten()
                            .find(|a| local(a.key.as_ref()) == "c")
                            .and_then(|a| a.value.parse().ok())
                            .unwrap_or(1usize);
                        text.push_str(&" ".repeat(count.min(100)));
                    }
                    "tab" => text.push(' '),
                    "line-break" => text.push('\n'),
                    _ => {}
                }
            }
            Event::Text(t) if skipped == 0 => {
                if let Some((text, _)) = open.last_mut() {
                    text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) if skipped == 0 => {
                if let Some((text, _)) = open.last_mut() {
                    text.push_str(&resolve(&r));
                }
            }
            Event::End(e) => match local(e.name().as_ref()) {
                "p" | "h" => {
                    if let Some((text, item)) = open.pop() {
                        let out = if note_depth > 0 { &mut notes } else { &mut body };
                        push_paragraph(out, &text, item);
                    }
                }
                "note" => note_depth = note_depth.saturating_sub(1),
                "note-citation" | "annotation" | "tracked-changes" => skipped = skipped.saturating_sub(1),
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Ok((body, notes))
}
