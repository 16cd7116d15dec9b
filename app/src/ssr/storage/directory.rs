//! Applying an org directory import.

use super::{now, AnyQuery, Db, Result};
use crate::directory::{DirectoryRow, ExistingPerson, ImportPlan};
use std::collections::HashMap;

/// Binds an imported row as $1 to $8: name, department, team, job title, level, location,
/// time zone, email.
fn bind_row<'q>(query: AnyQuery<'q>, r: &'q DirectoryRow) -> AnyQuery<'q> {
    query
        .bind(&r.name)
        .bind(&r.department)
        .bind(&r.team)
        .bind(&r.job_title)
        .bind(r.level)
        .bind(&r.location)
        .bind(&r.time_zone)
        .bind(r.email.as_str())
}

impl Db {
    /// Everyone in Tandem as the import planner needs them, keyed by email.
    pub async fn directory(&self) -> Result<HashMap<String, ExistingPerson>> {
        type Row = (
            String,
            String,
            String,
            String,
            String,
            Option<i64>,
            Option<String>,
            String,
            String,
        );
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT u.email, u.name, u.department, u.team, u.job_title, u.level, m.email, u.location, u.time_zone \
             FROM users u LEFT JOIN users m ON m.id = u.manager_id",
        )
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .into_iter()
            .map(
                |(
                    email,
                    name,
                    department,
                    team,
                    job_title,
                    level,
                    manager_email,
                    location,
                    time_zone,
                )| {
                    (
                        email,
                        ExistingPerson {
                            name,
                            department,
                            team,
                            job_title,
                            level,
                            manager_email,
                            location,
                            time_zone,
                        },
                    )
                },
            )
            .collect())
    }

    /// Writes a checked plan in one transaction: new people are created as participants
    /// without a password (they join through an invitation), known people are updated, and
    /// then every imported person's manager is set. Returns (created, updated).
    pub async fn apply_import(&self, plan: &ImportPlan) -> Result<(usize, usize)> {
        let mut tx = self.begin_write().await?;
        let t = now();
        // Both statements take the row as $1..$8 (see `bind_row`) and the time as $9.
        let insert =
            "INSERT INTO users (name, department, team, job_title, level, location, time_zone, \
             email, role, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'participant', $9, $9)";
        let update = "UPDATE users SET name = $1, department = $2, team = $3, job_title = $4, \
             level = $5, location = $6, time_zone = $7, updated_at = $9 WHERE email = $8";
        for (sql, rows) in [(insert, &plan.create), (update, &plan.update)] {
            for r in rows {
                bind_row(sqlx::query(sql), r)
                    .bind(t)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        // Managers last, once everyone they may point at exists.
        let everyone: Vec<&DirectoryRow> = plan.create.iter().chain(&plan.update).collect();
        for r in &everyone {
            sqlx::query("UPDATE users SET manager_id = (SELECT m.id FROM users m WHERE m.email = $1) WHERE email = $2")
                .bind(r.manager_email.as_ref().map(|m| m.as_str()))
                .bind(r.email.as_str())
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok((plan.create.len(), plan.update.len()))
    }
}

impl Db {
    /// Keeps an uploaded file until the admin confirms or abandons the import.
    pub async fn save_upload(
        &self,
        uploaded_by: i64,
        filename: &str,
        content: &[u8],
    ) -> Result<i64> {
        Ok(sqlx::query_scalar(
            "INSERT INTO directory_uploads (uploaded_by, filename, content, created_at) \
             VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(uploaded_by)
        .bind(filename)
        .bind(content.to_vec())
        .bind(now())
        .fetch_one(self.pool())
        .await?)
    }

    /// An upload's name and content, if it exists and belongs to `uploaded_by`.
    pub async fn upload(&self, id: i64, uploaded_by: i64) -> Result<Option<(String, Vec<u8>)>> {
        Ok(sqlx::query_as(
            "SELECT filename, content FROM directory_uploads WHERE id = $1 AND uploaded_by = $2",
        )
        .bind(id)
        .bind(uploaded_by)
        .fetch_optional(self.pool())
        .await?)
    }

    pub async fn delete_upload(&self, id: i64) -> Result<()> {
        sqlx::query("DELETE FROM directory_uploads WHERE id = $1")
            .bind(id)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Drops uploads older than `max_age_secs` that were never confirmed.
    pub async fn prune_uploads(&self, max_age_secs: i64) -> Result<u64> {
        let done = sqlx::query("DELETE FROM directory_uploads WHERE created_at < $1")
            .bind(now() - max_age_secs)
            .execute(self.pool())
            .await?;
        Ok(done.rows_affected())
    }
}
