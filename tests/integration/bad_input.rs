//! Bad input through the binary: each case ends with one clear line and exit code 1, or a documented
//! graceful result, never a panic or a half-written memory.

use predicates::prelude::*;

use std::path::Path;

use crate::util::{alinea, sample};

/// Runs `alinea align` in `dir` on the sample's English edition and `es`, into `dir/m`.
fn align_sample_with(dir: &std::path::Path, es: &str, extra: &[&str]) -> std::process::Output {
    alinea()
        .current_dir(dir)
        .arg("align")
        .arg(sample("en.txt"))
        .arg(es)
        .args(["-o", "m"])
        .args(extra)
        .output()
        .unwrap()
}

fn no_panic(out: &std::process::Output) {
    no_panic_in(&String::from_utf8_lossy(&out.stderr));
}

fn no_panic_in(stderr: &str) {
    assert!(!stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"), "{stderr}");
}

#[test]
fn one_edition_empty_is_held_back_or_gives_a_memory_of_no_units() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("es.txt"), "").unwrap();
    let out = align_sample_with(dir.path(), "es.txt", &[]);
    no_panic(&out);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("rw895: held back, no memory written: one edition is empty")
    );
    assert!(!dir.path().join("m").exists());
    // Forced, it is written: every English sentence without counterpart.
    let out = align_sample_with(dir.path(), "es.txt", &["--force"]);
    no_panic(&out);
    assert!(out.status.success());
    let tmx = std::fs::read_to_string(dir.path().join("m/rw895.tmx")).unwrap();
    assert!(!tmx.contains("<tu "), "no translation unit without a Spanish side");
    let csv = std::fs::read_to_string(dir.path().join("m/rw895.csv")).unwrap();
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
    let out = align_sample_with(dir.path(), "es.txt", &[]);
    no_panic(&out);
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("a fragment, not a translation"));
    let out = align_sample_with(dir.path(), "es.txt", &["--force"]);
    no_panic(&out);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn a_very_long_line_is_segmented() {
    // A 50 MB single line without any sentence end: one sentence, no panic, no quadratic blow-up.
    let dir = tempfile::tempdir().unwrap();
    let line = "word ".repeat(10_000_000);
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
        (
            "unclosed.csv",
            "en,es\n\"Hello,Hola\n",
            "unclosed.csv:2: a quote (\") opened in this row is never closed",
        ),
        ("missing.csv", "id,en\n1,Hello\n", "does not name two text columns"),
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
        (
            "klingon.tmx",
            "<?xml version=\"1.0\" encoding=\"x-klingon\"?><tmx version=\"1.4\"><body/></tmx>".to_string(),
            "names the encoding \"x-klingon\", which alinea does not know",
        ),
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

#[test]
fn a_full_disk_leaves_the_old_memory_intact() {
    // A tmpfs, mounted in a private mount namespace (`unshare`, no real privilege needed), holds an old
    // memory; the new one (56 KB of TMX, 28 KB of CSV) cannot fit: at 40 KB not even the TMX, at 72 KB the
    // TMX but not the CSV too. Either way the old TMX and CSV stay, together.
    let probe = std::process::Command::new("unshare").args(["-rm", "true"]).output();
    if !probe.is_ok_and(|o| o.status.success()) {
        return crate::util::skip("unshare -rm (util-linux, user namespaces) is not available");
    }
    let bin = assert_cmd::cargo::cargo_bin("alinea");
    let script = r#"
        mount -t tmpfs -o size="$5" tmpfs "$1/m" || exit 99
        printf 'the old memory' > "$1/m/rw895.tmx"
        printf 'en,es\nthe old review,la revisión\n' > "$1/m/rw895.csv"
        "$2" align "$3" "$4" -o "$1/m" >/dev/null 2>"$1/stderr"
        echo "exit $?"
        ls -A "$1/m"
        cat "$1/m/rw895.tmx" "$1/m/rw895.csv"
    "#;
    for (size, full) in [("40k", "rw895.tmx"), ("72k", "rw895.csv")] {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("m")).unwrap();
        let out = std::process::Command::new("unshare")
            .args(["-rm", "sh", "-c", script, "sh"])
            .arg(dir.path())
            .arg(&bin)
            .arg(sample("en.txt"))
            .arg(sample("es.txt"))
            .arg(size)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        if out.status.code() == Some(99) {
            return crate::util::skip("tmpfs cannot be mounted in a user namespace here");
        }
        let stderr = std::fs::read_to_string(dir.path().join("stderr")).unwrap();
        no_panic_in(&stderr);
        assert!(
            stderr.contains(&format!("m/{full}: No space left on device (os error 28); free some space")),
            "{size}: {stderr}"
        );
        assert!(!stderr.contains(".alinea-"), "the temporary file is not named: {stderr}");
        assert_eq!(
            stdout, "exit 1\nrw895.csv\nrw895.tmx\nthe old memoryen,es\nthe old review,la revisión\n",
            "{size}: the old memory intact, no temporary file left"
        );
    }
}

