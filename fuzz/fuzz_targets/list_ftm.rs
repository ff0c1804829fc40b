//! Fuzz target: OpenSanctions FtM JSON lines (lists::opensanctions_ftm::load).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| hubscreen_fuzz::list_ftm(data));
