//! Targeting rules as data: packs of rules in TOML that a unit writes, tunes and retires
//! without a rebuild, as in ASYCUDA's selectivity criteria and the WCO CTS.
//!
//! The built-in pack (`builtin.toml`, compiled in) holds rules from public guidance, each
//! citing its source. Agency packs are `*.toml` files in the `rules` folder beside the
//! configuration file (or the paths `[rules] packs` names); they may use the built-in pack's
//! groups. A pack is read whole or refused whole, with the file and line of what is wrong.
//!
//! Rules read the shipment and the hits screening already found on it; they never match names
//! or look up lists. Rule ids are part of the output format: a release may add rules but does
//! not rename them.

mod condition;
mod facts;
mod pack;

use std::path::{Path, PathBuf};

pub use condition::{Condition, Findings, History, VesselName, chpl_tier};
pub use facts::{PartyFacet, ShipmentFacts, is_vague};
pub use pack::{PackError, Rule, RulePack, SharedGroups, parse};

use crate::config::RulesConfig;
use crate::model::{RedFlag, Shipment};

/// The built-in pack's text, as compiled in.
pub const BUILTIN: &str = include_str!("builtin.toml");

/// A pack set that could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum RulesError {
    #[error(transparent)]
    Pack(#[from] PackError),
    #[error("{path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{0}")]
    Config(String),
}

/// The rule packs in force: the built-in pack (unless switched off) and the agency's.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleSet {
    pub packs: Vec<RulePack>,
    /// Rule ids switched off in the configuration, in any pack.
    pub disabled: Vec<String>,
    /// The day rules' validity is judged on; today when `None`.
    pub day: Option<chrono::NaiveDate>,
}

impl Default for RuleSet {
    fn default() -> Self {
        RuleSet::builtin()
    }
}

/// The built-in pack, read once per process.
static BUILTIN_PACK: std::sync::LazyLock<RulePack> = std::sync::LazyLock::new(|| {
    pack::parse("builtin", BUILTIN, &SharedGroups::default())
        .expect("the built-in rule pack is checked by its tests")
});

fn builtin_pack() -> RulePack {
    BUILTIN_PACK.clone()
}

/// The built-in pack's groups, which every agency pack may use.
pub fn builtin_groups() -> SharedGroups {
    SharedGroups::of(&BUILTIN_PACK)
}

impl RuleSet {
    /// The built-in pack alone.
    pub fn builtin() -> Self {
        RuleSet {
            packs: vec![builtin_pack()],
            disabled: Vec::new(),
            day: None,
        }
    }

    /// The packs `config` names. The configuration file's own `rules` folder is read when
    /// `packs` is not set (a missing folder means no agency packs); a path `packs` names must
    /// exist. Any error refuses the whole set.
    pub fn load(config: &RulesConfig) -> Result<Self, RulesError> {
        let config_dir = config.config_dir.as_deref();
        let builtin = builtin_pack();
        let shared = builtin_groups();
        let mut packs = Vec::new();
        if config.builtin {
            packs.push(builtin);
        }
        let files = match &config.packs {
            Some(paths) => {
                let mut files = Vec::new();
                for p in paths {
                    let path = match config_dir {
                        Some(dir) if Path::new(p).is_relative() => dir.join(p),
                        _ => PathBuf::from(p),
                    };
                    files.extend(pack_files(&path, true)?);
                }
                files
            }
            None => match config_dir {
                Some(dir) => pack_files(&dir.join("rules"), false)?,
                None => Vec::new(),
            },
        };
        for file in files {
            let label = file.display().to_string();
            let text = std::fs::read_to_string(&file).map_err(|source| RulesError::Read {
                path: label.clone(),
                source,
            })?;
            let pack = pack::parse(&label, &text, &shared)?;
            if let Some(other) = packs.iter().find(|p| p.id == pack.id) {
                return Err(RulesError::Config(format!(
                    "{label}: pack id {:?} is also the id of {}",
                    pack.id, other.file
                )));
            }
            for rule in &pack.rules {
                if let Some(other) = packs
                    .iter()
                    .find(|p| p.rules.iter().any(|r| r.id == rule.id))
                {
                    return Err(RulesError::Config(format!(
                        "{label}:{}: rule id {:?} is already a rule of pack {:?} ({}); retire that one with [rules] disabled, or give this one its own id",
                        rule.line, rule.id, other.id, other.file
                    )));
                }
            }
            packs.push(pack);
        }
        for id in &config.disabled {
            if !packs.iter().any(|p| p.rules.iter().any(|r| &r.id == id)) {
                return Err(RulesError::Config(format!(
                    "[rules] disabled names {id:?}, which no loaded pack has"
                )));
            }
        }
        Ok(RuleSet {
            packs,
            disabled: config.disabled.clone(),
            day: None,
        })
    }

