use std::path::PathBuf;

use anyhow::bail;

use alinea::memory::export::{self, Format, Report, Settings};
use alinea::memory::tmx::InlineTags;

use super::args::{CsvArgs, LanguageArgs, SelectionArgs};

#[derive(Debug, clap::Args)]
#[command(after_help = "\
The input is a review table (CSV or TSV as `alinea align` writes it, or as a spreadsheet saves it:
UTF-8, UTF-16 or Windows-1252, comma, semicolon or tab; or an .xlsx workbook) after a person has
edited texts, set the status column to ok or reject, or added notes; or a TMX. The memory formats
(TMX, TSV, lines) hold the units accepted (ok), never the rejected ones, and the unreviewed ones whose
score is at least --min-score; the review formats (CSV, xlsx) hold every unit. The output format is
taken from the extension of -o (.tmx, .csv, .tsv, .xlsx) or given with --to; --to lines writes
OUTPUT.en and OUTPUT.es, line-aligned. Language codes are the first input's unless given.

Examples:
  alinea build memory/rw895-peru.csv -o rw895-peru.tmx
  alinea build memory/rw895-peru.csv -o rw895-peru.tmx --min-score 0.9
  alinea build memory/rw895-peru.tmx -o review.csv --excel
  alinea build memory/rw895-peru.tmx -o review.xlsx
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
Exact duplicates (the same English and the same Spanish text) are written once, and the reviewed
version wins: an accepted unit beats its unreviewed twin, a rejected one removes its unreviewed twins,
a row a reviewer edited replaces the row it was edited from; between ok and reject, the input given
last decides. A TMX unit is written back as it was read: inline codes, <prop>, <note> and attributes.
A source sentence with different translations keeps them all, and the count is reported.

Examples:
  alinea merge memory/rw895-peru.csv memory/rw895-peru.reviewed.csv -o reviewed.tmx
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
    selection: SelectionArgs,
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
    Xlsx,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    convert(&args.inputs, &args.output, false)
}

pub fn run_merge(args: MergeArgs) -> anyhow::Result<()> {
    convert(&args.inputs, &args.output, true)
}

fn convert(inputs: &[PathBuf], output: &OutputArgs, merge: bool) -> anyhow::Result<()> {
    super::writes_into(output.output.parent().unwrap_or(std::path::Path::new(".")));
    let format = match output.to {
        Some(To::Tmx) => Format::Tmx,
        Some(To::Csv) => Format::Csv,
        Some(To::Tsv) => Format::Tsv,
        Some(To::Lines) => Format::Lines,
        Some(To::Xlsx) => Format::Xlsx,
        None => match Format::from_extension(&output.output) {
            Some(format) => format,
            None => bail!(
                "cannot tell the format of {} from its extension: name it .tmx, .csv, .tsv or .xlsx, or give --to",
                output.output.display()
            ),
        },
    };
    let selection = output.selection.selection();
    let settings = Settings {
        languages: output.languages.given()?,
        csv: output.csv.options(selection),
        inline: if output.strip_tags { InlineTags::Strip } else { InlineTags::Keep },
        merge,
        selection,
        created: super::creation_time(),
    };
    let report = export::convert(inputs, &output.output, format, &settings)?;
    let written: Vec<String> = export::output_paths(&output.output, format, &report.languages)
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    print_report(&report, &written.join(", "));
    Ok(())
}

fn print_report(r: &Report, output: &str) {
    for warning in &r.warnings {
        eprintln!("alinea: warning: {warning}");
    }
    let line = super::with_counts(
        format!(
            "{} units read ({}/{}), {} written to {output}",
            r.read, r.languages.source, r.languages.target, r.written
        ),
        &[
            (r.duplicates, "duplicates dropped"),
            (r.replaced, "replaced by their edited version"),
            (r.contradictions, "accepted in one input and rejected in another (the last input decided)"),
            (r.rejected, "rejected"),
            (r.below_threshold, "unreviewed under the --min-score threshold"),
            (r.one_sided, "with an empty side"),
            (r.other_languages, "without both languages, skipped"),
            (r.conflicts, "source sentences with more than one translation (all kept)"),
        ],
    );
    eprintln!("{line}");
}
