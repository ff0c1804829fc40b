//! ANSI X12 309, the U.S. customs manifest, mapped onto shipments over the [`super::x12`]
//! tokenizer.
//!
//! Followed by trigger segments, as the CUSCAR reader is: `ST` opens a transaction set; `M10`
//! is the vessel (and its manifest type: W original, anything else an amendment); `P4` the U.S.
//! port of arrival for the bills after it; `LX` (or, without LX, an `M11` after a bill already
//! numbered) opens a bill, which takes `M13`, `M11`, `N9`, the `N1` loop (`N2`, `N3`, `N4`),
//! `R4`/`P5` ports, `VID` with `M7` seals, and `N10` goods lines with `VC`, `MAN`, `H1`, `H2`;
//! `SE` closes the set. Parties named before the first bill (the heading's `N1`/`NM1`, a
//! broker) are put on every bill of the set. Locations are `file:N`, N being the segment's
//! number in the file.
//!
//! An `N10` with no quantity and no commodity code continues the line before it: filers cut
//! long descriptions into 30- or 45-character chunks (`N10**NEXT THIRTY CHARACTERS`).

use std::io::{self, BufRead};

use super::checks;
use super::x12::{Segment, Tokenizer};
use super::{Header, IngestError, Item, ManifestFormat, Problem};
use crate::model::{
    BillStatus, Container, Conveyance, GoodsLine, HsCode, Party, PartyRole, Quantity, Routing,
    Shipment,
};

/// The most goods lines and parties kept per bill; past this the file is not a manifest.
const MAX_GOODS: usize = 10_000;
const MAX_PARTIES: usize = 1_000;
/// The longest description or marks kept, in bytes.
const MAX_TEXT: usize = 16 * 1024;

/// Whether `head` (the start of a file, as text) is X12, and if so whether it carries a 309:
/// `None` when it is not X12 at all.
pub fn detect(head: &str) -> Option<Result<ManifestFormat, String>> {
    let b = head.as_bytes();
    // An X12 element separator is a printable ASCII character that is not a letter or digit.
    let separator = |tag: &[u8]| {
        b.len() > tag.len() && b.starts_with(tag) && b[tag.len()].is_ascii_punctuation()
    };
    if !(separator(b"ISA") || separator(b"GS") || separator(b"ST")) {
        return None;
    }
    let element = if separator(b"ISA") { b[3] } else { b[2] };
    // The first transaction set header says what the interchange carries.
    let st = head
        .split(['~', '\n', '\r'])
        .map(|line| line.trim_start())
        .find(|line| line.starts_with("ST") && line.as_bytes().get(2) == Some(&element));
    let Some(st) = st else {
        return Some(Ok(ManifestFormat::X12_309));
    };
    let kind: String = st[3..]
        .split(char::from(element))
        .next()
        .unwrap_or("")
        .chars()
        .take(10)
        .collect();
    Some(if kind == "309" {
        Ok(ManifestFormat::X12_309)
    } else {
        Err(format!(
            "an ANSI X12 {kind} transaction set: hubscreen reads X12 309 (the U.S. customs \
             manifest) only"
        ))
    })
}

/// Reads an X12 309 interchange (see the module documentation).
pub fn read(
    label: &str,
    text: &mut dyn BufRead,
    on_item: &mut dyn FnMut(Item) -> io::Result<()>,
) -> Result<Header, IngestError> {
    let mut reader = Reader {
        label,
        on_item,
        header: Header::default(),
        set: None,
        groups: Vec::new(),
        last_segment: 0,
        said_functions: Vec::new(),
    };
    let mut tokens = Tokenizer::new(text);
    loop {
        let next = tokens
            .next_segment()
            .map_err(|e| IngestError::read(label, e))?;
        match next {
            None => break,
            Some(Ok(segment)) => {
                reader.last_segment = segment.number;
                reader.segment(segment)?;
            }
            Some(Err(bad)) => {
                let at = format!("{label}:{}", bad.number.max(1));
                let message = format!(
                    "{} (line {}); the segment is skipped",
                    bad.message, bad.line
                );
                reader.emit(Item::Problem(Problem::error(at, message)))?;
            }
        }
    }
    reader.finish()?;
    Ok(reader.header)
}

