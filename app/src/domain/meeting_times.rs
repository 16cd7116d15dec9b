//! Times that suit a whole group: the next few starts, each on a day of its own, when a
//! session of the given length lies inside every member's weekly windows in their own time
//! zone and overlaps nothing they are busy with. Plain arithmetic over a half-hour grid; the
//! zone data makes it server only.

use super::availability::FreeWindow;
use super::notification::Day;
use chrono::{Datelike, TimeZone, Timelike};

/// How long a suggested session is: the "structured but brief" session that fits a lunch break.
pub const SESSION_MINUTES: i64 = 45;
/// How many times a pair is offered.
pub const SUGGESTIONS: usize = 3;
/// Suggestions start this long from now, so a partner has time to answer.
pub const LEAD_SECS: i64 = 12 * 3600;
/// How far ahead suggestions are looked for.
pub const HORIZON_SECS: i64 = 14 * 86_400;
/// Starts fall on the half hour (in UTC, and so in every zone with a whole- or half-hour
/// offset).
const STEP_SECS: i64 = 1800;

/// One member of the group as the search sees them.
#[derive(Debug, Clone)]
pub struct Attendee<'a> {
    pub zone: chrono_tz::Tz,
    pub windows: &'a [FreeWindow],
    /// Busy spans as `[starts_at, ends_at)` Unix times, in any order.
    pub busy: &'a [(i64, i64)],
}

impl Attendee<'_> {
    /// Whether `[start, start + secs)` is inside one of the windows, on one local day, and
    /// clear of every busy span.
    fn free(&self, start: i64, secs: i64) -> bool {
        let end = start + secs;
        if self.busy.iter().any(|&(s, e)| s < end && start < e) {
            return false;
        }
        let (Some(first), Some(last)) = (
            self.zone.timestamp_opt(start, 0).single(),
            // The session's last minute: a session ending at midnight stays on its day.
            self.zone.timestamp_opt(end - 60, 0).single(),
        ) else {
            return false;
        };
        if first.date_naive() != last.date_naive() {
            return false;
        }
        let day = Day::from_index(first.weekday().num_days_from_monday());
        let from = (first.hour() * 60 + first.minute()) as u16;
        let until = (last.hour() * 60 + last.minute() + 1) as u16;
        self.windows.iter().any(|w| w.holds(day, from, until))
    }
}

