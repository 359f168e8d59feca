//! Python bindings of alinea (the `alinea._alinea` extension module; `alinea/__init__.py` re-exports it).
//!
//! Thin: every function converts its arguments, releases the GIL, calls the library and converts the
//! result back. A library error becomes an `alinea.AlineaError` carrying the same message as the
//! command line's, with its causes; nothing here panics on bad input (a wrong type is a `TypeError`,
//! an unknown language code an `AlineaError`).

use std::borrow::Cow;
use std::path::PathBuf;

use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3::types::PyRange;

use alinea::align::{self as aligner, Params};
use alinea::corpus::{self, InputFormat, Pair, Settings};
use alinea::memory::{self, Languages, Selection, tmx};
use alinea::segment::{self as segmenter, Language};

pyo3::create_exception!(
    alinea,
    AlineaError,
    PyException,
    "An error of alinea: a file that cannot be read or written, a language it does not know, a memory it cannot parse."
);

/// The error as the command line says it: the message, then each cause.
fn error(e: alinea::Error) -> PyErr {
    let mut message = e.to_string();
    let mut source = std::error::Error::source(&e);
    while let Some(cause) = source {
        let text = cause.to_string();
        if !message.contains(&text) {
            message.push_str(": ");
            message.push_str(&text);
        }
        source = cause.source();
    }
    AlineaError::new_err(message)
}

/// The codes of a pair, as the memories write them.
fn languages(source: &str, target: &str) -> Languages {
    Languages { source: source.to_string(), target: target.to_string() }
}

fn language(code: &str) -> PyResult<Language> {
    code.parse::<Language>().map_err(error)
}

/// A sentence of an edition: its text (white space folded) and the paragraph it belongs to.
#[pyclass(module = "alinea", frozen, get_all, from_py_object)]
#[derive(Clone)]
struct Sentence {
    /// The sentence's text.
    text: String,
    /// The index of its paragraph in the edition (0-based).
    paragraph: usize,
}

#[pymethods]
impl Sentence {
    #[new]
    #[pyo3(signature = (text, paragraph = 0))]
    fn new(text: String, paragraph: usize) -> Sentence {
        Sentence { text, paragraph }
    }

    fn __str__(&self) -> &str {
        &self.text
    }

    fn __repr__(&self) -> String {
        format!("Sentence({:?}, paragraph={})", self.text, self.paragraph)
    }

    fn __eq__(&self, other: &Sentence) -> bool {
        self.text == other.text && self.paragraph == other.paragraph
    }
}

/// A sentence given from Python: a `Sentence`, or a string (a paragraph of its own... no: all strings
/// of one list are one paragraph, as the lines of a sentence-per-line file are).
#[derive(FromPyObject)]
enum SentenceArg {
    Sentence(Sentence),
    Text(String),
}

fn sentences(items: Vec<SentenceArg>) -> Vec<segmenter::Sentence<'static>> {
    items
        .into_iter()
        .map(|item| {
            let (text, paragraph) = match item {
                SentenceArg::Sentence(s) => (s.text, s.paragraph),
                SentenceArg::Text(t) => (t, 0),
            };
            let len = text.len();
            segmenter::Sentence { text: Cow::Owned(text), range: 0..len, paragraph }
        })
        .collect()
}

/// A bead: sentences `source` of the first edition paired with sentences `target` of the second.
#[pyclass(module = "alinea", frozen, from_py_object)]
#[derive(Clone)]
struct Bead {
    source: (usize, usize),
    target: (usize, usize),
    /// The confidence, in [0, 1] (a forward-backward posterior).
    #[pyo3(get)]
    score: f64,
}

#[pymethods]
impl Bead {
    /// The indices of the source sentences, as a `range`.
    #[getter]
    fn source<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyRange>> {
        PyRange::new(py, self.source.0 as isize, self.source.1 as isize)
    }

    /// The indices of the target sentences, as a `range`.
    #[getter]
    fn target<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyRange>> {
        PyRange::new(py, self.target.0 as isize, self.target.1 as isize)
    }

    /// The bead's type, as in `"2-1"`.
    #[getter]
    fn kind(&self) -> String {
        format!("{}-{}", self.source.1 - self.source.0, self.target.1 - self.target.0)
    }

    fn __repr__(&self) -> String {
        format!(
            "Bead(source=range({}, {}), target=range({}, {}), score={:.4})",
            self.source.0, self.source.1, self.target.0, self.target.1, self.score
        )
    }
}

