//! A reviewer's edits to one document's review table, as an alignment editor makes them: accept or
//! reject a unit, edit either side's text, write a note, move a sentence into the previous or the next
//! unit (merging and splitting beads), mark a sentence as having no counterpart, undo.
//!
//! Every edit leaves a valid review table, the one that `build` turns into TMX and that aligning again
//! carries into the new alignment (see [`super::review`]): a unit keeps its `aligned` fingerprint, so a
//! re-alignment finds it and carries its new text; a sentence set apart becomes a row inserted by hand.
//! A unit whose pairing a reviewer changed by hand (a sentence moved in or out, a sentence set apart)
//! is accepted, as alignment editors confirm the links a person made; rejecting it again is one click.
//!
//! The table does not record where the sentences of a unit begin: its text is their texts joined by one
//! space. [`Review::sentences`] cuts it again with the segmentation rules of the side's language, and
//! trusts the cut when it gives as many sentences as the unit lists; otherwise the side is one piece.
//!
//! What it does not do: serve pages (the `review` command does), or decide anything by itself.

use std::path::{Path, PathBuf};

use super::{Band, Languages, Selection, Status, TranslationUnit};
use crate::align::BeadKind;
use crate::error::{Error, Result};
use crate::segment::{self, Language};

/// Undo steps kept per document.
const UNDO_DEPTH: usize = 200;

/// A side of a unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// The source edition's sentences.
    Source,
    /// The target edition's sentences.
    Target,
}

/// Where a sentence moves: into the unit before (the side's first sentence) or after (its last).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// The first sentence of the side goes to the end of the previous unit's side.
    Previous,
    /// The last sentence of the side goes to the start of the next unit's side.
    Next,
}

/// One edit, as the review application sends it.
#[derive(Clone, Debug, PartialEq, serde::Deserialize, serde::Serialize)]
#[serde(tag = "op", rename_all = "lowercase")]
pub enum Edit {
    /// Sets a unit's status.
    Status { id: usize, status: StatusName },
    /// Replaces the text of one side of a unit.
    Text { id: usize, side: Side, text: String },
    /// Replaces a unit's note.
    Note { id: usize, text: String },
    /// Moves the side's first (`previous`) or last (`next`) sentence into the neighbouring unit.
    Move { id: usize, side: Side, direction: Direction },
    /// Sets the side's first (`previous`) or last (`next`) sentence apart, as a unit of its own without
    /// counterpart, before or after the unit.
    Alone { id: usize, side: Side, direction: Direction },
    /// Takes back the last edit.
    Undo,
}

/// A status as the application names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum StatusName {
    /// Not reviewed.
    None,
    /// Accepted.
    Ok,
    /// Rejected.
    Reject,
}

impl From<StatusName> for Status {
    fn from(s: StatusName) -> Status {
        match s {
            StatusName::None => Status::Unreviewed,
            StatusName::Ok => Status::Ok,
            StatusName::Reject => Status::Rejected,
        }
    }
}

/// How many units of a document there are, how many still need a look, how many a person reviewed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    /// Units (rows), sentences without counterpart included.
    pub units: usize,
    /// Unreviewed units that are not sure (see [`Band`]).
    pub to_check: usize,
    /// Units with a status.
    pub reviewed: usize,
}

/// One document's review table under edit: its units in row order, the CSV's own habits (delimiter,
/// byte-order mark) to write it back the same way, and the undo history.
#[derive(Debug)]
pub struct Review {
    path: PathBuf,
    /// The codes of the two text columns.
    pub languages: Languages,
    /// The units, in row order.
    pub units: Vec<TranslationUnit>,
    delimiter: u8,
    bom: bool,
    selection: Selection,
    undo: Vec<Vec<TranslationUnit>>,
    /// The bytes last read or written, to notice a change made by another program.
    on_disk: Vec<u8>,
}

