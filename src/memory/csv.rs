//! The review CSV: written for a person to check in a spreadsheet, read back once reviewed.
//!
//! One row per unit, units with an empty side included, so that a reviewer sees what was left out.
//! Columns, in order:
//!
//! | column | content |
//! | --- | --- |
//! | `id` | number of the unit |
//! | `document` | the document it comes from |
//! | `score` | confidence in [0, 1], three decimals; empty when unknown |
//! | `bead` | `1-1`, `2-1`...; empty when unknown |
//! | `en`, `es` | the text of each side, in columns named by the language codes |
//! | `en_sentences`, `es_sentences` | 0-based sentence positions, `5 6` (spaces: a spreadsheet with a decimal comma would read `5,6` as 5.6) |
//! | `status` | the reviewer's verdict: empty, `ok` or `reject` |
//! | `note` | the reviewer's note |
//!
//! Spreadsheets evaluate a cell that starts with `=`, `+`, `-` or `@` as a formula (and a crafted one
//! can run commands). Such text cells are written with a leading apostrophe, which the reader removes
//! again, so that the text that comes back is exactly the text that went out (see [`protect`]).
//!
//! The reader finds columns by name, so a reviewer may reorder them; it needs the two text columns,
//! ignores columns it does not know, and names the line of any cell it cannot read.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use super::{Languages, Status, TranslationUnit};
use crate::align::BeadKind;
use crate::error::{Error, Result};

/// How a CSV is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    /// Field delimiter: `,` by default; `;` suits spreadsheets in locales with a decimal comma; tab.
    pub delimiter: u8,
    /// Start the file with a UTF-8 byte-order mark, which Excel needs to read accents right.
    pub bom: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options { delimiter: b',', bom: false }
    }
}

/// Writes units as review CSV, one row at a time.
///
/// ```
/// use alinea::memory::{csv, Languages, TranslationUnit};
/// let unit = TranslationUnit { id: 1, en: "=1+1, they said".into(), score: Some(0.25), ..Default::default() };
/// let mut out = Vec::new();
/// let mut writer = csv::Writer::new(&mut out, &Languages::default(), csv::Options::default()).unwrap();
/// writer.write_unit(&unit).unwrap();
/// writer.finish().unwrap();
/// assert_eq!(String::from_utf8(out).unwrap(),
///     "id,document,score,bead,en,es,en_sentences,es_sentences,status,note\n\
///      1,,0.250,,\"'=1+1, they said\",,,,,\n");
/// ```
pub struct Writer<W: Write> {
    inner: csv::Writer<W>,
}

impl<W: Write> Writer<W> {
    /// Writes the byte-order mark (if asked) and the header row.
    pub fn new(mut out: W, languages: &Languages, options: Options) -> std::io::Result<Writer<W>> {
        if options.bom {
            out.write_all("\u{FEFF}".as_bytes())?;
        }
        let mut inner = csv::WriterBuilder::new().delimiter(options.delimiter).from_writer(out);
        let (src, tgt) = (&languages.source, &languages.target);
        inner
            .write_record([
                "id",
                "document",
                "score",
                "bead",
                src,
                tgt,
                &format!("{src}_sentences"),
                &format!("{tgt}_sentences"),
                "status",
                "note",
            ])
            .map_err(csv_to_io)?;
        Ok(Writer { inner })
    }

    /// Writes one unit.
    pub fn write_unit(&mut self, u: &TranslationUnit) -> std::io::Result<()> {
        self.inner
            .write_record([
                u.id.to_string().as_str(),
                &protect(&u.document),
                &u.score.map_or(String::new(), |s| format!("{s:.3}")),
                &u.kind.map_or(String::new(), |k| k.to_string()),
                &protect(&u.en),
                &protect(&u.es),
                &positions(&u.en_sentences),
                &positions(&u.es_sentences),
                u.status.as_str(),
                &protect(&u.note),
            ])
            .map_err(csv_to_io)
    }

    /// Flushes and returns the output.
    pub fn finish(self) -> std::io::Result<W> {
        self.inner.into_inner().map_err(|e| e.into_error())
    }
}

fn csv_to_io(e: csv::Error) -> std::io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => std::io::Error::other(format!("{other:?}")),
    }
}

