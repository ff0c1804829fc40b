//! Fuzz target: an agency rule pack (screen::rules::parse), and its rules run on a shipment.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| hubscreen_fuzz::rule_pack(data));
