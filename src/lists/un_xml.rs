//! Reader for the UN Security Council consolidated list XML (`consolidated.xml`): one list,
//! `UN SC`, holding the `INDIVIDUAL` and `ENTITY` records of every UN sanctions regime.
//!
//! The file is streamed with quick-xml; each record is gathered into a small element tree
//! (`XmlElement`) and turned into a [`ListEntry`], so memory grows with one record, not the
//! file. The quirks handled here, all seen in the real file: the name split over `FIRST_NAME`
//! .. `FOURTH_NAME`; empty alias, address and date-of-birth elements
//! (`<INDIVIDUAL_ALIAS><QUALITY/><ALIAS_NAME/></INDIVIDUAL_ALIAS>`); alias quality `Good` and
//! `a.k.a.` (strong), `f.k.a.` (strong, former) and `Low` (weak); original-script names in
//! their own element; dates of birth given as a date, a year, a range of years or only a
//! note; `na` as a nationality (not available, never Namibia); text wrapped over several lines.
//! A record without an id or a name is reported with its line and the rest still load; a file
//! cut short (without its closing root element) is refused as truncated, and an XML syntax
//! error as a file that does not parse: never loaded in part. This module does not match
//! names.
//!
//! The record streaming (`scan_records`, `XmlElement`), alias de-duplication (`AliasSet`)
//! and timestamp dating (`iso_date`) are shared with the EU FSF reader (`eu_fsf.rs`).

use std::collections::BTreeMap;

use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;

use super::{
    Alias, EntryFacts, ListEntry, ListError, ListFormat, Problem, WatchList, country_code,
    push_unique,
};
use crate::model::EntityKind;
use crate::source::{LineTable, Source};

/// The list name used in hits.
pub const LIST_NAME: &str = "UN SC";

/// True when the file's root element is `CONSOLIDATED_LIST`, after any XML declaration.
pub fn looks_like(head: &str) -> bool {
    head.starts_with('<') && head.contains("<CONSOLIDATED_LIST")
}

/// What an XML error part-way through a list means. A file that ends inside an open element
/// or tag is cut short: [`ListError::Truncated`]. Any other syntax error means the file does
/// not parse and the records after it would be lost: an error too, never part of a list.
pub(super) fn stop_at_syntax_error(
    scan: &XmlScan,
    loaded: usize,
    (one, many): (&str, &str),
    label: &str,
) -> Result<(), ListError> {
    let Some((line, message)) = &scan.error else {
        return Ok(());
    };
    if scan.truncated {
        return Err(ListError::Truncated {
            location: format!("{label}:{line}"),
            what: format!("{message} ({loaded} {many} read before the end)"),
        });
    }
    let read = if loaded == 0 {
        format!("no {one} could be read")
    } else {
        format!("the file does not parse past this line ({loaded} {many} before it)")
    };
    Err(ListError::Format {
        path: format!("{label}:{line}"),
        message: format!("{message}; {read} (truncated or corrupt download? fetch the list again)"),
    })
}

/// Reads the UN consolidated list into one [`WatchList`].
pub fn read(source: &Source) -> Result<Vec<WatchList>, ListError> {
    let (text, mut problems) = super::list_text(source);
    let mut entries = Vec::new();
    let scan = scan_records(
        &text,
        |name| name == "INDIVIDUAL" || name == "ENTITY",
        |record, line| match entry_of(&record) {
            Ok(entry) => entries.push(entry),
            Err(why) => problems.push(Problem::error(
                format!("{}:{line}", source.label),
                format!("{why}; record skipped"),
            )),
        },
    );
    stop_at_syntax_error(&scan, entries.len(), ("record", "records"), &source.label)?;
    if entries.is_empty() {
        return Err(ListError::Empty {
            path: source.label.clone(),
            hint: " (a UN consolidated list holds INDIVIDUAL and ENTITY records; an empty \
                   list or an HTML page means the download failed)"
                .into(),
        });
    }
    let generated = scan.root.as_ref().map(|root| root.attr("dateGenerated"));
    let version = generated
        .and_then(iso_date)
        .unwrap_or_else(|| super::file_version(source));
    if let Some(stamp) = generated.filter(|g| !g.is_empty() && iso_date(g).is_none()) {
        problems.push(Problem::warning(
            format!("{}:1", source.label),
            format!("dateGenerated {stamp:?} is not a date; the list version is the file date"),
        ));
    }
    Ok(vec![WatchList {
        name: LIST_NAME.into(),
        format: ListFormat::UnXml,
        version,
        content_hash: source.sha256(),
        files: vec![source.label.clone()],
        entries,
        problems,
    }])
}

