//! Circles: groups of the program's size with the highest total of pair scores inside them.
//!
//! Finding the best partition into groups is NP-hard, so this is a heuristic: the most
//! constrained people are placed first, each where they add most, then swaps between circles
//! are tried until none improves the total. The result is reported against an upper bound:
//! no one can score more with their circle than with their best `size − 1` partners.

use super::{parallel_sum, peer, Group, Problem, Rng, Solved};

/// At most this many improvement passes; each pass tries a sample of swaps for everyone.
const PASSES: usize = 25;
/// Swap partners tried per person and pass.
const SAMPLE: usize = 64;

pub(crate) fn solve(problem: &Problem, free: &[usize]) -> Solved {
    let size = problem.input.rules.group_size.clamp(3, 6);
    // Large programs are grouped block by block, like peer pairs.
    let groups = peer::blocks(problem, free)
        .iter()
        .flat_map(|block| solve_block(problem, block, size))
        .collect();
    Solved {
        groups,
        upper_bound: bound(problem, free, size),
        exact: false,
    }
}

fn solve_block(problem: &Problem, free: &[usize], size: usize) -> Vec<Group> {
    let n = free.len();
    if n < 2 {
        return Vec::new();
    }
    // Circle sizes differ by at most one: as many circles of `size` as fit, the rest spread.
    let count = (n as f64 / size as f64).round().max(1.0) as usize;
    let mut capacity = vec![n / count; count];
    for c in capacity.iter_mut().take(n % count) {
        *c += 1;
    }

    // Most constrained first: those with the fewest allowed partners.
    let mut rng = Rng::new(problem.input.seed);
    let mut order = free.to_vec();
    rng.shuffle(&mut order);
    let allowed_count = |a: usize| {
        free.iter()
            .filter(|&&b| b != a && problem.allowed(a, b))
            .count()
    };
    let mut keyed: Vec<(usize, usize)> = order.iter().map(|&a| (allowed_count(a), a)).collect();
    keyed.sort_by_key(|&(k, _)| k);

    let mut circles: Vec<Vec<usize>> = vec![Vec::new(); count];
    for (_, person) in keyed {
        let best = circles
            .iter()
            .enumerate()
            .filter(|(c, members)| members.len() < capacity[*c])
            .filter(|(_, members)| members.iter().all(|&m| problem.allowed(person, m)))
            .map(|(c, members)| {
                let gain: i64 = members
                    .iter()
                    .map(|&m| problem.score(person, m, None))
                    .sum();
                // Empty circles first while some remain, so every circle gets a seed.
                (members.is_empty(), gain, std::cmp::Reverse(c))
            })
            .max();
        // Someone who fits no circle stays out and is reported unmatched.
        if let Some((_, _, std::cmp::Reverse(c))) = best {
            circles[c].push(person);
        }
    }

    improve(problem, &mut circles, &mut rng);

    // A circle of one is no circle: its member is reported unmatched.
    circles
        .into_iter()
        .filter(|members| members.len() >= 2)
        .map(|members| Group {
            members,
            mentor: None,
            locked: false,
        })
        .collect()
}

/// What `person` adds to `members` (without `except`).
fn gain(problem: &Problem, person: usize, members: &[usize], except: usize) -> i64 {
    members
        .iter()
        .filter(|&&m| m != except && m != person)
        .map(|&m| problem.score(person, m, None))
        .sum()
}

fn fits(problem: &Problem, person: usize, members: &[usize], except: usize) -> bool {
    members
        .iter()
        .filter(|&&m| m != except && m != person)
        .all(|&m| problem.allowed(person, m))
}

/// Swaps two people of different circles whenever that raises the total, until a pass finds
/// nothing better.
fn improve(problem: &Problem, circles: &mut [Vec<usize>], rng: &mut Rng) {
    let mut home: Vec<(usize, usize)> = Vec::new();
    for (c, members) in circles.iter().enumerate() {
        for &m in members {
            home.push((m, c));
        }
    }
    if home.len() < 2 {
        return;
    }
    for _ in 0..PASSES {
        let mut improved = false;
        for k in 0..home.len() {
            let tries = SAMPLE.min(home.len() - 1);
            for _ in 0..tries {
                let other = rng.below(home.len());
                let ((a, ca), (b, cb)) = (home[k], home[other]);
                if ca == cb {
                    continue;
                }
                if !fits(problem, a, &circles[cb], b) || !fits(problem, b, &circles[ca], a) {
                    continue;
                }
                let before = gain(problem, a, &circles[ca], a) + gain(problem, b, &circles[cb], b);
                let after = gain(problem, a, &circles[cb], b) + gain(problem, b, &circles[ca], a);
                if after > before {
                    let pa = circles[ca].iter().position(|&m| m == a).unwrap_or(0);
                    let pb = circles[cb].iter().position(|&m| m == b).unwrap_or(0);
                    circles[ca][pa] = b;
                    circles[cb][pb] = a;
                    home[k].1 = cb;
                    home[other].1 = ca;
                    improved = true;
                }
            }
        }
        if !improved {
            break;
        }
    }
}

/// Half the sum, over everyone, of their best `size` allowed partner scores (circles hold
/// up to `size + 1` people when the count does not divide evenly).
fn bound(problem: &Problem, people: &[usize], size: usize) -> i64 {
    let total = parallel_sum(people, |a| {
        let mut scores: Vec<i64> = people
            .iter()
            .filter(|&&b| b != a && problem.allowed(a, b))
            .map(|&b| problem.score(a, b, None))
            .collect();
        scores.sort_unstable_by(|x, y| y.cmp(x));
        scores.iter().take(size).sum::<i64>()
    });
    total / 2
}
