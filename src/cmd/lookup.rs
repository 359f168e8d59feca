use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::time::Instant;

use anyhow::bail;

use alinea::memory::export;
use alinea::memory::lookup::Index;
use alinea::memory::tmx::InlineTags;

use super::args::LanguageArgs;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
The memory is a TMX or review CSV file, or a folder of them (such as memory/). With no query on the
command line, queries are read from standard input, one a line, and answered as they come.

Examples:
  alinea lookup \"The U.S. government claims the aid will help.\" --memory memory/
  alinea lookup --memory all.tmx --top 3 --min 70 < sentences.txt")]
pub struct Args {
    /// Sentences to look up; standard input (one a line) when none.
    queries: Vec<String>,
    /// The memory: a TMX or CSV file, or a folder of them.
    #[arg(long, short, default_value = "memory")]
    memory: PathBuf,
    /// Matches shown per query.
    #[arg(long, default_value_t = 5)]
    top: usize,
    /// Lowest match shown, in percent.
    #[arg(long, default_value_t = 50.0)]
    min: f64,
    #[command(flatten)]
    languages: LanguageArgs,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let files: Vec<PathBuf> = if args.memory.is_dir() {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&args.memory)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "tmx" || e == "csv"))
            .collect();
        files.sort();
        files
    } else {
        vec![args.memory.clone()]
    };
    if files.is_empty() {
        bail!(
            "{} holds no .tmx or .csv memory; align some editions first (alinea align)",
            args.memory.display()
        );
    }
    let languages = args.languages.given()?;
    let started = Instant::now();
    let mut index = Index::default();
    for file in &files {
        for unit in export::open(file, languages.as_ref(), InlineTags::Keep)?.units {
            index.add(&unit?);
        }
    }
    eprintln!("{} units loaded in {:.2} s", index.len(), started.elapsed().as_secs_f64());
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let answer = |query: &str, out: &mut dyn Write| -> anyhow::Result<()> {
        let started = Instant::now();
        let found = index.lookup(query, args.top, args.min);
        writeln!(out, "{query}")?;
        if found.is_empty() {
            writeln!(out, "  (no match of {}% or more)", args.min)?;
        }
        for m in found {
            writeln!(out, "  {:>3.0}%  {}\n        {}", m.percent.floor(), m.source, m.target)?;
        }
        writeln!(out, "  ({:.1} ms)", started.elapsed().as_secs_f64() * 1000.0)?;
        Ok(())
    };
    if args.queries.is_empty() {
        for line in std::io::stdin().lock().lines() {
            let line = line?;
            if !line.trim().is_empty() {
                answer(line.trim(), &mut out)?;
                out.flush()?;
            }
        }
    } else {
        for query in &args.queries {
            answer(query, &mut out)?;
        }
    }
    out.flush()?;
    Ok(())
}
