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

/// The language codes of the memory.
#[derive(Debug, Clone, clap::Args)]
pub struct LanguageArgs {
    /// Language of the source side (the first edition): its segmentation rules, the TMX's srclang and
    /// the CSV column name (en, en-US, es, pt-BR...). Default: en (align: or the source folder's name,
    /// such as es/; build and merge: what the first input names).
    #[arg(long, value_name = "CODE")]
    pub src_lang: Option<String>,
    /// Language of the target side (es, es-ES, en-US, fr...). Default: es (align: or the target folder's
    /// name; build and merge: what the first input names).
    #[arg(long, value_name = "CODE")]
    pub tgt_lang: Option<String>,
}

impl LanguageArgs {
    /// The codes given, `en` and `es` for those not given.
    pub fn languages(&self) -> anyhow::Result<Languages> {
        let source = self.src_lang.clone().unwrap_or_else(|| "en".to_string());
        let target = self.tgt_lang.clone().unwrap_or_else(|| "es".to_string());
        check(&source, &target)
    }

    /// The codes given, or `None` when neither was given (the inputs tell); one given alone is an error,
    /// since which input language it replaces would be a guess.
    pub fn given(&self) -> anyhow::Result<Option<Languages>> {
        match (&self.src_lang, &self.tgt_lang) {
            (None, None) => Ok(None),
            (Some(s), Some(t)) => check(s, t).map(Some),
            _ => anyhow::bail!("give both --src-lang and --tgt-lang, or neither to take the inputs' codes"),
        }
    }
}

fn check(source: &str, target: &str) -> anyhow::Result<Languages> {
    {
        for code in [source, target] {
            let valid = !code.is_empty()
                && code
                    .split('-')
                    .all(|p| !p.is_empty() && p.len() <= 8 && p.chars().all(|c| c.is_ascii_alphanumeric()));
            anyhow::ensure!(valid, "{code:?} is not a language code like en, en-US or es-419");
        }
        anyhow::ensure!(
            !source.eq_ignore_ascii_case(target),
            "--src-lang and --tgt-lang are the same ({source})"
        );
        Ok(Languages { source: source.to_string(), target: target.to_string() })
    }
}

/// Which units go into a memory for translation software.
#[derive(Debug, Clone, clap::Args)]
pub struct SelectionArgs {
    /// Confidence (0 to 1) from which a unit nobody reviewed goes into the TMX; accepted units (status
    /// ok) always go in, rejected ones never. Units under it are marked "no" in the CSV's memory column.
    #[arg(long, value_name = "SCORE", default_value_t = alinea::memory::DEFAULT_MIN_SCORE,
          value_parser = parse_score)]
    pub min_score: f64,
}

impl SelectionArgs {
    pub fn selection(&self) -> alinea::memory::Selection {
        alinea::memory::Selection { min_score: self.min_score }
    }
}

fn parse_score(text: &str) -> Result<f64, String> {
    match text.replace(',', ".").parse::<f64>() {
        Ok(s) if (0.0..=1.0).contains(&s) => Ok(s),
        _ => Err(format!("{text:?} is not a confidence from 0 to 1 (such as 0.5)")),
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
    pub fn options(&self, selection: alinea::memory::Selection) -> csv::Options {
        let delimiter = match self.delimiter {
            Delimiter::Comma => b',',
            Delimiter::Semicolon => b';',
            Delimiter::Tab => b'\t',
        };
        csv::Options { delimiter, bom: self.excel, selection }
    }
}

/// How the editions are aligned.
#[derive(Debug, Clone, clap::Args)]
pub struct AlignerArgs {
    /// Align on sentence lengths only, without anchors (numbers, names, cognates, punctuation).
    #[arg(long)]
    pub no_anchors: bool,
    /// A bilingual dictionary whose word pairs count as anchors: one `source<TAB>target` (such as
    /// `english<TAB>spanish`) or hunalign `target @ source` entry a line.
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
