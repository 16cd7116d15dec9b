//! What a read-then-write transaction locks on PostgreSQL, so that writes to different things
//! run in parallel across every app server while writes to the same thing queue.
//!
//! **Lock order** (deadlock freedom): a transaction first takes the organisation lock, shared
//! by every scoped write and exclusive for writes that span the whole organisation (a
//! directory import, a leaver, the demo), and then at most one entity lock. Locks are only
//! ever taken in that order and held to commit, so two transactions can never each wait for
//! the other's advisory lock. Row locks taken by the statements themselves can still meet in
//! rare orders; the database then aborts one with a deadlock error and `write_tx!` runs it
//! again (up to [`WRITE_ATTEMPTS`] times).
//!
//! PostgreSQL grants advisory locks in the order they were asked for, so an organisation-wide
//! write waits for the writes in flight, and writes asked for after it wait for it: it runs
//! alone soon, and is never starved by a stream of small writes.
//!
//! SQLite has one writer at a time whatever the lock says (`BEGIN IMMEDIATE`), which is the
//! same guarantee, only coarser.

use std::time::Duration;

/// What a write transaction reads and then changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lock {
    /// Everything at once: imports, leavers and the demo touch many programs and events.
    Organisation,
    /// Accounts as a whole: one account per address, and the first becomes org admin.
    Accounts,
    /// A program: its survey, draft round, groups, sessions and reassignment requests.
    Program(i64),
    /// An event: its seats, waitlist, draw and personal links.
    Event(i64),
    /// A person's goal board: goal positions, milestones and check-ins.
    Board(i64),
    /// A resource of the hub and its file.
    Resource(i64),
    /// Only new rows, whose contents depend on nothing read first: no entity is locked.
    NewRows,
}

/// How many times a transaction runs at most before its deadlock reaches the caller.
pub const WRITE_ATTEMPTS: u32 = 5;

/// The organisation lock's key (the key of the single lock Tandem took before scoped locks).
const ORGANISATION: i64 = 7421;

impl Lock {
    /// The PostgreSQL advisory lock keys to take, in order, and whether each is exclusive.
    /// Entity keys carry their kind in the top 16 bits and the id below, so an event and a
    /// program with the same id never share a lock.
    pub fn advisory_keys(self) -> Vec<(i64, bool)> {
        let entity = |kind: i64, id: i64| (kind << 48) | (id & ((1 << 48) - 1));
        let scoped = match self {
            Lock::Organisation => return vec![(ORGANISATION, true)],
            Lock::NewRows => None,
            Lock::Accounts => Some(entity(1, 0)),
            Lock::Program(id) => Some(entity(2, id)),
            Lock::Event(id) => Some(entity(3, id)),
            Lock::Board(id) => Some(entity(4, id)),
            Lock::Resource(id) => Some(entity(5, id)),
        };
        std::iter::once((ORGANISATION, false))
            .chain(scoped.map(|k| (k, true)))
            .collect()
    }
}

/// Waits before attempt `attempt` (1-based) of a transaction: growing, with jitter, so two
/// transactions that deadlocked do not meet again in step.
pub async fn back_off(attempt: u32) {
    use rand::Rng;
    let base = 5u64 << attempt.min(6);
    let jitter = rand::thread_rng().gen_range(0..=base);
    tokio::time::sleep(Duration::from_millis(base + jitter)).await;
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two transactions update the same two rows in opposite orders, so PostgreSQL must
    /// abort one as a deadlock; `write_tx!` runs it again and both changes land.
    #[cfg(feature = "testing")]
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_deadlocked_write_runs_again_and_lands() {
        use crate::ssr::storage::{Db, Result};
        use std::sync::atomic::{AtomicU32, Ordering};
        use std::sync::Arc;
        let Some(t) = crate::ssr::testing::TestDb::postgres().await else {
            return;
        };
        for email in ["a@example.com", "b@example.com"] {
            sqlx::query("INSERT INTO users (email, name, role, created_at, updated_at) VALUES ($1, 'x', 'participant', 0, 0)")
                .bind(email)
                .execute(t.db.pool())
                .await
                .unwrap();
        }
        let runs = Arc::new(AtomicU32::new(0));
        let barrier = Arc::new(tokio::sync::Barrier::new(2));
        async fn rename(
            db: Db,
            first: &str,
            second: &str,
            runs: Arc<AtomicU32>,
            barrier: Arc<tokio::sync::Barrier>,
        ) -> Result<()> {
            write_tx!(db, Lock::NewRows, |tx| {
                let run = runs.fetch_add(1, Ordering::SeqCst);
                for (i, email) in [first, second].into_iter().enumerate() {
                    sqlx::query("UPDATE users SET name = name || $1 WHERE email = $2")
                        .bind(first)
                        .bind(email)
                        .execute(&mut *tx)
                        .await?;
                    if i == 0 && run < 2 {
                        barrier.wait().await;
                    }
                }
                Ok(())
            })
        }
        let one = tokio::spawn(rename(
            t.db.clone(),
            "a@example.com",
            "b@example.com",
            runs.clone(),
            barrier.clone(),
        ));
        let two = tokio::spawn(rename(
            t.db.clone(),
            "b@example.com",
            "a@example.com",
            runs.clone(),
            barrier.clone(),
        ));
        one.await.unwrap().unwrap();
        two.await.unwrap().unwrap();
        assert_eq!(runs.load(Ordering::SeqCst), 3, "one of the two ran twice");
        let names: Vec<String> = sqlx::query_scalar("SELECT name FROM users ORDER BY email")
            .fetch_all(t.db.pool())
            .await
            .unwrap();
        assert_eq!(names.len(), 2);
        for name in names {
            assert_eq!(name.matches("@example.com").count(), 2, "{name}");
        }
    }

    #[test]
    fn every_scoped_write_shares_the_organisation_lock_first() {
        for lock in [
            Lock::Accounts,
            Lock::Program(3),
            Lock::Event(3),
            Lock::Board(3),
            Lock::Resource(3),
        ] {
            let keys = lock.advisory_keys();
            assert_eq!(keys[0], (ORGANISATION, false), "{lock:?}");
            assert_eq!(keys.len(), 2);
            assert!(keys[1].1);
        }
        assert_eq!(Lock::NewRows.advisory_keys(), vec![(ORGANISATION, false)]);
        assert_eq!(
            Lock::Organisation.advisory_keys(),
            vec![(ORGANISATION, true)]
        );
    }

    #[test]
    fn things_of_different_kinds_never_share_a_key() {
        let keys: std::collections::HashSet<i64> = [
            Lock::Program(3),
            Lock::Event(3),
            Lock::Board(3),
            Lock::Resource(3),
            Lock::Accounts,
            Lock::Event(4),
        ]
        .iter()
        .map(|l| l.advisory_keys()[1].0)
        .collect();
        assert_eq!(keys.len(), 6);
        assert!(!keys.contains(&ORGANISATION));
    }
}
