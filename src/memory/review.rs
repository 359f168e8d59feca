//! The review loop: carrying a reviewer's work from the previous review table of a document into a new
//! alignment of it, so that aligning again (a new edition, other settings, a new version of alinea)
//! never wipes a decision.
//!
//! A row of the previous table is matched to a unit of the new alignment by the [`Origin`](super::Origin) fingerprint
//! of the text the aligner gave it, first in order (so that a sentence repeated in the document finds
//! its own occurrence), then anywhere (a table sorted in a spreadsheet). What a matched row carries:
//! its status, its note and its edited text. A row inserted by hand goes after the row it followed; a
//! row deleted by hand (its number missing) deletes its unit again when the rows around it still
//! frame exactly one unit. A touched row that matches nothing is returned as unmatched, for the caller
//! to keep in a file of its own: it is never dropped.
//!
//! What it does not do: read or write files (see [`crate::corpus`]), or guess a match by similar text,
//! since a wrong match would put a decision on a pair the reviewer never saw.

use std::collections::{HashMap, HashSet};

use super::{Status, TranslationUnit, fingerprint};

/// The new alignment with the reviewer's work carried into it.
#[derive(Clone, Debug, Default)]
pub struct Carried {
    /// The units, in order: the new alignment's, with the rows inserted by hand among them and those
    /// deleted by hand left out.
    pub units: Vec<TranslationUnit>,
    /// Rows with a reviewer's work whose unit is not in the new alignment (its text changed), to be kept
    /// elsewhere.
    pub unmatched: Vec<TranslationUnit>,
    /// What was carried.
    pub tally: Tally,
}

/// What became of the reviewer's work, for the run to report.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Tally {
    /// Rows with a status, a note or an edit that found their unit.
    pub kept: usize,
    /// Rows inserted by hand, placed again.
    pub inserted: usize,
    /// Units deleted again because the reviewer had deleted their row.
    pub deleted: usize,
    /// Numbers of the rows deleted by hand whose unit could not be told in the new alignment: those
    /// units are back, and the reviewer must delete them again.
    pub deletions_lost: Vec<usize>,
}

impl Carried {
    /// Whether any of the reviewer's work was found.
    pub fn has_work(&self) -> bool {
        let t = &self.tally;
        t.kept + t.inserted + t.deleted > 0 || !self.unmatched.is_empty() || !t.deletions_lost.is_empty()
    }
}

/// Whether a row carries a reviewer's decision beyond its text: a status or a note.
fn has_decision(row: &TranslationUnit) -> bool {
    row.status != Status::Unreviewed || !row.note.trim().is_empty()
}

/// Whether a row was inserted by hand (no origin, in a table that records origins) and holds something.
fn is_inserted(row: &TranslationUnit, table_has_origins: bool) -> bool {
    table_has_origins
        && row.origin.is_none()
        && (!row.source.trim().is_empty() || !row.target.trim().is_empty() || has_decision(row))
}

/// The fingerprint a row (or a new unit) is matched by: its origin's, or for a row of a table written
/// before alinea recorded origins, its own text's.
fn key(row: &TranslationUnit) -> u64 {
    row.origin.map_or_else(|| fingerprint(&row.source, &row.target), |o| o.fingerprint)
}

