//! Screening configuration: thresholds, points and the high-risk country list, read from a
//! TOML file (`--config FILE`, else `config.toml` in the platform's config directory, else the
//! defaults documented here and in the README).
//!
//! Every number that decides a lane lives here so that an agency can tune it without a
//! rebuild, and so that a report can say which settings it was made with.

use std::path::{Path, PathBuf};

/// How `[lists] always` names the sample agency list compiled into the binary.
pub const BUNDLED_AGENCY: &str = "bundled:agency";

use serde::{Deserialize, Serialize};

/// Everything screening can be tuned by.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub screening: ScreeningConfig,
    pub scoring: ScoringConfig,
    pub rules: RulesConfig,
    pub selectivity: SelectivityConfig,
    pub workflow: WorkflowConfig,
    pub dashboard: DashboardConfig,
    pub lists: ListsConfig,
    pub audit: AuditConfig,
}

/// Where the key that signs the audit log's checkpoints is kept.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AuditConfig {
    /// The key file (relative to the configuration file). Default: `audit.key` beside the
    /// store, so that every officer sharing a store signs with the same key. Point it at a
    /// place that only hubscreen's users can read to make the checkpoint mean more than the
    /// store's own folder permissions.
    pub key_file: Option<PathBuf>,
}

/// Lists screened on every run, besides the official ones.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ListsConfig {
    /// The agency's own lists: paths to list files or folders (relative to the configuration
    /// file), or `bundled:agency` for the sample agency list compiled into the binary. They
    /// join every run, whether the official lists are installed or given with `--list`; one
    /// that cannot be read stops screening. `[]` screens none.
    pub always: Vec<String>,
}

impl Default for ListsConfig {
    fn default() -> Self {
        ListsConfig {
            always: vec![BUNDLED_AGENCY.to_string()],
        }
    }
}

/// How the dashboard looks and which keys drive it; `--theme` and `--keymap` override these.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DashboardConfig {
    /// `dark` (the default), `light` or `high-contrast`.
    pub theme: Option<String>,
    /// A TOML file rebinding keys (`[keys] claim = ["C"]`).
    pub keymap: Option<std::path::PathBuf>,
}

/// Name-matching thresholds, in [0, 1].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ScreeningConfig {
    /// A party scoring at least this against a list name is a hit.
    pub party_threshold: f64,
    /// A hit scoring at least this is a strong match and earns `scoring.party_strong` points.
    pub strong_threshold: f64,
    /// Added to a party's score when its country (on the manifest) is one of the list entry's.
    pub country_agrees: f64,
    /// Taken from a party's score when the entry names countries and the party's is not one.
    /// Small on purpose: a listed Iranian firm behind a Dubai address is the very pattern a
    /// hub's targeters look for, so another country only separates namesakes.
    pub country_differs: f64,
}

impl Default for ScreeningConfig {
    fn default() -> Self {
        ScreeningConfig {
            party_threshold: 0.85,
            strong_threshold: 0.92,
            country_agrees: 0.03,
            country_differs: 0.02,
        }
    }
}

/// How points become lanes, and what party hits are worth. Goods points come from the goods
/// list files themselves.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ScoringConfig {
    /// A shipment scoring at least this goes to the yellow lane.
    pub yellow: u32,
    /// A shipment scoring at least this goes to the red lane.
    pub red: u32,
    pub party_strong: u32,
    pub party_possible: u32,
}

impl Default for ScoringConfig {
    fn default() -> Self {
        ScoringConfig {
            yellow: 25,
            red: 60,
            party_strong: 70,
            party_possible: 40,
        }
    }
}

/// Selectivity controls (as ASYCUDA's MODSEL): random selection per lane, expected lane rates,
/// and a cap on selections per manifest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SelectivityConfig {
    /// The share of each lane sent one lane up at random, as a control examination.
    pub random: RandomRates,
    /// A fixed seed for the random selection (a training run, a replay); unset, each run draws
    /// a new one. The seed is recorded with every selection.
    pub seed: Option<u64>,
    /// The share of bills a unit expects in each lane; unset, no warning.
    pub expected: ExpectedRates,
    /// How far (a share, 0.05 = 5 points) a lane's rate may depart from the expected one.
    pub tolerance: f64,
    /// Rates are judged only over at least this many bills.
    pub min_bills_for_rates: usize,
    /// More red and yellow bills than this in one manifest asks for a supervisor's look.
    pub max_selected_per_manifest: Option<usize>,
}

/// Random selection rates per lane (red has none: it is examined already).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RandomRates {
    pub green: f64,
    pub yellow: f64,
}

/// Expected lane rates.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ExpectedRates {
    pub red: Option<f64>,
    pub yellow: Option<f64>,
}