    /// Judges validity dates on `day` instead of today.
    pub fn on_day(mut self, day: chrono::NaiveDate) -> Self {
        self.day = Some(day);
        self
    }

    /// `id@version` of each pack, as assessments record them.
    pub fn labels(&self) -> Vec<String> {
        self.packs.iter().map(RulePack::label).collect()
    }

    /// Every rule with its pack, in pack order.
    pub fn rules(&self) -> impl Iterator<Item = (&RulePack, &Rule)> {
        self.packs
            .iter()
            .flat_map(|p| p.rules.iter().map(move |r| (p, r)))
    }

    /// Where a rule stands today, in words: `in force`, `switched off`, `not yet in force` or
    /// `retired`.
    pub fn state(&self, rule: &Rule) -> &'static str {
        let today = self.today();
        if self.disabled.contains(&rule.id) {
            "switched off"
        } else if rule.valid_from.is_some_and(|f| today < f) {
            "not yet in force"
        } else if rule.valid_until.is_some_and(|u| u < today) {
            "retired"
        } else {
            "in force"
        }
    }

    /// Whether a rule runs today: not switched off and within its validity dates.
    pub fn is_active(&self, rule: &Rule) -> bool {
        !self.disabled.contains(&rule.id) && rule.in_force(self.today())
    }

    /// Validity dates are UTC days.
    /// Ids of the rules whose conditions read the store's history.
    pub fn history_rules(&self) -> Vec<&str> {
        self.rules()
            .filter(|(_, r)| r.when.reads_history())
            .map(|(_, r)| r.id.as_str())
            .collect()
    }

    /// The day rules' validity is judged on: the configured one, else today (UTC).
    pub fn today(&self) -> chrono::NaiveDate {
        self.day.unwrap_or_else(|| chrono::Utc::now().date_naive())
    }

    /// Runs every active rule on a shipment; the flags that fired, in pack and rule order.
    pub fn evaluate(&self, shipment: &Shipment, findings: Findings<'_>) -> Vec<RedFlag> {
        self.evaluate_on(self.today(), shipment, findings)
    }

    /// [`Self::evaluate`] with the rules in force on `today`: a batch of shipments reads the
    /// clock once, not once per bill.
    pub fn evaluate_on(
        &self,
        today: chrono::NaiveDate,
        shipment: &Shipment,
        findings: Findings<'_>,
    ) -> Vec<RedFlag> {
        let facts = ShipmentFacts::new(shipment);
        let mut flags = Vec::new();
        for (pack, rule) in self.rules() {
            if self.disabled.contains(&rule.id) || !rule.in_force(today) {
                continue;
            }
            let mut why = Vec::new();
            if rule.when.holds(&facts, findings, &mut why) {
                why.dedup();
                flags.push(RedFlag {
                    rule: rule.id.clone(),
                    detail: why.join("; "),
                    points: rule.points,
                    title: rule.title.clone(),
                    pack: pack.label(),
                    source: rule.source.clone(),
                    instruction: rule.instruction.clone(),
                    lane: rule.lane,
                });
            }
        }
        flags
    }
}

/// The `*.toml` files of a pack folder (sorted), or the file itself. A missing path is an
/// error when it was named, and no packs when it is the default folder.
fn pack_files(path: &Path, named: bool) -> Result<Vec<PathBuf>, RulesError> {
    let read = |source| RulesError::Read {
        path: path.display().to_string(),
        source,
    };
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => {
            let mut files: Vec<PathBuf> = std::fs::read_dir(path)
                .map_err(read)?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "toml"))
                .collect();
            files.sort();
            Ok(files)
        }
        Ok(_) => Ok(vec![path.to_path_buf()]),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !named => Ok(Vec::new()),
        Err(e) => Err(read(e)),
    }
}

#[cfg(test)]
mod tests;
