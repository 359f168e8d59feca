//! Pairs that are not translations of each other are held back, through the binary: no memory file,
//! not in all.tmx, named on standard error with the reason, listed in the summary, exit status 2;
//! `--force` writes them anyway.

use predicates::prelude::*;

use crate::util::{alinea, read, sample};

/// A folder run over `pairs` (name, English text, Spanish text) beside the sample's own pair.
fn folder_run(pairs: &[(&str, String, String)], extra: &[&str]) -> (tempfile::TempDir, std::process::Output) {
    let dir = tempfile::tempdir().unwrap();
    for lang in ["en", "es"] {
        std::fs::create_dir(dir.path().join(lang)).unwrap();
    }
    let mut all = vec![("peru".to_string(), read(&sample("en.txt")), read(&sample("es.txt")))];
    all.extend(pairs.iter().map(|(n, a, b)| (n.to_string(), a.clone(), b.clone())));
    for (name, en, es) in &all {
        std::fs::write(dir.path().join("en").join(format!("{name}.txt")), en).unwrap();
        std::fs::write(dir.path().join("es").join(format!("{name}.txt")), es).unwrap();
    }
    let out = alinea().current_dir(dir.path()).arg("align").args(extra).output().unwrap();
    (dir, out)
}

/// Sentences `range` of a pre-segmented sample file, as running text.
fn sentences(file: &str, range: std::ops::Range<usize>) -> String {
    let text = read(&sample(file));
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    lines[range.start..range.end.min(lines.len())].join("\n\n")
}

#[test]
fn each_kind_of_false_pair_is_held_back_with_its_reason() {
    let (en, es) = (read(&sample("en.txt")), read(&sample("es.txt")));
    let cases = [
        ("swapped", es.clone(), en.clone(), "the first edition is in Spanish, not in en as declared"),
        ("same", en.clone(), en.clone(), "both editions hold the same text"),
        ("stub", en.clone(), es.chars().take(400).collect(), "a fragment, not a translation"),
        (
            "unrelated",
            sentences("en.sents", 0..40),
            sentences("es.sents", 48..120),
            "they look like different texts",
        ),
    ];
    for (name, first, second, reason) in cases {
        let (dir, out) = folder_run(&[(name, first, second)], &[]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(2), "{name}: {stderr}");
        assert!(
            stderr.contains(&format!("alinea: {name}: held back, no memory written: ")),
            "{name}: {stderr}"
        );
        assert!(stderr.contains(reason), "{name}: {stderr}");
        assert!(stderr.contains("1 of 2 pairs held back"), "{name}: {stderr}");
        assert!(stdout.contains(&format!("{name} (held back)")), "{name}: {stdout}");
        let memory = dir.path().join("memory");
        assert!(!memory.join(format!("{name}.tmx")).exists() && !memory.join(format!("{name}.csv")).exists());
        assert!(memory.join("peru.tmx").exists(), "the true pair is written");
        assert!(!memory.join("all.tmx").exists(), "one pair written: no merged memory");
    }
}

#[test]
fn force_writes_a_doubted_pair_and_true_pairs_pass() {
    let (en, es) = (read(&sample("en.txt")), read(&sample("es.txt")));
    let (dir, out) = folder_run(&[("same", en.clone(), en.clone()), ("copy", en, es)], &["--force"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let memory = dir.path().join("memory");
    assert!(memory.join("same.tmx").exists() && memory.join("all.tmx").exists());
    // Without --force, the true pairs alone reach all.tmx.
    let en = read(&sample("en.txt"));
    let (dir, out) = folder_run(
        &[("same", en.clone(), en), ("copy", read(&sample("en.txt")), read(&sample("es.txt")))],
        &[],
    );
    assert_eq!(out.status.code(), Some(2));
    let all = read(&dir.path().join("memory/all.tmx"));
    assert!(!all.contains(r#"<prop type="x-alinea-document">same</prop>"#));
    assert!(all.contains("¡Fuera las manos de Estados Unidos del Perú!"));
}

#[test]
fn the_detector_is_measured_by_a_command() {
    alinea()
        .args(["eval", "--dataset"])
        .arg(sample(""))
        .arg("--pair-check")
        .assert()
        .success()
        .stdout(predicate::str::contains("true accepted"))
        .stdout(predicate::str::is_match(r"rw895 +1/1 100\.0%").unwrap());
}

#[test]
#[ignore = "needs ../shared"]
fn on_the_dev_sets_true_pairs_pass_and_false_ones_are_caught() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/alignment");
    for set in
        ["wmt_biomed_en_pt", "wmt_newstest_en_es", "wmt_newstest_en_es_pysbd_resplit", "textberg_de_fr"]
    {
        let docs = alinea::eval::dev_documents(&root.join(set)).unwrap();
        let r = alinea::eval::pair_check(&docs, &alinea::align::Params::default()).unwrap();
        let share = |(a, b): (usize, usize)| if b == 0 { 1.0 } else { a as f64 / b as f64 };
        for (what, got) in [
            ("true pairs accepted", share(r.true_accepted)),
            ("shuffled pairs caught", share(r.shuffled_caught)),
            ("swapped pairs caught", share(r.swapped_caught)),
            ("same text caught", share(r.same_caught)),
        ] {
            assert!(got >= 0.995, "{set}: {what}: {got:.4} ({:?})", r.rejected);
        }
    }
}
