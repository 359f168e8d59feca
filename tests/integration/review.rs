//! The review round trip: align → CSV → a person edits it → `alinea build` → TMX → back to CSV; merging;
//! TSV and line-aligned exports; snapshots of what `align` writes for the sample.

use std::path::Path;

use predicates::prelude::*;

use crate::util::{alinea, assert_valid_tmx, read, workspace};

fn rows(path: &Path) -> (csv::StringRecord, Vec<csv::StringRecord>) {
    let mut reader = csv::ReaderBuilder::new().delimiter(delimiter_of(path)).from_path(path).unwrap();
    let headers = reader.headers().unwrap().clone();
    (headers, reader.records().map(Result::unwrap).collect())
}

fn delimiter_of(path: &Path) -> u8 {
    let text = read(path);
    let first = text.lines().next().unwrap_or("");
    if first.contains(';') { b';' } else { b',' }
}

fn write_rows(path: &Path, headers: &csv::StringRecord, rows: &[csv::StringRecord]) {
    let mut w = csv::Writer::from_path(path).unwrap();
    w.write_record(headers).unwrap();
    for r in rows {
        w.write_record(r).unwrap();
    }
    w.flush().unwrap();
}

/// Column index by name.
fn col(headers: &csv::StringRecord, name: &str) -> usize {
    headers.iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name}"))
}

#[test]
fn reviewed_csv_becomes_a_tmx_and_comes_back_unchanged() {
    let dir = workspace();
    alinea().current_dir(dir.path()).arg("align").assert().success();
    let (headers, mut rows) = rows(&dir.path().join("memory/rw895-peru.csv"));
    let (en, es, status, note) =
        (col(&headers, "en"), col(&headers, "es"), col(&headers, "status"), col(&headers, "note"));
    let edit = |r: &csv::StringRecord, column: usize, value: &str| -> csv::StringRecord {
        let mut fields: Vec<String> = r.iter().map(str::to_string).collect();
        fields[column] = value.to_string();
        csv::StringRecord::from(fields)
    };
    // The reviewer fixes a translation (with a formula-like start, quotes and a line break), rejects a
    // unit, approves one with a note.
    rows[1] = edit(&rows[1], es, "=Obrero \"Revolucionario\" #895,\n23 de febrero de 1997");
    rows[2] = edit(&rows[2], status, "reject");
    rows[3] = edit(&edit(&rows[3], status, "OK"), note, "checked <by> Ana & Luis");
    let rejected_text = rows[2][en].to_string();
    let reviewed = dir.path().join("reviewed.csv");
    write_rows(&reviewed, &headers, &rows);

    alinea()
        .current_dir(dir.path())
        .args(["build", "reviewed.csv", "-o", "out/reviewed.tmx"])
        .assert()
        .success()
        .stderr(predicate::str::contains("1 rejected"));
    let tmx = dir.path().join("out/reviewed.tmx");
    assert_valid_tmx(&tmx);
    let text = read(&tmx);
    assert!(text.contains("<seg>=Obrero &quot;Revolucionario&quot; #895,\n23 de febrero de 1997</seg>"));
    assert!(text.contains("<note>checked &lt;by&gt; Ana &amp; Luis</note>"));
    assert!(!text.contains(&format!("<seg>{rejected_text}</seg>")), "the rejected unit is left out");

    alinea().current_dir(dir.path()).args(["build", "out/reviewed.tmx", "-o", "back.csv"]).assert().success();
    let (back_headers, back) = self::rows(&dir.path().join("back.csv"));
    assert_eq!(back_headers, headers);
    // Everything that a TMX holds comes back: all rows but the rejected one and those with an empty side.
    // alinea writes the status in its canonical form and protects the formula-like cell.
    let expected: Vec<csv::StringRecord> = rows
        .iter()
        .filter(|r| r[status].trim() != "reject" && !r[en].is_empty() && !r[es].is_empty())
        .map(|r| edit(r, status, &r[status].trim().to_lowercase()))
        .map(|r| edit(&r, es, &alinea::memory::csv::protect(&r[es])))
        .collect();
    assert_eq!(back.len(), expected.len());
    for (got, want) in back.iter().zip(&expected) {
        assert_eq!(got, want);
    }
    assert!(read(&dir.path().join("back.csv")).contains("\"'=Obrero \"\"Revolucionario\"\""));
}

