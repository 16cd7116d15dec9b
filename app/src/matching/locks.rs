//! Groups an admin locked ("keep together", "move next to"). A lock is kept only when it
//! breaks no hard rule: the manager line, avoid lists, recent partners, forbidden pairs, the
//! same-team rule, roles, the level rule for mentors and mentors' capacity. A lock that breaks
//! one is reported with the rule, never kept, so neither the app nor a `tandem match` file can
//! pair someone with their manager or someone they asked to avoid.

use super::constraints::Block;
use super::{Group, MatchInput, Problem};
use crate::domain::ProgramFormat;
use serde::{Deserialize, Serialize};

/// A locked group that was not kept, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefusedLock {
    pub members: Vec<i64>,
    /// The end of "… cannot be kept together: …".
    pub reason: String,
}

/// Why a lock cannot be kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LockProblem {
    Rule(Block),
    /// Someone in it is paused, has left, or is not enrolled.
    NotTakingPart,
    /// Someone in it (who is not a mentor) is already kept with someone else.
    AlreadyKept,
}

impl LockProblem {
    pub fn sentence(self, levels_below: Option<i64>) -> String {
        match self {
            LockProblem::Rule(b) => b.sentence(levels_below),
            LockProblem::NotTakingPart => {
                "one of them is not taking part in this round (paused, left or not enrolled)".into()
            }
            LockProblem::AlreadyKept => "one of them is already kept with someone else".into(),
        }
    }
}

/// The mentor of a group in a mentor format: the first member who may mentor.
fn mentor_of(problem: &Problem, members: &[usize]) -> Option<usize> {
    match problem.input.format {
        ProgramFormat::MentorMentee | ProgramFormat::Reverse => members
            .iter()
            .copied()
            .find(|&m| problem.people[m].can_mentor()),
        _ => None,
    }
}

/// Whether `members` may be kept together given the locks kept so far (`taken` marks people
/// already kept; `load` counts each mentor's kept mentees). Returns the group's mentor.
fn check(
    problem: &Problem,
    members: &[usize],
    taken: &[bool],
    load: &[usize],
) -> Result<Option<usize>, LockProblem> {
    for (k, &a) in members.iter().enumerate() {
        for &b in &members[k + 1..] {
            if let Some(block) = problem.constraints.blocked(a, b) {
                return Err(LockProblem::Rule(block));
            }
        }
    }
    let mentor = mentor_of(problem, members);
    let mentor_format = matches!(
        problem.input.format,
        ProgramFormat::MentorMentee | ProgramFormat::Reverse
    );
    if mentor_format {
        let Some(m) = mentor else {
            return Err(LockProblem::Rule(Block::Roles));
        };
        for &e in members.iter().filter(|&&e| e != m) {
            if problem.people[e].role == crate::domain::EnrollmentRole::Mentor {
                return Err(LockProblem::Rule(Block::Roles));
            }
            if let Some(block) = problem.constraints.mentor_blocked(m, e) {
                return Err(LockProblem::Rule(block));
            }
        }
        let capacity = problem.people[m].capacity.clamp(1, 5);
        if load[m] + members.len() - 1 > capacity {
            return Err(LockProblem::Rule(Block::Capacity));
        }
    }
    if members.iter().any(|&p| taken[p] && Some(p) != mentor) {
        return Err(LockProblem::AlreadyKept);
    }
    Ok(mentor)
}

/// Splits the admin's locks into the groups kept and those refused, and returns the people
/// left free to match.
pub(crate) fn split(problem: &Problem) -> (Vec<Group>, Vec<usize>, Vec<RefusedLock>) {
    let (kept, refused, taken) = sort_locks(problem, &problem.input.locked);
    let mentors_kept: Vec<usize> = kept.iter().filter_map(|g| g.mentor).collect();
    let free = (0..problem.people.len())
        .filter(|&i| !taken[i] || mentors_kept.contains(&i))
        .filter(|&i| !mentors_kept.contains(&i) || problem.people[i].can_mentor())
        .collect();
    (kept, free, refused)
}

fn sort_locks(problem: &Problem, locks: &[Vec<i64>]) -> (Vec<Group>, Vec<RefusedLock>, Vec<bool>) {
    let index = |id: i64| problem.people.iter().position(|p| p.id == id);
    let n = problem.people.len();
    let (mut taken, mut load) = (vec![false; n], vec![0usize; n]);
    let (mut kept, mut refused) = (Vec::new(), Vec::new());
    let levels_below = problem.input.rules.mentor_levels_below;
    for lock in locks {
        let mut ids = lock.clone();
        ids.sort_unstable();
        ids.dedup();
        if ids.len() < 2 {
            continue;
        }
        let members: Option<Vec<usize>> = ids.iter().map(|&id| index(id)).collect();
        let outcome = match &members {
            None => Err(LockProblem::NotTakingPart),
            Some(members) => check(problem, members, &taken, &load),
        };
        match (outcome, members) {
            (Ok(mentor), Some(members)) => {
                for &m in &members {
                    if Some(m) == mentor {
                        load[m] += members.len() - 1;
                    }
                    taken[m] = true;
                }
                kept.push(Group {
                    members,
                    mentor,
                    locked: true,
                });
            }
            (Err(problem), _) => refused.push(RefusedLock {
                members: ids,
                reason: problem.sentence(levels_below),
            }),
            (Ok(_), None) => unreachable!("a lock with unknown members is refused above"),
        }
    }
    (kept, refused, taken)
}

/// Whether the group `members` may be kept together in `input`'s program, after the locks
/// `input` already holds. The app asks before it stores an admin's lock, so a refusal names
/// the rule at once; the engine applies the same check to every lock at each run.
pub fn check_lock(input: &MatchInput, members: &[i64]) -> Result<(), LockProblem> {
    let problem = Problem::new(input);
    let index = |id: i64| problem.people.iter().position(|p| p.id == id);
    let (kept, _, taken) = sort_locks(&problem, &input.locked);
    let Some(candidate) = members
        .iter()
        .map(|&id| index(id))
        .collect::<Option<Vec<_>>>()
    else {
        return Err(LockProblem::NotTakingPart);
    };
    // Kept locks of the same people (asked again) do not count against the candidate.
    let mut candidate_sorted = candidate.clone();
    candidate_sorted.sort_unstable();
    let mut load = vec![0usize; problem.people.len()];
    let mut taken_by_others = taken.clone();
    for g in &kept {
        let mut members = g.members.clone();
        members.sort_unstable();
        if members == candidate_sorted {
            for &m in &members {
                taken_by_others[m] = false;
            }
            continue;
        }
        if let Some(m) = g.mentor {
            load[m] += g.members.len() - 1;
        }
    }
    check(&problem, &candidate, &taken_by_others, &load).map(|_| ())
}
