//! Matching rounds: the engine's results kept as drafts and published rounds, and who is
//! matched with whom. What the engine reads is in [`match_input`](super::match_input).

use super::jobs::insert_jobs;
use super::{now, AnyQuery, Db, Json, NewJob, Result, StorageError};
use crate::domain::PairRule;
use crate::matching::{MatchGroup, MatchResult, RefusedLock};
use crate::models::{Explanation, Quality};
use crate::ssr::storage::Lock;
use serde::{Deserialize, Serialize};
use sqlx::Row;

/// When a published round `r` of program `p` gives way to the next: its publication plus
/// the program's rotation. Every query that asks whether a round has ended reads this one.
pub(super) const ROUND_ENDS_AT: &str = "r.published_at + p.rotation_weeks * 604800";

fn corrupt(e: impl std::fmt::Display) -> StorageError {
    StorageError::Corrupt(e.to_string())
}

/// A round's header.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoundRow {
    pub id: i64,
    pub number: i64,
    pub published: bool,
    pub seed: i64,
    pub total_score: i64,
    pub upper_bound: i64,
    pub exact: bool,
    pub quality: Quality,
    pub unmatched: Vec<(i64, String)>,
    /// Locks the engine refused, with the rule each breaks.
    pub refused_locks: Vec<RefusedLock>,
    pub created_at: i64,
    pub published_at: Option<i64>,
}

/// A pair inside a stored group, with its explanation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredPair {
    pub a: i64,
    pub b: i64,
    pub explanation: Explanation,
}

/// A group of a round.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupRow {
    pub round_id: i64,
    pub group_no: i64,
    pub members: Vec<i64>,
    pub mentor: Option<i64>,
    pub score: i64,
    pub locked: bool,
    pub pairs: Vec<StoredPair>,
    /// Nudged for not meeting, and still no session accepted.
    pub not_meeting: bool,
}

/// A group's columns (the table as `g`), with whether it was nudged for not meeting and still
/// has no session accepted.
const GROUP_COLUMNS: &str = "g.round_id, g.group_no, g.mentor_id, g.score, g.locked, g.pairs, \
    g.members, CASE WHEN g.nudged_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM pair_sessions s \
    WHERE s.round_id = g.round_id AND s.group_no = g.group_no AND s.state = 'accepted') \
    THEN 1 ELSE 0 END AS not_meeting";

fn group(row: &sqlx::any::AnyRow) -> Result<GroupRow> {
    let pairs: String = row.try_get("pairs")?;
    let mentor: Option<i64> = row.try_get("mentor_id")?;
    let mut members = member_list(&row.try_get::<String, _>("members")?)?;
    // The mentor first, then the others by id.
    members.sort_by_key(|id| (Some(*id) != mentor, *id));
    Ok(GroupRow {
        round_id: row.try_get("round_id")?,
        group_no: row.try_get("group_no")?,
        members,
        mentor,
        score: row.try_get("score")?,
        locked: row.try_get::<i64, _>("locked")? != 0,
        pairs: serde_json::from_str(&pairs).map_err(corrupt)?,
        not_meeting: row.try_get::<i64, _>("not_meeting")? != 0,
    })
}

/// A group's members as the `members` column keeps them: ids separated by commas, kept equal
/// to `round_members` by the database's triggers.
pub(super) fn member_list(members: &str) -> Result<Vec<i64>> {
    members
        .split(',')
        .filter(|id| !id.is_empty())
        .map(|id| {
            id.parse()
                .map_err(|_| StorageError::Corrupt(format!("group member id {id:?}")))
        })
        .collect()
}

const ROUND_SELECT: &str =
    "SELECT id, number, state, seed, total_score, upper_bound, exact_optimum, \
    quality, unmatched, refused_locks, created_at, published_at FROM match_rounds";

