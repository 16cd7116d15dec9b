//! Mentor–mentee and reverse mentoring: an optimal assignment of mentees to mentor places.
//!
//! Each mentor offers as many places as their capacity; mentees are the rows and places the
//! columns of an assignment problem ([`super::lsap`]). A place costs `-(BIG + score) × 8 + k`
//! for a mentor's `k`-th place, so the assignment matches as many mentees as the rules allow,
//! then maximises the total score, and among equal totals spreads mentees over mentors.
//! Disallowed pairs cost 0, the same as staying unmatched.
//!
//! People who enrolled as "either" are split first: the most suitable become mentors (the
//! most senior, or in reverse mentoring the most junior) until places cover the mentees.

use super::{lsap, parallel_sum, Group, Problem, Rng, Solved, EXACT_LIMIT};
use crate::domain::{EnrollmentRole, ProgramFormat};

/// Places per mentor are numbered below this; it scales scores so that a place's number
/// only ever breaks ties.
const PLACE_SCALE: i64 = 8;

pub(crate) fn solve(problem: &Problem, free: &[usize], locked: &[Group]) -> Solved {
    let (mentors, mentees) = sides(problem, free);
    // Places already taken by locked pairs.
    let taken = |m: usize| locked.iter().filter(|g| g.mentor == Some(m)).count();
    let capacity: Vec<(usize, usize)> = mentors
        .iter()
        .map(|&m| {
            let cap = problem.people[m].capacity.clamp(1, 5);
            (m, cap.saturating_sub(taken(m)))
        })
        .filter(|(_, cap)| *cap > 0)
        .collect();

    let block_count = mentees.len().div_ceil(EXACT_LIMIT).max(1);
    let exact = block_count == 1;
    let mut rng = Rng::new(problem.input.seed);
    let mut mentee_order = mentees.clone();
    let mut mentor_order = capacity.clone();
    if !exact {
        rng.shuffle(&mut mentee_order);
        rng.shuffle(&mut mentor_order);
    }
    let mut groups = Vec::new();
    for b in 0..block_count {
        let rows: Vec<usize> = mentee_order
            .iter()
            .copied()
            .skip(b)
            .step_by(block_count)
            .collect();
        let places: Vec<(usize, usize)> = mentor_order
            .iter()
            .skip(b)
            .step_by(block_count)
            .flat_map(|&(m, cap)| (0..cap).map(move |k| (m, k)))
            .collect();
        groups.extend(assign(problem, &rows, &places));
    }
    let upper_bound = if exact {
        groups
            .iter()
            .map(|g| problem.group_score(&g.members, g.mentor))
            .sum()
    } else {
        parallel_sum(&mentees, |e| {
            capacity
                .iter()
                .filter(|(m, _)| problem.constraints.mentor_allowed(*m, e))
                .map(|&(m, _)| problem.score(m, e, Some(m)))
                .max()
                .unwrap_or(0)
        })
    };
    Solved {
        groups,
        upper_bound,
        exact,
    }
}

/// Splits the free people into mentors and mentees.
pub(crate) fn sides(problem: &Problem, free: &[usize]) -> (Vec<usize>, Vec<usize>) {
    let mut mentors = Vec::new();
    let mut mentees = Vec::new();
    let mut either = Vec::new();
    for &i in free {
        match problem.people[i].role {
            EnrollmentRole::Mentor => mentors.push(i),
            EnrollmentRole::Mentee => mentees.push(i),
            EnrollmentRole::Either | EnrollmentRole::Peer => either.push(i),
        }
    }
    // The most suitable mentors first: senior ones, or junior ones in reverse mentoring.
    let reverse = problem.input.format == ProgramFormat::Reverse;
    either.sort_by_key(|&i| {
        let level = problem.people[i].level;
        let key = match (level, reverse) {
            (Some(l), false) => -l,
            (Some(l), true) => l,
            (None, _) => i64::MAX,
        };
        (key, problem.people[i].id)
    });
    let places: usize = mentors
        .iter()
        .map(|&m| problem.people[m].capacity.clamp(1, 5))
        .sum();
    // The fewest "either" mentors whose places cover every mentee, the other "either"
    // people included.
    let mut k = 0;
    let mut covered = places;
    while k < either.len() && covered < mentees.len() + (either.len() - k) {
        covered += problem.people[either[k]].capacity.clamp(1, 5);
        k += 1;
    }
    mentors.extend_from_slice(&either[..k]);
    mentees.extend_from_slice(&either[k..]);
    (mentors, mentees)
}

/// Assigns the mentees `rows` to the mentor `places` optimally.
fn assign(problem: &Problem, rows: &[usize], places: &[(usize, usize)]) -> Vec<Group> {
    if rows.is_empty() || places.is_empty() {
        return Vec::new();
    }
    let big = problem.scorer.max_score() * (rows.len() as i64 + 1) + 1;
    let cols = places.len().max(rows.len());
    let mut costs = vec![0i64; rows.len() * cols];
    for (r, &mentee) in rows.iter().enumerate() {
        for (c, &(mentor, k)) in places.iter().enumerate() {
            if problem.constraints.mentor_allowed(mentor, mentee) {
                let score = problem.score(mentor, mentee, Some(mentor));
                costs[r * cols + c] = -(big + score) * PLACE_SCALE + k as i64;
            }
        }
    }
    lsap::solve(&costs, rows.len(), cols)
        .into_iter()
        .enumerate()
        .filter(|&(r, c)| c < places.len() && costs[r * cols + c] < 0)
        .map(|(r, c)| {
            let mentor = places[c].0;
            Group {
                members: vec![mentor, rows[r]],
                mentor: Some(mentor),
                locked: false,
            }
        })
        .collect()
}
