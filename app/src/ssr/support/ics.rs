//! Calendar files (RFC 5545) for events: one event's `.ics` download, and the personal feed
//! that Google Calendar, Outlook and Apple Calendar subscribe to.
//!
//! Written here rather than with a builder crate because the one well-kept builder
//! (`icalendar`) cannot emit `VTIMEZONE`, and calendars need it to show an event at the time
//! the organiser meant, in the organiser's zone, across daylight-saving changes. The time
//! zone's rules come from chrono-tz: the offsets in force over the years the events span.

use chrono::{Offset, TimeZone, Utc};
use chrono_tz::{OffsetComponents, Tz};
use std::collections::BTreeSet;
use std::fmt::Write;
use std::str::FromStr;

/// One event as a calendar shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarEvent {
    /// Unique and stable across changes, e.g. `event-12@tandem.example.com`.
    pub uid: String,
    /// Bumped on every change so calendars replace their copy.
    pub sequence: i64,
    pub title: String,
    pub description: String,
    pub starts_at: i64,
    pub ends_at: i64,
    /// IANA zone the times are shown in; unknown zones fall back to UTC.
    pub time_zone: String,
    pub location: String,
    pub url: String,
    pub organizer: Option<(String, String)>,
    pub cancelled: bool,
    /// When the entry was last changed (Unix seconds).
    pub stamp: i64,
}

/// The host part of calendar UIDs, from the public URL: `https://tandem.example.com/` gives
/// `tandem.example.com`.
pub fn uid_host(base_url: &str) -> String {
    base_url
        .split("://")
        .nth(1)
        .unwrap_or("tandem")
        .split(['/', ':'])
        .next()
        .unwrap_or("tandem")
        .to_owned()
}

/// A calendar with `events`; `name` titles a subscribed feed.
pub fn calendar(events: &[CalendarEvent], name: Option<&str>) -> String {
    let mut out = Ics::default();
    out.line("BEGIN:VCALENDAR");
    out.line("VERSION:2.0");
    out.line("PRODID:-//Tandem//Peer mentoring//EN");
    out.line("CALSCALE:GREGORIAN");
    out.line("METHOD:PUBLISH");
    if let Some(name) = name {
        out.property("X-WR-CALNAME", &text(name));
    }
    let zones: BTreeSet<&str> = events.iter().map(|e| zone_name(&e.time_zone)).collect();
    for zone in zones {
        let years = events
            .iter()
            .filter(|e| zone_name(&e.time_zone) == zone)
            .flat_map(|e| [year_of(e.starts_at), year_of(e.ends_at)]);
        let (first, last) = years.fold((i32::MAX, i32::MIN), |(lo, hi), y| (lo.min(y), hi.max(y)));
        time_zone(&mut out, zone, first, last);
    }
    for event in events {
        vevent(&mut out, event);
    }
    out.line("END:VCALENDAR");
    out.0
}

fn zone_name(zone: &str) -> &str {
    if Tz::from_str(zone).is_ok() {
        zone
    } else {
        "UTC"
    }
}

fn year_of(at: i64) -> i32 {
    use chrono::Datelike;
    Utc.timestamp_opt(at, 0).single().map_or(1970, |d| d.year())
}

fn vevent(out: &mut Ics, event: &CalendarEvent) {
    let zone = zone_name(&event.time_zone);
    out.line("BEGIN:VEVENT");
    out.property("UID", &text(&event.uid));
    out.property("DTSTAMP", &utc(event.stamp));
    out.property(
        &format!("DTSTART;TZID={zone}"),
        &local(event.starts_at, zone),
    );
    out.property(&format!("DTEND;TZID={zone}"), &local(event.ends_at, zone));
    out.property("SEQUENCE", &event.sequence.to_string());
    out.property("SUMMARY", &text(&event.title));
    if !event.description.is_empty() {
        out.property("DESCRIPTION", &text(&event.description));
    }
    if !event.location.is_empty() {
        out.property("LOCATION", &text(&event.location));
    }
    if !event.url.is_empty() {
        out.property("URL", &event.url);
    }
    if let Some((name, email)) = &event.organizer {
        out.property(
            &format!("ORGANIZER;CN=\"{}\"", name.replace(['"', '\r', '\n'], "")),
            &format!("mailto:{email}"),
        );
    }
    out.property(
        "STATUS",
        if event.cancelled {
            "CANCELLED"
        } else {
            "CONFIRMED"
        },
    );
    out.line("END:VEVENT");
}