fn round(row: &sqlx::any::AnyRow) -> Result<RoundRow> {
    let quality: String = row.try_get("quality")?;
    let unmatched: String = row.try_get("unmatched")?;
    Ok(RoundRow {
        id: row.try_get("id")?,
        number: row.try_get("number")?,
        published: row.try_get::<String, _>("state")? == "published",
        seed: row.try_get("seed")?,
        total_score: row.try_get("total_score")?,
        upper_bound: row.try_get("upper_bound")?,
        exact: row.try_get::<i64, _>("exact_optimum")? != 0,
        quality: serde_json::from_str(&quality).map_err(corrupt)?,
        unmatched: serde_json::from_str(&unmatched).map_err(corrupt)?,
        refused_locks: row.try_get::<Json<Vec<RefusedLock>>, _>("refused_locks")?.0,
        created_at: row.try_get("created_at")?,
        published_at: row.try_get("published_at")?,
    })
}

/// A round's header as stored.
struct Header {
    seed: i64,
    total_score: i64,
    upper_bound: i64,
    exact: bool,
    quality: String,
    unmatched: String,
    refused_locks: String,
    created_at: i64,
}

/// Binds a round's header as $1 to $7: seed, total score, upper bound, exactness, quality,
/// unmatched, creation time.
fn bind_header<'q>(query: AnyQuery<'q>, h: &'q Header) -> AnyQuery<'q> {
    query
        .bind(h.seed)
        .bind(h.total_score)
        .bind(h.upper_bound)
        .bind(i64::from(h.exact))
        .bind(&h.quality)
        .bind(&h.unmatched)
        .bind(&h.refused_locks)
        .bind(h.created_at)
}

