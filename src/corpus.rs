//! Editions on disk: reading them, pairing the files of two folders, and running the pipeline on a pair.
//!
//! An edition is running text to be segmented (a text file in UTF-8, UTF-16 or Windows-1252, see
//! [`crate::encoding`]; an HTML page; a PDF, DOCX or ODT document), or pre-segmented lines (one sentence
//! a line, a blank line between paragraphs). A folder run pairs `en/NAME` with `es/NAME` and names the
//! memory after the file stem.
//!
//! What it does not do: parse the formats itself (see `html`, `pdf`, [`crate::office`] and
//! [`crate::print`]), or run many pairs at once (the program does, with its threads and progress bar).

use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::align::{self, Alignment};
use crate::encoding::Encoding;
use crate::error::{Error, Result};
use std::sync::Arc;

use crate::memory::{self, Languages, TranslationUnit, tmx};
use crate::segment::srx::Srx;
use crate::segment::{self, Language, Sentence};

/// How an edition's text is to be read (see [`crate::print`], `html`, `pdf` and [`crate::office`] for
/// what each reader does; the variants' comments are also the program's help, so they carry no links).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum InputFormat {
    /// By the file's content (PDF, DOCX, ODT), else by its extension: `.html`/`.htm` as HTML, `.sents`
    /// as lines, anything else as text.
    #[default]
    Auto,
    /// Running text, segmented by alinea (words split at line ends joined, pages cleaned when form
    /// feeds separate them).
    Text,
    /// Pre-segmented: one sentence a line, a blank line between paragraphs.
    Lines,
    /// An HTML page: its article text, segmented by alinea.
    Html,
    /// A PDF file: its text without the debris of print.
    Pdf,
    /// A Word document (DOCX).
    Docx,
    /// An OpenDocument text (ODT).
    Odt,
}

impl InputFormat {
    /// The format to read `path` in: this one, or the extension's when this is `Auto`.
    pub fn for_path(self, path: &Path) -> InputFormat {
        if self != InputFormat::Auto {
            return self;
        }
        let extension = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
        match extension.as_deref() {
            Some("html" | "htm" | "xhtml") => InputFormat::Html,
            Some("sents") => InputFormat::Lines,
            Some("pdf") => InputFormat::Pdf,
            Some("docx") => InputFormat::Docx,
            Some("odt") => InputFormat::Odt,
            _ => InputFormat::Text,
        }
    }

    /// The format `bytes` are in by their content, for the formats that say so (PDF, DOCX, ODT); an
    /// error for the document formats alinea does not read, so that they are not taken for text.
    fn sniff(bytes: &[u8], path: &Path) -> Result<Option<InputFormat>> {
        let unsupported =
            |what: &str| Error::Document { path: path.to_path_buf(), message: what.to_string() };
        // The signature may follow a little junk, as readers allow.
        if bytes[..bytes.len().min(1024)].windows(5).any(|w| w == b"%PDF-") {
            return Ok(Some(InputFormat::Pdf));
        }
        if bytes.starts_with(b"PK\x03\x04") {
            return match crate::office::kind(bytes) {
                Ok(Some(crate::office::Kind::Docx)) => Ok(Some(InputFormat::Docx)),
                Ok(Some(crate::office::Kind::Odt)) => Ok(Some(InputFormat::Odt)),
                Ok(None) => Err(unsupported(
                    "a ZIP archive that is neither a DOCX nor an ODT document; give the document itself",
                )),
                Err(e) => Err(unsupported(&format!(
                    "a damaged ZIP archive (a DOCX or ODT cut short?): {e}; save the document again from \
                     your word processor"
                ))),
            };
        }
        if bytes.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
            return Err(unsupported(
                "a Word 97-2003 document (.doc) or another legacy Office file; save it as DOCX (or ODT, or plain \
                 text) and give that",
            ));
        }
        if bytes.starts_with(b"{\\rtf") {
            return Err(unsupported(
                "an RTF document; save it as DOCX (or ODT, or plain text) and give that",
            ));
        }
        Ok(None)
    }
}

