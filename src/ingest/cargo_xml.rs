//! IATA Cargo-XML air waybill (XFWB) and house waybill (XFZB) documents, at house level.
//!
//! A document is one waybill: its number (`BusinessHeaderDocument/ID`, or for a house waybill
//! `IncludedHouseConsignment/ID`), the master air waybill it travels under
//! (`TransportContractDocument/ID`), its parties (`ConsignorParty` shipper, `ConsigneeParty`,
//! `FreightForwarderParty`, `AssociatedParty` by its role code: NI notify, others screened as
//! other parties; each with `Name`, `PostalStructuredAddress` and `CountryID`), origin and
//! destination (`OriginLocation`, `FinalDestinationLocation`), and its items
//! (`IncludedHouseConsignmentItem` or `IncludedMasterConsignmentItem`: `TypeCode` HS codes,
//! `GrossWeightMeasure`, `PieceQuantity`, `NatureIdentificationTransportCargo/Identification`,
//! `OriginCountry/ID`). Elements are matched by local name, whatever their prefixes. A file may
//! hold several documents one after the other. Locations are `file:line` of the document's
//! root element.

use std::io::{self, BufRead, Read};

use quick_xml::events::Event;
use quick_xml::reader::Reader;

use super::checks;
use super::{Header, IngestError, Item, ManifestFormat, Problem};
use crate::model::{GoodsLine, HsCode, Party, PartyRole, Quantity, Shipment};

/// The largest Cargo-XML file read (a waybill is a few kilobytes).
const MAX_FILE: u64 = 16 * 1024 * 1024;
/// The deepest element nesting followed.
const MAX_DEPTH: usize = 64;
/// The most parties and items kept per waybill, and the longest text kept.
const MAX_PARTIES: usize = 100;
const MAX_ITEMS: usize = 1_000;
const MAX_TEXT: usize = 16 * 1024;

/// What an XML document is: Cargo-XML waybills are read; anything else is named and refused.
pub fn detect(head: &str) -> Result<ManifestFormat, String> {
    let mut rest = head;
    // Skip the declaration, comments, processing instructions and a DOCTYPE.
    loop {
        rest = rest.trim_start();
        let skip = if rest.starts_with("<?") {
            rest.find("?>").map(|i| i + 2)
        } else if rest.starts_with("<!--") {
            rest.find("-->").map(|i| i + 3)
        } else if rest.starts_with("<!") {
            rest.find('>').map(|i| i + 1)
        } else {
            break;
        };
        match skip {
            Some(i) => rest = &rest[i..],
            None => return Err("XML cut short before its first element".into()),
        }
    }
    let name: String = rest
        .trim_start_matches('<')
        .chars()
        .take_while(|c| !c.is_whitespace() && !matches!(c, '>' | '/'))
        .take(60)
        .collect();
    let local = name.rsplit(':').next().unwrap_or("");
    match local {
        "Waybill" | "HouseWaybill" => Ok(ManifestFormat::CargoXml),
        _ => Err(format!(
            "XML with root element <{name}>: not a manifest format hubscreen reads (Cargo-XML \
             XFWB and XFZB are)"
        )),
    }
}

