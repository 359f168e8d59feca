use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, bail};

use alinea::corpus::{self, InputFormat, Pair, Settings};
use alinea::eval;
use alinea::memory::export;
use alinea::memory::tmx::Header;
use indicatif::{ProgressBar, ProgressStyle};

use super::args::{AlignerArgs, CsvArgs, EncodingArgs, LanguageArgs, SelectionArgs};
use super::{load_srx, warn_srx_gave_up};

#[derive(Debug, clap::Args)]
#[command(after_help = "\
With no files, every file of en/ is aligned with the same-named file of es/ and the memory is
written to memory/ (NAME.tmx for translation software, NAME.csv for review). A folder run aligns
the pairs in parallel, prints a summary table (beads by type, units under --min-score, time) and,
with two pairs or more, also writes their merged memory as all.tmx.

Aligning again keeps the review: the status, note and edited text of every row of the previous
NAME.csv (or NAME.xlsx, if saved later) go to the same unit of the new alignment; rows inserted
or deleted by hand stay so; rows whose unit is gone are kept in NAME.unmatched.csv. The files
replaced are first copied to memory/backup/TIME/. The TMX holds the units marked ok, never those
marked reject, and the unreviewed ones with a score of at least --min-score.

Examples:
  alinea align
  alinea align en/rw895-peru.txt es/rw895-peru.txt -o out/
  alinea align path/to/en path/to/es -o memory/
  alinea align --src-lang en-US --tgt-lang es-ES --excel
  alinea align es/ en/                                 (Spanish into English: srclang es)
  alinea align --xlsx --min-score 0.9                 (review in Excel, a stricter memory)
  alinea align --srx ~/omegat/segmentation.srx      (cut as OmegaT will)
  alinea align --learn-batch archive/en archive/es   (short articles learn word pairs from all)
  alinea align --input lines --beads en.sents es.sents > pred.beads")]
pub struct Args {
    /// The source edition (a file), or a folder of them: English by default. Default: en/
    #[arg(value_name = "SOURCE")]
    source: Option<PathBuf>,
    /// The target edition (a file), or a folder of them: Spanish by default. Default: es/
    #[arg(value_name = "TARGET")]
    target: Option<PathBuf>,
    /// Align the pairs listed in this file (source path TAB target path, a pair a line, relative to
    /// the file's folder) instead of pairing files by name.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["source", "target"])]
    pairs: Option<PathBuf>,
    /// Folder to write the memory to.
    #[arg(short, long, default_value = "memory")]
    output: PathBuf,
    /// How the editions are given: `auto` (PDF, DOCX and ODT by their content; else by extension:
    /// .html/.htm as HTML, .sents as lines, else text), `text` (running text, segmented by alinea),
    /// `html` (a web page: its article text), `lines` (one sentence a line, a blank line between
    /// paragraphs), `pdf`, `docx` or `odt`.
    #[arg(long, value_enum, default_value_t = InputFormat::Auto)]
    input: InputFormat,
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
    /// Print nothing but errors and warnings (no progress bar, no summary).
    #[arg(long, short)]
    quiet: bool,
    /// Also write a review page: one self-contained HTML file showing the editions side by side, bead by
    /// bead, coloured by confidence.
    #[arg(long, value_name = "FILE")]
    report: Option<PathBuf>,
    /// Threads to use: pairs aligned at once, and the pieces of a long pair searched at once (default:
    /// one per core). The alignment is the same whatever the number.
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
    /// Write the memory of a pair even when its editions do not look like translations of each other
    /// (another language than declared, the same text twice, a fragment, unrelated texts).
    #[arg(long)]
    force: bool,
    /// Also write the review as an Excel workbook (NAME.xlsx: a sheet, frozen header, scores coloured,
    /// a status list). Once it exists it is kept up to date, and read back when saved after the CSV.
    #[arg(long)]
    xlsx: bool,
    #[command(flatten)]
    selection: SelectionArgs,
    #[command(flatten)]
    languages: LanguageArgs,
    #[command(flatten)]
    csv: CsvArgs,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let (source, target) = match (args.source.clone(), args.target.clone()) {
        (Some(source), Some(target)) => (source, target),
        (None, None) => (PathBuf::from("en"), PathBuf::from("es")),
        _ => bail!("give both editions (SOURCE TARGET), or none to align the folders en/ and es/"),
    };
    let languages = pair_languages(&args.languages, &source, &target, args.encoding.encoding, args.quiet)?;
    let mut align = args.aligner.params()?;
    align.languages = [languages.source.parse()?, languages.target.parse()?];
    let mut settings = Settings {
        input: args.input,
        align,
        encoding: args.encoding.encoding,
        srx: match &args.srx {
            Some(path) => Some((Arc::new(load_srx(path)?), languages.clone())),
            None => None,
        },
        languages: languages.clone(),
        force: args.force,
    };
    let pairs = if let Some(list) = &args.pairs {
        corpus::read_pairs(list)?
    } else if source.is_dir() && target.is_dir() {
        let pairing = corpus::pair_folders(&source, &target, &languages)?;
        for path in &pairing.unpaired {
            eprintln!("alinea: warning: {} has no partner; skipped", path.display());
        }
        pairing.pairs
    } else if source.is_dir() || target.is_dir() {
        bail!("{} and {} must both be files or both be folders", source.display(), target.display());
    } else {
        vec![Pair::new(&source, &target)]
    };

