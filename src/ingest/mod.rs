//! Manifest ingest: any supported manifest file in, its shipments plus every problem found
//! out.
//!
//! The format is detected from content, not the extension (a `.txt` that holds CSV is CSV).
//! One reader per format lives beside this file. A reader never stops at a bad row: it
//! reports `file:line: what is wrong` as a [`Problem`] and goes on, so that one malformed bill
//! never hides the good ones. Only a file that cannot be read at all is an [`IngestError`].
//!
//! Memory does not grow with the file: [`open`] reads a manifest once to check it and plan
//! (its format, its hash, where each bill's last row is), and [`ManifestFile::stream`] reads it
//! again, handing over shipments a chunk at a time as soon as each is complete. That is why a
//! manifest must be a regular file, not a pipe or a device. [`ingest`] collects a whole
//! manifest in memory for callers that want it at once (the store, the dashboard).

pub mod ams;
pub mod cargo_imp;
pub mod cargo_xml;
pub mod checks;
pub mod csv_columns;
pub mod csv_manifest;
pub mod cuscar;
pub mod edifact;
pub mod json_manifest;
pub mod segment;
pub mod spreadsheet;
#[cfg(test)]
mod test_support;
pub mod x12;
pub mod x12_309;

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::model::{Manifest, Shipment};
pub use crate::model::{Problem, Severity};
use crate::source::{
    Encoding, InvalidByte, ReadError, Source, Transcoder, encoding_hint, hex, looks_like_utf16,
};

pub use csv_manifest::ColumnMap;

/// The manifest formats hubscreen reads.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, strum::IntoStaticStr, strum::Display,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum ManifestFormat {
    /// A delimited table with a header row (agents' spreadsheets, vendor B/L exports).
    Csv,
    /// hubscreen's own JSON schema: the serde form of [`Manifest`].
    Json,
    /// UN/EDIFACT CUSCAR, the customs cargo report shipping lines and port systems send.
    Cuscar,
    /// ANSI X12 309, the U.S. customs manifest.
    #[serde(rename = "x12_309")]
    #[strum(serialize = "x12_309")]
    X12_309,
    /// An Excel or OpenDocument workbook (XLSX, XLS, ODS) laid out as a table.
    Spreadsheet,
    /// The U.S. CBP AMS public-data tables, read together from one folder.
    Ams,
    /// IATA Cargo-IMP air waybill (FWB) and house waybill (FHL) messages.
    CargoImp,
    /// IATA Cargo-XML air waybill (XFWB) and house waybill (XFZB) documents.
    CargoXml,
}

