use super::jobs::insert_jobs;
use super::{id_list, now, AnyQuery, Db, NewJob, Result};
use crate::domain::{
    default_questions, MatchingSettings, ProgramSpec, ProgramState, PROGRAM_DATE_FORMAT,
};
use crate::models::{PersonRef, Program};
use sqlx::any::AnyRow;
use sqlx::Row;

/// A program's columns, named through the alias `p` so that a read may join other tables
/// that have columns of the same names (`created_at`, `state`).
macro_rules! program_columns {
    () => {
        "p.id, p.name, p.description, p.guidelines, p.format, p.group_size, p.rotation_weeks, \
         p.starts_on, p.ends_on, p.enrollment_opens_on, p.enrollment_closes_on, p.departments, \
         p.min_level, p.max_level, p.state, p.created_at, p.not_same_team, p.no_repeat_rounds, \
         p.mentor_levels_below, p.nudge_weeks"
    };
}
pub(super) use program_columns;

const PROGRAM_SELECT: &str = concat!("SELECT ", program_columns!(), " FROM programs p");

/// A program row; written out because its matching settings are grouped, and flags are
/// integers on both databases.
impl<'r> sqlx::FromRow<'r, AnyRow> for Program {
    fn from_row(row: &'r AnyRow) -> std::result::Result<Self, sqlx::Error> {
        Ok(Program {
            id: row.try_get("id")?,
            name: row.try_get("name")?,
            description: row.try_get("description")?,
            guidelines: row.try_get("guidelines")?,
            format: row.try_get("format")?,
            group_size: row.try_get("group_size")?,
            rotation_weeks: row.try_get("rotation_weeks")?,
            starts_on: row.try_get("starts_on")?,
            ends_on: row.try_get("ends_on")?,
            enrollment_opens_on: row.try_get("enrollment_opens_on")?,
            enrollment_closes_on: row.try_get("enrollment_closes_on")?,
            departments: row.try_get("departments")?,
            min_level: row.try_get("min_level")?,
            max_level: row.try_get("max_level")?,
            state: row.try_get("state")?,
            created_at: row.try_get("created_at")?,
            matching: MatchingSettings {
                not_same_team: row.try_get::<i64, _>("not_same_team")? != 0,
                no_repeat_rounds: row.try_get("no_repeat_rounds")?,
                mentor_levels_below: row.try_get("mentor_levels_below")?,
            },
            nudge_weeks: row.try_get("nudge_weeks")?,
        })
    }
}

fn day(d: time::Date) -> String {
    d.format(PROGRAM_DATE_FORMAT).unwrap_or_default()
}

/// Binds a program definition as parameters $1 to $17: name, description, guidelines, format,
/// group size, rotation, the four dates, departments, lowest and highest level, the three
/// matching settings and the weeks before a nudge.
fn bind_spec<'q>(query: AnyQuery<'q>, spec: &'q ProgramSpec) -> AnyQuery<'q> {
    query
        .bind(&spec.name)
        .bind(&spec.description)
        .bind(&spec.guidelines)
        .bind(spec.format.as_str())
        .bind(spec.group_size)
        .bind(spec.rotation_weeks)
        .bind(day(spec.starts_on))
        .bind(day(spec.ends_on))
        .bind(day(spec.enrollment_opens_on))
        .bind(day(spec.enrollment_closes_on))
        .bind(spec.departments.join(","))
        .bind(spec.min_level)
        .bind(spec.max_level)
        .bind(i64::from(spec.matching.not_same_team))
        .bind(spec.matching.no_repeat_rounds)
        .bind(spec.matching.mentor_levels_below)
        .bind(spec.nudge_weeks)
}

impl Db {
    /// Creates a draft program run by its creator, with the default survey of its format.
    pub async fn create_program(&self, spec: &ProgramSpec, created_by: i64) -> Result<i64> {
        let mut tx = self.pool().begin().await?;
        let t = now();
        let insert = "INSERT INTO programs (name, description, guidelines, format, group_size, rotation_weeks, \
             starts_on, ends_on, enrollment_opens_on, enrollment_closes_on, departments, min_level, \
             max_level, not_same_team, no_repeat_rounds, mentor_levels_below, nudge_weeks, state, \
             created_by, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, \
             'draft', $18, $19, $19) RETURNING id";
        let id: i64 = bind_spec(sqlx::query(insert), spec)
            .bind(created_by)
            .bind(t)
            .fetch_one(&mut *tx)
            .await
            .and_then(|row| sqlx::Row::try_get(&row, 0))?;
        sqlx::query("INSERT INTO program_admins (program_id, user_id) VALUES ($1, $2)")
            .bind(id)
            .bind(created_by)
            .execute(&mut *tx)
            .await?;
        let mut ids: Vec<i64> = Vec::new();
        for question in default_questions(spec.format) {
            let mut q = question.spec;
            q.complements = question.complements_index.and_then(|i| ids.get(i).copied());
            ids.push(self.add_question_in(&mut tx, id, &q).await?);
        }
        tx.commit().await?;
        Ok(id)
    }

