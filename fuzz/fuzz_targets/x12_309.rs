//! Fuzz target: the X12 309 reader (ingest::x12_309::read) over any text.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| hubscreen_fuzz::x12_309(data));
