//! `alinea align --input lines --beads` and `alinea eval` against the gold alignment of the sample.

use std::path::Path;

use alinea::eval::{evaluate, parse_beads};

use crate::util::{alinea, read, sample};

fn predicted_beads(extra: &[&str]) -> String {
    let out = alinea()
        .args(["align", "--input", "lines", "--beads"])
        .args(extra)
        .arg(sample("en.sents"))
        .arg(sample("es.sents"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn alignment_of_the_gold_sentences_reaches_strict_f1_095() {
    let gold = parse_beads(&read(&sample("gold.beads")), Path::new("gold.beads")).unwrap();
    let predicted = parse_beads(&predicted_beads(&[]), Path::new("predicted")).unwrap();
    let scores = evaluate(&gold, &predicted);
    assert!(scores.strict.f1() >= 0.95, "strict F1 {:.3}", scores.strict.f1());
    assert!(scores.lax.f1() >= 0.95, "lax F1 {:.3}", scores.lax.f1());
}

#[test]
fn anchors_improve_on_lengths_alone() {
    let gold = parse_beads(&read(&sample("gold.beads")), Path::new("gold.beads")).unwrap();
    let with = evaluate(&gold, &parse_beads(&predicted_beads(&[]), Path::new("p")).unwrap());
    let without = evaluate(&gold, &parse_beads(&predicted_beads(&["--no-anchors"]), Path::new("p")).unwrap());
    assert!(with.strict.f1() > without.strict.f1(), "{:.3} vs {:.3}", with.strict.f1(), without.strict.f1());
}

#[test]
fn eval_prints_strict_and_lax_scores() {
    let dir = tempfile::tempdir().unwrap();
    let pred = dir.path().join("pred.beads");
    std::fs::write(&pred, predicted_beads(&[])).unwrap();
    let out = alinea().arg("eval").arg(sample("gold.beads")).arg(&pred).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let f1 = |measure: &str| -> f64 {
        let line = text
            .lines()
            .find(|l| l.starts_with(measure))
            .unwrap_or_else(|| panic!("no {measure} row in {text}"));
        line.split_whitespace().nth(3).unwrap().parse().unwrap()
    };
    assert!(f1("strict") >= 0.95 && f1("lax") >= 0.95, "{text}");
    // The gold against itself is perfect.
    let out = alinea().arg("eval").arg(sample("gold.beads")).arg(sample("gold.beads")).output().unwrap();
    assert!(String::from_utf8(out.stdout).unwrap().contains("strict      1.0000    1.0000    1.0000"));
}

#[test]
fn eval_dataset_aligns_and_scores_the_sample() {
    let out = alinea().args(["eval", "--dataset"]).arg(sample("")).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let row = text.lines().find(|l| l.starts_with("rw895")).unwrap_or_else(|| panic!("{text}"));
    let strict_f1: f64 = row.split_whitespace().nth(4).unwrap().parse().unwrap();
    assert!(strict_f1 >= 0.95, "{row}");
    assert!(text.contains("gold: 0-1:1 1-0:1 1-1:80 1-2:3 2-1:3"), "{text}");
}

#[test]
#[ignore = "needs ../shared"]
fn dev_sets_from_shared_hold_their_figures() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/alignment");
    let sets = [
        ("wmt_newstest_en_es", 0.9997),
        ("wmt_newstest_en_es_pysbd_resplit", 0.9851),
        ("wmt_biomed_en_pt", 0.9405),
        ("dev", 0.8711),
    ];
    // Per set: strict F1, and the share of right beads among those scored 0.9 or more.
    let strict_f1 = |extra: &[&str]| -> Vec<(f64, f64)> {
        let out = alinea()
            .args(["eval", "--dataset"])
            .arg(root.join("wmt_newstest_en_es"))
            .arg(root.join("wmt_newstest_en_es_pysbd_resplit"))
            .arg(root.join("wmt_biomed_en_pt"))
            .arg(root.join("textberg_de_fr/dev"))
            .args(extra)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let text = String::from_utf8(out.stdout).unwrap();
        sets.iter()
            .map(|(set, _)| {
                let row = text
                    .lines()
                    .find(|l| l.split_whitespace().next() == Some(*set))
                    .unwrap_or_else(|| panic!("{set}: {text}"));
                let f1 = row.split_whitespace().nth(4).unwrap().parse().unwrap();
                // "  confidence  [0.0, 0.5): ...; [0.9, 1.0]: 288 beads, 0.913 right", after the row.
                let after = &text[text.find(row).unwrap()..];
                let band = after.split("[0.9, 1.0]: ").nth(1).unwrap_or_else(|| panic!("{set}: {text}"));
                let right = band.split_whitespace().nth(2).unwrap().parse().unwrap();
                (f1, right)
            })
            .collect()
    };
    let with = strict_f1(&[]);
    // Strict F1 when the figure was last measured, within 0.002: a change that loses more says why and
    // sets the new figure here. And a confidence of 0.9 means what it says: such beads are right at
    // least 95% of the time on every set.
    for ((set, figure), (f1, right)) in sets.iter().zip(&with) {
        assert!(*f1 >= figure - 0.002, "{set}: strict F1 {f1} < {figure} - 0.002");
        assert!(*right >= 0.95, "{set}: beads scored 0.9 or more right {right} of the time");
    }
    // Word pairs learned from each whole set lose nothing on any set (they gained on biomed, the set of
    // many short abstracts, when measured).
    let batch = strict_f1(&["--learn-batch"]);
    for ((set, _), ((a, _), (b, right))) in sets.iter().zip(with.iter().zip(&batch)) {
        assert!(*b >= a - 0.0005, "{set}: {b} learning from the set, {a} without");
        assert!(
            *right >= 0.95,
            "{set}: with --learn-batch, beads scored 0.9 or more right {right} of the time"
        );
    }
    // The anchors are worth something on every set: without them (Gale-Church) alinea scores lower.
    let without = strict_f1(&["--no-anchors"]);
    for ((set, _), ((a, _), (b, _))) in sets.iter().zip(with.iter().zip(&without)) {
        assert!(a > b, "{set}: {a} with anchors, {b} without");
    }
}

/// The beads of a bead file, each as (first side, second side) text.
fn bead_lines(text: &str) -> Vec<(String, String)> {
    text.lines()
        .map(|l| {
            let (a, b) = l.split_once(':').unwrap();
            (a.to_string(), b.to_string())
        })
        .collect()
}

#[test]
fn spanish_to_english_is_english_to_spanish_with_the_sides_swapped() {
    let run = |first: &str, second: &str, extra: &[&str]| {
        let out = alinea()
            .args(["align", "--beads"])
            .arg(sample(first))
            .arg(sample(second))
            .args(extra)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        bead_lines(&String::from_utf8(out.stdout).unwrap())
    };
    let forward = run("en.txt", "es.txt", &[]);
    let backward: Vec<(String, String)> = run("es.txt", "en.txt", &["--src-lang", "es", "--tgt-lang", "en"])
        .into_iter()
        .map(|(a, b)| (b, a))
        .collect();
    assert_eq!(forward, backward);
    // Cut with English rules, the Spanish edition splits after "el Gral." and joins "EE.UU. Estos": the
    // languages given are the rules used.
    let wrong_rules: Vec<(String, String)> =
        run("es.txt", "en.txt", &["--src-lang", "en", "--tgt-lang", "es"])
            .into_iter()
            .map(|(a, b)| (b, a))
            .collect();
    assert_ne!(wrong_rules, backward);
}

#[test]
fn without_flags_or_language_folders_the_editions_language_sets_the_pair() {
    let dir = tempfile::tempdir().unwrap();
    for (folder, file) in [("spanish", "es.txt"), ("english", "en.txt")] {
        std::fs::create_dir(dir.path().join(folder)).unwrap();
        std::fs::copy(sample(file), dir.path().join(folder).join("peru.txt")).unwrap();
    }
    let out = alinea()
        .current_dir(dir.path())
        .args(["align", "spanish", "english", "-o", "memory"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("read as es and en"));
    assert!(read(&dir.path().join("memory/peru.tmx")).contains(r#"srclang="es""#));
    // Folder names that are language codes win over what the text reads as.
    for (folder, file) in [("en", "es.txt"), ("es", "en.txt")] {
        std::fs::create_dir(dir.path().join(folder)).unwrap();
        std::fs::copy(sample(file), dir.path().join(folder).join("peru.txt")).unwrap();
    }
    let out = alinea().current_dir(dir.path()).args(["align", "en", "es", "-o", "swapped"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "the swapped editions are held back");
}

#[test]
fn folders_named_by_language_set_the_pair() {
    let dir = tempfile::tempdir().unwrap();
    for (folder, file) in [("es", "es.txt"), ("en", "en.txt")] {
        std::fs::create_dir(dir.path().join(folder)).unwrap();
        std::fs::copy(sample(file), dir.path().join(folder).join("peru.txt")).unwrap();
    }
    alinea().current_dir(dir.path()).args(["align", "es", "en", "-o", "memory", "-q"]).assert().success();
    let tmx = read(&dir.path().join("memory/peru.tmx"));
    assert!(tmx.contains(r#"srclang="es""#), "{}", &tmx[..400]);
    let csv = read(&dir.path().join("memory/peru.csv"));
    assert!(csv.starts_with("id,document,score,bead,es,en,"), "{}", &csv[..100]);
    // The flags win over the folder names.
    alinea()
        .current_dir(dir.path())
        .args(["align", "es", "en", "-o", "flags", "-q", "--src-lang", "es-MX", "--tgt-lang", "en-US"])
        .assert()
        .success();
    assert!(read(&dir.path().join("flags/peru.tmx")).contains(r#"srclang="es-MX""#));
}

/// The sentences of XuanZang.tmx (an article translated sentence by sentence into five languages, 51
/// units) in `lang`, in the memory's order: two editions whose gold alignment is every unit 1-1.
fn xuanzang(lang: &str) -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/tmx/disfr_samples/XuanZang.tmx");
    let reader = alinea::memory::tmx::open(&path, alinea::memory::tmx::InlineTags::Strip).unwrap();
    reader.map(|unit| unit.unwrap().text(lang).unwrap().to_string()).collect()
}

/// Aligns the English sentences with those of `lang` (pre-segmented, after joining the target sentences
/// that `join` says follow their predecessor without a break) and scores it against the gold.
fn align_xuanzang(lang: &str, join: impl Fn(usize) -> bool) -> (f64, usize) {
    let (en, other) = (xuanzang("en"), xuanzang(lang));
    let glue = if lang.starts_with("zh") { "" } else { " " };
    let (mut lines, mut gold) = (Vec::<String>::new(), String::new());
    for (i, sentence) in other.iter().enumerate() {
        if i > 0 && join(i) {
            let last = lines.len() - 1;
            lines[last] = format!("{}{glue}{sentence}", lines[last]);
            gold.truncate(gold.trim_end().rfind('\n').map_or(0, |k| k + 1));
            gold.push_str(&format!("[{},{i}]:[{last}]\n", i - 1));
        } else {
            gold.push_str(&format!("[{i}]:[{}]\n", lines.len()));
            lines.push(sentence.clone());
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let (source, target) = (dir.path().join("en.sents"), dir.path().join("other.sents"));
    std::fs::write(&source, en.join("\n") + "\n").unwrap();
    std::fs::write(&target, lines.join("\n") + "\n").unwrap();
    let code = lang.split('-').next().unwrap();
    let out = alinea()
        .args(["align", "--input", "lines", "--beads", "--src-lang", "en", "--tgt-lang", code])
        .arg(&source)
        .arg(&target)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let predicted = parse_beads(&String::from_utf8(out.stdout).unwrap(), Path::new("predicted")).unwrap();
    let gold = parse_beads(&gold, Path::new("gold")).unwrap();
    let scores = evaluate(&gold, &predicted);
    (scores.strict.f1(), gold.len())
}

#[test]
fn chinese_and_korean_editions_align_by_their_own_length_units() {
    for lang in ["zh-cn", "ko", "de"] {
        let (f1, beads) = align_xuanzang(lang, |_| false);
        assert_eq!((f1, beads), (1.0, 51), "{lang}: every sentence 1-1");
        let (f1, _) = align_xuanzang(lang, |i| i % 7 == 3);
        assert!(f1 >= 0.9, "{lang}: with a sentence joined to its predecessor every 7: strict F1 {f1:.3}");
    }
}
