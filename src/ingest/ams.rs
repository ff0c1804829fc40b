//! The U.S. CBP AMS public-data tables (header, billgen, shipper, consignee, notifyparty,
//! cargodesc, tariff, hazmat, hazmatclass, container, marksnumbers), read together as one
//! manifest and joined by their `identifier`.
//!
//! Name any one table; the others are found beside it by the release's naming
//! (`ams__<table>_<year>__<stamp>.csv`, or `<table>.csv`). The header and billgen tables are
//! required; a missing other table is an error that says what is not screened.
//!
//! The tables are released sorted by identifier (the run date, then a sequence number), so they
//! are read side by side in one pass, a merge join: memory holds one identifier's rows per
//! table (at most [`MAX_GROUP`] each), never a table. A table out of that order is refused with
//! its file and line (sort it by identifier first). Locations are `table-file:line`.
//!
//! A bill is the house bill when there is one (the master beside it), else the master. Each
//! cargo description sequence is a goods line, with the tariff line of the same container and
//! sequence (its HS code and weight), the hazmat lines' UN numbers, and the container's marks.
//! `record_status_indicator` Amended makes an amended bill; Deleted a cancelled one.

use std::fs::File;
use std::io::{self, BufReader};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::checks;
use super::{Header, IngestError, Item, Problem};
use crate::delimited::{Limits, RowReader};
use crate::model::{
    BillStatus, Container, Conveyance, GoodsLine, HsCode, Party, PartyRole, Quantity, Routing,
    Shipment,
};
use crate::source::hex;

/// The most rows of one identifier read from one table; past it the rest are reported.
pub const MAX_GROUP: usize = 10_000;

/// The tables of a release, in the order they are hashed and read, with their columns.
pub const TABLES: [(&str, &[&str]); 11] = [
    (
        "header",
        &[
            "identifier",
            "carrier_code",
            "vessel_country_code",
            "vessel_name",
            "port_of_unlading",
            "estimated_arrival_date",
            "foreign_port_of_lading_qualifier",
            "foreign_port_of_lading",
            "manifest_quantity",
            "manifest_unit",
            "weight",
            "weight_unit",
            "measurement",
            "measurement_unit",
            "record_status_indicator",
            "place_of_receipt",
            "port_of_destination",
            "foreign_port_of_destination_qualifier",
            "foreign_port_of_destination",
            "conveyance_id_qualifier",
            "conveyance_id",
            "in_bond_entry_type",
            "mode_of_transportation",
            "secondary_notify_party_1",
            "secondary_notify_party_2",
            "secondary_notify_party_3",
            "secondary_notify_party_4",
            "secondary_notify_party_5",
            "secondary_notify_party_6",
            "secondary_notify_party_7",
            "secondary_notify_party_8",
            "secondary_notify_party_9",
            "secondary_notify_party_10",
            "actual_arrival_date",
        ],
    ),
    (
        "billgen",
        &[
            "identifier",
            "master_bol_number",
            "house_bol_number",
            "sub_house_bol_number",
            "voyage_number",
            "bill_type_code",
            "manifest_number",
            "trade_update_date",
            "run_date",
        ],
    ),
    (
        "shipper",
        &[
            "identifier",
            "shipper_party_name",
            "shipper_party_address_1",
            "shipper_party_address_2",
            "shipper_party_address_3",
            "shipper_party_address_4",
            "city",
            "state_province",
            "zip_code",
            "country_code",
            "contact_name",
            "comm_number_qualifier",
            "comm_number",
        ],
    ),
    (
        "consignee",
        &[
            "identifier",
            "consignee_name",
            "consignee_address_1",
            "consignee_address_2",
            "consignee_address_3",
            "consignee_address_4",
            "city",
            "state_province",
            "zip_code",
            "country_code",
            "contact_name",
            "comm_number_qualifier",
            "comm_number",
        ],
    ),
    (
        "notifyparty",
        &[
            "identifier",
            "notify_party_name",
            "notify_party_address_1",
            "notify_party_address_2",
            "notify_party_address_3",
            "notify_party_address_4",
            "city",
            "state_province",
            "zip_code",
            "country_code",
            "contact_name",
            "comm_number_qualifier",
            "comm_number",
        ],
    ),
    (
        "cargodesc",
        &[
            "identifier",
            "container_number",
            "description_sequence_number",
            "piece_count",
            "description_text",
        ],
    ),
    (
        "tariff",
        &[
            "identifier",
            "container_number",
            "description_sequence_number",
            "harmonized_number",
            "harmonized_value",
            "harmonized_weight",
            "harmonized_weight_unit",
        ],
    ),
    (
        "hazmat",
        &[
            "identifier",
            "container_number",
            "hazmat_sequence_number",
            "hazmat_code",
            "hazmat_class",
            "hazmat_code_qualifier",
            "hazmat_contact",
            "hazmat_page_number",
            "hazmat_flash_point_temperature",
            "hazmat_flash_point_temperature_negative_ind",
            "hazmat_flash_point_temperature_unit",
            "hazmat_description",
        ],
    ),
    (
        "hazmatclass",
        &[
            "identifier",
            "container_number",
            "hazmat_sequence_number",
            "hazmat_classification",
        ],
    ),
    (
        "container",
        &[
            "identifier",
            "container_number",
            "seal_number_1",
            "seal_number_2",
            "equipment_description_code",
            "container_length",
            "container_height",
            "container_width",
            "container_type",
            "load_status",
            "type_of_service",
        ],
    ),
    (
        "marksnumbers",
        &[
            "identifier",
            "container_number",
            "marks_and_numbers_1",
            "marks_and_numbers_2",
            "marks_and_numbers_3",
            "marks_and_numbers_4",
            "marks_and_numbers_5",
            "marks_and_numbers_6",
            "marks_and_numbers_7",
            "marks_and_numbers_8",
        ],
    ),
];

