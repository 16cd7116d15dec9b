//! Mentoring records for performance reviews: managers' requests, employees' consents, and
//! the log of every export. Who may ask is part of the insert (only the employee's manager in
//! the org chart), and who may read is part of the read (an agreement neither withdrawn, nor
//! past its end, nor to someone who is no longer the employee's manager).

use super::jobs::insert_jobs;
use super::{Db, Json, Lock, NewJob, Result};
use crate::domain::{ConsentState, RecordFormat, ReviewScope};

/// A request and its answer, with both people's names.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ConsentRow {
    pub id: i64,
    pub employee_id: i64,
    pub employee_name: String,
    pub manager_id: i64,
    pub manager_name: String,
    pub state: ConsentState,
    pub scope: Json<ReviewScope>,
    pub requested_at: i64,
    pub answered_at: Option<i64>,
    pub expires_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

/// One export of a record, as its employee reads the log.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ExportRow {
    pub reader_id: Option<i64>,
    pub reader_name: String,
    pub consent_id: Option<i64>,
    pub format: RecordFormat,
    pub at: i64,
}

/// An achieved goal a record may include.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AchievedGoalRow {
    pub id: i64,
    pub title: String,
    pub program_name: String,
    pub achieved_at: i64,
}

const CONSENT: &str = "SELECT c.id, c.employee_id, e.name AS employee_name, c.manager_id, \
     m.name AS manager_name, c.state, c.scope, c.requested_at, c.answered_at, c.expires_at, \
     c.revoked_at \
     FROM review_consents c JOIN users e ON e.id = c.employee_id \
     JOIN users m ON m.id = c.manager_id";

impl Db {
    /// `manager_id` asks `employee_id` for their record. False when they are not the
    /// employee's manager, the employee has left, or a request is already waiting.
    /// `jobs` (the email to the employee) are queued with the request, only if it is made.
    pub async fn request_review(
        &self,
        manager_id: i64,
        employee_id: i64,
        at: i64,
        jobs: &[NewJob],
    ) -> Result<bool> {
        write_tx!(self, Lock::NewRows, |tx| {
            let done = sqlx::query(
                "INSERT INTO review_consents (employee_id, manager_id, state, scope, \
                     requested_at) \
                 SELECT u.id, $1, 'pending', '{}', $3 FROM users u \
                 WHERE u.id = $2 AND u.manager_id = $1 AND u.deactivated_at IS NULL \
                 ON CONFLICT DO NOTHING",
            )
            .bind(manager_id)
            .bind(employee_id)
            .bind(at)
            .execute(&mut *tx)
            .await?;
            let made = done.rows_affected() == 1;
            if made {
                insert_jobs(&mut tx, jobs).await?;
            }
            Ok(made)
        })
    }

    /// The employee's answer to a waiting request: agreement to `scope` until `expires_at`,
    /// or (with `None`) a refusal; `jobs` (the email to the manager) are queued with it. False
    /// when there is no such request of theirs waiting.
    pub async fn answer_review(
        &self,
        consent_id: i64,
        employee_id: i64,
        agreed: Option<(&ReviewScope, i64)>,
        at: i64,
        jobs: &[NewJob],
    ) -> Result<bool> {
        let (state, scope, expires_at) = match agreed {
            Some((scope, until)) => (
                ConsentState::Approved,
                serde_json::to_string(scope).unwrap_or_else(|_| "{}".into()),
                Some(until),
            ),
            None => (ConsentState::Declined, "{}".to_owned(), None),
        };
        write_tx!(self, Lock::NewRows, |tx| {
            let done = sqlx::query(
                "UPDATE review_consents SET state = $1, scope = $2, expires_at = $3, \
                     answered_at = $4 \
                 WHERE id = $5 AND employee_id = $6 AND state = 'pending'",
            )
            .bind(state)
            .bind(&scope)
            .bind(expires_at)
            .bind(at)
            .bind(consent_id)
            .bind(employee_id)
            .execute(&mut *tx)
            .await?;
            let answered = done.rows_affected() == 1;
            if answered {
                insert_jobs(&mut tx, jobs).await?;
            }
            Ok(answered)
        })
    }

