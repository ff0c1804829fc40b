//! IATA Cargo-IMP air waybill (FWB) and house waybill (FHL) messages, at house level.
//!
//! Cargo-IMP is line text: a message starts with its type and version (`FWB/16`, `FHL/5`),
//! each segment with a three-letter tag at the start of a line, and a line starting with `/`
//! continues the segment above. An FWB is one air waybill: its AWB line (`176-12345675HKGDXB/
//! T3K245.5`), routing (`RTG`), shipper, consignee, agent and notify party (`SHP`, `CNE`,
//! `AGT`, `NFY`: the name on the first line below the tag), and rate lines (`RTD`) with the
//! goods' nature (`NG`, `NC`), HS codes (`NH`) and origin (`NO`). An FHL lists the house
//! waybills of a consolidation (`MBI` master, `HBS` house, `TXT` full description, `HTS` HS
//! codes, `SHP`/`CNE` with the name on the tag line). Several messages may follow each other.
//! Locations are `file:line`. The air waybill number's check digit (serial mod 7) is checked.

use std::io::{self, BufRead, Read};

use super::checks;
use super::{Header, IngestError, Item, ManifestFormat, Problem};
use crate::model::{GoodsLine, HsCode, Party, PartyRole, Quantity, Shipment};

/// Whether `head` (the start of a file, as text) is a Cargo-IMP message hubscreen reads (FWB,
/// FHL), one it refuses (FFM, with what to send instead), or not Cargo-IMP at all (`None`).
/// Type-B envelope lines (`QK HDQFMXH`, `.HKGFMXH 011200`) may come first.
pub fn detect(head: &str) -> Option<Result<ManifestFormat, String>> {
    let first = head
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(4)
        .find(|l| !(l.starts_with("QK ") || l.starts_with("QU ") || l.starts_with('.')))?;
    let (tag, version) = first.split_once('/')?;
    if !version.trim().bytes().all(|b| b.is_ascii_digit()) || version.trim().is_empty() {
        return None;
    }
    match tag {
        "FWB" | "FHL" => Some(Ok(ManifestFormat::CargoImp)),
        "FFM" => Some(Err(
            "an IATA FFM flight manifest: it has only 15-character descriptions and no parties; \
             load the FWB/FHL or XFWB/XFZB messages for its air waybills"
                .into(),
        )),
        _ => None,
    }
}

/// The longest line read; Cargo-IMP lines are at most 69 characters.
const MAX_LINE: usize = 4096;
/// The most goods lines and lines of text kept per waybill.
const MAX_GOODS: usize = 1_000;
const MAX_TEXT: usize = 16 * 1024;

/// Reads Cargo-IMP FWB and FHL messages (see the module documentation).
pub fn read(
    label: &str,
    text: &mut dyn BufRead,
    on_item: &mut dyn FnMut(Item) -> io::Result<()>,
) -> Result<Header, IngestError> {
    let mut reader = Reader {
        label,
        on_item,
        kind: Kind::None,
        bill: None,
        master: None,
        segment: None,
    };
    let mut line = String::new();
    let mut number = 0u64;
    loop {
        line.clear();
        let read = text
            .take(MAX_LINE as u64)
            .read_line(&mut line)
            .map_err(|e| IngestError::read(label, e))?;
        if read == 0 {
            break;
        }
        number += 1;
        if read >= MAX_LINE && !line.ends_with('\n') {
            // Skip the rest of an overlong line.
            let mut rest = Vec::new();
            text.read_until(b'\n', &mut rest)
                .map_err(|e| IngestError::read(label, e))?;
            reader.problem(
                number,
                true,
                format!("line longer than {MAX_LINE} bytes: skipped"),
            )?;
            continue;
        }
        reader.line(number, line.trim_end_matches(['\r', '\n']))?;
    }
    reader.close_bill()?;
    Ok(Header::default())
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    None,
    Fwb,
    Fhl,
    /// A message hubscreen does not read (FFM ...): skipped to the next message.
    Skipped,
}

struct Bill {
    shipment: Shipment,
    start: u64,
    end: u64,
    /// HS codes beyond each goods line's first, by line index.
    extra_codes: Vec<(usize, HsCode)>,
}

/// The segment whose continuation lines are being read.
#[derive(Clone, PartialEq)]
enum Segment {
    /// A party: its role, and whether the name was on the tag line (FHL).
    Party(PartyRole, usize),
    Rtd,
    Txt,
    Hts,
    Other,
}

struct Reader<'r> {
    label: &'r str,
    on_item: &'r mut dyn FnMut(Item) -> io::Result<()>,
    kind: Kind,
    bill: Option<Bill>,
    /// The FHL's master air waybill (MBI), for each house.
    master: Option<String>,
    segment: Option<Segment>,
}

