//! The exercise render layer: one table written as the agent's CSV, a CUSCAR interchange and an
//! agent's workbook reads back through hubscreen's own readers as the same shipments; the same
//! table gives the same bytes; a name no directory allows neither panics nor is lost whole; and
//! the feeder sample renders as the sample scripts render it.

mod common;

use std::io::{Cursor, Read};

use hubscreen::exercise::render::{self, HEADER, Table, col, cuscar, xlsx};
use hubscreen::ingest::{self, IngestOptions, Ingested, ManifestFormat, Severity};
use hubscreen::model::{PartyRole, Shipment};
use hubscreen::source::Source;

/// A row from (heading, value) pairs; every other column empty.
fn row(values: &[(&str, &str)]) -> [String; 30] {
    let mut row: [String; 30] = Default::default();
    for (heading, value) in values {
        row[col(heading)] = value.to_string();
    }
    row
}

/// The vessel columns every row carries.
const VESSEL: [(&str, &str); 4] = [
    ("Vessel", "GULF SPIRIT"),
    ("IMO", "9417232"),
    ("Voyage", "GS2611E"),
    ("Flag", "LR"),
];

const LONG_CONSIGNEE: &str = "AL MAHA INTERNATIONAL GENERAL TRADING AND CONTRACTING COMPANY L.L.C.";
const ODD_DESCRIPTION: &str = "O'BRIEN PUMPS + VALVES: SIZE 2? INCH (50% OFF)";

/// Three bills: the first with two goods lines in one container, two transshipment ports, a
/// notify party that is only "SAME AS CONSIGNEE", a consignee name longer than 35 characters
/// and a description holding every EDIFACT service character; the second with a notify party
/// of its own, a UN number and marks longer than 35 characters; the third with an HS code
/// that starts with a zero and a weight written with three decimals.
fn table() -> Table {
    let bill = |values: &[(&str, &str)]| {
        let mut all: Vec<(&str, &str)> = VESSEL.to_vec();
        all.extend_from_slice(values);
        row(&all)
    };
    let first = [
        ("BL Number", "EXR26110001"),
        ("Shipper", "TAIZHOU XINDA PUMP INDUSTRY CO.,LTD"),
        (
            "Shipper Address",
            "DAXI TOWN, WENLING CITY / ZHEJIANG PROVINCE CHINA",
        ),
        ("Shipper Country", "CN"),
        ("Consignee", LONG_CONSIGNEE),
        (
            "Consignee Address",
            "PO BOX 4471 / INDUSTRIAL AREA 12 / SHARJAH, UAE",
        ),
        ("Consignee Country", "AE"),
        ("Notify Party", "SAME AS CONSIGNEE"),
        ("Place of Receipt", "CNYIW"),
        ("Port of Loading", "CNNGB"),
        ("Transshipment Port", "SGSIN;LKCMB"),
        ("Port of Discharge", "AEJEA"),
        ("Final Destination", "AEJEA"),
        ("Country of Origin", "CN"),
        ("Container No", "BEAU4519476"),
        ("Seal No", "CN2246971"),
        ("Size Type", "22G1"),
    ];
    let mut rows = vec![
        bill(
            &[
                &first[..],
                &[
                    ("Goods Description", ODD_DESCRIPTION),
                    ("HS Code", "HS CODE 8413.70"),
                    ("Packages", "186"),
                    ("Package Type", "PKG"),
                    ("Gross Weight (KG)", "8699.11"),
                ],
            ]
            .concat(),
        ),
        bill(
            &[
                &first[..],
                &[
                    ("Goods Description", "BUTTERFLY VALVES LUG TYPE PN16"),
                    ("HS Code", "8481.80"),
                    ("Packages", "17"),
                    ("Package Type", "PLT"),
                    ("Gross Weight (KG)", "1425"),
                ],
            ]
            .concat(),
        ),
    ];
    rows.push(bill(&[
        ("BL Number", "EXR26110002"),
        ("Shipper", "SHANGHAI CHEMTRADE CO LTD"),
        (
            "Shipper Address",
            "ROOM 1203, 88 CENTURY AVENUE / PUDONG, SHANGHAI",
        ),
        ("Shipper Country", "CN"),
        ("Consignee", "DESERT ROSE INDUSTRIAL SUPPLIES FZE"),
        ("Consignee Address", "JAFZA SOUTH / DUBAI, U.A.E."),
        ("Consignee Country", "AE"),
        ("Notify Party", "GULF CLEARING & FORWARDING LLC"),
        ("Notify Address", "OFFICE 14, PORT SAEED / DEIRA, DUBAI"),
        ("Notify Country", "AE"),
        ("Place of Receipt", "CNSHA"),
        ("Port of Loading", "CNSHA"),
        ("Port of Discharge", "AEJEA"),
        ("Final Destination", "AEDXB"),
        ("Country of Origin", "CN"),
        ("Container No", "SZLU8202762"),
        ("Seal No", "CN7149335"),
        ("Size Type", "22T6"),
        ("Goods Description", "PHOSPHORUS TRICHLORIDE IN ISO TANK"),
        ("HS Code", "2812.19"),
        ("Packages", "1"),
        ("Package Type", "TNK"),
        ("Gross Weight (KG)", "21000"),
        ("UN Number", "1809"),
        (
            "Marks",
            "DESERT ROSE / JAFZA / LOT 2026-117 / HANDLE WITH CARE / NO HOOKS",
        ),
    ]));
    rows.push(bill(&[
        ("BL Number", "EXR26110003"),
        ("Shipper", "UNJHA SEEDS & SPICES CO."),
        (
            "Shipper Address",
            "NEAR APMC MARKET YARD / UNJHA DIST MEHSANA / GUJARAT 384170",
        ),
        ("Shipper Country", "IN"),
        ("Consignee", "AL NOOR FOODSTUFF TRADING L.L.C"),
        (
            "Consignee Address",
            "SHOP 12, AL RAS AREA / DEIRA, DUBAI, U.A.E.",
        ),
        ("Consignee Country", "AE"),
        ("Place of Receipt", "INLDH"),
        ("Port of Loading", "INNSA"),
        ("Port of Discharge", "AEJEA"),
        ("Final Destination", "AEDXB"),
        ("Country of Origin", "IN"),
        ("Container No", "SEGU2395892"),
        ("Seal No", "00349544"),
        ("Size Type", "22G1"),
        ("Goods Description", "600 BAG STC INDIAN CUMIN SEEDS"),
        ("HS Code", "0909.31"),
        ("Packages", "600"),
        ("Package Type", "BAG"),
        ("Gross Weight (KG)", "15120.000"),
        ("Marks", "AS ADDRESSED"),
    ]));
    Table {
        rows,
        prepared: "202611270600".into(),
        port: "AEJEA".into(),
    }
}

