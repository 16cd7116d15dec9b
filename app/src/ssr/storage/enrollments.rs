//! Enrollments, partner preferences and the confidential avoid lists.
//!
//! The avoid list is read by exactly one function here, [`Db::avoid_list`], for its author (and,
//! later, by matching as a hard rule); nothing that lists enrollments for admins touches it.

use super::{now, Db, Result, StorageError};
use crate::domain::{Answers, EnrollmentRole, EnrollmentStatus};
use crate::models::{Enrollment, PersonRef};
use sqlx::Row;

fn corrupt(e: impl std::fmt::Display) -> StorageError {
    StorageError::Corrupt(e.to_string())
}

pub(super) fn enrollment(row: &sqlx::any::AnyRow) -> Result<Enrollment> {
    let role: String = row.try_get("role")?;
    let status: String = row.try_get("status")?;
    let answers: String = row.try_get("answers")?;
    Ok(Enrollment {
        role: role.try_into().map_err(corrupt)?,
        capacity: row.try_get("capacity")?,
        status: status.try_into().map_err(corrupt)?,
        answers: serde_json::from_str(&answers).map_err(corrupt)?,
        updated_at: row.try_get("updated_at")?,
    })
}

/// What someone submits when they enroll or edit their enrollment.
pub struct EnrollmentWrite<'a> {
    pub role: EnrollmentRole,
    pub capacity: i64,
    pub answers: &'a Answers,
    pub preferred: &'a [i64],
    pub avoid: &'a [i64],
}

/// An enrollment with the person's directory details, for the admins' list.
pub struct EnrollmentRow {
    pub user_id: i64,
    pub name: String,
    pub email: String,
    pub department: String,
    pub level: Option<i64>,
    pub enrollment: Enrollment,
}

/// The ids of the programs `$1` joined and has not left while they run, as a subquery: the
/// same programs as [`Db::enrollments_of`], so reads for the dashboard skip finished ones.
pub(super) const JOINED_PROGRAMS: &str = "SELECT e.program_id FROM enrollments e \
    JOIN programs p ON p.id = e.program_id \
    WHERE e.user_id = $1 AND e.status <> 'left' AND p.state <> 'finished'";

impl Db {
    pub async fn enrollment(&self, program_id: i64, user_id: i64) -> Result<Option<Enrollment>> {
        sqlx::query(
            "SELECT role, capacity, status, answers, updated_at FROM enrollments \
             WHERE program_id = $1 AND user_id = $2",
        )
        .bind(program_id)
        .bind(user_id)
        .fetch_optional(self)
        .await?
        .as_ref()
        .map(enrollment)
        .transpose()
    }

