//! What the index holds: one key per searchable text, built from a dataset and the reference
//! data, grouped per place (a name and its aliases).

use std::collections::{HashMap, HashSet};
use std::hash::BuildHasherDefault;
use std::sync::Mutex;

use serde::Deserialize;

use super::matching::State;
use super::{typo, Index, Kind};
use crate::hash::FxHasher;
use crate::model::{
    AnswerFacts, ApplicantId, Dataset, Grant, MunicipalityId, Party, PartyKind, Province, Status,
    Target, SIO_STIMULUS_LABEL,
};
use crate::names::fold;
use crate::reference::{self, Reference};

const ACTION_ALIASES_CSV: &str = include_str!("../../data/action_aliases.csv");

/// One searchable text. Several keys may belong to one group (a name and its aliases); a
/// result list shows each group once, with its best key.
#[derive(Debug)]
pub(super) struct Key {
    /// Folded text that is matched.
    pub(super) text: Box<str>,
    /// Which ASCII letters/digits (and space, non-ASCII) occur in `text`.
    pub(super) mask: u64,
    pub(super) kind: Kind,
    /// Another name of the group (alias, spelling): ranked after the main name on ties.
    pub(super) alias: bool,
    pub(super) group: u32,
    pub(super) target: Target,
    pub(super) label: Box<str>,
    /// The folded source occupies chars `src_start .. src_start + src_chars` of `label`.
    pub(super) src_start: u32,
    pub(super) src_chars: u32,
}

#[derive(Deserialize)]
struct ActionAliasRow {
    alias: String,
    action_no: u8,
}

/// Collects keys while building.
#[derive(Default)]
struct Builder {
    keys: Vec<Key>,
    groups: u32,
}

/// The keys of one place being added: they share its kind, target and group.
struct Group<'b> {
    b: &'b mut Builder,
    kind: Kind,
    target: Target,
    group: u32,
}

impl Builder {
    /// Starts a new group of keys for one place.
    fn group(&mut self, kind: Kind, target: Target) -> Group<'_> {
        self.groups += 1;
        Group {
            group: self.groups - 1,
            b: self,
            kind,
            target,
        }
    }
}

impl Group<'_> {
    /// Adds the group's main key: label `prefix + source + suffix`; `source` is matched.
    fn main(&mut self, prefix: &str, source: &str, suffix: &str) -> &mut Self {
        self.push(prefix, source, suffix, false)
    }

    /// Adds another name of the group (alias, spelling), ranked after the main name on ties.
    fn alias(&mut self, prefix: &str, source: &str, suffix: &str) -> &mut Self {
        self.push(prefix, source, suffix, true)
    }

    fn push(&mut self, prefix: &str, source: &str, suffix: &str, alias: bool) -> &mut Self {
        let text = fold(source);
        // A text once per group: the group's keys are the last ones (one group is built at a
        // time), a few at most; no set of every text (a copy of each) is kept.
        let known = self
            .b
            .keys
            .iter()
            .rev()
            .take_while(|k| k.group == self.group)
            .any(|k| *k.text == *text);
        if text.is_empty() || known {
            return self;
        }
        self.b.keys.push(Key {
            mask: mask_of(&text),
            text: text.into_boxed_str(),
            kind: self.kind,
            alias,
            group: self.group,
            target: self.target,
            label: format!("{prefix}{source}{suffix}").into_boxed_str(),
            src_start: prefix.chars().count() as u32,
            src_chars: source.chars().count() as u32,
        });
        self
    }
}

/// How each municipality takes part in collaborations ("partner van Londerzeel via De Rand"),
/// index = municipality id.
type Roles = Vec<Vec<String>>;

impl Builder {
    fn provinces(&mut self) {
        for p in Province::ALL {
            self.group(Kind::Provincie, Target::Province(p))
                .main("", p.name(), "");
        }
    }

