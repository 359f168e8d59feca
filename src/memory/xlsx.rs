//! The review workbook: an Excel file with a sheet a document, for reviewers who work in Excel rather
//! than with CSV.
//!
//! A sheet has the columns of the review CSV (see [`super::csv`]), a frozen header with filters, the
//! confidence as a number coloured by band (green from 0.9, amber from the threshold, red under it), a
//! drop-down list of statuses, and wrapped text. The reader takes a workbook back through the CSV's
//! column logic, so a reviewer may reorder columns, and a row is named by its sheet and its number.
//!
//! What it does not do: write or read the workbook's XML by hand. rust_xlsxwriter writes it and
//! calamine reads it.

use std::collections::HashMap;
use std::path::Path;

use calamine::{Data, Reader as _};
use rust_xlsxwriter::{Color, DataValidation, Format, FormatAlign, Workbook, XlsxError};

use super::csv::{self, Table, protect};
use super::{Languages, Origin, Selection, TranslationUnit};
use crate::error::{Error, Result};

/// Confidence from which a unit is shown as sure (green), as on the review page.
const SURE: f64 = 0.9;

/// Collects units, a sheet a document, and saves them as a workbook.
///
/// ```
/// use alinea::memory::{xlsx, Languages, Selection, TranslationUnit};
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("review.xlsx");
/// let mut book = xlsx::Writer::new(&Languages::default(), Selection::default());
/// book.write_unit(&TranslationUnit { id: 1, document: "peru".into(), source: "Peru".into(), target: "Perú".into(), score: Some(0.42), ..Default::default() }).unwrap();
/// book.save(&path).unwrap();
/// let table = xlsx::read_file(&path, None).unwrap();
/// assert_eq!((table.units[0].target.as_str(), table.units[0].score), ("Perú", Some(0.42)));
/// ```
pub struct Writer {
    languages: Languages,
    selection: Selection,
    /// Documents in the order first met, each with its units.
    documents: Vec<(String, Vec<TranslationUnit>)>,
    index: HashMap<String, usize>,
}

impl Writer {
    /// An empty workbook for `languages`; `selection` decides the `memory` column.
    pub fn new(languages: &Languages, selection: Selection) -> Writer {
        Writer { languages: languages.clone(), selection, documents: Vec::new(), index: HashMap::new() }
    }

    /// Adds a unit to its document's sheet.
    pub fn write_unit(&mut self, unit: &TranslationUnit) -> std::io::Result<()> {
        let k = *self.index.entry(unit.document.clone()).or_insert_with(|| {
            self.documents.push((unit.document.clone(), Vec::new()));
            self.documents.len() - 1
        });
        let mut unit = unit.clone();
        unit.kept = None;
        self.documents[k].1.push(unit);
        Ok(())
    }

    /// Writes the workbook to `path`, atomically.
    pub fn save(self, path: &Path) -> Result<()> {
        self.prepare(path)?.commit()
    }

    /// Writes the workbook into a file that takes the place of `path` on commit (see
    /// [`super::prepare_atomically`]).
    pub fn prepare(self, path: &Path) -> Result<super::AtomicFile> {
        let bytes = self.build().map_err(|e| Error::io(path, std::io::Error::other(e.to_string())))?;
        super::prepare_atomically(path, |out| out.write_all(&bytes))
    }

