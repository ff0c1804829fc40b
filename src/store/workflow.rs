//! The referral queue's state machine: which decision may follow which, and which reason codes
//! a decision accepts. Pure data and functions, no SQL, so that the rules are tested on their
//! own and every store implementation applies the same ones.
//!
//! The states follow what customs services record: a shipment enters as `new`, a targeter
//! claims it (`in_review`) and refers it for interdiction, holds it for examination, clears it
//! with a reason code, or marks its name hits as false positives one by one. An examination
//! result (`found`, `nothing_found`) closes a referral or a hold. A closed item re-opens only
//! when the system finds something new: an amended bill or a list update.
//!
//! A store loads what a rule needs (the item, its name hits, the hits already marked), asks the
//! rule here, and writes what it answers with its audit record. Nothing here reads or writes a
//! store: a rule takes plain values and returns the outcome or why it is refused.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{ExamResult, NewDecision, QueueItem, StoreError};
use crate::config::ReasonCodes;
use crate::model::{Assessment, Lane};

/// Where a queue item stands. Its text (`in_review`) is its stored and JSON name; on the command
/// line it is written `in-review` (`queue list --state`).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
    strum::Display,
    strum::EnumString,
    clap::ValueEnum,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum QueueState {
    New,
    InReview,
    Referred,
    Held,
    Cleared,
    FalsePositive,
    Found,
    NothingFound,
    /// The carrier cancelled the bill before anyone worked its item (EDIFACT BGM function 1,
    /// X12 M13 delete, AMS deleted record).
    Withdrawn,
}

impl QueueState {
    pub const ALL: [QueueState; 9] = [
        QueueState::New,
        QueueState::InReview,
        QueueState::Referred,
        QueueState::Held,
        QueueState::Cleared,
        QueueState::FalsePositive,
        QueueState::Found,
        QueueState::NothingFound,
        QueueState::Withdrawn,
    ];

    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// The state a stored or JSON name (`in_review`) names.
    pub fn parse(text: &str) -> Option<Self> {
        text.parse().ok()
    }

    /// Still waiting for a targeter or for an examination.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            QueueState::New | QueueState::InReview | QueueState::Referred | QueueState::Held
        )
    }
}

/// What a user (or, for `Reopen`, the system) does to a queue item. Its text and its command-line
/// value are `false-positive`; its JSON name is `false_positive`. `queue decide --action` takes
/// the decisions only (claiming has its own command; only the system re-opens).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
    strum::Display,
    strum::EnumString,
    clap::ValueEnum,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "kebab-case")]
pub enum Action {
    #[value(skip)]
    Claim,
    Refer,
    Hold,
    Clear,
    /// One name hit is not the listed party; the others stay to be decided.
    FalsePositive,
    ExamFound,
    ExamNothing,
    /// The system re-opens a closed item: an amended bill or a list update brought new hits.
    #[value(skip)]
    Reopen,
    /// The system closes an unworked item whose bill a manifest cancelled.
    #[value(skip)]
    Withdraw,
}

impl Action {
    pub const ALL: [Action; 9] = [
        Action::Claim,
        Action::Refer,
        Action::Hold,
        Action::Clear,
        Action::FalsePositive,
        Action::ExamFound,
        Action::ExamNothing,
        Action::Reopen,
        Action::Withdraw,
    ];

    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// The action a stored name (`false-positive`) names.
    pub fn parse(text: &str) -> Option<Self> {
        text.parse().ok()
    }

    /// The reason codes this action accepts; `None` when it takes none (claims, re-opening).
    pub fn reason_codes(self, codes: &ReasonCodes) -> Option<&[String]> {
        match self {
            Action::Refer => Some(&codes.refer),
            Action::Hold => Some(&codes.hold),
            Action::Clear => Some(&codes.clear),
            Action::FalsePositive => Some(&codes.false_positive),
            Action::ExamFound | Action::ExamNothing => Some(&codes.exam),
            Action::Claim | Action::Reopen | Action::Withdraw => None,
        }
    }
}

use Action as A;
use QueueState as S;

