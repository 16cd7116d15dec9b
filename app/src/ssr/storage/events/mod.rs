//! Events: what organisers plan, who each event is for, and the lists people see. Answers are
//! in [`rsvps`], personal links and calendar feeds in [`links`], Exec Encounter draws in
//! [`draws`].

mod draws;
mod links;
pub(super) mod rsvps;

pub use draws::DrawRow;
pub use links::LinkStanding;
pub use rsvps::{RsvpCounts, RsvpOutcome, RsvpRefusal, RsvpRow, Standing};

use super::{now, AnyQuery, Db, Result, StorageError};
use crate::domain::{Capacity, EventKind, EventState, RsvpState};
use crate::ssr::storage::Lock;
use sqlx::Row;

/// What an organiser schedules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEvent {
    pub title: String,
    pub description: String,
    pub kind: EventKind,
    pub starts_at: i64,
    pub ends_at: i64,
    pub time_zone: String,
    pub place: String,
    pub video_url: String,
    pub capacity: Option<Capacity>,
    pub rsvp_deadline: Option<i64>,
    pub host_id: Option<i64>,
    /// Empty: open to everyone.
    pub programs: Vec<i64>,
    pub created_by: Option<i64>,
    /// For an Exec Encounter: its draw's secret seed and nonce and their commitment, chosen
    /// when it is created and never changed.
    pub draw: Option<(i64, String, String)>,
}

/// An event as stored.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct EventRow {
    pub id: i64,
    pub title: String,
    pub description: String,
    pub kind: EventKind,
    pub starts_at: i64,
    pub ends_at: i64,
    pub time_zone: String,
    pub place: String,
    pub video_url: String,
    pub capacity: Option<i64>,
    pub rsvp_deadline: Option<i64>,
    pub host_id: Option<i64>,
    pub state: EventState,
    pub sequence: i64,
    pub created_by: Option<i64>,
    /// For an Exec Encounter: the commitment to its draw's seed, shown before the draw.
    pub draw_commitment: Option<String>,
}

pub(super) const EVENT_COLUMNS: &str = "e.id, e.title, e.description, e.kind, e.starts_at, e.ends_at, \
     e.time_zone, e.place, e.video_url, e.capacity, e.rsvp_deadline, e.host_id, e.state, e.sequence, e.created_by, \
     e.draw_commitment";

pub(super) fn corrupt(e: impl std::fmt::Display) -> StorageError {
    StorageError::Corrupt(e.to_string())
}

/// Binds the ten columns an organiser sets, as `$1`..`$10` in the order of [`NewEvent`]; the
/// same for creating and changing an event.
fn bind_event<'q>(query: AnyQuery<'q>, event: &'q NewEvent) -> AnyQuery<'q> {
    query
        .bind(&event.title)
        .bind(&event.description)
        .bind(event.kind.as_str())
        .bind(event.starts_at)
        .bind(event.ends_at)
        .bind(&event.time_zone)
        .bind(&event.place)
        .bind(&event.video_url)
        .bind(event.capacity.map(Capacity::seats))
        .bind(event.rsvp_deadline)
}

/// Replaces the programs an event is for (none: everyone).
async fn write_audience(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    event_id: i64,
    programs: &[i64],
) -> Result<()> {
    sqlx::query("DELETE FROM event_programs WHERE event_id = $1")
        .bind(event_id)
        .execute(&mut **tx)
        .await?;
    for program in programs {
        sqlx::query("INSERT INTO event_programs (event_id, program_id) VALUES ($1, $2)")
            .bind(event_id)
            .bind(program)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// A row of an event list: the event, its counts and my answer.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct EventListRow {
    pub id: i64,
    pub title: String,
    pub kind: EventKind,
    pub starts_at: i64,
    pub ends_at: i64,
    pub time_zone: String,
    pub place: String,
    pub capacity: Option<i64>,
    pub state: EventState,
    pub going: i64,
    pub waitlisted: i64,
    pub entered: i64,
    pub my_state: Option<RsvpState>,
}

/// Who may see an event: everyone when it has no programs; else the members (not those who
/// left) and admins of its programs. `$1` is the person, `$2` 1 when they see everything.
/// Which of someone's events a list holds, measured from the `since` it is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventSpan {
    /// Not over yet, cancelled ones included: the events page marks them.
    Upcoming,
    /// Not over yet and not cancelled: what the dashboard offers to go to. Filtered here, so
    /// that a short list reads only the rows it shows.
    Open,
    /// Over, newest first.
    Past,
}

