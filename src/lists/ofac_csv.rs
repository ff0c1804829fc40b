//! Reader for OFAC's legacy CSV files: the SDN set (`sdn.csv`, `add.csv`, `alt.csv`,
//! `sdn_comments.csv`) and the non-SDN consolidated set (`cons_prim.csv`, `cons_add.csv`,
//! `cons_alt.csv`, `cons_comments.csv`), which share one layout.
//!
//! The quirks handled here, all seen in the real files: no header row; CRLF; a last line that
//! is a lone 0x1A byte; `-0-` (with a trailing space) for null; programs joined as
//! `SDGT] [IFSR`; individuals written `SURNAME, Given`; remarks cut at 1,000 characters and
//! continued mid-word in the comments file; weak aliases (`a.k.a. '...'`) and typed facts
//! (DOB, nationality, IMO, Linked To) only inside the remarks. The legacy CSVs carry no
//! publication date, so the version is the file date.

use std::collections::HashMap;
use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;
use sha2::{Digest, Sha256};

use super::{
    Alias, DetectedKind, EntryFacts, ListEntry, ListError, ListFormat, Problem, WatchList,
    country_code, push_unique,
};
use crate::model::EntityKind;
use crate::source::{Encoding, Source, hex};

/// The files of one OFAC set. Only the primary file is required; a missing companion is
/// reported as a problem on the loaded list, because its absence drops aliases or addresses.
#[derive(Debug, Clone)]
pub struct OfacFileSet {
    pub primary: Source,
    pub addresses: Option<Source>,
    pub aliases: Option<Source>,
    pub comments: Option<Source>,
    /// `OFAC SDN` or `OFAC NON-SDN`.
    pub list_name: String,
    /// Companion files looked for and not found.
    pub missing: Vec<String>,
}

impl OfacFileSet {
    /// Finds the companion files beside a primary file read from disk: `add.csv`, `alt.csv`
    /// and `sdn_comments.csv` beside `sdn.csv`; the `cons_` names beside `cons_prim.csv`.
    pub fn beside(primary: Source) -> Result<Self, ListError> {
        let name = primary.file_name().to_ascii_lowercase();
        let non_sdn = name.starts_with("cons_");
        let companions: Option<[&str; 3]> = match name.as_str() {
            "sdn.csv" => Some(["add.csv", "alt.csv", "sdn_comments.csv"]),
            "cons_prim.csv" => Some(["cons_add.csv", "cons_alt.csv", "cons_comments.csv"]),
            _ => None,
        };
        let dir = primary.path.as_deref().and_then(Path::parent);
        let mut found: [Option<Source>; 3] = [None, None, None];
        let mut missing = Vec::new();
        match (companions, dir) {
            (Some(names), Some(dir)) => {
                for (slot, file) in found.iter_mut().zip(names) {
                    let path = dir.join(file);
                    if path.is_file() {
                        *slot = Some(Source::read(&path)?);
                    } else {
                        missing.push(file.to_string());
                    }
                }
            }
            _ => missing.push(format!(
                "add/alt/comments files (looked for only beside a file named sdn.csv or \
                 cons_prim.csv, not {name}):"
            )),
        }
        let [addresses, aliases, comments] = found;
        Ok(OfacFileSet {
            primary,
            addresses,
            aliases,
            comments,
            list_name: if non_sdn { "OFAC NON-SDN" } else { "OFAC SDN" }.into(),
            missing,
        })
    }
}

/// Recognises one OFAC legacy file from its first line.
pub fn detect_file(first_line: &str) -> Option<DetectedKind> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(first_line.as_bytes());
    let record = reader.records().next()?.ok()?;
    let first = record.get(0)?.trim();
    if first.is_empty() || !first.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    match record.len() {
        12 => Some(DetectedKind::OfacPrimary),
        6 => Some(DetectedKind::OfacAddress),
        5 if matches!(
            record
                .get(2)
                .map(|s| s.trim().to_ascii_lowercase())
                .as_deref(),
            Some("aka" | "fka" | "nka")
        ) =>
        {
            Some(DetectedKind::OfacAlias)
        }
        2 => Some(DetectedKind::OfacComments),
        _ => None,
    }
}

/// One CSV row with its line number, nulls already removed.
struct Row {
    line: u64,
    fields: Vec<String>,
}