    /// Applicants, with the other ways the file wrote them and, for a municipality, its French
    /// and German names.
    fn applicants(&mut self, ds: &Dataset, r: &Reference) {
        for (i, a) in ds.applicants.iter().enumerate() {
            let suffix = a
                .province
                .map_or_else(String::new, |p| format!(" · {}", p.name()));
            let rest = format!(" → {}{suffix}", a.name);
            let mut g = self.group(Kind::Aanvrager, Target::Applicant(i as ApplicantId));
            g.main("", &a.name, &suffix);
            for s in &a.spellings {
                g.alias("", &s.written, &rest);
            }
            let other_names = r.aliases.iter().filter(|(_, m, kind)| {
                Some(*m) == a.municipality() && (kind == "frans" || kind == "duits")
            });
            for (alias, _, _) in other_names {
                g.alias("", alias, &rest);
            }
        }
    }

    /// Collaborations (by their word: answer 2 lists one lead twice) and their partners; gives
    /// the role of each municipality.
    fn collaborations(&mut self, ds: &Dataset, municipalities: usize) -> Roles {
        let mut roles: Roles = vec![Vec::new(); municipalities];
        let mut partner_seen: HashSet<(String, String)> = HashSet::new();
        let mut collaboration_seen: HashSet<String> = HashSet::new();
        for (cref, c) in ds.all_collaborations() {
            let lead = party_name(&c.lead);
            let target = ds
                .find_party_applicant(&c.lead)
                .map_or(Target::Collaboration(cref), Target::Applicant);
            let partners: Vec<&str> = c.partners.iter().map(|p| p.written.as_str()).collect();
            let source = if partners.is_empty() {
                format!("Samenwerking {lead}")
            } else {
                format!("Samenwerking {lead} met {}", partners.join(", "))
            };
            if collaboration_seen.insert(fold(&source)) {
                self.group(Kind::Samenwerking, target).main("", &source, "");
            }
            for p in &c.partners {
                if let Some(m) = p.resolved.municipality() {
                    let role = match p.resolved {
                        PartyKind::DeRandFor(_) => format!("partner van {lead} via De Rand"),
                        _ => format!("partner van {lead}"),
                    };
                    if let Some(list) = roles.get_mut(usize::from(m)) {
                        if !list.contains(&role) {
                            list.push(role);
                        }
                    }
                }
                if partner_seen.insert((fold(&p.written), fold(&lead))) {
                    self.group(Kind::Partner, target).main(
                        "",
                        &p.written,
                        &format!(" · partner van {lead}"),
                    );
                }
            }
        }
        roles
    }

    /// All 300 municipalities, with their role, and their aliases (keys of one group are
    /// contiguous: the query relies on it).
    fn municipalities(&mut self, ds: &Dataset, r: &Reference, roles: &Roles) {
        let applied: HashSet<MunicipalityId> = ds
            .applicants
            .iter()
            .filter_map(|a| a.municipality())
            .collect();
        for (i, m) in r.municipalities.iter().enumerate() {
            let id = i as MunicipalityId;
            let role = match (applied.contains(&id), roles[i].is_empty()) {
                (true, true) => "aanvrager".to_string(),
                (true, false) => format!("aanvrager, ook {}", roles[i].join(", ")),
                (false, false) => format!("{} (geen eigen aanvraag)", roles[i].join(", ")),
                (false, true) => "geen aanvraag".to_string(),
            };
            let rest = format!(" → {} · {role}", m.name);
            let mut g = self.group(Kind::Gemeente, Target::Municipality(id));
            g.main("", &m.name, &format!(" · {role}"));
            for (alias, _, _) in r.aliases.iter().filter(|(_, a, _)| *a == id) {
                g.alias("", alias, &rest);
            }
        }
    }

    fn objectives(&mut self, r: &Reference) {
        for o in &r.objectives {
            let number = format!("Doelstelling {}", o.no);
            self.group(Kind::Doelstelling, Target::Objective(o.no))
                .main("", &number, &format!(" · {}", o.name))
                .main(&format!("{number} · "), &o.name, "");
        }
    }

    /// Actions: number, title, other known titles; then their KPI units.
    fn actions(&mut self, r: &Reference) {
        let aliases: Vec<ActionAliasRow> = csv::Reader::from_reader(ACTION_ALIASES_CSV.as_bytes())
            .deserialize()
            .filter_map(Result::ok)
            .collect();
        for a in &r.actions {
            let target = Target::Action(a.no);
            let number = format!("Actie {}", a.no);
            let rest = format!(" → {number} · {}", a.name);
            let mut g = self.group(Kind::Actie, target);
            g.main("", &number, &format!(" · {}", a.name)).main(
                &format!("{number} · "),
                &a.name,
                "",
            );
            for al in aliases.iter().filter(|al| al.action_no == a.no) {
                g.alias("", &al.alias, &rest);
            }
            for k in &a.kpis {
                self.group(Kind::Kpi, target).main(
                    "",
                    &k.unit,
                    &format!(" · KPI van actie {}", a.no),
                );
            }
        }
    }

