//! The matching engine: plain Rust, no I/O, the same result for the same input and seed.
//!
//! It scores every allowed pair from the survey answers and profiles ([`score`]), never
//! breaks a hard rule ([`constraints`]), and maximises the total score with everyone matched
//! whenever the rules allow it:
//! - peer programs: maximum-weight matching on the general graph (Edmonds' blossom algorithm,
//!   [`blossom`]), solved on a sparse graph of good pairs and proven optimal for all pairs by
//!   its duals; an odd person out joins the pair they add most to;
//! - mentor–mentee and reverse mentoring: an optimal assignment of mentees to mentor places
//!   ([`lsap`]), capacities included;
//! - circles: a greedy start improved by swaps, reported against an upper bound.
//!
//! Programs above [`EXACT_LIMIT`] people are split into blocks of at most that size, each
//! solved exactly, and the result is reported against an upper bound.

mod blossom;
pub mod choice;
mod circles;
pub mod constraints;
pub mod input;
pub mod locks;
pub mod lsap;
mod mentoring;
mod peer;
mod rematch;
mod report;
pub mod score;

pub use choice::{mentor_options, request_allowed, MentorOption};
pub use constraints::Block;
pub use input::{MatchInput, Participant, Rules};
pub use locks::{check_lock, LockProblem, RefusedLock};
pub use rematch::{place, Placement};
pub use report::Quality;
pub use score::{Explanation, ScorePart};

use crate::domain::{EnrollmentStatus, ProgramFormat};
use constraints::Constraints;
use score::Scorer;
use serde::{Deserialize, Serialize};

/// Programs up to this many people are matched exactly optimally, in one piece.
pub const EXACT_LIMIT: usize = 2_000;

/// A pair within a group, with why they fit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PairScore {
    pub a: i64,
    pub b: i64,
    pub explanation: Explanation,
}

/// A pair, trio or circle; in mentor formats a mentor and one mentee.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatchGroup {
    pub members: Vec<i64>,
    pub mentor: Option<i64>,
    pub score: i64,
    pub locked: bool,
    pub pairs: Vec<PairScore>,
}

/// Someone the rules left without a match, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unmatched {
    pub id: i64,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MatchResult {
    pub groups: Vec<MatchGroup>,
    pub unmatched: Vec<Unmatched>,
    /// The sum of the groups' scores.
    pub total_score: i64,
    /// No matching of these people can score more than this.
    pub upper_bound: i64,
    /// True when the total is the optimum, not only bounded by `upper_bound`.
    pub exact: bool,
    pub quality: Quality,
    /// Locked groups that break a hard rule, and were not kept.
    #[serde(default)]
    pub refused_locks: Vec<RefusedLock>,
}

/// A group as indices into the run's participants, before it is reported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Group {
    pub members: Vec<usize>,
    pub mentor: Option<usize>,
    pub locked: bool,
}

/// What the solvers share: the people of the run, its rules and its scores.
pub(crate) struct Problem<'a> {
    pub input: &'a MatchInput,
    pub people: Vec<Participant>,
    pub constraints: Constraints,
    pub scorer: Scorer,
}

impl<'a> Problem<'a> {
    /// The active participants of `input` (paused and departed people sit the round out),
    /// ordered by id so the caller's order never changes a result, with the run's rules and
    /// scores.
    pub fn new(input: &'a MatchInput) -> Self {
        let mut people: Vec<Participant> = input
            .participants
            .iter()
            .filter(|p| p.status == EnrollmentStatus::Active)
            .cloned()
            .collect();
        people.sort_by_key(|p| p.id);
        people.dedup_by_key(|p| p.id);
        Problem {
            constraints: Constraints::new(input, &people),
            scorer: Scorer::new(input, &people),
            people,
            input,
        }
    }

    pub fn score(&self, a: usize, b: usize, mentor: Option<usize>) -> i64 {
        self.scorer.score(a, b, mentor)
    }

    pub fn allowed(&self, a: usize, b: usize) -> bool {
        self.constraints.allowed(a, b)
    }

    /// The sum of the pair scores within a group.
    pub fn group_score(&self, members: &[usize], mentor: Option<usize>) -> i64 {
        let mut total = 0;
        for (k, &a) in members.iter().enumerate() {
            for &b in &members[k + 1..] {
                total += self.score(a, b, mentor);
            }
        }
        total
    }
}

pub(crate) use crate::domain::Rng;

/// How many threads the engine's parallel passes use: every core, up to eight.
pub(crate) fn cores() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(8)
}

/// The sum of `f` over `items`, on every core: upper bounds score every pair, which for
/// 20,000 people is 200 million scores.
pub(crate) fn parallel_sum<F>(items: &[usize], f: F) -> i64
where
    F: Fn(usize) -> i64 + Sync,
{
    let threads = cores();
    if threads < 2 || items.len() < 1_000 {
        return items.iter().map(|&i| f(i)).sum();
    }
    let chunk = items.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let f = &f;
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(|&i| f(i)).sum::<i64>()))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .sum()
    })
}

/// Matches the active participants of `input`.
pub fn run(input: &MatchInput) -> MatchResult {
    let problem = Problem::new(input);
    let (locked, free, refused_locks) = locks::split(&problem);
    let solved = match input.format {
        ProgramFormat::Peer => peer::solve(&problem, &free),
        ProgramFormat::MentorMentee | ProgramFormat::Reverse => {
            mentoring::solve(&problem, &free, &locked)
        }
        ProgramFormat::Circles => circles::solve(&problem, &free),
    };
    report::build(&problem, locked, solved, refused_locks)
}

/// What a solver returns: its groups, and the score bound and exactness of its part.
pub(crate) struct Solved {
    pub groups: Vec<Group>,
    pub upper_bound: i64,
    pub exact: bool,
}

#[cfg(test)]
mod score_tests;
#[cfg(test)]
mod tests;