/// Reads an edition in `format` (decided by its content, else its extension, when `Auto`) and
/// `encoding` (for text formats): the text the sentences will be cut from.
pub fn read_edition(path: &Path, format: InputFormat, encoding: Encoding) -> Result<(String, InputFormat)> {
    let bytes = fs::read(path).map_err(|e| Error::io(path, e))?;
    let format = match format {
        InputFormat::Auto => InputFormat::sniff(&bytes, path)?.unwrap_or_else(|| format.for_path(path)),
        given => given,
    };
    let decode = |bytes: &[u8]| -> Result<String> { Ok(crate::encoding::decode(bytes, path, encoding)?.0) };
    Ok(match format {
        #[cfg(feature = "pdf")]
        InputFormat::Pdf => (crate::pdf::to_text(&bytes, path)?, format),
        #[cfg(not(feature = "pdf"))]
        InputFormat::Pdf => {
            return Err(Error::Document {
                path: path.to_path_buf(),
                message: "a PDF, and this build of alinea reads no PDF (its `pdf` feature is off)".into(),
            });
        }
        InputFormat::Docx | InputFormat::Odt => (crate::office::to_text(&bytes, path)?, format),
        #[cfg(feature = "html")]
        InputFormat::Html => (crate::html::to_text(&decode(&bytes)?), format),
        #[cfg(not(feature = "html"))]
        InputFormat::Html => {
            return Err(Error::Document {
                path: path.to_path_buf(),
                message: "an HTML page, and this build of alinea reads no HTML (its `html` feature is off)"
                    .into(),
            });
        }
        InputFormat::Text | InputFormat::Auto => {
            (crate::print::clean_text(decode(&bytes)?), InputFormat::Text)
        }
        InputFormat::Lines => (decode(&bytes)?, format),
    })
}

/// Reads a text file in the encoding it is detected to be in (see [`crate::encoding`]); the error
/// names the file.
pub fn read_text(path: &Path) -> Result<String> {
    read_text_as(path, Encoding::Auto)
}

/// Reads a text file in `encoding`.
pub fn read_text_as(path: &Path, encoding: Encoding) -> Result<String> {
    let bytes = fs::read(path).map_err(|e| Error::io(path, e))?;
    Ok(crate::encoding::decode(&bytes, path, encoding)?.0)
}

/// Reads standard input as text in `encoding`.
pub fn read_stdin(encoding: Encoding) -> Result<String> {
    let mut bytes = Vec::new();
    std::io::stdin().read_to_end(&mut bytes).map_err(|e| Error::io("<stdin>", e))?;
    Ok(crate::encoding::decode(&bytes, Path::new("<stdin>"), encoding)?.0)
}

/// Sentences of an edition's text, read as `format` (HTML must already be turned into text).
pub fn sentences(text: &str, language: Language, format: InputFormat) -> Vec<Sentence<'_>> {
    match format {
        InputFormat::Lines => segment::from_lines(text),
        _ => segment::segment(text, language),
    }
}

/// The two editions of one text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pair {
    /// Name of the text, used for the memory's file names (the source file's stem).
    pub name: String,
    /// The source edition (English by default).
    pub source: PathBuf,
    /// The target edition.
    pub target: PathBuf,
}