impl ManifestFormat {
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// A manifest read from one file, with what was wrong in it.
#[derive(Debug, Clone)]
pub struct Ingested {
    pub file: String,
    pub format: ManifestFormat,
    /// SHA-256 of the file's bytes.
    pub sha256: String,
    pub manifest: Manifest,
    pub problems: Vec<Problem>,
}

/// A manifest file that could not be read at all.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error(transparent)]
    Read(#[from] ReadError),
    #[error("{path}: {message}")]
    Format { path: String, message: String },
    /// The consumer of streamed shipments failed (writing the results, a closed pipe).
    #[error("{0}")]
    Consumer(#[source] io::Error),
}

impl IngestError {
    /// Reading `path` failed (the disk, a file gone while read).
    pub fn read(path: &str, source: io::Error) -> Self {
        IngestError::Read(ReadError {
            path: path.to_string(),
            source,
        })
    }
}

/// Options that apply to every reader.
#[derive(Debug, Clone, Default)]
pub struct IngestOptions {
    /// The text encoding the user named; None: what the file says (a byte-order mark, an
    /// EDIFACT UNB character set), else UTF-8.
    pub encoding: Option<Encoding>,
    /// The workbook sheet to read; None: every sheet that has a header row.
    pub sheet: Option<String>,
    /// Extra header-to-field mappings for CSV layouts the alias table does not know.
    pub column_map: ColumnMap,
    /// What the screening layer will not read of each shipment's names, said on its row. None
    /// only where nothing is screened (format checks, fuzzing); the engine's
    /// `service::ingest_options` always sets it.
    pub name_check: Option<NameCheck>,
}

/// What a reader hands over as it goes, in file order.
#[derive(Debug)]
// Items are handed over one at a time, never stored in bulk: their size does not matter.
#[allow(clippy::large_enum_variant)]
pub enum Item {
    Shipment(Shipment),
    Problem(Problem),
}

/// The manifest field a party's name is read from (`consignee_name`), as problems name it.
pub fn party_name_field(role: crate::model::PartyRole) -> String {
    csv_manifest::Field::PartyName(role).name()
}

/// Warnings about one shipment's names at `location` (its `file:line`), handed over with the
/// shipment as it streams. The screening layer supplies it (`screen::name_cap::shipment_problems`:
/// what the matcher will not read), so that the reader needs no knowledge of the matcher.
pub type NameCheck = fn(&Shipment, &str) -> Vec<Problem>;

/// Shipments streamed together, with the problems found while reading them.
#[derive(Debug, Default)]
pub struct Chunk {
    pub shipments: Vec<Shipment>,
    pub problems: Vec<Problem>,
}

/// Where a manifest's bytes are read from, once per pass.
#[derive(Debug)]
enum Input<'a> {
    File(PathBuf),
    Memory(&'a [u8]),
}

/// A manifest checked and planned by [`open`], ready to [`stream`](Self::stream).
#[derive(Debug)]
pub struct ManifestFile<'a> {
    /// What messages call the file (its path).
    pub file: String,
    pub format: ManifestFormat,
    /// SHA-256 of the file's bytes, as read by [`open`].
    pub sha256: String,
    /// How many shipments [`Self::stream`] hands over.
    pub shipments: usize,
    input: Input<'a>,
    encoding: Encoding,
    plan: Plan,
    name_check: Option<NameCheck>,
}

#[derive(Debug)]
enum Plan {
    Csv(csv_manifest::Plan),
    Json(json_manifest::Plan),
    /// A text format read by one walk: planning is the same walk, counting.
    Text(TextReader, Header),
    Spreadsheet(Header, IngestOptions),
    Ams(ams::Plan),
}

/// What a reader found about the manifest as a whole (the first message's reference and
/// conveyance), for [`Manifest`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Header {
    pub reference: Option<String>,
    pub conveyance: Option<crate::model::Conveyance>,
}

/// A reader of a text format: it walks the text once, handing each shipment and problem to
/// `on_item` as it goes, and returns what it found about the manifest as a whole.
pub type TextReader = fn(
    label: &str,
    text: &mut dyn BufRead,
    on_item: &mut dyn FnMut(Item) -> io::Result<()>,
) -> Result<Header, IngestError>;

/// Runs a text reader with a consumer that only counts, for [`open`]'s plan.
fn count_shipments(
    read: TextReader,
    label: &str,
    text: &mut dyn BufRead,
) -> Result<(Header, usize), IngestError> {
    let mut shipments = 0;
    let header = read(label, text, &mut |item| {
        if let Item::Shipment(_) = item {
            shipments += 1;
        }
        Ok(())
    })?;
    Ok((header, shipments))
}

/// Counts what passes through into a SHA-256.
struct Hashing<'h, R> {
    inner: R,
    hasher: &'h mut Sha256,
}

impl<R: Read> Read for Hashing<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }
}

/// Read buffer for manifests: large enough that the head checked for the format is a block.
const BLOCK: usize = 64 * 1024;

