//! Sessions a matched group plans and records, and the private feedback on them.

use super::jobs::insert_jobs;
use super::{id_list, now, Db, Json, NewJob, Result};
use crate::domain::PairSessionState;
use crate::ssr::storage::Lock;
use sqlx::{FromRow, Row};

/// What a proposer schedules. `replaces` is the proposal this one answers with another time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPairSession {
    pub program_id: i64,
    pub round_id: i64,
    pub group_no: i64,
    pub proposed_by: i64,
    pub starts_at: i64,
    pub ends_at: i64,
    pub time_zone: String,
    pub place: String,
    pub video_url: String,
    pub agenda: Vec<String>,
    pub replaces: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PairSessionRow {
    pub id: i64,
    pub program_id: i64,
    pub round_id: i64,
    pub group_no: i64,
    pub proposed_by: Option<i64>,
    pub starts_at: i64,
    pub ends_at: i64,
    pub time_zone: String,
    pub place: String,
    pub video_url: String,
    pub agenda: Json<Vec<String>>,
    pub state: PairSessionState,
    /// `None` until someone says; then 1 held or 0 not held.
    pub held: Option<i64>,
    pub notes: String,
    pub sequence: i64,
}

/// A session the dashboard shows, with what showing it needs beyond its row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DashboardSession {
    pub row: PairSessionRow,
    pub program_name: String,
    /// The person's own rating and comment, once they gave one.
    pub my_feedback: Option<(i64, String)>,
    /// Proposed or accepted, and not over.
    pub planned: bool,
    /// Accepted, started, and not yet recorded as held or not: one under way is both.
    pub unrecorded: bool,
}

impl PairSessionRow {
    pub fn agenda_items(&self) -> Vec<String> {
        self.agenda.0.clone()
    }
}

/// A program's sessions in figures, for its admins.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PairSessionCounts {
    pub planned: i64,
    pub held: i64,
    pub not_held: i64,
    pub ratings: i64,
    /// Sum of the ratings, for the average.
    pub rating_sum: i64,
    /// Different people who rated.
    pub raters: i64,
    /// Different people who wrote a comment.
    pub comment_authors: i64,
}

pub(super) const SESSION_COLUMNS: &str =
    "s.id, s.program_id, s.round_id, s.group_no, s.proposed_by, s.starts_at, \
     s.ends_at, s.time_zone, s.place, s.video_url, s.agenda, s.state, s.held, s.notes, s.sequence";

/// A session still planned at `$2`: proposed or accepted, and not over.
const PLANNED: &str = "s.ends_at >= $2 AND s.state IN ('proposed', 'accepted')";

/// An accepted session that has started by `$2` and that nobody has recorded as held or not.
const UNRECORDED: &str = "s.state = 'accepted' AND s.held IS NULL AND s.starts_at <= $2";

impl Db {
    /// Adds a proposal; when it answers another, that one is marked replaced in the same
    /// transaction.
    /// Writes a proposal (replacing the one it answers) and queues `jobs` with it.
    pub async fn create_session(&self, s: &NewPairSession, jobs: &[NewJob]) -> Result<i64> {
        write_tx!(self, Lock::Program(s.program_id), |tx| {
            let at = now();
            let id: i64 = sqlx::query(
                "INSERT INTO pair_sessions (program_id, round_id, group_no, proposed_by, starts_at, \
                 ends_at, time_zone, place, video_url, agenda, replaces, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id",
            )
            .bind(s.program_id)
            .bind(s.round_id)
            .bind(s.group_no)
            .bind(s.proposed_by)
            .bind(s.starts_at)
            .bind(s.ends_at)
            .bind(&s.time_zone)
            .bind(&s.place)
            .bind(&s.video_url)
            .bind(serde_json::to_string(&s.agenda).unwrap_or_else(|_| "[]".into()))
            .bind(s.replaces)
            .bind(at)
            .fetch_one(&mut *tx)
            .await?
            .try_get(0)?;
            if let Some(old) = s.replaces {
                sqlx::query(
                    "UPDATE pair_sessions SET state = 'replaced', sequence = sequence + 1, updated_at = $1 \
                     WHERE id = $2 AND round_id = $3 AND group_no = $4 AND state = 'proposed'",
                )
                .bind(at)
                .bind(old)
                .bind(s.round_id)
                .bind(s.group_no)
                .execute(&mut *tx)
                .await?;
            }
            insert_jobs(&mut tx, jobs).await?;
            Ok(id)
        })
    }

    pub async fn session(&self, id: i64) -> Result<Option<PairSessionRow>> {
        Ok(sqlx::query_as(&format!(
            "SELECT {SESSION_COLUMNS} FROM pair_sessions s WHERE s.id = $1"
        ))
        .bind(id)
        .fetch_optional(self)
        .await?)
    }

