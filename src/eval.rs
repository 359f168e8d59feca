//! Scoring an alignment against a gold alignment, and the bead file format they are exchanged in.
//!
//! The measures are those of the sentence-alignment literature (Bleualign, Vecalign, Bertalign):
//! **strict** precision and recall count exact bead matches over the beads with both sides non-empty;
//! **lax** ones count sentence links, the pairs (English sentence, Spanish sentence) inside the beads.
//!
//! For segmentation, [`score_segmentation`] compares a segmenter's sentences with gold sentences:
//! exact match of the whole case, and precision and recall of the boundaries (positions between
//! sentences, counted in characters other than white space, so that spacing does not matter).
//!
//! A bead file has one bead a line, `[0,1]:[2]`, with 0-based sentence indices and `[]` for a side with
//! no sentence. Gold files may hold beads whose indices are not contiguous; they are read as given.

use std::collections::HashSet;
use std::fmt::{self, Write as _};
use std::path::Path;

use crate::align::Alignment;
use crate::error::{Error, Result};
use crate::segment::{self, Language};

/// A bead as sentence-index lists, as read from a bead file.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct LinkBead {
    /// Source sentence indices.
    pub source: Vec<usize>,
    /// Target sentence indices.
    pub target: Vec<usize>,
}

impl From<&Alignment> for Vec<LinkBead> {
    fn from(alignment: &Alignment) -> Vec<LinkBead> {
        alignment
            .beads
            .iter()
            .map(|b| LinkBead { source: b.source.clone().collect(), target: b.target.clone().collect() })
            .collect()
    }
}

impl fmt::Display for LinkBead {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let list = |v: &[usize]| v.iter().map(usize::to_string).collect::<Vec<_>>().join(",");
        write!(f, "[{}]:[{}]", list(&self.source), list(&self.target))
    }
}

/// Formats an alignment as a bead file.
///
/// ```
/// use alinea::align::{Alignment, Bead};
/// let alignment = Alignment { beads: vec![
///     Bead { source: 0..2, target: 0..1, score: 1.0 },
///     Bead { source: 2..3, target: 1..1, score: 1.0 },
/// ] };
/// assert_eq!(alinea::eval::format_beads(&alignment), "[0,1]:[0]\n[2]:[]\n");
/// ```
pub fn format_beads(alignment: &Alignment) -> String {
    let mut out = String::new();
    for bead in Vec::<LinkBead>::from(alignment) {
        let _ = writeln!(out, "{bead}");
    }
    out
}

/// Parses a bead file; `path` names it in errors.
pub fn parse_beads(text: &str, path: &Path) -> Result<Vec<LinkBead>> {
    let mut beads = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let error = |message: &str| Error::Beads {
            path: path.to_path_buf(),
            line: n + 1,
            message: message.to_string(),
        };
        let (source, target) = line.split_once(':').ok_or_else(|| error("no ':' between the two sides"))?;
        let list = |side: &str| -> Result<Vec<usize>> {
            let inner = side
                .trim()
                .strip_prefix('[')
                .and_then(|s| s.strip_suffix(']'))
                .ok_or_else(|| error(&format!("{side:?} is not a bracketed list")))?;
            inner
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| s.parse().map_err(|_| error(&format!("{s:?} is not a sentence index"))))
                .collect()
        };
        let bead = LinkBead { source: list(source)?, target: list(target)? };
        if bead.source.is_empty() && bead.target.is_empty() {
            return Err(error("both sides are empty"));
        }
        beads.push(bead);
    }
    Ok(beads)
}

/// Precision, recall and F1 of one measure.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Prf {
    /// Items of the prediction found in the gold.
    pub matched: usize,
    /// Items in the prediction.
    pub predicted: usize,
    /// Items in the gold.
    pub gold: usize,
}

impl Prf {
    /// Matched over predicted (1 when nothing was predicted).
    pub fn precision(&self) -> f64 {
        ratio(self.matched, self.predicted)
    }