impl Input<'_> {
    fn open(&self, label: &str) -> Result<Box<dyn Read + '_>, IngestError> {
        match self {
            Input::File(path) => {
                let file = File::open(path).map_err(|source| ReadError {
                    path: label.to_string(),
                    source,
                })?;
                Ok(Box::new(file))
            }
            Input::Memory(bytes) => Ok(Box::new(*bytes)),
        }
    }

    /// The input again, for readers that jump about in it (workbooks).
    fn open_seekable(&self, label: &str) -> Result<Box<dyn ReadSeek + '_>, IngestError> {
        match self {
            Input::File(path) => {
                let file = File::open(path).map_err(|source| ReadError {
                    path: label.to_string(),
                    source,
                })?;
                Ok(Box::new(BufReader::with_capacity(BLOCK, file)))
            }
            Input::Memory(bytes) => Ok(Box::new(io::Cursor::new(*bytes))),
        }
    }

    /// The first `n` bytes as stored, for formats known by their magic number or that declare
    /// their own encoding.
    fn head(&self, label: &str, n: u64) -> Result<Vec<u8>, IngestError> {
        let mut head = Vec::new();
        self.open(label)?
            .take(n)
            .read_to_end(&mut head)
            .map_err(read_error(label))?;
        Ok(head)
    }

    /// SHA-256 of every byte.
    fn sha256(&self, label: &str) -> Result<String, IngestError> {
        let mut hasher = Sha256::new();
        let mut raw = Hashing {
            inner: self.open(label)?,
            hasher: &mut hasher,
        };
        io::copy(&mut raw, &mut io::sink()).map_err(read_error(label))?;
        Ok(hex(&hasher.finalize()))
    }
}

/// What a workbook reader needs of its input.
pub trait ReadSeek: Read + io::Seek {}
impl<T: Read + io::Seek> ReadSeek for T {}

/// The bytes as UTF-8 text, whatever the encoding: a byte-order mark is obeyed and dropped,
/// invalid UTF-8 replaced and its first place noted in `invalid`.
fn text_reader<'r>(
    raw: impl Read + 'r,
    encoding: Encoding,
    invalid: &InvalidByte,
) -> io::Result<(Box<dyn BufRead + 'r>, Encoding)> {
    let mut raw = BufReader::with_capacity(BLOCK, raw);
    let head = raw.fill_buf()?;
    let mut encoding = encoding;
    if let Some((named, len)) = Encoding::from_bom(head)
        && (named != Encoding::Utf8 || encoding == Encoding::Utf8)
    {
        encoding = named;
        raw.consume(len);
    }
    let text = Transcoder::new(raw, encoding).noting_invalid_utf8(invalid.clone());
    Ok((Box::new(BufReader::with_capacity(BLOCK, text)), encoding))
}

fn read_error(label: &str) -> impl Fn(io::Error) -> IngestError + '_ {
    move |source| {
        IngestError::Read(ReadError {
            path: label.to_string(),
            source,
        })
    }
}

/// Checks and plans a manifest file: refuses what is not a regular file, detects the format,
/// and reads it once through (see the module's doc).
pub fn open(path: &Path, options: &IngestOptions) -> Result<ManifestFile<'static>, IngestError> {
    let label = path.display().to_string();
    let meta = std::fs::metadata(path).map_err(|source| ReadError {
        path: label.clone(),
        source,
    })?;
    if !meta.is_file() {
        return Err(IngestError::Format {
            path: label,
            message: format!(
                "{} is not a regular file: a manifest is read twice (once to plan, once to \
                 screen), so save it to a file and screen that",
                file_kind(&meta)
            ),
        });
    }
    plan(label, Input::File(path.to_path_buf()), options)
}

/// What kind of thing a path that is not a regular file is, for messages.
fn file_kind(meta: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a pipe (FIFO)";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if meta.is_dir() { "a folder" } else { "it" }
}

/// [`open`] for bytes already in memory.
pub fn open_source<'a>(
    source: &'a Source,
    options: &IngestOptions,
) -> Result<ManifestFile<'a>, IngestError> {
    plan(source.label.clone(), Input::Memory(&source.bytes), options)
}