    /// A group's sessions, soonest first; replaced proposals are left out.
    pub async fn group_sessions(
        &self,
        round_id: i64,
        group_no: i64,
    ) -> Result<Vec<PairSessionRow>> {
        Ok(sqlx::query_as(&format!(
            "SELECT {SESSION_COLUMNS} FROM pair_sessions s WHERE s.round_id = $1 AND s.group_no = $2 \
             AND s.state <> 'replaced' ORDER BY s.starts_at, s.id"
        ))
        .bind(round_id)
        .bind(group_no)
        .fetch_all(self)
        .await?)
    }

    /// Proposed and accepted sessions of every group `user_id` belongs to, from `since` on.
    pub async fn sessions_of(&self, user_id: i64, since: i64) -> Result<Vec<PairSessionRow>> {
        Ok(sqlx::query_as(&format!(
            "SELECT {SESSION_COLUMNS} FROM pair_sessions s JOIN round_members m \
             ON m.round_id = s.round_id AND m.group_no = s.group_no \
             WHERE m.user_id = $1 AND {PLANNED} ORDER BY s.starts_at, s.id"
        ))
        .bind(user_id)
        .bind(since)
        .fetch_all(self)
        .await?)
    }

    /// The sessions of `user_id`'s groups that the dashboard shows, by start, in one
    /// statement: those [`Db::sessions_of`] lists from `at`, and accepted ones that have started
    /// by `at` and that nobody has recorded as held or not (the "did you meet?" questions).
    /// Each comes once, with its program's name and the person's own feedback.
    pub async fn planned_and_unrecorded(
        &self,
        user_id: i64,
        at: i64,
    ) -> Result<Vec<DashboardSession>> {
        let rows = sqlx::query(&format!(
            "SELECT {SESSION_COLUMNS}, p.name AS program_name, \
             f.rating AS my_rating, f.comment AS my_comment, \
             CASE WHEN {PLANNED} THEN 1 ELSE 0 END AS planned, \
             CASE WHEN {UNRECORDED} THEN 1 ELSE 0 END AS unrecorded \
             FROM pair_sessions s JOIN round_members m \
             ON m.round_id = s.round_id AND m.group_no = s.group_no \
             JOIN programs p ON p.id = s.program_id \
             LEFT JOIN session_feedback f ON f.session_id = s.id AND f.user_id = $1 \
             WHERE m.user_id = $1 AND (({PLANNED}) OR ({UNRECORDED})) ORDER BY s.starts_at, s.id"
        ))
        .bind(user_id)
        .bind(at)
        .fetch_all(self)
        .await?;
        rows.iter()
            .map(|row| {
                let rating: Option<i64> = row.try_get("my_rating")?;
                let comment: Option<String> = row.try_get("my_comment")?;
                Ok(DashboardSession {
                    row: PairSessionRow::from_row(row)?,
                    program_name: row.try_get("program_name")?,
                    my_feedback: rating.map(|r| (r, comment.unwrap_or_default())),
                    planned: row.try_get::<i64, _>("planned")? != 0,
                    unrecorded: row.try_get::<i64, _>("unrecorded")? != 0,
                })
            })
            .collect()
    }

