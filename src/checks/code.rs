//! The kinds of finding: a stable code each, with its severity.

use super::Severity;

/// A kind of finding. Its code (`som-totaal`) is stable: scripts read it in the json and the
/// README lists every one with its severity, in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Code {
    SomTotaal,
    SomProvincie,
    SomAanvrager,
    GepubliceerdTotaal,
    GepubliceerdActie,
    GepubliceerdPlannen,
    GepubliceerdBesturen,
    GepubliceerdOnbekend,
    OproepOnbekend,
    NaamOnbekend,
    PartnerOnbekend,
    NaamSpelfout,
    NaamSchrijfwijzen,
    ProvincieRegel,
    ProvincieSamenwerking,
    SamenwerkingOverProvincies,
    DubbeleRegel,
    DubbeleSamenwerking,
    SamenwerkingOverlap,
    SamenwerkingWederzijds,
    TellingAntwoord,
    TellingKlopt,
    AntwoordGepubliceerd,
    AntwoordGeweigerd,
    ActieNummerTitel,
    AntwoordActienummer,
    ActieNietGesubsidieerd,
    ActieOnbekend,
    ActieTitelGelezen,
    BedragNegatief,
    BedragNul,
    BedragBovenPlafond,
    EenhedenBovenMaximum,
    KpiOvergeslagen,
    MentorschapZonderActie,
    SioZonderRegel,
    AntwoordNietGekoppeld,
    Inlezen,
    Voorbeeld,
}

impl Code {
    /// Every code, in the order of the README table.
    pub const ALL: [Code; 39] = [
        Code::SomTotaal,
        Code::SomProvincie,
        Code::SomAanvrager,
        Code::GepubliceerdTotaal,
        Code::GepubliceerdActie,
        Code::GepubliceerdPlannen,
        Code::GepubliceerdBesturen,
        Code::GepubliceerdOnbekend,
        Code::OproepOnbekend,
        Code::NaamOnbekend,
        Code::PartnerOnbekend,
        Code::NaamSpelfout,
        Code::NaamSchrijfwijzen,
        Code::ProvincieRegel,
        Code::ProvincieSamenwerking,
        Code::SamenwerkingOverProvincies,
        Code::DubbeleRegel,
        Code::DubbeleSamenwerking,
        Code::SamenwerkingOverlap,
        Code::SamenwerkingWederzijds,
        Code::TellingAntwoord,
        Code::TellingKlopt,
        Code::AntwoordGepubliceerd,
        Code::AntwoordGeweigerd,
        Code::ActieNummerTitel,
        Code::AntwoordActienummer,
        Code::ActieNietGesubsidieerd,
        Code::ActieOnbekend,
        Code::ActieTitelGelezen,
        Code::BedragNegatief,
        Code::BedragNul,
        Code::BedragBovenPlafond,
        Code::EenhedenBovenMaximum,
        Code::KpiOvergeslagen,
        Code::MentorschapZonderActie,
        Code::SioZonderRegel,
        Code::AntwoordNietGekoppeld,
        Code::Inlezen,
        Code::Voorbeeld,
    ];

    /// The stable code: `som-totaal`, `naam-onbekend`, ...
    pub fn as_str(self) -> &'static str {
        match self {
            Code::SomTotaal => "som-totaal",
            Code::SomProvincie => "som-provincie",
            Code::SomAanvrager => "som-aanvrager",
            Code::GepubliceerdTotaal => "gepubliceerd-totaal",
            Code::GepubliceerdActie => "gepubliceerd-actie",
            Code::GepubliceerdPlannen => "gepubliceerd-plannen",
            Code::GepubliceerdBesturen => "gepubliceerd-besturen",
            Code::GepubliceerdOnbekend => "gepubliceerd-onbekend",
            Code::OproepOnbekend => "oproep-onbekend",
            Code::NaamOnbekend => "naam-onbekend",
            Code::PartnerOnbekend => "partner-onbekend",
            Code::NaamSpelfout => "naam-spelfout",
            Code::NaamSchrijfwijzen => "naam-schrijfwijzen",
            Code::ProvincieRegel => "provincie-regel",
            Code::ProvincieSamenwerking => "provincie-samenwerking",
            Code::SamenwerkingOverProvincies => "samenwerking-over-provincies",
            Code::DubbeleRegel => "dubbele-regel",
            Code::DubbeleSamenwerking => "dubbele-samenwerking",
            Code::SamenwerkingOverlap => "samenwerking-overlap",
            Code::SamenwerkingWederzijds => "samenwerking-wederzijds",
            Code::TellingAntwoord => "telling-antwoord",
            Code::TellingKlopt => "telling-klopt",
            Code::AntwoordGepubliceerd => "antwoord-gepubliceerd",
            Code::AntwoordGeweigerd => "antwoord-geweigerd",
            Code::ActieNummerTitel => "actie-nummer-titel",
            Code::AntwoordActienummer => "antwoord-actienummer",
            Code::ActieNietGesubsidieerd => "actie-niet-gesubsidieerd",
            Code::ActieOnbekend => "actie-onbekend",
            Code::ActieTitelGelezen => "actie-titel-gelezen",
            Code::BedragNegatief => "bedrag-negatief",
            Code::BedragNul => "bedrag-nul",
            Code::BedragBovenPlafond => "bedrag-boven-plafond",
            Code::EenhedenBovenMaximum => "eenheden-boven-maximum",
            Code::KpiOvergeslagen => "kpi-overgeslagen",
            Code::MentorschapZonderActie => "mentorschap-zonder-actie",
            Code::SioZonderRegel => "sio-zonder-regel",
            Code::AntwoordNietGekoppeld => "antwoord-niet-gekoppeld",
            Code::Inlezen => "inlezen",
            Code::Voorbeeld => "voorbeeld",
        }
    }

    /// How serious a finding of this kind is.
    pub fn severity(self) -> Severity {
        match self {
            Code::SomTotaal
            | Code::SomProvincie
            | Code::SomAanvrager
            | Code::GepubliceerdTotaal
            | Code::GepubliceerdActie
            | Code::BedragNegatief
            | Code::BedragBovenPlafond => Severity::Fout,
            Code::GepubliceerdPlannen
            | Code::GepubliceerdBesturen
            | Code::NaamOnbekend
            | Code::PartnerOnbekend
            | Code::NaamSpelfout
            | Code::NaamSchrijfwijzen
            | Code::ProvincieRegel
            | Code::ProvincieSamenwerking
            | Code::DubbeleRegel
            | Code::DubbeleSamenwerking
            | Code::SamenwerkingOverlap
            | Code::SamenwerkingWederzijds
            | Code::TellingAntwoord
            | Code::AntwoordGepubliceerd
            | Code::AntwoordGeweigerd
            | Code::ActieNummerTitel
            | Code::AntwoordActienummer
            | Code::ActieNietGesubsidieerd
            | Code::ActieOnbekend
            | Code::BedragNul
            | Code::EenhedenBovenMaximum
            | Code::MentorschapZonderActie
            | Code::SioZonderRegel => Severity::Waarschuwing,
            Code::GepubliceerdOnbekend
            | Code::OproepOnbekend
            | Code::SamenwerkingOverProvincies
            | Code::TellingKlopt
            | Code::ActieTitelGelezen
            | Code::KpiOvergeslagen
            | Code::AntwoordNietGekoppeld
            | Code::Inlezen
            | Code::Voorbeeld => Severity::Info,
        }
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}
