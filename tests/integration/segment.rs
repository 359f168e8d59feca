//! `alinea segment` against the gold segmentation of the sample.

use std::collections::HashSet;

use crate::util::{alinea, read, sample, sentences};

/// Share of the gold sentences that the segmenter reproduces exactly (white space folded).
fn gold_sentences_found(lang: &str) -> (f64, Vec<String>) {
    let out =
        alinea().args(["segment", "--lang", lang]).arg(sample(&format!("{lang}.txt"))).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let predicted: HashSet<String> = sentences(&String::from_utf8(out.stdout).unwrap()).into_iter().collect();
    let gold = sentences(&read(&sample(&format!("{lang}.sents"))));
    let missing: Vec<String> = gold.iter().filter(|g| !predicted.contains(*g)).cloned().collect();
    (1.0 - missing.len() as f64 / gold.len() as f64, missing)
}

#[test]
fn english_edition_matches_the_gold_sentences() {
    let (share, missing) = gold_sentences_found("en");
    assert!(share >= 0.97, "{:.3} of the gold sentences; missing: {missing:#?}", share);
}

#[test]
fn spanish_edition_matches_the_gold_sentences() {
    let (share, missing) = gold_sentences_found("es");
    assert!(share >= 0.97, "{:.3} of the gold sentences; missing: {missing:#?}", share);
}

#[test]
fn paragraphs_are_separated_by_a_blank_line() {
    let out = alinea().args(["segment", "--lang", "en"]).arg(sample("en.txt")).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let paragraphs = text.split("\n\n").count();
    let gold_paragraphs = read(&sample("en.sents")).trim_end().split("\n\n").count();
    assert_eq!(paragraphs, gold_paragraphs);
    assert!(!text.contains('•'), "bullet markers are not part of sentences");
}

#[test]
fn reads_standard_input_and_prints_offsets() {
    let input = "Gen. Barry McCaffrey went to Lima. He met Montesinos.";
    alinea()
        .args(["segment", "--lang", "en", "--offsets"])
        .write_stdin(input)
        .assert()
        .success()
        .stdout("0\t34\tGen. Barry McCaffrey went to Lima.\n35\t53\tHe met Montesinos.\n");
}
