//! Fuzz target: the AMS tables (ingest::ams), eleven files split on 0xFF.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| hubscreen_fuzz::ams(data));
