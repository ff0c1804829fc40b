//! Fuzz target: one party screened against the bundled lists (the matcher's query side,
//! identifier evidence and explanations), name on the first line, address after.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| hubscreen_fuzz::screen_party(data));
