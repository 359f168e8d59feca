//! The translation memory: units made of beads, written as TMX for translation software and as CSV for
//! review.
//!
//! A [`TranslationUnit`] is a bead with its text: the sentences of each side joined by one space. Units
//! with an empty side (a sentence without counterpart) are kept here so that the review CSV shows what was
//! left out; the TMX writer never writes them.
//!
//! [`tmx`] and [`csv`] read and write the two formats, streaming; [`export`] writes the plain formats used to
//! train or load machine translation (TSV, line-aligned text) and merges memories.

pub mod csv;
pub mod edit;
pub mod export;
pub mod lookup;
pub mod report;
pub mod review;
pub mod tmx;
pub mod xlsx;

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::align::{Alignment, BeadKind};
use crate::error::{Error, Result};
use crate::segment::Sentence;

/// The language codes of a memory: the source side (English by default) and the target side (Spanish).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Languages {
    /// Code of the source side, as written in the TMX and as the CSV column name (`en`, `en-US`).
    pub source: String,
    /// Code of the target side (`es`, `es-ES`).
    pub target: String,
}

impl Default for Languages {
    fn default() -> Languages {
        Languages { source: "en".to_string(), target: "es".to_string() }
    }
}

/// A reviewer's verdict on a unit, from the `status` column of the review CSV.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    /// Not reviewed (an empty cell).
    #[default]
    Unreviewed,
    /// Left out of the memory (`reject`).
    Rejected,
    /// Checked and kept (`ok`).
    Ok,
}

/// The words a reviewer may type for [`Status::Ok`], after the canonical `ok`: what spreadsheet users
/// write in English and Spanish, and the marks of a checklist.
const OK_WORDS: &[&str] = &[
    "ok", "okay", "o.k.", "yes", "y", "accept", "accepted", "approve", "approved", "good", "keep", "sí",
    "si", "s", "vale", "bien", "aceptar", "aceptado", "aprobado", "✓", "✔", "+",
];
/// The words a reviewer may type for [`Status::Rejected`], after the canonical `reject`.
const REJECT_WORDS: &[&str] = &[
    "reject",
    "rejected",
    "no",
    "n",
    "bad",
    "wrong",
    "delete",
    "deleted",
    "remove",
    "drop",
    "discard",
    "rechazar",
    "rechazado",
    "mal",
    "borrar",
    "eliminar",
    "✗",
    "✘",
    "-",
];

impl Status {
    /// The word written in the CSV: empty, `ok` or `reject`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Unreviewed => "",
            Status::Ok => "ok",
            Status::Rejected => "reject",
        }
    }

    /// Reads a status cell as a reviewer types it: empty for unreviewed, `ok` or `reject`, or one of
    /// their usual variants (`yes`, `accepted`, `✓`, `sí`; `no`, `rejected`, `delete`, `✗`), in any case,
    /// surrounding spaces and a final period ignored. `None` for anything else.
    ///
    /// ```
    /// use alinea::memory::Status;
    /// assert_eq!(Status::parse(" OK "), Some(Status::Ok));
    /// assert_eq!(Status::parse("Rejected."), Some(Status::Rejected));
    /// assert_eq!(Status::parse("sí"), Some(Status::Ok));
    /// assert_eq!(Status::parse("maybe"), None);
    /// ```
    pub fn parse(cell: &str) -> Option<Status> {
        let word = cell.trim().to_lowercase();
        let word = word.strip_suffix('.').filter(|w| *w != "o.k").unwrap_or(&word).trim();
        if word.is_empty() || matches!(word, "?" | "todo" | "unreviewed") {
            Some(Status::Unreviewed)
        } else if OK_WORDS.contains(&word) {
            Some(Status::Ok)
        } else if REJECT_WORDS.contains(&word) {
            Some(Status::Rejected)
        } else {
            None
        }
    }

    /// The words [`Status::parse`] knows, for error messages.
    pub fn vocabulary() -> &'static str {
        "empty (not reviewed), ok (also yes, accepted, ✓, sí) or reject (also no, rejected, delete, ✗)"
    }
}

/// Confidence from which a unit that nobody reviewed goes into the memory (TMX, TSV, line-aligned
/// text). On the development sets, beads under 0.5 are right 13% to 54% of the time and beads from 0.5
/// to 0.9 right 56% to 98% of the time: a unit at or above 0.5 is more likely right than wrong.
pub const DEFAULT_MIN_SCORE: f64 = 0.5;

