//! Events and RSVPs. Every answer runs in one write transaction that counts the seats taken
//! and writes the answer, so an event is never over capacity and nobody holds two rows,
//! however many people answer at once; a cancellation promotes the first on the waitlist in
//! the same transaction.

use super::{now, Db, Result, StorageError};
use crate::domain::{seat_for, Capacity, EventKind, RsvpState};

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
}

/// An event as stored.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct EventRow {
    pub id: i64,
    pub title: String,
    pub description: String,
    pub kind: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub time_zone: String,
    pub place: String,
    pub video_url: String,
    pub capacity: Option<i64>,
    pub rsvp_deadline: Option<i64>,
    pub host_id: Option<i64>,
    pub state: String,
    pub sequence: i64,
}

/// Someone's answer as organisers see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RsvpRow {
    pub user_id: i64,
    pub name: String,
    pub state: String,
    pub queued_at: i64,
    pub attended: bool,
}

/// Why an answer was not taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RsvpRefusal {
    NoSuchEvent,
    Cancelled,
    DeadlinePassed,
}

/// What an answer did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RsvpOutcome {
    /// The person now stands at `state` (for the waitlist, at 1-based `position`); when a
    /// seat was freed, `promoted` is who took it from the waitlist.
    Recorded {
        state: RsvpState,
        position: Option<i64>,
        promoted: Option<i64>,
    },
    Refused(RsvpRefusal),
}

/// Seats taken, people waiting and people who said no.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RsvpCounts {
    pub going: i64,
    pub waitlisted: i64,
    pub declined: i64,
}

const EVENT_COLUMNS: &str = "id, title, description, kind, starts_at, ends_at, time_zone, place, \
     video_url, capacity, rsvp_deadline, host_id, state, sequence";

impl Db {
    pub async fn create_event(&self, event: &NewEvent) -> Result<i64> {
        let mut tx = self.begin_write().await?;
        let at = now();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO events (title, description, kind, starts_at, ends_at, time_zone, place, \
             video_url, capacity, rsvp_deadline, host_id, created_by, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13) RETURNING id",
        )
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
        .bind(event.host_id)
        .bind(event.created_by)
        .bind(at)
        .fetch_one(&mut *tx)
        .await?;
        for program in &event.programs {
            sqlx::query("INSERT INTO event_programs (event_id, program_id) VALUES ($1, $2)")
                .bind(id)
                .bind(program)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(id)
    }

    pub async fn event(&self, id: i64) -> Result<Option<EventRow>> {
        Ok(
            sqlx::query_as(&format!("SELECT {EVENT_COLUMNS} FROM events WHERE id = $1"))
                .bind(id)
                .fetch_optional(self.pool())
                .await?,
        )
    }

