//! Fuzz target: the ANSI X12 tokenizer (ingest::x12::Tokenizer).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| hubscreen_fuzz::x12(data));
