//! What part of the data an export covers.

use crate::model::{ApplicantId, Dataset, Province};
use crate::names;

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

/// Parses `all`, `province:NAME`, `applicant:NAME` or `search:QUERY` (Dutch forms too:
/// `alles`, `provincie:`, `aanvrager:`, `zoek:`).
pub fn parse_scope(ds: &Dataset, text: &str) -> Result<Scope, ExportError> {
    let t = text.trim();
    if t.is_empty() || matches!(names::fold(t).as_str(), "all" | "alles" | "alle") {
        return Ok(Scope::All);
    }
    let Some((kind, value)) = t.split_once(':') else {
        return Err(ExportError::Scope(format!(
            "Onbekende selectie '{t}' voor --scope; gebruik all, province:NAAM, applicant:NAAM \
             of search:ZOEKTERM"
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
                    hit.label
                )));
            }
            Ok(Scope::Applicants {
                ids,
                label: format!("{value} → {}", hit.label),
            })
        }
        _ => Err(ExportError::Scope(format!(
            "Onbekende selectie '{kind}:' voor --scope; gebruik all, province:NAAM, \
             applicant:NAAM of search:ZOEKTERM"
        ))),
    }
}
