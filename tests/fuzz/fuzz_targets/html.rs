#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| alinea_fuzz::html(data));
