//! Fuzz target: CSV manifest reader (ingest::csv_manifest::read, no column map).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| hubscreen_fuzz::manifest_csv(data));
