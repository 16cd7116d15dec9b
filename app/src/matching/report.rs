//! Turns a solver's groups into the result people read: scores with explanations, who was
//! left unmatched and which rules blocked them, and the figures an admin judges a round by.

use super::constraints::Block;
use super::{Group, MatchGroup, MatchResult, PairScore, Problem, RefusedLock, Solved, Unmatched};
pub use crate::models::Quality;
use std::collections::BTreeMap;

pub(crate) fn build(
    problem: &Problem,
    locked: Vec<Group>,
    solved: Solved,
    refused_locks: Vec<RefusedLock>,
) -> MatchResult {
    let Solved {
        groups,
        upper_bound,
        exact,
    } = solved;
    let locked_score: i64 = locked
        .iter()
        .map(|g| problem.group_score(&g.members, g.mentor))
        .sum();
    let all: Vec<Group> = locked.into_iter().chain(groups).collect();

    let mut matched = vec![false; problem.people.len()];
    let mut out = Vec::with_capacity(all.len());
    for g in &all {
        let mut pairs = Vec::new();
        for (k, &a) in g.members.iter().enumerate() {
            matched[a] = true;
            for &b in &g.members[k + 1..] {
                pairs.push(PairScore {
                    a: problem.people[a].id,
                    b: problem.people[b].id,
                    explanation: problem.scorer.explain(a, b, g.mentor),
                });
            }
        }
        out.push(MatchGroup {
            members: g.members.iter().map(|&m| problem.people[m].id).collect(),
            mentor: g.mentor.map(|m| problem.people[m].id),
            score: pairs.iter().map(|p| p.explanation.score).sum(),
            locked: g.locked,
            pairs,
        });
    }
    let total_score = out.iter().map(|g| g.score).sum();
    let unmatched = (0..problem.people.len())
        .filter(|&i| !matched[i])
        .map(|i| Unmatched {
            id: problem.people[i].id,
            reason: reason(problem, i),
        })
        .collect();
    let quality = quality(problem, &all, &matched);
    MatchResult {
        groups: out,
        unmatched,
        total_score,
        upper_bound: (upper_bound + locked_score).max(total_score),
        exact,
        quality,
        refused_locks,
    }
}

/// Why someone has no match: the rules that rule out their possible partners, most first.
fn reason(problem: &Problem, person: usize) -> String {
    let others = problem.people.len().saturating_sub(1);
    if others == 0 {
        return "Nobody else is taking part in this round.".into();
    }
    let mut blocks: BTreeMap<Block, usize> = BTreeMap::new();
    for other in 0..problem.people.len() {
        if other != person {
            if let Some(b) = problem.constraints.blocked(person, other) {
                *blocks.entry(b).or_default() += 1;
            }
        }
    }
    let blocked: usize = blocks.values().sum();
    if blocks.is_empty() || blocked < others {
        return "Everyone they could be matched with is already matched: the numbers did not work out this round (an odd one out, or more mentors than mentees)."
            .into();
    }
    let mut by_count: Vec<(Block, usize)> = blocks.into_iter().collect();
    by_count.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
    let parts: Vec<String> = by_count
        .iter()
        .map(|(b, n)| format!("{} ({n})", b.describe()))
        .collect();
    format!(
        "Every possible partner is ruled out by the rules: {}.",
        parts.join(", ")
    )
}

fn quality(problem: &Problem, groups: &[Group], matched: &[bool]) -> Quality {
    let n = problem.people.len();
    let matched_count = matched.iter().filter(|m| **m).count();
    let mut scores = Vec::new();
    let mut cross = 0;
    let mut repeats = 0;
    let mut partners: Vec<Vec<usize>> = vec![Vec::new(); n];
    for g in groups {
        for (k, &a) in g.members.iter().enumerate() {
            for &b in &g.members[k + 1..] {
                scores.push(problem.score(a, b, g.mentor));
                let (da, db) = (&problem.people[a].department, &problem.people[b].department);
                if !da.is_empty() && !db.is_empty() && !da.eq_ignore_ascii_case(db) {
                    cross += 1;
                }
                if problem.constraints.blocked(a, b) == Some(Block::MetRecently) {
                    repeats += 1;
                }
                partners[a].push(b);
                partners[b].push(a);
            }
        }
    }
    let askers: Vec<usize> = (0..n)
        .filter(|&i| !problem.people[i].preferred.is_empty())
        .collect();
    let honoured = askers
        .iter()
        .filter(|&&i| {
            partners[i]
                .iter()
                .any(|&p| problem.people[i].preferred.contains(&problem.people[p].id))
        })
        .count();
    let mut loads: BTreeMap<usize, usize> = BTreeMap::new();
    for g in groups {
        if let Some(m) = g.mentor {
            *loads.entry(m).or_default() += g.members.len() - 1;
        }
    }
    let share = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    Quality {
        participants: n,
        matched: matched_count,
        matched_share: share(matched_count, n),
        mean_score: if scores.is_empty() {
            0.0
        } else {
            scores.iter().sum::<i64>() as f64 / scores.len() as f64
        },
        min_score: scores.iter().copied().min().unwrap_or(0),
        cross_department_share: share(cross, scores.len()),
        preferred_honoured_share: share(honoured, askers.len()),
        repeats,
        mentor_load: (!loads.is_empty()).then(|| {
            (
                loads.values().copied().min().unwrap_or(0),
                loads.values().copied().max().unwrap_or(0),
            )
        }),
    }
}