impl Reader<'_> {
    fn problem(&mut self, line: u64, error: bool, message: String) -> Result<(), IngestError> {
        let at = format!("{}:{line}", self.label);
        let p = if error {
            Problem::error(at, message)
        } else {
            Problem::warning(at, message)
        };
        (self.on_item)(Item::Problem(p)).map_err(IngestError::Consumer)
    }

    fn line(&mut self, n: u64, line: &str) -> Result<(), IngestError> {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            return Ok(());
        }
        if let Some(kind) = message_start(trimmed) {
            self.close_bill()?;
            self.master = None;
            self.segment = None;
            self.kind = kind;
            if kind == Kind::Skipped {
                let name: String = trimmed.chars().take(12).collect();
                return self.problem(
                    n,
                    true,
                    format!(
                        "{name}: a Cargo-IMP message hubscreen does not read (it has no parties); \
                         skipped to the next FWB or FHL"
                    ),
                );
            }
            return Ok(());
        }
        match self.kind {
            Kind::None => Ok(()),
            Kind::Skipped => Ok(()),
            Kind::Fwb => self.fwb_line(n, trimmed),
            Kind::Fhl => self.fhl_line(n, trimmed),
        }
    }

    fn open_bill(&mut self, n: u64, number: String) -> Result<(), IngestError> {
        self.close_bill()?;
        if let Err(why) = checks::awb(&number)
            && self.kind == Kind::Fwb
        {
            self.problem(n, false, why)?;
        }
        self.bill = Some(Bill {
            shipment: Shipment {
                bill_of_lading: number,
                master_bill: self.master.clone(),
                ..Shipment::default()
            },
            start: n,
            end: n,
            extra_codes: Vec::new(),
        });
        Ok(())
    }

    fn fwb_line(&mut self, n: u64, line: &str) -> Result<(), IngestError> {
        if self.bill.is_none() {
            // The first line after FWB/nn is the air waybill line.
            let Some(awb) = AwbLine::parse(line) else {
                return self.problem(
                    n,
                    true,
                    format!(
                        "FWB: expected the air waybill line (176-12345675HKGDXB/T3K245.5), found \
                         {:?}: this waybill is not read",
                        line.chars().take(40).collect::<String>()
                    ),
                );
            };
            self.open_bill(n, awb.number.clone())?;
            let bill = self.bill.as_mut().expect("opened");
            bill.shipment.routing.port_of_loading = Some(awb.origin);
            bill.shipment.routing.port_of_discharge = Some(awb.destination);
            return Ok(());
        }
        self.segment_line(n, line, false)
    }

    fn fhl_line(&mut self, n: u64, line: &str) -> Result<(), IngestError> {
        if let Some(rest) = line.strip_prefix("MBI/") {
            self.master = AwbLine::parse(rest).map(|a| a.number);
            if let Some(master) = &self.master
                && let Err(why) = checks::awb(master)
            {
                return self.problem(n, false, why);
            }
            return Ok(());
        }
        if let Some(rest) = line.strip_prefix("HBS/") {
            // HBS/house/origin+destination/pieces/weight/SLAC/15-character description.
            let parts: Vec<&str> = rest.split('/').collect();
            let house = parts.first().map(|h| h.trim()).unwrap_or_default();
            if house.is_empty() {
                self.bill = None;
                return self.problem(
                    n,
                    true,
                    "HBS without a house waybill number: skipped".into(),
                );
            }
            self.open_bill(n, house.to_string())?;
            let bill = self.bill.as_mut().expect("opened");
            if let Some(route) = parts.get(1).filter(|r| r.len() == 6 && r.is_ascii()) {
                bill.shipment.routing.port_of_loading = Some(route[..3].to_string());
                bill.shipment.routing.port_of_discharge = Some(route[3..].to_string());
            }
            bill.shipment.goods.push(GoodsLine {
                description: parts
                    .get(6)
                    .map(|d| d.trim().to_string())
                    .unwrap_or_default(),
                quantity: parts
                    .get(2)
                    .and_then(|p| p.trim().parse::<f64>().ok())
                    .map(|value| Quantity { value, unit: None }),
                gross_weight_kg: parts.get(3).and_then(|w| weight(w)),
                ..GoodsLine::default()
            });
            self.segment = None;
            return Ok(());
        }
        if self.bill.is_none() {
            return Ok(());
        }
        self.segment_line(n, line, true)
    }

    /// A segment line or a continuation line of the open waybill.
    fn segment_line(&mut self, n: u64, line: &str, fhl: bool) -> Result<(), IngestError> {
        let bill = self.bill.as_mut().expect("a bill");
        bill.end = n;
        if let Some(rest) = line.strip_prefix('/') {
            let segment = self.segment.clone();
            return match segment {
                Some(Segment::Party(role, lines)) => {
                    self.segment = Some(Segment::Party(role, lines + 1));
                    party_line(bill, role, lines, rest);
                    Ok(())
                }
                Some(Segment::Rtd) => rtd_line(bill, rest, n, self.label, &mut *self.on_item),
                Some(Segment::Txt) => {
                    if let Some(line) = bill.shipment.goods.last_mut()
                        && line.description.len() < MAX_TEXT
                    {
                        line.description.push(' ');
                        line.description.push_str(rest.trim());
                    }
                    Ok(())
                }
                Some(Segment::Hts) => add_code(bill, rest, n, self.label, &mut *self.on_item),
                _ => Ok(()),
            };
        }
        let (tag, rest) = match line.split_once('/') {
            Some((tag, rest)) => (tag, rest),
            None => (line, ""),
        };
        self.segment = Some(match tag {
            "SHP" | "CNE" | "AGT" | "NFY" => {
                let role = match tag {
                    "SHP" => PartyRole::Shipper,
                    "CNE" => PartyRole::Consignee,
                    "AGT" => PartyRole::Forwarder,
                    _ => PartyRole::NotifyParty,
                };
                bill.shipment.parties.push(Party {
                    role,
                    name: String::new(),
                    address: Vec::new(),
                    country: None,
                });
                // FHL puts the name on the tag line; FWB (and AGT's account line) below it.
                if fhl && !rest.trim().is_empty() {
                    party_line(bill, role, 0, rest);
                    Segment::Party(role, 1)
                } else {
                    Segment::Party(role, 0)
                }
            }
            "RTD" => {
                if bill.shipment.goods.len() < MAX_GOODS {
                    let mut line = GoodsLine::default();
                    for part in rest.split('/') {
                        let part = part.trim();
                        if let Some(p) = part.strip_prefix('P') {
                            line.quantity =
                                p.parse().ok().map(|value| Quantity { value, unit: None });
                        } else if part.starts_with(['K', 'L']) {
                            line.gross_weight_kg = weight(part);
                        }
                    }
                    bill.shipment.goods.push(line);
                }
                Segment::Rtd
            }
            "RTG" => {
                // RTG/DXBEK/...: each stop an airport and its carrier.
                let routing = &mut bill.shipment.routing;
                for airport in rest.split('/').filter_map(|s| s.get(..3)) {
                    let airport = airport.to_string();
                    let ends = [&routing.port_of_loading, &routing.port_of_discharge];
                    if !ends.iter().any(|e| e.as_deref() == Some(&airport))
                        && routing.transshipment_ports.len() < 16
                    {
                        routing.transshipment_ports.push(airport);
                    }
                }
                Segment::Other
            }
            "TXT" => {
                if let Some(line) = bill.shipment.goods.last_mut() {
                    line.description = rest.trim().to_string();
                }
                Segment::Txt
            }
            "HTS" => {
                add_code(bill, rest, n, self.label, &mut *self.on_item)?;
                Segment::Hts
            }
            _ => Segment::Other,
        });
        Ok(())
    }

    fn close_bill(&mut self) -> Result<(), IngestError> {
        let Some(mut bill) = self.bill.take() else {
            return Ok(());
        };
        let at = format!("{}:{}", self.label, bill.start);
        let mut problems = Vec::new();
        bill.shipment.parties.retain(|p| !p.name.is_empty());
        // Further HS codes of a goods line become lines of their own.
        let extra = std::mem::take(&mut bill.extra_codes);
        if !extra.is_empty() {
            let codes: Vec<String> = extra.iter().map(|(_, c)| c.digits().to_string()).collect();
            problems.push(Problem::warning(
                &at,
                format!(
                    "waybill {} gives more HS codes than goods lines ({}): each screened on a line \
                     of its own",
                    bill.shipment.bill_of_lading,
                    codes.join(", ")
                ),
            ));
            for (i, code) in extra {
                let base = bill.shipment.goods.get(i).cloned().unwrap_or_default();
                bill.shipment.goods.push(GoodsLine {
                    description: base.description,
                    hs_code: Some(code),
                    marks: base.marks,
                    ..GoodsLine::default()
                });
            }
        }
        bill.shipment.source = Some(format!("{}:{}-{}", self.label, bill.start, bill.end));
        for p in problems {
            (self.on_item)(Item::Problem(p)).map_err(IngestError::Consumer)?;
        }
        (self.on_item)(Item::Shipment(bill.shipment)).map_err(IngestError::Consumer)
    }
}

