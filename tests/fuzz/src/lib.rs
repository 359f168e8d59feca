//! What each fuzz target does with its input, and the invariants it checks, shared by the libFuzzer
//! targets (`fuzz_targets/`) and the regression test that replays the inputs they found
//! (`tests/integration/fuzz.rs`, over `tests/data/fuzz/<target>/`).
//!
//! Each function panics only when alinea breaks an invariant (or panics itself): an error returned
//! for bad input is a correct outcome.

use std::path::Path;

use alinea::align::{self, Params};
use alinea::encoding::{self, Encoding};
use alinea::memory::{self, Languages, csv, tmx};
use alinea::segment::{self, Language, Sentence, srx::Srx};

/// What a fuzz target runs on one input.
pub type Target = fn(&[u8]);

/// The fuzz targets, by name, as `cargo fuzz run NAME` knows them.
pub const TARGETS: [(&str, Target); 6] =
    [("segment", segment), ("align", align), ("csv", csv), ("tmx", tmx), ("srx", srx), ("html", html)];

/// Decodes the bytes as an edition file would be (encoding detection, binary refused), then segments
/// them with the language chosen by the first byte, and with `from_lines`.
pub fn segment(data: &[u8]) {
    let Some((&choice, bytes)) = data.split_first() else { return };
    let Ok((text, _)) = encoding::decode(bytes, Path::new("fuzz.txt"), Encoding::Auto) else { return };
    let language = [Language::English, Language::Spanish, Language::Generic][usize::from(choice % 3)];
    check_sentences(&text, &segment::segment(&text, language), segment::is_blank);
    // One sentence a line, as the line numbers of gold files count them: a line of control characters
    // stays a sentence there (the memory leaves it out, see `check_memory`).
    check_sentences(&text, &segment::from_lines(&text), |s| s.trim().is_empty());
}

/// The sentences are in order, without overlap, and leave out nothing but white space and list markers
/// (no text is lost).
fn check_sentences(text: &str, sentences: &[Sentence<'_>], is_blank: fn(&str) -> bool) {
    let mut end = 0;
    let mut paragraph = 0;
    let check_gap = |gap: &str| {
        // Control and invisible characters are no text (see `segment::is_blank`).
        let invisible = |c: char| !matches!(c, '\n' | '\r') && segment::is_blank(c.encode_utf8(&mut [0; 4]));
        let gap: String = gap.chars().map(|c| if invisible(c) { ' ' } else { c }).collect();
        for marker in gap.split(['\n', '\r']).map(str::trim).filter(|m| !m.is_empty()) {
            let probe = format!("{marker} Text");
            assert_eq!(segment::strip_list_marker(&probe), "Text", "text left out: {marker:?}");
        }
    };
    for s in sentences {
        assert!(s.range.start >= end && s.range.start < s.range.end, "{:?} after {end}", s.range);
        check_gap(&text[end..s.range.start]);
        assert!(text.is_char_boundary(s.range.start) && text.is_char_boundary(s.range.end));
        assert!(s.paragraph >= paragraph, "paragraphs out of order");
        assert!(!is_blank(&s.text), "a blank sentence at {:?}", s.range);
        let visible = |t: &str| t.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        assert_eq!(visible(&s.text), visible(&text[s.range.clone()]), "sentence text is not its range");
        end = s.range.end;
        paragraph = s.paragraph;
    }
    check_gap(&text[end..]);
}

/// Splits the input at its first zero byte into an English and a Spanish list of sentences (one per line,
/// blank lines between paragraphs), aligns them with the settings of the first byte, and checks that the
/// beads cover every sentence exactly once, in order, with a score in [0, 1], and that the memory made
/// of them holds no unit with an empty side.
pub fn align(data: &[u8]) {
    let Some((&flags, rest)) = data.split_first() else { return };
    let text = String::from_utf8_lossy(rest);
    let (en, es) = text.split_once('\0').unwrap_or((&text, ""));
    let (en, es) = (segment::from_lines(en), segment::from_lines(es));
    let params = Params {
        anchors: flags & 1 == 0,
        second_pass: flags & 2 != 0,
        band: [24, 1, 3, 8][usize::from(flags >> 2 & 3)],
        lexicon: None,
        ..Params::default()
    };
    let alignment = align::align(&en, &es, &params);
    let (mut i, mut j) = (0, 0);
    for bead in &alignment.beads {
        assert_eq!((bead.source.start, bead.target.start), (i, j), "a gap or an overlap before {bead:?}");
        assert!(!bead.source.is_empty() || !bead.target.is_empty(), "an empty bead");
        assert!(bead.source.len() <= 3 && bead.target.len() <= 3, "a bead too large: {bead:?}");
        assert!((0.0..=1.0).contains(&bead.score), "score out of range: {bead:?}");
        (i, j) = (bead.source.end, bead.target.end);
    }
    assert_eq!((i, j), (en.len(), es.len()), "sentences left out");
    let units = memory::units("fuzz", &en, &es, &alignment);
    assert_eq!(units.len(), alignment.beads.len());
    check_memory(&units);
}

/// Reads the input as a review CSV, then writes its units as TMX (see [`check_memory`]).
pub fn csv(data: &[u8]) {
    let languages = Languages::default();
    let Ok(table) = csv::read_bytes(data, Path::new("fuzz.csv"), Some(&languages)) else { return };
    check_memory(&table.units[..table.units.len().min(1000)]);
}

/// Writes `units` as TMX, which must read back as well-formed TMX holding exactly the translations
/// among them, none with an empty side.
fn check_memory(units: &[memory::TranslationUnit]) {
    let languages = Languages::default();
    let header = tmx::Header::new(languages.clone(), std::time::UNIX_EPOCH);
    let mut writer = tmx::Writer::new(Vec::new(), &header).expect("writing to memory");
    for unit in units {
        writer.write_unit(unit).expect("writing to memory");
    }
    let bytes = writer.finish().expect("writing to memory");
    let read: Vec<_> = tmx::decode(&bytes[..], &bytes, Path::new("fuzz.tmx"), tmx::InlineTags::Keep)
        .expect("alinea's TMX declares UTF-8")
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("alinea wrote TMX it cannot read: {e}"));
    let translations = units.iter().filter(|u| u.is_translation()).count();
    assert_eq!(read.len(), translations, "units written and read back differ");
    for (k, unit) in read.iter().enumerate() {
        let unit = unit.to_translation_unit(&languages, k).expect("both languages");
        assert!(unit.is_pair(), "a unit with an empty side: {unit:?}");
    }
}

