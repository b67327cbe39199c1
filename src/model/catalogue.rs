//! The fixed frame of Plan Samenleven: provinces, objectives, actions with their KPIs, and the
//! 300 municipalities.

use std::fmt;

use super::Units;

/// The five Flemish provinces, plus Brussel for the VGC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Province {
    Antwerpen,
    Brussel,
    Limburg,
    OostVlaanderen,
    VlaamsBrabant,
    WestVlaanderen,
}

impl Province {
    /// All provinces, sorted by name.
    pub const ALL: [Province; 6] = [
        Province::Antwerpen,
        Province::Brussel,
        Province::Limburg,
        Province::OostVlaanderen,
        Province::VlaamsBrabant,
        Province::WestVlaanderen,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Province::Antwerpen => "Antwerpen",
            Province::Brussel => "Brussel",
            Province::Limburg => "Limburg",
            Province::OostVlaanderen => "Oost-Vlaanderen",
            Province::VlaamsBrabant => "Vlaams-Brabant",
            Province::WestVlaanderen => "West-Vlaanderen",
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }

    /// Recognises a province as written in a file: "Antwerpen", "Provincie Antwerpen",
    /// "prov. West-Vlaanderen", "Vlaams Brabant", "W-Vl", "Brussel-Hoofdstad", "Brussels
    /// Hoofdstedelijk Gewest".
    pub fn parse(text: &str) -> Option<Province> {
        let mut f = crate::names::fold(text);
        for prefix in ["provincie ", "prov ", "province de ", "province "] {
            if let Some(rest) = f.strip_prefix(prefix) {
                f = rest.to_string();
            }
        }
        let p = match f.as_str() {
            "antwerpen" | "antw" | "anvers" => Province::Antwerpen,
            "limburg" | "limb" | "limbourg" => Province::Limburg,
            "oost vlaanderen" | "oostvlaanderen" | "o vl" | "ovl" | "flandre orientale" => {
                Province::OostVlaanderen
            }
            "west vlaanderen" | "westvlaanderen" | "w vl" | "wvl" | "flandre occidentale" => {
                Province::WestVlaanderen
            }
            "vlaams brabant" | "vlaamsbrabant" | "vl br" | "vlbr" | "brabant flamand" => {
                Province::VlaamsBrabant
            }
            "brussel"
            | "brussels"
            | "bruxelles"
            | "brussel hoofdstad"
            | "brussels hoofdstedelijk gewest"
            | "brussel hoofdstedelijk gewest"
            | "brussels gewest"
            | "brussel vgc"
            | "vgc" => Province::Brussel,
            _ => return None,
        };
        Some(p)
    }
}

impl fmt::Display for Province {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One of the seven objectives (doelstellingen).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Objective {
    pub no: u8,
    pub name: String,
    pub description: String,
}

/// Whether Plan Samenleven itself subsidises an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Funding {
    /// Subsidised from the first call on.
    Plan,
    /// Financed by other instruments (actions 1, 3, 4, 12).
    Elsewhere,
    /// Subsidised from the second call on (action 23).
    FromCall2,
}

impl Funding {
    /// Whether a grant for this action is expected in the given call.
    pub fn subsidised_in(self, call: u8) -> bool {
        match self {
            Funding::Plan => true,
            Funding::Elsewhere => false,
            Funding::FromCall2 => call >= 2,
        }
    }
}

/// A KPI of an action in the first call: euro per unit and the yearly maximum of units.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kpi {
    pub unit: String,
    pub max_units_per_year: u32,
    pub cents_per_unit: i64,
}

/// One of the 24 actions (acties).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action {
    pub no: u8,
    pub objective: u8,
    pub name: String,
    pub description: String,
    pub funding: Funding,
    /// KPIs of the first call (empty for actions without a call-1 rule).
    pub kpis: Vec<Kpi>,
}

impl Action {
    /// Largest subsidy the KPIs allow for the given units (units × rate summed over KPIs).
    pub fn ceiling_cents(&self, units: &Units) -> Option<i64> {
        if self.kpis.is_empty() || units.is_empty() {
            return None;
        }
        let mut sum = 0i64;
        for (kpi, u) in self.kpis.iter().zip(units.slots().iter()) {
            sum += i64::from(u.unwrap_or(0)) * kpi.cents_per_unit;
        }
        Some(sum)
    }
}

/// A Flemish municipality (2019-2024).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Municipality {
    pub nis: u32,
    pub name: String,
    pub province: Province,
    pub arrondissement: String,
}

/// Index into the reference list of 300 municipalities.
pub type MunicipalityId = u16;

/// Number of objectives.
pub const OBJECTIVES: usize = 7;
/// Number of actions.
pub const ACTIONS: usize = 24;
