//! Requests for a new match, and the change to a published round when one is approved.

use super::rounds::insert_group;
use super::{now, Db, Result, StorageError};
use crate::domain::ReassignmentState;
use crate::matching::MatchGroup;
use serde::{Deserialize, Serialize};

fn corrupt(e: impl std::fmt::Display) -> StorageError {
    StorageError::Corrupt(e.to_string())
}

/// A request as its program admins see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, sqlx::FromRow)]
pub struct ReassignmentRow {
    pub id: i64,
    pub round_id: i64,
    pub user_id: i64,
    pub name: String,
    pub reason: String,
    pub state: ReassignmentState,
    pub created_at: i64,
}

impl Db {
    /// Files a request; `None` when this person already has one pending in the program.
    pub async fn request_reassignment(
        &self,
        program_id: i64,
        round_id: i64,
        user_id: i64,
        reason: &str,
    ) -> Result<Option<i64>> {
        let mut tx = self.begin_write().await?;
        let pending: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM reassignment_requests WHERE program_id = $1 AND user_id = $2 \
             AND state = 'pending'",
        )
        .bind(program_id)
        .bind(user_id)
        .fetch_one(&mut *tx)
        .await?;
        if pending > 0 {
            return Ok(None);
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO reassignment_requests (program_id, round_id, user_id, reason, state, \
             created_at) VALUES ($1, $2, $3, $4, 'pending', $5) RETURNING id",
        )
        .bind(program_id)
        .bind(round_id)
        .bind(user_id)
        .bind(reason)
        .bind(now())
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Some(id))
    }

    /// A program's requests, pending first, newest first.
    pub async fn reassignments(&self, program_id: i64) -> Result<Vec<ReassignmentRow>> {
        Ok(sqlx::query_as(
            "SELECT r.id, r.round_id, r.user_id, u.name, r.reason, r.state, r.created_at \
             FROM reassignment_requests r JOIN users u ON u.id = r.user_id \
             WHERE r.program_id = $1 \
             ORDER BY CASE WHEN r.state = 'pending' THEN 0 ELSE 1 END, r.created_at DESC, r.id DESC",
        )
        .bind(program_id)
        .fetch_all(self.pool())
        .await?)
    }

    /// Whether `user_id` has a request pending in the program.
    pub async fn has_pending_reassignment(&self, program_id: i64, user_id: i64) -> Result<bool> {
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM reassignment_requests WHERE program_id = $1 AND user_id = $2 \
             AND state = 'pending'",
        )
        .bind(program_id)
        .bind(user_id)
        .fetch_one(self.pool())
        .await?;
        Ok(n > 0)
    }

    /// Records a decision; false when the request was no longer pending.
    pub async fn decide_reassignment(&self, id: i64, approved: bool) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE reassignment_requests SET state = $1, decided_at = $2 \
             WHERE id = $3 AND state = 'pending'",
        )
        .bind(if approved {
            ReassignmentState::Approved
        } else {
            ReassignmentState::Declined
        })
        .bind(now())
        .bind(id)
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Replaces some groups of a round with new ones, in one transaction, and records who is
    /// now unmatched. Other groups are left exactly as they were.
    pub async fn replace_groups(
        &self,
        round_id: i64,
        remove: &[i64],
        add: &[MatchGroup],
        unmatched: &[(i64, String)],
    ) -> Result<()> {
        let unmatched = serde_json::to_string(unmatched).map_err(corrupt)?;
        let mut tx = self.begin_write().await?;
        for group_no in remove {
            sqlx::query("DELETE FROM round_members WHERE round_id = $1 AND group_no = $2")
                .bind(round_id)
                .bind(group_no)
                .execute(&mut *tx)
                .await?;
            sqlx::query("DELETE FROM round_groups WHERE round_id = $1 AND group_no = $2")
                .bind(round_id)
                .bind(group_no)
                .execute(&mut *tx)
                .await?;
        }
        let next: i64 = sqlx::query_scalar(
            "SELECT COALESCE(MAX(group_no), -1) + 1 FROM round_groups WHERE round_id = $1",
        )
        .bind(round_id)
        .fetch_one(&mut *tx)
        .await?;
        for (k, group) in add.iter().enumerate() {
            insert_group(&mut tx, round_id, next + k as i64, group).await?;
        }
        sqlx::query(
            "UPDATE match_rounds SET unmatched = $1, total_score = \
             (SELECT COALESCE(SUM(score), 0) FROM round_groups WHERE round_id = $2) WHERE id = $2",
        )
        .bind(unmatched)
        .bind(round_id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
