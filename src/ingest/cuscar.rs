//! UN/EDIFACT CUSCAR (customs cargo report) mapped onto shipments, over the
//! [`super::edifact`] tokenizer.
//!
//! The message is followed by its trigger segments, not a full grammar, so that D.95B, D.96B
//! and D.03A/B (and national variants) read alike: `UNH` opens a message; `TDT` before the
//! first consignment is the vessel; `EQD` (with `SEL`) is a piece of equipment; `CNI` opens a
//! consignment (a bill), and inside it `RFF`, `LOC`, `NAD` and `GID` (a goods item, followed by
//! its `FTX`, `MEA`, `PCI`, `DGS`, `CST`, `PIA`, `SGP`) belong to it; `UNT` closes the message.
//! A bill is handed over as soon as the next `CNI` or the `UNT` shows it complete.
//!
//! Locations are `file:N` with N the segment's number in the file (UNB = 1; a UNA advice is not
//! counted): real interchanges are often one physical line. A bill's `source` is the range of
//! its segments.
//!
//! BGM's message function drives amendments: 9 original (also 6 and 7), 5 replace, 4 and 2
//! partial (only changed items), 1 and 3 cancellation. A cancelled bill is still handed over,
//! with [`BillStatus::Cancelled`], so that the queue can retire it; it is not screened.

use std::collections::HashMap;
use std::io::{self, BufRead};

use super::checks;
use super::edifact::{Segment, Tokenizer};
use super::{Header, IngestError, Item, Problem};
use crate::model::{
    BillStatus, Container, Conveyance, GoodsLine, HsCode, Party, PartyRole, Quantity, Routing,
    Shipment,
};

/// The most pieces of equipment remembered per message (an ultra-large vessel carries 24,000
/// boxes; a single feeder message far fewer).
const MAX_EQUIPMENT: usize = 30_000;
/// The most goods items and parties kept per bill; past this the file is not a manifest.
const MAX_GOODS: usize = 10_000;
const MAX_PARTIES: usize = 1_000;
/// The longest description kept, in bytes (an FTX holds five texts of 512).
const MAX_DESCRIPTION: usize = 16 * 1024;