/// Which units a memory for translation software holds: every unit a reviewer accepted, none that a
/// reviewer rejected, and the unreviewed ones whose confidence is at least `min_score` (a unit without
/// a score, from a memory not made by alinea's aligner, counts as unreviewed and sure).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Selection {
    /// The confidence from which an unreviewed unit is taken (see [`DEFAULT_MIN_SCORE`]).
    pub min_score: f64,
}

impl Default for Selection {
    fn default() -> Selection {
        Selection { min_score: DEFAULT_MIN_SCORE }
    }
}

impl Selection {
    /// Whether `unit` belongs in the memory: a pair (both sides with text), accepted, or unreviewed and
    /// confident enough.
    pub fn admits(&self, unit: &TranslationUnit) -> bool {
        unit.is_pair()
            && match unit.status {
                Status::Ok => true,
                Status::Rejected => false,
                Status::Unreviewed => !self.below(unit),
            }
    }

    /// Whether `unit`'s confidence is under the threshold (it stays out unless a reviewer accepts it).
    pub fn below(&self, unit: &TranslationUnit) -> bool {
        unit.score.is_some_and(|s| s < self.min_score)
    }
}

/// Confidence from which a unit counts as sure and needs no check: green on the review page and in the
/// review application, and left out of their counts of units to check.
pub const SURE: f64 = 0.9;

/// How a unit is shown to a reviewer, by its confidence: sure (from [`SURE`]), to check, doubtful
/// (under the selection's threshold, so kept out of the TMX unless accepted), or without counterpart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Band {
    /// Confidence of at least [`SURE`] (or no score: a unit not made by the aligner).
    Sure,
    /// Between the selection's threshold and [`SURE`].
    Check,
    /// Under the selection's threshold.
    Doubt,
    /// A side without text.
    Alone,
}

impl Band {
    /// The band of `unit` under `selection`.
    ///
    /// ```
    /// use alinea::memory::{Band, Selection, TranslationUnit};
    /// let unit = TranslationUnit { source: "Peru".into(), target: "Perú".into(), score: Some(0.7), ..Default::default() };
    /// assert_eq!(Band::of(&unit, Selection::default()), Band::Check);
    /// ```
    pub fn of(unit: &TranslationUnit, selection: Selection) -> Band {
        match (unit.is_pair(), unit.score.unwrap_or(1.0)) {
            (false, _) => Band::Alone,
            (true, s) if s >= SURE => Band::Sure,
            (true, s) if s >= selection.min_score => Band::Check,
            _ => Band::Doubt,
        }
    }

    /// Its name, as the pages' style classes use it: `sure`, `check`, `doubt`, `alone`.
    pub fn as_str(self) -> &'static str {
        match self {
            Band::Sure => "sure",
            Band::Check => "check",
            Band::Doubt => "doubt",
            Band::Alone => "alone",
        }
    }
}

/// Where a unit came from: a fingerprint of the text the aligner gave it and the number of units the
/// aligner made of its document. Written in the CSV's `aligned` column, it tells a reviewer's work from
/// the aligner's: a unit whose text no longer has its fingerprint was edited, a row without one was
/// inserted, and a unit number missing from 1 to the count was deleted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Origin {
    /// [`fingerprint`] of the two sides as aligned.
    pub fingerprint: u64,
    /// Units the aligner made of the document (they are numbered 1 to this).
    pub of: usize,
}

impl Origin {
    /// The cell text: the fingerprint in sixteen letters (so that no spreadsheet takes it for a number
    /// or a date), a slash, the count: `kdmpaobcfhegjlin/88`.
    pub fn to_cell(self) -> String {
        let mut cell: String =
            (0..16).rev().map(|k| char::from(b'a' + ((self.fingerprint >> (4 * k)) & 0xF) as u8)).collect();
        cell.push('/');
        cell.push_str(&self.of.to_string());
        cell
    }

    /// Reads a cell written by [`Origin::to_cell`]; `None` for anything else.
    ///
    /// ```
    /// use alinea::memory::Origin;
    /// let origin = Origin { fingerprint: 0x0123_4567_89ab_cdef, of: 88 };
    /// assert_eq!(Origin::from_cell(&origin.to_cell()), Some(origin));
    /// assert_eq!(Origin::from_cell("12/88"), None);
    /// ```
    pub fn from_cell(cell: &str) -> Option<Origin> {
        let (letters, of) = cell.trim().split_once('/')?;
        if letters.len() != 16 {
            return None;
        }
        let mut fingerprint = 0u64;
        for b in letters.bytes() {
            if !(b'a'..=b'p').contains(&b) {
                return None;
            }
            fingerprint = (fingerprint << 4) | u64::from(b - b'a');
        }
        Some(Origin { fingerprint, of: of.parse().ok()? })
    }
}

