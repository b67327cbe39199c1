//! The state of the map view (issue 19): which area is selected, the zoom, the measure the
//! areas are coloured by, and the classes of the legend. Drawing is in [`super::map_draw`].

use std::collections::BTreeSet;

use crate::geo::{self, Place};
use crate::model::{ApplicantId, ApplicantKind, Dataset, LineFilter, Province, OBJECTIVES};
use crate::money::format_eur;

/// What the areas are coloured by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Measure {
    /// The amount granted to the applicant of the area (under a filter: on the filtered lines).
    #[default]
    Granted,
    /// The number of catalogue actions with a granted line.
    Actions,
    /// The share of the applicant's granted amount that counts in an objective (1..=7).
    Objective(u8),
    /// Under a line filter: the share of the applicant's whole granted amount that is on the
    /// filtered lines.
    FilterShare,
}

impl Measure {
    /// The next measure (`v`); the share of the filter only under a filter.
    pub fn next(self, filtered: bool) -> Measure {
        match self {
            Measure::Granted => Measure::Actions,
            Measure::Actions => Measure::Objective(1),
            Measure::Objective(o) if usize::from(o) < OBJECTIVES => Measure::Objective(o + 1),
            Measure::Objective(_) if filtered => Measure::FilterShare,
            Measure::Objective(_) | Measure::FilterShare => Measure::Granted,
        }
    }

    /// Dutch name, for the title and the legend.
    pub fn name(self, filter_label: Option<&str>) -> String {
        match self {
            Measure::Granted => "Toegekend bedrag".to_string(),
            Measure::Actions => "Aantal acties".to_string(),
            Measure::Objective(o) => format!("Aandeel doelstelling {o} in het toegekende bedrag"),
            Measure::FilterShare => format!(
                "Aandeel van {} in het hele toegekende bedrag",
                filter_label.unwrap_or("de filter")
            ),
        }
    }

    /// A value as the legend and the panel write it.
    pub fn format(self, v: i64) -> String {
        match self {
            Measure::Granted => format_eur(v),
            Measure::Actions => v.to_string(),
            // Basis points: 1234 is 12,3 %.
            Measure::Objective(_) | Measure::FilterShare => {
                format!("{},{} %", v / 100, (v % 100) / 10)
            }
        }
    }
}

/// The map view's state.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MapState {
    /// The selected area (index into [`geo::Geo::areas`]).
    pub selected: Option<usize>,
    /// The province zoomed to.
    pub zoom: Option<Province>,
    pub measure: Measure,
    /// The measure's value per area, computed when the tab is shown, the data changes or the
    /// measure does (the number of actions walks every line: not for each frame).
    pub values: Vec<Option<i64>>,
}

/// The applicant of an area: the municipality that applied, or the VGC for Brussels.
pub fn applicant_of(ds: &Dataset, place: Place) -> Option<ApplicantId> {
    match place {
        Place::Municipality(m) => ds.applicant_by_municipality(m),
        Place::Brussels => ds
            .applicants
            .iter()
            .position(|a| a.kind == ApplicantKind::Vgc)
            .and_then(|i| ApplicantId::try_from(i).ok()),
    }
}

/// The area of an applicant on the map (none for vzw De Rand and unknown names).
pub fn area_of_applicant(ds: &Dataset, a: ApplicantId) -> Option<usize> {
    let place = match ds.applicant(a)?.kind {
        ApplicantKind::Municipality(m) => Place::Municipality(m),
        ApplicantKind::Vgc => Place::Brussels,
        ApplicantKind::DeRand | ApplicantKind::Unknown => return None,
    };
    geo::get().area_index(place)
}

