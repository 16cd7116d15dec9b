//! The CSV download of a view: exactly the figures the page shows, one line per cell, with
//! hidden cells written as `hidden` so a spreadsheet never mistakes them for zero.

use crate::domain::Shown;
use crate::models::{InsightUnit, InsightsPage};

fn figure(shown: Shown, unit: InsightUnit) -> String {
    match shown {
        Shown::Hidden => "hidden".into(),
        Shown::Figure(v) => match unit {
            InsightUnit::Average => format!("{v:.1}"),
            _ => format!("{}", v.round() as i64),
        },
    }
}

/// The view as CSV: `section,table,row,column,figure`, with totals as rows or columns named
/// "Total".
pub fn to_csv(page: &InsightsPage) -> Result<String, csv::Error> {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(["period", "section", "table", "row", "column", "figure"])?;
    for section in &page.sections {
        for t in &section.tables {
            let mut line = |row: &str, column: &str, shown: Shown| {
                out.write_record([
                    page.period_label.as_str(),
                    section.title.as_str(),
                    t.title.as_str(),
                    row,
                    column,
                    figure(shown, t.unit).as_str(),
                ])
            };
            for (r, row) in t.rows.iter().enumerate() {
                for (c, column) in t.columns.iter().enumerate() {
                    line(row, column, t.shown.cells[r][c])?;
                }
                if let Some(totals) = &t.shown.row_totals {
                    line(row, "Total", totals[r])?;
                }
            }
            if let Some(totals) = &t.shown.column_totals {
                for (c, column) in t.columns.iter().enumerate() {
                    line("Total", column, totals[c])?;
                }
            }
            if let Some(total) = t.shown.total {
                line("Total", "Total", total)?;
            }
        }
    }
    let bytes = out.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}
