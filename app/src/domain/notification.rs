//! How often a person hears from Tandem: each kind of email on, in a weekly digest, or off, and
//! the hours and days, in their own time zone, when email may arrive. Account mail (password
//! resets, invitations) is not a kind: it always goes at once.

use super::choice::choice_enum;
use super::field::{err, time_of_day, FieldError};
use serde::{Deserialize, Serialize};

choice_enum!(
    /// A kind of email a person can turn off or gather in a digest.
    NotificationKind {
        Matches => ("matches", "New matches and changes to your match"),
        Sessions => ("sessions", "Session agendas, reminders and “did you meet?”"),
        Nudges => ("nudges", "A nudge when you and your match have not met yet"),
        Goals => ("goals", "Goal check-in reminders"),
        Programs => ("programs", "Programs opening and closing for enrollment"),
        Events => ("events", "Event invitations, reminders and seats"),
        Reviews => ("reviews", "Rounds and requests to review, for program admins"),
        Surveys => ("surveys", "Short surveys about how your program is going"),
    }
);

impl NotificationKind {
    /// A fixed number per kind for signed links; never reused.
    pub fn number(self) -> i64 {
        match self {
            NotificationKind::Matches => 1,
            NotificationKind::Sessions => 2,
            NotificationKind::Nudges => 3,
            NotificationKind::Goals => 4,
            NotificationKind::Programs => 5,
            NotificationKind::Events => 6,
            NotificationKind::Reviews => 7,
            NotificationKind::Surveys => 8,
        }
    }

    pub fn from_number(n: i64) -> Option<Self> {
        Self::ALL.iter().copied().find(|k| k.number() == n)
    }

    /// How the kind reads in "You will no longer get emails about …".
    pub fn about(self) -> &'static str {
        match self {
            NotificationKind::Matches => "new matches and changes to your match",
            NotificationKind::Sessions => "session agendas and reminders",
            NotificationKind::Nudges => "meeting your match",
            NotificationKind::Goals => "goal check-ins",
            NotificationKind::Programs => "programs opening and closing",
            NotificationKind::Events => "events",
            NotificationKind::Reviews => "rounds and requests to review",
            NotificationKind::Surveys => "short surveys about your program",
        }
    }
}

choice_enum!(
    /// What happens to a kind of email.
    DeliveryMode {
        Now => ("now", "Email me"),
        Digest => ("digest", "In my weekly digest"),
        Off => ("off", "Off"),
    }
);

choice_enum!(
    /// A day of the week.
    Day {
        Mon => ("mon", "Monday"),
        Tue => ("tue", "Tuesday"),
        Wed => ("wed", "Wednesday"),
        Thu => ("thu", "Thursday"),
        Fri => ("fri", "Friday"),
        Sat => ("sat", "Saturday"),
        Sun => ("sun", "Sunday"),
    }
);

impl Day {
    /// Monday is 0.
    pub fn index(self) -> u32 {
        Self::ALL.iter().position(|d| *d == self).unwrap_or(0) as u32
    }

    pub fn from_index(i: u32) -> Day {
        Self::ALL[(i % 7) as usize]
    }
}

/// A set of days of the week, Monday first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Weekdays(u8);

impl Weekdays {
    pub const WORKING: Weekdays = Weekdays(0b0001_1111);

    pub fn of(days: &[Day]) -> Weekdays {
        Weekdays(days.iter().fold(0, |bits, d| bits | (1 << d.index())))
    }

    pub fn contains(self, day: Day) -> bool {
        self.0 & (1 << day.index()) != 0
    }

    pub fn days(self) -> Vec<Day> {
        Day::ALL
            .iter()
            .copied()
            .filter(|d| self.contains(*d))
            .collect()
    }

    pub fn bits(self) -> i64 {
        i64::from(self.0)
    }

    /// A stored set; `None` for a number that is no set of days.
    pub fn from_bits(bits: i64) -> Option<Weekdays> {
        (1..=127).contains(&bits).then_some(Weekdays(bits as u8))
    }
}

/// When email may arrive: from `from_minute` to `until_minute` after local midnight on `days`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SendWindow {
    pub from_minute: u16,
    pub until_minute: u16,
    pub days: Weekdays,
}

