//! Measurements, not tests. `bench memory` writes a synthetic memory of N units as TMX and as CSV,
//! streaming, reads both back, and reports the time of each step and the process's peak memory (Linux's
//! VmHWM), so that runs at different N show whether memory stays flat. `bench segment` segments a large
//! text (the sample editions repeated) and reports the throughput in MB/s.

use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, ensure};

use alinea::eval::LinkBead;
use alinea::memory::tmx::{self, Header, InlineTags};
use alinea::memory::{AtomicFile, Languages, TranslationUnit, csv};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    what: What,
}

#[derive(Debug, clap::Subcommand)]
enum What {
    /// Write and read back a memory of N units.
    Memory(MemoryArgs),
    /// Segment a large text and report MB/s.
    Segment(SegmentArgs),
    /// Align pre-segmented texts of growing size and report time and peak memory.
    Align(AlignArgs),
    /// Load a synthetic memory of N units for lookup and time fuzzy queries.
    Lookup(LookupArgs),
}

#[derive(Debug, clap::Args)]
struct LookupArgs {
    /// Number of units of the synthetic memory.
    #[arg(long, default_value_t = 1_000_000)]
    units: usize,
    /// Number of queries (each a unit's sentence with a few words changed).
    #[arg(long, default_value_t = 100)]
    queries: usize,
}

#[derive(Debug, clap::Args)]
struct AlignArgs {
    /// A development set (folders of en/xx sentence files, as in ../shared/alignment) whose documents
    /// are concatenated, with sentences dropped and merged, to the sizes asked.
    #[arg(long)]
    dataset: PathBuf,
    /// Sentences per side of each run, ascending (peak memory is the process's after the first run of a
    /// size, so each figure is the peak up to that size).
    #[arg(long, value_delimiter = ',', default_values_t = [1000, 10000, 100000])]
    sizes: Vec<usize>,
    /// Threads that search the pieces of a long pair (default: one per core).
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
}