impl Pair {
    /// A pair named after the source file, or after its folder when the file is named by its language
    /// only (`peru/en.txt` with `peru/es.txt` is `peru`, not `en`).
    ///
    /// ```
    /// use alinea::corpus::Pair;
    /// use std::path::Path;
    /// assert_eq!(Pair::new(Path::new("en/peru.txt"), Path::new("es/peru.txt")).name, "peru");
    /// assert_eq!(Pair::new(Path::new("docs/peru/en.txt"), Path::new("docs/peru/es.txt")).name, "peru");
    /// assert_eq!(Pair::new(Path::new("wmt/doc7/en.raw.txt"), Path::new("wmt/doc7/es.raw.txt")).name, "doc7");
    /// assert_eq!(Pair::new(Path::new("en-US.txt"), Path::new("es.txt")).name, "en-US");
    /// ```
    pub fn new(source: &Path, target: &Path) -> Pair {
        let stem = |p: &Path| p.file_stem().map(|s| s.to_string_lossy().into_owned());
        let folder = source.parent().and_then(|p| p.file_name()).map(|f| f.to_string_lossy().into_owned());
        let name = match (stem(source), folder) {
            // `en.txt`, and `en.raw.txt` as corpora name their editions.
            (Some(stem), Some(folder))
                if is_language_code(stem.split('.').next().unwrap_or("")) && !folder.starts_with('.') =>
            {
                folder
            }
            (Some(stem), _) => stem,
            (None, _) => "memory".to_string(),
        };
        Pair { name, source: source.to_path_buf(), target: target.to_path_buf() }
    }
}

/// Whether a name (a file stem, a folder) is a language code only: two lower-case letters and
/// optional region or script subtags (`en`, `pt-BR`, `es_419`).
///
/// ```
/// use alinea::corpus::is_language_code;
/// assert!(is_language_code("en") && is_language_code("pt-BR") && is_language_code("es_419"));
/// assert!(!is_language_code("peru") && !is_language_code("EN") && !is_language_code("en-"));
/// ```
pub fn is_language_code(stem: &str) -> bool {
    let mut parts = stem.split(['-', '_']);
    let primary = parts.next().unwrap_or("");
    primary.len() == 2
        && primary.bytes().all(|b| b.is_ascii_lowercase())
        && parts.all(|p| (2..=4).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// Pairs of a folder run, and the files that have no partner.
#[derive(Debug, Default)]
pub struct Pairing {
    /// Files present in both folders under the same name, sorted by name.
    pub pairs: Vec<Pair>,
    /// Files of either folder with no same-named file in the other, or with the same name as another
    /// file of their folder.
    pub unpaired: Vec<PathBuf>,
}

/// The name a file is paired by: its name without extension and without a language suffix (`_s`,
/// `-es`, `.es`, `_es` for Spanish; `_e`, `-en`, `.en`, `_en` for English), so that `peru.html` pairs
/// with `peru_s.htm`.
///
/// ```
/// use alinea::corpus::pairing_key;
/// assert_eq!(pairing_key("rw895-peru_s.html", "es"), pairing_key("rw895-peru.txt", "en"));
/// assert_eq!(pairing_key("report.es.txt", "es"), "report");
/// assert_eq!(pairing_key("notes", "en"), "notes");
/// ```
pub fn pairing_key(file_name: &str, lang: &str) -> String {
    let stem = match file_name.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem,
        _ => file_name,
    };
    // `_s` and `_e` are the suffixes of bilingual newspaper archives (Spanish, English).
    let short = match lang {
        "es" => "_s",
        "en" => "_e",
        _ => "",
    };
    let suffixes = [format!(".{lang}"), format!("-{lang}"), format!("_{lang}"), short.to_string()];
    for suffix in suffixes.iter().filter(|s| !s.is_empty()) {
        if let Some(base) = stem.strip_suffix(suffix.as_str()).filter(|b| !b.is_empty()) {
            return base.to_string();
        }
    }
    stem.to_string()
}

/// Pairs the files of `source_dir` with the files of `target_dir` of the same name, extension and
/// language suffix aside (see [`pairing_key`], with each side's language code); hidden files are
/// skipped.
pub fn pair_folders(source_dir: &Path, target_dir: &Path, languages: &Languages) -> Result<Pairing> {
    let mut pairing = Pairing::default();
    // Files sorted by name, so that of two with the same key ("a.txt", "a.html") the first is paired
    // and the other reported, the same on every run.
    let mut list = |dir: &Path, lang: &str| -> Result<BTreeMap<String, PathBuf>> {
        let mut paths: Vec<PathBuf> = Vec::new();
        for entry in fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
            let entry = entry.map_err(|e| Error::io(dir, e))?;
            let hidden = entry.file_name().to_string_lossy().starts_with('.');
            if !hidden && entry.path().is_file() {
                paths.push(entry.path());
            }
        }
        paths.sort();
        let mut files = BTreeMap::new();
        for path in paths {
            let key = pairing_key(&path.file_name().unwrap_or_default().to_string_lossy(), lang);
            match files.entry(key) {
                std::collections::btree_map::Entry::Vacant(slot) => {
                    slot.insert(path);
                }
                std::collections::btree_map::Entry::Occupied(_) => pairing.unpaired.push(path),
            }
        }
        Ok(files)
    };
    let (source, mut target) = (list(source_dir, &languages.source)?, list(target_dir, &languages.target)?);
    for (name, source_path) in source {
        match target.remove(&name) {
            Some(target_path) => pairing.pairs.push(Pair::new(&source_path, &target_path)),
            None => pairing.unpaired.push(source_path),
        }
    }
    pairing.unpaired.extend(target.into_values());
    if pairing.pairs.is_empty() {
        return Err(Error::NoPairs {
            message: format!(
                "no file of {} has a same-named file in {}: put the English edition in {} and the Spanish one \
                 under the same name in {} (extension and a suffix such as _s or -es aside)",
                source_dir.display(),
                target_dir.display(),
                source_dir.display(),
                target_dir.display()
            ),
        });
    }
    Ok(pairing)
}

