//! One module per subcommand: its arguments and its `run`.

pub mod align;
pub mod bench;
pub mod build;
pub mod eval;
pub mod eval_seg;
pub mod lookup;
pub mod segment;
