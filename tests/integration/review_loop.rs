//! The review loop through the binary: align, review the table, align again; the reviewer's work is
//! never lost, and only what the reviewer accepts (or the aligner is sure enough of) reaches the TMX.

use std::path::Path;

use predicates::prelude::*;

use crate::util::{alinea, read, workspace};

/// The rows of a review CSV, header first.
fn rows(path: &Path) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_path(path).unwrap();
    reader.records().map(|r| r.unwrap().iter().map(str::to_string).collect()).collect()
}

fn write_rows(path: &Path, rows: &[Vec<String>]) {
    let mut writer = csv::WriterBuilder::new().flexible(true).from_path(path).unwrap();
    for row in rows {
        writer.write_record(row).unwrap();
    }
    writer.flush().unwrap();
}

fn column(rows: &[Vec<String>], name: &str) -> usize {
    rows[0].iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name}"))
}

/// The row whose `en` cell is `en`.
fn row<'r>(rows: &'r [Vec<String>], en: &str) -> &'r Vec<String> {
    let c = column(rows, "en");
    rows.iter().find(|r| r[c] == en).unwrap_or_else(|| panic!("no row {en:?}"))
}

#[test]
fn aligning_again_keeps_every_kind_of_review_work() {
    let dir = workspace();
    alinea().current_dir(dir.path()).arg("align").assert().success();
    let table = dir.path().join("memory/rw895-peru.csv");
    let mut r = rows(&table);
    let (en, es, status, note, id) =
        (column(&r, "en"), column(&r, "es"), column(&r, "status"), column(&r, "note"), column(&r, "id"));
    let texts = |k: usize| r[k][en].clone();
    let (rejected, accepted, noted, edited, deleted) = (texts(1), texts(2), texts(3), texts(4), texts(6));
    r[1][status] = "Rejected".into(); // a spreadsheet user's word for it
    r[2][status] = "ok".into();
    r[3][note] = "check the date".into();
    r[4][es] = "Corrección del revisor.".into();
    r.remove(6);
    let mut inserted = vec![String::new(); r[0].len()];
    inserted[column(&r, "document")] = "rw895-peru".into();
    (inserted[en], inserted[es], inserted[status]) =
        ("A sentence the aligner missed.".into(), "Una frase que faltaba.".into(), "ok".into());
    let follows = r[7][en].clone();
    r.insert(8, inserted);
    write_rows(&table, &r);
    let before = read(&table);

    // A second run, as when a new pair is added to en/ and es/.
    alinea().current_dir(dir.path()).arg("align").assert().success().stdout(predicate::str::contains(
        "rw895-peru: carried the review in memory/rw895-peru.csv: 4 reviewed rows kept, 1 inserted rows \
             placed, 1 deleted rows deleted again; previous files in memory/backup/",
    ));
    let r = rows(&table);
    assert_eq!(row(&r, &rejected)[status], "reject");
    assert_eq!(row(&r, &accepted)[status], "ok");
    assert_eq!(row(&r, &noted)[note], "check the date");
    assert_eq!(row(&r, &edited)[es], "Corrección del revisor.");
    assert!(!r.iter().any(|row| row[en] == deleted), "the deleted row stays deleted");
    let new = row(&r, "A sentence the aligner missed.");
    assert_eq!(new[status], "ok");
    let ids: Vec<&str> = r[1..].iter().map(|row| row[id].as_str()).collect();
    let unique: std::collections::HashSet<&&str> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "ids are unique: {ids:?}");
    assert!(!new[id].is_empty());
    // The inserted row is where the reviewer put it: after the row it followed.
    let at = r.iter().position(|row| row[en] == "A sentence the aligner missed.").unwrap();
    assert_eq!(r[at - 1][en], follows);

    // The TMX holds what the reviewer accepted and edited, not what they rejected or deleted.
    let tmx = read(&dir.path().join("memory/rw895-peru.tmx"));
    assert!(tmx.contains("Corrección del revisor.") && tmx.contains("Una frase que faltaba."));
    let escaped = |s: &str| s.replace('&', "&amp;").replace('"', "&quot;").replace('\'', "&apos;");
    assert!(!tmx.contains(&format!("<seg>{}</seg>", escaped(&rejected))), "{rejected}");
    assert!(!tmx.contains(&format!("<seg>{}</seg>", escaped(&deleted))), "{deleted}");

    // The table before the run is in the backup.
    let backups: Vec<_> = std::fs::read_dir(dir.path().join("memory/backup")).unwrap().collect();
    assert_eq!(backups.len(), 1);
    let backup = backups[0].as_ref().unwrap().path();
    assert_eq!(read(&backup.join("rw895-peru.csv")), before);

    // A third run changes nothing the reviewer did, and backs up nothing more.
    let after_second = rows(&table);
    alinea().current_dir(dir.path()).arg("align").assert().success();
    assert_eq!(rows(&table), after_second);
    assert_eq!(std::fs::read_dir(dir.path().join("memory/backup")).unwrap().count(), 1);
}

