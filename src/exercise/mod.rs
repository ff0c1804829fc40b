//! Training exercises: a trainer generates a manifest with planted indicators and decoys, trainees
//! work it in their own store, hubscreen scores and debriefs them.

pub mod render;
