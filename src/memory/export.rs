//! Converting and merging memories: any of TMX and review CSV in; TMX, CSV, TSV or line-aligned text out.
//!
//! TMX units stream from the inputs to the output one at a time, so a memory of millions of units
//! converts in little memory; merging reads the inputs twice and keeps a 64-bit hash and a position per
//! distinct unit in between, to keep the reviewed version of each. Rejected units, unreviewed units under
//! the threshold and units with an empty side are left out of every output but the review formats (CSV,
//! workbook). Review tables are read whole (they are made for a person to read).
//!
//! TSV (`en<TAB>es`, one unit a line) and line-aligned text (`NAME.en` and `NAME.es`, line *n* of one the
//! translation of line *n* of the other, as Moses and OPUS use) cannot hold a tab or a line break inside
//! a unit: those become spaces.

use std::collections::HashMap;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::tmx::{self, Header, InlineTags};
use super::{AtomicFile, Languages, Selection, Status, TranslationUnit, csv, fingerprint};
use crate::error::{Error, Result};

/// An output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// TMX 1.4b.
    Tmx,
    /// Review CSV.
    Csv,
    /// `en<TAB>es`, one unit a line.
    Tsv,
    /// Two line-aligned files, `NAME.en` and `NAME.es` (named by the language codes).
    Lines,
    /// An Excel workbook for review, a sheet a document.
    Xlsx,
}

impl Format {
    /// The format an output path's extension names (`.tmx`, `.csv`, `.tsv`, `.xlsx`).
    pub fn from_extension(path: &Path) -> Option<Format> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "tmx" => Some(Format::Tmx),
            "csv" => Some(Format::Csv),
            "tsv" | "tab" => Some(Format::Tsv),
            "xlsx" => Some(Format::Xlsx),
            _ => None,
        }
    }
}

/// Settings of a conversion or merge.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Language codes: which columns or variants are read, and what new units are written with; `None`
    /// takes them from the first input (a TMX header's `srclang` and the other language of its first
    /// unit, or a table's two text columns).
    pub languages: Option<Languages>,
    /// How CSV is written.
    pub csv: csv::Options,
    /// What to do with TMX inline markup on reading.
    pub inline: InlineTags,
    /// Drop duplicates, keeping the reviewed version (see [`convert`]).
    pub merge: bool,
    /// Which units go into a memory for translation software.
    pub selection: Selection,
    /// The creation date of a TMX written (see [`Header::new`]).
    pub created: std::time::SystemTime,
}

/// What a conversion did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// Units read from the inputs.
    pub read: usize,
    /// Units written.
    pub written: usize,
    /// Duplicates dropped (merging only).
    pub duplicates: usize,
    /// Units replaced by the edited version of them that another input holds (merging only).
    pub replaced: usize,
    /// Pairs accepted in one input and rejected in another; the input given last decided (merging only).
    pub contradictions: usize,
    /// Source sentences with more than one translation among the units written (all kept).
    pub conflicts: usize,
    /// Units left out because the reviewer rejected them.
    pub rejected: usize,
    /// Unreviewed units left out because their confidence is under the threshold.
    pub below_threshold: usize,
    /// Units left out because a side is empty (kept in CSV output).
    pub one_sided: usize,
    /// TMX units left out because they lack one of the two languages (kept in TMX output).
    pub other_languages: usize,
    /// Cells read with a doubt, each naming its file and row.
    pub warnings: Vec<String>,
    /// The language codes used.
    pub languages: Languages,
}

/// One memory file opened for reading: its units, and what its head told.
pub struct Input {
    /// The units, in order.
    pub units: Box<dyn Iterator<Item = Result<TranslationUnit>>>,
    /// The language codes its sides were read as.
    pub languages: Languages,
    /// The header, for a TMX.
    pub header: Option<tmx::TmxHeader>,
    /// Cells read with a doubt.
    pub warnings: Vec<String>,
}

/// What a memory file holds, told by its first bytes (and its extension when they do not tell).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// TMX.
    Tmx,
    /// A review table: CSV, or TSV (Excel's "Unicode text" too).
    Table,
    /// An Excel workbook.
    Workbook,
}

