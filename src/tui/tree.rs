//! The tree of the left pane: Vlaanderen → provinces (plus Brussel) → applicants → partners of
//! the collaborations an applicant leads. Pure model: no ratatui, no terminal.
//!
//! Only the rows reachable through expanded nodes are flattened (`rows`); the view then builds
//! only the rows inside its window.

use std::collections::HashSet;

use crate::model::{ApplicantId, Dataset, MunicipalityId, PartyKind, Province};
use crate::names::fold;
use crate::reference;

/// A node of the tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Node {
    /// The root: all of Flanders (and Brussels).
    All,
    /// A province; `None` groups applicants whose province is unknown.
    Province(Option<Province>),
    Applicant(ApplicantId),
    /// The `index`-th partner of the collaborations led by `lead`.
    Partner {
        lead: ApplicantId,
        index: u16,
    },
}

/// How applicants are ordered within a province.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortOrder {
    Name,
    /// Largest granted total first (with several calls: in the last call).
    Amount,
    /// With several calls: largest increase from the call before to the last call first.
    Increase,
    /// With several calls: largest decrease first.
    Decrease,
}

impl SortOrder {
    /// Dutch label for the status line and pane title.
    pub fn label(self) -> &'static str {
        match self {
            SortOrder::Name => "op naam",
            SortOrder::Amount => "op bedrag",
            SortOrder::Increase => "op verschil (stijging eerst)",
            SortOrder::Decrease => "op verschil (daling eerst)",
        }
    }

    /// The label with several calls: the amount is that of the last call.
    pub fn label_calls(self, last_call: u8) -> String {
        match self {
            SortOrder::Amount => format!("op bedrag in oproep {last_call}"),
            other => other.label().to_string(),
        }
    }

    /// The next order of `s`: name and amount; with several calls also the difference, up
    /// then down.
    pub fn next(self, calls: bool) -> SortOrder {
        match (self, calls) {
            (SortOrder::Name, _) => SortOrder::Amount,
            (SortOrder::Amount, true) => SortOrder::Increase,
            (SortOrder::Increase, true) => SortOrder::Decrease,
            _ => SortOrder::Name,
        }
    }
}

/// A partner in a collaboration led by an applicant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Partner {
    /// Canonical name when recognised, else as published.
    pub name: String,
    /// The partner's own application, if it applied.
    pub applicant: Option<ApplicantId>,
    pub municipality: Option<MunicipalityId>,
}

/// One visible row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Row {
    pub node: Node,
    pub depth: u8,
    pub has_children: bool,
    pub expanded: bool,
}

/// Tree state: structure, expansion, sort order and the flattened visible rows.
#[derive(Debug, Clone)]
pub struct Tree {
    /// Provinces in display order with their applicants in the current sort order.
    groups: Vec<(Option<Province>, Vec<ApplicantId>)>,
    /// Partners per applicant (index = applicant id).
    partners: Vec<Vec<Partner>>,
    expanded: HashSet<Node>,
    sort: SortOrder,
    /// Only these applicants are shown (a search filter).
    filter: Option<HashSet<ApplicantId>>,
    /// With several calls, per applicant: the amount in the last call and the difference to
    /// the call before (index = applicant id).
    call_keys: Option<Vec<(i64, i64)>>,
    rows: Vec<Row>,
}

impl Tree {
    /// The tree of a dataset, root expanded, sorted by name.
    pub fn new(ds: &Dataset) -> Tree {
        let mut tree = Tree::new_unsorted(ds);
        tree.apply_sort(ds);
        tree.flatten();
        tree
    }

    fn new_unsorted(ds: &Dataset) -> Tree {
        let mut groups = Vec::new();
        for p in Province::ALL {
            groups.push((Some(p), ds.province_totals(Some(p)).applicants.clone()));
        }
        let unknown = &ds.province_totals(None).applicants;
        if !unknown.is_empty() {
            groups.push((None, unknown.clone()));
        }
        let partners = (0..ds.applicants.len())
            .map(|a| partners_of(ds, a as ApplicantId))
            .collect();
        Tree {
            groups,
            partners,
            expanded: HashSet::from([Node::All]),
            sort: SortOrder::Name,
            filter: None,
            call_keys: None,
            rows: Vec::new(),
        }
    }

