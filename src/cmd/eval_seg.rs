use std::collections::BTreeMap;
use std::path::PathBuf;

use alinea::eval::{self, Prf};

#[derive(Debug, clap::Args)]
#[command(after_help = "\
The suite is a JSON array of cases {\"lang\", \"text\", \"expected\": [sentences], \"id\",
\"pure_segmentation\"}, as in tests/data/segmentation/segmentation_gold_en_es.json (golden rules
of pySBD, Pragmatic Segmenter and sentencex). By default only the cases marked pure_segmentation
are scored (their gold sentences are the input cut into pieces, with no cleaning).

Examples:
  alinea eval-seg tests/data/segmentation/segmentation_gold_en_es.json
  alinea eval-seg tests/data/segmentation/segmentation_gold_en_es.json --lang es --failures")]
pub struct Args {
    /// The suite of cases.
    suite: PathBuf,
    /// Only the cases of this language.
    #[arg(long)]
    lang: Option<String>,
    /// Score every case, not only those marked pure_segmentation.
    #[arg(long)]
    all: bool,
    /// Print each case that is not segmented exactly (modulo list markers), with gold and output.
    #[arg(long)]
    failures: bool,
}

#[derive(Default)]
struct Tally {
    cases: usize,
    exact: usize,
    without_markers: usize,
    boundaries: Prf,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let cases = eval::read_segmentation_suite(&args.suite)?;
    let mut tallies: BTreeMap<String, Tally> = BTreeMap::new();
    for case in &cases {
        if !(args.all || case.pure_segmentation) || args.lang.as_ref().is_some_and(|l| *l != case.lang) {
            continue;
        }
        let (predicted, score) = eval::run_segmentation_case(case)?;
        let t = tallies.entry(case.lang.clone()).or_default();
        t.cases += 1;
        t.exact += usize::from(score.exact);
        t.without_markers += usize::from(score.exact_without_markers);
        t.boundaries.matched += score.boundaries.matched;
        t.boundaries.predicted += score.boundaries.predicted;
        t.boundaries.gold += score.boundaries.gold;
        if args.failures && !score.exact_without_markers {
            println!("--- {} {}", case.lang, case.id);
            println!("gold: {:?}", case.expected);
            println!("got:  {predicted:?}");
        }
    }
    println!(
        "{:<5} {:>6} {:>14} {:>22} {:>10} {:>10} {:>10}",
        "lang", "cases", "exact", "exact without markers", "boundary P", "boundary R", "boundary F1"
    );
    for (lang, t) in &tallies {
        let share = |n: usize| format!("{n} ({:.1}%)", 100.0 * n as f64 / t.cases.max(1) as f64);
        println!(
            "{:<5} {:>6} {:>14} {:>22} {:>10.4} {:>10.4} {:>10.4}",
            lang,
            t.cases,
            share(t.exact),
            share(t.without_markers),
            t.boundaries.precision(),
            t.boundaries.recall(),
            t.boundaries.f1()
        );
    }
    Ok(())
}