#[test]
fn excel_csv_with_semicolons_reads_back() {
    let dir = workspace();
    alinea()
        .current_dir(dir.path())
        .args(["align", "--excel", "--delimiter", "semicolon"])
        .assert()
        .success();
    let csv = dir.path().join("memory/rw895-peru.csv");
    let bytes = std::fs::read(&csv).unwrap();
    assert!(bytes.starts_with("\u{FEFF}id;document;score".as_bytes()));
    alinea()
        .current_dir(dir.path())
        .args(["build", "memory/rw895-peru.csv", "-o", "m.tmx"])
        .assert()
        .success();
    let units = read(&dir.path().join("m.tmx")).matches("<tu ").count();
    assert_eq!(units, read(&dir.path().join("memory/rw895-peru.tmx")).matches("<tu ").count());
}

#[test]
fn language_codes_name_the_tmx_variants_and_the_csv_columns() {
    let dir = workspace();
    alinea()
        .current_dir(dir.path())
        .args(["align", "--src-lang", "en-US", "--tgt-lang", "es-ES"])
        .assert()
        .success();
    let tmx = dir.path().join("memory/rw895-peru.tmx");
    assert_valid_tmx(&tmx);
    let text = read(&tmx);
    assert!(text.contains(r#"srclang="en-US""#) && text.contains(r#"<tuv xml:lang="es-ES">"#));
    assert!(
        read(&dir.path().join("memory/rw895-peru.csv")).starts_with("id,document,score,bead,en-US,es-ES,")
    );
    alinea()
        .args(["align", "--src-lang", "en us"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("language code"));
}

#[test]
fn merge_drops_duplicates_and_counts_conflicts() {
    let dir = workspace();
    alinea().current_dir(dir.path()).arg("align").assert().success();
    // A second memory from elsewhere: the first one with one translation changed, without the record of
    // what alinea aligned (so it is not an edit of the first).
    let original = read(&dir.path().join("memory/rw895-peru.tmx"));
    let changed: String = original
        .replacen("¡Fuera las manos de Estados Unidos del Perú!", "¡Manos fuera del Perú!", 1)
        .lines()
        .filter(|l| !l.contains("x-alinea-aligned"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert!(changed.contains("¡Manos fuera del Perú!"));
    std::fs::write(dir.path().join("other.tmx"), &changed).unwrap();
    let units = original.matches("<tu ").count();
    alinea()
        .current_dir(dir.path())
        .args(["merge", "memory/rw895-peru.tmx", "other.tmx", "memory/rw895-peru.tmx", "-o", "all.tmx"])
        .assert()
        .success()
        .stderr(predicate::str::contains(format!("{} units read (en/es), {} written", 3 * units, units + 1)))
        .stderr(predicate::str::contains(format!("{} duplicates dropped", 2 * units - 1)))
        .stderr(predicate::str::contains("1 source sentences with more than one translation"));
    let all = dir.path().join("all.tmx");
    assert_valid_tmx(&all);
    let merged = read(&all);
    assert!(
        merged.contains("¡Manos fuera del Perú!")
            && merged.contains("¡Fuera las manos de Estados Unidos del Perú!")
    );
    let ids: Vec<&str> = merged.match_indices("tuid=\"").map(|(i, _)| &merged[i + 6..i + 6 + 3]).collect();
    assert_eq!(ids.len(), units + 1);

    // The same change made in a copy of alinea's memory is an edit of that unit: it replaces it.
    let edited =
        original.replacen("¡Fuera las manos de Estados Unidos del Perú!", "¡Manos fuera del Perú!", 1);
    std::fs::write(dir.path().join("edited.tmx"), &edited).unwrap();
    alinea()
        .current_dir(dir.path())
        .args(["merge", "memory/rw895-peru.tmx", "edited.tmx", "-o", "all.tmx"])
        .assert()
        .success()
        .stderr(predicate::str::contains(format!("{} units read (en/es), {} written", 2 * units, units)))
        .stderr(predicate::str::contains("1 replaced by their edited version"));
    let merged = read(&all);
    assert!(merged.contains("¡Manos fuera del Perú!"));
    assert!(!merged.contains("¡Fuera las manos de Estados Unidos del Perú!"));
}

#[test]
fn tsv_and_line_aligned_exports() {
    let dir = workspace();
    alinea().current_dir(dir.path()).arg("align").assert().success();
    let units = read(&dir.path().join("memory/rw895-peru.tmx")).matches("<tu ").count();
    alinea()
        .current_dir(dir.path())
        .args(["build", "memory/rw895-peru.tmx", "-o", "m.tsv"])
        .assert()
        .success();
    let tsv = read(&dir.path().join("m.tsv"));
    assert_eq!(tsv.lines().count(), units);
    assert!(tsv.lines().all(|l| l.split('\t').count() == 2 && !l.starts_with('\t') && !l.ends_with('\t')));
    alinea()
        .current_dir(dir.path())
        .args(["build", "memory/rw895-peru.csv", "--to", "lines", "-o", "corpus/rw895"])
        .assert()
        .success();
    let en = read(&dir.path().join("corpus/rw895.en"));
    let es = read(&dir.path().join("corpus/rw895.es"));
    assert_eq!((en.lines().count(), es.lines().count()), (units, units));
    assert!(es.lines().next().unwrap().starts_with("¡Fuera las manos"));
}

#[test]
fn bad_review_files_are_named_with_their_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("r.csv"), "id,en,es,status\n1,Hello,Hola,\n2,Bye,Adiós,maybe\n").unwrap();
    alinea().current_dir(dir.path()).args(["build", "r.csv", "-o", "m.tmx"]).assert().code(1).stderr(
        predicate::str::contains("r.csv:3: status \"maybe\" is not one of: empty (not reviewed), ok"),
    );
    assert!(!dir.path().join("m.tmx").exists(), "no partial memory is left behind");
    std::fs::write(
        dir.path().join("bad.tmx"),
        "<tmx version=\"1.4\"><body><tu><tuv xml:lang=\"en\"><seg>x</tu>",
    )
    .unwrap();
    alinea()
        .current_dir(dir.path())
        .args(["build", "bad.tmx", "-o", "m.tsv"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("bad.tmx: not well-formed XML"));
    alinea()
        .current_dir(dir.path())
        .args(["build", "r.csv", "-o", "m.xyz"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("cannot tell the format"));
}

/// Compares `actual` with the expected file, or rewrites the expected file when `UPDATE_SNAPSHOTS` is set.
fn snapshot(actual: &Path, expected: &Path) {
    let got = read(actual);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(expected, &got).unwrap();
        return;
    }
    let want = read(expected);
    if got != want {
        let line = got.lines().zip(want.lines()).position(|(a, b)| a != b).unwrap_or(0);
        panic!(
            "{} differs from {} from line {} on (rerun with UPDATE_SNAPSHOTS=1 if the change is intended):\n got: {:?}\nwant: {:?}",
            actual.display(),
            expected.display(),
            line + 1,
            got.lines().nth(line),
            want.lines().nth(line)
        );
    }
}

#[test]
fn snapshots_of_the_sample_memory() {
    let dir = workspace();
    alinea().current_dir(dir.path()).arg("align").assert().success();
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/rw895");
    snapshot(&dir.path().join("memory/rw895-peru.tmx"), &data.join("snapshot.tmx"));
    snapshot(&dir.path().join("memory/rw895-peru.csv"), &data.join("snapshot.csv"));
}

#[test]
fn tricky_text_still_makes_valid_tmx() {
    let dir = tempfile::tempdir().unwrap();
    let mut w = csv::Writer::from_path(dir.path().join("t.csv")).unwrap();
    w.write_record(["id", "en", "es", "note"]).unwrap();
    w.write_record([
        "1",
        "Bell\u{7} & <tags> \"q\" 'a'\r\nnext",
        "Campana\u{1b} ]]> &amp; 😀",
        "note\u{0}with NUL",
    ])
    .unwrap();
    w.write_record(["2", "-5 degrees", "@user +1 =A1", ""]).unwrap();
    w.flush().unwrap();
    drop(w);
    alinea().current_dir(dir.path()).args(["build", "t.csv", "-o", "t.tmx"]).assert().success();
    let tmx = dir.path().join("t.tmx");
    assert_valid_tmx(&tmx);
    let text = read(&tmx);
    assert!(!text.contains('\u{7}') && !text.contains('\u{1b}') && !text.contains('\u{0}'));
    assert!(
        text.contains("<seg>Bell &amp; &lt;tags&gt; &quot;q&quot; &apos;a&apos;&#13;\nnext</seg>"),
        "{text}"
    );
}

#[test]
fn lookup_finds_the_closest_units_with_a_percentage() {
    let dir = workspace();
    alinea().current_dir(dir.path()).args(["align", "-q"]).assert().success();
    let out = alinea()
        .current_dir(dir.path())
        .args([
            "lookup",
            "--memory",
            "memory/rw895-peru.tmx",
            "The details of the new military program are not clear yet.",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let first = text.lines().nth(1).unwrap();
    assert!(first.trim_start().starts_with("80%"), "{text}");
    assert!(
        text.contains("Todavía no se conocen los detalles del nuevo programa de ayuda militar."),
        "{text}"
    );
    // Queries from standard input; an unrelated one finds nothing.
    alinea()
        .current_dir(dir.path())
        .args(["lookup", "--min", "90"])
        .write_stdin("Completely unrelated words here\n")
        .assert()
        .success()
        .stdout(predicates::str::contains("(no match of 90% or more)"));
}