/// A 64-bit fingerprint of a unit's two sides (FNV-1a over both texts, a zero byte between them): the
/// same on every machine and in every version, unlike the standard library's hasher.
pub fn fingerprint(source: &str, target: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in source.bytes().chain([0]).chain(target.bytes()) {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// One aligned unit of a memory.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TranslationUnit {
    /// Number of the unit in its memory (the TMX `tuid`, the CSV `id`).
    pub id: usize,
    /// Name of the document the unit comes from; empty when unknown.
    pub document: String,
    /// The source text (the first edition's: English by default); empty for a target sentence
    /// without counterpart.
    pub source: String,
    /// The target text; empty for a source sentence without counterpart.
    pub target: String,
    /// The bead's confidence in [0, 1] (see [`crate::align::Bead::score`]); `None` for a unit that did not
    /// come from alinea's aligner.
    pub score: Option<f64>,
    /// The bead's type (`1-1`, `2-1`...), when known.
    pub kind: Option<BeadKind>,
    /// 0-based indices of the source sentences in their edition.
    pub source_sentences: Vec<usize>,
    /// 0-based indices of the target sentences in their edition.
    pub target_sentences: Vec<usize>,
    /// The reviewer's verdict.
    pub status: Status,
    /// The reviewer's note; empty for none.
    pub note: String,
    /// Where the unit came from, for a unit made by the aligner (see [`Origin`]); `None` for a row a
    /// reviewer inserted or a unit from another memory.
    pub origin: Option<Origin>,
    /// What a unit read from a TMX held beyond its text (attributes, properties, notes, inline markup,
    /// other languages), written back unchanged; `None` for a unit from the aligner or a CSV.
    pub kept: Option<Box<tmx::Kept>>,
}

impl TranslationUnit {
    /// Whether both sides have text (not only white space or invisible characters, see
    /// [`crate::segment::is_blank`]), so that the unit may go into a TMX.
    pub fn is_pair(&self) -> bool {
        !crate::segment::is_blank(&self.source) && !crate::segment::is_blank(&self.target)
    }

    /// Whether the unit belongs in a memory for translation software by the default [`Selection`].
    pub fn is_translation(&self) -> bool {
        Selection::default().admits(self)
    }

    /// Whether the text of either side differs from the text the aligner gave the unit.
    pub fn is_edited(&self) -> bool {
        self.origin.is_some_and(|o| o.fingerprint != fingerprint(&self.source, &self.target))
    }

    /// Whether a person touched the unit: a status, a note, an edited side, or a row the aligner did not
    /// make (inserted by hand).
    pub fn is_touched(&self) -> bool {
        self.status != Status::Unreviewed
            || !self.note.trim().is_empty()
            || self.origin.is_none()
            || self.is_edited()
    }

    /// The bead type made to follow the text: a side that was given text counts at least one sentence, a
    /// side that was emptied none (a 1-0 unit that a reviewer translated becomes 1-1).
    pub fn kind_after_edits(&self) -> Option<BeadKind> {
        let count = |text: &str, n: usize| if crate::segment::is_blank(text) { 0 } else { n.max(1) };
        self.kind.map(|k| BeadKind {
            source: count(&self.source, k.source),
            target: count(&self.target, k.target),
        })
    }
}

/// Makes one unit per bead of `document`, joining the sentences of each side with one space.
///
/// ```
/// use alinea::{align, memory, segment};
/// let en = segment::from_lines("Hands off Peru!\n");
/// let es = segment::from_lines("¡Fuera las manos del Perú!\n");
/// let alignment = align::align(&en, &es, &align::Params::default());
/// let units = memory::units("rw895", &en, &es, &alignment);
/// assert_eq!(units[0].target, "¡Fuera las manos del Perú!");
/// ```
pub fn units(
    document: &str,
    source: &[Sentence<'_>],
    target: &[Sentence<'_>],
    alignment: &Alignment,
) -> Vec<TranslationUnit> {
    let count = alignment.beads.len();
    let join =
        |sentences: &[Sentence<'_>]| sentences.iter().map(|s| s.text.as_ref()).collect::<Vec<_>>().join(" ");
    alignment
        .beads
        .iter()
        .enumerate()
        .map(|(k, bead)| {
            let (source, target) = (join(&source[bead.source.clone()]), join(&target[bead.target.clone()]));
            TranslationUnit {
                id: k + 1,
                document: document.to_string(),
                origin: Some(Origin { fingerprint: fingerprint(&source, &target), of: count }),
                source,
                target,
                // As the CSV and the TMX write it, so that the threshold decides the same on a unit
                // fresh from the aligner and on the same unit read back from a review table.
                score: Some((bead.score * 1000.0).round() / 1000.0),
                kind: Some(bead.kind()),
                source_sentences: bead.source.clone().collect(),
                target_sentences: bead.target.clone().collect(),
                status: Status::Unreviewed,
                note: String::new(),
                kept: None,
            }
        })
        .collect()
}

/// A file written atomically: the content goes to a temporary file in the same folder, which replaces
/// the target only on [`AtomicFile::commit`]. Dropped without commit, it leaves no trace, and any
/// previous file at the target untouched.
pub struct AtomicFile {
    temp: tempfile::NamedTempFile,
    path: PathBuf,
    /// Whether the content is on disk since the last write.
    synced: bool,
}

impl AtomicFile {
    /// Starts writing `path`, creating its folder if needed.
    pub fn create(path: &Path) -> Result<AtomicFile> {
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let mut builder = tempfile::Builder::new();
        // Named after the process, so that a program ended by a signal (whose destructors do not run)
        // can remove its own temporary files and no other's: see [`temporary_file_prefix`].
        let prefix = temporary_file_prefix();
        builder.prefix(&prefix).suffix(".tmp");
        // A temporary file is private (0600); a memory is an ordinary file, and a replaced one keeps its
        // mode.
        #[cfg(unix)]
        let permissions = {
            use std::os::unix::fs::PermissionsExt;
            fs::metadata(path).map_or_else(|_| fs::Permissions::from_mode(0o644), |m| m.permissions())
        };
        #[cfg(unix)]
        builder.permissions(permissions);
        let temp = builder.tempfile_in(dir).map_err(|e| Error::io(path, e))?;
        Ok(AtomicFile { temp, path: path.to_path_buf(), synced: false })
    }

    /// The target path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Syncs the content to disk, where a full disk may show only now.
    pub fn sync(&mut self) -> Result<()> {
        if !self.synced {
            self.temp.as_file().sync_all().map_err(|e| Error::io(&self.path, e))?;
            self.synced = true;
        }
        Ok(())
    }

    /// Syncs the content to disk (unless [`AtomicFile::sync`] already did) and moves it to the target
    /// path.
    pub fn commit(mut self) -> Result<()> {
        self.sync()?;
        self.temp.persist(&self.path).map_err(|e| Error::io(&self.path, e.error))?;
        Ok(())
    }
}

/// The start of the name of every temporary file this process writes beside its target
/// (`.alinea-PID-`, ending in `.tmp`): a program ended by a signal removes the files so named in the
/// folders it writes to, and the targets keep their previous content.
pub fn temporary_file_prefix() -> String {
    format!(".alinea-{}-", std::process::id())
}

impl Write for AtomicFile {
    // Through the file itself: the temporary file's own errors would name its hidden path, which means
    // nothing to the user (errors name the target instead).
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.synced = false;
        self.temp.as_file_mut().write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.temp.as_file_mut().flush()
    }
}

/// Writes `path` through `write`, atomically (see [`AtomicFile`]).
pub fn write_atomically<F>(path: &Path, write: F) -> Result<()>
where
    F: FnOnce(&mut dyn Write) -> io::Result<()>,
{
    prepare_atomically(path, write)?.commit()
}

/// Writes the content of `path` through `write` into an [`AtomicFile`], synced to disk, that takes its
/// place on [`AtomicFile::commit`]: several files can be written in full before any is replaced.
pub fn prepare_atomically<F>(path: &Path, write: F) -> Result<AtomicFile>
where
    F: FnOnce(&mut dyn Write) -> io::Result<()>,
{
    let mut out = BufWriter::new(AtomicFile::create(path)?);
    write(&mut out).map_err(|e| Error::io(path, e))?;
    let mut file = out.into_inner().map_err(|e| Error::io(path, e.into_error()))?;
    file.sync()?;
    Ok(file)
}
