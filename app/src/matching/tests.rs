//! The engine against independent oracles: exhaustive search and a dynamic program over
//! subsets for pairs, exhaustive search for mentor places; and properties on random
//! programs: hard rules hold, everyone is matched when possible, runs repeat exactly.

use super::Rng;
use super::*;
use crate::domain::{
    numbered_default_survey, Answer, Answers, EnrollmentRole, EnrollmentStatus, ProgramFormat,
};
use proptest::prelude::*;

/// A random program of `n` people from `seed`: answers, levels, departments, a manager tree,
/// a few avoid lists and preferred partners, and one earlier round.
pub(crate) fn program(format: ProgramFormat, n: usize, seed: u64) -> MatchInput {
    let mut rng = Rng::new(seed);
    let questions = numbered_default_survey(format);
    let departments = ["Engineering", "Sales", "Design", "Finance"];
    let mut participants = Vec::new();
    let mut managers = Vec::new();
    for i in 0..n {
        let id = 100 + i as i64;
        let mut answers = Answers::new();
        for q in &questions {
            let pick = |rng: &mut Rng| q.options[rng.below(q.options.len())].id.clone();
            let answer = match q.kind {
                crate::domain::QuestionKind::Single => Answer::Choice(pick(&mut rng)),
                crate::domain::QuestionKind::Multi => {
                    Answer::Choices((0..1 + rng.below(3)).map(|_| pick(&mut rng)).collect())
                }
                crate::domain::QuestionKind::Scale => Answer::Scale(1 + rng.below(5) as u8),
                crate::domain::QuestionKind::Text => continue,
            };
            answers.insert(q.id, answer);
        }
        let role = match format {
            ProgramFormat::Peer | ProgramFormat::Circles => EnrollmentRole::Peer,
            _ => [
                EnrollmentRole::Mentor,
                EnrollmentRole::Mentee,
                EnrollmentRole::Mentee,
                EnrollmentRole::Either,
            ][rng.below(4)],
        };
        if i > 0 && rng.below(3) == 0 {
            managers.push((id, 100 + rng.below(i) as i64));
        }
        let other = |rng: &mut Rng| 100 + rng.below(n) as i64;
        participants.push(Participant {
            id,
            name: format!("Person {i}"),
            role,
            capacity: 1 + rng.below(3),
            status: if rng.below(12) == 0 {
                EnrollmentStatus::Paused
            } else {
                EnrollmentStatus::Active
            },
            department: departments[rng.below(departments.len())].into(),
            team: format!("Team {}", rng.below(3)),
            level: Some(1 + rng.below(10) as i64),
            utc_offset_minutes: Some([0, 60, -300, 480][rng.below(4)]),
            answers,
            preferred: if rng.below(4) == 0 {
                vec![other(&mut rng)]
            } else {
                vec![]
            },
            avoid: if rng.below(5) == 0 {
                vec![other(&mut rng)]
            } else {
                vec![]
            },
        });
    }
    let mut round = Vec::new();
    for k in (0..n.saturating_sub(1)).step_by(2) {
        if rng.below(2) == 0 {
            round.push(vec![100 + k as i64, 101 + k as i64]);
        }
    }
    MatchInput {
        format,
        rules: Rules {
            not_same_team: rng.below(2) == 0,
            no_repeat_rounds: 2,
            group_size: 3 + rng.below(2),
            mentor_levels_below: None,
        },
        seed,
        questions,
        participants,
        managers,
        history: vec![round],
        locked: vec![],
        forbidden: vec![],
    }
}

/// The best (pairs, total score) over every matching of `people`, by exhaustive search.
fn brute_pairs(p: &Problem, people: &[usize]) -> (usize, i64) {
    fn go(p: &Problem, left: &[usize]) -> (usize, i64) {
        let Some((&first, rest)) = left.split_first() else {
            return (0, 0);
        };
        // `first` stays alone…
        let mut best = go(p, rest);
        // …or pairs with someone allowed.
        for (k, &other) in rest.iter().enumerate() {
            if p.allowed(first, other) {
                let remaining: Vec<usize> = rest
                    .iter()
                    .enumerate()
                    .filter(|(j, _)| *j != k)
                    .map(|(_, &x)| x)
                    .collect();
                let (n, s) = go(p, &remaining);
                best = best.max((n + 1, s + p.score(first, other, None)));
            }
        }
        best
    }
    go(p, people)
}

