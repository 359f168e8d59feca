//! The `alinea` binary: parses the arguments, calls the library, prints the error chain once.
//!
//! Exit codes: 0 success, 1 error, 2 usage error (from clap) or pairs held back by the pair check; a bug that panics prints one line asking
//! for a report, and exits with 101 (Rust's code for a panic).

mod cli;
mod cmd;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    report_bugs_in_one_line();
    // Ctrl-C, `kill`, `timeout` or a closing terminal: remove the unfinished outputs' temporary files (the
    // memories already there stay as they were), then exit as a process killed by the signal would.
    let _ = ctrlc::set_handler(|| {
        cmd::remove_unfinished();
        std::process::exit(130);
    });
    let cli = cli::Cli::parse();
    let result = match cli.command {
        cli::Command::Align(args) => cmd::align::run(args),
        cli::Command::Segment(args) => cmd::segment::run(args),
        cli::Command::Review(args) => cmd::review::run(args),
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
        Err(err) if err.downcast_ref::<cmd::align::HeldBack>().is_some() => {
            eprintln!("alinea: {err}");
            ExitCode::from(2)
        }
        Err(err) => {
            // The chain once, as ripgrep prints it: each error says what it adds, not its cause.
            eprintln!("alinea: {}", cmd::describe(err.as_ref()));
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

/// A panic is a bug in alinea: the user gets one line saying so, not a backtrace note, unless
/// `RUST_BACKTRACE` asks for the details.
fn report_bugs_in_one_line() {
    if std::env::var_os("RUST_BACKTRACE").is_some() {
        return;
    }
    std::panic::set_hook(Box::new(|info| {
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .copied()
            .or_else(|| info.payload().downcast_ref::<String>().map(String::as_str))
            .unwrap_or("unknown cause");
        let place = info.location().map(|l| format!(" at {}:{}", l.file(), l.line())).unwrap_or_default();
        eprintln!(
            "alinea: internal error ({message}{place}); this is a bug: please report it with the input \
             files (RUST_BACKTRACE=1 shows the details)"
        );
    }));
}
