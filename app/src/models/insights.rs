//! An insights view as the page and the CSV download show it: figures already through
//! disclosure control, so nothing hidden ever leaves the server.

use crate::domain::{Disclosed, InsightQuery};
use serde::{Deserialize, Serialize};

/// How a table's figures read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum InsightUnit {
    People,
    Count,
    /// An average, shown with one decimal.
    Average,
    /// A share in per cent, shown whole.
    Percent,
}

/// How a table is drawn beside its data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum InsightChart {
    /// One bar per row (one-column tables).
    Bars,
    /// A grid of shaded squares (rows × columns).
    Matrix,
}

/// One table of figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InsightTable {
    /// Names the table in the page (`id`) and in the CSV.
    pub key: String,
    pub title: String,
    /// What the figures mean, in a sentence.
    pub note: String,
    pub rows: Vec<String>,
    pub columns: Vec<String>,
    pub unit: InsightUnit,
    pub chart: InsightChart,
    pub shown: Disclosed,
}

/// A section of the page: a heading and its tables.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InsightSection {
    pub key: String,
    pub title: String,
    pub tables: Vec<InsightTable>,
}

/// What the filter form offers: only values that at least k people share.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct InsightOptions {
    pub programs: Vec<(i64, String)>,
    pub departments: Vec<String>,
    pub locations: Vec<String>,
    pub levels: Vec<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InsightsPage {
    /// The query as chosen, with the period filled in.
    pub query: InsightQuery,
    /// The same, encoded for a link: the CSV download repeats it.
    pub query_string: String,
    pub period_label: String,
    /// The program the view is about, if one.
    pub program_name: Option<String>,
    /// Whether the viewer may see the whole organisation (org admins) or only programs they run.
    pub whole_org: bool,
    pub options: InsightOptions,
    pub group_min: i64,
    /// Why nothing is shown, when the chosen people are too few, or too few short of a wider view.
    pub too_small: Option<String>,
    pub sections: Vec<InsightSection>,
}
