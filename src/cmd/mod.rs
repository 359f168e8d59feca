//! One module per subcommand: its arguments and its `run`.

pub mod align;
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
