//! The resource hub's full-text search and recommendations.
//!
//! Search is one function on both databases. SQLite answers from an FTS5 index and
//! PostgreSQL from a weighted `tsvector`; each database keeps its index in step with every
//! write itself (triggers on SQLite, a generated column on PostgreSQL), so no write path can
//! forget it. Both rank a match in the title above one in the tags or summary, and those
//! above one in the body only. SQLite also weighs how often and how densely the words occur
//! (BM25); PostgreSQL ranks on the title, tags and summary alone and orders body-only
//! matches newest first, which keeps ranking a thousand matches from unpacking their bodies.

use super::resources::{readers_sql, COLUMNS, FROM};
use super::{Backend, Db, Readers, ResourceQuery, ResourceRow, Result};
use crate::domain::GoalCategory;

/// A resource found, with a snippet of its text: highlighted words sit between
/// [`crate::domain::snippet_parts`]'s marks.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct SearchHit {
    #[sqlx(flatten)]
    pub row: ResourceRow,
    pub snippet: String,
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

impl Db {
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
            return Ok(query.fetch_all(self).await?);
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
            Backend::Sqlite => Ok(query.fetch_all(self).await?),
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
        Ok(query.fetch_all(self).await?)
    }
}
