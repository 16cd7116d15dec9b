//! Tandem once kept the hub's files on the server's disk, under `<data dir>/files`, where only
//! that one server could read them. They now live in the database; on start, every file a
//! resource still points at is moved in from that folder, so an upgrade loses none of them.
//! The folder itself is left in place for the operator to remove.

use crate::ssr::storage::{Db, StorageError};
use crate::ssr::support::files;
use std::path::Path;

/// What moving files in found.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Moved {
    pub moved: usize,
    /// Files a resource points at that are on neither the disk nor in the database.
    pub missing: Vec<String>,
}

/// Moves into the database each resource file that is only on disk under `data_dir`.
pub async fn move_into_database(db: &Db, data_dir: &Path) -> Result<Moved, StorageError> {
    let dir = files::files_dir(data_dir);
    let mut out = Moved::default();
    for key in db.files_not_stored().await? {
        let bytes = match files::path_of(&dir, &key) {
            Some(path) => tokio::fs::read(&path).await.ok(),
            None => None,
        };
        match bytes {
            Some(bytes) => {
                db.store_file(&key, &bytes).await?;
                out.moved += 1;
            }
            None => out.missing.push(key),
        }
    }
    if out.moved > 0 {
        tracing::info!(moved = out.moved, folder = %dir.display(), "moved uploaded files into the database; the folder may now be removed");
    }
    if !out.missing.is_empty() {
        tracing::warn!(missing = ?out.missing, folder = %dir.display(), "resource files found neither in the database nor on disk");
    }
    Ok(out)
}
