//! Check digits and units every manifest format shares: ISO 6346 container numbers, IMO ship
//! numbers, IATA air waybill numbers, and weights in the units manifests write them in.
//!
//! A failed check digit is a warning and a risk signal, never a reason to drop the value; but
//! an IMO number that fails its check is not used as one (a wrong IMO could match a listed
//! hull), so [`imo_number`] says which.

/// The IMO ship identification number in `raw` (`9295220`, `IMO 9295220`, `IMO9295220`) when
/// it has seven digits and its check digit is right.
pub fn imo_number(raw: &str) -> Result<String, String> {
    imo_digits(raw).map(str::to_string)
}

/// [`imo_number`] without a copy: the seven digits within `raw`.
pub fn imo_digits(raw: &str) -> Result<&str, String> {
    let trimmed = raw.trim();
    let digits = trimmed
        .strip_prefix("IMO")
        .or_else(|| trimmed.strip_prefix("imo"))
        .unwrap_or(trimmed)
        .trim_start_matches([' ', ':', '-', '.']);
    if digits.len() != 7 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("'{raw}' is not an IMO number (seven digits)"));
    }
    let expected = imo_check_digit(&digits[..6]);
    let found = u32::from(digits.as_bytes()[6] - b'0');
    if expected != found {
        return Err(format!(
            "IMO number {digits} fails its check digit (expected {expected}, found {found})"
        ));
    }
    Ok(digits)
}

/// The check digit of an IMO number's first six digits: their sum weighted 7 down to 2, mod 10.
pub fn imo_check_digit(six: &str) -> u32 {
    six.bytes()
        .zip((2..=7).rev())
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum::<u32>()
        % 10
}

/// Whether `number` is an ISO 6346 container number (`MSCU1234566`: owner code, category U/J/Z,
/// six serial digits, check digit), and if not, why.
pub fn iso6346(number: &str) -> Result<(), String> {
    // At most 11 characters are kept; a 12th makes the length wrong, whatever follows.
    let mut kept = [0u8; 12];
    let mut len = 0;
    for b in number
        .bytes()
        .filter(|b| !b.is_ascii_whitespace() && *b != b'-')
    {
        if len == kept.len() {
            break;
        }
        kept[len] = b;
        len += 1;
    }
    let n = &kept[..len];
    let shape = n.len() == 11
        && n[..4].iter().all(u8::is_ascii_uppercase)
        && matches!(n[3], b'U' | b'J' | b'Z')
        && n[4..].iter().all(u8::is_ascii_digit);
    if !shape {
        return Err(format!(
            "container number '{number}' is not in ISO 6346 form (four letters ending U, J or Z, \
             then seven digits)"
        ));
    }
    let check = iso6346_remainder(&n[..10]) % 10;
    if u32::from(n[10] - b'0') != check {
        return Err(format!(
            "container number {number} fails its ISO 6346 check digit (expected {check})"
        ));
    }
    Ok(())
}

/// The ISO 6346 weighted sum of a container number's first ten characters (owner code and
/// category letters, six serial digits), mod 11. Its last digit is the check digit; 10 means
/// the serial should not be issued (owners skip it; a check digit 0 is read as 10 mod 10).
pub fn iso6346_remainder(first10: &[u8]) -> u32 {
    // A=10 upwards, skipping the multiples of 11 (11, 22, 33).
    const LETTERS: [u32; 26] = [
        10, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 34, 35,
        36, 37, 38,
    ];
    let value = |c: u8| -> u32 {
        match c {
            b'0'..=b'9' => u32::from(c - b'0'),
            b'A'..=b'Z' => LETTERS[usize::from(c - b'A')],
            _ => 0,
        }
    };
    first10
        .iter()
        .enumerate()
        .map(|(i, &c)| value(c) << i)
        .sum::<u32>()
        % 11
}

/// Whether `number` is an IATA air waybill number (`176-12345675`: airline prefix, seven-digit
/// serial, check digit = serial mod 7), and if not, why.
pub fn awb(number: &str) -> Result<(), String> {
    let digits: Vec<u8> = number
        .bytes()
        .filter(|b| !matches!(b, b'-' | b' '))
        .collect();
    if digits.len() != 11 || !digits.iter().all(u8::is_ascii_digit) {
        return Err(format!(
            "air waybill number '{number}' is not eleven digits (prefix, serial, check digit)"
        ));
    }
    let serial: u32 = std::str::from_utf8(&digits[3..10])
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let check = serial % 7;
    if u32::from(digits[10] - b'0') != check {
        return Err(format!(
            "air waybill number {number} fails its check digit (serial mod 7 = {check})"
        ));
    }
    Ok(())
}

/// A weight in kilograms from a value and the unit a manifest writes it in: UN/ECE codes (KGM,
/// TNE, GRM, LBR), X12 and AMS letters (K, L), and words. None for a unit it does not know.
pub fn weight_kg(value: f64, unit: &str) -> Option<f64> {
    let factor = match unit.trim().to_ascii_uppercase().as_str() {
        "" | "KGM" | "KG" | "KGS" | "K" | "KILOGRAM" | "KILOGRAMS" => 1.0,
        "TNE" | "T" | "MT" | "TON" | "TONNE" | "TONNES" => 1000.0,
        "GRM" | "G" | "GRAM" | "GRAMS" => 0.001,
        "LBR" | "LB" | "LBS" | "L" | "POUND" | "POUNDS" => 0.453_592_37,
        _ => return None,
    };
    Some(value * factor)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn imo_numbers_from_the_lists_pass_and_a_changed_digit_fails() {
        // IMO 9295220 (PRESIDENT EISENHOWER in the AMS sample) and 9176187 (the IMO's own
        // worked example).
        assert_eq!(imo_number("9295220").as_deref(), Ok("9295220"));
        assert_eq!(imo_number("IMO 9176187").as_deref(), Ok("9176187"));
        assert!(imo_number("9176188").unwrap_err().contains("check digit"));
        assert!(imo_number("91500080").unwrap_err().contains("seven digits"));
        assert!(imo_number("MEANSTRANS1234").is_err());
    }

    #[test]
    fn iso6346_known_numbers() {
        // CSQU3054383 is the standard's own example; TEMU6512740 is in the AMS sample.
        assert_eq!(iso6346("CSQU3054383"), Ok(()));
        assert_eq!(iso6346("TEMU6512740"), Ok(()));
        assert!(iso6346("CSQU3054384").unwrap_err().contains("check digit"));
        assert!(iso6346("KLIZ110019").unwrap_err().contains("ISO 6346 form"));
        assert!(iso6346("EQ123456").is_err());
    }

    #[test]
    fn awb_check_digit_is_serial_mod_seven() {
        assert_eq!(awb("176-12345675"), Ok(()));
        assert_eq!(awb("057-51329294"), Ok(()));
        assert_eq!(awb("05751329294"), Ok(()));
        assert!(awb("176-12345670").unwrap_err().contains("mod 7 = 5"));
        assert!(awb("176-1234567").is_err());
    }

    #[test]
    fn weights_convert_to_kilograms() {
        assert_eq!(weight_kg(2.0, "TNE"), Some(2000.0));
        assert_eq!(weight_kg(500.0, "grm"), Some(0.5));
        assert!((weight_kg(100.0, "L").unwrap() - 45.359_237).abs() < 1e-9);
        assert_eq!(weight_kg(3.0, "KGM"), Some(3.0));
        assert_eq!(weight_kg(3.0, "MTQ"), None);
    }
}
