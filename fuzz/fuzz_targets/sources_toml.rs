//! Fuzz target: sources TOML (lists::sources::Sources::parse).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| hubscreen_fuzz::sources_toml(data));