/// A `VTIMEZONE` with the offsets of `zone` from the start of `first` to the end of `last`:
/// the offset in force at the start, then every change.
fn time_zone(out: &mut Ics, zone: &str, first: i32, last: i32) {
    let tz = Tz::from_str(zone).unwrap_or(Tz::UTC);
    let start = Utc
        .with_ymd_and_hms(first, 1, 1, 0, 0, 0)
        .single()
        .map_or(0, |d| d.timestamp());
    let end = Utc
        .with_ymd_and_hms(last + 1, 1, 1, 0, 0, 0)
        .single()
        .map_or(start, |d| d.timestamp());
    out.line("BEGIN:VTIMEZONE");
    out.property("TZID", zone);
    let initial = offset_at(tz, start);
    observance(out, start, initial, initial);
    // Offsets change at most a few times a year; look day by day, then find the second.
    let mut before = initial;
    let mut day = start;
    while day < end {
        let next = day + 86_400;
        let after = offset_at(tz, next);
        if after != before {
            let (mut lo, mut hi) = (day, next);
            while hi - lo > 1 {
                let mid = lo + (hi - lo) / 2;
                if offset_at(tz, mid) == before {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            observance(out, hi, before, after);
            before = after;
        }
        day = next;
    }
    out.line("END:VTIMEZONE");
}

/// An offset from UTC in seconds and whether it is daylight-saving time.
type ZoneOffset = (i32, bool);

fn offset_at(tz: Tz, at: i64) -> ZoneOffset {
    let instant = Utc
        .timestamp_opt(at, 0)
        .single()
        .unwrap_or_default()
        .naive_utc();
    let offset = tz.offset_from_utc_datetime(&instant);
    (
        offset.fix().local_minus_utc(),
        offset.dst_offset().num_seconds() != 0,
    )
}

fn observance(out: &mut Ics, at: i64, from: ZoneOffset, to: ZoneOffset) {
    let kind = if to.1 { "DAYLIGHT" } else { "STANDARD" };
    out.line(&format!("BEGIN:{kind}"));
    // The onset in the local time that was in force before it.
    out.property("DTSTART", &floating(at + i64::from(from.0)));
    out.property("TZOFFSETFROM", &offset(from.0));
    out.property("TZOFFSETTO", &offset(to.0));
    out.line(&format!("END:{kind}"));
}

fn offset(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let s = seconds.abs();
    if s % 60 == 0 {
        format!("{sign}{:02}{:02}", s / 3600, s / 60 % 60)
    } else {
        format!("{sign}{:02}{:02}{:02}", s / 3600, s / 60 % 60, s % 60)
    }
}

fn utc(at: i64) -> String {
    format!("{}Z", floating(at))
}

fn floating(at: i64) -> String {
    Utc.timestamp_opt(at, 0)
        .single()
        .unwrap_or_default()
        .format("%Y%m%dT%H%M%S")
        .to_string()
}

fn local(at: i64, zone: &str) -> String {
    let tz = Tz::from_str(zone).unwrap_or(Tz::UTC);
    tz.timestamp_opt(at, 0)
        .single()
        .map(|d| d.format("%Y%m%dT%H%M%S").to_string())
        .unwrap_or_else(|| floating(at))
}

/// A TEXT value escaped as RFC 5545 §3.3.11 asks.
fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Lines end in CRLF and fold at 75 octets, never inside a character.
#[derive(Default)]
struct Ics(String);

impl Ics {
    fn property(&mut self, name: &str, value: &str) {
        self.line(&format!("{name}:{value}"));
    }

    fn line(&mut self, line: &str) {
        let mut width = 0;
        for c in line.chars() {
            let len = c.len_utf8();
            if width + len > 75 {
                self.0.push_str("\r\n ");
                width = 1;
            }
            self.0.push(c);
            width += len;
        }
        let _ = write!(self.0, "\r\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use icalendar::parser::{read_calendar, unfold, Component};

    /// 1 July 2027 09:00 and 1 December 2027 09:00 in Lisbon (summer UTC+1, winter UTC+0).
    const JULY_9AM_LISBON: i64 = 1_814_428_800;
    const DECEMBER_9AM_LISBON: i64 = 1_827_651_600;

    fn event(uid: &str, starts_at: i64) -> CalendarEvent {
        CalendarEvent {
            uid: uid.into(),
            sequence: 2,
            title: "Mentor Connect: coffee, questions; answers".into(),
            description: "Bring one question.\nSessões em português também — all welcome, \
                          whatever your level or team, and whichever office you sit in today."
                .into(),
            starts_at,
            ends_at: starts_at + 5_400,
            time_zone: "Europe/Lisbon".into(),
            location: "Lisbon office, 3rd floor".into(),
            url: "https://tandem.example.com/events/12".into(),
            organizer: Some(("Ana Lopez".into(), "ana@example.com".into())),
            cancelled: false,
            stamp: 1_800_000_000,
        }
    }

    fn prop<'a>(c: &'a Component<'a>, name: &str) -> String {
        c.find_prop(name)
            .map(|p| p.val.as_str().to_owned())
            .unwrap_or_else(|| panic!("{name} is missing"))
    }

    #[test]
    fn events_parse_back_with_their_time_zone_and_fields() {
        let mut cancelled = event("event-13@tandem.example.com", DECEMBER_9AM_LISBON);
        cancelled.cancelled = true;
        let ics = calendar(
            &[
                event("event-12@tandem.example.com", JULY_9AM_LISBON),
                cancelled,
            ],
            Some("Tandem events"),
        );
        let unfolded = unfold(&ics);
        let parsed = read_calendar(&unfolded).expect("a valid calendar");
        let events: Vec<&Component> = parsed
            .components
            .iter()
            .filter(|c| c.name.as_str() == "VEVENT")
            .collect();
        assert_eq!(events.len(), 2);
        let summer = events[0];
        let start = summer.find_prop("DTSTART").unwrap();
        assert_eq!(
            start.val.as_str(),
            "20270701T090000",
            "local time as planned"
        );
        assert_eq!(start.params[0].key.as_str(), "TZID");
        assert_eq!(
            start.params[0].val.as_ref().map(|v| v.as_str()),
            Some("Europe/Lisbon")
        );
        assert_eq!(prop(summer, "DTEND"), "20270701T103000");
        assert_eq!(prop(summer, "UID"), "event-12@tandem.example.com");
        assert_eq!(prop(summer, "SEQUENCE"), "2");
        assert_eq!(prop(summer, "STATUS"), "CONFIRMED");
        // Commas, semicolons and line breaks survive escaping.
        assert_eq!(prop(summer, "SUMMARY"), event("", 0).title);
        assert_eq!(prop(summer, "DESCRIPTION"), event("", 0).description);
        assert_eq!(prop(summer, "LOCATION"), "Lisbon office, 3rd floor");
        assert_eq!(prop(summer, "URL"), "https://tandem.example.com/events/12");
        assert_eq!(prop(summer, "ORGANIZER"), "mailto:ana@example.com");
        assert_eq!(prop(events[1], "STATUS"), "CANCELLED");
        assert_eq!(prop(events[1], "DTSTART"), "20271201T090000");

        // The zone: winter at +0000, summer from the last Sunday of March at +0100.
        let zone = parsed
            .components
            .iter()
            .find(|c| c.name.as_str() == "VTIMEZONE")
            .expect("a VTIMEZONE");
        assert_eq!(prop(zone, "TZID"), "Europe/Lisbon");
        let daylight: Vec<&Component> = zone
            .components
            .iter()
            .filter(|c| c.name.as_str() == "DAYLIGHT")
            .collect();
        assert_eq!(daylight.len(), 1);
        assert_eq!(prop(daylight[0], "DTSTART"), "20270328T010000");
        assert_eq!(prop(daylight[0], "TZOFFSETFROM"), "+0000");
        assert_eq!(prop(daylight[0], "TZOFFSETTO"), "+0100");
        let back = zone
            .components
            .iter()
            .filter(|c| c.name.as_str() == "STANDARD")
            .find(|c| prop(c, "TZOFFSETFROM") == "+0100")
            .expect("the return to winter time");
        assert_eq!(prop(back, "DTSTART"), "20271031T020000");
    }

    #[test]
    fn lines_end_in_crlf_and_fold_at_75_octets_between_characters() {
        let ics = calendar(
            &[event("event-1@tandem.example.com", JULY_9AM_LISBON)],
            None,
        );
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
        for line in ics.split("\r\n") {
            assert!(line.len() <= 75, "{line:?} is {} octets", line.len());
            assert!(!line.contains('\n'));
        }
        assert!(
            unfold(&ics).contains("whichever office you sit in today."),
            "folded text unfolds whole"
        );
    }

    #[test]
    fn an_unknown_zone_falls_back_to_utc() {
        let mut e = event("event-2@tandem.example.com", JULY_9AM_LISBON);
        e.time_zone = "Mars/Olympus_Mons".into();
        let ics = calendar(&[e], None);
        assert!(ics.contains("DTSTART;TZID=UTC:20270701T080000"));
        assert!(ics.contains("TZID:UTC"));
    }
}
