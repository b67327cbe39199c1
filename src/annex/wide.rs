//! The wide layout: one row per applicant, one column per action (objectives in merged cells
//! above, optionally a Totaal column).

use super::builder::{Builder, KnownLine};
use super::cells::{parse_action_text, split_partners, total_label};
use super::error::{LoadError, LoadErrorKind};
use super::grid::Grid;
use super::layout::{Header, Role};
use crate::model::{
    ApplicantId, Grant, LineKind, Origin, Province, StatedTotal, Status, TotalScope, Units,
};

impl<'r> Builder<'r> {
    /// A wide-layout sheet: one row per applicant, one column per action.
    pub fn wide_sheet(
        &mut self,
        grid: &dyn Grid,
        header: &Header,
        sheet: u16,
        sheet_province: Option<Province>,
    ) -> Result<(), LoadError> {
        self.read_title_block(grid, header.row);
        let texts = Self::header_texts(grid, header);
        let objective_over = super::layout::objectives_over(grid, header.row, self.reference);
        let header_origin = Origin {
            sheet,
            row: grid.row_no(header.row),
        };
        // Per action column, its line kind and reading once known (at its first line).
        let mut column_kinds: Vec<Option<KnownLine>> = vec![None; grid.width()];
        let acol = header.col(Role::Applicant);
        let pcol = header.col(Role::Province);
        let tcol = header.col(Role::Total);
        let mut province = sheet_province;
        let mut current: Option<ApplicantId> = None;
        for r in header.row + 1..grid.height() {
            if (0..grid.width()).all(|c| grid.cell(r, c).is_blank()) {
                continue;
            }
            let origin = Origin {
                sheet,
                row: grid.row_no(r),
            };
            if let Some(t) = pcol.and_then(|c| grid.cell(r, c).display()) {
                if total_label(&t).is_none() {
                    match Province::parse(&t) {
                        Some(p) => province = Some(p),
                        None => self.note(Some(origin), format!("onbekende provincie '{t}'")),
                    }
                }
            }
            let name = acol.and_then(|c| grid.cell(r, c).display());
            let label = name
                .clone()
                .or_else(|| pcol.and_then(|c| grid.cell(r, c).display()));
            if let Some(rest) = label.as_deref().and_then(total_label) {
                let label = label.unwrap_or_default();
                // A total row: per action column totals are not kept; the row total is.
                let total_col = tcol.unwrap_or(usize::MAX);
                if tcol.is_some() {
                    if let Some(amount) =
                        self.amount(grid, sheet, r, total_col, &texts[total_col])?
                    {
                        self.total_row(&rest, amount, origin, current, &label);
                    }
                } else {
                    let mut sum = 0i64;
                    for (c, role) in header.roles.iter().enumerate() {
                        if matches!(role, Role::WideAction(_) | Role::WideUnknown) {
                            let amount = self.amount(grid, sheet, r, c, &texts[c])?.unwrap_or(0);
                            sum = sum.checked_add(amount).ok_or_else(|| {
                                self.error(
                                    sheet,
                                    grid,
                                    r,
                                    Some(c),
                                    Some(&texts[c]),
                                    LoadErrorKind::TotalTooLarge {
                                        text: grid.cell(r, c).display().unwrap_or_default(),
                                    },
                                )
                            })?;
                        }
                    }
                    self.total_row(&rest, sum, origin, current, &label);
                }
                continue;
            }
            if let Some(name) = name {
                let (name, partners) = split_partners(&name);
                current = Some(self.applicant(&name, province));
                if !partners.is_empty() {
                    self.add_collaboration(&name, &partners, origin, province);
                }
            }
            let Some(applicant) = current else {
                continue;
            };
            for (c, role) in header.roles.iter().enumerate() {
                if !matches!(role, Role::WideAction(_) | Role::WideUnknown) {
                    continue;
                }
                let Some(amount) = self.amount(grid, sheet, r, c, &texts[c])? else {
                    continue;
                };
                if amount == 0 {
                    // In a grid of actions an explicit 0 means "no grant".
                    continue;
                }
                let (kind, reading) = match (role, column_kinds[c]) {
                    (Role::WideAction(no), _) => (LineKind::Action(*no), None),
                    (_, Some(known)) => known,
                    _ => {
                        let objective = objective_over.get(c).copied().flatten();
                        let numbered = parse_action_text(&texts[c], self.reference)
                            .number
                            .is_some();
                        let known =
                            self.outside_catalogue(&texts[c], objective, !numbered, header_origin);
                        column_kinds[c] = Some(known);
                        known
                    }
                };
                self.count_reading(reading);
                let parsed = parse_action_text(&texts[c], self.reference);
                let written = match role {
                    Role::WideAction(_) => self.line_kind(&parsed, None).1,
                    _ => None,
                };
                self.grants.push(Grant {
                    applicant,
                    kind,
                    amount,
                    requested: crate::model::MaybeCents::NONE,
                    units: Units::default(),
                    status: Status::Granted,
                    reason: None,
                    explanation: None,
                    call: None,
                    province_in_file: province,
                    action_written: written,
                    origin,
                });
            }
            if let Some(tc) = tcol {
                if let Some(amount) = self.amount(grid, sheet, r, tc, &texts[tc])? {
                    self.stated.push(StatedTotal {
                        scope: TotalScope::Applicant(applicant),
                        label: format!(
                            "{} ({})",
                            texts[tc], self.applicants[applicant as usize].name
                        ),
                        amount,
                        origin,
                    });
                }
            }
        }
        Ok(())
    }
}