/// Reads a pairing file: one pair a line, the English path and the Spanish path separated by a tab,
/// relative to the pairing file's folder; blank lines and lines starting with `#` are skipped.
pub fn read_pairs(path: &Path) -> Result<Vec<Pair>> {
    let text = read_text(path)?;
    let base = path.parent().unwrap_or(Path::new(""));
    let mut pairs = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((source, target)) = line.split_once('\t') else {
            return Err(Error::Pairs {
                path: path.to_path_buf(),
                line: n + 1,
                message: "expected the English path and the Spanish path separated by a tab".into(),
            });
        };
        let (source, target) = (base.join(source.trim()), base.join(target.trim()));
        for file in [&source, &target] {
            if !file.is_file() {
                return Err(Error::Pairs {
                    path: path.to_path_buf(),
                    line: n + 1,
                    message: format!("{} is not a file", file.display()),
                });
            }
        }
        pairs.push(Pair::new(&source, &target));
    }
    if pairs.is_empty() {
        return Err(Error::NoPairs {
            message: format!(
                "{}: no pair listed; write one `english<TAB>spanish` path pair a line",
                path.display()
            ),
        });
    }
    Ok(pairs)
}

/// Settings of a pipeline run.
#[derive(Clone, Default)]
pub struct Settings {
    /// How to read the editions.
    pub input: InputFormat,
    /// Aligner settings.
    pub align: align::Params,
    /// How the editions' bytes are to be read.
    pub encoding: Encoding,
    /// SRX rules to segment running text with, instead of alinea's own, and the language codes to look
    /// them up by (source, target).
    pub srx: Option<(Arc<Srx>, Languages)>,
    /// The language codes declared for the two sides, which the pair check compares with the editions
    /// (see [`align::check`]).
    pub languages: Languages,
    /// Write the memory of a pair that the pair check doubts (see [`Aligned::doubt`]) all the same.
    pub force: bool,
}

/// The result of aligning one pair.
#[derive(Clone, Debug)]
pub struct Aligned {
    /// The pair's name.
    pub name: String,
    /// Number of source sentences.
    pub source_sentences: usize,
    /// Number of target sentences.
    pub target_sentences: usize,
    /// The beads.
    pub alignment: Alignment,
    /// The units made of the beads (empty-sided ones included).
    pub units: Vec<TranslationUnit>,
    /// SRX matches abandoned at the regex engine's backtracking limit (see
    /// [`segment::srx::SrxRules::gave_up`]); 0 without SRX rules.
    pub srx_gave_up: usize,
    /// Why the two editions do not look like translations of each other, if they do not (see
    /// [`align::check`]).
    pub doubt: Option<align::check::Doubt>,
}

