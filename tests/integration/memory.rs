//! `alinea align` end to end on the bundled editions: the TMX and the CSV it writes.

use std::collections::HashSet;
use std::path::Path;

use quick_xml::XmlVersion;
use quick_xml::events::Event;

use crate::util::{alinea, assert_valid_tmx, fold, read, sample, workspace};

/// Runs the README's main command in a fresh copy of the repository's `en/` and `es/`.
fn run_align() -> tempfile::TempDir {
    let dir = workspace();
    alinea().current_dir(dir.path()).arg("align").assert().success();
    assert!(dir.path().join("memory/rw895-peru.tmx").is_file());
    assert!(dir.path().join("memory/rw895-peru.csv").is_file());
    dir
}

/// (name, value) of an attribute, or (language, text) of a `<seg>`.
type Pairs = Vec<(String, String)>;

/// Parses a whole XML document; returns the attributes of `<header>` and the `<seg>` texts of each `<tu>`.
fn parse_tmx(path: &Path) -> (Pairs, Vec<Pairs>) {
    let text = read(path);
    let mut reader = quick_xml::Reader::from_str(&text);
    let mut header = Vec::new();
    let mut units: Vec<Pairs> = Vec::new();
    let mut lang = String::new();
    let mut in_seg = false;
    loop {
        match reader.read_event().unwrap_or_else(|e| panic!("{} is not well-formed: {e}", path.display())) {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == "header" => {
                for a in e.attributes() {
                    let a = a.unwrap();
                    header.push((
                        a.key.as_ref().to_string(),
                        a.normalized_value(XmlVersion::Explicit1_0).unwrap().into_owned(),
                    ));
                }
            }
            Event::Start(e) if e.name().as_ref() == "tu" => units.push(Vec::new()),
            Event::Start(e) if e.name().as_ref() == "tuv" => {
                let a = e.try_get_attribute("xml:lang").unwrap().expect("every tuv has xml:lang");
                lang = a.normalized_value(XmlVersion::Explicit1_0).unwrap().into_owned();
            }
            Event::Start(e) if e.name().as_ref() == "seg" => in_seg = true,
            Event::End(e) if e.name().as_ref() == "seg" => in_seg = false,
            Event::Text(t) if in_seg => {
                let text = t.xml10_content().into_owned();
                match units.last_mut().unwrap().last_mut() {
                    Some((l, seg)) if *l == lang => seg.push_str(&text),
                    _ => units.last_mut().unwrap().push((lang.clone(), text)),
                }
            }
            Event::GeneralRef(r) if in_seg => {
                let resolved = match r.resolve_char_ref().unwrap() {
                    Some(c) => c.to_string(),
                    None => {
                        let name = r.xml10_content();
                        quick_xml::escape::resolve_xml_entity(&name)
                            .unwrap_or_else(|| panic!("unknown entity {name}"))
                            .to_string()
                    }
                };
                match units.last_mut().unwrap().last_mut() {
                    Some((l, seg)) if *l == lang => seg.push_str(&resolved),
                    _ => units.last_mut().unwrap().push((lang.clone(), resolved)),
                }
            }
            _ => {}
        }
    }
    (header, units)
}

fn gold_units() -> HashSet<(String, String)> {
    read(&sample("gold.tsv"))
        .lines()
        .filter_map(|l| l.split_once('\t'))
        .map(|(en, es)| (fold(en), fold(es)))
        .collect()
}

#[test]
fn tmx_is_well_formed_with_every_header_attribute() {
    let dir = run_align();
    let (header, units) = parse_tmx(&dir.path().join("memory/rw895-peru.tmx"));
    for required in
        ["creationtool", "creationtoolversion", "segtype", "o-tmf", "adminlang", "srclang", "datatype"]
    {
        assert!(
            header.iter().any(|(k, v)| k == required && !v.is_empty()),
            "header lacks {required}: {header:?}"
        );
    }
    assert!(header.contains(&("segtype".into(), "sentence".into())));
    assert!(header.contains(&("datatype".into(), "plaintext".into())));
    assert!(header.contains(&("creationdate".into(), "20231114T221320Z".into())), "{header:?}");
    for unit in &units {
        let langs: Vec<&str> = unit.iter().map(|(l, _)| l.as_str()).collect();
        assert_eq!(langs, ["en", "es"]);
        assert!(unit.iter().all(|(_, text)| !text.trim().is_empty()), "no unit has an empty side: {unit:?}");
    }
}

#[test]
fn tmx_is_valid_against_the_tmx14_dtd() {
    let dir = run_align();
    assert_valid_tmx(&dir.path().join("memory/rw895-peru.tmx"));
}

#[test]
fn memory_units_match_the_gold_units() {
    let dir = run_align();
    let (_, units) = parse_tmx(&dir.path().join("memory/rw895-peru.tmx"));
    let memory: HashSet<(String, String)> = units.iter().map(|u| (fold(&u[0].1), fold(&u[1].1))).collect();
    let gold = gold_units();
    let common = memory.intersection(&gold).count() as f64;
    let recall = common / gold.len() as f64;
    let precision = common / memory.len() as f64;
    assert!(recall >= 0.9, "{recall:.3} of the gold units are in the memory");
    assert!(precision >= 0.9, "{precision:.3} of the memory's units are in the gold");
}

