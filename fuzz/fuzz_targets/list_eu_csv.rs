//! Fuzz target: EU FSF CSV (lists::eu_fsf::read_csv).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| hubscreen_fuzz::list_eu_csv(data));
