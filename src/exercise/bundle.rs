//! An exercise bundle on disk: a folder with a trainee side and a trainer side.
//!
//! ```text
//! BUNDLE/
//!   trainee/          what the trainer hands out: no answer in it
//!     exercise.toml   the exercise: vessel, difficulty, assistance, timer, injects
//!     briefing.md     the briefing the dashboard shows first
//!     manifest.csv    (or .edi, .xlsx)
//!     injects/        the list update and amended bill the trainer scheduled
//!   trainer/          kept by the trainer
//!     answer-key.json every planted item and decoy, with its explanation
//!     answer-key.md   the same, to read
//! ```
//!
//! The seed is on the trainer's side only: with the seed and the same lists anyone can generate
//! the bundle again, answer key included.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::generate::{Exercise, InjectKind};
use super::key::AnswerKey;
use super::render::{self, Table};
use super::{Assistance, Difficulty, Format};

pub const TRAINEE_DIR: &str = "trainee";
pub const TRAINER_DIR: &str = "trainer";
pub const EXERCISE_FILE: &str = "exercise.toml";
pub const BRIEFING_FILE: &str = "briefing.md";
pub const KEY_FILE: &str = "answer-key.json";
pub const KEY_TEXT_FILE: &str = "answer-key.md";
pub const INJECTS_DIR: &str = "injects";

/// `exercise.toml`: what the trainee side says about the exercise.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExerciseFile {
    pub id: String,
    pub title: String,
    pub hub: String,
    pub vessel: String,
    pub imo: String,
    pub voyage: String,
    pub difficulty: Difficulty,
    pub assistance: Assistance,
    /// Minutes the trainee has; absent: no timer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minutes: Option<u32>,
    pub format: Format,
    /// The manifest's file name, in this folder.
    pub manifest: String,
    pub bills: usize,
    /// The lists the exercise was made with; a trainee machine with other lists is warned.
    #[serde(default)]
    pub lists: Vec<ListPrint>,
    #[serde(default)]
    pub injects: Vec<InjectFile>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListPrint {
    pub name: String,
    pub version: String,
    pub content_hash: String,
}

/// An inject as the trainee side holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InjectFile {
    pub name: String,
    pub kind: InjectKind,
    pub at_minutes: u32,
    pub says: String,
    /// In `injects/`.
    pub file: String,
}

#[derive(Debug, thiserror::Error)]
pub enum BundleError {
    #[error("{0}: already exists and is not empty; choose a new folder")]
    Exists(String),
    #[error("{path}: {source}")]
    Io {
        path: String,
        #[source]
        source: io::Error,
    },
    #[error(
        "{0}: not an exercise bundle (no trainee/exercise.toml, and no exercise.toml in the folder itself)"
    )]
    NotABundle(String),
    #[error("{path}: {message}")]
    Bad { path: String, message: String },
    #[error(
        "{0}: no answer key here; the answer key is on the trainer's side of the bundle (trainer/answer-key.json)"
    )]
    NoKey(String),
}

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> BundleError + '_ {
    move |source| BundleError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// The manifest in the exercise's format.
pub fn manifest_bytes(table: &Table, format: Format) -> Vec<u8> {
    match format {
        Format::Csv => render::csv(table),
        Format::Cuscar => render::cuscar::to_latin1(&render::cuscar::cuscar(table)),
        Format::Xlsx => render::xlsx::xlsx(table),
    }
}

/// Every file of the bundle, as `(path inside the bundle, bytes)`, in a fixed order.
pub fn files(ex: &Exercise) -> Vec<(String, Vec<u8>)> {
    let manifest = format!("manifest.{}", ex.settings.format.extension());
    let file = ExerciseFile {
        id: ex.id.clone(),
        title: format!(
            "{} ({}) at {}, voyage {}",
            ex.vessel,
            ex.call,
            super::generate::HUB_NAME,
            ex.voyage
        ),
        hub: super::generate::HUB.to_string(),
        vessel: ex.vessel.clone(),
        imo: ex.imo.clone(),
        voyage: ex.voyage.clone(),
        difficulty: ex.settings.difficulty,
        assistance: ex.settings.assistance,
        minutes: ex.settings.minutes,
        format: ex.settings.format,
        manifest: manifest.clone(),
        bills: ex.settings.bills,
        lists: ex
            .lists
            .iter()
            .map(|(name, version, hash)| ListPrint {
                name: name.clone(),
                version: version.clone(),
                content_hash: hash.clone(),
            })
            .collect(),
        injects: ex
            .injects
            .iter()
            .map(|i| InjectFile {
                name: i.name.clone(),
                kind: i.kind,
                at_minutes: i.at_minutes,
                says: i.says.clone(),
                file: i.file_name.clone(),
            })
            .collect(),
    };
    let mut out = vec![
        (
            format!("{TRAINEE_DIR}/{EXERCISE_FILE}"),
            toml::to_string(&file)
                .expect("an exercise file serialises")
                .into_bytes(),
        ),
        (
            format!("{TRAINEE_DIR}/{BRIEFING_FILE}"),
            briefing(&file).into_bytes(),
        ),
        (
            format!("{TRAINEE_DIR}/{manifest}"),
            manifest_bytes(&ex.table, ex.settings.format),
        ),
    ];
    for inject in &ex.injects {
        let bytes = match (&inject.text, &inject.rows) {
            (Some(text), _) => text.clone().into_bytes(),
            (None, Some(table)) => manifest_bytes(table, ex.settings.format),
            (None, None) => Vec::new(),
        };
        out.push((
            format!("{TRAINEE_DIR}/{INJECTS_DIR}/{}", inject.file_name),
            bytes,
        ));
    }
    let mut key = serde_json::to_vec_pretty(&ex.key).expect("an answer key serialises");
    key.push(b'\n');
    out.push((format!("{TRAINER_DIR}/{KEY_FILE}"), key));
    out.push((
        format!("{TRAINER_DIR}/{KEY_TEXT_FILE}"),
        key_text(&ex.key, &file).into_bytes(),
    ));
    out
}