    // Two pairs of one name would write the same memory files, the second over the first.
    let mut names = std::collections::BTreeMap::new();
    for pair in &pairs {
        if let Some(first) = names.insert(pair.name.as_str(), pair) {
            bail!(
                "two pairs would both write the memory {name}: {} and {}; give their files different names \
                 (the memory is named after the source file, or after its folder when the file is named by \
                 its language, as en.txt)",
                first.source.display(),
                pair.source.display(),
                name = pair.name
            );
        }
    }

    let threads = rayon::ThreadPoolBuilder::new().num_threads(args.threads.unwrap_or(0)).build()?;
    if args.aligner.learn_batch {
        let progress = bar(args.quiet, pairs.len(), "pairs learned from");
        let counts = threads.install(|| corpus::learn_all(&pairs, &settings, &|_| progress.inc(1)));
        progress.finish_and_clear();
        settings.align = super::args::with_learned(&settings.align, &counts);
    }

    if args.beads {
        let [pair] = pairs.as_slice() else {
            bail!("--beads prints one alignment: give one pair of files, not folders");
        };
        let aligned = corpus::align_pair(pair, &settings)?;
        warn_srx_gave_up(&aligned.name, aligned.srx_gave_up);
        let mut out = std::io::stdout().lock();
        out.write_all(eval::format_beads(&aligned.alignment).as_bytes())?;
        out.flush()?;
        return Ok(());
    }

    super::writes_into(&args.output);
    if let Some(report) = &args.report {
        super::writes_into(report.parent().unwrap_or(Path::new(".")));
    }
    let created = super::creation_time();
    let header = Header::new(languages.clone(), created);
    let progress = bar(args.quiet, pairs.len(), "pairs");
    let done = |_: &Pair| progress.inc(1);
    let started = std::time::Instant::now();
    let selection = args.selection.selection();
    let mut output =
        corpus::Output::new(&args.output, header, args.csv.options(selection), std::time::SystemTime::now());
    output.xlsx = args.xlsx;
    let results = threads.install(|| align_all(&pairs, &settings, &output, args.report.is_some(), &done));
    progress.finish_and_clear();

