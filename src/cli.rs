//! Command-line arguments: the `Command` enum; each subcommand owns its own arguments in `cmd/`, and the
//! option groups that several share are in `cmd::args`.

use clap::{Parser, Subcommand};

use crate::cmd;

/// Turn the English and Spanish editions of the same texts into a translation memory.
#[derive(Debug, Parser)]
#[command(name = "alinea", version, about, long_about = None, after_help = "\
Examples:
  alinea align                                 align en/* with es/*, write memory/
  alinea align en/a.txt es/a.txt -o out/       align one pair of editions
  alinea review                                correct the alignment of memory/ in the browser
  alinea segment --lang es es/a.txt            print the sentences of an edition
  alinea build memory/a.csv -o a.tmx           turn a reviewed CSV into a TMX
  alinea merge memory/*.tmx -o all.tmx         merge memories, dropping duplicates
  alinea eval gold.beads pred.beads            score an alignment against a gold one")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Align the two editions of texts and write the memory (TMX and CSV).
    Align(cmd::align::Args),
    /// Split an edition into sentences, one a line, a blank line between paragraphs.
    Segment(cmd::segment::Args),
    /// Correct the alignment in the browser: accept, reject, edit, move sentences between units.
    Review(cmd::review::Args),
    /// Write a memory (TMX, CSV, TSV or line-aligned text) from a reviewed CSV or a TMX.
    Build(cmd::build::Args),
    /// Merge memories into one, dropping exact duplicates.
    Merge(cmd::build::MergeArgs),
    /// Look sentences up in a memory: the closest units, with a percentage as translation tools show.
    Lookup(cmd::lookup::Args),
    /// Score an alignment against a gold alignment (strict and lax precision, recall, F1).
    Eval(cmd::eval::Args),
    /// Score the segmenter on a suite of golden-rule cases (exact cases, boundary precision and recall).
    EvalSeg(cmd::eval_seg::Args),
    /// Measure how fast a large memory is written and read back, and the peak memory used.
    #[command(hide = true)]
    Bench(cmd::bench::Args),
}
