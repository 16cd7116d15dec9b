//! Logins: the signed-in records behind browsers' cookies, kept for `tower-sessions` in the
//! application database (its `SessionStore` trait). The stock sqlx stores are tied to one
//! concrete pool type and create their own tables; this store follows Tandem's migrations and
//! runs on whichever backend Tandem runs on, so every server sees every login.

use super::{now, Db, Result};
use async_trait::async_trait;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, SessionStore};

/// The login key holding the signed-in person's id.
pub const USER_ID_KEY: &str = "uid";

/// The person a login is for, from its data, so their logins can be ended at once.
fn user_of(record: &Record) -> Option<i64> {
    record.data.get(USER_ID_KEY).and_then(|v| v.as_i64())
}

#[derive(Clone, Debug)]
pub struct LoginStore {
    db: Db,
}

impl LoginStore {
    pub fn new(db: Db) -> Self {
        Self { db }
    }

    /// Removes expired logins; run periodically by the server.
    pub async fn delete_expired(&self) -> Result<u64, sqlx::Error> {
        let done = sqlx::query("DELETE FROM logins WHERE expires_at < $1")
            .bind(now())
            .execute(self.db.pool())
            .await?;
        Ok(done.rows_affected())
    }
}

impl Db {
    /// Ends every login of `user_id`: each browser they are signed in on is signed out at its
    /// next request.
    pub async fn end_logins_of(&self, user_id: i64) -> Result<u64> {
        let done = sqlx::query("DELETE FROM logins WHERE user_id = $1")
            .bind(user_id)
            .execute(self)
            .await?;
        Ok(done.rows_affected())
    }
}

fn backend(e: sqlx::Error) -> session_store::Error {
    session_store::Error::Backend(e.to_string())
}

fn encode(record: &Record) -> session_store::Result<Vec<u8>> {
    serde_json::to_vec(&record.data).map_err(|e| session_store::Error::Encode(e.to_string()))
}

#[async_trait]
impl SessionStore for LoginStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        let data = encode(record)?;
        // A 128-bit random id colliding is astronomically unlikely, but a collision must never
        // hand one person's session to another: insert without overwriting, retry on conflict.
        loop {
            let inserted = sqlx::query(
                "INSERT INTO logins (id, data, expires_at, user_id) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (id) DO NOTHING",
            )
            .bind(record.id.to_string())
            .bind(data.clone())
            .bind(record.expiry_date.unix_timestamp())
            .bind(user_of(record))
            .execute(self.db.pool())
            .await
            .map_err(backend)?;
            if inserted.rows_affected() == 1 {
                return Ok(());
            }
            record.id = Id::default();
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        sqlx::query(
            "INSERT INTO logins (id, data, expires_at, user_id) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (id) DO UPDATE SET data = excluded.data, \
             expires_at = excluded.expires_at, user_id = excluded.user_id",
        )
        .bind(record.id.to_string())
        .bind(encode(record)?)
        .bind(record.expiry_date.unix_timestamp())
        .bind(user_of(record))
        .execute(self.db.pool())
        .await
        .map_err(backend)?;
        Ok(())
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let row: Option<(Vec<u8>, i64)> =
            sqlx::query_as("SELECT data, expires_at FROM logins WHERE id = $1 AND expires_at > $2")
                .bind(id.to_string())
                .bind(now())
                .fetch_optional(self.db.pool())
                .await
                .map_err(backend)?;
        let Some((data, expires_at)) = row else {
            return Ok(None);
        };
        let data = serde_json::from_slice(&data)
            .map_err(|e| session_store::Error::Decode(e.to_string()))?;
        let expiry_date = time::OffsetDateTime::from_unix_timestamp(expires_at)
            .map_err(|e| session_store::Error::Decode(e.to_string()))?;
        Ok(Some(Record {
            id: *id,
            data,
            expiry_date,
        }))
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        sqlx::query("DELETE FROM logins WHERE id = $1")
            .bind(id.to_string())
            .execute(self.db.pool())
            .await
            .map_err(backend)?;
        Ok(())
    }
}
