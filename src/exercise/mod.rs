//! Training exercises: a trainer generates a manifest with planted indicators and decoys
//! ([`generate`]), writes it as a bundle whose trainee side holds no answer ([`bundle`]),
//! trainees work it in their own store ([`session`]), the trainer follows the class live
//! ([`progress`]), and hubscreen scores and debriefs them ([`score`], [`replay`]).
//!
//! Everything is drawn from one seeded generator, so one seed and one set of lists give one
//! bundle, byte for byte.

pub mod bundle;
pub mod debrief;
pub mod generate;
pub mod key;
pub mod pools;
pub mod progress;
pub mod render;
pub mod replay;
pub mod score;
pub mod session;

use serde::{Deserialize, Serialize};

pub use generate::{Exercise, GenerateError, generate};
pub use key::{AnswerKey, Expected, ItemKind, KeyItem};

/// How hard an exercise is: how strong the disguises, how many decoys, how long the manifest.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    strum::Display,
    strum::EnumString,
    clap::ValueEnum,
)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum Difficulty {
    Easy,
    Normal,
    Hard,
}

impl Difficulty {
    /// Bills on the manifest unless the trainer says otherwise.
    pub fn default_bills(self) -> usize {
        match self {
            Difficulty::Easy => 60,
            Difficulty::Normal => 200,
            Difficulty::Hard => 300,
        }
    }

    /// Manglings of a listed name (see [`crate::screen::eval::disguise`]).
    pub fn disguise_steps(self) -> usize {
        match self {
            Difficulty::Easy => 1,
            Difficulty::Normal => 2,
            Difficulty::Hard => 3,
        }
    }

    /// Decoys of each kind.
    pub fn decoys_each(self) -> usize {
        match self {
            Difficulty::Easy => 1,
            Difficulty::Normal => 2,
            Difficulty::Hard => 4,
        }
    }

    /// Planted items of each kind (denied parties get one more from normal up).
    pub fn planted_each(self) -> usize {
        match self {
            Difficulty::Easy | Difficulty::Normal => 1,
            Difficulty::Hard => 2,
        }
    }

    /// The timer unless the trainer says otherwise.
    pub fn default_minutes(self) -> u32 {
        match self {
            Difficulty::Easy => 30,
            Difficulty::Normal => 60,
            Difficulty::Hard => 90,
        }
    }
}

/// What the trainee is shown of hubscreen's own screening.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    strum::Display,
    strum::EnumString,
    clap::ValueEnum,
)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum Assistance {
    /// Lanes, scores and hits shown: the trainee must decide correctly.
    Full,
    /// Hits shown, lanes and scores hidden.
    Hits,
    /// No screening shown: the trainee reads the manifest and uses the look-ups.
    None,
}

/// The manifest's file format.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    strum::Display,
    strum::EnumString,
    clap::ValueEnum,
)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum Format {
    Csv,
    Cuscar,
    Xlsx,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Cuscar => "edi",
            Format::Xlsx => "xlsx",
        }
    }
}

/// What the trainer asked for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    pub seed: u64,
    pub bills: usize,
    pub difficulty: Difficulty,
    pub format: Format,
    pub assistance: Assistance,
    /// Minutes the trainee has; `None`: no timer.
    pub minutes: Option<u32>,
    /// Whether the list-update and amended-bill injects are scheduled.
    pub injects: bool,
    /// The lists planted parties are drawn from (their short names); empty: every list loaded.
    pub lists: Vec<String>,
}

impl Settings {
    /// A difficulty's defaults for `seed`.
    pub fn new(seed: u64, difficulty: Difficulty) -> Self {
        Settings {
            seed,
            bills: difficulty.default_bills(),
            difficulty,
            format: Format::Csv,
            assistance: Assistance::Full,
            minutes: Some(difficulty.default_minutes()),
            injects: difficulty != Difficulty::Easy,
            lists: Vec::new(),
        }
    }
}
