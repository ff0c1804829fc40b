//! Reader for the EU Financial Sanctions File (FSF v1.1), CSV and XML: one list, `EU FSF`.
//!
//! Both formats describe the same sanctioned entity: an id (`logicalId`), a subject type
//! (person or enterprise), regulations with their programme, and any number of name aliases,
//! addresses, birth dates, identity documents and citizenships. The CSV flattens that into one
//! `;`-separated row per entity x sub-record, so its rows are grouped by `Entity_LogicalId`;
//! columns are found by header name, never by position, because the column count has changed
//! between releases (118 documented, 113 seen in 2026). The XML nests the sub-records as
//! attribute-only child elements of `sanctionEntity` under a default namespace, which is
//! ignored (local names are matched). Both are gathered into one `Designation` and turned
//! into a [`ListEntry`] the same way.
//!
//! Quirks handled: the CSV's UTF-8 BOM and `DD/MM/YYYY` generation date; the first strong name
//! is the primary name, later ones are `aka` aliases (`original-script` when not in Latin
//! script, e.g. Bulgarian or Greek renderings), `strong="false"` names are weak aliases;
//! `00`/`UNKNOWN` country codes; the CSV's `P`/`person` and the XML's `person`/`P` in swapped
//! columns. A row or entity without an id or a name is reported with its line and skipped; the
//! rest still load. This module does not match names.

use std::collections::{BTreeMap, HashMap};

use super::un_xml::{AliasSet, XmlElement, scan_records};
use super::{
    EntryFacts, ListEntry, ListError, ListFormat, Problem, WatchList, country_code, push_unique,
};
use crate::model::EntityKind;
use crate::source::{LineTable, Source};

/// The list name used in hits.
pub const LIST_NAME: &str = "EU FSF";

/// CSV columns that mark an FSF header; three of them on a `;`-separated first line suffice.
const CSV_MARKERS: [&str; 7] = [
    "fileGenerationDate",
    "Entity_LogicalId",
    "Entity_EU_ReferenceNumber",
    "Entity_SubjectType",
    "Entity_Regulation_Programme",
    "NameAlias_WholeName",
    "NameAlias_LogicalId",
];

/// True when the first line is a `;`-separated header naming at least three FSF columns.
pub fn looks_like_csv(head: &str) -> bool {
    let first_line = head.lines().next().unwrap_or("");
    first_line.contains(';')
        && first_line
            .split(';')
            .map(|c| c.trim().trim_matches('"'))
            .filter(|c| CSV_MARKERS.contains(c))
            .count()
            >= 3
}

/// True when the file is XML with an `export` root holding `sanctionEntity` elements.
pub fn looks_like_xml(head: &str) -> bool {
    head.starts_with('<') && head.contains("export") && head.contains("sanctionEntity")
}

/// Looks up one field of a sub-record by its CSV column name or its XML attribute name
/// (each format's reader answers the one it has).
type Field<'a> = &'a dyn Fn(&str, &str) -> String;

/// One name of an entity.
#[derive(Debug, Clone)]
struct NameAlias {
    name: String,
    strong: bool,
}

/// Everything the file says about one entity, gathered from its CSV rows or XML element.
#[derive(Debug, Default)]
struct Designation {
    id: String,
    /// Line of the entity's first row or of its `sanctionEntity` tag.
    line: u64,
    subject_type: Vec<String>,
    names: Vec<NameAlias>,
    programmes: Vec<String>,
    countries: Vec<String>,
    addresses: Vec<String>,
    remarks: Vec<String>,
    facts: EntryFacts,
    regulations: Vec<String>,
    functions: Vec<String>,
    places_of_birth: Vec<String>,
    identifications: Vec<String>,
    details: BTreeMap<String, String>,
}

impl Designation {
    fn new(id: String, line: u64) -> Self {
        Designation {
            id,
            line,
            ..Designation::default()
        }
    }

