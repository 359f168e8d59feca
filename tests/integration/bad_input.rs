//! Bad input through the binary: each case ends with one clear line and exit code 1, or a documented
//! graceful result, never a panic or a half-written memory.

use predicates::prelude::*;

use crate::util::{alinea, sample};

fn no_panic(out: &std::process::Output) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"), "{stderr}");
}

#[test]
fn one_edition_empty_gives_a_memory_of_no_units() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("es.txt"), "").unwrap();
    let out = alinea()
        .current_dir(dir.path())
        .arg("align")
        .arg(sample("en.txt"))
        .arg("es.txt")
        .args(["-o", "m"])
        .output()
        .unwrap();
    no_panic(&out);
    assert!(out.status.success());
    let tmx = std::fs::read_to_string(dir.path().join("m/en.tmx")).unwrap();
    assert!(!tmx.contains("<tu "), "no translation unit without a Spanish side");
    let csv = std::fs::read_to_string(dir.path().join("m/en.csv")).unwrap();
    assert_eq!(
        csv.lines().filter(|l| l.contains(",1-0,")).count(),
        90,
        "every English sentence listed as dropped"
    );
}

#[test]
fn one_edition_ten_times_longer() {
    let dir = tempfile::tempdir().unwrap();
    let long: String = (0..10).map(|_| std::fs::read_to_string(sample("es.txt")).unwrap() + "\n\n").collect();
    std::fs::write(dir.path().join("es.txt"), long).unwrap();
    let out = alinea()
        .current_dir(dir.path())
        .arg("align")
        .arg(sample("en.txt"))
        .arg("es.txt")
        .args(["-o", "m"])
        .output()
        .unwrap();
    no_panic(&out);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn a_very_long_line_is_segmented() {
    // A 2 MB single line without any sentence end: one sentence, no panic, no quadratic blow-up.
    let dir = tempfile::tempdir().unwrap();
    let line = "word ".repeat(400_000);
    std::fs::write(dir.path().join("long.txt"), &line).unwrap();
    let out = alinea().args(["segment", "--lang", "en"]).arg(dir.path().join("long.txt")).output().unwrap();
    no_panic(&out);
    assert!(out.status.success());
    assert_eq!(String::from_utf8(out.stdout).unwrap().lines().count(), 1);
}

#[test]
fn empty_folders_say_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("en")).unwrap();
    std::fs::create_dir(dir.path().join("es")).unwrap();
    alinea()
        .current_dir(dir.path())
        .arg("align")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("same-named file"));
    // No en/ at all: the error names the folder.
    let empty = tempfile::tempdir().unwrap();
    alinea().current_dir(empty.path()).arg("align").assert().code(1).stderr(predicate::str::contains("en"));
}

#[test]
fn an_output_folder_that_cannot_be_written() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("taken"), "a file, not a folder").unwrap();
    let out = alinea()
        .current_dir(dir.path())
        .arg("align")
        .arg(sample("en.txt"))
        .arg(sample("es.txt"))
        .args(["-o", "taken/memory"])
        .output()
        .unwrap();
    no_panic(&out);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("taken/memory") && stderr.lines().count() <= 2, "{stderr}");
}

#[test]
fn review_csv_defects_are_named() {
    let dir = tempfile::tempdir().unwrap();
    for (name, content, expected) in [
        ("unclosed.csv", "en,es\n\"Hello,Hola\n", "unclosed.csv:"),
        ("missing.csv", "id,en\n1,Hello\n", "no column named \"es\""),
        ("status.csv", "en,es,status\nHello,Hola,maybe\n", "status \"maybe\""),
    ] {
        std::fs::write(dir.path().join(name), content).unwrap();
        let out = alinea().current_dir(dir.path()).args(["build", name, "-o", "m.tmx"]).output().unwrap();
        no_panic(&out);
        assert_eq!(out.status.code(), Some(1), "{name}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains(expected),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(!dir.path().join("m.tmx").exists(), "{name}: no partial memory");
    }
    // Extra columns are ignored (documented).
    std::fs::write(dir.path().join("extra.csv"), "en,es,comment\nHello,Hola,fine\n").unwrap();
    alinea().current_dir(dir.path()).args(["build", "extra.csv", "-o", "m.tmx"]).assert().success();
}

#[test]
fn tmx_defects_are_named_and_entities_never_expanded() {
    let dir = tempfile::tempdir().unwrap();
    let bomb = format!(
        "<?xml version=\"1.0\"?><!DOCTYPE tmx [<!ENTITY a \"{}\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]>\
         <tmx version=\"1.4\"><header/><body><tu><tuv xml:lang=\"en\"><seg>&b;</seg></tuv><tuv xml:lang=\"es\"><seg>x</seg></tuv></tu></body></tmx>",
        "a".repeat(100)
    );
    for (name, content, expected) in [
        (
            "broken.tmx",
            "<tmx version=\"1.4\"><body><tu><tuv xml:lang=\"en\"><seg>x</tu>".to_string(),
            "not well-formed",
        ),
        (
            "nolang.tmx",
            "<tmx version=\"1.4\"><body><tu><tuv><seg>x</seg></tuv></tu></body></tmx>".to_string(),
            "no xml:lang",
        ),
        ("bomb.tmx", bomb, "does not expand entities"),
        ("notxml.tmx", "just some words".to_string(), "not a TMX file"),
    ] {
        std::fs::write(dir.path().join(name), content).unwrap();
        let out = alinea().current_dir(dir.path()).args(["build", name, "-o", "m.tsv"]).output().unwrap();
        no_panic(&out);
        assert_eq!(out.status.code(), Some(1), "{name}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains(expected),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // A TMX without a body is an empty memory.
    std::fs::write(dir.path().join("nobody.tmx"), "<tmx version=\"1.4\"><header/></tmx>").unwrap();
    alinea()
        .current_dir(dir.path())
        .args(["build", "nobody.tmx", "-o", "m.tsv"])
        .assert()
        .success()
        .stderr(predicate::str::contains("0 units read"));
}
