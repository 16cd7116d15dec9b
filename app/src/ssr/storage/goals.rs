//! Goals and their milestones. Moving a goal renumbers the columns it leaves and enters in one
//! write transaction, so the order people see is the order they left, however quickly they
//! drag. Check-ins and comments are in [`check_ins`](super::check_ins).

use super::{id_list, now, AnyQuery, Db, Result};
use crate::domain::{
    freshness, metric_progress, milestone_progress, percent, Amount, Direction, GoalCategory,
    GoalSpec, GoalStatus, Measure, MeasureKind, Visibility,
};
use crate::models::GoalCard;
use crate::ssr::storage::Lock;
use sqlx::{Any, Row, Transaction};

/// A goal as stored. Metric amounts are thousandths.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct GoalRow {
    pub id: i64,
    pub owner_id: i64,
    pub program_id: i64,
    pub title: String,
    pub why: String,
    pub category: GoalCategory,
    pub due_on: Option<String>,
    pub measure: MeasureKind,
    pub unit: String,
    pub baseline: Option<i64>,
    pub target: Option<i64>,
    pub direction: Option<Direction>,
    pub visibility: Visibility,
    pub status: GoalStatus,
    pub position: i64,
    pub last_value: Option<i64>,
    pub last_check_in_at: Option<i64>,
    pub created_at: i64,
    /// Milestones ticked and in all (0 for metric goals).
    pub milestones_done: i64,
    pub milestones_total: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct MilestoneRow {
    pub id: i64,
    pub title: String,
    /// 1 when ticked.
    pub done: i64,
}

const GOAL_COLUMNS: &str = "g.id, g.owner_id, g.program_id, g.title, g.why, g.category, g.due_on, \
     g.measure, g.unit, g.baseline, g.target, g.direction, g.visibility, g.status, g.position, \
     g.last_value, g.last_check_in_at, g.created_at, \
     CASE WHEN g.measure = 'milestones' THEN \
       (SELECT COUNT(*) FROM goal_milestones m WHERE m.goal_id = g.id AND m.done = 1) ELSE 0 END AS milestones_done, \
     CASE WHEN g.measure = 'milestones' THEN \
       (SELECT COUNT(*) FROM goal_milestones m WHERE m.goal_id = g.id) ELSE 0 END AS milestones_total";

fn measure_name(measure: &Measure) -> &'static str {
    match measure {
        Measure::Metric { .. } => "metric",
        Measure::Milestones(_) => "milestones",
    }
}

/// Binds a goal's ten described columns in order: title, why, category, due date, measure,
/// unit, baseline, target, direction and visibility (the metric ones empty for milestone goals).
fn bind_goal<'q>(query: AnyQuery<'q>, spec: &'q GoalSpec) -> AnyQuery<'q> {
    let (unit, baseline, target, direction) = match &spec.measure {
        Measure::Metric {
            unit,
            baseline,
            target,
            direction,
        } => (
            unit.as_str(),
            Some(baseline.0),
            Some(target.0),
            Some(direction.as_str()),
        ),
        Measure::Milestones(_) => ("", None, None, None),
    };
    query
        .bind(spec.title.as_str())
        .bind(spec.why.as_str())
        .bind(spec.category.as_str())
        .bind(spec.due_on.map(|d| d.to_string()))
        .bind(measure_name(&spec.measure))
        .bind(unit)
        .bind(baseline)
        .bind(target)
        .bind(direction)
        .bind(spec.visibility.as_str())
}

pub(super) async fn next_position(
    tx: &mut Transaction<'static, Any>,
    owner: i64,
    program: i64,
    status: GoalStatus,
) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "SELECT COALESCE(MAX(position) + 1, 0) FROM goals WHERE owner_id = $1 AND program_id = $2 \
         AND status = $3",
    )
    .bind(owner)
    .bind(program)
    .bind(status.as_str())
    .fetch_one(&mut **tx)
    .await?)
}

