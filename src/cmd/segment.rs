use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;

use alinea::corpus;
use alinea::segment::{self, Language};

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  alinea segment --lang en en/rw895-peru.txt
  echo 'Gen. Barry McCaffrey went to Lima. He met Montesinos.' | alinea segment --lang en
  alinea segment --lang es --offsets es/rw895-peru.txt")]
pub struct Args {
    /// Language of the text: en and es have alinea's full rules (a region such as en-US is accepted);
    /// any other code (fr, de, pt-BR...) gets generic rules: Unicode sentence boundaries, initials and
    /// a few common abbreviations.
    #[arg(long, short)]
    lang: Language,
    /// Also print each sentence's byte range in the input (start, end) before it, tab-separated.
    #[arg(long)]
    offsets: bool,
    /// The text to segment; standard input when absent or `-`.
    file: Option<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let text = match args.file.as_deref() {
        Some(path) if path != std::path::Path::new("-") => corpus::read_text(path)?,
        _ => corpus::read_stdin().context("reading standard input")?,
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut paragraph = None;
    for sentence in segment::segment(&text, args.lang) {
        if paragraph.is_some_and(|p| p != sentence.paragraph) {
            writeln!(out)?;
        }
        paragraph = Some(sentence.paragraph);
        if args.offsets {
            write!(out, "{}\t{}\t", sentence.range.start, sentence.range.end)?;
        }
        writeln!(out, "{}", sentence.text)?;
    }
    out.flush()?;
    Ok(())
}
