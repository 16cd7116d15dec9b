//! How a goal's progress is shown: its badges, a meter, and a chart over time drawn as SVG on
//! the server, so it reads without JavaScript and scales to a phone.

use crate::domain::{Chart, Freshness};
use crate::models::GoalCard;
use leptos::prelude::*;

/// Category, who can see it, whether it needs a check-in, and when it is due.
#[component]
pub fn GoalMeta(g: GoalCard) -> impl IntoView {
    view! {
        <p class="goal-meta small">
            <span class="badge">{g.category.label()}</span>
            <span class="badge badge-quiet">{g.visibility.label()}</span>
            {match g.freshness {
                Freshness::Stale => Some(view! { <span class="badge badge-warn">"Stale: no check-in for 3 weeks"</span> }),
                Freshness::Due => Some(view! { <span class="badge badge-due">"Check-in due"</span> }),
                Freshness::Fresh => None,
            }}
            {g.due_on.map(|d| view! { <span class="muted">{format!("Due {}", crate::domain::dates::iso_day(&d))}</span> })}
        </p>
    }
}

/// A progress bar. A native `<progress>` so screen readers announce the value and no inline
/// style is needed.
#[component]
pub fn ProgressMeter(percent: i64, label: String) -> impl IntoView {
    view! {
        <progress class="meter" max="100" value=percent.to_string() aria-label=format!("Progress of {label}: {percent}%")>
            {format!("{percent}%")}
        </progress>
    }
}

/// Readable day label of a day number (days since 1970-01-01): "3 Dec".
fn day_label(day: i64) -> String {
    let date = time::Date::from_calendar_date(1970, time::Month::January, 1)
        .ok()
        .and_then(|d| d.checked_add(time::Duration::days(day)));
    match date {
        Some(d) => format!("{} {}", d.day(), &format!("{}", d.month())[..3]),
        None => String::new(),
    }
}

/// Values over time with the target line; `range` is (baseline, target).
#[component]
pub fn ProgressChart(
    points: Vec<(i64, f64)>,
    range: (f64, f64),
    unit: String,
    title: String,
) -> impl IntoView {
    if points.is_empty() {
        return view! { <p class="muted">"The chart appears after the first check-in."</p> }
            .into_any();
    }
    let chart = Chart::new(&points, range.0, range.1);
    let last = points.last().map(|p| p.1).unwrap_or_default();
    let summary = format!(
        "Chart of {title}: {} check-ins, latest {last} {unit}, target {} {unit}.",
        points.len(),
        range.1
    );
    let (left, right, top, bottom) = (chart.left, chart.right, chart.top, chart.bottom);
    view! {
        <figure class="chart">
            <svg viewBox=format!("0 0 {} {}", crate::domain::CHART_WIDTH, crate::domain::CHART_HEIGHT) role="img" aria-label=summary>
                {chart.y_ticks.iter().map(|t| view! {
                    <line class="grid" x1=left.to_string() x2=right.to_string() y1=format!("{:.1}", t.at) y2=format!("{:.1}", t.at) />
                    <text class="tick" x=(left - 8.0).to_string() y=format!("{:.1}", t.at + 4.0) text-anchor="end">{t.label.clone()}</text>
                }).collect_view()}
                {chart.x_ticks.iter().map(|(x, day)| view! {
                    <text class="tick" x=format!("{x:.1}") y=(bottom + 20.0).to_string() text-anchor="middle">{day_label(*day)}</text>
                }).collect_view()}
                <line class="axis" x1=left.to_string() x2=left.to_string() y1=top.to_string() y2=bottom.to_string() />
                <line class="axis" x1=left.to_string() x2=right.to_string() y1=bottom.to_string() y2=bottom.to_string() />
                <line class="target" x1=left.to_string() x2=right.to_string() y1=format!("{:.1}", chart.target_y) y2=format!("{:.1}", chart.target_y) />
                <text class="target-label" x=(right - 4.0).to_string() y=format!("{:.1}", chart.target_y - 6.0) text-anchor="end">"Target"</text>
                <polyline class="line" points=chart.polyline() />
                {chart.points.iter().map(|p| view! {
                    <circle class="dot" cx=format!("{:.1}", p.x) cy=format!("{:.1}", p.y) r="5">
                        <title>{format!("{}: {} {unit}", day_label(p.day), p.value)}</title>
                    </circle>
                }).collect_view()}
            </svg>
            <figcaption class="muted small">{format!("Dashed line: the target, {} {unit}.", range.1)}</figcaption>
        </figure>
    }
    .into_any()
}
