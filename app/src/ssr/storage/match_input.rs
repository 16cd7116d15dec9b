//! What the matching engine reads about a program: enrolled people, their wishes and avoid
//! lists, the whole manager chain, and published rounds as history.

use super::{Db, Json, Result};
use crate::domain::{Answers, EnrollmentRole, EnrollmentStatus};

/// An enrolled person as matching needs them.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MatchPerson {
    pub user_id: i64,
    pub name: String,
    pub role: EnrollmentRole,
    pub capacity: i64,
    pub status: EnrollmentStatus,
    pub department: String,
    pub team: String,
    pub level: Option<i64>,
    pub time_zone: String,
    pub answers: Json<Answers>,
}

impl Db {
    /// Everyone enrolled in a program who has not left.
    pub async fn match_people(&self, program_id: i64) -> Result<Vec<MatchPerson>> {
        Ok(sqlx::query_as(
            "SELECT e.user_id, u.name, e.role, e.capacity, e.status, u.department, u.team, \
             u.level, u.time_zone, e.answers FROM enrollments e JOIN users u ON u.id = e.user_id \
             WHERE e.program_id = $1 AND e.status <> 'left' AND u.deactivated_at IS NULL \
             ORDER BY e.user_id",
        )
        .bind(program_id)
        .fetch_all(self)
        .await?)
    }

    /// `(who, partner)` rows of a partner table, for matching only. For the avoid list this
    /// is the one reader besides its author's own page: a hard rule, never displayed.
    async fn partner_pairs(&self, table: &str, program_id: i64) -> Result<Vec<(i64, i64)>> {
        Ok(sqlx::query_as(&format!(
            "SELECT user_id, partner_id FROM {table} WHERE program_id = $1"
        ))
        .bind(program_id)
        .fetch_all(self)
        .await?)
    }

    pub async fn preferred_pairs(&self, program_id: i64) -> Result<Vec<(i64, i64)>> {
        self.partner_pairs("enrollment_preferred", program_id).await
    }

    pub async fn avoid_pairs_for_matching(&self, program_id: i64) -> Result<Vec<(i64, i64)>> {
        self.partner_pairs("enrollment_avoid", program_id).await
    }

    /// `(person, manager)` for the whole organisation.
    pub async fn manager_links(&self) -> Result<Vec<(i64, i64)>> {
        Ok(
            sqlx::query_as("SELECT id, manager_id FROM users WHERE manager_id IS NOT NULL")
                .fetch_all(self)
                .await?,
        )
    }

    /// The groups of every published round of a program, oldest round first.
    pub async fn published_groups(&self, program_id: i64) -> Result<Vec<Vec<Vec<i64>>>> {
        let rows: Vec<(i64, i64, i64)> = sqlx::query_as(
            "SELECT r.number, m.group_no, m.user_id FROM round_members m \
             JOIN match_rounds r ON r.id = m.round_id \
             WHERE r.program_id = $1 AND r.state = 'published' \
             ORDER BY r.number, m.group_no, m.user_id",
        )
        .bind(program_id)
        .fetch_all(self)
        .await?;
        let mut rounds: Vec<Vec<Vec<i64>>> = Vec::new();
        let mut last: Option<(i64, i64)> = None;
        for (number, group, user) in rows {
            if last.map(|(n, _)| n) != Some(number) {
                rounds.push(Vec::new());
            }
            let round = rounds.last_mut().expect("a round was pushed");
            if last != Some((number, group)) {
                round.push(Vec::new());
            }
            round.last_mut().expect("a group was pushed").push(user);
            last = Some((number, group));
        }
        Ok(rounds)
    }
}
