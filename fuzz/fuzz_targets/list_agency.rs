//! Fuzz target: agency CSV (lists::agency_csv::read).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| hubscreen_fuzz::list_agency(data));
