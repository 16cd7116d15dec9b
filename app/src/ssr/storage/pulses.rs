//! Pulse surveys: which a program schedules, who answered what (read back only as a whole,
//! without who), and which are due.

use super::{now, Db, Result};
use crate::domain::PulseKind;

/// A survey a program schedules.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PulseRow {
    pub id: i64,
    pub program_id: i64,
    pub kind: PulseKind,
    pub days_after: i64,
}

/// A survey due for a round, with the people it goes to.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PulseDue {
    pub survey_id: i64,
    pub program_id: i64,
    pub program: String,
    pub kind: PulseKind,
    pub round_id: i64,
    pub due_at: i64,
}

impl Db {
    /// A program's surveys, in the order they are sent.
    pub async fn pulse_surveys(&self, program_id: i64) -> Result<Vec<PulseRow>> {
        Ok(sqlx::query_as(
            "SELECT id, program_id, kind, days_after FROM pulse_surveys WHERE program_id = $1 \
             ORDER BY days_after, id",
        )
        .bind(program_id)
        .fetch_all(self)
        .await?)
    }

    pub async fn pulse_survey(&self, id: i64) -> Result<Option<PulseRow>> {
        Ok(sqlx::query_as(
            "SELECT id, program_id, kind, days_after FROM pulse_surveys WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(self)
        .await?)
    }

    /// Schedules a survey; `None` when the program has one of that kind already.
    pub async fn add_pulse_survey(
        &self,
        program_id: i64,
        kind: PulseKind,
        days_after: i64,
        created_by: i64,
    ) -> Result<Option<i64>> {
        Ok(sqlx::query_scalar(
            "INSERT INTO pulse_surveys (program_id, kind, days_after, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (program_id, kind) DO NOTHING RETURNING id",
        )
        .bind(program_id)
        .bind(kind)
        .bind(days_after)
        .bind(created_by)
        .bind(now())
        .fetch_optional(self)
        .await?)
    }

    /// Removes a program's survey with its answers; false when it had none with that id.
    pub async fn remove_pulse_survey(&self, program_id: i64, id: i64) -> Result<bool> {
        Ok(
            sqlx::query("DELETE FROM pulse_surveys WHERE id = $1 AND program_id = $2")
                .bind(id)
                .bind(program_id)
                .execute(self)
                .await?
                .rows_affected()
                > 0,
        )
    }

    /// Keeps `user_id`'s answers (JSON) to a survey in a round, replacing earlier ones.
    pub async fn save_pulse_response(
        &self,
        survey_id: i64,
        round_id: i64,
        user_id: i64,
        answers: &str,
    ) -> Result<()> {
        let at = now();
        sqlx::query(
            "INSERT INTO pulse_responses (survey_id, round_id, user_id, answers, created_at, \
             updated_at) VALUES ($1, $2, $3, $4, $5, $5) \
             ON CONFLICT (survey_id, round_id, user_id) \
             DO UPDATE SET answers = excluded.answers, updated_at = excluded.updated_at",
        )
        .bind(survey_id)
        .bind(round_id)
        .bind(user_id)
        .bind(answers)
        .bind(at)
        .execute(self)
        .await?;
        Ok(())
    }

    /// `user_id`'s own answers (JSON), when they gave some.
    pub async fn pulse_response(
        &self,
        survey_id: i64,
        round_id: i64,
        user_id: i64,
    ) -> Result<Option<String>> {
        Ok(sqlx::query_scalar(
            "SELECT answers FROM pulse_responses WHERE survey_id = $1 AND round_id = $2 \
             AND user_id = $3",
        )
        .bind(survey_id)
        .bind(round_id)
        .bind(user_id)
        .fetch_optional(self)
        .await?)
    }

    /// Everyone's answers (JSON) to a survey in a round, without who gave them, in an order
    /// that follows neither person nor time.
    pub async fn pulse_responses(&self, survey_id: i64, round_id: i64) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar(
            "SELECT answers FROM pulse_responses WHERE survey_id = $1 AND round_id = $2 \
             ORDER BY answers",
        )
        .bind(survey_id)
        .bind(round_id)
        .fetch_all(self)
        .await?)
    }

    /// Surveys of running programs whose newest published round reached their day by `at`
    /// and are still open.
    pub async fn pulses_due(&self, at: i64, open_secs: i64) -> Result<Vec<PulseDue>> {
        Ok(sqlx::query_as(
            "SELECT s.id AS survey_id, p.id AS program_id, p.name AS program, s.kind, \
             r.id AS round_id, r.published_at + s.days_after * 86400 AS due_at \
             FROM pulse_surveys s JOIN programs p ON p.id = s.program_id \
             JOIN match_rounds r ON r.program_id = p.id AND r.state = 'published' \
             WHERE p.state = 'running' \
             AND r.number = (SELECT MAX(r2.number) FROM match_rounds r2 \
                             WHERE r2.program_id = p.id AND r2.state = 'published') \
             AND r.published_at + s.days_after * 86400 <= $1 \
             AND r.published_at + s.days_after * 86400 + $2 > $1 \
             ORDER BY p.id, s.id",
        )
        .bind(at)
        .bind(open_secs)
        .fetch_all(self)
        .await?)
    }

    /// Everyone matched in a round.
    pub async fn round_people(&self, round_id: i64) -> Result<Vec<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT DISTINCT user_id FROM round_members WHERE round_id = $1 ORDER BY user_id",
        )
        .bind(round_id)
        .fetch_all(self)
        .await?)
    }
}
