//! Personal RSVP links' generations (a new invitation revokes earlier links) and each
//! person's private calendar feed, kept as the hash of its secret.

use super::super::{now, Db, Result};
use crate::ssr::storage::Lock;

/// What a personal link's owner stands at: the generation of their newest link, and whether
/// they are still with the organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LinkStanding {
    pub generation: i64,
    pub active: bool,
}

impl Db {
    /// The generation personal links for this person and event must carry. Sending a new
    /// invitation with `revoke` bumps it first, so earlier links stop working.
    pub async fn link_generation(&self, event_id: i64, user_id: i64, revoke: bool) -> Result<i64> {
        write_tx!(self, Lock::Event(event_id), |tx| {
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
            Ok(generation)
        })
    }

    /// The generation stored for a person and event, if they were ever invited.
    pub async fn current_link_generation(
        &self,
        event_id: i64,
        user_id: i64,
    ) -> Result<Option<LinkStanding>> {
        let row: Option<(i64, Option<i64>)> = sqlx::query_as(
            "SELECT r.link_generation, u.deactivated_at FROM rsvps r \
             JOIN users u ON u.id = r.user_id WHERE r.event_id = $1 AND r.user_id = $2",
        )
        .bind(event_id)
        .bind(user_id)
        .fetch_optional(self)
        .await?;
        Ok(row.map(|(generation, deactivated)| LinkStanding {
            generation,
            active: deactivated.is_none(),
        }))
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
        .execute(self)
        .await?;
        Ok(())
    }

    /// Whose calendar feed a token hash opens.
    pub async fn calendar_feed_owner(&self, token_hash: &str) -> Result<Option<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT f.user_id FROM calendar_feeds f JOIN users u ON u.id = f.user_id \
                 WHERE f.token_hash = $1 AND u.deactivated_at IS NULL",
        )
        .bind(token_hash)
        .fetch_optional(self)
        .await?)
    }
}
