//! Fuzz target: the Cargo-XML reader (ingest::cargo_xml::read) over any text.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| hubscreen_fuzz::cargo_xml(data));
