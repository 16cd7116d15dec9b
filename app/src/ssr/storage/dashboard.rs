//! The dashboard's own read of programs. The dashboard is drawn on every visit, and each
//! statement costs a hand-off to the database and back, so its checklist's facts come with
//! the programs in one statement rather than one statement per fact.

use super::enrollments::enrollment;
use super::programs::program_columns;
use super::{Db, Result};
use crate::models::{Enrollment, Program};
use sqlx::{FromRow, Row};

/// A program the dashboard lists: open for enrollment, or joined and running.
#[derive(Debug, Clone, PartialEq)]
pub struct DashboardProgram {
    pub program: Program,
    /// The person's enrollment, when they joined and have not left.
    pub enrollment: Option<Enrollment>,
    /// Whether they have read the program's guidelines.
    pub guidelines_read: bool,
    /// Whether one of their groups in the program has an accepted session: their first
    /// meeting is booked.
    pub booked: bool,
    /// Whether they asked for a new match in the program and wait for an answer.
    pub reassignment_pending: bool,
}

impl Db {
    /// The programs open for enrollment and those `user_id` joined and has not left while
    /// they run, newest start first, each with the person's enrollment and onboarding facts.
    pub async fn dashboard_programs(&self, user_id: i64) -> Result<Vec<DashboardProgram>> {
        let rows = sqlx::query(concat!(
            "SELECT ",
            program_columns!(),
            ", e.program_id AS joined, e.role, e.capacity, e.status, e.answers, e.updated_at, \
             CASE WHEN EXISTS (SELECT 1 FROM guideline_reads r \
                 WHERE r.program_id = p.id AND r.user_id = $1) THEN 1 ELSE 0 END AS guidelines_read, \
             CASE WHEN EXISTS (SELECT 1 FROM pair_sessions s JOIN round_members m \
                 ON m.round_id = s.round_id AND m.group_no = s.group_no \
                 WHERE s.program_id = p.id AND m.user_id = $1 AND s.state = 'accepted') \
                 THEN 1 ELSE 0 END AS booked, \
             CASE WHEN EXISTS (SELECT 1 FROM reassignment_requests q \
                 WHERE q.program_id = p.id AND q.user_id = $1 AND q.state = 'pending') \
                 THEN 1 ELSE 0 END AS reassignment_pending \
             FROM programs p LEFT JOIN enrollments e ON e.program_id = p.id AND e.user_id = $1 \
             AND e.status <> 'left' AND p.state <> 'finished' \
             WHERE p.state = 'enrolling' OR e.program_id IS NOT NULL \
             ORDER BY p.starts_on DESC, p.id DESC"
        ))
        .bind(user_id)
        .fetch_all(self)
        .await?;
        rows.iter()
            .map(|row| {
                let joined: Option<i64> = row.try_get("joined")?;
                Ok(DashboardProgram {
                    program: Program::from_row(row)?,
                    enrollment: joined.map(|_| enrollment(row)).transpose()?,
                    guidelines_read: row.try_get::<i64, _>("guidelines_read")? != 0,
                    booked: row.try_get::<i64, _>("booked")? != 0,
                    reassignment_pending: row.try_get::<i64, _>("reassignment_pending")? != 0,
                })
            })
            .collect()
    }
}
