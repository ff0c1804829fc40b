//! The rules view's state: every loaded targeting rule with what it did over the last
//! [`RULE_STATS_DAYS`](crate::tui::data::RULE_STATS_DAYS) days, most hits first, the filter and
//! cursor over them.
//!
//! It draws nothing and touches no store.

use fuzzy_matcher::skim::SkimMatcherV2;

use super::table::{FilteredTable, TableRows};
use crate::tui::data::RuleRow;
use crate::tui::filter::{self, FieldLookup, Term};

/// State of the rules view.
#[derive(Default)]
pub struct RulesViewState {
    pub rules: Vec<RuleRow>,
    /// Filter, visible rules (indices into `rules`) and cursor.
    pub rows: FilteredTable,
}

/// A rule with the lower-case text the filter searches.
struct Row<'a>(&'a RuleRow, String);

impl FieldLookup for Row<'_> {
    fn field_matches(&self, t: &Term) -> Option<bool> {
        let v = t.value.as_str();
        Some(match t.field.as_str() {
            "pack" => filter::prefix_ci(&self.0.pack, v),
            "state" => filter::prefix_ci(self.0.state, v),
            "rule" => filter::contains_ci(&self.0.rule, v),
            _ => return None,
        })
    }
    fn haystack(&self) -> &str {
        &self.1
    }
}

/// The rules as the filter sees them.
struct Rules<'a>(&'a [RuleRow]);

impl TableRows for Rules<'_> {
    type Row<'a>
        = Row<'a>
    where
        Self: 'a;

    fn count(&self) -> usize {
        self.0.len()
    }

    fn row(&self, index: usize) -> Row<'_> {
        let r = &self.0[index];
        let hay = format!("{} {} {} {}", r.rule, r.title, r.pack, r.source).to_lowercase();
        Row(r, hay)
    }
}

impl RulesViewState {
    /// New rules from a snapshot, filtered again.
    pub fn set_rules(&mut self, rules: Vec<RuleRow>, matcher: &SkimMatcherV2) {
        self.rules = rules;
        self.refilter(matcher);
    }

    /// Filters the rules for the current filter text.
    pub fn refilter(&mut self, matcher: &SkimMatcherV2) {
        self.rows.refilter(&Rules(&self.rules), matcher);
    }

    /// The rule under the cursor.
    pub fn selected(&self) -> Option<&RuleRow> {
        self.rows.selected().map(|i| &self.rules[i])
    }
}
