//! The views of the answer's sub-questions as tables: collaborations, refusals, mentorships,
//! the social impact bond stimulus and the actions. Pure functions over a [`Dataset`] and the
//! checks' findings; the explorer draws them, the export writes the same rows.
//!
//! Each [`Table`] has typed cells (text, money in cents, counts), rows grouped under a heading
//! (a province) where the question asks "per provincie", a [`Target`] per row for the jump to
//! the tree, and notes that say where the figures come from.

use std::cmp::Ordering;

use crate::checks::Finding;
use crate::model::{Dataset, Target};
use crate::money::{count, format_eur};
use crate::names;

pub mod actions;
pub mod answer;
pub(crate) mod collaborations;

/// The tables, in the order of their tabs (after the overview).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TableKind {
    Collaborations,
    Refusals,
    Mentorships,
    Bonds,
    Actions,
    /// The applicants of one action (Enter on an action).
    ActionApplicants(u8),
}

/// What a column holds: how it is aligned, sorted and totalled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    Text,
    /// Money in cents, right-aligned, summed in group and total rows.
    Money,
    /// A count, right-aligned, not summed (the same municipality can be in several rows).
    Count,
    /// A short number (an entry or action number), right-aligned.
    Number,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub title: &'static str,
    pub kind: ColumnKind,
}

/// A column of a table.
pub(crate) const fn col(title: &'static str, kind: ColumnKind) -> Column {
    Column { title, kind }
}

/// One cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Empty,
    Text(String),
    Money(i64),
    Count(u64),
}

impl Value {
    /// As shown: money in Belgian Dutch, counts with thousands dots.
    pub fn display(&self) -> String {
        match self {
            Value::Empty => String::new(),
            Value::Text(t) => t.clone(),
            Value::Money(c) => format_eur(*c),
            Value::Count(n) => crate::money::group_thousands(*n),
        }
    }

    fn order(&self, other: &Value) -> Ordering {
        match (self, other) {
            (Value::Money(a), Value::Money(b)) => a.cmp(b),
            (Value::Count(a), Value::Count(b)) => a.cmp(b),
            (Value::Text(a), Value::Text(b)) => names::fold(a).cmp(&names::fold(b)),
            // Empty cells sort before anything.
            (Value::Empty, Value::Empty) => Ordering::Equal,
            (Value::Empty, _) => Ordering::Less,
            (_, Value::Empty) => Ordering::Greater,
            (a, b) => a.display().cmp(&b.display()),
        }
    }
}

/// A heading rows are grouped under (a province), with where Enter on it goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub label: String,
    pub target: Option<Target>,
    /// Rows listed apart: not counted in the table's total nor as its unit (the answer's
    /// listing without partners is no collaboration).
    pub apart: bool,
    /// What its rows are when not the table's unit ("andere lijn", "andere lijnen").
    pub unit: Option<(&'static str, &'static str)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// Index into [`Table::groups`].
    pub group: Option<usize>,
    pub cells: Vec<Value>,
    /// Where Enter on the row goes.
    pub target: Option<Target>,
    /// Flags of the checks on this row (finding codes), shown with the row.
    pub flags: Vec<&'static str>,
    /// Folded text of every cell and flag, for the view's filter.
    haystack: String,
}

impl Row {
    pub fn new(group: Option<usize>, cells: Vec<Value>, target: Option<Target>) -> Row {
        Row {
            group,
            cells,
            target,
            flags: Vec::new(),
            haystack: String::new(),
        }
    }

    fn index_text(&mut self) {
        let mut text: Vec<String> = self.cells.iter().map(Value::display).collect();
        text.extend(self.flags.iter().map(|f| f.to_string()));
        self.haystack = names::fold(&text.join(" "));
    }

    /// Whether every word of a folded query occurs in the row.
    pub fn matches(&self, folded_query: &str) -> bool {
        folded_query
            .split_whitespace()
            .all(|w| self.haystack.contains(w))
    }
}

