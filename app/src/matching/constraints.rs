//! The hard rules: pairs that may never be matched, whatever their score.
//!
//! Each person's blocked partners are few (their manager line, an avoid list, recent partners,
//! forbidden pairs), so they are kept as a short sorted list per person; the same-team rule is
//! a comparison. Checking a pair costs a binary search, which matters when a 2,000-person
//! program has two million pairs.

use super::input::{MatchInput, Participant};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Why a pair may not be matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Block {
    /// One manages the other, directly or one level up.
    ManagerLine,
    /// Same team, and the program keeps teams apart.
    SameTeam,
    /// On one's confidential avoid list.
    Avoided,
    /// They met in one of the last rounds.
    MetRecently,
    /// An admin forbade the pair.
    Forbidden,
    /// Their roles do not fit (two mentees, two mentors).
    Roles,
    /// The mentor is not enough levels below the mentee, in a program that asks for it.
    MentorLevel,
    /// The mentor has no mentee places left.
    Capacity,
}

impl Block {
    /// In words, for the report of who could not be matched. The avoid list is named only as
    /// "a personal preference", so the report never reveals whose list it was.
    pub fn describe(self) -> &'static str {
        match self {
            Block::ManagerLine => "their manager line",
            Block::SameTeam => "their own team",
            Block::Avoided => "a personal preference",
            Block::MetRecently => "people they met in recent rounds",
            Block::Forbidden => "pairs an admin ruled out",
            Block::Roles => "roles that do not fit",
            Block::MentorLevel => "the program's level rule for mentors",
            Block::Capacity => "mentors' places",
        }
    }

    /// Why a group an admin asked for cannot be kept, as the end of "… cannot be kept
    /// together: …". An avoid list is "a personal preference", never whose.
    pub fn sentence(self, levels_below: Option<i64>) -> String {
        match self {
            Block::ManagerLine => "one of them is in the other's manager line".into(),
            Block::SameTeam => {
                "they are in the same team, and this program keeps teams apart".into()
            }
            Block::Avoided => "a personal preference rules it out".into(),
            Block::MetRecently => "they were matched in a recent round".into(),
            Block::Forbidden => "an admin ruled this pair out".into(),
            Block::Roles => "their roles do not fit: a group needs one mentor".into(),
            Block::MentorLevel => format!(
                "this program's mentors are at least {} level{} below their mentees",
                levels_below.unwrap_or(1),
                if levels_below.unwrap_or(1) == 1 {
                    ""
                } else {
                    "s"
                }
            ),
            Block::Capacity => "the mentor has no mentee places left".into(),
        }
    }
}

/// The hard rules of one run, over participant indices.
#[derive(Debug, Clone)]
pub struct Constraints {
    /// Per person, blocked partners (by index) and why, sorted by index.
    blocked: Vec<Vec<(usize, Block)>>,
    teams: Vec<Option<String>>,
    levels: Vec<Option<i64>>,
    levels_below: Option<i64>,
}

impl Constraints {
    pub fn new(input: &MatchInput, people: &[Participant]) -> Self {
        let index: HashMap<i64, usize> =
            people.iter().enumerate().map(|(i, p)| (p.id, i)).collect();
        let manager: HashMap<i64, i64> = input.managers.iter().copied().collect();
        let mut blocked: Vec<Vec<(usize, Block)>> = vec![Vec::new(); people.len()];
        let mut block = |a: i64, b: i64, why: Block| {
            if let (Some(&i), Some(&j)) = (index.get(&a), index.get(&b)) {
                if i != j {
                    blocked[i].push((j, why));
                    blocked[j].push((i, why));
                }
            }
        };
        for p in people {
            // Direct and skip-level managers, whether or not they enrolled.
            if let Some(&m) = manager.get(&p.id) {
                block(p.id, m, Block::ManagerLine);
                if let Some(&m2) = manager.get(&m) {
                    block(p.id, m2, Block::ManagerLine);
                }
            }
            for &other in &p.avoid {
                block(p.id, other, Block::Avoided);
            }
        }
        let recent = input
            .history
            .len()
            .saturating_sub(input.rules.no_repeat_rounds);
        for round in &input.history[recent..] {
            for group in round {
                for (k, &a) in group.iter().enumerate() {
                    for &b in &group[k + 1..] {
                        block(a, b, Block::MetRecently);
                    }
                }
            }
        }
        for &(a, b) in &input.forbidden {
            block(a, b, Block::Forbidden);
        }
        for list in &mut blocked {
            // The first reason per partner is kept, in the order of `Block`.
            list.sort_unstable();
            list.dedup_by_key(|(j, _)| *j);
        }
        let teams = people
            .iter()
            .map(|p| {
                (input.rules.not_same_team && !p.team.trim().is_empty())
                    .then(|| p.team.trim().to_lowercase())
            })
            .collect();
        Constraints {
            blocked,
            teams,
            levels: people.iter().map(|p| p.level).collect(),
            levels_below: input.rules.mentor_levels_below,
        }
    }

    /// Why `a` and `b` may not be matched, or `None` when they may.
    pub fn blocked(&self, a: usize, b: usize) -> Option<Block> {
        if a == b {
            return Some(Block::Forbidden);
        }
        if let Ok(k) = self.blocked[a].binary_search_by_key(&b, |(j, _)| *j) {
            return Some(self.blocked[a][k].1);
        }
        match (&self.teams[a], &self.teams[b]) {
            (Some(x), Some(y)) if x == y => Some(Block::SameTeam),
            _ => None,
        }
    }

    pub fn allowed(&self, a: usize, b: usize) -> bool {
        self.blocked(a, b).is_none()
    }

    /// Why `mentor` may not mentor `mentee`: a pair rule, or the program's level rule.
    pub fn mentor_blocked(&self, mentor: usize, mentee: usize) -> Option<Block> {
        self.blocked(mentor, mentee)
            .or_else(|| match self.levels_below {
                Some(gap) => match (self.levels[mentor], self.levels[mentee]) {
                    (Some(m), Some(e)) if m + gap <= e => None,
                    _ => Some(Block::MentorLevel),
                },
                None => None,
            })
    }

    pub fn mentor_allowed(&self, mentor: usize, mentee: usize) -> bool {
        self.mentor_blocked(mentor, mentee).is_none()
    }

    /// Whether everyone in `group` may be together.
    pub fn group_allowed(&self, group: &[usize]) -> bool {
        group
            .iter()
            .enumerate()
            .all(|(k, &a)| group[k + 1..].iter().all(|&b| self.allowed(a, b)))
    }
}