/// The same optimum by a dynamic program over subsets: a second, independent method.
fn dp_pairs(p: &Problem, people: &[usize]) -> (usize, i64) {
    let n = people.len();
    let mut best = vec![(0usize, 0i64); 1 << n];
    for mask in 1usize..(1 << n) {
        let first = mask.trailing_zeros() as usize;
        let without = mask & !(1 << first);
        let mut value = best[without];
        let mut rest = without;
        while rest != 0 {
            let j = rest.trailing_zeros() as usize;
            rest &= rest - 1;
            if p.allowed(people[first], people[j]) {
                let (c, s) = best[without & !(1 << j)];
                value = value.max((c + 1, s + p.score(people[first], people[j], None)));
            }
        }
        best[mask] = value;
    }
    best[(1 << n) - 1]
}

/// Pairs and pair score of a result. A trio is a matched pair plus the odd one out, who is
/// added last: its pair part is its first two members.
fn pair_part(result: &MatchResult) -> (usize, i64) {
    let score: i64 = result
        .groups
        .iter()
        .map(|g| match g.members.len() {
            3 => g.pairs[0].explanation.score,
            _ => g.score,
        })
        .sum();
    (result.groups.len(), score)
}

#[test]
fn peer_matching_is_optimal_against_brute_force_and_a_subset_dp() {
    for seed in 0..60 {
        let n = 2 + (seed as usize % 9);
        let input = program(ProgramFormat::Peer, n, seed);
        let p = Problem::new(&input);
        let everyone: Vec<usize> = (0..p.people.len()).collect();
        let brute = brute_pairs(&p, &everyone);
        assert_eq!(
            brute,
            dp_pairs(&p, &everyone),
            "the oracles agree (seed {seed})"
        );
        let result = run(&input);
        assert_eq!(
            pair_part(&result),
            brute,
            "as many pairs as possible, then the best total (seed {seed})"
        );
        assert!(result.exact);
    }
}

#[test]
fn peer_matching_is_optimal_on_larger_programs_against_the_dp() {
    for seed in 100..115 {
        let input = program(ProgramFormat::Peer, 16, seed);
        let p = Problem::new(&input);
        let everyone: Vec<usize> = (0..p.people.len()).collect();
        let best = dp_pairs(&p, &everyone);
        assert_eq!(pair_part(&run(&input)), best, "seed {seed}");
    }
}

/// Every assignment of mentees to mentor places, exhaustively: (matched, total score).
fn brute_mentoring(
    p: &Problem,
    mentees: &[usize],
    places: &mut Vec<(usize, usize)>,
) -> (usize, i64) {
    let Some((&first, rest)) = mentees.split_first() else {
        return (0, 0);
    };
    let mut best = brute_mentoring(p, rest, places);
    for k in 0..places.len() {
        let (mentor, left) = places[k];
        if left > 0 && p.allowed(first, mentor) {
            places[k].1 -= 1;
            let (n, s) = brute_mentoring(p, rest, places);
            places[k].1 += 1;
            best = best.max((n + 1, s + p.score(mentor, first, Some(mentor))));
        }
    }
    best
}

#[test]
fn mentor_places_are_assigned_optimally_against_brute_force() {
    for format in [ProgramFormat::MentorMentee, ProgramFormat::Reverse] {
        for seed in 0..40 {
            let input = program(format, 3 + (seed as usize % 7), seed);
            let p = Problem::new(&input);
            let everyone: Vec<usize> = (0..p.people.len()).collect();
            let (mentors, mentees) = mentoring::sides(&p, &everyone);
            let mut places: Vec<(usize, usize)> = mentors
                .iter()
                .map(|&m| (m, p.people[m].capacity.clamp(1, 5)))
                .collect();
            let best = brute_mentoring(&p, &mentees, &mut places);
            let result = run(&input);
            assert_eq!(
                (result.groups.len(), result.total_score),
                best,
                "{format:?} seed {seed}"
            );
            for (mentor, n) in places {
                let load = result
                    .groups
                    .iter()
                    .filter(|g| g.mentor == Some(p.people[mentor].id))
                    .count();
                assert!(load <= n, "capacity of mentor {mentor}");
            }
        }
    }
}