/// A view of the data as a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub kind: TableKind,
    /// Dutch title: what the rows are.
    pub title: String,
    pub columns: Vec<Column>,
    pub groups: Vec<Group>,
    pub rows: Vec<Row>,
    /// What a row is, one and many ("samenwerking", "samenwerkingen").
    pub unit: (&'static str, &'static str),
    /// Where the figures come from and what they mean, shown above the rows.
    pub notes: Vec<String>,
    /// Said when there are no rows.
    pub empty: String,
}

impl Table {
    fn new(kind: TableKind, title: impl Into<String>, columns: Vec<Column>) -> Table {
        Table {
            kind,
            title: title.into(),
            columns,
            groups: Vec::new(),
            rows: Vec::new(),
            unit: ("rij", "rijen"),
            notes: Vec::new(),
            empty: String::new(),
        }
    }

    /// The group of `label`, added when new.
    fn group(&mut self, label: &str, target: Option<Target>) -> usize {
        match self.groups.iter().position(|g| g.label == label) {
            Some(i) => i,
            None => {
                self.groups.push(Group {
                    label: label.to_string(),
                    target,
                    apart: false,
                    unit: None,
                });
                self.groups.len() - 1
            }
        }
    }

    fn finish(mut self) -> Table {
        for r in &mut self.rows {
            r.index_text();
        }
        self
    }

    /// The columns whose amounts add up in group and total rows.
    pub fn summed_columns(&self) -> impl Iterator<Item = usize> + '_ {
        self.columns
            .iter()
            .enumerate()
            .filter(|(_, c)| c.kind == ColumnKind::Money)
            .map(|(i, _)| i)
    }

    /// The sum of a money column over some rows.
    pub fn sum(&self, col: usize, rows: &[usize]) -> i64 {
        rows.iter()
            .filter_map(|&r| self.rows.get(r))
            .map(|r| match r.cells.get(col) {
                Some(Value::Money(c)) => *c,
                _ => 0,
            })
            .sum()
    }

    /// "3 samenwerkingen".
    pub fn count_label(&self, n: usize) -> String {
        count(n, self.unit.0, self.unit.1)
    }

    /// Whether a row counts in the table's total (it is not in a group listed apart).
    pub fn counted(&self, row: usize) -> bool {
        self.rows
            .get(row)
            .and_then(|r| r.group)
            .and_then(|g| self.groups.get(g))
            .is_none_or(|g| !g.apart)
    }

    /// The rows of `rows` that count in the total.
    pub fn counted_rows(&self, rows: &[usize]) -> Vec<usize> {
        rows.iter().copied().filter(|&r| self.counted(r)).collect()
    }

    /// What the rows of a group are: its own unit, "vermeldingen" for a group apart, else the
    /// table's unit.
    fn group_unit(&self, group: Option<usize>) -> (&'static str, &'static str) {
        match group.and_then(|g| self.groups.get(g)) {
            Some(g) if g.unit.is_some() => g.unit.unwrap_or(self.unit),
            Some(g) if g.apart => ("vermelding", "vermeldingen"),
            _ => self.unit,
        }
    }

    /// "3 samenwerkingen" for a group.
    pub fn group_count_label(&self, group: usize, n: usize) -> String {
        let (one, many) = self.group_unit(Some(group));
        count(n, one, many)
    }

    /// "24 acties en 2 andere lijnen": the rows that count, by what they are.
    pub fn count_text(&self, rows: &[usize]) -> String {
        let mut units: Vec<((&'static str, &'static str), usize)> = vec![(self.unit, 0)];
        for &r in rows.iter().filter(|&&r| self.counted(r)) {
            let unit = self.group_unit(self.rows.get(r).and_then(|x| x.group));
            match units.iter_mut().find(|(u, _)| *u == unit) {
                Some((_, n)) => *n += 1,
                None => units.push((unit, 1)),
            }
        }
        let parts: Vec<String> = units
            .iter()
            .enumerate()
            .filter(|(i, (_, n))| *i == 0 || *n > 0)
            .map(|(_, ((one, many), n))| count(*n, one, many))
            .collect();
        crate::checks::join_dutch(&parts)
    }

    /// The rows a filter keeps, in the order of `sort` (a column and whether descending), within
    /// their groups (groups in table order). With no sort, the table's own order.
    pub fn arrange(&self, query: &str, sort: Option<(usize, bool)>) -> Vec<usize> {
        let folded = names::fold(query);
        let mut keep: Vec<usize> = (0..self.rows.len())
            .filter(|&i| self.rows[i].matches(&folded))
            .collect();
        keep.sort_by(|&a, &b| {
            let (ra, rb) = (&self.rows[a], &self.rows[b]);
            let by_group = ra.group.cmp(&rb.group);
            let by_col = match sort {
                Some((col, desc)) => {
                    let o = match (ra.cells.get(col), rb.cells.get(col)) {
                        (Some(x), Some(y)) => x.order(y),
                        _ => Ordering::Equal,
                    };
                    if desc {
                        o.reverse()
                    } else {
                        o
                    }
                }
                None => Ordering::Equal,
            };
            by_group.then(by_col).then(a.cmp(&b))
        });
        keep
    }
}

