//! Recognition: thanks one participant gives another (kudos), and badges earned from what
//! happened. Badges are worked out here from counts the storage reads, so the rule for each
//! one is written once and its explanation always says how it was earned.

use super::choice::choice_enum;
use super::field::{err, text, FieldError};
use serde::{Deserialize, Serialize};

/// The longest note a kudos carries.
pub const KUDOS_NOTE_MAX: usize = 500;

choice_enum!(
    /// What a kudos thanks someone for.
    KudosCategory {
        Expertise => ("expertise", "Expertise"),
        Support => ("support", "Support"),
        Candour => ("candour", "Candour"),
        Commitment => ("commitment", "Commitment"),
    }
);

/// The thank-you form as typed. `to` is `program:person`, one of the people the sender was
/// matched with, as the form offers them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct KudosInput {
    #[serde(default)]
    pub to: String,
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub note: String,
}

/// A checked kudos, not yet known to be allowed: whether the two were matched is a question
/// for the storage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KudosSpec {
    pub program_id: i64,
    pub to: i64,
    pub category: KudosCategory,
    pub note: String,
}

impl KudosInput {
    pub fn parse(&self) -> Result<KudosSpec, FieldError> {
        let Some((program_id, to)) = self
            .to
            .trim()
            .split_once(':')
            .and_then(|(p, u)| Some((p.parse::<i64>().ok()?, u.parse::<i64>().ok()?)))
        else {
            return err("to", "Choose who you are thanking.");
        };
        let Some(category) = KudosCategory::parse(&self.category) else {
            return err(
                "category",
                "Choose what you thank them for: expertise, support, candour or commitment.",
            );
        };
        let note = text("note", &self.note, KUDOS_NOTE_MAX, true).map_err(|e| FieldError {
            message: if self.note.trim().is_empty() {
                "Say what they did: a sentence is enough.".to_owned()
            } else {
                e.message
            },
            ..e
        })?;
        Ok(KudosSpec {
            program_id,
            to,
            category,
            note,
        })
    }
}

/// What a person's badges are worked out from, as the storage counts them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BadgeFacts {
    /// Sessions of their groups someone said were held.
    pub sessions_held: i64,
    /// Different people they were matched with and met at least once.
    pub partners_met: i64,
    /// Their goals marked achieved.
    pub goals_achieved: i64,
    /// Rounds that ran to their end with them as the group's mentor.
    pub rounds_mentored: i64,
    /// Events they hosted that have taken place.
    pub events_hosted: i64,
}

choice_enum!(
    /// Every badge, in the order a profile lists them.
    Badge {
        FirstSession => ("first_session", "First session"),
        Sessions5 => ("sessions_5", "5 sessions"),
        Sessions10 => ("sessions_10", "10 sessions"),
        Sessions25 => ("sessions_25", "25 sessions"),
        FivePartners => ("five_partners", "Met 5 partners"),
        FirstGoal => ("first_goal", "First goal achieved"),
        WholeRound => ("whole_round", "Mentored a whole round"),
        EventHost => ("event_host", "Spoke at an event"),
    }
);

impl Badge {
    /// The count this badge reads, and how much of it earns the badge.
    fn rule(self, f: &BadgeFacts) -> (i64, i64) {
        match self {
            Badge::FirstSession => (f.sessions_held, 1),
            Badge::Sessions5 => (f.sessions_held, 5),
            Badge::Sessions10 => (f.sessions_held, 10),
            Badge::Sessions25 => (f.sessions_held, 25),
            Badge::FivePartners => (f.partners_met, 5),
            Badge::FirstGoal => (f.goals_achieved, 1),
            Badge::WholeRound => (f.rounds_mentored, 1),
            Badge::EventHost => (f.events_hosted, 1),
        }
    }

    /// How the badge is earned, for the ones still to come.
    pub fn how_to_earn(self) -> &'static str {
        match self {
            Badge::FirstSession => "Hold a first session with a partner.",
            Badge::Sessions5 => "Hold 5 sessions with your partners.",
            Badge::Sessions10 => "Hold 10 sessions with your partners.",
            Badge::Sessions25 => "Hold 25 sessions with your partners.",
            Badge::FivePartners => "Meet 5 different people you are matched with.",
            Badge::FirstGoal => "Mark a goal achieved.",
            Badge::WholeRound => "Mentor a group until its round ends.",
            Badge::EventHost => "Host an event that takes place.",
        }
    }

    /// Why it was earned, from the figures: the explanation a badge carries.
    fn earned_because(self, count: i64) -> String {
        let times = |n: i64, one: &str, many: &str| {
            if n == 1 {
                format!("1 {one}")
            } else {
                format!("{n} {many}")
            }
        };
        match self {
            Badge::FirstSession | Badge::Sessions5 | Badge::Sessions10 | Badge::Sessions25 => {
                format!(
                    "Held {} with partners.",
                    times(count, "session", "sessions")
                )
            }
            Badge::FivePartners => format!("Met {count} different partners."),
            Badge::FirstGoal => format!("Achieved {}.", times(count, "goal", "goals")),
            Badge::WholeRound => format!(
                "Mentored a group to the end of {}.",
                times(count, "round", "rounds")
            ),
            Badge::EventHost => format!("Hosted {}.", times(count, "event", "events")),
        }
    }
}