    /// The per-call sort keys of a dataset of several calls (`None`: one call), for the next
    /// sort; [`Tree::set_sort`] or [`Tree::rebuild`] applies them.
    pub fn set_call_keys(&mut self, keys: Option<Vec<(i64, i64)>>) {
        self.call_keys = keys;
    }

    /// Takes the groups, partners and amounts of `ds` (the same data restricted to other
    /// lines, or all of them again), keeping expansion, sort order and filter.
    pub fn rebuild(&mut self, ds: &Dataset) {
        let fresh = Tree::new_unsorted(ds);
        self.groups = fresh.groups;
        self.partners = fresh.partners;
        self.apply_sort(ds);
        self.flatten();
    }

    /// The visible rows, top to bottom.
    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    pub fn sort(&self) -> SortOrder {
        self.sort
    }

    /// Reorders applicants; expansion is kept.
    pub fn set_sort(&mut self, ds: &Dataset, sort: SortOrder) {
        self.sort = sort;
        self.apply_sort(ds);
        self.flatten();
    }

    fn apply_sort(&mut self, ds: &Dataset) {
        let name = |a: &ApplicantId| ds.applicant(*a).map(|x| fold(&x.name)).unwrap_or_default();
        let keys = self.call_keys.as_deref();
        let call_key = |a: &ApplicantId| keys.and_then(|k| k.get(*a as usize)).copied();
        // With several calls the amount is that of the last call.
        let amount = |a: &ApplicantId| match call_key(a) {
            Some((last, _)) => last,
            None => ds.applicant_totals(*a).map_or(0, |t| t.granted),
        };
        let diff = |a: &ApplicantId| call_key(a).map_or(0, |(_, d)| d);
        for (_, apps) in &mut self.groups {
            match self.sort {
                SortOrder::Name => apps.sort_by_cached_key(|a| (name(a), *a)),
                SortOrder::Amount => {
                    apps.sort_by_cached_key(|a| (std::cmp::Reverse(amount(a)), name(a), *a))
                }
                SortOrder::Increase => {
                    apps.sort_by_cached_key(|a| (std::cmp::Reverse(diff(a)), name(a), *a))
                }
                SortOrder::Decrease => apps.sort_by_cached_key(|a| (diff(a), name(a), *a)),
            }
        }
    }

    /// The partners of the collaborations an applicant leads (each once).
    pub fn partners(&self, lead: ApplicantId) -> &[Partner] {
        self.partners.get(lead as usize).map_or(&[], Vec::as_slice)
    }

    pub fn partner(&self, lead: ApplicantId, index: u16) -> Option<&Partner> {
        self.partners(lead).get(usize::from(index))
    }

    pub fn has_children(&self, node: Node) -> bool {
        match node {
            Node::All => true,
            Node::Province(p) => self
                .applicants_of(p)
                .is_some_and(|a| a.iter().any(|a| self.shows(*a))),
            Node::Applicant(a) => !self.partners(a).is_empty(),
            Node::Partner { .. } => false,
        }
    }

    fn applicants_of(&self, p: Option<Province>) -> Option<&Vec<ApplicantId>> {
        self.groups.iter().find(|(q, _)| *q == p).map(|(_, a)| a)
    }

    /// Whether an applicant passes the filter.
    pub fn shows(&self, a: ApplicantId) -> bool {
        self.filter.as_ref().is_none_or(|f| f.contains(&a))
    }

    /// Whether a search filter is active.
    pub fn is_filtered(&self) -> bool {
        self.filter.is_some()
    }

    /// Shows only these applicants (and the provinces that have any), expanded; `None` shows
    /// everything again (expansion is kept).
    pub fn set_filter(&mut self, applicants: Option<&[ApplicantId]>) {
        self.filter = applicants.map(|a| a.iter().copied().collect());
        if self.filter.is_some() {
            self.expanded.insert(Node::All);
            let provinces: Vec<Node> = self
                .groups
                .iter()
                .filter(|(_, apps)| apps.iter().any(|a| self.shows(*a)))
                .map(|(p, _)| Node::Province(*p))
                .collect();
            self.expanded.extend(provinces);
        }
        self.flatten();
    }