/// Reads bytes as a manifest file named `label`; no problem may be an error.
fn read(label: &str, bytes: Vec<u8>) -> Ingested {
    let read = ingest::ingest(&Source::from_bytes(label, bytes), &IngestOptions::default())
        .unwrap_or_else(|e| panic!("{label}: {e}"));
    let errors: Vec<_> = read
        .problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .collect();
    assert!(errors.is_empty(), "{label}: {errors:?}");
    read
}

/// The shipments as the three formats must agree on them: the vessel taken from the
/// manifest when a bill does not name its own (CUSCAR names it once, in TDT), and where in
/// the file each bill was left out.
fn shipments(read: &Ingested) -> Vec<Shipment> {
    read.manifest
        .shipments
        .iter()
        .map(|s| {
            let mut s = s.clone();
            s.conveyance = s.conveyance.or_else(|| read.manifest.conveyance.clone());
            s.source = None;
            s
        })
        .collect()
}

/// The table as read from each of its three renderings.
fn three_ways(table: &Table) -> [(ManifestFormat, Vec<Shipment>); 3] {
    let csv = read("exercise.csv", render::csv(table));
    let edi = read("exercise.edi", cuscar::to_latin1(&cuscar::cuscar(table)));
    let book = read("exercise.xlsx", xlsx::xlsx(table));
    [csv, edi, book].map(|r| (r.format, shipments(&r)))
}

