use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, bail};

use alinea::corpus::{self, InputFormat, Pair, Settings};
use alinea::eval;
use alinea::memory::tmx::Header;

use crate::cli::{AlignerArgs, CsvArgs, EncodingArgs, LanguageArgs};
use crate::cmd::segment::load_srx;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
With no files, every file of en/ is aligned with the same-named file of es/ and the memory is
written to memory/ (NAME.tmx for translation software, NAME.csv for review).

Examples:
  alinea align
  alinea align en/rw895-peru.txt es/rw895-peru.txt -o out/
  alinea align path/to/en path/to/es -o memory/
  alinea align --src-lang en-US --tgt-lang es-ES --excel
  alinea align --srx ~/omegat/segmentation.srx      (cut as OmegaT will)
  alinea align --input lines --beads en.sents es.sents > pred.beads")]
pub struct Args {
    /// The English edition (a file), or a folder of English editions. Default: en/
    en: Option<PathBuf>,
    /// The Spanish edition (a file), or a folder of Spanish editions. Default: es/
    es: Option<PathBuf>,
    /// Folder to write the memory to.
    #[arg(short, long, default_value = "memory")]
    output: PathBuf,
    /// How the editions are given: `auto` (by extension: .html/.htm as HTML, .sents as lines, else
    /// text), `text` (running text, segmented by alinea), `html` (a web page: its article text) or
    /// `lines` (one sentence a line, a blank line between paragraphs).
    #[arg(long, value_enum, default_value_t = Input::Auto)]
    input: Input,
    /// Print the alignment to standard output as a bead file ([0,1]:[2] a line) instead of writing the
    /// memory. Needs one pair of files.
    #[arg(long)]
    beads: bool,
    #[command(flatten)]
    aligner: AlignerArgs,
    /// Segment the editions with the rules of an SRX 2.0 file (your translation tool's, so that the
    /// memory's units are the segments it will look up) instead of alinea's own.
    #[arg(long, value_name = "FILE")]
    srx: Option<PathBuf>,
    #[command(flatten)]
    encoding: EncodingArgs,
    #[command(flatten)]
    languages: LanguageArgs,
    #[command(flatten)]
    csv: CsvArgs,
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum Input {
    Auto,
    Text,
    Html,
    Lines,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let settings = Settings {
        input: match args.input {
            Input::Auto => InputFormat::Auto,
            Input::Text => InputFormat::Text,
            Input::Html => InputFormat::Html,
            Input::Lines => InputFormat::Lines,
        },
        align: args.aligner.params()?,
        encoding: args.encoding.encoding,
        srx: match &args.srx {
            Some(path) => Some((Arc::new(load_srx(path)?), args.languages.languages()?)),
            None => None,
        },
    };
    let (en, es) = match (args.en, args.es) {
        (Some(en), Some(es)) => (en, es),
        (None, None) => (PathBuf::from("en"), PathBuf::from("es")),
        _ => bail!("give both editions (EN ES), or none to align the folders en/ and es/"),
    };
    let pairs = if en.is_dir() && es.is_dir() {
        let pairing = corpus::pair_folders(&en, &es)?;
        for path in &pairing.unpaired {
            eprintln!("alinea: warning: {} has no partner; skipped", path.display());
        }
        pairing.pairs
    } else if en.is_dir() || es.is_dir() {
        bail!("{} and {} must both be files or both be folders", en.display(), es.display());
    } else {
        vec![Pair::new(&en, &es)]
    };

    if args.beads {
        let [pair] = pairs.as_slice() else {
            bail!("--beads prints one alignment: give one pair of files, not folders");
        };
        let aligned = corpus::align_pair(pair, &settings)?;
        let mut out = std::io::stdout().lock();
        out.write_all(eval::format_beads(&aligned.alignment).as_bytes())?;
        out.flush()?;
        return Ok(());
    }

    let header = Header::new(args.languages.languages()?);
    for pair in &pairs {
        let aligned = corpus::align_pair(pair, &settings)?;
        let [tmx, csv] = corpus::write_memory(&aligned, &args.output, &header, args.csv.options())
            .with_context(|| format!("writing the memory of {}", pair.name))?;
        let pairs_written = aligned.units.iter().filter(|u| u.is_pair()).count();
        eprintln!(
            "{}: {} + {} sentences, {} beads, {} units -> {}, {}",
            pair.name,
            aligned.en_sentences,
            aligned.es_sentences,
            aligned.alignment.beads.len(),
            pairs_written,
            display(&tmx),
            display(&csv)
        );
    }
    Ok(())
}

fn display(path: &Path) -> String {
    path.display().to_string()
}