    /// The programs an event is for; empty when it is for everyone.
    pub async fn event_programs(&self, id: i64) -> Result<Vec<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT program_id FROM event_programs WHERE event_id = $1 ORDER BY program_id",
        )
        .bind(id)
        .fetch_all(self.pool())
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
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Records that `user_id` is going (`going`) or not. "Going" takes a free seat or joins the
    /// waitlist; "not going" gives a seat back, and the first person waiting takes it.
    /// Answering what one already answered changes nothing, so a double tap is harmless.
    pub async fn answer_rsvp(
        &self,
        event_id: i64,
        user_id: i64,
        going: bool,
    ) -> Result<RsvpOutcome> {
        let mut tx = self.begin_write().await?;
        let event: Option<(Option<i64>, String, Option<i64>)> =
            sqlx::query_as("SELECT capacity, state, rsvp_deadline FROM events WHERE id = $1")
                .bind(event_id)
                .fetch_optional(&mut *tx)
                .await?;
        let Some((capacity, state, deadline)) = event else {
            return Ok(RsvpOutcome::Refused(RsvpRefusal::NoSuchEvent));
        };
        if state == "cancelled" {
            return Ok(RsvpOutcome::Refused(RsvpRefusal::Cancelled));
        }
        let at = now();
        if deadline.is_some_and(|d| at > d) {
            return Ok(RsvpOutcome::Refused(RsvpRefusal::DeadlinePassed));
        }
        let capacity = capacity
            .map(Capacity::try_from)
            .transpose()
            .map_err(corrupt)?;
        let current: Option<String> =
            sqlx::query_scalar("SELECT state FROM rsvps WHERE event_id = $1 AND user_id = $2")
                .bind(event_id)
                .bind(user_id)
                .fetch_optional(&mut *tx)
                .await?;
        let current = current.map(|s| parse_state(&s)).transpose()?;
        let mut promoted = None;
        let new_state = match (going, current) {
            (true, Some(s)) if s.wants_to_go() => s,
            (false, Some(RsvpState::Declined)) => RsvpState::Declined,
            (true, _) => {
                let going: i64 = sqlx::query_scalar(
                    "SELECT COUNT(*) FROM rsvps WHERE event_id = $1 AND state = 'going'",
                )
                .bind(event_id)
                .fetch_one(&mut *tx)
                .await?;
                let seat = seat_for(capacity, going);
                // Arrival order: one more than the latest answer, under the write lock.
                let queued_at: i64 = sqlx::query_scalar(
                    "SELECT COALESCE(MAX(queued_at), 0) + 1 FROM rsvps WHERE event_id = $1",
                )
                .bind(event_id)
                .fetch_one(&mut *tx)
                .await?;
                write_rsvp(&mut tx, event_id, user_id, seat, Some(queued_at), at).await?;
                seat
            }
            (false, current) => {
                write_rsvp(&mut tx, event_id, user_id, RsvpState::Declined, None, at).await?;
                if current == Some(RsvpState::Going) {
                    promoted = promote_first_waiting(&mut tx, event_id, at).await?;
                }
                RsvpState::Declined
            }
        };
        let position = if new_state == RsvpState::Waitlisted {
            Some(
                sqlx::query_scalar(
                    "SELECT COUNT(*) FROM rsvps w JOIN rsvps me \
                     ON me.event_id = w.event_id AND me.user_id = $2 \
                     WHERE w.event_id = $1 AND w.state = 'waitlisted' AND w.queued_at <= me.queued_at",
                )
                .bind(event_id)
                .bind(user_id)
                .fetch_one(&mut *tx)
                .await?,
            )
        } else {
            None
        };
        tx.commit().await?;
        Ok(RsvpOutcome::Recorded {
            state: new_state,
            position,
            promoted,
        })
    }

    pub async fn rsvp_counts(&self, event_id: i64) -> Result<RsvpCounts> {
        let rows: Vec<(String, i64)> =
            sqlx::query_as("SELECT state, COUNT(*) FROM rsvps WHERE event_id = $1 GROUP BY state")
                .bind(event_id)
                .fetch_all(self.pool())
                .await?;
        let mut counts = RsvpCounts::default();
        for (state, n) in rows {
            match parse_state(&state)? {
                RsvpState::Going => counts.going = n,
                RsvpState::Waitlisted => counts.waitlisted = n,
                RsvpState::Declined => counts.declined = n,
                RsvpState::Invited => {}
            }
        }
        Ok(counts)
    }

    /// Everyone who answered or was invited: going first, then the waitlist in its order, then
    /// the rest by name.
    pub async fn rsvps(&self, event_id: i64) -> Result<Vec<RsvpRow>> {
        let rows: Vec<(i64, String, String, i64, i64)> = sqlx::query_as(
            "SELECT r.user_id, u.name, r.state, r.queued_at, r.attended \
             FROM rsvps r JOIN users u ON u.id = r.user_id WHERE r.event_id = $1 \
             ORDER BY CASE r.state WHEN 'going' THEN 0 WHEN 'waitlisted' THEN 1 \
             WHEN 'invited' THEN 2 ELSE 3 END, \
             CASE WHEN r.state = 'waitlisted' THEN r.queued_at ELSE 0 END, u.name, r.user_id",
        )
        .bind(event_id)
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .into_iter()
            .map(|(user_id, name, state, queued_at, attended)| RsvpRow {
                user_id,
                name,
                state,
                queued_at,
                attended: attended != 0,
            })
            .collect())
    }

    /// The generation personal links for this person and event must carry. Sending a new
    /// invitation with `revoke` bumps it first, so earlier links stop working.
    pub async fn link_generation(&self, event_id: i64, user_id: i64, revoke: bool) -> Result<i64> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO rsvps (event_id, user_id, state, queued_at, updated_at) \
             VALUES ($1, $2, 'invited', 0, $3) ON CONFLICT (event_id, user_id) DO NOTHING",
        )
        .bind(event_id)
        .bind(user_id)
        .bind(now())
        .execute(&mut *tx)
        .await?;
        if revoke {
            sqlx::query(
                "UPDATE rsvps SET link_generation = link_generation + 1 \
                 WHERE event_id = $1 AND user_id = $2",
            )
            .bind(event_id)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        }
        let generation = sqlx::query_scalar(
            "SELECT link_generation FROM rsvps WHERE event_id = $1 AND user_id = $2",
        )
        .bind(event_id)
        .bind(user_id)
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(generation)
    }

    /// The generation stored for a person and event, if they were ever invited.
    pub async fn current_link_generation(
        &self,
        event_id: i64,
        user_id: i64,
    ) -> Result<Option<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT link_generation FROM rsvps WHERE event_id = $1 AND user_id = $2",
        )
        .bind(event_id)
        .bind(user_id)
        .fetch_optional(self.pool())
        .await?)
    }
}

fn corrupt(e: impl std::fmt::Display) -> StorageError {
    StorageError::Corrupt(e.to_string())
}

fn parse_state(s: &str) -> Result<RsvpState> {
    RsvpState::parse(s).ok_or_else(|| corrupt(format!("unknown RSVP state {s:?}")))
}

/// Inserts or updates one person's row; `queued_at` is kept when `None`.
async fn write_rsvp(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    event_id: i64,
    user_id: i64,
    state: RsvpState,
    queued_at: Option<i64>,
    at: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO rsvps (event_id, user_id, state, queued_at, updated_at) \
         VALUES ($1, $2, $3, COALESCE(CAST($4 AS BIGINT), 0), $5) \
         ON CONFLICT (event_id, user_id) DO UPDATE SET state = excluded.state, \
         queued_at = COALESCE(CAST($4 AS BIGINT), rsvps.queued_at), updated_at = excluded.updated_at",
    )
    .bind(event_id)
    .bind(user_id)
    .bind(state.as_str())
    .bind(queued_at)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Gives a freed seat to whoever has waited longest; returns who, if anyone waited.
async fn promote_first_waiting(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    event_id: i64,
    at: i64,
) -> Result<Option<i64>> {
    let first: Option<i64> = sqlx::query_scalar(
        "SELECT user_id FROM rsvps WHERE event_id = $1 AND state = 'waitlisted' \
         ORDER BY queued_at, id LIMIT 1",
    )
    .bind(event_id)
    .fetch_optional(&mut **tx)
    .await?;
    if let Some(user_id) = first {
        sqlx::query(
            "UPDATE rsvps SET state = 'going', updated_at = $1 WHERE event_id = $2 AND user_id = $3",
        )
        .bind(at)
        .bind(event_id)
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    }
    Ok(first)
}
