//! Mentors people choose: a program's choice setting, requests from mentees to mentors, and
//! an accepted request becoming a group of the program's current round. Accepting locks the
//! program, so a mentor's last place goes to exactly one request however many arrive at once.

use super::jobs::insert_jobs;
use super::rounds::insert_group;
use super::{now, Db, Lock, NewJob, Result, StorageError};
use crate::domain::{ChoiceMode, MentorRequestState};
use crate::matching::MatchGroup;
use crate::models::Quality;
use std::collections::HashMap;

/// A request as stored.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct MentorRequestRow {
    pub id: i64,
    pub program_id: i64,
    pub mentee_id: i64,
    pub mentor_id: i64,
    pub note: String,
    pub state: MentorRequestState,
    pub created_at: i64,
    pub answer_by: i64,
    pub decided_at: Option<i64>,
}

const COLUMNS: &str =
    "id, program_id, mentee_id, mentor_id, note, state, created_at, answer_by, decided_at";

/// What became of an accepted request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Accepted {
    /// The pair is group `group_no` of round `round_id`.
    Joined { round_id: i64, group_no: i64 },
    /// The request was answered, withdrawn or lapsed meanwhile.
    NotPending,
    /// The mentor's places are taken.
    Full,
    /// The mentee was matched meanwhile.
    AlreadyMatched,
}

/// The newest published round of a program, with its id.
async fn current_round(conn: &mut sqlx::AnyConnection, program_id: i64) -> Result<Option<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT id FROM match_rounds WHERE program_id = $1 AND state = 'published' \
         ORDER BY number DESC LIMIT 1",
    )
    .bind(program_id)
    .fetch_optional(&mut *conn)
    .await?)
}

impl Db {
    /// Who makes a program's matches, and the days a mentor has to answer.
    pub async fn mentor_choice(&self, program_id: i64) -> Result<Option<(ChoiceMode, i64)>> {
        Ok(
            sqlx::query_as("SELECT mode, answer_days FROM mentor_choice WHERE program_id = $1")
                .bind(program_id)
                .fetch_optional(self)
                .await?,
        )
    }