    /// The entity's reference numbers and designation (CSV `Entity_*` columns, XML attributes
    /// of `sanctionEntity`).
    fn add_entity_fields(&mut self, f: Field) {
        for (csv, xml, key) in [
            (
                "Entity_EU_ReferenceNumber",
                "euReferenceNumber",
                "eu_reference_number",
            ),
            (
                "Entity_UnitedNationId",
                "unitedNationId",
                "united_nation_id",
            ),
            (
                "Entity_DesignationDate",
                "designationDate",
                "designation_date",
            ),
            (
                "Entity_DesignationDetails",
                "designationDetails",
                "designation_details",
            ),
        ] {
            let value = f(csv, xml);
            if !value.is_empty() {
                self.details.entry(key.to_string()).or_insert(value);
            }
        }
    }

    /// A regulation: its programme (`IRQ`, `RUS`, `TERR`) and number.
    fn add_regulation(&mut self, f: Field) {
        push_nonempty(
            &mut self.programmes,
            f("Entity_Regulation_Programme", "programme"),
        );
        push_nonempty(
            &mut self.regulations,
            f("Entity_Regulation_NumberTitle", "numberTitle"),
        );
    }

    /// `P`/`person` or `E`/`enterprise`, in either of two fields (the formats swap them).
    fn add_subject_type(&mut self, f: Field) {
        push_nonempty(&mut self.subject_type, f("Entity_SubjectType", "code"));
        push_nonempty(
            &mut self.subject_type,
            f(
                "Entity_SubjectType_ClassificationCode",
                "classificationCode",
            ),
        );
    }

    /// A name alias; the whole name, or first, middle and last name when it is empty.
    fn add_name(&mut self, f: Field) {
        let mut name = f("NameAlias_WholeName", "wholeName");
        if name.is_empty() {
            name = [
                f("NameAlias_FirstName", "firstName"),
                f("NameAlias_MiddleName", "middleName"),
                f("NameAlias_LastName", "lastName"),
            ]
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        }
        if name.is_empty() {
            return;
        }
        let strong = !f("NameAlias_Strong", "strong").eq_ignore_ascii_case("false");
        push_nonempty(&mut self.functions, f("NameAlias_Function", "function"));
        self.names.push(NameAlias { name, strong });
    }

    fn add_address(&mut self, f: Field) {
        let line = join(
            [
                f("Address_Street", "street"),
                f("Address_PoBox", "poBox"),
                f("Address_City", "city"),
                f("Address_ZipCode", "zipCode"),
                f("Address_Region", "region"),
                f("Address_Place", "place"),
                known(f("Address_CountryDescription", "countryDescription")),
            ],
            ", ",
        );
        push_nonempty(&mut self.addresses, line);
        if let Some(code) = country(
            &f("Address_CountryIso2Code", "countryIso2Code"),
            &f("Address_CountryDescription", "countryDescription"),
        ) {
            push_unique(&mut self.countries, code);
        }
    }

    /// A birth date as a targeter reads it (`1937-04-28`, `1960`, `circa 1960`,
    /// `1955 to 1958`), and the place of birth.
    fn add_birth_date(&mut self, f: Field) {
        let year = f("BirthDate_Year", "year");
        let month = first_nonempty([f("BirthDate_Month", "monthOfYear"), f("", "month")]);
        let (from, to) = (
            f("BirthDate_YearRangeFrom", "yearRangeFrom"),
            f("BirthDate_YearRangeTo", "yearRangeTo"),
        );
        let date = first_nonempty([
            f("BirthDate_BirthDate", "birthdate"),
            match (year.is_empty(), month.parse::<u8>()) {
                (false, Ok(m)) if (1..=12).contains(&m) => format!("{year}-{m:02}"),
                _ => year,
            },
            join([from, to], " to "),
        ]);
        if !date.is_empty() {
            let circa = f("BirthDate_Circa", "circa").eq_ignore_ascii_case("true");
            let date = if circa { format!("circa {date}") } else { date };
            push_unique(&mut self.facts.dates_of_birth, date);
        }
        let place = join(
            [
                f("BirthDate_Place", "place"),
                f("BirthDate_City", "city"),
                f("BirthDate_Region", "region"),
                known(f("BirthDate_CountryDescription", "countryDescription")),
            ],
            ", ",
        );
        push_nonempty(&mut self.places_of_birth, place);
    }

