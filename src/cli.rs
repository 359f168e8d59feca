//! Command-line arguments: the `Command` enum and the option groups that several subcommands share;
//! each subcommand owns its own arguments in `cmd/`.

use clap::{Parser, Subcommand};

use alinea::memory::{Languages, csv};

use crate::cmd;

/// Turn the English and Spanish editions of the same texts into a translation memory.
#[derive(Debug, Parser)]
#[command(name = "alinea", version, about, long_about = None, after_help = "\
Examples:
  alinea align                                 align en/* with es/*, write memory/
  alinea align en/a.txt es/a.txt -o out/       align one pair of editions
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

/// The language codes of the memory.
#[derive(Debug, Clone, clap::Args)]
pub struct LanguageArgs {
    /// Code of the English side in the TMX and the CSV column name (en, en-US, en-GB...).
    #[arg(long, default_value = "en", value_name = "CODE")]
    pub src_lang: String,
    /// Code of the Spanish side (es, es-ES, es-419...).
    #[arg(long, default_value = "es", value_name = "CODE")]
    pub tgt_lang: String,
}

impl LanguageArgs {
    pub fn languages(&self) -> anyhow::Result<Languages> {
        for code in [&self.src_lang, &self.tgt_lang] {
            let valid = !code.is_empty()
                && code
                    .split('-')
                    .all(|p| !p.is_empty() && p.len() <= 8 && p.chars().all(|c| c.is_ascii_alphanumeric()));
            anyhow::ensure!(valid, "{code:?} is not a language code like en, en-US or es-419");
        }
        anyhow::ensure!(
            !self.src_lang.eq_ignore_ascii_case(&self.tgt_lang),
            "--src-lang and --tgt-lang are the same ({})",
            self.src_lang
        );
        Ok(Languages { source: self.src_lang.clone(), target: self.tgt_lang.clone() })
    }
}

/// How the review CSV is written.
#[derive(Debug, Clone, clap::Args)]
pub struct CsvArgs {
    /// Write the CSV for Excel: with a UTF-8 byte-order mark, so that accents show right.
    #[arg(long)]
    pub excel: bool,
    /// Field delimiter of the CSV: comma, semicolon (for spreadsheets with a decimal comma) or tab.
    #[arg(long, value_enum, default_value_t = Delimiter::Comma)]
    pub delimiter: Delimiter,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Delimiter {
    Comma,
    Semicolon,
    Tab,
}

impl CsvArgs {
    pub fn options(&self) -> csv::Options {
        let delimiter = match self.delimiter {
            Delimiter::Comma => b',',
            Delimiter::Semicolon => b';',
            Delimiter::Tab => b'\t',
        };
        csv::Options { delimiter, bom: self.excel }
    }
}

/// How the editions are aligned.
#[derive(Debug, Clone, clap::Args)]
pub struct AlignerArgs {
    /// Align on sentence lengths only, without anchors (numbers, names, cognates, punctuation).
    #[arg(long)]
    pub no_anchors: bool,
    /// A bilingual dictionary whose word pairs count as anchors: one `english<TAB>spanish` or hunalign
    /// `spanish @ english` entry a line.
    #[arg(long, value_name = "FILE")]
    pub dict: Option<std::path::PathBuf>,
    /// Align twice, the second time with word pairs learned from the confident beads of the first.
    #[arg(long)]
    pub second_pass: bool,
}

impl AlignerArgs {
    pub fn params(&self) -> anyhow::Result<alinea::align::Params> {
        let lexicon = match &self.dict {
            Some(path) => {
                let text = alinea::corpus::read_text(path)?;
                Some(std::sync::Arc::new(alinea::align::Lexicon::parse(&text, path)?))
            }
            None => None,
        };
        Ok(alinea::align::Params {
            anchors: !self.no_anchors,
            lexicon,
            second_pass: self.second_pass,
            ..alinea::align::Params::default()
        })
    }
}

/// How input files are decoded.
#[derive(Debug, Clone, clap::Args)]
pub struct EncodingArgs {
    /// Encoding of the input: auto (UTF-8 with or without BOM, UTF-16 with a BOM or by its zero bytes,
    /// else Windows-1252), or a name such as utf-8, utf-16le, windows-1252, latin1.
    #[arg(long, default_value = "auto", value_name = "NAME", value_parser = parse_encoding)]
    pub encoding: alinea::encoding::Encoding,
}

fn parse_encoding(name: &str) -> Result<alinea::encoding::Encoding, String> {
    name.parse().map_err(|e: alinea::Error| e.to_string())
}
