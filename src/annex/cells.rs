//! What a cell says: action texts, total labels, amounts written as digits, statuses,
//! partners listed in a name, KPI units. Pure functions of a cell or its text.

use super::grid::{trim, Cell};
use crate::model::{Status, Units};
use crate::names::fold;
use crate::reference::Reference;

/// What an action cell means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParsedKind {
    Action(u8),
    Mentorship(Option<u8>),
    SocialImpactBond,
    Unknown,
}

/// An action cell, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedAction {
    pub kind: ParsedKind,
    pub number: Option<u8>,
    pub title_match: Option<u8>,
    /// The title part as written (for unknown actions and diagnostics).
    pub label: String,
}

/// Parses "5", "Actie 5", "A5", "Actie 5 – Oefenkansen Nederlands organiseren", a catalogue
/// title, "Mentorschap – … (actie 11)", "Sociale impactobligatie".
pub fn parse_action_text(text: &str, reference: &Reference) -> ParsedAction {
    let label = text.trim().to_string();
    let f = fold(text);
    let words: Vec<&str> = f.split(' ').filter(|w| !w.is_empty()).collect();
    let number_in = |ws: &[&str]| -> Option<u8> {
        ws.windows(2)
            .find(|w| w[0] == "actie")
            .and_then(|w| w[1].parse::<u8>().ok())
    };
    if f.contains("mentorschap") || f.contains("mentorbestuur") || f.starts_with("mentor ") {
        let rest: Vec<&str> = words
            .iter()
            .copied()
            .filter(|w| !w.starts_with("mentorschap") && !w.starts_with("mentorbestuur"))
            .collect();
        let n = number_in(&words).filter(|n| (1..=24).contains(n));
        let title = reference.match_action_title(&rest.join(" "));
        return ParsedAction {
            kind: ParsedKind::Mentorship(n.or(title)),
            number: n,
            title_match: title,
            label,
        };
    }
    if f.contains("impactobligatie")
        || f.contains("impact obligatie")
        || f.contains("impact bond")
        || words.contains(&"sio")
    {
        return ParsedAction {
            kind: ParsedKind::SocialImpactBond,
            number: None,
            title_match: None,
            label,
        };
    }
    let mut number = None;
    let mut rest: &[&str] = &words;
    match words.as_slice() {
        [p, "nr", n, tail @ ..] | [p, n, tail @ ..]
            if matches!(
                *p,
                "actie" | "act" | "nr" | "actienr" | "actienummer" | "acties"
            ) && n.parse::<u8>().is_ok() =>
        {
            number = n.parse::<u8>().ok();
            rest = tail;
        }
        [n, tail @ ..] if n.parse::<u8>().is_ok() => {
            number = n.parse::<u8>().ok();
            rest = tail;
        }
        [an, tail @ ..] if an.len() > 1 && an.starts_with('a') && an[1..].parse::<u8>().is_ok() => {
            number = an[1..].parse::<u8>().ok();
            rest = tail;
        }
        _ => {}
    }
    let rest_text = rest.join(" ");
    let title_match = if rest_text.is_empty() {
        None
    } else {
        reference.match_action_title(&rest_text)
    };
    let kind = match number {
        Some(n) if (1..=24).contains(&n) => ParsedKind::Action(n),
        Some(_) => ParsedKind::Unknown,
        None => title_match.map_or(ParsedKind::Unknown, ParsedKind::Action),
    };
    ParsedAction {
        kind,
        number,
        title_match,
        label,
    }
}

/// Words that start a total row.
pub(super) fn total_label(text: &str) -> Option<String> {
    let f = fold(text);
    for key in [
        "algemeen totaal",
        "eindtotaal",
        "generaal totaal",
        "totaal generaal",
        "grand total",
        "subtotaal",
        "totaal",
        "total",
    ] {
        if f == key || f.starts_with(&format!("{key} ")) {
            let rest = f[key.len()..].trim().to_string();
            let grand = matches!(
                key,
                "algemeen totaal"
                    | "eindtotaal"
                    | "generaal totaal"
                    | "totaal generaal"
                    | "grand total"
            );
            return Some(if grand { String::new() } else { rest });
        }
    }
    None
}

