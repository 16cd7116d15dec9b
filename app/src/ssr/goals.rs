//! Goal boards on the server: who may read a goal, the owner's changes, check-ins, partners'
//! comments, the dashboard's reminders and the figures program admins see.
//!
//! Reading is decided in one place, [`open`]: the owner always; a current partner when the
//! goal is shared with the match; a program admin only when it is shared with admins too.
//! Anyone else gets the same "not found" as for a goal that does not exist, so an id reveals
//! nothing.

use super::clock::{today_in, zone_or_utc};
use super::storage::{CheckInRefusal, GoalRow};
use super::AppState;
use crate::domain::{
    freshness, goal_template, metric_progress, milestone_progress, percent, Amount, CheckInInput,
    Direction, Freshness, GoalCategory, GoalInput, GoalSpec, GoalStatus, MeasureKind, Role,
    Visibility, GOAL_TEMPLATES,
};
use crate::error::AppError;
use crate::models::{
    CheckInView, CommentView, DashboardGoals, GoalBoard, GoalCard, GoalColumn, GoalFormPage,
    GoalPage, MilestoneView, ProgramActivity, User, FEEDBACK_MIN,
};
use std::collections::HashMap;

/// How someone may use a goal they can read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Owner,
    Partner,
    Admin,
}

fn not_found() -> AppError {
    AppError::NotFound("There is no such goal, or it is not shared with you.".into())
}