/// Every allowed (from, action, to). `FalsePositive` leads to `false_positive` only when it
/// marks the item's last unmarked name hit; before that the item stays in review (see
/// [`settle`]).
pub const TRANSITIONS: &[(QueueState, Action, QueueState)] = &[
    (S::New, A::Claim, S::InReview),
    (S::InReview, A::Claim, S::InReview),
    (S::New, A::Refer, S::Referred),
    (S::InReview, A::Refer, S::Referred),
    (S::Held, A::Refer, S::Referred),
    (S::New, A::Hold, S::Held),
    (S::InReview, A::Hold, S::Held),
    (S::New, A::Clear, S::Cleared),
    (S::InReview, A::Clear, S::Cleared),
    (S::Held, A::Clear, S::Cleared),
    (S::New, A::FalsePositive, S::FalsePositive),
    (S::InReview, A::FalsePositive, S::FalsePositive),
    (S::Referred, A::ExamFound, S::Found),
    (S::Held, A::ExamFound, S::Found),
    (S::Referred, A::ExamNothing, S::NothingFound),
    (S::Held, A::ExamNothing, S::NothingFound),
    (S::Cleared, A::Reopen, S::New),
    (S::FalsePositive, A::Reopen, S::New),
    (S::Found, A::Reopen, S::New),
    (S::NothingFound, A::Reopen, S::New),
    (S::New, A::Withdraw, S::Withdrawn),
    (S::Withdrawn, A::Reopen, S::New),
];

/// Why a decision cannot be taken, whatever anyone else did.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WorkflowError {
    #[error(
        "a queue item that is {from} cannot be given `{action}` (allowed from {from}: {allowed})"
    )]
    NotAllowed {
        from: QueueState,
        action: Action,
        allowed: String,
    },
    #[error("`{action}` needs a reason code, one of: {}", valid.join(", "))]
    MissingReason { action: Action, valid: Vec<String> },
    #[error("reason code {code:?} is not valid for `{action}`; valid: {} (set them in [workflow.reason_codes])", valid.join(", "))]
    UnknownReason {
        code: String,
        action: Action,
        valid: Vec<String>,
    },
    #[error(
        "`false-positive` needs --hit N: the number of the name hit (1 to {hits}) in `queue show`"
    )]
    MissingHit { hits: usize },
    #[error("hit {hit} does not exist: the item has {hits} name hits (see `queue show`)")]
    NoSuchHit { hit: usize, hits: usize },
    #[error("hit {hit} is already marked as a false positive")]
    HitAlreadyMarked { hit: usize },
}

/// The state an action leads to from `from`, when allowed.
pub fn next(from: QueueState, action: Action) -> Result<QueueState, WorkflowError> {
    TRANSITIONS
        .iter()
        .find(|(f, a, _)| *f == from && *a == action)
        .map(|(_, _, to)| *to)
        .ok_or_else(|| WorkflowError::NotAllowed {
            from,
            action,
            allowed: allowed_from(from),
        })
}

fn allowed_from(from: QueueState) -> String {
    let actions: Vec<&str> = TRANSITIONS
        .iter()
        .filter(|(f, a, _)| *f == from && !matches!(a, Action::Reopen | Action::Withdraw))
        .map(|(_, a, _)| a.as_str())
        .collect();
    if actions.is_empty() {
        "nothing; it is closed".into()
    } else {
        actions.join(", ")
    }
}

/// The state after an action, given how many name hits remain unmarked once it is applied.
pub fn settle(
    from: QueueState,
    action: Action,
    unmarked_hits_after: usize,
) -> Result<QueueState, WorkflowError> {
    let to = next(from, action)?;
    Ok(match action {
        Action::FalsePositive if unmarked_hits_after > 0 => QueueState::InReview,
        _ => to,
    })
}

