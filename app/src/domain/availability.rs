//! When a person is free for mentoring sessions: weekly windows in their own time zone, typed
//! as one line of ranges per day ("09:00-12:00, 14:00-17:30"), and optionally the private
//! free/busy address of their calendar, which Tandem reads to leave out the times they are
//! busy. Finding times that suit a whole group is `meeting_times` (server only, for the zone
//! data).

use super::field::{err, time_of_day, FieldError};
use super::notification::{hhmm, Day};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The longest calendar address accepted.
pub const CALENDAR_URL_MAX: usize = 2000;
/// The most ranges one day may hold.
const RANGES_PER_DAY_MAX: usize = 6;
/// The shortest range worth offering: a session fits in it.
const RANGE_MINUTES_MIN: u16 = 30;

/// One weekly window in the person's own zone: `day` from `from_minute` to `until_minute`
/// after local midnight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FreeWindow {
    pub day: Day,
    pub from_minute: u16,
    pub until_minute: u16,
}

impl FreeWindow {
    /// Whether `from..until` (minutes of `day`) lies inside this window.
    pub fn holds(&self, day: Day, from: u16, until: u16) -> bool {
        self.day == day && self.from_minute <= from && until <= self.until_minute
    }
}

/// The weekly windows of someone who set none: office hours on working days, so a pair can be
/// offered times before either has said when they are free.
pub fn usual_windows() -> Vec<FreeWindow> {
    [Day::Mon, Day::Tue, Day::Wed, Day::Thu, Day::Fri]
        .into_iter()
        .map(|day| FreeWindow {
            day,
            from_minute: 9 * 60,
            until_minute: 17 * 60,
        })
        .collect()
}

/// What a person said about when they are free.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Availability {
    /// Sorted by day and time, never overlapping; empty when the person set none.
    pub windows: Vec<FreeWindow>,
    /// A private `https://` address of an iCalendar file, or empty.
    pub calendar_url: String,
}

impl Availability {
    /// The windows to plan with: the person's own, or [`usual_windows`] when they set none.
    pub fn planning_windows(&self) -> Vec<FreeWindow> {
        if self.windows.is_empty() {
            usual_windows()
        } else {
            self.windows.clone()
        }
    }

    /// One day's ranges as the form shows them: "09:00-12:00, 14:00-17:30".
    pub fn day_text(&self, day: Day) -> String {
        self.windows
            .iter()
            .filter(|w| w.day == day)
            .map(|w| format!("{}-{}", hhmm(w.from_minute), hhmm(w.until_minute)))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The form's values for what is stored.
    pub fn input(&self) -> AvailabilityInput {
        AvailabilityInput {
            days: Day::ALL
                .iter()
                .map(|d| (d.as_str().to_owned(), self.day_text(*d)))
                .collect(),
            calendar_url: self.calendar_url.clone(),
        }
    }
}

/// The availability form as typed: ranges per day (`input[days][mon]` and so on) and the
/// calendar address.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AvailabilityInput {
    #[serde(default)]
    pub days: BTreeMap<String, String>,
    #[serde(default)]
    pub calendar_url: String,
}

impl AvailabilityInput {
    pub fn parse(&self) -> Result<Availability, FieldError> {
        for key in self.days.keys() {
            if Day::parse(key).is_none() {
                return err("days", format!("{key:?} is not a day of the week."));
            }
        }
        let mut windows = Vec::new();
        for day in Day::ALL.iter().copied() {
            let text = self.days.get(day.as_str()).map_or("", String::as_str);
            windows.extend(day_ranges(day, text)?);
        }
        Ok(Availability {
            windows,
            calendar_url: calendar_url(&self.calendar_url)?,
        })
    }
}

