//! Scoring trainees against the answer key, and the debrief that teaches from it.
//!
//! A trainee's decision on a bill is the state its queue item is in at the end: referred (or
//! examined after a referral), held, cleared (or its name hit marked a false positive), or
//! undecided. The formula is [`FORMULA`]; every figure of a trainee's card comes from their own
//! store and the answer key, nothing else.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::key::{AnswerKey, Expected, ItemKind, KeyItem};
use super::session::{INJECT_USER, TraineeSession};
use crate::model::Assessment;
use crate::store::workflow::{Action, QueueState};
use crate::store::{QueueFilter, Store, StoreError};

/// How the score is made, as the card states it.
pub const FORMULA: &str = "score = 100 x points / most points. A suspicious bill (planted or injected) referred: 10 points, held: 8, with a reason code that names its flag: 2 more; missed: 0. A decoy cleared: 5, with a fitting reason code: 2 more; a decoy referred or held: -5. Any other bill referred or held: -3. Most points = 12 per suspicious bill + 7 per decoy. A score below 0 is shown as 0.";

const REFERRED: i64 = 10;
const HELD: i64 = 8;
const REASON_BONUS: i64 = 2;
const DECOY_CLEARED: i64 = 5;
const DECOY_REFERRED: i64 = -5;
const FALSE_REFERRAL: i64 = -3;

/// What a trainee did with a bill, in the end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, strum::Display)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum Outcome {
    Referred,
    Held,
    Cleared,
    Undecided,
}

impl Outcome {
    fn of(state: QueueState) -> Self {
        match state {
            QueueState::Referred | QueueState::Found | QueueState::NothingFound => {
                Outcome::Referred
            }
            QueueState::Held => Outcome::Held,
            QueueState::Cleared | QueueState::FalsePositive | QueueState::Withdrawn => {
                Outcome::Cleared
            }
            QueueState::New | QueueState::InReview => Outcome::Undecided,
        }
    }

    fn flags(self) -> bool {
        matches!(self, Outcome::Referred | Outcome::Held)
    }
}

/// One bill of the key as the trainee left it.
#[derive(Debug, Clone, Serialize)]
pub struct Marked {
    pub bill: String,
    pub kind: ItemKind,
    pub expected: Expected,
    pub outcome: Outcome,
    /// Found (a suspicious bill referred or held) or cleared (a decoy).
    pub right: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason_code: Option<String>,
    pub reason_right: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Minutes from the start to the trainee's last decision on the bill.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minutes: Option<f64>,
    /// The decision came after the timer ran out.
    pub late: bool,
    pub points: i64,
    /// What hubscreen made of the bill in the trainee's store: lane, score and reasons.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tool: Option<ToolView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ToolView {
    pub lane: String,
    pub score: u32,
    pub reasons: Vec<String>,
}

impl ToolView {
    fn of(a: &Assessment) -> Self {
        ToolView {
            lane: a.lane.to_string(),
            score: a.score,
            reasons: a.reasons.clone(),
        }
    }
}

