//! The table as a UN/EDIFACT CUSCAR D.95B interchange, laid out as
//! `sample-manifests/render_feeder_cuscar.py` lays out the feeder sample, so that an exercise
//! reaches the trainee in the same shape as the sample they practised on.
//!
//! One message for the vessel, one segment a line:
//!
//! - `UNA`, `UNB` (syntax UNOC, ISO 8859-1): sender the vessel's name in letters and digits,
//!   recipient the port with `HUB`, date and time from [`Table::prepared`], interchange
//!   reference the voyage with `01`;
//! - `UNH`, `BGM+85` (an original manifest, `<voyage>-MANIFEST`), `DTM+132` (the prepared
//!   time, format 203), `TDT+20` with the voyage, IMO number, name and flag of the first row,
//!   `LOC+60` with [`Table::port`];
//! - every distinct container as `EQD+CN` (number, size and type) with its `SEL`;
//! - per bill a `CNI` and `RFF+BM`, its places as `LOC` (88 receipt, 76 loading, 13 each
//!   transshipment port, 11 discharge, 7 delivery, 27 origin), its parties as `NAD` (CZ
//!   shipper, CN consignee, N1 notify) with the name in C080 and the address lines in C059;
//! - per goods row a `GID` (packages and their type), `FTX+AAA` description, `MEA` gross
//!   weight, `PIA+5` HS code, `DGS` UN number, `PCI+24` marks and `SGP` naming its container;
//! - `UNT` with the message's segment count, `UNZ`.
//!
//! Nothing comes from the clock: the same table gives the same text. The script writes UNB's
//! sender, recipient, time and reference as fixed text for its sample; here they come from the
//! table, and for the feeder sample they are the script's: the sample's table renders as
//! `feeder_jebel_ali.edi` byte for byte (`tests/exercise_render.rs` checks it).
//!
//! Where the script stops, this writer goes on (it must not panic on a trainer's table), and
//! where it differs, it differs only on text the script refuses or cannot write well:
//!
//! - A name or marks is cut into 35-character components at spaces, as the directory's an..35
//!   asks. A word longer than 35 characters is cut hard into pieces of 35 (a reader joins the
//!   components with a space, so such a word reads back with spaces in it). A name needing
//!   more than 5 components (marks: 10) has the rest put into the last one, cut to 35
//!   characters: the end of an absurdly long name is lost, never the structure of the message.
//! - An address of more than four lines keeps C059's four components: the fourth and later
//!   lines are joined with ", " into the fourth. Lines are split at " / ", ";" and line breaks.
//!   Address lines and descriptions are written as they are, however long (as the script does).
//! - A character outside ISO 8859-1 is written as an escaped `?` (`??`), so that encoding the
//!   text as Latin-1 ([`to_latin1`]) never turns it into a bare release character. A control
//!   character (a line break inside a cell) is written as a space: line breaks are not data in
//!   EDIFACT.
//! - The interchange reference is cut to 14 characters (an..14): the voyage's first 12 and `01`.
//! - An empty table still gives a well-formed interchange, with empty vessel fields.

use std::collections::{HashMap, HashSet};

use super::{Table, col};

/// The directory's an..35: the longest name, marks or identifier component.
const WIDTH: usize = 35;
/// The most components of a party name (C080 has five) and of marks (C210 has ten).
const NAME_PARTS: usize = 5;
const MARKS_PARTS: usize = 10;
/// The longest interchange control reference (0020, an..14).
const REFERENCE: usize = 14;
/// The most address lines (C059 has four components).
const ADDRESS_LINES: usize = 4;