#[test]
fn scores_come_with_their_reasons() {
    let mut input = program(ProgramFormat::Peer, 2, 1);
    let offer = 1;
    let grow = 2;
    input.participants[0].name = "Ana".into();
    input.participants[1].name = "Bo".into();
    input.participants[0]
        .answers
        .insert(offer, Answer::Choices(vec!["sql".into()]));
    input.participants[1]
        .answers
        .insert(grow, Answer::Choices(vec!["sql".into()]));
    input.participants[0].preferred = vec![input.participants[1].id];
    input.participants[0].department = "Sales".into();
    input.participants[1].department = "Design".into();
    input.history.clear();
    input.managers.clear();
    input.rules.not_same_team = false;
    for p in &mut input.participants {
        p.avoid.clear();
        p.status = EnrollmentStatus::Active;
    }
    let result = run(&input);
    let e = &result.groups[0].pairs[0].explanation;
    assert!(
        e.highlights
            .iter()
            .any(|h| h == "Ana can offer SQL, which Bo wants to grow"),
        "{:?}",
        e.highlights
    );
    assert!(e.highlights.iter().any(|h| h.contains("asked to meet")));
    assert!(e.highlights.iter().any(|h| h.contains("Sales and Design")));
    assert_eq!(e.score, e.parts.iter().map(|p| p.points).sum::<i64>());
    assert!(e.parts.iter().all(|p| (0..=p.max).contains(&p.points)));
}

#[test]
fn blocked_people_are_reported_with_the_rules_that_blocked_them() {
    let mut input = program(ProgramFormat::Peer, 3, 5);
    for p in &mut input.participants {
        p.avoid.clear();
        p.status = EnrollmentStatus::Active;
    }
    input.history.clear();
    input.rules.not_same_team = false;
    // Person 102 manages both others: nobody may pair with them.
    input.managers = vec![(100, 102), (101, 102)];
    let result = run(&input);
    assert_eq!(result.groups.len(), 1);
    assert_eq!(result.unmatched.len(), 1);
    assert_eq!(result.unmatched[0].id, 102);
    assert!(
        result.unmatched[0]
            .reason
            .contains("their manager line (2)"),
        "{}",
        result.unmatched[0].reason
    );
}

#[test]
fn an_odd_person_out_joins_a_pair_as_a_trio() {
    let mut input = program(ProgramFormat::Peer, 5, 9);
    for p in &mut input.participants {
        p.avoid.clear();
        p.status = EnrollmentStatus::Active;
    }
    input.history.clear();
    input.managers.clear();
    input.rules.not_same_team = false;
    let result = run(&input);
    let sizes: Vec<usize> = result.groups.iter().map(|g| g.members.len()).collect();
    assert_eq!(sizes.iter().sum::<usize>(), 5);
    assert!(sizes.contains(&3), "{sizes:?}");
    assert!(result.unmatched.is_empty());
}

#[test]
fn locked_groups_are_kept_and_forbidden_pairs_kept_apart() {
    let mut input = program(ProgramFormat::Peer, 6, 21);
    for p in &mut input.participants {
        p.avoid.clear();
        p.status = EnrollmentStatus::Active;
    }
    input.history.clear();
    input.managers.clear();
    input.rules.not_same_team = false;
    input.locked = vec![vec![100, 105]];
    input.forbidden = vec![(101, 102), (101, 103)];
    let result = run(&input);
    assert!(result
        .groups
        .iter()
        .any(|g| g.locked && g.members == vec![100, 105]));
    for g in &result.groups {
        for pair in [(101, 102), (101, 103)] {
            assert!(!(g.members.contains(&pair.0) && g.members.contains(&pair.1)));
        }
    }
}

/// Five active peers with no history, managers, avoid lists or teams: a blank slate for
/// checking one rule at a time.
fn blank(format: ProgramFormat) -> MatchInput {
    let mut input = program(format, 6, 33);
    for p in &mut input.participants {
        p.avoid.clear();
        p.preferred.clear();
        p.status = EnrollmentStatus::Active;
        p.team = format!("Team of {}", p.id);
    }
    input.history.clear();
    input.managers.clear();
    input.rules.not_same_team = false;
    input
}

