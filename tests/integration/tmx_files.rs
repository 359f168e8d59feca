//! The TMX reader on files written by real tools: the public-domain and BSD ones copied into
//! `tests/data/tmx`, and the GPL/LGPL ones read from `../shared/tmx` when it is present.

use std::path::{Path, PathBuf};

use alinea::memory::tmx::{self, InlineTags};

use crate::util::skip;

/// (file, expected number of `<tu>`) from an INDEX.tsv; an empty count means "not well-formed".
fn index(path: &Path) -> Vec<(String, Option<usize>)> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
    let column = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (file, count) = (column("file"), column("n_tu"));
    lines
        .map(|l| l.split('\t').collect::<Vec<_>>())
        .map(|f| (f[file].to_string(), f[count].parse().ok()))
        .collect()
}

fn count_units(path: &Path) -> Result<usize, String> {
    let mut n = 0;
    for unit in tmx::open(path, InlineTags::Keep).map_err(|e| e.to_string())? {
        let unit = unit.map_err(|e| e.to_string())?;
        assert!(!unit.variants.is_empty() || n == 0 || unit.variants.is_empty());
        n += 1;
    }
    Ok(n)
}

#[test]
fn copied_files_are_read_with_their_unit_counts() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/tmx");
    let files = index(&root.join("INDEX.tsv"));
    assert!(files.len() >= 28, "{} files", files.len());
    for (file, expected) in files {
        let got = count_units(&root.join(&file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(Some(got), expected, "{file}");
    }
}

#[test]
fn shared_files_are_read_with_their_unit_counts() {
    let root: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/tmx");
    if !root.join("INDEX.tsv").is_file() {
        return skip(&format!("{} is absent (it sits beside the checkout in CI)", root.display()));
    }
    let files = index(&root.join("INDEX.tsv"));
    assert!(files.len() >= 70, "{} files", files.len());
    for (file, expected) in files {
        let path = root.join(&file);
        match expected {
            Some(n) => {
                let got = count_units(&path).unwrap_or_else(|e| panic!("{file}: {e}"));
                assert_eq!(got, n, "{file}");
            }
            None => {
                // Not well-formed as declared (a UTF-8 file that says UTF-16): read by its bytes.
                let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
                let expected = text.matches("<tu ").count() + text.matches("<tu>").count();
                let got = count_units(&path).unwrap_or_else(|e| panic!("{file}: {e}"));
                assert_eq!(got, expected, "{file}");
            }
        }
    }
}

#[test]
fn languages_with_and_without_region_and_utf16() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/tmx/lisa_tmx_compliance_kit");
    // ImportTest1G is UTF-16 big-endian, 1F little-endian; both hold en-gb and en-us variants.
    for file in ["ImportTest1F.tmx", "ImportTest1G.tmx"] {
        let units: Vec<_> =
            tmx::open(&root.join(file), InlineTags::Keep).unwrap().map(Result::unwrap).collect();
        assert_eq!(units.len(), 3, "{file}");
        assert!(units.iter().all(|u| u.text("en-us").is_some() && u.text("EN-GB").is_some()), "{file}");
    }
    let units: Vec<_> =
        tmx::open(&root.join("ImportTest1C.tmx"), InlineTags::Keep).unwrap().map(Result::unwrap).collect();
    assert!(units.iter().any(|u| u.text("es").is_some()), "es finds es-es");
}
