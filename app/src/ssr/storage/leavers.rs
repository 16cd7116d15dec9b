//! People who leave: an org admin deactivates them (or a directory import marks them as
//! gone). In one write transaction they are signed out everywhere and give up the seats and
//! places in line they held for events still to come, each freed seat going to the first
//! who waits. Their data stays for the programs' records; matching, invitations, RSVP links and
//! calendar feeds pass them by until they are reactivated.

use super::events::rsvps::promote_first_waiting;
use super::{now, Db, Result};
use crate::ssr::storage::Lock;

/// A seat a leaver gave up, and who took it from the waitlist.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FreedSeat {
    pub event_id: i64,
    pub promoted: i64,
}

impl Db {
    /// Deactivates `user_id`; `None` when they were already inactive or do not exist, else the
    /// seats they freed.
    pub async fn deactivate(&self, user_id: i64) -> Result<Option<Vec<FreedSeat>>> {
        write_tx!(self, Lock::Organisation, |tx| {
            let at = now();
            let done = sqlx::query(
                "UPDATE users SET deactivated_at = $1, updated_at = $1 \
                 WHERE id = $2 AND deactivated_at IS NULL",
            )
            .bind(at)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() == 0 {
                return Ok(None);
            }
            sqlx::query("DELETE FROM logins WHERE user_id = $1")
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
            let held: Vec<(i64, String)> = sqlx::query_as(
                "SELECT r.event_id, r.state FROM rsvps r JOIN events e ON e.id = r.event_id \
                 WHERE r.user_id = $1 AND e.starts_at > $2 AND e.state = 'scheduled' \
                 AND r.state IN ('going', 'waitlisted', 'entered')",
            )
            .bind(user_id)
            .bind(at)
            .fetch_all(&mut *tx)
            .await?;
            let mut freed = Vec::new();
            for (event_id, state) in held {
                sqlx::query(
                    "UPDATE rsvps SET state = 'declined', updated_at = $1 \
                     WHERE event_id = $2 AND user_id = $3",
                )
                .bind(at)
                .bind(event_id)
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
                if state == "going" {
                    if let Some(promoted) = promote_first_waiting(&mut tx, event_id, at).await? {
                        freed.push(FreedSeat { event_id, promoted });
                    }
                }
            }
            Ok(Some(freed))
        })
    }

    /// Reactivates `user_id`; false when they were active.
    pub async fn reactivate(&self, user_id: i64) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE users SET deactivated_at = NULL, updated_at = $1 \
             WHERE id = $2 AND deactivated_at IS NOT NULL",
        )
        .bind(now())
        .bind(user_id)
        .execute(self)
        .await?;
        Ok(done.rows_affected() == 1)
    }
}