    let mut failed = 0;
    let mut written = Vec::new();
    let mut reviews = Vec::new();
    let mut held_back = 0;
    let mut reviewed: Vec<(String, Vec<alinea::memory::TranslationUnit>)> = Vec::new();
    let mut table = vec![
        [
            "pair",
            &languages.source,
            &languages.target,
            "beads",
            "1-1",
            "merged",
            "unaligned",
            "low",
            "units",
            "seconds",
        ]
        .map(|s| s.to_string()),
    ];
    let mut total = [0usize; 8];
    for (pair, result) in pairs.iter().zip(results) {
        match result {
            Ok(s) if s.held_back.is_some() => {
                let why = s.held_back.as_deref().unwrap_or_default();
                eprintln!(
                    "alinea: {}: held back, no memory written: {why} (--force writes it anyway)",
                    s.name
                );
                let mut row = vec![format!("{} (held back)", s.name)];
                row.extend([s.sentences.0, s.sentences.1, s.beads].iter().map(usize::to_string));
                row.extend(std::iter::repeat_n("-".to_string(), 5));
                row.push(format!("{:.2}", s.seconds));
                table.push(row.try_into().unwrap_or_default());
                held_back += 1;
            }
            Ok(s) => {
                warn_srx_gave_up(&s.name, s.srx_gave_up);
                let counts = [
                    s.sentences.0,
                    s.sentences.1,
                    s.beads,
                    s.one_to_one,
                    s.merged,
                    s.unaligned,
                    s.low_confidence,
                    s.units,
                ];
                for (t, c) in total.iter_mut().zip(counts) {
                    *t += c;
                }
                let mut row = vec![s.name.clone()];
                row.extend(counts.iter().map(usize::to_string));
                row.push(format!("{:.2}", s.seconds));
                table.push(row.try_into().unwrap_or_default());
                // The merged memory is made from the review tables, which hold the reviewer's decisions.
                written.push(s.files[1].clone());
                if let Some(review) = s.review {
                    reviews.push((s.name.clone(), review));
                }
                if let Some(units) = s.units_kept {
                    reviewed.push((s.name, units));
                }
            }
            Err(err) => {
                failed += 1;
                eprintln!("alinea: {}: {}", pair.name, super::describe(&err));
            }
        }
    }
    if pairs.len() > 1 {
        let mut row = vec![format!("total ({} pairs)", pairs.len() - failed - held_back)];
        row.extend(total.iter().map(usize::to_string));
        row.push(format!("{:.2}", started.elapsed().as_secs_f64()));
        table.push(row.try_into().unwrap_or_default());
    }
    if !args.quiet {
        print_table(&table);
    }
    for (name, review) in &reviews {
        print_review(name, review, args.quiet);
    }
    if written.len() > 1 {
        let all = args.output.join("all.tmx");
        let settings = export::Settings {
            languages: Some(languages.clone()),
            merge: true,
            selection,
            csv: Default::default(),
            inline: alinea::memory::tmx::InlineTags::default(),
            created,
        };
        let report = export::convert(&written, &all, export::Format::Tmx, &settings)
            .with_context(|| format!("writing the merged memory {}", display(&all)))?;
        if !args.quiet {
            let line = super::with_counts(
                format!("merged memory: {} ({} units", display(&all), report.written),
                &[
                    (report.duplicates, "duplicates dropped"),
                    (report.rejected, "rejected"),
                    (report.below_threshold, "unreviewed under --min-score"),
                ],
            );
            println!("{line})");
        }
    }
    if let Some(path) = &args.report {
        let documents: Vec<(&str, &[alinea::memory::TranslationUnit])> =
            reviewed.iter().map(|(name, units)| (name.as_str(), units.as_slice())).collect();
        alinea::memory::write_atomically(path, |out| {
            alinea::memory::report::write(out, &documents, &languages, selection)
        })?;
        if !args.quiet {
            println!("review page: {}", display(path));
        }
    }
    if failed > 0 {
        bail!("{failed} of {} pairs could not be aligned (see above)", pairs.len());
    }
    if held_back > 0 {
        return Err(HeldBack { count: held_back, of: pairs.len() }.into());
    }
    Ok(())
}

/// Some pairs were held back as not translations of each other: the run ends with exit status 2.
#[derive(Debug)]
pub struct HeldBack {
    count: usize,
    of: usize,
}

impl std::fmt::Display for HeldBack {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} of {} pairs held back as not translations of each other (see above); check those files, \
             or align again with --force to write them anyway",
            self.count, self.of
        )
    }
}

impl std::error::Error for HeldBack {}

fn print_table(rows: &[[String; 10]]) {
    let widths: Vec<usize> =
        (0..10).map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0)).collect();
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(c, (cell, &w))| if c == 0 { format!("{cell:<w$}") } else { format!("{cell:>w$}") })
            .collect();
        println!("{}", cells.join("  ").trim_end());
    }
}