    pub async fn save_mentor_choice(
        &self,
        program_id: i64,
        mode: ChoiceMode,
        answer_days: i64,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO mentor_choice (program_id, mode, answer_days, updated_at) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (program_id) DO UPDATE SET mode = excluded.mode, \
             answer_days = excluded.answer_days, updated_at = excluded.updated_at",
        )
        .bind(program_id)
        .bind(mode)
        .bind(answer_days)
        .bind(now())
        .execute(self)
        .await?;
        Ok(())
    }

    /// Mentees each mentor has in the program's current round, and everyone matched in it.
    pub async fn mentor_load(&self, program_id: i64) -> Result<(HashMap<i64, usize>, Vec<i64>)> {
        let mut conn = self.pool().acquire().await?;
        let Some(round) = current_round(&mut conn, program_id).await? else {
            return Ok(Default::default());
        };
        let load: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT mentor_id, COUNT(*) FROM round_groups WHERE round_id = $1 \
             AND mentor_id IS NOT NULL GROUP BY mentor_id",
        )
        .bind(round)
        .fetch_all(&mut *conn)
        .await?;
        let matched: Vec<i64> =
            sqlx::query_scalar("SELECT DISTINCT user_id FROM round_members WHERE round_id = $1")
                .bind(round)
                .fetch_all(&mut *conn)
                .await?;
        Ok((
            load.into_iter()
                .map(|(m, n)| (m, n.max(0) as usize))
                .collect(),
            matched,
        ))
    }

    /// Files a request with its message to the mentor; `None` when the mentee has one
    /// waiting already. A waiting request past its day lapses first.
    pub async fn create_mentor_request(
        &self,
        program_id: i64,
        mentee_id: i64,
        mentor_id: i64,
        note: &str,
        answer_by: i64,
        jobs: &[NewJob],
    ) -> Result<Option<i64>> {
        write_tx!(self, Lock::Program(program_id), |tx| {
            let at = now();
            sqlx::query(
                "UPDATE mentor_requests SET state = 'lapsed', decided_at = $1 \
                 WHERE program_id = $2 AND mentee_id = $3 AND state = 'pending' AND answer_by <= $1",
            )
            .bind(at)
            .bind(program_id)
            .bind(mentee_id)
            .execute(&mut *tx)
            .await?;
            let waiting: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM mentor_requests WHERE program_id = $1 AND mentee_id = $2 \
                 AND state = 'pending'",
            )
            .bind(program_id)
            .bind(mentee_id)
            .fetch_one(&mut *tx)
            .await?;
            if waiting > 0 {
                return Ok(None);
            }
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO mentor_requests (program_id, mentee_id, mentor_id, note, state, \
                 created_at, answer_by) VALUES ($1, $2, $3, $4, 'pending', $5, $6) RETURNING id",
            )
            .bind(program_id)
            .bind(mentee_id)
            .bind(mentor_id)
            .bind(note)
            .bind(at)
            .bind(answer_by)
            .fetch_one(&mut *tx)
            .await?;
            insert_jobs(&mut tx, jobs).await?;
            Ok(Some(id))
        })
    }

    pub async fn mentor_request(&self, id: i64) -> Result<Option<MentorRequestRow>> {
        Ok(sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM mentor_requests WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(self)
        .await?)
    }

    /// Requests waiting for `mentor_id`'s answer at `at`, oldest first.
    pub async fn requests_to_mentor(
        &self,
        program_id: i64,
        mentor_id: i64,
        at: i64,
    ) -> Result<Vec<MentorRequestRow>> {
        Ok(sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM mentor_requests WHERE program_id = $1 AND mentor_id = $2 \
             AND state = 'pending' AND answer_by > $3 ORDER BY created_at, id"
        ))
        .bind(program_id)
        .bind(mentor_id)
        .bind(at)
        .fetch_all(self)
        .await?)
    }

    /// A mentee's requests in a program, newest first.
    pub async fn requests_of_mentee(
        &self,
        program_id: i64,
        mentee_id: i64,
    ) -> Result<Vec<MentorRequestRow>> {
        Ok(sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM mentor_requests WHERE program_id = $1 AND mentee_id = $2 \
             ORDER BY created_at DESC, id DESC"
        ))
        .bind(program_id)
        .bind(mentee_id)
        .fetch_all(self)
        .await?)
    }

    /// Declines a waiting request with its message to the mentee; false when it was not
    /// waiting.
    pub async fn decline_mentor_request(&self, id: i64, jobs: &[NewJob]) -> Result<bool> {
        let mut tx = self.pool().begin().await?;
        let at = now();
        let done = sqlx::query(
            "UPDATE mentor_requests SET state = 'declined', decided_at = $1 \
             WHERE id = $2 AND state = 'pending' AND answer_by > $1",
        )
        .bind(at)
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

    /// Accepts a waiting request: the pair becomes `group` in the program's current round (a
    /// first round is published when there is none), if the mentor still has one of
    /// `capacity` places and the mentee is not matched; the messages go in the same
    /// transaction.
    pub async fn accept_mentor_request(
        &self,
        request: &MentorRequestRow,
        capacity: usize,
        group: &MatchGroup,
        jobs: &[NewJob],
    ) -> Result<Accepted> {
        write_tx!(self, Lock::Program(request.program_id), |tx| {
            let at = now();
            let state: Option<MentorRequestState> = sqlx::query_scalar(
                "SELECT state FROM mentor_requests WHERE id = $1 AND answer_by > $2",
            )
            .bind(request.id)
            .bind(at)
            .fetch_optional(&mut *tx)
            .await?;
            if state != Some(MentorRequestState::Pending) {
                return Ok(Accepted::NotPending);
            }
            let round = match current_round(&mut tx, request.program_id).await? {
                Some(round) => round,
                None => {
                    let number: i64 = sqlx::query_scalar(
                        "SELECT COALESCE(MAX(number), 0) + 1 FROM match_rounds WHERE program_id = $1",
                    )
                    .bind(request.program_id)
                    .fetch_one(&mut *tx)
                    .await?;
                    let quality = serde_json::to_string(&Quality::default())
                        .map_err(|e| StorageError::Corrupt(e.to_string()))?;
                    sqlx::query_scalar(
                        "INSERT INTO match_rounds (program_id, number, state, seed, total_score, \
                         upper_bound, exact_optimum, quality, unmatched, created_at, published_at) \
                         VALUES ($1, $2, 'published', 0, 0, 0, 1, $3, '[]', $4, $4) RETURNING id",
                    )
                    .bind(request.program_id)
                    .bind(number)
                    .bind(quality)
                    .bind(at)
                    .fetch_one(&mut *tx)
                    .await?
                }
            };
            let (load, matched): (i64, i64) = sqlx::query_as(
                "SELECT (SELECT COUNT(*) FROM round_groups WHERE round_id = $1 AND mentor_id = $2), \
                 (SELECT COUNT(*) FROM round_members WHERE round_id = $1 AND user_id = $3)",
            )
            .bind(round)
            .bind(request.mentor_id)
            .bind(request.mentee_id)
            .fetch_one(&mut *tx)
            .await?;
            if matched > 0 {
                return Ok(Accepted::AlreadyMatched);
            }
            if load.max(0) as usize >= capacity {
                return Ok(Accepted::Full);
            }
            let group_no: i64 = sqlx::query_scalar(
                "SELECT COALESCE(MAX(group_no), -1) + 1 FROM round_groups WHERE round_id = $1",
            )
            .bind(round)
            .fetch_one(&mut *tx)
            .await?;
            insert_group(&mut tx, round, group_no, group).await?;
            sqlx::query(
                "UPDATE mentor_requests SET state = 'accepted', decided_at = $1, round_id = $2 \
                 WHERE id = $3",
            )
            .bind(at)
            .bind(round)
            .bind(request.id)
            .execute(&mut *tx)
            .await?;
            insert_jobs(&mut tx, jobs).await?;
            Ok(Accepted::Joined {
                round_id: round,
                group_no,
            })
        })
    }

    /// Marks every request still waiting at `at` past its day as lapsed, and returns them.
    pub async fn lapse_mentor_requests(&self, at: i64) -> Result<Vec<MentorRequestRow>> {
        Ok(sqlx::query_as(&format!(
            "UPDATE mentor_requests SET state = 'lapsed', decided_at = $1 \
             WHERE state = 'pending' AND answer_by <= $1 RETURNING {COLUMNS}"
        ))
        .bind(at)
        .fetch_all(self)
        .await?)
    }
}
