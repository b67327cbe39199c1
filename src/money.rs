//! Exact money: amounts are integer euro cents (`i64`), never floats.
//!
//! Parsing accepts what Flemish spreadsheets contain (`€ 12.500,00`, `12500`, `12.500`,
//! `12 500,5`, `EUR 1.234,56`, `(500)`); formatting writes Belgian Dutch (`€ 14.136.359`,
//! `€ 1.234,50`).

use std::fmt;

/// Why a value is not an amount. The loader turns this into a located Dutch message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AmountError {
    /// No digits, or characters that cannot be part of an amount ("twaalfduizend", "12,5x").
    NotAnAmount,
    /// More than two decimals that are not a floating-point artefact of a 2-decimal value.
    FractionOfCent,
    /// Does not fit in 64-bit cents.
    TooLarge,
}

impl fmt::Display for AmountError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AmountError::NotAnAmount => write!(f, "is geen bedrag"),
            AmountError::FractionOfCent => {
                write!(
                    f,
                    "heeft meer dan twee decimalen (een fractie van een cent)"
                )
            }
            AmountError::TooLarge => write!(f, "is te groot om een bedrag te zijn"),
        }
    }
}

/// Largest amount in euro we accept from a float cell: beyond 2^53 cents a float cannot
/// hold every cent exactly.
const MAX_EXACT_FLOAT_CENTS: f64 = 9_007_199_254_740_992.0;

/// Converts a numeric cell (euro) to cents. Accepts values with at most two decimals,
/// tolerating the binary artefacts of such values (`0.1 + 0.2`).
pub fn cents_from_f64(euro: f64) -> Result<i64, AmountError> {
    if !euro.is_finite() {
        return Err(AmountError::NotAnAmount);
    }
    let cents = euro * 100.0;
    if cents.abs() >= MAX_EXACT_FLOAT_CENTS {
        return Err(AmountError::TooLarge);
    }
    let rounded = cents.round();
    // A 2-decimal value read from a spreadsheet is within a few ulps of an integer number of cents.
    let tolerance = 1e-6_f64.max(rounded.abs() * 1e-12);
    if (cents - rounded).abs() > tolerance {
        return Err(AmountError::FractionOfCent);
    }
    Ok(rounded as i64)
}

/// Parses an amount written as text, Belgian style first.
///
/// Rules: currency signs and words (`€`, `EUR`, `euro`) and spaces (also non-breaking) are
/// ignored; with both `.` and `,` the last one is the decimal separator; a lone `,` is decimal;
/// `.` is a thousands separator when every group after it has three digits, else decimal.
/// A minus sign (leading or trailing) or parentheses make it negative.
pub fn parse_amount(text: &str) -> Result<i64, AmountError> {
    let mut s: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{202f}' && *c != '\u{a0}' && *c != '\'')
        .collect();
    // Currency markers, anywhere at the ends.
    for marker in ["€", "EUR", "eur", "Eur", "euro", "Euro", "EURO"] {
        if let Some(rest) = s.strip_prefix(marker) {
            s = rest.to_string();
        }
        if let Some(rest) = s.strip_suffix(marker) {
            s = rest.to_string();
        }
    }
    let mut negative = false;
    if s.starts_with('(') && s.ends_with(')') && s.len() >= 2 {
        negative = true;
        s = s[1..s.len() - 1].to_string();
    }
    if let Some(rest) = s.strip_prefix('-').or_else(|| s.strip_prefix('\u{2212}')) {
        negative = !negative;
        s = rest.to_string();
    } else if let Some(rest) = s.strip_suffix('-') {
        negative = !negative;
        s = rest.to_string();
    } else if let Some(rest) = s.strip_prefix('+') {
        s = rest.to_string();
    }
    // The currency sign may also follow the sign: "-€ 5".
    if let Some(rest) = s.strip_prefix('€') {
        s = rest.to_string();
    }
    if s.is_empty()
        || !s
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return Err(AmountError::NotAnAmount);
    }
    if !s.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        return Err(AmountError::NotAnAmount);
    }
    let last_dot = s.rfind('.');
    let last_comma = s.rfind(',');
    let (int_part, frac_part): (String, &str) = match (last_dot, last_comma) {
        (Some(d), Some(c)) => {
            let (dec, thousands) = if d > c { (d, ',') } else { (c, '.') };
            let int = &s[..dec];
            if int.contains(if thousands == ',' { '.' } else { ',' }) {
                return Err(AmountError::NotAnAmount);
            }
            if !thousands_groups_ok(int, thousands) {
                return Err(AmountError::NotAnAmount);
            }
            (int.replace(thousands, ""), &s[dec + 1..])
        }
        (None, Some(c)) => {
            if s.matches(',').count() > 1 {
                // "1,234,567": English thousands.
                if !thousands_groups_ok(&s, ',') {
                    return Err(AmountError::NotAnAmount);
                }
                (s.replace(',', ""), "")
            } else {
                (s[..c].to_string(), &s[c + 1..])
            }
        }
        (Some(d), None) => {
            let groups_after: Vec<&str> = s.split('.').skip(1).collect();
            if groups_after.iter().all(|g| g.len() == 3) {
                if !thousands_groups_ok(&s, '.') {
                    return Err(AmountError::NotAnAmount);
                }
                (s.replace('.', ""), "")
            } else if groups_after.len() == 1 {
                (s[..d].to_string(), &s[d + 1..])
            } else {
                return Err(AmountError::NotAnAmount);
            }
        }
        (None, None) => (s.clone(), ""),
    };
    if int_part.is_empty() || !int_part.chars().all(|c| c.is_ascii_digit()) {
        return Err(AmountError::NotAnAmount);
    }
    if !frac_part.chars().all(|c| c.is_ascii_digit()) {
        return Err(AmountError::NotAnAmount);
    }
    let frac_trimmed = frac_part.trim_end_matches('0');
    if frac_trimmed.len() > 2 {
        return Err(AmountError::FractionOfCent);
    }
    let euros: i64 = int_part.parse().map_err(|_| AmountError::TooLarge)?;
    let mut cents_part: i64 = 0;
    for (i, ch) in frac_trimmed.chars().enumerate() {
        let digit = i64::from(ch as u8 - b'0');
        cents_part += if i == 0 { digit * 10 } else { digit };
    }
    let cents = euros
        .checked_mul(100)
        .and_then(|c| c.checked_add(cents_part))
        .ok_or(AmountError::TooLarge)?;
    Ok(if negative { -cents } else { cents })
}

