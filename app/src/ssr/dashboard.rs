//! The dashboard, composed from the features: each joined program's onboarding checklist and
//! match card, the programs open to join, the next pair session, sessions waiting to be
//! recorded, goals due a check-in and the next meetups. No feature assembles another's part
//! of it.
//!
//! The parts are read side by side, all on one connection taken from the pool once
//! ([`AppState::holding`]): each time a connection goes back, sqlx pings it first, a round
//! trip to the database; one answer also spares the browser two requests.

use super::rounds::{self, GroupsEverywhere};
use super::{events, goals, pairs, AppState};
use crate::domain::{is_complete, Freshness, GoalStatus, ProgramState, Question};
use crate::error::AppError;
use crate::models::{
    Dashboard, DashboardGoals, DashboardPrograms, Enrollment, EventSummary, Onboarding, Program,
    User,
};
use crate::ssr::storage::{now, DashboardProgram};

/// Every part of the dashboard. A part that fails shows its error; the others still show.
pub async fn load(state: &AppState, user: &User) -> Result<Dashboard, AppError> {
    let state = &state.holding().await?;
    // Both the match cards and the reminders' pair links need the person's groups.
    let groups = state.db.my_groups_everywhere(user.id).await?;
    let (programs, goals, meetups) = tokio::join!(
        programs(state, user, &groups),
        reminders(state, user, &groups),
        meetups(state, user)
    );
    Ok(Dashboard {
        programs,
        goals,
        meetups,
    })
}

/// The dashboard's programs: an onboarding checklist per joined program, and the programs open
/// for enrollment that this person may join. It is read on every visit, so the reads are the
/// same however many programs someone joined: each asks for all of them, and the programs
/// come with the person's enrollment and checklist facts in one statement.
async fn programs(
    state: &AppState,
    user: &User,
    groups: &GroupsEverywhere,
) -> Result<DashboardPrograms, AppError> {
    let db = &state.db;
    let listed = db.dashboard_programs(user.id).await?;
    // Joined programs in the order they start, as their checklists are shown.
    let joined: Vec<(&DashboardProgram, &Enrollment)> = listed
        .iter()
        .rev()
        .filter_map(|p| p.enrollment.as_ref().map(|e| (p, e)))
        .collect();
    let joined_programs: Vec<&Program> = joined.iter().map(|(p, _)| &p.program).collect();
    let pending: Vec<i64> = listed
        .iter()
        .filter(|p| p.reassignment_pending)
        .map(|p| p.program.id)
        .collect();
    let cards = rounds::match_cards(state, user, &joined_programs, groups, &pending).await?;
    let questions = db.questions_of_joined(user.id).await?;
    let mut onboarding = Vec::new();
    for (listed, enrollment) in joined {
        let program = &listed.program;
        let survey: Vec<Question> = questions
            .iter()
            .filter(|(id, _)| *id == program.id)
            .map(|(_, q)| q.clone())
            .collect();
        let matched = cards.iter().any(|c| c.program_id == program.id);
        onboarding.push(Onboarding {
            program_id: program.id,
            program_name: program.name.clone(),
            program_state: program.state,
            status: enrollment.status,
            guidelines_read: listed.guidelines_read,
            profile_gaps: user.profile_gaps(),
            survey_complete: is_complete(&survey, &enrollment.answers),
            matched,
            meeting_booked: matched && listed.booked,
        });
    }
    let open = listed
        .iter()
        .filter(|p| p.enrollment.is_none() && p.program.state == ProgramState::Enrolling)
        .map(|p| &p.program)
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

/// The dashboard's reminders: goals due a check-in, stale goals, and the next session.
async fn reminders(
    state: &AppState,
    user: &User,
    groups: &GroupsEverywhere,
) -> Result<DashboardGoals, AppError> {
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
    let with_partners = rounds::partner_programs(user.id, groups);
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
async fn meetups(state: &AppState, user: &User) -> Result<Vec<EventSummary>, AppError> {
    events::next(state, user, MEETUPS_SHOWN).await
}
