//! End-to-end tests through the `alinea` binary, on the sample article in `tests/data/rw895`.
//! One test binary, one module per area.

mod align;
mod bad_input;
mod cli;
mod fuzz;
mod memory;
mod review;
mod roundtrip;
mod segment;
mod srx;
mod tmx_files;
mod util;
