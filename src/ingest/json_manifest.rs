//! Reader for hubscreen's own JSON manifest: the serde form of [`Manifest`](crate::model::Manifest),
//! documented in `docs/manifest-json.md`.
//!
//! Unknown fields are rejected (a misspelt `consigne` must not vanish silently). The document is
//! read as a stream, one shipment at a time: a shipment that does not fit the schema is reported
//! with its line and JSON path (`shipments[1].parties[0].country`) and skipped, the others are
//! still read. What is wrong outside the shipments (the manifest's own fields, broken JSON) makes
//! the file unreadable, located by line and column. Each shipment is tagged with where it sits
//! in the file.

use std::cell::Cell;
use std::fmt;
use std::io::{self, Read};
use std::rc::Rc;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::value::RawValue;

use super::{IngestError, Item, Problem};
use crate::model::{Conveyance, Shipment};

/// What the first pass over a JSON manifest learnt: the manifest's own fields, wherever they
/// stand in the document, and how many shipments are readable.
#[derive(Debug, Default)]
pub struct Plan {
    pub reference: Option<String>,
    pub conveyance: Option<Conveyance>,
    pub shipments: usize,
}

/// The first pass: checks the whole document and counts the shipments that can be read.
pub fn plan(label: &str, input: &mut dyn Read) -> Result<Plan, IngestError> {
    let mut shipments = 0;
    let top = walk(label, input, &mut |item| {
        if let Item::Shipment(_) = item {
            shipments += 1;
        }
        Ok(())
    })?;
    Ok(Plan {
        reference: top.reference,
        conveyance: top.conveyance,
        shipments,
    })
}

/// The second pass: hands over each readable shipment, with the manifest's vessel where it has
/// none of its own, and a problem for each that is not.
pub fn stream(
    label: &str,
    input: &mut dyn Read,
    plan: &Plan,
    on_item: &mut dyn FnMut(Item) -> io::Result<()>,
) -> Result<(), IngestError> {
    walk(label, input, &mut |item| match item {
        Item::Shipment(mut s) => {
            if s.conveyance.is_none() {
                s.conveyance = plan.conveyance.clone();
            }
            on_item(Item::Shipment(s))
        }
        problem => on_item(problem),
    })?;
    Ok(())
}

/// The manifest's own fields.
#[derive(Default)]
struct Top {
    reference: Option<String>,
    conveyance: Option<Conveyance>,
}

/// Counts the line breaks read, so that a value just parsed can be located in the file.
struct LineCounter<R> {
    inner: R,
    breaks: Rc<Cell<u64>>,
}

impl<R: Read> Read for LineCounter<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        let seen = memchr::memchr_iter(b'\n', &buf[..n]).count() as u64;
        self.breaks.set(self.breaks.get() + seen);
        Ok(n)
    }
}

/// Why a walk stopped early, beside what serde_json reports.
enum Stop {
    /// A manifest field that does not fit, located.
    Located(IngestError),
    /// The consumer failed.
    Consumer(io::Error),
}

struct Walk<'a> {
    label: &'a str,
    breaks: Rc<Cell<u64>>,
    on_item: &'a mut dyn FnMut(Item) -> io::Result<()>,
    stop: Option<Stop>,
    top: Top,
}

fn walk(
    label: &str,
    input: &mut dyn Read,
    on_item: &mut dyn FnMut(Item) -> io::Result<()>,
) -> Result<Top, IngestError> {
    let breaks = Rc::new(Cell::new(0));
    let counted = LineCounter {
        inner: input,
        breaks: breaks.clone(),
    };
    let mut de = serde_json::Deserializer::from_reader(counted);
    let mut walk = Walk {
        label,
        breaks,
        on_item,
        stop: None,
        top: Top::default(),
    };
    let result = (&mut walk).deserialize(&mut de).and_then(|()| de.end());
    match (walk.stop, result) {
        (Some(Stop::Located(e)), _) => Err(e),
        (Some(Stop::Consumer(e)), _) => Err(IngestError::Consumer(e)),
        (None, Err(e)) => Err(IngestError::Format {
            path: format!("{label}:{}:{}", e.line(), e.column()),
            message: format!("not a hubscreen JSON manifest: {e}"),
        }),
        (None, Ok(())) => Ok(walk.top),
    }
}

