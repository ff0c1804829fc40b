use super::*;

#[test]
fn identifiers_order_by_run_date_then_sequence_as_a_number() {
    // 202001140 is the 14 January run's first; 2020010618 the 6 January run's 18th.
    assert!(order_key("2020010618") < order_key("202001140"));
    assert!(order_key("202001069") < order_key("2020010610"));
    // Not cut inside a character; not a date: last.
    assert_eq!(order_key("202001\u{fffd}60"), (u64::MAX, u64::MAX));
}

#[test]
fn a_header_line_names_its_table_only_when_every_column_is_there() {
    let cargodesc =
        "identifier,container_number,description_sequence_number,piece_count,description_text";
    assert_eq!(table_of_header(cargodesc), Some("cargodesc"));
    assert_eq!(
        table_of_header(&format!("\u{feff}{cargodesc}\r")),
        Some("cargodesc")
    );
    assert_eq!(table_of_header("identifier,container_number"), None);
}