    /// An identity document: `National passport AD001095 (ZIMBABWE)`.
    fn add_identification(&mut self, f: Field) {
        let number = f("Identification_Number", "number");
        if number.is_empty() {
            return;
        }
        let kind = first_nonempty([
            f(
                "Identification_TypeDescription",
                "identificationTypeDescription",
            ),
            f("Identification_TypeCode", "identificationTypeCode"),
        ]);
        let issued = join(
            [
                known(f("Identification_CountryDescription", "countryDescription")),
                f("Identification_IssuedBy", "issuedBy"),
            ],
            ", ",
        );
        let mut text = join([kind, number], " ");
        if !issued.is_empty() {
            text = format!("{text} ({issued})");
        }
        push_nonempty(&mut self.identifications, text);
    }

    fn add_citizenship(&mut self, f: Field) {
        if let Some(code) = country(
            &f("Citizenship_CountryIso2Code", "countryIso2Code"),
            &f("Citizenship_CountryDescription", "countryDescription"),
        ) {
            push_unique(&mut self.facts.nationalities, code.clone());
            push_unique(&mut self.countries, code);
        }
    }

    /// The entry, or why the entity cannot be one.
    fn into_entry(self) -> Result<ListEntry, String> {
        let primary = self
            .names
            .iter()
            .position(|n| n.strong)
            .or((!self.names.is_empty()).then_some(0))
            .ok_or_else(|| format!("entity {} has no name alias", self.id))?;
        let name = self.names[primary].name.clone();
        let mut aliases = AliasSet::new(&name);
        for (i, alias) in self.names.iter().enumerate() {
            if i == primary {
                continue;
            }
            match (alias.strong, is_latin(&alias.name)) {
                (false, _) => aliases.add_weak(&alias.name),
                (true, true) => aliases.add_strong(&alias.name, "aka"),
                (true, false) => aliases.add_strong(&alias.name, "original-script"),
            }
        }
        let (aliases, weak_aliases) = aliases.finish();
        let person = self
            .subject_type
            .iter()
            .any(|t| t.eq_ignore_ascii_case("P") || t.eq_ignore_ascii_case("person"));
        let mut details = self.details;
        for (key, values) in [
            ("regulation", &self.regulations),
            ("function", &self.functions),
            ("place_of_birth", &self.places_of_birth),
            ("identifications", &self.identifications),
        ] {
            if !values.is_empty() {
                details.insert(key.to_string(), values.join("; "));
            }
        }
        let kind = if person {
            EntityKind::Person
        } else {
            EntityKind::Organization
        };
        let remarks = (!self.remarks.is_empty()).then(|| self.remarks.join(" "));
        Ok(ListEntry::builder(self.id, kind, name)
            .aliases(aliases)
            .weak_aliases(weak_aliases)
            .programs(self.programmes)
            .countries(self.countries)
            .addresses(self.addresses)
            .remarks(remarks)
            .facts(self.facts)
            .details(details)
            .build())
    }
}

/// Adds a value unless it is empty or already there.
fn push_nonempty(list: &mut Vec<String>, value: String) {
    if !value.is_empty() {
        push_unique(list, value);
    }
}

fn first_nonempty<const N: usize>(values: [String; N]) -> String {
    values
        .into_iter()
        .find(|v| !v.is_empty())
        .unwrap_or_default()
}

fn join<const N: usize>(parts: [String; N], separator: &str) -> String {
    parts
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(separator)
}

/// A country description, empty when the FSF says it does not know (`UNKNOWN`).
fn known(description: String) -> String {
    if description.eq_ignore_ascii_case("unknown") {
        String::new()
    } else {
        description
    }
}