#[test]
fn csv_cuscar_and_xlsx_read_back_as_the_same_shipments() {
    let [(csv_format, csv), (edi_format, edi), (book_format, book)] = three_ways(&table());
    assert_eq!(
        [csv_format, edi_format, book_format],
        [
            ManifestFormat::Csv,
            ManifestFormat::Cuscar,
            ManifestFormat::Spreadsheet
        ]
    );
    assert_eq!(edi, csv, "CUSCAR against CSV");
    assert_eq!(book, csv, "xlsx against CSV");

    // And what they agree on is the table.
    let bills: Vec<&str> = csv.iter().map(|s| s.bill_of_lading.as_str()).collect();
    assert_eq!(bills, ["EXR26110001", "EXR26110002", "EXR26110003"]);
    let first = &csv[0];
    assert_eq!(first.goods.len(), 2);
    assert_eq!(first.goods[0].description, ODD_DESCRIPTION);
    assert_eq!(
        first.goods[0].hs_code.as_ref().map(|c| c.digits()),
        Some("841370")
    );
    assert_eq!(first.goods[0].gross_weight_kg, Some(8699.11));
    assert_eq!(first.containers.len(), 1, "two lines, one container");
    assert_eq!(first.containers[0].number, "BEAU4519476");
    assert_eq!(first.containers[0].seal.as_deref(), Some("CN2246971"));
    assert_eq!(first.routing.transshipment_ports, ["SGSIN", "LKCMB"]);
    // "SAME AS CONSIGNEE" is no party of its own.
    assert_eq!(first.parties_in(PartyRole::NotifyParty).count(), 0);
    let consignee = first.parties_in(PartyRole::Consignee).next().unwrap();
    assert_eq!(consignee.name, LONG_CONSIGNEE);
    assert_eq!(
        consignee.address,
        ["PO BOX 4471", "INDUSTRIAL AREA 12", "SHARJAH, UAE"]
    );
    assert_eq!(consignee.country.as_deref(), Some("AE"));
    let second = &csv[1];
    let notify = second.parties_in(PartyRole::NotifyParty).next().unwrap();
    assert_eq!(notify.name, "GULF CLEARING & FORWARDING LLC");
    assert_eq!(second.goods[0].un_number.as_deref(), Some("1809"));
    assert_eq!(
        second.goods[0].marks.as_deref(),
        Some("DESERT ROSE / JAFZA / LOT 2026-117 / HANDLE WITH CARE / NO HOOKS")
    );
    let third = &csv[2];
    assert_eq!(
        third.goods[0].hs_code.as_ref().map(|c| c.digits()),
        Some("090931")
    );
    assert_eq!(third.goods[0].gross_weight_kg, Some(15120.0));
    assert_eq!(third.routing.transshipment_ports, Vec::<String>::new());
    let vessel = first.conveyance.as_ref().unwrap();
    assert_eq!(vessel.imo.as_deref(), Some("9417232"));
    assert_eq!(vessel.voyage.as_deref(), Some("GS2611E"));
}

#[test]
fn the_service_characters_are_released_in_the_interchange() {
    let text = cuscar::cuscar(&table());
    assert!(
        text.contains("FTX+AAA+++O?'BRIEN PUMPS ?+ VALVES?: SIZE 2?? INCH (50% OFF)'\n"),
        "{text}"
    );
    // The long name in two components cut at a space.
    assert!(
        text.contains(
            "NAD+CN+++AL MAHA INTERNATIONAL GENERAL:TRADING AND CONTRACTING COMPANY:L.L.C.+"
        ),
        "{text}"
    );
    assert!(text.contains("LOC+13+SGSIN'\nLOC+13+LKCMB'\n"), "{text}");
    assert!(text.contains("UNB+UNOC:3+GULFSPIRIT+AEJEAHUB+261127:0600+GS2611E01'\n"));
    assert!(text.ends_with("UNZ+1+GS2611E01'\n"));
}

#[test]
fn the_same_table_gives_the_same_bytes() {
    let (a, b) = (table(), table());
    assert_eq!(cuscar::cuscar(&a), cuscar::cuscar(&b));
    assert_eq!(xlsx::xlsx(&a), xlsx::xlsx(&b));
    assert_eq!(render::csv(&a), render::csv(&b));
    // Another prepared time is another interchange: the date comes from the table.
    let later = Table {
        prepared: "202612010915".into(),
        ..table()
    };
    assert!(cuscar::cuscar(&later).contains("+261201:0915+GS2611E01'"));
}