/// The language pair: `--src-lang`/`--tgt-lang` when given; else the names of the two folders (or of the
/// folders holding the two files) when both are language codes of two letters, such as `en/` and `pt/`
/// or `es-MX/`; else the languages identified in the two editions (the first file of each folder), when
/// both are sure and differ; else English and Spanish.
fn pair_languages(
    given: &LanguageArgs,
    source: &Path,
    target: &Path,
    encoding: alinea::encoding::Encoding,
    quiet: bool,
) -> anyhow::Result<alinea::memory::Languages> {
    if given.src_lang.is_some() || given.tgt_lang.is_some() {
        return given.languages();
    }
    let folder = |path: &Path| -> Option<String> {
        let dir = if path.is_dir() { Some(path) } else { path.parent() }?;
        let name = if dir.as_os_str().is_empty() { None } else { dir.file_name() }?.to_str()?;
        corpus::is_language_code(name).then(|| name.replace('_', "-"))
    };
    if let (Some(source), Some(target)) = (folder(source), folder(target))
        && !source.eq_ignore_ascii_case(&target)
    {
        return Ok(alinea::memory::Languages { source, target });
    }
    if let (Some(s), Some(t)) = (identify(source, encoding), identify(target, encoding))
        && s != t
    {
        // Said only when it departs from the default pair, which most runs are.
        if !quiet && (s, t) != ("en", "es") {
            eprintln!("alinea: the editions read as {s} and {t}; --src-lang and --tgt-lang set the pair");
        }
        return Ok(alinea::memory::Languages { source: s.to_string(), target: t.to_string() });
    }
    given.languages()
}

/// The language of an edition (of the first file of a folder), when it can be read and identified.
fn identify(path: &Path, encoding: alinea::encoding::Encoding) -> Option<&'static str> {
    let file = if path.is_dir() {
        let mut files: Vec<PathBuf> = std::fs::read_dir(path)
            .ok()?
            .filter_map(|e| e.ok())
            .filter(|e| !e.file_name().to_string_lossy().starts_with('.') && e.path().is_file())
            .map(|e| e.path())
            .collect();
        files.sort();
        files.into_iter().next()?
    } else {
        path.to_path_buf()
    };
    let (text, _) = corpus::read_edition(&file, InputFormat::Auto, encoding).ok()?;
    let sample: String = text.chars().take(20_000).collect();
    alinea::align::check::identify(&sample)
}

/// Says what became of the reviewer's work in a pair's previous files: on standard output what was kept,
/// on standard error (even with --quiet) what needs the reviewer.
fn print_review(name: &str, r: &corpus::ReviewCarried, quiet: bool) {
    if !quiet {
        let mut line = format!(
            "{name}: carried the review in {}: {} reviewed rows kept",
            display(&r.from),
            r.tally.kept
        );
        for (count, what) in
            [(r.tally.inserted, "inserted rows placed"), (r.tally.deleted, "deleted rows deleted again")]
        {
            if count > 0 {
                line.push_str(&format!(", {count} {what}"));
            }
        }
        if let Some(backup) = &r.backup {
            line.push_str(&format!("; previous files in {}", display(backup)));
        }
        println!("{line}");
    }
    if let Some(file) = &r.unmatched_file {
        eprintln!(
            "alinea: warning: {name}: {} reviewed rows match no unit of the new alignment (their text changed \
             in the editions); they are kept in {}: copy what still applies into the new table",
            r.unmatched,
            display(file)
        );
    }
    if !r.tally.deletions_lost.is_empty() {
        let ids: Vec<String> = r.tally.deletions_lost.iter().map(usize::to_string).collect();
        eprintln!(
            "alinea: warning: {name}: the units of rows {} that you deleted could not be found again (the text \
             around them changed); they are back in the table: delete or reject them again",
            ids.join(", ")
        );
    }
}

fn display(path: &Path) -> String {
    path.display().to_string()
}

