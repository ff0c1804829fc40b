//! Fuzz target: UN consolidated XML (lists::un_xml::read).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| hubscreen_fuzz::list_un_xml(data));