impl From<&aligner::Bead> for Bead {
    fn from(b: &aligner::Bead) -> Bead {
        Bead {
            source: (b.source.start, b.source.end),
            target: (b.target.start, b.target.end),
            score: b.score,
        }
    }
}

fn to_alignment(beads: &[Bead]) -> aligner::Alignment {
    aligner::Alignment {
        beads: beads
            .iter()
            .map(|b| aligner::Bead {
                source: b.source.0..b.source.1,
                target: b.target.0..b.target.1,
                score: b.score,
            })
            .collect(),
    }
}

/// A translation unit: the text of a bead's two sides, with its confidence and review status.
#[pyclass(module = "alinea", frozen)]
#[derive(Clone)]
struct TranslationUnit {
    inner: memory::TranslationUnit,
}

#[pymethods]
impl TranslationUnit {
    /// A unit made in Python (from a table of units, say), unreviewed unless `status` says otherwise.
    #[new]
    #[pyo3(signature = (source, target, *, document = String::new(), id = 0, score = None, kind = None, status = "", note = String::new()))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        source: String,
        target: String,
        document: String,
        id: usize,
        score: Option<f64>,
        kind: Option<&str>,
        status: &str,
        note: String,
    ) -> PyResult<TranslationUnit> {
        let status = memory::Status::parse(status).ok_or_else(|| {
            AlineaError::new_err(format!("status {status:?}: write one of {}", memory::Status::vocabulary()))
        })?;
        let kind = match kind {
            None => None,
            Some(k) => Some(parse_kind(k)?),
        };
        let inner = memory::TranslationUnit {
            id,
            document,
            source,
            target,
            score,
            kind,
            status,
            note,
            ..Default::default()
        };
        Ok(TranslationUnit { inner })
    }

    /// Its number in its document (1-based).
    #[getter]
    fn id(&self) -> usize {
        self.inner.id
    }
    /// The document (pair of editions) it comes from.
    #[getter]
    fn document(&self) -> &str {
        &self.inner.document
    }
    /// The source side's text.
    #[getter]
    fn source(&self) -> &str {
        &self.inner.source
    }
    /// The target side's text.
    #[getter]
    fn target(&self) -> &str {
        &self.inner.target
    }
    /// The bead's confidence, if aligned by alinea.
    #[getter]
    fn score(&self) -> Option<f64> {
        self.inner.score
    }
    /// The bead's type (`"1-1"`), if aligned by alinea.
    #[getter]
    fn kind(&self) -> Option<String> {
        self.inner.kind.map(|k| k.to_string())
    }
    /// The review status: `""` (unreviewed), `"ok"` or `"rejected"`.
    #[getter]
    fn status(&self) -> &'static str {
        self.inner.status.as_str()
    }
    /// The reviewer's note.
    #[getter]
    fn note(&self) -> &str {
        &self.inner.note
    }
    /// Whether a memory for translation software takes it: both sides have text, and it is accepted,
    /// or unreviewed with a confidence of at least 0.5.
    #[getter]
    fn selected(&self) -> bool {
        Selection::default().admits(&self.inner)
    }

    fn __repr__(&self) -> String {
        format!(
            "TranslationUnit(id={}, source={:?}, target={:?})",
            self.inner.id, self.inner.source, self.inner.target
        )
    }
}

/// A bead type written `"2-1"`.
fn parse_kind(kind: &str) -> PyResult<aligner::BeadKind> {
    let parsed = kind
        .split_once('-')
        .and_then(|(a, b)| Some(aligner::BeadKind { source: a.parse().ok()?, target: b.parse().ok()? }));
    parsed.ok_or_else(|| AlineaError::new_err(format!("bead type {kind:?}: write it as 1-1, 2-1, 0-1...")))
}

fn wrap_units(units: Vec<memory::TranslationUnit>) -> Vec<TranslationUnit> {
    units.into_iter().map(|inner| TranslationUnit { inner }).collect()
}

/// The alignment of a pair of files: its name, beads, units and what the pair check doubts.
#[pyclass(module = "alinea", frozen, get_all)]
struct AlignedPair {
    /// The pair's name (the source file's stem, or its folder's).
    name: String,
    /// Sentences of each edition.
    source_sentences: usize,
    target_sentences: usize,
    /// The beads, in order.
    beads: Vec<Bead>,
    /// One unit per bead.
    units: Vec<TranslationUnit>,
    /// Why the two files do not look like translations of each other, or None.
    doubt: Option<String>,
}

