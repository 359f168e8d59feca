//! TMX 1.4b: streamed writing, and streamed reading of TMX 1.1 to 1.4b as real tools export it.
//!
//! **Writing.** The header carries every attribute the TMX 1.4b DTD requires; each unit with both sides
//! non-empty and not rejected becomes a `<tu>` with its `tuid`, a UTC `creationdate`, `x-alinea-*`
//! properties (score, bead type, document, sentence positions, review status), the reviewer's `<note>`,
//! and one `<tuv xml:lang>` per language. Text is escaped; a carriage return is written as `&#13;` so that
//! XML's line-end normalisation does not turn it into a line feed; characters that XML 1.0 forbids
//! (control characters other than tab and line breaks) are removed, since no tool could read them back.
//! No `<!DOCTYPE>` is written: the DTD is not shipped beside the memory, and a parser that follows a
//! DOCTYPE to a missing file fails where one without it reads on.
//!
//! **Reading.** [`Reader`] yields one [`TmxUnit`] at a time, whatever the size of the file. It accepts a
//! UTF-8 byte-order mark, UTF-16 with a byte-order mark or by its first bytes, and legacy encodings named
//! in the XML declaration; a file that declares UTF-16 but is plainly UTF-8 is read as UTF-8. `xml:lang`
//! (TMX 1.4) and `lang` (TMX 1.1) are both read. Inline markup (`<bpt>`, `<ept>`, `<ph>`, `<it>`, `<ut>`:
//! native codes; `<hi>`, `<sub>`: text) is kept as text or stripped, as asked. Entities other than XML's
//! five are refused, never expanded (no "billion laughs").

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};

use quick_xml::escape::escape;
use quick_xml::events::{BytesStart, Event};

use super::{Languages, Status, TranslationUnit};
use crate::error::{Error, Result};

/// The header fields of a memory that alinea writes.
#[derive(Clone, Debug)]
pub struct Header {
    /// The language codes.
    pub languages: Languages,
    /// Creation date in TMX's form, `YYYYMMDDThhmmssZ` (UTC).
    pub creation_date: String,
    /// The header of a TMX that was read, written back as it was (its attributes, properties and notes,
    /// its version and language codes as written) instead of alinea's own.
    pub kept: Option<TmxHeader>,
}

impl Header {
    /// A header dated `created` (the caller's clock: the time now, or a fixed time for output that can
    /// be reproduced byte for byte).
    ///
    /// ```
    /// use alinea::memory::{tmx::Header, Languages};
    /// let header = Header::new(Languages::default(), std::time::UNIX_EPOCH);
    /// assert_eq!(header.creation_date, "19700101T000000Z");
    /// ```
    pub fn new(languages: Languages, created: std::time::SystemTime) -> Header {
        Header { languages, creation_date: tmx_date(created), kept: None }
    }
}

/// A time in TMX's form, `YYYYMMDDThhmmssZ` (UTC).
pub fn tmx_date(time: std::time::SystemTime) -> String {
    jiff::Timestamp::try_from(time)
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
        .strftime("%Y%m%dT%H%M%SZ")
        .to_string()
}

/// Writes a TMX document unit by unit.
///
/// ```
/// use alinea::memory::tmx::{Header, Writer};
/// use alinea::memory::{Languages, TranslationUnit};
/// let mut out = Vec::new();
/// let header = Header { languages: Languages::default(), creation_date: "20260101T000000Z".into(), kept: None };
/// let mut tmx = Writer::new(&mut out, &header).unwrap();
/// let unit = TranslationUnit { id: 1, source: "Fish & chips".into(), target: "Pescado y papas".into(), ..Default::default() };
/// tmx.write_unit(&unit).unwrap();
/// tmx.finish().unwrap();
/// let text = String::from_utf8(out).unwrap();
/// assert!(text.contains("<seg>Fish &amp; chips</seg>"));
/// ```
pub struct Writer<'h, W: Write> {
    out: W,
    header: &'h Header,
    written: usize,
}