/// Carries the work in `previous` (the rows of the document's previous review table, in order) and in
/// `leftovers` (rows that matched nothing last time) into `aligned` (the new alignment's units, each
/// with its [`Origin`](super::Origin)).
///
/// ```
/// use alinea::memory::{review, Origin, Status, TranslationUnit, fingerprint};
/// let unit = |id: usize, source: &str, target: &str| TranslationUnit {
///     id, source: source.into(), target: target.into(),
///     origin: Some(Origin { fingerprint: fingerprint(source, target), of: 2 }),
///     ..Default::default()
/// };
/// let aligned = vec![unit(1, "Peru.", "Perú."), unit(2, "Lima.", "Lima.")];
/// let mut reviewed = aligned.clone();
/// reviewed[1].status = Status::Rejected;
/// let carried = review::carry(&reviewed, &[], aligned);
/// assert_eq!(carried.units[1].status, Status::Rejected);
/// assert_eq!(carried.tally.kept, 1);
/// ```
pub fn carry(
    previous: &[TranslationUnit],
    leftovers: &[TranslationUnit],
    aligned: Vec<TranslationUnit>,
) -> Carried {
    let mut carried = Carried::default();
    let mut positions: HashMap<u64, Vec<usize>> = HashMap::new();
    for (j, unit) in aligned.iter().enumerate() {
        positions.entry(key(unit)).or_default().push(j);
    }
    let mut used = vec![false; aligned.len()];
    // The unit with `key` at `expected` if it is free, else the first free one after `after`.
    let take =
        |key: u64, expected: Option<usize>, after: Option<usize>, used: &mut Vec<bool>| -> Option<usize> {
            let candidates = positions.get(&key)?;
            let found = expected
                .filter(|&e| !used.get(e).copied().unwrap_or(true) && candidates.binary_search(&e).is_ok())
                .or_else(|| candidates.iter().copied().find(|&j| !used[j] && after.is_none_or(|a| j > a)))?;
            used[found] = true;
            Some(found)
        };

    // Pass 1, in order; pass 2, anywhere, for the rows pass 1 left.
    let rows: Vec<&TranslationUnit> = previous.iter().chain(leftovers).collect();
    let from_table = previous.len();
    // A table written before alinea recorded origins (or by another program) has no inserted rows: a
    // row that matches no unit by its text is only kept if it holds a decision.
    let origins = previous.iter().any(|r| r.origin.is_some());
    let is_inserted = |row: &TranslationUnit| is_inserted(row, origins);
    let mut matched: Vec<Option<usize>> = vec![None; rows.len()];
    // The last row matched: its number and its unit's position. A row numbered k after it is expected k
    // units further on, so that among units of the same text (a repeated sentence, a row deleted
    // beside its twin) each row finds its own.
    let mut last: Option<(usize, usize)> = None;
    for (r, row) in rows[..from_table].iter().enumerate() {
        if is_inserted(row) && !positions.contains_key(&key(row)) {
            continue;
        }
        let expected = match (row.origin, last) {
            (None, _) => None,
            (Some(_), Some((id, j))) => row.id.checked_sub(id).filter(|&d| d > 0).map(|d| j + d),
            (Some(_), None) => row.id.checked_sub(1),
        };
        if let Some(j) = take(key(row), expected, last.map(|(_, j)| j), &mut used) {
            matched[r] = Some(j);
            last = Some((row.id, j));
        }
    }
    for (r, row) in rows.iter().enumerate() {
        if matched[r].is_none()
            && let Some(j) = take(key(row), None, None, &mut used)
        {
            matched[r] = Some(j);
        }
    }
    // A leftover with work takes its unit from a table row that carries nothing.
    for r in from_table..rows.len() {
        if matched[r].is_some() || !(has_decision(rows[r]) || rows[r].is_edited()) {
            continue;
        }
        let idle = (0..from_table).find(|&t| {
            matched[t].is_some_and(|j| aligned[j].origin.is_some_and(|o| o.fingerprint == key(rows[r])))
                && !(has_decision(rows[t]) || rows[t].is_edited())
        });
        if let Some(t) = idle {
            matched[r] = matched[t].take();
        }
    }

    // Deletions: numbers from 1 to the count of the previous alignment that no row holds.
    let by_position: HashMap<usize, usize> =
        matched.iter().enumerate().filter_map(|(r, j)| j.map(|j| (j, r))).collect();
    let mut deleted = deleted_units(&rows[..from_table], &matched[..from_table], aligned.len(), &mut carried);
    // A unit that another row found is no deleted one (the rows were moved about).
    deleted.retain(|(j, id)| {
        let free = !by_position.contains_key(j);
        if !free {
            carried.tally.deletions_lost.push(*id);
        }
        free
    });
    let deleted: HashSet<usize> = deleted.into_iter().map(|(j, _)| j).collect();

    // Rows inserted by hand: after the matched row they followed, or before the first matched row.
    let mut after: HashMap<Option<usize>, Vec<usize>> = HashMap::new();
    let mut anchor: Option<Option<usize>> = None;
    let first_matched = matched[..from_table].iter().flatten().copied().min();
    for r in 0..from_table {
        match matched[r] {
            Some(j) => anchor = Some(Some(j)),
            None if is_inserted(rows[r]) => match (anchor, first_matched) {
                (Some(place), _) => after.entry(place).or_default().push(r),
                (None, Some(_)) => after.entry(None).or_default().push(r),
                (None, None) => carried.unmatched.push(rows[r].clone()),
            },
            None => {
                if has_decision(rows[r]) || rows[r].is_edited() {
                    carried.unmatched.push(rows[r].clone());
                }
            }
        }
    }
    for r in from_table..rows.len() {
        if matched[r].is_none() {
            carried.unmatched.push(rows[r].clone());
        }
    }

    let mut next_id = aligned.iter().map(|u| u.id).max().unwrap_or(0);
    let mut insert =
        |rows_here: Option<&Vec<usize>>, out: &mut Vec<TranslationUnit>, inserted: &mut usize| {
            for &r in rows_here.into_iter().flatten() {
                next_id += 1;
                let row = rows[r];
                let kind = row.kind.or(Some(crate::align::BeadKind { source: 1, target: 1 }));
                out.push(TranslationUnit {
                    id: next_id,
                    origin: None,
                    kept: None,
                    kind: TranslationUnit { kind, ..row.clone() }.kind_after_edits(),
                    source_sentences: Vec::new(),
                    target_sentences: Vec::new(),
                    ..row.clone()
                });
                *inserted += 1;
            }
        };
    let mut units = Vec::with_capacity(aligned.len());
    insert(after.get(&None), &mut units, &mut carried.tally.inserted);
    for (j, mut unit) in aligned.into_iter().enumerate() {
        if deleted.contains(&j) {
            carried.tally.deleted += 1;
        } else {
            if let Some(&r) = by_position.get(&j) {
                let row = rows[r];
                if has_decision(row) || (row.origin.is_some() && row.is_edited()) {
                    unit.status = row.status;
                    unit.note = row.note.clone();
                    unit.source = row.source.clone();
                    unit.target = row.target.clone();
                    unit.kind = unit.kind_after_edits();
                    carried.tally.kept += 1;
                }
            }
            units.push(unit);
        }
        insert(after.get(&Some(j)), &mut units, &mut carried.tally.inserted);
    }
    carried.units = units;
    carried
}