impl Kind {
    /// The kind of the file at `path`.
    pub fn of(path: &Path) -> Result<Kind> {
        let mut head = Vec::new();
        std::fs::File::open(path)
            .and_then(|f| std::io::Read::take(f, 512).read_to_end(&mut head))
            .map_err(|e| Error::io(path, e))?;
        let ascii: Vec<u8> = head.iter().copied().filter(|&b| b != 0).collect();
        let ascii = ascii.strip_prefix(b"\xEF\xBB\xBF".as_slice()).unwrap_or(&ascii);
        let extension = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
        Ok(if head.starts_with(b"PK\x03\x04") {
            Kind::Workbook
        } else if ascii.trim_ascii_start().starts_with(b"<") || extension.as_deref() == Some("tmx") {
            Kind::Tmx
        } else {
            Kind::Table
        })
    }
}

use std::io::Read as _;

/// Opens a memory file (TMX, CSV, TSV or workbook, told by its content) for reading. A TMX unit keeps
/// everything it held (see [`tmx::Kept`]); one that lacks a language of the pair has that side empty.
pub fn open(path: &Path, languages: Option<&Languages>, inline: InlineTags) -> Result<Input> {
    match Kind::of(path)? {
        Kind::Tmx => {
            let mut reader = tmx::open(path, inline)?;
            let header = reader.read_header()?.clone();
            let languages = match languages {
                Some(l) => l.clone(),
                None => tmx_languages(&header, reader.peek()),
            };
            let pair = languages.clone();
            let units = reader.enumerate().map(move |(k, u)| u.map(|u| u.into_kept_unit(&pair, k + 1)));
            Ok(Input { units: Box::new(units), languages, header: Some(header), warnings: Vec::new() })
        }
        Kind::Table => table(csv::read_file(path, languages)?),
        Kind::Workbook => table(super::xlsx::read_file(path, languages)?),
    }
}

fn table(table: csv::Table) -> Result<Input> {
    Ok(Input {
        units: Box::new(table.units.into_iter().map(Ok)),
        languages: table.languages,
        header: None,
        warnings: table.warnings,
    })
}

/// The language pair of a TMX: the header's `srclang` (unless `*all*`) or the first unit's first
/// language, and the first unit's first language of another primary language; `en`/`es` for what
/// cannot be told.
fn tmx_languages(header: &tmx::TmxHeader, first: Option<&tmx::TmxUnit>) -> Languages {
    let primary = |code: &str| code.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
    let langs: Vec<&str> = first.map_or(Vec::new(), |u| u.variants.iter().map(|(l, _)| l.as_str()).collect());
    let source = if header.srclang.is_empty() || header.srclang == "*all*" {
        langs.first().map_or("en".to_string(), |l| l.to_string())
    } else {
        // As a variant writes it, when one does (`EN-US` in the header, `en-us` in the units).
        langs
            .iter()
            .find(|l| l.eq_ignore_ascii_case(&header.srclang))
            .map_or(header.srclang.clone(), |l| l.to_string())
    };
    let target = langs
        .iter()
        .find(|l| primary(l) != primary(&source))
        .map_or_else(|| if primary(&source) == "es" { "en".into() } else { "es".into() }, |l| l.to_string());
    Languages { source, target }
}

/// A sink for units in one of the formats.
enum Sink<'h> {
    Tmx(tmx::Writer<'h, io::BufWriter<AtomicFile>>),
    Csv(Box<csv::Writer<io::BufWriter<AtomicFile>>>),
    Tsv(io::BufWriter<AtomicFile>),
    Lines(io::BufWriter<AtomicFile>, io::BufWriter<AtomicFile>),
    Xlsx(super::xlsx::Writer, PathBuf),
}

/// The single line a TSV cell or a line-aligned file can hold.
fn one_line(text: &str) -> String {
    text.replace(['\t', '\n', '\r'], " ")
}

impl Sink<'_> {
    fn write(&mut self, unit: &TranslationUnit) -> io::Result<()> {
        match self {
            Sink::Tmx(w) => w.write_selected(unit),
            Sink::Xlsx(w, _) => w.write_unit(unit),
            Sink::Csv(w) => w.write_unit(unit),
            Sink::Tsv(w) => writeln!(w, "{}\t{}", one_line(&unit.source), one_line(&unit.target)),
            Sink::Lines(source, target) => {
                writeln!(source, "{}", one_line(&unit.source))?;
                writeln!(target, "{}", one_line(&unit.target))
            }
        }
    }

    /// Flushes every file and moves it into place.
    fn commit(self) -> Result<()> {
        let done = |w: io::BufWriter<AtomicFile>| -> Result<()> {
            let path = w.get_ref().path().to_path_buf();
            w.into_inner().map_err(|e| Error::io(&path, e.into_error()))?.commit()
        };
        match self {
            Sink::Tmx(w) => {
                let out = w.finish().map_err(|e| Error::io("<tmx>", e))?;
                done(out)
            }
            Sink::Csv(w) => {
                let out = w.finish().map_err(|e| Error::io("<csv>", e))?;
                done(out)
            }
            Sink::Tsv(w) => done(w),
            Sink::Xlsx(w, path) => w.save(&path),
            Sink::Lines(source, target) => {
                done(source)?;
                done(target)
            }
        }
    }
}