/// Runs `input` with 100 and 101 locked together and says why the lock was refused.
fn refusal(input: &mut MatchInput) -> Option<String> {
    input.locked = vec![vec![100, 101]];
    let result = run(input);
    assert_rules_hold(input, &result);
    assert!(!result
        .groups
        .iter()
        .any(|g| g.members.contains(&100) && g.members.contains(&101)));
    let refused = result.refused_locks.first()?;
    assert_eq!(refused.members, vec![100, 101]);
    let checked = check_lock(
        &MatchInput {
            locked: vec![],
            ..input.clone()
        },
        &[100, 101],
    )
    .expect_err("the same check refuses it before it is stored");
    assert_eq!(
        checked.sentence(input.rules.mentor_levels_below),
        refused.reason
    );
    Some(refused.reason.clone())
}

#[test]
fn a_lock_that_breaks_a_hard_rule_is_refused_and_says_which() {
    let fresh = || blank(ProgramFormat::Peer);
    // Allowed: kept as locked.
    let mut ok = fresh();
    ok.locked = vec![vec![100, 101]];
    let result = run(&ok);
    assert!(result.refused_locks.is_empty());
    assert!(result
        .groups
        .iter()
        .any(|g| g.locked && g.members == vec![100, 101]));
    assert_eq!(
        check_lock(
            &MatchInput {
                locked: vec![],
                ..ok.clone()
            },
            &[100, 101]
        ),
        Ok(())
    );

    let mut manager = fresh();
    manager.managers = vec![(100, 101)];
    assert_eq!(
        refusal(&mut manager).unwrap(),
        "one of them is in the other's manager line"
    );
    let mut skip_level = fresh();
    skip_level.managers = vec![(100, 104), (104, 101)];
    assert!(refusal(&mut skip_level).unwrap().contains("manager line"));
    let mut report = fresh();
    report.managers = vec![(101, 100)];
    assert!(refusal(&mut report).unwrap().contains("manager line"));

    let mut avoided = fresh();
    avoided.participants[1].avoid = vec![100];
    let reason = refusal(&mut avoided).unwrap();
    assert_eq!(reason, "a personal preference rules it out");
    assert!(!reason.contains("Person"), "never whose list: {reason}");

    let mut recent = fresh();
    recent.history = vec![vec![vec![100, 101]]];
    assert_eq!(
        refusal(&mut recent).unwrap(),
        "they were matched in a recent round"
    );

    let mut forbidden = fresh();
    forbidden.forbidden = vec![(101, 100)];
    assert_eq!(
        refusal(&mut forbidden).unwrap(),
        "an admin ruled this pair out"
    );

    let mut team = fresh();
    team.rules.not_same_team = true;
    team.participants[0].team = "Payments".into();
    team.participants[1].team = "payments ".into();
    assert!(refusal(&mut team).unwrap().contains("same team"));

    let mut paused = fresh();
    paused.participants[1].status = EnrollmentStatus::Paused;
    paused.locked = vec![vec![100, 101]];
    assert!(run(&paused).refused_locks[0]
        .reason
        .contains("not taking part"));
}

#[test]
fn mentor_locks_respect_roles_capacity_and_the_level_rule() {
    let mut input = blank(ProgramFormat::MentorMentee);
    let roles = [
        EnrollmentRole::Mentor,
        EnrollmentRole::Mentee,
        EnrollmentRole::Mentee,
        EnrollmentRole::Mentor,
        EnrollmentRole::Mentee,
        EnrollmentRole::Mentee,
    ];
    for (p, role) in input.participants.iter_mut().zip(roles) {
        p.role = role;
        p.capacity = 1;
    }
    // Two mentors cannot be kept together.
    input.locked = vec![vec![100, 103]];
    let result = run(&input);
    assert!(result.refused_locks[0].reason.contains("roles do not fit"));
    // A mentor with one place: the second locked mentee is refused for capacity.
    input.locked = vec![vec![100, 101], vec![100, 102]];
    let result = run(&input);
    assert_rules_hold(&input, &result);
    assert_eq!(result.refused_locks.len(), 1);
    assert_eq!(result.refused_locks[0].members, vec![100, 102]);
    assert!(result.refused_locks[0]
        .reason
        .contains("no mentee places left"));
    assert_eq!(
        check_lock(
            &MatchInput {
                locked: vec![vec![100, 101]],
                ..input.clone()
            },
            &[100, 102]
        ),
        Err(LockProblem::Rule(Block::Capacity))
    );
    // Asking again for a lock already kept is no capacity problem.
    assert_eq!(
        check_lock(
            &MatchInput {
                locked: vec![vec![100, 101]],
                ..input.clone()
            },
            &[100, 101]
        ),
        Ok(())
    );

    // Reverse mentoring: the mentor at least two levels below the mentee.
    let mut reverse = input.clone();
    reverse.format = ProgramFormat::Reverse;
    reverse.rules.mentor_levels_below = Some(2);
    for (p, level) in reverse.participants.iter_mut().zip([3, 4, 6, 2, 9, 1]) {
        p.level = Some(level);
    }
    reverse.locked = vec![vec![100, 101]];
    let result = run(&reverse);
    assert_eq!(
        result.refused_locks[0].reason,
        "this program's mentors are at least 2 levels below their mentees"
    );
    reverse.locked = vec![vec![100, 102]];
    let result = run(&reverse);
    assert!(result.refused_locks.is_empty(), "level 3 mentors level 6");
    assert_rules_hold(&reverse, &result);
}