/// The message a line starts, if it starts one.
fn message_start(line: &str) -> Option<Kind> {
    let (tag, version) = line.split_once('/')?;
    if version.is_empty() || !version.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    match tag {
        "FWB" => Some(Kind::Fwb),
        "FHL" => Some(Kind::Fhl),
        "FFM" | "FFR" | "FSU" | "FMA" | "FNA" | "FZB" | "FSA" => Some(Kind::Skipped),
        _ => None,
    }
}

/// The air waybill line of an FWB (or an FHL's MBI): number, origin and destination.
struct AwbLine {
    number: String,
    origin: String,
    destination: String,
}

impl AwbLine {
    fn parse(line: &str) -> Option<AwbLine> {
        let b = line.as_bytes();
        let digits =
            |r: std::ops::Range<usize>| b.get(r).is_some_and(|s| s.iter().all(u8::is_ascii_digit));
        let letters = |r: std::ops::Range<usize>| {
            b.get(r)
                .is_some_and(|s| s.iter().all(u8::is_ascii_uppercase))
        };
        if !(digits(0..3) && b.get(3) == Some(&b'-') && digits(4..12) && letters(12..18)) {
            return None;
        }
        Some(AwbLine {
            number: line[..12].to_string(),
            origin: line[12..15].to_string(),
            destination: line[15..18].to_string(),
        })
    }
}

