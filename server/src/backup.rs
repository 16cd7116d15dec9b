//! `tandem backup` and `tandem restore` for the embedded (SQLite) database, and the lock that
//! keeps a restore from replacing a database a running server has open.
//!
//! Every `tandem` process that opens an SQLite database holds a shared lock on a file beside
//! it (`tandem.db.lock`) for as long as it runs; `restore` needs that lock exclusively. The
//! operating system drops a lock when its process ends, even by `kill -9`, so a crash never
//! leaves a stale lock behind.

use crate::config::{sqlite_path, ConfigError, Resolved};
use crate::database::open_db;
use app::ssr::storage::Db;
use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

/// A shared hold on the database, kept while a process uses it.
#[derive(Debug)]
pub struct InUse(#[allow(dead_code)] Option<File>);

fn lock_path(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(".lock");
    PathBuf::from(name)
}

fn open_lock(db: &Path) -> Result<File, ConfigError> {
    let path = lock_path(db);
    OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| ConfigError(format!("cannot open {} ({e})", path.display())))
}

/// Marks the embedded database as in use by this process (nothing for PostgreSQL).
pub fn hold(cfg: &Resolved) -> Result<InUse, ConfigError> {
    let Some(db) = sqlite_path(&cfg.database_url) else {
        return Ok(InUse(None));
    };
    let file = open_lock(&db)?;
    match file.try_lock_shared() {
        Ok(()) => Ok(InUse(Some(file))),
        Err(TryLockError::WouldBlock) => Err(ConfigError(format!(
            "{} is being restored: wait for `tandem restore` to finish",
            db.display()
        ))),
        Err(TryLockError::Error(e)) => Err(ConfigError(format!(
            "cannot lock {} ({e})",
            lock_path(&db).display()
        ))),
    }
}

/// `tandem backup --to FILE`.
pub async fn backup(cfg: &Resolved, to: &Path) -> Result<(), ConfigError> {
    if cfg.postgres {
        return Err(ConfigError("tandem backup copies the embedded SQLite database; back up PostgreSQL with pg_dump or continuous archiving, as docs/operations.md describes".into()));
    }
    if to.exists() {
        return Err(ConfigError(format!(
            "{} already exists: choose a new file name for the backup",
            to.display()
        )));
    }
    if let Some(parent) = to.parent().filter(|p| !p.as_os_str().is_empty()) {
        if !parent.is_dir() {
            return Err(ConfigError(format!(
                "the folder {} does not exist: create it or choose another place for the backup",
                parent.display()
            )));
        }
    }
    let _in_use = hold(cfg)?;
    let db = open_db(cfg).await?;
    let started = std::time::Instant::now();
    db.backup_to(to)
        .await
        .map_err(|e| ConfigError(format!("the backup failed ({e})")))?;
    db.close().await;
    let copy = open_checked(to).await?;
    let migrations = copy.applied_migrations().await.unwrap_or_default();
    copy.close().await;
    let size = std::fs::metadata(to).map(|m| m.len()).unwrap_or_default();
    println!(
        "Backed up to {} ({:.1} MB, schema version {migrations}, checked) in {:.1} s.",
        to.display(),
        size as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Opens a backup read-only and checks that it is a sound Tandem database.
async fn open_checked(file: &Path) -> Result<Db, ConfigError> {
    let shown = file.display();
    let mut head = [0u8; 16];
    let is_sqlite = std::fs::File::open(file)
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut head))
        .is_ok()
        && &head == b"SQLite format 3\0";
    if !is_sqlite {
        return Err(ConfigError(format!(
            "{shown} is not a Tandem backup: it is not an SQLite database file"
        )));
    }
    let db = Db::open_read_only(file)
        .await
        .map_err(|e| ConfigError(format!("cannot open {shown} ({e})")))?;
    let fail =
        |e: app::ssr::storage::StorageError| ConfigError(format!("cannot read {shown} ({e})"));
    if let Some(problem) = db.integrity_problem().await.map_err(fail)? {
        return Err(ConfigError(format!(
            "{shown} is damaged and was not restored: {problem}"
        )));
    }
    if db.applied_migrations().await.map_err(fail)? == 0 {
        return Err(ConfigError(format!(
            "{shown} is not a Tandem backup: it has none of Tandem's tables"
        )));
    }
    Ok(db)
}

/// `tandem restore --from FILE`: replaces the embedded database with a backup, keeping the
/// database it replaces beside it, then brings the schema up to this version.
pub async fn restore(cfg: &Resolved, from: &Path) -> Result<(), ConfigError> {
    if cfg.postgres {
        return Err(ConfigError("tandem restore replaces the embedded SQLite database; restore PostgreSQL with pg_restore or psql, as docs/operations.md describes".into()));
    }
    let target = sqlite_path(&cfg.database_url)
        .ok_or_else(|| ConfigError("TANDEM_DATABASE_URL names no database file".into()))?;
    let backup = open_checked(from).await?;
    let had = backup.applied_migrations().await.unwrap_or_default();
    backup.close().await;

    let lock = open_lock(&target)?;
    match lock.try_lock() {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => {
            return Err(ConfigError(format!(
                "a Tandem server or worker is using {}: stop it first, then restore",
                target.display()
            )))
        }
        Err(TryLockError::Error(e)) => {
            return Err(ConfigError(format!(
                "cannot lock {} ({e})",
                lock_path(&target).display()
            )))
        }
    }
    let io = |what: &str, e: std::io::Error| ConfigError(format!("cannot {what} ({e})"));
    let incoming = with_suffix(&target, ".restoring");
    std::fs::copy(from, &incoming).map_err(|e| io("copy the backup", e))?;
    File::open(&incoming)
        .and_then(|f| f.sync_all())
        .map_err(|e| io("write the backup to disk", e))?;
    let kept = with_suffix(&target, ".before-restore");
    if target.exists() {
        std::fs::rename(&target, &kept).map_err(|e| io("keep the current database", e))?;
    }
    for companion in ["-wal", "-shm"] {
        let path = with_suffix(&target, companion);
        if path.exists() {
            std::fs::remove_file(&path).map_err(|e| io("remove the old database's log", e))?;
        }
    }
    std::fs::rename(&incoming, &target).map_err(|e| io("put the backup in place", e))?;
    let db = open_db(cfg).await?;
    let now = db.applied_migrations().await.unwrap_or_default();
    db.close().await;
    drop(lock);
    println!(
        "Restored {} into {}{}.",
        from.display(),
        target.display(),
        match now - had {
            0 => String::new(),
            n => format!(", and brought it up to date with {n} migrations"),
        }
    );
    if kept.exists() {
        println!("The database it replaced is kept as {}.", kept.display());
    }
    Ok(())
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}
