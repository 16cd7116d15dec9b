//! A large organisation written straight into a scratch database for `tandem bench-insights`:
//! people, programs, rounds of pairs, sessions with ratings, goals and event replies, in
//! multi-row inserts of generated numbers (no text from outside), so a million sessions load in
//! seconds on either database. Never used on a real database.

use super::{Db, Result};
use std::fmt::Write as _;

/// How big the generated organisation is.
#[derive(Debug, Clone, Copy)]
pub struct BenchOrg {
    pub people: i64,
    pub programs: i64,
    pub rounds_per_program: i64,
    pub pairs: i64,
    pub sessions: i64,
    pub goals: i64,
    /// Unix seconds the history ends at: the rounds spread over the year before it.
    pub now: i64,
}

/// Rows per INSERT statement.
const BATCH: i64 = 2_000;
/// The departments of every generated organisation (benchmarks share them).
pub const BENCH_DEPARTMENTS: [&str; 8] = [
    "Engineering",
    "Product",
    "Design",
    "Sales",
    "Marketing",
    "Support",
    "Finance",
    "People",
];
const LOCATIONS: [&str; 4] = ["Lisbon", "London", "New York", "Singapore"];
const CATEGORIES: [&str; 5] = ["skill", "career", "project", "wellbeing", "other"];
const STATUSES: [&str; 4] = ["planned", "in_progress", "achieved", "dropped"];
const VISIBILITY: [&str; 3] = ["private", "match", "match_admins"];