    /// Matched over gold (1 when the gold is empty).
    pub fn recall(&self) -> f64 {
        ratio(self.matched, self.gold)
    }

    /// Harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) }
    }

    fn add(&mut self, other: Prf) {
        self.matched += other.matched;
        self.predicted += other.predicted;
        self.gold += other.gold;
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

/// Strict and lax scores of a prediction.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Scores {
    /// Exact beads with both sides non-empty.
    pub strict: Prf,
    /// Sentence links.
    pub lax: Prf,
    /// Sentences left without counterpart (in 1-0 and 0-1 beads), each side's counted apart: how well
    /// the omissions of an edition are found.
    pub omissions: Prf,
}

impl Scores {
    /// Adds another document's counts (micro-average over documents).
    pub fn add(&mut self, other: Scores) {
        self.strict.add(other.strict);
        self.lax.add(other.lax);
        self.omissions.add(other.omissions);
    }
}

/// Scores `predicted` against `gold`.
///
/// ```
/// use alinea::eval::{evaluate, LinkBead};
/// let bead = |source: &[usize], target: &[usize]| LinkBead { source: source.to_vec(), target: target.to_vec() };
/// let gold = [bead(&[0, 1], &[0]), bead(&[2], &[1])];
/// let pred = [bead(&[0], &[0]), bead(&[1], &[]), bead(&[2], &[1])];
/// let s = evaluate(&gold, &pred);
/// assert_eq!((s.strict.matched, s.strict.predicted, s.strict.gold), (1, 2, 2));
/// assert_eq!((s.lax.matched, s.lax.predicted, s.lax.gold), (2, 2, 3));
/// // Source sentence 1 is predicted without counterpart; the gold pairs it.
/// assert_eq!((s.omissions.matched, s.omissions.predicted, s.omissions.gold), (0, 1, 0));
/// ```
pub fn evaluate(gold: &[LinkBead], predicted: &[LinkBead]) -> Scores {
    let pairs = |beads: &[LinkBead]| -> HashSet<LinkBead> {
        beads.iter().filter(|b| !b.source.is_empty() && !b.target.is_empty()).cloned().collect()
    };
    let links = |beads: &[LinkBead]| -> HashSet<(usize, usize)> {
        beads
            .iter()
            .flat_map(|b| b.source.iter().flat_map(move |&i| b.target.iter().map(move |&j| (i, j))))
            .collect()
    };
    // A sentence without counterpart: (false, i) on the source side, (true, j) on the target side.
    let alone = |beads: &[LinkBead]| -> HashSet<(bool, usize)> {
        beads
            .iter()
            .filter(|b| b.source.is_empty() != b.target.is_empty())
            .flat_map(|b| b.source.iter().map(|&i| (false, i)).chain(b.target.iter().map(|&j| (true, j))))
            .collect()
    };
    let (gold_beads, pred_beads) = (pairs(gold), pairs(predicted));
    let (gold_links, pred_links) = (links(gold), links(predicted));
    let (gold_alone, pred_alone) = (alone(gold), alone(predicted));
    Scores {
        strict: Prf {
            matched: pred_beads.intersection(&gold_beads).count(),
            predicted: pred_beads.len(),
            gold: gold_beads.len(),
        },
        lax: Prf {
            matched: pred_links.intersection(&gold_links).count(),
            predicted: pred_links.len(),
            gold: gold_links.len(),
        },
        omissions: Prf {
            matched: pred_alone.intersection(&gold_alone).count(),
            predicted: pred_alone.len(),
            gold: gold_alone.len(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_datasets_meta_json_gives_its_languages_and_source_side() {
        let root = tempfile::tempdir().unwrap();
        let doc = root.path().join("doc1");
        std::fs::create_dir(&doc).unwrap();
        for (file, text) in [("en.txt", "One.\n"), ("zh.txt", "一。\n"), ("gold.txt", "[0]:[0]\n")] {
            std::fs::write(doc.join(file), text).unwrap();
        }
        // Without meta.json the English file is the source.
        let docs = dev_documents(root.path()).unwrap();
        assert!(docs[0].source.ends_with("en.txt"));
        std::fs::write(root.path().join("meta.json"), r#"{"src_lang": "zh", "tgt_lang": "en", "name": "x"}"#)
            .unwrap();
        let docs = dev_documents(root.path()).unwrap();
        assert!(docs[0].source.ends_with("zh.txt") && docs[0].target.ends_with("en.txt"));
        assert_eq!(docs[0].languages, [segment::Language::Generic, segment::Language::English]);
        std::fs::write(root.path().join("meta.json"), "{not json").unwrap();
        let err = dev_documents(root.path()).unwrap_err().to_string();
        assert!(err.contains("meta.json") && err.contains("\"source\""), "{err}");
    }

    #[test]
    fn parse_and_format_round_trip() {
        let text = "[0]:[0]\n[1,2]:[1]\n[]:[2]\n[3]:[]\n";
        let beads = parse_beads(text, Path::new("x")).unwrap();
        assert_eq!(beads.iter().map(|b| format!("{b}\n")).collect::<String>(), text);
    }

    #[test]
    fn malformed_lines_name_the_line() {
        let err = parse_beads("[0]:[0]\n[1]-[1]\n", Path::new("gold.beads")).unwrap_err();
        assert!(err.to_string().starts_with("gold.beads:2: no ':'"), "{err}");
        let err = parse_beads("[x]:[0]\n", Path::new("g")).unwrap_err();
        assert!(err.to_string().contains("\"x\" is not a sentence index"), "{err}");
        assert!(parse_beads("[]:[]\n", Path::new("g")).is_err());
    }

    #[test]
    fn a_gold_is_cut_between_beads_that_do_not_cross() {
        // Beads 2 and 3 cross on the target side: no cut between them, the middle one; the cuts before
        // and after them are as near it, and the first is taken.
        let gold =
            parse_beads("[0]:[0]\n[1]:[1]\n[2]:[3]\n[3]:[2]\n[4]:[]\n[5]:[4]\n", Path::new("g")).unwrap();
        assert_eq!(middle_cut(&gold), Some((2, 2, 2)));
        let gold = parse_beads("[0]:[0]\n[1]:[2]\n[2]:[1]\n[3]:[3]\n", Path::new("g")).unwrap();
        assert_eq!(middle_cut(&gold), Some((1, 1, 1)));
        let gold = parse_beads("[0]:[0]\n[]:[1]\n[1]:[2]\n[2]:[3]\n", Path::new("g")).unwrap();
        assert_eq!(middle_cut(&gold), Some((2, 1, 2)));
        let gold = parse_beads("[0]:[1]\n[1]:[0]\n", Path::new("g")).unwrap();
        assert_eq!(middle_cut(&gold), None);
    }

    #[test]
    fn halves_deal_documents_alternately_and_cut_a_lone_one() {
        let doc = |name: &str| DevDocument {
            name: name.to_string(),
            source: "en.txt".into(),
            target: "es.txt".into(),
            gold: "gold.txt".into(),
            languages: [Language::English, Language::Spanish],
            part: None,
        };
        let names = |docs: Vec<DevDocument>| docs.into_iter().map(|d| d.name).collect::<Vec<_>>();
        let docs = vec![doc("a"), doc("b"), doc("c")];
        assert_eq!(names(half_of(docs.clone(), Half::Tune)), ["a", "c"]);
        assert_eq!(names(half_of(docs, Half::Check)), ["b"]);
        let lone = half_of(vec![doc("a")], Half::Check);
        assert_eq!(lone[0].part, Some(Half::Check));
    }

    #[test]
    fn the_two_parts_of_a_lone_document_score_their_own_sentences() {
        let root = tempfile::tempdir().unwrap();
        let en =
            "The report came out in 1995.\nIt named 40 officers.\nCongress met in March.\nNobody resigned.\n";
        let es = "El informe salió en 1995.\nNombraba a 40 oficiales.\nEl Congreso se reunió en marzo.\nNadie dimitió.\n";
        for (file, text) in
            [("en.txt", en), ("es.txt", es), ("gold.txt", "[0]:[0]\n[1]:[1]\n[2]:[2]\n[3]:[3]\n")]
        {
            std::fs::write(root.path().join(file), text).unwrap();
        }
        for half in [Half::Tune, Half::Check] {
            let docs = half_of(dev_documents(root.path()).unwrap(), half);
            let result = evaluate_document(&docs[0], &crate::align::Params::default()).unwrap();
            let strict = result.scores.strict;
            assert_eq!((strict.matched, strict.predicted, strict.gold), (2, 2, 2), "{half:?}");
        }
    }

    #[test]
    fn perfect_and_empty_predictions() {
        let gold = parse_beads("[0]:[0]\n[1]:[1,2]\n", Path::new("g")).unwrap();
        let s = evaluate(&gold, &gold);
        assert_eq!((s.strict.f1(), s.lax.f1()), (1.0, 1.0));
        let s = evaluate(&gold, &[]);
        assert_eq!((s.strict.recall(), s.strict.f1()), (0.0, 0.0));
    }
}

/// A case of a golden-rule segmentation suite (the JSON format of `tests/data/segmentation`).
#[derive(Clone, Debug, serde::Deserialize)]
pub struct SegmentationCase {
    /// Language code.
    pub lang: String,
    /// The input text.
    pub text: String,
    /// The gold sentences.
    pub expected: Vec<String>,
    /// Where the case comes from.
    #[serde(default)]
    pub id: String,
    /// Whether the gold sentences are the input cut into pieces (no cleaning expected).
    #[serde(default)]
    pub pure_segmentation: bool,
}

/// Reads a suite of segmentation cases (a JSON array).
pub fn read_segmentation_suite(path: &Path) -> Result<Vec<SegmentationCase>> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    serde_json::from_reader(std::io::BufReader::new(file)).map_err(|e| Error::Suite {
        path: path.to_path_buf(),
        line: e.line(),
        message: e.to_string(),
    })
}

/// How a segmentation compares with the gold one.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct SegmentationScore {
    /// Same sentences, white space folded.
    pub exact: bool,
    /// Same sentences once a leading list marker is removed from each: alinea leaves list markers out of
    /// sentences by design, where some suites keep them.
    pub exact_without_markers: bool,
    /// Boundaries matched, predicted and in the gold.
    pub boundaries: Prf,
}

/// Compares predicted sentences of `input` with gold ones.
///
/// ```
/// use alinea::eval::score_segmentation;
/// let input = "1. The first item 2. The second.";
/// let gold = ["1. The first item".to_string(), "2. The second.".to_string()];
/// let s = score_segmentation(input, &gold, &["The first item".into(), "The second.".into()]);
/// assert!(!s.exact && s.exact_without_markers);
/// assert_eq!(s.boundaries.f1(), 1.0);
/// ```
pub fn score_segmentation(input: &str, gold: &[String], predicted: &[String]) -> SegmentationScore {
    let fold = |s: &String| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let bare = |s: &String| segment::strip_list_marker(&fold(s)).to_string();
    let exact = gold.iter().map(fold).eq(predicted.iter().map(fold));
    let exact_without_markers = gold.iter().map(bare).eq(predicted.iter().map(bare));
    // A boundary is where a sentence ends in the input, counted in characters other than white space;
    // each sentence is looked for after the previous one, so that a sentence the gold cleaned (and that
    // is not found) shifts nothing after it.
    let squeezed: Vec<char> = input.chars().filter(|c| !c.is_whitespace()).collect();
    let boundaries = |sentences: &[String]| -> HashSet<usize> {
        let mut cursor = 0;
        let mut out = HashSet::new();
        for s in sentences {
            let needle: Vec<char> = bare(s).chars().filter(|c| !c.is_whitespace()).collect();
            if needle.is_empty() || needle.len() > squeezed.len() {
                continue;
            }
            if let Some(k) = (cursor..=squeezed.len() - needle.len())
                .find(|&k| squeezed[k..k + needle.len()] == needle[..])
            {
                cursor = k + needle.len();
                out.insert(cursor);
            }
        }
        out.remove(&squeezed.len());
        out
    };
    let (g, p) = (boundaries(gold), boundaries(predicted));
    SegmentationScore {
        exact,
        exact_without_markers,
        boundaries: Prf { matched: g.intersection(&p).count(), predicted: p.len(), gold: g.len() },
    }
}

/// Segments `case` with alinea's rules for its language and scores it.
pub fn run_segmentation_case(case: &SegmentationCase) -> Result<(Vec<String>, SegmentationScore)> {
    let language: Language = case.lang.parse()?;
    let predicted: Vec<String> =
        segment::segment(&case.text, language).into_iter().map(|s| s.text.into_owned()).collect();
    let score = score_segmentation(&case.text, &case.expected, &predicted);
    Ok((predicted, score))
}

/// A document of an alignment development set: two pre-segmented sides and a gold bead file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DevDocument {
    /// The document folder's name.
    pub name: String,
    /// Sentences of the first side of the gold beads (English, or German for a German-French set).
    pub source: std::path::PathBuf,
    /// Sentences of the other side.
    pub target: std::path::PathBuf,
    /// The gold beads.
    pub gold: std::path::PathBuf,
    /// The languages of the two sides, told by the sentence files' names (`en.txt`, `pt.sents`); a name
    /// that is no language code gives the generic rules.
    pub languages: [segment::Language; 2],
    /// Only one half of the document is aligned and scored (see [`Half`]), or the whole of it.
    pub part: Option<Half>,
}

/// A half of a development set, so that a rule or a constant is tuned on one half and checked on the
/// other, on documents it was not tuned on.
///
/// The documents, sorted by name, are dealt alternately: the first, third... to `Tune`, the second,
/// fourth... to `Check`. A set of one document is cut in two at the gold bead boundary nearest its
/// middle, and each part is aligned as a document of its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Half {
    /// The first, third... document, or the first part of a set's only document.
    Tune,
    /// The second, fourth... document, or the second part of a set's only document.
    Check,
}