/// What [`plan`] learnt of a set of tables.
#[derive(Debug)]
pub struct Plan {
    /// Each table's file, by [`TABLES`] order; None where it is missing.
    pub tables: Vec<Option<PathBuf>>,
    /// SHA-256 over every table (see [`plan`]).
    pub sha256: String,
    pub shipments: usize,
    pub header: Header,
}

/// The table a CSV header line is the header of, if it is one of the AMS tables.
pub fn table_of_header(line: &str) -> Option<&'static str> {
    let columns: Vec<&str> = line
        .trim_start_matches('\u{feff}')
        .trim_end()
        .split(',')
        .map(|c| c.trim().trim_matches('"'))
        .collect();
    TABLES
        .iter()
        .find(|(_, cols)| *cols == columns.as_slice())
        .map(|(name, _)| *name)
}

/// Whether a CSV header line is the header of one of the AMS tables.
pub fn is_table_header(line: &str) -> bool {
    table_of_header(line).is_some()
}

/// The tables beside `path` (the one named among them), by [`TABLES`] order.
fn siblings(path: &Path) -> Vec<Option<PathBuf>> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // ams__<table>_<year>__<stamp>.csv: the part after the table name is shared.
    let release = name.strip_prefix("ams__").and_then(|rest| {
        TABLES
            .iter()
            .filter_map(|(t, _)| rest.strip_prefix(t).filter(|r| r.starts_with('_')))
            .min_by_key(|r| r.len())
    });
    TABLES
        .iter()
        .map(|(table, _)| {
            let candidate = match release {
                Some(suffix) => dir.join(format!("ams__{table}{suffix}")),
                None => dir.join(format!("{table}.csv")),
            };
            candidate.is_file().then_some(candidate)
        })
        .collect()
}

fn read_error(path: &Path, source: io::Error) -> IngestError {
    IngestError::Read(crate::source::ReadError {
        path: path.display().to_string(),
        source,
    })
}

/// SHA-256 over the tables, in [`TABLES`] order: each present table's name, a colon and the
/// SHA-256 of its bytes, one line each. The store knows a release by this.
fn release_hash(tables: &[Option<PathBuf>]) -> Result<String, IngestError> {
    let mut all = Sha256::new();
    for ((name, _), path) in TABLES.iter().zip(tables) {
        let Some(path) = path else { continue };
        let mut one = Sha256::new();
        let mut file = File::open(path).map_err(|e| read_error(path, e))?;
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            let n = io::Read::read(&mut file, &mut buf).map_err(|e| read_error(path, e))?;
            if n == 0 {
                break;
            }
            one.update(&buf[..n]);
        }
        all.update(format!("{name}:{}\n", hex(&one.finalize())).as_bytes());
    }
    Ok(hex(&all.finalize()))
}

