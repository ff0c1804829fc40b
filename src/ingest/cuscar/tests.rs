use super::*;
use crate::ingest::Severity;

struct Read {
    header: Header,
    shipments: Vec<Shipment>,
    problems: Vec<Problem>,
}

fn read_text(text: &str) -> Read {
    let mut shipments = Vec::new();
    let mut problems = Vec::new();
    let header = read("m.edi", &mut text.as_bytes(), &mut |item| {
        match item {
            Item::Shipment(s) => shipments.push(s),
            Item::Problem(p) => problems.push(p),
        }
        Ok(())
    })
    .expect("readable");
    Read {
        header,
        shipments,
        problems,
    }
}

fn messages(problems: &[Problem]) -> Vec<String> {
    problems
        .iter()
        .map(|p| format!("{} {}: {}", p.location, p.severity.as_str(), p.message))
        .collect()
}

/// Two messages, three consignments, two vessels; one interchange.
const TWO_MESSAGES: &str = "UNB+UNOC:3+SENDER+HUB+261204:0800+77'\
UNH+1+CUSCAR:D:95B:UN'BGM+85+MAN-1+9'\
TDT+20+V01+1++MSC:172:20:MEDITERRANEAN SHIPPING CO+++9295220:146::EVER GIVEN:PA'\
LOC+11+AEJEA'\
EQD+CN+MSCU1234566+45G1'SEL+S1'SEL+S2'\
CNI+1+BL-A'LOC+76+CNSHA'LOC+9+SGSIN'\
NAD+CZ+++ACME:TRADING:LLC+1 RD:PO BOX 9+DUBAI++00000+AE'\
NAD+CN+++BETA GMBH+HAFENSTR 1+HAMBURG++20457+DE'\
GID+1+10:CT'FTX+AAA+++VALVES:STAINLESS'FTX+AAA+++FOR PIPELINES'\
MEA+AAE+G+TNE:1,5'PCI+24+MARK 1:MARK 2'CST++848180:HS'SGP+MSCU1234566+10'\
CNI+2+BL-B'NAD+CZ+++GAMMA LTD'GID+1+1:PK'FTX+AAA+++MACHINE TOOLS'\
UNT+24+1'\
UNH+2+CUSCAR:D:95B:UN'BGM+85+MAN-2+9'\
TDT+20+V02+1+++++:::OCEAN STAR'\
CNI+1+BL-C'NAD+CN+++DELTA CO'GID+1+5:BX'FTX+AAA+++TEA'\
UNT+8+2'UNZ+2+77'";

#[test]
fn two_messages_give_each_bill_its_own_vessel_and_the_first_is_the_header() {
    let read = read_text(TWO_MESSAGES);
    assert_eq!(messages(&read.problems), Vec::<String>::new());
    let bills: Vec<&str> = read
        .shipments
        .iter()
        .map(|s| s.bill_of_lading.as_str())
        .collect();
    assert_eq!(bills, ["BL-A", "BL-B", "BL-C"]);
    assert_eq!(read.header.reference.as_deref(), Some("MAN-1"));
    let first = read.header.conveyance.as_ref().unwrap();
    assert_eq!(first.vessel_name.as_deref(), Some("EVER GIVEN"));
    assert_eq!(first.imo.as_deref(), Some("9295220"));
    assert_eq!(first.voyage.as_deref(), Some("V01"));
    assert_eq!(first.flag.as_deref(), Some("PA"));
    let third = read.shipments[2].conveyance.as_ref().unwrap();
    assert_eq!(third.vessel_name.as_deref(), Some("OCEAN STAR"));
    assert_eq!(third.voyage.as_deref(), Some("V02"));
}

