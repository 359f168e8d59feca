//! End-to-end tests through the `alinea` binary, on the sample article in `tests/data/rw895`.
//! One test binary, one module per area.

mod align;
mod bad_input;
mod cli;
mod documents;
mod fuzz;
mod memory;
mod pair_check;
mod review;
mod review_app;
mod review_loop;
mod roundtrip;
mod segment;
mod spreadsheets;
mod srx;
mod tmx_files;
mod util;
