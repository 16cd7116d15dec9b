//! Programs (cohorts): their format, their life cycle, and the checks on what an admin types.

use super::choice::text_column;
use super::field::{date, err, number, text, FieldError};
use serde::{Deserialize, Serialize};
use std::fmt;
use time::{macros::format_description, Date};

/// How a program groups people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProgramFormat {
    /// Pairs of equals from one pool.
    Peer,
    /// A mentor with one or more mentees.
    MentorMentee,
    /// Mentor–mentee where the more junior person mentors.
    Reverse,
    /// Small groups of 3 to 6.
    Circles,
}

impl ProgramFormat {
    pub const ALL: [ProgramFormat; 4] =
        [Self::Peer, Self::MentorMentee, Self::Reverse, Self::Circles];

    /// Whether groups have a mentor (and so mentees may choose one).
    pub fn has_mentors(self) -> bool {
        matches!(self, Self::MentorMentee | Self::Reverse)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Peer => "peer",
            Self::MentorMentee => "mentor_mentee",
            Self::Reverse => "reverse",
            Self::Circles => "circles",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Peer => "Peer pairs",
            Self::MentorMentee => "Mentor and mentee",
            Self::Reverse => "Reverse mentoring",
            Self::Circles => "Circles",
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            Self::Peer => "Colleagues at similar levels are paired and learn from each other.",
            Self::MentorMentee => {
                "Mentors are matched with one or more mentees who want to grow what they can offer."
            }
            Self::Reverse => "Junior colleagues mentor senior ones on what they know best.",
            Self::Circles => "Small groups meet together and learn from each other.",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.as_str() == s.trim())
    }
}

impl TryFrom<String> for ProgramFormat {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value).ok_or_else(|| format!("unknown program format {value:?}"))
    }
}

text_column!(ProgramFormat);

/// Where a program is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProgramState {
    Draft,
    Enrolling,
    Running,
    Finished,
}

impl ProgramState {
    pub const ALL: [ProgramState; 4] =
        [Self::Draft, Self::Enrolling, Self::Running, Self::Finished];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Enrolling => "enrolling",
            Self::Running => "running",
            Self::Finished => "finished",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Draft => "Draft",
            Self::Enrolling => "Enrolling",
            Self::Running => "Running",
            Self::Finished => "Finished",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|st| st.as_str() == s.trim())
    }

    /// The moves an admin may make. Enrollment can be closed again (back to draft) before the
    /// program starts; a running program can only finish; a finished one stays finished.
    pub fn can_move_to(self, next: ProgramState) -> bool {
        use ProgramState::*;
        matches!(
            (self, next),
            (Draft, Enrolling) | (Enrolling, Draft) | (Enrolling, Running) | (Running, Finished)
        )
    }

    /// The moves offered from here, in the order an admin usually takes them.
    pub fn next_states(self) -> Vec<ProgramState> {
        Self::ALL
            .into_iter()
            .filter(|n| self.can_move_to(*n))
            .collect()
    }

    /// Participants see programs once they open for enrollment.
    pub fn visible_to_participants(self) -> bool {
        self != ProgramState::Draft
    }
}

impl TryFrom<String> for ProgramState {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value).ok_or_else(|| format!("unknown program state {value:?}"))
    }
}

text_column!(ProgramState);

impl fmt::Display for ProgramState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// The hard rules a program sets for its matching, besides those that always hold (the manager
/// line, avoid lists, forbidden pairs, roles and capacity).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatchingSettings {
    /// Never pair two people of the same team.
    pub not_same_team: bool,
    /// No pair that met in the last this many rounds (0: repeats allowed).
    pub no_repeat_rounds: i64,
    /// Reverse mentoring: a mentor is at least this many levels below their mentee.
    pub mentor_levels_below: Option<i64>,
}

impl Default for MatchingSettings {
    fn default() -> Self {
        MatchingSettings {
            not_same_team: false,
            no_repeat_rounds: NO_REPEAT_DEFAULT,
            mentor_levels_below: None,
        }
    }
}

/// Rounds in which a pair may not meet again, unless the program says otherwise.
pub const NO_REPEAT_DEFAULT: i64 = 3;
/// The most rounds a program may keep pairs from meeting again.
pub const NO_REPEAT_MAX: i64 = 12;

impl MatchingSettings {
    /// The program's own rules in words, for its "How matching works" section.
    pub fn describe(&self, format: ProgramFormat) -> Vec<String> {
        let mut out = vec![match self.no_repeat_rounds {
            0 => "You may meet earlier partners again.".to_owned(),
            1 => "Nobody is matched with their partner of the last round.".to_owned(),
            n => format!("Nobody is matched with a partner from the last {n} rounds."),
        }];
        if self.not_same_team {
            out.push("You are never matched with someone from your own team.".into());
        }
        if format == ProgramFormat::Reverse {
            if let Some(n) = self.mentor_levels_below {
                out.push(format!(
                    "Mentors are at least {n} level{} below the people they mentor.",
                    if n == 1 { "" } else { "s" }
                ));
            }
        }
        out
    }
}