/// Stores one group of a round with its members, inside the caller's transaction.
pub(super) async fn insert_group(
    conn: &mut sqlx::AnyConnection,
    round_id: i64,
    group_no: i64,
    group: &MatchGroup,
) -> Result<()> {
    let pairs = serde_json::to_string(&group.pairs).map_err(corrupt)?;
    sqlx::query(
        "INSERT INTO round_groups (round_id, group_no, mentor_id, score, locked, pairs) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(round_id)
    .bind(group_no)
    .bind(group.mentor)
    .bind(group.score)
    .bind(i64::from(group.locked))
    .bind(pairs)
    .execute(&mut *conn)
    .await?;
    for member in &group.members {
        sqlx::query("INSERT INTO round_members (round_id, group_no, user_id) VALUES ($1, $2, $3)")
            .bind(round_id)
            .bind(group_no)
            .bind(member)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

impl Db {
    pub async fn round(&self, program_id: i64, round_id: i64) -> Result<Option<RoundRow>> {
        sqlx::query(&format!("{ROUND_SELECT} WHERE program_id = $1 AND id = $2"))
            .bind(program_id)
            .bind(round_id)
            .fetch_optional(self)
            .await?
            .as_ref()
            .map(round)
            .transpose()
    }

    /// The rounds of a program, newest first.
    pub async fn rounds(&self, program_id: i64) -> Result<Vec<RoundRow>> {
        sqlx::query(&format!(
            "{ROUND_SELECT} WHERE program_id = $1 ORDER BY number DESC"
        ))
        .bind(program_id)
        .fetch_all(self)
        .await?
        .iter()
        .map(round)
        .collect()
    }

    /// Saves an engine result as the program's draft round: replaces the groups of the
    /// existing draft (keeping its adjustments), or starts the next round number.
    pub async fn save_draft_round(
        &self,
        program_id: i64,
        seed: i64,
        result: &MatchResult,
    ) -> Result<i64> {
        let quality = serde_json::to_string(&result.quality).map_err(corrupt)?;
        let unmatched: Vec<(i64, &str)> = result
            .unmatched
            .iter()
            .map(|u| (u.id, u.reason.as_str()))
            .collect();
        let unmatched = serde_json::to_string(&unmatched).map_err(corrupt)?;
        let refused_locks = serde_json::to_string(&result.refused_locks).map_err(corrupt)?;
        let header = Header {
            refused_locks,
            seed,
            total_score: result.total_score,
            upper_bound: result.upper_bound,
            exact: result.exact,
            quality,
            unmatched,
            created_at: now(),
        };
        write_tx!(self, Lock::Program(program_id), |tx| {
            let draft: Option<i64> = sqlx::query_scalar(
                "SELECT id FROM match_rounds WHERE program_id = $1 AND state = 'draft'",
            )
            .bind(program_id)
            .fetch_optional(&mut *tx)
            .await?;
            let id = match draft {
                Some(id) => {
                    let update = "UPDATE match_rounds SET seed = $1, total_score = $2, \
                         upper_bound = $3, exact_optimum = $4, quality = $5, unmatched = $6, \
                         refused_locks = $7, created_at = $8 WHERE id = $9";
                    bind_header(sqlx::query(update), &header)
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                    sqlx::query("DELETE FROM round_groups WHERE round_id = $1")
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                    id
                }
                None => {
                    let insert = "INSERT INTO match_rounds (seed, total_score, upper_bound, \
                         exact_optimum, quality, unmatched, refused_locks, created_at, program_id, \
                         number, state) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, \
                         (SELECT COALESCE(MAX(number), 0) + 1 FROM match_rounds WHERE program_id = $9), \
                         'draft') RETURNING id";
                    let row = bind_header(sqlx::query(insert), &header)
                        .bind(program_id)
                        .fetch_one(&mut *tx)
                        .await?;
                    row.try_get(0)?
                }
            };
            for (no, group) in result.groups.iter().enumerate() {
                insert_group(&mut tx, id, no as i64, group).await?;
            }
            Ok(id)
        })
    }

    pub async fn round_groups(&self, round_id: i64) -> Result<Vec<GroupRow>> {
        sqlx::query(&format!(
            "SELECT {GROUP_COLUMNS} FROM round_groups g \
             WHERE g.round_id = $1 AND g.dissolved_at IS NULL ORDER BY g.group_no"
        ))
        .bind(round_id)
        .fetch_all(self)
        .await?
        .iter()
        .map(group)
        .collect()
    }

    /// Keeps a pair together (`lock`) or apart (`forbid`) when the draft is re-run, in place
    /// of any rule they had, and drops the locks it `replaces`.
    pub async fn set_round_rule(
        &self,
        round_id: i64,
        a: i64,
        b: i64,
        kind: PairRule,
        replaces: &[(i64, i64)],
    ) -> Result<()> {
        let (a, b) = (a.min(b), a.max(b));
        let mut tx = self.pool().begin().await?;
        for &(x, y) in replaces.iter().chain([(a, b)].iter()) {
            sqlx::query("DELETE FROM round_rules WHERE round_id = $1 AND a = $2 AND b = $3")
                .bind(round_id)
                .bind(x.min(y))
                .bind(x.max(y))
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query("INSERT INTO round_rules (round_id, a, b, kind) VALUES ($1, $2, $3, $4)")
            .bind(round_id)
            .bind(a)
            .bind(b)
            .bind(kind)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// A draft's adjustments as `(a, b, kind)`.
    pub async fn round_rules(&self, round_id: i64) -> Result<Vec<(i64, i64, PairRule)>> {
        Ok(
            sqlx::query_as("SELECT a, b, kind FROM round_rules WHERE round_id = $1 ORDER BY a, b")
                .bind(round_id)
                .fetch_all(self)
                .await?,
        )
    }

    /// Publishes a draft and queues `jobs` (the emails to everyone matched) in the same
    /// transaction; false when it was no longer a draft, and then nothing is queued.
    pub async fn publish_round(&self, round_id: i64, jobs: &[NewJob]) -> Result<bool> {
        let mut tx = self.pool().begin().await?;
        let done = sqlx::query(
            "UPDATE match_rounds SET state = 'published', published_at = $1 \
             WHERE id = $2 AND state = 'draft'",
        )
        .bind(now())
        .bind(round_id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Ok(false);
        }
        insert_jobs(&mut tx, jobs).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Publishes a round of `program_id` made of the given pairs, as they were agreed outside
    /// the engine (the demo's running program, and tests); returns the round id. Group numbers
    /// follow the order of `pairs`.
    pub async fn publish_pairs(&self, program_id: i64, pairs: &[(i64, i64)]) -> Result<i64> {
        use crate::matching::{MatchGroup, MatchResult, PairScore};
        use crate::models::{Explanation, Quality};
        let result = MatchResult {
            groups:
                pairs
                    .iter()
                    .map(|&(a, b)| MatchGroup {
                        members: vec![a, b],
                        mentor: None,
                        score: 50,
                        locked: false,
                        pairs: vec![PairScore {
                            a,
                            b,
                            explanation: Explanation {
                                score: 50,
                                parts: vec![],
                                highlights: vec![
                                    "You work at similar levels in different teams".into()
                                ],
                            },
                        }],
                    })
                    .collect(),
            unmatched: Vec::new(),
            refused_locks: Vec::new(),
            total_score: 50 * pairs.len() as i64,
            upper_bound: 50 * pairs.len() as i64,
            exact: true,
            quality: Quality {
                participants: pairs.len() * 2,
                matched: pairs.len() * 2,
                ..Default::default()
            },
        };
        let round = self.save_draft_round(program_id, 1, &result).await?;
        self.publish_round(round, &[]).await?;
        Ok(round)
    }

    /// The people `user_id` is matched with in the program's newest published round.
    pub async fn partners_of(&self, program_id: i64, user_id: i64) -> Result<Vec<i64>> {
        let mut ids: Vec<i64> = self
            .my_groups(program_id, user_id)
            .await?
            .into_iter()
            .flat_map(|(_, groups)| groups.into_iter().flat_map(|g| g.members))
            .filter(|id| *id != user_id)
            .collect();
        ids.sort_unstable();
        ids.dedup();
        Ok(ids)
    }

    /// The newest published round of a program: the one its pairs are in now.
    pub async fn newest_published_round(&self, program_id: i64) -> Result<Option<RoundRow>> {
        Ok(self
            .rounds(program_id)
            .await?
            .into_iter()
            .filter(|r| r.published)
            .max_by_key(|r| r.number))
    }

    /// The groups of the newest published round of a program that hold `user_id` (a mentor
    /// has one per mentee), with the round's number; `None` when that round left them out.
    pub async fn my_groups(
        &self,
        program_id: i64,
        user_id: i64,
    ) -> Result<Option<(i64, Vec<GroupRow>)>> {
        Ok(self
            .groups_of_member(user_id, Some(program_id))
            .await?
            .pop()
            .map(|(_, number, groups)| (number, groups)))
    }

    /// [`Db::my_groups`] in every program at once, as (program, round number, groups) by
    /// program: the dashboard shows a card per joined program.
    pub async fn my_groups_everywhere(
        &self,
        user_id: i64,
    ) -> Result<Vec<(i64, i64, Vec<GroupRow>)>> {
        self.groups_of_member(user_id, None).await
    }

    /// One statement for one program or all: a round may hold thousands of groups, and the
    /// dashboard asks on every view, so only this person's groups are read.
    async fn groups_of_member(
        &self,
        user_id: i64,
        program_id: Option<i64>,
    ) -> Result<Vec<(i64, i64, Vec<GroupRow>)>> {
        let sql =
            format!(
            "SELECT r.program_id, r.number, g.dissolved_at, {GROUP_COLUMNS} FROM match_rounds r \
             JOIN round_members m ON m.round_id = r.id \
             JOIN round_groups g ON g.round_id = m.round_id AND g.group_no = m.group_no \
             WHERE m.user_id = $1 AND r.id = (SELECT n.id FROM match_rounds n \
             WHERE n.program_id = r.program_id AND n.state = 'published' \
             ORDER BY n.number DESC LIMIT 1){} ORDER BY r.program_id, g.group_no",
            if program_id.is_some() { " AND r.program_id = $2" } else { "" }
        );
        let mut query = sqlx::query(&sql).bind(user_id);
        if let Some(program_id) = program_id {
            query = query.bind(program_id);
        }
        let mut out: Vec<(i64, i64, Vec<GroupRow>)> = Vec::new();
        for row in query.fetch_all(self).await? {
            let program: i64 = row.try_get("program_id")?;
            if out.last().is_none_or(|(p, _, _)| *p != program) {
                out.push((program, row.try_get("number")?, Vec::new()));
            }
            // A dissolved group still says which round this person was in; it is history.
            if row.try_get::<Option<i64>, _>("dissolved_at")?.is_none() {
                if let Some((_, _, groups)) = out.last_mut() {
                    groups.push(group(&row)?);
                }
            }
        }
        Ok(out)
    }
}