/// Finds the tables beside `path` and reads them once through.
pub fn plan(label: &str, path: &Path) -> Result<Plan, IngestError> {
    let tables = siblings(path);
    for required in ["header", "billgen"] {
        let i = TABLES
            .iter()
            .position(|(t, _)| *t == required)
            .expect("a table");
        if tables[i].is_none() {
            return Err(IngestError::Format {
                path: label.to_string(),
                message: format!(
                    "a table of the U.S. CBP AMS data, but no {required} table beside it (looked \
                     for ams__{required}_<year>__<stamp>.csv or {required}.csv): the bills cannot \
                     be put together without it"
                ),
            });
        }
    }
    let sha256 = release_hash(&tables)?;
    let mut shipments = 0;
    let header = join(&tables, &mut |item| {
        if let Item::Shipment(_) = item {
            shipments += 1;
        }
        Ok(())
    })?;
    Ok(Plan {
        tables,
        sha256,
        shipments,
        header,
    })
}

/// Reads the tables again, handing over each bill; the SHA-256 of what was read.
pub fn stream(
    _label: &str,
    plan: &Plan,
    on_item: &mut dyn FnMut(Item) -> io::Result<()>,
) -> Result<String, IngestError> {
    join(&plan.tables, on_item)?;
    release_hash(&plan.tables)
}

/// The order of identifiers: the run date (eight digits), then the sequence as a number. An
/// identifier that is not that sorts last.
fn order_key(identifier: &str) -> (u64, u64) {
    let Some((date, seq)) = identifier.split_at_checked(8) else {
        return (u64::MAX, u64::MAX);
    };
    (
        date.parse().unwrap_or(u64::MAX),
        seq.parse().unwrap_or(u64::MAX),
    )
}

/// One table read in identifier order, a group of rows at a time.
struct Table {
    name: &'static str,
    label: String,
    rows: RowReader<BufReader<File>>,
    /// The next row, read ahead.
    next: Option<(u64, csv::StringRecord)>,
    last_key: Option<(u64, u64)>,
    problems: Vec<Problem>,
}

/// One identifier's rows of one table, with their lines.
type Group = Vec<(u64, csv::StringRecord)>;

impl Table {
    fn open(name: &'static str, path: &Path) -> Result<Table, IngestError> {
        let file = File::open(path).map_err(|e| read_error(path, e))?;
        let mut table = Table {
            name,
            label: path.display().to_string(),
            rows: RowReader::new(BufReader::new(file), b',', Limits::MANIFEST),
            next: None,
            last_key: None,
            problems: Vec::new(),
        };
        // The header row.
        table.read_row()?;
        table.next = table.read_row()?;
        Ok(table)
    }

    fn read_row(&mut self) -> Result<Option<(u64, csv::StringRecord)>, IngestError> {
        let label = self.label.clone();
        let problems = &mut self.problems;
        let row = self
            .rows
            .next_row(&mut |line, message| {
                problems.push(Problem::error(format!("{label}:{line}"), message));
            })
            .map_err(|e| read_error(Path::new(&self.label), e))?;
        Ok(row.map(|r| (r.line, r.record)))
    }

    /// The rows of `identifier`, skipping (and reporting) rows of identifiers before it.
    fn group(&mut self, identifier: &str) -> Result<Group, IngestError> {
        let key = order_key(identifier);
        let mut group = Vec::new();
        let mut orphans = 0u64;
        while let Some((line, record)) = self.next.take() {
            let id = record.get(0).unwrap_or_default().trim().to_string();
            let row_key = order_key(&id);
            if let Some(last) = self.last_key
                && row_key < last
            {
                return Err(IngestError::Format {
                    path: format!("{}:{line}", self.label),
                    message: format!(
                        "identifier {id} comes after a later one: the AMS tables are read in \
                         identifier order, as released; sort the {} table by identifier",
                        self.name
                    ),
                });
            }
            if row_key > key {
                self.next = Some((line, record));
                break;
            }
            self.last_key = Some(row_key);
            if row_key < key {
                orphans += 1;
            } else if group.len() < MAX_GROUP {
                group.push((line, record));
            } else if group.len() == MAX_GROUP {
                self.problems.push(Problem::error(
                    format!("{}:{line}", self.label),
                    format!(
                        "more than {MAX_GROUP} {} rows for {id}: the rest are not read",
                        self.name
                    ),
                ));
            }
            self.next = self.read_row()?;
        }
        if orphans > 0 {
            self.problems.push(Problem::warning(
                self.label.clone(),
                format!(
                    "{orphans} {} rows whose identifier has no header row: not read",
                    self.name
                ),
            ));
        }
        Ok(group)
    }
}

