//! The leadership report: an insights view's headline figures and trends, with the success
//! stories admins chose for it, as a printable page and a PDF. Its figures are the view's own,
//! after disclosure control, so the report never shows what the insights page would hide;
//! its stories are only those whose authors let them into the report.

use super::super::storage::{now, StoryRow};
use super::super::support::clock::day_in;
use super::super::support::pdf::{self, Flow, Style, ACCENT, INK, MARGIN, MUTED, RULE};
use super::super::AppState;
use crate::domain::{EnrollmentRole, GoalStatus, InsightQuery, Shown};
use crate::error::AppError;
use crate::models::{
    InsightHeadline, InsightSection, InsightTable, InsightsPage, InsightsReport, ReportStory, User,
};

/// The report for the view `user` asked for with `query`.
pub async fn report(
    state: &AppState,
    user: &User,
    query: &InsightQuery,
) -> Result<InsightsReport, AppError> {
    let page = super::page(state, user, query).await?;
    let program = page.query.program.parse::<i64>().ok();
    let stories = state.db.featured_stories(program).await?;
    Ok(compose(page, stories, day_in(now(), &user.time_zone)))
}

fn compose(page: InsightsPage, stories: Vec<StoryRow>, prepared_on: String) -> InsightsReport {
    let table = |key: &str| find(&page.sections, key).cloned();
    InsightsReport {
        scope: page
            .program_name
            .clone()
            .unwrap_or_else(|| "The whole organisation".into()),
        filters: filters(&page.query),
        period_label: page.period_label.clone(),
        query_string: page.query_string.clone(),
        group_min: page.group_min,
        too_small: page.too_small.clone(),
        headlines: headlines(&page.sections, page.group_min),
        funnel: table("funnel"),
        trend: table("by_round"),
        stories: stories
            .into_iter()
            .map(|s| ReportStory {
                author: s.readers.named().then_some(s.author_name),
                program_name: s.program_name,
                round_number: s.round_number,
                body: s.body,
            })
            .collect(),
        prepared_on,
    }
}

fn filters(q: &InsightQuery) -> Vec<String> {
    let mut out = Vec::new();
    let mut add = |label: &str, value: &str| {
        if !value.trim().is_empty() {
            out.push(format!("{label}: {}", value.trim()));
        }
    };
    add("Department", &q.department);
    add("Location", &q.location);
    add("Level", &q.level);
    let role = EnrollmentRole::parse(&q.role).map(|r| r.label().to_owned());
    add("Role", role.as_deref().unwrap_or(&q.role));
    out
}

fn find<'a>(sections: &'a [InsightSection], key: &str) -> Option<&'a InsightTable> {
    sections
        .iter()
        .flat_map(|s| &s.tables)
        .find(|t| t.key == key)
}

fn cell(table: Option<&InsightTable>, row: usize) -> Option<f64> {
    table?.shown.cells.get(row)?.first().copied()?.figure()
}