/// Reads a CUSCAR interchange (see the module documentation).
pub fn read(
    label: &str,
    text: &mut dyn BufRead,
    on_item: &mut dyn FnMut(Item) -> io::Result<()>,
) -> Result<Header, IngestError> {
    let mut reader = Reader {
        label,
        on_item,
        header: Header::default(),
        message: None,
        interchange: None,
        messages: 0,
        said_version: false,
        said_qualifiers: Vec::new(),
        last_segment: 0,
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
    message: Option<Message>,
    /// The UNB's control reference and segment number, while the interchange is open.
    interchange: Option<(String, u64)>,
    /// Messages seen since the UNB.
    messages: u64,
    said_version: bool,
    /// Party qualifiers already reported as having no role of their own.
    said_qualifiers: Vec<String>,
    last_segment: u64,
}

/// One UNH..UNT message being read.
#[derive(Default)]
struct Message {
    reference: String,
    /// Segment number of the UNH.
    start: u64,
    /// Not CUSCAR: its segments are skipped until UNT.
    skipped: bool,
    document: Option<String>,
    status: BillStatus,
    conveyance: Conveyance,
    /// Parties named before the first consignment (D.03A header NAD, the TDT carrier): they
    /// belong on every bill of the message.
    parties: Vec<Party>,
    /// LOC before the first consignment: the defaults for each bill's routing.
    places: Vec<(String, String)>,
    equipment: HashMap<String, Container>,
    /// The equipment the last EQD named, for its SEL.
    last_equipment: Option<String>,
    said_equipment_cap: bool,
    bill: Option<Bill>,
    consignments: u64,
}

/// One consignment (CNI) being read.
#[derive(Default)]
struct Bill {
    shipment: Shipment,
    start: u64,
    end: u64,
    /// LOC qualifiers and places, resolved into a route when the bill closes.
    places: Vec<(String, String)>,
    /// Description given before any goods item (FTX+AAA at consignment level).
    description: String,
    /// Further HS codes of the open goods item (the first is on the line).
    extra_codes: Vec<HsCode>,
    in_goods: bool,
    said_goods_cap: bool,
}

impl Reader<'_> {
    fn emit(&mut self, item: Item) -> Result<(), IngestError> {
        (self.on_item)(item).map_err(IngestError::Consumer)
    }

    fn at(&self, number: u64) -> String {
        format!("{}:{number}", self.label)
    }

    fn warn(&mut self, number: u64, message: String) -> Result<(), IngestError> {
        let at = self.at(number);
        self.emit(Item::Problem(Problem::warning(at, message)))
    }

    fn error(&mut self, number: u64, message: String) -> Result<(), IngestError> {
        let at = self.at(number);
        self.emit(Item::Problem(Problem::error(at, message)))
    }

    fn segment(&mut self, s: Segment) -> Result<(), IngestError> {
        match s.tag.as_str() {
            "UNB" => {
                self.interchange = Some((s.get(5, 1).to_string(), s.number));
                self.messages = 0;
                Ok(())
            }
            "UNZ" => self.close_interchange(&s),
            "UNG" | "UNE" => Ok(()),
            "UNH" => self.open_message(s),
            "UNT" => self.close_message(&s),
            _ => match &mut self.message {
                Some(m) if m.skipped => Ok(()),
                Some(_) => self.message_segment(s),
                None => self.warn(
                    s.number,
                    format!("{} outside a message (no UNH before it): ignored", s.tag),
                ),
            },
        }
    }

    fn open_message(&mut self, s: Segment) -> Result<(), IngestError> {
        if let Some(open) = &self.message {
            let reference = open.reference.clone();
            self.error(
                s.number,
                format!("UNH before message {reference} was closed by UNT (truncated message?)"),
            )?;
            self.flush_message()?;
        }
        self.messages += 1;
        let kind = s.get(2, 1);
        let mut message = Message {
            reference: s.get(1, 1).to_string(),
            start: s.number,
            ..Message::default()
        };
        if !kind.eq_ignore_ascii_case("CUSCAR") {
            message.skipped = true;
            let what = format!(
                "message {} is {kind}, not CUSCAR: skipped, nothing in it screened",
                message.reference
            );
            self.message = Some(message);
            return self.error(s.number, what);
        }
        let version = format!("{}:{}", s.get(2, 2), s.get(2, 3));
        let known = ["D:95B", "D:96A", "D:96B", "D:03A", "D:03B"];
        if !known.contains(&version.as_str()) && !self.said_version {
            self.said_version = true;
            self.warn(
                s.number,
                format!(
                    "CUSCAR directory {version}: read with the D.95B/D.03A rules; fields that \
                     moved in this version may be missed"
                ),
            )?;
        }
        self.message = Some(message);
        Ok(())
    }

    fn close_message(&mut self, s: &Segment) -> Result<(), IngestError> {
        let Some(m) = &self.message else {
            return self.warn(s.number, "UNT without a UNH: ignored".into());
        };
        let (reference, start) = (m.reference.clone(), m.start);
        let counted = s.number - start + 1;
        let declared = s.get(1, 1);
        if declared.parse::<u64>().ok() != Some(counted) {
            self.warn(
                s.number,
                format!(
                    "UNT declares {declared} segments, message {reference} has {counted}: \
                     segments may be missing"
                ),
            )?;
        }
        if s.get(2, 1) != reference {
            let said = s.get(2, 1).to_string();
            self.warn(
                s.number,
                format!("UNT names message {said}, the UNH {reference}"),
            )?;
        }
        self.flush_message()
    }

    fn close_interchange(&mut self, s: &Segment) -> Result<(), IngestError> {
        if self.message.is_some() {
            self.error(
                s.number,
                "UNZ before the last message was closed by UNT (truncated message?)".into(),
            )?;
            self.flush_message()?;
        }
        let declared = s.get(1, 1);
        if declared.parse::<u64>().ok() != Some(self.messages) {
            let n = self.messages;
            self.warn(
                s.number,
                format!("UNZ declares {declared} messages, the interchange has {n}"),
            )?;
        }
        if let Some((reference, _)) = self.interchange.take()
            && s.get(2, 1) != reference
        {
            let said = s.get(2, 1).to_string();
            self.warn(
                s.number,
                format!("UNZ names interchange {said}, the UNB {reference}"),
            )?;
        }
        Ok(())
    }

    /// At the end of the input: a message or interchange left open was cut short.
    fn finish(&mut self) -> Result<(), IngestError> {
        if let Some(m) = &self.message {
            let (reference, last) = (m.reference.clone(), self.last_segment);
            self.error(
                last,
                format!(
                    "message {reference} not closed by UNT: the file ends early (truncated?); \
                     its last bill is screened as far as it goes"
                ),
            )?;
            self.flush_message()?;
        } else if let Some((reference, _)) = self.interchange.take() {
            let last = self.last_segment;
            self.warn(
                last,
                format!("interchange {reference} not closed by UNZ (truncated?)"),
            )?;
        }
        Ok(())
    }

    fn flush_message(&mut self) -> Result<(), IngestError> {
        self.close_bill()?;
        self.message = None;
        Ok(())
    }

    fn message_segment(&mut self, s: Segment) -> Result<(), IngestError> {
        let in_bill = self.message.as_ref().is_some_and(|m| m.bill.is_some());
        match s.tag.as_str() {
            "BGM" => self.bgm(&s),
            "TDT" if !in_bill => self.tdt(&s),
            "EQD" => self.eqd(&s),
            "SEL" => {
                self.sel(&s);
                Ok(())
            }
            "CNI" => self.cni(&s),
            "NAD" => self.nad(&s),
            "LOC" => {
                self.loc(&s);
                Ok(())
            }
            _ if !in_bill => Ok(()),
            _ => self.bill_segment(s),
        }
    }

    fn bgm(&mut self, s: &Segment) -> Result<(), IngestError> {
        let code = s.get(1, 1);
        if !["85", "785", "87", "96", ""].contains(&code) {
            let code = code.to_string();
            self.warn(
                s.number,
                format!("BGM document code {code} is not a cargo manifest; read as one"),
            )?;
        }
        let function = s.get(3, 1).to_string();
        let status = match function.as_str() {
            "" | "9" | "6" | "7" | "31" | "43" | "47" => BillStatus::Original,
            "5" => BillStatus::Amended,
            "4" | "2" => BillStatus::Partial,
            "1" | "3" => BillStatus::Cancelled,
            other => {
                let other = other.to_string();
                self.warn(
                    s.number,
                    format!("BGM message function {other} unknown: its bills read as originals"),
                )?;
                BillStatus::Original
            }
        };
        let document = Some(s.get(2, 1).to_string()).filter(|d| !d.is_empty());
        if self.header.reference.is_none() {
            self.header.reference = document.clone();
        }
        let m = self.message.as_mut().expect("in a message");
        m.document = document;
        m.status = status;
        Ok(())
    }

    /// The vessel: voyage (8028), transport identification C222 (8213 id, 8212 name, 8453
    /// nationality) and the carrier C040 (3127 code, 3128 name).
    fn tdt(&mut self, s: &Segment) -> Result<(), IngestError> {
        let m = self.message.as_mut().expect("in a message");
        if m.conveyance != Conveyance::default() {
            return Ok(());
        }
        let id = s.get(8, 1).trim();
        let imo = checks::imo_number(id);
        let text = |v: &str| Some(v.trim().to_string()).filter(|v| !v.is_empty());
        m.conveyance = Conveyance {
            vessel_name: text(s.get(8, 4)),
            imo: imo.as_ref().ok().cloned(),
            voyage: text(s.get(2, 1)),
            flag: text(s.get(8, 5)),
        };
        if let Some(carrier) = text(s.get(5, 4)) {
            m.parties.push(Party {
                role: PartyRole::Carrier,
                name: carrier,
                address: Vec::new(),
                country: None,
            });
        }
        if self.header.conveyance.is_none() {
            self.header.conveyance = Some(m.conveyance.clone());
        }
        // Seven digits that fail the check are a mistyped IMO number; a call sign is not one.
        match imo {
            Err(why) if id.len() == 7 && id.bytes().all(|b| b.is_ascii_digit()) => self.warn(
                s.number,
                format!("TDT: {why}: not used to match the vessel"),
            ),
            _ => Ok(()),
        }
    }

    fn eqd(&mut self, s: &Segment) -> Result<(), IngestError> {
        let number = s.get(2, 1).trim().to_string();
        if number.is_empty() {
            return Ok(());
        }
        let kind = s.get(1, 1);
        let warning = (kind == "CN")
            .then(|| checks::iso6346(&number).err())
            .flatten();
        let size_type = Some(s.get(3, 1).to_string()).filter(|t| !t.is_empty());
        let m = self.message.as_mut().expect("in a message");
        m.last_equipment = Some(number.clone());
        let container = Container {
            number: number.clone(),
            seal: None,
            size_type,
        };
        // Equipment inside a consignment (D.03A) is that bill's.
        if let Some(bill) = &mut m.bill
            && !bill.shipment.containers.iter().any(|c| c.number == number)
        {
            bill.shipment.containers.push(container.clone());
        }
        let capped = m.equipment.len() >= MAX_EQUIPMENT && !m.equipment.contains_key(&number);
        if capped {
            if !m.said_equipment_cap {
                m.said_equipment_cap = true;
                self.error(
                    s.number,
                    format!(
                        "more than {MAX_EQUIPMENT} pieces of equipment in one message: the rest \
                         are not linked to their bills"
                    ),
                )?;
            }
        } else {
            m.equipment.insert(number, container);
        }
        if let Some(why) = warning {
            self.warn(s.number, format!("EQD: {why}"))?;
        }
        Ok(())
    }

    fn sel(&mut self, s: &Segment) {
        let seal = s.get(1, 1).trim();
        let m = self.message.as_mut().expect("in a message");
        let Some(id) = &m.last_equipment else { return };
        if seal.is_empty() {
            return;
        }
        let add = |c: &mut Container| match &mut c.seal {
            Some(seals) => {
                seals.push_str(", ");
                seals.push_str(seal);
            }
            None => c.seal = Some(seal.to_string()),
        };
        if let Some(c) = m.equipment.get_mut(id) {
            add(c);
        }
        if let Some(bill) = &mut m.bill
            && let Some(c) = bill
                .shipment
                .containers
                .iter_mut()
                .find(|c| &c.number == id)
        {
            add(c);
        }
    }

    fn cni(&mut self, s: &Segment) -> Result<(), IngestError> {
        self.close_bill()?;
        let m = self.message.as_mut().expect("in a message");
        m.consignments += 1;
        m.last_equipment = None;
        let shipment = Shipment {
            bill_of_lading: s.get(2, 1).trim().to_string(),
            parties: m.parties.clone(),
            status: m.status,
            conveyance: (m.conveyance != Conveyance::default()).then(|| m.conveyance.clone()),
            ..Shipment::default()
        };
        m.bill = Some(Bill {
            shipment,
            start: s.number,
            end: s.number,
            places: m.places.clone(),
            ..Bill::default()
        });
        Ok(())
    }

    fn loc(&mut self, s: &Segment) {
        let place = match s.get(2, 1).trim() {
            "" => s.get(2, 4).trim(),
            id => id,
        };
        if place.is_empty() {
            return;
        }
        let entry = (s.get(1, 1).to_string(), place.to_string());
        let m = self.message.as_mut().expect("in a message");
        let places = match &mut m.bill {
            Some(bill) => &mut bill.places,
            None => &mut m.places,
        };
        // A route has a handful of places; past this the rest are repeats.
        if places.len() < 256 {
            places.push(entry);
        }
    }

    /// A party: its role from the qualifier (3035), its name from C080 (else the first line of
    /// C058), its address from C058's other lines, C059, city, sub-entity, postcode.
    fn nad(&mut self, s: &Segment) -> Result<(), IngestError> {
        let qualifier = s.get(1, 1).trim().to_string();
        let joined = |e: usize| {
            s.element(e)
                .iter()
                .map(|c| c.trim())
                .filter(|c| !c.is_empty())
                .collect::<Vec<_>>()
        };
        let structured: Vec<&str> = s.element(4).iter().take(5).map(|c| c.trim()).collect();
        let structured = structured
            .into_iter()
            .filter(|c| !c.is_empty())
            .collect::<Vec<_>>();
        let mut unstructured = joined(3);
        let name = if structured.is_empty() {
            if unstructured.is_empty() {
                String::new()
            } else {
                unstructured.remove(0).to_string()
            }
        } else {
            structured.join(" ")
        };
        let role = role_of(&qualifier);
        if name.is_empty() {
            let code = s.get(2, 1).trim().to_string();
            if role.is_some_and(|(_, principal)| principal) && !code.is_empty() {
                self.error(
                    s.number,
                    format!(
                        "NAD+{qualifier}: party given only as code {code}, no name: nothing to \
                         screen"
                    ),
                )?;
            } else if role.is_some_and(|(_, principal)| principal) {
                self.error(
                    s.number,
                    format!("NAD+{qualifier}: no name and no code: nothing to screen"),
                )?;
            }
            return Ok(());
        }
        // "SAME AS CONSIGNEE" points at another party: nothing of its own to screen.
        if role.is_some_and(|(r, _)| r == PartyRole::NotifyParty)
            && super::csv_manifest::is_same_as(&name)
        {
            return Ok(());
        }
        let role = match role {
            Some((role, _)) => role,
            None => {
                if !self.said_qualifiers.contains(&qualifier) && self.said_qualifiers.len() < 64 {
                    self.said_qualifiers.push(qualifier.clone());
                    self.warn(
                        s.number,
                        format!(
                            "NAD+{qualifier}: a party role hubscreen has no name for; such \
                             parties are screened as 'other party'"
                        ),
                    )?;
                }
                PartyRole::OtherParty
            }
        };
        let mut address: Vec<String> = unstructured.iter().map(|l| l.to_string()).collect();
        address.extend(joined(5).iter().map(|l| l.to_string()));
        let place = [s.get(8, 1), s.get(6, 1), s.get(7, 1)]
            .iter()
            .map(|p| p.trim())
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        if !place.is_empty() {
            address.push(place);
        }
        let party = Party {
            role,
            name,
            address,
            country: Some(s.get(9, 1).trim().to_string()).filter(|c| !c.is_empty()),
        };
        let m = self.message.as_mut().expect("in a message");
        let parties = match &mut m.bill {
            Some(bill) => &mut bill.shipment.parties,
            None => &mut m.parties,
        };
        if parties.len() < MAX_PARTIES {
            parties.push(party);
            Ok(())
        } else {
            self.error(
                s.number,
                format!("more than {MAX_PARTIES} parties on one bill: this one is not screened"),
            )
        }
    }

    fn bill_segment(&mut self, s: Segment) -> Result<(), IngestError> {
        let m = self.message.as_mut().expect("in a message");
        let equipment = &m.equipment;
        let bill = m.bill.as_mut().expect("in a bill");
        bill.end = s.number;
        let mut problems: Vec<Problem> = Vec::new();
        let at = format!("{}:{}", self.label, s.number);
        match s.tag.as_str() {
            "RFF" => rff(bill, &s, &at, &mut problems),
            "GID" => {
                finish_goods_item(bill, &at, &mut problems);
                if bill.shipment.goods.len() >= MAX_GOODS {
                    if !bill.said_goods_cap {
                        bill.said_goods_cap = true;
                        problems.push(Problem::error(
                            &at,
                            format!("more than {MAX_GOODS} goods items on one bill: the rest are not screened"),
                        ));
                    }
                    bill.in_goods = false;
                } else {
                    bill.in_goods = true;
                    let count = s.get(2, 1);
                    let quantity = super::csv_manifest::parse_number(count).map(|value| Quantity {
                        value,
                        unit: Some(s.get(2, 2).to_string()).filter(|u| !u.is_empty()),
                    });
                    bill.shipment.goods.push(GoodsLine {
                        quantity,
                        ..GoodsLine::default()
                    });
                }
            }
            "FTX" => ftx(bill, &s, &at, &mut problems),
            "SGP" => {
                let id = s.get(1, 1).trim();
                if !id.is_empty() && !bill.shipment.containers.iter().any(|c| c.number == id) {
                    match equipment.get(id) {
                        Some(c) => bill.shipment.containers.push(c.clone()),
                        None => {
                            problems.push(Problem::warning(
                                &at,
                                format!("SGP names equipment {id}, which no EQD describes"),
                            ));
                            bill.shipment.containers.push(Container {
                                number: id.to_string(),
                                seal: None,
                                size_type: None,
                            });
                        }
                    }
                }
            }
            _ if bill.in_goods => goods_segment(bill, &s, &at, &mut problems),
            _ => {}
        }
        for p in problems {
            self.emit(Item::Problem(p))?;
        }
        Ok(())
    }

    /// Hands over the open bill, its route resolved and its last goods item finished.
    fn close_bill(&mut self) -> Result<(), IngestError> {
        let Some(m) = self.message.as_mut() else {
            return Ok(());
        };
        let Some(mut bill) = m.bill.take() else {
            return Ok(());
        };
        let (reference, consignment) = (m.reference.clone(), m.consignments);
        let at = format!("{}:{}", self.label, bill.start);
        let mut problems = Vec::new();
        finish_goods_item(&mut bill, &at, &mut problems);
        if !bill.description.is_empty() {
            if bill.shipment.goods.is_empty() {
                bill.shipment.goods.push(GoodsLine::default());
            }
            for line in &mut bill.shipment.goods {
                if line.description.is_empty() {
                    line.description = bill.description.clone();
                }
            }
        }
        bill.shipment.routing = route(&bill.places);
        if bill.shipment.bill_of_lading.is_empty() {
            bill.shipment.bill_of_lading =
                format!("(no bill number: message {reference}, consignment {consignment})");
            problems.push(Problem::error(
                &at,
                format!(
                    "CNI: consignment {consignment} of message {reference} has no document number \
                     (CNI, RFF+BM): screened as '{}'",
                    bill.shipment.bill_of_lading
                ),
            ));
        }
        let bill_number = bill.shipment.bill_of_lading.clone();
        match bill.shipment.status {
            BillStatus::Cancelled => problems.push(Problem::warning(
                &at,
                format!("bill {bill_number} cancelled by this message: it does not enter the queue, and an unworked queue item for it is withdrawn"),
            )),
            BillStatus::Partial => problems.push(Problem::warning(
                &at,
                format!(
                    "bill {bill_number}: the message carries only changed items (BGM function 4 \
                     or 2); screened as received"
                ),
            )),
            _ => {}
        }
        bill.shipment.source = Some(format!("{}:{}-{}", self.label, bill.start, bill.end));
        for p in problems {
            self.emit(Item::Problem(p))?;
        }
        self.emit(Item::Shipment(bill.shipment))
    }
}

