use std::collections::BTreeMap;
use std::path::PathBuf;

use anyhow::bail;

use super::args::AlignerArgs;
use alinea::corpus;
use alinea::eval::{self, Prf, Scores};

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Bead files hold one bead a line, [0,1]:[2], with 0-based sentence indices and [] for none.

With --dataset, each document folder under DIR (a folder with gold.txt or gold.beads and two
sentence files, one sentence a line, as in ../shared/alignment) is aligned and scored; the totals
are micro-averages over the documents.

Examples:
  alinea align --input lines --beads en.sents es.sents > pred.beads
  alinea eval gold.beads pred.beads
  alinea eval --dataset ../shared/alignment/wmt_biomed_en_pt
  alinea eval --dataset tests/data/rw895 --no-anchors
  alinea eval --half tune --dataset ../shared/alignment/*/   (tune here; report --half check)")]
pub struct Args {
    /// The gold alignment (bead file).
    #[arg(required_unless_present = "dataset")]
    gold: Option<PathBuf>,
    /// The predicted alignment (bead file).
    #[arg(required_unless_present = "dataset")]
    predicted: Option<PathBuf>,
    /// Align and score every document of these development sets instead.
    #[arg(long, value_name = "DIR", num_args = 1..)]
    dataset: Vec<PathBuf>,
    /// With --dataset: how to align.
    #[command(flatten)]
    aligner: AlignerArgs,
    /// With --dataset: print a line per document.
    #[arg(long)]
    per_doc: bool,
    /// With --dataset: measure the check that holds back pairs that are not translations, on the true
    /// pairs and on false ones made from the set (shuffled, swapped, the same text twice).
    #[arg(long)]
    pair_check: bool,
    /// With --dataset: align and score only one half of each set, to tune on one half and check on the
    /// other: `tune` takes the first, third... document (sorted by name), `check` the second, fourth...;
    /// a set of one document is cut in two at the gold bead boundary nearest its middle.
    #[arg(long, value_enum, value_name = "HALF")]
    half: Option<HalfArg>,
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum HalfArg {
    Tune,
    Check,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    if !args.dataset.is_empty() {
        return run_datasets(&args);
    }
    let (Some(gold_path), Some(predicted_path)) = (&args.gold, &args.predicted) else {
        bail!("give a gold and a predicted bead file, or --dataset DIR");
    };
    let gold = eval::parse_beads(&corpus::read_text(gold_path)?, gold_path)?;
    let predicted = eval::parse_beads(&corpus::read_text(predicted_path)?, predicted_path)?;
    let scores = eval::evaluate(&gold, &predicted);
    println!(
        "{:<8} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9}",
        "measure", "precision", "recall", "f1", "matched", "predicted", "gold"
    );
    for (name, prf) in [("strict", scores.strict), ("lax", scores.lax)] {
        print_row(name, prf);
    }
    Ok(())
}

fn run_datasets(args: &Args) -> anyhow::Result<()> {
    let params = args.aligner.params()?;
    if args.pair_check {
        println!(
            "{:<36} {:>14} {:>16} {:>16} {:>16}",
            "dataset", "true accepted", "shuffled caught", "swapped caught", "same caught"
        );
        let share = |(a, b): (usize, usize)| format!("{a}/{b} {:.1}%", 100.0 * a as f64 / b.max(1) as f64);
        for dir in &args.dataset {
            let result = eval::pair_check(&eval::dev_documents(dir)?, &params)?;
            let name =
                dir.file_name().map_or_else(|| dir.display().to_string(), |n| n.to_string_lossy().into());
            println!(
                "{name:<36} {:>14} {:>16} {:>16} {:>16}",
                share(result.true_accepted),
                share(result.shuffled_caught),
                share(result.swapped_caught),
                share(result.same_caught)
            );
            for (doc, why) in &result.rejected {
                println!("  held back: {doc}: {why}");
            }
        }
        return Ok(());
    }
    println!(
        "{:<36} {:>5} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8}",
        "dataset", "docs", "strict P", "strict R", "strict F1", "lax P", "lax R", "lax F1"
    );
    for dir in &args.dataset {
        let mut docs = eval::dev_documents(dir)?;
        if let Some(half) = args.half {
            let half = match half {
                HalfArg::Tune => eval::Half::Tune,
                HalfArg::Check => eval::Half::Check,
            };
            docs = eval::half_of(docs, half);
        }
        // A set is a batch: with --learn-batch, every document is aligned once to learn from them all.
        let params = if args.aligner.learn_batch {
            let mut counts = alinea::align::Cooccurrences::default();
            for doc in &docs {
                eval::learn_document(doc, &params, &mut counts)?;
            }
            super::args::with_learned(&params, &counts)
        } else {
            params.clone()
        };
        let mut total = Scores::default();
        let mut confidence: Vec<(f64, bool)> = Vec::new();
        let (mut gold_kinds, mut predicted_kinds) = (BTreeMap::new(), BTreeMap::new());
        for doc in &docs {
            let result = eval::evaluate_document(doc, &params)?;
            if args.per_doc {
                println!(
                    "  {:<34} strict F1 {:.4}  lax F1 {:.4}",
                    doc.name,
                    result.scores.strict.f1(),
                    result.scores.lax.f1()
                );
            }
            total.add(result.scores);
            confidence.extend(result.confidence);
            for (k, n) in result.gold_kinds {
                *gold_kinds.entry(k).or_insert(0) += n;
            }
            for (k, n) in result.predicted_kinds {
                *predicted_kinds.entry(k).or_insert(0) += n;
            }
        }
        let name =
            dir.file_name().map_or_else(|| dir.display().to_string(), |n| n.to_string_lossy().into_owned());
        println!(
            "{:<36} {:>5} {:>8.4} {:>8.4} {:>8.4} {:>8.4} {:>8.4} {:>8.4}",
            name,
            docs.len(),
            total.strict.precision(),
            total.strict.recall(),
            total.strict.f1(),
            total.lax.precision(),
            total.lax.recall(),
            total.lax.f1()
        );
        let kinds = |m: &BTreeMap<String, usize>| {
            m.iter().map(|(k, n)| format!("{k}:{n}")).collect::<Vec<_>>().join(" ")
        };
        println!("  bead types  gold: {}", kinds(&gold_kinds));
        println!("              pred: {}", kinds(&predicted_kinds));
        // Calibration: how often the beads in each confidence band are right.
        let mut bands = Vec::new();
        for (low, high) in [(0.0, 0.5), (0.5, 0.9), (0.9, 1.01)] {
            let inside: Vec<bool> =
                confidence.iter().filter(|(s, _)| *s >= low && *s < high).map(|&(_, ok)| ok).collect();
            let right = inside.iter().filter(|&&ok| ok).count();
            let precision = if inside.is_empty() {
                "-".to_string()
            } else {
                format!("{:.3}", right as f64 / inside.len() as f64)
            };
            let close = if high > 1.0 { ']' } else { ')' };
            bands.push(format!(
                "[{low:.1}, {:.1}{close}: {} beads, {precision} right",
                high.min(1.0),
                inside.len()
            ));
        }
        println!("  confidence  {}", bands.join("; "));
        let o = total.omissions;
        println!(
            "  omissions   sentences without counterpart: gold {}, predicted {}, found {}: precision {:.3}, recall {:.3}",
            o.gold,
            o.predicted,
            o.matched,
            o.precision(),
            o.recall()
        );
    }
    Ok(())
}

fn print_row(name: &str, p: Prf) {
    println!(
        "{:<8} {:>9.4} {:>9.4} {:>9.4} {:>9} {:>9} {:>9}",
        name,
        p.precision(),
        p.recall(),
        p.f1(),
        p.matched,
        p.predicted,
        p.gold
    );
}