impl<'h, W: Write> Writer<'h, W> {
    /// Writes the XML declaration and the header.
    pub fn new(mut out: W, header: &'h Header) -> io::Result<Writer<'h, W>> {
        writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
        if let Some(kept) = &header.kept {
            writeln!(out, "<tmx{}>", attributes(&kept.root_attributes))?;
            if kept.children.is_empty() {
                writeln!(out, "  <header{}/>", attributes(&kept.attributes))?;
            } else {
                writeln!(out, "  <header{}>{}</header>", attributes(&kept.attributes), kept.children)?;
            }
            writeln!(out, "  <body>")?;
            return Ok(Writer { out, header, written: 0 });
        }
        writeln!(out, r#"<tmx version="1.4">"#)?;
        writeln!(
            out,
            r#"  <header creationtool="alinea" creationtoolversion="{}" segtype="sentence" o-tmf="alinea" adminlang="en" srclang="{}" datatype="plaintext" creationdate="{}"/>"#,
            env!("CARGO_PKG_VERSION"),
            text(&header.languages.source),
            text(&header.creation_date),
        )?;
        writeln!(out, "  <body>")?;
        Ok(Writer { out, header, written: 0 })
    }

    /// Writes one unit, unless it has an empty side or was rejected (it is not a translation then).
    pub fn write_unit(&mut self, unit: &TranslationUnit) -> io::Result<()> {
        if !unit.is_translation() {
            return Ok(());
        }
        self.write_selected(unit)
    }

    /// Writes one unit, whatever its status and score (the caller has selected it); a unit with an empty
    /// side is still left out, unless it was read from a TMX (which is written back whole).
    pub fn write_selected(&mut self, unit: &TranslationUnit) -> io::Result<()> {
        if !unit.is_pair() && unit.kept.is_none() {
            return Ok(());
        }
        let (out, langs) = (&mut self.out, &self.header.languages);
        let kept = unit.kept.as_deref();
        match kept {
            Some(kept) => {
                writeln!(out, "    <tu{}>", attributes(&kept.attributes))?;
                let notes_changed = unit.note != kept.note_text();
                for child in &kept.children {
                    if !(notes_changed && child.note.is_some()) {
                        writeln!(out, "      {}", child.xml)?;
                    }
                }
                if notes_changed && !unit.note.is_empty() {
                    writeln!(out, r#"      <note>{}</note>"#, text(&unit.note))?;
                }
            }
            None => {
                writeln!(
                    out,
                    r#"    <tu tuid="{}" creationdate="{}">"#,
                    unit.id,
                    text(&self.header.creation_date)
                )?;
                if !unit.note.is_empty() {
                    writeln!(out, r#"      <note>{}</note>"#, text(&unit.note))?;
                }
            }
        }
        if let Some(score) = unit.score {
            writeln!(out, r#"      <prop type="x-alinea-score">{score:.3}</prop>"#)?;
        }
        if let Some(kind) = unit.kind {
            writeln!(out, r#"      <prop type="x-alinea-bead">{kind}</prop>"#)?;
        }
        if !unit.document.is_empty() {
            writeln!(out, r#"      <prop type="x-alinea-document">{}</prop>"#, text(&unit.document))?;
        }
        if !unit.source_sentences.is_empty() || !unit.target_sentences.is_empty() {
            writeln!(
                out,
                r#"      <prop type="x-alinea-sentences">{}:{} {}:{}</prop>"#,
                text(&langs.source),
                positions(&unit.source_sentences),
                text(&langs.target),
                positions(&unit.target_sentences)
            )?;
        }
        if unit.status != Status::Unreviewed {
            writeln!(out, r#"      <prop type="x-alinea-status">{}</prop>"#, unit.status.as_str())?;
        }
        if let Some(origin) = unit.origin {
            writeln!(out, r#"      <prop type="x-alinea-aligned">{}</prop>"#, origin.to_cell())?;
        }
        match kept {
            Some(kept) => {
                for (k, variant) in kept.variants.iter().enumerate() {
                    let edited = [(kept.source, &unit.source), (kept.target, &unit.target)]
                        .into_iter()
                        .find(|(side, t)| *side == Some(k) && **t != variant.text)
                        .map(|(_, t)| t);
                    match edited {
                        Some(t) if t.is_empty() => {}
                        Some(t) => writeln!(
                            out,
                            "      <tuv{}>{}<seg>{}</seg></tuv>",
                            attributes(&variant.attributes),
                            variant.children,
                            text(t)
                        )?,
                        None => writeln!(
                            out,
                            "      <tuv{}>{}<seg>{}</seg></tuv>",
                            attributes(&variant.attributes),
                            variant.children,
                            variant.seg
                        )?,
                    }
                }
                for (side, lang, t) in
                    [(kept.source, &langs.source, &unit.source), (kept.target, &langs.target, &unit.target)]
                {
                    if side.is_none() && !t.is_empty() {
                        writeln!(
                            out,
                            r#"      <tuv xml:lang="{}"><seg>{}</seg></tuv>"#,
                            text(lang),
                            text(t)
                        )?;
                    }
                }
            }
            None => {
                for (lang, seg) in [(&langs.source, &unit.source), (&langs.target, &unit.target)] {
                    writeln!(out, r#"      <tuv xml:lang="{}"><seg>{}</seg></tuv>"#, text(lang), text(seg))?;
                }
            }
        }
        self.written += 1;
        writeln!(out, "    </tu>")
    }

    /// Number of units written so far.
    pub fn written(&self) -> usize {
        self.written
    }

    /// Closes the document and returns the output.
    pub fn finish(mut self) -> io::Result<W> {
        writeln!(self.out, "  </body>")?;
        writeln!(self.out, "</tmx>")?;
        self.out.flush()?;
        Ok(self.out)
    }
}

/// Sentence positions as written in a property: `5,6`.
fn positions(list: &[usize]) -> String {
    list.iter().map(usize::to_string).collect::<Vec<_>>().join(",")
}

/// Attributes as written in a start tag: ` name="value"` each, values escaped.
fn attributes(list: &[(String, String)]) -> String {
    list.iter().map(|(k, v)| format!(" {k}=\"{}\"", text(v))).collect()
}

/// Whether XML 1.0 allows `c` in a document.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

/// Escapes text for element content and attribute values alike (quick-xml's `escape` also writes a
/// carriage return as `&#13;`).
fn text(s: &str) -> String {
    if s.chars().all(is_xml_char) {
        escape(s).into_owned()
    } else {
        escape(s.chars().filter(|&c| is_xml_char(c)).collect::<String>()).into_owned()
    }
}

/// What to do with inline markup inside `<seg>`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum InlineTags {
    /// Keep the native codes of `<bpt>`, `<ept>`, `<ph>`, `<it>`, `<ut>` as text (`<b>Click</b>`).
    #[default]
    Keep,
    /// Leave the native codes out, keeping only the translatable text.
    Strip,
}

/// What a `<tu>` held beyond alinea's fields, as it was written, so that a memory read and written back
/// loses nothing: the attributes of `<tu>`, its properties and notes (alinea's own `x-alinea-*`
/// properties aside, which it reads into fields), and every variant with its attributes, properties and
/// inline markup.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Kept {
    /// The attributes of `<tu>`, in order, values unescaped.
    pub attributes: Vec<(String, String)>,
    /// The `<prop>`, `<note>` and other children of `<tu>` before its variants, as XML.
    pub children: Vec<Child>,
    /// The variants, in order.
    pub variants: Vec<Variant>,
    /// Which variant holds the source side, once the unit is read for a language pair.
    pub source: Option<usize>,
    /// Which variant holds the target side.
    pub target: Option<usize>,
}

impl Kept {
    /// The notes' text, joined by line breaks, as [`TmxUnit::to_translation_unit`] reads them.
    fn note_text(&self) -> String {
        self.children.iter().filter_map(|c| c.note.as_deref()).collect::<Vec<_>>().join("\n")
    }
}

/// A child element of `<tu>` as written.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Child {
    /// The element as XML.
    pub xml: String,
    /// Its text, when it is a `<note>`.
    pub note: Option<String>,
}

/// A `<tuv>` as written.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Variant {
    /// Its attributes, in order (the language among them), values unescaped.
    pub attributes: Vec<(String, String)>,
    /// Its children before `<seg>` (properties, notes), as XML.
    pub children: String,
    /// The content of its `<seg>` as XML, inline markup included.
    pub seg: String,
    /// The text of the `<seg>` as read (inline codes kept as text or stripped).
    pub text: String,
}

/// A unit as read from a TMX file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TmxUnit {
    /// The `tuid` attribute, if any.
    pub tuid: Option<String>,
    /// `<prop type="...">value</prop>` of the unit.
    pub props: Vec<(String, String)>,
    /// `<note>` texts of the unit.
    pub notes: Vec<String>,
    /// One (language, text) per `<tuv>`, in document order.
    pub variants: Vec<(String, String)>,
    /// Everything the unit held, as written.
    pub kept: Kept,
}

impl TmxUnit {
    /// The text of the variant in `lang`: an exact match of the code (any case) first, then one with the
    /// same primary language (`en` finds `en-US`).
    pub fn text(&self, lang: &str) -> Option<&str> {
        self.variant(lang).map(|k| self.variants[k].1.as_str())
    }

    /// The index of the variant in `lang` (see [`TmxUnit::text`]).
    fn variant(&self, lang: &str) -> Option<usize> {
        let primary = |code: &str| code.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
        self.variants
            .iter()
            .position(|(l, _)| l.eq_ignore_ascii_case(lang))
            .or_else(|| self.variants.iter().position(|(l, _)| primary(l) == primary(lang)))
    }

    /// The unit as a [`TranslationUnit`] of `languages` that keeps everything it held (see [`Kept`]),
    /// for a memory written back as TMX: a side whose language the unit lacks is empty.
    pub fn into_kept_unit(self, languages: &Languages, ordinal: usize) -> TranslationUnit {
        let (source, target) = (self.variant(&languages.source), self.variant(&languages.target));
        let target = target.filter(|t| Some(*t) != source);
        let side = |k: Option<usize>| k.map_or(String::new(), |k| self.variants[k].1.clone());
        let mut unit = self.to_unit_fields(side(source), side(target), ordinal);
        let mut kept = self.kept;
        kept.source = source;
        kept.target = target;
        unit.kept = Some(Box::new(kept));
        unit
    }

    fn prop(&self, name: &str) -> Option<&str> {
        self.props.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// The unit as a [`TranslationUnit`] of `languages`, with alinea's properties read back; `None` when
    /// a language is missing. `ordinal` numbers units whose `tuid` is not a number.
    pub fn to_translation_unit(&self, languages: &Languages, ordinal: usize) -> Option<TranslationUnit> {
        let source = self.text(&languages.source)?.to_string();
        let target = self.text(&languages.target)?.to_string();
        Some(self.to_unit_fields(source, target, ordinal))
    }

    fn to_unit_fields(&self, source: String, target: String, ordinal: usize) -> TranslationUnit {
        let kind = self.prop("x-alinea-bead").and_then(|s| {
            let (a, b) = s.split_once('-')?;
            Some(crate::align::BeadKind { source: a.parse().ok()?, target: b.parse().ok()? })
        });
        let (mut source_sentences_column, mut target_sentences_column) = (Vec::new(), Vec::new());
        if let Some(s) = self.prop("x-alinea-sentences") {
            for (part, list) in s.split(' ').zip([&mut source_sentences_column, &mut target_sentences_column])
            {
                let numbers = part.rsplit_once(':').map_or("", |(_, n)| n);
                list.extend(numbers.split(',').filter_map(|n| n.parse::<usize>().ok()));
            }
        }
        TranslationUnit {
            id: self.tuid.as_deref().and_then(|t| t.parse().ok()).unwrap_or(ordinal),
            document: self.prop("x-alinea-document").unwrap_or("").to_string(),
            source,
            target,
            score: self.prop("x-alinea-score").and_then(|s| s.parse().ok()),
            kind,
            source_sentences: source_sentences_column,
            target_sentences: target_sentences_column,
            status: self.prop("x-alinea-status").and_then(Status::parse).unwrap_or_default(),
            note: self.notes.join("\n"),
            origin: self.prop("x-alinea-aligned").and_then(super::Origin::from_cell),
            kept: None,
        }
    }
}

/// The header of a TMX document as read: the fields that matter to a reader, and everything as written.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TmxHeader {
    /// The `version` of `<tmx>` (`1.1`, `1.4`).
    pub version: String,
    /// The `srclang` of the header (`en-US`, or `*all*`).
    pub srclang: String,
    /// The `creationtool` of the header.
    pub creationtool: String,
    /// The attributes of `<tmx>`, in order.
    pub root_attributes: Vec<(String, String)>,
    /// The attributes of `<header>`, in order.
    pub attributes: Vec<(String, String)>,
    /// The children of `<header>` (properties, notes, user-defined encodings), as XML.
    pub children: String,
}

/// Reads the units of a TMX document one at a time.
pub struct Reader<R: BufRead> {
    xml: quick_xml::Reader<R>,
    buf: Vec<u8>,
    inline: InlineTags,
    path: PathBuf,
    header: TmxHeader,
    seen_root: bool,
    done: bool,
    /// The unit (or error) that [`Reader::read_header`] read ahead.
    pending: Option<Result<TmxUnit>>,
    /// Whether the last start tag read was an empty element (`<header/>`).
    xml_was_empty: bool,
}

/// A stream of UTF-8 decoded from whatever the input holds.
pub type Decoded<R = File> = BufReader<encoding_rs_io::DecodeReaderBytes<R, Vec<u8>>>;

/// Opens a TMX file for reading, detecting its encoding.
pub fn open(path: &Path, inline: InlineTags) -> Result<Reader<Decoded>> {
    let mut head = Vec::new();
    File::open(path).and_then(|f| f.take(1024).read_to_end(&mut head)).map_err(|e| Error::io(path, e))?;
    let file = File::open(path).map_err(|e| Error::io(path, e))?;
    decode(file, &head, path, inline)
}

/// Reads TMX from bytes in any encoding, as [`open`] does: `head` holds the input's first bytes (up to
/// 1 KB), which decide the encoding; `path` names the input in errors. An XML declaration that names an
/// encoding unknown to alinea is an error.
pub fn decode<R: Read>(input: R, head: &[u8], path: &Path, inline: InlineTags) -> Result<Reader<Decoded<R>>> {
    let encoding = sniff_encoding(&head[..head.len().min(1024)]).map_err(|label| Error::NotText {
        path: path.to_path_buf(),
        message: format!(
            "the XML declaration names the encoding {label:?}, which alinea does not know; convert the file \
             to UTF-8 (for example with iconv) and change the declaration"
        ),
    })?;
    let decoder =
        encoding_rs_io::DecodeReaderBytesBuilder::new().encoding(encoding).bom_override(true).build(input);
    Ok(Reader::new(BufReader::new(decoder), path, inline))
}

/// The encoding of a TMX file from its first bytes: `None` for UTF-8 or a byte-order mark (which the
/// decoder honours), UTF-16 when the bytes are plainly UTF-16 without a mark, else the encoding its XML
/// declaration names, unless that is UTF-16 and the bytes are ASCII (a known memoQ slip). An encoding
/// name that is not known is returned as the error.
fn sniff_encoding(head: &[u8]) -> std::result::Result<Option<&'static encoding_rs::Encoding>, String> {
    if encoding_rs::Encoding::for_bom(head).is_some() {
        return Ok(None);
    }
    if let Some(utf16) = crate::encoding::unmarked_utf16(head) {
        return Ok(Some(utf16));
    }
    let Some(label) = declared_encoding(head) else { return Ok(None) };
    let encoding =
        encoding_rs::Encoding::for_label(label.trim().as_bytes()).ok_or_else(|| label.to_string())?;
    if encoding == encoding_rs::UTF_16LE
        || encoding == encoding_rs::UTF_16BE
        || encoding == encoding_rs::UTF_8
    {
        Ok(None)
    } else {
        Ok(Some(encoding))
    }
}

/// The `encoding` of an XML declaration at the start of `head`, if any.
fn declared_encoding(head: &[u8]) -> Option<&str> {
    let declaration = head.strip_prefix(b"<?xml")?.split(|&b| b == b'>').next()?;
    let declaration = std::str::from_utf8(declaration).ok()?;
    let start = declaration.find("encoding")? + "encoding".len();
    let rest = declaration[start..].trim_start().strip_prefix('=')?.trim_start();
    let quote = rest.chars().next().filter(|c| matches!(c, '"' | '\''))?;
    rest[1..].split(quote).next()
}

impl<R: BufRead> Reader<R> {
    /// Reads UTF-8 XML from `input`; `path` names it in errors.
    pub fn new(input: R, path: &Path, inline: InlineTags) -> Reader<R> {
        let mut xml = quick_xml::Reader::from_reader(input);
        xml.config_mut().check_end_names = true;
        Reader {
            xml,
            buf: Vec::new(),
            inline,
            path: path.to_path_buf(),
            header: TmxHeader::default(),
            seen_root: false,
            done: false,
            pending: None,
            xml_was_empty: false,
        }
    }

    /// The header, once the first unit (or the end) has been read.
    pub fn header(&self) -> &TmxHeader {
        &self.header
    }

    fn error(&self, message: impl Into<String>) -> Error {
        Error::Tmx { path: self.path.clone(), position: self.xml.buffer_position(), message: message.into() }
    }

    fn event(&mut self) -> Result<Event<'static>> {
        self.buf.clear();
        match self.xml.read_event_into(&mut self.buf) {
            Ok(event) => {
                self.xml_was_empty = matches!(event, Event::Empty(_));
                Ok(event.into_owned())
            }
            Err(e) => Err(self.error(format!("not well-formed XML: {e}"))),
        }
    }

    fn attribute(&self, element: &BytesStart<'_>, names: &[&str]) -> Result<Option<String>> {
        for attribute in element.attributes() {
            let attribute = attribute.map_err(|e| self.error(format!("bad attribute: {e}")))?;
            if names.contains(&attribute.key.as_ref()) {
                let value = attribute
                    .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .map_err(|e| self.error(format!("bad attribute value: {e}")))?;
                return Ok(Some(value.into_owned()));
            }
        }
        Ok(None)
    }

    /// Appends the text of an entity or character reference.
    fn reference(&self, r: &quick_xml::events::BytesRef<'_>, out: &mut String) -> Result<()> {
        if let Some(c) =
            r.resolve_char_ref().map_err(|e| self.error(format!("bad character reference: {e}")))?
        {
            out.push(c);
            return Ok(());
        }
        let name = r.xml10_content();
        match quick_xml::escape::resolve_xml_entity(&name) {
            Some(text) => {
                out.push_str(text);
                Ok(())
            }
            None => Err(self.error(format!(
                "entity &{name}; is not one of XML's five; alinea does not expand entities declared in a DTD"
            ))),
        }
    }

    /// Every attribute of `element`, in order, values unescaped.
    fn attributes(&self, element: &BytesStart<'_>) -> Result<Vec<(String, String)>> {
        let mut list = Vec::new();
        for attribute in element.attributes() {
            let attribute = attribute.map_err(|e| self.error(format!("bad attribute: {e}")))?;
            let value = attribute
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map_err(|e| self.error(format!("bad attribute value: {e}")))?;
            list.push((attribute.key.as_ref().to_string(), value.into_owned()));
        }
        Ok(list)
    }

    /// Reads an element after its start tag up to its end tag (for `<prop>`, `<note>`, `<seg>`): its text
    /// (for a `<seg>`, inline codes kept or stripped as asked) and its content as XML.
    fn element_text(&mut self, name: &str, seg: bool) -> Result<(String, String)> {
        let mut out = String::new();
        let mut raw = String::new();
        // Depth inside native-code elements, whose text is dropped when stripping.
        let mut code_depth = 0usize;
        let mut depth = 0usize;
        loop {
            let keep = !(seg && self.inline == InlineTags::Strip && code_depth > 0);
            let event = self.event()?;
            if !matches!(&event, Event::End(e) if depth == 0 && e.name().as_ref() == name) {
                push_raw(&mut raw, &event);
            }
            match event {
                Event::Text(t) if keep => out.push_str(&t.xml10_content()),
                Event::CData(t) if keep => out.push_str(&t.xml10_content()),
                Event::GeneralRef(r) if keep => self.reference(&r, &mut out)?,
                Event::Start(e) => {
                    depth += 1;
                    if is_native_code(e.name().as_ref()) {
                        code_depth += 1;
                    }
                }
                Event::End(e) if depth == 0 && e.name().as_ref() == name => return Ok((out, raw)),
                Event::End(e) => {
                    depth = depth.saturating_sub(1);
                    if is_native_code(e.name().as_ref()) {
                        code_depth = code_depth.saturating_sub(1);
                    }
                }
                Event::Eof => return Err(self.error(format!("the file ends inside <{name}>"))),
                _ => {}
            }
        }
    }

    /// Reads an element after its start tag up to its end tag; returns it whole as XML.
    fn capture(&mut self, start: &BytesStart<'_>) -> Result<String> {
        let name = start.name().as_ref().to_string();
        let (_, inner) = self.element_text(&name, false)?;
        Ok(format!("<{}>{inner}</{name}>", &**start))
    }

    /// Reads a `<tu>` after its start tag.
    fn unit(&mut self, start: &BytesStart<'_>) -> Result<TmxUnit> {
        let mut unit = TmxUnit { tuid: self.attribute(start, &["tuid"])?, ..TmxUnit::default() };
        unit.kept.attributes = self.attributes(start)?;
        // The `<tuv>` being read: its language, attributes and children before `<seg>`.
        let mut variant: Option<(Option<String>, Variant)> = None;
        let missing_lang = "a <tuv> has no xml:lang (or lang) attribute; its language is unknown";
        loop {
            match self.event()? {
                Event::Start(e) => match e.name().as_ref() {
                    "tuv" => {
                        let attrs = self.attributes(&e)?;
                        let lang = self.attribute(&e, &["xml:lang", "lang"])?;
                        variant = Some((lang, Variant { attributes: attrs, ..Variant::default() }));
                    }
                    "seg" => {
                        let (text, raw) = self.element_text("seg", true)?;
                        let Some((Some(code), mut v)) = variant.take() else {
                            return Err(self.error(missing_lang));
                        };
                        v.seg = raw;
                        v.text = text.clone();
                        unit.variants.push((code.clone(), text));
                        unit.kept.variants.push(v);
                        variant = Some((Some(code), Variant::default()));
                    }
                    name @ ("prop" | "note") => {
                        let name = name.to_string();
                        let kind = self.attribute(&e, &["type"])?.unwrap_or_default();
                        let (value, inner) = self.element_text(&name, false)?;
                        let xml = format!("<{}>{inner}</{name}>", &*e);
                        match (&mut variant, name.as_str()) {
                            (Some((_, v)), _) => v.children.push_str(&xml),
                            (None, "prop") if kind.starts_with("x-alinea-") => {}
                            (None, "prop") => unit.kept.children.push(Child { xml, note: None }),
                            (None, _) => unit.kept.children.push(Child { xml, note: Some(value.clone()) }),
                        }
                        if variant.is_none() {
                            if name == "prop" {
                                unit.props.push((kind, value));
                            } else {
                                unit.notes.push(value);
                            }
                        }
                    }
                    _ => {
                        let xml = self.capture(&e)?;
                        match &mut variant {
                            Some((_, v)) => v.children.push_str(&xml),
                            None => unit.kept.children.push(Child { xml, note: None }),
                        }
                    }
                },
                Event::Empty(e) if e.name().as_ref() == "seg" => {
                    let Some((Some(code), v)) = variant.take() else {
                        return Err(self.error(missing_lang));
                    };
                    unit.variants.push((code.clone(), String::new()));
                    unit.kept.variants.push(v);
                    variant = Some((Some(code), Variant::default()));
                }
                Event::Empty(e) => {
                    let xml = format!("<{}/>", &*e);
                    match &mut variant {
                        Some((_, v)) => v.children.push_str(&xml),
                        None => unit.kept.children.push(Child { xml, note: None }),
                    }
                }
                Event::End(e) if e.name().as_ref() == "tuv" => variant = None,
                Event::End(e) if e.name().as_ref() == "tu" => return Ok(unit),
                Event::Eof => return Err(self.error("the file ends inside a <tu>")),
                _ => {}
            }
        }
    }

    /// Reads the document up to its first unit (or its end), so that [`Reader::header`] is complete.
    pub fn read_header(&mut self) -> Result<&TmxHeader> {
        if self.pending.is_none() && !self.done {
            self.pending = self.next_unit();
        }
        if matches!(self.pending, Some(Err(_)))
            && let Some(Err(e)) = self.pending.take()
        {
            return Err(e);
        }
        Ok(&self.header)
    }

    /// The first unit, once [`Reader::read_header`] has read it.
    pub fn peek(&self) -> Option<&TmxUnit> {
        match &self.pending {
            Some(Ok(unit)) => Some(unit),
            _ => None,
        }
    }
}

/// Appends an event to `raw` as XML, as it was written.
fn push_raw(raw: &mut String, event: &Event<'_>) {
    match event {
        Event::Start(e) => {
            raw.push('<');
            raw.push_str(e);
            raw.push('>');
        }
        Event::Empty(e) => {
            raw.push('<');
            raw.push_str(e);
            raw.push_str("/>");
        }
        Event::End(e) => {
            raw.push_str("</");
            raw.push_str(e);
            raw.push('>');
        }
        Event::Text(t) => raw.push_str(t),
        Event::CData(t) => {
            raw.push_str("<![CDATA[");
            raw.push_str(t);
            raw.push_str("]]>");
        }
        Event::GeneralRef(r) => {
            raw.push('&');
            raw.push_str(r);
            raw.push(';');
        }
        Event::Comment(c) => {
            raw.push_str("<!--");
            raw.push_str(c);
            raw.push_str("-->");
        }
        _ => {}
    }
}

fn is_native_code(name: &str) -> bool {
    matches!(name, "bpt" | "ept" | "ph" | "it" | "ut")
}

impl<R: BufRead> Reader<R> {
    fn next_unit(&mut self) -> Option<Result<TmxUnit>> {
        if self.done {
            return None;
        }
        let result = loop {
            let event = match self.event() {
                Ok(event) => event,
                Err(e) => break Some(Err(e)),
            };
            match event {
                Event::Start(e) | Event::Empty(e) if e.name().as_ref() == "tmx" => {
                    self.seen_root = true;
                    match (self.attribute(&e, &["version"]), self.attributes(&e)) {
                        (Ok(v), Ok(all)) => {
                            self.header.version = v.unwrap_or_default();
                            self.header.root_attributes = all;
                        }
                        (Err(err), _) | (_, Err(err)) => break Some(Err(err)),
                    }
                }
                Event::Start(e) | Event::Empty(e) if e.name().as_ref() == "header" => {
                    let fields = (self.attribute(&e, &["srclang"]), self.attribute(&e, &["creationtool"]));
                    match (fields, self.attributes(&e)) {
                        ((Ok(src), Ok(tool)), Ok(all)) => {
                            self.header.srclang = src.unwrap_or_default();
                            self.header.creationtool = tool.unwrap_or_default();
                            self.header.attributes = all;
                        }
                        ((Err(err), _), _) | ((_, Err(err)), _) | (_, Err(err)) => break Some(Err(err)),
                    }
                    if !self.xml_was_empty {
                        match self.element_text("header", false) {
                            Ok((_, inner)) => self.header.children = inner.trim().to_string(),
                            Err(err) => break Some(Err(err)),
                        }
                    }
                }
                Event::Start(e) if e.name().as_ref() == "tu" => break Some(self.unit(&e)),
                Event::DocType(_) => {
                    // A DTD's entity declarations are never expanded: an entity reference other than
                    // XML's five is an error when met (see `reference`).
                }
                Event::Eof => {
                    break if self.seen_root {
                        None
                    } else {
                        Some(Err(self.error("no <tmx> element: not a TMX file")))
                    };
                }
                _ => {}
            }
        };
        if !matches!(result, Some(Ok(_))) {
            self.done = true;
        }
        result
    }
}

impl<R: BufRead> Iterator for Reader<R> {
    type Item = Result<TmxUnit>;

    fn next(&mut self) -> Option<Result<TmxUnit>> {
        match self.pending.take() {
            Some(unit) => Some(unit),
            None => self.next_unit(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(xml: &str, inline: InlineTags) -> Result<Vec<TmxUnit>> {
        Reader::new(xml.as_bytes(), Path::new("t.tmx"), inline).collect()
    }

    #[test]
    fn forbidden_characters_are_removed_and_markup_escaped() {
        assert_eq!(text("a\u{1}b\u{FFFF} <c> & \"d\""), "ab &lt;c&gt; &amp; &quot;d&quot;");
        assert_eq!(text("tab\tkept\r\n"), "tab\tkept&#13;\n");
    }

    #[test]
    fn inline_tags_kept_or_stripped() {
        let xml = r#"<tmx version="1.4"><header srclang="en"/><body><tu tuid="7">
            <tuv xml:lang="en-US"><seg>Click <bpt i="1">&lt;b&gt;</bpt>here<ept i="1">&lt;/b&gt;</ept> <hi>now</hi>&#33;</seg></tuv>
            <tuv lang="ES"><seg>Pulse <ph>&lt;br/&gt;</ph>aquí</seg></tuv></tu></body></tmx>"#;
        let kept = read(xml, InlineTags::Keep).unwrap();
        assert_eq!(kept[0].text("en"), Some("Click <b>here</b> now!"));
        assert_eq!(kept[0].text("es-ES"), Some("Pulse <br/>aquí"));
        let stripped = read(xml, InlineTags::Strip).unwrap();
        assert_eq!(stripped[0].text("en-us"), Some("Click here now!"));
        assert_eq!(stripped[0].tuid.as_deref(), Some("7"));
    }

    #[test]
    fn entity_expansion_is_refused() {
        let bomb = r#"<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>
            <tmx version="1.4"><header/><body><tu><tuv xml:lang="en"><seg>&b;</seg></tuv></tu></body></tmx>"#;
        let err = read(bomb, InlineTags::Keep).unwrap_err().to_string();
        assert!(err.contains("does not expand entities"), "{err}");
    }

    #[test]
    fn malformed_documents_are_errors() {
        assert!(
            read("<tmx><body><tu><tuv xml:lang='en'><seg>x</tuv></tu></body></tmx>", InlineTags::Keep)
                .is_err()
        );
        assert!(read("<html></html>", InlineTags::Keep).unwrap_err().to_string().contains("not a TMX"));
        let err =
            read("<tmx><body><tu><tuv><seg>x</seg></tuv></tu></body></tmx>", InlineTags::Keep).unwrap_err();
        assert!(err.to_string().contains("no xml:lang"), "{err}");
        assert!(read("<tmx version='1.4'><header/></tmx>", InlineTags::Keep).unwrap().is_empty());
    }

    #[test]
    fn sniffing() {
        assert_eq!(sniff_encoding(b"<?xml version=\"1.0\" encoding=\"utf-16\"?><tmx"), Ok(None));
        assert_eq!(
            sniff_encoding(b"<?xml version='1.0' encoding = 'ISO-8859-1'?>"),
            Ok(Some(encoding_rs::WINDOWS_1252))
        );
        assert_eq!(sniff_encoding(b"<\0?\0x\0m\0l\0"), Ok(Some(encoding_rs::UTF_16LE)));
        assert_eq!(sniff_encoding(b"\xEF\xBB\xBF<?xml"), Ok(None));
        assert_eq!(sniff_encoding(b"<tmx encoding='klingon'>"), Ok(None), "not a declaration");
        assert_eq!(sniff_encoding(b"<?xml version='1.0' encoding='klingon'?>"), Err("klingon".to_string()));
    }
}
