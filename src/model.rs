//! The shared vocabulary of hubscreen: manifests, shipments, parties, goods lines and the
//! assessments made of them.
//!
//! Everything here is plain serde data. Readers in `ingest` produce it, `screen` consumes it and
//! produces [`Assessment`]s; nothing here reads files, matches names or draws on a terminal.
//! The serde form of [`Manifest`] is also hubscreen's own JSON manifest format (see
//! `docs/manifest-json.md`), so field names here are part of a documented interface.

use std::fmt;

use serde::{Deserialize, Serialize};

/// One manifest as received: a vessel's cargo report, an agent's spreadsheet, a JSON upload.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Sender's reference for the whole manifest (CUSCAR BGM number, file name, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// The carrying vessel when the whole manifest has one; shipments may override it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conveyance: Option<Conveyance>,
    pub shipments: Vec<Shipment>,
}

/// One bill of lading (master or house) with its parties, goods and routing.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Shipment {
    /// The bill of lading number: the shipment's identity within a manifest.
    pub bill_of_lading: String,
    /// The master bill this house bill is consolidated under, when it is a house bill.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub master_bill: Option<String>,
    #[serde(default)]
    pub parties: Vec<Party>,
    #[serde(default)]
    pub goods: Vec<GoodsLine>,
    #[serde(default)]
    pub routing: Routing,
    /// The vessel for this bill; falls back to the manifest's conveyance when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conveyance: Option<Conveyance>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub containers: Vec<Container>,
    /// Where in the source file this bill came from (e.g. `feeder.csv:12-14`), for error messages
    /// and referral packages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// What the message that carried this bill says it is: an original, a replacement, only
    /// the changed items, or a cancellation (EDIFACT BGM 1225, X12 M10-09/M13, AMS status).
    #[serde(default, skip_serializing_if = "BillStatus::is_original")]
    pub status: BillStatus,
}

/// What a manifest message does to a bill it carries.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
    strum::Display,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum BillStatus {
    /// The bill as first filed (or a duplicate or confirmation of it).
    #[default]
    Original,
    /// A whole new version of the bill that replaces the one filed before.
    Amended,
    /// Only what changed: the message carries part of the bill (EDIFACT function 4 or 2).
    Partial,
    /// The bill is withdrawn: it is not screened and leaves the queue.
    Cancelled,
}

impl BillStatus {
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    pub fn is_original(&self) -> bool {
        *self == BillStatus::Original
    }
}

impl Shipment {
    /// Parties in a given role, in manifest order.
    pub fn parties_in(&self, role: PartyRole) -> impl Iterator<Item = &Party> {
        self.parties.iter().filter(move |p| p.role == role)
    }
}

/// The role a party plays on a bill. Screening treats every role alike; red-flag rules do not.
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
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum PartyRole {
    Shipper,
    Consignee,
    NotifyParty,
    Forwarder,
    Manufacturer,
    Buyer,
    /// The shipping line or airline that carries the goods (EDIFACT NAD+CA, AMS carrier).
    Carrier,
    /// A named party whose role has no place above (a broker, an agent, a supplier's bank):
    /// screened all the same.
    OtherParty,
}

impl PartyRole {
    pub const ALL: [PartyRole; 8] = [
        PartyRole::Shipper,
        PartyRole::Consignee,
        PartyRole::NotifyParty,
        PartyRole::Forwarder,
        PartyRole::Manufacturer,
        PartyRole::Buyer,
        PartyRole::Carrier,
        PartyRole::OtherParty,
    ];

    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// A named party on a bill, kept verbatim: normalised forms exist only inside the matcher.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Party {
    pub role: PartyRole,
    pub name: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub address: Vec<String>,
    /// Country as written on the manifest (ISO code or name); see [`crate::country`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
}

/// One goods item of a bill.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoodsLine {
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hs_code: Option<HsCode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quantity: Option<Quantity>,
    /// Gross weight in kilograms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gross_weight_kg: Option<f64>,
    /// UN dangerous-goods number, four digits (`1809` for phosphorus trichloride).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub un_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub marks: Option<String>,
}

