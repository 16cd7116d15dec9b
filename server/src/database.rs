//! Opening the configured database: connect, migrate, and move in files an earlier version
//! kept on disk, or say in one line why not.

use crate::config::{ConfigError, Resolved};
use app::ssr::storage::Db;

/// The database URL with any password hidden, for messages.
pub fn redacted(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..s + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

/// Connects and migrates, or explains why it cannot.
pub async fn open_db(cfg: &Resolved) -> Result<Db, ConfigError> {
    let db = Db::connect(&cfg.database_url).await.map_err(|e| {
        ConfigError(format!(
            "cannot open the database {} ({e}); check TANDEM_DATABASE_URL and that the server is running",
            redacted(&cfg.database_url)
        ))
    })?;
    db.migrate().await.map_err(|e| {
        ConfigError(format!(
            "cannot apply migrations to {} ({e})",
            redacted(&cfg.database_url)
        ))
    })?;
    app::ssr::resources::disk_files::move_into_database(&db, &cfg.data_dir)
        .await
        .map_err(|e| {
            ConfigError(format!(
                "cannot move uploaded files into the database ({e})"
            ))
        })?;
    Ok(db)
}

#[cfg(test)]
mod tests {
    #[test]
    fn passwords_never_appear_in_messages() {
        assert_eq!(
            super::redacted("postgres://tandem:s3cret@db:5432/tandem"),
            "postgres://tandem:***@db:5432/tandem"
        );
        assert_eq!(
            super::redacted("postgres://tandem@db/tandem"),
            "postgres://tandem@db/tandem"
        );
        assert_eq!(
            super::redacted("sqlite://data/tandem.db"),
            "sqlite://data/tandem.db"
        );
    }
}
