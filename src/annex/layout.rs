//! Layout detection: find the header row and what each column holds.

use super::grid::Grid;
use crate::names::fold;
use crate::reference::Reference;

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Province,
    Applicant,
    Objective,
    /// Action number, or number and title, or title.
    Action,
    /// A separate action-number column beside a title column.
    ActionNo,
    /// The granted amount (explicitly "toegekend").
    AmountGranted,
    /// An amount column without qualifier ("Bedrag", "Subsidie (EUR)").
    Amount,
    Requested,
    /// KPI units; `Some(k)` for the k-th KPI column (0-based).
    Units(Option<u8>),
    Explanation,
    Status,
    Reason,
    Call,
    Partners,
    /// A "Totaal" column in the wide layout.
    Total,
    /// In the wide layout: the amount for this catalogue action.
    WideAction(u8),
    /// In the wide layout: an action outside the catalogue, with its header text.
    WideUnknown,
    Other,
}

/// Classifies a header cell.
pub fn classify(text: &str) -> Role {
    let f = fold(text);
    let f = f.as_str();
    let has = |w: &str| f.split(' ').any(|t| t == w);
    let starts = |p: &str| f.starts_with(p);
    // Headers are short; a sentence in a title block is not a header cell.
    if f.is_empty() || f.split(' ').count() > 6 || f.len() > 60 {
        return Role::Other;
    }
    if starts("totaal") || f == "som" || starts("eindtotaal") {
        return Role::Total;
    }
    if starts("reden") || starts("weigeringsreden") || starts("motivering") {
        return Role::Reason;
    }
    if f.contains("aangevraagd") || f.contains("gevraagd") || f.contains("aanvraagbedrag") {
        return Role::Requested;
    }
    if f.contains("toegekend") || f.contains("toegekende") || f == "goedgekeurd bedrag" {
        return Role::AmountGranted;
    }
    if starts("bedrag")
        || starts("subsidie")
        || f == "eur"
        || f == "euro"
        || f == "in euro"
        || starts("subsidiebedrag")
        || starts("budget")
    {
        return Role::Amount;
    }
    if starts("provincie") || f == "prov" || f == "province" {
        return Role::Province;
    }
    if starts("toelichting")
        || starts("inhoudelijke toelichting")
        || starts("beschrijving")
        || starts("projectomschrijving")
        || starts("omschrijving project")
    {
        return Role::Explanation;
    }
    if starts("samenwerking") || starts("partner") || starts("samen met") || starts("samenwerkende")
    {
        return Role::Partners;
    }
    if starts("oproep")
        || starts("projectjaar")
        || starts("projectperiode")
        || starts("werkingsjaar")
        || f == "jaar"
        || starts("projectoproep")
    {
        return Role::Call;
    }
    if f == "status" || starts("beslissing") || f == "resultaat" || f == "goedgekeurd" {
        return Role::Status;
    }
    if starts("eenheden") || starts("kpi") || starts("aantal eenheden") || f == "aantal" {
        let k = f
            .split(' ')
            .next_back()
            .and_then(|t| t.parse::<u8>().ok())
            .filter(|k| (1..=3).contains(k))
            .map(|k| k - 1);
        return Role::Units(k);
    }
    if (starts("actie") || starts("nr actie") || starts("nummer actie"))
        && (has("nr") || has("nummer") || starts("actienummer") || starts("actienr"))
    {
        return Role::ActionNo;
    }
    if starts("actie")
        || starts("acties")
        || starts("ondernomen actie")
        || starts("omschrijving actie")
        || f == "maatregel"
    {
        return Role::Action;
    }
    if starts("doelstelling") || starts("beleidsdoelstelling") || f == "doel" || f == "thema" {
        return Role::Objective;
    }
    if starts("gemeente")
        || starts("lokaal bestuur")
        || starts("lokale besturen")
        || starts("lokale bestuur")
        || f == "bestuur"
        || starts("indiener")
        || starts("projectindiener")
        || starts("aanvrager")
        || starts("stad gemeente")
        || starts("naam lokaal bestuur")
        || starts("naam bestuur")
        || starts("begunstigde")
        || f == "stad"
    {
        return Role::Applicant;
    }
    Role::Other
}

/// A detected header.
#[derive(Debug, Clone)]
pub struct Header {
    /// Index of the header row in the grid.
    pub row: usize,
    pub roles: Vec<Role>,
    pub wide: bool,
}

impl Header {
    pub fn col(&self, role: Role) -> Option<usize> {
        self.roles.iter().position(|r| *r == role)
    }
}

/// Recognises an action reference in a wide-layout header: "Actie 5", "A5", "5",
/// "5. Oefenkansen", or a catalogue title.
pub fn wide_action(text: &str, reference: &Reference) -> Option<u8> {
    let parsed = super::cells::parse_action_text(text, reference);
    match parsed.kind {
        super::cells::ParsedKind::Action(no) => Some(no),
        _ => None,
    }
}

