//! The referral queue's state machine: which decision may follow which, and which reason codes
//! a decision accepts. Pure data and functions, no SQL, so that the rules are tested on their
//! own and every store implementation applies the same ones.
//!
//! The states follow what customs services record: a shipment enters as `new`, a targeter
//! claims it (`in_review`) and refers it for interdiction, holds it for examination, clears it
//! with a reason code, or marks its name hits as false positives one by one. An examination
//! result (`found`, `nothing_found`) closes a referral or a hold. A closed item re-opens only
//! when the system finds something new: an amended bill or a list update.

use serde::{Deserialize, Serialize};

use crate::config::ReasonCodes;

/// Where a queue item stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QueueState {
    New,
    InReview,
    Referred,
    Held,
    Cleared,
    FalsePositive,
    Found,
    NothingFound,
}

impl QueueState {
    pub const ALL: [QueueState; 8] = [
        QueueState::New,
        QueueState::InReview,
        QueueState::Referred,
        QueueState::Held,
        QueueState::Cleared,
        QueueState::FalsePositive,
        QueueState::Found,
        QueueState::NothingFound,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            QueueState::New => "new",
            QueueState::InReview => "in_review",
            QueueState::Referred => "referred",
            QueueState::Held => "held",
            QueueState::Cleared => "cleared",
            QueueState::FalsePositive => "false_positive",
            QueueState::Found => "found",
            QueueState::NothingFound => "nothing_found",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// Still waiting for a targeter or for an examination.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            QueueState::New | QueueState::InReview | QueueState::Referred | QueueState::Held
        )
    }
}

impl std::fmt::Display for QueueState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a user (or, for `Reopen`, the system) does to a queue item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Claim,
    Refer,
    Hold,
    Clear,
    /// One name hit is not the listed party; the others stay to be decided.
    FalsePositive,
    ExamFound,
    ExamNothing,
    /// The system re-opens a closed item: an amended bill or a list update brought new hits.
    Reopen,
}

impl Action {
    pub const ALL: [Action; 8] = [
        Action::Claim,
        Action::Refer,
        Action::Hold,
        Action::Clear,
        Action::FalsePositive,
        Action::ExamFound,
        Action::ExamNothing,
        Action::Reopen,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Action::Claim => "claim",
            Action::Refer => "refer",
            Action::Hold => "hold",
            Action::Clear => "clear",
            Action::FalsePositive => "false-positive",
            Action::ExamFound => "exam-found",
            Action::ExamNothing => "exam-nothing",
            Action::Reopen => "reopen",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.as_str() == text)
    }

    /// The reason codes this action accepts; `None` when it takes none (claims, re-opening).
    pub fn reason_codes(self, codes: &ReasonCodes) -> Option<&[String]> {
        match self {
            Action::Refer => Some(&codes.refer),
            Action::Hold => Some(&codes.hold),
            Action::Clear => Some(&codes.clear),
            Action::FalsePositive => Some(&codes.false_positive),
            Action::ExamFound | Action::ExamNothing => Some(&codes.exam),
            Action::Claim | Action::Reopen => None,
        }
    }
}

impl std::fmt::Display for Action {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
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
        .filter(|(f, a, _)| *f == from && *a != Action::Reopen)
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

#[cfg(test)]
mod tests {
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
}