/// The interchange text (ISO 8859-1 when encoded; see [`to_latin1`]).
pub fn cuscar(table: &Table) -> String {
    let no_row: [String; 30] = Default::default();
    let first = table.rows.first().unwrap_or(&no_row);
    let voyage = cell(first, "Voyage");

    let mut body: Vec<String> = Vec::new();
    body.push(segment("UNH", &["1", "CUSCAR:D:95B:UN"]));
    body.push(segment(
        "BGM",
        &["85", &esc(&format!("{voyage}-MANIFEST")), "9"],
    ));
    body.push(segment(
        "DTM",
        &[&format!("132:{}:203", esc(&table.prepared))],
    ));
    let vessel = [
        esc(cell(first, "IMO")),
        "146".to_string(),
        String::new(),
        esc(cell(first, "Vessel")),
        esc(cell(first, "Flag")),
    ]
    .join(":");
    body.push(segment(
        "TDT",
        &["20", &esc(voyage), "1", "", "", "", "", &vessel],
    ));
    body.push(segment("LOC", &["60", &esc(&table.port)]));

    // Every container once, in the order the rows first name it.
    let mut seen: HashSet<&str> = HashSet::new();
    for row in &table.rows {
        let number = cell(row, "Container No");
        if number.is_empty() || !seen.insert(number) {
            continue;
        }
        body.push(segment(
            "EQD",
            &["CN", &esc(number), &esc(cell(row, "Size Type"))],
        ));
        let seal = cell(row, "Seal No");
        if !seal.is_empty() {
            body.push(segment("SEL", &[&esc(seal)]));
        }
    }

    for (n, (bill, lines)) in bills(table).into_iter().enumerate() {
        consignment(&mut body, n + 1, bill, &lines);
    }
    let count = body.len() + 1;
    body.push(segment("UNT", &[&count.to_string(), "1"]));

    let reference = esc(&format!("{}01", cut(voyage, REFERENCE - 2)));
    let sender: String = cell(first, "Vessel")
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .take(WIDTH)
        .collect();
    let prepared = table.prepared.as_str();
    let date = format!(
        "{}:{}",
        esc(prepared.get(2..8).unwrap_or("")),
        esc(prepared.get(8..12).unwrap_or(""))
    );
    let unb = segment(
        "UNB",
        &[
            "UNOC:3",
            &sender,
            &esc(&format!("{}HUB", table.port)),
            &date,
            &reference,
        ],
    );
    let unz = segment("UNZ", &["1", &reference]);
    format!("UNA:+.? '\n{unb}\n{}\n{unz}\n", body.join("\n"))
}

/// The text as ISO 8859-1 bytes, the character set UNB's `UNOC` names. A character outside it
/// becomes `?`; [`cuscar`] never gives one (it writes them as an escaped `?` itself, since a
/// bare `?` here would be read as the release character).
pub fn to_latin1(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?'))
        .collect()
}

/// One bill's segments: CNI, RFF, its places, its parties and its goods rows.
fn consignment(body: &mut Vec<String>, n: usize, bill: &str, lines: &[&[String; 30]]) {
    let Some(head) = lines.first() else {
        return;
    };
    body.push(segment("CNI", &[&n.to_string(), &esc(bill)]));
    body.push(segment("RFF", &[&format!("BM:{}", esc(bill))]));
    let mut places = vec![
        ("88", cell(head, "Place of Receipt")),
        ("76", cell(head, "Port of Loading")),
    ];
    places.extend(
        cell(head, "Transshipment Port")
            .split(';')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(|p| ("13", p)),
    );
    places.extend([
        ("11", cell(head, "Port of Discharge")),
        ("7", cell(head, "Final Destination")),
        ("27", cell(head, "Country of Origin")),
    ]);
    for (qualifier, place) in places {
        if !place.is_empty() {
            body.push(segment("LOC", &[qualifier, &esc(place)]));
        }
    }
    for (qualifier, name, role) in [
        ("CZ", "Shipper", "Shipper"),
        ("CN", "Consignee", "Consignee"),
        ("N1", "Notify Party", "Notify"),
    ] {
        let name = cell(head, name);
        if !name.is_empty() {
            body.push(nad(
                qualifier,
                name,
                cell(head, &format!("{role} Address")),
                cell(head, &format!("{role} Country")),
            ));
        }
    }
    for (k, row) in lines.iter().enumerate() {
        let packages = cell(row, "Packages");
        let packages = if packages.is_empty() {
            String::new()
        } else {
            format!("{}:{}", esc(packages), esc(cell(row, "Package Type")))
        };
        body.push(segment("GID", &[&(k + 1).to_string(), &packages]));
        body.push(segment(
            "FTX",
            &["AAA", "", "", &esc(cell(row, "Goods Description"))],
        ));
        let weight = cell(row, "Gross Weight (KG)");
        if !weight.is_empty() {
            body.push(segment(
                "MEA",
                &["AAE", "G", &format!("KGM:{}", esc(weight))],
            ));
        }
        let hs = cell(row, "HS Code");
        if !hs.is_empty() {
            body.push(segment("PIA", &["5", &format!("{}:HS", esc(hs))]));
        }
        let un = cell(row, "UN Number");
        if !un.is_empty() {
            body.push(segment("DGS", &["IMD", "", &esc(un)]));
        }
        let marks = cell(row, "Marks");
        if !marks.is_empty() {
            body.push(segment("PCI", &["24", &components(marks, MARKS_PARTS)]));
        }
        let container = cell(row, "Container No");
        if !container.is_empty() {
            body.push(segment("SGP", &[&esc(container)]));
        }
    }
}