    /// Enrolls someone, or saves their changes, in one transaction: the enrollment (active
    /// again if they had left or paused), their answers and both partner lists.
    pub async fn save_enrollment(
        &self,
        program_id: i64,
        user_id: i64,
        write: EnrollmentWrite<'_>,
    ) -> Result<()> {
        let answers = serde_json::to_string(write.answers).map_err(corrupt)?;
        let t = now();
        let mut tx = self.pool().begin().await?;
        sqlx::query(
            "INSERT INTO enrollments (program_id, user_id, role, capacity, status, answers, \
             created_at, updated_at) VALUES ($1, $2, $3, $4, 'active', $5, $6, $6) \
             ON CONFLICT (program_id, user_id) DO UPDATE SET role = $3, capacity = $4, \
             status = 'active', answers = $5, updated_at = $6",
        )
        .bind(program_id)
        .bind(user_id)
        .bind(write.role.as_str())
        .bind(write.capacity)
        .bind(answers)
        .bind(t)
        .execute(&mut *tx)
        .await?;
        for (table, ids) in [
            ("enrollment_preferred", write.preferred),
            ("enrollment_avoid", write.avoid),
        ] {
            sqlx::query(&format!(
                "DELETE FROM {table} WHERE program_id = $1 AND user_id = $2"
            ))
            .bind(program_id)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
            for partner in ids {
                sqlx::query(&format!(
                    "INSERT INTO {table} (program_id, user_id, partner_id) VALUES ($1, $2, $3) \
                     ON CONFLICT DO NOTHING"
                ))
                .bind(program_id)
                .bind(user_id)
                .bind(partner)
                .execute(&mut *tx)
                .await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }

    /// Sets whether someone takes part in the next round; false when they are not enrolled.
    pub async fn set_enrollment_status(
        &self,
        program_id: i64,
        user_id: i64,
        status: EnrollmentStatus,
    ) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE enrollments SET status = $1, updated_at = $2 WHERE program_id = $3 AND user_id = $4",
        )
        .bind(status.as_str())
        .bind(now())
        .bind(program_id)
        .bind(user_id)
        .execute(self)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn partner_list(
        &self,
        table: &str,
        program_id: i64,
        user_id: i64,
    ) -> Result<Vec<PersonRef>> {
        Ok(sqlx::query_as(&format!(
            "SELECT u.id, u.name, u.email FROM {table} p JOIN users u ON u.id = p.partner_id \
             WHERE p.program_id = $1 AND p.user_id = $2 ORDER BY u.name"
        ))
        .bind(program_id)
        .bind(user_id)
        .fetch_all(self)
        .await?)
    }

    pub async fn preferred_partners(
        &self,
        program_id: i64,
        user_id: i64,
    ) -> Result<Vec<PersonRef>> {
        self.partner_list("enrollment_preferred", program_id, user_id)
            .await
    }

    /// Someone's confidential avoid list. Only their own page may show it.
    pub async fn avoid_list(&self, program_id: i64, user_id: i64) -> Result<Vec<PersonRef>> {
        self.partner_list("enrollment_avoid", program_id, user_id)
            .await
    }

    /// Everyone who ever enrolled in a program, by name.
    pub async fn enrollments(&self, program_id: i64) -> Result<Vec<EnrollmentRow>> {
        sqlx::query(
            "SELECT e.user_id, u.name, u.email, u.department, u.level, e.role, e.capacity, \
             e.status, e.answers, e.updated_at FROM enrollments e JOIN users u ON u.id = e.user_id \
             WHERE e.program_id = $1 ORDER BY LOWER(u.name), u.id",
        )
        .bind(program_id)
        .fetch_all(self)
        .await?
        .iter()
        .map(|row| {
            Ok(EnrollmentRow {
                user_id: row.try_get("user_id")?,
                name: row.try_get("name")?,
                email: row.try_get("email")?,
                department: row.try_get("department")?,
                level: row.try_get("level")?,
                enrollment: enrollment(row)?,
            })
        })
        .collect()
    }

    /// Preferred partners of everyone in a program, as (who, partner's name) pairs.
    pub async fn preferred_partner_names(&self, program_id: i64) -> Result<Vec<(i64, String)>> {
        Ok(sqlx::query_as(
            "SELECT p.user_id, u.name FROM enrollment_preferred p JOIN users u ON u.id = p.partner_id \
             WHERE p.program_id = $1 ORDER BY u.name",
        )
        .bind(program_id)
        .fetch_all(self)
        .await?)
    }

    /// The programs someone joined and has not left, with their enrollment.
    /// ([`JOINED_PROGRAMS`] lists the same programs for reads that need only their ids.)
    pub async fn enrollments_of(&self, user_id: i64) -> Result<Vec<(i64, Enrollment)>> {
        sqlx::query(
            "SELECT e.program_id, e.role, e.capacity, e.status, e.answers, e.updated_at \
             FROM enrollments e JOIN programs p ON p.id = e.program_id \
             WHERE e.user_id = $1 AND e.status <> 'left' AND p.state <> 'finished' \
             ORDER BY p.starts_on, p.id",
        )
        .bind(user_id)
        .fetch_all(self)
        .await?
        .iter()
        .map(|row| Ok((row.try_get("program_id")?, enrollment(row)?)))
        .collect()
    }

    pub async fn mark_guidelines_read(&self, program_id: i64, user_id: i64) -> Result<()> {
        sqlx::query(
            "INSERT INTO guideline_reads (program_id, user_id, read_at) VALUES ($1, $2, $3) \
             ON CONFLICT (program_id, user_id) DO NOTHING",
        )
        .bind(program_id)
        .bind(user_id)
        .bind(now())
        .execute(self)
        .await?;
        Ok(())
    }

    pub async fn guidelines_read(&self, program_id: i64, user_id: i64) -> Result<bool> {
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM guideline_reads WHERE program_id = $1 AND user_id = $2",
        )
        .bind(program_id)
        .bind(user_id)
        .fetch_one(self)
        .await?;
        Ok(n > 0)
    }
}