/// Reads every row of an OFAC file, skipping the 0x1A trailer and reporting rows whose field
/// count is wrong; a file that stops mid-row is [`ListError::Truncated`].
fn rows(
    source: &Source,
    expected: usize,
    problems: &mut Vec<Problem>,
) -> Result<Vec<Row>, ListError> {
    // OFAC's files are ASCII in practice; Latin-1 decoding can never fail, so an odd byte
    // cannot take a whole list down.
    let decoded = source.text(Encoding::Latin1);
    let lines = crate::source::LineTable::new(&decoded.text);
    let (rows, cut) = crate::delimited::read_rows_to_end(
        &decoded.text,
        0,
        b',',
        Some(expected),
        &lines,
        &mut |line, message| {
            problems.push(Problem::error(format!("{}:{line}", source.label), message));
        },
    );
    if let Some(cut) = cut {
        return Err(ListError::cut(&source.label, cut));
    }
    Ok(rows
        .into_iter()
        .map(|r| Row {
            line: r.line,
            fields: r.record.iter().map(clean).collect(),
        })
        .collect())
}

/// Removes OFAC's `-0-` null token and surrounding spaces.
fn clean(field: &str) -> String {
    let t = field.trim();
    if t == "-0-" {
        String::new()
    } else {
        t.to_string()
    }
}

/// Splits `SDGT] [IFSR` into programs.
fn programs(field: &str) -> Vec<String> {
    field
        .split("] [")
        .map(|p| p.trim_matches(['[', ']', ' ']).to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

fn kind(sdn_type: &str) -> EntityKind {
    match sdn_type.to_ascii_lowercase().as_str() {
        "individual" => EntityKind::Person,
        "vessel" => EntityKind::Vessel,
        "aircraft" => EntityKind::Aircraft,
        _ => EntityKind::Organization,
    }
}

static DOB: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|;\s*)(?:alt\.\s+)?DOB\s+([^;]+)").expect("valid regex"));
static NATIONALITY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|;\s*)(?:alt\.\s+)?(?:nationality|citizen)\s+([^;]+)").expect("valid regex")
});
static IMO: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\bIMO\s+(\d{7})\b").expect("valid regex"));
static LINKED_TO: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"Linked To:\s*([^;]+)").expect("valid regex"));

/// Pulls weak aliases and typed facts out of a remarks text.
fn parse_remarks(remarks: &str) -> (Vec<String>, EntryFacts) {
    let body = remarks.trim().trim_end_matches('.');
    let mut weak = Vec::new();
    // Weak aliases may hold apostrophes (`'JA'FARI, Aziz'`) and come several to a clause
    // (`a.k.a. 'ABU-AL-KARKH', 'Yusuf'`): split clauses on `;`, then names on `', '`.
    for clause in body.split(';').map(str::trim) {
        let Some(rest) = ["a.k.a. ", "f.k.a. ", "n.k.a. "]
            .iter()
            .find_map(|p| clause.strip_prefix(p))
        else {
            continue;
        };
        let Some(inner) = rest
            .trim()
            .strip_prefix('\'')
            .and_then(|r| r.strip_suffix('\''))
        else {
            continue;
        };
        for name in inner.split("', '").map(str::trim).filter(|n| !n.is_empty()) {
            push_unique(&mut weak, name.to_string());
        }
    }
    let mut facts = EntryFacts::default();
    for c in DOB.captures_iter(body) {
        push_unique(&mut facts.dates_of_birth, c[1].trim().to_string());
    }
    for c in NATIONALITY.captures_iter(body) {
        if let Some(code) = country_code(&c[1]) {
            push_unique(&mut facts.nationalities, code);
        }
    }
    for c in IMO.captures_iter(body) {
        push_unique(&mut facts.imo_numbers, c[1].to_string());
    }
    for c in LINKED_TO.captures_iter(body) {
        push_unique(
            &mut facts.linked_to,
            c[1].trim().trim_end_matches('.').to_string(),
        );
    }
    (weak, facts)
}