/// Makes a text cell safe from formula evaluation, reversibly: text that starts with `=`, `+`, `-`, `@`,
/// a tab or a carriage return gets a leading apostrophe, and so does text that starts with an apostrophe
/// followed by what would need one, so that [`unprotect`] can always tell the two apart.
///
/// ```
/// use alinea::memory::csv::{protect, unprotect};
/// for text in ["=SUM(A1)", "-5 degrees", "'=x", "'quoted'", "plain", ""] {
///     assert_eq!(unprotect(&protect(text)), text);
/// }
/// assert_eq!(protect("=SUM(A1)"), "'=SUM(A1)");
/// assert_eq!(protect("'quoted'"), "'quoted'");
/// ```
pub fn protect(text: &str) -> String {
    if needs_protection(text) { format!("'{text}") } else { text.to_string() }
}

/// The inverse of [`protect`].
pub fn unprotect(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if needs_protection(rest) => rest,
        _ => cell,
    }
}

fn needs_protection(text: &str) -> bool {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => true,
        Some('\'') => needs_protection(&text[1..]),
        _ => false,
    }
}

/// Sentence positions for a spreadsheet cell: `5 6`.
fn positions(list: &[usize]) -> String {
    list.iter().map(usize::to_string).collect::<Vec<_>>().join(" ")
}

/// Reads a review CSV, one unit at a time.
pub struct Reader<R: Read> {
    records: csv::StringRecordsIntoIter<R>,
    columns: Columns,
    path: PathBuf,
}

/// Where each known column is; the text columns are required.
struct Columns {
    id: Option<usize>,
    document: Option<usize>,
    score: Option<usize>,
    bead: Option<usize>,
    en: usize,
    es: usize,
    en_sentences: Option<usize>,
    es_sentences: Option<usize>,
    status: Option<usize>,
    note: Option<usize>,
}

impl Reader<std::fs::File> {
    /// Opens a review CSV. The delimiter (`,`, `;` or tab) is taken from the header line, and a
    /// byte-order mark is skipped.
    pub fn open(path: &Path, languages: &Languages) -> Result<Reader<std::fs::File>> {
        let mut head = Vec::new();
        std::fs::File::open(path)
            .and_then(|f| f.take(64 * 1024).read_to_end(&mut head))
            .map_err(|e| Error::io(path, e))?;
        let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
        Reader::new(file, &head, path, languages)
    }
}

impl<R: Read> Reader<R> {
    /// Reads from `input`, whose first bytes `head` decide the delimiter; `path` names it in errors.
    pub fn new(input: R, head: &[u8], path: &Path, languages: &Languages) -> Result<Reader<R>> {
        let head = head.strip_prefix("\u{FEFF}".as_bytes()).unwrap_or(head);
        let first_line = head.split(|&b| b == b'\n').next().unwrap_or(&[]);
        let delimiter = [b',', b';', b'\t']
            .into_iter()
            .max_by_key(|d| first_line.iter().filter(|b| *b == d).count())
            .unwrap_or(b',');
        let mut reader = csv::ReaderBuilder::new().delimiter(delimiter).flexible(true).from_reader(input);
        let error = |line: u64, message: String| Error::Review { path: path.to_path_buf(), line, message };
        let headers = reader.headers().map_err(|e| error(1, e.to_string()))?.clone();
        let find = |name: &str| headers.iter().position(|h| h.trim_start_matches('\u{FEFF}').trim() == name);
        let required = |name: &str| {
            find(name).ok_or_else(|| {
                error(
                    1,
                    format!(
                        "no column named {name:?} (the header is {:?}); name the language columns with \
                         --src-lang and --tgt-lang",
                        headers.iter().collect::<Vec<_>>().join(&*char::from(delimiter).to_string())
                    ),
                )
            })
        };
        let (src, tgt) = (&languages.source, &languages.target);
        let columns = Columns {
            id: find("id"),
            document: find("document"),
            score: find("score"),
            bead: find("bead"),
            en: required(src)?,
            es: required(tgt)?,
            en_sentences: find(&format!("{src}_sentences")),
            es_sentences: find(&format!("{tgt}_sentences")),
            status: find("status"),
            note: find("note"),
        };
        Ok(Reader { records: reader.into_records(), columns, path: path.to_path_buf() })
    }