impl Default for SelectivityConfig {
    fn default() -> Self {
        SelectivityConfig {
            random: RandomRates::default(),
            seed: None,
            expected: ExpectedRates::default(),
            tolerance: 0.05,
            min_bills_for_rates: 50,
            max_selected_per_manifest: None,
        }
    }
}

/// Targeting rules: which packs run and which rules are switched off. The rules themselves,
/// their points, lanes and country groups, live in rule packs (see `screen::rules`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RulesConfig {
    /// Whether the built-in pack runs.
    pub builtin: bool,
    /// Agency rule packs: files or folders of `*.toml` files, relative to the configuration
    /// file. Unset: the `rules` folder beside the configuration file, when there is one.
    pub packs: Option<Vec<String>>,
    /// Rule ids switched off, in any pack (a retired rule, a rule the unit replaced).
    pub disabled: Vec<String>,
    /// The configuration file's folder, where the default `rules` folder is; set when the
    /// file is loaded.
    #[serde(skip)]
    pub config_dir: Option<PathBuf>,
}

impl Default for RulesConfig {
    fn default() -> Self {
        RulesConfig {
            builtin: true,
            packs: None,
            disabled: Vec::new(),
            config_dir: None,
        }
    }
}

/// The referral queue: reason codes a decision must carry, who may act as whom, and how far
/// back a list update re-screens.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WorkflowConfig {
    pub reason_codes: ReasonCodes,
    /// When true, `--user NAME` may record decisions under another name than the OS user
    /// (a shared workstation, a service account). Off by default: the audit trail names the
    /// person who was logged in.
    pub allow_user_flag: bool,
    /// A list update re-screens open queue items and shipments screened in this many days.
    pub rescreen_days: u32,
    /// A false-positive decision suppresses its (party name, list entry) pair for this many days.
    pub suppression_days: u32,
    /// Every bill ingested gets a queue item, green ones too, so that a trainee can refer a bill
    /// the tool laned green. Set by the exercise commands on a trainee's store; off for a live
    /// store, and not read from the configuration file.
    #[serde(skip)]
    pub queue_every_bill: bool,
    /// A re-screen or an amended bill never re-opens a decided item. Set by the exercise
    /// commands on a trainee's store whose exercise hides lanes (a bill re-opened by a list
    /// update would say the update hit it); off for a live store, and not read from the
    /// configuration file.
    #[serde(skip)]
    pub keep_decisions: bool,
}

impl Default for WorkflowConfig {
    fn default() -> Self {
        WorkflowConfig {
            reason_codes: ReasonCodes::default(),
            allow_user_flag: false,
            rescreen_days: 30,
            suppression_days: 365,
            queue_every_bill: false,
            keep_decisions: false,
        }
    }
}

/// The reason codes each kind of decision accepts. A decision with a code not listed here is
/// refused, with the valid ones named: waiver reasons must be structured data, not prose.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ReasonCodes {
    pub refer: Vec<String>,
    pub hold: Vec<String>,
    pub clear: Vec<String>,
    pub false_positive: Vec<String>,
    /// How an examination was done, for `exam-found` and `exam-nothing`.
    pub exam: Vec<String>,
}

impl Default for ReasonCodes {
    fn default() -> Self {
        let codes = |c: &[&str]| c.iter().map(|s| s.to_string()).collect();
        ReasonCodes {
            refer: codes(&[
                "DENIED-PARTY",
                "CONTROLLED-GOODS",
                "DIVERSION-ROUTE",
                "INTEL",
            ]),
            hold: codes(&["EXAM-REQUIRED", "DOCS-MISSING"]),
            clear: codes(&[
                "DOCS-VERIFIED",
                "KNOWN-TRADER",
                "NAME-MISMATCH-DOB",
                "DIFFERENT-COUNTRY",
                "DIFFERENT-ENTITY",
                "LOW-RISK-GOODS",
            ]),
            false_positive: codes(&[
                "NAME-MISMATCH-DOB",
                "DIFFERENT-COUNTRY",
                "DIFFERENT-ENTITY",
                "KNOWN-TRADER",
            ]),
            exam: codes(&["NII-SCAN", "PHYSICAL-EXAM", "DOCUMENTARY-CHECK"]),
        }
    }
}

/// Why a configuration file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{path}: {source}")]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: {source}")]
    Parse {
        path: String,
        #[source]
        source: toml::de::Error,
    },
    #[error("{path}: {message}")]
    Invalid { path: String, message: String },
}

