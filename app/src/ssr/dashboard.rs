//! The dashboard, composed from the features: each joined program's onboarding checklist and
//! match card, the programs open to join, the next pair session, sessions waiting to be
//! recorded, goals due a check-in and the next meetups. No feature assembles another's part
//! of it.

use super::{events, goals, pairs, rounds, AppState};
use crate::domain::{is_complete, Freshness, GoalStatus, ProgramState};
use crate::error::AppError;
use crate::models::{DashboardGoals, DashboardPrograms, EventSummary, Onboarding, User};
use crate::ssr::storage::now;

/// The dashboard's programs: an onboarding checklist per joined program, and the programs open
/// for enrollment that this person may join.
pub async fn programs(state: &AppState, user: &User) -> Result<DashboardPrograms, AppError> {
    let db = &state.db;
    let mut onboarding = Vec::new();
    let mut matches = Vec::new();
    let joined = db.enrollments_of(user.id).await?;
    for (program_id, enrollment) in &joined {
        let Some(program) = db.program(*program_id).await? else {
            continue;
        };
        let questions = db.questions(program.id).await?;
        let card = rounds::match_card(state, user, program.id).await?;
        onboarding.push(Onboarding {
            program_id: program.id,
            program_name: program.name,
            program_state: program.state,
            status: enrollment.status,
            guidelines_read: db.guidelines_read(program.id, user.id).await?,
            profile_gaps: user.profile_gaps(),
            survey_complete: is_complete(&questions, &enrollment.answers),
            matched: card.is_some(),
            meeting_booked: card.is_some() && db.has_accepted_session(program.id, user.id).await?,
        });
        matches.extend(card);
    }
    let open = db
        .programs(false)
        .await?
        .into_iter()
        .filter(|p| p.state == ProgramState::Enrolling)
        .filter(|p| !joined.iter().any(|(id, _)| *id == p.id))
        .filter(|p| {
            p.eligibility_problem(&user.department, user.level)
                .is_none()
        })
        .collect();
    Ok(DashboardPrograms {
        matches,
        onboarding,
        open,
    })
}

/// The dashboard's reminders: goals due a check-in, stale goals, and the next session.
pub async fn reminders(state: &AppState, user: &User) -> Result<DashboardGoals, AppError> {
    let at = now();
    let names: Vec<(i64, String)> = goals::board_programs(state, user).await?;
    let mut due = Vec::new();
    let mut stale = Vec::new();
    let mut open_goals = 0;
    for goal in state.db.all_goals_of(user.id).await? {
        let program_name = names
            .iter()
            .find(|(id, _)| *id == goal.program_id)
            .map_or("", |(_, name)| name.as_str());
        let card = goal.card(program_name, at);
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
        if !state.db.partners_of(*id, user.id).await?.is_empty() {
            pair_programs.push((*id, name.clone()));
        }
    }
    Ok(DashboardGoals {
        next_session: pairs::next_session(state, user).await?,
        to_record: pairs::to_record(state, user).await?,
        pair_programs,
        due,
        stale,
        open_goals,
    })
}

/// How many meetups the dashboard lists; the events page has the rest.
const MEETUPS_SHOWN: usize = 3;

/// The next meetups open to this person, with their answer to each.
pub async fn meetups(state: &AppState, user: &User) -> Result<Vec<EventSummary>, AppError> {
    events::next(state, user, MEETUPS_SHOWN).await
}