/// The documents of `docs` (a development set, sorted by name) in `half` (see [`Half`]).
pub fn half_of(docs: Vec<DevDocument>, half: Half) -> Vec<DevDocument> {
    if docs.len() == 1 {
        return docs.into_iter().map(|d| DevDocument { part: Some(half), ..d }).collect();
    }
    let keep = usize::from(half == Half::Check);
    docs.into_iter().enumerate().filter(|(k, _)| k % 2 == keep).map(|(_, d)| d).collect()
}

/// Where to cut a gold alignment in two: the bead index nearest the middle before which every bead's
/// sentences come before every later bead's, on both sides, with the source and target sentences
/// before the cut. `None` when no such boundary exists (crossing beads everywhere).
fn middle_cut(gold: &[LinkBead]) -> Option<(usize, usize, usize)> {
    let n = gold.len();
    // Sentences covered up to each bead, and the first sentence after it, on each side.
    let mut before = vec![(0usize, 0usize); n + 1];
    for (k, b) in gold.iter().enumerate() {
        let (s, t) = before[k];
        before[k + 1] = (
            b.source.iter().map(|&i| i + 1).max().unwrap_or(0).max(s),
            b.target.iter().map(|&j| j + 1).max().unwrap_or(0).max(t),
        );
    }
    let mut after = vec![(usize::MAX, usize::MAX); n + 1];
    for (k, b) in gold.iter().enumerate().rev() {
        let (s, t) = after[k + 1];
        after[k] = (
            b.source.iter().copied().min().unwrap_or(usize::MAX).min(s),
            b.target.iter().copied().min().unwrap_or(usize::MAX).min(t),
        );
    }
    (1..n)
        .filter(|&k| before[k].0 <= after[k].0 && before[k].1 <= after[k].1)
        .min_by_key(|&k| k.abs_diff(n / 2))
        .map(|k| (k, before[k].0, before[k].1))
}