struct Reader<'r> {
    label: &'r str,
    on_item: &'r mut dyn FnMut(Item) -> io::Result<()>,
    header: Header,
    set: Option<Set>,
    /// Open envelopes: (tag, control number, segment number, children counted).
    groups: Vec<(&'static str, String, u64, u64)>,
    last_segment: u64,
    /// Port function codes already reported as unknown.
    said_functions: Vec<String>,
}

/// One ST..SE transaction set being read.
#[derive(Default)]
struct Set {
    control: String,
    start: u64,
    /// Not a 309: skipped until SE.
    skipped: bool,
    conveyance: Conveyance,
    status: BillStatus,
    port_of_arrival: Option<String>,
    parties: Vec<Party>,
    bill: Option<Bill>,
    bills: u64,
}

#[derive(Default)]
struct Bill {
    shipment: Shipment,
    start: u64,
    end: u64,
    /// M11's totals: pieces, unit, weight in kg, for a bill whose one goods line has none.
    totals: (Option<f64>, Option<String>, Option<f64>),
    /// Length of the last N10 description chunk, to join a continuation without a space.
    last_chunk: usize,
    in_party: bool,
}

impl Reader<'_> {
    fn emit(&mut self, item: Item) -> Result<(), IngestError> {
        (self.on_item)(item).map_err(IngestError::Consumer)
    }

    fn problem(&mut self, number: u64, error: bool, message: String) -> Result<(), IngestError> {
        let at = format!("{}:{number}", self.label);
        let p = if error {
            Problem::error(at, message)
        } else {
            Problem::warning(at, message)
        };
        self.emit(Item::Problem(p))
    }

    fn segment(&mut self, s: Segment) -> Result<(), IngestError> {
        match s.tag.as_str() {
            "ISA" => {
                self.groups
                    .push(("ISA", s.get(13, 1).to_string(), s.number, 0));
                Ok(())
            }
            "GS" => {
                self.count_child("ISA");
                self.groups
                    .push(("GS", s.get(6, 1).to_string(), s.number, 0));
                Ok(())
            }
            "GE" | "IEA" => self.close_group(&s),
            "ST" => self.open_set(&s),
            "SE" => self.close_set(&s),
            _ => match &self.set {
                Some(set) if set.skipped => Ok(()),
                Some(_) => self.set_segment(s),
                None => self.problem(
                    s.number,
                    false,
                    format!(
                        "{} outside a transaction set (no ST before it): ignored",
                        s.tag
                    ),
                ),
            },
        }
    }

    fn count_child(&mut self, parent: &str) {
        if let Some(g) = self.groups.iter_mut().rev().find(|g| g.0 == parent) {
            g.3 += 1;
        }
    }

    fn close_group(&mut self, s: &Segment) -> Result<(), IngestError> {
        let opener = if s.tag == "GE" { "GS" } else { "ISA" };
        let Some(at) = self.groups.iter().rposition(|g| g.0 == opener) else {
            return self.problem(
                s.number,
                false,
                format!("{} without {opener}: ignored", s.tag),
            );
        };
        let (_, control, _, children) = self.groups.remove(at);
        self.groups.truncate(at);
        let (declared, reference) = (s.get(1, 1).to_string(), s.get(2, 1).to_string());
        let what = if opener == "GS" {
            "transaction sets"
        } else {
            "functional groups"
        };
        if declared.parse::<u64>().ok() != Some(children) {
            self.problem(
                s.number,
                false,
                format!(
                    "{} declares {declared} {what}, {opener} {control} has {children}",
                    s.tag
                ),
            )?;
        }
        if reference.trim_start_matches('0') != control.trim_start_matches('0') {
            self.problem(
                s.number,
                false,
                format!(
                    "{} names control number {reference}, the {opener} {control}",
                    s.tag
                ),
            )?;
        }
        Ok(())
    }

    fn open_set(&mut self, s: &Segment) -> Result<(), IngestError> {
        if self.set.is_some() {
            self.problem(
                s.number,
                true,
                "ST before the transaction set before it was closed by SE (truncated?)".into(),
            )?;
            self.close_bill()?;
        }
        self.count_child("GS");
        let kind = s.get(1, 1).to_string();
        let mut set = Set {
            control: s.get(2, 1).to_string(),
            start: s.number,
            ..Set::default()
        };
        if kind != "309" {
            set.skipped = true;
            let message = format!(
                "transaction set {} is an X12 {kind}, not a 309 manifest: skipped, nothing in it \
                 screened",
                set.control
            );
            self.set = Some(set);
            return self.problem(s.number, true, message);
        }
        self.set = Some(set);
        Ok(())
    }

    fn close_set(&mut self, s: &Segment) -> Result<(), IngestError> {
        let Some(set) = &self.set else {
            return self.problem(s.number, false, "SE without an ST: ignored".into());
        };
        let (control, counted) = (set.control.clone(), s.number - set.start + 1);
        let declared = s.get(1, 1).to_string();
        if declared.parse::<u64>().ok() != Some(counted) {
            self.problem(
                s.number,
                false,
                format!(
                    "SE declares {declared} segments, transaction set {control} has {counted}: \
                     segments may be missing"
                ),
            )?;
        }
        if s.get(2, 1) != control {
            let said = s.get(2, 1).to_string();
            self.problem(
                s.number,
                false,
                format!("SE names transaction set {said}, the ST {control}"),
            )?;
        }
        self.close_bill()?;
        self.set = None;
        Ok(())
    }

    fn finish(&mut self) -> Result<(), IngestError> {
        if let Some(set) = &self.set {
            let (control, last) = (set.control.clone(), self.last_segment);
            self.problem(
                last,
                true,
                format!(
                    "transaction set {control} not closed by SE: the file ends early \
                     (truncated?); its last bill is screened as far as it goes"
                ),
            )?;
            self.close_bill()?;
            self.set = None;
        }
        Ok(())
    }

    fn set_segment(&mut self, s: Segment) -> Result<(), IngestError> {
        let set = self.set.as_mut().expect("in a set");
        match s.tag.as_str() {
            "M10" => self.m10(&s),
            "P4" => {
                set.port_of_arrival = text(s.get(1, 1));
                Ok(())
            }
            "LX" => {
                self.close_bill()?;
                self.open_bill(s.number);
                Ok(())
            }
            "M11" => {
                let numbered = set
                    .bill
                    .as_ref()
                    .is_some_and(|b| !b.shipment.bill_of_lading.is_empty());
                if set.bill.is_none() || numbered {
                    self.close_bill()?;
                    self.open_bill(s.number);
                }
                self.m11(&s)
            }
            "N1" | "NM1" | "N2" | "N3" | "N4" => self.party_segment(&s),
            _ if set.bill.is_none() => Ok(()),
            _ => self.bill_segment(s),
        }
    }

    fn open_bill(&mut self, number: u64) {
        let set = self.set.as_mut().expect("in a set");
        set.bills += 1;
        let shipment = Shipment {
            parties: set.parties.clone(),
            status: set.status,
            conveyance: (set.conveyance != Conveyance::default()).then(|| set.conveyance.clone()),
            routing: Routing {
                port_of_discharge: set.port_of_arrival.clone(),
                ..Routing::default()
            },
            ..Shipment::default()
        };
        set.bill = Some(Bill {
            shipment,
            start: number,
            end: number,
            ..Bill::default()
        });
    }

    /// M10: 01 carrier code, 03 flag, 04 vessel code (an IMO number when it checks), 05 vessel
    /// name, 06 voyage, 07 manifest sequence, 09 manifest type.
    fn m10(&mut self, s: &Segment) -> Result<(), IngestError> {
        let code = s.get(4, 1).trim().to_string();
        let imo = checks::imo_number(&code);
        let set = self.set.as_mut().expect("in a set");
        set.conveyance = Conveyance {
            vessel_name: text(s.get(5, 1)),
            imo: imo.as_ref().ok().cloned(),
            voyage: text(s.get(6, 1)),
            flag: text(s.get(3, 1)),
        };
        set.status = match s.get(9, 1).trim() {
            "" | "W" => BillStatus::Original,
            _ => BillStatus::Amended,
        };
        if self.header.conveyance.is_none() {
            self.header.conveyance = Some(set.conveyance.clone());
            self.header.reference = text(s.get(7, 1));
        }
        match imo {
            Err(why) if s.get(10, 1) == "L" || code.bytes().all(|b| b.is_ascii_digit()) => {
                if code.is_empty() {
                    return Ok(());
                }
                self.problem(
                    s.number,
                    false,
                    format!("M10: {why}: not used to match the vessel"),
                )
            }
            _ => Ok(()),
        }
    }

    /// M11: 01 bill, 02 port of lading, 03 pieces, 04 unit, 05 weight, 06 unit (K, L),
    /// 10 place of receipt, 11 master bill.
    fn m11(&mut self, s: &Segment) -> Result<(), IngestError> {
        let bill = self.bill();
        bill.end = s.number;
        let shipment = &mut bill.shipment;
        if let Some(number) = text(s.get(1, 1)) {
            shipment.bill_of_lading = number;
        }
        if let Some(port) = text(s.get(2, 1)) {
            shipment.routing.port_of_loading = Some(port);
        }
        if let Some(place) = text(s.get(10, 1)) {
            shipment.routing.place_of_receipt = Some(place);
        }
        if let Some(master) = text(s.get(11, 1)) {
            shipment.master_bill = Some(master);
        }
        let pieces = super::csv_manifest::parse_number(s.get(3, 1));
        let weight = super::csv_manifest::parse_number(s.get(5, 1))
            .and_then(|w| checks::weight_kg(w, s.get(6, 1)));
        bill.totals = (pieces, text(s.get(4, 1)), weight);
        Ok(())
    }

    fn bill(&mut self) -> &mut Bill {
        self.set
            .as_mut()
            .and_then(|s| s.bill.as_mut())
            .expect("in a bill")
    }

    /// N1/NM1 start a party (01 role, 02 name; NM1: 03 name); N2 adds to its name, N3 its
    /// street, N4 city, state, postcode and country.
    fn party_segment(&mut self, s: &Segment) -> Result<(), IngestError> {
        let set = self.set.as_mut().expect("in a set");
        let in_bill = set.bill.is_some();
        let parties = match &mut set.bill {
            Some(bill) => {
                bill.end = s.number;
                &mut bill.shipment.parties
            }
            None => &mut set.parties,
        };
        match s.tag.as_str() {
            "N1" | "NM1" => {
                let code = s.get(1, 1).trim().to_string();
                let name = text(&whole(s, if s.tag == "NM1" { 3 } else { 2 }));
                let role = role_of(&code);
                let Some(name) = name else {
                    if let Some(bill) = &mut set.bill {
                        bill.in_party = false;
                    }
                    if role.is_some_and(|(_, principal)| principal) {
                        return self.problem(
                            s.number,
                            true,
                            format!(
                                "{}*{code}: a party without a name: nothing to screen",
                                s.tag
                            ),
                        );
                    }
                    return Ok(());
                };
                if role.is_some_and(|(r, _)| r == PartyRole::NotifyParty)
                    && super::csv_manifest::is_same_as(&name)
                {
                    if let Some(bill) = &mut set.bill {
                        bill.in_party = false;
                    }
                    return Ok(());
                }
                if name.eq_ignore_ascii_case("UNKNOWN") {
                    return self.problem(
                        s.number,
                        true,
                        format!("{}*{code}: name given as UNKNOWN: nothing to screen", s.tag),
                    );
                }
                if parties.len() >= MAX_PARTIES {
                    return self.problem(
                        s.number,
                        true,
                        format!(
                            "more than {MAX_PARTIES} parties on one bill: this one is not screened"
                        ),
                    );
                }
                parties.push(Party {
                    role: role.map_or(PartyRole::OtherParty, |(r, _)| r),
                    name,
                    address: Vec::new(),
                    country: None,
                });
                if let Some(bill) = &mut set.bill {
                    bill.in_party = true;
                }
                let unknown = role.is_none();
                if unknown && !in_bill {
                    return Ok(());
                }
                if unknown {
                    return self.problem(
                        s.number,
                        false,
                        format!(
                            "{}*{code}: a party role hubscreen has no name for; screened as \
                             'other party'",
                            s.tag
                        ),
                    );
                }
                Ok(())
            }
            _ => {
                let open = set.bill.as_ref().is_none_or(|b| b.in_party);
                let parties = match &mut set.bill {
                    Some(bill) => &mut bill.shipment.parties,
                    None => &mut set.parties,
                };
                let Some(party) = parties.last_mut().filter(|_| open) else {
                    return Ok(());
                };
                match s.tag.as_str() {
                    "N2" => {
                        for part in [whole(s, 1), whole(s, 2)].iter().filter_map(|p| text(p)) {
                            party.name.push(' ');
                            party.name.push_str(&part);
                        }
                    }
                    "N3" => party
                        .address
                        .extend([whole(s, 1), whole(s, 2)].iter().filter_map(|p| text(p))),
                    _ => {
                        let place = [s.get(1, 1), s.get(2, 1), s.get(3, 1)]
                            .iter()
                            .filter_map(|p| text(p))
                            .collect::<Vec<_>>()
                            .join(" ");
                        if !place.is_empty() {
                            party.address.push(place);
                        }
                        party.country = text(s.get(4, 1)).or(party.country.take());
                    }
                }
                Ok(())
            }
        }
    }

    fn bill_segment(&mut self, s: Segment) -> Result<(), IngestError> {
        let mut problems = Vec::new();
        let at = format!("{}:{}", self.label, s.number);
        let label_functions = &mut self.said_functions;
        let set = self.set.as_mut().expect("in a set");
        let bill = set.bill.as_mut().expect("in a bill");
        bill.end = s.number;
        if !matches!(s.tag.as_str(), "N1" | "N2" | "N3" | "N4") {
            bill.in_party = false;
        }
        match s.tag.as_str() {
            "M13" => match s.get(3, 1).trim() {
                "D" => bill.shipment.status = BillStatus::Cancelled,
                "" => {}
                _ => {
                    if bill.shipment.status == BillStatus::Original {
                        bill.shipment.status = BillStatus::Amended;
                    }
                }
            },
            "N9" => {
                let value = s.get(2, 1).trim().to_string();
                match s.get(1, 1) {
                    "BM" if bill.shipment.bill_of_lading.is_empty() && !value.is_empty() => {
                        bill.shipment.bill_of_lading = value;
                    }
                    "MB" if !value.is_empty() => bill.shipment.master_bill = Some(value),
                    _ => {}
                }
            }
            "R4" | "P5" => {
                let place = text(s.get(3, 1)).or_else(|| text(s.get(4, 1)));
                let function = s.get(1, 1).trim().to_string();
                if let Some(place) = place {
                    let routing = &mut bill.shipment.routing;
                    // Element 115 (X12 4010): L/J loading, D/K/1 discharge, A/R receipt, O
                    // origin, T/I transshipment or interim point, E/U delivery or ultimate
                    // destination.
                    match function.as_str() {
                        "L" | "J" => routing.port_of_loading = Some(place),
                        "D" | "K" | "1" => routing.port_of_discharge = Some(place),
                        "A" | "R" => routing.place_of_receipt = Some(place),
                        "O" => routing.country_of_origin = Some(place),
                        "T" | "I"
                            if !routing.transshipment_ports.contains(&place)
                                && routing.transshipment_ports.len() < 64 =>
                        {
                            routing.transshipment_ports.push(place);
                        }
                        "T" | "I" => {}
                        "E" | "U" => routing.final_destination = Some(place),
                        other if !label_functions.iter().any(|f| f == other) => {
                            label_functions.push(other.to_string());
                            problems.push(Problem::warning(
                                &at,
                                format!(
                                    "{}: port function code '{other}' unknown: {place} not placed \
                                     on the route",
                                    s.tag
                                ),
                            ));
                        }
                        _ => {}
                    }
                }
            }
            "VID" => {
                let number = format!("{}{}", s.get(2, 1).trim(), s.get(3, 1).trim());
                if !number.is_empty() {
                    if s.get(1, 1) == "CN"
                        && let Err(why) = checks::iso6346(&number)
                    {
                        problems.push(Problem::warning(&at, format!("VID: {why}")));
                    }
                    let seals: Vec<&str> = [s.get(4, 1), s.get(5, 1)]
                        .into_iter()
                        .map(str::trim)
                        .filter(|p| !p.is_empty())
                        .collect();
                    bill.shipment.containers.push(Container {
                        number,
                        seal: (!seals.is_empty()).then(|| seals.join(", ")),
                        size_type: text(s.get(9, 1)),
                    });
                }
            }
            "M7" => {
                if let Some(c) = bill.shipment.containers.last_mut() {
                    for seal in (1..=4)
                        .map(|e| s.get(e, 1).trim())
                        .filter(|p| !p.is_empty())
                    {
                        match &mut c.seal {
                            Some(seals) => {
                                seals.push_str(", ");
                                seals.push_str(seal);
                            }
                            None => c.seal = Some(seal.to_string()),
                        }
                    }
                }
            }
            "N10" => n10(bill, &s, &at, &mut problems),
            "VC" | "MAN" | "H1" | "H2" => goods_detail(bill, &s),
            _ => {}
        }
        for p in problems {
            self.emit(Item::Problem(p))?;
        }
        Ok(())
    }

    fn close_bill(&mut self) -> Result<(), IngestError> {
        let Some(set) = self.set.as_mut() else {
            return Ok(());
        };
        let Some(mut bill) = set.bill.take() else {
            return Ok(());
        };
        let (control, n) = (set.control.clone(), set.bills);
        let at = format!("{}:{}", self.label, bill.start);
        let mut problems = Vec::new();
        for line in &mut bill.shipment.goods {
            let kept = line.description.trim_end().len();
            line.description.truncate(kept);
        }
        // M11's totals go on the one goods line that has none of its own.
        if let [line] = bill.shipment.goods.as_mut_slice() {
            let (pieces, unit, weight) = bill.totals.clone();
            if line.gross_weight_kg.is_none() {
                line.gross_weight_kg = weight;
            }
            if line.quantity.is_none() {
                line.quantity = pieces.map(|value| Quantity { value, unit });
            }
        }
        if bill.shipment.bill_of_lading.is_empty() {
            bill.shipment.bill_of_lading =
                format!("(no bill number: transaction set {control}, bill {n})");
            problems.push(Problem::error(
                &at,
                format!(
                    "bill {n} of transaction set {control} has no number (M11, N9*BM): screened \
                     as '{}'",
                    bill.shipment.bill_of_lading
                ),
            ));
        }
        let number = bill.shipment.bill_of_lading.clone();
        if bill.shipment.status == BillStatus::Cancelled {
            problems.push(Problem::warning(
                &at,
                format!("bill {number} deleted by M13: it does not enter the queue, and an unworked queue item for it is withdrawn"),
            ));
        }
        bill.shipment.source = Some(format!("{}:{}-{}", self.label, bill.start, bill.end));
        for p in problems {
            self.emit(Item::Problem(p))?;
        }
        self.emit(Item::Shipment(bill.shipment))
    }
}

