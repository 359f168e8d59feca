//! Command-line arguments: the `Command` enum; each subcommand owns its arguments in `cmd/`.

use clap::{Parser, Subcommand};

use crate::cmd;

/// Turn the English and Spanish editions of the same texts into a translation memory.
#[derive(Debug, Parser)]
#[command(name = "alinea", version, about, long_about = None, after_help = "\
Examples:
  alinea align                                 align en/* with es/*, write memory/
  alinea align en/a.txt es/a.txt -o out/       align one pair of editions
  alinea segment --lang es es/a.txt            print the sentences of an edition
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
    /// Score an alignment against a gold alignment (strict and lax precision, recall, F1).
    Eval(cmd::eval::Args),
}