/// The `YYYY-MM-DD` at the start of a timestamp such as `2026-02-27T00:00:09.554Z`.
pub(super) fn iso_date(stamp: &str) -> Option<String> {
    super::dates::iso_date(stamp)
}

/// Turns one `INDIVIDUAL` or `ENTITY` element into an entry, or says why it cannot.
fn entry_of(record: &XmlElement) -> Result<ListEntry, String> {
    let what = record.name.as_str();
    let id = record.child_text("DATAID");
    if id.is_empty() {
        return Err(format!("{what} has no DATAID"));
    }
    let person = what == "INDIVIDUAL";
    let name = if person {
        ["FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME"]
            .map(|part| record.child_text(part))
            .into_iter()
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    } else {
        record.child_text("FIRST_NAME")
    };
    if name.is_empty() {
        return Err(format!("{what} {id} has no FIRST_NAME"));
    }
    let (aliases, weak_aliases) = record_aliases(record, &name, person);
    let (countries, addresses, facts) = record_places_and_facts(record, person);
    let program = record.child_text("UN_LIST_TYPE");
    let programs = if program.is_empty() {
        Vec::new()
    } else {
        vec![program]
    };
    let kind = if person {
        EntityKind::Person
    } else {
        EntityKind::Organization
    };
    Ok(ListEntry::builder(id, kind, name)
        .aliases(aliases)
        .weak_aliases(weak_aliases)
        .programs(programs)
        .countries(countries)
        .addresses(addresses)
        .remark_text(&record.child_text("COMMENTS1"))
        .facts(facts)
        .details(record_details(record))
        .build())
}

/// The original-script name and the aliases, `Low` quality ones weak.
fn record_aliases(record: &XmlElement, name: &str, person: bool) -> (Vec<Alias>, Vec<String>) {
    let mut names = AliasSet::new(name);
    names.add_strong(
        &record.child_text("NAME_ORIGINAL_SCRIPT"),
        "original-script",
    );
    let alias_tag = if person {
        "INDIVIDUAL_ALIAS"
    } else {
        "ENTITY_ALIAS"
    };
    for alias in record.children_named(alias_tag) {
        let alias_name = alias.child_text("ALIAS_NAME");
        match alias.child_text("QUALITY").to_ascii_lowercase().as_str() {
            "low" => names.add_weak(&alias_name),
            "f.k.a." => names.add_strong(&alias_name, "fka"),
            _ => names.add_strong(&alias_name, "aka"),
        }
    }
    names.finish()
}

/// Countries (nationalities, then address countries), addresses, and the facts
/// (nationalities, dates of birth).
fn record_places_and_facts(
    record: &XmlElement,
    person: bool,
) -> (Vec<String>, Vec<String>, EntryFacts) {
    let mut facts = EntryFacts::default();
    let mut countries = Vec::new();
    for nationality in record.children_named("NATIONALITY") {
        for value in nationality.children_named("VALUE") {
            if let Some(code) = un_country(&value.text()) {
                push_unique(&mut facts.nationalities, code.clone());
                push_unique(&mut countries, code);
            }
        }
    }
    let mut addresses = Vec::new();
    let address_tag = if person {
        "INDIVIDUAL_ADDRESS"
    } else {
        "ENTITY_ADDRESS"
    };
    for address in record.children_named(address_tag) {
        let line = join_parts(
            ["STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE", "COUNTRY"]
                .map(|part| address.child_text(part)),
        );
        if !line.is_empty() {
            push_unique(&mut addresses, line);
        }
        if let Some(code) = un_country(&address.child_text("COUNTRY")) {
            push_unique(&mut countries, code);
        }
    }
    for birth in record.children_named("INDIVIDUAL_DATE_OF_BIRTH") {
        if let Some(date) = date_of_birth(birth) {
            push_unique(&mut facts.dates_of_birth, date);
        }
    }
    (countries, addresses, facts)
}

