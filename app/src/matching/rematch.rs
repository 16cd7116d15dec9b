//! Placing someone a changed round left alone. When an approved request dissolves a pair and
//! the unmatched pool cannot take its people, each is placed with the fewest changes to the
//! groups that stay: in peer programs and circles they join the group they fit best (a pair
//! becomes a trio); in mentor formats a mentee takes a free place of the mentor they fit best.
//! Every hard rule holds exactly as in a run of the engine.

use super::{MatchGroup, MatchInput, PairScore, Problem};
use crate::domain::ProgramFormat;

/// Where a stranded person goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Placement {
    /// Joins the group at this index of the groups offered, which becomes `group`.
    Join { index: usize, group: MatchGroup },
    /// A new group of a mentor with a free place and this mentee.
    New(MatchGroup),
}

/// The group of `members` (indices) as the engine reports one, with every pair explained.
fn report(problem: &Problem, members: &[usize], mentor: Option<usize>) -> MatchGroup {
    let mut sorted = members.to_vec();
    sorted.sort_by_key(|&m| problem.people[m].id);
    let mut pairs = Vec::new();
    for (k, &a) in sorted.iter().enumerate() {
        for &b in &sorted[k + 1..] {
            pairs.push(PairScore {
                a: problem.people[a].id,
                b: problem.people[b].id,
                explanation: problem.scorer.explain(a, b, mentor),
            });
        }
    }
    MatchGroup {
        members: sorted.iter().map(|&m| problem.people[m].id).collect(),
        mentor: mentor.map(|m| problem.people[m].id),
        score: pairs.iter().map(|p| p.explanation.score).sum(),
        locked: false,
        pairs,
    }
}

/// The best place for `person` among `groups` (each its members and mentor), or `None` when
/// every place would break a rule or the groups are full.
pub fn place(
    input: &MatchInput,
    person: i64,
    groups: &[(Vec<i64>, Option<i64>)],
) -> Option<Placement> {
    let problem = Problem::new(input);
    let index = |id: i64| problem.people.iter().position(|p| p.id == id);
    let me = index(person)?;
    match input.format {
        ProgramFormat::Peer | ProgramFormat::Circles => {
            let largest = match input.format {
                ProgramFormat::Peer => 3,
                _ => input.rules.group_size.clamp(3, 6) + 1,
            };
            let mut best: Option<(i64, usize, Vec<usize>)> = None;
            for (k, (members, _)) in groups.iter().enumerate() {
                let Some(members) = members
                    .iter()
                    .map(|&id| index(id))
                    .collect::<Option<Vec<_>>>()
                else {
                    continue;
                };
                if members.len() + 1 > largest
                    || members.iter().any(|&m| m == me || !problem.allowed(me, m))
                {
                    continue;
                }
                let score: i64 = members.iter().map(|&m| problem.score(me, m, None)).sum();
                if best.as_ref().is_none_or(|(s, _, _)| score > *s) {
                    best = Some((score, k, members));
                }
            }
            best.map(|(_, k, mut members)| {
                members.push(me);
                Placement::Join {
                    index: k,
                    group: report(&problem, &members, None),
                }
            })
        }
        ProgramFormat::MentorMentee | ProgramFormat::Reverse => {
            if problem.people[me].role == crate::domain::EnrollmentRole::Mentor {
                return None;
            }
            let mut best: Option<(i64, usize)> = None;
            let mut seen = Vec::new();
            for (_, mentor) in groups {
                let Some(m) = mentor.and_then(index) else {
                    continue;
                };
                if seen.contains(&m) {
                    continue;
                }
                seen.push(m);
                let load = groups
                    .iter()
                    .filter(|(_, g)| *g == Some(problem.people[m].id))
                    .count();
                if load >= problem.people[m].capacity.clamp(1, 5)
                    || !problem.constraints.mentor_allowed(m, me)
                {
                    continue;
                }
                let score = problem.score(m, me, Some(m));
                if best.is_none_or(|(s, _)| score > s) {
                    best = Some((score, m));
                }
            }
            best.map(|(_, m)| Placement::New(report(&problem, &[m, me], Some(m))))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::EnrollmentStatus;
    use crate::matching::input::Rules;
    use crate::matching::Participant;

    fn person(id: i64) -> Participant {
        Participant {
            id,
            name: format!("P{id}"),
            role: crate::domain::EnrollmentRole::Peer,
            capacity: 1,
            status: EnrollmentStatus::Active,
            department: String::new(),
            team: String::new(),
            level: Some(3),
            utc_offset_minutes: None,
            answers: Default::default(),
            preferred: vec![],
            avoid: vec![],
        }
    }

    fn input(n: i64) -> MatchInput {
        MatchInput {
            format: ProgramFormat::Peer,
            rules: Rules::default(),
            seed: 1,
            questions: vec![],
            participants: (1..=n).map(person).collect(),
            managers: vec![],
            history: vec![],
            locked: vec![],
            forbidden: vec![],
        }
    }

    #[test]
    fn a_stranded_peer_joins_a_pair_they_may_meet() {
        let mut input = input(5);
        let groups = vec![(vec![1, 2], None), (vec![3, 4], None)];
        // 5 met 1 last round, and 4 manages 5: only the pair 1–2 is out, so is 3–4.
        input.history = vec![vec![vec![1, 5]]];
        input.managers = vec![(5, 4)];
        assert_eq!(place(&input, 5, &groups), None);
        input.managers.clear();
        match place(&input, 5, &groups) {
            Some(Placement::Join { index, group }) => {
                assert_eq!(index, 1);
                assert_eq!(group.members, vec![3, 4, 5]);
                assert_eq!(group.pairs.len(), 3, "every pair of the trio explained");
            }
            other => panic!("{other:?}"),
        }
        // A trio is full.
        let groups = vec![(vec![1, 2, 3], None)];
        assert_eq!(place(&input, 4, &groups), None);
    }

    #[test]
    fn a_stranded_mentee_takes_a_free_place_of_a_mentor() {
        let mut input = input(4);
        input.format = ProgramFormat::MentorMentee;
        input.participants[0].role = crate::domain::EnrollmentRole::Mentor;
        input.participants[0].capacity = 1;
        input.participants[1].role = crate::domain::EnrollmentRole::Mentor;
        input.participants[1].capacity = 2;
        for p in &mut input.participants[2..] {
            p.role = crate::domain::EnrollmentRole::Mentee;
        }
        let groups = vec![(vec![1, 3], Some(1)), (vec![2, 3], Some(2))];
        match place(&input, 4, &groups) {
            Some(Placement::New(g)) => {
                assert_eq!(g.mentor, Some(2), "mentor 1 is full");
                assert_eq!(g.members, vec![2, 4]);
            }
            other => panic!("{other:?}"),
        }
        input.participants[3].avoid = vec![2];
        assert_eq!(place(&input, 4, &groups), None, "an avoid list holds");
    }
}