/// The first group may have 1-3 digits, every next group exactly three.
fn thousands_groups_ok(int: &str, sep: char) -> bool {
    let mut groups = int.split(sep);
    let first_ok = groups
        .next()
        .is_some_and(|g| !g.is_empty() && g.len() <= 3 || !int.contains(sep));
    first_ok && groups.all(|g| g.len() == 3)
}

/// A count with its noun, singular or plural, digits grouped: "1 aanvrager", "41.588
/// waarschuwingen".
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!(
        "{} {}",
        group_thousands(n as u64),
        if n == 1 { one } else { many }
    )
}

/// Groups digits by three with dots: 14136359 → "14.136.359".
pub(crate) fn group_thousands(mut n: u64) -> String {
    let mut parts = Vec::new();
    loop {
        if n < 1000 {
            parts.push(n.to_string());
            break;
        }
        parts.push(format!("{:03}", n % 1000));
        n /= 1000;
    }
    parts.reverse();
    parts.join(".")
}

/// Belgian Dutch money: `€ 14.136.359` for whole euros, `€ 1.234,50` otherwise.
pub fn format_eur(cents: i64) -> String {
    if cents % 100 == 0 {
        let sign = if cents < 0 { "-" } else { "" };
        format!("{sign}€ {}", group_thousands(cents.unsigned_abs() / 100))
    } else {
        format_eur_cents(cents)
    }
}

/// Always with two decimals: `€ 1.234,50`, `€ 12.500,00`.
pub fn format_eur_cents(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    format!("{sign}€ {},{:02}", group_thousands(abs / 100), abs % 100)
}

/// Percentage with one decimal, Dutch style: `12,3 %`.
pub fn format_share(part: i64, whole: i64) -> String {
    if whole == 0 {
        return "–".to_string();
    }
    let permille = (i128::from(part) * 1000 + i128::from(whole) / 2) / i128::from(whole);
    format!("{},{} %", permille / 10, (permille % 10).abs())
}

/// Cents as a JSON number: an integer when whole euros, else a number with two decimals.
pub fn json_eur(cents: i64) -> serde_json::Value {
    if cents % 100 == 0 {
        serde_json::Value::from(cents / 100)
    } else {
        // Two decimals at most; the float is the nearest representation of the exact value.
        serde_json::Number::from_f64(cents as f64 / 100.0)
            .map(serde_json::Value::Number)
            .unwrap_or(serde_json::Value::Null)
    }
}

