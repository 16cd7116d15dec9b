//! What is due a reminder at a moment: sessions and events about to start, sessions that ended
//! without anyone saying whether they took place, answers an event still waits for, and
//! groups of a published round that have not met. The reminder scan asks these every period;
//! the messages it queues carry keys of their own, so asking twice queues nothing twice.

use super::events::EVENT_COLUMNS;
use super::jobs::insert_jobs;
use super::pairs::SESSION_COLUMNS;
use super::{now, Db, EventRow, NewJob, PairSessionRow, Result};

/// A group of a published round that has no accepted session yet, with the program's nudge
/// period.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct QuietGroup {
    pub program_id: i64,
    pub program: String,
    pub round_id: i64,
    pub group_no: i64,
    pub nudge_weeks: i64,
    pub published_at: i64,
}

/// An open goal of an active person that has had no check-in for a while.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct GoalDue {
    pub owner_id: i64,
    pub goal_id: i64,
    pub title: String,
}

impl Db {
    /// Open goals whose last check-in (or creation, without one) is at or before `before`,
    /// by owner, for the weekly check-in nudge. Goals of finished programs are left alone.
    pub async fn goals_due_check_in(&self, before: i64) -> Result<Vec<GoalDue>> {
        Ok(sqlx::query_as(
            "SELECT g.owner_id, g.id AS goal_id, g.title FROM goals g \
             JOIN users u ON u.id = g.owner_id JOIN programs p ON p.id = g.program_id \
             WHERE g.status IN ('planned', 'in_progress') AND u.deactivated_at IS NULL \
             AND p.state <> 'finished' AND COALESCE(g.last_check_in_at, g.created_at) <= $1 \
             ORDER BY g.owner_id, g.id",
        )
        .bind(before)
        .fetch_all(self)
        .await?)
    }

    /// Accepted sessions starting in `(from, until]`.
    pub async fn sessions_starting(&self, from: i64, until: i64) -> Result<Vec<PairSessionRow>> {
        Ok(sqlx::query_as(&format!(
            "SELECT {SESSION_COLUMNS} FROM pair_sessions s \
             WHERE s.state = 'accepted' AND s.starts_at > $1 AND s.starts_at <= $2 \
             ORDER BY s.starts_at, s.id"
        ))
        .bind(from)
        .bind(until)
        .fetch_all(self)
        .await?)
    }

    /// Accepted sessions that ended in `(from, until]` and that nobody has recorded.
    pub async fn sessions_ended_unrecorded(
        &self,
        from: i64,
        until: i64,
    ) -> Result<Vec<PairSessionRow>> {
        Ok(sqlx::query_as(&format!(
            "SELECT {SESSION_COLUMNS} FROM pair_sessions s \
             WHERE s.state = 'accepted' AND s.held IS NULL AND s.ends_at > $1 AND s.ends_at <= $2 \
             ORDER BY s.ends_at, s.id"
        ))
        .bind(from)
        .bind(until)
        .fetch_all(self)
        .await?)
    }

