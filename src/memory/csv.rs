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
//! | `status` | the reviewer's verdict: empty, `ok` or `reject` (also `yes`, `no`, `✓`... see [`Status::parse`]) |
//! | `note` | the reviewer's note |
//! | `memory` | `yes` when the unit goes into the TMX as the row stands (see [`super::Selection`]); written for the reviewer's information, ignored on reading |
//! | `aligned` | where the unit came from (see [`super::Origin`]): leave it as it is; empty on a row a reviewer inserted |
//!
//! Spreadsheets evaluate a cell that starts with `=`, `+`, `-` or `@` as a formula (and a crafted one
//! can run commands). Such text cells are written with a leading apostrophe, which the reader removes
//! again, so that the text that comes back is exactly the text that went out (see [`protect`]).
//!
//! The reader takes the file as spreadsheets save it: UTF-8 with or without a byte-order mark, UTF-16
//! (Excel's "Unicode text") or Windows-1252 (Excel's "CSV"), a comma, a semicolon or a tab between
//! cells, CRLF or LF line ends, scores with a decimal comma. It finds columns by name, so a reviewer may
//! reorder them; it needs the two text columns, ignores columns it does not know, and names the row (as
//! a spreadsheet numbers it, the header being row 1) of any cell it cannot read. A score it cannot read
//! is only a warning: the score is metadata. A table of two columns without a header, separated by tabs,
//! is read as a bitext (`source<TAB>target`, as `alinea build --to tsv` writes it).

use std::io::Write;
use std::path::Path;

use super::{Languages, Origin, Selection, Status, TranslationUnit};
use crate::align::BeadKind;
use crate::error::{Error, Result};

/// How a CSV is written.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Options {
    /// Field delimiter: `,` by default; `;` suits spreadsheets in locales with a decimal comma; tab.
    pub delimiter: u8,
    /// Start the file with a UTF-8 byte-order mark, which Excel needs to read accents right.
    pub bom: bool,
    /// Which units the `memory` column says go into the TMX.
    pub selection: Selection,
}

impl Default for Options {
    fn default() -> Options {
        Options { delimiter: b',', bom: false, selection: Selection::default() }
    }
}