/// Per column, the objective named in the row above the header (merged cells over a wide
/// layout's action columns: an objective holds to the right until the next one).
pub fn objectives_over(
    grid: &dyn Grid,
    header_row: usize,
    reference: &Reference,
) -> Vec<Option<u8>> {
    let mut over = vec![None; grid.width()];
    if header_row > 0 {
        let mut current = None;
        for (c, slot) in over.iter_mut().enumerate() {
            if let Some(t) = grid.cell(header_row - 1, c).text() {
                current = reference.match_objective(t);
            }
            *slot = current;
        }
    }
    over
}

/// How many rows of a sheet [`detect`] reads: a sheet read block by block is detected on its
/// first block, which holds at least these.
pub const SCAN_ROWS: usize = 60;

/// Finds the header row among the first rows of a sheet.
pub fn detect(grid: &dyn Grid, reference: &Reference) -> Option<Header> {
    let scan = grid.height().min(SCAN_ROWS);
    for r in 0..scan {
        let width = grid.width();
        let texts: Vec<Option<String>> = (0..width)
            .map(|c| grid.cell(r, c).text().map(str::to_string))
            .collect();
        let roles: Vec<Role> = texts
            .iter()
            .map(|t| t.as_deref().map_or(Role::Other, classify))
            .collect();
        let applicant = roles.contains(&Role::Applicant);
        let amount = roles
            .iter()
            .any(|r| matches!(r, Role::Amount | Role::AmountGranted));
        let province = roles.contains(&Role::Province);
        // Wide: several columns that are actions.
        let mut wide_roles = roles.clone();
        let mut action_cols = 0;
        for (c, t) in texts.iter().enumerate() {
            if matches!(roles[c], Role::Other | Role::Action | Role::Objective) {
                if let Some(t) = t {
                    if let Some(no) = wide_action(t, reference) {
                        wide_roles[c] = Role::WideAction(no);
                        action_cols += 1;
                    }
                }
            }
        }
        if applicant && action_cols >= 3 {
            // Unknown columns between action columns are actions outside the catalogue.
            let first = wide_roles
                .iter()
                .position(|r| matches!(r, Role::WideAction(_)));
            let last = wide_roles
                .iter()
                .rposition(|r| matches!(r, Role::WideAction(_)));
            // Up to a Totaal column after the actions, every titled column is an action.
            let total = wide_roles.iter().rposition(|r| *r == Role::Total);
            let last = match (last, total) {
                (Some(l), Some(t)) if t > l => Some(t - 1),
                _ => last,
            };
            if let (Some(first), Some(last)) = (first, last) {
                for c in first..=last {
                    if wide_roles[c] == Role::Other && texts[c].is_some() {
                        wide_roles[c] = Role::WideUnknown;
                    }
                }
                // Before the first action: a titled column under an objective the row above
                // states is an action too ("Polarisatie aanpakken" under Veiligheid).
                let over = objectives_over(grid, r, reference);
                for c in 0..first {
                    if wide_roles[c] == Role::Other && texts[c].is_some() && over[c].is_some() {
                        wide_roles[c] = Role::WideUnknown;
                    }
                }
            }
            return Some(Header {
                row: r,
                roles: wide_roles,
                wide: true,
            });
        }
        if applicant || (province && amount) {
            if applicant && !amount && !roles.contains(&Role::Action) {
                // A header-like row without amounts: keep looking (a title row saying
                // "gemeente" is not a header), unless nothing better comes.
                continue;
            }
            return Some(Header {
                row: r,
                roles,
                wide: false,
            });
        }
    }
    // A header with a local government and action but no amount column: report it.
    for r in 0..scan {
        let roles: Vec<Role> = (0..grid.width())
            .map(|c| grid.cell(r, c).text().map_or(Role::Other, classify))
            .collect();
        if roles.contains(&Role::Applicant) {
            return Some(Header {
                row: r,
                roles,
                wide: false,
            });
        }
    }
    None
}

/// The calls named in the title rows above row `upto`, in the first `width` columns, in
/// reading order (row by row), each with its grid column.
pub fn title_calls(grid: &dyn Grid, upto: usize, width: usize) -> Vec<(usize, u8)> {
    let mut calls = Vec::new();
    for r in 0..upto.min(grid.height()) {
        for c in 0..grid.width().min(width) {
            if let Some(call) = grid.cell(r, c).text().and_then(call_in_text) {
                calls.push((c, call));
            }
        }
    }
    calls
}

/// The call named in a title block: "oproep 1", "projectperiode 2", "tweede projectjaar"; else
/// written question 492 ("Bijlage 1 bij het antwoord op schriftelijke vraag 492"), whose answer
/// gives the data of the first call.
pub fn call_in_text(text: &str) -> Option<u8> {
    let f = fold(text);
    let words: Vec<&str> = f.split(' ').collect();
    named_call(&words).or_else(|| question_492(&words).then_some(1))
}

