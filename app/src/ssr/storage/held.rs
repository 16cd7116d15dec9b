//! Where a [`Db`]'s statements run: on whichever connection of the pool is free, or, for a
//! page part that reads a lot at once, on one connection it holds until it is done.
//!
//! Taking a connection from the pool and giving it back costs more than many statements do.
//! sqlx checks each connection it gets back with a ping, which for SQLite is a message to the
//! connection's thread and an answer back (for PostgreSQL, a network round trip), and returns
//! it from a task of its own. The dashboard asked the pool once per statement, so each of its
//! thirty-odd statements paid for two round trips instead of one. [`Db::holding`] takes one
//! connection and runs every statement of a page part on it.

use super::{Db, Result};
use futures_util::future::BoxFuture;
use futures_util::stream::{self, BoxStream};
use futures_util::{FutureExt, StreamExt};
use sqlx::any::{Any, AnyQueryResult, AnyRow, AnyStatement, AnyTypeInfo};
use sqlx::pool::PoolConnection;
use sqlx::{Describe, Either, Execute, Executor};
use std::sync::Arc;
use tokio::sync::Mutex;

/// One connection taken from the pool, shared by the clones of the [`Db`] that holds it and
/// given back when the last of them is dropped.
pub(super) type HeldConnection = Arc<Mutex<PoolConnection<Any>>>;

impl Db {
    /// This database, with every statement run on one connection taken from the pool now and
    /// given back when the returned `Db` (and its clones) are dropped.
    ///
    /// For reads that come in a burst, such as one part of a page. Statements from clones
    /// running at the same time take turns on the connection. A transaction still takes a
    /// connection of its own, so a holder that writes in a transaction needs two at once:
    /// keep writes out of a holding scope.
    pub async fn holding(&self) -> Result<Db> {
        if self.held.is_some() {
            return Ok(self.clone());
        }
        let connection = self.pool.acquire().await?;
        Ok(Db {
            held: Some(Arc::new(Mutex::new(connection))),
            ..self.clone()
        })
    }
}

/// Statements run through `&Db` go to the held connection when there is one, else to the pool.
impl<'c> Executor<'c> for &'c Db {
    type Database = Any;

    fn fetch_many<'e, 'q: 'e, E>(
        self,
        query: E,
    ) -> BoxStream<'e, Result<Either<AnyQueryResult, AnyRow>, sqlx::Error>>
    where
        'c: 'e,
        E: 'q + Execute<'q, Any>,
    {
        match &self.held {
            None => self.pool.fetch_many(query),
            Some(held) => {
                let held = Arc::clone(held);
                // The results are gathered while the connection is locked, so a caller that
                // stops reading early never leaves it locked.
                stream::once(async move {
                    let mut connection = held.lock_owned().await;
                    let results: Vec<_> = connection.fetch_many(query).collect().await;
                    stream::iter(results)
                })
                .flatten()
                .boxed()
            }
        }
    }

    fn fetch_optional<'e, 'q: 'e, E>(
        self,
        query: E,
    ) -> BoxFuture<'e, Result<Option<AnyRow>, sqlx::Error>>
    where
        'c: 'e,
        E: 'q + Execute<'q, Any>,
    {
        match &self.held {
            None => self.pool.fetch_optional(query),
            Some(held) => {
                let held = Arc::clone(held);
                async move { held.lock_owned().await.fetch_optional(query).await }.boxed()
            }
        }
    }

    fn prepare_with<'e, 'q: 'e>(
        self,
        sql: &'q str,
        parameters: &'e [AnyTypeInfo],
    ) -> BoxFuture<'e, Result<AnyStatement<'q>, sqlx::Error>>
    where
        'c: 'e,
    {
        self.pool.prepare_with(sql, parameters)
    }

    fn describe<'e, 'q: 'e>(self, sql: &'q str) -> BoxFuture<'e, Result<Describe<Any>, sqlx::Error>>
    where
        'c: 'e,
    {
        self.pool.describe(sql)
    }
}