    /// Whether `user_id` has an accepted session in a program: their first meeting is booked.
    pub async fn has_accepted_session(&self, program_id: i64, user_id: i64) -> Result<bool> {
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM pair_sessions s JOIN round_members m \
             ON m.round_id = s.round_id AND m.group_no = s.group_no \
             WHERE s.program_id = $1 AND m.user_id = $2 AND s.state = 'accepted'",
        )
        .bind(program_id)
        .bind(user_id)
        .fetch_one(self)
        .await?;
        Ok(n > 0)
    }

    pub async fn is_group_member(
        &self,
        round_id: i64,
        group_no: i64,
        user_id: i64,
    ) -> Result<bool> {
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM round_members WHERE round_id = $1 AND group_no = $2 AND user_id = $3",
        )
        .bind(round_id)
        .bind(group_no)
        .bind(user_id)
        .fetch_one(self)
        .await?;
        Ok(n > 0)
    }

    /// A group's members with their names, in one query.
    pub async fn group_member_names(
        &self,
        round_id: i64,
        group_no: i64,
    ) -> Result<Vec<(i64, String)>> {
        Ok(sqlx::query_as(
            "SELECT u.id, u.name FROM round_members m JOIN users u ON u.id = m.user_id \
             WHERE m.round_id = $1 AND m.group_no = $2 ORDER BY u.id",
        )
        .bind(round_id)
        .bind(group_no)
        .fetch_all(self)
        .await?)
    }

    /// The members of each session's group with their names, for many sessions in one query:
    /// `(session id, member id, name)`, by session, then member.
    pub async fn session_member_names(
        &self,
        session_ids: &[i64],
    ) -> Result<Vec<(i64, i64, String)>> {
        if session_ids.is_empty() {
            return Ok(Vec::new());
        }
        Ok(sqlx::query_as(&format!(
            "SELECT s.id, u.id, u.name FROM pair_sessions s JOIN round_members m \
             ON m.round_id = s.round_id AND m.group_no = s.group_no JOIN users u ON u.id = m.user_id \
             WHERE s.id IN ({}) ORDER BY s.id, u.id",
            id_list(session_ids)
        ))
        .fetch_all(self)
        .await?)
    }

    pub async fn group_members(&self, round_id: i64, group_no: i64) -> Result<Vec<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT user_id FROM round_members WHERE round_id = $1 AND group_no = $2 ORDER BY user_id",
        )
        .bind(round_id)
        .bind(group_no)
        .fetch_all(self)
        .await?)
    }

    /// Moves a session from `from` to `to` (accepting or cancelling); false when it was not in
    /// `from`, so a second tap changes nothing.
    pub async fn set_session_state(
        &self,
        id: i64,
        from: PairSessionState,
        to: PairSessionState,
        jobs: &[NewJob],
    ) -> Result<bool> {
        let mut tx = self.pool().begin().await?;
        let done = sqlx::query(
            "UPDATE pair_sessions SET state = $1, sequence = sequence + 1, updated_at = $2 \
             WHERE id = $3 AND state = $4",
        )
        .bind(to)
        .bind(now())
        .bind(id)
        .bind(from)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Ok(false);
        }
        insert_jobs(&mut tx, jobs).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Records whether an accepted session happened, and the pair's shared notes.
    pub async fn record_session(&self, id: i64, held: bool, notes: &str) -> Result<()> {
        sqlx::query(
            "UPDATE pair_sessions SET held = $1, notes = $2, updated_at = $3 WHERE id = $4",
        )
        .bind(i64::from(held))
        .bind(notes)
        .bind(now())
        .bind(id)
        .execute(self)
        .await?;
        Ok(())
    }

    /// Someone's private feedback on a session; a second answer replaces the first.
    pub async fn save_session_feedback(
        &self,
        session_id: i64,
        user_id: i64,
        rating: i64,
        comment: &str,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO session_feedback (session_id, user_id, rating, comment, created_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (session_id, user_id) \
             DO UPDATE SET rating = excluded.rating, comment = excluded.comment",
        )
        .bind(session_id)
        .bind(user_id)
        .bind(rating)
        .bind(comment)
        .bind(now())
        .execute(self)
        .await?;
        Ok(())
    }

    /// `user_id`'s own rating and comment on each of several sessions they rated:
    /// `(session id, rating, comment)`.
    pub async fn session_feedback_of(
        &self,
        session_ids: &[i64],
        user_id: i64,
    ) -> Result<Vec<(i64, i64, String)>> {
        if session_ids.is_empty() {
            return Ok(Vec::new());
        }
        Ok(sqlx::query_as(&format!(
            "SELECT session_id, rating, comment FROM session_feedback \
             WHERE user_id = $1 AND session_id IN ({})",
            id_list(session_ids)
        ))
        .bind(user_id)
        .fetch_all(self)
        .await?)
    }

    /// A program's sessions in figures: accepted and still to be recorded, held, not held,
    /// and the feedback ratings.
    pub async fn session_counts(&self, program_id: i64) -> Result<PairSessionCounts> {
        let (planned, held, not_held): (i64, i64, i64) = sqlx::query_as(
            "SELECT \
               CAST(COALESCE(SUM(CASE WHEN held IS NULL THEN 1 ELSE 0 END), 0) AS BIGINT), \
               CAST(COALESCE(SUM(CASE WHEN held = 1 THEN 1 ELSE 0 END), 0) AS BIGINT), \
               CAST(COALESCE(SUM(CASE WHEN held = 0 THEN 1 ELSE 0 END), 0) AS BIGINT) \
             FROM pair_sessions WHERE program_id = $1 AND state = 'accepted'",
        )
        .bind(program_id)
        .fetch_one(self)
        .await?;
        let (ratings, rating_sum, raters, authors): (i64, i64, i64, i64) = sqlx::query_as(
            "SELECT COUNT(*), CAST(COALESCE(SUM(f.rating), 0) AS BIGINT), \
             COUNT(DISTINCT f.user_id), \
             COUNT(DISTINCT CASE WHEN f.comment <> '' THEN f.user_id END) \
             FROM session_feedback f \
             JOIN pair_sessions s ON s.id = f.session_id WHERE s.program_id = $1",
        )
        .bind(program_id)
        .fetch_one(self)
        .await?;
        Ok(PairSessionCounts {
            planned,
            held,
            not_held,
            ratings,
            rating_sum,
            raters,
            comment_authors: authors,
        })
    }

    /// The comments of a program's session feedback, without who wrote them or when.
    pub async fn session_feedback_comments(&self, program_id: i64) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar(
            "SELECT f.comment FROM session_feedback f JOIN pair_sessions s ON s.id = f.session_id \
             WHERE s.program_id = $1 AND f.comment <> ''",
        )
        .bind(program_id)
        .fetch_all(self)
        .await?)
    }
}
