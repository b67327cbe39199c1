//! Recognising local government names: exact, alias, known misspelling or near match; parties
//! of collaborations and their province.

use super::{NameTarget, Reference};
use crate::model::{MunicipalityId, NameMatch, Party, PartyKind, Province};
use crate::names::{edit_distance, fold_local_government, typo_budget, Letters};

impl Reference {
    /// Recognises a local government name: exact (after folding and prefixes), alias, known
    /// misspelling, or a unique near match within a small typo budget.
    pub fn resolve_name(&self, written: &str) -> (Option<NameTarget>, NameMatch) {
        let folded = fold_local_government(written);
        if folded.is_empty() {
            return (None, NameMatch::Unmatched);
        }
        if let Some((t, how)) = self.names.get(&folded) {
            return (Some(*t), *how);
        }
        // "De Rand (io Wemmel)", "vzw De Rand i.o.v. Wemmel".
        if let Some(rest) = de_rand_for(&folded) {
            if let (Some(NameTarget::Municipality(m)), how) = self.resolve_name(rest) {
                return (Some(NameTarget::DeRandFor(m)), how);
            }
        }
        // "Gent (Oost-Vlaanderen)" style disambiguations not in the alias list.
        if let Some(open) = written.find('(') {
            let head = &written[..open];
            if !head.trim().is_empty() {
                let (t, how) = self.resolve_name(head);
                if t.is_some() {
                    return (
                        t,
                        if how == NameMatch::Exact {
                            NameMatch::Alias
                        } else {
                            how
                        },
                    );
                }
            }
        }
        let chars = folded.chars().count();
        let budget = typo_budget(chars);
        if budget == 0 {
            return (None, NameMatch::Unmatched);
        }
        let letters = Letters::new(&folded);
        let mut best: Option<(usize, MunicipalityId)> = None;
        let mut tie = false;
        // Only names whose length is within the budget (the distance is at least the
        // difference in length); the best and whether it is tied do not depend on the order.
        let lengths = chars.saturating_sub(budget)..=chars.saturating_add(budget);
        let near = lengths
            .filter_map(|n| self.municipality_by_chars.get(n))
            .flatten();
        for &i in near {
            let Some(name) = self.municipality_folded.get(usize::from(i)) else {
                continue;
            };
            // The distance is also at least what the letter counts tell apart.
            if name.chars.abs_diff(chars) > budget || letters.distance_bound(&name.letters) > budget
            {
                continue;
            }
            let d = edit_distance(&folded, &name.text, budget);
            if d <= budget {
                match best {
                    Some((bd, _)) if d > bd => {}
                    Some((bd, _)) if d == bd => tie = true,
                    _ => {
                        best = Some((d, i));
                        tie = false;
                    }
                }
            }
        }
        match best {
            Some((d, id)) if !tie => (
                Some(NameTarget::Municipality(id)),
                NameMatch::Fuzzy {
                    distance: d.min(255) as u8,
                },
            ),
            _ => (None, NameMatch::Unmatched),
        }
    }

    /// The closest known municipality names (for suggestions), best first.
    pub fn suggestions(&self, written: &str, max: usize) -> Vec<&str> {
        let folded = fold_local_government(written);
        let limit = (folded.chars().count() / 2).max(2);
        let words = folded.split(' ').count();
        // The best `max` so far by (distance, name). A name further away than the last of them
        // cannot enter, so the distance only needs computing up to there (a tighter limit
        // lets `edit_distance` stop early); the result is the same as scoring every name.
        let mut best: Vec<(usize, &str)> = Vec::with_capacity(max + 1);
        for (f, m) in self
            .municipality_folded
            .iter()
            .zip(self.municipalities.iter())
        {
            let bound = match best.last() {
                Some((d, _)) if best.len() >= max => (*d).min(limit),
                _ => limit,
            };
            let f = &f.text;
            let mut d = edit_distance(&folded, f, bound);
            // Also compare with the candidate's first words: "Wezenbeek" ~ "Wezembeek-Oppem".
            // With no more words than the written name, that is the candidate itself.
            if let Some((cut, _)) = f.match_indices(' ').nth(words.saturating_sub(1)) {
                let head = &f[..cut];
                d = d.min(edit_distance(&folded, head, bound).saturating_add(1));
            }
            if d > bound {
                continue;
            }
            let entry = (d, m.name.as_str());
            let at = best.partition_point(|b| *b < entry);
            best.insert(at, entry);
            best.truncate(max);
        }
        best.into_iter().map(|(_, n)| n).collect()
    }

    /// A collaboration party as published, resolved.
    pub fn party(&self, written: &str) -> Party {
        let (target, matched) = self.resolve_name(written);
        Party {
            written: written.to_string(),
            resolved: match target {
                Some(NameTarget::Municipality(m)) => PartyKind::Municipality(m),
                Some(NameTarget::Vgc) => PartyKind::Vgc,
                Some(NameTarget::DeRand) => PartyKind::DeRand,
                Some(NameTarget::DeRandFor(m)) => PartyKind::DeRandFor(m),
                None => PartyKind::Unknown,
            },
            matched,
        }
    }

    /// The province a collaboration party lies in: its municipality's (also for vzw De Rand
    /// acting for one), Brussel for the VGC, Vlaams-Brabant for vzw De Rand; `None` when unknown.
    pub fn party_province(&self, p: &Party) -> Option<Province> {
        match p.resolved {
            PartyKind::Municipality(m) | PartyKind::DeRandFor(m) => {
                self.municipality(m).map(|x| x.province)
            }
            PartyKind::Vgc => Some(Province::Brussel),
            PartyKind::DeRand => Some(Province::VlaamsBrabant),
            PartyKind::Unknown => None,
        }
    }
}

/// "de rand io wemmel" → "wemmel".
fn de_rand_for(folded: &str) -> Option<&str> {
    let rest = folded
        .strip_prefix("vzw de rand ")
        .or_else(|| folded.strip_prefix("de rand vzw "))
        .or_else(|| folded.strip_prefix("de rand "))?;
    for marker in ["io ", "i o ", "i o v ", "iov ", "voor ", "namens "] {
        if let Some(name) = rest.strip_prefix(marker) {
            return Some(name);
        }
    }
    None
}