/// `K245.5` (kilograms) or `L540` (pounds) in kilograms.
fn weight(raw: &str) -> Option<f64> {
    let raw = raw.trim();
    let (unit, value) = raw.split_at_checked(1)?;
    checks::weight_kg(value.parse().ok()?, unit)
}

/// A continuation line of a party: FWB puts the name on the first, then the street, the place
/// (and state), then the country code and postcode.
fn party_line(bill: &mut Bill, role: PartyRole, index: usize, rest: &str) {
    let Some(party) = bill
        .shipment
        .parties
        .iter_mut()
        .rev()
        .find(|p| p.role == role)
    else {
        return;
    };
    let parts: Vec<&str> = rest
        .split('/')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if parts.is_empty() {
        return;
    }
    if index == 0 {
        party.name = parts.join(" ");
    } else if party.address.len() < 8 {
        // `/CN/518000/TE/...`: a country code first, then the postcode.
        let country = parts[0].len() == 2 && parts[0].bytes().all(|b| b.is_ascii_uppercase());
        if country && party.country.is_none() && index >= 2 {
            party.country = Some(parts[0].to_string());
            if let Some(postcode) = parts.get(1) {
                party.address.push((*postcode).to_string());
            }
        } else {
            party.address.push(parts.join(" "));
        }
    }
}

/// A continuation of an RTD rate line: `/NG/` or `/NC/` nature of goods, `/NH/` an HS code,
/// `/NO/` country of origin, each optionally after a line index (`/2/NH/854231`).
fn rtd_line(
    bill: &mut Bill,
    rest: &str,
    n: u64,
    label: &str,
    on_item: &mut dyn FnMut(Item) -> io::Result<()>,
) -> Result<(), IngestError> {
    let mut parts = rest.split('/').map(str::trim);
    let mut code = parts.next().unwrap_or_default();
    if code.bytes().all(|b| b.is_ascii_digit()) {
        code = parts.next().unwrap_or_default();
    }
    let value = parts.collect::<Vec<_>>().join("/");
    match code {
        "NG" | "NC" => {
            if let Some(line) = bill.shipment.goods.last_mut()
                && line.description.len() < MAX_TEXT
            {
                if !line.description.is_empty() {
                    line.description.push(' ');
                }
                line.description.push_str(&value);
            }
            Ok(())
        }
        "NH" => add_code(bill, &value, n, label, on_item),
        "NO" => {
            if !value.is_empty() {
                bill.shipment.routing.country_of_origin = Some(value);
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// An HS code for the last goods line: the first is the line's, further ones wait for lines of
/// their own.
fn add_code(
    bill: &mut Bill,
    raw: &str,
    n: u64,
    label: &str,
    on_item: &mut dyn FnMut(Item) -> io::Result<()>,
) -> Result<(), IngestError> {
    let raw = raw.trim().trim_start_matches('/');
    if raw.is_empty() {
        return Ok(());
    }
    let index = bill.shipment.goods.len().saturating_sub(1);
    match HsCode::parse(raw) {
        Ok(code) => {
            match bill.shipment.goods.last_mut() {
                Some(line) if line.hs_code.is_none() => line.hs_code = Some(code),
                Some(_) if bill.extra_codes.len() < 32 => bill.extra_codes.push((index, code)),
                Some(_) => {}
                None => bill.shipment.goods.push(GoodsLine {
                    hs_code: Some(code),
                    ..GoodsLine::default()
                }),
            }
            Ok(())
        }
        Err(why) => on_item(Item::Problem(Problem::error(
            format!("{label}:{n}"),
            format!("{why}: this code is not screened"),
        )))
        .map_err(IngestError::Consumer),
    }
}

#[cfg(test)]
mod tests;
