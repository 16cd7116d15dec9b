//! Scratch databases: a migrated database of its own that is removed when dropped. A SQLite
//! file in a temporary folder, or a PostgreSQL database created on a server and dropped
//! afterwards. `tandem bench-import` measures on them; the tests' database helper is built on
//! them.

use super::{Db, Result};
use rand::Rng;
use std::path::PathBuf;

/// A fresh, migrated database that is removed when dropped.
pub struct ScratchDb {
    pub db: Db,
    pub url: String,
    dir: Option<PathBuf>,
    pg_drop: Option<(String, String)>,
}

fn random_suffix() -> String {
    let n: u64 = rand::thread_rng().gen();
    format!("{n:016x}")
}

impl ScratchDb {
    /// A SQLite database in a temporary folder of its own.
    pub async fn sqlite() -> Result<ScratchDb> {
        let dir = std::env::temp_dir().join(format!("tandem-test-{}", random_suffix()));
        std::fs::create_dir_all(&dir).map_err(|e| {
            super::StorageError::Corrupt(format!("cannot create {}: {e}", dir.display()))
        })?;
        let url = format!("sqlite://{}/tandem.db", dir.display());
        let db = Db::connect(&url).await?;
        db.migrate().await?;
        Ok(ScratchDb {
            db,
            url,
            dir: Some(dir),
            pg_drop: None,
        })
    }

    /// A database of its own on the PostgreSQL server `admin_url` connects to.
    pub async fn postgres(admin_url: &str) -> Result<ScratchDb> {
        let name = format!("tandem_test_{}", random_suffix());
        let admin = Db::connect(admin_url).await?;
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(admin.pool())
            .await?;
        admin.close().await;
        let url = with_database(admin_url, &name);
        let db = Db::connect(&url).await?;
        db.migrate().await?;
        Ok(ScratchDb {
            db,
            url,
            dir: None,
            pg_drop: Some((admin_url.to_owned(), name)),
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

impl Drop for ScratchDb {
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