/// The merge join: each header identifier in order, with its rows of every other table.
fn join(
    tables: &[Option<PathBuf>],
    on_item: &mut dyn FnMut(Item) -> io::Result<()>,
) -> Result<Header, IngestError> {
    let mut open: Vec<Option<Table>> = Vec::new();
    for ((name, _), path) in TABLES.iter().zip(tables) {
        open.push(match path {
            Some(p) => Some(Table::open(name, p)?),
            None => None,
        });
    }
    let header_label = open[0].as_ref().expect("required").label.clone();
    for (i, (name, _)) in TABLES.iter().enumerate().skip(2) {
        if open[i].is_none() && *name != "hazmatclass" {
            let what = match *name {
                "shipper" | "consignee" | "notifyparty" => format!("{name} parties not screened"),
                "cargodesc" | "tariff" => "goods descriptions or HS codes not screened".into(),
                "hazmat" => "UN numbers not read".into(),
                _ => format!("{name} details not read"),
            };
            on_item(Item::Problem(Problem::error(
                header_label.clone(),
                format!("no {name} table beside the header: {what}"),
            )))
            .map_err(IngestError::Consumer)?;
        }
    }
    let mut manifest = Header::default();
    while let Some((line, record)) = open[0].as_ref().and_then(|t| t.next.clone()) {
        let id = record.get(0).unwrap_or_default().trim().to_string();
        let mut groups: Vec<Group> = Vec::with_capacity(TABLES.len());
        for table in open.iter_mut() {
            groups.push(match table {
                Some(t) => t.group(&id)?,
                None => Vec::new(),
            });
        }
        if groups[0].len() > 1 {
            let header = open[0].as_ref().expect("required");
            on_item(Item::Problem(Problem::warning(
                format!("{}:{line}", header.label),
                format!(
                    "identifier {id} has {} header rows: the last one is read",
                    groups[0].len()
                ),
            )))
            .map_err(IngestError::Consumer)?;
        }
        let mut problems = Vec::new();
        for table in open.iter_mut().flatten() {
            problems.append(&mut table.problems);
        }
        for p in problems {
            on_item(Item::Problem(p)).map_err(IngestError::Consumer)?;
        }
        let at = |table: usize, line: u64| {
            format!(
                "{}:{line}",
                open[table].as_ref().map_or("", |t| t.label.as_str())
            )
        };
        let (shipment, problems) = bill(&id, &groups, &at);
        if manifest.conveyance.is_none() {
            manifest.conveyance = shipment.conveyance.clone();
        }
        for p in problems {
            on_item(Item::Problem(p)).map_err(IngestError::Consumer)?;
        }
        if let Some(shipment) = shipment_or_none(shipment) {
            on_item(Item::Shipment(shipment)).map_err(IngestError::Consumer)?;
        }
    }
    let mut problems = Vec::new();
    for table in open.iter_mut().flatten() {
        problems.append(&mut table.problems);
    }
    for p in problems {
        on_item(Item::Problem(p)).map_err(IngestError::Consumer)?;
    }
    Ok(manifest)
}

fn shipment_or_none(shipment: Shipment) -> Option<Shipment> {
    (!shipment.bill_of_lading.is_empty()).then_some(shipment)
}

fn field<'r>(record: &'r csv::StringRecord, table: usize, column: &str) -> &'r str {
    TABLES[table]
        .1
        .iter()
        .position(|c| *c == column)
        .and_then(|i| record.get(i))
        .map_or("", str::trim)
}

fn text(value: &str) -> Option<String> {
    Some(value.trim().to_string()).filter(|v| !v.is_empty())
}

