//! A program's chat channels (sealed webhook addresses) and whether its announcements name
//! people. The storage layer keeps the sealed text as it is given: sealing and opening are the
//! chat service's.

use super::{now, Db, Result, StorageError};
use crate::domain::ChatKind;

/// A channel as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChatChannelRow {
    pub id: i64,
    pub program_id: i64,
    pub kind: ChatKind,
    pub sealed_url: String,
    pub hint: String,
    pub created_at: i64,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    program_id: i64,
    kind: String,
    sealed_url: String,
    hint: String,
    created_at: i64,
}

impl TryFrom<Row> for ChatChannelRow {
    type Error = StorageError;
    fn try_from(r: Row) -> Result<Self> {
        let kind = ChatKind::parse(&r.kind)
            .ok_or_else(|| StorageError::Corrupt(format!("unknown chat kind {:?}", r.kind)))?;
        Ok(ChatChannelRow {
            id: r.id,
            program_id: r.program_id,
            kind,
            sealed_url: r.sealed_url,
            hint: r.hint,
            created_at: r.created_at,
        })
    }
}

const COLUMNS: &str = "id, program_id, kind, sealed_url, hint, created_at";

impl Db {
    /// Adds a channel to a program; returns its id.
    pub async fn add_chat_channel(
        &self,
        program_id: i64,
        kind: ChatKind,
        sealed_url: &str,
        hint: &str,
        created_by: i64,
    ) -> Result<i64> {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO chat_channels (program_id, kind, sealed_url, hint, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(program_id)
        .bind(kind.as_str())
        .bind(sealed_url)
        .bind(hint)
        .bind(created_by)
        .bind(now())
        .fetch_one(self)
        .await?;
        Ok(id)
    }

    /// A program's channels, oldest first.
    pub async fn chat_channels(&self, program_id: i64) -> Result<Vec<ChatChannelRow>> {
        let rows: Vec<Row> = sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM chat_channels WHERE program_id = $1 ORDER BY id"
        ))
        .bind(program_id)
        .fetch_all(self)
        .await?;
        rows.into_iter().map(ChatChannelRow::try_from).collect()
    }

    /// One channel, whichever program it belongs to.
    pub async fn chat_channel(&self, id: i64) -> Result<Option<ChatChannelRow>> {
        let row: Option<Row> = sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM chat_channels WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(self)
        .await?;
        row.map(ChatChannelRow::try_from).transpose()
    }

    /// Removes a program's channel; false when the program has no such channel.
    pub async fn remove_chat_channel(&self, program_id: i64, id: i64) -> Result<bool> {
        let done = sqlx::query("DELETE FROM chat_channels WHERE id = $1 AND program_id = $2")
            .bind(id)
            .bind(program_id)
            .execute(self)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Whether the program's round announcements name who was matched with whom.
    pub async fn chat_names(&self, program_id: i64) -> Result<bool> {
        let names: Option<i64> =
            sqlx::query_scalar("SELECT chat_names FROM programs WHERE id = $1")
                .bind(program_id)
                .fetch_optional(self)
                .await?;
        Ok(names == Some(1))
    }

    pub async fn set_chat_names(&self, program_id: i64, names: bool) -> Result<()> {
        sqlx::query("UPDATE programs SET chat_names = $1 WHERE id = $2")
            .bind(i64::from(names))
            .bind(program_id)
            .execute(self)
            .await?;
        Ok(())
    }
}

impl Db {
    /// Programs that have chat channels and are enrolling or running: those whose channels
    /// hear the week's highlights.
    pub async fn programs_with_chat(&self) -> Result<Vec<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT p.id FROM programs p WHERE p.state IN ('enrolling', 'running') \
             AND EXISTS (SELECT 1 FROM chat_channels c WHERE c.program_id = p.id) ORDER BY p.id",
        )
        .fetch_all(self)
        .await?)
    }

    /// What happened in a program between `from` and `to`: pair sessions held, and goals
    /// achieved among those their owners share with admins (private goals are not counted).
    pub async fn chat_highlights(&self, program_id: i64, from: i64, to: i64) -> Result<(i64, i64)> {
        let (held, achieved): (i64, i64) = sqlx::query_as(
            "SELECT \
             (SELECT COUNT(*) FROM pair_sessions WHERE program_id = $1 AND state = 'accepted' \
              AND held = 1 AND starts_at >= $2 AND starts_at < $3), \
             (SELECT COUNT(*) FROM goals WHERE program_id = $1 AND status = 'achieved' \
              AND visibility = 'match_admins' AND updated_at >= $2 AND updated_at < $3)",
        )
        .bind(program_id)
        .bind(from)
        .bind(to)
        .fetch_one(self)
        .await?;
        Ok((held, achieved))
    }
}
