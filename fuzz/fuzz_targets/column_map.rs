//! Fuzz target: --map column-map TOML (ingest::csv_manifest::ColumnMap::parse).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| hubscreen_fuzz::column_map(data));
