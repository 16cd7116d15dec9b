//! Applying an org directory import.

use super::{now, AnyQuery, Db, Result};
use crate::directory::{DirectoryRow, ExistingPerson, ImportPlan};
use crate::domain::Role;
use crate::ssr::storage::Lock;
use sqlx::Row;
use std::collections::HashMap;

/// Binds an imported row for `sql`: the name, the `present` columns in order, the email and
/// the time.
fn bind_row<'q>(sql: &'q str, r: &'q DirectoryRow, present: &[&str], t: i64) -> AnyQuery<'q> {
    let mut q = sqlx::query(sql).bind(&r.name);
    for col in present {
        q = match *col {
            "department" => q.bind(&r.department),
            "team" => q.bind(&r.team),
            "job_title" => q.bind(&r.job_title),
            "level" => q.bind(r.level),
            "location" => q.bind(&r.location),
            _ => q.bind(&r.time_zone),
        };
    }
    q.bind(r.email.as_str()).bind(t)
}

impl Db {
    /// Everyone in Tandem as the import planner needs them, keyed by email.
    pub async fn directory(&self) -> Result<HashMap<String, ExistingPerson>> {
        let rows = sqlx::query(
            "SELECT u.email, u.name, u.department, u.team, u.job_title, u.level, \
             m.email AS manager_email, u.location, u.time_zone, u.deactivated_at, u.role \
             FROM users u LEFT JOIN users m ON m.id = u.manager_id",
        )
        .fetch_all(self)
        .await?;
        rows.iter()
            .map(|row| {
                let person = ExistingPerson {
                    name: row.try_get("name")?,
                    department: row.try_get("department")?,
                    team: row.try_get("team")?,
                    job_title: row.try_get("job_title")?,
                    level: row.try_get("level")?,
                    manager_email: row.try_get("manager_email")?,
                    location: row.try_get("location")?,
                    time_zone: row.try_get("time_zone")?,
                    active: row.try_get::<Option<i64>, _>("deactivated_at")?.is_none(),
                    org_admin: row.try_get::<Role, _>("role")? == Role::OrgAdmin,
                };
                Ok((row.try_get("email")?, person))
            })
            .collect()
    }

    /// Writes a checked plan in one transaction: new people are created as participants
    /// without a password (they join through an invitation), known people are updated in the
    /// columns the file has (a column it lacks is left as it is), and then every imported
    /// person's manager is set, when the file has that column. Returns (created, updated).
    pub async fn apply_import(&self, plan: &ImportPlan) -> Result<(usize, usize)> {
        write_tx!(self, Lock::Organisation, |tx| {
            let t = now();
            let c = &plan.columns;
            let columns: Vec<(&str, bool)> = vec![
                ("department", c.department),
                ("team", c.team),
                ("job_title", c.job_title),
                ("level", c.level),
                ("location", c.location),
                ("time_zone", c.time_zone),
            ];
            let present: Vec<&str> = columns
                .iter()
                .filter(|(_, p)| *p)
                .map(|(n, _)| *n)
                .collect();
            // Each statement takes the name, then the present columns in order, then the email
            // and the time.
            let n = present.len();
            let insert = format!(
                "INSERT INTO users (name, {cols}email, role, created_at, updated_at) \
                 VALUES ($1, {params}${e}, 'participant', ${t}, ${t})",
                cols = present.iter().map(|c| format!("{c}, ")).collect::<String>(),
                params = (0..n).map(|k| format!("${}, ", k + 2)).collect::<String>(),
                e = n + 2,
                t = n + 3,
            );
            let update = format!(
                "UPDATE users SET name = $1, {sets}updated_at = ${t} WHERE email = ${e}",
                sets = present
                    .iter()
                    .enumerate()
                    .map(|(k, c)| format!("{c} = ${}, ", k + 2))
                    .collect::<String>(),
                e = n + 2,
                t = n + 3,
            );
            for r in &plan.create {
                bind_row(&insert, r, &present, t).execute(&mut *tx).await?;
            }
            for u in &plan.update {
                bind_row(&update, &u.row, &present, t)
                    .execute(&mut *tx)
                    .await?;
            }
            // Managers last, once everyone they may point at exists.
            if c.manager {
                let everyone = plan.create.iter().chain(plan.update.iter().map(|u| &u.row));
                for r in everyone {
                    sqlx::query(
                        "UPDATE users SET manager_id = (SELECT m.id FROM users m WHERE m.email = $1) \
                         WHERE email = $2",
                    )
                    .bind(r.manager_email.as_ref().map(|m| m.as_str()))
                    .bind(r.email.as_str())
                    .execute(&mut *tx)
                    .await?;
                }
            }
            Ok((plan.create.len(), plan.update.len()))
        })
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
        .fetch_one(self)
        .await?)
    }

    /// An upload's name and content, if it exists and belongs to `uploaded_by`.
    pub async fn upload(&self, id: i64, uploaded_by: i64) -> Result<Option<(String, Vec<u8>)>> {
        Ok(sqlx::query_as(
            "SELECT filename, content FROM directory_uploads WHERE id = $1 AND uploaded_by = $2",
        )
        .bind(id)
        .bind(uploaded_by)
        .fetch_optional(self)
        .await?)
    }

    pub async fn delete_upload(&self, id: i64) -> Result<()> {
        sqlx::query("DELETE FROM directory_uploads WHERE id = $1")
            .bind(id)
            .execute(self)
            .await?;
        Ok(())
    }

    /// Drops uploads older than `max_age_secs` that were never confirmed.
    pub async fn prune_uploads(&self, max_age_secs: i64) -> Result<u64> {
        let done = sqlx::query("DELETE FROM directory_uploads WHERE created_at < $1")
            .bind(now() - max_age_secs)
            .execute(self)
            .await?;
        Ok(done.rows_affected())
    }
}
