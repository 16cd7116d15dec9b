//! What insights are counted from: people and their enrollments, the groups of the rounds
//! published in a period with their sessions, ratings, goals shared with admins and event
//! replies. Sessions and ratings come back summed per group and person, so the number of rows
//! follows people, groups and goals, not sessions; who counts in which cell is decided above.
//! Each read is one JSON document ([`Db::fetch_bulk`]): a view reads too many rows for sqlx to
//! hand over one at a time.

use super::bulk::wire;
use super::rounds::ROUND_ENDS_AT;
use super::{Db, Result};
use crate::domain::{EnrollmentRole, EventKind, GoalCategory, GoalStatus, GroupMin, RsvpState};
use serde::Deserialize;
use std::collections::HashMap;

/// A person as the filters and the retention figures read them.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct InsightPersonRow {
    pub id: i64,
    pub department: String,
    pub location: String,
    pub level: Option<i64>,
    pub created_at: i64,
    pub deactivated_at: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct InsightEnrollmentRow {
    pub program_id: i64,
    pub user_id: i64,
    #[serde(deserialize_with = "wire")]
    pub role: EnrollmentRole,
    pub created_at: i64,
}

/// A matched group of a round published in the period, with what its sessions add up to.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct InsightGroupRow {
    pub program_id: i64,
    pub round_id: i64,
    pub round_number: i64,
    pub group_no: i64,
    pub published_at: i64,
    /// When the round gives way to the next: published + the program's rotation.
    pub ends_at: i64,
    /// Sessions someone said were held, and said did not happen.
    pub held: i64,
    pub not_held: i64,
    pub first_held: Option<i64>,
    pub last_held: Option<i64>,
    /// Who was in the group, as ids separated by commas: one row per group rather than one
    /// per member halves the rows a view reads (see [`InsightGroupRow::member_ids`]).
    pub members: String,
}

impl InsightGroupRow {
    /// The ids of the group's members.
    pub fn member_ids(&self) -> Result<Vec<i64>> {
        super::rounds::member_list(&self.members)
    }
}

/// One person's ratings of one group's sessions, counted by rating (1 to 5).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct InsightRatingRow {
    pub program_id: i64,
    pub round_number: i64,
    pub user_id: i64,
    pub rated_1: i64,
    pub rated_2: i64,
    pub rated_3: i64,
    pub rated_4: i64,
    pub rated_5: i64,
}

impl InsightRatingRow {
    /// How many ratings of 1, 2, 3, 4 and 5.
    pub fn counts(&self) -> [i64; 5] {
        [
            self.rated_1,
            self.rated_2,
            self.rated_3,
            self.rated_4,
            self.rated_5,
        ]
    }
}

/// A goal someone set in a program, with its status and category. One row per goal: summing
/// them per person, status and category in SQL left almost as many rows (a person rarely has
/// two goals of one kind and status) and cost PostgreSQL more than it saved.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct InsightGoalRow {
    pub program_id: i64,
    pub owner_id: i64,
    #[serde(deserialize_with = "wire")]
    pub status: GoalStatus,
    #[serde(deserialize_with = "wire")]
    pub category: GoalCategory,
}

/// One person's reply to one event of the period, with a program the event belongs to (an
/// event for several programs gives one row each; one for none, a row without).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct InsightRsvpRow {
    #[serde(deserialize_with = "wire")]
    pub kind: EventKind,
    pub program_id: Option<i64>,
    pub user_id: i64,
    #[serde(deserialize_with = "wire")]
    pub state: RsvpState,
    pub attended: i64,
}

/// One person's answers to a program's first-meeting fit check in a round of the period.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct InsightFitRow {
    pub program_id: i64,
    pub user_id: i64,
    /// The answers as JSON, as the survey kept them.
    pub answers: String,
}

/// The rounds (`r`) a period's groups and ratings come from: published from `$1` until `$2`.
const PUBLISHED_IN: &str = "r.state = 'published' AND r.published_at >= $1 AND r.published_at < $2";

/// A round of the period as [`Db::insight_groups`] reads it.
#[derive(Deserialize)]
struct PeriodRound {
    id: i64,
    program_id: i64,
    number: i64,
    published_at: i64,
    ends_at: i64,
}

/// A group of the period as [`Db::insight_groups`] reads it, before its round's figures join.
#[derive(Deserialize)]
struct PeriodGroup {
    round_id: i64,
    group_no: i64,
    held: i64,
    not_held: i64,
    first_held: Option<i64>,
    last_held: Option<i64>,
    members: String,
}