/// Reads the input as a TMX file (any encoding) and converts its units.
pub fn tmx(data: &[u8]) {
    let languages = Languages::default();
    let Ok(reader) = tmx::decode(data, data, Path::new("fuzz.tmx"), tmx::InlineTags::Keep) else { return };
    for (k, unit) in reader.take(1000).enumerate() {
        let Ok(unit) = unit else { break };
        let _ = unit.to_translation_unit(&languages, k);
    }
}

/// Splits the input at zero bytes into a `beforebreak` and an `afterbreak` pattern (any text: the Java
/// regex translation and fancy-regex must cope) and a text, makes an SRX file of one no-break rule with
/// them before a plain break rule, and segments the text with it: ranges ordered, disjoint, on char
/// boundaries, never blank.
pub fn srx(data: &[u8]) {
    let input = String::from_utf8_lossy(data);
    let mut parts = input.splitn(3, '\0');
    let (before, after, text) =
        (parts.next().unwrap_or(""), parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let escape = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    let xml = format!(
        r#"<?xml version="1.0"?><srx version="2.0"><header segmentsubflows="yes" cascade="yes"/><body>
<languagerules><languagerule languagerulename="F">
<rule break="no"><beforebreak>{}</beforebreak><afterbreak>{}</afterbreak></rule>
<rule break="yes"><beforebreak>[.?!]</beforebreak><afterbreak>\s</afterbreak></rule>
</languagerule></languagerules>
<maprules><languagemap languagepattern=".*" languagerulename="F"/></maprules></body></srx>"#,
        escape(before),
        escape(after)
    );
    let Ok(srx) = Srx::parse(&xml, Path::new("fuzz.srx")) else { return };
    let rules = srx.for_language("en");
    let mut end = 0;
    for range in rules.split(text) {
        assert!(range.start >= end && range.start < range.end && range.end <= text.len(), "{range:?}");
        assert!(text.is_char_boundary(range.start) && text.is_char_boundary(range.end));
        assert!(!text[range.clone()].trim().is_empty());
        end = range.end;
    }
}

/// Reads the input as an HTML page (any bytes, decoded as an edition would be) and segments the text
/// extracted from it.
pub fn html(data: &[u8]) {
    let Ok((page, _)) = encoding::decode(data, Path::new("fuzz.html"), Encoding::Auto) else { return };
    let text = alinea::html::to_text(&page);
    check_sentences(&text, &segment::segment(&text, Language::English), segment::is_blank);
}
