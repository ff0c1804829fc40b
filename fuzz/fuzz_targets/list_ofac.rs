//! Fuzz target: OFAC legacy CSV set (lists::ofac_csv::read); input is sdn/add/alt/comments split on 0xFF bytes.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| hubscreen_fuzz::list_ofac(data));
