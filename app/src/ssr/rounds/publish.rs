//! Publishing a draft: one compare-and-set that also queues the emails telling everyone
//! matched who, why, and a first agenda.

use super::card::agenda;
use super::draft_of;
use crate::domain::{AuditAction, ProgramState};
use crate::domain::{ChatNews, NotificationKind, Task};
use crate::error::AppError;
use crate::models::User;
use crate::ssr::access;
use crate::ssr::audit::{self, Actor};
use crate::ssr::storage::{now, NewJob};
use crate::ssr::AppState;
use crate::ssr::{emails, outbox};
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
    if let Some(gone) = people.values().find(|u| !u.active()) {
        return Err(AppError::Conflict(format!(
            "{} has left the organisation since this draft was made. Draft the round again.",
            gone.name
        )));
    }
    // Everyone matched is told who, why, and a first agenda, queued with the publication.
    let mut jobs = Vec::new();
    for group in &groups {
        for person in group.members.iter().filter_map(|m| people.get(m)) {
            let others = group
                .members
                .iter()
                .filter(|m| **m != person.id)
                .filter_map(|m| people.get(m).map(|u| u.name.as_str()))
                .collect::<Vec<_>>()
                .join(" and ");
            let mut reasons: Vec<String> = Vec::new();
            for pair in group
                .pairs
                .iter()
                .filter(|p| p.a == person.id || p.b == person.id)
            {
                for h in &pair.explanation.highlights {
                    if !reasons.contains(h) {
                        reasons.push(h.clone());
                    }
                }
            }
            let mail = emails::matched(
                &person.email,
                &person.name,
                &others,
                &program.name,
                &reasons,
                &agenda(&reasons, program.rotation_weeks),
                &link,
                &state.settings.link(&format!(
                    "/programs/{program_id}/pair#times-{}",
                    group.group_no
                )),
            );
            let key = format!("match:round:{}:user:{}", draft.id, person.id);
            jobs.push(outbox::notify(
                &state.settings,
                person.id,
                NotificationKind::Matches,
                mail,
                key,
            ));
        }
    }
    // With the organisation's Slack app, each new pair or circle gets a group message too.
    jobs.push(NewJob::task(
        &Task::IntroducePairs {
            program_id,
            round_id: draft.id,
        },
        format!("slack:round:{}:introductions", draft.id),
        now(),
    ));
    // The program's chat channels hear of it too, with counts and a link.
    jobs.push(outbox::announce(
        program_id,
        ChatNews::RoundPublished { round_id: draft.id },
    ));
    if !state.db.publish_round(draft.id, &jobs).await? {
        return Err(AppError::Conflict(
            "Someone else published this round just now. Reload to see it.".into(),
        ));
    }
    tracing::info!(program_id, round = draft.number, "round published");
    audit::record(
        state,
        &Actor::Person(user),
        AuditAction::RoundPublished,
        None,
        &format!(
            "{}: round {}, {} groups",
            program.name,
            draft.number,
            groups.len()
        ),
    )
    .await?;
    Ok(draft.id)
}