#[test]
fn reverse_mentors_are_always_junior_when_the_program_says_so() {
    for seed in 0..20 {
        let mut input = program(ProgramFormat::Reverse, 40, seed);
        input.rules.mentor_levels_below = Some(1);
        let result = run(&input);
        assert_rules_hold(&input, &result);
        let level = |id: i64| {
            input
                .participants
                .iter()
                .find(|p| p.id == id)
                .and_then(|p| p.level)
                .unwrap()
        };
        for g in &result.groups {
            let mentor = g.mentor.expect("a mentor in every group");
            for &m in g.members.iter().filter(|&&m| m != mentor) {
                assert!(
                    level(mentor) < level(m),
                    "seed {seed}: {mentor} mentors {m}"
                );
            }
        }
        assert!(!result.groups.is_empty(), "seed {seed} matched someone");
    }
}

fn assert_rules_hold(input: &MatchInput, result: &MatchResult) {
    let p = Problem::new(input);
    let index = |id: i64| {
        p.people
            .iter()
            .position(|x| x.id == id)
            .expect("an active participant")
    };
    let mut seen = std::collections::HashMap::new();
    for g in &result.groups {
        let members: Vec<usize> = g.members.iter().map(|&id| index(id)).collect();
        // Locked groups too: a lock that breaks a rule is refused, never kept.
        for (k, &a) in members.iter().enumerate() {
            for &b in &members[k + 1..] {
                assert_eq!(
                    p.constraints.blocked(a, b),
                    None,
                    "{} with {}",
                    p.people[a].id,
                    p.people[b].id
                );
            }
        }
        if let Some(mentor) = g.mentor {
            for &e in members.iter().filter(|&&e| p.people[e].id != mentor) {
                assert_eq!(
                    p.constraints.mentor_blocked(index(mentor), e),
                    None,
                    "mentor {mentor} with {}",
                    p.people[e].id
                );
            }
        }
        for &id in &g.members {
            *seen.entry(id).or_insert(0usize) += 1;
        }
        if let Some(mentor) = g.mentor {
            assert!(g.members.contains(&mentor));
        }
    }
    for (id, times) in seen {
        let person = &p.people[index(id)];
        let mentors = result.groups.iter().any(|g| g.mentor == Some(id));
        let limit = if mentors {
            person.capacity.clamp(1, 5)
        } else {
            1
        };
        assert!(times <= limit, "{id} is in {times} groups");
    }
    for u in &result.unmatched {
        assert!(!result.groups.iter().any(|g| g.members.contains(&u.id)));
    }
    let paused: Vec<i64> = input
        .participants
        .iter()
        .filter(|p| p.status != EnrollmentStatus::Active)
        .map(|p| p.id)
        .collect();
    assert!(!result
        .groups
        .iter()
        .any(|g| g.members.iter().any(|m| paused.contains(m))));
    assert_eq!(result.quality.repeats, 0);
    assert!(result.total_score <= result.upper_bound);
}