/// Reads and segments a pair of editions and passes their sentences to `f`, with the number of
/// segments where the SRX rules gave up.
fn with_sentences<T>(
    pair: &Pair,
    settings: &Settings,
    f: impl FnOnce(&[Sentence<'_>], &[Sentence<'_>], usize) -> T,
) -> Result<T> {
    let (source_text, source_format) = read_edition(&pair.source, settings.input, settings.encoding)?;
    let (target_text, target_format) = read_edition(&pair.target, settings.input, settings.encoding)?;
    fn cut<'t>(
        text: &'t str,
        format: InputFormat,
        language: Language,
        srx: Option<(&Srx, &str)>,
    ) -> (Vec<Sentence<'t>>, usize) {
        match (srx, format) {
            (Some((srx, code)), InputFormat::Text | InputFormat::Html) => {
                let rules = srx.for_language(code);
                (segment::segment_with_srx(text, &rules), rules.gave_up())
            }
            _ => (sentences(text, language, format), 0),
        }
    }
    let srx = |source: bool| {
        settings
            .srx
            .as_ref()
            .map(|(srx, l)| (srx.as_ref(), if source { l.source.as_str() } else { l.target.as_str() }))
    };
    let [source, target] = settings.align.languages;
    let (source, source_gave_up) = cut(&source_text, source_format, source, srx(true));
    let (target, target_gave_up) = cut(&target_text, target_format, target, srx(false));
    Ok(f(&source, &target, source_gave_up + target_gave_up))
}

/// Reads, segments and aligns a pair of editions, and adds the word co-occurrences of its confident
/// beads to `counts`: the first pass of a run that learns from its whole batch (see
/// [`align::Cooccurrences`]).
pub fn learn_pair(pair: &Pair, settings: &Settings, counts: &mut align::Cooccurrences) -> Result<()> {
    with_sentences(pair, settings, |source, target, _| {
        counts.add(source, target, &align::align(source, target, &settings.align));
    })
}

/// The word co-occurrences of the confident beads of every pair of `pairs` (see [`learn_pair`]), the
/// pairs aligned on every core with the `parallel` feature; `done` is called as each pair ends. A pair
/// that cannot be read teaches nothing: aligning it afterwards reports why.
pub fn learn_all(pairs: &[Pair], settings: &Settings, done: &(dyn Fn(&Pair) + Sync)) -> align::Cooccurrences {
    let learn = |mut counts: align::Cooccurrences, pair: &Pair| {
        let _ = learn_pair(pair, settings, &mut counts);
        done(pair);
        counts
    };
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        pairs.par_iter().fold(align::Cooccurrences::default, learn).reduce(
            align::Cooccurrences::default,
            |mut a, b| {
                a.merge(&b);
                a
            },
        )
    }
    #[cfg(not(feature = "parallel"))]
    {
        pairs.iter().fold(align::Cooccurrences::default(), learn)
    }
}

/// Reads, segments and aligns a pair of editions.
pub fn align_pair(pair: &Pair, settings: &Settings) -> Result<Aligned> {
    with_sentences(pair, settings, |source, target, srx_gave_up| {
        aligned(pair, settings, source, target, srx_gave_up)
    })
}