/// The files a conversion to `format` at `output` writes.
pub fn output_paths(output: &Path, format: Format, languages: &Languages) -> Vec<PathBuf> {
    match format {
        Format::Lines => {
            let with = |code: &str| {
                let mut name = output.as_os_str().to_owned();
                name.push(format!(".{code}"));
                PathBuf::from(name)
            };
            vec![with(&languages.source), with(&languages.target)]
        }
        _ => vec![output.to_path_buf()],
    }
}

/// Which of several versions of a unit a merge keeps: those of one input with one status.
#[derive(Clone, Copy, Debug)]
struct Choice {
    input: usize,
    status: Status,
}

/// Converts (and, with `settings.merge`, merges) the memories `inputs` into `output` in `format`. Every
/// output file is written to a temporary file and moved into place only when all went well.
///
/// A memory for translation software (TMX, TSV, lines) holds the units that `settings.selection`
/// admits; a CSV holds every unit, for review. A unit read from a TMX is written back to TMX as it was
/// (see [`tmx::Kept`]), and the output's header is the first TMX input's, when there is one.
///
/// Merging reads the inputs twice: first to decide, then to write. Of units with the same two sides in
/// different inputs, one input's are kept: a reviewed version before unreviewed ones (a rejected one
/// removes its unreviewed twins), between an accepted and a rejected one the one given last, else the
/// first input's. The units of one input are not merged with each other, unless a reviewer decided on
/// one of them (then its unreviewed twins go): a memory merged with itself is the same memory. A unit edited by a
/// reviewer replaces the unit it was edited from (same document, its text the edit's [`super::Origin`]).
/// Unit ids are kept, unless one is taken already, which gets a fresh number.
pub fn convert(inputs: &[PathBuf], output: &Path, format: Format, settings: &Settings) -> Result<Report> {
    let mut report = Report::default();
    // What the first input tells: the languages (unless given) and the header.
    let languages = match (&settings.languages, inputs.first()) {
        (Some(given), _) => given.clone(),
        // Opened only for what its head tells; its units are read in the passes below.
        (None, Some(path)) => open(path, None, settings.inline)?.languages,
        (None, None) => Languages::default(),
    };
    report.languages = languages.clone();
    let mut header = Header::new(languages.clone(), settings.created);
    for input in inputs {
        if Kind::of(input)? == Kind::Tmx {
            let mut reader = tmx::open(input, settings.inline)?;
            header.kept = Some(reader.read_header()?.clone());
            break;
        }
    }

    // Pass 1 (merging): the version of each unit to keep, the edits, the ids in use.
    let mut chosen: HashMap<u64, Choice> = HashMap::new();
    let mut edited: std::collections::HashSet<(u64, u64)> = std::collections::HashSet::new();
    let mut largest_id = 0usize;
    if settings.merge {
        for (i, path) in inputs.iter().enumerate() {
            for unit in open(path, Some(&languages), settings.inline)?.units {
                let unit = unit?;
                largest_id = largest_id.max(unit.id);
                if let Some(origin) = unit.origin.filter(|_| unit.is_edited()) {
                    edited.insert((hash(&unit.document), origin.fingerprint));
                }
                let choice = Choice { input: i, status: unit.status };
                match chosen.entry(key(&unit)) {
                    std::collections::hash_map::Entry::Vacant(slot) => {
                        slot.insert(choice);
                    }
                    std::collections::hash_map::Entry::Occupied(mut slot) => {
                        let old = *slot.get();
                        let replace = match (old.status, unit.status) {
                            (Status::Unreviewed, Status::Ok | Status::Rejected) => true,
                            (Status::Ok, Status::Rejected) | (Status::Rejected, Status::Ok) => {
                                report.contradictions += 1;
                                true
                            }
                            // Another copy of a reviewed unit; or an unreviewed copy in another input.
                            _ => false,
                        };
                        if replace {
                            slot.insert(choice);
                        }
                    }
                }
            }
        }
    }

    let paths = output_paths(output, format, &languages);
    let open_out = |path: &Path| AtomicFile::create(path).map(io::BufWriter::new);
    let io_err = |e: io::Error| Error::io(output, e);
    let csv_options = csv::Options { selection: settings.selection, ..settings.csv };
    let mut sink = match format {
        Format::Tmx => Sink::Tmx(tmx::Writer::new(open_out(&paths[0])?, &header).map_err(io_err)?),
        Format::Csv => Sink::Csv(Box::new(
            csv::Writer::new(open_out(&paths[0])?, &languages, csv_options).map_err(io_err)?,
        )),
        Format::Tsv => Sink::Tsv(open_out(&paths[0])?),
        Format::Lines => Sink::Lines(open_out(&paths[0])?, open_out(&paths[1])?),
        Format::Xlsx => {
            Sink::Xlsx(super::xlsx::Writer::new(&languages, settings.selection), paths[0].clone())
        }
    };
    // Per source sentence: the first translation's hash, and whether a different one was met.
    let mut translations: HashMap<u64, (u64, bool)> = HashMap::new();
    let mut tuids: std::collections::HashSet<String> = std::collections::HashSet::new();
    for (i, path) in inputs.iter().enumerate() {
        let input = open(path, Some(&languages), settings.inline)?;
        report.warnings.extend(input.warnings);
        for unit in input.units {
            let mut unit = unit?;
            report.read += 1;
            let whole_tmx_unit = format == Format::Tmx && unit.kept.is_some();
            let lacks_language =
                unit.kept.as_ref().is_some_and(|kept| kept.source.is_none() || kept.target.is_none());
            if settings.merge {
                let chosen = chosen.get(&key(&unit));
                if chosen.is_none_or(|c| (c.input, c.status) != (i, unit.status)) {
                    report.duplicates += 1;
                    continue;
                }
                if !unit.is_edited()
                    && edited.contains(&(hash(&unit.document), fingerprint(&unit.source, &unit.target)))
                {
                    report.replaced += 1;
                    continue;
                }
                renumber(&mut unit, &mut tuids, &mut largest_id);
            }
            if lacks_language && !whole_tmx_unit {
                report.other_languages += 1;
                continue;
            }
            if format != Format::Csv && format != Format::Xlsx {
                if unit.status == Status::Rejected {
                    report.rejected += 1;
                    continue;
                }
                if !unit.is_pair() && !whole_tmx_unit {
                    report.one_sided += 1;
                    continue;
                }
                if unit.status == Status::Unreviewed && settings.selection.below(&unit) {
                    report.below_threshold += 1;
                    continue;
                }
            }
            if unit.is_pair() {
                let (source, target) = (hash(&unit.source), hash(&unit.target));
                let entry = translations.entry(source).or_insert((target, false));
                if entry.0 != target && !entry.1 {
                    entry.1 = true;
                    report.conflicts += 1;
                }
            }
            sink.write(&unit).map_err(io_err)?;
            report.written += 1;
        }
    }
    sink.commit()?;
    Ok(report)
}

