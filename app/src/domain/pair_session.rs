//! The pair-session form: when and where a pair meets and what they will talk about.

use super::choice::choice_enum;
use super::field::{date, err, text, time_of_day, video_link, FieldError};
use serde::{Deserialize, Serialize};
use time::{Date, Time};

choice_enum!(
    /// Where a pair session stands. A counter-proposal replaces the proposal it answers.
    PairSessionState {
        Proposed => ("proposed", "Proposed"),
        Accepted => ("accepted", "Accepted"),
        Cancelled => ("cancelled", "Cancelled"),
        Replaced => ("replaced", "Replaced"),
    }
);

/// Most agenda items one session has.
pub const AGENDA_MAX: usize = 20;

/// Discussion prompts that ship with Tandem; a proposer ticks any to add them to the agenda.
pub const DISCUSSION_PROMPTS: &[&str] = &[
    "What went well since we last met, and what did not?",
    "Which goal matters most this month, and what is the next step?",
    "Where are you stuck, and who else could help?",
    "What feedback have you received lately, and what will you do with it?",
    "What is one thing you want to learn from each other?",
    "What will we each have done before the next session?",
];

/// The form as typed. Times are local to `time_zone`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PairSessionInput {
    #[serde(default)]
    pub date: String,
    #[serde(default)]
    pub start_time: String,
    #[serde(default)]
    pub end_time: String,
    #[serde(default)]
    pub time_zone: String,
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub video_url: String,
    /// One item per line.
    #[serde(default)]
    pub agenda: String,
    /// Indexes into [`DISCUSSION_PROMPTS`] (`input[prompts][]`).
    #[serde(default)]
    pub prompts: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PairSessionSpec {
    pub date: Date,
    pub start: Time,
    pub end: Time,
    pub time_zone: String,
    pub place: String,
    pub video_url: String,
    pub agenda: Vec<String>,
}

impl PairSessionInput {
    /// Checks the form; `today` is the proposer's date, so a session cannot be set in the past.
    pub fn parse(&self, today: Date) -> Result<PairSessionSpec, FieldError> {
        let day = date("date", &self.date)?;
        if day < today {
            return err("date", "This date is in the past.");
        }
        let start = time_of_day("start_time", &self.start_time)?;
        let end = time_of_day("end_time", &self.end_time)?;
        if end <= start {
            return err("end_time", "The session must end after it starts.");
        }
        let time_zone = text("time_zone", &self.time_zone, 64, true)?;
        let place = text("place", &self.place, 200, false)?;
        let video_url = video_link("video_url", &self.video_url)?;
        if place.is_empty() && video_url.is_empty() {
            return err("place", "Say where you meet, or give a video link.");
        }
        let mut agenda: Vec<String> = Vec::new();
        for raw in self
            .prompts
            .iter()
            .map(|p| p.trim())
            .filter(|p| !p.is_empty())
        {
            match raw
                .parse::<usize>()
                .ok()
                .and_then(|i| DISCUSSION_PROMPTS.get(i))
            {
                Some(prompt) if !agenda.iter().any(|a| a == prompt) => {
                    agenda.push((*prompt).into())
                }
                Some(_) => {}
                None => return err("prompts", format!("{raw:?} is not one of the prompts.")),
            }
        }
        for line in self.agenda.lines().map(str::trim).filter(|l| !l.is_empty()) {
            if line.chars().count() > 300 {
                return err("agenda", "Keep each agenda item to 300 characters.");
            }
            agenda.push(line.to_owned());
        }
        if agenda.len() > AGENDA_MAX {
            return err("agenda", format!("Use at most {AGENDA_MAX} agenda items."));
        }
        Ok(PairSessionSpec {
            date: day,
            start,
            end,
            time_zone,
            place,
            video_url,
            agenda,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, time};

    const TODAY: Date = date!(2026 - 11 - 25);

    fn input() -> PairSessionInput {
        PairSessionInput {
            date: "2026-12-02".into(),
            start_time: "16:00".into(),
            end_time: "16:45".into(),
            time_zone: "Europe/Lisbon".into(),
            video_url: "https://meet.example.com/ana-bo".into(),
            agenda: "Review the demo goal\n\n".into(),
            prompts: vec!["1".into()],
            ..Default::default()
        }
    }

    #[test]
    fn a_session_parses_with_prompts_first() {
        let spec = input().parse(TODAY).unwrap();
        assert_eq!((spec.start, spec.end), (time!(16:00), time!(16:45)));
        assert_eq!(
            spec.agenda,
            vec![
                DISCUSSION_PROMPTS[1].to_owned(),
                "Review the demo goal".into()
            ]
        );
    }

    #[test]
    fn mistakes_are_named_by_field() {
        let field = |i: PairSessionInput| i.parse(TODAY).unwrap_err().field;
        assert_eq!(
            field(PairSessionInput {
                end_time: "15:00".into(),
                ..input()
            }),
            "end_time"
        );
        assert_eq!(
            field(PairSessionInput {
                end_time: "16:00".into(),
                ..input()
            }),
            "end_time"
        );
        assert_eq!(
            field(PairSessionInput {
                date: "2026-11-24".into(),
                ..input()
            }),
            "date"
        );
        assert_eq!(
            field(PairSessionInput {
                start_time: "4pm".into(),
                ..input()
            }),
            "start_time"
        );
        assert_eq!(
            field(PairSessionInput {
                time_zone: "".into(),
                ..input()
            }),
            "time_zone"
        );
        assert_eq!(
            field(PairSessionInput {
                video_url: "javascript:alert(1)".into(),
                ..input()
            }),
            "video_url"
        );
        assert_eq!(
            field(PairSessionInput {
                video_url: "".into(),
                ..input()
            }),
            "place"
        );
        assert_eq!(
            field(PairSessionInput {
                prompts: vec!["99".into()],
                ..input()
            }),
            "prompts"
        );
        assert_eq!(
            field(PairSessionInput {
                agenda: "x".repeat(301),
                ..input()
            }),
            "agenda"
        );
        assert_eq!(
            field(PairSessionInput {
                agenda: "item\n".repeat(21),
                ..input()
            }),
            "agenda"
        );
    }
}
