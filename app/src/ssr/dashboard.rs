//! The dashboard, composed from the features: each joined program's onboarding checklist and
//! match card, the programs open to join, the next pair session, sessions waiting to be
//! recorded, goals due a check-in and the next meetups. No feature assembles another's part
//! of it.

use super::{events, goals, pairs, rounds, AppState};
use crate::domain::{is_complete, Freshness, GoalStatus, ProgramState, Question};
use crate::error::AppError;
use crate::models::{DashboardGoals, DashboardPrograms, EventSummary, Onboarding, Program, User};
use crate::ssr::storage::now;

/// The dashboard's programs: an onboarding checklist per joined program, and the programs open
/// for enrollment that this person may join. It is read on every visit, so the reads are the
/// same however many programs someone joined (but one per partner): each asks for all of them.
/// They all run on one connection ([`AppState::holding`]), taken from the pool once.
pub async fn programs(state: &AppState, user: &User) -> Result<DashboardPrograms, AppError> {
    let state = &state.holding().await?;
    let db = &state.db;
    let joined = db.enrollments_of(user.id).await?;
    let listed = db.programs_open_or_joined(user.id).await?;
    let joined_programs: Vec<&Program> = joined
        .iter()
        .filter_map(|(id, _)| listed.iter().find(|p| p.id == *id))
        .collect();
    let cards = rounds::match_cards(state, user, &joined_programs).await?;
    let questions = db.questions_of_joined(user.id).await?;
    let guidelines_read = db.guidelines_read_programs(user.id).await?;
    let booked = if cards.is_empty() {
        Vec::new()
    } else {
        db.programs_with_accepted_session(user.id).await?
    };
    let mut onboarding = Vec::new();
    for (program_id, enrollment) in &joined {
        let Some(program) = joined_programs.iter().find(|p| p.id == *program_id) else {
            continue;
        };
        let survey: Vec<Question> = questions
            .iter()
            .filter(|(id, _)| id == program_id)
            .map(|(_, q)| q.clone())
            .collect();
        let matched = cards.iter().any(|c| c.program_id == program.id);
        onboarding.push(Onboarding {
            program_id: program.id,
            program_name: program.name.clone(),
            program_state: program.state,
            status: enrollment.status,
            guidelines_read: guidelines_read.contains(&program.id),
            profile_gaps: user.profile_gaps(),
            survey_complete: is_complete(&survey, &enrollment.answers),
            matched,
            meeting_booked: matched && booked.contains(&program.id),
        });
    }
    let open = listed
        .iter()
        .filter(|p| p.state == ProgramState::Enrolling)
        .filter(|p| !joined.iter().any(|(id, _)| *id == p.id))
        .filter(|p| {
            p.eligibility_problem(&user.department, user.level)
                .is_none()
        })
        .cloned()
        .collect();
    Ok(DashboardPrograms {
        matches: cards,
        onboarding,
        open,
    })
}

/// The dashboard's reminders: goals due a check-in, stale goals, and the next session, read on
/// one connection.
pub async fn reminders(state: &AppState, user: &User) -> Result<DashboardGoals, AppError> {
    let state = &state.holding().await?;
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
    let with_partners = state.db.partner_programs(user.id).await?;
    let pair_programs = names
        .iter()
        .filter(|(id, _)| with_partners.contains(id))
        .cloned()
        .collect();
    let (next_session, to_record) = pairs::next_and_to_record(state, user).await?;
    Ok(DashboardGoals {
        next_session,
        to_record,
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