/// Checks the reason code a decision carries against the configured list for its action.
pub fn check_reason(
    action: Action,
    code: Option<&str>,
    codes: &ReasonCodes,
) -> Result<(), WorkflowError> {
    let Some(valid) = action.reason_codes(codes) else {
        return Ok(());
    };
    match code {
        None => Err(WorkflowError::MissingReason {
            action,
            valid: valid.to_vec(),
        }),
        Some(c) if valid.iter().any(|v| v == c) => Ok(()),
        Some(c) => Err(WorkflowError::UnknownReason {
            code: c.to_string(),
            action,
            valid: valid.to_vec(),
        }),
    }
}

/// Refuses an action on an item that changed since the user saw it (`expected` is the version
/// they saw), or that another user holds: a decision is never applied over someone else's.
pub fn check_current(item: &QueueItem, expected: i64, user: &str) -> Result<(), StoreError> {
    if item.version != expected {
        return Err(StoreError::Conflict {
            item: item.id,
            expected_version: expected,
            found_version: item.version,
            by_user: item.updated_by.clone(),
            at: item.updated_at,
        });
    }
    if let Some(holder) = item.claimed_by.as_ref().filter(|h| **h != user) {
        return Err(StoreError::ClaimedByOther {
            item: item.id,
            by_user: holder.clone(),
            at: item.updated_at,
        });
    }
    Ok(())
}

/// What a claim or a decision does to an item, once the rules allowed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settled {
    pub to: QueueState,
    /// The deciding user holds the item afterwards: an unclaimed item is claimed by deciding.
    pub claimed_by: String,
    /// For `false-positive`: the marked name hit, as an index into the assessment's party hits.
    pub marked_hit: Option<usize>,
    /// For an examination result: what it found, to tally per rule and list.
    pub exam: Option<ExamResult>,
    /// The decision's note, kept also as a note on the item unless it is blank.
    pub note: Option<String>,
}

/// A claim by `user` on `item`, seen at version `expected`.
pub fn claim(item: &QueueItem, expected: i64, user: &str) -> Result<Settled, StoreError> {
    check_current(item, expected, user)?;
    let to = next(item.state, Action::Claim).map_err(|refused| StoreError::Workflow {
        item: item.id,
        refused,
    })?;
    Ok(Settled {
        to,
        claimed_by: user.to_string(),
        marked_hit: None,
        exam: None,
        note: None,
    })
}

/// What refuses a decision before its item is read: a user asking for a re-opening, which only
/// the system does, and a missing or unknown reason code.
pub fn check_request(
    action: Action,
    reason_code: Option<&str>,
    codes: &ReasonCodes,
) -> Result<(), WorkflowError> {
    if action == Action::Reopen {
        return Err(WorkflowError::NotAllowed {
            from: QueueState::New,
            action: Action::Reopen,
            allowed: "only the system re-opens items (amended bill, list update)".into(),
        });
    }
    check_reason(action, reason_code, codes)
}

/// Checks a `false-positive`'s hit number (1-based) against the item's `hits` name hits and the
/// numbers already `marked`; returns the hit's index.
pub fn check_hit(hit: Option<usize>, hits: usize, marked: &[i64]) -> Result<usize, WorkflowError> {
    let n = hit.ok_or(WorkflowError::MissingHit { hits })?;
    if n == 0 || n > hits {
        return Err(WorkflowError::NoSuchHit { hit: n, hits });
    }
    if marked.contains(&(n as i64)) {
        return Err(WorkflowError::HitAlreadyMarked { hit: n });
    }
    Ok(n - 1)
}

/// A decision by `user` on `item`, whose current assessment has `hits` name hits of which the
/// numbers in `marked` are already marked as false positives. [`check_request`] comes first.
pub fn decide(
    item: &QueueItem,
    decision: &NewDecision,
    hits: usize,
    marked: &[i64],
    user: &str,
) -> Result<Settled, StoreError> {
    let refused = |refused| StoreError::Workflow {
        item: item.id,
        refused,
    };
    check_current(item, decision.expected_version, user)?;
    next(item.state, decision.action).map_err(refused)?;
    let mut unmarked_after = 0;
    let mut marked_hit = None;
    if decision.action == Action::FalsePositive {
        let index = check_hit(decision.hit, hits, marked).map_err(refused)?;
        unmarked_after = hits - marked.len() - 1;
        marked_hit = Some(index);
    }
    let to = settle(item.state, decision.action, unmarked_after).map_err(refused)?;
    Ok(Settled {
        to,
        claimed_by: user.to_string(),
        marked_hit,
        exam: exam_result(decision.action),
        note: decision.note.clone().filter(|text| !text.trim().is_empty()),
    })
}