fn text(value: &str) -> Option<String> {
    Some(value.trim().to_string()).filter(|v| !v.is_empty())
}

/// A free-text element whole: X12 has no release character, so a component separator inside a
/// name or description is the sender's text, kept as a space rather than cut off.
fn whole(s: &Segment, element: usize) -> String {
    s.element(element).join(" ")
}

/// The party role of an N101/NM101 code, and whether a bill is incomplete without its name.
fn role_of(code: &str) -> Option<(PartyRole, bool)> {
    Some(match code {
        "SH" | "SE" | "EX" => (PartyRole::Shipper, true),
        "CN" | "UC" | "IM" => (PartyRole::Consignee, true),
        "N1" | "NP" | "N2" => (PartyRole::NotifyParty, true),
        "FW" => (PartyRole::Forwarder, false),
        "MF" => (PartyRole::Manufacturer, false),
        "BY" => (PartyRole::Buyer, false),
        "CA" => (PartyRole::Carrier, false),
        _ => return None,
    })
}

/// N10: 01 quantity, 02 description, 03 marks, 04/05 commodity code, 07 weight unit, 08 weight.
/// One with no quantity and no code continues the line before it.
fn n10(bill: &mut Bill, s: &Segment, at: &str, problems: &mut Vec<Problem>) {
    let (description, marks) = (whole(s, 2), whole(s, 3));
    let (quantity, description, marks) = (s.get(1, 1).trim(), description.as_str(), marks.trim());
    let code = s.get(5, 1).trim();
    let continues = quantity.is_empty() && code.is_empty() && s.get(4, 1).trim().is_empty();
    if continues && let Some(line) = bill.shipment.goods.last_mut() {
        if !description.trim().is_empty() && line.description.len() < MAX_TEXT {
            // A chunk of exactly 30 or 45 characters was cut mid-text: the next one goes on
            // as written. Otherwise it is a line of its own, joined with a space.
            if bill.last_chunk == 30 || bill.last_chunk == 45 {
                line.description.push_str(description);
            } else {
                let kept = line.description.trim_end().len();
                line.description.truncate(kept);
                if !line.description.is_empty() {
                    line.description.push(' ');
                }
                line.description.push_str(description.trim());
            }
            bill.last_chunk = description.chars().count();
        }
        if !marks.is_empty() {
            append(&mut line.marks, marks);
        }
        return;
    }
    if bill.shipment.goods.len() >= MAX_GOODS {
        return;
    }
    let hs_code = (!code.is_empty())
        .then(|| HsCode::parse(code))
        .and_then(|r| match r {
            Ok(c) => Some(c),
            Err(why) => {
                problems.push(Problem::error(
                    at,
                    format!("N10: {why}; the line is screened on its description only"),
                ));
                None
            }
        });
    let weight = super::csv_manifest::parse_number(s.get(8, 1));
    let gross_weight_kg = match weight.map(|w| checks::weight_kg(w, s.get(7, 1))) {
        Some(Some(kg)) => Some(kg),
        Some(None) => {
            problems.push(Problem::error(
                at,
                format!(
                    "N10: weight unit {} unknown: weight left empty",
                    s.get(7, 1)
                ),
            ));
            None
        }
        None => None,
    };
    bill.last_chunk = description.chars().count();
    bill.shipment.goods.push(GoodsLine {
        // Trimmed when the bill closes: a cut chunk's last space belongs to the text.
        description: description.trim_start().to_string(),
        hs_code,
        quantity: super::csv_manifest::parse_number(quantity)
            .map(|value| Quantity { value, unit: None }),
        gross_weight_kg,
        un_number: None,
        marks: text(marks),
    });
}