fn plan<'a>(
    label: String,
    input: Input<'a>,
    options: &IngestOptions,
) -> Result<ManifestFile<'a>, IngestError> {
    // A workbook is a zip or OLE2 container: known by its first bytes, never as text.
    if spreadsheet::is_workbook(&input.head(&label, 8)?) {
        return plan_spreadsheet(label, input, options);
    }
    let mut hasher = Sha256::new();
    let invalid = InvalidByte::default();
    let raw = Hashing {
        inner: input.open(&label)?,
        hasher: &mut hasher,
    };
    let (mut text, encoding) = text_reader(raw, options.encoding.unwrap_or_default(), &invalid)
        .map_err(read_error(&label))?;
    let head = text.fill_buf().map_err(read_error(&label))?;
    if encoding == Encoding::Utf8 && looks_like_utf16(head).is_some() {
        return Err(IngestError::Format {
            path: label,
            message: encoding_hint(head).replace("It looks", "the file looks"),
        });
    }
    let format = detect(&String::from_utf8_lossy(head)).map_err(|what| IngestError::Format {
        path: label.clone(),
        message: what,
    })?;
    if matches!(
        format,
        ManifestFormat::Cuscar
            | ManifestFormat::X12_309
            | ManifestFormat::CargoImp
            | ManifestFormat::CargoXml
    ) {
        // An EDIFACT interchange names its character set in UNB; it holds unless the user
        // named one.
        let declared = match format {
            ManifestFormat::Cuscar if options.encoding.is_none() => {
                edifact::declared_encoding(&input.head(&label, BLOCK as u64)?)
            }
            _ => None,
        };
        drop(text);
        return plan_text(label, input, declared.unwrap_or(encoding), options, format);
    }
    let (plan, shipments) = match format {
        ManifestFormat::Csv => {
            let plan = csv_manifest::plan(&label, &mut text, &options.column_map)?;
            let n = plan.shipments;
            (Plan::Csv(plan), n)
        }
        ManifestFormat::Json => {
            let plan = json_manifest::plan(&label, &mut text)?;
            let n = plan.shipments;
            (Plan::Json(plan), n)
        }
        ManifestFormat::Ams => {
            drop(text);
            return plan_ams(label, input, options);
        }
        other => unreachable!("{other} is planned above"),
    };
    // The hash covers every byte, whatever the reader needed.
    io::copy(&mut text, &mut io::sink()).map_err(read_error(&label))?;
    drop(text);
    Ok(ManifestFile {
        file: label,
        format,
        sha256: hex(&hasher.finalize()),
        shipments,
        input,
        encoding,
        plan,
        name_check: options.name_check,
    })
}

/// The reader of a text format other than CSV and JSON.
fn text_reader_for(format: ManifestFormat) -> TextReader {
    match format {
        ManifestFormat::Cuscar => cuscar::read,
        ManifestFormat::X12_309 => x12_309::read,
        ManifestFormat::CargoImp => cargo_imp::read,
        ManifestFormat::CargoXml => cargo_xml::read,
        other => unreachable!("{other} is not read by a text reader"),
    }
}

/// Plans a workbook: hashes its bytes, then reads it through once, counting.
fn plan_spreadsheet<'a>(
    label: String,
    input: Input<'a>,
    options: &IngestOptions,
) -> Result<ManifestFile<'a>, IngestError> {
    let sha256 = input.sha256(&label)?;
    let mut shipments = 0;
    let header = spreadsheet::read(
        &label,
        &mut *input.open_seekable(&label)?,
        options,
        &mut |item| {
            if let Item::Shipment(_) = item {
                shipments += 1;
            }
            Ok(())
        },
    )?;
    Ok(ManifestFile {
        file: label,
        format: ManifestFormat::Spreadsheet,
        sha256,
        shipments,
        input,
        encoding: Encoding::Utf8,
        plan: Plan::Spreadsheet(header, options.clone()),
        name_check: options.name_check,
    })
}

/// Plans a set of AMS tables found beside the one named.
fn plan_ams<'a>(
    label: String,
    input: Input<'a>,
    options: &IngestOptions,
) -> Result<ManifestFile<'a>, IngestError> {
    let Input::File(path) = &input else {
        return Err(IngestError::Format {
            path: label,
            message: "a table of the U.S. CBP AMS data: the tables are read together from the \
                      files side by side, so pass the path of one of them on disk"
                .into(),
        });
    };
    let plan = ams::plan(&label, path)?;
    Ok(ManifestFile {
        file: label,
        format: ManifestFormat::Ams,
        sha256: plan.sha256.clone(),
        shipments: plan.shipments,
        input,
        encoding: Encoding::Utf8,
        plan: Plan::Ams(plan),
        name_check: options.name_check,
    })
}