/// The examination result an action records, if it is one.
pub fn exam_result(action: Action) -> Option<ExamResult> {
    match action {
        Action::ExamFound => Some(ExamResult::Found),
        Action::ExamNothing => Some(ExamResult::NothingFound),
        _ => None,
    }
}

/// The rules and lists an examination result counts for: every red-flag rule that fired and
/// every list that gave a hit, each once.
pub fn exam_keys(a: &Assessment) -> BTreeSet<(&'static str, String)> {
    let mut keys = BTreeSet::new();
    for f in &a.red_flags {
        keys.insert(("rule", f.rule.clone()));
    }
    for l in a
        .party_hits
        .iter()
        .map(|h| &h.list)
        .chain(a.vessel_hits.iter().map(|h| &h.list))
        .chain(a.goods_hits.iter().map(|h| &h.list))
    {
        keys.insert(("list", l.clone()));
    }
    keys
}

/// When a false positive decided at `at` stops suppressing its pair.
pub fn suppression_expires(at: DateTime<Utc>, suppression_days: u32) -> DateTime<Utc> {
    at + chrono::Duration::days(i64::from(suppression_days))
}

/// Why a bill stored by an ingest enters the queue: `screening` for its first version,
/// `amended bill` for a later one.
pub fn ingest_reason(version: i64) -> &'static str {
    if version > 1 { AMENDED_BILL } else { SCREENING }
}

/// The queue reason of a bill's first version.
pub const SCREENING: &str = "screening";
/// The queue reason of a bill's later version.
pub const AMENDED_BILL: &str = "amended bill";
/// The queue reason of a bill a manifest cancelled.
pub const CANCELLED_BILL: &str = "bill cancelled";

/// What a new assessment of a bill does to the queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Enqueue {
    /// Nothing: a green lane, and no open item for the bill.
    Skip,
    /// A new item in this state, unclaimed.
    Create { state: QueueState },
    /// The bill's open item follows the new assessment; its state and claim stay.
    Update,
    /// The bill's closed item re-opens in `to`, unclaimed, recorded as a `reopen` decision.
    Reopen { to: QueueState },
}

/// What a new assessment with `lane` does, given the state of the bill's item if it has one:
/// a red or yellow lane creates an item or re-opens a closed one; any lane updates an open one.
pub fn enqueue(existing: Option<QueueState>, lane: Lane) -> Result<Enqueue, WorkflowError> {
    Ok(match existing {
        None if lane == Lane::Green => Enqueue::Skip,
        None => Enqueue::Create {
            state: QueueState::New,
        },
        Some(state) if state.is_open() => Enqueue::Update,
        Some(_) if lane == Lane::Green => Enqueue::Skip,
        Some(state) => Enqueue::Reopen {
            to: next(state, Action::Reopen)?,
        },
    })
}

/// The states of items still waiting (see [`QueueState::is_open`]).
pub fn open_states() -> impl Iterator<Item = QueueState> {
    QueueState::ALL.into_iter().filter(|s| s.is_open())
}

#[cfg(test)]
mod tests {

    /// Stored names read back as what they name, and the JSON name of a state is its text.
    #[test]
    fn states_and_actions_read_back_from_their_text() {
        for state in QueueState::ALL {
            assert_eq!(QueueState::parse(state.as_str()), Some(state));
            assert_eq!(serde_json::to_value(state).unwrap(), state.as_str());
        }
        assert_eq!(QueueState::InReview.to_string(), "in_review");
        for action in Action::ALL {
            assert_eq!(Action::parse(action.as_str()), Some(action));
        }
        assert_eq!(Action::FalsePositive.as_str(), "false-positive");
        assert_eq!(QueueState::parse("in-review"), None);
    }
    use super::*;

