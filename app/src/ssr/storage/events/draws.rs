//! Exec Encounter draws: held once, with the seed and the order stored so anyone can repeat
//! them.

use super::super::jobs::insert_jobs;
use super::super::{now, Db, NewJob, Result};
use super::corrupt;
use super::rsvps::write_rsvp;
use crate::domain::{draw_order, Entrant, RsvpState, Task};
use crate::ssr::storage::Lock;

/// A held draw, as stored for audit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DrawRow {
    pub seed: i64,
    /// The secret beside the seed in the commitment; `None` for draws before commitments.
    pub nonce: Option<String>,
    /// User ids in drawn order, winners first.
    pub drawn: Vec<i64>,
    /// Who came first for having been passed over in the series' previous draw.
    pub priority: Vec<i64>,
    pub drawn_at: i64,
}

/// Those passed over in a draw: drawn after the last seat.
fn after_the_seats(drawn: &[i64], capacity: Option<i64>) -> Vec<i64> {
    match capacity {
        Some(c) if (c as usize) < drawn.len() => drawn[c as usize..].to_vec(),
        _ => Vec::new(),
    }
}

impl Db {
    /// Holds an Exec Encounter's draw: everyone who entered is ordered by
    /// [`crate::domain::draw_order`] under the seed chosen when the event was created
    /// (`fallback_seed` for an event made before seeds were), the first `capacity` go and
    /// the rest wait in drawn order. People passed over in the series' previous draw (the
    /// newest earlier draw of an Exec Encounter for the same audience) who did not get a seat
    /// after all come first, for this one draw only. `None` when the draw was already held.
    pub async fn hold_draw(
        &self,
        event_id: i64,
        fallback_seed: i64,
        drawn_by: i64,
    ) -> Result<Option<DrawRow>> {
        write_tx!(self, Lock::Event(event_id), |tx| {
            let held: i64 =
                sqlx::query_scalar("SELECT COUNT(*) FROM event_draws WHERE event_id = $1")
                    .bind(event_id)
                    .fetch_one(&mut *tx)
                    .await?;
            if held > 0 {
                return Ok(None);
            }
            let (capacity, stored_seed): (Option<i64>, Option<i64>) =
                sqlx::query_as("SELECT capacity, draw_seed FROM events WHERE id = $1")
                    .bind(event_id)
                    .fetch_one(&mut *tx)
                    .await?;
            let seed = stored_seed.unwrap_or(fallback_seed);
            let audience = |id: i64| {
                sqlx::query_scalar::<_, i64>(
                    "SELECT program_id FROM event_programs WHERE event_id = $1 ORDER BY program_id",
                )
                .bind(id)
            };
            let mine: Vec<i64> = audience(event_id).fetch_all(&mut *tx).await?;
            let earlier: Vec<(i64, String, Option<i64>)> = sqlx::query_as(
                "SELECT d.event_id, d.drawn, e.capacity FROM event_draws d \
                 JOIN events e ON e.id = d.event_id WHERE e.kind = 'exec_encounter' \
                 ORDER BY d.drawn_at DESC, d.event_id DESC",
            )
            .fetch_all(&mut *tx)
            .await?;
            let mut priority: Vec<i64> = Vec::new();
            for (other, drawn, other_capacity) in earlier {
                if audience(other).fetch_all(&mut *tx).await? == mine {
                    let drawn: Vec<i64> = serde_json::from_str(&drawn).map_err(corrupt)?;
                    // A seat freed later and taken from the waitlist is no loss.
                    let went: Vec<i64> = sqlx::query_scalar(
                        "SELECT user_id FROM rsvps WHERE event_id = $1 AND state = 'going'",
                    )
                    .bind(other)
                    .fetch_all(&mut *tx)
                    .await?;
                    priority = after_the_seats(&drawn, other_capacity);
                    priority.retain(|p| !went.contains(p));
                    break;
                }
            }
            let entrants: Vec<i64> = sqlx::query_scalar(
                "SELECT user_id FROM rsvps WHERE event_id = $1 AND state = 'entered' ORDER BY user_id",
            )
            .bind(event_id)
            .fetch_all(&mut *tx)
            .await?;
            priority.retain(|p| entrants.contains(p));
            let entrants: Vec<Entrant> = entrants
                .into_iter()
                .map(|user_id| Entrant {
                    user_id,
                    priority: priority.contains(&user_id),
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
            priority.sort_unstable();
            sqlx::query(
                "INSERT INTO event_draws (event_id, seed, drawn, drawn_at, drawn_by, priority) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(event_id)
            .bind(seed)
            .bind(serde_json::to_string(&drawn).map_err(corrupt)?)
            .bind(at)
            .bind(drawn_by)
            .bind(serde_json::to_string(&priority).map_err(corrupt)?)
            .execute(&mut *tx)
            .await?;
            // Everyone who entered is told where they stand, once.
            let task = Task::DrawResults { event_id };
            insert_jobs(
                &mut tx,
                &[NewJob::task(&task, format!("draw:{event_id}"), at)],
            )
            .await?;
            let nonce: Option<String> =
                sqlx::query_scalar("SELECT draw_nonce FROM events WHERE id = $1")
                    .bind(event_id)
                    .fetch_one(self)
                    .await?;
            Ok(Some(DrawRow {
                seed,
                nonce,
                drawn,
                priority,
                drawn_at: at,
            }))
        })
    }

    /// An event's draw, once held.
    pub async fn draw_of(&self, event_id: i64) -> Result<Option<DrawRow>> {
        let row: Option<(i64, String, i64, String, Option<String>)> = sqlx::query_as(
            "SELECT d.seed, d.drawn, d.drawn_at, d.priority, e.draw_nonce FROM event_draws d \
             JOIN events e ON e.id = d.event_id WHERE d.event_id = $1",
        )
        .bind(event_id)
        .fetch_optional(self)
        .await?;
        row.map(|(seed, drawn, drawn_at, priority, nonce)| {
            Ok(DrawRow {
                seed,
                nonce,
                drawn: serde_json::from_str(&drawn).map_err(corrupt)?,
                priority: serde_json::from_str(&priority).map_err(corrupt)?,
                drawn_at,
            })
        })
        .transpose()
    }
}
