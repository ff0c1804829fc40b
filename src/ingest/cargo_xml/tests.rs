use super::*;

use crate::ingest::test_support::{Read, read_with};

fn read_text(text: &str) -> Result<Read, IngestError> {
    read_with(read, "m.xml", text)
}

fn fixture(name: &str) -> String {
    crate::ingest::test_support::fixture(&format!("air/{name}"))
}

#[test]
fn a_house_waybill_reads_its_parties_items_and_master() {
    let read = read_text(&fixture("xfzb.xml")).unwrap();
    assert_eq!(read.shipments.len(), 1);
    let house = &read.shipments[0];
    assert_eq!(house.bill_of_lading, "HKG0005678");
    assert_eq!(house.master_bill.as_deref(), Some("176-98765435"));
    assert_eq!(house.source.as_deref(), Some("m.xml:2"));
    let parties: Vec<(PartyRole, &str)> = house
        .parties
        .iter()
        .map(|p| (p.role, p.name.as_str()))
        .collect();
    assert_eq!(
        parties,
        [
            (PartyRole::Shipper, "PEARL RIVER COMPONENTS LTD"),
            (PartyRole::Consignee, "AL BARSHA ELECTRONICS TRADING L.L.C."),
            (PartyRole::Forwarder, "HARBOUR AIR FORWARDING"),
            (PartyRole::NotifyParty, "DESERT CLEARING & FORWARDING"),
        ]
    );
    assert_eq!(
        house.parties[0].address,
        ["UNIT 5, 18 HOI YUEN ROAD", "KWUN TONG"]
    );
    assert_eq!(house.parties[0].country.as_deref(), Some("HK"));
    let codes: Vec<&str> = house
        .goods
        .iter()
        .map(|g| g.hs_code.as_ref().unwrap().digits())
        .collect();
    assert_eq!(codes, ["854231", "853224"]);
    assert_eq!(
        house.goods[0].description,
        "MICROCONTROLLERS AND CERAMIC CAPACITORS"
    );
    assert_eq!(house.goods[0].gross_weight_kg, Some(80.5));
    assert_eq!(house.goods[0].quantity.as_ref().map(|q| q.value), Some(4.0));
    assert_eq!(house.routing.port_of_loading.as_deref(), Some("HKG"));
    assert_eq!(house.routing.port_of_discharge.as_deref(), Some("DXB"));
    assert_eq!(house.routing.country_of_origin.as_deref(), Some("CN"));
    assert_eq!(
        read.problems,
        [
            "m.xml:2 warning: waybill HKG0005678: items with several HS codes: each code screened \
          on a line of its own"
        ]
    );
}

#[test]
fn a_master_waybill_reads_with_its_weight_in_kilograms() {
    let read = read_text(&fixture("xfwb.xml")).unwrap();
    let bill = &read.shipments[0];
    assert_eq!(bill.bill_of_lading, "057-51329294");
    assert_eq!(bill.parties.len(), 2);
    let kg = bill.goods[0].gross_weight_kg.unwrap();
    assert!((kg - 453.592_37).abs() < 1e-6, "{kg}");
    assert_eq!(read.problems, Vec::<String>::new());
}

/// The shared file's XFZB fragment has no house number: screened under a label, with an error.
#[test]
fn a_fragment_without_a_waybill_number_is_screened_under_a_label() {
    let text = "<rsm:HouseWaybill xmlns:rsm=\"iata:housewaybill:1\" xmlns:ram=\"iata:datamodel:3\">\
<rsm:MasterConsignment><ram:IncludedHouseConsignment>\
<ram:ConsigneeParty><ram:Name>EXAMPLE GENERAL TRADING LLC</ram:Name></ram:ConsigneeParty>\
</ram:IncludedHouseConsignment></rsm:MasterConsignment></rsm:HouseWaybill>";
    let read = read_text(text).unwrap();
    assert_eq!(
        read.shipments[0].bill_of_lading,
        "(no waybill number: document 1)"
    );
    assert!(
        read.problems[0].contains("error: no waybill number"),
        "{:?}",
        read.problems
    );
}

#[test]
fn a_cut_document_is_screened_as_far_as_it_goes_and_a_bad_awb_warns() {
    let text = "<Waybill><BusinessHeaderDocument><ID>176-12345670</ID></BusinessHeaderDocument>\
<MasterConsignment><ConsigneeParty><Name>ACME</Name></ConsigneeParty>";
    let read = read_text(text).unwrap();
    assert_eq!(read.shipments[0].parties[0].name, "ACME");
    assert_eq!(
        read.problems,
        [
            "m.xml:1 error: the file ends inside this waybill (truncated?): it is screened as far \
             as it goes",
            "m.xml:1 warning: air waybill number 176-12345670 fails its check digit (serial mod \
             7 = 5)",
        ]
    );
}

#[test]
fn xml_with_no_waybill_is_refused() {
    assert!(read_text("<Other/>").is_err());
}