    #[test]
    fn a_new_item_is_claimed_then_referred_then_examined() {
        let s = next(S::New, A::Claim).unwrap();
        assert_eq!(s, S::InReview);
        let s = next(s, A::Refer).unwrap();
        assert_eq!(s, S::Referred);
        assert_eq!(next(s, A::ExamFound).unwrap(), S::Found);
        assert_eq!(next(s, A::ExamNothing).unwrap(), S::NothingFound);
    }

    #[test]
    fn a_cleared_item_takes_no_decision_until_reopened() {
        let err = next(S::Cleared, A::Refer).unwrap_err();
        assert!(err.to_string().contains("it is closed"), "{err}");
        assert_eq!(next(S::Cleared, A::Reopen).unwrap(), S::New);
    }

    #[test]
    fn an_examination_result_needs_a_referral_or_hold() {
        assert!(next(S::InReview, A::ExamFound).is_err());
        assert!(next(S::New, A::ExamNothing).is_err());
    }

    #[test]
    fn false_positive_closes_only_with_the_last_hit() {
        assert_eq!(
            settle(S::InReview, A::FalsePositive, 1).unwrap(),
            S::InReview
        );
        assert_eq!(
            settle(S::InReview, A::FalsePositive, 0).unwrap(),
            S::FalsePositive
        );
    }

    #[test]
    fn open_items_never_reopen_and_closed_ones_are_closed() {
        for s in QueueState::ALL {
            assert_eq!(next(s, A::Reopen).is_ok(), !s.is_open(), "{s}");
        }
    }

    #[test]
    fn reason_code_is_required_and_must_be_listed() {
        let codes = ReasonCodes::default();
        assert!(check_reason(A::Clear, Some("DOCS-VERIFIED"), &codes).is_ok());
        let err = check_reason(A::Clear, Some("BECAUSE"), &codes).unwrap_err();
        assert!(err.to_string().contains("DOCS-VERIFIED"), "{err}");
        assert!(matches!(
            check_reason(A::Refer, None, &codes),
            Err(WorkflowError::MissingReason { .. })
        ));
        assert!(check_reason(A::Claim, None, &codes).is_ok());
    }

    #[test]
    fn states_and_actions_round_trip_their_names() {
        for s in QueueState::ALL {
            assert_eq!(QueueState::parse(s.as_str()), Some(s));
        }
        for a in Action::ALL {
            assert_eq!(Action::parse(a.as_str()), Some(a));
        }
    }

    fn item(state: QueueState, version: i64, claimed_by: Option<&str>) -> QueueItem {
        QueueItem {
            id: 7,
            bill_of_lading: "B1".into(),
            shipment_version: 1,
            lane: Lane::Red,
            score: 80,
            state,
            reason: SCREENING.into(),
            claimed_by: claimed_by.map(str::to_string),
            version,
            created_at: crate::store::parse_stored_time("2026-11-27T10:00:00.000000Z").unwrap(),
            updated_at: crate::store::parse_stored_time("2026-11-27T10:42:05.000000Z").unwrap(),
            updated_by: "alice".into(),
        }
    }

    fn decision(action: Action, hit: Option<usize>, expected_version: i64) -> NewDecision {
        NewDecision {
            item: 7,
            action,
            reason_code: Some("DOCS-VERIFIED".into()),
            note: None,
            hit,
            expected_version,
        }
    }

    fn refusal(e: StoreError) -> WorkflowError {
        match e {
            StoreError::Workflow { item: 7, refused } => refused,
            other => panic!("not a workflow refusal: {other}"),
        }
    }

    #[test]
    fn a_decision_on_a_version_the_user_did_not_see_is_a_conflict() {
        let err = check_current(&item(S::InReview, 3, None), 2, "bob").unwrap_err();
        assert!(matches!(
            err,
            StoreError::Conflict {
                item: 7,
                expected_version: 2,
                found_version: 3,
                ..
            }
        ));
        assert!(err.to_string().contains("version 3, you had 2"), "{err}");
        assert!(err.to_string().contains("changed by alice"), "{err}");
    }