/// The value of the measure for each area; `None` where no applicant has lines that count.
/// `full` is the dataset without the line filter (for the share of the filter).
pub fn values(ds: &Dataset, full: &Dataset, measure: Measure) -> Vec<Option<i64>> {
    let filtered = ds.line_filter() != LineFilter::All;
    geo::get()
        .areas
        .iter()
        .map(|area| {
            let a = applicant_of(ds, area.place)?;
            let t = ds.applicant_totals(a)?;
            if t.lines == 0 || (filtered && t.granted == 0) {
                return None;
            }
            let share = |part: i64, whole: i64| (whole > 0).then(|| part * 10_000 / whole);
            match measure {
                Measure::Granted => Some(t.granted),
                Measure::Actions => {
                    let actions: BTreeSet<u8> = ds
                        .grants_of(a)
                        .filter(|g| g.is_granted() && ds.counts(g))
                        .filter_map(|g| g.action_no())
                        .collect();
                    Some(actions.len() as i64)
                }
                Measure::Objective(o) => share(
                    t.per_objective
                        .get(usize::from(o).saturating_sub(1))
                        .copied()
                        .unwrap_or(0),
                    t.granted,
                ),
                Measure::FilterShare => {
                    share(t.granted, full.applicant_totals(a).map_or(0, |f| f.granted))
                }
            }
        })
        .collect()
}

/// The classes of the legend: class `k` holds the values from `bounds[k]` up to (not
/// including) `bounds[k + 1]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Classes {
    pub bounds: Vec<i64>,
}

/// Rounds down to two significant digits (in euro for amounts): 123.456,78 → 120.000.
fn round_down(v: i64, measure: Measure) -> i64 {
    let unit = if measure == Measure::Granted { 100 } else { 1 };
    let mut x = v / unit;
    let mut scale = 1;
    while x >= 100 {
        x /= 10;
        scale *= 10;
    }
    x * scale * unit
}

impl Classes {
    /// Up to five classes: quantile breaks rounded to round figures (amounts, counts); shares
    /// in fixed steps of 20 %.
    pub fn of(values: &[Option<i64>], measure: Measure) -> Classes {
        let mut v: Vec<i64> = values.iter().flatten().copied().collect();
        v.sort_unstable();
        let (Some(&min), Some(&max)) = (v.first(), v.last()) else {
            return Classes { bounds: Vec::new() };
        };
        let mut bounds = match measure {
            Measure::Objective(_) | Measure::FilterShare => vec![0, 2000, 4000, 6000, 8000],
            _ => {
                let mut b = vec![min.min(0)];
                for k in 1..5 {
                    let q = v[(v.len() * k / 5).min(v.len() - 1)];
                    b.push(round_down(q, measure));
                }
                b
            }
        };
        bounds.push(max + 1);
        bounds.sort_unstable();
        bounds.dedup();
        // Drop empty classes at the top (a break above the largest value).
        while bounds.len() > 2 && bounds[bounds.len() - 2] > max {
            let last = bounds.len() - 2;
            bounds.remove(last);
        }
        Classes { bounds }
    }

    pub fn len(&self) -> usize {
        self.bounds.len().saturating_sub(1)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The class of a value.
    pub fn class(&self, v: i64) -> Option<usize> {
        self.bounds.windows(2).position(|w| v >= w[0] && v < w[1])
    }

    /// The Dutch label of a class: "€ 10.000 tot € 50.000", "vanaf € 200.000".
    pub fn label(&self, k: usize, measure: Measure) -> String {
        let (lo, hi) = match (self.bounds.get(k), self.bounds.get(k + 1)) {
            (Some(lo), Some(hi)) => (*lo, *hi),
            _ => return String::new(),
        };
        let last = k + 2 == self.bounds.len();
        match measure {
            Measure::Actions if hi - lo == 1 => measure.format(lo),
            Measure::Actions => format!("{lo}–{}", hi - 1),
            Measure::Objective(_) | Measure::FilterShare if last => {
                format!("{} tot 100 %", measure.format(lo).trim_end_matches(" %"))
            }
            _ if last => format!("vanaf {}", measure.format(lo)),
            _ => format!(
                "{} tot {}",
                measure.format(lo).trim_end_matches(" %"),
                measure.format(hi)
            ),
        }
    }
}