    /// Explanation texts, each distinct text once.
    fn explanations(&mut self, ds: &Dataset) {
        let texts = distinct_lines(ds.grants.iter().enumerate().filter_map(|(gi, grant)| {
            let text = ds.text(grant.explanation).map(str::trim)?;
            (!text.is_empty()).then_some((gi as u32, text))
        }));
        // Each text is a group of one key, numbered in order: the keys are made on as many
        // threads as there are cores (folding and labelling a quarter of a million texts at a
        // million lines is most of the index) and joined in order, as one thread would.
        let texts: Vec<(&str, &Grant, u32, u32)> = texts
            .into_iter()
            .filter_map(|(text, first, count)| {
                Some((text, ds.grants.get(first as usize)?, first, count))
            })
            .collect();
        let base = self.groups;
        let key = |i: usize, &(text, grant, first, count): &(&str, &Grant, u32, u32)| {
            let folded = fold(text);
            (!folded.is_empty()).then(|| Key {
                mask: mask_of(&folded),
                text: folded.into_boxed_str(),
                kind: Kind::Toelichting,
                alias: false,
                group: base + i as u32,
                target: Target::Grant(first),
                label: format!("{text}{}", lines_suffix(ds, grant, count)).into_boxed_str(),
                src_start: 0,
                src_chars: text.chars().count() as u32,
            })
        };
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
        let chunk = texts.len().div_ceil(threads).max(4096);
        let make = |c: usize, part: &[(&str, &Grant, u32, u32)]| -> Vec<Key> {
            part.iter()
                .enumerate()
                .filter_map(|(i, t)| key(c * chunk + i, t))
                .collect()
        };
        let parts: Vec<Vec<Key>> = std::thread::scope(|scope| {
            let make = &make;
            // A chunk whose thread cannot be started is made here, after the others started.
            let started: Vec<_> = texts
                .chunks(chunk)
                .enumerate()
                .map(|(c, part)| {
                    std::thread::Builder::new()
                        .spawn_scoped(scope, move || make(c, part))
                        .map_err(|_| (c, part))
                })
                .collect();
            started
                .into_iter()
                .map(|s| match s {
                    Ok(h) => h
                        .join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                    Err((c, part)) => make(c, part),
                })
                .collect()
        });
        self.groups = base + texts.len() as u32;
        for part in parts {
            self.keys.extend(part);
        }
    }

    /// Refused lines, each distinct reason once, found by the words "geweigerd" and
    /// "weigering" and by their reason.
    fn refusals(&mut self, ds: &Dataset) {
        let refusals = distinct_lines(
            ds.grants
                .iter()
                .enumerate()
                .filter(|(_, grant)| grant.status == Status::Refused)
                .map(|(gi, grant)| {
                    let reason = ds.text(grant.reason).map(str::trim);
                    (gi as u32, reason.filter(|r| !r.is_empty()))
                }),
        );
        for (reason, first, count) in refusals {
            let Some(grant) = ds.grants.get(first as usize) else {
                continue;
            };
            let source = match reason {
                Some(reason) => format!("Geweigerd · reden van weigering: {reason}"),
                None => "Geweigerd · geen reden van weigering opgegeven".to_string(),
            };
            self.group(Kind::Weigering, Target::Grant(first)).main(
                "",
                &source,
                &lines_suffix(ds, grant, count),
            );
        }
    }

