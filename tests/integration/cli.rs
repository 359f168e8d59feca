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
fn legacy_and_utf16_editions_are_decoded() {
    let dir = tempfile::tempdir().unwrap();
    let latin1 = dir.path().join("latin1.txt");
    std::fs::write(&latin1, b"\xbfQui\xe9n gan\xf3? El Per\xfa.").unwrap();
    alinea()
        .args(["segment", "--lang", "es"])
        .arg(&latin1)
        .assert()
        .success()
        .stdout("¿Quién ganó?\nEl Perú.\n");
    let utf16: Vec<u8> =
        [0xFF, 0xFE].into_iter().chain("Hola. Adiós.".encode_utf16().flat_map(u16::to_le_bytes)).collect();
    let path = dir.path().join("utf16.txt");
    std::fs::write(&path, utf16).unwrap();
    alinea().args(["segment", "--lang", "es"]).arg(&path).assert().success().stdout("Hola.\nAdiós.\n");
    let no_bom: Vec<u8> = "Hola. Adiós.".encode_utf16().flat_map(u16::to_be_bytes).collect();
    std::fs::write(&path, no_bom).unwrap();
    alinea().args(["segment", "--lang", "es"]).arg(&path).assert().success().stdout("Hola.\nAdiós.\n");
}

#[test]
fn binary_input_and_a_wrong_forced_encoding_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let bin = dir.path().join("image.png");
    std::fs::write(&bin, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR").unwrap();
    alinea()
        .args(["segment", "--lang", "en"])
        .arg(&bin)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("image.png: looks like binary data"));
    let latin1 = dir.path().join("latin1.txt");
    std::fs::write(&latin1, b"Per\xfa es un pa\xeds.").unwrap();
    alinea().args(["segment", "--lang", "es", "--encoding", "utf-8"]).arg(&latin1).assert().code(1).stderr(
        predicate::str::contains("latin1.txt: not valid UTF-8: first bad byte at byte 3 (line 1, column 4)"),
    );
    alinea().args(["segment", "--lang", "es", "--encoding", "klingon"]).arg(&latin1).assert().code(2);
}

#[test]
fn usage_errors_exit_with_2() {
    alinea().args(["segment", "--lang", "f r"]).assert().code(2).stderr(predicate::str::contains("f r"));
    alinea().args(["align", "--input", "rtf"]).assert().code(2);
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

#[test]
fn folders_pair_by_name_whatever_the_extension_and_language_suffix() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("en")).unwrap();
    std::fs::create_dir(dir.path().join("es")).unwrap();
    std::fs::copy(sample("en.html"), dir.path().join("en/rw895-peru.htm")).unwrap();
    std::fs::copy(sample("es.txt"), dir.path().join("es/rw895-peru_s.txt")).unwrap();
    std::fs::write(dir.path().join("es/other-es.txt"), "Sola.").unwrap();
    alinea()
        .current_dir(dir.path())
        .arg("align")
        .assert()
        .success()
        .stderr(predicate::str::contains("other-es.txt has no partner"))
        .stdout(predicate::str::is_match(r"(?m)^rw895-peru +90 +90 ").unwrap());
    assert!(dir.path().join("memory/rw895-peru.tmx").is_file());
}

