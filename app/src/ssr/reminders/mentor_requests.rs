//! Requests to mentors that passed their day unanswered: marked lapsed, and the mentee told so
//! they can ask someone else.

use crate::domain::NotificationKind;
use crate::error::AppError;
use crate::ssr::{emails, outbox, AppState};

pub(super) async fn lapsed(state: &AppState, at: i64) -> Result<usize, AppError> {
    let mut jobs = Vec::new();
    for row in state.db.lapse_mentor_requests(at).await? {
        let (Some(mentee), Some(mentor)) = (
            state.db.user_by_id(row.mentee_id).await?,
            state.db.user_by_id(row.mentor_id).await?,
        ) else {
            continue;
        };
        let program = state.db.program_name(row.program_id).await?;
        let link = state
            .settings
            .link(&format!("/programs/{}/mentors", row.program_id));
        let mail = emails::mentor_request_lapsed(
            &mentee.email,
            &mentee.name,
            &mentor.name,
            &program,
            &link,
        );
        jobs.push(outbox::notify_at(
            &state.settings,
            mentee.id,
            NotificationKind::Matches,
            mail,
            format!("mentor-request:{}:lapsed", row.id),
            at,
            None,
        ));
    }
    Ok(state.db.enqueue(&jobs).await?)
}