impl Walk<'_> {
    /// The line of the first character of `raw`, which was just read.
    fn first_line_of(&self, raw: &RawValue) -> u64 {
        let inside = memchr::memchr_iter(b'\n', raw.get().as_bytes()).count() as u64;
        1 + self.breaks.get() - inside
    }

    /// Reads a value that must fit `T`; where it does not: its line, its path below `at`, and
    /// what is wrong.
    fn parse<T: for<'de> Deserialize<'de>>(
        &self,
        raw: &RawValue,
        at: &str,
    ) -> Result<T, (u64, String)> {
        let mut de = serde_json::Deserializer::from_str(raw.get());
        serde_path_to_error::deserialize(&mut de).map_err(|e| {
            let path = match e.path().to_string() {
                p if p == "." => at.to_string(),
                p => format!("{at}.{p}"),
            };
            let inner = e.into_inner();
            let line = self.first_line_of(raw) + (inner.line() as u64).saturating_sub(1);
            let what = inner.to_string();
            let what = what
                .rsplit_once(" at line ")
                .map_or(what.as_str(), |(w, _)| w);
            (line, format!("{path}: {what}"))
        })
    }

    fn shipment(&self, index: usize, raw: &RawValue) -> Result<Shipment, Problem> {
        let at = format!("shipments[{index}]");
        let problem =
            |line: u64, message: String| Problem::error(format!("{}:{line}", self.label), message);
        let mut shipment: Shipment = self.parse(raw, &at).map_err(|(line, what)| {
            #[derive(Deserialize)]
            struct Bill {
                bill_of_lading: Option<String>,
            }
            let bill = serde_json::from_str::<Bill>(raw.get())
                .ok()
                .and_then(|b| b.bill_of_lading)
                .map(|b| format!(" (bill {b})"))
                .unwrap_or_default();
            problem(line, format!("{what}; shipment{bill} skipped"))
        })?;
        if shipment.bill_of_lading.trim().is_empty() {
            return Err(problem(
                self.first_line_of(raw),
                format!("{at} has an empty bill_of_lading; shipment skipped"),
            ));
        }
        if shipment.source.is_none() {
            shipment.source = Some(format!("{}#{at}", self.label));
        }
        Ok(shipment)
    }
}

impl<'de> DeserializeSeed<'de> for &mut Walk<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

const FIELDS: &[&str] = &["reference", "conveyance", "shipments"];

impl<'de> Visitor<'de> for &mut Walk<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a hubscreen JSON manifest (an object with \"shipments\")")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut has_shipments = false;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "reference" => self.top.reference = map.next_value()?,
                "conveyance" => {
                    let raw: Box<RawValue> = map.next_value()?;
                    match self.parse::<Option<Conveyance>>(&raw, "conveyance") {
                        Ok(c) => self.top.conveyance = c,
                        Err((line, what)) => {
                            self.stop = Some(Stop::Located(IngestError::Format {
                                path: format!("{}:{line}", self.label),
                                message: format!("not a hubscreen JSON manifest: {what}"),
                            }));
                            return Err(de::Error::custom("stopped"));
                        }
                    }
                }
                "shipments" => {
                    has_shipments = true;
                    map.next_value_seed(Shipments(&mut *self))?;
                }
                other => return Err(de::Error::unknown_field(other, FIELDS)),
            }
        }
        if !has_shipments {
            return Err(de::Error::missing_field("shipments"));
        }
        Ok(())
    }
}

/// The `shipments` array, read one element at a time.
struct Shipments<'w, 'a>(&'w mut Walk<'a>);

impl<'de> DeserializeSeed<'de> for Shipments<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Shipments<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of shipments")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let walk = self.0;
        let mut index = 0;
        while let Some(raw) = seq.next_element::<Box<RawValue>>()? {
            let item = match walk.shipment(index, &raw) {
                Ok(s) => Item::Shipment(s),
                Err(p) => Item::Problem(p),
            };
            if let Err(e) = (walk.on_item)(item) {
                walk.stop = Some(Stop::Consumer(e));
                return Err(de::Error::custom("stopped"));
            }
            index += 1;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<(Plan, Vec<Item>), IngestError> {
        let plan = plan("m.json", &mut text.as_bytes())?;
        let mut items = Vec::new();
        stream("m.json", &mut text.as_bytes(), &plan, &mut |i| {
            items.push(i);
            Ok(())
        })?;
        Ok((plan, items))
    }

    #[test]
    fn unknown_field_in_a_shipment_is_reported_with_its_line() {
        let (plan, items) =
            read("{\"shipments\": [{\"bill_of_lading\": \"B1\",\n \"consigne\": 1}]}").unwrap();
        assert_eq!(plan.shipments, 0);
        let Item::Problem(p) = &items[0] else {
            panic!("{items:?}")
        };
        assert_eq!(p.location, "m.json:2", "{p}");
        assert!(p.message.contains("consigne"), "{p}");
        assert!(p.message.contains("bill B1"), "{p}");
    }

    #[test]
    fn unknown_manifest_field_is_an_error_with_its_position() {
        let err = read("{\"shipments\": [],\n \"vessel\": 1}")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("m.json:2:"), "{err}");
        assert!(err.contains("vessel"), "{err}");
    }

    #[test]
    fn shipments_are_located_and_inherit_the_vessel_given_after_them() {
        let (_, items) = read(
            r#"{"shipments": [{"bill_of_lading": "B1"}], "conveyance": {"vessel_name": "GULF SPIRIT"}}"#,
        )
        .unwrap();
        let Item::Shipment(s) = &items[0] else {
            panic!("{items:?}")
        };
        assert_eq!(s.source.as_deref(), Some("m.json#shipments[0]"));
        assert_eq!(
            s.conveyance.as_ref().and_then(|c| c.vessel_name.as_deref()),
            Some("GULF SPIRIT")
        );
    }
}