    pub fn is_expanded(&self, node: Node) -> bool {
        self.expanded.contains(&node)
    }

    /// Expands a node with children; returns whether anything changed.
    pub fn expand(&mut self, node: Node) -> bool {
        if !self.has_children(node) || !self.expanded.insert(node) {
            return false;
        }
        self.flatten();
        true
    }

    /// Collapses a node; returns whether anything changed.
    pub fn collapse(&mut self, node: Node) -> bool {
        if !self.expanded.remove(&node) {
            return false;
        }
        self.flatten();
        true
    }

    pub fn toggle(&mut self, node: Node) -> bool {
        if self.is_expanded(node) {
            self.collapse(node)
        } else {
            self.expand(node)
        }
    }

    /// The parent of a node.
    pub fn parent(&self, node: Node) -> Option<Node> {
        match node {
            Node::All => None,
            Node::Province(_) => Some(Node::All),
            Node::Applicant(a) => self
                .groups
                .iter()
                .find(|(_, apps)| apps.contains(&a))
                .map(|(p, _)| Node::Province(*p)),
            Node::Partner { lead, .. } => Some(Node::Applicant(lead)),
        }
    }

    /// Expands every ancestor so that the node becomes visible (for jumps from search or checks).
    pub fn reveal(&mut self, node: Node) {
        let mut cur = self.parent(node);
        while let Some(p) = cur {
            self.expanded.insert(p);
            cur = self.parent(p);
        }
        self.flatten();
    }

    /// Position of a node among the visible rows.
    pub fn index_of(&self, node: Node) -> Option<usize> {
        self.rows.iter().position(|r| r.node == node)
    }

    fn flatten(&mut self) {
        let mut rows = Vec::new();
        let push = |rows: &mut Vec<Row>, node: Node, depth: u8, this: &Tree| {
            let expanded = this.is_expanded(node);
            rows.push(Row {
                node,
                depth,
                has_children: this.has_children(node),
                expanded,
            });
            expanded
        };
        if push(&mut rows, Node::All, 0, self) {
            for (p, apps) in &self.groups {
                if self.filter.is_some() && !apps.iter().any(|a| self.shows(*a)) {
                    continue;
                }
                if !push(&mut rows, Node::Province(*p), 1, self) {
                    continue;
                }
                for a in apps.iter().filter(|a| self.shows(**a)) {
                    if !push(&mut rows, Node::Applicant(*a), 2, self) {
                        continue;
                    }
                    for i in 0..self.partners(*a).len() {
                        let index = u16::try_from(i).unwrap_or(u16::MAX);
                        push(&mut rows, Node::Partner { lead: *a, index }, 3, self);
                    }
                }
            }
        }
        self.rows = rows;
    }
}

