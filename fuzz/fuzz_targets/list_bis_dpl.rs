//! Fuzz target: BIS Denied Persons List (lists::bis_dpl::read).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| hubscreen_fuzz::list_bis_dpl(data));