/// [`plan`] for a text format read by one walk, once its encoding is known.
fn plan_text<'a>(
    label: String,
    input: Input<'a>,
    encoding: Encoding,
    options: &IngestOptions,
    format: ManifestFormat,
) -> Result<ManifestFile<'a>, IngestError> {
    let mut hasher = Sha256::new();
    let invalid = InvalidByte::default();
    let raw = Hashing {
        inner: input.open(&label)?,
        hasher: &mut hasher,
    };
    let (mut text, encoding) = text_reader(raw, encoding, &invalid).map_err(read_error(&label))?;
    let read = text_reader_for(format);
    let (header, shipments) = count_shipments(read, &label, &mut text)?;
    io::copy(&mut text, &mut io::sink()).map_err(read_error(&label))?;
    drop(text);
    Ok(ManifestFile {
        file: label,
        format,
        sha256: hex(&hasher.finalize()),
        shipments,
        input,
        encoding,
        plan: Plan::Text(read, header),
        name_check: options.name_check,
    })
}

impl ManifestFile<'_> {
    /// Reads the manifest again and hands its shipments to `on_chunk`, at most `chunk` at a
    /// time, each with the problems found while reading it; the last call carries the
    /// problems of the whole file (nothing read, the file changed since [`open`]).
    pub fn stream(
        &self,
        chunk: usize,
        on_chunk: &mut dyn FnMut(Chunk) -> io::Result<()>,
    ) -> Result<(), IngestError> {
        let label = self.file.as_str();
        let invalid = InvalidByte::default();
        let mut pending = Chunk::default();
        let mut streamed = 0usize;
        let mut invalid_reported = false;
        let mut on_item = |item: Item| -> io::Result<()> {
            match item {
                Item::Shipment(s) => {
                    streamed += 1;
                    // What the matcher will not read of a name is said on the shipment's row.
                    if let Some(check) = self.name_check {
                        pending
                            .problems
                            .extend(check(&s, s.source.as_deref().unwrap_or(label)));
                    }
                    pending.shipments.push(s);
                }
                Item::Problem(p) => pending.problems.push(p),
            }
            if !invalid_reported && let Some((line, byte)) = invalid.get() {
                invalid_reported = true;
                pending.problems.push(Problem::warning(
                    format!("{label}:{line}"),
                    format!(
                        "not valid UTF-8 (byte 0x{byte:02X}); undecodable bytes shown as U+FFFD. \
                         If the file is Latin-1, pass --encoding latin1"
                    ),
                ));
            }
            if pending.shipments.len() >= chunk {
                on_chunk(std::mem::take(&mut pending))?;
            }
            Ok(())
        };
        let now = self.read_again(label, &invalid, &mut on_item)?;
        if now != self.sha256 {
            pending.problems.push(Problem::error(
                label,
                "the file changed while it was being screened: the results may mix two \
                 versions of it; screen it again once it is complete",
            ));
        }
        if streamed == 0 {
            pending.problems.push(Problem::error(
                label,
                "no shipments read from this file: nothing in it was screened",
            ));
        }
        on_chunk(pending).map_err(IngestError::Consumer)
    }

    /// Reads the input again through its reader, handing on what it finds; the SHA-256 of
    /// what was read, to compare with the plan's.
    fn read_again(
        &self,
        label: &str,
        invalid: &InvalidByte,
        on_item: &mut dyn FnMut(Item) -> io::Result<()>,
    ) -> Result<String, IngestError> {
        let plan = match &self.plan {
            Plan::Ams(plan) => return ams::stream(label, plan, on_item),
            Plan::Spreadsheet(_, options) => {
                let sha256 = self.input.sha256(label)?;
                spreadsheet::read(
                    label,
                    &mut *self.input.open_seekable(label)?,
                    options,
                    on_item,
                )?;
                return Ok(sha256);
            }
            plan => plan,
        };
        let mut hasher = Sha256::new();
        let raw = Hashing {
            inner: self.input.open(label)?,
            hasher: &mut hasher,
        };
        let (mut text, _) = text_reader(raw, self.encoding, invalid).map_err(read_error(label))?;
        match plan {
            Plan::Csv(plan) => csv_manifest::stream(label, &mut text, plan, on_item)?,
            Plan::Json(plan) => json_manifest::stream(label, &mut text, plan, on_item)?,
            Plan::Text(read, _) => {
                read(label, &mut text, on_item)?;
            }
            Plan::Ams(_) | Plan::Spreadsheet(..) => unreachable!("read above"),
        }
        io::copy(&mut text, &mut io::sink()).map_err(read_error(label))?;
        drop(text);
        Ok(hex(&hasher.finalize()))
    }
}

