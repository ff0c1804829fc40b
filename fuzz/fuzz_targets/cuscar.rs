//! Fuzz target: the CUSCAR reader (ingest::cuscar::read) over any text.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| hubscreen_fuzz::cuscar(data));