/// The party role of a NAD qualifier (3035), and whether a bill is incomplete without its
/// name (shipper, consignee, notify party). None for qualifiers with no role of their own.
fn role_of(qualifier: &str) -> Option<(PartyRole, bool)> {
    Some(match qualifier {
        "CZ" | "EX" | "OS" | "SU" | "SE" | "CS" => (PartyRole::Shipper, true),
        "CN" | "UC" | "IM" | "CE" => (PartyRole::Consignee, true),
        "N1" | "N2" | "NI" => (PartyRole::NotifyParty, true),
        "FW" => (PartyRole::Forwarder, false),
        "MF" => (PartyRole::Manufacturer, false),
        "BY" => (PartyRole::Buyer, false),
        "CA" => (PartyRole::Carrier, false),
        // The message sender is given by code; when named it is screened as another party.
        _ => return None,
    })
}

/// RFF in a consignment: BM is the bill (the CNI's number if it has one), BH makes this a
/// house bill under the master, MB names the master.
fn rff(bill: &mut Bill, s: &Segment, at: &str, problems: &mut Vec<Problem>) {
    let value = s.get(1, 2).trim().to_string();
    if value.is_empty() {
        return;
    }
    let shipment = &mut bill.shipment;
    match s.get(1, 1) {
        "BM" if shipment.bill_of_lading.is_empty() => shipment.bill_of_lading = value,
        "BM" if shipment.bill_of_lading != value && shipment.master_bill.is_none() => {
            problems.push(Problem::warning(
                at,
                format!(
                    "RFF+BM {value} differs from the consignment's number {}; read as its master",
                    shipment.bill_of_lading
                ),
            ));
            shipment.master_bill = Some(value);
        }
        "BH" => {
            if !shipment.bill_of_lading.is_empty() && shipment.bill_of_lading != value {
                shipment.master_bill = Some(std::mem::take(&mut shipment.bill_of_lading));
            }
            shipment.bill_of_lading = value;
        }
        "MB" => shipment.master_bill = Some(value),
        _ => {}
    }
}