/// VC (a vehicle's VIN) and MAN (marks) add to the last line's marks; H1 gives its UN
/// number, H2 appends the hazard's description.
fn goods_detail(bill: &mut Bill, s: &Segment) {
    let Some(line) = bill.shipment.goods.last_mut() else {
        return;
    };
    match s.tag.as_str() {
        "VC" => {
            if let Some(vin) = text(s.get(1, 1)) {
                append(&mut line.marks, &format!("VIN {vin}"));
            }
        }
        "MAN" => {
            if let Some(marks) = text(s.get(2, 1)) {
                append(&mut line.marks, &marks);
            }
        }
        "H1" => {
            let raw = s.get(1, 1).trim();
            line.un_number = text(raw.trim_start_matches("UN"));
        }
        _ => {
            if let Some(hazard) = text(s.get(1, 1))
                && line.description.len() < MAX_TEXT
            {
                line.description.push_str(" / DG: ");
                line.description.push_str(&hazard);
            }
        }
    }
}

fn append(target: &mut Option<String>, more: &str) {
    match target {
        Some(t) if t.len() < MAX_TEXT => {
            t.push(' ');
            t.push_str(more);
        }
        Some(_) => {}
        None => *target = Some(more.to_string()),
    }
}

#[cfg(test)]
mod tests;