fn format() -> impl Strategy<Value = ProgramFormat> {
    prop_oneof![
        Just(ProgramFormat::Peer),
        Just(ProgramFormat::MentorMentee),
        Just(ProgramFormat::Reverse),
        Just(ProgramFormat::Circles),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn hard_rules_are_never_broken(format in format(), n in 0usize..40, seed in any::<u64>()) {
        let input = program(format, n, seed);
        let result = run(&input);
        assert_rules_hold(&input, &result);
    }

    #[test]
    fn the_same_input_and_seed_give_the_same_result(format in format(), n in 0usize..30, seed in any::<u64>()) {
        let input = program(format, n, seed);
        let first = run(&input);
        let mut shuffled = input.clone();
        shuffled.participants.reverse();
        prop_assert_eq!(&first, &run(&input));
        prop_assert_eq!(&first, &run(&shuffled), "the order of participants does not matter");
    }

    #[test]
    fn everyone_is_paired_whenever_the_rules_allow(n in 2usize..11, seed in any::<u64>()) {
        let input = program(ProgramFormat::Peer, n, seed);
        let p = Problem::new(&input);
        let everyone: Vec<usize> = (0..p.people.len()).collect();
        let (possible, _) = brute_pairs(&p, &everyone);
        let result = run(&input);
        prop_assert_eq!(pair_part(&result).0, possible);
    }
}

/// Min-cost maximum flow by successive shortest paths (Bellman–Ford): source → mentor
/// (capacity = places) → mentee (1) → sink, costing minus the score. An independent second
/// method for mentor places: the most mentees placed, then the highest total.
fn flow_mentoring(p: &Problem, mentors: &[(usize, usize)], mentees: &[usize]) -> (usize, i64) {
    let (source, sink) = (0, 1);
    let node_mentor = |k: usize| 2 + k;
    let node_mentee = |k: usize| 2 + mentors.len() + k;
    let nodes = 2 + mentors.len() + mentees.len();
    // Edges as (to, capacity, cost), each followed by its reverse.
    let mut edges: Vec<(usize, i64, i64)> = Vec::new();
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); nodes];
    let mut add = |from: usize, to: usize, cap: i64, cost: i64| {
        out[from].push(edges.len());
        edges.push((to, cap, cost));
        out[to].push(edges.len());
        edges.push((from, 0, -cost));
    };
    for (k, &(m, places)) in mentors.iter().enumerate() {
        add(source, node_mentor(k), places as i64, 0);
        for (j, &e) in mentees.iter().enumerate() {
            if p.allowed(m, e) {
                add(node_mentor(k), node_mentee(j), 1, -p.score(m, e, Some(m)));
            }
        }
    }
    for j in 0..mentees.len() {
        add(node_mentee(j), sink, 1, 0);
    }
    let (mut flow, mut cost) = (0usize, 0i64);
    loop {
        let mut dist = vec![i64::MAX; nodes];
        let mut via = vec![usize::MAX; nodes];
        dist[source] = 0;
        for _ in 0..nodes {
            let mut changed = false;
            for from in 0..nodes {
                if dist[from] == i64::MAX {
                    continue;
                }
                for &e in &out[from] {
                    let (to, cap, c) = edges[e];
                    if cap > 0 && dist[from] + c < dist[to] {
                        dist[to] = dist[from] + c;
                        via[to] = e;
                        changed = true;
                    }
                }
            }
            if !changed {
                break;
            }
        }
        if dist[sink] == i64::MAX {
            return (flow, -cost);
        }
        let mut at = sink;
        while at != source {
            let e = via[at];
            edges[e].1 -= 1;
            edges[e ^ 1].1 += 1;
            at = edges[e ^ 1].0;
        }
        flow += 1;
        cost += dist[sink];
    }
}

#[test]
fn mentor_places_agree_with_a_min_cost_flow_on_larger_programs() {
    for format in [ProgramFormat::MentorMentee, ProgramFormat::Reverse] {
        for seed in 200..215 {
            let input = program(format, 20 + (seed as usize % 25), seed);
            let p = Problem::new(&input);
            let everyone: Vec<usize> = (0..p.people.len()).collect();
            let (mentors, mentees) = mentoring::sides(&p, &everyone);
            let places: Vec<(usize, usize)> = mentors
                .iter()
                .map(|&m| (m, p.people[m].capacity.clamp(1, 5)))
                .collect();
            let result = run(&input);
            assert_eq!(
                (result.groups.len(), result.total_score),
                flow_mentoring(&p, &places, &mentees),
                "{format:?} seed {seed}"
            );
        }
    }
}