/// A count of packages or units with its unit as written (`120 CTN`, `4 DRUMS`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quantity {
    pub value: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
}

/// A Harmonized System code, kept as a string of digits so that leading zeros survive.
///
/// Accepts what manifests carry: `8542.31`, `8542 31 90`, `HS CODE: 854231`, `0303.89`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct HsCode(String);

/// Why a string is not an HS code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HsCodeError {
    #[error("HS code {0:?} has no digits")]
    NoDigits(String),
    #[error("HS code {0:?} has {1} digits; at least 4 are needed to identify a heading")]
    TooShort(String, usize),
    #[error("HS code {0:?} has {1} digits; national codes stop at 10")]
    TooLong(String, usize),
    #[error("HS code {0:?} contains {1:?}, which is not a digit, dot, space or hyphen")]
    BadCharacter(String, char),
}

impl HsCode {
    /// Parses an HS code as written on a manifest, dropping an `HS`/`HTS`/`H.S. CODE` label and
    /// the dots, spaces and hyphens between digit groups.
    pub fn parse(raw: &str) -> Result<Self, HsCodeError> {
        let trimmed = raw.trim();
        let upper = trimmed.to_ascii_uppercase();
        let mut rest = upper.as_str();
        for label in ["H.S.", "HTS", "HS", "CODE", "NO.", "NO", "#", ":"] {
            rest = rest.trim_start();
            if let Some(r) = rest.strip_prefix(label) {
                rest = r;
            }
        }
        let mut digits = String::with_capacity(10);
        for c in rest.chars() {
            match c {
                '0'..='9' => digits.push(c),
                '.' | ' ' | '-' | '\t' => {}
                other => return Err(HsCodeError::BadCharacter(raw.to_string(), other)),
            }
        }
        match digits.len() {
            0 => Err(HsCodeError::NoDigits(raw.to_string())),
            n if n < 4 => Err(HsCodeError::TooShort(raw.to_string(), n)),
            n if n > 10 => Err(HsCodeError::TooLong(raw.to_string(), n)),
            _ => Ok(HsCode(digits)),
        }
    }

    /// The digits, without separators.
    pub fn digits(&self) -> &str {
        &self.0
    }

    /// The first six digits, the internationally shared part (or fewer when the code is shorter).
    pub fn hs6(&self) -> &str {
        &self.0[..self.0.len().min(6)]
    }

    /// Dotted display form: `8542.31.90`.
    pub fn dotted(&self) -> String {
        let d = &self.0;
        let mut out = String::with_capacity(d.len() + 3);
        out.push_str(&d[..4.min(d.len())]);
        let mut at = 4;
        while at < d.len() {
            out.push('.');
            let end = (at + 2).min(d.len());
            out.push_str(&d[at..end]);
            at = end;
        }
        out
    }
}

impl TryFrom<String> for HsCode {
    type Error = HsCodeError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        HsCode::parse(&value)
    }
}

impl From<HsCode> for String {
    fn from(value: HsCode) -> Self {
        value.0
    }
}

impl fmt::Display for HsCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.dotted())
    }
}

/// Where the goods came from and are going. Ports are UN/LOCODEs where the manifest gives them
/// (`CNSHA`), free text otherwise.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Routing {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place_of_receipt: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port_of_loading: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub transshipment_ports: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port_of_discharge: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub final_destination: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country_of_origin: Option<String>,
}

impl Routing {
    /// The ports in travel order, for display as a chain.
    pub fn chain(&self) -> Vec<&str> {
        let ports = self
            .place_of_receipt
            .iter()
            .chain(&self.port_of_loading)
            .chain(&self.transshipment_ports)
            .chain(&self.port_of_discharge)
            .chain(&self.final_destination)
            .map(String::as_str)
            .filter(|p| !p.is_empty());
        let mut chain: Vec<&str> = Vec::new();
        for p in ports {
            if chain.last() != Some(&p) {
                chain.push(p);
            }
        }
        chain
    }
}

