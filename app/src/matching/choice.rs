//! Mentors a mentee chooses: the mentors they may ask, ranked by the score the engine would
//! give the pair and explained the same way, and the check an accepted request must pass. A
//! request obeys every hard rule of a run (manager line, avoid lists, recent partners,
//! forbidden pairs, roles, the level rule, teams) and the mentor's places; a mentor the rules
//! rule out is simply absent from the list, never explained, so an avoid list stays private.

use super::{Block, Explanation, MatchInput, Participant, Problem};
use std::collections::HashMap;

/// A mentor a mentee may ask, with the places they have left and why the two would fit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MentorOption {
    pub mentor: i64,
    pub places_left: usize,
    pub explanation: Explanation,
}

/// Why `mentor` cannot take `mentee` now, by the rules of a run and `taken` (mentees each
/// mentor has in the current round).
fn refusal(
    p: &Problem,
    mentor: usize,
    mentee: usize,
    taken: &HashMap<i64, usize>,
) -> Option<Block> {
    let (m, e) = (&p.people[mentor], &p.people[mentee]);
    if !m.can_mentor() || !e.role.is_mentee() || mentor == mentee {
        return Some(Block::Roles);
    }
    if let Some(block) = p.constraints.mentor_blocked(mentor, mentee) {
        return Some(block);
    }
    (places_left(m, taken) == 0).then_some(Block::Capacity)
}

fn places_left(mentor: &Participant, taken: &HashMap<i64, usize>) -> usize {
    mentor
        .capacity
        .saturating_sub(taken.get(&mentor.id).copied().unwrap_or(0))
}

/// The mentors `mentee` may ask, best fit first (ties by id).
pub fn mentor_options(
    input: &MatchInput,
    mentee: i64,
    taken: &HashMap<i64, usize>,
) -> Vec<MentorOption> {
    let p = Problem::new(input);
    let Some(me) = p.people.iter().position(|x| x.id == mentee) else {
        return Vec::new();
    };
    let mut out: Vec<MentorOption> = (0..p.people.len())
        .filter(|&m| refusal(&p, m, me, taken).is_none())
        .map(|m| MentorOption {
            mentor: p.people[m].id,
            places_left: places_left(&p.people[m], taken),
            explanation: p.scorer.explain(m, me, Some(m)),
        })
        .collect();
    out.sort_by_key(|o| (std::cmp::Reverse(o.explanation.score), o.mentor));
    out
}

/// Whether `mentor` may take `mentee` now: the pair's explanation, or the rule it breaks.
pub fn request_allowed(
    input: &MatchInput,
    mentor: i64,
    mentee: i64,
    taken: &HashMap<i64, usize>,
) -> Result<Explanation, Block> {
    let p = Problem::new(input);
    let index = |id: i64| p.people.iter().position(|x| x.id == id);
    let (Some(m), Some(e)) = (index(mentor), index(mentee)) else {
        return Err(Block::Roles);
    };
    match refusal(&p, m, e, taken) {
        Some(block) => Err(block),
        None => Ok(p.scorer.explain(m, e, Some(m))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{EnrollmentRole, EnrollmentStatus, ProgramFormat};

    fn person(id: i64, role: EnrollmentRole, level: i64) -> Participant {
        Participant {
            id,
            name: format!("P{id}"),
            role,
            capacity: 2,
            status: EnrollmentStatus::Active,
            department: format!("D{id}"),
            team: format!("T{id}"),
            level: Some(level),
            utc_offset_minutes: Some(0),
            answers: Default::default(),
            preferred: vec![],
            avoid: vec![],
        }
    }

    fn input() -> MatchInput {
        let mut mentee = person(1, EnrollmentRole::Mentee, 3);
        mentee.avoid = vec![4];
        MatchInput {
            format: ProgramFormat::MentorMentee,
            rules: Default::default(),
            seed: 1,
            questions: vec![],
            participants: vec![
                mentee,
                person(2, EnrollmentRole::Mentor, 5),
                person(3, EnrollmentRole::Mentor, 5),
                person(4, EnrollmentRole::Mentor, 5),
                person(5, EnrollmentRole::Mentor, 5),
                person(6, EnrollmentRole::Mentee, 3),
            ],
            // 5 manages the mentee.
            managers: vec![(1, 5)],
            // The mentee met 3 last round.
            history: vec![vec![vec![3, 1]]],
            locked: vec![],
            forbidden: vec![],
        }
    }

    #[test]
    fn only_mentors_the_rules_allow_and_with_places_are_offered() {
        let mut rules = input();
        rules.rules.no_repeat_rounds = 1;
        let ids = |taken: &HashMap<i64, usize>| -> Vec<i64> {
            mentor_options(&rules, 1, taken)
                .iter()
                .map(|o| o.mentor)
                .collect()
        };
        // 3 met recently, 4 is avoided, 5 is the manager; a mentee is never offered.
        assert_eq!(ids(&HashMap::new()), [2]);
        assert_eq!(ids(&HashMap::from([(2, 2)])), Vec::<i64>::new(), "full");
        assert_eq!(
            request_allowed(&rules, 4, 1, &HashMap::new()),
            Err(Block::Avoided)
        );
        assert_eq!(
            request_allowed(&rules, 5, 1, &HashMap::new()),
            Err(Block::ManagerLine)
        );
        assert_eq!(
            request_allowed(&rules, 3, 1, &HashMap::new()),
            Err(Block::MetRecently)
        );
        assert_eq!(
            request_allowed(&rules, 2, 1, &HashMap::from([(2, 2)])),
            Err(Block::Capacity)
        );
        assert_eq!(
            request_allowed(&rules, 6, 1, &HashMap::new()),
            Err(Block::Roles)
        );
        assert!(request_allowed(&rules, 2, 1, &HashMap::from([(2, 1)])).is_ok());
    }
}
