//! Fuzz target: an exercise bundle's exercise.toml and answer key (exercise::bundle), split on 0xFF bytes, and the briefing, key text and debrief made from them.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| hubscreen_fuzz::exercise_bundle(data));
