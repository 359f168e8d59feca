//! Review tables as spreadsheets save them, through `alinea build`: Excel's "CSV (Comma delimited)" in
//! Windows-1252 with semicolons and CRLF in a decimal-comma locale, "Unicode text" (UTF-16, tabs), and
//! the defects a reviewer's hand leaves.

use predicates::prelude::*;

use crate::util::{alinea, read};

/// Text as Windows-1252 bytes (every character here is in it).
fn windows_1252(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(text);
    assert!(!unmappable);
    bytes.into_owned()
}

#[test]
fn an_excel_csv_in_windows_1252_with_semicolons_crlf_and_decimal_commas() {
    let dir = tempfile::tempdir().unwrap();
    let table = "id;document;score;bead;en;es;status;note\r\n\
                 1;peru;1,000;1-1;Hands off Peru!;¡Fuera las manos del Perú!;OK;\r\n\
                 2;peru;0,412;1-1;The aid;La ayuda militar;;revisar\r\n\
                 3;peru;0,973;1-0;Alone;;;\r\n\
                 4;peru;0,950;1-0;Translated later;Traducida después;sí;\r\n";
    std::fs::write(dir.path().join("excel.csv"), windows_1252(table)).unwrap();
    alinea()
        .current_dir(dir.path())
        .args(["build", "excel.csv", "-o", "m.tmx"])
        .assert()
        .success()
        .stderr(predicate::str::contains("4 units read (en/es), 2 written to m.tmx"))
        .stderr(predicate::str::contains("1 unreviewed under the --min-score threshold"));
    let tmx = read(&dir.path().join("m.tmx"));
    assert!(tmx.contains("<seg>¡Fuera las manos del Perú!</seg>"), "accents read right: {tmx}");
    assert!(tmx.contains(r#"<prop type="x-alinea-score">1.000</prop>"#));
    // The translated 1-0 row is a pair now.
    assert!(
        tmx.contains("<seg>Traducida después</seg>")
            && tmx.contains(r#"<prop type="x-alinea-bead">1-1</prop>"#)
    );
    alinea().current_dir(dir.path()).args(["build", "excel.csv", "-o", "back.csv"]).assert().success();
    let back = read(&dir.path().join("back.csv"));
    assert!(back.contains("Translated later,Traducida después,,,ok,,yes,"), "{back}");
}

#[test]
fn unicode_text_from_excel_is_utf16_with_tabs() {
    let dir = tempfile::tempdir().unwrap();
    let table = "en\tes\tstatus\r\nHands off Peru!\t¡Fuera las manos del Perú!\t\r\nBye\tAdiós\treject\r\n";
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(table.encode_utf16().flat_map(u16::to_le_bytes));
    std::fs::write(dir.path().join("unicode.txt"), bytes).unwrap();
    alinea()
        .current_dir(dir.path())
        .args(["build", "unicode.txt", "-o", "m.tmx"])
        .assert()
        .success()
        .stderr(predicate::str::contains("2 units read (en/es), 1 written to m.tmx; 1 rejected"));
    assert!(read(&dir.path().join("m.tmx")).contains("<seg>¡Fuera las manos del Perú!</seg>"));
}

#[test]
fn the_tsv_that_build_writes_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("r.csv"), "en,es\nHello,Hola\n\"Tab\there\",\"Tabulador\"\nBye,Adiós\n")
        .unwrap();
    alinea().current_dir(dir.path()).args(["build", "r.csv", "-o", "m.tsv"]).assert().success();
    alinea()
        .current_dir(dir.path())
        .args(["build", "m.tsv", "-o", "back.tmx"])
        .assert()
        .success()
        .stderr(predicate::str::contains("3 units read (en/es), 3 written"));
    assert!(read(&dir.path().join("back.tmx")).contains("<seg>Tab here</seg>"));
}

#[test]
fn a_reviewers_slips_are_named_by_spreadsheet_row() {
    let dir = tempfile::tempdir().unwrap();
    // CRLF line ends: the row numbers are those the spreadsheet shows.
    std::fs::write(dir.path().join("r.csv"), "en,es,status\r\nHello,Hola,\r\nBye,Adiós,perhaps\r\n").unwrap();
    alinea()
        .current_dir(dir.path())
        .args(["build", "r.csv", "-o", "m.tmx"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("r.csv:3: status \"perhaps\""));
    // An unclosed quote near the end would swallow the rows after it: an error, with its row.
    std::fs::write(dir.path().join("q.csv"), "en,es\r\nA,a\r\n\"B,b\r\nC,c\r\nD,d\r\n").unwrap();
    alinea()
        .current_dir(dir.path())
        .args(["build", "q.csv", "-o", "m.tmx"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("q.csv:3: a quote"));
    assert!(!dir.path().join("m.tmx").exists());
    // A score that is no number is only metadata: a warning with its row, the rest goes on.
    std::fs::write(dir.path().join("s.csv"), "en,es,score\nHello,Hola,high\nBye,Adiós,0.9\n").unwrap();
    alinea()
        .current_dir(dir.path())
        .args(["build", "s.csv", "-o", "m.tmx"])
        .assert()
        .success()
        .stderr(predicate::str::contains("s.csv:2"))
        .stderr(predicate::str::contains("2 units read (en/es), 2 written"));
}

#[test]
fn a_row_inserted_by_hand_gets_a_fresh_id() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("r.csv"),
        "id,document,en,es\n1,d,Hello,Hola\n,d,Inserted,Insertada\n2,d,Bye,Adiós\n2,d,Copied,Copiada\n",
    )
    .unwrap();
    alinea().current_dir(dir.path()).args(["build", "r.csv", "-o", "out.csv"]).assert().success();
    let out = read(&dir.path().join("out.csv"));
    let ids: Vec<&str> = out.lines().skip(1).map(|l| l.split(',').next().unwrap()).collect();
    assert_eq!(ids, ["1", "3", "2", "4"]);
}

#[test]
fn build_writes_a_workbook_that_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("r.csv"),
        "id,document,score,en,es,status,note\n1,peru,0.950,Hello,Hola,ok,fine\n2,peru,0.300,=1+1,Uno más uno,,\n\
         1,lima,0.700,Bye,Adiós,reject,\n",
    )
    .unwrap();
    alinea().current_dir(dir.path()).args(["build", "r.csv", "-o", "r.xlsx"]).assert().success();
    alinea()
        .current_dir(dir.path())
        .args(["build", "r.xlsx", "-o", "back.csv"])
        .assert()
        .success()
        .stderr(predicate::str::contains("3 units read (en/es), 3 written"));
    let back = read(&dir.path().join("back.csv"));
    assert!(back.contains("1,peru,0.950,,Hello,Hola,,,ok,fine,yes,"), "{back}");
    assert!(back.contains("2,peru,0.300,,'=1+1,Uno más uno,,,,,no,"), "{back}");
    assert!(back.contains("1,lima,0.700,,Bye,Adiós,,,reject,,no,"), "{back}");
    alinea()
        .current_dir(dir.path())
        .args(["build", "r.xlsx", "-o", "m.tmx"])
        .assert()
        .success()
        .stderr(predicate::str::contains("1 written to m.tmx; 1 rejected; 1 unreviewed under"));
}