/// Cents as an f64 euro value, only for writing a spreadsheet cell (never summed).
pub fn eur_f64(cents: i64) -> f64 {
    cents as f64 / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_belgian_and_plain_amounts() {
        assert_eq!(parse_amount("€ 12.500,00"), Ok(1_250_000));
        assert_eq!(parse_amount("12500"), Ok(1_250_000));
        assert_eq!(parse_amount("12.500"), Ok(1_250_000));
        assert_eq!(parse_amount("12 500,5"), Ok(1_250_050));
        assert_eq!(parse_amount("1.234.567,89"), Ok(123_456_789));
        assert_eq!(parse_amount("EUR 1.234,5"), Ok(123_450));
        assert_eq!(parse_amount("€\u{a0}3.389.566"), Ok(338_956_600));
        assert_eq!(parse_amount("12,5"), Ok(1250));
        assert_eq!(parse_amount("12.5"), Ok(1250));
        assert_eq!(parse_amount("1,234,567"), Ok(123_456_700));
        assert_eq!(parse_amount("1,234.50"), Ok(123_450));
        assert_eq!(parse_amount("0"), Ok(0));
        assert_eq!(parse_amount("25000 euro"), Ok(2_500_000));
    }

    #[test]
    fn parses_negative_amounts() {
        assert_eq!(parse_amount("-500"), Ok(-50_000));
        assert_eq!(parse_amount("(500)"), Ok(-50_000));
        assert_eq!(parse_amount("500-"), Ok(-50_000));
        assert_eq!(parse_amount("-€ 1.000,25"), Ok(-100_025));
    }

    #[test]
    fn rejects_what_is_not_an_amount() {
        for bad in [
            "",
            "twaalfduizend",
            "12,5x",
            "1.2.3",
            "12.50.000",
            ".5",
            "€",
            "1,2,3",
            "5 EUR 5",
        ] {
            assert_eq!(parse_amount(bad), Err(AmountError::NotAnAmount), "{bad:?}");
        }
    }

    #[test]
    fn rejects_fractions_of_a_cent_but_not_trailing_zeros() {
        assert_eq!(parse_amount("12,505"), Err(AmountError::FractionOfCent));
        assert_eq!(parse_amount("12,500"), Ok(1250));
        assert_eq!(parse_amount("0,001"), Err(AmountError::FractionOfCent));
    }

    #[test]
    fn rejects_amounts_beyond_i64_cents() {
        assert_eq!(
            parse_amount("99999999999999999999"),
            Err(AmountError::TooLarge)
        );
        assert_eq!(
            parse_amount("92233720368547758,08"),
            Err(AmountError::TooLarge)
        );
        assert_eq!(cents_from_f64(1e300), Err(AmountError::TooLarge));
    }

    #[test]
    fn float_cells_accept_artefacts_of_two_decimals_only() {
        assert_eq!(cents_from_f64(0.1 + 0.2), Ok(30));
        assert_eq!(cents_from_f64(1234.56), Ok(123_456));
        assert_eq!(cents_from_f64(14_136_359.0), Ok(1_413_635_900));
        assert_eq!(cents_from_f64(-25000.0), Ok(-2_500_000));
        assert_eq!(cents_from_f64(12.345), Err(AmountError::FractionOfCent));
        assert_eq!(cents_from_f64(f64::NAN), Err(AmountError::NotAnAmount));
    }

    #[test]
    fn formats_belgian_dutch() {
        assert_eq!(format_eur(1_413_635_900), "€ 14.136.359");
        assert_eq!(format_eur(123_450), "€ 1.234,50");
        assert_eq!(format_eur(0), "€ 0");
        assert_eq!(format_eur(-2_500_000), "-€ 25.000");
        assert_eq!(format_eur(100_000_000), "€ 1.000.000");
        assert_eq!(format_eur_cents(1_250_000), "€ 12.500,00");
        assert_eq!(format_eur_cents(5), "€ 0,05");
    }

    #[test]
    fn formats_shares_and_json() {
        assert_eq!(format_share(1, 3), "33,3 %");
        assert_eq!(format_share(0, 0), "–");
        assert_eq!(json_eur(1_413_635_900).to_string(), "14136359");
        assert_eq!(json_eur(123_450).to_string(), "1234.5");
        assert_eq!(json_eur(5).to_string(), "0.05");
    }

    #[test]
    fn thousands_are_grouped_with_dots() {
        assert_eq!(group_thousands(2250), "2.250");
        assert_eq!(group_thousands(1_000_000), "1.000.000");
        assert_eq!(group_thousands(15), "15");
        assert_eq!(count(1234, "regel", "regels"), "1.234 regels");
        assert_eq!(count(1, "regel", "regels"), "1 regel");
    }
}