impl Default for SendWindow {
    /// 08:00 to 19:00, Monday to Friday.
    fn default() -> Self {
        SendWindow {
            from_minute: 8 * 60,
            until_minute: 19 * 60,
            days: Weekdays::WORKING,
        }
    }
}

impl SendWindow {
    /// Any hour of any day: for organisations that want email to go out at once.
    pub const ANY_TIME: SendWindow = SendWindow {
        from_minute: 0,
        until_minute: 24 * 60,
        days: Weekdays(0b0111_1111),
    };

    /// A window from the form: `HH:MM` times (the end may be `24:00`) and ticked days.
    pub fn parse(from: &str, until: &str, days: &[String]) -> Result<SendWindow, FieldError> {
        let minute = |field: &'static str, raw: &str| {
            if field == "send_until" && raw.trim() == "24:00" {
                return Ok(24 * 60);
            }
            time_of_day(field, raw).map(|t| u16::from(t.hour()) * 60 + u16::from(t.minute()))
        };
        let from_minute = minute("send_from", from)?;
        let until_minute = minute("send_until", until)?;
        if until_minute <= from_minute {
            return err(
                "send_until",
                "Choose an end after the start, like 08:00 to 19:00.",
            );
        }
        if until_minute - from_minute < 60 {
            return err("send_until", "Leave at least an hour for email to arrive.");
        }
        let mut chosen = Vec::new();
        for raw in days {
            match Day::parse(raw) {
                Some(d) => chosen.push(d),
                None => return err("days", format!("{raw:?} is not a day of the week.")),
            }
        }
        if chosen.is_empty() {
            return err("days", "Choose at least one day when email may arrive.");
        }
        Ok(SendWindow {
            from_minute,
            until_minute,
            days: Weekdays::of(&chosen),
        })
    }

    /// The window as the form shows it: start, end and ticked days.
    pub fn fields(&self) -> (String, String, Vec<String>) {
        (
            hhmm(self.from_minute),
            hhmm(self.until_minute),
            self.days
                .days()
                .iter()
                .map(|d| d.as_str().to_owned())
                .collect(),
        )
    }

    /// Whether minute `minute` of `day` is inside the window.
    pub fn allows(&self, day: Day, minute: u16) -> bool {
        self.days.contains(day) && (self.from_minute..self.until_minute).contains(&minute)
    }

    /// "08:00–19:00, Monday to Friday".
    pub fn describe(&self) -> String {
        let days = self.days.days();
        if *self == SendWindow::ANY_TIME {
            return "any time".to_owned();
        }
        let days = if self.days == Weekdays::WORKING {
            "Monday to Friday".to_owned()
        } else if days.len() == 7 {
            "every day".to_owned()
        } else {
            days.iter()
                .map(|d| d.label())
                .collect::<Vec<_>>()
                .join(", ")
        };
        format!(
            "{}–{}, {days}",
            hhmm(self.from_minute),
            hhmm(self.until_minute)
        )
    }
}

/// Minutes after midnight as "HH:MM".
pub fn hhmm(minute: u16) -> String {
    format!("{:02}:{:02}", minute / 60, minute % 60)
}

/// A person's choices; everyone starts with every kind at once, 08:00–19:00 on working days
/// and a Monday digest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationPrefs {
    /// Kinds not listed are sent at once.
    pub modes: Vec<(NotificationKind, DeliveryMode)>,
    pub window: SendWindow,
    pub digest_day: Day,
}

impl Default for NotificationPrefs {
    fn default() -> Self {
        NotificationPrefs {
            modes: Vec::new(),
            window: SendWindow::default(),
            digest_day: Day::Mon,
        }
    }
}

impl NotificationPrefs {
    pub fn mode(&self, kind: NotificationKind) -> DeliveryMode {
        self.modes
            .iter()
            .find(|(k, _)| *k == kind)
            .map_or(DeliveryMode::Now, |(_, m)| *m)
    }

    /// The same choices with `kind` set to `mode`.
    pub fn with(mut self, kind: NotificationKind, mode: DeliveryMode) -> Self {
        self.modes.retain(|(k, _)| *k != kind);
        self.modes.push((kind, mode));
        self.modes.sort_by_key(|(k, _)| k.number());
        self
    }

