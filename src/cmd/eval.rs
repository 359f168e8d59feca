use std::path::PathBuf;

use alinea::corpus;
use alinea::eval::{self, Prf};

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Bead files hold one bead a line, [0,1]:[2], with 0-based sentence indices and [] for none.

Examples:
  alinea align --input lines --beads en.sents es.sents > pred.beads
  alinea eval gold.beads pred.beads")]
pub struct Args {
    /// The gold alignment (bead file).
    gold: PathBuf,
    /// The predicted alignment (bead file).
    predicted: PathBuf,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let gold = eval::parse_beads(&corpus::read_text(&args.gold)?, &args.gold)?;
    let predicted = eval::parse_beads(&corpus::read_text(&args.predicted)?, &args.predicted)?;
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
