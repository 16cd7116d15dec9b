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

/// One headline figure of the leadership report. `value` is `None` when it is hidden, as it
/// would be about fewer than k people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InsightHeadline {
    pub label: String,
    pub value: Option<String>,
    pub note: String,
}

/// A success story its author let into the report and admins chose for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportStory {
    pub program_name: String,
    pub round_number: i64,
    /// Only when the author chose to be named.
    pub author: Option<String>,
    pub body: String,
}

impl ReportStory {
    /// "Ana Lee, Platform guild, round 3", or "A participant in Platform guild, round 3".
    pub fn attribution(&self) -> String {
        match &self.author {
            Some(name) => format!("{name}, {}, round {}", self.program_name, self.round_number),
            None => format!(
                "A participant in {}, round {}",
                self.program_name, self.round_number
            ),
        }
    }
}

/// The leadership report: the insights view's headline figures and trends, and the chosen
/// stories, as a printable page and a PDF.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InsightsReport {
    /// "The whole organisation", or the program's name.
    pub scope: String,
    /// The filters beyond the program, e.g. "Department: Engineering", if any.
    pub filters: Vec<String>,
    pub period_label: String,
    /// The view's query, for links to the insights page and the PDF.
    pub query_string: String,
    pub group_min: i64,
    pub too_small: Option<String>,
    pub headlines: Vec<InsightHeadline>,
    pub funnel: Option<InsightTable>,
    pub trend: Option<InsightTable>,
    pub stories: Vec<ReportStory>,
    pub prepared_on: String,
}
