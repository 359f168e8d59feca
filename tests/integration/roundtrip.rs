//! Properties: any unit, whatever its text (any Unicode XML allows, quotes, `&<>`, line breaks, a leading
//! `=`), goes CSV → TMX and is read back unchanged; whatever the editions, the memory holds no unit with
//! an empty side.

use std::path::Path;

use proptest::prelude::*;

use alinea::align::BeadKind;
use alinea::memory::tmx::{self, Header, InlineTags};
use alinea::memory::{Languages, Origin, Status, TranslationUnit, csv};

/// Text XML 1.0 can carry, biased towards the characters that need care.
fn text() -> impl Strategy<Value = String> {
    let tricky = prop_oneof![
        Just("=".to_string()),
        Just("+".to_string()),
        Just("-".to_string()),
        Just("@".to_string()),
        Just("'".to_string()),
        Just("\"".to_string()),
        Just("&".to_string()),
        Just("<".to_string()),
        Just(">".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("\t".to_string()),
        Just(" ".to_string()),
        Just(",".to_string()),
        Just(";".to_string()),
        Just("ñ¿¡«»€😀".to_string()),
        "[\\PC]{1,8}",
    ];
    proptest::collection::vec(tricky, 1..12).prop_map(|parts| parts.concat())
}

fn unit() -> impl Strategy<Value = TranslationUnit> {
    (
        1usize..1_000_000,
        text(),
        text(),
        text(),
        proptest::option::of(0u32..=1000),
        proptest::option::of((0usize..4, 0usize..4)),
        proptest::collection::vec(0usize..500, 0..3),
        proptest::collection::vec(0usize..500, 0..3),
        prop_oneof![Just(Status::Unreviewed), Just(Status::Ok)],
        prop_oneof![Just(String::new()), text()],
        proptest::option::of((any::<u64>(), 1usize..1000)),
    )
        .prop_map(
            |(id, document, en, es, score, kind, en_sentences, es_sentences, status, note, origin)| {
                TranslationUnit {
                    id,
                    origin: origin.map(|(fingerprint, of)| Origin { fingerprint, of }),
                    kept: None,
                    document,
                    source: en,
                    target: es,
                    score: score.map(|s| f64::from(s) / 1000.0),
                    kind: kind.map(|(en, es)| BeadKind { source: en, target: es }),
                    source_sentences: en_sentences,
                    target_sentences: es_sentences,
                    status,
                    note,
                }
            },
        )
}

fn through_csv(
    units: &[TranslationUnit],
    languages: &Languages,
    options: csv::Options,
) -> Vec<TranslationUnit> {
    let mut out = Vec::new();
    let mut w = csv::Writer::new(&mut out, languages, options).unwrap();
    for u in units {
        w.write_unit(u).unwrap();
    }
    w.finish().unwrap();
    csv::read_bytes(&out, Path::new("p.csv"), Some(languages)).unwrap().units
}

fn through_tmx(units: &[TranslationUnit], languages: &Languages) -> Vec<TranslationUnit> {
    let header =
        Header { languages: languages.clone(), creation_date: "20260101T000000Z".into(), kept: None };
    let mut out = Vec::new();
    let mut w = tmx::Writer::new(&mut out, &header).unwrap();
    for u in units {
        w.write_unit(u).unwrap();
    }
    w.finish().unwrap();
    tmx::Reader::new(out.as_slice(), Path::new("p.tmx"), InlineTags::Keep)
        .enumerate()
        .map(|(k, u)| u.unwrap().to_translation_unit(languages, k + 1).unwrap())
        // What a TMX held beyond the unit's fields is kept for writing it back; compared here are the fields.
        .map(|u| TranslationUnit { kept: None, ..u })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn csv_then_tmx_gives_back_the_same_units(units in proptest::collection::vec(unit(), 1..6), semicolon: bool, bom: bool) {
        let languages = Languages { source: "en-US".into(), target: "es".into() };
        let options = csv::Options { delimiter: if semicolon { b';' } else { b',' }, bom, ..csv::Options::default() };
        // Ids are unique within a document (the reader gives a repeated one a fresh number), and a bead
        // type follows the text (a side given text counts a sentence).
        let units: Vec<TranslationUnit> = units
            .into_iter()
            .enumerate()
            .map(|(k, u)| TranslationUnit { id: u.id * 10 + k, kind: u.kind_after_edits(), ..u })
            .collect();
        let from_csv = through_csv(&units, &languages, options);
        prop_assert_eq!(&from_csv, &units);
        let from_tmx = through_tmx(&from_csv, &languages);
        // A side of only white space is no translation, and an unreviewed unit under the default
        // threshold no sure one: such units stay in the CSV, not in the TMX.
        let pairs: Vec<TranslationUnit> = units.iter().filter(|u| u.is_translation()).cloned().collect();
        prop_assert_eq!(&from_tmx, &pairs);
    }
}

#[test]
fn carriage_returns_survive_the_tmx() {
    let languages = Languages::default();
    let unit = TranslationUnit {
        id: 1,
        source: "a\r\nb\rc".into(),
        target: "x\r".into(),
        ..TranslationUnit::default()
    };
    assert_eq!(through_tmx(std::slice::from_ref(&unit), &languages), [unit]);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Whatever the bytes, the readers return units or errors; they never panic.
    #[test]
    fn readers_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400), prefix in 0usize..4) {
        let heads: [&[u8]; 4] = [b"", b"<tmx version=\"1.4\"><body><tu><tuv xml:lang=\"en\"><seg>", b"\xEF\xBB\xBFid,en,es\n", b"en;es;status\n"];
        let input: Vec<u8> = [heads[prefix], &bytes].concat();
        let tmx: Vec<_> = tmx::Reader::new(input.as_slice(), Path::new("f.tmx"), InlineTags::Strip).take(50).collect();
        let _ = tmx;
        let _ = csv::read_bytes(&input, Path::new("f.csv"), Some(&Languages::default()));
        let _ = csv::read_bytes(&input, Path::new("f.csv"), None);
    }
}

