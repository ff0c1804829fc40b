use super::*;

use crate::ingest::test_support::{Read, read_with};

fn read_text(text: &str) -> Read {
    read_with(read, "m.txt", text).expect("readable")
}

fn fixture(name: &str) -> String {
    crate::ingest::test_support::fixture(&format!("air/{name}"))
}

#[test]
fn fwb16_reads_its_waybill_parties_and_goods() {
    let read = read_text(&fixture("fwb16.txt"));
    assert_eq!(read.shipments.len(), 1);
    let bill = &read.shipments[0];
    assert_eq!(bill.bill_of_lading, "176-12345675");
    assert_eq!(bill.source.as_deref(), Some("m.txt:2-29"));
    let parties: Vec<(PartyRole, &str, Option<&str>)> = bill
        .parties
        .iter()
        .map(|p| (p.role, p.name.as_str(), p.country.as_deref()))
        .collect();
    assert_eq!(
        parties,
        [
            (
                PartyRole::Shipper,
                "SHENZHEN EXAMPLE ELECTRONICS CO LTD",
                Some("CN")
            ),
            (PartyRole::Consignee, "TO ORDER", Some("AE")),
            (PartyRole::Forwarder, "EXAMPLE FORWARDING HK", None),
        ]
    );
    assert_eq!(
        bill.parties[0].address,
        [
            "ROOM 1605 BLOCK A NO 9 CAIHONG ROAD",
            "SHENZHEN GD",
            "518000"
        ]
    );
    assert_eq!(bill.parties[1].address, ["PO BOX 12345", "DUBAI"]);
    let codes: Vec<&str> = bill
        .goods
        .iter()
        .map(|g| g.hs_code.as_ref().unwrap().digits())
        .collect();
    assert_eq!(codes, ["854231", "853224"]);
    assert_eq!(bill.goods[0].description, "ELECTRONIC COMPONENTS");
    assert_eq!(bill.goods[1].description, "ELECTRONIC COMPONENTS");
    assert_eq!(bill.goods[0].gross_weight_kg, Some(245.5));
    assert_eq!(bill.goods[0].quantity.as_ref().map(|q| q.value), Some(3.0));
    assert_eq!(bill.goods[1].gross_weight_kg, None);
    assert_eq!(bill.routing.port_of_loading.as_deref(), Some("HKG"));
    assert_eq!(bill.routing.port_of_discharge.as_deref(), Some("DXB"));
    assert!(bill.routing.transshipment_ports.is_empty());
    assert_eq!(bill.routing.country_of_origin.as_deref(), Some("CN"));
    assert_eq!(
        read.problems,
        [
            "m.txt:2 warning: waybill 176-12345675 gives more HS codes than goods lines (853224): \
          each screened on a line of its own"
        ]
    );
}

#[test]
fn fhl5_reads_its_house_under_the_master() {
    let read = read_text(&fixture("fhl5.txt"));
    assert_eq!(read.shipments.len(), 1);
    let house = &read.shipments[0];
    assert_eq!(house.bill_of_lading, "HKG0001234");
    assert_eq!(house.master_bill.as_deref(), Some("176-12345675"));
    assert_eq!(
        house.goods[0].description,
        "MICROCONTROLLERS AND MULTILAYER CERAMIC CAPACITORS FOR INDUSTRIAL CONTROL BOARDS"
    );
    let codes: Vec<&str> = house
        .goods
        .iter()
        .map(|g| g.hs_code.as_ref().unwrap().digits())
        .collect();
    assert_eq!(codes, ["854231", "853224"]);
    let names: Vec<(PartyRole, &str)> = house
        .parties
        .iter()
        .map(|p| (p.role, p.name.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            (PartyRole::Shipper, "EXAMPLE TRADING LTD"),
            (PartyRole::Consignee, "EXAMPLE GENERAL TRADING LLC")
        ]
    );
    assert_eq!(house.parties[1].address, ["WAREHOUSE 7 AL QUOZ", "DUBAI"]);
    assert_eq!(house.parties[1].country.as_deref(), Some("AE"));
}

#[test]
fn ffm_is_refused_and_the_next_message_still_reads() {
    let text = format!("{}\n{}", fixture("ffm8.txt"), fixture("fhl5.txt"));
    let read = read_text(&text);
    assert_eq!(read.shipments.len(), 1);
    assert_eq!(
        read.problems[0],
        "m.txt:1 error: FFM/8: a Cargo-IMP message hubscreen does not read (it has no parties); \
         skipped to the next FWB or FHL"
    );
}

#[test]
fn a_bad_check_digit_warns_and_the_waybill_is_still_read() {
    let text = "FWB/16\n176-12345670HKGDXB/T1K10\nCNE\n/ACME LLC\n/DUBAI\n/AE\n";
    let read = read_text(text);
    assert_eq!(read.shipments[0].bill_of_lading, "176-12345670");
    assert_eq!(
        read.problems,
        [
            "m.txt:2 warning: air waybill number 176-12345670 fails its check digit (serial mod 7 = 5)"
        ]
    );
}

#[test]
fn several_waybills_in_one_file_and_a_routing_stop() {
    let text = "FWB/16\n176-12345675HKGDXB/T1K10\nRTG/BAHGF/DXBEK\nSHP\n/ALPHA\nFWB/16\n\
057-51329294CDGDXB/T2K20\nSHP\n/BETA\n";
    let read = read_text(text);
    let bills: Vec<&str> = read
        .shipments
        .iter()
        .map(|s| s.bill_of_lading.as_str())
        .collect();
    assert_eq!(bills, ["176-12345675", "057-51329294"]);
    assert_eq!(read.shipments[0].routing.transshipment_ports, ["BAH"]);
    assert_eq!(read.shipments[1].parties[0].name, "BETA");
    assert_eq!(read.problems, Vec::<String>::new());
}

/// Text that is not ASCII where airport codes stand is not cut inside a character.
#[test]
fn airports_written_in_other_scripts_do_not_break_the_reader() {
    let text = "FWB/16\n176-12345675HKGDXB/T1K10\nRTG/ДУБАЙ/É\nFHL/5\nHBS/H1/ÄÄÄ/1/K1/1/X\n";
    let read = read_text(text);
    assert_eq!(read.shipments.len(), 2);
    // Neither stop is three letters of ASCII: none is taken for an airport.
    assert!(read.shipments[0].routing.transshipment_ports.is_empty());
    assert_eq!(read.shipments[1].routing.port_of_loading, None);
}