/// Writes the bundle into `dir`, which must not exist or be empty. Written into a folder beside
/// it first and renamed, so that a failure leaves no half bundle.
pub fn write(dir: &Path, ex: &Exercise) -> Result<(), BundleError> {
    if dir.exists() && fs::read_dir(dir).map_err(io_err(dir))?.next().is_some() {
        return Err(BundleError::Exists(dir.display().to_string()));
    }
    let parent = dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(parent).map_err(io_err(parent))?;
    let staging = parent.join(format!(
        ".{}.partial",
        dir.file_name().and_then(|n| n.to_str()).unwrap_or("bundle")
    ));
    if staging.exists() {
        fs::remove_dir_all(&staging).map_err(io_err(&staging))?;
    }
    for (name, bytes) in files(ex) {
        let path = staging.join(&name);
        if let Some(p) = path.parent() {
            fs::create_dir_all(p).map_err(io_err(p))?;
        }
        fs::write(&path, bytes).map_err(io_err(&path))?;
    }
    if dir.exists() {
        fs::remove_dir(dir).map_err(io_err(dir))?;
    }
    fs::rename(&staging, dir).map_err(io_err(dir))
}

/// Reads `exercise.toml`: its fields, and file names that stay inside the trainee folder.
pub fn parse_exercise(text: &str) -> Result<ExerciseFile, String> {
    let file: ExerciseFile = toml::from_str(text).map_err(|e| e.to_string())?;
    // The id names the trainees' folders and is shown on their screens.
    let id_ok = (1..=40).contains(&file.id.len())
        && file
            .id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        && !file.id.starts_with('-');
    if !id_ok {
        return Err(format!(
            "exercise id '{}' must be 1 to 40 letters, digits, '-' or '_' (it names folders)",
            crate::text::safe::for_terminal(&file.id)
        ));
    }
    for name in std::iter::once(&file.manifest).chain(file.injects.iter().map(|i| &i.file)) {
        if name.is_empty() || name.contains(['/', '\\']) || name.starts_with('.') {
            return Err(format!(
                "file name '{name}' must be a plain name in the folder"
            ));
        }
    }
    Ok(file)
}

/// Reads an answer key's JSON.
pub fn parse_key(bytes: &[u8]) -> Result<AnswerKey, String> {
    serde_json::from_slice(bytes).map_err(|e| e.to_string())
}

/// The trainee side of a bundle, opened.
#[derive(Debug, Clone)]
pub struct TraineeCopy {
    /// The folder holding `exercise.toml`.
    pub dir: PathBuf,
    pub file: ExerciseFile,
}

impl TraineeCopy {
    /// Opens `path`: a bundle (its `trainee/` side is used) or a trainee folder itself.
    pub fn open(path: &Path) -> Result<Self, BundleError> {
        let dir = if path.join(TRAINEE_DIR).join(EXERCISE_FILE).is_file() {
            path.join(TRAINEE_DIR)
        } else if path.join(EXERCISE_FILE).is_file() {
            path.to_path_buf()
        } else {
            return Err(BundleError::NotABundle(path.display().to_string()));
        };
        let file_path = dir.join(EXERCISE_FILE);
        let text = fs::read_to_string(&file_path).map_err(io_err(&file_path))?;
        let file = parse_exercise(&text).map_err(|message| BundleError::Bad {
            path: file_path.display().to_string(),
            message,
        })?;
        Ok(TraineeCopy { dir, file })
    }

    pub fn manifest_path(&self) -> PathBuf {
        self.dir.join(&self.file.manifest)
    }

    pub fn inject_path(&self, file: &str) -> PathBuf {
        self.dir.join(INJECTS_DIR).join(file)
    }

