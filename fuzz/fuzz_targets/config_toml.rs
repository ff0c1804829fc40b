//! Fuzz target: configuration TOML (config::Config::parse).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| hubscreen_fuzz::config_toml(data));