/// The positions in the new alignment of the units whose rows the reviewer deleted, each with the
/// deleted row's number. A deleted number
/// lies between two rows still there (or the table's ends); when those rows' units frame as many units
/// in the new alignment as they did in the old, the deleted unit is the one at the same offset. The
/// others go to `carried.tally.deletions_lost`.
fn deleted_units(
    rows: &[&TranslationUnit],
    matched: &[Option<usize>],
    new_len: usize,
    carried: &mut Carried,
) -> Vec<(usize, usize)> {
    let mut deleted = Vec::new();
    // The count of the previous alignment, as most rows record it.
    let mut counts: HashMap<usize, usize> = HashMap::new();
    for row in rows {
        if let Some(o) = row.origin {
            *counts.entry(o.of).or_default() += 1;
        }
    }
    let Some((&of, _)) = counts.iter().max_by_key(|(of, n)| (**n, **of)) else { return deleted };
    // A count far beyond the rows is no alinea table's: nothing is taken for deleted.
    if of > 2 * rows.len() + 1000 {
        return deleted;
    }
    // Old number → new position, for the aligner's rows (origin and a number within the count).
    let mut frame: Vec<(usize, Option<usize>)> = rows
        .iter()
        .zip(matched)
        .filter(|(row, _)| row.origin.is_some_and(|o| o.of == of) && (1..=of).contains(&row.id))
        .map(|(row, &j)| (row.id, j))
        .collect();
    frame.sort_unstable_by_key(|&(id, _)| id);
    frame.dedup_by_key(|&mut (id, _)| id);
    let present: HashSet<usize> = frame.iter().map(|&(id, _)| id).collect();
    for id in (1..=of).filter(|id| !present.contains(id)) {
        let before = frame
            .iter()
            .rev()
            .find(|&&(a, _)| a < id)
            .map_or(Some((0, -1i64)), |&(a, j)| j.map(|j| (a, j as i64)));
        let after = frame
            .iter()
            .find(|&&(b, _)| b > id)
            .map_or(Some((of + 1, new_len as i64)), |&(b, j)| j.map(|j| (b, j as i64)));
        match (before, after) {
            (Some((a, ja)), Some((b, jb))) if jb - ja == (b - a) as i64 => {
                deleted.push(((ja + (id - a) as i64) as usize, id));
            }
            _ => carried.tally.deletions_lost.push(id),
        }
    }
    deleted
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::Origin;

    fn aligned(texts: &[(&str, &str)]) -> Vec<TranslationUnit> {
        texts
            .iter()
            .enumerate()
            .map(|(k, (source, target))| TranslationUnit {
                id: k + 1,
                source: source.to_string(),
                target: target.to_string(),
                origin: Some(Origin { fingerprint: fingerprint(source, target), of: texts.len() }),
                ..TranslationUnit::default()
            })
            .collect()
    }

    const OLD: &[(&str, &str)] = &[("A.", "a."), ("B.", "b."), ("C.", "c."), ("D.", "d.")];
    const NEW: &[(&str, &str)] = &[("Z.", "z."), ("A.", "a."), ("B.", "b."), ("C.", "c."), ("D.", "d.")];

    #[test]
    fn statuses_notes_and_edits_follow_their_unit() {
        let mut table = aligned(OLD);
        table[0].status = Status::Ok;
        table[1].note = "check the date".into();
        table[2].target = "c, corrected.".into();
        let carried = carry(&table, &[], aligned(NEW));
        let u = &carried.units;
        assert_eq!(
            (u[1].status, u[2].note.as_str(), u[3].target.as_str()),
            (Status::Ok, "check the date", "c, corrected.")
        );
        assert_eq!(u[3].id, 4, "a carried unit takes its new number");
        assert!(u[3].is_edited());
        assert_eq!((carried.tally.kept, carried.unmatched.len()), (3, 0));
    }

    #[test]
    fn a_repeated_sentence_keeps_its_own_decision() {
        let old = [("Thanks.", "Gracias."), ("A.", "a."), ("Thanks.", "Gracias.")];
        let mut table = aligned(&old);
        table[2].status = Status::Rejected;
        let carried = carry(&table, &[], aligned(&old));
        assert_eq!(
            carried.units.iter().map(|u| u.status).collect::<Vec<_>>(),
            [Status::Unreviewed, Status::Unreviewed, Status::Rejected]
        );
    }

    #[test]
    fn inserted_rows_follow_the_row_they_followed() {
        let mut table = aligned(OLD);
        let inserted = TranslationUnit {
            id: 9,
            source: "Extra.".into(),
            target: "Extra.".into(),
            ..TranslationUnit::default()
        };
        table.insert(2, inserted);
        let carried = carry(&table, &[], aligned(NEW));
        let texts: Vec<&str> = carried.units.iter().map(|u| u.source.as_str()).collect();
        assert_eq!(texts, ["Z.", "A.", "B.", "Extra.", "C.", "D."]);
        assert_eq!(carried.units[3].id, 6, "a fresh number");
        assert_eq!(carried.tally.inserted, 1);
    }

    #[test]
    fn a_deleted_row_deletes_its_unit_again_when_its_place_is_sure() {
        let mut table = aligned(OLD);
        table.remove(2); // C.
        let carried = carry(&table, &[], aligned(NEW));
        let texts: Vec<&str> = carried.units.iter().map(|u| u.source.as_str()).collect();
        assert_eq!(texts, ["Z.", "A.", "B.", "D."]);
        assert_eq!(carried.tally.deleted, 1);
        // When the units around it changed, the deletion cannot be placed: it is reported.
        let changed = [("A.", "a."), ("B.", "b."), ("X.", "x."), ("Y.", "y."), ("D.", "d.")];
        let carried = carry(&table, &[], aligned(&changed));
        assert_eq!(carried.units.len(), 5);
        assert_eq!(carried.tally.deletions_lost, [3]);
    }

    #[test]
    fn work_on_a_unit_that_is_gone_is_returned_and_matches_later() {
        let mut table = aligned(OLD);
        table[1].status = Status::Ok;
        let gone = [("A.", "a."), ("B, rewritten.", "b."), ("C.", "c."), ("D.", "d.")];
        let carried = carry(&table, &[], aligned(&gone));
        assert_eq!(carried.unmatched.len(), 1);
        assert_eq!(carried.unmatched[0].source, "B.");
        // Aligned again with the old text back, the leftover finds its unit.
        let back = carry(&aligned(OLD), &carried.unmatched, aligned(OLD));
        assert_eq!(back.units[1].status, Status::Ok);
        assert!(back.unmatched.is_empty());
    }

    #[test]
    fn a_sorted_table_still_matches() {
        let mut table = aligned(OLD);
        table[3].status = Status::Rejected;
        table.reverse();
        let carried = carry(&table, &[], aligned(NEW));
        assert_eq!(carried.units[4].status, Status::Rejected);
        assert_eq!((carried.tally.deleted, carried.units.len()), (0, 5));
    }

    #[test]
    fn a_table_without_origins_matches_by_text() {
        let mut table = aligned(OLD);
        for row in &mut table {
            row.origin = None;
        }
        table[0].status = Status::Ok;
        let carried = carry(&table, &[], aligned(NEW));
        assert_eq!(carried.units[1].status, Status::Ok);
        assert_eq!((carried.tally.inserted, carried.units.len()), (0, 5));
    }

    proptest::proptest! {
        /// Re-aligning the same editions gives back the reviewed table exactly: every status and
        /// note, every edit, every inserted row in its place, every deleted row deleted; and no row is
        /// set aside. Texts repeat, as sentences do in real documents.
        #[test]
        fn the_same_alignment_gives_back_the_reviewed_table(
            texts in proptest::collection::vec(0u8..6, 1..30),
            edits in proptest::collection::vec((0u8..6, 0usize..30), 0..12),
        ) {
            let pairs: Vec<(String, String)> = texts.iter().map(|t| (format!("S{t}."), format!("s{t}."))).collect();
            let refs: Vec<(&str, &str)> = pairs.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
            let mut table = aligned(&refs);
            for (what, at) in edits {
                if table.is_empty() {
                    break;
                }
                let at = at % table.len();
                match what {
                    0 => table[at].status = Status::Ok,
                    1 => table[at].status = Status::Rejected,
                    2 => table[at].note = format!("note {at}"),
                    3 => table[at].target = format!("edited {at}"),
                    // A table without any of the aligner's rows left tells nothing of what was deleted.
                    4 if table.iter().filter(|r| r.origin.is_some()).count() > 1 => {
                        table.remove(at);
                    }
                    4 => {}
                    _ => table.insert(at, TranslationUnit { source: format!("new {at}"), ..TranslationUnit::default() }),
                }
            }
            let carried = carry(&table, &[], aligned(&refs));
            proptest::prop_assert!(carried.unmatched.is_empty());
            proptest::prop_assert!(carried.tally.deletions_lost.is_empty());
            let view = |units: &[TranslationUnit]| -> Vec<(String, String, Status, String)> {
                units.iter().map(|u| (u.source.clone(), u.target.clone(), u.status, u.note.clone())).collect()
            };
            proptest::prop_assert_eq!(view(&carried.units), view(&table));
            let ids: HashSet<usize> = carried.units.iter().map(|u| u.id).collect();
            proptest::prop_assert_eq!(ids.len(), carried.units.len());
        }
    }
}