/// "vraag 492", "vraag nr. 492", "schriftelijke vraag nummer 492", "SV 492".
fn question_492(words: &[&str]) -> bool {
    words.iter().enumerate().any(|(i, w)| {
        matches!(*w, "vraag" | "sv")
            && words[i + 1..]
                .iter()
                .find(|n| !matches!(**n, "nr" | "nummer" | "no"))
                .is_some_and(|n| *n == "492")
    })
}

/// "oproep 1", "projectperiode 2", "tweede projectjaar".
fn named_call(words: &[&str]) -> Option<u8> {
    let keys = [
        "oproep",
        "projectoproep",
        "projectperiode",
        "projectjaar",
        "werkingsjaar",
    ];
    for (i, w) in words.iter().enumerate() {
        if keys.contains(w) {
            if let Some(n) = words.get(i + 1).and_then(|n| n.parse::<u8>().ok()) {
                if (1..=9).contains(&n) {
                    return Some(n);
                }
            }
            if i > 0 {
                let ordinal = match words[i - 1] {
                    "eerste" | "1ste" | "1e" => Some(1),
                    "tweede" | "2de" | "2e" => Some(2),
                    "derde" | "3de" | "3e" => Some(3),
                    _ => None,
                };
                if ordinal.is_some() {
                    return ordinal;
                }
            }
        }
    }
    None
}

/// A call written in a call column: "1", "oproep 2", "projectperiode 3", "2022-2023", "2023".
pub fn parse_call_cell(text: &str) -> Option<u8> {
    if let Some(n) = call_in_text(text) {
        return Some(n);
    }
    let f = fold(text);
    let first = f.split(' ').next()?;
    let n: u32 = first.parse().ok()?;
    match n {
        1..=9 => Some(n as u8),
        // Project years start on 1 October: 2022-2023 is the first.
        2022..=2030 => Some((n - 2021) as u8),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_classify_with_synonyms() {
        assert_eq!(classify("Lokaal bestuur"), Role::Applicant);
        assert_eq!(classify("GEMEENTE"), Role::Applicant);
        assert_eq!(classify("Indiener"), Role::Applicant);
        assert_eq!(classify("Subsidie (EUR)"), Role::Amount);
        assert_eq!(classify("Toegekend bedrag"), Role::AmountGranted);
        assert_eq!(classify("Aangevraagd bedrag"), Role::Requested);
        assert_eq!(classify("Bedrag aangevraagd"), Role::Requested);
        assert_eq!(classify("Actie nr"), Role::ActionNo);
        assert_eq!(classify("Actienummer"), Role::ActionNo);
        assert_eq!(classify("Actie"), Role::Action);
        assert_eq!(classify("Doelstelling"), Role::Objective);
        assert_eq!(classify("KPI-eenheden"), Role::Units(None));
        assert_eq!(classify("KPI 2"), Role::Units(Some(1)));
        assert_eq!(classify("Inhoudelijke toelichting"), Role::Explanation);
        assert_eq!(classify("Reden weigering"), Role::Reason);
        assert_eq!(classify("Projectperiode"), Role::Call);
        assert_eq!(classify("Provincie"), Role::Province);
        assert_eq!(classify("Totaal"), Role::Total);
    }

    #[test]
    fn calls_are_read_from_titles_and_cells() {
        assert_eq!(
            call_in_text("Plan Samenleven — oproep 1 (projectperiode 1, 2022-2023)"),
            Some(1)
        );
        assert_eq!(call_in_text("Tweede projectjaar"), Some(2));
        assert_eq!(call_in_text("Overzicht per gemeente"), None);
        // The annex of written question 492 is the data of the first call.
        for title in [
            "Bijlage 1 bij het antwoord op schriftelijke vraag 492",
            "Antwoord op vraag nr. 492 van 1 september 2023 — bijlage",
            "Schriftelijke vraag nummer 492: Plan Samenleven",
            "SV 492 bijlage 1",
        ] {
            assert_eq!(call_in_text(title), Some(1), "{title}");
        }
        assert_eq!(
            call_in_text("Bijlage bij vraag 492, cijfers van oproep 2"),
            Some(2),
            "a call the title names wins"
        );
        assert_eq!(call_in_text("Antwoord op vraag 493"), None);
        assert_eq!(call_in_text("Bijlage 1 bij het antwoord"), None);
        assert_eq!(call_in_text("vraag"), None);
        assert_eq!(parse_call_cell("2"), Some(2));
        assert_eq!(parse_call_cell("Projectperiode 3"), Some(3));
        assert_eq!(parse_call_cell("2022-2023"), Some(1));
        assert_eq!(parse_call_cell("2024"), Some(3));
        assert_eq!(parse_call_cell("x"), None);
    }
}
