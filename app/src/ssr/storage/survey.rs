//! Survey questions of a program, in their order.

use super::enrollments::JOINED_PROGRAMS;
use super::{AnyQuery, Db, Result, StorageError};
use crate::domain::{Question, QuestionSpec, SurveyOption};
use crate::ssr::storage::Lock;
use sqlx::{AnyConnection, Row};

const QUESTION_SELECT: &str = "SELECT id, position, prompt, help, kind, options, rule, weight, \
    required, complements FROM survey_questions";

fn corrupt(e: impl std::fmt::Display) -> StorageError {
    StorageError::Corrupt(e.to_string())
}

fn question(row: sqlx::any::AnyRow) -> Result<Question> {
    let kind: String = row.try_get("kind")?;
    let rule: String = row.try_get("rule")?;
    let options: String = row.try_get("options")?;
    Ok(Question {
        id: row.try_get("id")?,
        position: row.try_get("position")?,
        prompt: row.try_get("prompt")?,
        help: row.try_get("help")?,
        kind: kind.try_into().map_err(corrupt)?,
        options: serde_json::from_str::<Vec<SurveyOption>>(&options).map_err(corrupt)?,
        rule: rule.try_into().map_err(corrupt)?,
        weight: row.try_get("weight")?,
        required: row.try_get::<i64, _>("required")? != 0,
        complements: row.try_get("complements")?,
    })
}

/// Binds a question's definition as the next eight parameters: prompt, help, kind, options,
/// rule, weight, required, complements.
fn bind_question<'q>(query: AnyQuery<'q>, spec: &'q QuestionSpec) -> Result<AnyQuery<'q>> {
    let options = serde_json::to_string(&spec.options).map_err(corrupt)?;
    Ok(query
        .bind(&spec.prompt)
        .bind(&spec.help)
        .bind(spec.kind.as_str())
        .bind(options)
        .bind(spec.rule.as_str())
        .bind(spec.weight)
        .bind(i64::from(spec.required))
        .bind(spec.complements))
}

impl Db {
    pub async fn questions(&self, program_id: i64) -> Result<Vec<Question>> {
        sqlx::query(&format!(
            "{QUESTION_SELECT} WHERE program_id = $1 ORDER BY position, id"
        ))
        .bind(program_id)
        .fetch_all(self)
        .await?
        .into_iter()
        .map(question)
        .collect()
    }

    /// The surveys of every program `user_id` joined and has not left while it runs, as
    /// (program, question) in each survey's order.
    pub async fn questions_of_joined(&self, user_id: i64) -> Result<Vec<(i64, Question)>> {
        sqlx::query(&format!(
            "SELECT program_id, {} WHERE program_id IN ({JOINED_PROGRAMS}) \
             ORDER BY program_id, position, id",
            QUESTION_SELECT.trim_start_matches("SELECT ")
        ))
        .bind(user_id)
        .fetch_all(self)
        .await?
        .into_iter()
        .map(|row| Ok((row.try_get("program_id")?, question(row)?)))
        .collect()
    }

    /// Adds a question at the end of the survey inside the caller's transaction.
    pub async fn add_question_in(
        &self,
        conn: &mut AnyConnection,
        program_id: i64,
        spec: &QuestionSpec,
    ) -> Result<i64> {
        let insert = "INSERT INTO survey_questions (program_id, position, prompt, help, kind, \
             options, rule, weight, required, complements) VALUES ($9, \
             (SELECT COALESCE(MAX(position), 0) + 1 FROM survey_questions WHERE program_id = $9), \
             $1, $2, $3, $4, $5, $6, $7, $8) RETURNING id";
        let row = bind_question(sqlx::query(insert), spec)?
            .bind(program_id)
            .fetch_one(&mut *conn)
            .await?;
        Ok(row.try_get(0)?)
    }

    pub async fn add_question(&self, program_id: i64, spec: &QuestionSpec) -> Result<i64> {
        let mut conn = self.pool().acquire().await?;
        self.add_question_in(&mut conn, program_id, spec).await
    }

    /// Saves a question of `program_id`; false when it is not a question of that program.
    pub async fn update_question(
        &self,
        program_id: i64,
        id: i64,
        spec: &QuestionSpec,
    ) -> Result<bool> {
        let update =
            "UPDATE survey_questions SET prompt = $1, help = $2, kind = $3, options = $4, \
             rule = $5, weight = $6, required = $7, complements = $8 \
             WHERE id = $9 AND program_id = $10";
        let done = bind_question(sqlx::query(update), spec)?
            .bind(id)
            .bind(program_id)
            .execute(self)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Removes a question; complementary questions that met it lose their partner and stop
    /// counting until an admin picks another.
    pub async fn delete_question(&self, program_id: i64, id: i64) -> Result<bool> {
        let mut tx = self.pool().begin().await?;
        sqlx::query(
            "UPDATE survey_questions SET complements = NULL, rule = 'not_used', weight = 0 \
             WHERE program_id = $1 AND complements = $2",
        )
        .bind(program_id)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        let done = sqlx::query("DELETE FROM survey_questions WHERE id = $1 AND program_id = $2")
            .bind(id)
            .bind(program_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(done.rows_affected() == 1)
    }

    /// Swaps a question with its neighbour above (`up`) or below; false at either end.
    pub async fn move_question(&self, program_id: i64, id: i64, up: bool) -> Result<bool> {
        write_tx!(self, Lock::Program(program_id), |tx| {
            let order: Vec<(i64, i64)> = sqlx::query_as(
                "SELECT id, position FROM survey_questions WHERE program_id = $1 ORDER BY position, id",
            )
            .bind(program_id)
            .fetch_all(&mut *tx)
            .await?;
            let Some(at) = order.iter().position(|(q, _)| *q == id) else {
                return Ok(false);
            };
            let other = if up { at.checked_sub(1) } else { Some(at + 1) };
            let Some(other) = other.filter(|o| *o < order.len()) else {
                return Ok(false);
            };
            // Positions are renumbered densely, so equal positions left by old data cannot stall a move.
            let mut ids: Vec<i64> = order.iter().map(|(q, _)| *q).collect();
            ids.swap(at, other);
            for (n, qid) in ids.iter().enumerate() {
                sqlx::query("UPDATE survey_questions SET position = $1 WHERE id = $2")
                    .bind(n as i64 + 1)
                    .bind(qid)
                    .execute(&mut *tx)
                    .await?;
            }
            Ok(true)
        })
    }
}
