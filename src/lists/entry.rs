//! The one way readers build a [`ListEntry`]: start from the list's id, kind and primary name,
//! then add what the format gives (aliases strong and weak, programs, countries, addresses,
//! remarks, typed facts, details) and finish with [`EntryBuilder::build`].
//!
//! Every reader fills the same fields the same way through it, so a new field of `ListEntry`
//! is added once here. It holds no format's quirks (splitting cells, parsing remarks): those
//! stay in the reader that owns the format. It never deduplicates unless a method says so.

use std::collections::BTreeMap;

use super::{Alias, EntryFacts, ListEntry, push_unique};
use crate::model::EntityKind;

/// A [`ListEntry`] being built by a reader.
#[derive(Debug, Clone)]
pub(crate) struct EntryBuilder {
    entry: ListEntry,
}

impl ListEntry {
    /// Starts an entry with the list's id, its kind and its primary name; every other field
    /// empty.
    pub(crate) fn builder(
        id: impl Into<String>,
        kind: EntityKind,
        name: impl Into<String>,
    ) -> EntryBuilder {
        EntryBuilder {
            entry: ListEntry {
                id: id.into(),
                kind,
                name: name.into(),
                aliases: Vec::new(),
                weak_aliases: Vec::new(),
                programs: Vec::new(),
                countries: Vec::new(),
                addresses: Vec::new(),
                remarks: None,
                facts: EntryFacts::default(),
                details: BTreeMap::new(),
            },
        }
    }
}

impl EntryBuilder {
    /// The strong aliases, in the list's order.
    pub(crate) fn aliases(mut self, aliases: Vec<Alias>) -> Self {
        self.entry.aliases = aliases;
        self
    }

    /// The weak aliases, in the list's order.
    pub(crate) fn weak_aliases(mut self, names: Vec<String>) -> Self {
        self.entry.weak_aliases = names;
        self
    }

    /// The sanctions programmes or regimes.
    pub(crate) fn programs(mut self, programs: Vec<String>) -> Self {
        self.entry.programs = programs;
        self
    }

    /// The countries, already resolved to codes.
    pub(crate) fn countries(mut self, countries: Vec<String>) -> Self {
        self.entry.countries = countries;
        self
    }

    /// Adds a country code unless it is already there.
    pub(crate) fn country(mut self, code: Option<String>) -> Self {
        if let Some(code) = code {
            push_unique(&mut self.entry.countries, code);
        }
        self
    }

    /// The addresses, as the list writes them.
    pub(crate) fn addresses(mut self, addresses: Vec<String>) -> Self {
        self.entry.addresses = addresses;
        self
    }

    /// The remarks; none when `remarks` is `None`.
    pub(crate) fn remarks(mut self, remarks: Option<String>) -> Self {
        self.entry.remarks = remarks;
        self
    }

    /// The remarks when `text` is not empty.
    pub(crate) fn remark_text(self, text: &str) -> Self {
        self.remarks(Some(text.to_string()).filter(|r| !r.is_empty()))
    }

    /// The typed facts (dates of birth, nationalities, IMO numbers, links).
    pub(crate) fn facts(mut self, facts: EntryFacts) -> Self {
        self.entry.facts = facts;
        self
    }

    /// The format-specific details, by the list's own field name.
    pub(crate) fn details(mut self, details: BTreeMap<String, String>) -> Self {
        self.entry.details = details;
        self
    }

    /// The finished entry.
    pub(crate) fn build(self) -> ListEntry {
        self.entry
    }
}