/// The people `user` is matched with in a program's newest published round.
pub async fn partners(
    state: &AppState,
    program_id: i64,
    user_id: i64,
) -> Result<Vec<i64>, AppError> {
    let groups = state.db.my_groups(program_id, user_id).await?;
    let mut ids: Vec<i64> = groups
        .into_iter()
        .flat_map(|(_, groups)| groups.into_iter().flat_map(|g| g.members))
        .filter(|id| *id != user_id)
        .collect();
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

async fn runs_program(state: &AppState, user: &User, program_id: i64) -> Result<bool, AppError> {
    Ok(user.role == Role::OrgAdmin
        || (user.role == Role::ProgramAdmin
            && state.db.is_program_admin(program_id, user.id).await?))
}

/// A goal `user` may read, and how.
pub async fn open(state: &AppState, user: &User, id: i64) -> Result<(GoalRow, Access), AppError> {
    let goal = state.db.goal(id).await?.ok_or_else(not_found)?;
    if goal.owner_id == user.id {
        return Ok((goal, Access::Owner));
    }
    let visibility = goal.visibility;
    if visibility != Visibility::Private
        && partners(state, goal.program_id, goal.owner_id)
            .await?
            .contains(&user.id)
    {
        return Ok((goal, Access::Partner));
    }
    if visibility == Visibility::MatchAdmins && runs_program(state, user, goal.program_id).await? {
        return Ok((goal, Access::Admin));
    }
    Err(not_found())
}

async fn own(state: &AppState, user: &User, id: i64) -> Result<GoalRow, AppError> {
    match open(state, user, id).await? {
        (goal, Access::Owner) => Ok(goal),
        _ => Err(AppError::Forbidden),
    }
}

/// A goal's progress from 0 to 1 and its summary in words.
fn progress(goal: &GoalRow) -> (f64, String) {
    if goal.measure == MeasureKind::Milestones {
        (
            milestone_progress(
                goal.milestones_done as usize,
                goal.milestones_total as usize,
            ),
            format!(
                "{} of {} milestones",
                goal.milestones_done, goal.milestones_total
            ),
        )
    } else {
        let (baseline, target) = (
            Amount(goal.baseline.unwrap_or_default()),
            Amount(goal.target.unwrap_or_default()),
        );
        let current = goal.last_value.map(Amount);
        let summary = match current {
            Some(v) => format!("{v} {}, target {target}", goal.unit),
            None => format!("No check-in yet; target {target} {}", goal.unit),
        };
        (metric_progress(baseline, target, current), summary)
    }
}

pub fn card(goal: &GoalRow, program_name: &str, now: i64) -> GoalCard {
    let status = goal.status;
    let (fraction, summary) = progress(goal);
    GoalCard {
        id: goal.id,
        title: goal.title.clone(),
        category: goal.category,
        status,
        visibility: goal.visibility,
        percent: percent(fraction),
        summary,
        freshness: freshness(
            status,
            goal.last_check_in_at.unwrap_or(goal.created_at),
            now,
        ),
        due_on: goal.due_on.clone(),
        program_name: program_name.to_owned(),
    }
}

/// The programs someone has a board in: those they joined, and any they keep goals in.
async fn board_programs(state: &AppState, user: &User) -> Result<Vec<(i64, String)>, AppError> {
    let mut ids: Vec<i64> = state
        .db
        .enrollments_of(user.id)
        .await?
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    for program in state.db.goal_programs(user.id).await? {
        if !ids.contains(&program) {
            ids.push(program);
        }
    }
    let mut out = Vec::new();
    for id in ids {
        if let Some(p) = state.db.program(id).await? {
            out.push((id, p.name));
        }
    }
    Ok(out)
}

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
        let at = super::storage::now();
        for goal in state.db.goals_of(user.id, *id).await? {
            let card = card(&goal, name, at);
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
    input
        .parse(today_in(zone_or_utc(&user.time_zone)), keep_due)
        .map_err(|e| AppError::invalid(e.field, e.message))
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

/// Moves the owner's goal to `status` at `position` in its column.
pub async fn move_to(
    state: &AppState,
    user: &User,
    id: i64,
    status: &str,
    position: i64,
) -> Result<(), AppError> {
    let status = GoalStatus::parse(status).ok_or_else(|| {
        AppError::invalid(
            "status",
            format!("{status:?} is not a column of the board."),
        )
    })?;
    own(state, user, id).await?;
    state.db.move_goal(id, status, position).await?;
    Ok(())
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
    let spec = input
        .parse(metric, today_in(zone_or_utc(&user.time_zone)))
        .map_err(|e| AppError::invalid(e.field, e.message))?;
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

/// A comment from a partner the goal is shared with, or the owner's reply.
pub async fn comment(state: &AppState, user: &User, id: i64, body: &str) -> Result<(), AppError> {
    let (_, access) = open(state, user, id).await?;
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
    Ok(())
}

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
        .map(|t| t.format("%-d %b %Y, %H:%M").to_string())
        .unwrap_or_default()
}

/// A goal's page for whoever may read it.
pub async fn page(state: &AppState, user: &User, id: i64) -> Result<GoalPage, AppError> {
    let (goal, access) = open(state, user, id).await?;
    let program_name = super::programs::name_of(state, goal.program_id).await?;
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
        card: card(&goal, &program_name, super::storage::now()),
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

/// The dashboard's reminders: goals due a check-in, stale goals, and the next session.
pub async fn dashboard(state: &AppState, user: &User) -> Result<DashboardGoals, AppError> {
    let at = super::storage::now();
    let names: Vec<(i64, String)> = board_programs(state, user).await?;
    let mut due = Vec::new();
    let mut stale = Vec::new();
    let mut open_goals = 0;
    for goal in state.db.all_goals_of(user.id).await? {
        let card = card(
            &goal,
            names
                .iter()
                .find(|(id, _)| *id == goal.program_id)
                .map_or("", |(_, name)| name.as_str()),
            at,
        );
        if matches!(card.status, GoalStatus::Planned | GoalStatus::InProgress) {
            open_goals += 1;
        }
        match card.freshness {
            Freshness::Due => due.push(card),
            Freshness::Stale => stale.push(card),
            Freshness::Fresh => {}
        }
    }
    let mut pair_programs = Vec::new();
    for (id, name) in &names {
        if !partners(state, *id, user.id).await?.is_empty() {
            pair_programs.push((*id, name.clone()));
        }
    }
    Ok(DashboardGoals {
        next_session: super::pairs::next_session(state, user).await?,
        to_record: super::pairs::to_record(state, user).await?,
        pair_programs,
        due,
        stale,
        open_goals,
    })
}

/// A program's goals and sessions in figures, for those who run it.
pub async fn activity(
    state: &AppState,
    user: &User,
    program_id: i64,
) -> Result<ProgramActivity, AppError> {
    if !runs_program(state, user, program_id).await? {
        return Err(AppError::Forbidden);
    }
    let program = state
        .db
        .program(program_id)
        .await?
        .ok_or_else(|| AppError::NotFound("There is no such program.".into()))?;
    let goals_by_status = state
        .db
        .admin_goal_counts(program_id)
        .await?
        .into_iter()
        .filter_map(|(s, n)| Some((GoalStatus::parse(&s)?, n)))
        .collect();
    let at = super::storage::now();
    let names: HashMap<i64, String> = state
        .db
        .enrollments(program_id)
        .await?
        .into_iter()
        .map(|e| (e.user_id, e.name))
        .collect();
    let owners: Vec<i64> = names.keys().copied().collect();
    let shared_goals = state
        .db
        .shared_goals(program_id, &owners, Visibility::MatchAdmins)
        .await?
        .iter()
        .map(|g| {
            (
                names.get(&g.owner_id).cloned().unwrap_or_default(),
                card(g, &program.name, at),
            )
        })
        .collect();
    let counts = state.db.session_counts(program_id).await?;
    let enough = counts.ratings >= FEEDBACK_MIN;
    Ok(ProgramActivity {
        goals_by_status,
        shared_goals,
        sessions_planned: counts.planned,
        sessions_held: counts.held,
        sessions_not_held: counts.not_held,
        ratings: counts.ratings,
        average_rating: enough.then(|| counts.rating_sum as f64 / counts.ratings as f64),
        comments: if enough {
            state.db.session_feedback_comments(program_id).await?
        } else {
            Vec::new()
        },
    })
}
