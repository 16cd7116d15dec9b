//! Fresh databases for tests, on scratch databases: SQLite always, PostgreSQL on the server
//! named by `TANDEM_TEST_POSTGRES_URL`. Under `CI=true` a missing PostgreSQL server fails the
//! test rather than skipping it. Also the changes only tests make, in [`clock`].

use super::storage::{Db, ScratchDb};

/// A migrated database that is removed when dropped.
pub struct TestDb {
    pub db: Db,
    pub url: String,
    _scratch: ScratchDb,
}

impl TestDb {
    pub async fn sqlite() -> TestDb {
        let scratch = ScratchDb::sqlite()
            .await
            .expect("open a test SQLite database");
        TestDb {
            db: scratch.db.clone(),
            url: scratch.url.clone(),
            _scratch: scratch,
        }
    }

    /// A fresh PostgreSQL database, or `None` when no server is configured. Under `CI=true`
    /// a missing server is a failure, never a silent skip.
    pub async fn postgres() -> Option<TestDb> {
        let Some(admin_url) = std::env::var("TANDEM_TEST_POSTGRES_URL")
            .ok()
            .filter(|u| !u.is_empty())
        else {
            if std::env::var("CI").is_ok_and(|v| v == "true") {
                panic!("TANDEM_TEST_POSTGRES_URL is not set, and CI=true forbids skipping PostgreSQL tests");
            }
            eprintln!("skipping a PostgreSQL test: TANDEM_TEST_POSTGRES_URL is not set");
            return None;
        };
        let scratch = ScratchDb::postgres(&admin_url)
            .await
            .expect("create a test database on TANDEM_TEST_POSTGRES_URL");
        Some(TestDb {
            db: scratch.db.clone(),
            url: scratch.url.clone(),
            _scratch: scratch,
        })
    }
}

impl TestDb {
    /// What a PostgreSQL restart does to the pool: the server ends every connection to this
    /// database but the one asking. Returns how many it ended.
    pub async fn end_postgres_connections(&self) -> sqlx::Result<i64> {
        use sqlx::Connection;
        let mut conn = sqlx::AnyConnection::connect(&self.url).await?;
        let ended: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
             WHERE datname = current_database() AND pid <> pg_backend_pid()) AS ended",
        )
        .fetch_one(&mut conn)
        .await?;
        conn.close().await?;
        Ok(ended)
    }
}

/// Changes only tests make: moving stored times into the past as the clock would, and reading
/// what no feature lists. Kept here so that SQL stays in the storage layer and this helper.
pub mod clock {
    use crate::ssr::storage::{Db, Result};

    /// Moves every sign-in failure counted per client address `secs` into the past.
    pub async fn age_ip_sign_in_failures(db: &Db, secs: i64) -> Result<()> {
        sqlx::query("UPDATE sign_in_failures SET at = at - $1 WHERE scope = 'ip'")
            .bind(secs)
            .execute(db.pool())
            .await?;
        Ok(())
    }

    /// How commits reach the disk: SQLite's `synchronous` level (2 is FULL) or PostgreSQL's
    /// `synchronous_commit`.
    pub async fn commit_durability(db: &Db) -> Result<String> {
        Ok(match db.backend() {
            crate::ssr::storage::Backend::Sqlite => {
                let level: i64 = sqlx::query_scalar("PRAGMA synchronous")
                    .fetch_one(db.pool())
                    .await?;
                level.to_string()
            }
            crate::ssr::storage::Backend::Postgres => {
                sqlx::query_scalar("SELECT current_setting('synchronous_commit')")
                    .fetch_one(db.pool())
                    .await?
            }
        })
    }

    /// Everyone going or waiting for an event, in arrival order: (person, arrival number,
    /// state).
    pub async fn rsvp_arrivals(db: &Db, event_id: i64) -> Result<Vec<(i64, i64, String)>> {
        Ok(sqlx::query_as(
            "SELECT user_id, queued_at, state FROM rsvps WHERE event_id = $1 \
             AND state IN ('going', 'waitlisted') ORDER BY queued_at",
        )
        .bind(event_id)
        .fetch_all(db.pool())
        .await?)
    }

