//! Fuzz target: the UN/EDIFACT tokenizer (ingest::edifact::Tokenizer).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| hubscreen_fuzz::edifact(data));
