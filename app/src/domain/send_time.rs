//! When a notification may go out: at once, later when the person's window opens, into their
//! digest, or not at all. Plain computation over the person's choices and time zone; the
//! delivery worker asks this for every notification it is about to send.

use super::notification::{Day, DeliveryMode, NotificationKind, NotificationPrefs, SendWindow};
use chrono::{Datelike, TimeZone, Timelike};

/// What to do with a notification now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SendTime {
    Now,
    /// Wait until this moment (Unix seconds), the next one the person's window allows.
    At(i64),
    /// Keep it for the person's weekly digest.
    Digest,
    /// Do not send it, for this reason.
    Skip(Skip),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Skip {
    /// The person turned this kind off.
    TurnedOff,
    /// The window opens only after the message stops being useful.
    TooLate,
}

impl Skip {
    /// Why, for the delivery log.
    pub fn reason(self) -> &'static str {
        match self {
            Skip::TurnedOff => "Not sent: this person turned these emails off.",
            Skip::TooLate => {
                "Not sent: it would only have arrived after it stopped being useful, because \
                 of this person's quiet hours."
            }
        }
    }
}

/// What to do at `at` with a notification of `kind` for someone with `prefs` in `zone`, that
/// is useless after `useful_until` when that is set.
pub fn send_time(
    prefs: &NotificationPrefs,
    zone: chrono_tz::Tz,
    kind: NotificationKind,
    at: i64,
    useful_until: Option<i64>,
) -> SendTime {
    match prefs.mode(kind) {
        DeliveryMode::Off => SendTime::Skip(Skip::TurnedOff),
        DeliveryMode::Digest => SendTime::Digest,
        DeliveryMode::Now => {
            let next = next_open(&prefs.window, zone, at);
            if next <= at {
                SendTime::Now
            } else if useful_until.is_some_and(|until| next > until) {
                SendTime::Skip(Skip::TooLate)
            } else {
                SendTime::At(next)
            }
        }
    }
}

/// The first moment at or after `at` inside `window` in `zone`.
pub fn next_open(window: &SendWindow, zone: chrono_tz::Tz, at: i64) -> i64 {
    let Some(local) = zone.timestamp_opt(at, 0).single() else {
        return at;
    };
    let minute = (local.hour() * 60 + local.minute()) as u16;
    if window.allows(day_of(local.weekday()), minute) {
        return at;
    }
    for ahead in 0..8 {
        let date = local.date_naive() + chrono::Days::new(ahead);
        if !window.days.contains(day_of(date.weekday())) {
            continue;
        }
        let opens = local_moment(zone, date, window.from_minute);
        if opens > at {
            return opens;
        }
    }
    at
}

/// The latest moment, not after `at`, when the person's digest was due: their digest day at
/// the start of their window, in `zone`. A digest gathers what was kept for it before then.
pub fn digest_due(prefs: &NotificationPrefs, zone: chrono_tz::Tz, at: i64) -> i64 {
    let Some(local) = zone.timestamp_opt(at, 0).single() else {
        return at;
    };
    let today = local.weekday().num_days_from_monday();
    let back = (today + 7 - prefs.digest_day.index()) % 7;
    let date = local.date_naive() - chrono::Days::new(u64::from(back));
    let due = local_moment(zone, date, prefs.window.from_minute);
    if due <= at {
        due
    } else {
        local_moment(zone, date - chrono::Days::new(7), prefs.window.from_minute)
    }
}

fn day_of(w: chrono::Weekday) -> Day {
    Day::from_index(w.num_days_from_monday())
}

