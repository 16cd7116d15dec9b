//! Exec Encounter draws: held once, with the seed and the order stored so anyone can repeat
//! them.

use super::super::jobs::insert_jobs;
use super::super::{now, Db, NewJob, Result};
use super::corrupt;
use super::rsvps::write_rsvp;
use crate::domain::{draw_order, Entrant, RsvpState, Task};

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
        // Everyone who entered is told where they stand, once.
        let task = Task::DrawResults { event_id };
        insert_jobs(
            &mut tx,
            &[NewJob::task(&task, format!("draw:{event_id}"), at)],
        )
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