/// A badge someone has, with what earned it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EarnedBadge {
    pub badge: Badge,
    pub because: String,
}

/// The badges `facts` earn, in profile order, and those still to come.
pub fn badges(facts: &BadgeFacts) -> (Vec<EarnedBadge>, Vec<Badge>) {
    let mut earned = Vec::new();
    let mut to_come = Vec::new();
    for &badge in Badge::ALL {
        let (count, needed) = badge.rule(facts);
        if count >= needed {
            earned.push(EarnedBadge {
                badge,
                because: badge.earned_because(count),
            });
        } else {
            to_come.push(badge);
        }
    }
    (earned, to_come)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn earned(f: BadgeFacts) -> Vec<Badge> {
        badges(&f).0.into_iter().map(|b| b.badge).collect()
    }

    #[test]
    fn nothing_happened_earns_nothing_and_lists_every_badge_to_come() {
        let (got, to_come) = badges(&BadgeFacts::default());
        assert!(got.is_empty());
        assert_eq!(to_come, Badge::ALL);
    }

    #[test]
    fn session_badges_come_at_1_5_10_and_25() {
        let at = |n| {
            earned(BadgeFacts {
                sessions_held: n,
                ..BadgeFacts::default()
            })
        };
        assert_eq!(at(1), vec![Badge::FirstSession]);
        assert_eq!(at(4), vec![Badge::FirstSession]);
        assert_eq!(at(5), vec![Badge::FirstSession, Badge::Sessions5]);
        assert_eq!(at(24).len(), 3);
        assert_eq!(
            at(25),
            vec![
                Badge::FirstSession,
                Badge::Sessions5,
                Badge::Sessions10,
                Badge::Sessions25
            ]
        );
    }

    #[test]
    fn each_badge_says_what_earned_it() {
        let (got, to_come) = badges(&BadgeFacts {
            sessions_held: 12,
            partners_met: 5,
            goals_achieved: 1,
            rounds_mentored: 2,
            events_hosted: 1,
        });
        let because: Vec<&str> = got.iter().map(|b| b.because.as_str()).collect();
        assert_eq!(
            because,
            vec![
                "Held 12 sessions with partners.",
                "Held 12 sessions with partners.",
                "Held 12 sessions with partners.",
                "Met 5 different partners.",
                "Achieved 1 goal.",
                "Mentored a group to the end of 2 rounds.",
                "Hosted 1 event.",
            ]
        );
        assert_eq!(to_come, vec![Badge::Sessions25]);
        assert_eq!(
            Badge::Sessions25.how_to_earn(),
            "Hold 25 sessions with your partners."
        );
        assert!(earned(BadgeFacts {
            partners_met: 4,
            ..BadgeFacts::default()
        })
        .is_empty());
    }

    #[test]
    fn a_kudos_names_who_what_and_why() {
        let input = |to: &str, category: &str, note: &str| KudosInput {
            to: to.into(),
            category: category.into(),
            note: note.into(),
        };
        assert_eq!(
            input("3:17", "candour", "  Told me what I needed to hear. ").parse(),
            Ok(KudosSpec {
                program_id: 3,
                to: 17,
                category: KudosCategory::Candour,
                note: "Told me what I needed to hear.".into(),
            })
        );
        let field = |i: KudosInput| i.parse().unwrap_err();
        assert_eq!(field(input("", "support", "Thanks")).field, "to");
        assert_eq!(field(input("3", "support", "Thanks")).field, "to");
        assert_eq!(field(input("3:x", "support", "Thanks")).field, "to");
        let e = field(input("3:17", "charm", "Thanks"));
        assert_eq!(e.field, "category");
        assert!(e
            .message
            .contains("expertise, support, candour or commitment"));
        let e = field(input("3:17", "support", "  "));
        assert_eq!(
            (e.field, e.message.as_str()),
            ("note", "Say what they did: a sentence is enough.")
        );
        let e = field(input("3:17", "support", &"a".repeat(501)));
        assert_eq!(e.message, "Use at most 500 characters.");
    }
}
