//! How well two people fit, and why.
//!
//! Every survey question with a match rule adds up to `10 × weight` points, and so do the
//! program-level terms (level gap suited to the format, time-zone overlap, mixing departments,
//! a wish to meet). Answers are first turned into bit sets per question, so scoring a pair is
//! a handful of popcounts: a 2,000-person program has two million pairs to score.

use super::input::{MatchInput, Participant};
use crate::domain::{Answer, MatchRule, ProgramFormat, Question, QuestionKind};
pub use crate::models::{Explanation, ScorePart};
use std::collections::HashMap;

/// Weights of the program-level terms (each is worth `10 ×` its weight at most).
const LEVEL_WEIGHT: i64 = 3;
const TIME_ZONE_WEIGHT: i64 = 2;
const DEPARTMENT_WEIGHT: i64 = 1;
const PREFERRED_WEIGHT: i64 = 4;

/// A participant's answers as bit sets (choices) and values (scales), one slot per question.
#[derive(Debug, Clone, Default)]
struct Compact {
    bits: Vec<u64>,
    scale: Vec<u8>,
}

/// A survey question the engine scores, with its partner for complementary questions.
#[derive(Debug, Clone)]
struct Scored {
    index: usize,
    rule: MatchRule,
    kind: QuestionKind,
    weight: i64,
    /// For a complementary question, the slot of the question it meets.
    meets: Option<usize>,
}

/// Scores pairs of one run's participants.
#[derive(Debug, Clone)]
pub struct Scorer {
    format: ProgramFormat,
    questions: Vec<Question>,
    scored: Vec<Scored>,
    compact: Vec<Compact>,
    people: Vec<Participant>,
    preferred: Vec<Vec<i64>>,
}

fn pop(x: u64) -> i64 {
    i64::from(x.count_ones())
}

/// `10 × weight × numerator / denominator`, rounded.
fn share(weight: i64, num: i64, den: i64) -> i64 {
    if den <= 0 {
        return 0;
    }
    (20 * weight * num + den) / (2 * den)
}

impl Scorer {
    pub fn new(input: &MatchInput, people: &[Participant]) -> Self {
        let questions = input.questions.clone();
        let slot: HashMap<i64, usize> = questions
            .iter()
            .enumerate()
            .map(|(i, q)| (q.id, i))
            .collect();
        let scored = questions
            .iter()
            .enumerate()
            .filter(|(_, q)| q.rule != MatchRule::NotUsed && q.weight > 0)
            .filter_map(|(index, q)| {
                let meets = q.complements.and_then(|c| slot.get(&c).copied());
                if q.rule == MatchRule::Complementary && meets.is_none() {
                    return None;
                }
                Some(Scored {
                    index,
                    rule: q.rule,
                    kind: q.kind,
                    weight: q.weight,
                    meets,
                })
            })
            .collect();
        let compact = people
            .iter()
            .map(|p| {
                let mut c = Compact {
                    bits: vec![0; questions.len()],
                    scale: vec![0; questions.len()],
                };
                for (i, q) in questions.iter().enumerate() {
                    let bit = |id: &str| {
                        q.options
                            .iter()
                            .position(|o| o.id == id)
                            .filter(|k| *k < 64)
                            .map_or(0, |k| 1u64 << k)
                    };
                    match p.answers.get(&q.id) {
                        Some(Answer::Choice(id)) => c.bits[i] = bit(id),
                        Some(Answer::Choices(ids)) => {
                            c.bits[i] = ids.iter().fold(0, |acc, id| acc | bit(id))
                        }
                        Some(Answer::Scale(n)) => c.scale[i] = *n,
                        _ => {}
                    }
                }
                c
            })
            .collect();
        Scorer {
            format: input.format,
            questions,
            scored,
            compact,
            preferred: people.iter().map(|p| p.preferred.clone()).collect(),
            people: people.to_vec(),
        }
    }

    /// The best score any pair could have: every term at its maximum.
    pub fn max_score(&self) -> i64 {
        10 * (self.scored.iter().map(|s| s.weight).sum::<i64>()
            + LEVEL_WEIGHT
            + TIME_ZONE_WEIGHT
            + DEPARTMENT_WEIGHT
            + PREFERRED_WEIGHT)
    }

    /// The score of `a` with `b`. In mentor formats `mentor` says which of the two mentors
    /// (complementary questions then read "the mentee's need meets the mentor's offer").
    pub fn score(&self, a: usize, b: usize, mentor: Option<usize>) -> i64 {
        self.evaluate(a, b, mentor, None)
    }

    /// The score of a pair with every term and sentence that makes it up.
    pub fn explain(&self, a: usize, b: usize, mentor: Option<usize>) -> Explanation {
        let mut e = Explanation::default();
        e.score = self.evaluate(a, b, mentor, Some(&mut e));
        e
    }