#[test]
fn a_name_no_directory_allows_neither_panics_nor_is_lost() {
    let mut table = table();
    let word = "W".repeat(50);
    let long_name = format!(
        "{} {word} {}",
        "NORTHERN ".repeat(10).trim_end(),
        "TRADING ".repeat(10).trim_end()
    );
    assert!(long_name.chars().count() >= 200);
    let mut stress = table.rows[2].clone();
    stress[col("BL Number")] = "EXR26119999".into();
    stress[col("Shipper")] = long_name.clone();
    stress[col("Marks")] = format!("{word} {word}");
    stress[col("Shipper Address")] = "A / B / C / D / E".into();
    table.rows.push(stress);

    let text = cuscar::cuscar(&table);
    let nad = text
        .lines()
        .skip_while(|l| !l.starts_with("CNI+4+"))
        .find(|l| l.starts_with("NAD+CZ"))
        .unwrap();
    let name = nad.split('+').nth(4).unwrap();
    let parts: Vec<&str> = name.split(':').collect();
    assert_eq!(parts.len(), 5, "{nad}");
    assert!(parts.iter().all(|p| p.chars().count() <= 35), "{nad}");
    // Four address lines at most: the rest joined into the fourth.
    assert_eq!(nad.split('+').nth(5), Some("A:B:C:D, E"), "{nad}");

    let [(_, csv), (_, edi), (_, book)] = three_ways(&table);
    let shipper = |shipments: &[Shipment]| {
        let bill = shipments
            .iter()
            .find(|s| s.bill_of_lading == "EXR26119999")
            .expect("the stress bill reads back");
        bill.parties_in(PartyRole::Shipper)
            .next()
            .unwrap()
            .name
            .clone()
    };
    assert_eq!(shipper(&csv), long_name);
    assert_eq!(shipper(&book), long_name);
    // CUSCAR holds five components of at most 35: the name reads back as the components
    // joined, the start of the name (its end lost), with a space where the 50-letter word was
    // cut.
    let squeezed = |s: &str| s.replace(' ', "");
    let read_back = shipper(&edi);
    assert_eq!(read_back, parts.join(" "));
    assert!(
        squeezed(&long_name).starts_with(&squeezed(&read_back)),
        "{read_back}"
    );
    assert!(read_back.chars().count() >= 150, "{read_back}");
    assert!(read_back.contains(&format!("{} {}", "W".repeat(35), "W".repeat(15))));
    // The other bills are untouched by it.
    assert_eq!(edi[..3], csv[..3]);
}

/// The feeder sample as a table, its rows as the csv crate reads them.
fn feeder() -> Table {
    let mut reader =
        csv::Reader::from_path(common::project("sample-manifests/feeder_jebel_ali.csv")).unwrap();
    let headings: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(headings, HEADER);
    let rows = reader
        .records()
        .map(|r| {
            let cells: Vec<String> = r.unwrap().iter().map(String::from).collect();
            <[String; 30]>::try_from(cells).unwrap()
        })
        .collect();
    Table {
        rows,
        prepared: "202611270600".into(),
        port: "AEJEA".into(),
    }
}

#[test]
fn the_feeder_sample_renders_as_the_scripts_interchange() {
    let ours = cuscar::to_latin1(&cuscar::cuscar(&feeder()));
    let script = std::fs::read(common::project("sample-manifests/feeder_jebel_ali.edi")).unwrap();
    if ours != script {
        let (ours, script) = (
            String::from_utf8_lossy(&ours),
            String::from_utf8_lossy(&script),
        );
        let at = ours
            .lines()
            .zip(script.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(0);
        panic!(
            "differs at line {}: ours {:?}, the script's {:?}",
            at + 1,
            ours.lines().nth(at),
            script.lines().nth(at)
        );
    }
}

/// The parts of a workbook, by name.
fn parts(bytes: &[u8]) -> Vec<(String, String)> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut file = zip.by_index(i).unwrap();
            let mut text = String::new();
            file.read_to_string(&mut text).unwrap();
            (file.name().unwrap().to_string(), text)
        })
        .collect()
}

#[test]
fn the_feeder_sample_renders_as_the_scripts_workbook() {
    let ours = parts(&xlsx::xlsx(&feeder()));
    let script =
        parts(&std::fs::read(common::project("sample-manifests/feeder_jebel_ali.xlsx")).unwrap());
    let names = |p: &[(String, String)]| p.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(names(&ours), names(&script));
    for ((name, a), (_, b)) in ours.iter().zip(&script) {
        if name == "xl/worksheets/sheet1.xml" {
            // The title and voyage rows say what the table knows; from the header on, the
            // sheets are the same text.
            let from_header = |s: &str| s[s.find(r#"<row r="4">"#).unwrap()..].to_string();
            assert_eq!(from_header(a), from_header(b));
            assert!(
                a.contains("CARGO MANIFEST - MV GULF SPIRIT (LR)</t>"),
                "{}",
                &a[..600]
            );
            assert!(a.contains("Voyage GS2611E</t>"));
            assert!(a.contains("Port AEJEA, prepared 27.11.2026 06:00</t>"));
        } else {
            assert_eq!(a, b, "{name}");
        }
    }
    // And it reads as the CSV does.
    let book = read("feeder.xlsx", xlsx::xlsx(&feeder()));
    let csv = read("feeder.csv", render::csv(&feeder()));
    assert_eq!(shipments(&book), shipments(&csv));
}