impl Db {
    /// The smallest group insights show.
    pub async fn insights_min_group(&self) -> Result<GroupMin> {
        let k: i64 = sqlx::query_scalar("SELECT insights_min_group FROM org_settings WHERE id = 1")
            .fetch_one(self)
            .await?;
        GroupMin::new(k)
            .map_err(|_| super::StorageError::Corrupt(format!("insights_min_group {k}")))
    }

    pub async fn save_insights_min_group(&self, k: GroupMin) -> Result<()> {
        sqlx::query("UPDATE org_settings SET insights_min_group = $1 WHERE id = 1")
            .bind(k.get())
            .execute(self)
            .await?;
        Ok(())
    }

    /// Everyone in the directory, left or not.
    pub async fn insight_people(&self) -> Result<Vec<InsightPersonRow>> {
        self.fetch_bulk(
            "SELECT id, department, location, level, created_at, deactivated_at FROM users",
            &[
                "id",
                "department",
                "location",
                "level",
                "created_at",
                "deactivated_at",
            ],
            &[],
        )
        .await
    }

    /// Every enrollment made before `until`, whatever became of it.
    pub async fn insight_enrollments(&self, until: i64) -> Result<Vec<InsightEnrollmentRow>> {
        self.fetch_bulk(
            "SELECT program_id, user_id, role, created_at FROM enrollments WHERE created_at < $1",
            &["program_id", "user_id", "role", "created_at"],
            &[until],
        )
        .await
    }

    /// The groups of the rounds published from `from` until `until`, with their members (kept
    /// beside each group) and what their sessions add up to (kept in `group_tallies` as
    /// sessions change). The rounds are read apart from their groups and joined here: a
    /// period's 1,800 rounds hold 36,000 groups, and repeating each round's four figures on
    /// every group row cost more than the join.
    pub async fn insight_groups(&self, from: i64, until: i64) -> Result<Vec<InsightGroupRow>> {
        let period = [from, until];
        let rounds_sql = format!(
            "SELECT r.id, r.program_id, r.number, r.published_at, {ROUND_ENDS_AT} AS ends_at \
             FROM match_rounds r JOIN programs p ON p.id = r.program_id WHERE {PUBLISHED_IN}"
        );
        let groups_sql = format!(
            "SELECT g.round_id, g.group_no, COALESCE(t.held, 0) AS held, \
                COALESCE(t.not_held, 0) AS not_held, t.first_held, t.last_held, g.members \
             FROM match_rounds r \
             JOIN round_groups g ON g.round_id = r.id \
             LEFT JOIN group_tallies t ON t.round_id = g.round_id AND t.group_no = g.group_no \
             WHERE {PUBLISHED_IN}"
        );
        let (rounds, groups) = tokio::try_join!(
            self.fetch_bulk::<PeriodRound>(
                &rounds_sql,
                &["id", "program_id", "number", "published_at", "ends_at"],
                &period,
            ),
            self.fetch_bulk::<PeriodGroup>(
                &groups_sql,
                &[
                    "round_id",
                    "group_no",
                    "held",
                    "not_held",
                    "first_held",
                    "last_held",
                    "members",
                ],
                &period,
            ),
        )?;
        let rounds: HashMap<i64, PeriodRound> = rounds.into_iter().map(|r| (r.id, r)).collect();
        Ok(groups
            .into_iter()
            // The reads are two statements, so a round published between them can bring
            // groups whose round the first did not see: those wait for the next view, as the
            // round itself does.
            .filter_map(|g| {
                let r = rounds.get(&g.round_id)?;
                Some(InsightGroupRow {
                    program_id: r.program_id,
                    round_id: g.round_id,
                    round_number: r.number,
                    group_no: g.group_no,
                    published_at: r.published_at,
                    ends_at: r.ends_at,
                    held: g.held,
                    not_held: g.not_held,
                    first_held: g.first_held,
                    last_held: g.last_held,
                    members: g.members,
                })
            })
            .collect())
    }

