//! The resource hub's storage: resources with their tags, bookmarks and "helpful" marks.
//! Search is in [`resource_search`](super::resource_search).

use super::{id_list, now, AnyQuery, Db, Result};
use crate::domain::{Audience, GoalCategory, Publication, ResourceKind, ResourceSpec, SearchTerms};
use crate::ssr::storage::Lock;
use sqlx::Row;

/// A resource as stored, with its author's name and how many found it helpful.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ResourceRow {
    pub id: i64,
    pub kind: ResourceKind,
    pub title: String,
    pub summary: String,
    /// Markdown.
    pub body: String,
    /// One per line.
    pub items: String,
    pub url: String,
    /// A goal template's goal form as JSON; empty for other kinds.
    pub goal: String,
    /// Comma-separated slugs.
    pub tags: String,
    pub category: Option<GoalCategory>,
    pub audience: Audience,
    pub program_id: Option<i64>,
    pub author_id: Option<i64>,
    pub author: Option<String>,
    pub status: Publication,
    pub reading_minutes: i64,
    pub file_key: Option<String>,
    pub file_name: Option<String>,
    pub file_type: Option<String>,
    pub file_size: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
    pub helpful: i64,
}

/// The two marks a person puts on a resource.
#[derive(Debug, Clone, Copy)]
enum Mark {
    Bookmark,
    Helpful,
}

/// An uploaded file kept on disk under `key`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredFile {
    pub key: String,
    pub name: String,
    pub content_type: String,
    pub size: i64,
}

/// What a resource's row needs besides the form: its body as plain text (what search reads)
/// and its reading time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceText {
    pub body_text: String,
    pub reading_minutes: i64,
}

/// Which resources someone may see besides those for everyone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Readers {
    /// Org admins see every resource.
    All,
    /// Audiences this person belongs to, and the programs they are in or run.
    Some {
        audiences: Vec<Audience>,
        programs: Vec<i64>,
    },
}

/// A search or a listing of the hub.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceQuery {
    pub terms: SearchTerms,
    pub kind: Option<ResourceKind>,
    pub tag: Option<String>,
    pub audience: Option<Audience>,
    pub readers: Readers,
    pub limit: i64,
}

pub(super) const COLUMNS: &str =
    "r.id, r.kind, r.title, r.summary, r.body, r.items, r.url, r.goal, r.tags, \
     r.category, r.audience, r.program_id, r.author_id, u.name AS author, r.status, \
     r.reading_minutes, r.file_key, r.file_name, r.file_type, r.file_size, r.created_at, \
     r.updated_at, (SELECT COUNT(*) FROM resource_ratings h WHERE h.resource_id = r.id) AS helpful";

pub(super) const FROM: &str = "resources r LEFT JOIN users u ON u.id = r.author_id";

/// The SQL condition "someone with `readers` may see r". Audiences come from a closed set and
/// program ids are numbers, so both are written into the SQL rather than bound.
pub(super) fn readers_sql(readers: &Readers) -> String {
    match readers {
        Readers::All => "1 = 1".into(),
        Readers::Some {
            audiences,
            programs,
        } => {
            let mut names = vec!["'everyone'".to_owned()];
            names.extend(
                audiences
                    .iter()
                    .filter(|a| !matches!(a, Audience::Everyone | Audience::Program))
                    .map(|a| format!("'{}'", a.as_str())),
            );
            let mut sql = format!("(r.audience IN ({})", names.join(", "));
            if !programs.is_empty() {
                sql.push_str(&format!(
                    " OR (r.audience = 'program' AND r.program_id IN ({}))",
                    id_list(programs)
                ));
            }
            sql.push(')');
            sql
        }
    }
}

fn bind_resource<'q>(
    query: AnyQuery<'q>,
    spec: &'q ResourceSpec,
    text: &'q ResourceText,
) -> AnyQuery<'q> {
    query
        .bind(spec.kind.as_str())
        .bind(spec.title.as_str())
        .bind(spec.summary.as_str())
        .bind(spec.body.as_str())
        .bind(text.body_text.as_str())
        .bind(spec.items.join("\n"))
        .bind(spec.url.as_str())
        .bind(
            spec.goal
                .as_ref()
                .map(|g| serde_json::to_string(g).unwrap_or_default())
                .unwrap_or_default(),
        )
        .bind(spec.tags.join(", "))
        .bind(spec.category.map(|c| c.as_str()))
        .bind(spec.audience.as_str())
        .bind(spec.program_id)
        .bind(text.reading_minutes)
}