#[pymethods]
impl AlignedPair {
    fn __repr__(&self) -> String {
        format!("AlignedPair({:?}, {} beads)", self.name, self.beads.len())
    }
}

/// Splits `text` into sentences with the rules of language `lang` (an ISO 639-1 code).
#[pyfunction]
#[pyo3(signature = (text, lang = "en"))]
fn segment(py: Python<'_>, text: &str, lang: &str) -> PyResult<Vec<Sentence>> {
    let language = language(lang)?;
    Ok(py.detach(|| {
        segmenter::segment(text, language)
            .into_iter()
            .map(|s| Sentence { text: s.text.into_owned(), paragraph: s.paragraph })
            .collect()
    }))
}

fn params(src_lang: &str, tgt_lang: &str, anchors: bool, band: usize, second_pass: bool) -> PyResult<Params> {
    Ok(Params {
        anchors,
        band,
        second_pass,
        languages: [language(src_lang)?, language(tgt_lang)?],
        lexicon: None,
    })
}

/// Aligns two lists of sentences (strings, or `Sentence`s from `segment`), returning the beads.
#[pyfunction]
#[pyo3(signature = (source, target, *, src_lang = "en", tgt_lang = "es", anchors = true, band = 24, second_pass = false))]
#[allow(clippy::too_many_arguments)]
fn align(
    py: Python<'_>,
    source: Vec<SentenceArg>,
    target: Vec<SentenceArg>,
    src_lang: &str,
    tgt_lang: &str,
    anchors: bool,
    band: usize,
    second_pass: bool,
) -> PyResult<Vec<Bead>> {
    let params = params(src_lang, tgt_lang, anchors, band, second_pass)?;
    let (source, target) = (sentences(source), sentences(target));
    Ok(py.detach(|| aligner::align(&source, &target, &params).beads.iter().map(Bead::from).collect()))
}

/// The translation units of `beads` over the two lists of sentences, named `document`.
#[pyfunction]
#[pyo3(signature = (source, target, beads, document = "memory"))]
fn units(
    source: Vec<SentenceArg>,
    target: Vec<SentenceArg>,
    beads: Vec<Bead>,
    document: &str,
) -> PyResult<Vec<TranslationUnit>> {
    let (source, target) = (sentences(source), sentences(target));
    let (n, m) = (source.len(), target.len());
    if let Some(b) = beads
        .iter()
        .find(|b| b.source.1 > n || b.target.1 > m || b.source.0 > b.source.1 || b.target.0 > b.target.1)
    {
        return Err(AlineaError::new_err(format!(
            "{} does not fit {n} source and {m} target sentences; pass the sentences that were aligned",
            b.__repr__()
        )));
    }
    Ok(wrap_units(memory::units(document, &source, &target, &to_alignment(&beads))))
}

/// The settings of `alinea align` for a pair of languages, with the word pairs of `dictionary`.
fn file_settings(
    src_lang: &str,
    tgt_lang: &str,
    second_pass: bool,
    dictionary: Option<Vec<(String, String)>>,
) -> PyResult<Settings> {
    let mut align = params(src_lang, tgt_lang, true, Params::default().band, second_pass)?;
    align.lexicon = dictionary.map(|pairs| {
        let mut lexicon = aligner::Lexicon::default();
        for (source, target) in &pairs {
            lexicon.add(source, target);
        }
        std::sync::Arc::new(lexicon)
    });
    Ok(Settings {
        input: InputFormat::default(),
        align,
        languages: languages(src_lang, tgt_lang),
        ..Settings::default()
    })
}

/// Reads, segments and aligns a pair of editions (text, HTML, PDF, DOCX, ODT, by extension), as
/// `alinea align` does; `dictionary` adds word pairs (source, target) as anchors, as `--dict` does.
#[pyfunction]
#[pyo3(signature = (source, target, *, src_lang = "en", tgt_lang = "es", name = None, second_pass = false, dictionary = None))]
#[allow(clippy::too_many_arguments)]
fn align_files(
    py: Python<'_>,
    source: PathBuf,
    target: PathBuf,
    src_lang: &str,
    tgt_lang: &str,
    name: Option<String>,
    second_pass: bool,
    dictionary: Option<Vec<(String, String)>>,
) -> PyResult<AlignedPair> {
    let mut pair = Pair::new(&source, &target);
    if let Some(name) = name {
        pair.name = name;
    }
    let settings = file_settings(src_lang, tgt_lang, second_pass, dictionary)?;
    let aligned = py.detach(|| corpus::align_pair(&pair, &settings)).map_err(error)?;
    Ok(AlignedPair {
        name: aligned.name,
        source_sentences: aligned.source_sentences,
        target_sentences: aligned.target_sentences,
        beads: aligned.alignment.beads.iter().map(Bead::from).collect(),
        units: wrap_units(aligned.units),
        doubt: aligned.doubt.map(|d| d.to_string()),
    })
}