/// The key under which a merge finds duplicates: the two sides, or for a TMX unit that lacks one of
/// them, all its variants.
fn key(unit: &TranslationUnit) -> u64 {
    match &unit.kept {
        Some(kept) if kept.source.is_none() || kept.target.is_none() => {
            hash(&kept.variants.iter().map(|v| (&v.attributes, &v.text)).collect::<Vec<_>>())
        }
        _ => hash(&(&unit.source, &unit.target)),
    }
}

/// Gives `unit` a fresh id (and `tuid`) when its own is taken by a unit written before it.
fn renumber(unit: &mut TranslationUnit, taken: &mut std::collections::HashSet<String>, largest: &mut usize) {
    let tuid = match &unit.kept {
        Some(kept) => kept.attributes.iter().find(|(k, _)| k == "tuid").map(|(_, v)| v.clone()),
        None => Some(unit.id.to_string()),
    };
    let Some(tuid) = tuid else { return };
    if taken.insert(tuid) {
        return;
    }
    *largest += 1;
    unit.id = *largest;
    taken.insert(unit.id.to_string());
    if let Some(kept) = &mut unit.kept {
        for (k, v) in &mut kept.attributes {
            if k == "tuid" {
                *v = unit.id.to_string();
            }
        }
    }
}

fn hash<T: Hash + ?Sized>(value: &T) -> u64 {
    let mut hasher = DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}
