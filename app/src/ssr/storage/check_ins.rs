//! Check-ins on goals, which keep each goal's newest value and day on its row so a board is one
//! query however many check-ins it has, and partners' comments.

use super::goals::next_position;
use super::{now, Db, Result};
use crate::domain::{CheckInSpec, GoalStatus};
use crate::ssr::storage::Lock;
use sqlx::Row;

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct CheckInRow {
    pub id: i64,
    pub value: i64,
    pub note: String,
    pub confidence: i64,
    pub checked_on: String,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct CommentRow {
    pub id: i64,
    pub author_id: i64,
    pub author: String,
    pub body: String,
    pub created_at: i64,
}

/// Why a check-in was not taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckInRefusal {
    NoSuchGoal,
    Dropped,
}

/// Unix seconds of midnight UTC on an ISO date, for freshness counted in days.
fn day_start(date: time::Date) -> i64 {
    date.midnight().assume_utc().unix_timestamp()
}

impl Db {
    /// Records a check-in: the value (for milestone goals, the ticked milestones, which
    /// replace the earlier ticks), and the goal's newest value. A Planned goal moves to In
    /// progress. Dropped goals take no check-ins.
    pub async fn add_check_in(
        &self,
        goal_id: i64,
        spec: &CheckInSpec,
    ) -> Result<std::result::Result<i64, CheckInRefusal>> {
        let owner = self.goal_owner(goal_id).await?;
        write_tx!(self, Lock::Board(owner), |tx| {
            let row: Option<(String, String, i64, i64, Option<i64>)> = sqlx::query_as(
                "SELECT status, measure, owner_id, program_id, last_check_in_at FROM goals WHERE id = $1",
            )
            .bind(goal_id)
            .fetch_optional(&mut *tx)
            .await?;
            let Some((status, measure, owner, program, last_at)) = row else {
                return Ok(Err(CheckInRefusal::NoSuchGoal));
            };
            if status == GoalStatus::Dropped.as_str() {
                return Ok(Err(CheckInRefusal::Dropped));
            }
            let value = if measure == "milestones" {
                sqlx::query("UPDATE goal_milestones SET done = 0 WHERE goal_id = $1")
                    .bind(goal_id)
                    .execute(&mut *tx)
                    .await?;
                for m in &spec.done {
                    sqlx::query(
                        "UPDATE goal_milestones SET done = 1 WHERE goal_id = $1 AND id = $2",
                    )
                    .bind(goal_id)
                    .bind(m)
                    .execute(&mut *tx)
                    .await?;
                }
                let done: i64 = sqlx::query_scalar(
                    "SELECT COUNT(*) FROM goal_milestones WHERE goal_id = $1 AND done = 1",
                )
                .bind(goal_id)
                .fetch_one(&mut *tx)
                .await?;
                done * 1000
            } else {
                spec.value.map(|v| v.0).unwrap_or_default()
            };
            let at = now();
            let id: i64 = sqlx::query(
                "INSERT INTO check_ins (goal_id, value, note, confidence, checked_on, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            )
            .bind(goal_id)
            .bind(value)
            .bind(&spec.note)
            .bind(spec.confidence)
            .bind(spec.checked_on.to_string())
            .bind(at)
            .fetch_one(&mut *tx)
            .await?
            .try_get(0)?;
            let newest: i64 = sqlx::query_scalar(
                "SELECT value FROM check_ins WHERE goal_id = $1 ORDER BY checked_on DESC, id DESC LIMIT 1",
            )
            .bind(goal_id)
            .fetch_one(&mut *tx)
            .await?;
            let last_at = last_at.unwrap_or(0).max(day_start(spec.checked_on));
            sqlx::query(
                "UPDATE goals SET last_value = $1, last_check_in_at = $2, updated_at = $3 WHERE id = $4",
            )
            .bind(newest)
            .bind(last_at)
            .bind(at)
            .bind(goal_id)
            .execute(&mut *tx)
            .await?;
            if status == GoalStatus::Planned.as_str() {
                let position =
                    next_position(&mut tx, owner, program, GoalStatus::InProgress).await?;
                sqlx::query("UPDATE goals SET status = 'in_progress', position = $1 WHERE id = $2")
                    .bind(position)
                    .bind(goal_id)
                    .execute(&mut *tx)
                    .await?;
            }
            Ok(Ok(id))
        })
    }

    /// A goal's check-ins, oldest first.
    pub async fn check_ins(&self, goal_id: i64) -> Result<Vec<CheckInRow>> {
        Ok(sqlx::query_as(
            "SELECT id, value, note, confidence, checked_on FROM check_ins WHERE goal_id = $1 \
             ORDER BY checked_on, id",
        )
        .bind(goal_id)
        .fetch_all(self)
        .await?)
    }

    pub async fn add_goal_comment(&self, goal_id: i64, author_id: i64, body: &str) -> Result<i64> {
        Ok(sqlx::query(
            "INSERT INTO goal_comments (goal_id, author_id, body, created_at) VALUES ($1, $2, $3, $4) \
             RETURNING id",
        )
        .bind(goal_id)
        .bind(author_id)
        .bind(body)
        .bind(now())
        .fetch_one(self)
        .await?
        .try_get(0)?)
    }

    pub async fn goal_comments(&self, goal_id: i64) -> Result<Vec<CommentRow>> {
        Ok(sqlx::query_as(
            "SELECT c.id, c.author_id, u.name AS author, c.body, c.created_at FROM goal_comments c \
             JOIN users u ON u.id = c.author_id WHERE c.goal_id = $1 ORDER BY c.created_at, c.id",
        )
        .bind(goal_id)
        .fetch_all(self)
        .await?)
    }
}
