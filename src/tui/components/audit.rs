//! The audit view's state: the log, newest first, the filter and cursor over it, and the last
//! verification of its hash chain.
//!
//! It draws nothing and touches no store.

use fuzzy_matcher::skim::SkimMatcherV2;

use super::table::{FilteredTable, TableRows};
use crate::tui::data::{AuditEntry, AuditVerification};
use crate::tui::filter::{self, FieldLookup, Term};

/// State of the audit view.
#[derive(Default)]
pub struct AuditViewState {
    pub entries: Vec<AuditEntry>,
    /// Filter, visible entries (indices into `entries`) and cursor.
    pub rows: FilteredTable,
    pub verification: Option<AuditVerification>,
}

/// An audit entry with the lower-case text the filter searches.
struct AuditRow<'a>(&'a AuditEntry, String);

impl FieldLookup for AuditRow<'_> {
    fn field_matches(&self, t: &Term) -> Option<bool> {
        let v = t.value.as_str();
        Some(match t.field.as_str() {
            "user" => filter::contains_ci(&self.0.user, v),
            "action" => filter::prefix_ci(&self.0.action, v),
            "bill" | "subject" => filter::contains_ci(&self.0.subject, v),
            _ => return None,
        })
    }
    fn haystack(&self) -> &str {
        &self.1
    }
}

/// The entries as the filter sees them.
struct AuditLog<'a>(&'a [AuditEntry]);

impl TableRows for AuditLog<'_> {
    type Row<'a>
        = AuditRow<'a>
    where
        Self: 'a;

    fn count(&self) -> usize {
        self.0.len()
    }

    fn row(&self, index: usize) -> AuditRow<'_> {
        let e = &self.0[index];
        let hay = format!("{} {} {} {}", e.user, e.action, e.subject, e.detail()).to_lowercase();
        AuditRow(e, hay)
    }

    /// Newest first.
    fn order(&self, visible: &mut Vec<usize>) {
        visible.reverse();
    }
}

impl AuditViewState {
    /// Filters the log for the current filter text.
    pub fn refilter(&mut self, matcher: &SkimMatcherV2) {
        self.rows.refilter(&AuditLog(&self.entries), matcher);
    }
}
