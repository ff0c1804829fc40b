//! Writing an exercise manifest in the formats a hub receives: the agent's CSV export (one row a
//! goods line), a UN/EDIFACT CUSCAR D.95B interchange, and an agent's workbook (xlsx). Every
//! writer takes the same [`Table`] and gives the same bytes for the same table, so that one seed
//! gives one bundle.

pub mod cuscar;
pub mod xlsx;

/// The columns of the agent's CSV export, in order (as `sample-manifests/feeder_jebel_ali.csv`).
pub const HEADER: [&str; 30] = [
    "BL Number",
    "Vessel",
    "IMO",
    "Voyage",
    "Flag",
    "Shipper",
    "Shipper Address",
    "Shipper Country",
    "Consignee",
    "Consignee Address",
    "Consignee Country",
    "Notify Party",
    "Notify Address",
    "Notify Country",
    "Place of Receipt",
    "Port of Loading",
    "Transshipment Port",
    "Port of Discharge",
    "Final Destination",
    "Country of Origin",
    "Container No",
    "Seal No",
    "Size Type",
    "Goods Description",
    "HS Code",
    "Packages",
    "Package Type",
    "Gross Weight (KG)",
    "UN Number",
    "Marks",
];

/// Index of a column of [`HEADER`].
pub fn col(name: &str) -> usize {
    HEADER
        .iter()
        .position(|h| *h == name)
        .unwrap_or_else(|| panic!("no column {name}"))
}

/// A manifest as rows of [`HEADER`]'s columns: one row per goods line, the rows of one bill
/// consecutive and agreeing on every party and routing column. Addresses hold their lines
/// joined with " / "; several transshipment ports are joined with ";".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub rows: Vec<[String; 30]>,
    /// When the manifest was prepared, `YYYYMMDDHHMM` (from the exercise, never the clock).
    pub prepared: String,
    /// The port of the call (UN/LOCODE), for the CUSCAR `LOC+60`.
    pub port: String,
}

/// The table as the agent's CSV export: a header row, then the rows, `\n` line ends.
pub fn csv(table: &Table) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    w.write_record(HEADER).expect("writing to memory");
    for row in &table.rows {
        w.write_record(row).expect("writing to memory");
    }
    w.into_inner().expect("writing to memory")
}
