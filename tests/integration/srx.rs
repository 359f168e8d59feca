//! SRX: the real rule files of Okapi (Apache-2.0, copied in `tests/data/srx`), OmegaT (GPL) and
//! LanguageTool (LGPL) (read from `../shared`, in the tests marked as needing it), and alinea's own
//! rules exported as SRX.

use std::path::{Path, PathBuf};

use alinea::segment::srx::Srx;

use crate::util::{alinea, read, sample};

/// A rule file of `../shared/segmentation/srx` (for the tests marked as needing `../shared`).
fn shared_srx(name: &str) -> PathBuf {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/segmentation/srx").join(name);
    assert!(path.is_file(), "{} is absent: it sits beside the checkout in CI", path.display());
    path
}

fn okapi_srx() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/srx/okapi-defaultSegmentation.srx")
}

fn split(srx: &Srx, lang: &str, text: &str) -> Vec<String> {
    srx.for_language(lang).split(text).into_iter().map(|r| text[r].to_string()).collect()
}

#[test]
fn okapis_rules_compile_completely() {
    let srx = Srx::from_path(&okapi_srx()).unwrap();
    assert_eq!(srx.rule_count(), 10);
    assert!(srx.problems().is_empty(), "{:#?}", srx.problems());
}

#[test]
#[ignore = "needs ../shared"]
fn omegat_and_languagetool_rules_compile_completely() {
    for (name, rules) in [
        ("omegat-defaultRules.srx", 2772),
        // 1,549 <rule> elements; one more `<rule` stands in a comment.
        ("languagetool-segment.srx", 1549),
    ] {
        let path = shared_srx(name);
        let srx = Srx::from_path(&path).unwrap();
        assert_eq!(srx.rule_count(), rules, "{name}");
        assert!(srx.problems().is_empty(), "{name}: {:#?}", srx.problems());
    }
}

