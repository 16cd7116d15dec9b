//! Pulse surveys: on its day, each survey's invitation to everyone matched in the round.

use crate::domain::{NotificationKind, PULSE_OPEN_DAYS};
use crate::error::AppError;
use crate::ssr::{emails, outbox, AppState};

/// Queues the invitation of every survey that came due by `at`, once per person and round.
pub(super) async fn invitations(state: &AppState, at: i64) -> Result<usize, AppError> {
    let mut jobs = Vec::new();
    for due in state.db.pulses_due(at, PULSE_OPEN_DAYS * 86_400).await? {
        let link = state.settings.link(&format!(
            "/programs/{}/pulse/{}",
            due.program_id, due.survey_id
        ));
        for id in state.db.round_people(due.round_id).await? {
            let Some(person) = state.db.user_by_id(id).await? else {
                continue;
            };
            if !person.active() {
                continue;
            }
            let mail = emails::pulse_invitation(
                &person.email,
                &person.name,
                &due.program,
                due.kind,
                &link,
            );
            let key = format!(
                "pulse:survey:{}:round:{}:user:{}",
                due.survey_id, due.round_id, person.id
            );
            jobs.push(outbox::notify_at(
                &state.settings,
                person.id,
                NotificationKind::Surveys,
                mail,
                key,
                at,
                Some(due.due_at + PULSE_OPEN_DAYS * 86_400),
            ));
        }
    }
    Ok(state.db.enqueue(&jobs).await?)
}