const VISIBLE: &str = "($2 = 1 \
     OR NOT EXISTS (SELECT 1 FROM event_programs ep WHERE ep.event_id = e.id) \
     OR EXISTS (SELECT 1 FROM event_programs ep JOIN enrollments en ON en.program_id = ep.program_id \
                WHERE ep.event_id = e.id AND en.user_id = $1 AND en.status <> 'left') \
     OR EXISTS (SELECT 1 FROM event_programs ep JOIN program_admins pa ON pa.program_id = ep.program_id \
                WHERE ep.event_id = e.id AND pa.user_id = $1))";

impl Db {
    pub async fn create_event(&self, event: &NewEvent) -> Result<i64> {
        write_tx!(self, Lock::NewRows, |tx| {
            let query = sqlx::query(
                "INSERT INTO events (title, description, kind, starts_at, ends_at, time_zone, place, \
                 video_url, capacity, rsvp_deadline, host_id, created_by, created_at, updated_at, \
                 draw_seed, draw_nonce, draw_commitment) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13, $14, $15, $16) \
                 RETURNING id",
            );
            let (seed, nonce, commitment) = match &event.draw {
                Some((s, n, c)) => (Some(*s), Some(n.as_str()), Some(c.as_str())),
                None => (None, None, None),
            };
            let id: i64 = bind_event(query, event)
                .bind(event.host_id)
                .bind(event.created_by)
                .bind(now())
                .bind(seed)
                .bind(nonce)
                .bind(commitment)
                .fetch_one(&mut *tx)
                .await?
                .try_get(0)?;
            write_audience(&mut tx, id, &event.programs).await?;
            Ok(id)
        })
    }

    pub async fn event(&self, id: i64) -> Result<Option<EventRow>> {
        Ok(sqlx::query_as(&format!(
            "SELECT {EVENT_COLUMNS} FROM events e WHERE e.id = $1"
        ))
        .bind(id)
        .fetch_optional(self)
        .await?)
    }