/// The `[rules]` settings of earlier releases (a country list and one weight per rule), which
/// rule packs replaced: named, with where they went, rather than refused as unknown.
fn moved_rule_settings(text: &str) -> Option<String> {
    const MOVED: &[&str] = &[
        "high_risk_countries",
        "to_order_consignee",
        "high_risk_destination",
        "high_risk_transshipment",
        "controlled_goods_high_risk_route",
        "chemical_by_number_only",
        "vague_description",
    ];
    let table: toml::Table = text.parse().ok()?;
    let rules = table.get("rules")?.as_table()?;
    let found: Vec<&str> = MOVED
        .iter()
        .copied()
        .filter(|k| rules.contains_key(*k))
        .collect();
    (!found.is_empty()).then(|| {
        format!(
            "rules.{} is no longer a setting: countries, points and lanes of each rule are in rule packs. Write an agency rule pack (a .toml file in the `rules` folder beside this file; `hubscreen rules show builtin` prints the built-in one to start from) and switch a built-in rule off with [rules] disabled = [\"rule-id\"]",
            found.join(", rules.")
        )
    })
}

impl Config {
    /// Reads a TOML configuration file; missing keys keep their defaults, unknown keys are an
    /// error (a misspelt threshold must not be silently ignored).
    pub fn load(path: &Path) -> Result<Self, ConfigError> {
        let label = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: label.clone(),
            source,
        })?;
        let mut config = Self::parse(&label, &text)?;
        // A relative list or key path means the same whatever directory hubscreen is started
        // from: the configuration file's own folder.
        let base = path.parent().unwrap_or(Path::new(""));
        if let Some(key) = &mut config.audit.key_file
            && key.is_relative()
        {
            *key = base.join(&key);
        }
        config.rules.config_dir = Some(base.to_path_buf());
        for spec in &mut config.lists.always {
            if spec != BUNDLED_AGENCY && Path::new(spec).is_relative() {
                *spec = base.join(&spec).display().to_string();
            }
        }
        Ok(config)
    }

    /// Parses and validates the text of a configuration file named `label` (relative paths in
    /// it are left as written: [`Config::load`] resolves them against the file's folder).
    pub fn parse(label: &str, text: &str) -> Result<Self, ConfigError> {
        if let Some(message) = moved_rule_settings(text) {
            return Err(ConfigError::Invalid {
                path: label.to_string(),
                message,
            });
        }
        let config: Config = toml::from_str(text).map_err(|source| ConfigError::Parse {
            path: label.to_string(),
            source,
        })?;
        config.validate().map_err(|message| ConfigError::Invalid {
            path: label.to_string(),
            message,
        })?;
        Ok(config)
    }

    /// The configuration file in the platform's config directory
    /// (`~/.config/hubscreen/config.toml` on Linux), whether or not it exists.
    pub fn default_path() -> Option<PathBuf> {
        directories::ProjectDirs::from("org", "hubscreen", "hubscreen")
            .map(|d| d.config_dir().join("config.toml"))
    }

    fn validate(&self) -> Result<(), String> {
        let s = &self.screening;
        // `contains` is false for NaN, so `nan` in the file is refused here too.
        for (field, value) in [
            ("party_threshold", s.party_threshold),
            ("strong_threshold", s.strong_threshold),
            ("country_agrees", s.country_agrees),
            ("country_differs", s.country_differs),
        ] {
            if !(0.0..=1.0).contains(&value) {
                return Err(format!(
                    "screening.{field} = {value}: must be between 0 and 1"
                ));
            }
        }
        if s.strong_threshold < s.party_threshold {
            return Err("screening.strong_threshold must not be below party_threshold".into());
        }
        if self.scoring.red < self.scoring.yellow {
            return Err("scoring.red must not be below scoring.yellow".into());
        }
        let sel = &self.selectivity;
        for (field, value) in [
            ("random.green", Some(sel.random.green)),
            ("random.yellow", Some(sel.random.yellow)),
            ("expected.red", sel.expected.red),
            ("expected.yellow", sel.expected.yellow),
            ("tolerance", Some(sel.tolerance)),
        ] {
            if let Some(v) = value
                && !(0.0..=1.0).contains(&v)
            {
                return Err(format!(
                    "selectivity.{field} = {v}: a share between 0 and 1 (0.02 is 2%)"
                ));
            }
        }
        let r = &self.workflow.reason_codes;
        for (action, codes) in [
            ("refer", &r.refer),
            ("hold", &r.hold),
            ("clear", &r.clear),
            ("false_positive", &r.false_positive),
            ("exam", &r.exam),
        ] {
            if codes.is_empty() {
                return Err(format!(
                    "workflow.reason_codes.{action} is empty: every decision needs a reason code"
                ));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_file_keeps_other_defaults() {
        let c: Config = toml::from_str("[scoring]\nred = 70\n").unwrap();
        assert_eq!(c.scoring.red, 70);
        assert_eq!(c.scoring.yellow, 25);
        assert_eq!(c.screening.party_threshold, 0.85);
    }

    #[test]
    fn misspelt_key_is_an_error() {
        assert!(toml::from_str::<Config>("[scoring]\nredd = 70\n").is_err());
    }

    #[test]
    fn defaults_validate() {
        assert_eq!(Config::default().validate(), Ok(()));
    }
}