    pub async fn update_program(&self, id: i64, spec: &ProgramSpec) -> Result<bool> {
        let update =
            "UPDATE programs SET name = $1, description = $2, guidelines = $3, format = $4, \
             group_size = $5, rotation_weeks = $6, starts_on = $7, ends_on = $8, \
             enrollment_opens_on = $9, enrollment_closes_on = $10, departments = $11, \
             min_level = $12, max_level = $13, not_same_team = $14, no_repeat_rounds = $15, \
             mentor_levels_below = $16, nudge_weeks = $17, updated_at = $18 WHERE id = $19";
        let done = bind_spec(sqlx::query(update), spec)
            .bind(now())
            .bind(id)
            .execute(self)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    pub async fn program(&self, id: i64) -> Result<Option<Program>> {
        Ok(sqlx::query_as(&format!("{PROGRAM_SELECT} WHERE id = $1"))
            .bind(id)
            .fetch_optional(self)
            .await?)
    }

    /// A program's name, for pages that show a goal or session outside the program's own
    /// pages; empty when the program is gone.
    pub async fn program_name(&self, id: i64) -> Result<String> {
        let name: Option<String> = sqlx::query_scalar("SELECT name FROM programs WHERE id = $1")
            .bind(id)
            .fetch_optional(self)
            .await?;
        Ok(name.unwrap_or_default())
    }

    /// The names of several programs at once, by id; unknown ids are left out.
    pub async fn program_names(&self, ids: &[i64]) -> Result<Vec<(i64, String)>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        Ok(sqlx::query_as(&format!(
            "SELECT id, name FROM programs WHERE id IN ({})",
            id_list(ids)
        ))
        .fetch_all(self)
        .await?)
    }

    /// Programs by start date, newest first; drafts only when asked for.
    pub async fn programs(&self, include_drafts: bool) -> Result<Vec<Program>> {
        Ok(sqlx::query_as(&format!(
            "{PROGRAM_SELECT} WHERE ($1 = 1 OR state <> 'draft') ORDER BY starts_on DESC, id DESC"
        ))
        .bind(i64::from(include_drafts))
        .fetch_all(self)
        .await?)
    }

    /// The people who run a program, by name.
    pub async fn program_admins(&self, program_id: i64) -> Result<Vec<PersonRef>> {
        Ok(sqlx::query_as(
            "SELECT u.id, u.name, u.email FROM program_admins a JOIN users u ON u.id = a.user_id \
             WHERE a.program_id = $1 AND u.deactivated_at IS NULL ORDER BY u.name, u.id",
        )
        .bind(program_id)
        .fetch_all(self)
        .await?)
    }

    /// Replaces the people who run a program, in one transaction.
    pub async fn set_program_admins(&self, program_id: i64, user_ids: &[i64]) -> Result<()> {
        let mut tx = self.pool().begin().await?;
        sqlx::query("DELETE FROM program_admins WHERE program_id = $1")
            .bind(program_id)
            .execute(&mut *tx)
            .await?;
        for user in user_ids {
            sqlx::query(
                "INSERT INTO program_admins (program_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            )
            .bind(program_id)
            .bind(user)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    pub async fn is_program_admin(&self, program_id: i64, user_id: i64) -> Result<bool> {
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM program_admins WHERE program_id = $1 AND user_id = $2",
        )
        .bind(program_id)
        .bind(user_id)
        .fetch_one(self)
        .await?;
        Ok(n > 0)
    }

    /// Moves a program from `from` to `to`. False when it was no longer in `from` (someone
    /// else moved it first), so two admins cannot make conflicting moves.
    pub async fn set_program_state(
        &self,
        id: i64,
        from: ProgramState,
        to: ProgramState,
    ) -> Result<bool> {
        self.change_program_state(id, from, to, &[]).await
    }

    /// Moves a program from `from` to `to` and queues `jobs` (the announcements the move
    /// causes) in the same transaction; false, queueing nothing, when it was not in `from`.
    pub async fn change_program_state(
        &self,
        id: i64,
        from: ProgramState,
        to: ProgramState,
        jobs: &[NewJob],
    ) -> Result<bool> {
        let mut tx = self.pool().begin().await?;
        let done = sqlx::query(
            "UPDATE programs SET state = $1, updated_at = $2 WHERE id = $3 AND state = $4",
        )
        .bind(to.as_str())
        .bind(now())
        .bind(id)
        .bind(from.as_str())
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Ok(false);
        }
        insert_jobs(&mut tx, jobs).await?;
        tx.commit().await?;
        Ok(true)
    }
}
