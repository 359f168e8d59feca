//! CSV output for review in a spreadsheet.
//!
//! One row per bead, units with an empty side included, so that a reviewer sees what was left out.
//! Columns: `id`, `score` (confidence, three decimals), `bead` (`1-1`, `2-1`...), the text in a column
//! named by each language's code (`en`, `es`), the 0-based sentence positions of each side
//! (`en_sentences`, `es_sentences`: `5 6`, empty for none; space-separated, because a spreadsheet in a
//! locale with a decimal comma would read `5,6` as the number 5.6), and two empty columns for the reviewer,
//! `status` and `note`. UTF-8, comma-separated, quoted where needed (the csv crate's rules).
//!
//! What it does not do: read a reviewed CSV back.

use std::io::Write;

use super::TranslationUnit;

/// Writes `units` as review CSV, with the text columns named `source_lang` and `target_lang`.
///
/// ```
/// use alinea::memory::{csv, TranslationUnit};
/// use alinea::align::BeadKind;
/// let unit = TranslationUnit { id: 1, en: "Hello, world".into(), es: "".into(), score: 0.25,
///     kind: BeadKind { en: 1, es: 0 }, en_sentences: 0..1, es_sentences: 0..0 };
/// let mut out = Vec::new();
/// csv::write(&mut out, &[unit], "en", "es").unwrap();
/// assert_eq!(String::from_utf8(out).unwrap(),
///     "id,score,bead,en,es,en_sentences,es_sentences,status,note\n1,0.250,1-0,\"Hello, world\",,0,,,\n");
/// ```
pub fn write<W: Write>(
    out: W,
    units: &[TranslationUnit],
    source_lang: &str,
    target_lang: &str,
) -> csv::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "id",
        "score",
        "bead",
        source_lang,
        target_lang,
        &format!("{source_lang}_sentences"),
        &format!("{target_lang}_sentences"),
        "status",
        "note",
    ])?;
    for u in units {
        w.write_record([
            u.id.to_string(),
            format!("{:.3}", u.score),
            u.kind.to_string(),
            u.en.clone(),
            u.es.clone(),
            positions(&u.en_sentences),
            positions(&u.es_sentences),
            String::new(),
            String::new(),
        ])?;
    }
    w.flush()?;
    Ok(())
}

/// Sentence positions for a spreadsheet cell: `5 6` (0-based), empty for none.
fn positions(range: &std::ops::Range<usize>) -> String {
    range.clone().map(|i| i.to_string()).collect::<Vec<_>>().join(" ")
}