/// What aligning one pair produced.
#[derive(Clone, Debug)]
pub(crate) struct PairSummary {
    /// The pair's name.
    pub name: String,
    /// Source and target sentences.
    pub sentences: (usize, usize),
    /// Beads in all.
    pub beads: usize,
    /// 1-1 beads.
    pub one_to_one: usize,
    /// Beads of several sentences on a side (2-1, 1-2, 2-2, 3-1, 1-3).
    pub merged: usize,
    /// Beads of a sentence without counterpart (1-0, 0-1).
    pub unaligned: usize,
    /// Units with both sides that nobody reviewed and whose confidence is under the threshold (they stay
    /// out of the TMX until a reviewer accepts them).
    pub low_confidence: usize,
    /// Units written to the TMX.
    pub units: usize,
    /// Time taken, in seconds.
    pub seconds: f64,
    /// The TMX and the CSV written.
    pub files: [PathBuf; 2],
    /// The units written (the reviewer's work carried in), when asked to keep them (for a review page).
    pub units_kept: Option<Vec<alinea::memory::TranslationUnit>>,
    /// SRX matches abandoned at the backtracking limit (see [`Aligned::srx_gave_up`]).
    pub srx_gave_up: usize,
    /// What became of the reviewer's work in the previous files, when they held some.
    pub review: Option<corpus::ReviewCarried>,
    /// Why the pair was held back (no file written), when the pair check doubted it and the run was not
    /// forced.
    pub held_back: Option<String>,
}

/// A progress bar over `len` pairs (`what` names them), hidden when quiet, when standard error is not
/// a terminal, or for a single pair.
fn bar(quiet: bool, len: usize, what: &str) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() || len < 2 {
        return ProgressBar::hidden();
    }
    ProgressBar::new(len as u64).with_style(
        ProgressStyle::with_template(&format!(
            "{{bar:40}} {{pos}}/{{len}} {what}, {{elapsed}} elapsed, {{eta}} to go"
        ))
        .unwrap_or_else(|_| ProgressStyle::default_bar()),
    )
}

/// Aligns `pairs` in parallel (rayon) and writes each one's memory (see [`corpus::write_memory`]); the results
/// come in the order of `pairs`, whatever the order the work finished in. `keep_units` keeps each pair's
/// units in its summary; `done` is called as each pair ends.
pub(crate) fn align_all(
    pairs: &[Pair],
    settings: &Settings,
    output: &corpus::Output,
    keep_units: bool,
    done: &(dyn Fn(&Pair) + Sync),
) -> Vec<alinea::Result<PairSummary>> {
    use rayon::prelude::*;
    let selection = output.csv.selection;
    pairs
        .par_iter()
        .map(|pair| {
            let started = std::time::Instant::now();
            let result = corpus::align_pair(pair, settings).and_then(|aligned| {
                let held_back = aligned.doubt.as_ref().filter(|_| !settings.force).map(|d| match d {
                    alinea::align::check::Doubt::WrongLanguage { .. } => {
                        format!("{d} (swap the files, or set --src-lang and --tgt-lang)")
                    }
                    _ => d.to_string(),
                });
                let (units, review) = match held_back {
                    Some(_) => (aligned.units.clone(), None),
                    None => corpus::write_memory(&aligned, output)?,
                };
                let beads = &aligned.alignment.beads;
                Ok(PairSummary {
                    name: aligned.name.clone(),
                    sentences: (aligned.source_sentences, aligned.target_sentences),
                    beads: beads.len(),
                    one_to_one: beads.iter().filter(|b| b.source.len() == 1 && b.target.len() == 1).count(),
                    merged: beads
                        .iter()
                        .filter(|b| b.is_pair() && b.source.len() + b.target.len() > 2)
                        .count(),
                    unaligned: beads.iter().filter(|b| !b.is_pair()).count(),
                    low_confidence: units
                        .iter()
                        .filter(|u| {
                            u.is_pair()
                                && u.status == alinea::memory::Status::Unreviewed
                                && selection.below(u)
                        })
                        .count(),
                    units: units.iter().filter(|u| selection.admits(u)).count(),
                    seconds: started.elapsed().as_secs_f64(),
                    files: [
                        output.dir.join(format!("{}.tmx", aligned.name)),
                        output.dir.join(format!("{}.csv", aligned.name)),
                    ],
                    units_kept: keep_units.then_some(units),
                    srx_gave_up: aligned.srx_gave_up,
                    review,
                    held_back,
                })
            });
            done(pair);
            result
        })
        .collect()
}
