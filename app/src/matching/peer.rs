//! Peer pairs: a maximum-weight matching on the graph of allowed pairs.
//!
//! Every allowed pair weighs `BIG + score`, with `BIG` larger than any sum of scores a
//! matching can hold, so the best matching has the most pairs first and the highest total
//! among those second: everyone is matched whenever the rules allow. An odd person out joins
//! the pair their presence adds most to, as a trio.

use super::{blossom, cores, parallel_sum, Group, Problem, Rng, Solved, EXACT_LIMIT};

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
    let weights = pair_weights(n, |i, j| {
        let (a, b) = (people[i], people[j]);
        if problem.allowed(a, b) {
            big + problem.score(a, b, None)
        } else {
            0
        }
    });
    let mate = sparse_matching(n, &|i, j| weights[i * n + j]);
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

/// The `n × n` matrix of pair weights. A block of 2,000
/// people has two million pairs, so rows are scored on every core, each pair once (rules and
/// scores are symmetric) and mirrored after.
fn pair_weights<F>(n: usize, weight: F) -> Vec<i64>
where
    F: Fn(usize, usize) -> i64 + Sync,
{
    let mut weights = vec![0i64; n * n];
    let threads = cores();
    // Rows dealt out in turn, since early rows hold more pairs above the diagonal.
    let mut shares: Vec<Vec<(usize, &mut [i64])>> = (0..threads).map(|_| Vec::new()).collect();
    for (i, row) in weights.chunks_mut(n.max(1)).enumerate() {
        shares[i % threads].push((i, row));
    }
    std::thread::scope(|scope| {
        for share in shares {
            let weight = &weight;
            scope.spawn(move || {
                for (i, row) in share {
                    for (j, cell) in row.iter_mut().enumerate().skip(i + 1) {
                        *cell = weight(i, j);
                    }
                }
            });
        }
    });
    for i in 0..n {
        for j in 0..i {
            weights[i * n + j] = weights[j * n + i];
        }
    }
    weights
}

/// How many of each person's best pairs the first sparse graph holds, and how many of their
/// most violated pairs each repair adds.
const NEAREST: usize = 8;

/// The maximum-weight matching of the complete graph whose pair weights `weight` gives
/// (0 for a pair that is not allowed), exactly.
///
/// Solving the complete graph costs O(n³) over all its n²/2 edges. Good partners are few, so
/// the blossom algorithm runs on each person's [`NEAREST`] best pairs instead, and its final
/// duals then price every pair: when no pair has a negative slack, the duals prove that no
/// matching of the complete graph beats this one. Otherwise the pairs that break the proof
/// join the graph and it is solved again, until the proof holds. The result is the complete
/// graph's optimum either way; only the time differs.
pub(crate) fn sparse_matching<W>(n: usize, weight: &W) -> Vec<Option<usize>>
where
    W: Fn(usize, usize) -> i64 + Sync,
{
    let mut graph = Graph::default();
    let nearest = per_row(n, |i, out| {
        // Each person's best partners, over both orders of the pair.
        out.extend((0..n).filter(|&j| j != i).filter_map(|j| {
            let w = weight(i.min(j), i.max(j));
            (w > 0).then_some((-w, i.min(j), i.max(j)))
        }));
        keep_first(out, NEAREST);
    });
    for (_, i, j) in nearest {
        graph.add(i, j, weight(i, j));
    }
    loop {
        let matching = blossom::max_weight_matching(n, &graph.edges);
        let violated = per_row(n, |i, out| {
            out.extend((i + 1..n).filter_map(|j| {
                let w = weight(i, j);
                if w <= 0 || graph.has(i, j) {
                    return None;
                }
                let slack = matching.slack(i, j, w);
                (slack < 0).then_some((slack, i, j))
            }));
            keep_first(out, NEAREST);
        });
        if violated.is_empty() {
            return matching.mate;
        }
        let mut added = vec![0usize; n];
        for (_, i, j) in violated {
            if added[i] < NEAREST || added[j] < NEAREST {
                added[i] += 1;
                added[j] += 1;
                graph.add(i, j, weight(i, j));
            }
        }
    }
}

/// The edges of a sparse graph, each once.
#[derive(Default)]
struct Graph {
    edges: Vec<(usize, usize, i64)>,
    present: std::collections::HashSet<(usize, usize)>,
}

impl Graph {
    fn add(&mut self, i: usize, j: usize, w: i64) {
        if self.present.insert((i, j)) {
            self.edges.push((i, j, w));
        }
    }

    fn has(&self, i: usize, j: usize) -> bool {
        self.present.contains(&(i, j))
    }
}

/// Keeps the `k` smallest items of `items`, sorted.
fn keep_first<T: Ord>(items: &mut Vec<T>, k: usize) {
    if items.len() > k {
        items.select_nth_unstable(k);
        items.truncate(k);
    }
    items.sort_unstable();
}

/// Runs `row(i, out)` for every row on every core and gathers what the rows put out, sorted.
fn per_row<T, F>(n: usize, row: F) -> Vec<T>
where
    T: Ord + Send,
    F: Fn(usize, &mut Vec<T>) + Sync,
{
    let threads = cores();
    let mut all: Vec<T> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let row = &row;
                scope.spawn(move || {
                    let mut found = Vec::new();
                    let mut out = Vec::new();
                    // Rows dealt out in turn, since early rows hold more pairs.
                    for i in (t..n).step_by(threads) {
                        row(i, &mut out);
                        found.append(&mut out);
                    }
                    found
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    all.sort_unstable();
    all
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