fn partners_of(ds: &Dataset, lead: ApplicantId) -> Vec<Partner> {
    let Some(t) = ds.applicant_totals(lead) else {
        return Vec::new();
    };
    let refdata = reference::get();
    let mut out: Vec<Partner> = Vec::new();
    for cref in &t.leads {
        let Some(c) = ds.collaboration(*cref) else {
            continue;
        };
        for p in &c.partners {
            let municipality = p.resolved.municipality();
            let name = match p.resolved {
                PartyKind::Municipality(m) => refdata
                    .municipality(m)
                    .map_or_else(|| p.written.clone(), |x| x.name.clone()),
                _ => p.written.clone(),
            };
            // A collaboration listed twice (answer 2 repeats some) shows its partners once.
            if out
                .iter()
                .any(|o| o.name == name && o.municipality == municipality)
            {
                continue;
            }
            out.push(Partner {
                name,
                applicant: ds.find_party_applicant(p),
                municipality,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{
        AnswerFacts, Collaboration, CollaborationSource, DatasetParts, Grant, LineKind,
    };

    use crate::testkit::local_government as applicant;

    fn grant(applicant: ApplicantId, euro: i64) -> Grant {
        Grant {
            call: Some(1),
            ..crate::testkit::grant(applicant, LineKind::Action(5), euro)
        }
    }

    /// Gent (€ 900), Aalst (€ 100) in Oost-Vlaanderen; Geel leads Herselt and Laakdal, listed
    /// twice as in answer 2.
    fn dataset() -> Dataset {
        let r = reference::get();
        let collab = |entry| Collaboration {
            source: CollaborationSource::Answer2 { entry },
            province_as_published: None,
            lead: r.party("Geel"),
            partners: vec![r.party("Herselt"), r.party("Laakdal")],
        };
        Dataset::new(
            DatasetParts {
                applicants: vec![applicant("Gent"), applicant("Aalst"), applicant("Geel")],
                grants: vec![grant(0, 900), grant(1, 100), grant(2, 500)],
                facts: Some(AnswerFacts {
                    collaborations: vec![collab(18), collab(20)],
                    ..AnswerFacts::default()
                }),
                ..DatasetParts::default()
            },
            |no| r.objective_of(no),
        )
    }

    fn nodes(t: &Tree) -> Vec<Node> {
        t.rows().iter().map(|r| r.node).collect()
    }

    #[test]
    fn only_rows_under_expanded_nodes_are_flattened() {
        let ds = dataset();
        let mut t = Tree::new(&ds);
        // Vlaanderen and its six provinces; applicants stay folded away.
        assert_eq!(t.rows().len(), 7);
        assert!(!nodes(&t).iter().any(|n| matches!(n, Node::Applicant(_))));
        let ovl = Node::Province(Some(Province::OostVlaanderen));
        assert!(t.expand(ovl));
        assert!(!t.expand(ovl), "expanding twice changes nothing");
        assert_eq!(t.rows().len(), 9);
        assert!(t.collapse(ovl));
        assert_eq!(t.rows().len(), 7);
        // An empty province has nothing to expand.
        assert!(!t.expand(Node::Province(Some(Province::Limburg))));
    }

    #[test]
    fn a_lead_lists_its_partners_once() {
        let ds = dataset();
        let mut t = Tree::new(&ds);
        let names: Vec<&str> = t.partners(2).iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, vec!["Herselt", "Laakdal"]);
        assert!(t.partners(2).iter().all(|p| p.applicant.is_none()));
        assert!(t.has_children(Node::Applicant(2)));
        assert!(!t.has_children(Node::Applicant(0)));
        let partner = Node::Partner { lead: 2, index: 1 };
        t.reveal(partner);
        // Vlaanderen, Antwerpen, Geel, Herselt, Laakdal.
        assert_eq!(t.index_of(partner), Some(4));
        assert_eq!(t.parent(partner), Some(Node::Applicant(2)));
        assert_eq!(
            t.parent(Node::Applicant(2)),
            Some(Node::Province(Some(Province::Antwerpen)))
        );
        assert_eq!(t.rows()[4].depth, 3);
    }

    #[test]
    fn applicants_sort_by_name_or_by_amount() {
        let ds = dataset();
        let mut t = Tree::new(&ds);
        let ovl = Node::Province(Some(Province::OostVlaanderen));
        t.expand(ovl);
        let i = t.index_of(ovl).unwrap();
        assert_eq!(
            nodes(&t)[i + 1..i + 3],
            [Node::Applicant(1), Node::Applicant(0)],
            "Aalst before Gent by name"
        );
        t.set_sort(&ds, SortOrder::Amount);
        assert_eq!(
            nodes(&t)[i + 1..i + 3],
            [Node::Applicant(0), Node::Applicant(1)],
            "Gent (€ 900) before Aalst (€ 100) by amount"
        );
        // Expansion survives a new sort order.
        assert!(t.is_expanded(ovl));
    }

    #[test]
    fn a_filter_shows_only_its_applicants_and_their_provinces() {
        let ds = dataset();
        let mut t = Tree::new(&ds);
        t.set_filter(Some(&[0, 2]));
        assert!(t.is_filtered());
        // Vlaanderen, Antwerpen, Geel, Oost-Vlaanderen, Gent: Aalst and the empty provinces go.
        assert_eq!(
            nodes(&t),
            vec![
                Node::All,
                Node::Province(Some(Province::Antwerpen)),
                Node::Applicant(2),
                Node::Province(Some(Province::OostVlaanderen)),
                Node::Applicant(0),
            ]
        );
        t.set_filter(None);
        assert!(!t.is_filtered());
        // Expanded by the filter, the provinces stay open.
        assert_eq!(t.rows().len(), 7 + 3);
    }
}
