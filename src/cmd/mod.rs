//! One module per subcommand: its arguments and its `run`.

pub mod align;
pub mod args;
pub mod bench;
pub mod build;
pub mod eval;
pub mod eval_seg;
pub mod lookup;
pub mod review;
pub mod segment;

/// `line` followed by `; COUNT WHAT` for each count that is not zero, as the reports of a run print
/// what they left out.
pub(crate) fn with_counts(mut line: String, counts: &[(usize, &str)]) -> String {
    for (count, what) in counts {
        if *count > 0 {
            line.push_str(&format!("; {count} {what}"));
        }
    }
    line
}

/// An error and its causes on one line, each once (`a: b: c`), with what to do where the cause says
/// what is wrong but not what to do (a full disk, a file without permission).
pub(crate) fn describe(error: &(dyn std::error::Error + 'static)) -> String {
    let mut line = error.to_string();
    let mut advice = "";
    let mut cause = error.source();
    while let Some(c) = cause {
        line.push_str(": ");
        line.push_str(&c.to_string());
        if let Some(io) = c.downcast_ref::<std::io::Error>() {
            advice = io_advice(io);
        }
        cause = c.source();
    }
    match error.downcast_ref::<alinea::Error>() {
        Some(alinea::Error::PreviousReview { .. }) => {
            advice = "; fix that row, or move the file away to start afresh, then align again";
        }
        Some(alinea::Error::Encoding { .. }) => {
            advice = "; repair that byte, or give the file's encoding with --encoding";
        }
        _ => {}
    }
    line.push_str(advice);
    line
}

/// What to do about an I/O error, where the system's message does not say it.
fn io_advice(error: &std::io::Error) -> &'static str {
    use std::io::ErrorKind;
    match error.kind() {
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded => {
            "; free some space and run again (a file that was there before is left as it was)"
        }
        ErrorKind::PermissionDenied => "; check the permissions of the file and its folder",
        ErrorKind::IsADirectory => "; give a file, not a folder",
        ErrorKind::ReadOnlyFilesystem => "; write to another folder (-o)",
        _ => "",
    }
}

/// Loads an SRX file, reporting each pattern that could not be compiled.
pub(crate) fn load_srx(path: &std::path::Path) -> anyhow::Result<alinea::segment::srx::Srx> {
    let srx = alinea::segment::srx::Srx::from_path(path)?;
    for problem in srx.problems() {
        eprintln!("alinea: warning: {}: {problem}", path.display());
    }
    Ok(srx)
}

/// Says that some SRX matches were abandoned, so that a user knows the segments may differ from their
/// CAT tool's.
pub(crate) fn warn_srx_gave_up(name: &str, count: usize) {
    if count > 0 {
        eprintln!(
            "alinea: warning: {name}: {count} match(es) of the SRX rules went past the regex engine's \
             backtracking limit and were taken as no match; simplify the patterns that backtrack \
             exponentially (nested repetitions with a backreference or look-around)"
        );
    }
}

/// The date of the memories a run writes: `SOURCE_DATE_EPOCH` (seconds since 1970) when it is set, so
/// that output can be reproduced byte for byte, else the time now.
pub(crate) fn creation_time() -> std::time::SystemTime {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok())
        .map_or_else(std::time::SystemTime::now, |secs| {
            std::time::UNIX_EPOCH + std::time::Duration::from_secs(secs)
        })
}

/// The folders this run writes memories into, for [`remove_unfinished`].
static OUTPUT_FOLDERS: std::sync::Mutex<Vec<std::path::PathBuf>> = std::sync::Mutex::new(Vec::new());

/// Notes that this run writes into `folder` (a file's parent for a file), so that a signal leaves no
/// temporary file there.
pub(crate) fn writes_into(folder: &std::path::Path) {
    let folder = if folder.as_os_str().is_empty() { std::path::Path::new(".") } else { folder };
    OUTPUT_FOLDERS.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(folder.to_path_buf());
}

/// Removes this process's unfinished temporary files (see
/// [`alinea::memory::temporary_file_prefix`]) from the folders it writes into: for a program about to
/// be ended by a signal, whose destructors will not run.
pub(crate) fn remove_unfinished() {
    let prefix = alinea::memory::temporary_file_prefix();
    let folders = OUTPUT_FOLDERS.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone();
    for folder in folders {
        let Ok(entries) = std::fs::read_dir(&folder) else { continue };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.starts_with(&prefix) && name.ends_with(".tmp") {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}
