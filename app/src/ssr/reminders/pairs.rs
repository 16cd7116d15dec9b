//! Reminders to a pair about a session: the agenda a day before, a short reminder an hour
//! before, and "Did you meet?" after its end.

use super::{members, notify, zone_of, HOUR_AHEAD};
use crate::domain::NotificationKind;
use crate::error::AppError;
use crate::ssr::storage::PairSessionRow;
use crate::ssr::support::clock::when_of;
use crate::ssr::{emails, pairs, AppState};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Ahead {
    Day,
    Hour,
}

pub(super) async fn session_reminders(
    state: &AppState,
    row: &PairSessionRow,
    ahead: Ahead,
    at: i64,
) -> Result<usize, AppError> {
    let program = state.db.program_name(row.program_id).await?;
    let link = state
        .settings
        .link(&format!("/programs/{}/pair#sessions", row.program_id));
    let mut jobs = Vec::new();
    for (person, others) in members(state, row.round_id, row.group_no).await? {
        let when = when_of(row.starts_at, row.ends_at, zone_of(&person, &row.time_zone));
        let (mail, which, useful_until) = match ahead {
            Ahead::Day => (
                emails::session_coming_up(
                    &person.email,
                    &person.name,
                    &others,
                    &program,
                    &when,
                    &row.place,
                    &row.video_url,
                    &row.agenda_items(),
                    &link,
                ),
                "day",
                row.starts_at - HOUR_AHEAD,
            ),
            Ahead::Hour => (
                emails::session_soon(
                    &person.email,
                    &person.name,
                    &others,
                    &when,
                    &row.place,
                    &row.video_url,
                    &link,
                ),
                "hour",
                row.starts_at,
            ),
        };
        let key = format!(
            "reminder:session:{}:{}:{which}:user:{}",
            row.id, row.starts_at, person.id
        );
        jobs.push(notify(
            state,
            &person,
            NotificationKind::Sessions,
            mail,
            key,
            at,
            useful_until,
        ));
    }
    Ok(state.db.enqueue(&jobs).await?)
}

pub(super) async fn did_you_meet(
    state: &AppState,
    row: &PairSessionRow,
    at: i64,
) -> Result<usize, AppError> {
    let mut jobs = Vec::new();
    for (person, others) in members(state, row.round_id, row.group_no).await? {
        let when = when_of(row.starts_at, row.ends_at, zone_of(&person, &row.time_zone));
        let mail = emails::did_you_meet(
            &person.email,
            &person.name,
            &others,
            &when,
            &pairs::check_link::link(&state.settings, row, person.id, true),
            &pairs::check_link::link(&state.settings, row, person.id, false),
        );
        let key = format!("reminder:session:{}:check:user:{}", row.id, person.id);
        let until = row.ends_at + pairs::check_link::LINK_DAYS * 86_400;
        jobs.push(notify(
            state,
            &person,
            NotificationKind::Sessions,
            mail,
            key,
            at,
            until,
        ));
    }
    Ok(state.db.enqueue(&jobs).await?)
}
