//! Fuzz target: goods reference tables (lists::reference: HS nomenclature CSV, Annex I text), HS 2017 conversions and a goods look-up; input is the four split on 0xFF bytes.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| hubscreen_fuzz::goods_reference(data));
