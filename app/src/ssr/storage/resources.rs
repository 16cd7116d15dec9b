//! The resource hub's storage: resources with their tags, bookmarks and "helpful" marks, and
//! full-text search.
//!
//! Search is one function on both databases. SQLite answers from an FTS5 index and
//! PostgreSQL from a weighted `tsvector`; each database keeps its index in step with every
//! write itself (triggers on SQLite, a generated column on PostgreSQL), so no write path can
//! forget it. Both rank a match in the title above one in the tags or summary, and those
//! above one in the body only. SQLite also weighs how often and how densely the words occur
//! (BM25); PostgreSQL ranks on the title, tags and summary alone and orders body-only
//! matches newest first, which keeps ranking a thousand matches from unpacking their bodies.

use super::{now, AnyQuery, Backend, Db, Result};
use crate::domain::{Audience, GoalCategory, Publication, ResourceKind, ResourceSpec, SearchTerms};
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

/// A resource found, with a snippet of its text: highlighted words sit between
/// [`crate::domain::snippet_parts`]'s marks.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct SearchHit {
    #[sqlx(flatten)]
    pub row: ResourceRow,
    pub snippet: String,
}

const COLUMNS: &str = "r.id, r.kind, r.title, r.summary, r.body, r.items, r.url, r.goal, r.tags, \
     r.category, r.audience, r.program_id, r.author_id, u.name AS author, r.status, \
     r.reading_minutes, r.file_key, r.file_name, r.file_type, r.file_size, r.created_at, \
     r.updated_at, (SELECT COUNT(*) FROM resource_ratings h WHERE h.resource_id = r.id) AS helpful";

const FROM: &str = "resources r LEFT JOIN users u ON u.id = r.author_id";

/// The SQL condition "someone with `readers` may see r". Audiences come from a closed set and
/// program ids are numbers, so both are written into the SQL rather than bound.
fn readers_sql(readers: &Readers) -> String {
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
                let ids: Vec<String> = programs.iter().map(i64::to_string).collect();
                sql.push_str(&format!(
                    " OR (r.audience = 'program' AND r.program_id IN ({}))",
                    ids.join(", ")
                ));
            }
            sql.push(')');
            sql
        }
    }
}

