use super::*;

use crate::ingest::test_support::{Read, read_with};

fn read_text(text: &str) -> Read {
    read_with(read, "m.x12", text).expect("readable")
}

/// Section (A) of ../shared/data/manifests/x12_309_samples.txt: the x12-types crate's 5010
/// test message (MIT OR Apache-2.0), without an envelope.
const SAMPLE_A: &str = "ST*309*0001~
M10*ZZ*O*SCAC*VESSEL*1*MANIFEST1~
NM1*CB*2*BROKER~
REF*ZZ*REF1~
N3*1 BROKER ST~
N4*NYC*NY*10001~
P4*PORT1*20200101~
LX*1~
N9*BM*BOL123~
N1*SH*SHIPPER~
N3*1 SHIPPER ST~
M12*01*ENTRY1~
R4*1*UN*PORT1*PORTNAME~
VID*CN*CONT1*4500~
M7*SEAL1~
N10*10*WIDGETS*MARKS~
VC*VIN999~
MAN*GM*0000~
H1*1234*F~
H2*FLAMMABLE~
SE*20*0001~
";

#[test]
fn sample_a_reads_its_one_bill_with_the_broker_on_it() {
    let read = read_text(SAMPLE_A);
    assert_eq!(read.shipments.len(), 1);
    let bill = &read.shipments[0];
    assert_eq!(bill.bill_of_lading, "BOL123");
    assert_eq!(bill.source.as_deref(), Some("m.x12:8-20"));
    let parties: Vec<(PartyRole, &str, Vec<&str>)> = bill
        .parties
        .iter()
        .map(|p| {
            (
                p.role,
                p.name.as_str(),
                p.address.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    assert_eq!(
        parties,
        [
            (
                PartyRole::OtherParty,
                "BROKER",
                vec!["1 BROKER ST", "NYC NY 10001"]
            ),
            (PartyRole::Shipper, "SHIPPER", vec!["1 SHIPPER ST"]),
        ]
    );
    let line = &bill.goods[0];
    assert_eq!(line.description, "WIDGETS / DG: FLAMMABLE");
    assert_eq!(line.quantity.as_ref().map(|q| q.value), Some(10.0));
    assert_eq!(line.marks.as_deref(), Some("MARKS VIN VIN999 0000"));
    assert_eq!(line.un_number.as_deref(), Some("1234"));
    assert_eq!(bill.containers[0].number, "CONT14500");
    assert_eq!(bill.containers[0].seal.as_deref(), Some("SEAL1"));
    // R4 function 1: the final port of discharge.
    assert_eq!(bill.routing.port_of_discharge.as_deref(), Some("PORT1"));
    assert_eq!(
        read.problems,
        [
            "m.x12:14 warning: VID: container number 'CONT14500' is not in ISO 6346 form (four \
             letters ending U, J or Z, then seven digits)",
            "m.x12:21 warning: SE declares 20 segments, transaction set 0001 has 21: segments \
             may be missing",
        ]
    );
    // In the 4010 layout this 5010 M10 gives voyage MANIFEST1 and no manifest sequence.
    assert_eq!(read.header.reference, None);
}

/// Section (B): real 4010 lines from a Kingston shipping agency's program, made into one
/// coherent interchange with an ISA/GS envelope (the M13 lines left out).
const KINGSTON: &str = "ISA*00*          *00*          *ZZ*SMLU           *ZZ*USCUSTOMS      *970925*1200*U*00401*000000001*0*P*>~
GS*SO*SMLU*USCS*19970925*1200*1*X*004010~
ST*309*0000001~
M10*SMLU*O*PA*91500080*SEABOARD UNITY*011**1*Y*L*N~
P4*5201*970925*1~
LX*1~
M11*KGTN00402328*24145*1151*CNT*37922*L***00*KINGSTON**SMLU~
N1*SH*SARA LEE KNIT PRODUCTS~
N1*CN*SARA LEE KNIT PRODUCTS~
N1*N1*SARA LEE KNIT PRODUCTS~
P5*L*ZZ*KINGSTON~
VID*CN*KLIZ*110019*0024051*0024052~
N10*1000*WEARING APPAREL*NONE~
SE*11*0000001~
GE*1*1~
IEA*1*000000001~
";

#[test]
fn the_kingston_bill_reads_in_its_envelope() {
    let read = read_text(KINGSTON);
    assert_eq!(read.shipments.len(), 1);
    let bill = &read.shipments[0];
    assert_eq!(bill.bill_of_lading, "KGTN00402328");
    assert_eq!(bill.status, BillStatus::Amended);
    let roles: Vec<PartyRole> = bill.parties.iter().map(|p| p.role).collect();
    assert_eq!(
        roles,
        [
            PartyRole::Shipper,
            PartyRole::Consignee,
            PartyRole::NotifyParty
        ]
    );
    assert!(
        bill.parties
            .iter()
            .all(|p| p.name == "SARA LEE KNIT PRODUCTS")
    );
    let line = &bill.goods[0];
    assert_eq!(line.description, "WEARING APPAREL");
    assert_eq!(line.marks.as_deref(), Some("NONE"));
    assert_eq!(line.quantity.as_ref().map(|q| q.value), Some(1000.0));
    // M11's weight (37,922 lb) goes on the bill's one line, in kg.
    let kg = line.gross_weight_kg.unwrap();
    assert!((kg - 37922.0 * 0.453_592_37).abs() < 1e-6, "{kg}");
    assert_eq!(bill.containers[0].number, "KLIZ110019");
    assert_eq!(bill.containers[0].seal.as_deref(), Some("0024051, 0024052"));
    assert_eq!(bill.routing.port_of_loading.as_deref(), Some("KINGSTON"));
    assert_eq!(bill.routing.port_of_discharge.as_deref(), Some("5201"));
    assert_eq!(bill.routing.place_of_receipt.as_deref(), Some("KINGSTON"));
    let conveyance = bill.conveyance.as_ref().unwrap();
    assert_eq!(conveyance.vessel_name.as_deref(), Some("SEABOARD UNITY"));
    assert_eq!(conveyance.flag.as_deref(), Some("PA"));
    assert_eq!(conveyance.imo, None);
    assert_eq!(
        read.problems,
        [
            "m.x12:4 warning: M10: '91500080' is not an IMO number (seven digits): not used to \
             match the vessel",
            "m.x12:12 warning: VID: container number 'KLIZ110019' is not in ISO 6346 form (four \
             letters ending U, J or Z, then seven digits)",
            "m.x12:14 warning: SE declares 11 segments, transaction set 0000001 has 12: \
             segments may be missing",
        ]
    );
}

#[test]
fn n10_continuations_rebuild_the_description() {
    let text = "ST*309*1~M10*CA*O*LR*9295220*SHIP*V1~LX*1~M11*B1~N1*CN*ACME~\
N10*5*STAINLESS STEEL VALVES FOR GAS~N10**PIPELINES AND FITTINGS~N10***MARKS 2~\
R4*Q*UN*XXABC~SE*10*1~";
    let read = read_text(text);
    let line = &read.shipments[0].goods[0];
    // The first chunk is exactly 30 characters: cut mid-text, joined without a space.
    assert_eq!(
        line.description,
        "STAINLESS STEEL VALVES FOR GASPIPELINES AND FITTINGS"
    );
    assert_eq!(line.marks.as_deref(), Some("MARKS 2"));
    assert_eq!(read.shipments[0].goods.len(), 1);
    let conveyance = read.shipments[0].conveyance.as_ref().unwrap();
    assert_eq!(conveyance.imo.as_deref(), Some("9295220"));
    assert_eq!(
        read.problems,
        ["m.x12:9 warning: R4: port function code 'Q' unknown: XXABC not placed on the route"]
    );
}

#[test]
fn m13_delete_cancels_the_bill_and_the_next_bill_still_reads() {
    let text = "ST*309*1~M10*CA*O*LR**SHIP*V1**2*W~LX*1~M13*CA*5201*D*B1~M11*B1~N1*CN*ACME~\
LX*2~M11*B2~N1*CN*BETA~N10*1*TEA**HS*090240~SE*11*1~";
    let read = read_text(text);
    let statuses: Vec<(&str, BillStatus)> = read
        .shipments
        .iter()
        .map(|s| (s.bill_of_lading.as_str(), s.status))
        .collect();
    assert_eq!(
        statuses,
        [("B1", BillStatus::Cancelled), ("B2", BillStatus::Original)]
    );
    assert_eq!(
        read.problems,
        [
            "m.x12:3 warning: bill B1 deleted by M13: it does not enter the queue, and an unworked queue item for it is withdrawn"
        ]
    );
    let code = read.shipments[1].goods[0].hs_code.as_ref().unwrap();
    assert_eq!(code.digits(), "090240");
}

#[test]
fn separators_come_from_isa_whatever_they_are() {
    let text = "ISA|00|          |00|          |ZZ|S              |ZZ|R              |970925|1200|U|00401|000000001|0|P|^\n\
GS|SO|S|R|19970925|1200|1|X|004010\nST|309|1\nLX|1\nM11|B1\nN1|CN|ACME^TRADING\nSE|5|1\nGE|1|1\nIEA|1|000000001\n";
    let read = read_text(text);
    assert_eq!(read.problems, Vec::<String>::new());
    assert_eq!(read.shipments[0].bill_of_lading, "B1");
    // A component separator inside a name is the sender's text: kept, as a space.
    assert_eq!(read.shipments[0].parties[0].name, "ACME TRADING");
}

#[test]
fn another_transaction_set_is_skipped_by_name_and_a_cut_set_still_gives_its_bill() {
    let text = "ST*310*1~B3*X~SE*3*1~ST*309*2~LX*1~M11*B9~N1*SH*ACME";
    let read = read_text(text);
    assert_eq!(read.shipments.len(), 1);
    assert_eq!(read.shipments[0].bill_of_lading, "B9");
    assert_eq!(
        read.problems,
        [
            "m.x12:1 error: transaction set 1 is an X12 310, not a 309 manifest: skipped, \
             nothing in it screened",
            "m.x12:7 error: the file ends inside segment N1 (no terminator '~') (line 1); the \
             segment is skipped",
            "m.x12:6 error: transaction set 2 not closed by SE: the file ends early \
             (truncated?); its last bill is screened as far as it goes",
        ]
    );
}
