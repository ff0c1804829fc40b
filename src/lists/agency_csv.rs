//! Reader for an agency's own watchlist: hubscreen's documented CSV, the way a customs service
//! adds its own persons of interest (`watchlists/agency/README.md`).
//!
//! Columns are found by header name, in any order: `name` is required; `id`, `aliases`
//! (`;`-separated), `type` (person, organization, vessel, aircraft), `country` (ISO code or
//! name), `reason` and `list` are optional. Rows naming different lists become different lists.
//! A row without a name is reported with its line and skipped; other rows still load.

use std::collections::BTreeMap;

use super::{Alias, ListEntry, ListError, ListFormat, Problem, WatchList, country_code};
use crate::model::EntityKind;
use crate::source::Source;

/// The list name used when the `list` column is absent or empty.
pub const DEFAULT_LIST_NAME: &str = "AGENCY WATCHLIST";

const COLUMNS: [&str; 7] = ["id", "name", "aliases", "type", "country", "reason", "list"];

/// True when a header line names `name` and at least two other agency columns.
pub fn looks_like_header(line: &str) -> bool {
    let cols: Vec<String> = line
        .split(',')
        .map(|c| c.trim().trim_matches('"').to_ascii_lowercase())
        .collect();
    cols.iter().any(|c| c == "name")
        && cols
            .iter()
            .filter(|c| COLUMNS.contains(&c.as_str()))
            .count()
            >= 3
}

fn entity_kind(text: &str) -> Option<EntityKind> {
    match text.trim().to_ascii_lowercase().as_str() {
        "" | "organization" | "organisation" | "entity" | "company" => {
            Some(EntityKind::Organization)
        }
        "person" | "individual" => Some(EntityKind::Person),
        "vessel" | "ship" => Some(EntityKind::Vessel),
        "aircraft" => Some(EntityKind::Aircraft),
        _ => None,
    }
}

/// Reads an agency CSV, one [`WatchList`] per distinct `list` value.
pub fn read(source: &Source) -> Result<Vec<WatchList>, ListError> {
    let (text, mut problems) = super::list_text(source);
    let lines = crate::source::LineTable::new(&text);
    let (headers, rows) = super::read_table(&text, b',', &source.label, &lines, &mut problems)?;
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
    };
    let Some(name_col) = col("name") else {
        return Err(ListError::Format {
            path: source.label.clone(),
            message: "agency list has no `name` column".into(),
        });
    };
    let [
        id_col,
        aliases_col,
        type_col,
        country_col,
        reason_col,
        list_col,
    ] = ["id", "aliases", "type", "country", "reason", "list"].map(col);

    let mut by_list: BTreeMap<String, Vec<ListEntry>> = BTreeMap::new();
    for crate::delimited::Row { line, record } in rows {
        let get = |c: Option<usize>| c.and_then(|c| record.get(c)).unwrap_or("").trim();
        let location = format!("{}:{line}", source.label);
        let name = get(Some(name_col));
        if name.is_empty() {
            problems.push(Problem::error(location, "row has no name; skipped"));
            continue;
        }
        let kind = entity_kind(get(type_col)).unwrap_or_else(|| {
            problems.push(Problem::warning(
                location.clone(),
                format!(
                    "type {:?} is not person, organization, vessel or aircraft; treated as \
                     organization",
                    get(type_col)
                ),
            ));
            EntityKind::Organization
        });
        let id = match get(id_col) {
            "" => format!("ROW-{line}"),
            id => id.to_string(),
        };
        let aliases = get(aliases_col)
            .split(';')
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(|a| Alias {
                name: a.to_string(),
                kind: "aka".into(),
            })
            .collect();
        let list = match get(list_col) {
            "" => DEFAULT_LIST_NAME.to_string(),
            l => l.to_string(),
        };
        by_list.entry(list).or_default().push(
            ListEntry::builder(id, kind, name)
                .aliases(aliases)
                .country(country_code(get(country_col)))
                .remark_text(get(reason_col))
                .build(),
        );
    }
    finish(source, by_list, problems)
}

/// One list per `list` value, file-level problems on the last; no named row is an error.
fn finish(
    source: &Source,
    by_list: BTreeMap<String, Vec<ListEntry>>,
    mut problems: Vec<Problem>,
) -> Result<Vec<WatchList>, ListError> {
    if by_list.is_empty() {
        return Err(ListError::Empty {
            path: source.label.clone(),
            hint: " (the agency list has a header but no named rows)".into(),
        });
    }
    let version = super::file_version(source);
    let hash = source.sha256();
    let count = by_list.len();
    Ok(by_list
        .into_iter()
        .enumerate()
        .map(|(i, (name, entries))| WatchList {
            name,
            format: ListFormat::AgencyCsv,
            version: version.clone(),
            content_hash: hash.clone(),
            files: vec![source.label.clone()],
            entries,
            // File-level problems are reported once, on the last list of the file.
            problems: if i + 1 == count {
                std::mem::take(&mut problems)
            } else {
                Vec::new()
            },
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_detection_needs_name_and_two_more_columns() {
        assert!(looks_like_header(
            "id,name,aliases,type,country,reason,list"
        ));
        assert!(looks_like_header("NAME,Country,Reason"));
        assert!(!looks_like_header("name,street,city"));
        assert!(!looks_like_header("36,\"AEROCARIBBEAN\""));
    }
}