    /// Mentorships and the social impact bond stimulus (answer 492, first call only).
    fn answer_facts(&mut self, facts: &AnswerFacts) {
        for (i, m) in facts.mentorships.iter().enumerate() {
            // The kind's word is matched too: "mentorschap" lists them.
            let source = format!(
                "{} · {} (mentorschap, actie {})",
                m.action_as_published, m.local_government, m.action_no
            );
            self.group(Kind::Mentorschap, Target::Mentorship(i as u32))
                .main("", &source, "");
        }
        for (i, s) in facts.social_impact_bonds.iter().enumerate() {
            // Answer 8: a stimulus to lay the basis for a bond, and who assists; its
            // description is found too, under the same label.
            let source = format!(
                "{SIO_STIMULUS_LABEL} · {} · {} · bijgestaan door {}",
                s.local_government,
                crate::money::format_eur(s.stimulus_cents),
                s.partner,
            );
            self.group(
                Kind::SocialeImpactobligatie,
                Target::SocialImpactBond(i as u32),
            )
            .main("", &source, "")
            .alias(&format!("{source} · "), &s.description, "");
        }
    }
}

impl Index {
    /// Builds the index over a dataset and the embedded reference data.
    pub fn new(ds: &Dataset) -> Index {
        let r = reference::get();
        let mut b = Builder::default();
        b.provinces();
        b.applicants(ds, r);
        let roles = b.collaborations(ds, r.municipalities.len());
        b.municipalities(ds, r, &roles);
        b.objectives(r);
        b.actions(r);
        b.explanations(ds);
        b.refusals(ds);
        if let Some(facts) = &ds.facts {
            b.answer_facts(facts);
        }
        let typos = typo::Trie::new(
            b.keys
                .iter()
                .enumerate()
                .filter(|(_, k)| is_name(k))
                .map(|(id, k)| (id as u32, &*k.text)),
        );
        Index {
            keys: b.keys,
            typos,
            state: Mutex::new(State::new()),
        }
    }
}

/// A bit per ASCII letter and digit, one for space, one for anything else.
pub(super) fn mask_of(text: &str) -> u64 {
    let mut m = 0u64;
    for b in text.bytes() {
        m |= 1
            << match b {
                b'a'..=b'z' => u32::from(b - b'a'),
                b'0'..=b'9' => 26 + u32::from(b - b'0'),
                b' ' => 36,
                _ => 37,
            };
    }
    m
}

/// Each distinct value of `(line, value)` pairs once, in order of first appearance: the value,
/// its first line and how many lines have it.
fn distinct_lines<K: Copy + Eq + std::hash::Hash>(
    lines: impl Iterator<Item = (u32, K)>,
) -> Vec<(K, u32, u32)> {
    let mut out: Vec<(K, u32, u32)> = Vec::new();
    // Fx rather than SipHash: a quarter of a million explanation texts at a million lines.
    let mut slot: HashMap<K, usize, BuildHasherDefault<FxHasher>> = HashMap::default();
    for (line, value) in lines {
        match slot.get(&value) {
            Some(&at) => out[at].2 += 1,
            None => {
                slot.insert(value, out.len());
                out.push((value, line, 1));
            }
        }
    }
    out
}

/// The end of the label of a text shared by `count` lines, the first of which is `grant`:
/// " · Gent, Actie 5" or " · 3 lijnen, o.a. Gent, Actie 5".
fn lines_suffix(ds: &Dataset, grant: &Grant, count: u32) -> String {
    let who = ds
        .applicant(grant.applicant)
        .map_or("onbekend", |a| a.name.as_str());
    let line = ds.line_label(grant.kind);
    if count == 1 {
        format!(" · {who}, {line}")
    } else {
        format!(" · {count} lijnen, o.a. {who}, {line}")
    }
}

/// Whether a key names something (and is matched for typos): everything but explanation texts
/// and the description of the social impact bond stimulus (an alias key), which are paragraphs.
pub(super) fn is_name(key: &Key) -> bool {
    key.kind != Kind::Toelichting && !(key.kind == Kind::SocialeImpactobligatie && key.alias)
}

/// How a collaboration party is called in labels.
fn party_name(p: &Party) -> String {
    let r = reference::get();
    match p.resolved {
        PartyKind::Municipality(m) => r
            .municipality(m)
            .map_or_else(|| p.written.clone(), |m| m.name.clone()),
        PartyKind::Vgc => "VGC".to_string(),
        PartyKind::DeRand | PartyKind::DeRandFor(_) => "vzw De Rand".to_string(),
        PartyKind::Unknown => p.written.clone(),
    }
}