#[test]
fn c080_name_c059_street_and_place_become_name_and_address() {
    let read = read_text(TWO_MESSAGES);
    let a = &read.shipments[0];
    let shipper = a.parties_in(PartyRole::Shipper).next().unwrap();
    assert_eq!(shipper.name, "ACME TRADING LLC");
    assert_eq!(shipper.address, ["1 RD", "PO BOX 9", "00000 DUBAI"]);
    assert_eq!(shipper.country.as_deref(), Some("AE"));
    let consignee = a.parties_in(PartyRole::Consignee).next().unwrap();
    assert_eq!(consignee.name, "BETA GMBH");
    assert_eq!(consignee.address, ["HAFENSTR 1", "20457 HAMBURG"]);
    // The TDT's carrier is on every bill of its message, and only there.
    let carriers = |s: &Shipment| {
        s.parties_in(PartyRole::Carrier)
            .map(|p| p.name.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(carriers(a), ["MEDITERRANEAN SHIPPING CO"]);
    assert_eq!(carriers(&read.shipments[1]), ["MEDITERRANEAN SHIPPING CO"]);
    assert!(carriers(&read.shipments[2]).is_empty());
}

#[test]
fn goods_item_collects_description_weight_marks_code_and_container() {
    let read = read_text(TWO_MESSAGES);
    let a = &read.shipments[0];
    assert_eq!(a.goods.len(), 1);
    let line = &a.goods[0];
    assert_eq!(line.description, "VALVES STAINLESS FOR PIPELINES");
    assert_eq!(line.gross_weight_kg, Some(1500.0));
    assert_eq!(line.marks.as_deref(), Some("MARK 1 MARK 2"));
    assert_eq!(line.hs_code.as_ref().map(|c| c.digits()), Some("848180"));
    let q = line.quantity.as_ref().unwrap();
    assert_eq!((q.value, q.unit.as_deref()), (10.0, Some("CT")));
    assert_eq!(a.containers.len(), 1);
    assert_eq!(a.containers[0].number, "MSCU1234566");
    assert_eq!(a.containers[0].seal.as_deref(), Some("S1, S2"));
    assert_eq!(a.containers[0].size_type.as_deref(), Some("45G1"));
    // Bill B names no equipment: none is guessed.
    assert!(read.shipments[1].containers.is_empty());
}

#[test]
fn route_from_loc_qualifiers_with_header_defaults() {
    let read = read_text(TWO_MESSAGES);
    let r = &read.shipments[0].routing;
    assert_eq!(r.port_of_loading.as_deref(), Some("CNSHA"));
    assert_eq!(r.transshipment_ports, ["SGSIN"]);
    // LOC+11 before the first CNI is the default for every bill of the message.
    assert_eq!(r.port_of_discharge.as_deref(), Some("AEJEA"));
    assert_eq!(
        read.shipments[1].routing.port_of_discharge.as_deref(),
        Some("AEJEA")
    );
    assert_eq!(read.shipments[2].routing.port_of_discharge, None);
}

#[test]
fn source_is_the_range_of_the_bills_segments() {
    let read = read_text(TWO_MESSAGES);
    // UNB 1, UNH 2, BGM 3, TDT 4, LOC 5, EQD 6, SEL 7, SEL 8, CNI 9 ... SGP 20, CNI 21.
    assert_eq!(read.shipments[0].source.as_deref(), Some("m.edi:9-20"));
    assert_eq!(read.shipments[1].source.as_deref(), Some("m.edi:21-24"));
}

#[test]
fn una_changes_separators_release_and_decimal_mark() {
    let text = "UNA:+,? 'UNH+1+CUSCAR:D:96B:UN'BGM+85+M+9'CNI+1+B1'\
NAD+CN++O?'BRIEN ?+ SONS?:LTD'GID+1+2:PK'MEA+AAE+G+KGM:1395,5'UNT+7+1'";
    let read = read_text(text);
    assert_eq!(messages(&read.problems), Vec::<String>::new());
    let s = &read.shipments[0];
    assert_eq!(s.parties[0].name, "O'BRIEN + SONS:LTD");
    assert_eq!(s.goods[0].gross_weight_kg, Some(1395.5));
}

#[test]
fn counts_that_disagree_are_warnings_and_nothing_is_dropped() {
    let text = "UNB+UNOA:2+S+R+200101:1200+9'UNH+1+CUSCAR:D:95B:UN'BGM+85+M+9'CNI+1+B1'\
NAD+CN+++X'UNT+313+1'UNZ+4+9'";
    let read = read_text(text);
    assert_eq!(read.shipments.len(), 1);
    assert_eq!(
        messages(&read.problems),
        [
            "m.edi:6 warning: UNT declares 313 segments, message 1 has 5: segments may be missing",
            "m.edi:7 warning: UNZ declares 4 messages, the interchange has 1",
        ]
    );
}

#[test]
fn bgm_function_sets_each_bills_status() {
    let message = |function: &str| {
        format!("UNH+1+CUSCAR:D:95B:UN'BGM+85+M+{function}'CNI+1+B1'NAD+CN+++X'UNT+5+1'")
    };
    let status = |function: &str| read_text(&message(function)).shipments[0].status;
    assert_eq!(status("9"), BillStatus::Original);
    assert_eq!(status("5"), BillStatus::Amended);
    assert_eq!(status("4"), BillStatus::Partial);
    assert_eq!(status("1"), BillStatus::Cancelled);
    let cancelled = read_text(&message("1"));
    assert_eq!(
        messages(&cancelled.problems),
        [
            "m.edi:3 warning: bill B1 cancelled by this message: it does not enter the queue, and an unworked queue item for it is withdrawn"
        ]
    );
    let partial = read_text(&message("4"));
    assert!(partial.problems[0].message.contains("only changed items"));
}

#[test]
fn a_party_given_only_by_code_is_an_error_and_an_unknown_role_is_still_screened() {
    let text = "UNH+1+CUSCAR:D:95B:UN'BGM+85+M+9'NAD+MS+SCR:172:20'CNI+1+B1'\
NAD+CN+MOB00995'NAD+ZZZ+++PHANTOM TRADING'NAD+ZZZ+++OTHER CO'UNT+8+1'";
    let read = read_text(text);
    assert_eq!(
        messages(&read.problems),
        [
            "m.edi:5 error: NAD+CN: party given only as code MOB00995, no name: nothing to screen",
            "m.edi:6 warning: NAD+ZZZ: a party role hubscreen has no name for; such parties are \
             screened as 'other party'",
        ]
    );
    let names: Vec<(&str, PartyRole)> = read.shipments[0]
        .parties
        .iter()
        .map(|p| (p.name.as_str(), p.role))
        .collect();
    assert_eq!(
        names,
        [
            ("PHANTOM TRADING", PartyRole::OtherParty),
            ("OTHER CO", PartyRole::OtherParty)
        ]
    );
}

#[test]
fn several_hs_codes_on_one_item_become_lines_of_their_own() {
    let text = "UNH+1+CUSCAR:D:95B:UN'BGM+85+M+9'CNI+1+B1'NAD+CN+++X'\
GID+1+3:PK'FTX+AAA+++CHIPS'PIA+5+854231:HS+853224:HS'MEA+AAE+G+KGM:30'UNT+9+1'";
    let read = read_text(text);
    let goods = &read.shipments[0].goods;
    let codes: Vec<_> = goods
        .iter()
        .map(|g| g.hs_code.as_ref().unwrap().digits())
        .collect();
    assert_eq!(codes, ["854231", "853224"]);
    assert_eq!(goods[1].description, "CHIPS");
    assert_eq!(goods[1].gross_weight_kg, None);
    assert_eq!(goods[0].gross_weight_kg, Some(30.0));
    assert_eq!(
        messages(&read.problems),
        [
            "m.edi:3 warning: goods item 1 has 2 HS codes (854231, 853224): each screened on a line of its own"
        ]
    );
}

#[test]
fn house_bill_under_its_master_and_dangerous_goods() {
    let text = "UNH+1+CUSCAR:D:95B:UN'BGM+85+M+9'CNI+1+MBL1'RFF+BH:HBL7'NAD+CN+++X'\
GID+1+1:DR'FTX+AAA+++SOLVENT'FTX+AAD+++ACETONE'DGS+IMD+3+UN1090'UNT+10+1'";
    let read = read_text(text);
    let s = &read.shipments[0];
    assert_eq!(s.bill_of_lading, "HBL7");
    assert_eq!(s.master_bill.as_deref(), Some("MBL1"));
    assert_eq!(s.goods[0].description, "SOLVENT / DG: ACETONE");
    assert_eq!(s.goods[0].un_number.as_deref(), Some("1090"));
}

#[test]
fn a_truncated_message_still_hands_over_its_last_bill_and_says_so() {
    let text = "UNH+1+CUSCAR:D:95B:UN'BGM+85+M+9'CNI+1+B1'NAD+CN+++X'CNI+2+B2'NAD+CN+++Y'";
    let read = read_text(text);
    assert_eq!(read.shipments.len(), 2);
    assert_eq!(read.problems.len(), 1);
    assert_eq!(read.problems[0].severity, Severity::Error);
    assert!(read.problems[0].message.contains("not closed by UNT"));
    assert_eq!(read.problems[0].location, "m.edi:6");
}

#[test]
fn another_message_type_in_the_interchange_is_skipped_by_name() {
    let text = "UNH+1+BAPLIE:D:95B:UN'LOC+147+0010182'UNT+3+1'\
UNH+2+CUSCAR:D:95B:UN'BGM+85+M+9'CNI+1+B1'NAD+CN+++X'UNT+5+2'";
    let read = read_text(text);
    assert_eq!(read.shipments.len(), 1);
    assert_eq!(
        messages(&read.problems),
        ["m.edi:1 error: message 1 is BAPLIE, not CUSCAR: skipped, nothing in it screened"]
    );
}

#[test]
fn a_consignment_without_a_number_is_screened_under_a_label() {
    let text = "UNH+1+CUSCAR:D:95B:UN'BGM+85+M+9'CNI+1'NAD+CN+++X'UNT+5+1'";
    let read = read_text(text);
    assert_eq!(
        read.shipments[0].bill_of_lading,
        "(no bill number: message 1, consignment 1)"
    );
    assert_eq!(read.problems[0].severity, Severity::Error);
}

#[test]
fn a_bad_imo_is_not_used_and_a_bad_container_number_warns() {
    let text = "UNH+1+CUSCAR:D:95B:UN'BGM+85+M+9'TDT+20+V+1+++++9295221:146::SHIP'\
EQD+CN+MSCU1234565'CNI+1+B1'NAD+CN+++X'SGP+MSCU1234565'UNT+8+1'";
    let read = read_text(text);
    let conveyance = read.shipments[0].conveyance.as_ref().unwrap();
    assert_eq!(conveyance.imo, None);
    assert_eq!(conveyance.vessel_name.as_deref(), Some("SHIP"));
    assert_eq!(read.shipments[0].containers[0].number, "MSCU1234565");
    assert_eq!(
        messages(&read.problems),
        [
            "m.edi:3 warning: TDT: IMO number 9295221 fails its check digit (expected 0, found \
             1): not used to match the vessel",
            "m.edi:4 warning: EQD: container number MSCU1234565 fails its ISO 6346 check digit \
             (expected 6)",
        ]
    );
}