/// A bill no key item names that the trainee referred or held.
#[derive(Debug, Clone, Serialize)]
pub struct FalseReferral {
    pub bill: String,
    pub outcome: Outcome,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Found and missed of one kind.
#[derive(Debug, Clone, Default, Serialize)]
pub struct KindTally {
    pub right: usize,
    pub wrong: usize,
}

/// A trainee's card.
#[derive(Debug, Clone, Serialize)]
pub struct Card {
    pub trainee: String,
    pub store: String,
    pub exercise: String,
    pub started_at: DateTime<Utc>,
    pub planted: usize,
    pub found: usize,
    pub missed: usize,
    pub decoys: usize,
    pub decoys_cleared: usize,
    pub decoys_referred: usize,
    pub false_referrals: Vec<FalseReferral>,
    /// Of the decisions on key items that carry a reason code, how many name the flag.
    pub reason_codes_right: usize,
    pub reason_codes_given: usize,
    pub decisions: usize,
    pub late_decisions: usize,
    /// Queue items in the store (every bill of the manifest is queued in a trainee store).
    pub queue_items: usize,
    /// When the trainee's latest standing decision was made.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_decision_at: Option<DateTime<Utc>>,
    /// Median minutes to a decision.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub median_minutes: Option<f64>,
    pub by_kind: BTreeMap<ItemKind, KindTally>,
    pub points: i64,
    pub most_points: i64,
    pub score: f64,
    pub formula: &'static str,
    pub items: Vec<Marked>,
}

#[derive(Debug, thiserror::Error)]
pub enum ScoreError {
    #[error("{store}: {source}")]
    Store {
        store: String,
        #[source]
        source: StoreError,
    },
    #[error("{0}: not a trainee store (no exercise-session.json beside it)")]
    NotTraineeStore(String),
    #[error("{store}: a store of exercise {found}, but the answer key is for exercise {key}")]
    OtherExercise {
        store: String,
        found: String,
        key: String,
    },
}

/// Scores one trainee's store against the key.
pub fn score(
    key: &AnswerKey,
    session: &TraineeSession,
    store_label: &str,
    db: &dyn Store,
) -> Result<Card, ScoreError> {
    let err = |source| ScoreError::Store {
        store: store_label.to_string(),
        source,
    };
    if session.exercise != key.exercise {
        return Err(ScoreError::OtherExercise {
            store: store_label.to_string(),
            found: session.exercise.clone(),
            key: key.exercise.clone(),
        });
    }
    let items = db.queue(&QueueFilter::default()).map_err(err)?;
    let decisions = db.last_decisions().map_err(err)?;
    let last: HashMap<i64, &crate::store::Decision> = decisions
        .iter()
        .filter(|d| d.user != INJECT_USER && !matches!(d.action, Action::Claim | Action::Reopen))
        .map(|d| (d.item, d))
        .collect();
    let assessments: HashMap<String, Assessment> = db
        .latest_shipments()
        .map_err(err)?
        .into_iter()
        .map(|s| (s.shipment.bill_of_lading.clone(), s.assessment))
        .collect();
    let deadline = session.deadline();
    let mut by_bill: HashMap<&str, (Outcome, Option<&crate::store::Decision>)> = HashMap::new();
    for item in &items {
        let outcome = Outcome::of(item.state);
        let decision = last.get(&item.id).copied();
        // A decision the system re-opened since does not stand.
        let decision = decision.filter(|_| outcome != Outcome::Undecided);
        by_bill.insert(item.bill_of_lading.as_str(), (outcome, decision));
    }
    let minutes_of = |d: &crate::store::Decision| {
        (d.at - session.started_at).num_milliseconds() as f64 / 60_000.0
    };
    let mut card = Card {
        trainee: session.trainee.clone(),
        store: store_label.to_string(),
        exercise: key.exercise.clone(),
        started_at: session.started_at,
        planted: 0,
        found: 0,
        missed: 0,
        decoys: 0,
        decoys_cleared: 0,
        decoys_referred: 0,
        false_referrals: Vec::new(),
        reason_codes_right: 0,
        reason_codes_given: 0,
        decisions: 0,
        late_decisions: 0,
        queue_items: items.len(),
        last_decision_at: None,
        median_minutes: None,
        by_kind: BTreeMap::new(),
        points: 0,
        most_points: 0,
        score: 0.0,
        formula: FORMULA,
        items: Vec::new(),
    };
    let mut times = Vec::new();
    for k in &key.items {
        let (outcome, decision) = by_bill
            .get(k.bill.as_str())
            .copied()
            .unwrap_or((Outcome::Undecided, None));
        let reason_code = decision.and_then(|d| d.reason_code.clone());
        let reason_right = reason_code
            .as_deref()
            .is_some_and(|c| k.reason_codes.iter().any(|r| r == c));
        let (right, points) = mark(k, outcome, reason_right);
        let minutes = decision.map(minutes_of);
        let late = decision.is_some_and(|d| deadline.is_some_and(|end| d.at > end));
        card.most_points += if k.kind.is_decoy() {
            DECOY_CLEARED + REASON_BONUS
        } else {
            REFERRED + REASON_BONUS
        };
        card.points += points;
        if k.kind.is_decoy() {
            card.decoys += 1;
            card.decoys_cleared += usize::from(right);
            card.decoys_referred += usize::from(outcome.flags());
        } else {
            card.planted += 1;
            card.found += usize::from(right);
            card.missed += usize::from(!right);
        }
        if reason_code.is_some() && outcome != Outcome::Undecided {
            card.reason_codes_given += 1;
            card.reason_codes_right += usize::from(reason_right);
        }
        let tally = card.by_kind.entry(k.kind).or_default();
        if right {
            tally.right += 1;
        } else {
            tally.wrong += 1;
        }
        card.items.push(Marked {
            bill: k.bill.clone(),
            kind: k.kind,
            expected: k.expected,
            outcome,
            right,
            reason_code,
            reason_right,
            note: decision.and_then(|d| d.note.clone()),
            minutes,
            late,
            points,
            tool: assessments.get(&k.bill).map(ToolView::of),
        });
    }
    for item in &items {
        let (outcome, decision) = by_bill[item.bill_of_lading.as_str()];
        if let Some(d) = decision {
            card.decisions += 1;
            card.last_decision_at = card.last_decision_at.max(Some(d.at));
            times.push(minutes_of(d));
            if deadline.is_some_and(|end| d.at > end) {
                card.late_decisions += 1;
            }
        }
        if outcome.flags() && key.item(&item.bill_of_lading).is_none() {
            card.points += FALSE_REFERRAL;
            card.false_referrals.push(FalseReferral {
                bill: item.bill_of_lading.clone(),
                outcome,
                reason_code: decision.and_then(|d| d.reason_code.clone()),
                note: decision.and_then(|d| d.note.clone()),
            });
        }
    }
    card.false_referrals.sort_by(|a, b| a.bill.cmp(&b.bill));
    times.sort_by(f64::total_cmp);
    card.median_minutes = times.get(times.len() / 2).copied();
    card.score = if card.most_points > 0 {
        ((card.points.max(0) as f64) * 1000.0 / card.most_points as f64).round() / 10.0
    } else {
        0.0
    };
    Ok(card)
}

/// Whether the outcome is right for the item, and its points.
fn mark(k: &KeyItem, outcome: Outcome, reason_right: bool) -> (bool, i64) {
    let bonus = if reason_right { REASON_BONUS } else { 0 };
    match (k.expected, outcome) {
        (Expected::Refer, Outcome::Referred) => (true, REFERRED + bonus),
        (Expected::Refer, Outcome::Held) => (true, HELD + bonus),
        (Expected::Refer, _) => (false, 0),
        (Expected::Clear, Outcome::Cleared) => (true, DECOY_CLEARED + bonus),
        (Expected::Clear, Outcome::Referred | Outcome::Held) => (false, DECOY_REFERRED),
        (Expected::Clear, Outcome::Undecided) => (false, 0),
    }
}