/// The means of transport: a vessel on a voyage.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Conveyance {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vessel_name: Option<String>,
    /// IMO ship identification number, seven digits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub imo: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub voyage: Option<String>,
    /// Flag state as written (ISO code or name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flag: Option<String>,
}

/// A container (ISO 6346 number) with its seal and size/type code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Container {
    pub number: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seal: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size_type: Option<String>,
}

/// How bad an input problem is: an error means data was lost (a row, a field or a file was not
/// screened); a warning means something looked wrong but nothing was dropped.
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
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// Something wrong in an input file (a manifest or a list), located precisely; the one
/// problem type of every reader.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Problem {
    /// `file:line` (or `file:segment`), or `file` alone for whole-file matters.
    pub location: String,
    /// Error when data was lost (rows or fields skipped); warning when nothing was dropped.
    pub severity: Severity,
    pub message: String,
}

impl Problem {
    /// Data was lost at `location`.
    pub fn error(location: impl Into<String>, message: impl Into<String>) -> Self {
        Problem {
            location: location.into(),
            severity: Severity::Error,
            message: message.into(),
        }
    }

    /// Something looked wrong at `location`, but nothing was dropped.
    pub fn warning(location: impl Into<String>, message: impl Into<String>) -> Self {
        Problem {
            location: location.into(),
            severity: Severity::Warning,
            message: message.into(),
        }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: {}: {}",
            self.location,
            self.severity.as_str(),
            self.message
        )
    }
}

/// The targeting lane a shipment is put in.
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
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Lane {
    /// Release: nothing found above the yellow threshold.
    Green,
    /// Documentary check: something a targeter should look at.
    Yellow,
    /// Refer for examination or interdiction.
    Red,
}

impl Lane {
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// The kind of thing a list entry or a query names; persons and organisations are matched
/// differently (token order, legal forms).
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
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum EntityKind {
    Person,
    Organization,
    Vessel,
    Aircraft,
    Unknown,
}

impl EntityKind {
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// Which of a list entry's names a query matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NameKind {
    Primary,
    /// An a.k.a./f.k.a./n.k.a. the list publishes as a name of the entry.
    StrongAlias,
    /// A low-quality alias (OFAC's single-quoted a.k.a. in remarks); it only corroborates.
    WeakAlias,
}

/// Two aligned tokens, query side and list side, with their similarity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TokenPair {
    pub query: String,
    pub list: String,
    pub similarity: f64,
}

impl TokenPair {
    /// `MABRUKA~MABROOKA 0.94`, or the token alone when both sides are the same.
    pub fn brief(&self) -> String {
        if self.similarity >= 0.999 {
            self.query.clone()
        } else {
            format!("{}~{} {:.2}", self.query, self.list, self.similarity)
        }
    }

