//! Recognition: kudos between people who were matched, and the counts badges are earned from.
//! A kudos is written only when its two people shared a group of a published round of its
//! program; the check is part of the insert, so no path can thank a stranger.

use super::rounds::ROUND_ENDS_AT;
use super::{Db, Result};
use crate::domain::{BadgeFacts, KudosCategory, KudosSpec};

/// A kudos with the names a page shows.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct KudosRow {
    pub id: i64,
    pub program_id: i64,
    pub program_name: String,
    pub from_id: i64,
    pub from_name: String,
    pub to_id: i64,
    pub to_name: String,
    pub category: KudosCategory,
    pub note: String,
    /// 1 when the recipient shows it to others.
    pub shown: i64,
    pub created_at: i64,
}

/// Someone a person may thank: they shared a group in `program_id`.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PartnerRow {
    pub program_id: i64,
    pub program_name: String,
    pub user_id: i64,
    pub name: String,
}

const KUDOS: &str = "SELECT k.id, k.program_id, p.name AS program_name, k.from_id, \
     f.name AS from_name, k.to_id, t.name AS to_name, k.category, k.note, \
     k.shown, k.created_at \
     FROM kudos k JOIN programs p ON p.id = k.program_id \
     JOIN users f ON f.id = k.from_id JOIN users t ON t.id = k.to_id";

/// `user_id` and another member of the same group of a published round.
const SHARED_GROUP: &str = "FROM round_members m \
     JOIN match_rounds r ON r.id = m.round_id AND r.state = 'published' \
     JOIN round_members o ON o.round_id = m.round_id AND o.group_no = m.group_no \
          AND o.user_id <> m.user_id";

impl Db {
    /// Everyone `user_id` was matched with and may thank, newest program first, who is still
    /// in the directory.
    pub async fn thankable_partners(&self, user_id: i64) -> Result<Vec<PartnerRow>> {
        Ok(sqlx::query_as(&format!(
            "SELECT DISTINCT r.program_id, p.name AS program_name, o.user_id, u.name \
             {SHARED_GROUP} \
             JOIN programs p ON p.id = r.program_id \
             JOIN users u ON u.id = o.user_id AND u.deactivated_at IS NULL \
             WHERE m.user_id = $1 ORDER BY r.program_id DESC, u.name"
        ))
        .bind(user_id)
        .fetch_all(self)
        .await?)
    }

    /// Saves a kudos from `from_id`, if they and its recipient shared a group of a published
    /// round of its program and the recipient is still in the directory. `None` otherwise.
    pub async fn create_kudos(&self, from_id: i64, k: &KudosSpec, at: i64) -> Result<Option<i64>> {
        Ok(sqlx::query_scalar(&format!(
            "INSERT INTO kudos (program_id, from_id, to_id, category, note, shown, created_at) \
             SELECT $1, $2, $3, $4, $5, 0, $6 WHERE EXISTS (SELECT 1 {SHARED_GROUP} \
                 JOIN users u ON u.id = o.user_id AND u.deactivated_at IS NULL \
                 WHERE m.user_id = $2 AND o.user_id = $3 AND r.program_id = $1) \
             RETURNING id"
        ))
        .bind(k.program_id)
        .bind(from_id)
        .bind(k.to)
        .bind(k.category)
        .bind(&k.note)
        .bind(at)
        .fetch_optional(self)
        .await?)
    }

    /// Kudos to `user_id`, newest first; only those they chose to show when `shown_only`.
    pub async fn kudos_received(&self, user_id: i64, shown_only: bool) -> Result<Vec<KudosRow>> {
        Ok(sqlx::query_as(&format!(
            "{KUDOS} WHERE k.to_id = $1 AND (k.shown = 1 OR $2 = 0) \
             ORDER BY k.created_at DESC, k.id DESC"
        ))
        .bind(user_id)
        .bind(i64::from(shown_only))
        .fetch_all(self)
        .await?)
    }

    /// Kudos `user_id` gave, newest first.
    pub async fn kudos_given(&self, user_id: i64) -> Result<Vec<KudosRow>> {
        Ok(sqlx::query_as(&format!(
            "{KUDOS} WHERE k.from_id = $1 ORDER BY k.created_at DESC, k.id DESC"
        ))
        .bind(user_id)
        .fetch_all(self)
        .await?)
    }

    /// The recipient's choice to show a kudos to others or keep it to themselves. False when
    /// `kudos_id` is not a kudos to `to_id`.
    pub async fn show_kudos(&self, kudos_id: i64, to_id: i64, shown: bool) -> Result<bool> {
        let done = sqlx::query("UPDATE kudos SET shown = $1 WHERE id = $2 AND to_id = $3")
            .bind(i64::from(shown))
            .bind(kudos_id)
            .bind(to_id)
            .execute(self)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    /// What `user_id`'s badges are earned from, as of `at` (Unix seconds). Sessions come from
    /// the group tallies insights keep, so this reads groups, not sessions.
    pub async fn badge_facts(&self, user_id: i64, at: i64) -> Result<BadgeFacts> {
        let (sessions_held, partners_met, goals_achieved, rounds_mentored, events_hosted): (
            i64,
            i64,
            i64,
            i64,
            i64,
        ) = sqlx::query_as(&format!(
            "SELECT \
               (SELECT CAST(COALESCE(SUM(t.held), 0) AS BIGINT) FROM round_members m \
                JOIN match_rounds r ON r.id = m.round_id AND r.state = 'published' \
                JOIN group_tallies t ON t.round_id = m.round_id AND t.group_no = m.group_no \
                WHERE m.user_id = $1), \
               (SELECT COUNT(DISTINCT o.user_id) FROM round_members m \
                JOIN match_rounds r ON r.id = m.round_id AND r.state = 'published' \
                JOIN group_tallies t ON t.round_id = m.round_id AND t.group_no = m.group_no \
                     AND t.held > 0 \
                JOIN round_members o ON o.round_id = m.round_id AND o.group_no = m.group_no \
                     AND o.user_id <> m.user_id \
                WHERE m.user_id = $1), \
               (SELECT COUNT(*) FROM goals WHERE owner_id = $1 AND status = 'achieved'), \
               (SELECT COUNT(*) FROM round_groups g \
                JOIN match_rounds r ON r.id = g.round_id AND r.state = 'published' \
                JOIN programs p ON p.id = r.program_id \
                JOIN round_members m ON m.round_id = g.round_id AND m.group_no = g.group_no \
                     AND m.user_id = g.mentor_id \
                WHERE g.mentor_id = $1 AND {ROUND_ENDS_AT} <= $2), \
               (SELECT COUNT(*) FROM events \
                WHERE host_id = $1 AND state = 'scheduled' AND ends_at <= $2)"
        ))
        .bind(user_id)
        .bind(at)
        .fetch_one(self)
        .await?;
        Ok(BadgeFacts {
            sessions_held,
            partners_met,
            goals_achieved,
            rounds_mentored,
            events_hosted,
        })
    }
}
