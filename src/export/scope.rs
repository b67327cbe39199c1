//! What part of the data an export covers.

use crate::model::{ApplicantId, Dataset, LineFilter, Province, Target, ACTIONS, OBJECTIVES};
use crate::names;
use crate::reference;

use super::ExportError;

/// The part of the data an export covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    All,
    Province(Province),
    Applicant(ApplicantId),
    /// A set of applicants, e.g. the hits of a search; `label` says which search.
    Applicants {
        ids: Vec<ApplicantId>,
        label: String,
    },
}

impl Scope {
    /// Whether the scope covers this applicant.
    pub fn covers(&self, ds: &Dataset, id: ApplicantId) -> bool {
        match self {
            Scope::All => true,
            Scope::Province(p) => ds.applicant(id).is_some_and(|a| a.province == Some(*p)),
            Scope::Applicant(a) => *a == id,
            Scope::Applicants { ids, .. } => ids.contains(&id),
        }
    }

    /// Dutch description: "heel Vlaanderen en Brussel", "provincie Limburg", "aanvrager Gent".
    pub fn describe(&self, ds: &Dataset) -> String {
        match self {
            Scope::All => "heel Vlaanderen en Brussel".to_string(),
            Scope::Province(p) => format!("provincie {p}"),
            Scope::Applicant(id) => format!(
                "aanvrager {}",
                ds.applicant(*id).map_or("onbekend", |a| a.name.as_str())
            ),
            Scope::Applicants { ids, label } => {
                format!("zoekresultaat '{label}' ({} aanvragers)", ids.len())
            }
        }
    }
}

/// What `--scope` selects: which lines count (all, those of an action or of an objective) and,
/// of those, which applicants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    pub lines: LineFilter,
    pub scope: Scope,
}

impl Selection {
    /// Dutch description for titles and the Bron sheet: "actie 5 Oefenkansen Nederlands
    /// organiseren", "provincie Limburg", "doelstelling 2 … · provincie Limburg".
    pub fn describe(&self, ds: &Dataset) -> String {
        match (self.lines, &self.scope) {
            (LineFilter::All, scope) => scope.describe(ds),
            (lines, Scope::All) => reference::get().line_filter_label(lines),
            (lines, scope) => format!(
                "{} · {}",
                reference::get().line_filter_label(lines),
                scope.describe(ds)
            ),
        }
    }
}

/// Parses what `--scope` may say: `all`, `province:NAME`, `applicant:NAME`, `action:N`,
/// `objective:N` or `search:QUERY` (Dutch forms too: `alles`, `provincie:`, `aanvrager:`,
/// `actie:`, `doelstelling:`, `zoek:`). An action or objective, named or found by the search,
/// selects its lines: every total is then that of those lines. Such a selection that has no
/// line in the file is refused.
pub fn parse_selection(ds: &Dataset, text: &str) -> Result<Selection, ExportError> {
    let lines = match text.trim().split_once(':') {
        Some((kind, value)) => match names::fold(kind.trim()).as_str() {
            "action" | "actie" => Some(number(value, "actie", ACTIONS).map(LineFilter::Action)?),
            "objective" | "doelstelling" => {
                Some(number(value, "doelstelling", OBJECTIVES).map(LineFilter::Objective)?)
            }
            "search" | "zoek" | "zoeken" => searched_lines(ds, value.trim()),
            _ => None,
        },
        None => None,
    };
    let Some(lines) = lines else {
        return Ok(Selection {
            lines: LineFilter::All,
            scope: parse_scope(ds, text)?,
        });
    };
    let restricted = ds.restricted_to(lines);
    if restricted.totals().lines == 0 {
        return Err(ExportError::Scope(format!(
            "Geen regels van {} in '{}' (--scope)",
            reference::get().line_filter_label(lines),
            ds.source.name
        )));
    }
    Ok(Selection {
        lines,
        scope: Scope::All,
    })
}