/// The total weight of a matching given as mates.
fn matched_weight(n: usize, weights: &[i64], mate: &[Option<usize>]) -> i64 {
    (0..n)
        .filter_map(|i| mate[i].filter(|&j| i < j).map(|j| weights[i * n + j]))
        .sum()
}

/// A random weight matrix: `density` in percent of pairs present, weights below `spread`
/// (a small spread gives the many ties of survey scores).
fn random_weights(n: usize, density: u64, spread: u64, seed: u64) -> Vec<i64> {
    let mut rng = Rng::new(seed);
    let mut weights = vec![0i64; n * n];
    for i in 0..n {
        for j in i + 1..n {
            if rng.next_u64() % 100 < density {
                let w = 1 + (rng.next_u64() % spread) as i64;
                weights[i * n + j] = w;
                weights[j * n + i] = w;
            }
        }
    }
    weights
}

/// The `integer-blossom` crate's matching of the complete weight matrix.
fn crate_matching(n: usize, weights: &[i64]) -> Vec<Option<usize>> {
    integer_blossom::max_weight_matching(weights, n)
}

#[test]
fn the_blossom_agrees_with_an_independent_implementation_and_proves_its_result() {
    for seed in 0..200u64 {
        let n = 1 + (seed as usize % 40);
        let density = [15, 40, 100][seed as usize % 3];
        let spread = [1, 3, 10, 1_000][(seed / 3) as usize % 4];
        let weights = random_weights(n, density, spread, seed);
        let edges: Vec<(usize, usize, i64)> = (0..n)
            .flat_map(|i| (i + 1..n).map(move |j| (i, j)))
            .filter(|&(i, j)| weights[i * n + j] > 0)
            .map(|(i, j)| (i, j, weights[i * n + j]))
            .collect();
        let ours = blossom::max_weight_matching(n, &edges);
        assert_eq!(
            matched_weight(n, &weights, &ours.mate),
            matched_weight(n, &weights, &crate_matching(n, &weights)),
            "seed {seed}"
        );
        for (i, mate) in ours.mate.iter().enumerate() {
            if let Some(j) = *mate {
                assert_eq!(ours.mate[j], Some(i), "mates are mutual (seed {seed})");
            }
        }
        // The duals cover every edge, and every matched edge exactly.
        for &(i, j, w) in &edges {
            let slack = ours.slack(i, j, w);
            assert!(slack >= 0, "edge {i}-{j} uncovered (seed {seed})");
            if ours.mate[i] == Some(j) {
                assert_eq!(slack, 0, "matched edge {i}-{j} is tight (seed {seed})");
            }
        }
    }
}

#[test]
fn the_sparse_graph_with_its_dual_proof_finds_the_complete_graphs_optimum() {
    // Dense, tie-heavy and spread-out weights, the shapes where a sparse graph of good pairs
    // is most often wrong at first and must be repaired.
    for seed in 0..24u64 {
        let n = 60 + (seed as usize * 7) % 90;
        let spread = [1, 2, 5, 40, 100_000][seed as usize % 5];
        let density = [100, 60, 20][seed as usize % 3];
        let weights = random_weights(n, density, spread, seed);
        let ours = peer::sparse_matching(n, &|i, j| weights[i * n + j]);
        assert_eq!(
            matched_weight(n, &weights, &ours),
            matched_weight(n, &weights, &crate_matching(n, &weights)),
            "seed {seed}, n {n}, spread {spread}, density {density}"
        );
    }
}

#[test]
fn peer_programs_of_hundreds_match_as_the_complete_graph_does() {
    for seed in 300..304 {
        let input = program(ProgramFormat::Peer, 240, seed);
        let p = Problem::new(&input);
        let n = p.people.len();
        let big = p.scorer.max_score() * (n as i64 / 2 + 1) + 1;
        let mut weights = vec![0i64; n * n];
        for i in 0..n {
            for j in 0..n {
                if i != j && p.allowed(i, j) {
                    weights[i * n + j] = big + p.score(i.min(j), i.max(j), None);
                }
            }
        }
        let expected = matched_weight(n, &weights, &crate_matching(n, &weights));
        let result = run(&input);
        let (pairs, score) = pair_part(&result);
        assert_eq!(pairs as i64 * big + score, expected, "seed {seed}");
        assert!(result.exact);
    }
}