/// The table's bills in the order they first appear, each with its rows (a bill's rows are
/// consecutive in a table; rows of one bill number further down join it all the same, as the
/// script's grouping does).
fn bills(table: &Table) -> Vec<(&str, Vec<&[String; 30]>)> {
    let mut bills: Vec<(&str, Vec<&[String; 30]>)> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for row in &table.rows {
        let bill = cell(row, "BL Number");
        let i = *index.entry(bill).or_insert_with(|| {
            bills.push((bill, Vec::new()));
            bills.len() - 1
        });
        bills[i].1.push(row);
    }
    bills
}

/// A party: name in C080 (element 4), address lines in C059 (5), country in 3207 (9).
fn nad(qualifier: &str, name: &str, address: &str, country: &str) -> String {
    let street = address_lines(address)
        .iter()
        .map(|l| esc(l))
        .collect::<Vec<_>>()
        .join(":");
    segment(
        "NAD",
        &[
            qualifier,
            "",
            "",
            &components(name, NAME_PARTS),
            &street,
            "",
            "",
            "",
            &esc(country),
        ],
    )
}

/// The escaped components of a name or marks, joined with `:`.
fn components(text: &str, most: usize) -> String {
    chunks(text, most)
        .iter()
        .map(|p| esc(p))
        .collect::<Vec<_>>()
        .join(":")
}

/// One segment: the tag and its elements joined with `+`, trailing empty elements dropped (as
/// senders do), then the terminator.
fn segment(tag: &str, elements: &[&str]) -> String {
    let mut parts: Vec<&str> = std::iter::once(tag)
        .chain(elements.iter().copied())
        .collect();
    while parts.last().is_some_and(|p| p.is_empty()) {
        parts.pop();
    }
    format!("{}'", parts.join("+"))
}

/// A cell of a row by its [`super::HEADER`] name.
fn cell<'a>(row: &'a [String; 30], name: &str) -> &'a str {
    &row[col(name)]
}

/// Escapes the service characters `?` `'` `+` `:` with the release character `?`; a
/// character outside ISO 8859-1 becomes an escaped `?`, a control character a space (see the
/// module's doc).
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let c = if u32::from(c) > 0xFF {
            '?'
        } else if c.is_control() && u32::from(c) < 0x80 {
            ' '
        } else {
            c
        };
        if matches!(c, '?' | '\'' | '+' | ':') {
            out.push('?');
        }
        out.push(c);
    }
    out
}

/// The first `n` characters of a text.
fn cut(text: &str, n: usize) -> &str {
    text.char_indices().nth(n).map_or(text, |(i, _)| &text[..i])
}