/// One identifier's bill from its groups of rows, by [`TABLES`] index.
fn bill(id: &str, groups: &[Group], at: &dyn Fn(usize, u64) -> String) -> (Shipment, Vec<Problem>) {
    let mut problems = Vec::new();
    let mut shipment = Shipment::default();
    let (header_line, header) = groups[0].last().expect("a header row").clone();
    let h = |c: &str| field(&header, 0, c);
    let imo = {
        let qualifier = h("conveyance_id_qualifier").to_ascii_uppercase();
        let id = h("conveyance_id");
        if qualifier.contains("IMO") || qualifier.contains("LLOYD") {
            match checks::imo_number(id) {
                Ok(imo) => Some(imo),
                Err(why) => {
                    problems.push(Problem::warning(
                        at(0, header_line),
                        format!("conveyance_id: {why}: not used to match the vessel"),
                    ));
                    None
                }
            }
        } else {
            None
        }
    };
    shipment.routing = Routing {
        place_of_receipt: text(h("place_of_receipt")),
        port_of_loading: text(h("foreign_port_of_lading")),
        port_of_discharge: text(h("port_of_unlading")),
        final_destination: text(h("foreign_port_of_destination"))
            .or_else(|| text(h("port_of_destination"))),
        ..Routing::default()
    };
    shipment.status = match h("record_status_indicator").to_ascii_lowercase().as_str() {
        s if s.starts_with("amend") => BillStatus::Amended,
        s if s.starts_with("delet") => BillStatus::Cancelled,
        _ => BillStatus::Original,
    };
    let bill_row = groups[1].first();
    let voyage = bill_row.and_then(|(_, r)| text(field(r, 1, "voyage_number")));
    let conveyance = Conveyance {
        vessel_name: text(h("vessel_name")),
        imo,
        voyage,
        flag: text(h("vessel_country_code")),
    };
    shipment.conveyance = (conveyance != Conveyance::default()).then_some(conveyance);
    match bill_row {
        Some((_, r)) => {
            let (master, house) = (
                text(field(r, 1, "master_bol_number")),
                text(field(r, 1, "house_bol_number")),
            );
            match (house, master) {
                (Some(house), master) => {
                    shipment.bill_of_lading = house;
                    shipment.master_bill = master;
                }
                (None, Some(master)) => shipment.bill_of_lading = master,
                (None, None) => {
                    shipment.bill_of_lading = format!("(no bill number: AMS {id})");
                    problems.push(Problem::error(
                        at(1, bill_row.map_or(0, |(l, _)| *l)),
                        format!(
                            "identifier {id} has no master or house bill number: screened as '{}'",
                            shipment.bill_of_lading
                        ),
                    ));
                }
            }
        }
        None => {
            shipment.bill_of_lading = format!("(no bill number: AMS {id})");
            problems.push(Problem::error(
                at(0, header_line),
                format!(
                    "identifier {id} has no billgen row: screened as '{}'",
                    shipment.bill_of_lading
                ),
            ));
        }
    }
    for (table, role, name) in [
        (2, PartyRole::Shipper, "shipper_party"),
        (3, PartyRole::Consignee, "consignee"),
        (4, PartyRole::NotifyParty, "notify_party"),
    ] {
        for (_, r) in &groups[table] {
            let Some(party_name) = text(field(r, table, &format!("{name}_name"))) else {
                continue;
            };
            let mut address: Vec<String> = (1..=4)
                .filter_map(|i| text(field(r, table, &format!("{name}_address_{i}"))))
                .collect();
            let place = ["city", "state_province", "zip_code"]
                .iter()
                .filter_map(|c| text(field(r, table, c)))
                .collect::<Vec<_>>()
                .join(" ");
            if !place.is_empty() {
                address.push(place);
            }
            shipment.parties.push(Party {
                role,
                name: party_name,
                address,
                country: text(field(r, table, "country_code")),
            });
        }
    }
    goods(&mut shipment, groups, h("manifest_unit"), at, &mut problems);
    if shipment.status == BillStatus::Cancelled {
        problems.push(Problem::warning(
            at(0, header_line),
            format!(
                "bill {} deleted (record_status_indicator): it does not enter the queue, and an unworked queue item for it is withdrawn",
                shipment.bill_of_lading
            ),
        ));
    }
    let first = groups[0].first().map_or(header_line, |(l, _)| *l);
    shipment.source = Some(at(0, first));
    (shipment, problems)
}