    /// Pairs as one comma-separated list.
    pub fn join(pairs: &[TokenPair]) -> String {
        pairs
            .iter()
            .map(TokenPair::brief)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// A party that matched a denied-party list entry, with everything needed to say why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartyHit {
    pub role: PartyRole,
    /// The party name as written on the manifest.
    pub party_name: String,
    /// Short list name (`OFAC SDN`, `HUB WATCHLIST`).
    pub list: String,
    /// The list's own id for the entry (OFAC ent_num, UN DATAID, ...).
    pub entry_id: String,
    /// The entry's primary name as the list writes it.
    pub entry_name: String,
    /// The list name (primary or alias) that the party matched.
    pub matched_name: String,
    pub matched_name_kind: NameKind,
    pub score: f64,
    /// The points this hit adds to the shipment's score.
    pub points: u32,
    pub aligned: Vec<TokenPair>,
    /// Query tokens that found no partner, and list tokens left over.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unmatched_query: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unmatched_list: Vec<String>,
    /// Penalties and boosts applied after alignment, in words (`number 2 ≠ 6`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub adjustments: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub programs: Vec<String>,
    /// A weak alias of the same entry that also matched, which corroborates the hit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub corroborating_weak_alias: Option<String>,
}

impl PartyHit {
    /// One line a targeter can read at a glance.
    pub fn explain(&self) -> String {
        let mut line = format!(
            "{} {:?} ~ {} {} {:?} ({}) score {:.2} [{}]",
            self.role,
            self.party_name,
            self.list,
            self.entry_id,
            self.matched_name,
            match self.matched_name_kind {
                NameKind::Primary => "primary name",
                NameKind::StrongAlias => "alias",
                NameKind::WeakAlias => "weak alias",
            },
            self.score,
            TokenPair::join(&self.aligned)
        );
        if !self.unmatched_query.is_empty() {
            line.push_str(&format!(" unmatched: {}", self.unmatched_query.join(" ")));
        }
        if !self.adjustments.is_empty() {
            line.push_str(&format!("; {}", self.adjustments.join("; ")));
        }
        line
    }
}

/// Which goods list fired and on what evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum GoodsEvidence {
    /// The declared HS code starts with a listed prefix.
    HsPrefix { hs_code: String, prefix: String },
    /// A lexicon phrase occurs in the description or marks.
    Keyword { phrase: String, field: String },
    /// A CAS registry number with a valid check digit occurs in the text.
    CasNumber { cas: String, chemical: String },
    /// The UN dangerous-goods number is one a controlled chemical ships under.
    UnNumber { un_number: String, chemical: String },
    /// The declared code is an HS 2017 code that HS 2022 no longer has; the HS 2022 code it
    /// became starts with a listed prefix.
    HsConverted {
        hs_code: String,
        hs2022: String,
        prefix: String,
        /// Every HS 2022 code the HS 2017 code was split into, when more than one: the goods
        /// may be under another of them.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        split_into: Vec<String>,
    },
}

/// The control-list entry a goods hit points at, as the installed EU dual-use list (Annex I)
/// states it: shown beside the hit so that the officer reads what the entry covers and what
/// it does not.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ControlText {
    /// `2B001`.
    pub entry: String,
    /// `Wassenaar Arrangement`, `Australia Group`...
    pub regime: String,
    pub heading: String,
    /// The notes that take goods out of the entry, each starting with what it is about
    /// (`2B001.a. does not control ...`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub decontrol: Vec<String>,
}

/// The published HS 2022 text of a goods line's declared code: shown beside the description,
/// so that a description that does not fit its heading shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeclaredHeading {
    /// Index of the goods line within the shipment.
    pub line: usize,
    /// The code as declared, dotted.
    pub code: String,
    /// `(code, text)` of the heading and subheading the nomenclature has for it.
    pub texts: Vec<(String, String)>,
}

/// A goods line that points at a strategic-goods list entry. Always a *candidate*: most
/// entries have technical thresholds that only an examination or the exporter's
/// classification can settle.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoodsHit {
    /// Index of the goods line within the shipment.
    pub line: usize,
    /// Short list name (`CHPL`, `CWC`, `AG`, `HUB KEYWORDS`).
    pub list: String,
    /// What the hit points to: CHPL tier, control-list entry, CWC schedule.
    pub entry: String,
    pub label: String,
    pub evidence: GoodsEvidence,
    /// The points this hit adds to the shipment's score.
    pub points: u32,
    /// The Annex I entry the hit points at, when that list is installed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub control: Option<ControlText>,
    /// For a keyword hit: the HS headings the goods it names are normally declared under
    /// (from the lexicon), so that a declaration under another heading shows.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub headings: Vec<String>,
}

