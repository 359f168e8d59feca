//! Errors and usage: one clear line naming the file, exit code 1 for errors and 2 for usage.

use predicates::prelude::*;

use crate::util::{alinea, sample, workspace};

#[test]
fn missing_file_is_named() {
    alinea()
        .args(["align", "no/such/en.txt"])
        .arg(sample("es.txt"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no/such/en.txt"));
}

#[test]
fn non_utf8_input_names_the_file_and_offset() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("latin1.txt");
    std::fs::write(&bad, b"Per\xfa es un pa\xeds.").unwrap();
    alinea()
        .args(["segment", "--lang", "es"])
        .arg(&bad)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("latin1.txt: not valid UTF-8 at byte 3"));
}

#[test]
fn usage_errors_exit_with_2() {
    alinea().args(["segment", "--lang", "f r"]).assert().code(2).stderr(predicate::str::contains("f r"));
    alinea().args(["align", "--input", "html"]).assert().code(2);
    alinea().assert().code(2);
}

#[test]
fn one_edition_only_is_an_error() {
    alinea()
        .args(["align"])
        .arg(sample("en.txt"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("both editions"));
}

#[test]
fn folders_without_pairs_say_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("en")).unwrap();
    std::fs::create_dir(dir.path().join("es")).unwrap();
    std::fs::write(dir.path().join("en/a.txt"), "One.").unwrap();
    std::fs::write(dir.path().join("es/b.txt"), "Uno.").unwrap();
    alinea()
        .current_dir(dir.path())
        .arg("align")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("same-named file"));
}

#[test]
fn a_file_without_partner_is_reported_and_the_rest_aligned() {
    let dir = workspace();
    std::fs::write(dir.path().join("en/orphan.txt"), "Alone.").unwrap();
    alinea()
        .current_dir(dir.path())
        .args(["align", "en", "es", "-o", "out"])
        .assert()
        .success()
        .stderr(predicate::str::contains("orphan.txt has no partner"));
    assert!(dir.path().join("out/rw895-peru.tmx").is_file());
    assert!(!dir.path().join("out/orphan.tmx").exists());
}

#[test]
fn beads_need_one_pair() {
    let dir = workspace();
    alinea()
        .current_dir(dir.path())
        .args(["align", "--beads"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("[0]:[0]\n"));
    std::fs::write(dir.path().join("en/b.txt"), "One.").unwrap();
    std::fs::write(dir.path().join("es/b.txt"), "Uno.").unwrap();
    alinea()
        .current_dir(dir.path())
        .args(["align", "--beads"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("one pair of files"));
}

#[test]
fn empty_editions_give_an_empty_memory() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("en.txt"), "").unwrap();
    std::fs::write(dir.path().join("es.txt"), "\n\n").unwrap();
    alinea().current_dir(dir.path()).args(["align", "en.txt", "es.txt", "-o", "m"]).assert().success();
    let tmx = std::fs::read_to_string(dir.path().join("m/en.tmx")).unwrap();
    assert!(tmx.contains("<body>") && !tmx.contains("<tu "));
}

#[test]
fn help_has_examples() {
    alinea().args(["align", "--help"]).assert().success().stdout(predicate::str::contains("Examples:"));
    alinea().args(["segment", "--help"]).assert().success().stdout(predicate::str::contains("Examples:"));
}