/// Small deterministic numbers, so every run builds the same organisation.
fn mix(a: i64, b: i64) -> i64 {
    let mut x =
        (a as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ (b as u64).wrapping_add(0x632B_E59B);
    x ^= x >> 31;
    x = x.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    (x >> 33) as i64
}

impl Db {
    /// Runs `INSERT INTO {head} VALUES` with `rows` rows made by `row`, in batches.
    async fn insert_generated(
        &self,
        head: &str,
        rows: i64,
        row: impl Fn(i64, &mut String),
    ) -> Result<()> {
        let mut start = 0;
        while start < rows {
            let end = (start + BATCH).min(rows);
            let mut sql = format!("INSERT INTO {head} VALUES ");
            for i in start..end {
                if i > start {
                    sql.push(',');
                }
                sql.push('(');
                row(i, &mut sql);
                sql.push(')');
            }
            sqlx::query(&sql).execute(self).await?;
            start = end;
        }
        Ok(())
    }

    /// Fills an empty scratch database with `org`. Person 1 is an org admin; the rest are
    /// participants. Returns nothing: the benchmark reads it back through insights.
    pub async fn fill_bench_org(&self, org: BenchOrg) -> Result<()> {
        let year = 365 * 86_400;
        let start = org.now - year;
        let people = org.people;
        self.insert_generated(
            "users (id, email, name, role, department, location, level, created_at, updated_at, deactivated_at)",
            people,
            |i, s| {
                let id = i + 1;
                let role = if id == 1 { "org_admin" } else { "participant" };
                // One in ten left during the year, after the first six months.
                let left = if mix(id, 7) % 10 == 0 {
                    (org.now - mix(id, 8) % (year / 2)).to_string()
                } else {
                    "NULL".into()
                };
                let _ = write!(
                    s,
                    "{id}, 'person{id}@bench.example', 'Person {id}', '{role}', '{}', '{}', {}, {}, {}, {left}",
                    BENCH_DEPARTMENTS[(mix(id, 1) % 8) as usize],
                    LOCATIONS[(mix(id, 2) % 4) as usize],
                    1 + mix(id, 3) % 10,
                    start - year - mix(id, 4) % year,
                    start,
                );
            },
        )
        .await?;
        self.insert_generated(
            "programs (id, name, format, group_size, rotation_weeks, starts_on, ends_on, enrollment_opens_on, enrollment_closes_on, state, created_at, updated_at)",
            org.programs,
            |i, s| {
                let _ = write!(
                    s,
                    "{}, 'Program {}', 'peer', 2, 4, '2026-01-01', '2026-12-31', '2025-12-01', '2025-12-31', 'running', {start}, {start}",
                    i + 1,
                    i + 1
                );
            },
        )
        .await?;
        // Each program enrolls a slice of the people; pairs are drawn from its slice.
        let per_program = (people / org.programs).max(2);
        let enrolled = per_program * org.programs;
        self.insert_generated(
            "enrollments (program_id, user_id, role, created_at, updated_at)",
            enrolled.min(people - 1),
            |i, s| {
                let program = i / per_program + 1;
                let user = 2 + i;
                let _ = write!(s, "{program}, {user}, 'peer', {start}, {start}");
            },
        )
        .await?;
        let rounds = org.programs * org.rounds_per_program;
        let round_gap = year / org.rounds_per_program;
        self.insert_generated(
            "match_rounds (id, program_id, number, state, seed, total_score, upper_bound, exact_optimum, quality, unmatched, created_at, published_at)",
            rounds,
            |i, s| {
                let program = i / org.rounds_per_program + 1;
                let number = i % org.rounds_per_program + 1;
                let at = start + (number - 1) * round_gap;
                let _ = write!(
                    s,
                    "{}, {program}, {number}, 'published', 1, 0, 0, 1, '{{}}', '[]', {at}, {at}",
                    i + 1
                );
            },
        )
        .await?;
        let pairs_per_round = (org.pairs / rounds).max(1);
        let pairs = pairs_per_round * rounds;
        // Pair g of a round: group_no g % pairs_per_round, members two people of the
        // program's slice chosen by the round number.
        let member = |pair: i64, side: i64| {
            let round = pair / pairs_per_round;
            let program = round / org.rounds_per_program;
            let g = pair % pairs_per_round;
            let slice = per_program.min(people - 1 - program * per_program).max(2);
            let k = (2 * g + side + (round % org.rounds_per_program) * 3) % slice;
            (2 + program * per_program + k).min(people)
        };
        self.insert_generated(
            "round_groups (round_id, group_no, score, pairs)",
            pairs,
            |p, s| {
                let _ = write!(
                    s,
                    "{}, {}, 0, '[]'",
                    p / pairs_per_round + 1,
                    p % pairs_per_round
                );
            },
        )
        .await?;
        // PostgreSQL's per-row triggers would take minutes over a million sessions and
        // their ratings; what they keep (the members' lists too) is built once at the end
        // instead. SQLite's keep up (seconds).
        let postgres = self.backend() == super::Backend::Postgres;
        const TRIGGERED: [&str; 3] = ["round_members", "pair_sessions", "session_feedback"];
        if postgres {
            for table in TRIGGERED {
                sqlx::query(&format!("ALTER TABLE {table} DISABLE TRIGGER USER"))
                    .execute(self)
                    .await?;
            }
        }
        self.insert_generated(
            "round_members (round_id, group_no, user_id)",
            pairs * 2,
            |m, s| {
                let p = m / 2;
                let (a, b) = (member(p, 0), member(p, 1));
                // Two members of a slice may coincide when it is tiny; keep them distinct.
                let who = if m % 2 == 0 {
                    a
                } else if b == a {
                    a % people + 1
                } else {
                    b
                };
                let _ = write!(
                    s,
                    "{}, {}, {who}",
                    p / pairs_per_round + 1,
                    p % pairs_per_round
                );
            },
        )
        .await?;
        let per_pair = (org.sessions / pairs).max(1);
        self.insert_generated(
            "pair_sessions (id, program_id, round_id, group_no, starts_at, ends_at, time_zone, state, held, created_at, updated_at)",
            pairs * per_pair,
            |i, s| {
                let p = i / per_pair;
                let round = p / pairs_per_round;
                let program = round / org.rounds_per_program + 1;
                let published = start + (round % org.rounds_per_program) * round_gap;
                let at = published + (i % per_pair) * (round_gap / per_pair) + mix(i, 5) % 86_400;
                // One pair in eight never meets; one session in ten did not happen.
                let held = if mix(p, 6) % 8 == 0 {
                    "NULL"
                } else if mix(i, 9) % 10 == 0 {
                    "0"
                } else {
                    "1"
                };
                let _ = write!(
                    s,
                    "{}, {program}, {}, {}, {at}, {}, 'UTC', 'accepted', {held}, {at}, {at}",
                    i + 1,
                    round + 1,
                    p % pairs_per_round,
                    at + 2_700
                );
            },
        )
        .await?;
        // Half the sessions are rated, by the pair's first member.
        self.insert_generated(
            "session_feedback (session_id, user_id, rating, created_at)",
            pairs * per_pair / 2,
            |r, s| {
                let session = r * 2;
                let p = session / per_pair;
                let _ = write!(
                    s,
                    "{}, {}, {}, {start}",
                    session + 1,
                    member(p, 0),
                    1 + mix(session, 10) % 5
                );
            },
        )
        .await?;
        if postgres {
            for table in TRIGGERED {
                sqlx::query(&format!("ALTER TABLE {table} ENABLE TRIGGER USER"))
                    .execute(self)
                    .await?;
            }
            self.rebuild_insight_tallies().await?;
        }
        self.insert_generated(
            "goals (owner_id, program_id, title, category, measure, visibility, status, position, created_at, updated_at)",
            org.goals,
            |g, s| {
                let owner = 2 + g % (people - 1);
                let program = ((owner - 2) / per_program).min(org.programs - 1) + 1;
                let at = start + mix(g, 11) % year;
                let _ = write!(
                    s,
                    "{owner}, {program}, 'Goal {g}', '{}', 'milestones', '{}', '{}', {g}, {at}, {at}",
                    CATEGORIES[(mix(g, 12) % 5) as usize],
                    VISIBILITY[(mix(g, 13) % 3) as usize],
                    STATUSES[(mix(g, 14) % 4) as usize],
                );
            },
        )
        .await?;
        // A PostgreSQL in service has statistics and a visibility map for these tables from
        // autovacuum within a minute of such a fill, and has written the fill out at a
        // checkpoint; the benchmark times that state, not the planner's guesses about tables
        // it has never looked at nor loads that share the disk with the checkpoint.
        if postgres {
            sqlx::raw_sql("VACUUM ANALYZE").execute(self).await?;
            sqlx::raw_sql("CHECKPOINT").execute(self).await?;
        }
        Ok(())
    }
}