#[derive(Debug, clap::Args)]
struct MemoryArgs {
    /// Number of units of the synthetic memory.
    #[arg(long, default_value_t = 1_000_000)]
    units: usize,
    /// Folder for the temporary files (removed afterwards).
    #[arg(long)]
    dir: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
struct SegmentArgs {
    /// The text to repeat (default: the English edition of the sample in en/).
    #[arg(long, default_value = "en/rw895-peru.txt")]
    text: PathBuf,
    /// Language of the text.
    #[arg(long, default_value = "en")]
    lang: String,
    /// Size of the text to segment, in megabytes.
    #[arg(long, default_value_t = 20)]
    megabytes: usize,
    /// Segment with the rules of this SRX file instead of alinea's.
    #[arg(long)]
    srx: Option<PathBuf>,
}

/// A unit that looks like news prose, with the characters that need escaping now and then.
fn unit(k: usize) -> TranslationUnit {
    TranslationUnit {
        id: k + 1,
        document: format!("doc{}", k / 50),
        source: format!(
            "In {} the government of Peru & its army paid ${},000 to \"agents\" <{k}>.",
            1900 + k % 120,
            k % 997
        ),
        target: format!(
            "En {} el gobierno del Perú y su ejército pagó {}.000 dólares a «agentes» <{k}>.",
            1900 + k % 120,
            k % 997
        ),
        score: Some((k % 1000) as f64 / 1000.0),
        kind: Some(alinea::align::BeadKind { source: 1, target: 1 }),
        source_sentences: vec![k],
        target_sentences: vec![k],
        ..TranslationUnit::default()
    }
}

fn peak_memory_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn report(step: &str, started: Instant, bytes: u64) {
    let seconds = started.elapsed().as_secs_f64();
    let peak = peak_memory_mb().map_or("?".to_string(), |mb| format!("{mb:.1}"));
    println!(
        "{step:<12} {seconds:>8.2} s {:>9.1} MB on disk   peak RSS so far {peak} MB",
        bytes as f64 / 1e6
    );
}

pub fn run(args: Args) -> anyhow::Result<()> {
    match args.what {
        What::Memory(args) => memory(args),
        What::Segment(args) => segment(args),
        What::Align(args) => align(args),
        What::Lookup(args) => lookup(args),
    }
}

fn lookup(args: LookupArgs) -> anyhow::Result<()> {
    let started = Instant::now();
    let mut index = alinea::memory::lookup::Index::default();
    for k in 0..args.units {
        index.add(&unit(k));
    }
    println!(
        "{} units indexed in {:.2} s, peak RSS {} MB",
        index.len(),
        started.elapsed().as_secs_f64(),
        peak_memory_mb().map_or("?".into(), |m| format!("{m:.0}"))
    );
    let (mut slowest, mut total, mut hits) = (0.0f64, 0.0, 0);
    for q in 0..args.queries {
        let k = (q * 7919) % args.units;
        let query = unit(k).source.replace("government", "regime").replace("paid", "gave");
        let started = Instant::now();
        let found = index.lookup(&query, 5, 70.0);
        let seconds = started.elapsed().as_secs_f64();
        slowest = slowest.max(seconds);
        total += seconds;
        hits += usize::from(found.first().is_some_and(|m| m.source == unit(k).source));
    }
    println!(
        "{} queries: {:.1} ms on average, {:.1} ms the slowest; the edited unit found first in {hits}",
        args.queries,
        1000.0 * total / args.queries.max(1) as f64,
        1000.0 * slowest
    );
    Ok(())
}

/// Builds a document pair of `size` English sentences from the dataset's sentence pairs: every 50th
/// Spanish sentence is dropped and every 50th (offset by 25) merged with the one before, so that the
/// path leaves the diagonal as real translations do. Pairs are drawn with a prime stride, so that every
/// size samples the whole dataset alike and the sizes differ only in length. Returns the two texts and
/// the beads they were built with.
fn synthetic_pair(source: &[String], target: &[String], size: usize) -> (String, String, Vec<LinkBead>) {
    const STRIDE: usize = 7919;
    let (mut source_text, mut target_text) = (String::new(), String::new());
    let mut gold: Vec<LinkBead> = Vec::with_capacity(size);
    let mut spanish = 0;
    for k in 0..size {
        let pick = (k * STRIDE) % source.len();
        let (e, s) = (&source[pick], &target[pick]);
        source_text.push_str(e);
        source_text.push('\n');
        match k % 50 {
            0 => gold.push(LinkBead { source: vec![k], target: vec![] }),
            // Merged into the Spanish sentence before, whose English one (k - 1) was kept.
            25 => {
                target_text.pop();
                target_text.push(' ');
                target_text.push_str(s);
                target_text.push('\n');
                let previous = gold.last_mut().expect("the sentence before was kept");
                previous.source.push(k);
            }
            _ => {
                target_text.push_str(s);
                target_text.push('\n');
                gold.push(LinkBead { source: vec![k], target: vec![spanish] });
                spanish += 1;
            }
        }
    }
    (source_text, target_text, gold)
}

fn align(args: AlignArgs) -> anyhow::Result<()> {
    let threads = rayon::ThreadPoolBuilder::new().num_threads(args.threads.unwrap_or(0)).build()?;
    println!("{} threads", threads.current_num_threads());
    threads.install(|| align_sizes(&args))
}

fn align_sizes(args: &AlignArgs) -> anyhow::Result<()> {
    // Sentence pairs from the 1-1 beads of the dataset's gold, so that the synthetic text translates.
    let (mut source, mut target) = (Vec::new(), Vec::new());
    for doc in alinea::eval::dev_documents(&args.dataset)? {
        let source_text = alinea::corpus::read_text(&doc.source)?;
        let target_text = alinea::corpus::read_text(&doc.target)?;
        let gold = alinea::eval::parse_beads(&alinea::corpus::read_text(&doc.gold)?, &doc.gold)?;
        let (s, t): (Vec<&str>, Vec<&str>) = (source_text.lines().collect(), target_text.lines().collect());
        for bead in gold {
            if let ([i], [j]) = (bead.source.as_slice(), bead.target.as_slice())
                && let (Some(a), Some(b)) = (s.get(*i), t.get(*j))
            {
                source.push(a.to_string());
                target.push(b.to_string());
            }
        }
    }
    anyhow::ensure!(!source.is_empty(), "no 1-1 beads in {}", args.dataset.display());
    println!("{} sentence pairs from {}", source.len(), args.dataset.display());
    let mut previous: Option<(usize, f64)> = None;
    for &size in &args.sizes {
        let (source_text, target_text, gold) = synthetic_pair(&source, &target, size);
        // Every size is aligned three times and the median kept: one run on a shared machine can be
        // slowed by its neighbours, and the growth ratio divides by the smallest size's time.
        let mut times = Vec::with_capacity(BENCH_RUNS);
        let (mut beads, mut spanish, mut f1) = (0, 0, 0.0);
        let mut peak = None;
        for _ in 0..BENCH_RUNS {
            let started = Instant::now();
            let (a, b) =
                (alinea::segment::from_lines(&source_text), alinea::segment::from_lines(&target_text));
            let alignment = alinea::align::align(&a, &b, &alinea::align::Params::default());
            times.push(started.elapsed().as_secs_f64());
            // The peak of the first run is what aligning this size takes; the runs after it only add
            // what the allocator kept of the one before.
            peak = peak.or_else(peak_memory_mb);
            let scores = alinea::eval::evaluate(&gold, &Vec::<LinkBead>::from(&alignment));
            (beads, spanish, f1) = (alignment.beads.len(), b.len(), scores.strict.f1());
        }
        times.sort_by(f64::total_cmp);
        let seconds = times[BENCH_RUNS / 2];
        let growth = previous.map_or(String::new(), |(n, t)| {
            format!("  ({:.1}x the sentences, {:.1}x the time)", size as f64 / n as f64, seconds / t)
        });
        println!(
            "{size:>7} x {:>7} sentences: {:>8.3} s (median of {BENCH_RUNS}), {} beads (strict F1 {:.4}), peak RSS {} MB (first run){growth}",
            spanish,
            seconds,
            beads,
            f1,
            peak.map_or("?".into(), |m| format!("{m:.0}"))
        );
        previous = Some((size, seconds));
    }
    Ok(())
}

/// Runs of each size of the alignment benchmark.
const BENCH_RUNS: usize = 3;

fn segment(args: SegmentArgs) -> anyhow::Result<()> {
    let sample = alinea::corpus::read_text(&args.text)?;
    let mut text = String::with_capacity(args.megabytes * 1_000_000 + sample.len());
    while text.len() < args.megabytes * 1_000_000 {
        text.push_str(&sample);
        text.push_str("\n\n");
    }
    let mb = text.len() as f64 / 1e6;
    let started = Instant::now();
    let sentences = match &args.srx {
        Some(path) => {
            let srx = crate::cmd::load_srx(path)?;
            alinea::segment::segment_with_srx(&text, &srx.for_language(&args.lang)).len()
        }
        None => alinea::segment::segment(&text, args.lang.parse()?).len(),
    };
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "{mb:.1} MB, {sentences} sentences in {seconds:.2} s: {:.1} MB/s; peak RSS {} MB",
        mb / seconds,
        peak_memory_mb().map_or("?".into(), |m| format!("{m:.0}"))
    );
    Ok(())
}

