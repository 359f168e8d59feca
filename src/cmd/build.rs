use std::path::PathBuf;

use anyhow::bail;

use alinea::memory::export::{self, Format, Report, Settings};
use alinea::memory::tmx::InlineTags;

use crate::cli::{CsvArgs, LanguageArgs};

#[derive(Debug, clap::Args)]
#[command(after_help = "\
The input is a review CSV (as `alinea align` writes it, after a person has edited texts, set the
status column to ok or reject, or added notes) or a TMX. Rejected rows and rows with an empty side
are left out of every output but CSV. The output format is taken from the extension of -o (.tmx,
.csv, .tsv) or given with --to; --to lines writes OUTPUT.en and OUTPUT.es, line-aligned.

Examples:
  alinea build memory/rw895-peru.csv -o rw895-peru.tmx
  alinea build memory/rw895-peru.tmx -o review.csv --excel
  alinea build memory/rw895-peru.tmx --to lines -o corpus/rw895     (corpus/rw895.en, corpus/rw895.es)")]
pub struct Args {
    /// The memories to read: review CSV files (.csv) or TMX files.
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    #[command(flatten)]
    output: OutputArgs,
}

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Exact duplicates (the same English and the same Spanish text) are written once; a source sentence
with different translations keeps them all, and the count of such sentences is reported.

Examples:
  alinea merge memory/*.tmx -o all.tmx
  alinea merge old.tmx memory/*.csv -o all.tmx --src-lang en-US --tgt-lang es-ES")]
pub struct MergeArgs {
    /// The memories to merge: TMX files or review CSV files.
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    #[command(flatten)]
    output: OutputArgs,
}

#[derive(Debug, clap::Args)]
struct OutputArgs {
    /// The file to write.
    #[arg(short, long)]
    output: PathBuf,
    /// Output format; by default taken from the extension of the output file.
    #[arg(long, value_enum)]
    to: Option<To>,
    /// Leave TMX inline codes (<bpt>, <ept>, <ph>, <it>, <ut>) out of the text instead of keeping them.
    #[arg(long)]
    strip_tags: bool,
    #[command(flatten)]
    languages: LanguageArgs,
    #[command(flatten)]
    csv: CsvArgs,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum To {
    Tmx,
    Csv,
    Tsv,
    Lines,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    convert(&args.inputs, &args.output, false)
}

pub fn run_merge(args: MergeArgs) -> anyhow::Result<()> {
    convert(&args.inputs, &args.output, true)
}

fn convert(inputs: &[PathBuf], output: &OutputArgs, merge: bool) -> anyhow::Result<()> {
    let format = match output.to {
        Some(To::Tmx) => Format::Tmx,
        Some(To::Csv) => Format::Csv,
        Some(To::Tsv) => Format::Tsv,
        Some(To::Lines) => Format::Lines,
        None => match Format::from_extension(&output.output) {
            Some(format) => format,
            None => bail!(
                "cannot tell the format of {} from its extension: name it .tmx, .csv or .tsv, or give --to",
                output.output.display()
            ),
        },
    };
    let languages = output.languages.languages()?;
    let settings = Settings {
        languages: languages.clone(),
        csv: output.csv.options(),
        inline: if output.strip_tags { InlineTags::Strip } else { InlineTags::Keep },
        merge,
    };
    let report = export::convert(inputs, &output.output, format, &settings)?;
    let written: Vec<String> = export::output_paths(&output.output, format, &languages)
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    print_report(&report, &written.join(", "));
    Ok(())
}

fn print_report(r: &Report, output: &str) {
    let mut line = format!("{} units read, {} written to {output}", r.read, r.written);
    for (count, what) in [
        (r.duplicates, "exact duplicates dropped"),
        (r.rejected, "rejected"),
        (r.one_sided, "with an empty side"),
        (r.other_languages, "without both languages, skipped"),
        (r.conflicts, "source sentences with more than one translation (all kept)"),
    ] {
        if count > 0 {
            line.push_str(&format!("; {count} {what}"));
        }
    }
    eprintln!("{line}");
}
