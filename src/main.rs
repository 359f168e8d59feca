//! The `alinea` binary: parses the arguments, calls the library, prints the error chain once.
//!
//! Exit codes: 0 success, 1 error, 2 usage error (from clap).

mod cli;
mod cmd;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let result = match cli.command {
        cli::Command::Align(args) => cmd::align::run(args),
        cli::Command::Segment(args) => cmd::segment::run(args),
        cli::Command::Build(args) => cmd::build::run(args),
        cli::Command::Merge(args) => cmd::build::run_merge(args),
        cli::Command::Lookup(args) => cmd::lookup::run(args),
        cli::Command::Eval(args) => cmd::eval::run(args),
        cli::Command::EvalSeg(args) => cmd::eval_seg::run(args),
        cli::Command::Bench(args) => cmd::bench::run(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            let mut message = format!("alinea: {err}");
            for cause in err.chain().skip(1) {
                message.push_str(&format!(": {cause}"));
            }
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

/// Output piped into `head` is not an error worth reporting.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain()
        .filter_map(|e| e.downcast_ref::<std::io::Error>())
        .any(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
}
