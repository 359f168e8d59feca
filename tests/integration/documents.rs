//! PDF, DOCX and ODT editions, end to end: made by `tests/data/print/make.py` from the sample (two
//! columns, hyphenated lines, running headers and page numbers; a table, footnotes, a list), aligned
//! as the plain text editions are; and the files that give no text, each with its message.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::util::{alinea, sample};

fn printed(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/print").join(name)
}

/// The (source, target) texts of the units of the CSV that `align` writes for `source` and `target`.
fn units(source: &Path, target: &Path) -> Vec<(String, String)> {
    let dir = tempfile::tempdir().unwrap();
    alinea().arg("align").arg(source).arg(target).args(["-q", "-o"]).arg(dir.path()).assert().success();
    let csv = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "csv"))
        .unwrap();
    let table = alinea::memory::csv::read_file(&csv, None).unwrap();
    table.units.into_iter().map(|u| (u.source, u.target)).collect()
}

#[test]
fn pdf_editions_align_to_the_units_of_the_text_editions() {
    let text = units(&sample("en.txt"), &sample("es.txt"));
    let pdf = units(&printed("rw895-en.pdf"), &printed("rw895-es.pdf"));
    // The four lines of the closing address block are one paragraph in these editions.
    let same = text.iter().filter(|u| pdf.contains(u)).count();
    // The print joined the four lines of the closing address block into one paragraph; everything else
    // comes back unit for unit.
    assert!(same + 4 >= text.len(), "{same} of {} units", text.len());
    let all: String = pdf.iter().map(|(s, t)| format!("{s}\n{t}\n")).collect();
    // No running header, no page number, no hyphen of a word split at a line end.
    assert!(
        !all.contains("Revolutionary Worker #895 - February") && !all.contains("23 de febrero de 1997 -")
    );
    let words: HashSet<&str> = all.split_whitespace().collect();
    for word in ["efforts", "Fujimori", "intelligence", "estadounidenses"] {
        assert!(
            words.iter().any(|w| w.trim_matches(|c: char| !c.is_alphanumeric()) == word),
            "{word} not whole"
        );
    }
    assert!(
        pdf.iter()
            .all(|(s, t)| !s.trim().chars().all(|c| c.is_ascii_digit()) || s.is_empty() && !t.is_empty())
    );
}

#[test]
fn columns_are_read_one_after_the_other_however_the_page_draws_them() {
    let segment = |name: &str| {
        let out = alinea().args(["segment", "--lang", "en"]).arg(printed(name)).output().unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    };
    let by_column = segment("rw895-en.pdf");
    assert_eq!(segment("rw895-en-across.pdf"), by_column);
    // The sentences of the text edition, in order, but for the address block that the print set as one
    // paragraph.
    let out = alinea().args(["segment", "--lang", "en"]).arg(sample("en.txt")).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let (body, _) = text.split_once("This article is posted").unwrap();
    assert!(by_column.starts_with(body), "the PDF's sentences differ from the text's");
}

#[test]
fn word_and_opendocument_editions_keep_tables_and_footnotes_apart() {
    let pairs = units(&printed("rw895-en.docx"), &printed("rw895-es.odt"));
    // A sentence that calls a footnote stays whole, and is paired; the notes come after the body.
    let called = pairs
        .iter()
        .position(|(s, t)| {
            s == "The figures come from the embassy and from the ministry."
                && t == "Las cifras vienen de la embajada y del ministerio."
        })
        .expect("the sentence that calls the note, paired");
    let note = pairs.iter().position(|(s, _)| s == "Embassy report of March 1997.").expect("the footnote");
    assert!(note > called && note + 3 >= pairs.len(), "the note is after the body");
    // Table cells are paragraphs of their own.
    let out = alinea().args(["segment", "--lang", "en"]).arg(printed("rw895-en.docx")).output().unwrap();
    let sentences = String::from_utf8(out.stdout).unwrap();
    assert!(sentences.contains("\n\nYear\n\nAid\n\n1996\n\nForty million dollars.\n"), "{sentences}");
    let text = units(&sample("en.txt"), &sample("es.txt"));
    // The four lines of the closing address block are one paragraph in these editions.
    let same = text.iter().filter(|u| pairs.contains(u)).count();
    assert!(same + 4 >= text.len(), "{same} of {} units", text.len());
}

#[test]
fn documents_are_told_by_their_content_not_their_name() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(printed("rw895-en.pdf"), dir.path().join("en.txt")).unwrap();
    std::fs::copy(printed("rw895-en.docx"), dir.path().join("en.bin")).unwrap();
    for file in ["en.txt", "en.bin"] {
        let out = alinea().current_dir(dir.path()).args(["segment", "--lang", "en", file]).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("Alberto Fujimori's visit to Washington, D.C.")
        );
    }
}

#[test]
fn files_without_text_say_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = std::fs::read(printed("rw895-en.pdf")).unwrap();
    std::fs::write(dir.path().join("damaged.pdf"), &pdf[..pdf.len() / 3]).unwrap();
    let docx = std::fs::read(printed("rw895-en.docx")).unwrap();
    std::fs::write(dir.path().join("cut.docx"), &docx[..docx.len() / 2]).unwrap();
    std::fs::write(dir.path().join("old.doc"), b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 legacy").unwrap();
    for (path, expected) in [
        (printed("scanned.pdf"), "no text layer"),
        (printed("encrypted.pdf"), "encrypted"),
        (dir.path().join("damaged.pdf"), "damaged"),
        (dir.path().join("cut.docx"), "damaged ZIP archive"),
        (dir.path().join("old.doc"), "save it as DOCX"),
    ] {
        let out = alinea()
            .arg("align")
            .arg(&path)
            .arg(sample("es.txt"))
            .arg("-o")
            .arg(dir.path().join("m"))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{}: {stderr}", path.display());
        let name = path.file_name().unwrap().to_string_lossy();
        assert!(stderr.contains(&*name) && stderr.contains(expected), "{stderr}");
        assert!(!stderr.contains("encoding") && !stderr.contains("panicked"), "{stderr}");
        let out = alinea().args(["segment", "--lang", "en"]).arg(&path).output().unwrap();
        assert_eq!(out.status.code(), Some(1));
        assert!(String::from_utf8_lossy(&out.stderr).contains(expected));
    }
    assert!(!dir.path().join("m").exists() || std::fs::read_dir(dir.path().join("m")).unwrap().count() == 0);
}
