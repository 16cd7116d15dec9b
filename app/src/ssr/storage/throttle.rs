//! Failed sign-ins, counted in the database so that every app server sharing one PostgreSQL
//! sees the same counts.

use super::{now, Db, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThrottleScope {
    Account,
    Ip,
}

impl ThrottleScope {
    fn as_str(self) -> &'static str {
        match self {
            ThrottleScope::Account => "account",
            ThrottleScope::Ip => "ip",
        }
    }
}

impl Db {
    pub async fn record_sign_in_failure(&self, scope: ThrottleScope, key: &str) -> Result<()> {
        sqlx::query("INSERT INTO sign_in_failures (scope, key, at) VALUES ($1, $2, $3)")
            .bind(scope.as_str())
            .bind(key)
            .bind(now())
            .execute(self)
            .await?;
        Ok(())
    }

    /// Failures for `key` in the last `window_secs` seconds.
    pub async fn recent_sign_in_failures(
        &self,
        scope: ThrottleScope,
        key: &str,
        window_secs: i64,
    ) -> Result<i64> {
        Ok(sqlx::query_scalar(
            "SELECT COUNT(*) FROM sign_in_failures WHERE scope = $1 AND key = $2 AND at > $3",
        )
        .bind(scope.as_str())
        .bind(key)
        .bind(now() - window_secs)
        .fetch_one(self)
        .await?)
    }

    pub async fn clear_sign_in_failures(&self, scope: ThrottleScope, key: &str) -> Result<()> {
        sqlx::query("DELETE FROM sign_in_failures WHERE scope = $1 AND key = $2")
            .bind(scope.as_str())
            .bind(key)
            .execute(self)
            .await?;
        Ok(())
    }

    /// Drops failures older than `window_secs`; run periodically.
    pub async fn prune_sign_in_failures(&self, window_secs: i64) -> Result<u64> {
        let done = sqlx::query("DELETE FROM sign_in_failures WHERE at <= $1")
            .bind(now() - window_secs)
            .execute(self)
            .await?;
        Ok(done.rows_affected())
    }
}