/// List type, reference number, listing date, gender, titles, designations, places of birth
/// and documents, as written.
fn record_details(record: &XmlElement) -> BTreeMap<String, String> {
    let mut details = BTreeMap::new();
    for (field, key) in [
        ("UN_LIST_TYPE", "un_list_type"),
        ("REFERENCE_NUMBER", "reference_number"),
        ("LISTED_ON", "listed_on"),
        ("GENDER", "gender"),
    ] {
        insert_nonempty(&mut details, key, record.child_text(field));
    }
    for (field, key) in [("TITLE", "title"), ("DESIGNATION", "designation")] {
        let values: Vec<String> = record
            .children_named(field)
            .flat_map(|f| f.children_named("VALUE"))
            .map(XmlElement::text)
            .filter(|v| !v.is_empty())
            .collect();
        insert_nonempty(&mut details, key, values.join("; "));
    }
    let places: Vec<String> = record
        .children_named("INDIVIDUAL_PLACE_OF_BIRTH")
        .map(|p| join_parts(["CITY", "STATE_PROVINCE", "COUNTRY"].map(|f| p.child_text(f))))
        .filter(|p| !p.is_empty())
        .collect();
    insert_nonempty(&mut details, "place_of_birth", places.join("; "));
    let documents: Vec<String> = record
        .children_named("INDIVIDUAL_DOCUMENT")
        .filter_map(document)
        .collect();
    insert_nonempty(&mut details, "documents", documents.join("; "));
    details
}

/// A country as the UN list writes it, as ISO alpha-2; `na` means "not available".
fn un_country(text: &str) -> Option<String> {
    if matches!(text.trim().to_ascii_lowercase().as_str(), "na" | "n/a") {
        return None;
    }
    country_code(text)
}

/// A date of birth as a targeter reads it: `1936-07-01`, `1971`, `circa 1971`,
/// `1960 to 1962`, or the list's note when that is all there is (`Nov. 1973`).
fn date_of_birth(birth: &XmlElement) -> Option<String> {
    let circa_type = birth
        .child_text("TYPE_OF_DATE")
        .eq_ignore_ascii_case("APPROXIMATELY");
    let mut note = birth.child_text("NOTE");
    let circa_note = note.eq_ignore_ascii_case("approximately");
    if circa_note {
        note.clear();
    }
    let (from, to) = (birth.child_text("FROM_YEAR"), birth.child_text("TO_YEAR"));
    let date = [birth.child_text("DATE"), birth.child_text("YEAR")]
        .into_iter()
        .find(|d| !d.is_empty())
        .or_else(|| match (from.is_empty(), to.is_empty()) {
            (false, false) => Some(format!("{from} to {to}")),
            (false, true) => Some(from.clone()),
            (true, false) => Some(to.clone()),
            (true, true) => None,
        });
    let Some(date) = date else {
        return (!note.is_empty()).then_some(note);
    };
    let mut text = if circa_type || circa_note {
        format!("circa {date}")
    } else {
        date
    };
    if !note.is_empty() {
        text = format!("{text} ({note})");
    }
    Some(text)
}