/// Cuts text at spaces into at most `most` pieces of at most 35 characters, as the script
/// does; a word longer than 35 is cut hard, and what does not fit in `most` pieces goes into
/// the last, cut to 35 (see the module's doc). Widths count characters, not bytes.
fn chunks(text: &str, most: usize) -> Vec<String> {
    let mut words: Vec<&str> = Vec::new();
    for word in text.split(' ') {
        let mut rest = word;
        while rest.chars().count() > WIDTH {
            let head = cut(rest, WIDTH);
            words.push(head);
            rest = &rest[head.len()..];
        }
        words.push(rest);
    }
    let mut pieces: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in words {
        let candidate = if current.is_empty() {
            word.to_string()
        } else {
            format!("{current} {word}")
        };
        if candidate.chars().count() <= WIDTH {
            current = candidate;
        } else {
            pieces.push(std::mem::replace(&mut current, word.to_string()));
        }
    }
    pieces.push(current);
    if pieces.len() > most {
        let rest = pieces.split_off(most.saturating_sub(1)).join(" ");
        pieces.push(cut(&rest, WIDTH).trim_end().to_string());
    }
    pieces
}

/// The address lines a cell holds: split at " / " (how the table joins them), ";" and line
/// breaks (as agents write them), at most four (the rest joined into the fourth).
fn address_lines(raw: &str) -> Vec<String> {
    let mut lines: Vec<String> = raw
        .replace([';', '\r', '\n'], " / ")
        .split(" / ")
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect();
    if lines.len() > ADDRESS_LINES {
        let rest = lines.split_off(ADDRESS_LINES - 1).join(", ");
        lines.push(rest);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_characters_are_released() {
        assert_eq!(esc("A'B+C:D?E"), "A?'B?+C?:D??E");
        assert_eq!(esc("Ł\nX"), "?? X");
        assert_eq!(to_latin1("É€"), [0xC9, b'?']);
    }

    #[test]
    fn names_cut_at_spaces_as_the_script_does() {
        assert_eq!(chunks("SHORT NAME", 5), ["SHORT NAME"]);
        assert_eq!(
            chunks("GULF ENGINEERING AND GENERAL TRADING COMPANY LIMITED", 5),
            ["GULF ENGINEERING AND GENERAL", "TRADING COMPANY LIMITED"]
        );
        // Exactly 35 characters stays one piece.
        let exact = "A".repeat(35);
        assert_eq!(chunks(&exact, 5), [exact]);
    }

    #[test]
    fn a_long_word_is_cut_hard_and_the_rest_goes_into_the_last_piece() {
        let word = "W".repeat(50);
        assert_eq!(
            chunks(&format!("AB {word}"), 5),
            ["AB", &"W".repeat(35), &"W".repeat(15)]
        );
        let long = "ABCDEFGHIJ ".repeat(20);
        let pieces = chunks(long.trim_end(), 5);
        assert_eq!(pieces.len(), 5);
        assert!(
            pieces.iter().all(|p| p.chars().count() <= WIDTH),
            "{pieces:?}"
        );
        // Characters, not bytes.
        assert_eq!(chunks(&"É".repeat(35), 5).len(), 1);
    }

    #[test]
    fn address_lines_keep_four_components() {
        assert_eq!(address_lines("A / B;C"), ["A", "B", "C"]);
        assert_eq!(address_lines("A / B / C / D / E"), ["A", "B", "C", "D, E"]);
        assert!(address_lines("").is_empty());
    }

    #[test]
    fn trailing_empty_elements_are_dropped() {
        assert_eq!(segment("NAD", &["CZ", "", "", "X", "", ""]), "NAD+CZ+++X'");
        assert_eq!(segment("GID", &["1", ""]), "GID+1'");
    }

    #[test]
    fn an_empty_table_is_a_whole_interchange() {
        let text = cuscar(&Table {
            rows: Vec::new(),
            prepared: String::new(),
            port: String::new(),
        });
        assert!(
            text.starts_with("UNA:+.? '\nUNB+UNOC:3++HUB+:+01'\n"),
            "{text}"
        );
        assert!(text.ends_with("UNT+6+1'\nUNZ+1+01'\n"), "{text}");
    }
}
