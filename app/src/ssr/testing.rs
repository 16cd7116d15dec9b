//! Fresh databases for tests: a SQLite file in its own temporary folder, or a PostgreSQL
//! database of its own created on the server named by `TANDEM_TEST_POSTGRES_URL` and dropped
//! afterwards. Used by the storage tests here and the HTTP tests of the server.

use super::storage::Db;
use rand::Rng;
use std::path::PathBuf;

/// A migrated database that is removed when dropped.
pub struct TestDb {
    pub db: Db,
    pub url: String,
    dir: Option<PathBuf>,
    pg_drop: Option<(String, String)>,
}

fn random_suffix() -> String {
    let n: u64 = rand::thread_rng().gen();
    format!("{n:016x}")
}

impl TestDb {
    pub async fn sqlite() -> TestDb {
        let dir = std::env::temp_dir().join(format!("tandem-test-{}", random_suffix()));
        std::fs::create_dir_all(&dir).expect("create a temporary folder");
        let url = format!("sqlite://{}/tandem.db", dir.display());
        let db = Db::connect(&url)
            .await
            .expect("open the test SQLite database");
        db.migrate().await.expect("migrate SQLite");
        TestDb {
            db,
            url,
            dir: Some(dir),
            pg_drop: None,
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
        let name = format!("tandem_test_{}", random_suffix());
        let admin = Db::connect(&admin_url)
            .await
            .expect("connect to TANDEM_TEST_POSTGRES_URL");
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(admin.pool())
            .await
            .expect("create a test database");
        admin.close().await;
        let url = with_database(&admin_url, &name);
        let db = Db::connect(&url)
            .await
            .expect("connect to the test database");
        db.migrate().await.expect("migrate PostgreSQL");
        Some(TestDb {
            db,
            url,
            dir: None,
            pg_drop: Some((admin_url, name)),
        })
    }
}

/// `url` pointing at database `name` instead, keeping credentials and parameters.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, format!("?{q}")),
        None => (url, String::new()),
    };
    let scheme_end = base.find("://").map(|i| i + 3).unwrap_or(0);
    let host_part = match base[scheme_end..].find('/') {
        Some(i) => &base[..scheme_end + i],
        None => base,
    };
    format!("{host_part}/{name}{query}")
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some(dir) = self.dir.take() {
            let _ = std::fs::remove_dir_all(dir);
        }
        if let Some((admin_url, name)) = self.pg_drop.take() {
            let db = self.db.clone();
            // Drop runs outside async code; a short-lived runtime on its own thread does the
            // clean-up so that test databases do not pile up on the server.
            let _ = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .ok()?;
                rt.block_on(async move {
                    db.close().await;
                    let admin = Db::connect(&admin_url).await.ok()?;
                    sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                        .execute(admin.pool())
                        .await
                        .ok()?;
                    admin.close().await;
                    Some(())
                })
            })
            .join();
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn swaps_the_database_name() {
        assert_eq!(
            super::with_database("postgres://u@h:5432/postgres", "x"),
            "postgres://u@h:5432/x"
        );
        assert_eq!(
            super::with_database("postgres://h/postgres?sslmode=disable", "x"),
            "postgres://h/x?sslmode=disable"
        );
        assert_eq!(super::with_database("postgres://h", "x"), "postgres://h/x");
    }
}