/// Writes units as review CSV, one row at a time.
///
/// ```
/// use alinea::memory::{csv, Languages, TranslationUnit};
/// let unit = TranslationUnit { id: 1, source: "=1+1, they said".into(), score: Some(0.25), ..Default::default() };
/// let mut out = Vec::new();
/// let mut writer = csv::Writer::new(&mut out, &Languages::default(), csv::Options::default()).unwrap();
/// writer.write_unit(&unit).unwrap();
/// writer.finish().unwrap();
/// assert_eq!(String::from_utf8(out).unwrap(),
///     "id,document,score,bead,en,es,en_sentences,es_sentences,status,note,memory,aligned\n\
///      1,,0.250,,\"'=1+1, they said\",,,,,,no,\n");
/// ```
pub struct Writer<W: Write> {
    inner: csv::Writer<W>,
    selection: Selection,
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
                "memory",
                "aligned",
            ])
            .map_err(csv_to_io)?;
        Ok(Writer { inner, selection: options.selection })
    }

    /// Writes one unit.
    pub fn write_unit(&mut self, u: &TranslationUnit) -> std::io::Result<()> {
        self.inner
            .write_record([
                u.id.to_string().as_str(),
                &protect(&u.document),
                &u.score.map_or(String::new(), |s| format!("{s:.3}")),
                &u.kind.map_or(String::new(), |k| k.to_string()),
                &protect(&u.source),
                &protect(&u.target),
                &positions(&u.source_sentences),
                &positions(&u.target_sentences),
                u.status.as_str(),
                &protect(&u.note),
                if self.selection.admits(u) { "yes" } else { "no" },
                &u.origin.map_or(String::new(), Origin::to_cell),
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

/// A review table read whole: its units in row order, the language codes of its text columns, and
/// what was read with a doubt.
#[derive(Clone, Debug, Default)]
pub struct Table {
    /// The units, ids made unique (a row without an id, or repeating one, gets a fresh one).
    pub units: Vec<TranslationUnit>,
    /// The codes naming the two text columns (the given ones, or those the header names).
    pub languages: Languages,
    /// Cells read with a doubt (an unreadable score, left out), each naming its file and row.
    pub warnings: Vec<String>,
}

/// Reads a review table (CSV or TSV) from a file; see [`read_bytes`].
pub fn read_file(path: &Path, languages: Option<&Languages>) -> Result<Table> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    read_bytes(&bytes, path, languages)
}

/// Reads a review table from its bytes in any of the encodings spreadsheets save (see the module
/// documentation); `path` names it in errors. `languages` names the text columns; `None` takes the two
/// columns of the header that are not alinea's own (the first two such, in order).
///
/// ```
/// use alinea::memory::{csv, Status};
/// use std::path::Path;
/// // Excel's "CSV" in a Spanish locale: Windows-1252, semicolons, a decimal comma.
/// let bytes = b"id;score;en;es;status\r\n1;0,95;Peru;Per\xfa;S\xed\r\n";
/// let table = csv::read_bytes(bytes, Path::new("r.csv"), None).unwrap();
/// assert_eq!(table.units[0].target, "Perú");
/// assert_eq!((table.units[0].score, table.units[0].status), (Some(0.95), Status::Ok));
/// ```
pub fn read_bytes(bytes: &[u8], path: &Path, languages: Option<&Languages>) -> Result<Table> {
    let (text, _) =
        crate::encoding::decode_cells(bytes, path, crate::encoding::Encoding::Auto).map_err(|e| match e {
            Error::NotText { path, message } | Error::Encoding { path, message } => Error::Review {
                path,
                line: 1,
                message: format!(
                    "{message}; save the table as CSV (UTF-8) or Unicode text from your spreadsheet"
                ),
            },
            other => other,
        })?;
    read_text(&text, path, languages)
}

/// Reads a review table from text; see [`read_bytes`].
pub fn read_text(text: &str, path: &Path, languages: Option<&Languages>) -> Result<Table> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let delimiter = delimiter_of(text);
    let error = |row: u64, message: String| Error::Review { path: path.to_path_buf(), line: row, message };
    if let Some(row) = unclosed_quote(text, delimiter) {
        return Err(error(
            row,
            "a quote (\") opened in this row is never closed, so the rest of the file would become one cell: \
             close the quote, or double it (\"\") if it is part of the text"
                .into(),
        ));
    }
    let reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(false)
        .from_reader(text.as_bytes());
    // Row by row, so that only the units are held, not the cells too.
    let rows = reader.into_records().enumerate().map(|(k, record)| {
        record.map(|r| r.iter().map(str::to_string).collect()).map_err(|e| error(k as u64 + 1, e.to_string()))
    });
    read_rows(rows, path, languages, delimiter == b'\t')
}

/// The field delimiter of a table: the one of comma, semicolon and tab that its header line holds most
/// of (a comma when it holds none).
pub fn delimiter_of(text: &str) -> u8 {
    let first_line = text.split('\n').next().unwrap_or("");
    [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|d| first_line.bytes().filter(|b| b == d).count())
        .unwrap_or(b',')
}

/// Reads a review table given as rows of cells (row 1 the header), as a spreadsheet holds it; `bitext`
/// allows a headerless table of two columns. See [`read_bytes`].
pub fn read_rows(
    rows: impl IntoIterator<Item = Result<Vec<String>>>,
    path: &Path,
    languages: Option<&Languages>,
    bitext: bool,
) -> Result<Table> {
    let error =
        |row: usize, message: String| Error::Review { path: path.to_path_buf(), line: row as u64, message };
    let mut rows = rows
        .into_iter()
        .enumerate()
        .map(|(k, r)| r.map(|r| (k + 1, r)))
        .filter(|r| r.as_ref().map_or(true, |(_, r)| r.iter().any(|c| !c.trim().is_empty())));
    let Some(first) = rows.next() else {
        return Ok(Table { languages: languages.cloned().unwrap_or_default(), ..Table::default() });
    };
    let (header_row, header) = first?;
    let header: Vec<String> =
        header.iter().map(|h| h.trim_start_matches('\u{FEFF}').trim().to_string()).collect();
    // A TSV of two columns whose first row names no languages is a bitext (as `build --to tsv` writes
    // it): every row is data.
    let headerless = bitext
        && header.len() == 2
        && !header.iter().any(|h| is_own_column(h))
        && !header.iter().all(|h| looks_like_language_code(h));
    if headerless {
        let languages = languages.cloned().unwrap_or_default();
        let mut table = Table { languages, ..Table::default() };
        for item in std::iter::once(Ok((header_row, header))).chain(rows) {
            let (row, cells) = item?;
            let cell = |c: usize| cells.get(c).map_or("", String::as_str).to_string();
            table.units.push(TranslationUnit {
                id: row,
                source: cell(0),
                target: cell(1),
                ..TranslationUnit::default()
            });
        }
        return Ok(table);
    }
    let columns = Columns::find(&header, languages).map_err(|message| error(header_row, message))?;
    let mut table = Table { languages: columns.languages.clone(), ..Table::default() };
    // The first row with an id keeps it; a row repeating it (a copy) or without one is new.
    let mut seen = std::collections::HashSet::new();
    let mut fresh = Vec::new();
    for item in rows {
        let (row, cells) = item?;
        let mut unit = columns.unit(&cells, row, path, &mut table.warnings)?;
        if unit.id == 0 || !seen.insert((unit.document.clone(), unit.id)) {
            unit.origin = None;
            fresh.push(table.units.len());
        }
        table.units.push(unit);
    }
    let mut next = table.units.iter().map(|u| u.id).max().unwrap_or(0);
    for k in fresh {
        next += 1;
        table.units[k].id = next;
    }
    Ok(table)
}

/// Whether a header cell reads as a language code (`en`, `es-419`, `EN_us`, `spa`), not as text.
fn looks_like_language_code(cell: &str) -> bool {
    let mut parts = cell.split(['-', '_']);
    let primary = parts.next().unwrap_or("");
    (2..=3).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// The row (1-based, as a spreadsheet counts) where a quoted cell opens that the text never closes.
fn unclosed_quote(text: &str, delimiter: u8) -> Option<u64> {
    let bytes = text.as_bytes();
    let (mut row, mut opened_at) = (1u64, 0u64);
    let (mut quoted, mut field_start) = (false, true);
    let mut k = 0;
    while k < bytes.len() {
        let b = bytes[k];
        if quoted {
            if b == b'"' {
                if bytes.get(k + 1) == Some(&b'"') {
                    k += 1;
                } else {
                    quoted = false;
                }
            }
        } else if b == b'"' && field_start {
            quoted = true;
            opened_at = row;
        } else if b == b'\n' {
            row += 1;
        }
        field_start = !quoted && (b == delimiter || b == b'\n' || (b == b'\r' && field_start));
        k += 1;
    }
    quoted.then_some(opened_at)
}

/// The columns alinea writes, besides the two text columns and their `_sentences` columns.
const OWN_COLUMNS: &[&str] = &["id", "document", "score", "bead", "status", "note", "memory", "aligned"];

fn is_own_column(name: &str) -> bool {
    OWN_COLUMNS.contains(&name.to_ascii_lowercase().as_str()) || name.ends_with("_sentences")
}

/// Where each known column is; the text columns are required.
struct Columns {
    languages: Languages,
    id: Option<usize>,
    document: Option<usize>,
    score: Option<usize>,
    bead: Option<usize>,
    source: usize,
    target: usize,
    source_sentences_column: Option<usize>,
    target_sentences_column: Option<usize>,
    status: Option<usize>,
    note: Option<usize>,
    aligned: Option<usize>,
}

impl Columns {
    fn find(header: &[String], languages: Option<&Languages>) -> std::result::Result<Columns, String> {
        let find = |name: &str| header.iter().position(|h| h.eq_ignore_ascii_case(name));
        let primary = |code: &str| code.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
        let text_column = |code: &str| {
            find(code)
                .or_else(|| header.iter().position(|h| !is_own_column(h) && primary(h) == primary(code)))
        };
        let (source, target) = match languages {
            Some(l) => match (text_column(&l.source), text_column(&l.target)) {
                (Some(source), Some(target)) if source != target => (source, target),
                _ => {
                    return Err(format!(
                        "no columns named {:?} and {:?} (the header is {:?}): the language codes given do \
                         not name its text columns",
                        l.source,
                        l.target,
                        header.join(" | ")
                    ));
                }
            },
            None => {
                let mut texts =
                    (0..header.len()).filter(|&c| !is_own_column(&header[c]) && !header[c].is_empty());
                match (texts.next(), texts.next()) {
                    (Some(source), Some(target)) => (source, target),
                    _ => {
                        return Err(format!(
                            "the header ({:?}) does not name two text columns; name them by their language \
                             codes (en, es...) as alinea writes them",
                            header.join(" | ")
                        ));
                    }
                }
            }
        };
        let languages = Languages { source: header[source].clone(), target: header[target].clone() };
        Ok(Columns {
            id: find("id"),
            document: find("document"),
            score: find("score"),
            bead: find("bead"),
            source_sentences_column: find(&format!("{}_sentences", header[source])),
            target_sentences_column: find(&format!("{}_sentences", header[target])),
            status: find("status"),
            note: find("note"),
            aligned: find("aligned"),
            source,
            target,
            languages,
        })
    }

    fn unit(
        &self,
        cells: &[String],
        row: usize,
        path: &Path,
        warnings: &mut Vec<String>,
    ) -> Result<TranslationUnit> {
        let error = |message: String| Error::Review { path: path.to_path_buf(), line: row as u64, message };
        let cell = |column: Option<usize>| column.and_then(|c| cells.get(c)).map_or("", String::as_str);
        let id = match cell(self.id).trim() {
            "" => 0,
            s => s.trim_end_matches(".0").trim_end_matches(",0").parse().map_err(|_| {
                error(format!("id {s:?} is not a whole number; leave it empty on a row you insert"))
            })?,
        };
        let score = match cell(self.score).trim() {
            "" => None,
            s => {
                let value = s.replace(',', ".").parse::<f64>().ok().filter(|v| (0.0..=1.0).contains(v));
                if value.is_none() {
                    warnings.push(format!(
                        "{}:{row}: score {s:?} is not a number between 0 and 1; the row is read without a score",
                        path.display()
                    ));
                }
                value
            }
        };
        let kind = match cell(self.bead).trim() {
            "" => None,
            s => parse_kind(s),
        };
        let positions = |column: Option<usize>| -> Result<Vec<usize>> {
            cell(column)
                .split([' ', ',', ';'])
                .filter(|s| !s.is_empty())
                .map(|s| s.parse().map_err(|_| error(format!("sentence position {s:?} is not a number"))))
                .collect()
        };
        let status_cell = cell(self.status);
        let status = Status::parse(status_cell).ok_or_else(|| {
            error(format!("status {status_cell:?} is not one of: {}", Status::vocabulary()))
        })?;
        let mut unit = TranslationUnit {
            id,
            document: unprotect(cell(self.document)).to_string(),
            source: unprotect(cell(Some(self.source))).to_string(),
            target: unprotect(cell(Some(self.target))).to_string(),
            score,
            kind,
            source_sentences: positions(self.source_sentences_column)?,
            target_sentences: positions(self.target_sentences_column)?,
            status,
            note: unprotect(cell(self.note)).to_string(),
            origin: Origin::from_cell(cell(self.aligned)),
            kept: None,
        };
        unit.kind = unit.kind_after_edits();
        Ok(unit)
    }
}

fn parse_kind(s: &str) -> Option<BeadKind> {
    let (source, target) = s.split_once('-')?;
    Some(BeadKind { source: source.trim().parse().ok()?, target: target.trim().parse().ok()? })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<Vec<TranslationUnit>> {
        Ok(read_text(text, Path::new("r.csv"), Some(&Languages::default()))?.units)
    }

    #[test]
    fn reads_reordered_columns_semicolons_and_a_bom() {
        let units = read("\u{FEFF}es;en;status;extra\nHola;Hello;OK;x\n").unwrap();
        assert_eq!(units.len(), 1);
        assert_eq!(
            (units[0].source.as_str(), units[0].target.as_str(), units[0].status),
            ("Hello", "Hola", Status::Ok)
        );
        assert_eq!(units[0].id, 1, "a row without id gets a fresh one");
    }

    #[test]
    fn errors_name_the_spreadsheet_row() {
        let err = read("en,es,status\r\na,b,\r\nc,d,maybe\r\n").unwrap_err().to_string();
        assert!(err.starts_with("r.csv:3: status \"maybe\""), "{err}");
        let err = read("en,es\n\"a\nb\",x\n\"unclosed,b\nc,d\n").unwrap_err().to_string();
        assert!(err.starts_with("r.csv:3: ") && err.contains("never closed"), "{err}");
        let err = read("english,spanish\na,b\n").unwrap_err().to_string();
        assert!(err.contains("no columns named \"en\""), "{err}");
    }

    #[test]
    fn an_unreadable_score_is_a_warning() {
        let table = read_text("en,es,score\na,b,1.5\nc,d,\"0,75\"\n", Path::new("r.csv"), None).unwrap();
        assert_eq!(table.units[0].score, None);
        assert_eq!(table.units[1].score, Some(0.75));
        assert_eq!(table.warnings.len(), 1);
        assert!(table.warnings[0].starts_with("r.csv:2: score \"1.5\""), "{:?}", table.warnings);
    }

    #[test]
    fn inserted_and_copied_rows_get_fresh_ids() {
        let units = read("id,en,es\n1,a,b\n,c,d\n2,e,f\n2,g,h\n").unwrap();
        let ids: Vec<usize> = units.iter().map(|u| u.id).collect();
        assert_eq!(ids, [1, 3, 2, 4]);
    }

    #[test]
    fn a_translated_one_sided_row_becomes_a_pair() {
        let units = read("en,es,bead\nAlone,,1-0\nAlone,Sola,1-0\n").unwrap();
        assert_eq!(units[0].kind, Some(BeadKind { source: 1, target: 0 }));
        assert_eq!(units[1].kind, Some(BeadKind { source: 1, target: 1 }));
    }

    #[test]
    fn a_headerless_tsv_is_a_bitext() {
        let table = read_text("Hello\tHola\nBye\tAdiós\n", Path::new("r.tsv"), None).unwrap();
        assert_eq!(table.units.len(), 2);
        assert_eq!((table.units[1].source.as_str(), table.units[1].target.as_str()), ("Bye", "Adiós"));
    }

    #[test]
    fn unclosed_quotes() {
        assert_eq!(unclosed_quote("a,\"b\nc\",d\ne,f\n", b','), None);
        assert_eq!(unclosed_quote("a,b\"c\nd,e\n", b','), None, "a quote inside a cell is text");
        assert_eq!(unclosed_quote("a,b\nc,\"d\ne,f\n", b','), Some(2));
        assert_eq!(unclosed_quote("a;\"\"\"x\"\"\"\n", b';'), None);
    }
}
