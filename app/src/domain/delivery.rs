//! Delivery: where a queued job stands, and when a failed attempt is tried again.

use super::choice::choice_enum;
use serde::{Deserialize, Serialize};

choice_enum!(
    /// A job's life: queued until a worker finishes it one way or another.
    JobState {
        Queued => ("queued", "Waiting"),
        Done => ("done", "Delivered"),
        Failed => ("failed", "Failed"),
        Dropped => ("dropped", "Not sent"),
    }
);

/// Work a job describes rather than carries: the worker looks up what it needs when it runs,
/// and queues the messages that result, each with a key of its own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "task", rename_all = "snake_case")]
pub enum Task {
    /// A freed seat went to `user_id` from the waitlist: tell them.
    SeatTaken { event_id: i64, user_id: i64 },
    /// An Exec Encounter's draw was held: tell everyone who entered where they stand.
    DrawResults { event_id: i64 },
    /// Draft the next round of programs whose rotation period has ended.
    DraftDueRounds,
    /// Delete expired logins, old sign-in failures and unconfirmed uploads.
    Cleanup,
    /// Queue the weekly digests that have come due.
    Digests,
    /// Queue the reminders and nudges that have come due.
    Reminders,
    /// Queue a read of each free/busy calendar not read for an hour.
    ReadCalendars,
    /// Read one person's free/busy calendar.
    ReadCalendar { user_id: i64 },
    /// Tell a program's chat channels some news: one post is queued per channel.
    Announce {
        program_id: i64,
        news: super::ChatNews,
    },
    /// Queue the week's highlights for every program with chat channels.
    Highlights,
    /// Queue a Slack group message for each group of a published round.
    IntroducePairs { program_id: i64, round_id: i64 },
    /// Start a Slack group message for one group, with why they were matched and an agenda.
    IntroduceGroup {
        program_id: i64,
        round_id: i64,
        group_no: i64,
    },
}

impl Task {
    /// The job kind it is stored under.
    pub fn kind(&self) -> &'static str {
        match self {
            Task::SeatTaken { .. } => "seat_taken",
            Task::DrawResults { .. } => "draw_results",
            Task::DraftDueRounds => "draft_due_rounds",
            Task::Cleanup => "cleanup",
            Task::Digests => "digests",
            Task::Reminders => "reminders",
            Task::ReadCalendars => "read_calendars",
            Task::ReadCalendar { .. } => "read_calendar",
            Task::Announce { .. } => "announce",
            Task::Highlights => "highlights",
            Task::IntroducePairs { .. } => "introduce_pairs",
            Task::IntroduceGroup { .. } => "introduce_group",
        }
    }
}

/// The first retry waits this long; each later one twice as long as the one before.
pub const RETRY_BASE_SECS: i64 = 30;
/// No retry waits longer than this.
pub const RETRY_MAX_SECS: i64 = 6 * 3600;

/// When to try a job again after `attempts` failed attempts: exponential backoff from
/// [`RETRY_BASE_SECS`], capped at [`RETRY_MAX_SECS`], with up to a fifth of the delay added as
/// jitter (`jitter` is any random number) so that many jobs failing together do not retry
/// together.
pub fn retry_at(now: i64, attempts: i64, jitter: u64) -> i64 {
    let exponent = attempts.clamp(1, 20) - 1;
    let delay = RETRY_BASE_SECS
        .saturating_mul(1_i64 << exponent)
        .min(RETRY_MAX_SECS);
    let spread = (delay / 5).max(1);
    now + delay + (jitter % spread as u64) as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_exponentially_with_bounded_jitter() {
        let t = 1_000_000;
        assert_eq!(retry_at(t, 1, 0), t + 30);
        assert_eq!(retry_at(t, 2, 0), t + 60);
        assert_eq!(retry_at(t, 5, 0), t + 480);
        assert_eq!(retry_at(t, 30, 0), t + RETRY_MAX_SECS, "capped");
        for jitter in [1, 7, 999_999, u64::MAX] {
            let at = retry_at(t, 3, jitter) - t;
            assert!((120..120 + 24).contains(&at), "{at}");
        }
        assert_ne!(retry_at(t, 4, 3), retry_at(t, 4, 11), "jitter spreads them");
    }
}