    /// Says whether an accepted session took place, leaving its notes as they are; false when
    /// it is not accepted (cancelled meanwhile), so a late answer changes nothing.
    pub async fn mark_session_held(&self, id: i64, held: bool) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE pair_sessions SET held = $1, updated_at = $2 WHERE id = $3 AND state = 'accepted'",
        )
        .bind(i64::from(held))
        .bind(now())
        .bind(id)
        .execute(self)
        .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Scheduled events starting in `(from, until]`.
    pub async fn events_starting(&self, from: i64, until: i64) -> Result<Vec<EventRow>> {
        Ok(sqlx::query_as(&format!(
            "SELECT {EVENT_COLUMNS} FROM events e \
             WHERE e.state = 'scheduled' AND e.starts_at > $1 AND e.starts_at <= $2 \
             ORDER BY e.starts_at, e.id"
        ))
        .bind(from)
        .bind(until)
        .fetch_all(self)
        .await?)
    }

    /// Scheduled events whose answer-by date falls in `(from, until]`.
    pub async fn events_answer_by(&self, from: i64, until: i64) -> Result<Vec<EventRow>> {
        Ok(sqlx::query_as(&format!(
            "SELECT {EVENT_COLUMNS} FROM events e \
             WHERE e.state = 'scheduled' AND e.rsvp_deadline > $1 AND e.rsvp_deadline <= $2 \
             ORDER BY e.rsvp_deadline, e.id"
        ))
        .bind(from)
        .bind(until)
        .fetch_all(self)
        .await?)
    }

    /// Active people whose answer to `event_id` is in `state` ("going", "invited", …).
    pub async fn people_answering(&self, event_id: i64, state: &str) -> Result<Vec<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT r.user_id FROM rsvps r JOIN users u ON u.id = r.user_id \
             WHERE r.event_id = $1 AND r.state = $2 AND u.deactivated_at IS NULL ORDER BY r.user_id",
        )
        .bind(event_id)
        .bind(state)
        .fetch_all(self)
        .await?)
    }

    /// Groups of each running program's newest published round with no accepted session,
    /// not nudged yet, whose nudge period has passed at `at` (a period of 0 never nudges).
    /// A group that agreed how often to meet is nudged by its own cadence instead.
    pub async fn quiet_groups(&self, at: i64) -> Result<Vec<QuietGroup>> {
        Ok(sqlx::query_as(
            "SELECT p.id AS program_id, p.name AS program, r.id AS round_id, g.group_no, \
             p.nudge_weeks, r.published_at \
             FROM programs p \
             JOIN match_rounds r ON r.program_id = p.id AND r.state = 'published' \
             JOIN round_groups g ON g.round_id = r.id \
             WHERE p.state = 'running' AND p.nudge_weeks > 0 AND g.nudged_at IS NULL \
             AND r.published_at + p.nudge_weeks * 604800 <= $1 \
             AND r.number = (SELECT MAX(r2.number) FROM match_rounds r2 \
                             WHERE r2.program_id = p.id AND r2.state = 'published') \
             AND NOT EXISTS (SELECT 1 FROM pair_sessions s WHERE s.round_id = r.id \
                             AND s.group_no = g.group_no AND s.state = 'accepted') \
             AND NOT EXISTS (SELECT 1 FROM pair_agreements a WHERE a.round_id = r.id \
                             AND a.group_no = g.group_no AND a.agreed_at IS NOT NULL) \
             ORDER BY p.id, g.group_no",
        )
        .bind(at)
        .fetch_all(self)
        .await?)
    }

    /// Marks a group nudged and queues its nudges in one transaction; false (and nothing
    /// queued) when it was nudged already.
    pub async fn nudge_group(&self, round_id: i64, group_no: i64, jobs: &[NewJob]) -> Result<bool> {
        let mut tx = self.pool().begin().await?;
        let done = sqlx::query(
            "UPDATE round_groups SET nudged_at = $1 WHERE round_id = $2 AND group_no = $3 \
             AND nudged_at IS NULL",
        )
        .bind(now())
        .bind(round_id)
        .bind(group_no)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Ok(false);
        }
        insert_jobs(&mut tx, jobs).await?;
        tx.commit().await?;
        Ok(true)
    }
}

impl Db {
    /// No goal check-in reminder for `user_id` until after `week`.
    pub async fn snooze_goal_reminders(&self, user_id: i64, week: i64) -> Result<()> {
        sqlx::query(
            "INSERT INTO goal_reminder_snoozes (user_id, through_week, updated_at) VALUES ($1, $2, $3) \
             ON CONFLICT (user_id) DO UPDATE SET through_week = excluded.through_week, \
             updated_at = excluded.updated_at",
        )
        .bind(user_id)
        .bind(week)
        .bind(super::now())
        .execute(self)
        .await?;
        Ok(())
    }

    /// The last week `user_id` snoozed goal reminders through, if any.
    pub async fn goal_reminders_snoozed_through(&self, user_id: i64) -> Result<Option<i64>> {
        Ok(
            sqlx::query_scalar("SELECT through_week FROM goal_reminder_snoozes WHERE user_id = $1")
                .bind(user_id)
                .fetch_optional(self)
                .await?,
        )
    }
}