/// Reads a manifest file from disk, whole.
pub fn ingest_path(path: &Path, options: &IngestOptions) -> Result<Ingested, IngestError> {
    collect(open(path, options)?)
}

/// Detects the format of a manifest from the start of its text; what it is instead when it
/// is not a manifest hubscreen reads. Workbooks are known by their bytes before this
/// ([`spreadsheet::is_workbook`]).
pub fn detect(text: &str) -> Result<ManifestFormat, String> {
    let head = text.trim_start_matches(|c: char| c == '\u{feff}' || c.is_whitespace());
    if head.starts_with('{') || head.starts_with('[') {
        return Ok(ManifestFormat::Json);
    }
    if let Some(notes) = notes_quoting_messages(head) {
        return Err(notes);
    }
    if let Some(found) = edifact::detect(head) {
        return found;
    }
    if let Some(found) = x12_309::detect(head) {
        return found;
    }
    if let Some(found) = cargo_imp::detect(head) {
        return found;
    }
    // The first KiB, cut on a character boundary (a manifest's text is not ASCII).
    let mut cut = head.len().min(1024);
    while !head.is_char_boundary(cut) {
        cut -= 1;
    }
    let lower = head[..cut].to_ascii_lowercase();
    if lower.starts_with("<!doctype html")
        || lower.starts_with("<html")
        || (lower.starts_with('<') && lower.contains("<html"))
    {
        let what = if lower.contains("<table") {
            "an HTML table, not a manifest (a web export saved as .xls? open it and save it as \
             XLSX or CSV)"
        } else {
            "an HTML page, not a manifest (a login or error page saved in its place? download \
             the manifest again)"
        };
        return Err(what.into());
    }
    if head.starts_with('<') {
        return cargo_xml::detect(head);
    }
    if head.is_empty() {
        return Err("the file is empty".into());
    }
    let first = text
        .trim_start_matches('\u{feff}')
        .lines()
        .next()
        .unwrap_or("");
    if ams::is_table_header(first) {
        return Ok(ManifestFormat::Ams);
    }
    csv_manifest::sniff_delimiter(first)
        .map(|_| ManifestFormat::Csv)
        .ok_or_else(|| {
            "not a recognised manifest: expected CSV with a header row, JSON, a workbook, \
             EDIFACT CUSCAR, X12 309, Cargo-IMP or Cargo-XML"
                .into()
        })
}

/// Notes that quote manifest messages (`#` comment lines, then an X12, EDIFACT, Cargo-IMP or
/// Cargo-XML message further down) are not a transmission: the message must be cut out to be
/// screened, and reading the notes as a CSV table would only confuse. What is quoted, and where.
fn notes_quoting_messages(head: &str) -> Option<String> {
    if !head.starts_with('#') {
        return None;
    }
    const STARTS: [(&str, &str); 9] = [
        ("ISA*", "X12"),
        ("ST*", "X12"),
        ("UNA:", "UN/EDIFACT"),
        ("UNB+", "UN/EDIFACT"),
        ("UNH+", "UN/EDIFACT"),
        ("FWB/", "IATA Cargo-IMP"),
        ("FHL/", "IATA Cargo-IMP"),
        ("FFM/", "IATA Cargo-IMP"),
        ("<rsm:", "IATA Cargo-XML"),
    ];
    let (n, line, kind) = head.lines().enumerate().take(2000).find_map(|(n, line)| {
        let line = line.trim_start();
        STARTS
            .iter()
            .find(|(start, _)| line.starts_with(start))
            .map(|(_, kind)| (n + 1, line, *kind))
    })?;
    let quoted: String = line.chars().take(40).collect();
    Some(format!(
        "notes that quote {kind} messages (line {n}: {quoted:?}), not a transmission: the file \
         starts with '#' comment lines. To screen a message, save it in a file of its own that \
         starts at its first segment"
    ))
}