/// ISO alpha-2 from the FSF's code, or its description when the code is empty or `00`.
fn country(iso2: &str, description: &str) -> Option<String> {
    match iso2.trim() {
        "" | "00" => country_code(&known(description.to_string())),
        code => country_code(code),
    }
}

/// True when every letter of a name is Latin (ASCII, Latin-1, Latin Extended).
fn is_latin(name: &str) -> bool {
    name.chars().filter(|c| c.is_alphabetic()).all(|c| {
        c.is_ascii()
            || ('\u{00C0}'..='\u{024F}').contains(&c)
            || ('\u{1E00}'..='\u{1EFF}').contains(&c)
    })
}

/// `05/08/2026` (the CSV's `fileGenerationDate`) or an ISO timestamp as `YYYY-MM-DD`.
fn generation_date(text: &str) -> Option<String> {
    super::dates::list_date(text)
}

/// Turns gathered entities into the one `EU FSF` list, reporting those without a name.
fn finish(
    source: &Source,
    format: ListFormat,
    designations: Vec<Designation>,
    version: Option<String>,
    mut problems: Vec<Problem>,
) -> Result<Vec<WatchList>, ListError> {
    let mut entries = Vec::with_capacity(designations.len());
    for designation in designations {
        let line = designation.line;
        match designation.into_entry() {
            Ok(entry) => entries.push(entry),
            Err(why) => problems.push(Problem::error(
                format!("{}:{line}", source.label),
                format!("{why}; entity skipped"),
            )),
        }
    }
    if entries.is_empty() {
        return Err(ListError::Empty {
            path: source.label.clone(),
            hint: " (an EU Financial Sanctions File names at least one sanctioned entity; an \
                   empty file or an HTML page means the download failed)"
                .into(),
        });
    }
    Ok(vec![WatchList {
        name: LIST_NAME.into(),
        format,
        version: version.unwrap_or_else(|| super::file_version(source)),
        content_hash: source.sha256(),
        files: vec![source.label.clone()],
        entries,
        problems,
    }])
}

/// Reads the FSF CSV (`csvFullSanctionsList_1_1`) into one [`WatchList`].
pub fn read_csv(source: &Source) -> Result<Vec<WatchList>, ListError> {
    let (text, mut problems) = super::list_text(source);
    let lines = LineTable::new(&text);
    let (headers, rows) = super::read_table(&text, b';', &source.label, &lines, &mut problems)?;
    let columns: HashMap<&str, usize> = headers
        .iter()
        .enumerate()
        .map(|(i, h)| (h.trim(), i))
        .collect();
    for required in ["Entity_LogicalId", "NameAlias_WholeName"] {
        if !columns.contains_key(required) {
            return Err(ListError::Format {
                path: format!("{}:1", source.label),
                message: format!(
                    "EU FSF CSV header has no `{required}` column (is this the \
                     csvFullSanctionsList_1_1 file?)"
                ),
            });
        }
    }

    let mut designations: Vec<Designation> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut version = None;
    for crate::delimited::Row { line, record } in rows {
        let location = format!("{}:{line}", source.label);
        let get = |column: &str, _xml: &str| {
            columns
                .get(column)
                .and_then(|&i| record.get(i))
                .map_or_else(String::new, |v| v.trim().to_string())
        };
        let id = get("Entity_LogicalId", "");
        if id.is_empty() {
            problems.push(Problem::error(
                location,
                "row has no Entity_LogicalId; row skipped",
            ));
            continue;
        }
        if version.is_none() {
            version = generation_date(&get("fileGenerationDate", ""));
        }
        let at = *index.entry(id.clone()).or_insert_with(|| {
            designations.push(Designation::new(id, line));
            designations.len() - 1
        });
        let designation = &mut designations[at];
        designation.add_entity_fields(&get);
        push_nonempty(&mut designation.remarks, get("Entity_Remark", ""));
        designation.add_subject_type(&get);
        designation.add_regulation(&get);
        designation.add_name(&get);
        designation.add_address(&get);
        designation.add_birth_date(&get);
        designation.add_identification(&get);
        designation.add_citizenship(&get);
    }
    finish(
        source,
        ListFormat::EuFsfCsv,
        designations,
        version,
        problems,
    )
}