/// One day's ranges, sorted; overlapping or touching ranges are joined.
fn day_ranges(day: Day, text: &str) -> Result<Vec<FreeWindow>, FieldError> {
    let field = day.as_str();
    let example = "Write ranges like 09:00-12:00, 14:00-17:30.";
    let mut ranges: Vec<(u16, u16)> = Vec::new();
    for part in text
        .split([',', ';'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let Some((from, until)) = part.split_once(['-', '–', '—']) else {
            return err(
                field,
                format!("{part:?} is not a range of times. {example}"),
            );
        };
        let minute = |raw: &str| -> Result<u16, FieldError> {
            if raw.trim() == "24:00" {
                return Ok(24 * 60);
            }
            time_of_day(field, raw)
                .map(|t| u16::from(t.hour()) * 60 + u16::from(t.minute()))
                .or_else(|_| err(field, format!("{:?} is not a time. {example}", raw.trim())))
        };
        let (from, until) = (minute(from)?, minute(until)?);
        if until <= from {
            return err(field, format!("{part:?} ends before it starts. {example}"));
        }
        if until - from < RANGE_MINUTES_MIN {
            return err(
                field,
                format!(
                    "{part:?} is shorter than {RANGE_MINUTES_MIN} minutes: no session fits in it."
                ),
            );
        }
        ranges.push((from, until));
    }
    if ranges.len() > RANGES_PER_DAY_MAX {
        return err(
            field,
            format!("Give at most {RANGES_PER_DAY_MAX} ranges a day."),
        );
    }
    ranges.sort_unstable();
    let mut joined: Vec<(u16, u16)> = Vec::new();
    for (from, until) in ranges {
        match joined.last_mut() {
            Some(last) if from <= last.1 => last.1 = last.1.max(until),
            _ => joined.push((from, until)),
        }
    }
    Ok(joined
        .into_iter()
        .map(|(from_minute, until_minute)| FreeWindow {
            day,
            from_minute,
            until_minute,
        })
        .collect())
}

/// A calendar address as typed: empty, or an `http(s)://` address of a host, where the
/// `webcal://` that calendar apps hand out reads as `https://`.
pub fn calendar_url(raw: &str) -> Result<String, FieldError> {
    let field = "calendar_url";
    let url = raw.trim();
    if url.is_empty() {
        return Ok(String::new());
    }
    if url.len() > CALENDAR_URL_MAX {
        return err(
            field,
            format!("Keep the address under {CALENDAR_URL_MAX} characters."),
        );
    }
    let url = match url.strip_prefix("webcal://") {
        Some(rest) => format!("https://{rest}"),
        None => url.to_owned(),
    };
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    let host = rest.map(|r| r.split(['/', '?', '#']).next().unwrap_or_default());
    match host {
        _ if url.chars().any(char::is_whitespace) => {
            err(field, "A calendar address has no spaces in it.")
        }
        Some(host) if !host.is_empty() && !host.contains('@') => Ok(url),
        _ => err(
            field,
            "Paste the calendar's secret address in iCal format: it starts with https:// \
             (or webcal://).",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(days: &[(&str, &str)], url: &str) -> AvailabilityInput {
        AvailabilityInput {
            days: days
                .iter()
                .map(|(d, t)| ((*d).to_owned(), (*t).to_owned()))
                .collect(),
            calendar_url: url.to_owned(),
        }
    }

    #[test]
    fn ranges_are_read_sorted_and_joined() {
        let a = input(
            &[
                ("mon", "14:00-17:30, 09:00–12:00"),
                ("wed", "10:00-11:00; 10:30-12:00"),
                ("sun", "  "),
                ("fri", "18:00-24:00"),
            ],
            "",
        )
        .parse()
        .unwrap();
        assert_eq!(
            a.windows,
            vec![
                FreeWindow {
                    day: Day::Mon,
                    from_minute: 540,
                    until_minute: 720
                },
                FreeWindow {
                    day: Day::Mon,
                    from_minute: 840,
                    until_minute: 1050
                },
                FreeWindow {
                    day: Day::Wed,
                    from_minute: 600,
                    until_minute: 720
                },
                FreeWindow {
                    day: Day::Fri,
                    from_minute: 1080,
                    until_minute: 1440
                },
            ]
        );
        assert_eq!(a.day_text(Day::Mon), "09:00-12:00, 14:00-17:30");
        assert_eq!(a.input().days["fri"], "18:00-24:00");
        assert_eq!(a.input().days["tue"], "");
        assert_eq!(
            a.input().parse().unwrap(),
            a,
            "the form reads back the same"
        );
    }

    #[test]
    fn mistakes_name_the_day_and_what_is_wrong() {
        let e = input(&[("tue", "9-12")], "").parse().unwrap_err();
        assert_eq!(e.field, "tue");
        assert!(e.message.contains("\"9\" is not a time"), "{}", e.message);
        let e = input(&[("thu", "morning")], "").parse().unwrap_err();
        assert_eq!(e.field, "thu");
        assert!(e.message.contains("is not a range of times"));
        let e = input(&[("mon", "12:00-09:00")], "").parse().unwrap_err();
        assert!(e.message.contains("ends before it starts"));
        let e = input(&[("mon", "09:00-09:15")], "").parse().unwrap_err();
        assert!(e.message.contains("shorter than 30 minutes"));
        let e = input(&[("funday", "09:00-10:00")], "").parse().unwrap_err();
        assert_eq!(e.field, "days");
    }

    #[test]
    fn calendar_addresses_are_web_addresses() {
        assert_eq!(calendar_url("").unwrap(), "");
        assert_eq!(
            calendar_url(" webcal://cal.example.com/private/abc.ics ").unwrap(),
            "https://cal.example.com/private/abc.ics"
        );
        assert_eq!(
            calendar_url("http://127.0.0.1:8080/busy.ics").unwrap(),
            "http://127.0.0.1:8080/busy.ics"
        );
        for bad in [
            "javascript:alert(1)",
            "ftp://cal.example.com/a.ics",
            "https://",
            "https://user@host/x",
            "https://cal.example.com/a b.ics",
            "cal.example.com/a.ics",
        ] {
            assert_eq!(
                calendar_url(bad).unwrap_err().field,
                "calendar_url",
                "{bad}"
            );
        }
        let long = format!("https://cal.example.com/{}", "a".repeat(CALENDAR_URL_MAX));
        assert!(calendar_url(&long).is_err());
    }

    #[test]
    fn people_who_set_nothing_are_planned_in_office_hours() {
        let a = Availability::default();
        assert_eq!(a.planning_windows().len(), 5);
        assert!(a.planning_windows()[0].holds(Day::Mon, 9 * 60, 17 * 60));
        assert!(!a.planning_windows()[0].holds(Day::Mon, 8 * 60, 9 * 60));
    }
}
