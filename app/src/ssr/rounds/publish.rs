//! Publishing a draft: one compare-and-set, then everyone matched is told.

use super::draft_of;
use crate::domain::ProgramState;
use crate::error::AppError;
use crate::models::User;
use crate::ssr::access;
use crate::ssr::emails;
use crate::ssr::AppState;
use std::collections::HashMap;

/// Publishes the draft in one step and tells everyone matched.
pub async fn publish(state: &AppState, user: &User, program_id: i64) -> Result<i64, AppError> {
    let program = access::program_run_by(state, user, program_id).await?;
    if program.state != ProgramState::Running {
        return Err(AppError::Conflict(
            "Start the program before publishing a round.".into(),
        ));
    }
    let rounds = state.db.rounds(program_id).await?;
    let draft = draft_of(&rounds)
        .ok_or_else(|| AppError::Conflict("There is no draft round to publish.".into()))?;
    if !state.db.publish_round(draft.id).await? {
        return Err(AppError::Conflict(
            "Someone else published this round just now. Reload to see it.".into(),
        ));
    }
    tracing::info!(program_id, round = draft.number, "round published");
    // Tell everyone matched; a failed email is logged, the round stays published.
    let link = state.settings.link(&format!("/programs/{program_id}"));
    let groups = state.db.round_groups(draft.id).await?;
    let mut people: HashMap<i64, User> = HashMap::new();
    for id in groups.iter().flat_map(|g| g.members.iter()) {
        if !people.contains_key(id) {
            if let Some(u) = state.db.user_by_id(*id).await? {
                people.insert(*id, u);
            }
        }
    }
    for group in &groups {
        for person in group.members.iter().filter_map(|m| people.get(m)) {
            let others = group
                .members
                .iter()
                .filter(|m| **m != person.id)
                .filter_map(|m| people.get(m).map(|u| u.name.as_str()))
                .collect::<Vec<_>>()
                .join(" and ");
            state
                .send(emails::matched(
                    &person.email,
                    &person.name,
                    &others,
                    &program.name,
                    &link,
                ))
                .await;
        }
    }
    Ok(draft.id)
}
