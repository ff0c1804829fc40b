//! Identifiers as evidence: a registration, tax, passport or IMO number that a manifest gives
//! for a party and a list gives for an entry. The same number names the same party whatever
//! the name says (a renamed company keeps its registration number), so a party whose number is
//! an entry's is a hit on that entry, and a name hit whose number agrees is explained by it.
//!
//! A list's identifiers are the numbers in the labelled parts of its remarks (`Tax ID No.
//! 7708123456 (Russia)`, `Passport A1234567`) and in its identifier columns; a manifest's are
//! the long numbers in a party's name, address and country fields. Only numbers of
//! [`MIN_LENGTH`] characters or more with [`MIN_DIGITS`] digits or more count, and only whole:
//! postcodes and telephone numbers written in groups never meet one.

use std::collections::HashMap;

use crate::lists::{ListEntry, WatchList};
use crate::model::Party;

/// Characters an identifier has at least, once `-`, `/`, `.` and spaces inside it are gone.
pub const MIN_LENGTH: usize = 7;
/// Digits an identifier has at least.
pub const MIN_DIGITS: usize = 5;

/// Words that say a remark's part gives an identifier.
const LABELS: &[&str] = &[
    "PASSPORT",
    "ID",
    "IDENTIFICATION",
    "NO",
    "NUMBER",
    "REGISTRATION",
    "TAX",
    "INN",
    "OGRN",
    "KPP",
    "IMO",
    "LICENSE",
    "LICENCE",
    "CERTIFICATE",
    "CEDULA",
    "RUC",
    "NIT",
    "RFC",
    "VAT",
    "SSN",
];

/// `text`'s identifiers, each as compared (upper case, letters and digits only).
fn numbers_in(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':' | '(' | ')' | '#'))
        .map(|t| {
            t.chars()
                .filter(char::is_ascii_alphanumeric)
                .map(|c| c.to_ascii_uppercase())
                .collect::<String>()
        })
        .filter(|t| {
            t.len() >= MIN_LENGTH && t.bytes().filter(u8::is_ascii_digit).count() >= MIN_DIGITS
        })
}

/// An entry's identifiers, with the words that label each (`Tax ID No.`).
fn entry_identifiers(entry: &ListEntry) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let remarks = entry.remarks.iter().flat_map(|r| r.split(';'));
    for part in remarks {
        let upper = part.to_ascii_uppercase();
        let labelled = upper
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(|w| LABELS.contains(&w));
        if !labelled {
            continue;
        }
        for number in numbers_in(part) {
            let label = part
                .split_whitespace()
                .take_while(|w| !w.chars().any(|c| c.is_ascii_digit()))
                .collect::<Vec<_>>()
                .join(" ");
            out.push((number, label));
        }
    }
    for (key, value) in &entry.details {
        let key_l = key.to_ascii_lowercase();
        if [
            "passport",
            "identif",
            "registration",
            "tax",
            "imo",
            "number",
            "ids",
        ]
        .iter()
        .any(|k| key_l.contains(k))
        {
            out.extend(numbers_in(value).map(|n| (n, key.replace('_', " "))));
        }
    }
    for imo in &entry.facts.imo_numbers {
        out.extend(numbers_in(imo).map(|n| (n, "IMO".to_string())));
    }
    out.sort();
    out.dedup_by(|a, b| a.0 == b.0);
    out
}

/// A party's identifiers: the long numbers in its name, address and country fields.
pub fn party_identifiers(party: &Party) -> Vec<String> {
    let mut out: Vec<String> = std::iter::once(party.name.as_str())
        .chain(party.address.iter().map(String::as_str))
        .chain(party.country.as_deref())
        .flat_map(numbers_in)
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Where an identifier is listed.
#[derive(Debug, Clone, PartialEq)]
pub struct Listed {
    pub list: usize,
    pub entry: usize,
    /// The list's words for it (`Tax ID No.`, `passport number`).
    pub label: String,
}

/// Every listed identifier, with the entries that give it.
#[derive(Debug, Default)]
pub struct IdentifierIndex {
    by_number: HashMap<String, Vec<Listed>>,
}

impl IdentifierIndex {
    pub fn build(lists: &[WatchList]) -> Self {
        let mut by_number: HashMap<String, Vec<Listed>> = HashMap::new();
        for (l, list) in lists.iter().enumerate() {
            for (e, entry) in list.entries.iter().enumerate() {
                for (number, label) in entry_identifiers(entry) {
                    by_number.entry(number).or_default().push(Listed {
                        list: l,
                        entry: e,
                        label,
                    });
                }
            }
        }
        IdentifierIndex { by_number }
    }

    /// Where each of `numbers` (a party's, see [`party_identifiers`]) is listed.
    pub fn find(&self, numbers: Vec<String>) -> Vec<(String, Listed)> {
        numbers
            .into_iter()
            .flat_map(|n| {
                self.by_number
                    .get(&n)
                    .into_iter()
                    .flatten()
                    .map(move |l| (n.clone(), l.clone()))
            })
            .collect()
    }

    pub fn len(&self) -> usize {
        self.by_number.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_number.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{EntityKind, PartyRole};

    fn entry(remarks: &str) -> ListEntry {
        let mut e = ListEntry::builder("1", EntityKind::Organization, "X").build();
        e.remarks = Some(remarks.to_string());
        e
    }

    #[test]
    fn a_list_gives_identifiers_in_its_labelled_remarks_only() {
        let e = entry(
            "Tax ID No. 7708123456 (Russia); Registration ID 1027700132195 (Russia); \
             DOB 19 Jun 1951; Passport A1234567 (Egypt); Telephone 74951234567",
        );
        let ids: Vec<(String, String)> = entry_identifiers(&e);
        let numbers: Vec<&str> = ids.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(numbers, ["1027700132195", "7708123456", "A1234567"]);
        let label = |n: &str| ids.iter().find(|(x, _)| x == n).map(|(_, l)| l.as_str());
        assert_eq!(label("7708123456"), Some("Tax ID No."));
    }

    #[test]
    fn a_party_whose_number_is_listed_is_found_whatever_its_postcode_or_phone() {
        let mut list = WatchList::of_entries("T", vec![entry("Tax ID No. 7708123456 (Russia)")]);
        list.entries.push(entry("Registration Number 12345 (Iran)"));
        let index = IdentifierIndex::build(&[list]);
        let party = |address: &[&str]| Party {
            role: PartyRole::Consignee,
            name: "NEW NAME LLC".into(),
            address: address.iter().map(|a| a.to_string()).collect(),
            country: None,
        };
        let found = index.find(party_identifiers(&party(&[
            "INN 7708-123456",
            "MOSCOW 123456",
        ])));
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, "7708123456");
        assert_eq!(found[0].1.entry, 0);
        assert!(
            index
                .find(party_identifiers(&party(&[
                    "MOSCOW 123456",
                    "TEL +7 495 770 81 23"
                ])))
                .is_empty()
        );
    }
}