/// The documents under `dir`: `dir` itself when it holds a gold file, else each subfolder that does.
/// A document folder holds `gold.txt` or `gold.beads` and two sentence files (`*.txt` or `*.sents`, one
/// sentence a line). The gold's first side, and the languages, are those of a `meta.json` in the document
/// folder or the dataset folder (see `DatasetMeta`) when there is one; else the `en` file (or else the
/// `de` one) is the first side, and each file's name gives its language.
pub fn dev_documents(dir: &Path) -> Result<Vec<DevDocument>> {
    if let Some(doc) = dev_document(dir)? {
        return Ok(vec![doc]);
    }
    let mut folders: Vec<std::path::PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    folders.sort();
    let mut docs = Vec::new();
    for folder in folders {
        docs.extend(dev_document(&folder)?);
    }
    if docs.is_empty() {
        return Err(Error::NoPairs {
            message: format!("{}: no document folder with a gold.txt or gold.beads", dir.display()),
        });
    }
    Ok(docs)
}

fn dev_document(dir: &Path) -> Result<Option<DevDocument>> {
    let gold = ["gold.txt", "gold.beads"].iter().map(|g| dir.join(g)).find(|p| p.is_file());
    let Some(gold) = gold else { return Ok(None) };
    let mut sides: Vec<(String, std::path::PathBuf)> = std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter_map(|p| {
            let name = p.file_name()?.to_str()?.to_string();
            let (stem, ext) = name.split_once('.')?;
            (matches!(ext, "txt" | "sents") && !stem.starts_with("gold"))
                .then(|| (stem.to_string(), p.clone()))
        })
        .collect();
    sides.sort();
    // A side given both as running text and as sentences (`en.txt`, `en.sents`): the sentences.
    let stems: Vec<String> = sides.iter().map(|(s, _)| s.clone()).collect();
    sides.retain(|(stem, path)| {
        path.extension().is_some_and(|e| e == "sents") || stems.iter().filter(|s| *s == stem).count() == 1
    });
    if sides.len() != 2 {
        return Err(Error::NoPairs {
            message: format!(
                "{}: expected two sentence files beside the gold (such as en.txt and es.txt), found {}",
                dir.display(),
                sides.len()
            ),
        });
    }
    let meta = DatasetMeta::find(dir)?;
    let first = meta
        .source()
        .and_then(|code| sides.iter().position(|(s, _)| s.eq_ignore_ascii_case(code)))
        .or_else(|| sides.iter().position(|(s, _)| s == "en"))
        .or_else(|| sides.iter().position(|(s, _)| s == "de"))
        .unwrap_or(0);
    let (mut source_code, source) = sides.remove(first);
    let (mut target_code, target) = sides.remove(0);
    if let (Some(s), Some(t)) = (meta.source(), meta.target()) {
        (source_code, target_code) = (s.to_string(), t.to_string());
    }
    let language = |code: &str| code.parse().unwrap_or(segment::Language::Generic);
    let languages = [language(&source_code), language(&target_code)];
    let name = dir.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    Ok(Some(DevDocument { name, source, target, gold, languages, part: None }))
}

