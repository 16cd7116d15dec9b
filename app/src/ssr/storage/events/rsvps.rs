//! Answers to events. Every answer runs in one write transaction that counts the seats taken
//! and writes the answer, so an event is never over capacity and nobody holds two rows,
//! however many people answer at once; a cancellation promotes the first on the waitlist in
//! the same transaction.

use super::super::jobs::insert_jobs;
use super::super::{now, Db, NewJob, Result};
use super::corrupt;
use crate::domain::{seat_for, Capacity, EventKind, EventState, RsvpState, Task};
use crate::ssr::storage::Lock;

/// Someone's answer as organisers see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RsvpRow {
    pub user_id: i64,
    pub name: String,
    pub email: String,
    pub state: RsvpState,
    pub queued_at: i64,
    pub attended: bool,
}

/// What deciding an answer needs to know of its event.
#[derive(sqlx::FromRow)]
struct Answerable {
    capacity: Option<i64>,
    state: EventState,
    rsvp_deadline: Option<i64>,
    kind: EventKind,
    /// 1 once an Exec Encounter's draw is held.
    draws: i64,
    /// The person's answer so far, if any.
    current: Option<RsvpState>,
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
    /// Signed up for a draw not yet held.
    pub entered: i64,
    pub going: i64,
    pub waitlisted: i64,
    pub declined: i64,
}

/// Inserts or updates one person's row; `queued_at` is kept when `None`.
pub(super) async fn write_rsvp(
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

/// Gives a freed seat to whoever has waited longest, and queues telling them in the same
/// transaction; returns who, if anyone waited.
pub(in crate::ssr::storage) async fn promote_first_waiting(
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
        let task = Task::SeatTaken { event_id, user_id };
        let job = NewJob::task(&task, format!("seat:{event_id}:{user_id}:{at}"), at);
        insert_jobs(tx, &[job]).await?;
    }
    Ok(first)
}

/// Where one person stands for an event, read without listing everyone.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Standing {
    pub state: RsvpState,
    /// Their place on the waitlist, from 1, when they wait.
    pub position: i64,
    /// Seats taken.
    pub going: i64,
}

