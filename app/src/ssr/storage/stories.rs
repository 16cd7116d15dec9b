//! Success stories. A story is written only by a member of a published round once the round
//! is two weeks from its end, and the checks are part of the write; admins read only the
//! stories their authors opened to them and feature only those the authors let into the
//! report (the table's CHECK holds that too).

use super::{Db, Result};
use crate::domain::{StoryReaders, StorySpec, STORY_OPENS_DAYS};

/// A round someone was matched in, with their story of it if they wrote one.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct StoryRoundRow {
    pub program_id: i64,
    pub program_name: String,
    pub round_id: i64,
    pub round_number: i64,
    /// When the round gives way to the next: published + the program's rotation.
    pub ends_at: i64,
    pub body: Option<String>,
    pub readers: Option<StoryReaders>,
    pub featured: Option<i64>,
}

/// A story as its program's admins read it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct StoryRow {
    pub id: i64,
    pub program_id: i64,
    pub program_name: String,
    pub round_number: i64,
    pub author_id: i64,
    pub author_name: String,
    pub body: String,
    pub readers: StoryReaders,
    pub featured: i64,
    pub updated_at: i64,
}

use super::rounds::ROUND_ENDS_AT as ENDS_AT;

impl Db {
    /// The published rounds `user_id` was matched in, newest first, with their stories.
    pub async fn story_rounds(&self, user_id: i64) -> Result<Vec<StoryRoundRow>> {
        Ok(sqlx::query_as(&format!(
            "SELECT r.program_id, p.name AS program_name, r.id AS round_id, \
                    r.number AS round_number, {ENDS_AT} AS ends_at, \
                    s.body, s.readers, s.featured \
             FROM round_members m \
             JOIN match_rounds r ON r.id = m.round_id AND r.state = 'published' \
             JOIN programs p ON p.id = r.program_id \
             LEFT JOIN stories s ON s.round_id = r.id AND s.author_id = m.user_id \
             WHERE m.user_id = $1 ORDER BY r.published_at DESC, r.id DESC"
        ))
        .bind(user_id)
        .fetch_all(self)
        .await?)
    }

    /// Writes (or rewrites) `author_id`'s story of `round_id`, if they were matched in it and
    /// its story is open at `at`. A story taken out of the report leaves it at once. False
    /// when the round is not theirs or not yet open.
    pub async fn save_story(
        &self,
        author_id: i64,
        round_id: i64,
        story: &StorySpec,
        at: i64,
    ) -> Result<bool> {
        let done = sqlx::query(&format!(
            "INSERT INTO stories (program_id, round_id, author_id, body, readers, featured, \
                 created_at, updated_at) \
             SELECT r.program_id, r.id, $1, $3, $4, 0, $5, $5 FROM match_rounds r \
             JOIN programs p ON p.id = r.program_id \
             WHERE r.id = $2 AND r.state = 'published' \
               AND {ENDS_AT} - {opens} <= $5 \
               AND EXISTS (SELECT 1 FROM round_members m \
                           WHERE m.round_id = r.id AND m.user_id = $1) \
             ON CONFLICT (round_id, author_id) DO UPDATE SET \
                 body = excluded.body, readers = excluded.readers, \
                 featured = CASE WHEN excluded.readers IN ('report', 'report_named') \
                                 THEN stories.featured ELSE 0 END, \
                 updated_at = excluded.updated_at",
            opens = STORY_OPENS_DAYS * 86_400
        ))
        .bind(author_id)
        .bind(round_id)
        .bind(&story.body)
        .bind(story.readers)
        .bind(at)
        .execute(self)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// The stories of `program_id` that their authors opened to its admins, newest first.
    pub async fn program_stories(&self, program_id: i64) -> Result<Vec<StoryRow>> {
        self.stories_where("s.program_id = $1 AND s.readers <> 'nobody'", program_id)
            .await
    }

    /// The stories admins chose for the report: of one program, or of all (`None`).
    pub async fn featured_stories(&self, program_id: Option<i64>) -> Result<Vec<StoryRow>> {
        self.stories_where(
            "s.featured = 1 AND s.readers IN ('report', 'report_named') \
             AND ($1 = 0 OR s.program_id = $1)",
            program_id.unwrap_or(0),
        )
        .await
    }

    async fn stories_where(&self, filter: &str, id: i64) -> Result<Vec<StoryRow>> {
        Ok(sqlx::query_as(&format!(
            "SELECT s.id, s.program_id, p.name AS program_name, r.number AS round_number, \
                    s.author_id, u.name AS author_name, s.body, s.readers, s.featured, \
                    s.updated_at \
             FROM stories s JOIN programs p ON p.id = s.program_id \
             JOIN match_rounds r ON r.id = s.round_id JOIN users u ON u.id = s.author_id \
             WHERE {filter} ORDER BY s.updated_at DESC, s.id DESC"
        ))
        .bind(id)
        .fetch_all(self)
        .await?)
    }

    /// An admin's choice to put a story of `program_id` in the report, or take it out. A
    /// story goes in only if its author let it; false otherwise, or when there is no such
    /// story in the program.
    pub async fn feature_story(
        &self,
        program_id: i64,
        story_id: i64,
        featured: bool,
    ) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE stories SET featured = $1 WHERE id = $2 AND program_id = $3 \
             AND ($1 = 0 OR readers IN ('report', 'report_named'))",
        )
        .bind(i64::from(featured))
        .bind(story_id)
        .bind(program_id)
        .execute(self)
        .await?;
        Ok(done.rows_affected() == 1)
    }
}