#[test]
fn work_on_a_sentence_that_changed_is_kept_aside_and_comes_back() {
    let dir = workspace();
    alinea().current_dir(dir.path()).arg("align").assert().success();
    let table = dir.path().join("memory/rw895-peru.csv");
    let mut r = rows(&table);
    let (en, status) = (column(&r, "en"), column(&r, "status"));
    let sentence = r[5][en].clone();
    r[5][status] = "ok".into();
    write_rows(&table, &r);
    // The English edition is corrected: that sentence changes.
    let edition = dir.path().join("en/rw895-peru.txt");
    let original = read(&edition);
    let word = sentence.split_whitespace().nth(2).unwrap().to_string();
    assert!(original.contains(&word));
    std::fs::write(&edition, original.replacen(&word, "CHANGED", 1)).unwrap();
    alinea().current_dir(dir.path()).arg("align").assert().success().stderr(predicate::str::contains(
        "rw895-peru: 1 reviewed rows match no unit of the new alignment (their text changed in the \
             editions); they are kept in memory/rw895-peru.unmatched.csv",
    ));
    let unmatched = rows(&dir.path().join("memory/rw895-peru.unmatched.csv"));
    assert_eq!(unmatched.len(), 2);
    assert_eq!((unmatched[1][en].as_str(), unmatched[1][status].as_str()), (sentence.as_str(), "ok"));
    assert!(!rows(&table).iter().any(|row| row[status] == "ok"));
    // The edition goes back: the decision finds its unit again, and the side file goes.
    std::fs::write(&edition, original).unwrap();
    alinea().current_dir(dir.path()).arg("align").assert().success().stderr(predicate::str::is_empty());
    assert_eq!(row(&rows(&table), &sentence)[status], "ok");
    assert!(!dir.path().join("memory/rw895-peru.unmatched.csv").exists());
}

#[test]
fn an_unreadable_review_stops_its_pair_and_is_left_as_it_was() {
    let dir = workspace();
    alinea().current_dir(dir.path()).arg("align").assert().success();
    let table = dir.path().join("memory/rw895-peru.csv");
    let mut text = read(&table);
    text.push_str("99,rw895-peru,,,\"an unclosed quote,x\n");
    std::fs::write(&table, &text).unwrap();
    let rows_before = text.lines().count();
    alinea()
        .current_dir(dir.path())
        .arg("align")
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!("memory/rw895-peru.csv:{rows_before}: a quote")))
        .stderr(predicate::str::contains("nothing was written for this pair"));
    assert_eq!(read(&table), text);
}