/// Reads an OFAC set into one list.
pub fn read(set: &OfacFileSet) -> Result<WatchList, ListError> {
    let mut problems = Vec::new();
    for missing in &set.missing {
        problems.push(Problem::warning(
            set.primary.label.clone(),
            format!(
                "{missing} not found beside it; the list is loaded without the aliases, \
                 addresses or remarks they would add"
            ),
        ));
    }
    let (mut entries, index) = primary_entries(&set.primary, &mut problems)?;
    attach_companions(set, &mut entries, &index, &mut problems)?;
    for e in &mut entries {
        if let Some(remarks) = &e.remarks {
            let (weak, facts) = parse_remarks(remarks);
            for n in &facts.nationalities {
                push_unique(&mut e.countries, n.clone());
            }
            e.weak_aliases = weak;
            e.facts = facts;
        }
    }
    if entries.is_empty() {
        return Err(ListError::Empty {
            path: set.primary.label.clone(),
            hint: " (an OFAC sdn.csv has one entry per line; an empty or HTML file means the \
                   download failed)"
                .into(),
        });
    }
    Ok(finish_set(set, entries, problems))
}

/// The entries of the primary file (`sdn.csv`, `cons_prim.csv`) and their positions by
/// ent_num; a repeated ent_num keeps its later row.
fn primary_entries(
    primary: &Source,
    problems: &mut Vec<Problem>,
) -> Result<(Vec<ListEntry>, HashMap<String, usize>), ListError> {
    let mut entries = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for row in rows(primary, 12, problems)? {
        let f = row.fields;
        if f[1].is_empty() {
            problems.push(Problem::error(
                format!("{}:{}", primary.label, row.line),
                format!("entry {} has no name; row skipped", f[0]),
            ));
            continue;
        }
        let kind = kind(&f[2]);
        let flag = if kind == EntityKind::Vessel {
            country_code(&f[9])
        } else {
            None
        };
        let entry = ListEntry::builder(f[0].clone(), kind, f[1].clone())
            .programs(programs(&f[3]))
            .country(flag)
            .remark_text(&f[11])
            .build();
        if let Some(&at) = index.get(&entry.id) {
            problems.push(Problem::warning(
                format!("{}:{}", primary.label, row.line),
                format!("ent_num {} appears twice; the later row is kept", entry.id),
            ));
            entries[at] = entry;
            continue;
        }
        index.insert(entry.id.clone(), entries.len());
        entries.push(entry);
    }
    Ok((entries, index))
}

/// Adds the remarks overflow, aliases and addresses of the companion files to their entries.
fn attach_companions(
    set: &OfacFileSet,
    entries: &mut [ListEntry],
    index: &HashMap<String, usize>,
    problems: &mut Vec<Problem>,
) -> Result<(), ListError> {
    // Companion rows naming an entry the primary file lacks cannot attach anywhere; they drop
    // nothing from the list, so they are reported once per file, not once per row.
    let mut orphans: Vec<(String, u64, String)> = Vec::new();
    let lookup =
        |source: &Source, line: u64, ent: &str, orphans: &mut Vec<(String, u64, String)>| {
            let found = index.get(ent).copied();
            if found.is_none() {
                orphans.push((source.label.clone(), line, ent.to_string()));
            }
            found
        };

    if let Some(src) = &set.comments {
        for row in rows(src, 2, problems)? {
            if let Some(i) = lookup(src, row.line, &row.fields[0], &mut orphans) {
                // The overflow continues the cut remarks mid-word: join without a separator.
                let e = &mut entries[i];
                let mut r = e.remarks.take().unwrap_or_default();
                r.push_str(&row.fields[1]);
                e.remarks = Some(r);
            }
        }
    }
    if let Some(src) = &set.aliases {
        for row in rows(src, 5, problems)? {
            if let Some(i) = lookup(src, row.line, &row.fields[0], &mut orphans) {
                let f = &row.fields;
                if f[3].is_empty() {
                    continue;
                }
                entries[i].aliases.push(Alias {
                    name: f[3].clone(),
                    kind: f[2].to_ascii_lowercase(),
                });
            }
        }
    }
    if let Some(src) = &set.addresses {
        for row in rows(src, 6, problems)? {
            if let Some(i) = lookup(src, row.line, &row.fields[0], &mut orphans) {
                let f = &row.fields;
                let parts: Vec<&str> = [&f[2], &f[3], &f[4]]
                    .into_iter()
                    .map(String::as_str)
                    .filter(|s| !s.is_empty())
                    .collect();
                if !parts.is_empty() {
                    entries[i].addresses.push(parts.join(", "));
                }
                if let Some(code) = country_code(&f[4]) {
                    push_unique(&mut entries[i].countries, code);
                }
            }
        }
    }
    report_orphans(&orphans, &set.primary, problems);
    Ok(())
}