    #[test]
    fn only_the_holder_acts_on_a_claimed_item() {
        let held = item(S::InReview, 2, Some("alice"));
        let err = check_current(&held, 2, "bob").unwrap_err();
        assert!(matches!(err, StoreError::ClaimedByOther { .. }), "{err}");
        assert!(err.to_string().contains("claimed by alice"), "{err}");
        assert!(check_current(&held, 2, "alice").is_ok());
        assert!(check_current(&item(S::New, 1, None), 1, "bob").is_ok());
    }

    #[test]
    fn a_claim_puts_the_item_in_review_held_by_the_claimant() {
        let settled = claim(&item(S::New, 1, None), 1, "bob").unwrap();
        assert_eq!(
            (settled.to, settled.claimed_by.as_str()),
            (S::InReview, "bob")
        );
        let err = claim(&item(S::Referred, 1, None), 1, "bob").unwrap_err();
        assert!(matches!(refusal(err), WorkflowError::NotAllowed { .. }));
        assert!(
            claim(&item(S::New, 2, None), 1, "bob")
                .unwrap_err()
                .is_conflict()
        );
    }

    #[test]
    fn users_never_reopen_and_every_decision_names_a_listed_reason() {
        let codes = ReasonCodes::default();
        let err = check_request(A::Reopen, None, &codes).unwrap_err();
        assert!(
            err.to_string().contains("only the system re-opens"),
            "{err}"
        );
        assert!(matches!(
            check_request(A::Clear, Some("HUNCH"), &codes),
            Err(WorkflowError::UnknownReason { .. })
        ));
        assert!(check_request(A::Clear, Some("DOCS-VERIFIED"), &codes).is_ok());
        assert!(check_request(A::Claim, None, &codes).is_ok());
    }

    #[test]
    fn a_false_positive_names_an_existing_unmarked_hit() {
        assert_eq!(
            check_hit(None, 2, &[]),
            Err(WorkflowError::MissingHit { hits: 2 })
        );
        assert_eq!(
            check_hit(Some(0), 2, &[]),
            Err(WorkflowError::NoSuchHit { hit: 0, hits: 2 })
        );
        assert_eq!(
            check_hit(Some(3), 2, &[]),
            Err(WorkflowError::NoSuchHit { hit: 3, hits: 2 })
        );
        assert_eq!(
            check_hit(Some(1), 2, &[1]),
            Err(WorkflowError::HitAlreadyMarked { hit: 1 })
        );
        assert_eq!(check_hit(Some(2), 2, &[1]), Ok(1));
    }

    #[test]
    fn marking_hits_keeps_the_item_in_review_until_the_last_one() {
        let open = item(S::InReview, 2, Some("alice"));
        let first = decide(
            &open,
            &decision(A::FalsePositive, Some(2), 2),
            2,
            &[],
            "alice",
        );
        let first = first.unwrap();
        assert_eq!((first.to, first.marked_hit), (S::InReview, Some(1)));
        let last = decide(
            &open,
            &decision(A::FalsePositive, Some(1), 2),
            2,
            &[2],
            "alice",
        );
        assert_eq!(last.unwrap().to, S::FalsePositive);
        let err = decide(
            &open,
            &decision(A::FalsePositive, Some(2), 2),
            2,
            &[2],
            "alice",
        );
        assert_eq!(
            refusal(err.unwrap_err()),
            WorkflowError::HitAlreadyMarked { hit: 2 }
        );
    }

    #[test]
    fn a_decision_checks_the_version_and_holder_before_the_state() {
        let referred = item(S::Referred, 3, Some("alice"));
        let stale = decide(&referred, &decision(A::Clear, None, 2), 0, &[], "alice");
        assert!(stale.unwrap_err().is_conflict());
        let other = decide(&referred, &decision(A::Clear, None, 3), 0, &[], "bob");
        assert!(matches!(other, Err(StoreError::ClaimedByOther { .. })));
        let wrong = decide(&referred, &decision(A::Clear, None, 3), 0, &[], "alice");
        assert!(matches!(
            refusal(wrong.unwrap_err()),
            WorkflowError::NotAllowed { .. }
        ));
    }

