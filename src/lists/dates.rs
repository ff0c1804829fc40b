//! List dates: when a list was published or generated, in every way the official files write
//! it (`2026-02-27T00:00:09.554Z`, `05/08/2026`, `11-Aug-2025`, `11 August 2025`, `11.08.2025`).
//! One parser for every reader, and it reads only real calendar dates: a month 13 or a
//! 31 February is not a date, and the reader then says so instead of dating the list by it.

use chrono::NaiveDate;

/// Day-first and ISO forms, as the UN, EU, UK and OpenSanctions files write them. Day-first,
/// never month-first: none of these publishers writes month-first dates.
const FORMATS: [&str; 7] = [
    "%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d-%b-%Y", "%d %B %Y", "%d %b %Y", "%d.%m.%Y",
];

/// A list date as `YYYY-MM-DD`: the whole text, else its first word (a date followed by a
/// time), else the date part of an ISO timestamp. `None` when none of them is a real date.
pub fn list_date(text: &str) -> Option<String> {
    let text = text.trim();
    let first_word = text.split_whitespace().next().unwrap_or("");
    let iso_part = text.get(..10).filter(|_| {
        text.as_bytes()
            .get(10)
            .is_some_and(|b| matches!(b, b'T' | b't' | b' '))
    });
    [Some(text), Some(first_word), iso_part]
        .into_iter()
        .flatten()
        .find_map(parse)
        .map(|d| d.format("%Y-%m-%d").to_string())
}

/// The `YYYY-MM-DD` at the start of an ISO date or timestamp (`2026-02-27T00:00:09.554Z`), as
/// the UN and OpenSanctions files write them; `None` unless it is a real date in that form.
pub fn iso_date(stamp: &str) -> Option<String> {
    let date = stamp.trim().get(..10)?;
    let b = date.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    let iso_shape = digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10);
    (iso_shape && parse(date).is_some()).then(|| date.to_string())
}

/// Years a list can be dated in: a two-digit year (`5/8/26`) read as year 26 is not one.
const YEARS: std::ops::RangeInclusive<i32> = 1900..=2200;

fn parse(text: &str) -> Option<NaiveDate> {
    use chrono::Datelike;
    FORMATS
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(text, f).ok())
        .filter(|d| YEARS.contains(&d.year()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_written_form_reads_as_one_date() {
        for text in [
            "2025-08-11",
            "2025-08-11T00:00:09.554Z",
            "2025-08-11 14:03",
            "11/08/2025",
            "11-08-2025",
            "11-Aug-2025",
            "11 August 2025",
            "11 Aug 2025",
            "11.08.2025",
            "  11/08/2025 09:12:00 ",
        ] {
            assert_eq!(list_date(text).as_deref(), Some("2025-08-11"), "{text:?}");
        }
    }

    #[test]
    fn impossible_dates_are_not_dates() {
        for text in [
            "2026-13-01",
            "2026-13-45T00:00:00Z",
            "31/02/2026",
            "00/01/2026",
            "13/13/2026",
            "2026",
            "5/8/26",
            "",
            "yesterday",
        ] {
            assert_eq!(list_date(text), None, "{text:?}");
        }
        assert_eq!(
            iso_date("2026-02-27T00:00:09Z").as_deref(),
            Some("2026-02-27")
        );
        for stamp in [
            "2026-13-27T00:00:09Z",
            "2026-02-30",
            "27/02/2026",
            "2026-2-27",
        ] {
            assert_eq!(iso_date(stamp), None, "{stamp:?}");
        }
    }
}