/// Reads a whole manifest from named bytes.
pub fn ingest(source: &Source, options: &IngestOptions) -> Result<Ingested, IngestError> {
    collect(open_source(source, options)?)
}

/// Streams a planned manifest into memory, in the order of the file: shipments by their
/// first row, problems by line.
fn collect(file: ManifestFile<'_>) -> Result<Ingested, IngestError> {
    let mut shipments = Vec::new();
    let mut problems = Vec::new();
    file.stream(usize::MAX, &mut |chunk| {
        shipments.extend(chunk.shipments);
        problems.extend(chunk.problems);
        Ok(())
    })?;
    let line = |location: &str| {
        location
            .rsplit(':')
            .next()
            .and_then(|l| l.split('-').next())
            .and_then(|l| l.parse::<u64>().ok())
    };
    if file.format == ManifestFormat::Csv {
        shipments.sort_by_key(|s: &Shipment| s.source.as_deref().and_then(line));
    }
    // CSV and JSON hand problems over as bills complete: by line, whole-file problems (no
    // line) last. The other readers hand them over in file order already (and a workbook's
    // rows restart at each sheet, so sorting by row would mix the sheets).
    if matches!(file.format, ManifestFormat::Csv | ManifestFormat::Json) {
        problems.sort_by_key(|p: &Problem| line(&p.location).unwrap_or(u64::MAX));
    }
    let (reference, conveyance) = match &file.plan {
        Plan::Json(plan) => (plan.reference.clone(), plan.conveyance.clone()),
        Plan::Csv(_) => (None, None),
        Plan::Text(_, header) | Plan::Spreadsheet(header, _) => {
            (header.reference.clone(), header.conveyance.clone())
        }
        Plan::Ams(plan) => (
            plan.header.reference.clone(),
            plan.header.conveyance.clone(),
        ),
    };
    Ok(Ingested {
        file: file.file,
        format: file.format,
        sha256: file.sha256,
        manifest: Manifest {
            reference,
            conveyance,
            shipments,
        },
        problems,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_comes_from_content() {
        assert_eq!(detect("  {\"shipments\": []}"), Ok(ManifestFormat::Json));
        assert_eq!(detect("BL Number,Shipper\nX,Y"), Ok(ManifestFormat::Csv));
        assert_eq!(detect("Sendungsnr;Versender\n1;2"), Ok(ManifestFormat::Csv));
        assert_eq!(
            detect("UNA:+.? 'UNB+UNOA:2+S+R'UNH+1+CUSCAR:D:95B:UN'"),
            Ok(ManifestFormat::Cuscar)
        );
        assert!(detect("just some words").is_err());
        assert!(detect("\n\n<HTML><body>").unwrap_err().contains("HTML"));
        assert!(
            detect("<?xml version=\"1.0\"?><a/>")
                .unwrap_err()
                .contains("XML")
        );
    }

    #[test]
    fn notes_quoting_a_message_are_refused_with_where_it_is() {
        let notes = "# Examples of 309 segments\n# seen in a program\nST*309*0001~\nM10*X~\n";
        let why = detect(notes).unwrap_err();
        assert!(
            why.contains("X12 messages (line 3: \"ST*309*0001~\")"),
            "{why}"
        );
        // A multi-byte character after ST is no element separator.
        assert!(detect("STÉ309Édata").is_err());
        // A CSV whose header starts with '#' is still a CSV.
        assert_eq!(detect("#,BL Number\n1,B1\n"), Ok(ManifestFormat::Csv));
    }

    #[test]
    fn an_edifact_message_other_than_cuscar_is_refused_by_name() {
        let s = Source::from_bytes(
            "m.edi",
            b"UNB+UNOA:2+SENDER+RECIPIENT+200101:1200+1'UNH+1+BAPLIE:D:95B:UN'".to_vec(),
        );
        let err = ingest(&s, &IngestOptions::default()).unwrap_err();
        assert!(err.to_string().contains("BAPLIE"), "{err}");
    }
}