/// One warning per companion file whose rows name ent_nums the primary file lacks.
fn report_orphans(
    orphans: &[(String, u64, String)],
    primary: &Source,
    problems: &mut Vec<Problem>,
) {
    let mut orphan_files: Vec<&str> = orphans.iter().map(|(f, _, _)| f.as_str()).collect();
    orphan_files.dedup();
    for file in orphan_files {
        let rows: Vec<&(String, u64, String)> = orphans.iter().filter(|o| o.0 == file).collect();
        let (_, line, ent) = rows[0];
        problems.push(Problem::warning(
            format!("{file}:{line}"),
            format!(
                "{} row(s) name ent_nums not in {} (first: {ent}); those rows are skipped",
                rows.len(),
                primary.file_name()
            ),
        ));
    }
}

/// The list of a read set: its files in load order and one hash over them.
fn finish_set(set: &OfacFileSet, entries: Vec<ListEntry>, problems: Vec<Problem>) -> WatchList {
    let mut hasher = Sha256::new();
    let mut files = Vec::new();
    for src in [
        Some(&set.primary),
        set.addresses.as_ref(),
        set.aliases.as_ref(),
        set.comments.as_ref(),
    ]
    .into_iter()
    .flatten()
    {
        hasher.update(&src.bytes);
        files.push(src.label.clone());
    }
    WatchList {
        name: set.list_name.clone(),
        format: ListFormat::OfacCsv,
        version: super::file_version(&set.primary),
        content_hash: hex(&hasher.finalize()),
        files,
        entries,
        problems,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remarks_yield_weak_aliases_and_typed_facts() {
        let (weak, facts) = parse_remarks(
            "DOB 23 Nov 1962; alt. DOB 1963; POB Caracas, Venezuela; nationality Venezuela; \
             citizen Iran; Vessel Registration Identification IMO 7406784; a.k.a. 'BNC'; \
             f.k.a. 'SAND SWAN'; Linked To: LAZARUS GROUP.",
        );
        assert_eq!(weak, vec!["BNC", "SAND SWAN"]);
        let (weak, _) = parse_remarks("a.k.a. 'ABU-AL-KARKH', 'Yusuf'; a.k.a. 'JA'FARI, Aziz'.");
        assert_eq!(weak, vec!["ABU-AL-KARKH", "Yusuf", "JA'FARI, Aziz"]);
        assert_eq!(facts.dates_of_birth, vec!["23 Nov 1962", "1963"]);
        assert_eq!(facts.nationalities, vec!["VE", "IR"]);
        assert_eq!(facts.imo_numbers, vec!["7406784"]);
        assert_eq!(facts.linked_to, vec!["LAZARUS GROUP"]);
    }

    #[test]
    fn programs_split_on_bracket_pairs() {
        assert_eq!(programs("SDGT] [IFSR"), vec!["SDGT", "IFSR"]);
        assert_eq!(programs("CUBA"), vec!["CUBA"]);
        assert!(programs("").is_empty());
    }

    #[test]
    fn null_token_is_empty() {
        assert_eq!(clean("-0- "), "");
        assert_eq!(clean(" CUBA "), "CUBA");
    }

    #[test]
    fn each_file_of_the_set_is_recognised_by_its_first_line() {
        assert_eq!(
            detect_file(
                r#"36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- "#
            ),
            Some(DetectedKind::OfacPrimary)
        );
        assert_eq!(
            detect_file(r#"36,25,-0- ,"Havana","Cuba",-0- "#),
            Some(DetectedKind::OfacAddress)
        );
        assert_eq!(
            detect_file(r#"36,12,"aka","AERO-CARIBBEAN",-0- "#),
            Some(DetectedKind::OfacAlias)
        );
        assert_eq!(
            detect_file(r#"12300,"Z S.A.S.; Linked To: X""#),
            Some(DetectedKind::OfacComments)
        );
        assert_eq!(detect_file("name,aliases"), None);
    }
}