#[test]
fn csv_has_the_review_columns_and_keeps_accents_and_dropped_sentences() {
    let dir = run_align();
    let mut reader = csv::Reader::from_path(dir.path().join("memory/rw895-peru.csv")).unwrap();
    let headers = reader.headers().unwrap().clone();
    assert_eq!(
        headers.iter().collect::<Vec<_>>(),
        [
            "id",
            "document",
            "score",
            "bead",
            "en",
            "es",
            "en_sentences",
            "es_sentences",
            "status",
            "note",
            "memory",
            "aligned"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert!(rows.iter().any(|r| r[5].contains("¡Fuera las manos de Estados Unidos del Perú!")));
    assert!(rows.iter().all(|r| &r[1] == "rw895-peru"));
    // Every sentence of both editions appears once, in order, empty-sided beads included.
    let (mut en, mut es) = (0, 0);
    for r in &rows {
        let score: f64 = r[2].parse().unwrap();
        assert!((0.0..=1.0).contains(&score));
        for (column, next) in [(6, &mut en), (7, &mut es)] {
            for index in r[column].split(' ').filter(|s| !s.is_empty()) {
                assert_eq!(index.parse::<usize>().unwrap(), *next, "row {:?}", r);
                *next += 1;
            }
        }
    }
    assert_eq!((en, es), (90, 90));
    let (_, units) = parse_tmx(&dir.path().join("memory/rw895-peru.tmx"));
    let pairs = rows.iter().filter(|r| !r[4].is_empty() && !r[5].is_empty()).count();
    assert_eq!(units.len(), pairs, "the TMX holds exactly the rows with both sides");
}

#[test]
fn a_failed_run_leaves_an_existing_memory_untouched() {
    let dir = run_align();
    let tmx = dir.path().join("memory/rw895-peru.tmx");
    let before = read(&tmx);
    std::fs::write(dir.path().join("es/rw895-peru.txt"), b"\x00\x01\x02 not text").unwrap();
    alinea().current_dir(dir.path()).arg("align").assert().failure();
    assert_eq!(read(&tmx), before);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path().join("memory"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn html_editions_align_like_the_text_editions() {
    let dir = tempfile::tempdir().unwrap();
    for lang in ["en", "es"] {
        std::fs::create_dir(dir.path().join(lang)).unwrap();
        std::fs::copy(sample(&format!("{lang}.html")), dir.path().join(lang).join("rw895-peru.html"))
            .unwrap();
    }
    std::fs::write(dir.path().join("en/orphan.html"), "<p>No Spanish edition.</p>").unwrap();
    alinea()
        .current_dir(dir.path())
        .args(["align", "-o", "html"])
        .assert()
        .success()
        .stderr(predicates::str::contains("orphan.html has no partner; skipped"));
    let text = workspace();
    alinea().current_dir(text.path()).args(["align", "-o", "text"]).assert().success();
    let (_, from_html) = parse_tmx(&dir.path().join("html/rw895-peru.tmx"));
    let (_, from_text) = parse_tmx(&text.path().join("text/rw895-peru.tmx"));
    assert_eq!(from_html, from_text);
}

#[test]
fn review_page_is_self_contained_and_shows_every_bead() {
    let dir = run_align();
    alinea().current_dir(dir.path()).args(["align", "-q", "--report", "review.html"]).assert().success();
    let page = read(&dir.path().join("review.html"));
    assert!(page.starts_with("<!DOCTYPE html>"));
    for external in ["<script", "src=", "http:", "https:", "<link"] {
        assert!(!page.contains(external), "the page refers to {external}");
    }
    // One row per bead of the CSV, the dropped sentence listed, accents intact.
    let csv_rows = read(&dir.path().join("memory/rw895-peru.csv")).lines().count() - 1;
    assert_eq!(page.matches("<tr class=\"").count(), csv_rows);
    assert!(
        page.contains("Without counterpart:")
            && page.contains("¡Fuera las manos de Estados Unidos del Perú!")
    );
}

#[test]
fn review_page_has_a_table_of_contents_and_numbers_sentences() {
    let dir = workspace();
    for (lang, file) in [("en", "en.txt"), ("es", "es.txt")] {
        for name in ["peru", "lima"] {
            std::fs::create_dir_all(dir.path().join("docs").join(name)).unwrap();
            std::fs::copy(
                dir.path().join(lang).join("rw895-peru.txt"),
                dir.path().join("docs").join(name).join(file),
            )
            .unwrap();
        }
    }
    let list = "peru/en.txt\tperu/es.txt\nlima/en.txt\tlima/es.txt\n";
    std::fs::write(dir.path().join("docs/pairs.tsv"), list).unwrap();
    alinea()
        .current_dir(dir.path())
        .args(["align", "-q", "--pairs", "docs/pairs.tsv", "-o", "m", "--report", "review.html"])
        .assert()
        .success();
    // Files named by their language take their folder's name.
    assert!(dir.path().join("m/peru.csv").is_file() && dir.path().join("m/lima.tmx").is_file());
    let page = read(&dir.path().join("review.html"));
    let toc = page
        .split("<nav class=\"toc\">")
        .nth(1)
        .expect("a table of contents")
        .split("</nav>")
        .next()
        .unwrap();
    assert!(toc.contains("<a href=\"#d0\">peru</a>") && toc.contains("<a href=\"#d1\">lima</a>"), "{toc}");
    assert!(page.contains("<h2 id=\"d1\">lima</h2>"));
    // Sentences by their number in the edition, as the without-counterpart list links them.
    assert!(page.contains("<span class=\"s\">sentence 1</span> U.S. Hands Off Peru!"));
    assert!(page.contains("<span class=\"s\">sentences 6–7</span>"));
    assert!(page.contains(">en sentence "));
}
