//! Fuzz target: any bytes through ingest::ingest: decoding, format detection, then the CSV or JSON reader.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| hubscreen_fuzz::manifest_detect(data));
