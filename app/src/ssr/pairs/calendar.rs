//! Pair sessions as calendar entries: one `.ics` file, and the entries of the private feed.

use super::sessions::member_session;
use super::{view_in_program, views};
use crate::domain::PairSessionState;
use crate::error::AppError;
use crate::models::{PairSessionView, User};
use crate::ssr::storage::{now, PairSessionRow};
use crate::ssr::support::ics::{calendar, uid_host, CalendarEvent};
use crate::ssr::AppState;

/// A session as a calendar entry, titled with who it is with from its viewer's side (`v`).
async fn entry(
    state: &AppState,
    row: &PairSessionRow,
    v: PairSessionView,
) -> Result<CalendarEvent, AppError> {
    let mut description = String::new();
    if !v.agenda.is_empty() {
        description.push_str("Agenda:\n");
        for item in &v.agenda {
            description.push_str(&format!("- {item}\n"));
        }
    }
    if !v.video_url.is_empty() {
        description.push_str(&format!("Video: {}\n", v.video_url));
    }
    let organizer = match row.proposed_by {
        Some(id) => state.db.user_by_id(id).await?.map(|u| (u.name, u.email)),
        None => None,
    };
    Ok(CalendarEvent {
        uid: format!("session-{}@{}", row.id, uid_host(&state.settings.base_url)),
        sequence: row.sequence,
        title: format!("Mentoring session with {}", v.with),
        description,
        starts_at: row.starts_at,
        ends_at: row.ends_at,
        time_zone: row.time_zone.clone(),
        location: if row.place.is_empty() {
            row.video_url.clone()
        } else {
            row.place.clone()
        },
        url: state
            .settings
            .link(&format!("/programs/{}/pair", row.program_id)),
        organizer,
        cancelled: row.state == PairSessionState::Cancelled,
        stamp: now(),
    })
}

/// One session as an `.ics` file, for a member of its group.
pub async fn ics(state: &AppState, user: &User, id: i64) -> Result<String, AppError> {
    let row = member_session(state, user, id).await?;
    let v = view_in_program(state, user, &row).await?;
    Ok(calendar(&[entry(state, &row, v).await?], None))
}

/// Accepted sessions of `user` from a month ago on, for their calendar feed.
pub async fn feed_entries(state: &AppState, user: &User) -> Result<Vec<CalendarEvent>, AppError> {
    let rows: Vec<PairSessionRow> = state
        .db
        .sessions_of(user.id, now() - 30 * 86_400)
        .await?
        .into_iter()
        .filter(|r| r.state == PairSessionState::Accepted)
        .collect();
    let mut out = Vec::new();
    for (row, v) in rows.iter().zip(views(state, user, &rows).await?) {
        out.push(entry(state, row, v).await?);
    }
    Ok(out)
}