/// `Passport No34409/129 (July 1997)`: type and number of a document, then where and when
/// it was issued and the list's note.
fn document(doc: &XmlElement) -> Option<String> {
    let number = doc.child_text("NUMBER");
    let kind = doc.child_text("TYPE_OF_DOCUMENT");
    if number.is_empty() && kind.is_empty() {
        return None;
    }
    let mut text = join_words([kind, number]);
    let note = doc.child_text("NOTE");
    // Some notes come already in parentheses: `(July 1997)`.
    let note = match note.strip_prefix('(').and_then(|n| n.strip_suffix(')')) {
        Some(inner) => inner.to_string(),
        None => note,
    };
    let issued = join_parts([
        doc.child_text("ISSUING_COUNTRY"),
        doc.child_text("COUNTRY_OF_ISSUE"),
        doc.child_text("CITY_OF_ISSUE"),
        doc.child_text("DATE_OF_ISSUE"),
        note,
    ]);
    if !issued.is_empty() {
        text = format!("{text} ({issued})");
    }
    Some(text)
}

fn join_parts<const N: usize>(parts: [String; N]) -> String {
    parts
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}

fn join_words<const N: usize>(parts: [String; N]) -> String {
    parts
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn insert_nonempty(details: &mut BTreeMap<String, String>, key: &str, value: String) {
    if !value.is_empty() {
        details.insert(key.to_string(), value);
    }
}

/// An entry's other names, kept apart from its primary name and from each other: a name
/// already present (ignoring case and spacing) is not added again, and a weak alias that is
/// also a strong one stays strong.
pub(super) struct AliasSet {
    seen: Vec<String>,
    strong: Vec<Alias>,
    weak: Vec<(String, String)>,
}

impl AliasSet {
    pub(super) fn new(primary: &str) -> Self {
        AliasSet {
            seen: vec![name_key(primary)],
            strong: Vec::new(),
            weak: Vec::new(),
        }
    }

    /// Adds a strong alias of kind `aka`, `fka` or `original-script`, each of the names a
    /// field packs (see [`unpacked_names`]); empty names are skipped.
    pub(super) fn add_strong(&mut self, field: &str, kind: &str) {
        for name in unpacked_names(field) {
            self.add_strong_name(&name, kind);
        }
    }

    fn add_strong_name(&mut self, name: &str, kind: &str) {
        let name = name.trim();
        let key = name_key(name);
        if key.is_empty() || self.seen.contains(&key) {
            return;
        }
        self.weak.retain(|(k, _)| *k != key);
        self.seen.push(key);
        self.strong.push(Alias {
            name: name.to_string(),
            kind: kind.to_string(),
        });
    }

    /// Adds each name a field packs as a weak alias unless the name is already known; empty
    /// names are skipped.
    pub(super) fn add_weak(&mut self, field: &str) {
        for name in unpacked_names(field) {
            self.add_weak_name(&name);
        }
    }

    fn add_weak_name(&mut self, name: &str) {
        let name = name.trim();
        let key = name_key(name);
        if key.is_empty() || self.seen.contains(&key) || self.weak.iter().any(|(k, _)| *k == key) {
            return;
        }
        self.weak.push((key, name.to_string()));
    }

    /// The strong aliases and the weak alias names, in the order the list gives them.
    pub(super) fn finish(self) -> (Vec<Alias>, Vec<String>) {
        (
            self.strong,
            self.weak.into_iter().map(|(_, name)| name).collect(),
        )
    }
}

/// The names one alias field holds. The UN list packs several spellings into one
/// `ALIAS_NAME`: separated by semicolons (`Qasim Soleimani; Qasem Sulaimani`), enumerated
/// (`Mohammad Sabet b) M. Javad Sabet`), or in parentheses after the original script
/// (`أبو بكر البغدادي (Abu Bakr al-Baghdadi; Abu Bakr)`). Read as one name, such a field
/// matched none of its spellings well. Parentheses without a semicolon are part of the name
/// (`KHALIJ-E FARS (PERSIAN GULF) LINES`).
pub(super) fn unpacked_names(field: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut push = |part: &str| {
        for piece in split_enumerated(part) {
            let piece = piece.trim();
            if !piece.is_empty() {
                names.push(piece.split_whitespace().collect::<Vec<_>>().join(" "));
            }
        }
    };
    match (field.find('('), field.rfind(')')) {
        (Some(open), Some(close)) if open < close && field[open..close].contains(';') => {
            push(&field[..open]);
            field[open + 1..close].split(';').for_each(&mut push);
            push(&field[close + 1..]);
        }
        _ => field.split(';').for_each(push),
    }
    names
}

/// `a) X b) Y` as `X` and `Y`: a lower-case letter and `)` standing alone as a word starts a
/// new name.
fn split_enumerated(part: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let bytes = part.as_bytes();
    for (i, _) in part.match_indices(')') {
        let letter = i.checked_sub(1).map(|j| bytes[j]);
        let before = i.checked_sub(2).map(|j| bytes[j]);
        let after = bytes.get(i + 1);
        if letter.is_some_and(|b| b.is_ascii_lowercase())
            && before.is_none_or(|b| b == b' ')
            && after.is_none_or(|b| *b == b' ')
        {
            pieces.push(&part[start..i - 1]);
            start = i + 1;
        }
    }
    pieces.push(&part[start..]);
    pieces
}

/// A name compared for duplicates: upper case, single spaces.
fn name_key(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_uppercase()
}

/// One element of an XML list record: local name (namespace prefix dropped), attributes,
/// text and child elements.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct XmlElement {
    pub name: String,
    pub attributes: Vec<(String, String)>,
    /// The element's own text, entity references resolved, as written (not trimmed).
    pub text: String,
    pub children: Vec<XmlElement>,
}