    /// The form filled in with these choices.
    pub fn input(&self) -> NotificationInput {
        let (send_from, send_until, days) = self.window.fields();
        NotificationInput {
            modes: NotificationKind::ALL
                .iter()
                .map(|k| (k.as_str().to_owned(), self.mode(*k).as_str().to_owned()))
                .collect(),
            send_from,
            send_until,
            days,
            digest_day: self.digest_day.as_str().to_owned(),
        }
    }
}

/// The preferences form as typed: a mode per kind (`input[modes][matches]` and so on), the
/// window as `HH:MM` times, the ticked days, and the digest's day.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationInput {
    #[serde(default)]
    pub modes: std::collections::BTreeMap<String, String>,
    #[serde(default)]
    pub send_from: String,
    #[serde(default)]
    pub send_until: String,
    #[serde(default)]
    pub days: Vec<String>,
    #[serde(default)]
    pub digest_day: String,
}

impl NotificationInput {
    pub fn parse(&self) -> Result<NotificationPrefs, FieldError> {
        let mut modes = Vec::new();
        for (kind, mode) in &self.modes {
            let Some(kind) = NotificationKind::parse(kind) else {
                return err("modes", format!("{kind:?} is not a kind of email."));
            };
            let Some(mode) = DeliveryMode::parse(mode) else {
                return err(
                    "modes",
                    format!("Choose how to get {}: email, digest or off.", kind.about()),
                );
            };
            modes.push((kind, mode));
        }
        modes.sort_by_key(|(k, _)| k.number());
        let window = SendWindow::parse(&self.send_from, &self.send_until, &self.days)?;
        let digest_day = Day::parse(&self.digest_day)
            .map_or_else(|| err("digest_day", "Choose the day of your digest."), Ok)?;
        Ok(NotificationPrefs {
            modes,
            window,
            digest_day,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> NotificationInput {
        NotificationPrefs::default().input()
    }

    #[test]
    fn the_defaults_read_back_from_their_own_form() {
        let prefs = input().parse().unwrap();
        assert_eq!(prefs.window, SendWindow::default());
        assert_eq!(prefs.mode(NotificationKind::Goals), DeliveryMode::Now);
        assert_eq!(prefs.window.describe(), "08:00–19:00, Monday to Friday");
    }

    #[test]
    fn each_mistake_is_named() {
        let mut i = input();
        i.send_until = "07:00".into();
        assert_eq!(i.parse().unwrap_err().field, "send_until");
        let mut i = input();
        i.send_from = "8am".into();
        assert_eq!(i.parse().unwrap_err().field, "send_from");
        let mut i = input();
        i.days.clear();
        assert!(i.parse().unwrap_err().message.contains("at least one day"));
        let mut i = input();
        i.modes.insert("goals".into(), "sometimes".into());
        assert!(i.parse().unwrap_err().message.contains("goal check-ins"));
        let mut i = input();
        i.digest_day = "someday".into();
        assert_eq!(i.parse().unwrap_err().field, "digest_day");
    }

    #[test]
    fn kinds_keep_their_numbers() {
        for kind in NotificationKind::ALL {
            assert_eq!(NotificationKind::from_number(kind.number()), Some(*kind));
        }
        assert_eq!(NotificationKind::from_number(0), None);
    }

    #[test]
    fn a_window_allows_its_hours_on_its_days() {
        let w = SendWindow::default();
        assert!(w.allows(Day::Mon, 8 * 60));
        assert!(!w.allows(Day::Mon, 19 * 60), "the end is not inside");
        assert!(!w.allows(Day::Sat, 12 * 60));
        assert_eq!(
            Weekdays::from_bits(Weekdays::WORKING.bits()),
            Some(Weekdays::WORKING)
        );
        assert_eq!(Weekdays::from_bits(0), None);
        let any = SendWindow::parse("00:00", "24:00", &SendWindow::ANY_TIME.fields().2).unwrap();
        assert_eq!(any, SendWindow::ANY_TIME);
        assert!(any.allows(Day::Sun, 23 * 60 + 59));
        assert_eq!(any.describe(), "any time");
        assert_eq!(Weekdays::from_bits(128), None);
    }
}
