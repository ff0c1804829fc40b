//! Fuzz target: trade.gov CSL CSV (lists::csl_csv::read).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| hubscreen_fuzz::list_csl(data));
