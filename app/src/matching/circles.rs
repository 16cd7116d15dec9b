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
    let blocks = peer::blocks(problem, free);
    let groups = blocks
        .iter()
        .flat_map(|block| solve_block(problem, block, size))
        .collect();
    // Nobody has more partners than the largest circle holds, less themselves.
    let partners = blocks
        .iter()
        .filter_map(|b| circle_sizes(b.len(), size).into_iter().max())
        .max()
        .unwrap_or(1)
        .saturating_sub(1);
    Solved {
        groups,
        upper_bound: bound(problem, free, partners),
        exact: false,
    }
}

/// The sizes of the circles `n` people form: as close to `size` as the count allows, differing
/// by at most one.
fn circle_sizes(n: usize, size: usize) -> Vec<usize> {
    if n == 0 {
        return Vec::new();
    }
    let count = (n as f64 / size as f64).round().max(1.0) as usize;
    let mut sizes = vec![n / count; count];
    for c in sizes.iter_mut().take(n % count) {
        *c += 1;
    }
    sizes
}

fn solve_block(problem: &Problem, free: &[usize], size: usize) -> Vec<Group> {
    let n = free.len();
    if n < 2 {
        return Vec::new();
    }
    // Circle sizes differ by at most one: as many circles of `size` as fit, the rest spread.
    let capacity = circle_sizes(n, size);
    let count = capacity.len();

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

/// Half the sum, over everyone, of their best `partners` allowed partner scores: in a circle
/// everyone scores with each other member, and no circle is larger than `partners + 1`.
fn bound(problem: &Problem, people: &[usize], partners: usize) -> i64 {
    let total = parallel_sum(people, |a| {
        let mut scores: Vec<i64> = people
            .iter()
            .filter(|&&b| b != a && problem.allowed(a, b))
            .map(|&b| problem.score(a, b, None))
            .collect();
        scores.sort_unstable_by(|x, y| y.cmp(x));
        scores.iter().take(partners).sum::<i64>()
    });
    total / 2
}

#[cfg(test)]
mod tests {
    use super::circle_sizes;

    #[test]
    fn circles_differ_in_size_by_at_most_one() {
        assert_eq!(circle_sizes(12, 4), vec![4, 4, 4]);
        assert_eq!(circle_sizes(13, 4), vec![5, 4, 4]);
        assert_eq!(circle_sizes(14, 4), vec![4, 4, 3, 3]);
        assert_eq!(circle_sizes(2, 4), vec![2]);
        assert!(circle_sizes(0, 4).is_empty());
        for n in 1..200 {
            let sizes = circle_sizes(n, 5);
            assert_eq!(sizes.iter().sum::<usize>(), n);
            let (lo, hi) = (sizes.iter().min().unwrap(), sizes.iter().max().unwrap());
            assert!(hi - lo <= 1, "{n}: {sizes:?}");
        }
    }
}