#[test]
#[ignore = "needs ../shared"]
fn omegat_rules_segment_as_they_say() {
    let path = shared_srx("omegat-defaultRules.srx");
    let srx = Srx::from_path(&path).unwrap();
    // English: "Mr." and "e.g." are exceptions; a period before a capital breaks.
    assert_eq!(
        split(&srx, "EN-US", "Mr. Smith arrived, e.g. today. He left."),
        ["Mr. Smith arrived, e.g. today.", "He left."]
    );
    // Spanish: "Sr." is an exception.
    assert_eq!(split(&srx, "es", "El Sr. Pérez llegó. Se fue."), ["El Sr. Pérez llegó.", "Se fue."]);
    // The rw895 English edition cut by alinea's SRX engine with these rules: 111 segments. A regression
    // figure for the engine (not checked against OmegaT itself, which is not run here).
    let text = read(&sample("en.txt"));
    let out = alinea()
        .args(["segment", "--lang", "en", "--srx"])
        .arg(&path)
        .arg(sample("en.txt"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let segments = String::from_utf8(out.stdout).unwrap().lines().filter(|l| !l.trim().is_empty()).count();
    assert_eq!(segments, 111, "{}", text.len());
}

#[test]
#[ignore = "needs ../shared"]
fn languagetool_rules_segment_as_they_say() {
    let srx = Srx::from_path(&shared_srx("languagetool-segment.srx")).unwrap();
    assert_eq!(split(&srx, "en", "Dr. Watson came. Then he left."), ["Dr. Watson came.", "Then he left."]);
}

#[test]
fn okapi_rules_segment_as_they_say() {
    {
        let srx = Srx::from_path(&okapi_srx()).unwrap();
        // Okapi's default: "Mr." before a capital does not break; "U.S." before a lower-case word
        // does not; a period before a capital does.
        assert_eq!(
            split(&srx, "en", "Mr. Holmes is from the U.K. not the U.S. Is Dr. Watson there?"),
            ["Mr. Holmes is from the U.K. not the U.S.", "Is Dr. Watson there?"]
        );
    }
}

#[test]
fn a_broken_pattern_is_reported_and_the_rule_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.srx");
    std::fs::write(
        &path,
        r#"<srx version="2.0"><header cascade="no"/><body><languagerules><languagerule languagerulename="X">
<rule><beforebreak>[.</beforebreak><afterbreak>\s</afterbreak></rule>
<rule><beforebreak>\.</beforebreak><afterbreak>\s</afterbreak></rule>
</languagerule></languagerules><maprules><languagemap languagepattern=".*" languagerulename="X"/></maprules></body></srx>"#,
    )
    .unwrap();
    alinea()
        .args(["segment", "--lang", "en", "--srx"])
        .arg(&path)
        .write_stdin("One. Two.")
        .assert()
        .success()
        .stdout("One.\nTwo.\n")
        .stderr(predicates::str::contains("line 2, rule 1 of \"X\": beforebreak \"[.\" does not compile"));
}

#[test]
fn exported_rules_load_and_follow_alineas_own_segmentation() {
    let out = alinea().args(["segment", "--export-srx"]).output().unwrap();
    assert!(out.status.success());
    let srx = Srx::parse(&String::from_utf8(out.stdout).unwrap(), Path::new("alinea.srx")).unwrap();
    assert!(srx.problems().is_empty(), "{:#?}", srx.problems());
    // An approximation of the segmenter (no layout, no quotation context): most sentences agree.
    for lang in ["en", "es"] {
        let text = read(&sample(&format!("{lang}.txt")));
        let own: Vec<String> = alinea::segment::segment(&text, lang.parse().unwrap())
            .into_iter()
            .map(|s| s.text.into_owned())
            .collect();
        let exported: std::collections::HashSet<String> =
            alinea::segment::segment_with_srx(&text, &srx.for_language(lang))
                .into_iter()
                .map(|s| s.text.into_owned())
                .collect();
        let same = own.iter().filter(|s| exported.contains(*s)).count() as f64 / own.len() as f64;
        assert!(same >= 0.9, "{lang}: {same:.3} of alinea's sentences");
    }
}

#[test]
fn align_with_srx_uses_those_segments() {
    let path = okapi_srx();
    let count = |lang: &str| {
        let out = alinea()
            .args(["segment", "--lang", lang, "--srx"])
            .arg(&path)
            .arg(sample(&format!("{lang}.txt")))
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap().lines().filter(|l| !l.trim().is_empty()).count()
    };
    let (en, es) = (count("en"), count("es"));
    let dir = crate::util::workspace();
    alinea()
        .current_dir(dir.path())
        .arg("align")
        .arg("--srx")
        .arg(&path)
        .assert()
        .success()
        .stdout(predicates::str::is_match(format!(r"(?m)^rw895-peru +{en} +{es} ")).unwrap());
}

#[test]
fn a_rule_that_backtracks_without_end_is_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    let srx = r#"<?xml version="1.0"?>
<srx xmlns="http://www.lisa.org/srx20" version="2.0"><header cascade="yes"/><body>
<languagerules><languagerule languagerulename="Default">
<rule><beforebreak>(a|a)*\1c</beforebreak></rule>
<rule><beforebreak>[.?!]+</beforebreak><afterbreak>\s+\p{Lu}</afterbreak></rule>
</languagerule></languagerules>
<maprules><languagemap languagepattern=".*" languagerulename="Default"/></maprules>
</body></srx>"#;
    std::fs::write(dir.path().join("bt.srx"), srx).unwrap();
    std::fs::write(dir.path().join("t.txt"), format!("{}. Done. Fine.", "a".repeat(40))).unwrap();
    let out = crate::util::alinea()
        .current_dir(dir.path())
        .args(["segment", "--lang", "en", "--srx", "bt.srx", "t.txt"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(String::from_utf8(out.stdout).unwrap().lines().count(), 3, "the other rules still apply");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr
            .contains("t.txt: 1 match(es) of the SRX rules went past the regex engine's backtracking limit"),
        "{stderr}"
    );
}