async fn write_tags(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    id: i64,
    tags: &[String],
) -> Result<()> {
    sqlx::query("DELETE FROM resource_tags WHERE resource_id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    for tag in tags {
        sqlx::query("INSERT INTO resource_tags (resource_id, tag) VALUES ($1, $2)")
            .bind(id)
            .bind(tag)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

impl ResourceRow {
    pub fn tag_list(&self) -> Vec<String> {
        self.tags
            .split(',')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
            .collect()
    }

    pub fn item_list(&self) -> Vec<String> {
        self.items
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(str::to_owned)
            .collect()
    }
}

impl Db {
    /// Stores a new resource as a draft.
    pub async fn create_resource(
        &self,
        author_id: i64,
        spec: &ResourceSpec,
        text: &ResourceText,
    ) -> Result<i64> {
        write_tx!(self, Lock::NewRows, |tx| {
            let query = sqlx::query(
                "INSERT INTO resources (kind, title, summary, body, body_text, items, url, goal, tags, \
                 category, audience, program_id, reading_minutes, author_id, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15) \
                 RETURNING id",
            );
            let id: i64 = bind_resource(query, spec, text)
                .bind(author_id)
                .bind(now())
                .fetch_one(&mut *tx)
                .await?
                .try_get(0)?;
            write_tags(&mut tx, id, &spec.tags).await?;
            Ok(id)
        })
    }

    /// Changes a resource's content; its file, status and dates of publication stay.
    pub async fn update_resource(
        &self,
        id: i64,
        spec: &ResourceSpec,
        text: &ResourceText,
    ) -> Result<()> {
        write_tx!(self, Lock::Resource(id), |tx| {
            let query = sqlx::query(
                "UPDATE resources SET kind = $1, title = $2, summary = $3, body = $4, body_text = $5, \
                 items = $6, url = $7, goal = $8, tags = $9, category = $10, audience = $11, \
                 program_id = $12, reading_minutes = $13, updated_at = $14 WHERE id = $15",
            );
            bind_resource(query, spec, text)
                .bind(now())
                .bind(id)
                .execute(&mut *tx)
                .await?;
            write_tags(&mut tx, id, &spec.tags).await?;
            Ok(())
        })
    }

    /// Gives a file resource its (new) file: keeps the bytes, points the resource at them
    /// and drops the file it replaced, all in one transaction, so no server ever sees a
    /// resource without its file or keeps a file nothing points at.
    pub async fn replace_resource_file(
        &self,
        id: i64,
        file: &StoredFile,
        content: &[u8],
    ) -> Result<()> {
        write_tx!(self, Lock::Resource(id), |tx| {
            let replaced: Option<String> =
                sqlx::query_scalar("SELECT file_key FROM resources WHERE id = $1")
                    .bind(id)
                    .fetch_optional(&mut *tx)
                    .await?
                    .flatten();
            sqlx::query("INSERT INTO stored_files (key, content, created_at) VALUES ($1, $2, $3)")
                .bind(&file.key)
                .bind(content)
                .bind(now())
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "UPDATE resources SET file_key = $1, file_name = $2, file_type = $3, file_size = $4, \
                 updated_at = $5 WHERE id = $6",
            )
            .bind(&file.key)
            .bind(&file.name)
            .bind(&file.content_type)
            .bind(file.size)
            .bind(now())
            .bind(id)
            .execute(&mut *tx)
            .await?;
            if let Some(old) = replaced {
                sqlx::query("DELETE FROM stored_files WHERE key = $1")
                    .bind(old)
                    .execute(&mut *tx)
                    .await?;
            }
            Ok(())
        })
    }

    /// The bytes of a kept file.
    pub async fn stored_file(&self, key: &str) -> Result<Option<Vec<u8>>> {
        Ok(
            sqlx::query_scalar("SELECT content FROM stored_files WHERE key = $1")
                .bind(key)
                .fetch_optional(self)
                .await?,
        )
    }

    /// Keys of resource files that have no bytes in the database: files uploaded when Tandem
    /// kept them on the server's disk, still to be moved in.
    pub async fn files_not_stored(&self) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar(
            "SELECT r.file_key FROM resources r WHERE r.file_key IS NOT NULL \
             AND NOT EXISTS (SELECT 1 FROM stored_files f WHERE f.key = r.file_key)",
        )
        .fetch_all(self)
        .await?)
    }

    /// Keeps the bytes of a file a resource already points at (moving a file in from disk).
    pub async fn store_file(&self, key: &str, content: &[u8]) -> Result<()> {
        sqlx::query(
            "INSERT INTO stored_files (key, content, created_at) VALUES ($1, $2, $3) \
             ON CONFLICT (key) DO NOTHING",
        )
        .bind(key)
        .bind(content)
        .bind(now())
        .execute(self)
        .await?;
        Ok(())
    }

    /// Publishes, archives or returns a resource to draft. The first publication's time is
    /// kept.
    pub async fn set_resource_status(&self, id: i64, status: Publication) -> Result<bool> {
        let at = now();
        Ok(sqlx::query(
            "UPDATE resources SET status = $1, updated_at = $2, \
             published_at = CASE WHEN $1 = 'published' AND published_at IS NULL THEN $2 ELSE published_at END \
             WHERE id = $3",
        )
        .bind(status.as_str())
        .bind(at)
        .bind(id)
        .execute(self)
        .await?
        .rows_affected()
            > 0)
    }

    pub async fn resource(&self, id: i64) -> Result<Option<ResourceRow>> {
        Ok(
            sqlx::query_as(&format!("SELECT {COLUMNS} FROM {FROM} WHERE r.id = $1"))
                .bind(id)
                .fetch_optional(self)
                .await?,
        )
    }

    /// Every resource, drafts first, for the admin list.
    pub async fn managed_resources(&self) -> Result<Vec<ResourceRow>> {
        Ok(sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM {FROM} ORDER BY \
             CASE r.status WHEN 'draft' THEN 0 WHEN 'published' THEN 1 ELSE 2 END, \
             r.updated_at DESC, r.id DESC"
        ))
        .fetch_all(self)
        .await?)
    }

    /// Whether any published resource carries `tag`.
    pub async fn resource_tag_exists(&self, tag: &str) -> Result<bool> {
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM resource_tags t JOIN resources r ON r.id = t.resource_id \
             WHERE t.tag = $1 AND r.status = 'published'",
        )
        .bind(tag)
        .fetch_one(self)
        .await?;
        Ok(n > 0)
    }

    /// Tags of published resources, with how many resources carry each, most used first.
    pub async fn resource_tags(&self) -> Result<Vec<(String, i64)>> {
        Ok(sqlx::query_as(
            "SELECT t.tag, COUNT(*) AS uses FROM resource_tags t \
             JOIN resources r ON r.id = t.resource_id WHERE r.status = 'published' \
             GROUP BY t.tag ORDER BY uses DESC, t.tag",
        )
        .fetch_all(self)
        .await?)
    }

    pub async fn set_bookmark(&self, user_id: i64, resource_id: i64, on: bool) -> Result<()> {
        self.set_mark(Mark::Bookmark, user_id, resource_id, on)
            .await
    }

    pub async fn set_helpful(&self, user_id: i64, resource_id: i64, on: bool) -> Result<()> {
        self.set_mark(Mark::Helpful, user_id, resource_id, on).await
    }

    /// Sets or clears one person's mark on a resource; setting twice changes nothing.
    async fn set_mark(&self, mark: Mark, user_id: i64, resource_id: i64, on: bool) -> Result<()> {
        let table = match mark {
            Mark::Bookmark => "resource_bookmarks",
            Mark::Helpful => "resource_ratings",
        };
        let sql = if on {
            format!(
                "INSERT INTO {table} (user_id, resource_id, created_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (user_id, resource_id) DO NOTHING"
            )
        } else {
            format!("DELETE FROM {table} WHERE user_id = $1 AND resource_id = $2")
        };
        let query = sqlx::query(&sql).bind(user_id).bind(resource_id);
        let query = if on { query.bind(now()) } else { query };
        query.execute(self).await?;
        Ok(())
    }

    /// Whether `user_id` bookmarked and found helpful `resource_id`.
    pub async fn resource_marks(&self, user_id: i64, resource_id: i64) -> Result<(bool, bool)> {
        let row = sqlx::query(
            "SELECT \
             (SELECT COUNT(*) FROM resource_bookmarks WHERE user_id = $1 AND resource_id = $2), \
             (SELECT COUNT(*) FROM resource_ratings WHERE user_id = $1 AND resource_id = $2)",
        )
        .bind(user_id)
        .bind(resource_id)
        .fetch_one(self)
        .await?;
        Ok((row.try_get::<i64, _>(0)? > 0, row.try_get::<i64, _>(1)? > 0))
    }

    /// Someone's bookmarked resources that are still published, newest bookmark first.
    pub async fn bookmarks_of(&self, user_id: i64) -> Result<Vec<ResourceRow>> {
        Ok(sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM {FROM} JOIN resource_bookmarks b ON b.resource_id = r.id \
             WHERE b.user_id = $1 AND r.status = 'published' ORDER BY b.created_at DESC, r.id DESC"
        ))
        .bind(user_id)
        .fetch_all(self)
        .await?)
    }

    /// Ids of the resources someone bookmarked, to mark them in lists.
    pub async fn bookmarked_ids(&self, user_id: i64) -> Result<Vec<i64>> {
        Ok(
            sqlx::query_scalar("SELECT resource_id FROM resource_bookmarks WHERE user_id = $1")
                .bind(user_id)
                .fetch_all(self)
                .await?,
        )
    }
}