impl GoodsHit {
    pub fn explain(&self) -> String {
        let why = match &self.evidence {
            GoodsEvidence::HsPrefix { hs_code, prefix } => {
                format!("HS {hs_code} under listed prefix {prefix}")
            }
            GoodsEvidence::Keyword { phrase, field } => format!("keyword {phrase:?} in {field}"),
            GoodsEvidence::CasNumber { cas, chemical } => format!("CAS {cas} = {chemical}"),
            GoodsEvidence::UnNumber {
                un_number,
                chemical,
            } => format!("UN {un_number} = {chemical}"),
            GoodsEvidence::HsConverted {
                hs_code,
                hs2022,
                prefix,
                split_into,
            } if split_into.is_empty() => format!(
                "HS {hs_code} (an HS 2017 code; {hs2022} in HS 2022) under listed prefix {prefix}"
            ),
            GoodsEvidence::HsConverted {
                hs_code,
                hs2022,
                prefix,
                split_into,
            } => format!(
                "HS {hs_code} (an HS 2017 code that HS 2022 split into {}; {hs2022} is one) \
                 under listed prefix {prefix}",
                split_into.join(", ")
            ),
        };
        format!(
            "goods line {}: {} -> {} {} ({}); candidate, check thresholds",
            self.line + 1,
            why,
            self.list,
            self.entry,
            self.label
        )
    }
}

/// A red-flag rule that fired, with the evidence it fired on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RedFlag {
    /// Stable rule id (`to-order-consignee`, `chpl-via-diversion-country`).
    pub rule: String,
    /// What the rule found on this shipment, in words.
    pub detail: String,
    pub points: u32,
    /// The rule's title (`CHPL item routed via a diversion country`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub title: String,
    /// The rule pack and its version (`builtin@2026-12-05`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub pack: String,
    /// The public guidance or unit decision the rule rests on.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
    /// What the examiner should do (`verify end user; inspect for CNC controller`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub instruction: String,
    /// The lowest lane the rule sends the shipment to, whatever the score.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lane: Option<Lane>,
}

impl RedFlag {
    /// One line: the rule, what it found, and what to do.
    pub fn explain(&self) -> String {
        let title = if self.title.is_empty() {
            self.rule.clone()
        } else {
            format!("{} ({})", self.title, self.rule)
        };
        let mut out = format!("{title}: {}", self.detail);
        if let Some(lane) = self.lane {
            out.push_str(&format!("; sends the shipment to {lane} at least"));
        }
        if !self.instruction.is_empty() {
            out.push_str(&format!("; examiner: {}", self.instruction));
        }
        if !self.source.is_empty() {
            out.push_str(&format!(" [source: {}]", self.source));
        }
        out
    }
}

/// How a vessel on the manifest matched a listed vessel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VesselMatch {
    /// The IMO number is the same: the same hull, whatever it is called now.
    Imo,
    /// The name matched and no IMO number contradicts it.
    Name,
}

/// The carrying vessel matched a listed vessel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VesselHit {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vessel_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub imo: Option<String>,
    pub list: String,
    pub entry_id: String,
    pub entry_name: String,
    pub matched_by: VesselMatch,
    pub score: f64,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aligned: Vec<TokenPair>,
    pub points: u32,
}

impl VesselHit {
    pub fn explain(&self) -> String {
        let what = match self.matched_by {
            VesselMatch::Imo => format!("IMO {} = listed IMO", self.imo.as_deref().unwrap_or("?")),
            VesselMatch::Name => format!(
                "name {:?} ~ {:?} score {:.2}",
                self.vessel_name.as_deref().unwrap_or(""),
                self.entry_name,
                self.score
            ),
        };
        format!(
            "vessel {what} -> {} {} {:?}",
            self.list, self.entry_id, self.entry_name
        )
    }
}

/// The screening result for one shipment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Assessment {
    pub bill_of_lading: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// 0-100: the capped sum of the points below.
    pub score: u32,
    pub lane: Lane,
    pub party_hits: Vec<PartyHit>,
    /// The carrying vessel against listed vessels (name and IMO number).
    #[serde(default)]
    pub vessel_hits: Vec<VesselHit>,
    pub goods_hits: Vec<GoodsHit>,
    pub red_flags: Vec<RedFlag>,
    /// Every reason that added points, one line each, highest first.
    pub reasons: Vec<String>,
    /// The rule packs the shipment was assessed with, as `id@version`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rule_packs: Vec<String>,
    /// Set when selectivity sent the shipment one lane up at random, as a control.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub random_selection: Option<RandomSelection>,
    /// The HS 2022 text of each declared code, when the nomenclature is installed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub declared_headings: Vec<DeclaredHeading>,
}