/// The program form as typed; dates are `YYYY-MM-DD` as `<input type="date">` sends them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgramInput {
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub guidelines: String,
    pub format: String,
    #[serde(default)]
    pub group_size: String,
    #[serde(default)]
    pub rotation_weeks: String,
    #[serde(default)]
    pub starts_on: String,
    #[serde(default)]
    pub ends_on: String,
    #[serde(default)]
    pub enrollment_opens_on: String,
    #[serde(default)]
    pub enrollment_closes_on: String,
    /// Comma-separated departments; empty means every department.
    #[serde(default)]
    pub departments: String,
    #[serde(default)]
    pub min_level: String,
    #[serde(default)]
    pub max_level: String,
    /// A checkbox: "on" keeps each team's people apart.
    #[serde(default)]
    pub not_same_team: String,
    /// Rounds before partners may meet again; empty for the default.
    #[serde(default)]
    pub no_repeat_rounds: String,
    /// A checkbox for reverse mentoring: "on" makes [`Self::mentor_levels_below`] a rule.
    #[serde(default)]
    pub mentor_level_rule: String,
    #[serde(default)]
    pub mentor_levels_below: String,
    /// Weeks after a round before a pair that has not met is nudged; empty for the default.
    #[serde(default)]
    pub nudge_weeks: String,
}

/// A checked program definition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgramSpec {
    pub name: String,
    pub description: String,
    pub guidelines: String,
    pub format: ProgramFormat,
    pub group_size: i64,
    pub rotation_weeks: i64,
    pub starts_on: Date,
    pub ends_on: Date,
    pub enrollment_opens_on: Date,
    pub enrollment_closes_on: Date,
    pub departments: Vec<String>,
    pub min_level: Option<i64>,
    pub max_level: Option<i64>,
    pub matching: MatchingSettings,
    /// Weeks after a round before a pair that has not met gets a nudge and shows as "not
    /// meeting yet"; 0 for never.
    pub nudge_weeks: i64,
}

/// Weeks before a pair that has not met is nudged, unless the program says otherwise.
pub const NUDGE_WEEKS_DEFAULT: i64 = 2;

/// A field of the program form and what is wrong with it.
pub type ProgramError = FieldError;

