//! A person's goal board: their goals by column, and what the owner changes.

use super::{board_programs, not_found, open, own, Access};
use crate::domain::{
    goal_template, Amount, CheckInInput, Direction, GoalCategory, GoalInput, GoalSpec, GoalStatus,
    MeasureKind, Visibility, GOAL_TEMPLATES,
};
use crate::error::AppError;
use crate::models::{GoalBoard, GoalColumn, GoalFormPage, User};
use crate::ssr::storage::now;
use crate::ssr::storage::CheckInRefusal;
use crate::ssr::support::clock::{today_in, zone_or_utc};
use crate::ssr::AppState;

/// My board in `program` (the first I joined when `None`).
pub async fn board(
    state: &AppState,
    user: &User,
    program: Option<i64>,
) -> Result<GoalBoard, AppError> {
    let programs = board_programs(state, user).await?;
    let chosen = match program {
        Some(id) => Some(
            programs
                .iter()
                .find(|(p, _)| *p == id)
                .ok_or_else(|| {
                    AppError::NotFound("You have no goal board in that program.".into())
                })?
                .clone(),
        ),
        None => programs.first().cloned(),
    };
    let mut columns: Vec<GoalColumn> = GoalStatus::ALL
        .iter()
        .map(|s| GoalColumn {
            status: *s,
            goals: Vec::new(),
        })
        .collect();
    if let Some((id, name)) = &chosen {
        let at = now();
        for goal in state.db.goals_of(user.id, *id).await? {
            let card = goal.card(name, at);
            if let Some(column) = columns.iter_mut().find(|c| c.status == card.status) {
                column.goals.push(card);
            }
        }
    }
    Ok(GoalBoard {
        programs,
        program_id: chosen.map(|(id, _)| id),
        columns,
    })
}

/// The new-goal form, started from a template when one is named.
pub async fn form_page(
    state: &AppState,
    user: &User,
    program: Option<i64>,
    template: Option<String>,
) -> Result<GoalFormPage, AppError> {
    let programs: Vec<(i64, String)> = joined(state, user).await?;
    let mut input = GoalInput {
        category: GoalCategory::Skill.as_str().into(),
        measure: MeasureKind::Metric.as_str().into(),
        direction: Direction::Up.as_str().into(),
        visibility: Visibility::Match.as_str().into(),
        ..Default::default()
    };
    if let Some(t) = template.as_deref().and_then(goal_template) {
        input = GoalInput {
            title: t.title.into(),
            why: t.why.into(),
            category: t.category.as_str().into(),
            measure: t.measure.as_str().into(),
            unit: t.unit.into(),
            baseline: t.baseline.into(),
            target: t.target.into(),
            milestones: t.milestones.into(),
            ..input
        };
        if let (Some(b), Some(t)) = (Amount::parse(t.baseline), Amount::parse(t.target)) {
            input.direction = if t < b { "down" } else { "up" }.into();
        }
    }
    Ok(GoalFormPage {
        program_id: program.filter(|p| programs.iter().any(|(id, _)| id == p)),
        programs,
        input,
        templates: GOAL_TEMPLATES
            .iter()
            .map(|t| (t.key.to_owned(), t.category.label().to_owned()))
            .collect(),
    })
}

/// Programs someone is enrolled in (not left), where new goals can go.
async fn joined(state: &AppState, user: &User) -> Result<Vec<(i64, String)>, AppError> {
    let mut out = Vec::new();
    for (id, _) in state.db.enrollments_of(user.id).await? {
        if let Some(p) = state.db.program(id).await? {
            out.push((id, p.name));
        }
    }
    Ok(out)
}

fn date_of(raw: &Option<String>) -> Option<time::Date> {
    raw.as_deref().and_then(|d| {
        time::Date::parse(d, time::macros::format_description!("[year]-[month]-[day]")).ok()
    })
}

fn parse_goal(
    user: &User,
    input: &GoalInput,
    keep_due: Option<time::Date>,
) -> Result<GoalSpec, AppError> {
    Ok(input.parse(today_in(zone_or_utc(&user.time_zone)), keep_due)?)
}

/// Creates a goal (no `id`) in `program_id`, or changes the owner's goal.
pub async fn save(
    state: &AppState,
    user: &User,
    id: Option<i64>,
    program_id: Option<i64>,
    input: &GoalInput,
) -> Result<i64, AppError> {
    match id {
        None => {
            let program =
                program_id.ok_or_else(|| AppError::invalid("program_id", "Choose a program."))?;
            if !joined(state, user)
                .await?
                .iter()
                .any(|(p, _)| *p == program)
            {
                return Err(AppError::invalid(
                    "program_id",
                    "You can set goals only in programs you have joined.",
                ));
            }
            let spec = parse_goal(user, input, None)?;
            Ok(state.db.create_goal(user.id, program, &spec).await?)
        }
        Some(id) => {
            let goal = own(state, user, id).await?;
            let spec = parse_goal(user, input, date_of(&goal.due_on))?;
            state.db.update_goal(id, &spec).await?;
            Ok(id)
        }
    }
}

/// Moves the owner's goal to `status` at `position` in its column; returns its program.
pub async fn move_to(
    state: &AppState,
    user: &User,
    id: i64,
    status: &str,
    position: i64,
) -> Result<i64, AppError> {
    let status = GoalStatus::parse(status).ok_or_else(|| {
        AppError::invalid(
            "status",
            format!("{status:?} is not a column of the board."),
        )
    })?;
    let goal = own(state, user, id).await?;
    state.db.move_goal(id, status, position).await?;
    Ok(goal.program_id)
}

/// Records a check-in on the owner's goal.
pub async fn check_in(
    state: &AppState,
    user: &User,
    id: i64,
    input: &CheckInInput,
) -> Result<(), AppError> {
    let goal = own(state, user, id).await?;
    let metric = goal.measure == MeasureKind::Metric;
    let spec = input.parse(metric, today_in(zone_or_utc(&user.time_zone)))?;
    if !metric {
        let milestones = state.db.milestones(id).await?;
        if let Some(m) = spec
            .done
            .iter()
            .find(|m| !milestones.iter().any(|x| x.id == **m))
        {
            return Err(AppError::invalid(
                "done",
                format!("Milestone {m} is not one of this goal's."),
            ));
        }
    }
    match state.db.add_check_in(id, &spec).await? {
        Ok(_) => Ok(()),
        Err(CheckInRefusal::NoSuchGoal) => Err(not_found()),
        Err(CheckInRefusal::Dropped) => Err(AppError::invalid(
            "value",
            "This goal is dropped, so it takes no check-ins. Move it back to In progress first.",
        )),
    }
}

/// A comment from a partner the goal is shared with, or the owner's reply; returns the goal's
/// program.
pub async fn comment(state: &AppState, user: &User, id: i64, body: &str) -> Result<i64, AppError> {
    let (goal, access) = open(state, user, id).await?;
    if access == Access::Admin {
        return Err(AppError::Forbidden);
    }
    let body = body.trim();
    if body.is_empty() {
        return Err(AppError::invalid("body", "Write a comment first."));
    }
    if body.chars().count() > 2_000 {
        return Err(AppError::invalid("body", "Use at most 2000 characters."));
    }
    state.db.add_goal_comment(id, user.id, body).await?;
    Ok(goal.program_id)
}