#[test]
fn one_threshold_decides_the_summary_the_table_the_page_and_the_memory() {
    let dir = workspace();
    let out = alinea()
        .current_dir(dir.path())
        .args(["align", "--min-score", "0.999", "--report", "review.html"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    let summary: Vec<&str> = stdout.lines().nth(1).unwrap().split_whitespace().collect();
    let (low, units): (usize, usize) = (summary[7].parse().unwrap(), summary[8].parse().unwrap());
    let r = rows(&dir.path().join("memory/rw895-peru.csv"));
    let (memory, score, es) = (column(&r, "memory"), column(&r, "score"), column(&r, "es"));
    let yes = r[1..].iter().filter(|row| row[memory] == "yes").count();
    let under =
        r[1..].iter().filter(|row| !row[es].is_empty() && row[score].parse::<f64>().unwrap() < 0.999).count();
    assert!(low > 0 && under == low, "{low} low in the summary, {under} in the table");
    assert_eq!(units, yes);
    assert_eq!(read(&dir.path().join("memory/rw895-peru.tmx")).matches("<tu ").count(), yes);
    assert!(read(&dir.path().join("review.html")).contains("under 0.999"));
    // build takes the same threshold; accepting a low unit puts it in.
    let mut r = r;
    let status = column(&r, "status");
    let k = r.iter().position(|row| row[memory] == "no" && !row[es].is_empty()).unwrap();
    r[k][status] = "ok".into();
    write_rows(&dir.path().join("reviewed.csv"), &r);
    alinea()
        .current_dir(dir.path())
        .args(["build", "reviewed.csv", "-o", "m.tmx", "--min-score", "0.999"])
        .assert()
        .success()
        .stderr(predicate::str::contains(format!("{} written to m.tmx", yes + 1)))
        .stderr(predicate::str::contains(format!("{} unreviewed under the --min-score threshold", low - 1)));
}

#[test]
fn the_merged_memory_of_a_folder_holds_the_reviewed_state() {
    let dir = workspace();
    for lang in ["en", "es"] {
        let from = dir.path().join(lang).join("rw895-peru.txt");
        std::fs::copy(&from, dir.path().join(lang).join("copy.txt")).unwrap();
    }
    alinea().current_dir(dir.path()).arg("align").assert().success();
    // The same pair rejected in one document: it goes from all.tmx (its twin in the other is unreviewed).
    let table = dir.path().join("memory/rw895-peru.csv");
    let mut r = rows(&table);
    let (en, status, es) = (column(&r, "en"), column(&r, "status"), column(&r, "es"));
    r[1][status] = "reject".into();
    r[2][es] = "Versión corregida.".into();
    let (rejected, corrected) = (r[1][en].clone(), r[2][en].clone());
    write_rows(&table, &r);
    alinea()
        .current_dir(dir.path())
        .arg("align")
        .assert()
        .success()
        .stdout(predicate::str::contains("1 rejected"));
    let all = read(&dir.path().join("memory/all.tmx"));
    assert!(!all.contains(&format!("<seg>{rejected}</seg>")), "{rejected}");
    assert!(all.contains("<seg>Versión corregida.</seg>"));
    assert!(all.contains(&format!("<seg>{corrected}</seg>")));
}

#[test]
fn merging_a_raw_table_with_its_reviewed_copy_keeps_the_review() {
    let dir = workspace();
    alinea().current_dir(dir.path()).arg("align").assert().success();
    let raw = dir.path().join("memory/rw895-peru.csv");
    let mut r = rows(&raw);
    let (en, es, status) = (column(&r, "en"), column(&r, "es"), column(&r, "status"));
    r[1][status] = "reject".into();
    let original = r[2][es].clone();
    r[2][es] = "Traducción corregida.".into();
    let rejected = r[1][es].clone();
    write_rows(&dir.path().join("reviewed.csv"), &r);
    let units = r.len() - 2; // less the header and the 1-0 row
    alinea()
        .current_dir(dir.path())
        .args(["merge", "memory/rw895-peru.csv", "reviewed.csv", "-o", "m.tmx"])
        .assert()
        .success()
        .stderr(predicate::str::contains("1 replaced by their edited version"))
        .stderr(predicate::str::contains("1 rejected"));
    let tmx = read(&dir.path().join("m.tmx"));
    assert!(!tmx.contains(&rejected) && !tmx.contains(&original), "{tmx}");
    assert!(tmx.contains("Traducción corregida."));
    assert_eq!(tmx.matches("<tu ").count(), units - 1);
    let _ = en;
}

#[test]
fn a_review_workbook_is_written_and_read_back() {
    use alinea::memory::{Status, xlsx};
    let dir = workspace();
    alinea().current_dir(dir.path()).args(["align", "--xlsx"]).assert().success();
    let book = dir.path().join("memory/rw895-peru.xlsx");
    let table = xlsx::read_file(&book, None).unwrap();
    let csv = alinea::memory::csv::read_file(&dir.path().join("memory/rw895-peru.csv"), None).unwrap();
    assert_eq!(table.units, csv.units, "the workbook holds what the CSV holds");
    // The reviewer works in the workbook (saved after the CSV): a rejection there is carried.
    let mut units = table.units;
    units[0].status = Status::Rejected;
    units[1].note = "from Excel".into();
    std::thread::sleep(std::time::Duration::from_millis(20));
    let mut writer = xlsx::Writer::new(&table.languages, Default::default());
    for unit in &units {
        writer.write_unit(unit).unwrap();
    }
    writer.save(&book).unwrap();
    alinea().current_dir(dir.path()).arg("align").assert().success().stdout(predicate::str::contains(
        "carried the review in memory/rw895-peru.xlsx: 2 reviewed rows kept",
    ));
    let r = rows(&dir.path().join("memory/rw895-peru.csv"));
    assert_eq!(r[1][column(&r, "status")], "reject");
    assert_eq!(r[2][column(&r, "note")], "from Excel");
    // The workbook is kept up to date, with its layout: a frozen header, a status list, wrapped text.
    let again = xlsx::read_file(&book, None).unwrap();
    assert_eq!(again.units[0].status, Status::Rejected);
    let sheet = zip_entry(&book, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains(r#"state="frozen""#), "frozen header");
    assert!(
        sheet.contains("<dataValidation type=\"list\"") && sheet.contains("\"ok,reject\""),
        "status list"
    );
    assert!(zip_entry(&book, "xl/styles.xml").contains("wrapText"), "wrapped text");
}

/// A file of an .xlsx workbook (a zip archive), as text.
fn zip_entry(book: &Path, name: &str) -> String {
    let file = std::fs::File::open(book).unwrap();
    let mut archive = zip::ZipArchive::new(file).unwrap();
    let mut entry = archive.by_name(name).unwrap();
    let mut text = String::new();
    std::io::Read::read_to_string(&mut entry, &mut text).unwrap();
    text
}
