//! Online copies of an SQLite database, for `tandem backup` and `tandem restore`.

use super::{Backend, Db, Result, StorageError};
use std::path::Path;
use std::str::FromStr;

impl Db {
    /// Opens an SQLite file to read only, as it is: no journal mode or other setting is
    /// written to it, so checking a backup never changes it.
    pub async fn open_read_only(file: &Path) -> Result<Db> {
        sqlx::any::install_default_drivers();
        let url = format!("sqlite://{}?mode=ro", file.display());
        let options = sqlx::any::AnyConnectOptions::from_str(&url)?;
        let pool = sqlx::any::AnyPoolOptions::new()
            .max_connections(1)
            .connect_with(options)
            .await?;
        Ok(Db {
            pool,
            backend: Backend::Sqlite,
            tuning: super::Tuning::default(),
            held: None,
        })
    }

    /// Writes a consistent copy of the whole SQLite database to `to` while the server keeps
    /// serving: `VACUUM INTO` reads one snapshot (writers go on in the log meanwhile) and
    /// writes it compacted. The file must not exist yet.
    pub async fn backup_to(&self, to: &Path) -> Result<()> {
        if self.backend() != Backend::Sqlite {
            return Err(StorageError::Unsupported(
                "tandem backup copies SQLite databases; back up PostgreSQL with pg_dump or continuous archiving (docs/operations.md)",
            ));
        }
        sqlx::query("VACUUM INTO $1")
            .bind(to.to_string_lossy().into_owned())
            .execute(self)
            .await?;
        Ok(())
    }

    /// SQLite's own full check of the file's structure: `None` when sound, else what is wrong.
    pub async fn integrity_problem(&self) -> Result<Option<String>> {
        let found: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_all(self)
            .await?;
        Ok((found != ["ok"]).then(|| found.join("; ")))
    }

    /// How many migrations the database has had (0 when it is not a Tandem database).
    pub async fn applied_migrations(&self) -> Result<i64> {
        let tables: i64 = sqlx::query_scalar(match self.backend() {
            Backend::Sqlite => {
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'"
            }
            Backend::Postgres => {
                "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = '_sqlx_migrations'"
            }
        })
        .fetch_one(self)
        .await?;
        if tables == 0 {
            return Ok(0);
        }
        Ok(
            sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations WHERE success = TRUE")
                .fetch_one(self)
                .await?,
        )
    }
}
