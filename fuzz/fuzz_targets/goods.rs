//! Fuzz target: goods list CSVs (lists::goods::GoodsLists::from_sources); input is hs_prefixes/keywords/chemicals split on 0xFF bytes.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| hubscreen_fuzz::goods(data));
