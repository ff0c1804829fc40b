//! Fuzz target: FCDO UK Sanctions List CSV (lists::uk_lists::read_sanctions_list).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| hubscreen_fuzz::list_uk_sanctions(data));
