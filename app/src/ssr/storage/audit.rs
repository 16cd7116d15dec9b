//! The audit log: written once per audited action, read by org admins with filters, and
//! pruned after the organisation's retention period.

use super::{now, Db, Result};
use crate::domain::AuditAction;

/// An entry to write. Labels are copied now, so the entry reads the same later.
#[derive(Debug, Clone)]
pub struct NewAuditEntry<'a> {
    pub action: AuditAction,
    pub actor_id: Option<i64>,
    pub actor_label: &'a str,
    pub subject_id: Option<i64>,
    pub subject_label: &'a str,
    pub details: &'a str,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AuditRow {
    pub id: i64,
    pub at: i64,
    pub action: AuditAction,
    pub actor_label: String,
    pub subject_label: String,
    pub details: String,
}

/// What the audit page asks for. `person` matches the actor's or the subject's label.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub action: Option<AuditAction>,
    pub person: Option<String>,
    /// Unix seconds, inclusive.
    pub from: Option<i64>,
    /// Unix seconds, exclusive.
    pub until: Option<i64>,
    pub limit: i64,
    pub offset: i64,
}

impl Db {
    pub async fn record_audit(&self, e: &NewAuditEntry<'_>) -> Result<i64> {
        Ok(sqlx::query_scalar(
            "INSERT INTO audit_log (at, action, actor_id, actor_label, subject_id, \
             subject_label, details) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(now())
        .bind(e.action)
        .bind(e.actor_id)
        .bind(e.actor_label)
        .bind(e.subject_id)
        .bind(e.subject_label)
        .bind(e.details)
        .fetch_one(self)
        .await?)
    }

    /// Newest first, one page, and how many entries match in all.
    pub async fn audit_entries(&self, f: &AuditFilter) -> Result<(Vec<AuditRow>, i64)> {
        let person = f
            .person
            .as_deref()
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(|p| format!("%{}%", p.to_lowercase()));
        // The conditions of the filters that are set, numbered in the order they are bound.
        let mut conditions = vec!["TRUE".to_owned()];
        let mut n = 0;
        let mut next = || {
            n += 1;
            n
        };
        if f.action.is_some() {
            conditions.push(format!("action = ${}", next()));
        }
        if person.is_some() {
            let p = next();
            conditions.push(format!(
                "(LOWER(actor_label) LIKE ${p} OR LOWER(subject_label) LIKE ${p})"
            ));
        }
        if f.from.is_some() {
            conditions.push(format!("at >= ${}", next()));
        }
        if f.until.is_some() {
            conditions.push(format!("at < ${}", next()));
        }
        let (limit, offset) = (next(), next());
        let conditions = conditions.join(" AND ");
        let count_sql = format!("SELECT COUNT(*) FROM audit_log WHERE {conditions}");
        let page_sql = format!(
            "SELECT id, at, action, actor_label, subject_label, details FROM audit_log \
             WHERE {conditions} ORDER BY at DESC, id DESC LIMIT ${limit} OFFSET ${offset}"
        );
        let mut count = sqlx::query_scalar::<_, i64>(&count_sql);
        let mut page = sqlx::query_as::<_, AuditRow>(&page_sql);
        if let Some(a) = f.action {
            count = count.bind(a);
            page = page.bind(a);
        }
        if let Some(p) = &person {
            count = count.bind(p.clone());
            page = page.bind(p.clone());
        }
        for t in [f.from, f.until].into_iter().flatten() {
            count = count.bind(t);
            page = page.bind(t);
        }
        let total = count.fetch_one(self).await?;
        let rows = page.bind(f.limit).bind(f.offset).fetch_all(self).await?;
        Ok((rows, total))
    }

    /// Deletes entries older than the retention period; returns how many.
    pub async fn prune_audit(&self) -> Result<u64> {
        let days = self.audit_retention_days().await?;
        let done = sqlx::query("DELETE FROM audit_log WHERE at < $1")
            .bind(now() - days * 86_400)
            .execute(self)
            .await?;
        Ok(done.rows_affected())
    }

    pub async fn audit_retention_days(&self) -> Result<i64> {
        Ok(
            sqlx::query_scalar("SELECT audit_retention_days FROM org_settings WHERE id = 1")
                .fetch_one(self)
                .await?,
        )
    }

    pub async fn save_audit_retention_days(&self, days: i64) -> Result<()> {
        sqlx::query("UPDATE org_settings SET audit_retention_days = $1 WHERE id = 1")
            .bind(days)
            .execute(self)
            .await?;
        Ok(())
    }
}