    fn evaluate(
        &self,
        a: usize,
        b: usize,
        mentor: Option<usize>,
        mut why: Option<&mut Explanation>,
    ) -> i64 {
        let (ca, cb) = (&self.compact[a], &self.compact[b]);
        let mut total = 0;
        let mut add = |label: &str, points: i64, max: i64, why: &mut Option<&mut Explanation>| {
            total += points;
            if let Some(e) = why.as_deref_mut() {
                e.parts.push(ScorePart {
                    label: label.to_owned(),
                    points,
                    max,
                });
            }
        };
        for s in &self.scored {
            let i = s.index;
            let max = 10 * s.weight;
            let q = &self.questions[i];
            let points = match (s.rule, s.kind) {
                (MatchRule::Similar | MatchRule::Different, QuestionKind::Scale) => {
                    let (x, y) = (ca.scale[i], cb.scale[i]);
                    if x == 0 || y == 0 {
                        0
                    } else {
                        let gap = i64::from(x.abs_diff(y));
                        if s.rule == MatchRule::Similar {
                            share(s.weight, 4 - gap, 4)
                        } else {
                            share(s.weight, gap, 4)
                        }
                    }
                }
                (MatchRule::Similar, _) => {
                    let shared = ca.bits[i] & cb.bits[i];
                    let den = pop(ca.bits[i]).min(pop(cb.bits[i]));
                    if shared != 0 {
                        if let Some(e) = why.as_deref_mut() {
                            e.highlights.push(format!(
                                "You both chose {} for \"{}\"",
                                self.labels(i, shared),
                                q.prompt
                            ));
                        }
                    }
                    share(s.weight, pop(shared), den)
                }
                (MatchRule::Different, _) => {
                    if ca.bits[i] == 0 || cb.bits[i] == 0 {
                        0
                    } else {
                        let den = pop(ca.bits[i]).min(pop(cb.bits[i]));
                        share(s.weight, den - pop(ca.bits[i] & cb.bits[i]).min(den), den)
                    }
                }
                (MatchRule::Complementary, _) => {
                    let Some(offer) = s.meets else { continue };
                    // Whose needs count: the mentee's in mentor formats, both in peer formats.
                    let directions: Vec<(usize, usize)> = match mentor {
                        Some(m) if m == a => vec![(b, a)],
                        Some(_) => vec![(a, b)],
                        None => vec![(a, b), (b, a)],
                    };
                    let mut met = 0;
                    let mut needs = 0;
                    for (learner, teacher) in directions {
                        let grow = self.compact[learner].bits[i];
                        let hit = grow & self.compact[teacher].bits[offer];
                        met += pop(hit).min(2);
                        needs += pop(grow).min(2);
                        if hit != 0 {
                            if let Some(e) = why.as_deref_mut() {
                                e.highlights.push(format!(
                                    "{} can offer {}, which {} wants to grow",
                                    self.people[teacher].name,
                                    self.labels(i, hit),
                                    self.people[learner].name
                                ));
                            }
                        }
                    }
                    share(s.weight, met, needs)
                }
                (MatchRule::NotUsed, _) => continue,
            };
            add(&q.prompt, points, max, &mut why);
        }

        let (pa, pb) = (&self.people[a], &self.people[b]);
        add(
            "Level",
            self.level_points(pa, pb, mentor.map(|m| m == a)),
            10 * LEVEL_WEIGHT,
            &mut why,
        );
        let tz = match (pa.utc_offset_minutes, pb.utc_offset_minutes) {
            (Some(x), Some(y)) => {
                let hours = i64::from(x.abs_diff(y) / 60);
                share(TIME_ZONE_WEIGHT, (8 - hours).max(0), 8)
            }
            _ => share(TIME_ZONE_WEIGHT, 1, 2),
        };
        add("Working hours overlap", tz, 10 * TIME_ZONE_WEIGHT, &mut why);
        let mixed = !pa.department.is_empty()
            && !pb.department.is_empty()
            && !pa.department.eq_ignore_ascii_case(&pb.department);
        if mixed {
            if let Some(e) = why.as_deref_mut() {
                e.highlights.push(format!(
                    "You bring views from {} and {}",
                    pa.department, pb.department
                ));
            }
        }
        add(
            "Different departments",
            if mixed { 10 * DEPARTMENT_WEIGHT } else { 0 },
            10 * DEPARTMENT_WEIGHT,
            &mut why,
        );
        // A wish both made counts in full; a wish from one side, half.
        let wishes = usize::from(self.preferred[a].contains(&pb.id))
            + usize::from(self.preferred[b].contains(&pa.id));
        if let Some(e) = why.as_deref_mut() {
            match wishes {
                2 => e
                    .highlights
                    .push("You both asked to meet each other".into()),
                1 => e
                    .highlights
                    .push("One of you asked to meet the other".into()),
                _ => {}
            }
        }
        add(
            "Asked to meet",
            5 * PREFERRED_WEIGHT * wishes as i64,
            10 * PREFERRED_WEIGHT,
            &mut why,
        );
        total
    }

    /// Points for the level gap: peers close in level; mentors a little senior to their
    /// mentee; in reverse mentoring, the mentor junior to the mentee.
    fn level_points(&self, a: &Participant, b: &Participant, a_mentors: Option<bool>) -> i64 {
        let (Some(la), Some(lb)) = (a.level, b.level) else {
            return share(LEVEL_WEIGHT, 1, 2);
        };
        let (mentor, mentee) = match a_mentors {
            Some(true) => (la, lb),
            Some(false) => (lb, la),
            None => (la, lb),
        };
        let fit = match self.format {
            ProgramFormat::Peer | ProgramFormat::Circles => match (la - lb).abs() {
                0 | 1 => 4,
                2 => 2,
                _ => 0,
            },
            ProgramFormat::MentorMentee => match mentor - mentee {
                1..=4 => 4,
                5.. => 2,
                0 => 1,
                _ => 0,
            },
            ProgramFormat::Reverse => match mentee - mentor {
                2.. => 4,
                1 => 2,
                _ => 0,
            },
        };
        share(LEVEL_WEIGHT, fit, 4)
    }

    /// The option labels of a bit set, joined for a sentence.
    fn labels(&self, question: usize, bits: u64) -> String {
        let names: Vec<&str> = self.questions[question]
            .options
            .iter()
            .enumerate()
            .filter(|(k, _)| *k < 64 && bits & (1 << k) != 0)
            .map(|(_, o)| o.label.as_str())
            .collect();
        match names.as_slice() {
            [] => String::new(),
            [one] => (*one).to_owned(),
            [init @ .., last] => format!("{} and {last}", init.join(", ")),
        }
    }
}