/// A dataset's `meta.json`: the languages of its documents, source first, as `{"source": "zh",
/// "target": "en"}` (or `src_lang`/`tgt_lang`, `source_lang`/`target_lang`, or `"languages": ["zh",
/// "en"]`); other fields are ignored.
#[derive(Debug, Default, serde::Deserialize)]
struct DatasetMeta {
    #[serde(alias = "src_lang", alias = "source_lang", alias = "src")]
    source: Option<String>,
    #[serde(alias = "tgt_lang", alias = "target_lang", alias = "tgt")]
    target: Option<String>,
    languages: Option<Vec<String>>,
}

impl DatasetMeta {
    /// The `meta.json` of a document folder, else of the dataset folder above it; none is no error.
    fn find(dir: &Path) -> Result<DatasetMeta> {
        let Some(path) = [Some(dir), dir.parent()]
            .into_iter()
            .flatten()
            .map(|d| d.join("meta.json"))
            .find(|p| p.is_file())
        else {
            return Ok(DatasetMeta::default());
        };
        let text = crate::corpus::read_text(&path)?;
        serde_json::from_str(&text).map_err(|e| Error::NoPairs {
            message: format!(
                "{}: {e}; meta.json gives the languages, source first, as {{\"source\": \"zh\", \"target\": \"en\"}}",
                path.display()
            ),
        })
    }

