//! Requests for a new match, and the change to a published round when one is approved.

use super::jobs::insert_jobs;
use super::rounds::insert_group;
use super::{now, Db, NewJob, Result, StorageError};
use crate::domain::ReassignmentState;
use crate::matching::MatchGroup;
use crate::ssr::storage::Lock;
use serde::{Deserialize, Serialize};

fn corrupt(e: impl std::fmt::Display) -> StorageError {
    StorageError::Corrupt(e.to_string())
}

/// How an approved request changes a published round.
#[derive(Debug, Clone, Copy)]
pub struct RoundChange<'a> {
    /// Group numbers to dissolve.
    pub dissolve: &'a [i64],
    /// New groups.
    pub add: &'a [MatchGroup],
    /// Groups that take in one more person: their number, and the group as it becomes.
    pub extend: &'a [(i64, MatchGroup)],
    /// Who is unmatched afterwards, and why.
    pub unmatched: &'a [(i64, String)],
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
    /// The program a round belongs to (0 for no round): changing a round locks its program.
    async fn round_program(&self, round_id: i64) -> Result<i64> {
        Ok(
            sqlx::query_scalar::<_, i64>("SELECT program_id FROM match_rounds WHERE id = $1")
                .bind(round_id)
                .fetch_optional(self)
                .await?
                .unwrap_or_default(),
        )
    }

    /// Files a request; `None` when this person already has one pending in the program.
    pub async fn request_reassignment(
        &self,
        program_id: i64,
        round_id: i64,
        user_id: i64,
        reason: &str,
        jobs: &[NewJob],
    ) -> Result<Option<i64>> {
        write_tx!(self, Lock::Program(program_id), |tx| {
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
            insert_jobs(&mut tx, jobs).await?;
            Ok(Some(id))
        })
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
        .fetch_all(self)
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
        .fetch_one(self)
        .await?;
        Ok(n > 0)
    }

    /// Records a decision; false when the request was no longer pending.
    pub async fn decide_reassignment(
        &self,
        id: i64,
        approved: bool,
        jobs: &[NewJob],
    ) -> Result<bool> {
        let mut tx = self.pool().begin().await?;
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
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Ok(false);
        }
        insert_jobs(&mut tx, jobs).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Changes a published round as an approved request for a new match needs, in one
    /// transaction: dissolves groups, adds new ones, lets some groups take in one more person,
    /// and records who is now unmatched; the other groups are left exactly as they were. A
    /// dissolved group is kept, marked, with its members, sessions, notes and feedback: it is
    /// history, and its pairs count as having met; its sessions still to come are cancelled.
    pub async fn change_round(
        &self,
        round_id: i64,
        change: &RoundChange<'_>,
        jobs: &[NewJob],
    ) -> Result<()> {
        let unmatched = serde_json::to_string(change.unmatched).map_err(corrupt)?;
        let program = self.round_program(round_id).await?;
        write_tx!(self, Lock::Program(program), |tx| {
            let at = now();
            for group_no in change.dissolve {
                sqlx::query(
                    "UPDATE round_groups SET dissolved_at = $1 \
                     WHERE round_id = $2 AND group_no = $3 AND dissolved_at IS NULL",
                )
                .bind(at)
                .bind(round_id)
                .bind(group_no)
                .execute(&mut *tx)
                .await?;
                sqlx::query(
                    "UPDATE pair_sessions SET state = 'cancelled', sequence = sequence + 1, \
                     updated_at = $1 WHERE round_id = $2 AND group_no = $3 \
                     AND state IN ('proposed', 'accepted') AND starts_at > $1",
                )
                .bind(at)
                .bind(round_id)
                .bind(group_no)
                .execute(&mut *tx)
                .await?;
            }
            for (group_no, group) in change.extend {
                let pairs = serde_json::to_string(&group.pairs).map_err(corrupt)?;
                sqlx::query(
                    "UPDATE round_groups SET pairs = $1, score = $2 WHERE round_id = $3 AND group_no = $4",
                )
                .bind(pairs)
                .bind(group.score)
                .bind(round_id)
                .bind(group_no)
                .execute(&mut *tx)
                .await?;
                for member in &group.members {
                    sqlx::query(
                        "INSERT INTO round_members (round_id, group_no, user_id) VALUES ($1, $2, $3) \
                         ON CONFLICT DO NOTHING",
                    )
                    .bind(round_id)
                    .bind(group_no)
                    .bind(member)
                    .execute(&mut *tx)
                    .await?;
                }
            }
            let next: i64 = sqlx::query_scalar(
                "SELECT COALESCE(MAX(group_no), -1) + 1 FROM round_groups WHERE round_id = $1",
            )
            .bind(round_id)
            .fetch_one(&mut *tx)
            .await?;
            for (k, group) in change.add.iter().enumerate() {
                insert_group(&mut tx, round_id, next + k as i64, group).await?;
            }
            sqlx::query(
                "UPDATE match_rounds SET unmatched = $1, total_score = \
                 (SELECT COALESCE(SUM(score), 0) FROM round_groups WHERE round_id = $2 \
                  AND dissolved_at IS NULL) WHERE id = $2",
            )
            .bind(unmatched.clone())
            .bind(round_id)
            .execute(&mut *tx)
            .await?;
            insert_jobs(&mut tx, jobs).await?;
            Ok(())
        })
    }
}