impl XmlElement {
    /// The value of an attribute, trimmed; empty when absent.
    pub(super) fn attr(&self, name: &str) -> &str {
        self.attributes
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.trim())
    }

    /// The element's text with runs of whitespace (line wraps in the file) made one space.
    pub(super) fn text(&self) -> String {
        self.text.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// The children with a given local name.
    pub(super) fn children_named<'a>(
        &'a self,
        name: &'a str,
    ) -> impl Iterator<Item = &'a XmlElement> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// The text of the first child with a given name; empty when there is none.
    pub(super) fn child_text(&self, name: &str) -> String {
        self.children_named(name)
            .next()
            .map(XmlElement::text)
            .unwrap_or_default()
    }
}

/// What a scan of an XML list found besides its records.
#[derive(Debug, Default)]
pub(super) struct XmlScan {
    /// The root element's name and attributes (its children are not kept).
    pub root: Option<XmlElement>,
    /// The first XML error and its 1-based line; nothing after it was read.
    pub error: Option<(u64, String)>,
    /// The error is the end of the file inside an open element or tag: a cut-short file.
    pub truncated: bool,
}

/// Streams an XML document and hands every record element (`is_record(local name)`) to
/// `on_record` as a tree, with the line its start tag is on. Elements outside records are
/// skipped, except the root, whose attributes are returned. Stops at the first XML error or
/// at an end of file inside an open element, and reports it with its line.
pub(super) fn scan_records(
    text: &str,
    is_record: impl Fn(&str) -> bool,
    mut on_record: impl FnMut(XmlElement, u64),
) -> XmlScan {
    let lines = LineTable::new(text);
    let mut reader = Reader::from_str(text);
    let mut scan = XmlScan::default();
    // Open elements inside the current record, innermost last.
    let mut open: Vec<XmlElement> = Vec::new();
    let mut record_line = 0;
    // Names of open elements outside any record, for the "file ends inside" message.
    let mut outside: Vec<String> = Vec::new();
    loop {
        let before = reader.buffer_position() as usize;
        let event = match reader.read_event() {
            Ok(event) => event,
            Err(e) => {
                let at = reader.error_position() as usize;
                scan.error = Some((lines.line_of(at), format!("XML error: {e}")));
                // Every syntax error is "the input ended before ... was closed".
                scan.truncated = matches!(e, quick_xml::Error::Syntax(_));
                return scan;
            }
        };
        match event {
            Event::Start(ref tag) | Event::Empty(ref tag) => {
                let is_empty = matches!(event, Event::Empty(_));
                let element = match element_of(tag) {
                    Ok(element) => element,
                    Err(message) => {
                        scan.error = Some((lines.line_of(before), message));
                        return scan;
                    }
                };
                if open.is_empty() && !is_record(&element.name) {
                    note_outside(&mut scan, &mut outside, element, is_empty);
                    continue;
                }
                if open.is_empty() {
                    record_line = lines.line_of(before);
                }
                if is_empty {
                    close(&mut open, element, record_line, &mut on_record);
                } else {
                    open.push(element);
                }
            }
            Event::End(_) => match open.pop() {
                Some(element) => close(&mut open, element, record_line, &mut on_record),
                None => {
                    outside.pop();
                }
            },
            Event::Text(t) => {
                if let Some(current) = open.last_mut() {
                    current.text.push_str(&t.xml10_content());
                }
            }
            Event::CData(c) => {
                if let Some(current) = open.last_mut() {
                    current.text.push_str(&c.xml10_content());
                }
            }
            Event::GeneralRef(r) => push_reference(open.last_mut(), &r),
            Event::Eof => {
                if let Some(inside) = open.first().map(|e| &e.name).or(outside.last()) {
                    scan.error = Some((
                        lines.line_of(text.len()),
                        format!("file ends inside <{inside}>"),
                    ));
                    scan.truncated = true;
                }
                return scan;
            }
            _ => {}
        }
    }
}

