//! Recognising actions and objectives from titles, numbers and names as files write them.

use super::{Reference, WordMatch};
use crate::names::{edit_distance, fold, typo_budget};

impl Reference {
    /// Matches an action title (without number) against the catalogue and its known other
    /// titles, tolerant of case, accents and small spelling differences.
    pub fn match_action_title(&self, title: &str) -> Option<u8> {
        let folded = fold(title);
        if folded.is_empty() {
            return None;
        }
        if let Some((_, no)) = self.action_titles.iter().find(|(t, _)| *t == folded) {
            return Some(*no);
        }
        let budget = typo_budget(folded.chars().count()).max(1) + folded.chars().count() / 12;
        let mut best: Option<(usize, u8)> = None;
        let mut tie = false;
        for (t, no) in &self.action_titles {
            let d = edit_distance(&folded, t, budget);
            if d <= budget {
                match best {
                    Some((bd, bno)) if d == bd && bno != *no => tie = true,
                    Some((bd, _)) if d >= bd => {}
                    _ => {
                        best = Some((d, *no));
                        tie = false;
                    }
                }
            }
        }
        if let (Some((_, no)), false) = (best, tie) {
            return Some(no);
        }
        // A title that starts with a full catalogue title followed by more words
        // ("Oefenkansen Nederlands organiseren voor volwassenen").
        let mut prefix_hit: Option<(usize, u8)> = None;
        for (t, no) in &self.action_titles {
            if t.len() >= 8
                && folded.starts_with(t.as_str())
                && folded[t.len()..].starts_with(' ')
                && prefix_hit.is_none_or(|(len, _)| t.len() > len)
            {
                prefix_hit = Some((t.len(), *no));
            }
        }
        prefix_hit.map(|(_, no)| no)
    }

    /// Reads a title that matches no catalogue title as an action of `objective` (the objective
    /// the file states) by the words they share, weighted by their rarity in the catalogue; only
    /// a clear winner among that objective's actions (see `words`).
    pub fn match_action_words(&self, title: &str, objective: u8) -> Option<WordMatch> {
        self.action_words.best(title, objective)
    }

    /// Recognises an objective by number ("2", "Doelstelling 2") or name ("Nederlands",
    /// "1 Gemeenschap", "Eén gemeenschap", "Veiligheid & leefbaarheid").
    pub fn match_objective(&self, text: &str) -> Option<u8> {
        let folded = fold(text);
        let stripped = folded
            .strip_prefix("doelstelling ")
            .or_else(|| folded.strip_prefix("ds "))
            .unwrap_or(&folded);
        if let Ok(n) = stripped.split(' ').next().unwrap_or("").parse::<u8>() {
            if (1..=7).contains(&n)
                && (stripped.len() <= 2 || self.objective_name_follows(stripped, n))
            {
                return Some(n);
            }
        }
        let key = stripped.replace(" en ", " ").replace(' ', "");
        for o in &self.objectives {
            let name = fold(&o.name).replace(" en ", " ").replace(' ', "");
            if key == name || key.starts_with(&name) && name.len() >= 4 {
                return Some(o.no);
            }
        }
        match key.as_str() {
            "1gemeenschap" | "eengemeenschap" | "gemeenschap" => Some(7),
            "veiligheidleefbaarheid" | "veiligheid" => Some(1),
            "nondiscriminatie" | "discriminatie" => Some(6),
            _ => None,
        }
    }

    fn objective_name_follows(&self, stripped: &str, n: u8) -> bool {
        // "2 Nederlands" is objective 2; "1 Gemeenschap" is objective 7.
        let rest = stripped.split_once(' ').map_or("", |(_, r)| r);
        if rest.is_empty() {
            return true;
        }
        if rest == "gemeenschap" {
            return false;
        }
        self.objective(n).is_some_and(|o| {
            fold(&o.name).replace(" en ", " ") == rest.replace(" en ", " ")
                || rest.starts_with(&fold(&o.name))
        })
    }
}