async fn write_milestones(
    tx: &mut Transaction<'static, Any>,
    goal_id: i64,
    items: &[String],
) -> Result<()> {
    for (i, title) in items.iter().enumerate() {
        sqlx::query("INSERT INTO goal_milestones (goal_id, position, title) VALUES ($1, $2, $3)")
            .bind(goal_id)
            .bind(i as i64)
            .bind(title)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

async fn renumber(tx: &mut Transaction<'static, Any>, ids: &[i64]) -> Result<()> {
    for (i, id) in ids.iter().enumerate() {
        sqlx::query("UPDATE goals SET position = $1 WHERE id = $2")
            .bind(i as i64)
            .bind(id)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

impl GoalRow {
    /// Progress from 0 to 1 and its summary in words, from the values kept on the row.
    pub fn progress(&self) -> (f64, String) {
        if self.measure == MeasureKind::Milestones {
            (
                milestone_progress(
                    self.milestones_done as usize,
                    self.milestones_total as usize,
                ),
                format!(
                    "{} of {} milestones",
                    self.milestones_done, self.milestones_total
                ),
            )
        } else {
            let (baseline, target) = (
                Amount(self.baseline.unwrap_or_default()),
                Amount(self.target.unwrap_or_default()),
            );
            let current = self.last_value.map(Amount);
            let summary = match current {
                Some(v) => format!("{v} {}, target {target}", self.unit),
                None => format!("No check-in yet; target {target} {}", self.unit),
            };
            (metric_progress(baseline, target, current), summary)
        }
    }

    /// The goal as a card on a board, a pair page, the dashboard or an admin's list: the
    /// same words wherever it shows.
    pub fn card(&self, program_name: &str, now: i64) -> GoalCard {
        let (fraction, summary) = self.progress();
        GoalCard {
            id: self.id,
            title: self.title.clone(),
            category: self.category,
            status: self.status,
            visibility: self.visibility,
            percent: percent(fraction),
            summary,
            freshness: freshness(
                self.status,
                self.last_check_in_at.unwrap_or(self.created_at),
                now,
            ),
            due_on: self.due_on.clone(),
            program_name: program_name.to_owned(),
        }
    }
}

impl Db {
    /// Whose board a goal is on (0 for no goal): the board is what a goal's writes lock.
    pub(super) async fn goal_owner(&self, id: i64) -> Result<i64> {
        Ok(
            sqlx::query_scalar::<_, i64>("SELECT owner_id FROM goals WHERE id = $1")
                .bind(id)
                .fetch_optional(self)
                .await?
                .unwrap_or_default(),
        )
    }

    /// Adds a goal at the end of its owner's Planned column.
    pub async fn create_goal(
        &self,
        owner_id: i64,
        program_id: i64,
        spec: &GoalSpec,
    ) -> Result<i64> {
        write_tx!(self, Lock::Board(owner_id), |tx| {
            let position =
                next_position(&mut tx, owner_id, program_id, GoalStatus::Planned).await?;
            let at = now();
            let query = sqlx::query(
                "INSERT INTO goals (title, why, category, due_on, measure, unit, baseline, target, \
                 direction, visibility, owner_id, program_id, status, position, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'planned', $13, $14, $14) \
                 RETURNING id",
            );
            let id: i64 = bind_goal(query, spec)
                .bind(owner_id)
                .bind(program_id)
                .bind(position)
                .bind(at)
                .fetch_one(&mut *tx)
                .await?
                .try_get(0)?;
            if let Measure::Milestones(items) = &spec.measure {
                write_milestones(&mut tx, id, items).await?;
            }
            Ok(id)
        })
    }

    /// Changes a goal's words, measure and visibility; its place on the board and its
    /// check-ins stay. Milestones keep their ticks where their wording is unchanged.
    pub async fn update_goal(&self, id: i64, spec: &GoalSpec) -> Result<()> {
        let owner = self.goal_owner(id).await?;
        write_tx!(self, Lock::Board(owner), |tx| {
            let query = sqlx::query(
                "UPDATE goals SET title = $1, why = $2, category = $3, due_on = $4, measure = $5, \
                 unit = $6, baseline = $7, target = $8, direction = $9, visibility = $10, updated_at = $11 \
                 WHERE id = $12",
            );
            bind_goal(query, spec)
                .bind(now())
                .bind(id)
                .execute(&mut *tx)
                .await?;
            let items = match &spec.measure {
                Measure::Milestones(items) => items.as_slice(),
                Measure::Metric { .. } => &[],
            };
            let ticked: Vec<String> = sqlx::query_scalar(
                "SELECT title FROM goal_milestones WHERE goal_id = $1 AND done = 1",
            )
            .bind(id)
            .fetch_all(&mut *tx)
            .await?;
            sqlx::query("DELETE FROM goal_milestones WHERE goal_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            write_milestones(&mut tx, id, items).await?;
            for title in ticked {
                sqlx::query(
                    "UPDATE goal_milestones SET done = 1 WHERE goal_id = $1 AND title = $2",
                )
                .bind(id)
                .bind(title)
                .execute(&mut *tx)
                .await?;
            }
            Ok(())
        })
    }

    pub async fn goal(&self, id: i64) -> Result<Option<GoalRow>> {
        Ok(sqlx::query_as(&format!(
            "SELECT {GOAL_COLUMNS} FROM goals g WHERE g.id = $1"
        ))
        .bind(id)
        .fetch_optional(self)
        .await?)
    }

    /// Someone's goals in a program, column by column in board order.
    pub async fn goals_of(&self, owner_id: i64, program_id: i64) -> Result<Vec<GoalRow>> {
        Ok(sqlx::query_as(&format!(
            "SELECT {GOAL_COLUMNS} FROM goals g WHERE g.owner_id = $1 AND g.program_id = $2 \
             ORDER BY g.status, g.position, g.id"
        ))
        .bind(owner_id)
        .bind(program_id)
        .fetch_all(self)
        .await?)
    }

    /// The programs someone has a goal board in, as (id, name): those they joined and have
    /// not left while the program runs, by start date, then any other they keep goals in.
    pub async fn board_programs(&self, owner_id: i64) -> Result<Vec<(i64, String)>> {
        Ok(sqlx::query_as(
            "SELECT p.id, p.name FROM programs p LEFT JOIN enrollments e \
             ON e.program_id = p.id AND e.user_id = $1 AND e.status <> 'left' \
             AND p.state <> 'finished' \
             WHERE e.program_id IS NOT NULL \
             OR p.id IN (SELECT program_id FROM goals WHERE owner_id = $1) \
             ORDER BY CASE WHEN e.program_id IS NULL THEN 1 ELSE 0 END, \
             CASE WHEN e.program_id IS NULL THEN NULL ELSE p.starts_on END, p.id",
        )
        .bind(owner_id)
        .fetch_all(self)
        .await?)
    }

    /// Someone's goals in every program, for the dashboard.
    pub async fn all_goals_of(&self, owner_id: i64) -> Result<Vec<GoalRow>> {
        Ok(sqlx::query_as(&format!(
            "SELECT {GOAL_COLUMNS} FROM goals g WHERE g.owner_id = $1 ORDER BY g.program_id, g.status, g.position"
        ))
        .bind(owner_id)
        .fetch_all(self)
        .await?)
    }

    /// Goals of `owners` in a program that are shared at least as widely as `at_least`
    /// (`Match`: with partners; `MatchAdmins`: with program admins too).
    pub async fn shared_goals(
        &self,
        program_id: i64,
        owners: &[i64],
        at_least: Visibility,
    ) -> Result<Vec<GoalRow>> {
        if owners.is_empty() {
            return Ok(Vec::new());
        }
        let visible = match at_least {
            Visibility::Private => "'private', 'match', 'match_admins'",
            Visibility::Match => "'match', 'match_admins'",
            Visibility::MatchAdmins => "'match_admins'",
        };
        let list = id_list(owners);
        Ok(sqlx::query_as(&format!(
            "SELECT {GOAL_COLUMNS} FROM goals g WHERE g.program_id = $1 AND g.owner_id IN ({list}) \
             AND g.visibility IN ({visible}) ORDER BY g.owner_id, g.status, g.position"
        ))
        .bind(program_id)
        .fetch_all(self)
        .await?)
    }

    /// Goals shared with program admins, by status, for a program's figures. Private goals
    /// and goals shared only with partners are never counted.
    pub async fn admin_goal_counts(&self, program_id: i64) -> Result<Vec<(GoalStatus, i64)>> {
        Ok(sqlx::query_as(
            "SELECT status, COUNT(*) FROM goals WHERE program_id = $1 AND visibility = 'match_admins' \
             GROUP BY status ORDER BY status",
        )
        .bind(program_id)
        .fetch_all(self)
        .await?)
    }

    /// Moves a goal to `status` at `position` (0-based, clamped to the column), shifting the
    /// goals around it.
    pub async fn move_goal(&self, id: i64, status: GoalStatus, position: i64) -> Result<bool> {
        let owner = self.goal_owner(id).await?;
        write_tx!(self, Lock::Board(owner), |tx| {
            let row: Option<(i64, i64, String)> =
                sqlx::query_as("SELECT owner_id, program_id, status FROM goals WHERE id = $1")
                    .bind(id)
                    .fetch_optional(&mut *tx)
                    .await?;
            let Some((owner, program, from)) = row else {
                return Ok(false);
            };
            let column = |status: String| {
                sqlx::query_scalar::<_, i64>(
                    "SELECT id FROM goals WHERE owner_id = $1 AND program_id = $2 AND status = $3 \
                     AND id <> $4 ORDER BY position, id",
                )
                .bind(owner)
                .bind(program)
                .bind(status)
                .bind(id)
            };
            let left: Vec<i64> = column(from.clone()).fetch_all(&mut *tx).await?;
            let mut entered: Vec<i64> = column(status.as_str().to_owned())
                .fetch_all(&mut *tx)
                .await?;
            let at = usize::try_from(position.max(0))
                .unwrap_or(0)
                .min(entered.len());
            entered.insert(at, id);
            sqlx::query("UPDATE goals SET status = $1, updated_at = $2 WHERE id = $3")
                .bind(status.as_str())
                .bind(now())
                .bind(id)
                .execute(&mut *tx)
                .await?;
            if from != status.as_str() {
                renumber(&mut tx, &left).await?;
            }
            renumber(&mut tx, &entered).await?;
            Ok(true)
        })
    }

    pub async fn milestones(&self, goal_id: i64) -> Result<Vec<MilestoneRow>> {
        Ok(sqlx::query_as(
            "SELECT id, title, done FROM goal_milestones WHERE goal_id = $1 ORDER BY position, id",
        )
        .bind(goal_id)
        .fetch_all(self)
        .await?)
    }
}
