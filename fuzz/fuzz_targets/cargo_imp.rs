//! Fuzz target: the Cargo-IMP reader (ingest::cargo_imp::read) over any text.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| hubscreen_fuzz::cargo_imp(data));
