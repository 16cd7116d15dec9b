//! The organisation's Slack app (sealed token and secret), who people are in Slack, whether
//! they want Slack messages, and the signatures of requests already acted on.

use super::{now, Db, Result};

/// The Slack app as stored: sealed, for the Slack room to open.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct SlackAppRow {
    pub sealed_token: String,
    pub sealed_secret: String,
    pub token_hint: String,
    pub updated_at: i64,
}

/// What Tandem last learnt of a person in Slack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlackPerson {
    /// `None`: Slack did not know their address.
    pub slack_id: Option<String>,
    pub checked_at: i64,
}

impl Db {
    pub async fn slack_app(&self) -> Result<Option<SlackAppRow>> {
        Ok(sqlx::query_as(
            "SELECT sealed_token, sealed_secret, token_hint, updated_at FROM slack_app WHERE id = 1",
        )
        .fetch_optional(self)
        .await?)
    }

    /// Saves the app's token and secret; a new token forgets who people were in Slack, since
    /// it may belong to another workspace.
    pub async fn save_slack_app(
        &self,
        sealed_token: &str,
        sealed_secret: &str,
        token_hint: &str,
        by: i64,
    ) -> Result<()> {
        let mut tx = self.pool().begin().await?;
        sqlx::query(
            "INSERT INTO slack_app (id, sealed_token, sealed_secret, token_hint, updated_by, updated_at) \
             VALUES (1, $1, $2, $3, $4, $5) ON CONFLICT (id) DO UPDATE SET \
             sealed_token = excluded.sealed_token, sealed_secret = excluded.sealed_secret, \
             token_hint = excluded.token_hint, updated_by = excluded.updated_by, \
             updated_at = excluded.updated_at",
        )
        .bind(sealed_token)
        .bind(sealed_secret)
        .bind(token_hint)
        .bind(by)
        .bind(now())
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM slack_people")
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Forgets the app: messages go by email again.
    pub async fn remove_slack_app(&self) -> Result<()> {
        let mut tx = self.pool().begin().await?;
        sqlx::query("DELETE FROM slack_app")
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM slack_people")
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn slack_person(&self, user_id: i64) -> Result<Option<SlackPerson>> {
        let row: Option<(Option<String>, i64)> =
            sqlx::query_as("SELECT slack_id, checked_at FROM slack_people WHERE user_id = $1")
                .bind(user_id)
                .fetch_optional(self)
                .await?;
        Ok(row.map(|(slack_id, checked_at)| SlackPerson {
            slack_id,
            checked_at,
        }))
    }

    pub async fn save_slack_person(&self, user_id: i64, slack_id: Option<&str>) -> Result<()> {
        sqlx::query(
            "INSERT INTO slack_people (user_id, slack_id, checked_at) VALUES ($1, $2, $3) \
             ON CONFLICT (user_id) DO UPDATE SET slack_id = excluded.slack_id, \
             checked_at = excluded.checked_at",
        )
        .bind(user_id)
        .bind(slack_id)
        .bind(now())
        .execute(self)
        .await?;
        Ok(())
    }

    /// The Tandem account Slack's user `slack_id` was found to be.
    pub async fn user_of_slack_id(&self, slack_id: &str) -> Result<Option<i64>> {
        Ok(
            sqlx::query_scalar("SELECT user_id FROM slack_people WHERE slack_id = $1")
                .bind(slack_id)
                .fetch_optional(self)
                .await?,
        )
    }

    /// Whether the person takes notifications in Slack (yes unless they said no).
    pub async fn slack_dm(&self, user_id: i64) -> Result<bool> {
        let dm: Option<i64> = sqlx::query_scalar("SELECT dm FROM slack_choices WHERE user_id = $1")
            .bind(user_id)
            .fetch_optional(self)
            .await?;
        Ok(dm != Some(0))
    }

    pub async fn save_slack_dm(&self, user_id: i64, dm: bool) -> Result<()> {
        sqlx::query(
            "INSERT INTO slack_choices (user_id, dm, updated_at) VALUES ($1, $2, $3) \
             ON CONFLICT (user_id) DO UPDATE SET dm = excluded.dm, updated_at = excluded.updated_at",
        )
        .bind(user_id)
        .bind(i64::from(dm))
        .bind(now())
        .execute(self)
        .await?;
        Ok(())
    }

    /// Records a request's signature; false when it was seen before (a replay).
    pub async fn first_slack_request(&self, signature: &str) -> Result<bool> {
        let done = sqlx::query(
            "INSERT INTO slack_requests (signature, seen_at) VALUES ($1, $2) \
             ON CONFLICT (signature) DO NOTHING",
        )
        .bind(signature)
        .bind(now())
        .execute(self)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Forgets signatures older than `max_age_secs`.
    pub async fn prune_slack_requests(&self, max_age_secs: i64) -> Result<u64> {
        let done = sqlx::query("DELETE FROM slack_requests WHERE seen_at < $1")
            .bind(now() - max_age_secs)
            .execute(self)
            .await?;
        Ok(done.rows_affected())
    }
}
