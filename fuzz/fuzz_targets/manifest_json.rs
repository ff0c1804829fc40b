//! Fuzz target: JSON manifest reader (ingest::json_manifest::read).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| hubscreen_fuzz::manifest_json(data));
