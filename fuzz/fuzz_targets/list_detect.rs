//! Fuzz target: any bytes through lists::detect, then the reader it picks (as lists::load_path does for one file).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| hubscreen_fuzz::list_detect(data));