/// FTX: AAA is the goods description (several in order, joined), AAD a dangerous goods'
/// technical name (appended).
fn ftx(bill: &mut Bill, s: &Segment, at: &str, problems: &mut Vec<Problem>) {
    let text = s
        .element(4)
        .iter()
        .map(|t| t.trim())
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    if text.is_empty() {
        return;
    }
    let target = match (bill.in_goods, bill.shipment.goods.last_mut()) {
        (true, Some(line)) => &mut line.description,
        _ => &mut bill.description,
    };
    let text = match s.get(1, 1) {
        "AAA" => text,
        "AAD" => format!("/ DG: {text}"),
        _ => return,
    };
    if target.len() + text.len() + 1 > MAX_DESCRIPTION {
        problems.push(Problem::warning(
            at,
            format!("description longer than {MAX_DESCRIPTION} bytes: the rest is not screened"),
        ));
        return;
    }
    if !target.is_empty() {
        target.push(' ');
    }
    target.push_str(&text);
}

/// A segment of the open goods item: MEA weight, PCI marks, DGS UN number, CST or PIA HS codes.
fn goods_segment(bill: &mut Bill, s: &Segment, at: &str, problems: &mut Vec<Problem>) {
    let Some(line) = bill.shipment.goods.last_mut() else {
        return;
    };
    match s.tag.as_str() {
        "MEA" if matches!(s.get(2, 1), "G" | "AAB") => {
            let (unit, raw) = (s.get(3, 1), s.get(3, 2));
            let value = super::csv_manifest::parse_number(raw);
            match value.map(|v| (v, checks::weight_kg(v, unit))) {
                Some((_, Some(kg))) => line.gross_weight_kg = Some(kg),
                Some((_, None)) => problems.push(Problem::error(
                    at,
                    format!("MEA: weight unit {unit} unknown: weight left empty"),
                )),
                None => problems.push(Problem::error(
                    at,
                    format!("MEA: weight '{raw}' is not a number: weight left empty"),
                )),
            }
        }
        "PCI" => {
            let marks = s
                .element(2)
                .iter()
                .map(|m| m.trim())
                .filter(|m| !m.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            if !marks.is_empty() {
                match &mut line.marks {
                    Some(m) if m.len() < MAX_DESCRIPTION => {
                        m.push(' ');
                        m.push_str(&marks);
                    }
                    Some(_) => {}
                    None => line.marks = Some(marks),
                }
            }
        }
        "DGS" => {
            let raw = s.get(3, 1).trim();
            let un = raw.trim_start_matches("UN").trim();
            if un.len() == 4 && un.bytes().all(|b| b.is_ascii_digit()) {
                line.un_number = Some(un.to_string());
            } else if !raw.is_empty() {
                problems.push(Problem::warning(
                    at,
                    format!("DGS: UN number '{raw}' is not four digits; kept as written"),
                ));
                line.un_number = Some(raw.to_string());
            }
        }
        "CST" => {
            for code in (2..=6)
                .map(|e| s.get(e, 1).trim())
                .filter(|c| !c.is_empty())
            {
                add_code(line, &mut bill.extra_codes, code, "CST", at, problems);
            }
        }
        "PIA" => {
            for e in 2..=6 {
                let kind = s.get(e, 2).trim();
                let code = s.get(e, 1).trim();
                if !code.is_empty() && (kind.eq_ignore_ascii_case("HS") || kind.is_empty()) {
                    add_code(line, &mut bill.extra_codes, code, "PIA", at, problems);
                }
            }
        }
        _ => {}
    }
}

fn add_code(
    line: &mut GoodsLine,
    extra: &mut Vec<HsCode>,
    raw: &str,
    tag: &str,
    at: &str,
    problems: &mut Vec<Problem>,
) {
    match HsCode::parse(raw) {
        Ok(code) if line.hs_code.is_none() => line.hs_code = Some(code),
        Ok(code) if line.hs_code.as_ref() != Some(&code) && !extra.contains(&code) => {
            if extra.len() < 32 {
                extra.push(code);
            }
        }
        Ok(_) => {}
        Err(why) => problems.push(Problem::error(
            at,
            format!("{tag}: {why}: this code is not screened"),
        )),
    }
}

/// Ends the open goods item: its further HS codes become lines of their own (same description,
/// no quantity or weight, so totals are not counted twice).
fn finish_goods_item(bill: &mut Bill, at: &str, problems: &mut Vec<Problem>) {
    if bill.extra_codes.is_empty() {
        bill.in_goods = false;
        return;
    }
    let codes = std::mem::take(&mut bill.extra_codes);
    let Some(line) = bill.shipment.goods.last().cloned() else {
        return;
    };
    let first = line.hs_code.as_ref().map(|c| c.digits().to_string());
    problems.push(Problem::warning(
        at,
        format!(
            "goods item {} has {} HS codes ({}{}): each screened on a line of its own",
            bill.shipment.goods.len(),
            codes.len() + 1,
            first.unwrap_or_default(),
            codes
                .iter()
                .map(|c| format!(", {}", c.digits()))
                .collect::<String>()
        ),
    ));
    for code in codes {
        bill.shipment.goods.push(GoodsLine {
            description: line.description.clone(),
            hs_code: Some(code),
            marks: line.marks.clone(),
            un_number: line.un_number.clone(),
            ..GoodsLine::default()
        });
    }
    bill.in_goods = false;
}

/// A bill's route from its LOC qualifiers (3227): 88 receipt, 76 original port of loading, 9
/// port of loading (a transshipment when it differs from 76), 13 transshipment, 11 discharge,
/// 20, 8 or 7 final destination, 27 country of origin. Later LOCs of a qualifier win over
/// the message's defaults.
fn route(places: &[(String, String)]) -> Routing {
    let last = |q: &str| {
        places
            .iter()
            .rev()
            .find(|(k, _)| k == q)
            .map(|(_, p)| p.clone())
    };
    let mut routing = Routing {
        place_of_receipt: last("88"),
        port_of_loading: last("76").or_else(|| last("9")),
        port_of_discharge: last("11"),
        final_destination: last("20").or_else(|| last("8")).or_else(|| last("7")),
        country_of_origin: last("27"),
        ..Routing::default()
    };
    // Transshipments in the order written, then the port this vessel loaded at when the goods
    // were first loaded elsewhere.
    for (k, p) in places {
        if k == "13" && !routing.transshipment_ports.contains(p) {
            routing.transshipment_ports.push(p.clone());
        }
    }
    if let (Some(original), Some(loading)) = (last("76"), last("9"))
        && original != loading
        && !routing.transshipment_ports.contains(&loading)
    {
        routing.transshipment_ports.push(loading);
    }
    routing
}

#[cfg(test)]
mod tests;