/// The word pairs that a whole batch of document pairs teaches, as `alinea align --learn-batch` learns
/// them before it aligns each pair again: every pair is read, segmented and aligned (on every core),
/// and the words of the confident one-to-one beads of all of them are counted. Returns (source, target)
/// pairs, accent-folded and lower-cased, for `align_files(..., dictionary=...)`. A pair that cannot be
/// read teaches nothing (`align_files` raises for it).
#[pyfunction]
#[pyo3(signature = (pairs, *, src_lang = "en", tgt_lang = "es"))]
fn learn_pairs(
    py: Python<'_>,
    pairs: Vec<(PathBuf, PathBuf)>,
    src_lang: &str,
    tgt_lang: &str,
) -> PyResult<Vec<(String, String)>> {
    let settings = file_settings(src_lang, tgt_lang, false, None)?;
    let pairs: Vec<Pair> = pairs.iter().map(|(source, target)| Pair::new(source, target)).collect();
    let lexicon = py.detach(|| corpus::learn_all(&pairs, &settings, &|_| {}).lexicon());
    Ok(lexicon.pairs().into_iter().map(|(s, t)| (s.to_string(), t.to_string())).collect())
}

fn inner(units: &[PyRef<'_, TranslationUnit>]) -> Vec<memory::TranslationUnit> {
    units.iter().map(|u| u.inner.clone()).collect()
}

/// Writes `units` as a TMX 1.4b memory at `path` (atomically), keeping those a memory for translation
/// software takes (see `TranslationUnit.selected`). Returns how many were written.
#[pyfunction]
#[pyo3(signature = (path, units, *, src_lang = "en", tgt_lang = "es"))]
fn write_tmx(
    py: Python<'_>,
    path: PathBuf,
    units: Vec<PyRef<'_, TranslationUnit>>,
    src_lang: &str,
    tgt_lang: &str,
) -> PyResult<usize> {
    let units = inner(&units);
    let header = tmx::Header::new(languages(src_lang, tgt_lang), std::time::SystemTime::now());
    py.detach(|| {
        let mut written = 0;
        memory::write_atomically(&path, |out| {
            let mut writer = tmx::Writer::new(out, &header)?;
            for unit in units.iter().filter(|u| Selection::default().admits(u)) {
                writer.write_selected(unit)?;
            }
            written = writer.written();
            writer.finish().map(drop)
        })
        .map(|()| written)
    })
    .map_err(error)
}

/// Writes `units` as the review table (CSV) at `path` (atomically), every unit included.
#[pyfunction]
#[pyo3(signature = (path, units, *, src_lang = "en", tgt_lang = "es"))]
fn write_csv(
    py: Python<'_>,
    path: PathBuf,
    units: Vec<PyRef<'_, TranslationUnit>>,
    src_lang: &str,
    tgt_lang: &str,
) -> PyResult<()> {
    let units = inner(&units);
    let languages = languages(src_lang, tgt_lang);
    py.detach(|| {
        memory::write_atomically(&path, |out| {
            let mut writer = memory::csv::Writer::new(out, &languages, memory::csv::Options::default())?;
            for unit in &units {
                writer.write_unit(unit)?;
            }
            writer.finish().map(drop)
        })
    })
    .map_err(error)
}

#[pymodule]
fn _alinea(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("AlineaError", m.py().get_type::<AlineaError>())?;
    m.add_class::<Sentence>()?;
    m.add_class::<Bead>()?;
    m.add_class::<TranslationUnit>()?;
    m.add_class::<AlignedPair>()?;
    m.add_function(wrap_pyfunction!(segment, m)?)?;
    m.add_function(wrap_pyfunction!(align, m)?)?;
    m.add_function(wrap_pyfunction!(units, m)?)?;
    m.add_function(wrap_pyfunction!(align_files, m)?)?;
    m.add_function(wrap_pyfunction!(learn_pairs, m)?)?;
    m.add_function(wrap_pyfunction!(write_tmx, m)?)?;
    m.add_function(wrap_pyfunction!(write_csv, m)?)?;
    Ok(())
}
