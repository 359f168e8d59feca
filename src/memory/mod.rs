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
pub mod export;
pub mod lookup;
pub mod report;
pub mod tmx;

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::align::{Alignment, BeadKind};
use crate::error::{Error, Result};
use crate::segment::Sentence;

/// The language codes of a memory: the source (English) side and the target (Spanish) side.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Languages {
    /// Code of the English side, as written in the TMX and as the CSV column name (`en`, `en-US`).
    pub source: String,
    /// Code of the Spanish side (`es`, `es-ES`).
    pub target: String,
}

impl Default for Languages {
    fn default() -> Languages {
        Languages { source: "en".to_string(), target: "es".to_string() }
    }
}

/// A reviewer's verdict on a unit, from the `status` column of the review CSV.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Status {
    /// Not reviewed (an empty cell).
    #[default]
    Unreviewed,
    /// Checked and kept (`ok`).
    Ok,
    /// Left out of the memory (`reject`).
    Rejected,
}

impl Status {
    /// The word written in the CSV: empty, `ok` or `reject`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Unreviewed => "",
            Status::Ok => "ok",
            Status::Rejected => "reject",
        }
    }

    /// Reads a status cell: empty, `ok` or `reject`, in any case, surrounding spaces ignored.
    pub fn parse(cell: &str) -> Option<Status> {
        match cell.trim().to_lowercase().as_str() {
            "" => Some(Status::Unreviewed),
            "ok" => Some(Status::Ok),
            "reject" => Some(Status::Rejected),
            _ => None,
        }
    }
}

/// One aligned unit of a memory.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TranslationUnit {
    /// Number of the unit in its memory (the TMX `tuid`, the CSV `id`).
    pub id: usize,
    /// Name of the document the unit comes from; empty when unknown.
    pub document: String,
    /// The English text; empty for a Spanish sentence without counterpart.
    pub en: String,
    /// The Spanish text; empty for an English sentence without counterpart.
    pub es: String,
    /// The bead's confidence in [0, 1] (see [`crate::align::Bead::score`]); `None` for a unit that did not
    /// come from alinea's aligner.
    pub score: Option<f64>,
    /// The bead's type (`1-1`, `2-1`...), when known.
    pub kind: Option<BeadKind>,
    /// 0-based indices of the English sentences in their edition.
    pub en_sentences: Vec<usize>,
    /// 0-based indices of the Spanish sentences in their edition.
    pub es_sentences: Vec<usize>,
    /// The reviewer's verdict.
    pub status: Status,
    /// The reviewer's note; empty for none.
    pub note: String,
}

impl TranslationUnit {
    /// Whether both sides have text (not only white space or invisible characters, see
    /// [`crate::segment::is_blank`]), so that the unit may go into a TMX.
    pub fn is_pair(&self) -> bool {
        !crate::segment::is_blank(&self.en) && !crate::segment::is_blank(&self.es)
    }

    /// Whether the unit belongs in a memory for translation software: both sides have text and the
    /// reviewer did not reject it.
    pub fn is_translation(&self) -> bool {
        self.is_pair() && self.status != Status::Rejected
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
/// assert_eq!(units[0].es, "¡Fuera las manos del Perú!");
/// ```
pub fn units(
    document: &str,
    en: &[Sentence<'_>],
    es: &[Sentence<'_>],
    alignment: &Alignment,
) -> Vec<TranslationUnit> {
    let join =
        |sentences: &[Sentence<'_>]| sentences.iter().map(|s| s.text.as_ref()).collect::<Vec<_>>().join(" ");
    alignment
        .beads
        .iter()
        .enumerate()
        .map(|(k, bead)| TranslationUnit {
            id: k + 1,
            document: document.to_string(),
            en: join(&en[bead.en.clone()]),
            es: join(&es[bead.es.clone()]),
            score: Some(bead.score),
            kind: Some(bead.kind()),
            en_sentences: bead.en.clone().collect(),
            es_sentences: bead.es.clone().collect(),
            status: Status::Unreviewed,
            note: String::new(),
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
    _unfinished: Unfinished,
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
        builder.prefix(".alinea-").suffix(".tmp");
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
        let registration = Unfinished::register(temp.path());
        Ok(AtomicFile { temp, path: path.to_path_buf(), synced: false, _unfinished: registration })
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

/// An [`AtomicFile`]'s temporary file listed as unfinished, from its creation until it is dropped
/// (after its rename, on commit).
struct Unfinished(PathBuf);

impl Unfinished {
    fn register(path: &Path) -> Unfinished {
        unfinished().push(path.to_path_buf());
        Unfinished(path.to_path_buf())
    }
}

impl Drop for Unfinished {
    fn drop(&mut self) {
        unfinished().retain(|p| *p != self.0);
    }
}

/// The temporary files of the [`AtomicFile`]s being written, for [`remove_unfinished`].
static UNFINISHED: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

fn unfinished() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    // A panic while holding the lock leaves a list that is still valid.
    UNFINISHED.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Removes the temporary files of every [`AtomicFile`] still being written. For a program about to be
/// ended by a signal (Ctrl-C, `timeout`), whose destructors will not run: the targets keep their
/// previous content and no hidden temporary file is left behind.
pub fn remove_unfinished() {
    for path in unfinished().drain(..) {
        let _ = fs::remove_file(path);
    }
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