/// `minute` after midnight of `date` in `zone`; when clocks skip that time, the moment after
/// the gap.
fn local_moment(zone: chrono_tz::Tz, date: chrono::NaiveDate, minute: u16) -> i64 {
    let mut naive = date.and_hms_opt(u32::from(minute / 60), u32::from(minute % 60), 0);
    for _ in 0..4 {
        let Some(n) = naive else { break };
        match zone.from_local_datetime(&n) {
            chrono::LocalResult::Single(t) => return t.timestamp(),
            chrono::LocalResult::Ambiguous(t, _) => return t.timestamp(),
            chrono::LocalResult::None => {
                naive = n.checked_add_signed(chrono::Duration::minutes(30))
            }
        }
    }
    date.and_hms_opt(12, 0, 0)
        .map_or(0, |n| zone.from_utc_datetime(&n).timestamp())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::notification::Weekdays;
    use chrono_tz::{America::New_York, Asia::Tokyo, Europe::Lisbon};

    /// The Unix time of a local wall-clock moment.
    fn local(zone: chrono_tz::Tz, y: i32, m: u32, d: u32, h: u32, min: u32) -> i64 {
        zone.with_ymd_and_hms(y, m, d, h, min, 0)
            .unwrap()
            .timestamp()
    }

    fn prefs() -> NotificationPrefs {
        NotificationPrefs::default()
    }

    #[test]
    fn inside_the_window_it_goes_at_once() {
        // Wednesday 2 December 2026, 10:00 in Lisbon.
        let at = local(Lisbon, 2026, 12, 2, 10, 0);
        assert_eq!(
            send_time(&prefs(), Lisbon, NotificationKind::Goals, at, None),
            SendTime::Now
        );
    }

    #[test]
    fn at_night_it_waits_for_eight_in_the_morning_where_the_person_is() {
        // The same instant is 23:00 in Lisbon, 18:00 in New York and 08:00 the next day in
        // Tokyo.
        let at = local(Lisbon, 2026, 12, 2, 23, 0);
        assert_eq!(
            send_time(&prefs(), Lisbon, NotificationKind::Goals, at, None),
            SendTime::At(local(Lisbon, 2026, 12, 3, 8, 0))
        );
        assert_eq!(
            send_time(&prefs(), New_York, NotificationKind::Goals, at, None),
            SendTime::Now
        );
        assert_eq!(
            send_time(&prefs(), Tokyo, NotificationKind::Goals, at, None),
            SendTime::Now
        );
        let tokyo_night = local(Tokyo, 2026, 12, 3, 2, 0);
        assert_eq!(
            send_time(&prefs(), Tokyo, NotificationKind::Goals, tokyo_night, None),
            SendTime::At(local(Tokyo, 2026, 12, 3, 8, 0))
        );
    }

    #[test]
    fn on_friday_evening_it_waits_for_monday() {
        let at = local(Lisbon, 2026, 12, 4, 20, 0);
        assert_eq!(
            next_open(&SendWindow::default(), Lisbon, at),
            local(Lisbon, 2026, 12, 7, 8, 0)
        );
        let weekend = SendWindow {
            days: Weekdays::of(&[Day::Sat]),
            ..SendWindow::default()
        };
        assert_eq!(
            next_open(&weekend, Lisbon, at),
            local(Lisbon, 2026, 12, 5, 8, 0)
        );
    }

    #[test]
    fn a_reminder_that_would_arrive_too_late_is_skipped() {
        // An hour-before reminder for a 07:30 session is useless at 08:00.
        let at = local(Lisbon, 2026, 12, 3, 6, 30);
        let session = local(Lisbon, 2026, 12, 3, 7, 30);
        assert_eq!(
            send_time(
                &prefs(),
                Lisbon,
                NotificationKind::Sessions,
                at,
                Some(session)
            ),
            SendTime::Skip(Skip::TooLate)
        );
        // One for 09:00 waits until 08:00.
        let later = local(Lisbon, 2026, 12, 3, 9, 0);
        assert_eq!(
            send_time(
                &prefs(),
                Lisbon,
                NotificationKind::Sessions,
                at,
                Some(later)
            ),
            SendTime::At(local(Lisbon, 2026, 12, 3, 8, 0))
        );
    }

    #[test]
    fn turned_off_and_digest_kinds_are_never_sent_on_their_own() {
        let p = prefs()
            .with(NotificationKind::Goals, DeliveryMode::Off)
            .with(NotificationKind::Events, DeliveryMode::Digest);
        let at = local(Lisbon, 2026, 12, 2, 10, 0);
        assert_eq!(
            send_time(&p, Lisbon, NotificationKind::Goals, at, None),
            SendTime::Skip(Skip::TurnedOff)
        );
        assert_eq!(
            send_time(&p, Lisbon, NotificationKind::Events, at, None),
            SendTime::Digest
        );
    }

    #[test]
    fn the_window_follows_daylight_saving_time() {
        // Lisbon moves to summer time on Sunday 28 March 2027: 08:00 on Monday is 07:00 UTC,
        // where the Friday before it was 08:00 UTC.
        let friday_night = local(Lisbon, 2027, 3, 26, 22, 0);
        let monday = next_open(&SendWindow::default(), Lisbon, friday_night);
        assert_eq!(monday, local(Lisbon, 2027, 3, 29, 8, 0));
        assert_eq!(monday % 86_400, 7 * 3600);
    }

    #[test]
    fn the_digest_is_due_on_its_day_at_the_start_of_the_window() {
        let p = NotificationPrefs {
            digest_day: Day::Mon,
            ..prefs()
        };
        // Monday 7 December 2026.
        assert_eq!(
            digest_due(&p, Lisbon, local(Lisbon, 2026, 12, 7, 7, 59)),
            local(Lisbon, 2026, 11, 30, 8, 0)
        );
        assert_eq!(
            digest_due(&p, Lisbon, local(Lisbon, 2026, 12, 7, 8, 0)),
            local(Lisbon, 2026, 12, 7, 8, 0)
        );
        assert_eq!(
            digest_due(&p, Lisbon, local(Lisbon, 2026, 12, 10, 15, 0)),
            local(Lisbon, 2026, 12, 7, 8, 0)
        );
    }
}