    fn source(&self) -> Option<&str> {
        self.source.as_deref().or_else(|| self.languages.as_ref()?.first().map(String::as_str))
    }

    fn target(&self) -> Option<&str> {
        self.target.as_deref().or_else(|| self.languages.as_ref()?.get(1).map(String::as_str))
    }
}

/// The scores of one aligned document, and the bead types of its gold and prediction.
#[derive(Clone, Debug, Default)]
pub struct DocumentResult {
    /// Strict and lax scores.
    pub scores: Scores,
    /// Bead types (`1-1`, `2-1`...) of the gold and their counts.
    pub gold_kinds: std::collections::BTreeMap<String, usize>,
    /// Bead types of the prediction.
    pub predicted_kinds: std::collections::BTreeMap<String, usize>,
    /// For each predicted bead with both sides: its confidence, and whether the gold has it.
    pub confidence: Vec<(f64, bool)>,
}

/// Reads a development document (cut to its half, if it is one) and passes its sentences and its
/// gold to `f`.
fn with_document<T>(
    doc: &DevDocument,
    f: impl FnOnce(&[segment::Sentence<'_>], &[segment::Sentence<'_>], Vec<LinkBead>) -> T,
) -> Result<T> {
    let source = crate::corpus::read_text(&doc.source)?;
    let target = crate::corpus::read_text(&doc.target)?;
    let mut gold = parse_beads(&crate::corpus::read_text(&doc.gold)?, &doc.gold)?;
    let (mut source, mut target) = (segment::from_lines(&source), segment::from_lines(&target));
    if let Some(half) = doc.part {
        let Some((k, s, t)) = middle_cut(&gold) else {
            return Err(Error::NoPairs {
                message: format!("{}: no bead boundary cuts the gold in two", doc.gold.display()),
            });
        };
        if half == Half::Tune {
            gold.truncate(k);
            source.truncate(s);
            target.truncate(t);
        } else {
            gold.drain(..k);
            for b in &mut gold {
                b.source.iter_mut().for_each(|i| *i -= s);
                b.target.iter_mut().for_each(|j| *j -= t);
            }
            source.drain(..s.min(source.len()));
            target.drain(..t.min(target.len()));
        }
    }
    Ok(f(&source, &target, gold))
}

