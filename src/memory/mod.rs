//! The translation memory: units made of beads, written as TMX for translation software and as CSV for
//! review.
//!
//! A [`TranslationUnit`] is a bead with its text: the sentences of each side joined by one space. Units
//! with an empty side (a sentence without counterpart) are kept here so that the review CSV shows what was
//! left out; the TMX writer never writes them.
//!
//! What it does not do: read memories back (TMX or reviewed CSV) or merge them.

pub mod csv;
pub mod tmx;

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use crate::align::{Alignment, BeadKind};
use crate::error::{Error, Result};
use crate::segment::Sentence;

/// One aligned unit of a memory.
#[derive(Clone, Debug, PartialEq)]
pub struct TranslationUnit {
    /// 1-based number of the unit in its document, in bead order.
    pub id: usize,
    /// The English text; empty for a Spanish sentence without counterpart.
    pub en: String,
    /// The Spanish text; empty for an English sentence without counterpart.
    pub es: String,
    /// The bead's confidence in [0, 1] (see [`crate::align::Bead::score`]).
    pub score: f64,
    /// The bead's type (`1-1`, `2-1`...).
    pub kind: BeadKind,
    /// 0-based indices of the English sentences in their edition.
    pub en_sentences: std::ops::Range<usize>,
    /// 0-based indices of the Spanish sentences in their edition.
    pub es_sentences: std::ops::Range<usize>,
}

impl TranslationUnit {
    /// Whether both sides have text, so that the unit may go into a TMX.
    pub fn is_pair(&self) -> bool {
        !self.en.is_empty() && !self.es.is_empty()
    }
}

/// Makes one unit per bead, joining the sentences of each side with one space.
///
/// ```
/// use alinea::{align, memory, segment};
/// let en = segment::from_lines("Hands off Peru!\n");
/// let es = segment::from_lines("¡Fuera las manos del Perú!\n");
/// let alignment = align::align(&en, &es, &align::Params::default());
/// let units = memory::units(&en, &es, &alignment);
/// assert_eq!(units[0].es, "¡Fuera las manos del Perú!");
/// ```
pub fn units(en: &[Sentence<'_>], es: &[Sentence<'_>], alignment: &Alignment) -> Vec<TranslationUnit> {
    let join =
        |sentences: &[Sentence<'_>]| sentences.iter().map(|s| s.text.as_ref()).collect::<Vec<_>>().join(" ");
    alignment
        .beads
        .iter()
        .enumerate()
        .map(|(k, bead)| TranslationUnit {
            id: k + 1,
            en: join(&en[bead.en.clone()]),
            es: join(&es[bead.es.clone()]),
            score: bead.score,
            kind: bead.kind(),
            en_sentences: bead.en.clone(),
            es_sentences: bead.es.clone(),
        })
        .collect()
}

/// Writes `path` through `write`, atomically: the content goes to a temporary file in the same folder,
/// which replaces `path` only once everything is written and flushed. A failed run leaves any previous
/// file untouched and no partial file behind.
pub fn write_atomically<F>(path: &Path, write: F) -> Result<()>
where
    F: FnOnce(&mut dyn Write) -> io::Result<()>,
{
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(".alinea-").suffix(".tmp");
    // A temporary file is private (0600); a memory is an ordinary file, and a replaced one keeps its mode.
    #[cfg(unix)]
    let permissions = {
        use std::os::unix::fs::PermissionsExt;
        fs::metadata(path).map_or_else(|_| fs::Permissions::from_mode(0o644), |m| m.permissions())
    };
    #[cfg(unix)]
    builder.permissions(permissions);
    let file = builder.tempfile_in(dir).map_err(|e| Error::io(dir, e))?;
    let mut out = BufWriter::new(file);
    write(&mut out).map_err(|e| Error::io(path, e))?;
    let file = out.into_inner().map_err(|e| Error::io(path, e.into_error()))?;
    file.as_file().sync_all().map_err(|e| Error::io(path, e))?;
    file.persist(path).map_err(|e| Error::io(path, e.error))?;
    Ok(())
}
