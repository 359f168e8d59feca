use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;

use super::load_srx;
use alinea::corpus;
use alinea::segment::{self, Language};

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  alinea segment --lang en en/rw895-peru.txt
  echo 'Gen. Barry McCaffrey went to Lima. He met Montesinos.' | alinea segment --lang en
  alinea segment --lang es --offsets es/rw895-peru.txt
  alinea segment --lang en --srx omegat/segmentation.srx en/rw895-peru.txt
  alinea segment --export-srx > alinea.srx")]
pub struct Args {
    /// Language of the text: en and es have alinea's full rules (a region such as en-US is accepted);
    /// any other code (fr, de, pt-BR...) gets generic rules: Unicode sentence boundaries, initials and
    /// a few common abbreviations.
    #[arg(long, short = 'l', value_name = "CODE", value_parser = parse_language, required_unless_present = "export_srx")]
    lang: Option<String>,
    /// Print alinea's English and Spanish rules as an SRX 2.0 file (an approximation: see the README)
    /// and exit.
    #[arg(long)]
    export_srx: bool,
    /// Also print each sentence's byte range in the input (start, end) before it, tab-separated.
    #[arg(long)]
    offsets: bool,
    /// Segment with the rules of an SRX 2.0 file (as OmegaT, Okapi, Trados or LanguageTool use) instead
    /// of alinea's own.
    #[arg(long, value_name = "FILE")]
    srx: Option<PathBuf>,
    #[command(flatten)]
    encoding: super::args::EncodingArgs,
    /// Read the input as an HTML page and segment its article text (the default for .html/.htm files).
    #[arg(long)]
    html: bool,
    /// The text to segment; standard input when absent or `-`.
    file: Option<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    if args.export_srx {
        print!("{}", segment::export_srx());
        return Ok(());
    }
    let lang = args.lang.clone().unwrap_or_default();
    let requested = if args.html { corpus::InputFormat::Html } else { corpus::InputFormat::Auto };
    let text = match args.file.as_deref() {
        Some(path) if path != std::path::Path::new("-") => {
            corpus::read_edition(path, requested, args.encoding.encoding)?.0
        }
        _ => {
            let raw = corpus::read_stdin(args.encoding.encoding).context("reading standard input")?;
            if args.html { alinea::html::to_text(&raw) } else { raw }
        }
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let srx = match &args.srx {
        Some(path) => Some(load_srx(path)?),
        None => None,
    };
    let sentences = match &srx {
        Some(srx) => {
            let rules = srx.for_language(&lang);
            let sentences = segment::segment_with_srx(&text, &rules);
            let name = args.file.as_deref().map_or("standard input".into(), |p| p.display().to_string());
            super::warn_srx_gave_up(&name, rules.gave_up());
            sentences
        }
        None => segment::segment(&text, lang.parse::<Language>()?),
    };
    let mut paragraph = None;
    for sentence in sentences {
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

fn parse_language(code: &str) -> Result<String, String> {
    code.parse::<Language>().map(|_| code.to_string()).map_err(|e| e.to_string())
}