/// A shipment sent one lane up at random, as a control examination (see `screen::selectivity`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RandomSelection {
    /// The run's seed: the same seed and bill number give the same draw.
    pub seed: u64,
    /// The share of the lane selected.
    pub rate: f64,
    /// This bill's draw, in [0, 1): selected because it is below `rate`.
    pub draw: f64,
    /// The lane screening gave before the selection.
    pub from: Lane,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A value's text (`as_str`, `Display`, messages, CSV) is its JSON name: one spelling of
    /// each, whichever way it is written.
    #[test]
    fn enum_text_is_its_serde_name() {
        fn check<T: Serialize + std::fmt::Display>(value: T, text: &str) {
            assert_eq!(serde_json::to_value(&value).unwrap(), text);
            assert_eq!(value.to_string(), text);
        }
        for role in PartyRole::ALL {
            check(role, role.as_str());
        }
        check(PartyRole::NotifyParty, "notify_party");
        check(Severity::Warning, "warning");
        check(Lane::Yellow, "yellow");
        for kind in [
            EntityKind::Person,
            EntityKind::Organization,
            EntityKind::Vessel,
            EntityKind::Aircraft,
            EntityKind::Unknown,
        ] {
            check(kind, kind.as_str());
        }
        assert_eq!(EntityKind::Organization.as_str(), "organization");
    }

    #[test]
    fn hs_code_keeps_leading_zero_and_drops_separators() {
        assert_eq!(HsCode::parse("0303.89").unwrap().digits(), "030389");
        assert_eq!(HsCode::parse("8542 31 90").unwrap().digits(), "85423190");
        assert_eq!(
            HsCode::parse("HS CODE: 8542.31").unwrap().digits(),
            "854231"
        );
        assert_eq!(HsCode::parse("H.S. 2811-19").unwrap().digits(), "281119");
        assert_eq!(HsCode::parse("HTS 8542.31.0000").unwrap().hs6(), "854231");
    }

    #[test]
    fn hs_code_rejects_what_cannot_be_a_code() {
        assert!(matches!(
            HsCode::parse("85"),
            Err(HsCodeError::TooShort(_, 2))
        ));
        assert!(matches!(
            HsCode::parse("ELECTRONICS"),
            Err(HsCodeError::BadCharacter(_, _))
        ));
        assert!(matches!(
            HsCode::parse("854231900011"),
            Err(HsCodeError::TooLong(_, 12))
        ));
        assert!(matches!(HsCode::parse(""), Err(HsCodeError::NoDigits(_))));
    }

    #[test]
    fn hs_code_displays_dotted() {
        assert_eq!(HsCode::parse("85423190").unwrap().to_string(), "8542.31.90");
        assert_eq!(HsCode::parse("8542").unwrap().to_string(), "8542");
    }

    #[test]
    fn manifest_json_round_trips() {
        let m = Manifest {
            reference: Some("T1".into()),
            conveyance: None,
            shipments: vec![Shipment {
                bill_of_lading: "B1".into(),
                goods: vec![GoodsLine {
                    description: "PUMPS".into(),
                    hs_code: Some(HsCode::parse("8413.70").unwrap()),
                    ..Default::default()
                }],
                ..Default::default()
            }],
        };
        let json = serde_json::to_string(&m).unwrap();
        assert!(json.contains("\"hs_code\":\"841370\""));
        let back: Manifest = serde_json::from_str(&json).unwrap();
        assert_eq!(back, m);
    }

    #[test]
    fn routing_chain_skips_repeats_and_gaps() {
        let r = Routing {
            place_of_receipt: Some("CNSZX".into()),
            port_of_loading: Some("CNSZX".into()),
            transshipment_ports: vec!["AEJEA".into()],
            port_of_discharge: Some("IRBND".into()),
            final_destination: None,
            country_of_origin: Some("CN".into()),
        };
        assert_eq!(r.chain(), vec!["CNSZX", "AEJEA", "IRBND"]);
    }
}