/// Cents of an amount written as plain digits with at most a decimal comma and two decimals
/// ("12500", "12500,5", "12500,50"): what `parse_amount` gives for them, without its
/// allocations (CSV exports write every amount this way). `None` for anything else.
pub(super) fn plain_cents(text: &str) -> Option<i64> {
    // One pass over the bytes: 1 to 15 digits, then optionally a comma and one or two digits.
    let bytes = text.as_bytes();
    let int_len = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    if int_len == 0 || int_len > 15 {
        return None;
    }
    let digit = |b: u8| i64::from(b - b'0');
    let euros = bytes[..int_len]
        .iter()
        .fold(0i64, |n, b| n * 10 + digit(*b));
    let cents = match &bytes[int_len..] {
        [] => 0,
        [b',', d] if d.is_ascii_digit() => digit(*d) * 10,
        [b',', d, e] if d.is_ascii_digit() && e.is_ascii_digit() => digit(*d) * 10 + digit(*e),
        _ => return None,
    };
    Some(euros * 100 + cents)
}

/// Whether a grant line's status text means refused.
pub(super) fn status_of(text: &str) -> Status {
    let f = fold(text);
    if f.contains("geweigerd")
        || f.contains("afgewezen")
        || f.contains("niet goedgekeurd")
        || f.contains("niet toegekend")
        || f == "nee"
        || f.contains("weigering")
        || f.contains("refused")
    {
        Status::Refused
    } else {
        Status::Granted
    }
}

/// Whether [`total_label`] could match the cell's text, decided without allocating: every
/// total word contains "tota", and folding plain ASCII text only lowercases it and turns
/// other characters into spaces. Numbers never fold to a total word.
pub(super) fn may_be_total_label(text: &str) -> bool {
    // Four bytes at a time: setting bit 0x20 maps exactly 'T'/'t', 'O'/'o' and 'A'/'a' (and
    // no other byte) onto the lowercase letter, so this is `eq_ignore_ascii_case(b"tota")`.
    const TOTA: u32 = u32::from_le_bytes(*b"tota");
    !text.is_ascii()
        || text
            .as_bytes()
            .windows(4)
            .any(|w| u32::from_le_bytes([w[0], w[1], w[2], w[3]]) | 0x2020_2020 == TOTA)
}

/// The cell of a row in a column, if the row has that column.
pub(super) fn cell_of<'g>(row: &[Cell<'g>], col: Option<usize>) -> Cell<'g> {
    col.and_then(|c| row.get(c)).copied().unwrap_or(Cell::Empty)
}

/// Whether the cell displays as `text` (`Cell::display`), without allocating for text cells.
pub(super) fn shows(cell: &Cell<'_>, text: &str) -> bool {
    match cell {
        Cell::Text(_) => cell.text() == Some(text),
        // A number displays as digits, "-", "NaN" or "inf": skip the formatting otherwise.
        Cell::Int(_) | Cell::Float(_) => {
            text.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '-' | 'N' | 'i'))
                && cell.display().as_deref() == Some(text)
        }
        _ => false,
    }
}

/// "Harelbeke (samen met Waregem, Zwevegem, Kuurne)" → ("Harelbeke", [Waregem, Zwevegem, Kuurne]).
pub(super) fn split_partners(text: &str) -> (String, Vec<String>) {
    let lower = text.to_lowercase();
    if let Some(pos) = lower.find("(samen met") {
        let name = text[..pos].trim().to_string();
        let inner = text[pos + "(samen met".len()..].trim_end();
        let inner = inner.strip_suffix(')').unwrap_or(inner);
        return (name, split_list(inner));
    }
    (text.trim().to_string(), Vec::new())
}

/// "Waregem, Zwevegem en Kuurne" → three names.
pub(super) fn split_list(text: &str) -> Vec<String> {
    text.split([',', ';', '/', '\n'])
        .flat_map(|p| p.split(" en "))
        .map(|p| {
            let p = p.trim();
            // Drop an unbalanced closing parenthesis, keep "De Rand (io Wemmel)".
            if p.ends_with(')') && p.matches(')').count() > p.matches('(').count() {
                p[..p.len() - 1].trim()
            } else {
                p
            }
        })
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect()
}