    /// The programs an event is for; empty when it is for everyone.
    pub async fn event_programs(&self, id: i64) -> Result<Vec<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT program_id FROM event_programs WHERE event_id = $1 ORDER BY program_id",
        )
        .bind(id)
        .fetch_all(self)
        .await?)
    }

    /// Cancels an event; answers stay on record. False when it was already cancelled.
    pub async fn cancel_event(&self, id: i64) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE events SET state = 'cancelled', sequence = sequence + 1, updated_at = $1 \
             WHERE id = $2 AND state = 'scheduled'",
        )
        .bind(now())
        .bind(id)
        .execute(self)
        .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Changes an event and bumps its sequence, so calendars replace their copy.
    pub async fn update_event(&self, id: i64, event: &NewEvent) -> Result<()> {
        write_tx!(self, Lock::Event(id), |tx| {
            let query = sqlx::query(
                "UPDATE events SET title = $1, description = $2, kind = $3, starts_at = $4, \
                 ends_at = $5, time_zone = $6, place = $7, video_url = $8, capacity = $9, \
                 rsvp_deadline = $10, sequence = sequence + 1, updated_at = $11 WHERE id = $12",
            );
            bind_event(query, event)
                .bind(now())
                .bind(id)
                .execute(&mut *tx)
                .await?;
            write_audience(&mut tx, id, &event.programs).await?;
            Ok(())
        })
    }

    /// Events `user_id` may see that end after `since` (`upcoming`) or before it, soonest
    /// first for upcoming and latest first for past ones.
    pub async fn events_for(
        &self,
        user_id: i64,
        sees_all: bool,
        since: i64,
        span: EventSpan,
        limit: i64,
    ) -> Result<Vec<EventListRow>> {
        let (when, order) = match span {
            EventSpan::Upcoming => ("e.ends_at >= $3", "e.starts_at, e.id"),
            EventSpan::Open => (
                "e.ends_at >= $3 AND e.state <> 'cancelled'",
                "e.starts_at, e.id",
            ),
            EventSpan::Past => ("e.ends_at < $3", "e.starts_at DESC, e.id DESC"),
        };
        Ok(sqlx::query_as(&format!(
            "SELECT e.id, e.title, e.kind, e.starts_at, e.ends_at, e.time_zone, e.place, \
             e.capacity, e.state, \
             (SELECT COUNT(*) FROM rsvps r WHERE r.event_id = e.id AND r.state = 'going') AS going, \
             (SELECT COUNT(*) FROM rsvps r WHERE r.event_id = e.id AND r.state = 'waitlisted') AS waitlisted, \
             (SELECT COUNT(*) FROM rsvps r WHERE r.event_id = e.id AND r.state = 'entered') AS entered, \
             (SELECT r.state FROM rsvps r WHERE r.event_id = e.id AND r.user_id = $1) AS my_state \
             FROM events e WHERE {when} AND {VISIBLE} ORDER BY {order} LIMIT $4"
        ))
        .bind(user_id)
        .bind(i64::from(sees_all))
        .bind(since)
        .bind(limit)
        .fetch_all(self)
        .await?)
    }

    /// Whether `user_id` may see the event.
    pub async fn can_see_event(&self, event_id: i64, user_id: i64, sees_all: bool) -> Result<bool> {
        let n: i64 = sqlx::query_scalar(&format!(
            "SELECT COUNT(*) FROM events e WHERE e.id = $3 AND {VISIBLE}"
        ))
        .bind(user_id)
        .bind(i64::from(sees_all))
        .bind(event_id)
        .fetch_one(self)
        .await?;
        Ok(n > 0)
    }

    /// Everyone an event is for, to invite: every account when it is for everyone, else the
    /// programs' members who have not left. (id, name, email), by name.
    pub async fn event_audience(&self, event_id: i64) -> Result<Vec<(i64, String, String)>> {
        Ok(sqlx::query_as(
            "SELECT u.id, u.name, u.email FROM users u WHERE u.deactivated_at IS NULL AND \
             (NOT EXISTS (SELECT 1 FROM event_programs ep WHERE ep.event_id = $1) \
             OR EXISTS (SELECT 1 FROM event_programs ep JOIN enrollments en \
                        ON en.program_id = ep.program_id \
                        WHERE ep.event_id = $1 AND en.user_id = u.id AND en.status <> 'left')) \
             ORDER BY u.name, u.id",
        )
        .bind(event_id)
        .fetch_all(self)
        .await?)
    }

    /// The names of an event's programs.
    pub async fn event_program_names(&self, event_id: i64) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar(
            "SELECT p.name FROM event_programs ep JOIN programs p ON p.id = ep.program_id \
             WHERE ep.event_id = $1 ORDER BY p.name",
        )
        .bind(event_id)
        .fetch_all(self)
        .await?)
    }

    /// The events `user_id` is going to or waiting for, for their calendar feed.
    pub async fn events_of(&self, user_id: i64) -> Result<Vec<EventRow>> {
        Ok(sqlx::query_as(&format!(
            "SELECT {EVENT_COLUMNS} FROM events e JOIN rsvps r ON r.event_id = e.id \
             WHERE r.user_id = $1 AND r.state IN ('going', 'waitlisted') ORDER BY e.starts_at, e.id"
        ))
        .bind(user_id)
        .fetch_all(self)
        .await?)
    }
}