/// Reads Cargo-XML XFWB and XFZB documents (see the module documentation).
pub fn read(
    label: &str,
    text: &mut dyn BufRead,
    on_item: &mut dyn FnMut(Item) -> io::Result<()>,
) -> Result<Header, IngestError> {
    let mut xml = String::new();
    text.take(MAX_FILE + 1)
        .read_to_string(&mut xml)
        .map_err(|e| IngestError::read(label, e))?;
    if xml.len() as u64 > MAX_FILE {
        return Err(IngestError::Format {
            path: label.to_string(),
            message: format!(
                "a Cargo-XML file larger than {} MiB: a waybill is a few kilobytes; split the file",
                MAX_FILE / 1024 / 1024
            ),
        });
    }
    let line_of = |at: usize| {
        xml.as_bytes()[..at.min(xml.len())]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64
            + 1
    };
    let mut reader = Reader::from_str(&xml);
    let mut path: Vec<String> = Vec::new();
    let mut doc: Option<Doc> = None;
    let mut documents = 0u64;
    let emit = |item: Item, on_item: &mut dyn FnMut(Item) -> io::Result<()>| {
        on_item(item).map_err(IngestError::Consumer)
    };
    loop {
        let at = reader.buffer_position() as usize;
        let event = match reader.read_event() {
            Ok(event) => event,
            Err(e) => {
                let line = line_of(reader.error_position() as usize);
                emit(
                    Item::Problem(Problem::error(
                        format!("{label}:{line}"),
                        format!("XML error: {e}; the rest of the file is not read"),
                    )),
                    on_item,
                )?;
                break;
            }
        };
        match event {
            Event::Start(ref tag) | Event::Empty(ref tag) => {
                let empty = matches!(event, Event::Empty(_));
                let name = tag.local_name().as_ref().to_string();
                if path.is_empty() {
                    if matches!(name.as_str(), "Waybill" | "HouseWaybill") {
                        documents += 1;
                        doc = Some(Doc::new(line_of(at), documents));
                    } else {
                        emit(
                            Item::Problem(Problem::error(
                                format!("{label}:{}", line_of(at)),
                                format!("<{name}> is not a Cargo-XML waybill: skipped"),
                            )),
                            on_item,
                        )?;
                    }
                }
                if path.len() >= MAX_DEPTH {
                    emit(
                        Item::Problem(Problem::error(
                            format!("{label}:{}", line_of(at)),
                            format!(
                                "elements nested deeper than {MAX_DEPTH}: the rest of the file is not read"
                            ),
                        )),
                        on_item,
                    )?;
                    break;
                }
                path.push(name);
                if let Some(d) = doc.as_mut() {
                    d.start(&path, tag);
                }
                if empty {
                    if let Some(d) = doc.as_mut() {
                        d.end(&path);
                    }
                    path.pop();
                }
            }
            Event::End(_) => {
                if let Some(d) = doc.as_mut() {
                    d.end(&path);
                }
                path.pop();
                if path.is_empty()
                    && let Some(d) = doc.take()
                {
                    d.finish(label, on_item)?;
                }
            }
            Event::Text(t) => {
                if let Some(d) = doc.as_mut() {
                    d.text(&t.xml10_content());
                }
            }
            Event::CData(c) => {
                if let Some(d) = doc.as_mut() {
                    d.text(&c.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                if let Some(d) = doc.as_mut() {
                    match r.resolve_char_ref() {
                        Ok(Some(ch)) => d.text(ch.encode_utf8(&mut [0; 4])),
                        _ => {
                            if let Some(s) = quick_xml::escape::resolve_predefined_entity(&r) {
                                d.text(s);
                            }
                        }
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if let Some(d) = doc.take() {
        emit(
            Item::Problem(Problem::error(
                format!("{label}:{}", d.line),
                "the file ends inside this waybill (truncated?): it is screened as far as it goes",
            )),
            on_item,
        )?;
        d.finish(label, on_item)?;
    }
    if documents == 0 {
        return Err(IngestError::Format {
            path: label.to_string(),
            message: "no Cargo-XML waybill (Waybill or HouseWaybill element) in the file".into(),
        });
    }
    Ok(Header::default())
}

/// One waybill document being read.
struct Doc {
    line: u64,
    number: u64,
    shipment: Shipment,
    header_id: Option<String>,
    house_id: Option<String>,
    text: String,
    /// Inside a party element: where its parts go.
    in_party: bool,
    in_item: bool,
    /// Further HS codes, by goods line.
    extra_codes: Vec<(usize, HsCode)>,
    bad_codes: Vec<String>,
    unit: Option<String>,
    /// The consignment's summary description, for items that give none of their own.
    summary: Option<String>,
}

impl Doc {
    fn new(line: u64, number: u64) -> Self {
        Doc {
            line,
            number,
            shipment: Shipment::default(),
            header_id: None,
            house_id: None,
            text: String::new(),
            in_party: false,
            in_item: false,
            extra_codes: Vec::new(),
            bad_codes: Vec::new(),
            unit: None,
            summary: None,
        }
    }

    fn text(&mut self, t: &str) {
        if self.text.len() + t.len() <= MAX_TEXT {
            self.text.push_str(t);
        }
    }

    fn start(&mut self, path: &[String], tag: &quick_xml::events::BytesStart<'_>) {
        self.text.clear();
        let name = path.last().map(String::as_str).unwrap_or_default();
        let role = match name {
            "ConsignorParty" => Some(PartyRole::Shipper),
            "ConsigneeParty" => Some(PartyRole::Consignee),
            "FreightForwarderParty" => Some(PartyRole::Forwarder),
            "NotifyParty" => Some(PartyRole::NotifyParty),
            "AssociatedParty" => Some(PartyRole::OtherParty),
            _ => None,
        };
        if let Some(role) = role
            && !self.in_party
            && self.shipment.parties.len() < MAX_PARTIES
        {
            self.in_party = true;
            self.shipment.parties.push(Party {
                role,
                name: String::new(),
                address: Vec::new(),
                country: None,
            });
        }
        if matches!(
            name,
            "IncludedHouseConsignmentItem" | "IncludedMasterConsignmentItem"
        ) && self.shipment.goods.len() < MAX_ITEMS
        {
            self.in_item = true;
            self.shipment.goods.push(GoodsLine::default());
        }
        if name == "GrossWeightMeasure" {
            self.unit = tag
                .attributes()
                .flatten()
                .find(|a| a.key.local_name().as_ref() == "unitCode")
                .map(|a| a.value.to_string());
        }
    }

    fn end(&mut self, path: &[String]) {
        let value = std::mem::take(&mut self.text).trim().to_string();
        let name = path.last().map(String::as_str).unwrap_or_default();
        let parent = path.len().checked_sub(2).map_or("", |i| path[i].as_str());
        if matches!(
            name,
            "ConsignorParty"
                | "ConsigneeParty"
                | "FreightForwarderParty"
                | "NotifyParty"
                | "AssociatedParty"
        ) {
            self.in_party = false;
            return;
        }
        if matches!(
            name,
            "IncludedHouseConsignmentItem" | "IncludedMasterConsignmentItem"
        ) {
            self.in_item = false;
            return;
        }
        if value.is_empty() {
            return;
        }
        if self.in_party {
            let party = self.shipment.parties.last_mut().expect("in a party");
            match name {
                "Name" if party.name.is_empty() => party.name = value,
                "StreetName"
                | "CityName"
                | "PostcodeCode"
                | "CountrySubDivisionName"
                | "PostOfficeBox"
                    if party.address.len() < 8 =>
                {
                    party.address.push(value)
                }
                "CountryID" => party.country = Some(value),
                "RoleCode" if value == "NI" && party.role == PartyRole::OtherParty => {
                    party.role = PartyRole::NotifyParty
                }
                _ => {}
            }
            return;
        }
        if self.in_item {
            let index = self.shipment.goods.len() - 1;
            let line = self.shipment.goods.last_mut().expect("in an item");
            match (parent, name) {
                (_, "TypeCode") => match HsCode::parse(&value) {
                    Ok(code) if line.hs_code.is_none() => line.hs_code = Some(code),
                    Ok(code) if self.extra_codes.len() < 32 => self.extra_codes.push((index, code)),
                    Ok(_) => {}
                    Err(why) => self.bad_codes.push(why.to_string()),
                },
                (_, "GrossWeightMeasure") => {
                    line.gross_weight_kg = value
                        .parse::<f64>()
                        .ok()
                        .and_then(|w| checks::weight_kg(w, self.unit.as_deref().unwrap_or("KGM")));
                }
                (_, "PieceQuantity") => {
                    line.quantity = value
                        .parse()
                        .ok()
                        .map(|value| Quantity { value, unit: None });
                }
                ("NatureIdentificationTransportCargo", "Identification")
                | (_, "DescriptionText") => {
                    if !line.description.is_empty() {
                        line.description.push(' ');
                    }
                    line.description.push_str(&value);
                }
                ("OriginCountry", "ID") => self.shipment.routing.country_of_origin = Some(value),
                _ => {}
            }
            return;
        }
        match (parent, name) {
            ("BusinessHeaderDocument", "ID") => self.header_id = Some(value),
            ("IncludedHouseConsignment", "ID") => self.house_id = Some(value),
            ("TransportContractDocument", "ID") => self.shipment.master_bill = Some(value),
            ("OriginLocation", "ID") => self.shipment.routing.port_of_loading = Some(value),
            ("FinalDestinationLocation", "ID") => {
                self.shipment.routing.port_of_discharge = Some(value)
            }
            ("IncludedHouseConsignment" | "MasterConsignment", "SummaryDescription") => {
                self.summary = Some(value);
            }
            _ => {}
        }
    }

    fn finish(
        mut self,
        label: &str,
        on_item: &mut dyn FnMut(Item) -> io::Result<()>,
    ) -> Result<(), IngestError> {
        let at = format!("{label}:{}", self.line);
        let mut problems = Vec::new();
        self.shipment.parties.retain(|p| !p.name.is_empty());
        if let Some(summary) = self.summary.take() {
            if self.shipment.goods.is_empty() {
                self.shipment.goods.push(GoodsLine::default());
            }
            for line in &mut self.shipment.goods {
                if line.description.is_empty() {
                    line.description = summary.clone();
                }
            }
        }
        let house = self.house_id.is_some();
        let number = self.house_id.or(self.header_id);
        self.shipment.bill_of_lading = match number {
            Some(n) => n,
            None => {
                let placeholder = format!("(no waybill number: document {})", self.number);
                problems.push(Problem::error(
                    &at,
                    format!(
                        "no waybill number (IncludedHouseConsignment/ID, BusinessHeaderDocument/ID): \
                         screened as '{placeholder}'"
                    ),
                ));
                placeholder
            }
        };
        // The air waybill number is the master's for a house waybill, the document's otherwise.
        let awb = if house {
            self.shipment.master_bill.clone()
        } else {
            Some(self.shipment.bill_of_lading.clone()).filter(|b| !b.starts_with('('))
        };
        if let Some(awb) = awb
            && let Err(why) = checks::awb(&awb)
        {
            problems.push(Problem::warning(&at, why));
        }
        for why in self.bad_codes {
            problems.push(Problem::error(
                &at,
                format!("TypeCode: {why}: this code is not screened"),
            ));
        }
        if !self.extra_codes.is_empty() {
            problems.push(Problem::warning(
                &at,
                format!(
                    "waybill {}: items with several HS codes: each code screened on a line of its own",
                    self.shipment.bill_of_lading
                ),
            ));
            for (i, code) in std::mem::take(&mut self.extra_codes) {
                let base = self.shipment.goods.get(i).cloned().unwrap_or_default();
                self.shipment.goods.push(GoodsLine {
                    description: base.description,
                    hs_code: Some(code),
                    ..GoodsLine::default()
                });
            }
        }
        self.shipment.source = Some(at);
        for p in problems {
            on_item(Item::Problem(p)).map_err(IngestError::Consumer)?;
        }
        on_item(Item::Shipment(self.shipment)).map_err(IngestError::Consumer)
    }
}

#[cfg(test)]
mod tests;