    /// Metric goals that take check-ins, one per owner: (goal, owner's email).
    pub async fn metric_goals(db: &Db) -> Result<Vec<(i64, String)>> {
        Ok(sqlx::query_as(
            "SELECT MIN(g.id), u.email FROM goals g JOIN users u ON u.id = g.owner_id \
             WHERE g.measure = 'metric' AND g.status <> 'dropped' GROUP BY u.email ORDER BY u.email",
        )
        .fetch_all(db.pool())
        .await?)
    }

    /// The periodic jobs queued so far: (key, state, attempts), by key.
    pub async fn periodic_jobs(db: &Db) -> Result<Vec<(String, String, i64)>> {
        Ok(sqlx::query_as(
            "SELECT idempotency_key, state, attempts FROM jobs \
             WHERE idempotency_key LIKE 'periodic:%' ORDER BY idempotency_key",
        )
        .fetch_all(db.pool())
        .await?)
    }

    /// How many check-ins a goal has.
    pub async fn check_in_count(db: &Db, goal_id: i64) -> Result<i64> {
        Ok(
            sqlx::query_scalar("SELECT COUNT(*) FROM check_ins WHERE goal_id = $1")
                .bind(goal_id)
                .fetch_one(db.pool())
                .await?,
        )
    }

    /// How many uploaded files the database holds.
    pub async fn stored_files(db: &Db) -> Result<i64> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM stored_files")
            .fetch_one(db.pool())
            .await?)
    }

    /// Drops every uploaded file's bytes, as when they were kept on disk.
    pub async fn forget_stored_files(db: &Db) -> Result<()> {
        sqlx::query("DELETE FROM stored_files")
            .execute(db.pool())
            .await?;
        Ok(())
    }

    /// Moves every password reset's expiry `secs` into the past.
    pub async fn age_password_resets(db: &Db, secs: i64) -> Result<()> {
        sqlx::query("UPDATE password_resets SET expires_at = expires_at - $1")
            .bind(secs)
            .execute(db.pool())
            .await?;
        Ok(())
    }

    /// Sets when a goal was created, as if it were made `at` (Unix seconds).
    pub async fn set_goal_created_at(db: &Db, goal: i64, at: i64) -> Result<()> {
        sqlx::query("UPDATE goals SET created_at = $1 WHERE id = $2")
            .bind(at)
            .bind(goal)
            .execute(db.pool())
            .await?;
        Ok(())
    }

    /// Moves a pair session to another time without telling anyone.
    pub async fn set_session_times(db: &Db, session: i64, starts: i64, ends: i64) -> Result<()> {
        sqlx::query("UPDATE pair_sessions SET starts_at = $1, ends_at = $2 WHERE id = $3")
            .bind(starts)
            .bind(ends)
            .bind(session)
            .execute(db.pool())
            .await?;
        Ok(())
    }

    /// Sets someone's time zone without the profile form's checks.
    pub async fn set_time_zone(db: &Db, user: i64, zone: &str) -> Result<()> {
        sqlx::query("UPDATE users SET time_zone = $1 WHERE id = $2")
            .bind(zone)
            .bind(user)
            .execute(db.pool())
            .await?;
        Ok(())
    }

    /// Every account's name, in no order.
    pub async fn user_names(db: &Db) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar("SELECT name FROM users")
            .fetch_all(db.pool())
            .await?)
    }

    /// Vacuums and analyses a PostgreSQL database, as autovacuum would have after months of
    /// use, so a benchmark's freshly loaded tables get the plans a real library gets.
    pub async fn vacuum_analyze(db: &Db) -> Result<()> {
        sqlx::query("VACUUM ANALYZE").execute(db.pool()).await?;
        Ok(())
    }
}