/// Aligns a development document with `params` (its gold unread) and adds the word co-occurrences of
/// its confident beads to `counts`, as a folder run that learns from its whole batch does (see
/// [`crate::align::Cooccurrences`]).
pub fn learn_document(
    doc: &DevDocument,
    params: &crate::align::Params,
    counts: &mut crate::align::Cooccurrences,
) -> Result<()> {
    let params = crate::align::Params { languages: doc.languages, ..params.clone() };
    with_document(doc, |source, target, _| {
        counts.add(source, target, &crate::align::align(source, target, &params))
    })
}

/// Aligns a development document with `params` and scores it against its gold.
pub fn evaluate_document(doc: &DevDocument, params: &crate::align::Params) -> Result<DocumentResult> {
    let params = crate::align::Params { languages: doc.languages, ..params.clone() };
    with_document(doc, |source, target, gold| score_document(source, target, &gold, &params))
}

fn score_document(
    source: &[segment::Sentence<'_>],
    target: &[segment::Sentence<'_>],
    gold: &[LinkBead],
    params: &crate::align::Params,
) -> DocumentResult {
    let alignment = crate::align::align(source, target, params);
    let predicted = Vec::<LinkBead>::from(&alignment);
    let gold_set: HashSet<&LinkBead> = gold.iter().collect();
    let confidence = alignment
        .beads
        .iter()
        .zip(&predicted)
        .filter(|(b, _)| b.is_pair())
        .map(|(b, link)| (b.score, gold_set.contains(link)))
        .collect();
    let kinds = |beads: &[LinkBead]| {
        let mut counts = std::collections::BTreeMap::new();
        for b in beads {
            *counts.entry(format!("{}-{}", b.source.len(), b.target.len())).or_insert(0) += 1;
        }
        counts
    };
    DocumentResult {
        scores: evaluate(gold, &predicted),
        gold_kinds: kinds(gold),
        predicted_kinds: kinds(&predicted),
        confidence,
    }
}

/// How the pair check ([`crate::align::check`]) does on a development set: its true pairs should pass,
/// and three kinds of false pair be caught.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PairCheckResult {
    /// True pairs accepted, of all.
    pub true_accepted: (usize, usize),
    /// Each document's source with the target of other documents of the set (two each), caught.
    pub shuffled_caught: (usize, usize),
    /// Each document with its sides given the other way round (the languages as declared), caught.
    pub swapped_caught: (usize, usize),
    /// Each document's source given on both sides, caught.
    pub same_caught: (usize, usize),
    /// The true pairs held back, with the reason.
    pub rejected: Vec<(String, String)>,
}

/// Runs the pair check over `docs` (see [`PairCheckResult`]). Documents are shuffled deterministically:
/// document `k`'s source goes with the targets of documents `k + 1` and `k + n/2` (mod `n`).
pub fn pair_check(docs: &[DevDocument], params: &crate::align::Params) -> Result<PairCheckResult> {
    use crate::align::{align, check::check};
    let mut texts = Vec::new();
    for doc in docs {
        texts.push((crate::corpus::read_text(&doc.source)?, crate::corpus::read_text(&doc.target)?));
    }
    let code = |p: &Path| p.file_stem().and_then(|s| s.to_str()).unwrap_or("und").to_string();
    let mut result = PairCheckResult::default();
    let n = docs.len();
    for (k, doc) in docs.iter().enumerate() {
        let params = crate::align::Params { languages: doc.languages, ..params.clone() };
        let codes = [code(&doc.source), code(&doc.target)];
        let codes = [codes[0].as_str(), codes[1].as_str()];
        let source = segment::from_lines(&texts[k].0);
        let target = segment::from_lines(&texts[k].1);
        let judge = |a: &[segment::Sentence<'_>], b: &[segment::Sentence<'_>]| {
            check(a, b, &align(a, b, &params), &params, codes)
        };
        let verdict = judge(&source, &target);
        result.true_accepted.1 += 1;
        match verdict {
            None => result.true_accepted.0 += 1,
            Some(doubt) => result.rejected.push((doc.name.clone(), doubt.to_string())),
        }
        for other in [(k + 1) % n, (k + n / 2) % n] {
            if other == k {
                continue;
            }
            let other_target = segment::from_lines(&texts[other].1);
            result.shuffled_caught.1 += 1;
            result.shuffled_caught.0 += usize::from(judge(&source, &other_target).is_some());
        }
        result.swapped_caught.1 += 1;
        result.swapped_caught.0 += usize::from(judge(&target, &source).is_some());
        result.same_caught.1 += 1;
        result.same_caught.0 += usize::from(judge(&source, &source).is_some());
    }
    Ok(result)
}