/// 12,345
pub fn count(v: f64) -> String {
    let digits = format!("{:.0}", v.max(0.0));
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn share(part: f64, whole: f64) -> Option<String> {
    (whole > 0.0).then(|| format!("{:.0} %", part * 100.0 / whole))
}

/// The figures a reader takes away first, each from a table of the view.
fn headlines(sections: &[InsightSection], k: i64) -> Vec<InsightHeadline> {
    let hidden = format!("Hidden: it would be about fewer than {k} people.");
    let headline = |label: &str, value: Option<String>, note: Option<String>| InsightHeadline {
        label: label.into(),
        note: match &value {
            Some(_) => note.unwrap_or_default(),
            None => hidden.clone(),
        },
        value,
    };
    let funnel = find(sections, "funnel");
    let enrolled = cell(funnel, 1);
    let matched = cell(funnel, 2);
    let met = cell(funnel, 3);
    let still = cell(funnel, 4);
    let ratings = find(sections, "ratings").map(|t| {
        t.shown
            .cells
            .iter()
            .map(|row| row.first().copied().and_then(Shown::figure))
            .collect::<Option<Vec<f64>>>()
    });
    let average = ratings.flatten().and_then(|counts| {
        let n: f64 = counts.iter().sum();
        let sum: f64 = counts
            .iter()
            .enumerate()
            .map(|(i, c)| (i as f64 + 1.0) * c)
            .sum();
        (n > 0.0).then_some((sum / n, n))
    });
    let goals = find(sections, "goals");
    let achieved_row = goals.and_then(|t| {
        t.rows
            .iter()
            .position(|r| r == GoalStatus::Achieved.label())
    });
    let achieved = goals.zip(achieved_row).and_then(|(t, row)| {
        t.shown
            .row_totals
            .as_ref()?
            .get(row)
            .copied()
            .and_then(Shown::figure)
    });
    let goals_total = goals.and_then(|t| t.shown.total).and_then(Shown::figure);
    let of = |part: Option<f64>, whole: Option<f64>, what: &str| {
        part.zip(whole)
            .and_then(|(p, w)| share(p, w))
            .map(|s| format!("{s} of {what}."))
    };
    vec![
        headline("People enrolled", enrolled.map(count), None),
        headline(
            "People matched",
            matched.map(count),
            of(matched, enrolled, "those enrolled"),
        ),
        headline(
            "Met at least once",
            met.map(count),
            of(met, matched, "those matched"),
        ),
        headline(
            "Still meeting as their round ended",
            still.map(count),
            of(still, matched, "those matched"),
        ),
        headline(
            "Average session rating",
            average.map(|(a, _)| format!("{a:.1} out of 5")),
            average.map(|(_, n)| format!("From {} ratings.", count(n))),
        ),
        headline(
            "Goals achieved",
            achieved.map(count),
            of(achieved, goals_total, "the goals shared with admins"),
        ),
    ]
}

fn shown(cell: Option<&Shown>, percent: bool) -> String {
    match cell {
        Some(Shown::Figure(v)) if percent => format!("{v:.0} %"),
        Some(Shown::Figure(v)) => format!("{v:.1}"),
        _ => "hidden".into(),
    }
}

/// The report as a PDF.
pub fn pdf(r: &InsightsReport) -> Result<Vec<u8>, AppError> {
    let mut p = Flow::new();
    p.y += 20.0;
    p.page.text(
        MARGIN,
        p.y,
        Style::new(11.0).bold().color(ACCENT),
        "TANDEM · MENTORING REPORT",
    );
    p.y += 30.0;
    p.paragraph(Style::new(24.0).bold().color(INK), &r.scope);
    p.paragraph(Style::new(12.0).color(MUTED), &r.period_label);
    if !r.filters.is_empty() {
        p.paragraph(Style::new(10.0).color(MUTED), &r.filters.join(" · "));
    }
    p.paragraph(
        Style::new(9.0).color(MUTED),
        &format!(
            "Prepared on {}. Figures that would be about fewer than {} people are hidden.",
            r.prepared_on, r.group_min
        ),
    );
    if let Some(why) = &r.too_small {
        p.heading("Figures");
        p.paragraph(Style::new(11.0).color(INK), why);
    } else {
        p.heading("Headlines");
        headline_grid(&mut p, &r.headlines);
        if let Some(funnel) = &r.funnel {
            p.heading(&funnel.title);
            funnel_bars(&mut p, funnel);
        }
        if let Some(trend) = r.trend.as_ref().filter(|t| !t.rows.is_empty()) {
            p.heading(&trend.title);
            trend_table(&mut p, trend);
        }
    }
    if !r.stories.is_empty() {
        p.heading("In their words");
        for s in &r.stories {
            p.room(60.0);
            p.paragraph(Style::new(11.0).color(INK), &format!("“{}”", s.body.trim()));
            p.y += 2.0;
            p.paragraph(Style::new(9.5).color(MUTED), &s.attribution());
            p.y += 12.0;
        }
    }
    let title = format!("Mentoring report: {}, {}", r.scope, r.period_label);
    Ok(pdf::document(&title, &p.finish())?)
}

fn headline_grid(p: &mut Flow, headlines: &[InsightHeadline]) {
    let gap = 12.0;
    let w = (p.width() - gap) / 2.0;
    let h = 70.0;
    for pair in headlines.chunks(2) {
        p.room(h + gap);
        for (i, hl) in pair.iter().enumerate() {
            let x = MARGIN + i as f32 * (w + gap);
            p.page.rect(x, p.y, w, h, "#f3f5f9", Some(RULE));
            p.page.text(
                x + 12.0,
                p.y + 18.0,
                Style::new(9.5).color(MUTED),
                &hl.label,
            );
            let value = hl.value.as_deref().unwrap_or("Hidden");
            p.page.text(
                x + 12.0,
                p.y + 43.0,
                Style::new(20.0).bold().color(INK),
                value,
            );
            let note = pdf::wrap(&hl.note, Style::new(8.0), w - 24.0);
            if let Some(first) = note.first() {
                p.page
                    .text(x + 12.0, p.y + 60.0, Style::new(8.0).color(MUTED), first);
            }
        }
        p.y += h + gap;
    }
}

fn funnel_bars(p: &mut Flow, t: &InsightTable) {
    let label_w = 190.0;
    let bar_max = p.width() - label_w - 60.0;
    let max = t
        .shown
        .cells
        .iter()
        .filter_map(|r| r.first().copied().and_then(Shown::figure))
        .fold(0.0_f64, f64::max);
    for (row, label) in t.rows.iter().enumerate() {
        p.room(22.0);
        let value = cell(Some(t), row);
        p.page
            .text(MARGIN, p.y + 12.0, Style::new(9.5).color(INK), label);
        if let Some(v) = value {
            let w = if max > 0.0 {
                (v / max) as f32 * bar_max
            } else {
                0.0
            };
            p.page
                .rect(MARGIN + label_w, p.y + 2.0, w.max(1.0), 13.0, ACCENT, None);
            p.page.text(
                MARGIN + label_w + w + 6.0,
                p.y + 12.0,
                Style::new(9.5).bold().color(INK),
                &count(v),
            );
        } else {
            p.page.text(
                MARGIN + label_w,
                p.y + 12.0,
                Style::new(9.5).color(MUTED),
                "hidden",
            );
        }
        p.y += 20.0;
    }
}

fn trend_table(p: &mut Flow, t: &InsightTable) {
    let columns = [MARGIN, MARGIN + 150.0, MARGIN + 300.0];
    p.room(40.0);
    p.page.text(
        columns[0],
        p.y,
        Style::new(9.5).bold().color(MUTED),
        "Round",
    );
    for (i, c) in t.columns.iter().take(2).enumerate() {
        p.page
            .text(columns[i + 1], p.y, Style::new(9.5).bold().color(MUTED), c);
    }
    p.y += 16.0;
    // The latest rounds tell the trend; a long-running program keeps to one page.
    let skip = t.rows.len().saturating_sub(24);
    for (row, label) in t.rows.iter().enumerate().skip(skip) {
        p.room(16.0);
        let cells = t.shown.cells.get(row);
        p.page
            .text(columns[0], p.y, Style::new(9.5).color(INK), label);
        for i in 0..2 {
            let value = shown(cells.and_then(|c| c.get(i)), i == 1);
            p.page
                .text(columns[i + 1], p.y, Style::new(9.5).color(INK), &value);
        }
        p.y += 15.0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Disclosed;
    use crate::models::{InsightChart, InsightUnit};

    fn table(key: &str, rows: &[&str], cells: Vec<Shown>) -> InsightTable {
        InsightTable {
            key: key.into(),
            title: key.into(),
            note: String::new(),
            rows: rows.iter().map(|r| (*r).to_owned()).collect(),
            columns: vec!["n".into()],
            unit: InsightUnit::Count,
            chart: InsightChart::Bars,
            shown: Disclosed {
                cells: cells.into_iter().map(|c| vec![c]).collect(),
                row_totals: None,
                column_totals: None,
                total: None,
            },
        }
    }

    #[test]
    fn headlines_read_the_views_figures_and_hide_what_it_hides() {
        use Shown::{Figure, Hidden};
        let funnel = table(
            "funnel",
            &["Eligible", "Enrolled", "Matched", "Met", "Still"],
            vec![
                Figure(2000.0),
                Figure(1250.0),
                Figure(1000.0),
                Figure(820.0),
                Hidden,
            ],
        );
        let ratings = table(
            "ratings",
            &["1", "2", "3", "4", "5"],
            vec![
                Figure(0.0),
                Figure(0.0),
                Figure(10.0),
                Figure(20.0),
                Figure(10.0),
            ],
        );
        let sections = vec![InsightSection {
            key: "all".into(),
            title: "All".into(),
            tables: vec![funnel, ratings],
        }];
        let h = headlines(&sections, 5);
        let get = |label: &str| h.iter().find(|x| x.label == label).unwrap();
        assert_eq!(get("People enrolled").value.as_deref(), Some("1,250"));
        assert_eq!(get("People matched").note, "80 % of those enrolled.");
        assert_eq!(get("Met at least once").value.as_deref(), Some("820"));
        assert_eq!(get("Met at least once").note, "82 % of those matched.");
        let still = get("Still meeting as their round ended");
        assert_eq!(still.value, None);
        assert!(still.note.contains("fewer than 5 people"));
        assert_eq!(
            get("Average session rating").value.as_deref(),
            Some("4.0 out of 5")
        );
        assert_eq!(get("Average session rating").note, "From 40 ratings.");
        // No goals table in this view: nothing to say, so hidden rather than made up.
        assert_eq!(get("Goals achieved").value, None);
    }

    #[test]
    fn counts_carry_thousands_separators() {
        assert_eq!(count(0.0), "0");
        assert_eq!(count(999.0), "999");
        assert_eq!(count(1000.0), "1,000");
        assert_eq!(count(1234567.0), "1,234,567");
    }

    #[test]
    fn a_nameless_story_names_no_one() {
        let mut s = ReportStory {
            program_name: "Platform guild".into(),
            round_number: 3,
            author: None,
            body: "It helped.".into(),
        };
        assert_eq!(s.attribution(), "A participant in Platform guild, round 3");
        s.author = Some("Ana Lee".into());
        assert_eq!(s.attribution(), "Ana Lee, Platform guild, round 3");
    }
}
