//! The option groups that several subcommands share: languages, selection, CSV, aligner, encoding.

use alinea::memory::{Languages, csv};

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
    // A code is valid when the segmenter can take it (its own rules, or the generic ones).
    for code in [source, target] {
        code.parse::<alinea::segment::Language>()?;
    }
    anyhow::ensure!(
        !source.eq_ignore_ascii_case(target),
        "--src-lang and --tgt-lang are the same ({source})"
    );
    Ok(Languages { source: source.to_string(), target: target.to_string() })
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
    /// With several pairs (folders, --pairs, or eval --dataset): align every pair once, learn word pairs
    /// from the confident beads of all of them, then align each pair again with those, so that a short
    /// text learns from the whole batch.
    #[arg(long)]
    pub learn_batch: bool,
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
        if self.learn_batch && self.no_anchors {
            anyhow::bail!("--learn-batch learns word pairs for the anchors: it cannot go with --no-anchors");
        }
        Ok(alinea::align::Params {
            anchors: !self.no_anchors,
            lexicon,
            second_pass: self.second_pass,
            ..alinea::align::Params::default()
        })
    }
}

/// `params` with the word pairs of `counts` (see [`alinea::align::Cooccurrences`]) added to its lexicon,
/// for the pass of a batch run that aligns each pair with what the whole batch taught.
pub fn with_learned(
    params: &alinea::align::Params,
    counts: &alinea::align::Cooccurrences,
) -> alinea::align::Params {
    let mut lexicon = counts.lexicon();
    if let Some(given) = &params.lexicon {
        lexicon.extend(given);
    }
    alinea::align::Params { lexicon: Some(std::sync::Arc::new(lexicon)), ..params.clone() }
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