fn memory(args: MemoryArgs) -> anyhow::Result<()> {
    let dir = match &args.dir {
        Some(d) => tempfile::tempdir_in(d),
        None => tempfile::tempdir(),
    }
    .context("creating a temporary folder")?;
    let languages = Languages::default();
    let header = Header::new(languages.clone(), super::creation_time());
    println!("{} units", args.units);

    super::writes_into(dir.path());
    let tmx_path = dir.path().join("bench.tmx");
    let started = Instant::now();
    let mut writer = tmx::Writer::new(std::io::BufWriter::new(AtomicFile::create(&tmx_path)?), &header)?;
    for k in 0..args.units {
        writer.write_selected(&unit(k))?;
    }
    let out = writer.finish()?;
    out.into_inner().map_err(|e| e.into_error())?.commit()?;
    report("write tmx", started, std::fs::metadata(&tmx_path)?.len());

    let started = Instant::now();
    let mut read = 0;
    for u in tmx::open(&tmx_path, InlineTags::Keep)? {
        let u = u?;
        ensure!(u.variants.len() == 2, "unit {read} has {} variants", u.variants.len());
        read += 1;
    }
    ensure!(read == args.units, "read {read} units back, wrote {}", args.units);
    report("read tmx", started, std::fs::metadata(&tmx_path)?.len());

    let csv_path = dir.path().join("bench.csv");
    let started = Instant::now();
    let mut file = std::io::BufWriter::new(AtomicFile::create(&csv_path)?);
    let mut writer = csv::Writer::new(&mut file, &languages, csv::Options::default())?;
    for k in 0..args.units {
        writer.write_unit(&unit(k))?;
    }
    writer.finish()?;
    file.flush()?;
    file.into_inner().map_err(|e| e.into_error())?.commit()?;
    report("write csv", started, std::fs::metadata(&csv_path)?.len());

    let started = Instant::now();
    let mut read = 0;
    for _ in csv::read_file(&csv_path, Some(&languages))?.units {
        read += 1;
    }
    ensure!(read == args.units, "read {read} CSV rows back, wrote {}", args.units);
    report("read csv", started, std::fs::metadata(&csv_path)?.len());
    Ok(())
}