    /// The employee withdraws an agreement. False when there is no agreement of theirs to
    /// withdraw.
    pub async fn revoke_review(&self, consent_id: i64, employee_id: i64, at: i64) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE review_consents SET state = 'revoked', revoked_at = $1 \
             WHERE id = $2 AND employee_id = $3 AND state = 'approved'",
        )
        .bind(at)
        .bind(consent_id)
        .bind(employee_id)
        .execute(self)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Requests to `employee_id` and their answers, newest first.
    pub async fn consents_of_employee(&self, employee_id: i64) -> Result<Vec<ConsentRow>> {
        Ok(sqlx::query_as(&format!(
            "{CONSENT} WHERE c.employee_id = $1 ORDER BY c.requested_at DESC, c.id DESC"
        ))
        .bind(employee_id)
        .fetch_all(self)
        .await?)
    }

    /// Requests `manager_id` made, newest first.
    pub async fn consents_of_manager(&self, manager_id: i64) -> Result<Vec<ConsentRow>> {
        Ok(sqlx::query_as(&format!(
            "{CONSENT} WHERE c.manager_id = $1 ORDER BY c.requested_at DESC, c.id DESC"
        ))
        .bind(manager_id)
        .fetch_all(self)
        .await?)
    }

    /// The agreement `consent_id` if `manager_id` may read by it at `at`: agreed, not
    /// withdrawn, not past its end, and still the employee's manager.
    pub async fn readable_consent(
        &self,
        consent_id: i64,
        manager_id: i64,
        at: i64,
    ) -> Result<Option<ConsentRow>> {
        Ok(sqlx::query_as(&format!(
            "{CONSENT} WHERE c.id = $1 AND c.manager_id = $2 AND c.state = 'approved' \
             AND c.expires_at > $3 AND e.manager_id = c.manager_id \
             AND e.deactivated_at IS NULL"
        ))
        .bind(consent_id)
        .bind(manager_id)
        .bind(at)
        .fetch_optional(self)
        .await?)
    }

    /// Logs an export of `employee_id`'s record by `reader_id`.
    pub async fn log_review_export(
        &self,
        employee_id: i64,
        reader_id: i64,
        consent_id: Option<i64>,
        format: RecordFormat,
        at: i64,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO review_exports (employee_id, reader_id, reader_name, consent_id, \
                 format, at) \
             SELECT $1, u.id, u.name, $3, $4, $5 FROM users u WHERE u.id = $2",
        )
        .bind(employee_id)
        .bind(reader_id)
        .bind(consent_id)
        .bind(format)
        .bind(at)
        .execute(self)
        .await?;
        Ok(())
    }

    /// Every export of `employee_id`'s record, newest first.
    pub async fn review_exports(&self, employee_id: i64) -> Result<Vec<ExportRow>> {
        Ok(sqlx::query_as(
            "SELECT reader_id, reader_name, consent_id, format, at FROM review_exports \
             WHERE employee_id = $1 ORDER BY at DESC, id DESC",
        )
        .bind(employee_id)
        .fetch_all(self)
        .await?)
    }

    /// The people whose manager `manager_id` is, in the directory, by name.
    pub async fn direct_reports(&self, manager_id: i64) -> Result<Vec<(i64, String)>> {
        Ok(sqlx::query_as(
            "SELECT id, name FROM users WHERE manager_id = $1 AND deactivated_at IS NULL \
             ORDER BY name, id",
        )
        .bind(manager_id)
        .fetch_all(self)
        .await?)
    }

    /// `user_id`'s achieved goals, newest first: a record includes those they pick.
    pub async fn achieved_goals(&self, user_id: i64) -> Result<Vec<AchievedGoalRow>> {
        Ok(sqlx::query_as(
            "SELECT g.id, g.title, p.name AS program_name, g.updated_at AS achieved_at \
             FROM goals g JOIN programs p ON p.id = g.program_id \
             WHERE g.owner_id = $1 AND g.status = 'achieved' \
             ORDER BY g.updated_at DESC, g.id DESC",
        )
        .bind(user_id)
        .fetch_all(self)
        .await?)
    }
}