/// `5` for `action:5`, within 1..=max, or a Dutch message.
fn number(value: &str, what: &str, max: usize) -> Result<u8, ExportError> {
    value
        .trim()
        .parse::<u8>()
        .ok()
        .filter(|n| (1..=max).contains(&usize::from(*n)))
        .ok_or_else(|| {
            ExportError::Scope(format!(
                "Onbekende {what} '{}' in --scope; geef een nummer van 1 tot en met {max}",
                value.trim()
            ))
        })
}

/// The lines a search selects when its best hit is an action or an objective.
fn searched_lines(ds: &Dataset, query: &str) -> Option<LineFilter> {
    let index = crate::search::Index::new(ds);
    match index.query(query, 1).into_iter().next()?.target {
        Target::Action(no) => Some(LineFilter::Action(no)),
        Target::Objective(no) => Some(LineFilter::Objective(no)),
        _ => None,
    }
}

/// Parses `all`, `province:NAME`, `applicant:NAME` or `search:QUERY` (Dutch forms too:
/// `alles`, `provincie:`, `aanvrager:`, `zoek:`): which applicants, with all their lines.
pub fn parse_scope(ds: &Dataset, text: &str) -> Result<Scope, ExportError> {
    let t = text.trim();
    if t.is_empty() || matches!(names::fold(t).as_str(), "all" | "alles" | "alle") {
        return Ok(Scope::All);
    }
    let Some((kind, value)) = t.split_once(':') else {
        return Err(ExportError::Scope(format!(
            "Onbekende selectie '{t}' voor --scope; gebruik all, province:NAAM, applicant:NAAM, \
             action:N, objective:N of search:ZOEKTERM"
        )));
    };
    let value = value.trim();
    match names::fold(kind).as_str() {
        "province" | "provincie" => Province::parse(value).map(Scope::Province).ok_or_else(|| {
            ExportError::Scope(format!(
                "Onbekende provincie '{value}' in --scope; kies uit {}",
                Province::ALL.map(Province::name).join(", ")
            ))
        }),
        "applicant" | "aanvrager" => match ds.applicant_by_name(value) {
            Some(id) => Ok(Scope::Applicant(id)),
            None => {
                let f = names::fold_local_government(value);
                let mut close: Vec<(usize, &str)> = ds
                    .applicants
                    .iter()
                    .map(|a| {
                        let d = names::edit_distance(&names::fold_local_government(&a.name), &f, 4);
                        (d, a.name.as_str())
                    })
                    .filter(|(d, _)| *d <= 3)
                    .collect();
                close.sort();
                let hint = if close.is_empty() {
                    String::new()
                } else {
                    format!(
                        "; bedoelt u {}?",
                        close
                            .iter()
                            .take(3)
                            .map(|(_, n)| format!("'{n}'"))
                            .collect::<Vec<_>>()
                            .join(" of ")
                    )
                };
                Err(ExportError::Scope(format!(
                    "Onbekende aanvrager '{value}' in --scope: geen aanvrager met die naam in \
                     '{}'{hint}",
                    ds.source.name
                )))
            }
        },
        "search" | "zoek" | "zoeken" => {
            // The best hit decides, as Enter on the first hit in the explorer would.
            let index = crate::search::Index::new(ds);
            let Some(hit) = index.query(value, 1).into_iter().next() else {
                return Err(ExportError::Scope(format!(
                    "De zoekterm '{value}' in --scope vindt niets in '{}'",
                    ds.source.name
                )));
            };
            let ids = crate::search::applicants_of(ds, &hit.target);
            if ids.is_empty() {
                return Err(ExportError::Scope(format!(
                    "De zoekterm '{value}' vindt '{}', maar daar horen geen aanvragers bij",
                    hit.plain_label()
                )));
            }
            Ok(Scope::Applicants {
                ids,
                label: format!("{value} → {}", hit.plain_label()),
            })
        }
        _ => Err(ExportError::Scope(format!(
            "Onbekende selectie '{kind}:' voor --scope; gebruik all, province:NAAM, \
             applicant:NAAM, action:N, objective:N of search:ZOEKTERM"
        ))),
    }
}
