//! A goal's page, for whoever may read it: its measure, check-ins, chart and comments.

use super::{open, Access};
use crate::domain::{Amount, GoalInput, MeasureKind};
use crate::error::AppError;
use crate::models::{CheckInView, CommentView, GoalPage, MilestoneView, User};
use crate::ssr::storage::now;
use crate::ssr::support::clock::zone_or_utc;
use crate::ssr::AppState;

fn day_number(iso: &str) -> Option<i64> {
    let d = time::Date::parse(
        iso,
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .ok()?;
    Some((d - time::Date::from_calendar_date(1970, time::Month::January, 1).ok()?).whole_days())
}

fn short_time(at: i64, zone: &str) -> String {
    use chrono::TimeZone;
    zone_or_utc(zone)
        .timestamp_opt(at, 0)
        .single()
        .map(|t| t.format(crate::domain::dates::MOMENT_CHRONO).to_string())
        .unwrap_or_default()
}

/// A goal's page for whoever may read it.
pub async fn page(state: &AppState, user: &User, id: i64) -> Result<GoalPage, AppError> {
    let (goal, access) = open(state, user, id).await?;
    let program_name = state.db.program_name(goal.program_id).await?;
    let owner_name = match access {
        Access::Owner => user.name.clone(),
        _ => state
            .db
            .user_by_id(goal.owner_id)
            .await?
            .map(|u| u.name)
            .unwrap_or_default(),
    };
    let metric = goal.measure == MeasureKind::Metric;
    let milestones = state.db.milestones(id).await?;
    let total = milestones.len();
    let check_ins = state.db.check_ins(id).await?;
    let value_words = |v: i64| {
        if metric {
            format!("{} {}", Amount(v), goal.unit)
        } else {
            format!("{} of {total} milestones", v / 1000)
        }
    };
    let points = check_ins
        .iter()
        .filter_map(|c| Some((day_number(&c.checked_on)?, Amount(c.value).as_f64())))
        .collect();
    let chart_range = if metric {
        (
            Amount(goal.baseline.unwrap_or_default()).as_f64(),
            Amount(goal.target.unwrap_or_default()).as_f64(),
        )
    } else {
        (0.0, total as f64)
    };
    let comments = state
        .db
        .goal_comments(id)
        .await?
        .into_iter()
        .map(|c| CommentView {
            author: c.author,
            body: c.body,
            when: short_time(c.created_at, &user.time_zone),
        })
        .collect();
    let form = (access == Access::Owner).then(|| GoalInput {
        title: goal.title.clone(),
        why: goal.why.clone(),
        category: goal.category.as_str().to_owned(),
        due_on: goal.due_on.clone().unwrap_or_default(),
        measure: goal.measure.as_str().to_owned(),
        unit: goal.unit.clone(),
        baseline: goal
            .baseline
            .map(|b| Amount(b).to_string())
            .unwrap_or_default(),
        target: goal
            .target
            .map(|t| Amount(t).to_string())
            .unwrap_or_default(),
        direction: goal
            .direction
            .map(|d| d.as_str().to_owned())
            .unwrap_or_default(),
        milestones: milestones
            .iter()
            .map(|m| m.title.clone())
            .collect::<Vec<_>>()
            .join("\n"),
        visibility: goal.visibility.as_str().to_owned(),
    });
    Ok(GoalPage {
        card: goal.card(&program_name, now()),
        program_id: goal.program_id,
        owner_name,
        why: goal.why.clone(),
        measure: if metric {
            MeasureKind::Metric
        } else {
            MeasureKind::Milestones
        },
        unit: goal.unit.clone(),
        baseline: goal.baseline.map(|b| Amount(b).to_string()),
        target: goal.target.map(|t| Amount(t).to_string()),
        direction: goal
            .direction
            .map(|d| d.label().to_owned())
            .unwrap_or_default(),
        milestones: milestones
            .into_iter()
            .map(|m| MilestoneView {
                id: m.id,
                title: m.title,
                done: m.done != 0,
            })
            .collect(),
        check_ins: check_ins
            .iter()
            .map(|c| CheckInView {
                checked_on: c.checked_on.clone(),
                value: value_words(c.value),
                note: c.note.clone(),
                confidence: c.confidence,
            })
            .collect(),
        points,
        chart_range,
        comments,
        mine: access == Access::Owner,
        can_comment: access != Access::Admin,
        form,
    })
}