/// Up to `count` starts from `from + LEAD_SECS` to `from + HORIZON_SECS` when a session of
/// `minutes` suits everyone, earliest first and at most one per day of the first attendee (the
/// person asking), so the choices are spread out.
pub fn suggest(attendees: &[Attendee], from: i64, minutes: i64, count: usize) -> Vec<i64> {
    let secs = minutes.max(1) * 60;
    let Some(asker) = attendees.first() else {
        return Vec::new();
    };
    let mut at = (from + LEAD_SECS).div_euclid(STEP_SECS) * STEP_SECS;
    if at < from + LEAD_SECS {
        at += STEP_SECS;
    }
    let mut found: Vec<i64> = Vec::new();
    let mut days_taken = Vec::new();
    while at < from + HORIZON_SECS && found.len() < count {
        let day = asker
            .zone
            .timestamp_opt(at, 0)
            .single()
            .map(|t| t.date_naive());
        if !days_taken.contains(&day) && attendees.iter().all(|a| a.free(at, secs)) {
            found.push(at);
            days_taken.push(day);
        }
        at += STEP_SECS;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::availability::usual_windows;
    use chrono_tz::{America::New_York, Asia::Tokyo, Europe::Lisbon};

    /// Monday 7 December 2026, 00:00 UTC.
    const MONDAY: i64 = 1_796_601_600;
    const H: i64 = 3600;

    fn window(day: Day, from_h: u16, until_h: u16) -> FreeWindow {
        FreeWindow {
            day,
            from_minute: from_h * 60,
            until_minute: until_h * 60,
        }
    }

    fn local(zone: chrono_tz::Tz, at: i64) -> String {
        zone.timestamp_opt(at, 0)
            .unwrap()
            .format("%a %H:%M")
            .to_string()
    }

    #[test]
    fn the_monday_constant_is_a_monday_midnight() {
        let t = chrono::Utc.timestamp_opt(MONDAY, 0).unwrap();
        assert_eq!(
            t.format("%A %Y-%m-%d %H:%M").to_string(),
            "Monday 2026-12-07 00:00"
        );
    }

    #[test]
    fn office_hours_in_one_zone_give_one_time_a_day_from_the_lead() {
        let usual = usual_windows();
        let ana = Attendee {
            zone: Lisbon,
            windows: &usual,
            busy: &[],
        };
        // Asked on Sunday at 23:10: the lead time puts the first start at Monday 11:30.
        let found = suggest(&[ana.clone(), ana], MONDAY - 50 * 60, 45, SUGGESTIONS);
        let shown: Vec<String> = found.iter().map(|t| local(Lisbon, *t)).collect();
        assert_eq!(shown, ["Mon 11:30", "Tue 09:00", "Wed 09:00"]);
    }

    #[test]
    fn tokyo_and_new_york_meet_where_their_days_overlap() {
        // Ana in Tokyo is free 07:00-10:00 on weekdays; Bo in New York 16:00-20:00.
        let ana_w: Vec<FreeWindow> = [Day::Mon, Day::Tue, Day::Wed, Day::Thu, Day::Fri]
            .into_iter()
            .map(|d| window(d, 7, 10))
            .collect();
        let bo_w: Vec<FreeWindow> = [Day::Mon, Day::Tue, Day::Wed, Day::Thu, Day::Fri]
            .into_iter()
            .map(|d| window(d, 16, 20))
            .collect();
        let ana = Attendee {
            zone: Tokyo,
            windows: &ana_w,
            busy: &[],
        };
        let bo = Attendee {
            zone: New_York,
            windows: &bo_w,
            busy: &[],
        };
        let found = suggest(&[ana.clone(), bo.clone()], MONDAY, 60, 3);
        let for_ana: Vec<String> = found.iter().map(|t| local(Tokyo, *t)).collect();
        let for_bo: Vec<String> = found.iter().map(|t| local(New_York, *t)).collect();
        // Tokyo is 14 hours ahead: 07:00 there is 17:00 the day before in New York, and Bo's
        // Friday evening is Ana's Saturday morning, which she keeps free.
        assert_eq!(for_ana, ["Tue 07:00", "Wed 07:00", "Thu 07:00"]);
        assert_eq!(for_bo, ["Mon 17:00", "Tue 17:00", "Wed 17:00"]);
        for t in &found {
            assert!(ana.free(*t, 3600) && bo.free(*t, 3600));
        }
    }

    #[test]
    fn busy_times_and_short_windows_are_left_out() {
        let w = vec![window(Day::Mon, 9, 12), window(Day::Tue, 9, 10)];
        // Busy on Monday 09:00-11:30 UTC (Lisbon is UTC in winter).
        let busy = [(MONDAY + 9 * H, MONDAY + 11 * H + 1800)];
        let ana = Attendee {
            zone: Lisbon,
            windows: &w,
            busy: &busy,
        };
        let found = suggest(&[ana], MONDAY - LEAD_SECS, 45, 3);
        let shown: Vec<String> = found.iter().map(|t| local(Lisbon, *t)).collect();
        // Monday only 11:30-12:00 is left: too short for 45 minutes. Tuesday fits at 09:00;
        // the next Monday and Tuesday follow.
        assert_eq!(shown, ["Tue 09:00", "Mon 09:00", "Tue 09:00"]);
        assert!(found[1] - found[0] > 5 * 86_400);
    }

    #[test]
    fn nobody_free_together_gives_nothing() {
        let mornings = vec![window(Day::Mon, 8, 10)];
        let evenings = vec![window(Day::Mon, 18, 20)];
        let a = Attendee {
            zone: Lisbon,
            windows: &mornings,
            busy: &[],
        };
        let b = Attendee {
            zone: Lisbon,
            windows: &evenings,
            busy: &[],
        };
        assert!(suggest(&[a, b], MONDAY, 30, 3).is_empty());
        assert!(suggest(&[], MONDAY, 30, 3).is_empty());
    }

    #[test]
    fn a_session_never_runs_past_the_end_of_a_window_or_a_day() {
        let late = vec![window(Day::Mon, 23, 24)];
        let a = Attendee {
            zone: Lisbon,
            windows: &late,
            busy: &[],
        };
        assert!(a.free(MONDAY + 23 * H, 3600), "23:00-24:00 fits exactly");
        assert!(!a.free(MONDAY + 23 * H + 1800, 3600), "runs into Tuesday");
    }
}