#[test]
fn folder_runs_summarise_and_merge() {
    let dir = tempfile::tempdir().unwrap();
    for lang in ["en", "es"] {
        std::fs::create_dir(dir.path().join(lang)).unwrap();
        for name in ["a", "b", "c"] {
            std::fs::copy(sample(&format!("{lang}.txt")), dir.path().join(lang).join(format!("{name}.txt")))
                .unwrap();
        }
    }
    // One pair that cannot be read: reported, the others still written, exit code 1.
    std::fs::write(dir.path().join("es/c.txt"), b"\x00\x01\x02").unwrap();
    let out = alinea().current_dir(dir.path()).args(["align", "--threads", "2"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stdout.lines().next().unwrap().starts_with("pair"), "{stdout}");
    let rows: Vec<&str> = stdout.lines().filter(|l| l.starts_with("a ") || l.starts_with("b ")).collect();
    assert_eq!(rows.len(), 2, "{stdout}");
    assert!(stdout.contains("total (2 pairs)"), "{stdout}");
    assert!(stdout.contains("merged memory: memory/all.tmx (86 units; 87 duplicates dropped)"), "{stdout}");
    assert!(stderr.contains("c: ") && stderr.contains("binary data"), "{stderr}");
    assert!(stderr.contains("1 of 3 pairs could not be aligned"), "{stderr}");
    assert!(dir.path().join("memory/a.tmx").is_file() && dir.path().join("memory/b.tmx").is_file());
    assert!(!dir.path().join("memory/c.tmx").exists());
    // Quiet: nothing on standard output.
    let out =
        alinea().current_dir(dir.path()).args(["align", "--quiet", "en/a.txt", "es/a.txt"]).output().unwrap();
    assert!(out.status.success() && out.stdout.is_empty());
}

#[test]
fn a_pairing_file_lists_the_pairs() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("ingles")).unwrap();
    std::fs::create_dir(dir.path().join("espanol")).unwrap();
    std::fs::copy(sample("en.txt"), dir.path().join("ingles/peru-hands-off.txt")).unwrap();
    std::fs::copy(sample("es.html"), dir.path().join("espanol/fuera-manos.html")).unwrap();
    std::fs::write(
        dir.path().join("pairs.tsv"),
        "# english\tspanish\ningles/peru-hands-off.txt\tespanol/fuera-manos.html\n",
    )
    .unwrap();
    alinea()
        .current_dir(dir.path())
        .args(["align", "--pairs", "pairs.tsv", "-o", "out"])
        .assert()
        .success()
        .stdout(predicate::str::is_match(r"(?m)^peru-hands-off +90 +90 ").unwrap());
    std::fs::write(dir.path().join("bad.tsv"), "ingles/peru-hands-off.txt\tespanol/missing.txt\n").unwrap();
    alinea()
        .current_dir(dir.path())
        .args(["align", "--pairs", "bad.tsv"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("bad.tsv:1: espanol/missing.txt is not a file"));
}

#[test]
fn two_pairs_of_one_name_are_refused_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    for folder in ["a", "b"] {
        std::fs::create_dir(dir.path().join(folder)).unwrap();
        std::fs::copy(crate::util::sample("en.txt"), dir.path().join(folder).join("peru.en.txt")).unwrap();
        std::fs::copy(crate::util::sample("es.txt"), dir.path().join(folder).join("peru.es.txt")).unwrap();
    }
    std::fs::write(
        dir.path().join("pairs.tsv"),
        "a/peru.en.txt\ta/peru.es.txt\nb/peru.en.txt\tb/peru.es.txt\n",
    )
    .unwrap();
    alinea()
        .current_dir(dir.path())
        .args(["align", "--pairs", "pairs.tsv", "-o", "m"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("two pairs would both write the memory peru.en"));
    assert!(!dir.path().join("m").exists());
}

#[test]
fn a_folder_run_can_learn_word_pairs_from_its_whole_batch() {
    let dir = workspace();
    std::fs::write(
        dir.path().join("en/harvest.txt"),
        "The harvest was poor this year.\n\nFarmers sold the harvest early.\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("es/harvest.txt"),
        "La cosecha fue mala este año.\n\nLos agricultores vendieron pronto la cosecha.\n",
    )
    .unwrap();
    alinea().current_dir(dir.path()).args(["align", "--learn-batch", "-q", "-o", "out"]).assert().success();
    for name in ["rw895-peru", "harvest"] {
        assert!(dir.path().join(format!("out/{name}.tmx")).is_file(), "{name}");
    }
    let csv = std::fs::read_to_string(dir.path().join("out/harvest.csv")).unwrap();
    assert!(csv.contains("Farmers sold the harvest early.") && csv.contains("vendieron pronto"), "{csv}");
    // Word pairs are learned for the anchors: without anchors there is nothing to learn them for.
    alinea()
        .current_dir(dir.path())
        .args(["align", "--learn-batch", "--no-anchors", "-o", "out2"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("--learn-batch"));
    assert!(!dir.path().join("out2").exists());
}
