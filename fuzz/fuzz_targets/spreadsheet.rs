//! Fuzz target: workbooks (XLSX, XLS, ODS) through manifest detection and the calamine reader.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| hubscreen_fuzz::spreadsheet(data));
