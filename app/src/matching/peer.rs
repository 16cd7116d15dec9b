//! Peer pairs: a maximum-weight matching on the graph of allowed pairs.
//!
//! Every allowed pair weighs `BIG + score`, with `BIG` larger than any sum of scores a
//! matching can hold, so the best matching has the most pairs first and the highest total
//! among those second: everyone is matched whenever the rules allow. An odd person out joins
//! the pair their presence adds most to, as a trio.

use super::{parallel_sum, Group, Problem, Rng, Solved, EXACT_LIMIT};

pub(crate) fn solve(problem: &Problem, free: &[usize]) -> Solved {
    let blocks = blocks(problem, free);
    let exact = blocks.len() <= 1;
    let mut groups = Vec::new();
    let mut alone = Vec::new();
    for block in &blocks {
        let (pairs, left) = match_block(problem, block);
        groups.extend(pairs);
        alone.extend(left);
    }
    // People left over in different blocks may still pair with each other.
    if !exact && alone.len() > 1 {
        let (pairs, left) = match_block(problem, &alone);
        groups.extend(pairs);
        alone = left;
    }
    let pair_bound = if exact {
        groups
            .iter()
            .map(|g: &Group| problem.group_score(&g.members, None))
            .sum()
    } else {
        best_partner_bound(problem, free)
    };
    let added = join_as_trios(problem, &mut groups, &alone);
    Solved {
        groups,
        upper_bound: pair_bound + added,
        exact,
    }
}

/// The people in blocks of at most [`EXACT_LIMIT`], shuffled by the seed so that blocks mix
/// departments and levels.
pub(crate) fn blocks(problem: &Problem, free: &[usize]) -> Vec<Vec<usize>> {
    if free.len() <= EXACT_LIMIT {
        return vec![free.to_vec()];
    }
    let mut order = free.to_vec();
    Rng::new(problem.input.seed).shuffle(&mut order);
    let count = order.len().div_ceil(EXACT_LIMIT);
    let mut blocks = vec![Vec::new(); count];
    for (k, person) in order.into_iter().enumerate() {
        blocks[k % count].push(person);
    }
    blocks
}

/// An exact maximum-weight matching of one block; returns its pairs and who is left alone.
fn match_block(problem: &Problem, people: &[usize]) -> (Vec<Group>, Vec<usize>) {
    let n = people.len();
    let big = problem.scorer.max_score() * (n as i64 / 2 + 1) + 1;
    let mut weights = vec![0i64; n * n];
    for i in 0..n {
        for j in i + 1..n {
            let (a, b) = (people[i], people[j]);
            if problem.allowed(a, b) {
                let w = big + problem.score(a, b, None);
                weights[i * n + j] = w;
                weights[j * n + i] = w;
            }
        }
    }
    let mate = integer_blossom::max_weight_matching(&weights, n);
    let mut groups = Vec::new();
    let mut alone = Vec::new();
    for (i, m) in mate.iter().enumerate() {
        match m {
            Some(j) if i < *j => groups.push(Group {
                members: vec![people[i], people[*j]],
                mentor: None,
                locked: false,
            }),
            Some(_) => {}
            None => alone.push(people[i]),
        }
    }
    (groups, alone)
}

/// No matching scores more than half the sum of everyone's best allowed partner score.
pub(crate) fn best_partner_bound(problem: &Problem, people: &[usize]) -> i64 {
    let best = parallel_sum(people, |a| {
        people
            .iter()
            .filter(|&&b| b != a && problem.allowed(a, b))
            .map(|&b| problem.score(a, b, None))
            .max()
            .unwrap_or(0)
    });
    best / 2
}

/// Adds each person left alone to the pair they add most to, when the rules allow it with
/// both; returns the score added. Each pair takes at most one extra person.
fn join_as_trios(problem: &Problem, groups: &mut [Group], alone: &[usize]) -> i64 {
    let mut added = 0;
    for &person in alone {
        let best = groups
            .iter()
            .enumerate()
            .filter(|(_, g)| g.members.len() == 2 && !g.locked)
            .filter(|(_, g)| g.members.iter().all(|&m| problem.allowed(person, m)))
            .map(|(k, g)| {
                let gain: i64 = g
                    .members
                    .iter()
                    .map(|&m| problem.score(person, m, None))
                    .sum();
                (gain, std::cmp::Reverse(k))
            })
            .max();
        if let Some((gain, std::cmp::Reverse(k))) = best {
            groups[k].members.push(person);
            added += gain;
        }
    }
    added
}