    fn build(&self) -> std::result::Result<Vec<u8>, XlsxError> {
        let mut book = Workbook::new();
        let header = Format::new().set_bold().set_background_color(Color::RGB(0xE8E8E8));
        let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
        let plain = Format::new().set_align(FormatAlign::Top);
        let band = |rgb: u32| {
            Format::new()
                .set_num_format("0.000")
                .set_align(FormatAlign::Top)
                .set_background_color(Color::RGB(rgb))
        };
        let (sure, check, doubt) = (band(0xC6EFCE), band(0xFFEB9C), band(0xFFC7CE));
        let (src, tgt) = (&self.languages.source, &self.languages.target);
        let columns: [(String, f64); 12] = [
            ("id".into(), 6.0),
            ("document".into(), 14.0),
            ("score".into(), 7.0),
            ("bead".into(), 6.0),
            (src.clone(), 60.0),
            (tgt.clone(), 60.0),
            (format!("{src}_sentences"), 10.0),
            (format!("{tgt}_sentences"), 10.0),
            ("status".into(), 9.0),
            ("note".into(), 30.0),
            ("memory".into(), 8.0),
            ("aligned".into(), 20.0),
        ];
        let mut names = std::collections::HashSet::new();
        let documents: Vec<(&str, &[TranslationUnit])> = if self.documents.is_empty() {
            vec![("memory", &[][..])]
        } else {
            self.documents.iter().map(|(d, u)| (d.as_str(), u.as_slice())).collect()
        };
        for (document, units) in documents {
            let sheet = book.add_worksheet();
            sheet.set_name(sheet_name(document, &mut names))?;
            for (c, (name, width)) in columns.iter().enumerate() {
                sheet.write_string_with_format(0, c as u16, name, &header)?;
                sheet.set_column_width(c as u16, *width)?;
            }
            // The fingerprint column is for alinea, not the reviewer.
            sheet.set_column_hidden(11)?;
            sheet.set_freeze_panes(1, 0)?;
            let positions = |list: &[usize]| list.iter().map(usize::to_string).collect::<Vec<_>>().join(" ");
            for (r, u) in units.iter().enumerate() {
                let row = r as u32 + 1;
                sheet.write_number_with_format(row, 0, u.id as f64, &plain)?;
                sheet.write_string_with_format(row, 1, protect(&u.document), &plain)?;
                if let Some(score) = u.score {
                    let format = if score >= SURE {
                        &sure
                    } else if score >= self.selection.min_score {
                        &check
                    } else {
                        &doubt
                    };
                    sheet.write_number_with_format(row, 2, score, format)?;
                }
                if let Some(kind) = u.kind {
                    sheet.write_string_with_format(row, 3, kind.to_string(), &plain)?;
                }
                sheet.write_string_with_format(row, 4, &u.source, &wrap)?;
                sheet.write_string_with_format(row, 5, &u.target, &wrap)?;
                sheet.write_string_with_format(row, 6, positions(&u.source_sentences), &plain)?;
                sheet.write_string_with_format(row, 7, positions(&u.target_sentences), &plain)?;
                sheet.write_string_with_format(row, 8, u.status.as_str(), &plain)?;
                sheet.write_string_with_format(row, 9, &u.note, &wrap)?;
                let memory = if self.selection.admits(u) { "yes" } else { "no" };
                sheet.write_string_with_format(row, 10, memory, &plain)?;
                if let Some(origin) = u.origin {
                    sheet.write_string(row, 11, Origin::to_cell(origin))?;
                }
            }
            let last = (units.len() as u32).max(1);
            let statuses = DataValidation::new().allow_list_strings(&["ok", "reject"])?.ignore_blank(true);
            // Room for rows a reviewer inserts below the last one.
            sheet.add_data_validation(1, 8, last + 1000, 8, &statuses)?;
            sheet.autofilter(0, 0, last, 11)?;
        }
        book.save_to_buffer()
    }
}

/// A sheet name Excel accepts, unique in the workbook: at most 31 characters, none of `[]:*?/\`.
fn sheet_name(document: &str, taken: &mut std::collections::HashSet<String>) -> String {
    let clean: String = document.chars().filter(|c| !"[]:*?/\\".contains(*c)).collect();
    let clean = clean.trim_matches('\'').trim();
    let base: String = if clean.is_empty() { "memory".into() } else { clean.chars().take(31).collect() };
    let mut name = base.clone();
    let mut n = 1;
    while !taken.insert(name.to_lowercase()) {
        n += 1;
        let suffix = format!(" ({n})");
        name = base.chars().take(31 - suffix.len()).collect::<String>() + &suffix;
    }
    name
}

/// Reads a review workbook: every sheet, as the CSV reader reads a table (see [`csv::read_rows`]);
/// errors name the file, the sheet and the row.
pub fn read_file(path: &Path, languages: Option<&Languages>) -> Result<Table> {
    let mut book = calamine::open_workbook_auto(path).map_err(|e| Error::Review {
        path: path.to_path_buf(),
        line: 0,
        message: format!("not a workbook alinea can read ({e}); save it from your spreadsheet as .xlsx"),
    })?;
    let mut table = Table { languages: languages.cloned().unwrap_or_default(), ..Table::default() };
    let mut first = true;
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).map_err(|e| Error::Review {
            path: path.to_path_buf(),
            line: 0,
            message: format!("sheet {name:?} cannot be read: {e}"),
        })?;
        let Some((top, left)) = range.start() else { continue };
        let mut rows: Vec<Vec<String>> = vec![Vec::new(); top as usize];
        rows.extend(range.rows().map(|cells| {
            let mut row = vec![String::new(); left as usize];
            row.extend(cells.iter().map(cell_text));
            row
        }));
        let sheet_path = std::path::PathBuf::from(format!("{} [{name}]", path.display()));
        let wanted = if first { languages.cloned() } else { Some(table.languages.clone()) };
        let sheet = csv::read_rows(rows.into_iter().map(Ok), &sheet_path, wanted.as_ref(), false)?;
        if sheet.units.is_empty() && !first {
            continue;
        }
        if first {
            table.languages = sheet.languages;
            first = false;
        }
        table.units.extend(sheet.units);
        table.warnings.extend(sheet.warnings);
    }
    Ok(table)
}

/// A cell as text: whole numbers without a decimal part (ids, positions), others as Rust prints them.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}