impl Db {
    /// Records that `user_id` is going (`going`) or not. "Going" takes a free seat or joins the
    /// waitlist; "not going" gives a seat back, and the first person waiting takes it.
    /// Answering what one already answered changes nothing, so a double tap is harmless.
    pub async fn answer_rsvp(
        &self,
        event_id: i64,
        user_id: i64,
        going: bool,
    ) -> Result<RsvpOutcome> {
        write_tx!(self, Lock::Event(event_id), |tx| {
            // The event and the person's answer so far in one round trip: this runs under
            // the event's lock, so every statement saved is throughput gained.
            let event: Option<Answerable> = sqlx::query_as(
                "SELECT e.capacity, e.state, e.rsvp_deadline, e.kind, \
                 (SELECT COUNT(*) FROM event_draws d WHERE d.event_id = e.id) AS draws, \
                 r.state AS current \
                 FROM events e LEFT JOIN rsvps r ON r.event_id = e.id AND r.user_id = $2 \
                 WHERE e.id = $1",
            )
            .bind(event_id)
            .bind(user_id)
            .fetch_optional(&mut *tx)
            .await?;
            let Some(Answerable {
                capacity,
                state,
                rsvp_deadline: deadline,
                kind,
                draws,
                current,
            }) = event
            else {
                return Ok(RsvpOutcome::Refused(RsvpRefusal::NoSuchEvent));
            };
            if state == EventState::Cancelled {
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
            let mut promoted = None;
            // A new arrival's place in line is known from the counts; `None` asks the table.
            let mut arrival_position = None;
            let new_state = match (going, current) {
                (true, Some(s)) if s.wants_to_go() => s,
                (false, Some(RsvpState::Declined)) => RsvpState::Declined,
                // Before an Exec Encounter's draw, "going" enters the draw; seats come later.
                (true, _) if kind == EventKind::ExecEncounter && draws == 0 => {
                    write_rsvp(&mut tx, event_id, user_id, RsvpState::Entered, Some(0), at).await?;
                    RsvpState::Entered
                }
                (true, _) => {
                    // Seats taken, people waiting, and the arrival number: one more than the
                    // latest answer.
                    let (going, waiting, queued_at): (i64, i64, i64) = sqlx::query_as(
                        "SELECT COALESCE(SUM(CASE WHEN state = 'going' THEN 1 ELSE 0 END), 0), \
                         COALESCE(SUM(CASE WHEN state = 'waitlisted' THEN 1 ELSE 0 END), 0), \
                         COALESCE(MAX(queued_at), 0) + 1 FROM rsvps WHERE event_id = $1",
                    )
                    .bind(event_id)
                    .fetch_one(&mut *tx)
                    .await?;
                    let seat = seat_for(capacity, going);
                    arrival_position = Some(waiting + 1);
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
            let position = if new_state != RsvpState::Waitlisted {
                None
            } else if let Some(position) = arrival_position {
                Some(position)
            } else {
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
            };
            Ok(RsvpOutcome::Recorded {
                state: new_state,
                position,
                promoted,
            })
        })
    }

    pub async fn rsvp_counts(&self, event_id: i64) -> Result<RsvpCounts> {
        let rows: Vec<(RsvpState, i64)> =
            sqlx::query_as("SELECT state, COUNT(*) FROM rsvps WHERE event_id = $1 GROUP BY state")
                .bind(event_id)
                .fetch_all(self)
                .await?;
        let mut counts = RsvpCounts::default();
        for (state, n) in rows {
            match state {
                RsvpState::Entered => counts.entered = n,
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
        let rows: Vec<(i64, String, String, RsvpState, i64, i64)> = sqlx::query_as(
            "SELECT r.user_id, u.name, u.email, r.state, r.queued_at, r.attended \
             FROM rsvps r JOIN users u ON u.id = r.user_id WHERE r.event_id = $1 \
             ORDER BY CASE r.state WHEN 'going' THEN 0 WHEN 'waitlisted' THEN 1 \
             WHEN 'invited' THEN 2 ELSE 3 END, \
             CASE WHEN r.state = 'waitlisted' THEN r.queued_at ELSE 0 END, u.name, r.user_id",
        )
        .bind(event_id)
        .fetch_all(self)
        .await?;
        Ok(rows
            .into_iter()
            .map(
                |(user_id, name, email, state, queued_at, attended)| RsvpRow {
                    user_id,
                    name,
                    email,
                    state,
                    queued_at,
                    attended: attended != 0,
                },
            )
            .collect())
    }

    /// Marks whether someone came; false when they had no answer for the event.
    pub async fn set_attended(&self, event_id: i64, user_id: i64, attended: bool) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE rsvps SET attended = $1, updated_at = $2 WHERE event_id = $3 AND user_id = $4",
        )
        .bind(i64::from(attended))
        .bind(now())
        .bind(event_id)
        .bind(user_id)
        .execute(self)
        .await?;
        Ok(done.rows_affected() > 0)
    }

    /// `user_id`'s answer for the event, their place in line and the seats taken; `None` when
    /// they were never invited and never answered.
    pub async fn rsvp_standing(&self, event_id: i64, user_id: i64) -> Result<Option<Standing>> {
        Ok(sqlx::query_as(
            "SELECT r.state, \
             (SELECT COUNT(*) FROM rsvps w WHERE w.event_id = r.event_id AND w.state = 'waitlisted' \
              AND w.queued_at <= r.queued_at) AS position, \
             (SELECT COUNT(*) FROM rsvps g WHERE g.event_id = r.event_id AND g.state = 'going') AS going \
             FROM rsvps r WHERE r.event_id = $1 AND r.user_id = $2",
        )
        .bind(event_id)
        .bind(user_id)
        .fetch_optional(self)
        .await?)
    }
}