pub const PROGRAM_DATE_FORMAT: &[time::format_description::FormatItem<'static>] =
    format_description!("[year]-[month]-[day]");

impl ProgramInput {
    pub fn parse(&self) -> Result<ProgramSpec, ProgramError> {
        let name = text("name", &self.name, 100, true)?;
        let description = text("description", &self.description, 2_000, false)?;
        let guidelines = text("guidelines", &self.guidelines, 20_000, false)?;
        let format = ProgramFormat::parse(&self.format)
            .map_or_else(|| err("format", "Choose a format."), Ok)?;
        let group_size = match format {
            ProgramFormat::Circles => {
                number("group_size", &self.group_size, 3..=6, Some(4))?.unwrap_or(4)
            }
            _ => 2,
        };
        let rotation_weeks =
            number("rotation_weeks", &self.rotation_weeks, 1..=52, Some(12))?.unwrap_or(12);
        let enrollment_opens_on = date("enrollment_opens_on", &self.enrollment_opens_on)?;
        let enrollment_closes_on = date("enrollment_closes_on", &self.enrollment_closes_on)?;
        let starts_on = date("starts_on", &self.starts_on)?;
        let ends_on = date("ends_on", &self.ends_on)?;
        if enrollment_closes_on < enrollment_opens_on {
            return err(
                "enrollment_closes_on",
                "Enrollment must close after it opens.",
            );
        }
        if starts_on < enrollment_closes_on {
            return err(
                "starts_on",
                "The program starts once enrollment has closed.",
            );
        }
        if ends_on <= starts_on {
            return err("ends_on", "The program must end after it starts.");
        }
        let min_level = number(
            "min_level",
            &self.min_level,
            1..=crate::domain::LEVEL_MAX,
            None,
        )?;
        let max_level = number(
            "max_level",
            &self.max_level,
            1..=crate::domain::LEVEL_MAX,
            None,
        )?;
        if let (Some(lo), Some(hi)) = (min_level, max_level) {
            if hi < lo {
                return err(
                    "max_level",
                    "The highest level must be at least the lowest.",
                );
            }
        }
        let mut departments: Vec<String> = Vec::new();
        for d in self
            .departments
            .split(',')
            .map(str::trim)
            .filter(|d| !d.is_empty())
        {
            if d.chars().count() > 100 {
                return err(
                    "departments",
                    "A department name is at most 100 characters.",
                );
            }
            if !departments.iter().any(|x| x.eq_ignore_ascii_case(d)) {
                departments.push(d.to_owned());
            }
        }
        let no_repeat_rounds = number(
            "no_repeat_rounds",
            &self.no_repeat_rounds,
            0..=NO_REPEAT_MAX,
            Some(NO_REPEAT_DEFAULT),
        )?
        .unwrap_or(NO_REPEAT_DEFAULT);
        let checked = |v: &str| matches!(v.trim(), "on" | "true" | "1" | "yes");
        let mentor_levels_below = match format {
            ProgramFormat::Reverse if checked(&self.mentor_level_rule) => Some(
                number(
                    "mentor_levels_below",
                    &self.mentor_levels_below,
                    1..=crate::domain::LEVEL_MAX,
                    Some(1),
                )?
                .unwrap_or(1),
            ),
            _ => None,
        };
        let matching = MatchingSettings {
            not_same_team: checked(&self.not_same_team),
            no_repeat_rounds,
            mentor_levels_below,
        };
        let nudge_weeks = number(
            "nudge_weeks",
            &self.nudge_weeks,
            0..=12,
            Some(NUDGE_WEEKS_DEFAULT),
        )?
        .unwrap_or(NUDGE_WEEKS_DEFAULT);
        Ok(ProgramSpec {
            matching,
            nudge_weeks,
            name,
            description,
            guidelines,
            format,
            group_size,
            rotation_weeks,
            starts_on,
            ends_on,
            enrollment_opens_on,
            enrollment_closes_on,
            departments,
            min_level,
            max_level,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> ProgramInput {
        ProgramInput {
            name: " Spring peer circles ".into(),
            format: "peer".into(),
            enrollment_opens_on: "2027-01-04".into(),
            enrollment_closes_on: "2027-01-22".into(),
            starts_on: "2027-02-01".into(),
            ends_on: "2027-07-30".into(),
            departments: "Engineering, Product, engineering".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_complete_program_parses_with_defaults() {
        let p = input().parse().unwrap();
        assert_eq!(p.name, "Spring peer circles");
        assert_eq!(
            (p.format, p.group_size, p.rotation_weeks),
            (ProgramFormat::Peer, 2, 12)
        );
        assert_eq!(p.departments, vec!["Engineering", "Product"]);
        let circles = ProgramInput {
            format: "circles".into(),
            group_size: "5".into(),
            ..input()
        }
        .parse()
        .unwrap();
        assert_eq!(circles.group_size, 5);
    }

    #[test]
    fn each_mistake_names_its_field() {
        let field = |i: ProgramInput| i.parse().unwrap_err().field;
        assert_eq!(
            field(ProgramInput {
                name: " ".into(),
                ..input()
            }),
            "name"
        );
        assert_eq!(
            field(ProgramInput {
                format: "speed-dating".into(),
                ..input()
            }),
            "format"
        );
        assert_eq!(
            field(ProgramInput {
                format: "circles".into(),
                group_size: "9".into(),
                ..input()
            }),
            "group_size"
        );
        assert_eq!(
            field(ProgramInput {
                rotation_weeks: "0".into(),
                ..input()
            }),
            "rotation_weeks"
        );
        assert_eq!(
            field(ProgramInput {
                starts_on: "01/02/2027".into(),
                ..input()
            }),
            "starts_on"
        );
        assert_eq!(
            field(ProgramInput {
                ends_on: "2027-01-31".into(),
                ..input()
            }),
            "ends_on"
        );
        assert_eq!(
            field(ProgramInput {
                enrollment_closes_on: "2027-01-01".into(),
                ..input()
            }),
            "enrollment_closes_on"
        );
        assert_eq!(
            field(ProgramInput {
                starts_on: "2027-01-10".into(),
                ..input()
            }),
            "starts_on"
        );
        assert_eq!(
            field(ProgramInput {
                min_level: "5".into(),
                max_level: "3".into(),
                ..input()
            }),
            "max_level"
        );
    }

    #[test]
    fn only_the_allowed_state_moves() {
        use ProgramState::*;
        assert_eq!(Draft.next_states(), vec![Enrolling]);
        assert_eq!(Enrolling.next_states(), vec![Draft, Running]);
        assert_eq!(Running.next_states(), vec![Finished]);
        assert!(Finished.next_states().is_empty());
        assert!(!Draft.can_move_to(Running));
        assert!(!Running.can_move_to(Enrolling));
        assert!(!Draft.visible_to_participants());
        assert!(Enrolling.visible_to_participants());
    }
}