pub(super) fn collapse_spaces(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub(super) fn cell_units(cell: &Cell<'_>) -> Option<u32> {
    match cell {
        Cell::Int(i) => u32::try_from(*i).ok(),
        Cell::Float(f) if *f >= 0.0 && f.fract() == 0.0 && *f <= u32::MAX as f64 => Some(*f as u32),
        Cell::Text(t) => parse_without_dots(trim(t)),
        _ => None,
    }
    .filter(|v| *v <= Units::MAX)
}

/// A number of units with its thousands dots left out ("1.200"); a text without dots (most
/// cells) is parsed as it is, without a copy.
fn parse_without_dots(text: &str) -> Option<u32> {
    if text.contains('.') {
        text.replace('.', "").parse().ok()
    } else {
        text.parse().ok()
    }
}

/// "120 / 10 / 5", "120; 10; 5" or a single number.
pub(super) fn parse_units(cell: &Cell<'_>) -> Option<Units> {
    let mut units = Units::default();
    if let Some(v) = cell_units(cell) {
        units.set(0, Some(v));
        return Some(units);
    }
    let text = cell.text()?;
    let parts: Vec<&str> = text.split(['/', ';', '|', '+']).map(str::trim).collect();
    if parts.len() > 3 {
        return None;
    }
    for (i, p) in parts.iter().enumerate() {
        if p.is_empty() || *p == "-" {
            continue;
        }
        let v = parse_without_dots(p)?;
        if v > Units::MAX {
            return None;
        }
        units.set(i, Some(v));
    }
    Some(units)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::parse_amount;
    use crate::reference;

    #[test]
    fn plain_amounts_read_as_parse_amount_reads_them() {
        let cases = [
            "0",
            "7",
            "007",
            "12500",
            "12500,5",
            "12500,50",
            "12500,05",
            "12500,00",
            "1,5",
            "999999999999999",
            "999999999999999,99",
            "12500,",
            ",5",
            "12.500",
            "12 500",
            "12500,505",
            "-5",
            "+5",
            "€ 5",
            "1,234,567",
            "abc",
            "1234567890123456",
        ];
        for c in cases {
            if let Some(v) = plain_cents(c) {
                assert_eq!(parse_amount(c), Ok(v), "{c}");
            }
        }
        assert_eq!(plain_cents("12500,5"), Some(1_250_050));
        assert_eq!(
            plain_cents("12.500"),
            None,
            "thousands dots go to parse_amount"
        );
        assert_eq!(plain_cents("12500,"), None);
    }

    /// The earlier `plain_cents` (split at the comma, then `str::parse`).
    fn plain_cents_by_parse(text: &str) -> Option<i64> {
        let (int, frac) = text.split_once(',').unwrap_or((text, ""));
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if int.is_empty() || int.len() > 15 || frac.len() > 2 || !digits(int) || !digits(frac) {
            return None;
        }
        if text.contains(',') && frac.is_empty() {
            return None;
        }
        let euros: i64 = int.parse().ok()?;
        let cents: i64 = match frac.len() {
            0 => 0,
            1 => frac.parse::<i64>().ok()? * 10,
            _ => frac.parse().ok()?,
        };
        Some(euros * 100 + cents)
    }

    /// Every text of up to four chars from a small alphabet, and longer ones around the limits.
    fn amount_like_texts() -> Vec<String> {
        let alphabet = ["0", "1", "9", ",", ".", " ", "-", "a", "é"];
        let mut texts = vec![String::new()];
        let mut last = vec![String::new()];
        for _ in 0..4 {
            let next: Vec<String> = last
                .iter()
                .flat_map(|t| alphabet.iter().map(move |c| format!("{t}{c}")))
                .collect();
            texts.extend(next.iter().cloned());
            last = next;
        }
        for n in [14, 15, 16, 19, 20] {
            let int = "9".repeat(n);
            for tail in ["", ",", ",5", ",50", ",505", ",,5", "a", ",5a", ",a"] {
                texts.push(format!("{int}{tail}"));
            }
        }
        texts
    }

    #[test]
    fn plain_cents_is_the_parse_version() {
        for t in amount_like_texts() {
            assert_eq!(plain_cents(&t), plain_cents_by_parse(&t), "{t:?}");
        }
    }

    #[test]
    fn may_be_total_label_is_the_case_insensitive_search() {
        let slow = |t: &str| {
            !t.is_ascii()
                || t.as_bytes()
                    .windows(4)
                    .any(|w| w.eq_ignore_ascii_case(b"tota"))
        };
        // Every byte at every place of the word, and the word inside other texts.
        for i in 0..4 {
            for b in 0u8..128 {
                let mut w = *b"tota";
                w[i] = b;
                let t = String::from_utf8(w.to_vec()).unwrap_or_default();
                for text in [
                    t.clone(),
                    format!("x{t}"),
                    format!("{t}y"),
                    t[..3].to_string(),
                ] {
                    assert_eq!(may_be_total_label(&text), slow(&text), "{text:?}");
                }
            }
        }
        for text in [
            "Totaal",
            "SUBTOTAAL",
            "ToTaL",
            "tot",
            "",
            "Totaal é",
            "t0ta",
            "TOTA",
        ] {
            assert_eq!(may_be_total_label(text), slow(text), "{text:?}");
        }
    }

    fn kind(t: &str) -> ParsedKind {
        parse_action_text(t, reference::get()).kind
    }

    #[test]
    fn actions_parse_by_number_title_and_kind() {
        assert_eq!(kind("5"), ParsedKind::Action(5));
        assert_eq!(kind("Actie 5"), ParsedKind::Action(5));
        assert_eq!(kind("A5"), ParsedKind::Action(5));
        assert_eq!(kind("actie nr 5"), ParsedKind::Action(5));
        assert_eq!(
            kind("Actie 5 – Oefenkansen Nederlands organiseren"),
            ParsedKind::Action(5)
        );
        assert_eq!(
            kind("Oefenkansen Nederlands organiseren"),
            ParsedKind::Action(5)
        );
        assert_eq!(kind("oefenkansen nederlands"), ParsedKind::Action(5));
        assert_eq!(kind("Brugfiguren"), ParsedKind::Action(15));
        assert_eq!(
            kind("Mentorschap – Begeleiding naar werk door mentor (actie 11)"),
            ParsedKind::Mentorship(Some(11))
        );
        assert_eq!(
            kind("Mentorschap Brugfiguren"),
            ParsedKind::Mentorship(Some(15))
        );
        assert_eq!(
            kind("Sociale impactobligatie – stimulans"),
            ParsedKind::SocialImpactBond
        );
        assert_eq!(
            kind("Begeleiding naar werk door mentor"),
            ParsedKind::Action(11)
        );
        assert_eq!(kind("Actie 31 – Iets nieuws"), ParsedKind::Unknown);
        assert_eq!(kind("Buurtsport voor senioren"), ParsedKind::Unknown);
    }

    #[test]
    fn number_with_another_actions_title_is_kept_for_the_checks() {
        let p = parse_action_text("Actie 15 – Oefenkansen Nederlands", reference::get());
        assert_eq!(p.kind, ParsedKind::Action(15));
        assert_eq!((p.number, p.title_match), (Some(15), Some(5)));
    }

    #[test]
    fn total_labels_are_recognised() {
        assert_eq!(total_label("Totaal Gent"), Some("gent".to_string()));
        assert_eq!(total_label("Algemeen totaal"), Some(String::new()));
        assert_eq!(total_label("TOTAAL"), Some(String::new()));
        assert_eq!(
            total_label("Totaal provincie Antwerpen"),
            Some("provincie antwerpen".to_string())
        );
        assert_eq!(total_label("Totaalbedrag"), None);
        assert_eq!(total_label("Gent"), None);
    }

    #[test]
    fn partners_split_from_applicant_cells() {
        let (name, partners) = split_partners("Harelbeke (samen met Waregem, Zwevegem, Kuurne)");
        assert_eq!(name, "Harelbeke");
        assert_eq!(partners, vec!["Waregem", "Zwevegem", "Kuurne"]);
        assert_eq!(
            split_list("Meise en De Rand (io Wemmel)"),
            vec!["Meise", "De Rand (io Wemmel)"]
        );
        let (name, partners) = split_partners("Londerzeel (samen met Meise, De Rand (io Wemmel))");
        assert_eq!(name, "Londerzeel");
        assert_eq!(partners, vec!["Meise", "De Rand (io Wemmel)"]);
    }

    #[test]
    fn units_parse_single_and_per_kpi() {
        assert_eq!(
            parse_units(&Cell::Float(120.0)).map(|u| u.slots()),
            Some([Some(120), None, None])
        );
        assert_eq!(
            parse_units(&Cell::Text("120 / 10 / 5")).map(|u| u.slots()),
            Some([Some(120), Some(10), Some(5)])
        );
        assert_eq!(
            parse_units(&Cell::Text("1.200; 0")).map(|u| u.slots()),
            Some([Some(1200), Some(0), None])
        );
        assert_eq!(parse_units(&Cell::Text("veel")), None);
    }
}