    pub fn briefing(&self) -> String {
        fs::read_to_string(self.dir.join(BRIEFING_FILE)).unwrap_or_else(|_| briefing(&self.file))
    }
}

/// Reads the answer key from a bundle, its trainer folder, or the key file itself.
pub fn read_key(path: &Path) -> Result<AnswerKey, BundleError> {
    let file = if path.is_file() {
        path.to_path_buf()
    } else if path.join(TRAINER_DIR).join(KEY_FILE).is_file() {
        path.join(TRAINER_DIR).join(KEY_FILE)
    } else if path.join(KEY_FILE).is_file() {
        path.join(KEY_FILE)
    } else {
        return Err(BundleError::NoKey(path.display().to_string()));
    };
    let bytes = fs::read(&file).map_err(io_err(&file))?;
    parse_key(&bytes).map_err(|message| BundleError::Bad {
        path: file.display().to_string(),
        message,
    })
}

/// The trainee's briefing: the call, the task, the time, the reason codes. No answer.
pub fn briefing(file: &ExerciseFile) -> String {
    let task = match file.assistance {
        Assistance::Full => {
            "hubscreen's lanes, scores and hits are shown. Do not take them on trust: \
             decide every bill yourself, and clear what the tool flags wrongly."
        }
        Assistance::Hits => {
            "hubscreen's hits are shown, but not its lanes or scores: weigh each hit \
             yourself."
        }
        Assistance::None => {
            "hubscreen's screening is not shown. Read the manifest and use the look-ups: in \
             the dashboard L (or :lookup WORDS) looks a name up in the lists, and an HS code, a \
             control-list entry or a few words up in the goods tables; 5 browses the lists. \
             Refer what you judge suspicious, whatever a tool would say."
        }
    };
    let timer = match file.minutes {
        Some(m) => format!(
            "You have {m} minutes from the start of your session; the dashboard shows the time \
             left at the bottom right."
        ),
        None => "There is no time limit.".to_string(),
    };
    let injects = if file.injects.is_empty() {
        String::new()
    } else {
        "\nThe trainer has scheduled events during the exercise (news from the lists or from \
         the carrier). They appear on your screen when they happen; take them into account.\n"
            .to_string()
    };
    format!(
        "# Exercise {id}: {title}\n\n\
         The manifest holds {bills} bills of lading for the vessel {vessel} (IMO {imo}), \
         voyage {voyage}, discharging at {hub}. Some bills carry indicators of sanctions \
         evasion, strategic-goods diversion or document fraud; others only look like they do.\n\n\
         ## Your task\n\n\
         Work the queue as you would at your desk: for each bill you judge suspicious, **refer** \
         it (or **hold** it for documents or an examination); **clear** the ones you checked and \
         found in order. Give a reason code and a note saying what you saw: the debrief reads \
         them.\n\n\
         {task}\n\n\
         {timer}\n{injects}\n\
         ## Reason codes\n\n\
         - refer: DENIED-PARTY, CONTROLLED-GOODS, DIVERSION-ROUTE, INTEL\n\
         - hold: EXAM-REQUIRED, DOCS-MISSING\n\
         - clear: DOCS-VERIFIED, KNOWN-TRADER, NAME-MISMATCH-DOB, DIFFERENT-COUNTRY, \
         DIFFERENT-ENTITY, LOW-RISK-GOODS\n\n\
         ## Scoring\n\n\
         Each suspicious bill referred or held scores; one missed scores nothing; a bill \
         referred that did not need it costs points; a lookalike cleared scores. A reason code that names \
         the flag scores extra. Your trainer explains every item at the debrief.\n",
        id = file.id,
        title = file.title,
        bills = file.bills,
        vessel = file.vessel,
        imo = file.imo,
        voyage = file.voyage,
        hub = file.hub,
    )
}

/// The answer key as a document for the trainer.
pub fn key_text(key: &AnswerKey, file: &ExerciseFile) -> String {
    let mut out = format!(
        "# Answer key: exercise {} (trainer only)\n\n{}\n\nSeed {}, {} difficulty, {} bills, \
         assistance {}.\n\n| Bill | Kind | Expected | Flag |\n|---|---|---|---|\n",
        key.exercise,
        file.title,
        key.settings.seed,
        key.settings.difficulty,
        key.settings.bills,
        key.settings.assistance
    );
    for i in &key.items {
        out.push_str(&format!(
            "| {} | {} | {} | {} |\n",
            i.bill,
            i.kind,
            i.expected,
            i.flag.replace('|', "/")
        ));
    }
    out.push_str("\n## Explanations\n");
    for i in &key.items {
        out.push_str(&format!(
            "\n### {} ({})\n\n{}\n\nReason codes that name it: {}.{}\n",
            i.bill,
            i.kind.title(),
            i.explanation,
            i.reason_codes.join(", "),
            i.inject
                .as_ref()
                .map(|n| format!(" Arrives with the inject `{n}`."))
                .unwrap_or_default()
        ));
    }
    out
}