fn aligned(
    pair: &Pair,
    settings: &Settings,
    source: &[Sentence<'_>],
    target: &[Sentence<'_>],
    srx_gave_up: usize,
) -> Aligned {
    // The search measures the alignment's anchor support, which the pair check needs, before it
    // drops the pair's evidence. The check comes before the units: when it must gather the evidence
    // again (after a second pass), the two are never held at once.
    let (alignment, support) = align::align_with_support(source, target, &settings.align);
    let codes = [settings.languages.source.as_str(), settings.languages.target.as_str()];
    let doubt = align::check::check_with(source, target, &alignment, &settings.align, codes, support);
    let units = memory::units(&pair.name, source, target, &alignment);
    Aligned {
        name: pair.name.clone(),
        source_sentences: source.len(),
        target_sentences: target.len(),
        alignment,
        units,
        srx_gave_up,
        doubt,
    }
}

/// Where and how a run writes the memory of each pair.
#[derive(Clone, Debug)]
pub struct Output {
    /// The folder (`memory/`).
    pub dir: PathBuf,
    /// The TMX header.
    pub header: tmx::Header,
    /// How the review CSV is written; its `selection` also decides what goes into the TMX.
    pub csv: memory::csv::Options,
    /// Also write the review as an Excel workbook, `NAME.xlsx` (it is kept up to date anyway once it
    /// exists).
    pub xlsx: bool,
    /// The name of the folder under `DIR/backup/` where this run keeps the files it replaces that held
    /// a reviewer's work (a UTC time such as `20261202T101500Z`).
    pub backup: String,
}

impl Output {
    /// Writing to `dir`, with a backup folder named after `now` (the run's start).
    pub fn new(
        dir: &Path,
        header: tmx::Header,
        csv: memory::csv::Options,
        now: std::time::SystemTime,
    ) -> Output {
        Output { dir: dir.to_path_buf(), header, csv, xlsx: false, backup: tmx::tmx_date(now) }
    }
}

/// What became of the reviewer's work in the previous files of a pair.
#[derive(Clone, Debug, Default)]
pub struct ReviewCarried {
    /// The table the work was read from (`NAME.csv` or `NAME.xlsx`, whichever was saved last).
    pub from: PathBuf,
    /// What was carried.
    pub tally: memory::review::Tally,
    /// Rows with work that found no unit, kept in [`ReviewCarried::unmatched_file`].
    pub unmatched: usize,
    /// `NAME.unmatched.csv`, when it holds rows.
    pub unmatched_file: Option<PathBuf>,
    /// The folder holding the previous files, when they were copied (see [`write_memory`]).
    pub backup: Option<PathBuf>,
}

/// The review table of the previous run of a pair, with its leftovers, if there is one.
struct Previous {
    table: PathBuf,
    rows: Vec<TranslationUnit>,
    leftovers: Vec<TranslationUnit>,
}

fn read_previous(dir: &Path, name: &str) -> Result<Option<Previous>> {
    let modified = |p: &Path| fs::metadata(p).and_then(|m| m.modified()).ok();
    let csv_path = dir.join(format!("{name}.csv"));
    let xlsx_path = dir.join(format!("{name}.xlsx"));
    let table = match (modified(&csv_path), modified(&xlsx_path)) {
        (Some(c), Some(x)) if x > c => xlsx_path,
        (Some(_), _) => csv_path,
        (None, Some(_)) => xlsx_path,
        (None, None) => return Ok(None),
    };
    let wrap = |e: Error| Error::PreviousReview { source: Box::new(e) };
    let rows = memory::export::open(&table, None, tmx::InlineTags::Keep)
        .and_then(|input| input.units.collect::<Result<Vec<_>>>())
        .map_err(wrap)?;
    let unmatched = unmatched_path(dir, name);
    let leftovers = if unmatched.exists() {
        memory::csv::read_file(&unmatched, None).map_err(wrap)?.units
    } else {
        Vec::new()
    };
    Ok(Some(Previous { table, rows, leftovers }))
}

fn unmatched_path(dir: &Path, name: &str) -> PathBuf {
    dir.join(format!("{name}.unmatched.csv"))
}

/// Writes the memory of an aligned pair, carrying the reviewer's work from its previous files (see
/// [`memory::review`]): `DIR/NAME.tmx` (the units the selection admits), `DIR/NAME.csv` (every unit),
/// `DIR/NAME.xlsx` when asked for or already there, and `DIR/NAME.unmatched.csv` for work that found
/// no unit. Every file is written in full before any replaces its predecessor, and when the
/// predecessors held a reviewer's work and the review tables change, they are first copied to
/// `DIR/backup/RUN/`. Returns the units written and
/// what became of the work.
pub fn write_memory(
    aligned: &Aligned,
    output: &Output,
) -> Result<(Vec<TranslationUnit>, Option<ReviewCarried>)> {
    let dir = &output.dir;
    let name = &aligned.name;
    let path = |ext: &str| dir.join(format!("{name}.{ext}"));
    let (tmx_path, csv_path, xlsx_path, unmatched) =
        (path("tmx"), path("csv"), path("xlsx"), unmatched_path(dir, name));

    let previous = read_previous(dir, name)?;
    let (units, review) = match &previous {
        Some(previous) => {
            let carried = memory::review::carry(&previous.rows, &previous.leftovers, aligned.units.clone());
            let work = carried.has_work();
            let review = ReviewCarried {
                from: previous.table.clone(),
                tally: carried.tally.clone(),
                unmatched: carried.unmatched.len(),
                unmatched_file: (!carried.unmatched.is_empty()).then(|| unmatched.clone()),
                backup: None,
            };
            (carried, work.then_some(review))
        }
        None => (memory::review::Carried { units: aligned.units.clone(), ..Default::default() }, None),
    };

    let selection = output.csv.selection;
    let mut files = vec![memory::prepare_atomically(&tmx_path, |out| {
        let mut writer = tmx::Writer::new(out, &output.header)?;
        for unit in units.units.iter().filter(|u| selection.admits(u)) {
            writer.write_selected(unit)?;
        }
        writer.finish().map(drop)
    })?];
    // The review tables are made in memory first, to tell whether they change.
    let render = |rows: &[TranslationUnit]| -> Result<Vec<u8>> {
        let mut writer = memory::csv::Writer::new(Vec::new(), &output.header.languages, output.csv)
            .map_err(|e| Error::io(&csv_path, e))?;
        for unit in rows {
            writer.write_unit(unit).map_err(|e| Error::io(&csv_path, e))?;
        }
        writer.finish().map_err(|e| Error::io(&csv_path, e))
    };
    let table = render(&units.units)?;
    let leftovers = if units.unmatched.is_empty() { Vec::new() } else { render(&units.unmatched)? };
    files.push(memory::prepare_atomically(&csv_path, |out| out.write_all(&table))?);
    if output.xlsx || xlsx_path.exists() {
        let mut book = memory::xlsx::Writer::new(&output.header.languages, selection);
        for unit in &units.units {
            book.write_unit(unit).map_err(|e| Error::io(&xlsx_path, e))?;
        }
        files.push(book.prepare(&xlsx_path)?);
    }
    if !leftovers.is_empty() {
        files.push(memory::prepare_atomically(&unmatched, |out| out.write_all(&leftovers))?);
    }

    let mut review = review;
    // The previous files are copied away when they held a reviewer's work and the review tables
    // change: a CSV made from a workbook saved later, new ids, rows set aside.
    let old = |path: &Path| fs::read(path).unwrap_or_default();
    let changes = old(&csv_path) != table || old(&unmatched) != leftovers;
    if let Some(review) = review.as_mut().filter(|_| changes) {
        let backup = dir.join("backup").join(&output.backup);
        fs::create_dir_all(&backup).map_err(|e| Error::io(&backup, e))?;
        for old in [&tmx_path, &csv_path, &xlsx_path, &unmatched] {
            if old.exists() {
                let to = backup.join(old.file_name().unwrap_or_default());
                fs::copy(old, &to).map_err(|e| Error::io(&to, e))?;
            }
        }
        review.backup = Some(backup);
    }
    for file in files {
        file.commit()?;
    }
    if units.unmatched.is_empty() && unmatched.exists() {
        // Every row it held found its unit (and the file is in the backup).
        fs::remove_file(&unmatched).map_err(|e| Error::io(&unmatched, e))?;
    }
    Ok((units.units, review))
}
