//! Events and RSVPs. Every answer runs in one write transaction that counts the seats taken
//! and writes the answer, so an event is never over capacity and nobody holds two rows,
//! however many people answer at once; a cancellation promotes the first on the waitlist in
//! the same transaction.

use super::{now, AnyQuery, Db, Result, StorageError};
use crate::domain::{draw_order, seat_for, Capacity, Entrant, EventKind, EventState, RsvpState};
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
}

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

const EVENT_COLUMNS: &str = "e.id, e.title, e.description, e.kind, e.starts_at, e.ends_at, \
     e.time_zone, e.place, e.video_url, e.capacity, e.rsvp_deadline, e.host_id, e.state, e.sequence, e.created_by";

impl Db {
    pub async fn create_event(&self, event: &NewEvent) -> Result<i64> {
        let mut tx = self.begin_write().await?;
        let query = sqlx::query(
            "INSERT INTO events (title, description, kind, starts_at, ends_at, time_zone, place, \
             video_url, capacity, rsvp_deadline, host_id, created_by, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13) RETURNING id",
        );
        let id: i64 = bind_event(query, event)
            .bind(event.host_id)
            .bind(event.created_by)
            .bind(now())
            .fetch_one(&mut *tx)
            .await?
            .try_get(0)?;
        write_audience(&mut tx, id, &event.programs).await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn event(&self, id: i64) -> Result<Option<EventRow>> {
        Ok(sqlx::query_as(&format!(
            "SELECT {EVENT_COLUMNS} FROM events e WHERE e.id = $1"
        ))
        .bind(id)
        .fetch_optional(self.pool())
        .await?)
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
        let event: Option<Answerable> = sqlx::query_as(
            "SELECT capacity, state, rsvp_deadline, kind, \
             (SELECT COUNT(*) FROM event_draws d WHERE d.event_id = events.id) AS draws \
             FROM events WHERE id = $1",
        )
        .bind(event_id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(Answerable {
            capacity,
            state,
            rsvp_deadline: deadline,
            kind,
            draws,
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
        let current: Option<RsvpState> =
            sqlx::query_scalar("SELECT state FROM rsvps WHERE event_id = $1 AND user_id = $2")
                .bind(event_id)
                .bind(user_id)
                .fetch_optional(&mut *tx)
                .await?;
        let mut promoted = None;
        let new_state = match (going, current) {
            (true, Some(s)) if s.wants_to_go() => s,
            (false, Some(RsvpState::Declined)) => RsvpState::Declined,
            // Before an Exec Encounter's draw, "going" enters the draw; seats come later.
            (true, _) if kind == EventKind::ExecEncounter && draws == 0 => {
                write_rsvp(&mut tx, event_id, user_id, RsvpState::Entered, Some(0), at).await?;
                RsvpState::Entered
            }
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
        let rows: Vec<(RsvpState, i64)> =
            sqlx::query_as("SELECT state, COUNT(*) FROM rsvps WHERE event_id = $1 GROUP BY state")
                .bind(event_id)
                .fetch_all(self.pool())
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
        .fetch_all(self.pool())
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
const VISIBLE: &str = "($2 = 1 \
     OR NOT EXISTS (SELECT 1 FROM event_programs ep WHERE ep.event_id = e.id) \
     OR EXISTS (SELECT 1 FROM event_programs ep JOIN enrollments en ON en.program_id = ep.program_id \
                WHERE ep.event_id = e.id AND en.user_id = $1 AND en.status <> 'left') \
     OR EXISTS (SELECT 1 FROM event_programs ep JOIN program_admins pa ON pa.program_id = ep.program_id \
                WHERE ep.event_id = e.id AND pa.user_id = $1))";

impl Db {
    /// Changes an event and bumps its sequence, so calendars replace their copy.
    pub async fn update_event(&self, id: i64, event: &NewEvent) -> Result<()> {
        let mut tx = self.begin_write().await?;
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
        tx.commit().await?;
        Ok(())
    }

    /// Events `user_id` may see that end after `since` (`upcoming`) or before it, soonest
    /// first for upcoming and latest first for past ones.
    pub async fn events_for(
        &self,
        user_id: i64,
        sees_all: bool,
        since: i64,
        upcoming: bool,
        limit: i64,
    ) -> Result<Vec<EventListRow>> {
        let (when, order) = if upcoming {
            ("e.ends_at >= $3", "e.starts_at, e.id")
        } else {
            ("e.ends_at < $3", "e.starts_at DESC, e.id DESC")
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
        .fetch_all(self.pool())
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
        .fetch_one(self.pool())
        .await?;
        Ok(n > 0)
    }

    /// Everyone an event is for, to invite: every account when it is for everyone, else the
    /// programs' members who have not left. (id, name, email), by name.
    pub async fn event_audience(&self, event_id: i64) -> Result<Vec<(i64, String, String)>> {
        Ok(sqlx::query_as(
            "SELECT u.id, u.name, u.email FROM users u WHERE \
             NOT EXISTS (SELECT 1 FROM event_programs ep WHERE ep.event_id = $1) \
             OR EXISTS (SELECT 1 FROM event_programs ep JOIN enrollments en \
                        ON en.program_id = ep.program_id \
                        WHERE ep.event_id = $1 AND en.user_id = u.id AND en.status <> 'left') \
             ORDER BY u.name, u.id",
        )
        .bind(event_id)
        .fetch_all(self.pool())
        .await?)
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
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected() > 0)
    }

    /// The names of an event's programs.
    pub async fn event_program_names(&self, event_id: i64) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar(
            "SELECT p.name FROM event_programs ep JOIN programs p ON p.id = ep.program_id \
             WHERE ep.event_id = $1 ORDER BY p.name",
        )
        .bind(event_id)
        .fetch_all(self.pool())
        .await?)
    }

    /// The events `user_id` is going to or waiting for, for their calendar feed.
    pub async fn events_of(&self, user_id: i64) -> Result<Vec<EventRow>> {
        Ok(sqlx::query_as(&format!(
            "SELECT {EVENT_COLUMNS} FROM events e JOIN rsvps r ON r.event_id = e.id \
             WHERE r.user_id = $1 AND r.state IN ('going', 'waitlisted') ORDER BY e.starts_at, e.id"
        ))
        .bind(user_id)
        .fetch_all(self.pool())
        .await?)
    }

    /// Sets a new calendar feed token (its hash) for `user_id`, replacing any earlier one.
    pub async fn set_calendar_feed(&self, user_id: i64, token_hash: &str) -> Result<()> {
        sqlx::query(
            "INSERT INTO calendar_feeds (user_id, token_hash, created_at) VALUES ($1, $2, $3) \
             ON CONFLICT (user_id) DO UPDATE SET token_hash = excluded.token_hash, \
             created_at = excluded.created_at",
        )
        .bind(user_id)
        .bind(token_hash)
        .bind(now())
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Whose calendar feed a token hash opens.
    pub async fn calendar_feed_owner(&self, token_hash: &str) -> Result<Option<i64>> {
        Ok(
            sqlx::query_scalar("SELECT user_id FROM calendar_feeds WHERE token_hash = $1")
                .bind(token_hash)
                .fetch_optional(self.pool())
                .await?,
        )
    }
}

/// A held draw, as stored for audit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DrawRow {
    pub seed: i64,
    /// User ids in drawn order, winners first.
    pub drawn: Vec<i64>,
    pub drawn_at: i64,
}

impl Db {
    /// Holds an Exec Encounter's draw: everyone who entered is ordered by
    /// [`crate::domain::draw_order`] under `seed` (people passed over in an earlier draw
    /// first), the first `capacity` go and the rest wait in drawn order. `None` when the draw
    /// was already held.
    pub async fn hold_draw(
        &self,
        event_id: i64,
        seed: i64,
        drawn_by: i64,
    ) -> Result<Option<DrawRow>> {
        let mut tx = self.begin_write().await?;
        let held: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM event_draws WHERE event_id = $1")
            .bind(event_id)
            .fetch_one(&mut *tx)
            .await?;
        if held > 0 {
            return Ok(None);
        }
        let capacity: Option<i64> = sqlx::query_scalar("SELECT capacity FROM events WHERE id = $1")
            .bind(event_id)
            .fetch_one(&mut *tx)
            .await?;
        // Passed over last time: still waiting after another Exec Encounter's draw.
        let entrants: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT r.user_id, (SELECT COUNT(*) FROM rsvps o JOIN events oe ON oe.id = o.event_id \
             JOIN event_draws od ON od.event_id = o.event_id \
             WHERE o.user_id = r.user_id AND o.event_id <> r.event_id \
             AND oe.kind = 'exec_encounter' AND o.state = 'waitlisted') \
             FROM rsvps r WHERE r.event_id = $1 AND r.state = 'entered' ORDER BY r.user_id",
        )
        .bind(event_id)
        .fetch_all(&mut *tx)
        .await?;
        let entrants: Vec<Entrant> = entrants
            .into_iter()
            .map(|(user_id, passed_over)| Entrant {
                user_id,
                priority: passed_over > 0,
            })
            .collect();
        let drawn = draw_order(&entrants, seed as u64);
        let at = now();
        for (rank, user_id) in drawn.iter().enumerate() {
            let state = match capacity {
                Some(c) if rank as i64 >= c => RsvpState::Waitlisted,
                _ => RsvpState::Going,
            };
            write_rsvp(
                &mut tx,
                event_id,
                *user_id,
                state,
                Some(rank as i64 + 1),
                at,
            )
            .await?;
        }
        sqlx::query(
            "INSERT INTO event_draws (event_id, seed, drawn, drawn_at, drawn_by) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(event_id)
        .bind(seed)
        .bind(serde_json::to_string(&drawn).map_err(corrupt)?)
        .bind(at)
        .bind(drawn_by)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Some(DrawRow {
            seed,
            drawn,
            drawn_at: at,
        }))
    }

    /// An event's draw, once held.
    pub async fn draw_of(&self, event_id: i64) -> Result<Option<DrawRow>> {
        let row: Option<(i64, String, i64)> =
            sqlx::query_as("SELECT seed, drawn, drawn_at FROM event_draws WHERE event_id = $1")
                .bind(event_id)
                .fetch_optional(self.pool())
                .await?;
        row.map(|(seed, drawn, drawn_at)| {
            Ok(DrawRow {
                seed,
                drawn: serde_json::from_str(&drawn).map_err(corrupt)?,
                drawn_at,
            })
        })
        .transpose()
    }
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
        .fetch_optional(self.pool())
        .await?)
    }
}
