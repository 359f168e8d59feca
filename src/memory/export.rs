//! Converting and merging memories: any of TMX and review CSV in; TMX, CSV, TSV or line-aligned text out.
//!
//! Units stream from the inputs to the output one at a time, so a memory of millions of units converts
//! in constant memory; merging keeps one 64-bit hash per distinct unit to drop exact duplicates. Rejected
//! units and units with an empty side are left out of every output but the CSV.
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
use super::{AtomicFile, Languages, TranslationUnit, csv};
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
}

impl Format {
    /// The format an output path's extension names (`.tmx`, `.csv`, `.tsv`).
    pub fn from_extension(path: &Path) -> Option<Format> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "tmx" => Some(Format::Tmx),
            "csv" => Some(Format::Csv),
            "tsv" | "tab" => Some(Format::Tsv),
            _ => None,
        }
    }
}

/// Settings of a conversion or merge.
#[derive(Clone, Debug, Default)]
pub struct Settings {
    /// Language codes: which columns or variants are read, and what is written.
    pub languages: Languages,
    /// How CSV is written.
    pub csv: csv::Options,
    /// What to do with TMX inline markup on reading.
    pub inline: InlineTags,
    /// Drop exact duplicates (same text on both sides) and number the units anew.
    pub merge: bool,
}

/// What a conversion did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// Units read from the inputs.
    pub read: usize,
    /// Units written.
    pub written: usize,
    /// Exact duplicates dropped (merging only).
    pub duplicates: usize,
    /// Source sentences with more than one translation among the units written (all kept).
    pub conflicts: usize,
    /// Units left out because the reviewer rejected them.
    pub rejected: usize,
    /// Units left out because a side is empty (kept in CSV output).
    pub one_sided: usize,
    /// TMX units left out because they lack one of the two languages.
    pub other_languages: usize,
}

/// Reads the units of a TMX or review CSV file, by its extension.
pub fn read_units(
    path: &Path,
    settings: &Settings,
) -> Result<Box<dyn Iterator<Item = Result<Option<TranslationUnit>>>>> {
    let is_csv = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    if is_csv {
        let reader = csv::Reader::open(path, &settings.languages)?;
        Ok(Box::new(reader.map(|u| u.map(Some))))
    } else {
        let languages = settings.languages.clone();
        let reader = tmx::open(path, settings.inline)?;
        Ok(Box::new(
            reader.enumerate().map(move |(k, u)| u.map(|u| u.to_translation_unit(&languages, k + 1))),
        ))
    }
}

/// A sink for units in one of the formats.
enum Sink<'h> {
    Tmx(tmx::Writer<'h, io::BufWriter<AtomicFile>>),
    Csv(Box<csv::Writer<io::BufWriter<AtomicFile>>>),
    Tsv(io::BufWriter<AtomicFile>),
    Lines(io::BufWriter<AtomicFile>, io::BufWriter<AtomicFile>),
}

/// The single line a TSV cell or a line-aligned file can hold.
fn one_line(text: &str) -> String {
    text.replace(['\t', '\n', '\r'], " ")
}

impl Sink<'_> {
    fn write(&mut self, unit: &TranslationUnit) -> io::Result<()> {
        match self {
            Sink::Tmx(w) => w.write_unit(unit),
            Sink::Csv(w) => w.write_unit(unit),
            Sink::Tsv(w) => writeln!(w, "{}\t{}", one_line(&unit.en), one_line(&unit.es)),
            Sink::Lines(en, es) => {
                writeln!(en, "{}", one_line(&unit.en))?;
                writeln!(es, "{}", one_line(&unit.es))
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
            Sink::Lines(en, es) => {
                done(en)?;
                done(es)
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

/// Converts (and, with `settings.merge`, merges) the memories `inputs` into `output` in `format`. Every
/// output file is written to a temporary file and moved into place only when all went well.
pub fn convert(inputs: &[PathBuf], output: &Path, format: Format, settings: &Settings) -> Result<Report> {
    let header = Header::new(settings.languages.clone());
    let paths = output_paths(output, format, &settings.languages);
    let open = |path: &Path| AtomicFile::create(path).map(io::BufWriter::new);
    let io_err = |e: io::Error| Error::io(output, e);
    let mut sink = match format {
        Format::Tmx => Sink::Tmx(tmx::Writer::new(open(&paths[0])?, &header).map_err(io_err)?),
        Format::Csv => Sink::Csv(Box::new(
            csv::Writer::new(open(&paths[0])?, &settings.languages, settings.csv).map_err(io_err)?,
        )),
        Format::Tsv => Sink::Tsv(open(&paths[0])?),
        Format::Lines => Sink::Lines(open(&paths[0])?, open(&paths[1])?),
    };
    let mut report = Report::default();
    let mut seen: std::collections::HashSet<u64> = std::collections::HashSet::new();
    // Per source sentence: the first translation's hash, and whether a different one was met.
    let mut translations: HashMap<u64, (u64, bool)> = HashMap::new();
    for input in inputs {
        for unit in read_units(input, settings)? {
            let Some(mut unit) = unit? else {
                report.other_languages += 1;
                continue;
            };
            report.read += 1;
            if unit.status == super::Status::Rejected {
                report.rejected += 1;
                if format != Format::Csv {
                    continue;
                }
            }
            if !unit.is_pair() {
                report.one_sided += 1;
                if format != Format::Csv {
                    continue;
                }
            }
            if settings.merge {
                if !seen.insert(hash(&(&unit.en, &unit.es))) {
                    report.duplicates += 1;
                    continue;
                }
                unit.id = report.written + 1;
            }
            if unit.is_pair() {
                let (source, target) = (hash(&unit.en), hash(&unit.es));
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

fn hash<T: Hash>(value: &T) -> u64 {
    let mut hasher = DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}
