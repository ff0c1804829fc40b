//! The answer key: every planted item and decoy of an exercise, what the trainee should do with
//! it and why. It lives on the trainer's side of a bundle only.

use serde::{Deserialize, Serialize};

use super::Settings;

/// What was planted on a bill, or what decoy it is.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
    strum::Display,
    strum::EnumString,
)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum ItemKind {
    /// A party is a listed person or company under a disguise.
    DeniedParty,
    /// The bill's vessel is a listed vessel.
    Vessel,
    /// Dual-use goods under a vague description or a heading that does not fit them.
    DisguisedGoods,
    /// CHPL goods moving on from the hub to a diversion country.
    ChplDiversion,
    /// A chemical of concern declared only by its CAS or UN number.
    ChemicalByNumber,
    /// Consignee TO ORDER, a bank, or a freight forwarder: the buyer is hidden.
    OpaqueConsignee,
    /// A container number whose ISO 6346 check digit fails.
    CheckDigit,
    /// Goods bound for an embargoed destination.
    EmbargoedDestination,
    /// A list update mid-exercise names a party already on the manifest.
    ListUpdate,
    /// An amended bill mid-exercise sends controlled goods on to a diversion country.
    AmendedBill,
    /// Decoy: a name one letter off a listed name, but another company elsewhere.
    NearName,
    /// Decoy: a controlled item with its licence, to a known end user on an ordinary route.
    LicensedItem,
    /// Decoy: ordinary goods on a route through a diversion country.
    OrdinaryRoute,
}

/// What the trainee should do with a bill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, strum::Display)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum Expected {
    /// Refer it (a hold for documents or examination also finds it).
    Refer,
    /// Clear it (or mark its name hit a false positive).
    Clear,
}

impl ItemKind {
    /// Every planted kind; each appears in every exercise, whatever the difficulty.
    pub const PLANTED: [ItemKind; 8] = [
        ItemKind::DeniedParty,
        ItemKind::Vessel,
        ItemKind::DisguisedGoods,
        ItemKind::ChplDiversion,
        ItemKind::ChemicalByNumber,
        ItemKind::OpaqueConsignee,
        ItemKind::CheckDigit,
        ItemKind::EmbargoedDestination,
    ];
    /// The kinds an inject brings mid-exercise.
    pub const INJECTED: [ItemKind; 2] = [ItemKind::ListUpdate, ItemKind::AmendedBill];
    pub const DECOYS: [ItemKind; 3] = [
        ItemKind::NearName,
        ItemKind::LicensedItem,
        ItemKind::OrdinaryRoute,
    ];

    pub fn as_str(self) -> &'static str {
        self.into()
    }

    pub fn is_decoy(self) -> bool {
        Self::DECOYS.contains(&self)
    }

    pub fn expected(self) -> Expected {
        if self.is_decoy() {
            Expected::Clear
        } else {
            Expected::Refer
        }
    }

    /// The reason codes (of the default `workflow.reason_codes`) that name this item's flag.
    pub fn reason_codes(self) -> &'static [&'static str] {
        match self {
            ItemKind::DeniedParty | ItemKind::Vessel | ItemKind::ListUpdate => &["DENIED-PARTY"],
            ItemKind::DisguisedGoods | ItemKind::ChemicalByNumber => &["CONTROLLED-GOODS"],
            ItemKind::ChplDiversion | ItemKind::AmendedBill => {
                &["DIVERSION-ROUTE", "CONTROLLED-GOODS"]
            }
            ItemKind::EmbargoedDestination => &["DIVERSION-ROUTE", "INTEL"],
            ItemKind::OpaqueConsignee | ItemKind::CheckDigit => {
                &["DOCS-MISSING", "EXAM-REQUIRED", "INTEL"]
            }
            ItemKind::NearName => &["DIFFERENT-ENTITY", "DIFFERENT-COUNTRY", "NAME-MISMATCH-DOB"],
            ItemKind::LicensedItem => &["DOCS-VERIFIED", "KNOWN-TRADER"],
            ItemKind::OrdinaryRoute => &["LOW-RISK-GOODS", "KNOWN-TRADER"],
        }
    }

    /// The kind in plain words, for the debrief.
    pub fn title(self) -> &'static str {
        match self {
            ItemKind::DeniedParty => "denied party under a disguise",
            ItemKind::Vessel => "listed vessel",
            ItemKind::DisguisedGoods => "dual-use goods under a vague or wrong description",
            ItemKind::ChplDiversion => "CHPL goods on a diversion route",
            ItemKind::ChemicalByNumber => "chemical declared only by CAS or UN number",
            ItemKind::OpaqueConsignee => "TO ORDER, bank or forwarder consignee",
            ItemKind::CheckDigit => "container number with a failed check digit",
            ItemKind::EmbargoedDestination => "embargoed destination",
            ItemKind::ListUpdate => "party listed by a list update mid-exercise",
            ItemKind::AmendedBill => "bill amended mid-exercise onto a diversion route",
            ItemKind::NearName => "decoy: a name one letter off a listed one",
            ItemKind::LicensedItem => "decoy: controlled item under licence",
            ItemKind::OrdinaryRoute => "decoy: ordinary goods on a route of concern",
        }
    }
}

/// The facts behind an item, as many as apply.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// The list and entry a party or vessel is (or, for a decoy, is not).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub list: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entry_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub listed_name: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub listed_countries: Vec<String>,
    /// The party's role on the bill (`consignee`), and its name as the manifest writes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub written_as: Option<String>,
    /// What the disguise did to the listed name (`typo`, `legal form changed`, ...).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub disguise: Vec<String>,
    /// The HS code the goods belong under, and the one declared when they differ.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hs: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub declared_hs: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cas: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub un: Option<String>,
    /// The routing fact: final destination, onward country.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destination: Option<String>,
    /// The built-in rule that speaks for this flag, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub container: Option<String>,
}

impl Evidence {
    /// A party or vessel of the manifest that is (or, for a decoy, is not) list entry `e` of
    /// `list`: the entry, the role on the bill and the name as the manifest writes it.
    pub fn listed(list: &str, e: &crate::lists::ListEntry, role: &str, written_as: String) -> Self {
        Evidence {
            list: Some(list.to_string()),
            entry_id: Some(e.id.clone()),
            listed_name: Some(e.name.clone()),
            role: Some(role.to_string()),
            written_as: Some(written_as),
            ..Evidence::default()
        }
    }
}

/// One planted item or decoy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KeyItem {
    pub bill: String,
    pub kind: ItemKind,
    pub expected: Expected,
    /// Reason codes that name the flag.
    pub reason_codes: Vec<String>,
    /// The flag in one line.
    pub flag: String,
    /// What the trainee should have seen and how to confirm it: the teaching text.
    pub explanation: String,
    pub evidence: Evidence,
    /// The inject that brings this item, when it is not on the manifest from the start.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inject: Option<String>,
}

/// The trainer's answer key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnswerKey {
    pub exercise: String,
    pub settings: Settings,
    pub items: Vec<KeyItem>,
}

impl AnswerKey {
    pub fn item(&self, bill: &str) -> Option<&KeyItem> {
        self.items.iter().find(|i| i.bill == bill)
    }
}
