//! Fuzz target: OFSI ConList.csv (lists::uk_lists::read_ofsi).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| hubscreen_fuzz::list_uk_ofsi(data));