/// Conditions shared by search and listing: published, readable, and the filters. Returns
/// the SQL and the values to bind, numbered from `first`.
fn filters(q: &ResourceQuery, first: usize) -> (String, Vec<String>) {
    let mut sql = format!("r.status = 'published' AND {}", readers_sql(&q.readers));
    let mut binds = Vec::new();
    let mut n = first;
    if let Some(kind) = q.kind {
        sql.push_str(&format!(" AND r.kind = ${n}"));
        binds.push(kind.as_str().to_owned());
        n += 1;
    }
    if let Some(audience) = q.audience {
        sql.push_str(&format!(" AND r.audience = ${n}"));
        binds.push(audience.as_str().to_owned());
        n += 1;
    }
    if let Some(tag) = &q.tag {
        sql.push_str(&format!(
            " AND EXISTS (SELECT 1 FROM resource_tags t WHERE t.resource_id = r.id AND t.tag = ${n})"
        ));
        binds.push(tag.clone());
    }
    (sql, binds)
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

impl Db {
    /// Stores a new resource as a draft.
    pub async fn create_resource(
        &self,
        author_id: i64,
        spec: &ResourceSpec,
        text: &ResourceText,
    ) -> Result<i64> {
        let mut tx = self.begin_write().await?;
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
        tx.commit().await?;
        Ok(id)
    }

    /// Changes a resource's content; its file, status and dates of publication stay.
    pub async fn update_resource(
        &self,
        id: i64,
        spec: &ResourceSpec,
        text: &ResourceText,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
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
        tx.commit().await?;
        Ok(())
    }

    /// Gives a file resource its (new) file. Returns the key of the file it replaced, so the
    /// caller can remove it from disk.
    pub async fn replace_resource_file(
        &self,
        id: i64,
        file: &StoredFile,
    ) -> Result<Option<String>> {
        let mut tx = self.begin_write().await?;
        let replaced: Option<String> =
            sqlx::query_scalar("SELECT file_key FROM resources WHERE id = $1")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?
                .flatten();
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
        tx.commit().await?;
        Ok(replaced)
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
        .execute(self.pool())
        .await?
        .rows_affected()
            > 0)
    }

    pub async fn resource(&self, id: i64) -> Result<Option<ResourceRow>> {
        Ok(
            sqlx::query_as(&format!("SELECT {COLUMNS} FROM {FROM} WHERE r.id = $1"))
                .bind(id)
                .fetch_optional(self.pool())
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
        .fetch_all(self.pool())
        .await?)
    }

    /// Published resources that match the query's words (best first, with snippets), or all
    /// of them newest first when it has none; in both cases within its filters.
    pub async fn search_resources(&self, q: &ResourceQuery) -> Result<Vec<SearchHit>> {
        let limit = q.limit.clamp(1, 100);
        if q.terms.is_empty() {
            let (filter, binds) = filters(q, 1);
            let sql = format!(
                "SELECT {COLUMNS}, '' AS snippet FROM {FROM} WHERE {filter} \
                 ORDER BY r.updated_at DESC, r.id DESC LIMIT {limit}"
            );
            let mut query = sqlx::query_as(&sql);
            for b in binds {
                query = query.bind(b);
            }
            return Ok(query.fetch_all(self.pool()).await?);
        }
        let (filter, binds) = filters(q, 2);
        let sql = match self.backend() {
            // FTS5 ranks every match itself (`ORDER BY rank`, weighted by column) and hands
            // them over best first, so the filters stop at the page of hits and snippets are
            // made for those alone. The filters read the covering index: without statistics,
            // SQLite would read each match's whole row, long texts and all.
            Backend::Sqlite => format!(
                "SELECT {COLUMNS}, hits.snippet FROM (SELECT resource_fts.rowid AS id, \
                   resource_fts.rank AS score, \
                   snippet(resource_fts, 2, char(2), char(3), '…', 20) AS snippet \
                   FROM resource_fts CROSS JOIN resources r INDEXED BY resources_search_filter \
                   ON r.id = resource_fts.rowid \
                   WHERE resource_fts MATCH $1 AND resource_fts.rank MATCH 'bm25(10.0, 4.0, 1.0, 4.0)' \
                   AND {filter} ORDER BY resource_fts.rank LIMIT {limit}) hits \
                 CROSS JOIN resources r ON r.id = hits.id LEFT JOIN users u ON u.id = r.author_id \
                 ORDER BY hits.score, r.id"
            ),
            // The query is written where the planner sees it and can use the GIN index (read
            // from a CTE, it is an unknown value and every row's vector gets unpacked).
            Backend::Postgres => format!(
                "WITH q AS (SELECT to_tsquery('english', $1) AS q), \
                 hits AS (SELECT r.id, ts_rank(r.search_head, to_tsquery('english', $1)) AS rank, \
                   r.updated_at FROM resources r \
                   WHERE r.search @@ to_tsquery('english', $1) AND {filter} \
                   ORDER BY rank DESC, r.updated_at DESC, r.id LIMIT {limit}) \
                 SELECT {COLUMNS}, ts_headline('english', r.body_text, q.q, \
                   'StartSel=' || chr(2) || ', StopSel=' || chr(3) || ', MaxWords=24, MinWords=12, MaxFragments=1, FragmentDelimiter=…') AS snippet \
                 FROM hits JOIN resources r ON r.id = hits.id \
                 LEFT JOIN users u ON u.id = r.author_id CROSS JOIN q \
                 ORDER BY hits.rank DESC, hits.updated_at DESC, r.id"
            ),
        };
        let words = match self.backend() {
            Backend::Sqlite => q.terms.fts5(),
            Backend::Postgres => q.terms.tsquery(),
        };
        let mut query = sqlx::query_as(&sql).bind(words);
        for b in binds {
            query = query.bind(b);
        }
        match self.backend() {
            Backend::Sqlite => Ok(query.fetch_all(self.pool()).await?),
            // PostgreSQL prices a sequential scan's `@@` as one cheap comparison a row, though
            // each one unpacks a whole body's vector: a common word then took 60 ms instead of
            // the index's 10. Within this one transaction the planner keeps to the index.
            Backend::Postgres => {
                let mut tx = self.pool().begin().await?;
                sqlx::query("SET LOCAL enable_seqscan = off")
                    .execute(&mut *tx)
                    .await?;
                let hits = query.fetch_all(&mut *tx).await?;
                tx.commit().await?;
                Ok(hits)
            }
        }
    }

    /// Whether any published resource carries `tag`.
    pub async fn resource_tag_exists(&self, tag: &str) -> Result<bool> {
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM resource_tags t JOIN resources r ON r.id = t.resource_id \
             WHERE t.tag = $1 AND r.status = 'published'",
        )
        .bind(tag)
        .fetch_one(self.pool())
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
        .fetch_all(self.pool())
        .await?)
    }

    /// Published resources `readers` may see in any of `categories` or carrying any of `tags`,
    /// most helpful first: the candidates for "Recommended for you".
    pub async fn resources_matching(
        &self,
        categories: &[GoalCategory],
        tags: &[String],
        readers: &Readers,
        limit: i64,
    ) -> Result<Vec<ResourceRow>> {
        if categories.is_empty() && tags.is_empty() {
            return Ok(Vec::new());
        }
        let mut n = 0;
        let mut place = |count: usize| -> String {
            (0..count)
                .map(|_| {
                    n += 1;
                    format!("${n}")
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut any = Vec::new();
        if !categories.is_empty() {
            any.push(format!("r.category IN ({})", place(categories.len())));
        }
        if !tags.is_empty() {
            any.push(format!(
                "EXISTS (SELECT 1 FROM resource_tags t WHERE t.resource_id = r.id AND t.tag IN ({}))",
                place(tags.len())
            ));
        }
        let sql = format!(
            "SELECT {COLUMNS} FROM {FROM} WHERE r.status = 'published' AND {} AND ({}) \
             ORDER BY helpful DESC, r.updated_at DESC, r.id LIMIT {}",
            readers_sql(readers),
            any.join(" OR "),
            limit.clamp(1, 100)
        );
        let mut query = sqlx::query_as(&sql);
        for c in categories {
            query = query.bind(c.as_str());
        }
        for t in tags {
            query = query.bind(t);
        }
        Ok(query.fetch_all(self.pool()).await?)
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
        query.execute(self.pool()).await?;
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
        .fetch_one(self.pool())
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
        .fetch_all(self.pool())
        .await?)
    }

    /// Ids of the resources someone bookmarked, to mark them in lists.
    pub async fn bookmarked_ids(&self, user_id: i64) -> Result<Vec<i64>> {
        Ok(
            sqlx::query_scalar("SELECT resource_id FROM resource_bookmarks WHERE user_id = $1")
                .bind(user_id)
                .fetch_all(self.pool())
                .await?,
        )
    }
}
