//! The event form: what an organiser types, checked field by field.

use super::event::{Capacity, EventKind};
use super::field::{date, err, text, time_of_day, video_link, FieldError};
use serde::{Deserialize, Serialize};
use time::{Date, Time};

/// The event form as typed: a date, start and end times, and the zone they are meant in.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventInput {
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub kind: String,
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
    /// Empty: no limit.
    #[serde(default)]
    pub capacity: String,
    /// Empty: answers are taken until the event starts.
    #[serde(default)]
    pub rsvp_deadline: String,
    /// Program ids, one per ticked box (`input[programs][]`); none means everyone.
    #[serde(default)]
    pub programs: Vec<String>,
}

/// A checked event. Times are local to `time_zone`, which the server checks against the
/// time-zone database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventSpec {
    pub title: String,
    pub description: String,
    pub kind: EventKind,
    pub date: Date,
    pub start: Time,
    pub end: Time,
    pub time_zone: String,
    pub place: String,
    pub video_url: String,
    pub capacity: Option<Capacity>,
    pub rsvp_deadline: Option<Date>,
    pub programs: Vec<i64>,
}

impl EventInput {
    /// Checks the form; `today` is the organiser's date, so an event cannot be set in the past.
    pub fn parse(&self, today: Date) -> Result<EventSpec, FieldError> {
        let title = text("title", &self.title, 120, true)?;
        let description = text("description", &self.description, 10_000, false)?;
        let kind = EventKind::parse(&self.kind)
            .map_or_else(|| err("kind", "Choose the kind of event."), Ok)?;
        let day = date("date", &self.date)?;
        if day < today {
            return err("date", "This date is in the past.");
        }
        let start = time_of_day("start_time", &self.start_time)?;
        let end = time_of_day("end_time", &self.end_time)?;
        if end <= start {
            return err("end_time", "The event must end after it starts.");
        }
        let time_zone = text("time_zone", &self.time_zone, 64, true)?;
        let place = text("place", &self.place, 200, false)?;
        let video_url = video_link("video_url", &self.video_url)?;
        if place.is_empty() && video_url.is_empty() {
            return err("place", "Say where people meet, or give a video link.");
        }
        let capacity =
            Capacity::parse_optional(&self.capacity).or_else(|e| err("capacity", e.to_string()))?;
        let rsvp_deadline = if self.rsvp_deadline.trim().is_empty() {
            None
        } else {
            let d = date("rsvp_deadline", &self.rsvp_deadline)?;
            if d > day {
                return err(
                    "rsvp_deadline",
                    "The RSVP deadline must be on or before the event's date.",
                );
            }
            Some(d)
        };
        let mut programs = Vec::new();
        for raw in self
            .programs
            .iter()
            .map(|p| p.trim())
            .filter(|p| !p.is_empty())
        {
            match raw.parse::<i64>() {
                Ok(id) if id > 0 => {
                    if !programs.contains(&id) {
                        programs.push(id)
                    }
                }
                _ => return err("programs", format!("{raw:?} is not a program.")),
            }
        }
        Ok(EventSpec {
            title,
            description,
            kind,
            date: day,
            start,
            end,
            time_zone,
            place,
            video_url,
            capacity,
            rsvp_deadline,
            programs,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn input() -> EventInput {
        EventInput {
            title: "Mentor Connect".into(),
            kind: "mentor_connect".into(),
            date: "2026-12-03".into(),
            start_time: "09:00".into(),
            end_time: "10:30".into(),
            time_zone: "Europe/Lisbon".into(),
            place: "Lisbon office".into(),
            capacity: "20".into(),
            programs: vec!["3".into(), " 4".into(), "3".into()],
            ..Default::default()
        }
    }

    const TODAY: Date = date!(2026 - 11 - 24);

    fn problem(change: impl Fn(&mut EventInput)) -> (&'static str, String) {
        let mut i = input();
        change(&mut i);
        let e = i.parse(TODAY).unwrap_err();
        (e.field, e.message)
    }

    #[test]
    fn a_complete_form_parses() {
        let spec = input().parse(TODAY).unwrap();
        assert_eq!(spec.kind, EventKind::MentorConnect);
        assert_eq!(spec.capacity.map(Capacity::seats), Some(20));
        assert_eq!(spec.programs, [3, 4]);
        assert_eq!(spec.rsvp_deadline, None);
    }

    #[test]
    fn each_mistake_names_its_field() {
        assert_eq!(problem(|i| i.title = " ".into()).0, "title");
        assert_eq!(problem(|i| i.kind = "party".into()).0, "kind");
        assert_eq!(
            problem(|i| i.date = "2026-11-23".into()),
            ("date", "This date is in the past.".into())
        );
        assert_eq!(problem(|i| i.start_time = "9am".into()).0, "start_time");
        assert_eq!(
            problem(|i| i.end_time = "08:59".into()),
            ("end_time", "The event must end after it starts.".into())
        );
        assert_eq!(
            problem(|i| i.video_url = "javascript:alert(1)".into()).0,
            "video_url"
        );
        assert_eq!(
            problem(|i| i.place = String::new()).0,
            "place",
            "somewhere to meet is required"
        );
        assert_eq!(problem(|i| i.capacity = "0".into()).0, "capacity");
        assert_eq!(
            problem(|i| i.rsvp_deadline = "2026-12-04".into()).0,
            "rsvp_deadline"
        );
        assert_eq!(
            problem(|i| i.programs = vec!["3".into(), "x".into()]).0,
            "programs"
        );
        assert_eq!(problem(|i| i.title = "x".repeat(121)).0, "title");
    }
}
