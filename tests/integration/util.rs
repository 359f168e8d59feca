//! Shared helpers: paths to the test data, running the binary, reading the gold files.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The sample article: editions, gold segmentation, gold beads and gold units.
pub fn sample(file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/rw895").join(file)
}

pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

pub fn alinea() -> Command {
    let mut cmd = Command::cargo_bin("alinea").expect("the alinea binary is built");
    // Reproducible dates in the TMX.
    cmd.env("SOURCE_DATE_EPOCH", "1700000000");
    cmd
}

/// White space folded, so that line wrapping and double spaces do not count as differences.
pub fn fold(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The non-blank lines of a sentence file, folded.
pub fn sentences(text: &str) -> Vec<String> {
    text.lines().map(fold).filter(|l| !l.is_empty()).collect()
}

/// A fresh working folder with the sample editions in `en/` and `es/`, as in the repository.
pub fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for lang in ["en", "es"] {
        std::fs::create_dir(dir.path().join(lang)).unwrap();
        std::fs::copy(root.join(lang).join("rw895-peru.txt"), dir.path().join(lang).join("rw895-peru.txt"))
            .unwrap();
    }
    dir
}

/// Skips a test whose tool or data is missing on this machine; under CI (`ALINEA_CI` set, as `.ci/run`
/// does) a missing requirement fails the test instead, so that a green run cannot hide it.
pub fn skip(reason: &str) {
    if std::env::var_os("ALINEA_CI").is_some() {
        panic!("required in CI: {reason}");
    }
    eprintln!("skipped: {reason}");
}

/// Checks `tmx` against the TMX 1.4b DTD (`tests/data/tmx/tmx14.dtd`) with xmllint (skipped, or failed
/// under CI, when xmllint is missing).
pub fn assert_valid_tmx(tmx: &Path) {
    let dtd = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/tmx/tmx14.dtd");
    if std::process::Command::new("xmllint").arg("--version").output().is_err() {
        return skip("xmllint is not installed (apt-get install libxml2-utils; .ci/run installs it)");
    }
    let out = std::process::Command::new("xmllint")
        .args(["--noout", "--dtdvalid"])
        .arg(&dtd)
        .arg(tmx)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{} is not valid TMX 1.4b: {}",
        tmx.display(),
        String::from_utf8_lossy(&out.stderr)
    );
}