/// An element outside any record: kept open for the "file ends inside" message, and kept
/// as the root when it is the first.
fn note_outside(scan: &mut XmlScan, outside: &mut Vec<String>, element: XmlElement, empty: bool) {
    if !empty {
        outside.push(element.name.clone());
    }
    if scan.root.is_none() {
        scan.root = Some(element);
    }
}

/// A character or predefined entity reference as the text it stands for; any other
/// reference is kept as written.
fn push_reference(current: Option<&mut XmlElement>, r: &quick_xml::events::BytesRef) {
    let Some(XmlElement { text, .. }) = current else {
        return;
    };
    match r.resolve_char_ref() {
        Ok(Some(ch)) => text.push(ch),
        _ => match quick_xml::escape::resolve_predefined_entity(r) {
            Some(s) => text.push_str(s),
            None => text.push_str(&format!("&{};", &**r)),
        },
    }
}

/// Attaches a finished element to its parent, or hands it over when it is a whole record.
fn close(
    open: &mut [XmlElement],
    element: XmlElement,
    record_line: u64,
    on_record: &mut impl FnMut(XmlElement, u64),
) {
    match open.last_mut() {
        Some(parent) => parent.children.push(element),
        None => on_record(element, record_line),
    }
}

/// An element with its local name and attribute values (entities resolved).
fn element_of(tag: &BytesStart) -> Result<XmlElement, String> {
    let name = tag.local_name().as_ref().to_string();
    let mut attributes = Vec::new();
    for attribute in tag.attributes() {
        let attribute = attribute.map_err(|e| format!("XML error in <{name}>: {e}"))?;
        let value = attribute
            .normalized_value(XmlVersion::Implicit1_0)
            .map_err(|e| format!("XML error in <{name}>: {e}"))?;
        attributes.push((
            attribute.key.local_name().as_ref().to_string(),
            value.into_owned(),
        ));
    }
    Ok(XmlElement {
        name,
        attributes,
        ..XmlElement::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(xml: &str) -> XmlElement {
        let mut found = Vec::new();
        let scan = scan_records(xml, |n| n == "INDIVIDUAL", |r, _| found.push(r));
        assert_eq!(scan.error, None);
        found.remove(0)
    }

    #[test]
    fn dates_of_birth_read_as_a_targeter_writes_them() {
        let dob = |inner: &str| {
            let r = record(&format!(
                "<INDIVIDUAL><INDIVIDUAL_DATE_OF_BIRTH>{inner}</INDIVIDUAL_DATE_OF_BIRTH></INDIVIDUAL>"
            ));
            date_of_birth(&r.children[0])
        };
        assert_eq!(
            dob("<TYPE_OF_DATE>EXACT</TYPE_OF_DATE><DATE>1936-07-01</DATE>").as_deref(),
            Some("1936-07-01")
        );
        assert_eq!(
            dob("<TYPE_OF_DATE>APPROXIMATELY</TYPE_OF_DATE><YEAR>1971</YEAR>").as_deref(),
            Some("circa 1971")
        );
        assert_eq!(
            dob("<TYPE_OF_DATE>BETWEEN</TYPE_OF_DATE><FROM_YEAR>1960</FROM_YEAR><TO_YEAR>1962</TO_YEAR><NOTE>Approximately </NOTE>")
                .as_deref(),
            Some("circa 1960 to 1962")
        );
        assert_eq!(
            dob("<TYPE_OF_DATE>EXACT</TYPE_OF_DATE><NOTE>Nov. 1973 </NOTE>").as_deref(),
            Some("Nov. 1973")
        );
        assert_eq!(dob("<TYPE_OF_DATE/>"), None);
    }

    #[test]
    fn entity_references_and_line_wraps_are_resolved_in_text() {
        let r =
            record("<INDIVIDUAL><COMMENTS1>A &amp; B&#x27;s\n   office</COMMENTS1></INDIVIDUAL>");
        assert_eq!(r.child_text("COMMENTS1"), "A & B's office");
    }

    #[test]
    fn aliases_packed_into_one_field_are_read_as_separate_names() {
        // As the real file writes them (UN list, 2026-02-27): several spellings in one
        // ALIAS_NAME, separated by semicolons, enumerated, or in parentheses after the
        // original script.
        let r = record(
            "<INDIVIDUAL><DATAID>1</DATAID><FIRST_NAME>QASEM</FIRST_NAME><SECOND_NAME>SOLEIMANI</SECOND_NAME>\
             <INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>Qasim Soleimani; Qasem Sulaimani;  Kasim Sulaymani</ALIAS_NAME></INDIVIDUAL_ALIAS>\
             <INDIVIDUAL_ALIAS><QUALITY>Low</QUALITY><ALIAS_NAME>Haj Qasem; Sardar Soleimani</ALIAS_NAME></INDIVIDUAL_ALIAS>\
             <INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>Mohammed Sabet; Mohammad Sabet b) M. Javad Sabet</ALIAS_NAME></INDIVIDUAL_ALIAS>\
             <INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>أبو بكر البغدادي (Abu Bakr al-Baghdadi al-Quraishi; Abu Bakr al-Baghdadi)</ALIAS_NAME></INDIVIDUAL_ALIAS>\
             <INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>KHALIJ-E FARS (PERSIAN GULF) LINES</ALIAS_NAME></INDIVIDUAL_ALIAS>\
             </INDIVIDUAL>",
        );
        let entry = entry_of(&r).unwrap();
        let strong: Vec<&str> = entry.aliases.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(
            strong,
            [
                "Qasim Soleimani",
                "Qasem Sulaimani",
                "Kasim Sulaymani",
                "Mohammed Sabet",
                "Mohammad Sabet",
                "M. Javad Sabet",
                "أبو بكر البغدادي",
                "Abu Bakr al-Baghdadi al-Quraishi",
                "Abu Bakr al-Baghdadi",
                "KHALIJ-E FARS (PERSIAN GULF) LINES",
            ]
        );
        assert_eq!(entry.weak_aliases, ["Haj Qasem", "Sardar Soleimani"]);
    }

    #[test]
    fn generation_timestamp_gives_the_version_date() {
        assert_eq!(
            iso_date("2026-02-27T00:00:09.554Z").as_deref(),
            Some("2026-02-27")
        );
        assert_eq!(iso_date("27/02/2026"), None);
        assert_eq!(iso_date(""), None);
    }
}
