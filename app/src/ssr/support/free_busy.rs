//! Reading a person's private calendar address (iCalendar, RFC 5545) for the times they are
//! busy: events (single and recurring, through `icalendar` and its `rrule` expansion) and
//! `VFREEBUSY` periods. Only when someone is busy is kept, never what the event is.
//!
//! Events marked free (`TRANSP:TRANSPARENT`) or cancelled do not count. Times without a zone
//! (floating times and all-day events) are read in the person's own zone, and so are times
//! in a zone the time-zone database does not know (calendars exported with Windows zone names).

use chrono::{NaiveDateTime, TimeZone, Utc};
use icalendar::{
    CalendarComponent, CalendarDateTime, Component, DatePerhapsTime, EventLike, EventStatus,
};
use std::str::FromStr;

/// The most busy spans kept for one person: a calendar with more within the horizon is read
/// up to this many.
pub const BUSY_MAX: usize = 2000;
/// The most occurrences one recurring event yields within the horizon.
const OCCURRENCES_MAX: u16 = 500;

/// The busy spans of `ics` that overlap `[from, to)`, merged and sorted; the error says what
/// is wrong with a file that is no calendar.
pub fn busy_spans(
    ics: &str,
    zone: chrono_tz::Tz,
    from: i64,
    to: i64,
) -> Result<Vec<(i64, i64)>, String> {
    if !ics.trim_start().starts_with("BEGIN:VCALENDAR") {
        return Err("the address did not return an iCalendar file (BEGIN:VCALENDAR)".into());
    }
    let calendar = icalendar::Calendar::from_str(ics)
        .map_err(|e| format!("the calendar could not be read: {}", first_line(&e)))?;
    let mut spans = Vec::new();
    for component in &calendar.components {
        match component {
            CalendarComponent::Event(event) => {
                let cancelled = event.get_status() == Some(EventStatus::Cancelled);
                let free = event
                    .property_value("TRANSP")
                    .is_some_and(|t| t.eq_ignore_ascii_case("TRANSPARENT"));
                if !cancelled && !free {
                    event_spans(event, zone, from, to, &mut spans);
                }
            }
            CalendarComponent::Other(other) if other.component_kind() == "VFREEBUSY" => {
                for period in other
                    .multi_properties()
                    .get("FREEBUSY")
                    .into_iter()
                    .flatten()
                {
                    let busy = period
                        .params()
                        .get("FBTYPE")
                        .is_none_or(|t| !t.value().eq_ignore_ascii_case("FREE"));
                    if busy {
                        spans.extend(period.value().split(',').filter_map(freebusy_period));
                    }
                }
            }
            _ => {}
        }
    }
    spans.retain(|&(s, e)| s < to && from < e && s < e);
    spans.sort_unstable();
    let mut merged: Vec<(i64, i64)> = Vec::new();
    for (s, e) in spans {
        match merged.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    merged.truncate(BUSY_MAX);
    Ok(merged)
}

fn first_line(e: &str) -> String {
    e.lines()
        .next()
        .unwrap_or_default()
        .chars()
        .take(120)
        .collect()
}

/// The spans of one event, each occurrence of a recurring one within `[from, to)`.
fn event_spans(
    event: &icalendar::Event,
    zone: chrono_tz::Tz,
    from: i64,
    to: i64,
    out: &mut Vec<(i64, i64)>,
) {
    let Some(start) = event.get_start() else {
        return;
    };
    let Some(starts_at) = instant(&start, zone) else {
        return;
    };
    let length = match (event.get_end(), &start) {
        (Some(end), _) => instant(&end, zone).map_or(0, |e| e - starts_at),
        (None, DatePerhapsTime::Date(_)) => 86_400,
        (None, _) => event
            .property_value("DURATION")
            .and_then(iso_duration_secs)
            .unwrap_or(0),
    };
    if length <= 0 {
        return;
    }
    let recurring =
        event.property_value("RRULE").is_some() || event.property_value("RDATE").is_some();
    if !recurring {
        out.push((starts_at, starts_at + length));
        return;
    }
    let Ok(set) = event.get_recurrence() else {
        // A rule the expansion cannot read still blocks its first occurrence.
        out.push((starts_at, starts_at + length));
        return;
    };
    let utc = |t: i64| rrule::Tz::UTC.timestamp_opt(t, 0).single();
    let (Some(after), Some(before)) = (utc(from - length), utc(to)) else {
        return;
    };
    for occurrence in set.after(after).before(before).all(OCCURRENCES_MAX).dates {
        let s = occurrence.timestamp();
        out.push((s, s + length));
    }
}

/// A start or end as a Unix time; times without a known zone are read in `zone`.
fn instant(t: &DatePerhapsTime, zone: chrono_tz::Tz) -> Option<i64> {
    let local = |naive: NaiveDateTime, zone: chrono_tz::Tz| {
        zone.from_local_datetime(&naive)
            .earliest()
            .map(|t| t.timestamp())
    };
    match t {
        DatePerhapsTime::Date(d) => local(d.and_hms_opt(0, 0, 0)?, zone),
        DatePerhapsTime::DateTime(CalendarDateTime::Utc(t)) => Some(t.timestamp()),
        DatePerhapsTime::DateTime(CalendarDateTime::Floating(naive)) => local(*naive, zone),
        DatePerhapsTime::DateTime(CalendarDateTime::WithTimezone { date_time, tzid }) => {
            let named = chrono_tz::Tz::from_str(tzid).unwrap_or(zone);
            local(*date_time, named)
        }
    }
}

/// A `FREEBUSY` period in UTC: `start/end` or `start/duration`.
fn freebusy_period(period: &str) -> Option<(i64, i64)> {
    let (start, rest) = period.trim().split_once('/')?;
    let utc = |s: &str| {
        NaiveDateTime::parse_from_str(s, "%Y%m%dT%H%M%SZ")
            .ok()
            .map(|t| Utc.from_utc_datetime(&t).timestamp())
    };
    let start = utc(start)?;
    let end = match utc(rest) {
        Some(end) => end,
        None => start + iso_duration_secs(rest)?,
    };
    Some((start, end))
}

/// An RFC 5545 duration such as `PT1H30M`, `P1D` or `P2W`, in seconds.
fn iso_duration_secs(raw: &str) -> Option<i64> {
    let raw = raw.trim().trim_start_matches('+');
    let body = raw.strip_prefix('P')?;
    let (mut secs, mut number) = (0_i64, String::new());
    for c in body.chars() {
        match c {
            '0'..='9' => number.push(c),
            'T' => {}
            unit => {
                let n: i64 = number.parse().ok()?;
                number.clear();
                secs += n * match unit {
                    'W' => 7 * 86_400,
                    'D' => 86_400,
                    'H' => 3600,
                    'M' => 60,
                    'S' => 1,
                    _ => return None,
                };
            }
        }
    }
    number.is_empty().then_some(secs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::Europe::Lisbon;

    /// Monday 7 December 2026, 00:00 UTC (Lisbon keeps UTC in winter).
    const MONDAY: i64 = 1_796_601_600;
    const H: i64 = 3600;
    const WEEK: i64 = 7 * 86_400;

    fn calendar(body: &str) -> String {
        format!(
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Example//Calendar//EN\r\n{body}END:VCALENDAR\r\n"
        )
    }

    #[test]
    fn single_recurring_and_all_day_events_are_busy_and_free_ones_are_not() {
        let ics = calendar(
            "BEGIN:VEVENT\r\nUID:1\r\nDTSTART:20261207T100000Z\r\nDTEND:20261207T110000Z\r\nSUMMARY:Dentist\r\nEND:VEVENT\r\n\
             BEGIN:VEVENT\r\nUID:2\r\nDTSTART;TZID=America/New_York:20261208T090000\r\nDTEND;TZID=America/New_York:20261208T093000\r\nRRULE:FREQ=WEEKLY;COUNT=3\r\nSUMMARY:Stand-up\r\nEND:VEVENT\r\n\
             BEGIN:VEVENT\r\nUID:3\r\nDTSTART;VALUE=DATE:20261210\r\nSUMMARY:Offsite\r\nEND:VEVENT\r\n\
             BEGIN:VEVENT\r\nUID:4\r\nDTSTART:20261209T150000Z\r\nDURATION:PT2H\r\nTRANSP:TRANSPARENT\r\nSUMMARY:Focus (free)\r\nEND:VEVENT\r\n\
             BEGIN:VEVENT\r\nUID:5\r\nDTSTART:20261209T080000Z\r\nDURATION:PT1H\r\nSTATUS:CANCELLED\r\nEND:VEVENT\r\n",
        );
        let spans = busy_spans(&ics, Lisbon, MONDAY, MONDAY + 3 * WEEK).unwrap();
        let standup = MONDAY + 86_400 + 14 * H; // 09:00 in New York is 14:00 UTC
        assert_eq!(
            spans,
            vec![
                (MONDAY + 10 * H, MONDAY + 11 * H),
                (standup, standup + 1800),
                (MONDAY + 3 * 86_400, MONDAY + 4 * 86_400),
                (standup + WEEK, standup + WEEK + 1800),
                (standup + 2 * WEEK, standup + 2 * WEEK + 1800),
            ]
        );
        // Only what overlaps the horizon is kept.
        let first_week = busy_spans(&ics, Lisbon, MONDAY, MONDAY + WEEK).unwrap();
        assert_eq!(first_week.len(), 3);
    }

    #[test]
    fn free_busy_periods_are_read_and_overlaps_merged() {
        let ics = calendar(
            "BEGIN:VFREEBUSY\r\nUID:fb\r\nDTSTART:20261207T000000Z\r\nDTEND:20261221T000000Z\r\n\
             FREEBUSY:20261207T090000Z/20261207T100000Z,20261207T093000Z/PT1H\r\n\
             FREEBUSY;FBTYPE=FREE:20261208T090000Z/20261208T170000Z\r\n\
             FREEBUSY;FBTYPE=BUSY-TENTATIVE:20261209T120000Z/PT30M\r\nEND:VFREEBUSY\r\n",
        );
        let spans = busy_spans(&ics, Lisbon, MONDAY, MONDAY + WEEK).unwrap();
        assert_eq!(
            spans,
            vec![
                (MONDAY + 9 * H, MONDAY + 10 * H + 1800),
                (
                    MONDAY + 2 * 86_400 + 12 * H,
                    MONDAY + 2 * 86_400 + 12 * H + 1800
                ),
            ]
        );
    }

    #[test]
    fn what_is_no_calendar_says_so() {
        let e = busy_spans("<html>Sign in</html>", Lisbon, MONDAY, MONDAY + WEEK).unwrap_err();
        assert!(e.contains("did not return an iCalendar file"), "{e}");
        assert_eq!(
            busy_spans(&calendar(""), Lisbon, MONDAY, MONDAY + WEEK).unwrap(),
            vec![]
        );
    }

    #[test]
    fn durations_read_as_seconds() {
        assert_eq!(iso_duration_secs("PT1H30M"), Some(5400));
        assert_eq!(iso_duration_secs("P1D"), Some(86_400));
        assert_eq!(iso_duration_secs("P1W"), Some(WEEK));
        assert_eq!(iso_duration_secs("PT"), Some(0));
        assert_eq!(iso_duration_secs("1H"), None);
        assert_eq!(iso_duration_secs("PT5"), None);
    }
}
