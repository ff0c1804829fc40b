//! Fuzz target: dashboard keymap TOML (tui::keymap::Keymap::with_overrides).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| hubscreen_fuzz::keymap(data));