/// Goods lines from cargodesc (one per container and sequence), with tariff, hazmat, marks;
/// containers with their seals.
fn goods(
    shipment: &mut Shipment,
    groups: &[Group],
    unit: &str,
    at: &dyn Fn(usize, u64) -> String,
    problems: &mut Vec<Problem>,
) {
    let mut keys: Vec<(String, String)> = Vec::new();
    for (_, r) in &groups[5] {
        let key = (
            field(r, 5, "container_number").to_string(),
            field(r, 5, "description_sequence_number").to_string(),
        );
        let description = field(r, 5, "description_text");
        match keys.iter().position(|k| *k == key) {
            Some(i) => {
                let line = &mut shipment.goods[i];
                if !description.is_empty() && line.description.len() < 16 * 1024 {
                    line.description.push(' ');
                    line.description.push_str(description);
                }
            }
            None => {
                keys.push(key);
                shipment.goods.push(GoodsLine {
                    description: description.to_string(),
                    quantity: super::csv_manifest::parse_number(field(r, 5, "piece_count")).map(
                        |value| Quantity {
                            value,
                            unit: text(unit),
                        },
                    ),
                    ..GoodsLine::default()
                });
            }
        }
    }
    for (line_no, r) in &groups[6] {
        let key = (
            field(r, 6, "container_number").to_string(),
            field(r, 6, "description_sequence_number").to_string(),
        );
        let i = match keys.iter().position(|k| *k == key) {
            Some(i) => i,
            None => {
                keys.push(key);
                shipment.goods.push(GoodsLine::default());
                shipment.goods.len() - 1
            }
        };
        let raw = field(r, 6, "harmonized_number");
        let digits = raw.strip_suffix(".0").unwrap_or(raw);
        if !digits.is_empty() {
            match HsCode::parse(digits) {
                Ok(code) => shipment.goods[i].hs_code = Some(code),
                Err(why) => problems.push(Problem::warning(
                    at(6, *line_no),
                    format!(
                        "harmonized_number: {why}; the line is screened on its description only"
                    ),
                )),
            }
        }
        let weight = super::csv_manifest::parse_number(field(r, 6, "harmonized_weight"));
        if let Some(w) = weight {
            shipment.goods[i].gross_weight_kg =
                checks::weight_kg(w, field(r, 6, "harmonized_weight_unit"));
        }
    }
    for (_, r) in &groups[7] {
        let code = field(r, 7, "hazmat_code");
        let un = code.trim_start_matches("UN").trim();
        let container = field(r, 7, "container_number");
        if let Some(line) = keys
            .iter()
            .position(|(c, _)| c == container)
            .or((!shipment.goods.is_empty()).then_some(0))
            .and_then(|i| shipment.goods.get_mut(i))
            && !un.is_empty()
            && line.un_number.is_none()
        {
            line.un_number = Some(un.to_string());
        }
    }
    for (line_no, r) in &groups[9] {
        let Some(number) = text(field(r, 9, "container_number")) else {
            continue;
        };
        if number.eq_ignore_ascii_case("NC")
            || shipment.containers.iter().any(|c| c.number == number)
        {
            continue;
        }
        if let Err(why) = checks::iso6346(&number) {
            problems.push(Problem::warning(at(9, *line_no), why));
        }
        let seals: Vec<String> = ["seal_number_1", "seal_number_2"]
            .iter()
            .filter_map(|c| text(field(r, 9, c)))
            .collect();
        shipment.containers.push(Container {
            number,
            seal: (!seals.is_empty()).then(|| seals.join(", ")),
            size_type: text(field(r, 9, "container_type")),
        });
    }
    for (_, r) in &groups[10] {
        let container = field(r, 10, "container_number");
        let marks = (1..=8)
            .filter_map(|i| text(field(r, 10, &format!("marks_and_numbers_{i}"))))
            .collect::<Vec<_>>()
            .join(" ");
        if marks.is_empty() {
            continue;
        }
        for (i, (c, _)) in keys.iter().enumerate() {
            if c == container
                && let Some(line) = shipment.goods.get_mut(i)
                && line.marks.is_none()
            {
                line.marks = Some(marks.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests;