impl Review {
    /// Reads the review table at `path` (a CSV written by `align`, or one a spreadsheet saved).
    pub fn open(path: &Path, selection: Selection) -> Result<Review> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        let table = super::csv::read_bytes(&bytes, path, None)?;
        let text = String::from_utf8_lossy(&bytes);
        let bom = text.starts_with('\u{FEFF}');
        let delimiter = super::csv::delimiter_of(text.trim_start_matches('\u{FEFF}'));
        Ok(Review {
            path: path.to_path_buf(),
            languages: table.languages,
            units: table.units,
            delimiter,
            bom,
            selection,
            undo: Vec::new(),
            on_disk: bytes,
        })
    }

    /// The file the review is saved to.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether the file on disk is still the one this review read or wrote last (no spreadsheet or other
    /// program saved it since).
    pub fn is_current(&self) -> bool {
        std::fs::read(&self.path).is_ok_and(|bytes| bytes == self.on_disk)
    }

    /// The counts of the document's units.
    pub fn counts(&self) -> Counts {
        let mut counts = Counts { units: self.units.len(), ..Counts::default() };
        for u in &self.units {
            if u.status != Status::Unreviewed {
                counts.reviewed += 1;
            } else if Band::of(u, self.selection) != Band::Sure {
                counts.to_check += 1;
            }
        }
        counts
    }

    /// The sentences of one side of a unit, each with its position in the edition (0-based; none for
    /// text a reviewer typed): the side's text cut by the rules of its language when that gives as many
    /// sentences as the unit lists, else the whole text as one piece.
    ///
    /// ```
    /// use alinea::memory::{edit::{Review, Side}, Languages, TranslationUnit};
    /// let unit = TranslationUnit { source: "Gen. Smith left. He came back.".into(), source_sentences: vec![4, 5], ..Default::default() };
    /// let pieces = Review::sentences(&unit, Side::Source, &Languages::default());
    /// assert_eq!(pieces, vec![("Gen. Smith left.".to_string(), vec![4]), ("He came back.".to_string(), vec![5])]);
    /// ```
    pub fn sentences(unit: &TranslationUnit, side: Side, languages: &Languages) -> Vec<(String, Vec<usize>)> {
        let (text, positions, code) = match side {
            Side::Source => (&unit.source, &unit.source_sentences, &languages.source),
            Side::Target => (&unit.target, &unit.target_sentences, &languages.target),
        };
        if segment::is_blank(text) {
            return Vec::new();
        }
        if positions.len() > 1 {
            let language: Language = code.parse().unwrap_or(Language::Generic);
            let cut: Vec<String> =
                segment::segment(text, language).iter().map(|s| s.text.to_string()).collect();
            if cut.len() == positions.len() {
                return cut.into_iter().zip(positions.iter().map(|&p| vec![p])).collect();
            }
        }
        vec![(text.trim().to_string(), positions.clone())]
    }

    /// Applies `edit` and saves the table; on an error (an unknown unit, a move with nowhere to go, a
    /// file that cannot be written) nothing changes, on disk or here.
    pub fn apply(&mut self, edit: Edit) -> Result<()> {
        let before = self.units.clone();
        let is_undo = matches!(edit, Edit::Undo);
        let changed = match edit {
            Edit::Undo => match self.undo.pop() {
                Some(previous) => {
                    self.units = previous;
                    true
                }
                None => return Err(self.refused("there is nothing to undo")),
            },
            other => self.edit(other)?,
        };
        if !changed {
            return Ok(());
        }
        if let Err(e) = self.save() {
            self.units = before;
            return Err(e);
        }
        if !is_undo {
            self.undo.push(before);
            if self.undo.len() > UNDO_DEPTH {
                self.undo.remove(0);
            }
        }
        Ok(())
    }

    fn refused(&self, message: &str) -> Error {
        Error::Edit { path: self.path.clone(), message: message.to_string() }
    }

    fn position(&self, id: usize) -> Result<usize> {
        self.units
            .iter()
            .position(|u| u.id == id)
            .ok_or_else(|| self.refused(&format!("there is no unit {id} in this table (reload the page)")))
    }

    /// Changes the units; `false` when the edit changes nothing.
    fn edit(&mut self, edit: Edit) -> Result<bool> {
        match edit {
            Edit::Status { id, status } => {
                let k = self.position(id)?;
                let status = Status::from(status);
                let changed = self.units[k].status != status;
                self.units[k].status = status;
                Ok(changed)
            }
            Edit::Text { id, side, text } => {
                let k = self.position(id)?;
                let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
                let unit = &mut self.units[k];
                let slot = match side {
                    Side::Source => &mut unit.source,
                    Side::Target => &mut unit.target,
                };
                let changed = *slot != text;
                *slot = text;
                unit.kind = unit.kind_after_edits();
                Ok(changed)
            }
            Edit::Note { id, text } => {
                let k = self.position(id)?;
                let text = text.trim().to_string();
                let changed = self.units[k].note != text;
                self.units[k].note = text;
                Ok(changed)
            }
            Edit::Move { id, side, direction } => {
                let k = self.position(id)?;
                let to = match direction {
                    Direction::Previous => k.checked_sub(1),
                    Direction::Next => Some(k + 1).filter(|&n| n < self.units.len()),
                }
                .ok_or_else(|| self.refused("there is no unit on that side to move the sentence into"))?;
                let piece = self.take(k, side, direction)?;
                let mut pieces = Review::sentences(&self.units[to], side, &self.languages);
                match direction {
                    Direction::Previous => pieces.push(piece),
                    Direction::Next => pieces.insert(0, piece),
                }
                self.set_side(to, side, pieces);
                self.confirm(to);
                self.confirm(k);
                self.drop_if_empty(k);
                Ok(true)
            }
            Edit::Alone { id, side, direction } => {
                let k = self.position(id)?;
                let piece = self.take(k, side, direction)?;
                let next_id = self.units.iter().map(|u| u.id).max().unwrap_or(0) + 1;
                let template = &self.units[k];
                let mut alone = TranslationUnit {
                    id: next_id,
                    document: template.document.clone(),
                    ..TranslationUnit::default()
                };
                let (text, positions) = piece;
                match side {
                    Side::Source => (alone.source, alone.source_sentences) = (text, positions),
                    Side::Target => (alone.target, alone.target_sentences) = (text, positions),
                }
                alone.kind = Some(BeadKind {
                    source: usize::from(!alone.source.is_empty()),
                    target: usize::from(!alone.target.is_empty()),
                });
                self.confirm(k);
                let at = match direction {
                    Direction::Previous => k,
                    Direction::Next => k + 1,
                };
                self.units.insert(at, alone);
                let k = if at <= k { k + 1 } else { k };
                self.drop_if_empty(k);
                Ok(true)
            }
            Edit::Undo => unreachable!("handled by apply"),
        }
    }

    /// Removes the first (`Previous`) or last (`Next`) sentence of a side of unit `k` and returns it.
    fn take(&mut self, k: usize, side: Side, direction: Direction) -> Result<(String, Vec<usize>)> {
        let mut pieces = Review::sentences(&self.units[k], side, &self.languages);
        if pieces.is_empty() {
            return Err(self.refused("that side of the unit has no sentence to move"));
        }
        let piece = match direction {
            Direction::Previous => pieces.remove(0),
            Direction::Next => pieces.pop().expect("not empty"),
        };
        self.set_side(k, side, pieces);
        Ok(piece)
    }

    fn set_side(&mut self, k: usize, side: Side, pieces: Vec<(String, Vec<usize>)>) {
        let text = pieces.iter().map(|(t, _)| t.as_str()).collect::<Vec<_>>().join(" ");
        let count = pieces.len();
        let positions: Vec<usize> = pieces.into_iter().flat_map(|(_, p)| p).collect();
        let unit = &mut self.units[k];
        let kind = unit.kind.unwrap_or(BeadKind { source: 0, target: 0 });
        match side {
            Side::Source => {
                (unit.source, unit.source_sentences) = (text, positions);
                unit.kind = Some(BeadKind { source: count, ..kind });
            }
            Side::Target => {
                (unit.target, unit.target_sentences) = (text, positions);
                unit.kind = Some(BeadKind { target: count, ..kind });
            }
        }
    }

    /// A pairing made by hand is accepted (a rejected unit stays rejected).
    fn confirm(&mut self, k: usize) {
        let unit = &mut self.units[k];
        if unit.is_pair() && unit.status == Status::Unreviewed {
            unit.status = Status::Ok;
        }
    }

    fn drop_if_empty(&mut self, k: usize) {
        if segment::is_blank(&self.units[k].source) && segment::is_blank(&self.units[k].target) {
            self.units.remove(k);
        }
    }

    /// Writes the table back, atomically, with its delimiter and byte-order mark.
    fn save(&mut self) -> Result<()> {
        if !self.is_current() {
            return Err(self.refused(
                "the file changed on disk since it was opened here (saved from a spreadsheet?): reload the page \
                 to see it, then make the change again",
            ));
        }
        let options =
            super::csv::Options { delimiter: self.delimiter, bom: self.bom, selection: self.selection };
        let mut bytes = Vec::new();
        let mut writer = super::csv::Writer::new(&mut bytes, &self.languages, options)
            .map_err(|e| Error::io(&self.path, e))?;
        for unit in &self.units {
            writer.write_unit(unit).map_err(|e| Error::io(&self.path, e))?;
        }
        writer.finish().map_err(|e| Error::io(&self.path, e))?;
        super::write_atomically(&self.path, |out| out.write_all(&bytes))?;
        self.on_disk = bytes;
        Ok(())
    }

    /// Reads the file again (after another program changed it); the undo history is dropped, since it
    /// describes another table.
    pub fn reload(&mut self) -> Result<()> {
        let fresh = Review::open(&self.path, self.selection)?;
        *self = fresh;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(id: usize, source: &str, target: &str, s: &[usize], t: &[usize]) -> TranslationUnit {
        let mut u = TranslationUnit {
            id,
            document: "doc".into(),
            source: source.into(),
            target: target.into(),
            score: Some(0.5),
            source_sentences: s.to_vec(),
            target_sentences: t.to_vec(),
            ..TranslationUnit::default()
        };
        u.origin =
            Some(super::super::Origin { fingerprint: super::super::fingerprint(source, target), of: 3 });
        u.kind = Some(BeadKind { source: s.len(), target: t.len() });
        u
    }

    fn review(units: Vec<TranslationUnit>) -> (tempfile::TempDir, Review) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("doc.csv");
        let mut out = Vec::new();
        let mut writer = super::super::csv::Writer::new(
            &mut out,
            &Languages::default(),
            super::super::csv::Options { delimiter: b';', ..Default::default() },
        )
        .unwrap();
        for u in &units {
            writer.write_unit(u).unwrap();
        }
        writer.finish().unwrap();
        std::fs::write(&path, out).unwrap();
        let review = Review::open(&path, Selection::default()).unwrap();
        (dir, review)
    }

    fn three() -> Vec<TranslationUnit> {
        vec![
            unit(1, "The army paid him.", "El ejército le pagó. Lo negó después.", &[0], &[0, 1]),
            unit(2, "He denied it later.", "", &[1], &[]),
            unit(3, "Fujimori left. He flew to Tokyo.", "Fujimori se fue a Tokio.", &[2, 3], &[2]),
        ]
    }

    #[test]
    fn moving_a_sentence_merges_and_splits_beads_and_is_saved() {
        let (_dir, mut r) = review(three());
        r.apply(Edit::Move { id: 1, side: Side::Target, direction: Direction::Next }).unwrap();
        assert_eq!(r.units[0].target, "El ejército le pagó.");
        assert_eq!(r.units[1].target, "Lo negó después.");
        assert_eq!(
            (r.units[1].target_sentences.clone(), r.units[1].kind.unwrap().to_string()),
            (vec![1], "1-1".into())
        );
        assert_eq!((r.units[0].status, r.units[1].status), (Status::Ok, Status::Ok));
        // Saved at once, with the table's own delimiter, and read back the same.
        let again = Review::open(r.path(), Selection::default()).unwrap();
        assert_eq!(again.units, r.units);
        assert!(std::fs::read_to_string(r.path()).unwrap().starts_with("id;document;"));
        // The aligner's fingerprint stays, so that aligning again finds the units and carries the edit.
        assert!(again.units[0].is_edited() && again.units[0].origin == three()[0].origin);
    }

    #[test]
    fn a_unit_emptied_by_moves_disappears_and_undo_restores_it() {
        let (_dir, mut r) = review(three());
        r.apply(Edit::Move { id: 2, side: Side::Source, direction: Direction::Previous }).unwrap();
        assert_eq!(r.units.len(), 2);
        assert_eq!(r.units[0].source, "The army paid him. He denied it later.");
        assert_eq!(r.units[0].kind.unwrap().to_string(), "2-2");
        r.apply(Edit::Undo).unwrap();
        assert_eq!(r.units, three());
        assert_eq!(Review::open(r.path(), Selection::default()).unwrap().units, three());
        assert!(r.apply(Edit::Undo).is_err());
    }

    #[test]
    fn a_sentence_set_apart_becomes_a_unit_of_its_own() {
        let (_dir, mut r) = review(three());
        r.apply(Edit::Alone { id: 3, side: Side::Source, direction: Direction::Next }).unwrap();
        assert_eq!(r.units.len(), 4);
        assert_eq!((r.units[2].source.as_str(), r.units[2].status), ("Fujimori left.", Status::Ok));
        let alone = &r.units[3];
        assert_eq!((alone.source.as_str(), alone.target.as_str(), alone.id), ("He flew to Tokyo.", "", 4));
        assert_eq!((alone.kind.unwrap().to_string(), alone.origin), ("1-0".into(), None));
    }

    #[test]
    fn refused_edits_change_nothing() {
        let (_dir, mut r) = review(three());
        let before = std::fs::read(r.path()).unwrap();
        assert!(r.apply(Edit::Move { id: 1, side: Side::Source, direction: Direction::Previous }).is_err());
        assert!(r.apply(Edit::Move { id: 2, side: Side::Target, direction: Direction::Next }).is_err());
        assert!(r.apply(Edit::Status { id: 99, status: StatusName::Ok }).is_err());
        assert_eq!(r.units, three());
        assert_eq!(std::fs::read(r.path()).unwrap(), before);
    }

    #[test]
    fn a_file_changed_by_another_program_is_not_overwritten() {
        let (_dir, mut r) = review(three());
        let text = std::fs::read_to_string(r.path()).unwrap().replace("He denied it later.", "He denied it.");
        std::fs::write(r.path(), &text).unwrap();
        let err = r.apply(Edit::Status { id: 1, status: StatusName::Reject }).unwrap_err();
        assert!(err.to_string().contains("changed on disk"), "{err}");
        assert_eq!(std::fs::read_to_string(r.path()).unwrap(), text);
        r.reload().unwrap();
        r.apply(Edit::Status { id: 1, status: StatusName::Reject }).unwrap();
        assert_eq!(r.units[1].source, "He denied it.");
    }

    #[test]
    fn status_text_and_note_edits() {
        let (_dir, mut r) = review(three());
        r.apply(Edit::Status { id: 1, status: StatusName::Reject }).unwrap();
        r.apply(Edit::Text { id: 2, side: Side::Target, text: " Lo negó\nluego. ".into() }).unwrap();
        r.apply(Edit::Note { id: 2, text: "translated by hand".into() }).unwrap();
        let again = Review::open(r.path(), Selection::default()).unwrap();
        assert_eq!(again.units[0].status, Status::Rejected);
        assert_eq!(
            (again.units[1].target.as_str(), again.units[1].kind.unwrap().to_string()),
            ("Lo negó luego.", "1-1".into())
        );
        assert_eq!(again.units[1].note, "translated by hand");
        assert_eq!(r.counts(), Counts { units: 3, to_check: 2, reviewed: 1 });
    }
}
