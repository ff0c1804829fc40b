//! Fuzz target: EU FSF XML (lists::eu_fsf::read_xml).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| hubscreen_fuzz::list_eu_xml(data));