    fn unit(&self, record: &csv::StringRecord, ordinal: usize) -> Result<TranslationUnit> {
        let line = record.position().map_or(0, |p| p.line());
        let error = |message: String| Error::Review { path: self.path.clone(), line, message };
        let cell = |column: Option<usize>| column.and_then(|c| record.get(c)).unwrap_or("");
        let text = |column: usize| -> Result<String> {
            record.get(column).map(|c| unprotect(c).to_string()).ok_or_else(|| {
                // A quote left open swallows the rest of the file into one cell: say so.
                let swallowed = record.iter().next_back().is_some_and(|c| c.contains(['\n', '\r']));
                let hint = if swallowed {
                    "; a quote (\") opened on this line is never closed, so the rest of the file became one \
                     cell: close the quote, or double it (\"\") if it is part of the text"
                } else {
                    "; add the missing cells"
                };
                error(format!("the row has {} cells, fewer than the header names{hint}", record.len()))
            })
        };
        let id = match cell(self.columns.id).trim() {
            "" => ordinal,
            s => s.parse().map_err(|_| error(format!("id {s:?} is not a whole number")))?,
        };
        let score = match cell(self.columns.score).trim() {
            "" => None,
            s => Some(
                s.replace(',', ".")
                    .parse::<f64>()
                    .ok()
                    .filter(|v| (0.0..=1.0).contains(v))
                    .ok_or_else(|| error(format!("score {s:?} is not a number between 0 and 1")))?,
            ),
        };
        let kind = match cell(self.columns.bead).trim() {
            "" => None,
            s => Some(parse_kind(s).ok_or_else(|| error(format!("bead {s:?} is not like 1-1 or 2-1")))?),
        };
        let positions = |column: Option<usize>| -> Result<Vec<usize>> {
            cell(column)
                .split([' ', ','])
                .filter(|s| !s.is_empty())
                .map(|s| s.parse().map_err(|_| error(format!("sentence position {s:?} is not a number"))))
                .collect()
        };
        let status_cell = cell(self.columns.status);
        let status = Status::parse(status_cell)
            .ok_or_else(|| error(format!("status {status_cell:?} is not one of: empty, ok, reject")))?;
        Ok(TranslationUnit {
            id,
            document: unprotect(cell(self.columns.document)).to_string(),
            en: text(self.columns.en)?,
            es: text(self.columns.es)?,
            score,
            kind,
            en_sentences: positions(self.columns.en_sentences)?,
            es_sentences: positions(self.columns.es_sentences)?,
            status,
            note: unprotect(cell(self.columns.note)).to_string(),
        })
    }
}

fn parse_kind(s: &str) -> Option<BeadKind> {
    let (en, es) = s.split_once('-')?;
    Some(BeadKind { en: en.trim().parse().ok()?, es: es.trim().parse().ok()? })
}

impl<R: Read> Iterator for Reader<R> {
    type Item = Result<TranslationUnit>;

    fn next(&mut self) -> Option<Result<TranslationUnit>> {
        let record = match self.records.next()? {
            Ok(record) => record,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                return Some(Err(Error::Review { path: self.path.clone(), line, message: e.to_string() }));
            }
        };
        let ordinal = record.position().map_or(0, |p| p.record() as usize);
        Some(self.unit(&record, ordinal))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<Vec<TranslationUnit>> {
        Reader::new(text.as_bytes(), text.as_bytes(), Path::new("r.csv"), &Languages::default())?.collect()
    }

    #[test]
    fn reads_reordered_columns_semicolons_and_a_bom() {
        let units = read("\u{FEFF}es;en;status;extra\nHola;Hello;OK;x\n").unwrap();
        assert_eq!(units.len(), 1);
        assert_eq!(
            (units[0].en.as_str(), units[0].es.as_str(), units[0].status),
            ("Hello", "Hola", Status::Ok)
        );
        assert_eq!(units[0].id, 1, "ids default to the row number");
    }

    #[test]
    fn errors_name_the_line() {
        let err = read("en,es,status\na,b,\nc,d,maybe\n").unwrap_err().to_string();
        assert!(err.starts_with("r.csv:3: status \"maybe\""), "{err}");
        let err = read("en,es\na,b\n\"unclosed,b\nc,d\n").unwrap_err().to_string();
        assert!(err.starts_with("r.csv:3: ") && err.contains("never closed"), "{err}");
        let err = read("english,spanish\na,b\n").unwrap_err().to_string();
        assert!(err.contains("no column named \"en\""), "{err}");
        let err = read("en,es,score\na,b,1.5\n").unwrap_err().to_string();
        assert!(err.contains("score \"1.5\""), "{err}");
        let err = read("id,en,es\n1,a\n").unwrap_err().to_string();
        assert!(err.contains("fewer than the header"), "{err}");
    }
}