/// Builds a table of the data. `findings` are the checks' (over the whole file), for the
/// flags on the rows.
pub fn build(kind: TableKind, ds: &Dataset, findings: &[Finding]) -> Table {
    let table = match kind {
        TableKind::Collaborations => collaborations::table(ds, findings),
        TableKind::Refusals => answer::refusals(ds),
        TableKind::Mentorships => answer::mentorships(ds),
        TableKind::Bonds => answer::bonds(ds),
        TableKind::Actions => actions::actions(ds),
        TableKind::ActionApplicants(no) => actions::applicants(ds, no),
    };
    table.finish()
}

/// Said in the views that depend on answer 492 when the data is not of its call.
pub fn no_facts_note(ds: &Dataset) -> String {
    let call = match ds.call.call {
        Some(n) => format!("dit bestand is oproep {n}"),
        None => "de oproep van dit bestand is onbekend (is het oproep 1, start dan met \
                 --oproep 1)"
            .to_string(),
    };
    format!(
        "Antwoord 492 hoort bij oproep 1 (2022-2023); {call}. De gegevens van het antwoord \
         gelden daarom niet voor dit bestand."
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> Table {
        let mut t = Table::new(
            TableKind::Refusals,
            "t",
            vec![
                Column {
                    title: "Naam",
                    kind: ColumnKind::Text,
                },
                Column {
                    title: "Bedrag",
                    kind: ColumnKind::Money,
                },
            ],
        );
        let b = t.group("B", None);
        let a = t.group("A", None);
        for (g, name, cents) in [(b, "Zele", 500), (a, "Aalst", 300), (b, "Gent", 900)] {
            t.rows.push(Row::new(
                Some(g),
                vec![Value::Text(name.into()), Value::Money(cents)],
                None,
            ));
        }
        t.finish()
    }

    #[test]
    fn rows_sort_within_their_groups_and_filter_on_every_word() {
        let t = table();
        // Groups in table order (B first), rows of B by amount descending.
        assert_eq!(t.arrange("", Some((1, true))), vec![2, 0, 1]);
        assert_eq!(t.arrange("", Some((0, false))), vec![2, 0, 1]);
        assert_eq!(t.arrange("", None), vec![0, 2, 1]);
        assert_eq!(t.arrange("GENT 9", None), vec![2]);
        assert_eq!(t.arrange("zele gent", None), Vec::<usize>::new());
        assert_eq!(t.sum(1, &t.arrange("", None)), 1700);
        assert_eq!(t.sum(1, &t.arrange("e", None)), 1400);
    }
}
