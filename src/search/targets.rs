//! Where a hit leads: its stable code and the applicants it concerns.

use crate::model::{ApplicantId, CollaborationRef, CollaborationSource, Dataset, Target};
use crate::reference;

/// The stable string form of a target: `aanvrager:Gent`, `gemeente:Wemmel`, `actie:5`,
/// `doelstelling:2`, `provincie:Antwerpen`, `vlaanderen`, `lijn:N` (the N-th line of the
/// dataset, from 1), `samenwerking:antwoord2-13` (entry 13 of answer 2) or
/// `samenwerking:bijlage-N`, `mentorschap:N` and `sociale_impactobligatie:N` (from 1, in the
/// order of answer 492).
pub fn target_code(ds: &Dataset, target: &Target) -> String {
    match *target {
        Target::All => "vlaanderen".to_string(),
        Target::Province(p) => format!("provincie:{}", p.name()),
        Target::Applicant(a) => match ds.applicant(a) {
            Some(app) => format!("aanvrager:{}", app.name),
            None => format!("aanvrager:#{a}"),
        },
        Target::Municipality(m) => match reference::get().municipality(m) {
            Some(mun) => format!("gemeente:{}", mun.name),
            None => format!("gemeente:#{m}"),
        },
        Target::Objective(no) => format!("doelstelling:{no}"),
        Target::Action(no) => format!("actie:{no}"),
        Target::Grant(i) => format!("lijn:{}", u64::from(i) + 1),
        Target::Collaboration(cref) => match (ds.collaboration(cref).map(|c| c.source), cref) {
            (Some(CollaborationSource::Answer2 { entry }), _) => {
                format!("samenwerking:antwoord2-{entry}")
            }
            (_, CollaborationRef::Annex(i) | CollaborationRef::Answer(i)) => {
                format!("samenwerking:bijlage-{}", u64::from(i) + 1)
            }
        },
        Target::Mentorship(i) => format!("mentorschap:{}", u64::from(i) + 1),
        Target::SocialImpactBond(i) => format!("sociale_impactobligatie:{}", u64::from(i) + 1),
    }
}

/// The applicants a jump to `target` concerns, each once, in applicant order: the applicant
/// itself; for a municipality the applicant that is it and the leads of the collaborations it is
/// a partner in; the applicants with lines in a province, for an objective or an action; the
/// applicant of a line; the lead of a collaboration; the applicant named by a mentorship or the
/// social impact bond. For the explorer (filter the tree on Enter) and the export's `search:`
/// scope.
pub fn applicants_of(ds: &Dataset, target: &Target) -> Vec<ApplicantId> {
    let by_name = |name: &str| ds.applicant_by_name(name).into_iter().collect();
    let mut out: Vec<ApplicantId> = match *target {
        Target::All => ds.totals().applicants.clone(),
        Target::Province(p) => ds.province_totals(Some(p)).applicants.clone(),
        Target::Applicant(a) => ds.applicant(a).map(|_| a).into_iter().collect(),
        Target::Municipality(m) => {
            let mut v: Vec<ApplicantId> = ds.applicant_by_municipality(m).into_iter().collect();
            for (_, c) in ds.all_collaborations() {
                if c.partners
                    .iter()
                    .any(|p| p.resolved.municipality() == Some(m))
                {
                    v.extend(ds.find_party_applicant(&c.lead));
                }
            }
            v
        }
        Target::Objective(no) => ds.objective_applicants(no).to_vec(),
        Target::Action(no) => ds
            .action_totals(no)
            .map(|t| t.applicants.clone())
            .unwrap_or_default(),
        Target::Grant(g) => ds
            .grants
            .get(g as usize)
            .map(|g| g.applicant)
            .into_iter()
            .collect(),
        Target::Collaboration(cref) => ds
            .collaboration(cref)
            .and_then(|c| ds.find_party_applicant(&c.lead))
            .into_iter()
            .collect(),
        Target::Mentorship(i) => ds
            .facts
            .as_ref()
            .and_then(|f| f.mentorships.get(i as usize))
            .map_or_else(Vec::new, |m| by_name(&m.local_government)),
        Target::SocialImpactBond(i) => ds
            .facts
            .as_ref()
            .and_then(|f| f.social_impact_bonds.get(i as usize))
            .map_or_else(Vec::new, |s| by_name(&s.local_government)),
    };
    out.sort_unstable();
    out.dedup();
    out
}