#[test]
fn an_unreadable_edition_is_named() {
    // In a folder anyone may enter, a file nobody may read. Root reads it anyway, so as root the binary
    // runs as the user nobody (setpriv, from util-linux).
    let dir = tempfile::tempdir().unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        let locked = dir.path().join("locked.txt");
        std::fs::write(&locked, "Hola.").unwrap();
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
        let bin = assert_cmd::cargo::cargo_bin("alinea");
        let mut command = if std::fs::read(&locked).is_ok() {
            let mut c = std::process::Command::new("setpriv");
            c.args(["--reuid=65534", "--regid=65534", "--clear-groups"]).arg(&bin);
            c
        } else {
            std::process::Command::new(&bin)
        };
        let out = command.args(["segment", "--lang", "es"]).arg(&locked).output().unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        if stderr.contains("setpriv") || stderr.contains("Permission denied") && out.status.code() != Some(1)
        {
            return crate::util::skip(&format!("cannot run the binary as another user: {stderr}"));
        }
        no_panic_in(&stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert_eq!(
            stderr,
            format!(
                "alinea: {}: Permission denied (os error 13); check the permissions of the file and its folder\n",
                locked.display()
            )
        );
    }
}

#[test]
fn invalid_utf8_in_the_middle_is_located() {
    // A UTF-8 file with one stray Windows-1252 byte: read as Windows-1252, every other accent would
    // turn to mojibake, so it is refused with the byte's line and column.
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = std::fs::read(sample("es.txt")).unwrap();
    let at = bytes.len() / 2;
    let at = at + bytes[at..].iter().position(|&b| b == b' ').unwrap();
    bytes[at] = 0xE9;
    let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
    std::fs::write(dir.path().join("es.txt"), &bytes).unwrap();
    let out = alinea().current_dir(dir.path()).args(["segment", "--lang", "es", "es.txt"]).output().unwrap();
    no_panic(&out);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr
            .starts_with(&format!("alinea: es.txt: UTF-8 with an invalid byte at byte {at} (line {line}, ")),
        "{stderr}"
    );
    assert!(stderr.contains("--encoding") && stderr.lines().count() == 1, "{stderr}");
}

#[test]
fn an_interrupted_run_leaves_no_temporary_file() {
    // `build` opens its output after the first input (a TMX, whose header it copies) and before reading
    // the second; a FIFO with no writer holds it there, with the temporary file of the new memory open,
    // until the signal comes.
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("waiting.csv");
    if !std::process::Command::new("mkfifo").arg(&fifo).status().is_ok_and(|s| s.success()) {
        return crate::util::skip("mkfifo is not available");
    }
    std::fs::write(dir.path().join("m.tmx"), "the old memory").unwrap();
    let kit = "tests/data/tmx/lisa_tmx_compliance_kit/ExportTest1A.tmx";
    std::fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join(kit), dir.path().join("first.tmx")).unwrap();
    let child = std::process::Command::new(assert_cmd::cargo::cargo_bin("alinea"))
        .current_dir(dir.path())
        .args(["build", "first.tmx", "waiting.csv", "-o", "m.tmx"])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let temporary = || {
        std::fs::read_dir(dir.path())
            .unwrap()
            .filter(|e| e.as_ref().unwrap().file_name().to_string_lossy().starts_with(".alinea-"))
            .count()
    };
    let start = std::time::Instant::now();
    while temporary() == 0 && start.elapsed() < std::time::Duration::from_secs(20) {
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    assert_eq!(temporary(), 1, "the new memory is being written");
    std::process::Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    let out = child.wait_with_output().unwrap();
    no_panic(&out);
    assert_eq!(out.status.code(), Some(130));
    assert_eq!(temporary(), 0, "the temporary file is removed");
    assert_eq!(std::fs::read_to_string(dir.path().join("m.tmx")).unwrap(), "the old memory");
}

#[test]
fn empty_files_give_an_empty_result() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("en.txt"), "").unwrap();
    std::fs::write(dir.path().join("es.txt"), "\n\n  \n").unwrap();
    let out = alinea().current_dir(dir.path()).args(["segment", "--lang", "en", "en.txt"]).output().unwrap();
    no_panic(&out);
    assert!(out.status.success() && out.stdout.is_empty());
    let out =
        alinea().current_dir(dir.path()).args(["align", "en.txt", "es.txt", "-o", "m"]).output().unwrap();
    no_panic(&out);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let tmx = std::fs::read_to_string(dir.path().join("m/en.tmx")).unwrap();
    assert!(tmx.contains("<body>") && !tmx.contains("<tu "), "{tmx}");
    crate::util::assert_valid_tmx(&dir.path().join("m/en.tmx"));
    let csv = std::fs::read_to_string(dir.path().join("m/en.csv")).unwrap();
    assert_eq!(csv.lines().count(), 1, "a header and no rows: {csv}");
}