    #[test]
    fn a_decision_claims_the_item_and_an_exam_records_its_result() {
        let new = item(S::New, 1, None);
        let cleared = decide(&new, &decision(A::Clear, None, 1), 1, &[], "bob").unwrap();
        assert_eq!(
            cleared,
            Settled {
                to: S::Cleared,
                claimed_by: "bob".into(),
                marked_hit: None,
                exam: None,
                note: None,
            }
        );
        let mut noted = decision(A::Hold, None, 1);
        noted.note = Some("  ".into());
        assert_eq!(decide(&new, &noted, 1, &[], "bob").unwrap().note, None);
        noted.note = Some("seal number differs".into());
        let settled = decide(&new, &noted, 1, &[], "bob").unwrap();
        assert_eq!(settled.note.as_deref(), Some("seal number differs"));
        let held = item(S::Held, 4, Some("bob"));
        let found = decide(&held, &decision(A::ExamNothing, None, 4), 1, &[], "bob");
        let found = found.unwrap();
        assert_eq!(
            (found.to, found.exam),
            (S::NothingFound, Some(ExamResult::NothingFound))
        );
        assert_eq!(exam_result(A::ExamFound), Some(ExamResult::Found));
        assert_eq!(exam_result(A::Hold), None);
    }

    #[test]
    fn an_exam_counts_once_for_each_rule_that_fired_and_each_list_that_hit() {
        let assessment: Assessment = serde_json::from_value(serde_json::json!({
            "bill_of_lading": "B1",
            "score": 90,
            "lane": "red",
            "party_hits": [],
            "goods_hits": [
                {"line": 0, "list": "CWC", "entry": "1A", "label": "x", "points": 10,
                 "evidence": {"kind": "keyword", "phrase": "sarin", "field": "description"}},
                {"line": 1, "list": "CWC", "entry": "1B", "label": "y", "points": 10,
                 "evidence": {"kind": "keyword", "phrase": "tabun", "field": "description"}}
            ],
            "red_flags": [
                {"rule": "to-order-consignee", "detail": "", "points": 5},
                {"rule": "to-order-consignee", "detail": "again", "points": 5}
            ],
            "reasons": []
        }))
        .unwrap();
        let keys: Vec<_> = exam_keys(&assessment).into_iter().collect();
        assert_eq!(
            keys,
            vec![
                ("list", "CWC".to_string()),
                ("rule", "to-order-consignee".to_string())
            ]
        );
    }

    #[test]
    fn a_suppression_lasts_the_configured_days() {
        let at = DateTime::parse_from_rfc3339("2026-11-27T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let expires = suppression_expires(at, 365);
        assert_eq!(expires.to_rfc3339(), "2027-11-27T10:00:00+00:00");
    }

    #[test]
    fn an_amended_bill_enters_the_queue_as_such() {
        assert_eq!(ingest_reason(1), "screening");
        assert_eq!(ingest_reason(2), "amended bill");
    }

    #[test]
    fn a_new_assessment_creates_updates_or_reopens_an_item() {
        assert_eq!(enqueue(None, Lane::Green), Ok(Enqueue::Skip));
        assert_eq!(
            enqueue(None, Lane::Yellow),
            Ok(Enqueue::Create { state: S::New })
        );
        for open in open_states() {
            assert_eq!(enqueue(Some(open), Lane::Green), Ok(Enqueue::Update));
            assert_eq!(enqueue(Some(open), Lane::Red), Ok(Enqueue::Update));
        }
        for closed in QueueState::ALL.into_iter().filter(|s| !s.is_open()) {
            assert_eq!(enqueue(Some(closed), Lane::Green), Ok(Enqueue::Skip));
            assert_eq!(
                enqueue(Some(closed), Lane::Red),
                Ok(Enqueue::Reopen { to: S::New })
            );
        }
    }

    #[test]
    fn the_open_states_are_those_waiting_for_someone() {
        let open: Vec<_> = open_states().map(QueueState::as_str).collect();
        assert_eq!(open, ["new", "in_review", "referred", "held"]);
    }
}