    /// Lists every group's members and sums every group and rating tally again from the
    /// members, sessions and ratings, as the triggers would have. For a database filled with
    /// its triggers off (the benchmark's PostgreSQL organisation); not for one being written
    /// to at the same time.
    pub async fn rebuild_insight_tallies(&self) -> Result<()> {
        const COUNTED: &str = "held = 1 AND state NOT IN ('cancelled', 'replaced')";
        let mut tx = self.pool().begin().await?;
        sqlx::query(
            "UPDATE round_groups SET members = COALESCE( \
                 (SELECT string_agg(CAST(m.user_id AS TEXT), ',' ORDER BY m.user_id) \
                  FROM round_members m \
                  WHERE m.round_id = round_groups.round_id \
                    AND m.group_no = round_groups.group_no), '')",
        )
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM group_tallies")
            .execute(&mut *tx)
            .await?;
        sqlx::query(&format!(
            "INSERT INTO group_tallies (round_id, group_no, sessions, held, not_held, \
                 first_held, last_held) \
             SELECT round_id, group_no, COUNT(*), COUNT(CASE WHEN {COUNTED} THEN 1 END), \
                    COUNT(CASE WHEN held = 0 AND state NOT IN ('cancelled', 'replaced') \
                               THEN 1 END), \
                    MIN(CASE WHEN {COUNTED} THEN starts_at END), \
                    MAX(CASE WHEN {COUNTED} THEN starts_at END) \
             FROM pair_sessions GROUP BY round_id, group_no"
        ))
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM rating_tallies")
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO rating_tallies (round_id, group_no, user_id, rated_1, rated_2, \
                 rated_3, rated_4, rated_5, ratings) \
             SELECT s.round_id, s.group_no, f.user_id, \
                    COUNT(CASE WHEN f.rating = 1 THEN 1 END), \
                    COUNT(CASE WHEN f.rating = 2 THEN 1 END), \
                    COUNT(CASE WHEN f.rating = 3 THEN 1 END), \
                    COUNT(CASE WHEN f.rating = 4 THEN 1 END), \
                    COUNT(CASE WHEN f.rating = 5 THEN 1 END), COUNT(*) \
             FROM session_feedback f JOIN pair_sessions s ON s.id = f.session_id \
             GROUP BY s.round_id, s.group_no, f.user_id",
        )
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Ratings of the sessions of those groups, per person and group (kept in
    /// `rating_tallies` as ratings change).
    pub async fn insight_ratings(&self, from: i64, until: i64) -> Result<Vec<InsightRatingRow>> {
        self.fetch_bulk(
            &format!(
                "SELECT r.program_id, r.number AS round_number, t.user_id, \
                        t.rated_1, t.rated_2, t.rated_3, t.rated_4, t.rated_5 \
                 FROM rating_tallies t JOIN match_rounds r ON r.id = t.round_id \
                 WHERE {PUBLISHED_IN}"
            ),
            &[
                "program_id",
                "round_number",
                "user_id",
                "rated_1",
                "rated_2",
                "rated_3",
                "rated_4",
                "rated_5",
            ],
            &[from, until],
        )
        .await
    }

    /// Goals shared with admins and set in the period. Goals kept private or shared only with
    /// a match are never read.
    pub async fn insight_goals(&self, from: i64, until: i64) -> Result<Vec<InsightGoalRow>> {
        self.fetch_bulk(
            "SELECT program_id, owner_id, status, category FROM goals \
             WHERE visibility = 'match_admins' AND created_at >= $1 AND created_at < $2",
            &["program_id", "owner_id", "status", "category"],
            &[from, until],
        )
        .await
    }

    /// Replies to the events starting in the period that were not cancelled.
    pub async fn insight_rsvps(&self, from: i64, until: i64) -> Result<Vec<InsightRsvpRow>> {
        self.fetch_bulk(
            "SELECT e.kind, ep.program_id, r.user_id, r.state, r.attended FROM rsvps r \
             JOIN events e ON e.id = r.event_id \
             LEFT JOIN event_programs ep ON ep.event_id = e.id \
             WHERE e.state = 'scheduled' AND e.starts_at >= $1 AND e.starts_at < $2",
            &["kind", "program_id", "user_id", "state", "attended"],
            &[from, until],
        )
        .await
    }

    /// Answers to fit checks for the rounds published in the period.
    pub async fn insight_fit_answers(&self, from: i64, until: i64) -> Result<Vec<InsightFitRow>> {
        self.fetch_bulk(
            "SELECT s.program_id, p.user_id, p.answers FROM pulse_responses p \
             JOIN pulse_surveys s ON s.id = p.survey_id \
             JOIN match_rounds r ON r.id = p.round_id \
             WHERE s.kind = 'fit' AND r.published_at >= $1 AND r.published_at < $2",
            &["program_id", "user_id", "answers"],
            &[from, until],
        )
        .await
    }
}