/// An edition: sentences of any characters (control characters and lone marks included), some
/// paragraphs, sometimes nothing at all.
fn edition() -> impl Strategy<Value = String> {
    let sentence = prop_oneof![
        "[A-Za-zñé]{1,10}( [a-z0-9]{1,8}){0,12}[.?!]",
        "[\\PC]{1,12}",
        any::<String>(),
        Just("\u{1}\u{7}.".to_string()),
        Just("\u{1}\u{2}".to_string()),
        Just("\u{FEFF}\u{200B}".to_string()),
        Just("• ".to_string()),
        Just("\"".to_string()),
    ];
    let separator = prop_oneof![Just(" "), Just("\n"), Just("\n\n")];
    proptest::collection::vec((sentence, separator), 0..25)
        .prop_map(|parts| parts.into_iter().map(|(s, sep)| s + sep).collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Whatever the editions, the memory written holds only units with text on both sides, and the
    /// beads behind it cover every sentence once.
    #[test]
    fn the_memory_never_holds_a_unit_with_an_empty_side(en in edition(), es in edition()) {
        use alinea::{align, memory, segment};
        let en = segment::segment(&en, segment::Language::English);
        let es = segment::segment(&es, segment::Language::Spanish);
        let alignment = align::align(&en, &es, &align::Params::default());
        let units = memory::units("p", &en, &es, &alignment);
        let languages = Languages::default();
        let header = Header::new(languages.clone(), std::time::UNIX_EPOCH);
        let mut writer = tmx::Writer::new(Vec::new(), &header).unwrap();
        for unit in &units {
            writer.write_unit(unit).unwrap();
        }
        let out = writer.finish().unwrap();
        let mut read = 0;
        for unit in tmx::Reader::new(out.as_slice(), Path::new("p.tmx"), InlineTags::Keep) {
            let unit = unit.unwrap().to_translation_unit(&languages, 0).unwrap();
            prop_assert!(!unit.source.trim().is_empty() && !unit.target.trim().is_empty(), "{:?}", unit);
            read += 1;
        }
        let pairs = alignment.beads.iter().filter(|b| b.is_pair()).count();
        prop_assert!(read <= pairs);
    }
}