/// Reads the FSF XML (`xmlFullSanctionsList_1_1`) into one [`WatchList`].
pub fn read_xml(source: &Source) -> Result<Vec<WatchList>, ListError> {
    let (text, mut problems) = super::list_text(source);
    let mut designations = Vec::new();
    let scan = scan_records(
        &text,
        |name| name == "sanctionEntity",
        |element, line| match designation_of(&element, line) {
            Ok(designation) => designations.push(designation),
            Err(why) => problems.push(Problem::error(
                format!("{}:{line}", source.label),
                format!("{why}; entity skipped"),
            )),
        },
    );
    super::un_xml::stop_at_syntax_error(
        &scan,
        designations.len(),
        ("sanctionEntity", "entities"),
        &source.label,
    )?;
    let version = scan
        .root
        .as_ref()
        .and_then(|root| generation_date(root.attr("generationDate")));
    finish(
        source,
        ListFormat::EuFsfXml,
        designations,
        version,
        problems,
    )
}

/// Gathers one `sanctionEntity` element.
fn designation_of(entity: &XmlElement, line: u64) -> Result<Designation, String> {
    let id = entity.attr("logicalId");
    if id.is_empty() {
        return Err("sanctionEntity has no logicalId".into());
    }
    let mut designation = Designation::new(id.to_string(), line);
    designation.add_entity_fields(&|_, xml| entity.attr(xml).to_string());
    for child in &entity.children {
        let f = |_: &str, xml: &str| child.attr(xml).to_string();
        match child.name.as_str() {
            "remark" => push_nonempty(&mut designation.remarks, child.text()),
            "regulation" => designation.add_regulation(&f),
            "subjectType" => designation.add_subject_type(&f),
            "nameAlias" => designation.add_name(&f),
            "address" => designation.add_address(&f),
            "birthdate" => designation.add_birth_date(&f),
            "identification" => designation.add_identification(&f),
            "citizenship" => designation.add_citizenship(&f),
            _ => {}
        }
    }
    Ok(designation)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_header_is_recognised_by_its_column_names() {
        assert!(looks_like_csv(
            "fileGenerationDate;Entity_LogicalId;Entity_EU_ReferenceNumber;Entity_UnitedNationId"
        ));
        assert!(looks_like_csv(
            "Entity_LogicalId;Entity_SubjectType;NameAlias_WholeName"
        ));
        assert!(!looks_like_csv("id,name,aliases,type,country,reason,list"));
        assert!(!looks_like_csv(
            "Entity_LogicalId,Entity_SubjectType,NameAlias_WholeName"
        ));
    }

    #[test]
    fn xml_root_is_export_with_sanction_entities() {
        assert!(looks_like_xml(
            "<?xml version=\"1.0\"?>\n<export xmlns=\"http://eu.europa.ec/fpi/fsd/export\" \
             generationDate=\"2026-08-05T16:47:04.449+02:00\">\n<sanctionEntity logicalId=\"13\">"
        ));
        assert!(!looks_like_xml(
            "<?xml version=\"1.0\"?><CONSOLIDATED_LIST>"
        ));
    }

    #[test]
    fn generation_dates_in_both_formats() {
        assert_eq!(generation_date("05/08/2026").as_deref(), Some("2026-08-05"));
        assert_eq!(
            generation_date("2026-08-05T16:47:04.449+02:00").as_deref(),
            Some("2026-08-05")
        );
        assert_eq!(generation_date("5/8/26"), None);
    }

    #[test]
    fn greek_and_cyrillic_names_are_not_latin() {
        assert!(is_latin("Islamski Front Bojowników o Wielki Wschód"));
        assert!(is_latin("İslami Büyük Doğu Akıncılar Cephesi"));
        assert!(!is_latin("Фронт на великите ислямски източни воини"));
        assert!(!is_latin("Μέγα Ισλαµικό Μέτωπο"));
    }
}
