//! Meetups: what kind an event is, how many seats it has, and where an answer lands.

use super::choice::choice_enum;
use serde::{Deserialize, Serialize};
use std::fmt;

choice_enum!(
    /// The kinds of events mentoring communities hold.
    EventKind {
        Meetup => ("meetup", "Meetup"),
        Workshop => ("workshop", "Workshop"),
        /// Short coffee sessions where mentors and mentees meet outside their pairs.
        MentorConnect => ("mentor_connect", "Mentor Connect"),
        /// Leaders meet a few participants; seats are drawn by lottery.
        ExecEncounter => ("exec_encounter", "Exec Encounter"),
    }
);

choice_enum!(
    /// Whether an event still takes place.
    EventState {
        Scheduled => ("scheduled", "Scheduled"),
        Cancelled => ("cancelled", "Cancelled"),
    }
);

choice_enum!(
    /// Where a person stands for an event.
    RsvpState {
        /// Sent an invitation, no answer yet.
        Invited => ("invited", "Invited"),
        /// Signed up for an Exec Encounter draw that has not been held yet.
        Entered => ("entered", "Entered the draw"),
        Going => ("going", "Going"),
        /// Wants to go; waits for a seat in arrival order.
        Waitlisted => ("waitlisted", "On the waitlist"),
        Declined => ("declined", "Not going"),
    }
);

impl RsvpState {
    /// Whether this person holds, waits for or is in the draw for a seat.
    pub fn wants_to_go(self) -> bool {
        matches!(self, Self::Entered | Self::Going | Self::Waitlisted)
    }
}

/// The seats of an event: from 1 to [`Capacity::MAX`]. An event without one is unlimited.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "i64")]
pub struct Capacity(i64);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CapacityError {
    #[error("Capacity must be a whole number of seats, like 20; leave it empty for no limit.")]
    NotANumber,
    #[error("Capacity must be at least 1 seat; leave it empty for no limit.")]
    TooSmall,
    #[error("Capacity can be at most {} seats.", Capacity::MAX)]
    TooLarge,
}

impl Capacity {
    pub const MAX: i64 = 100_000;

    /// Parses what an organiser typed: empty means no limit.
    pub fn parse_optional(s: &str) -> Result<Option<Self>, CapacityError> {
        let s = s.trim();
        if s.is_empty() {
            return Ok(None);
        }
        let n: i64 = s.parse().map_err(|_| CapacityError::NotANumber)?;
        Self::try_from(n).map(Some)
    }

    pub fn seats(self) -> i64 {
        self.0
    }
}

impl TryFrom<i64> for Capacity {
    type Error = CapacityError;

    fn try_from(n: i64) -> Result<Self, Self::Error> {
        match n {
            n if n < 1 => Err(CapacityError::TooSmall),
            n if n > Self::MAX => Err(CapacityError::TooLarge),
            n => Ok(Self(n)),
        }
    }
}

impl From<Capacity> for i64 {
    fn from(c: Capacity) -> i64 {
        c.0
    }
}

impl fmt::Display for Capacity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// Where a "going" answer lands when `going` seats are already taken: a seat while one is
/// free, else the waitlist.
pub fn seat_for(capacity: Option<Capacity>, going: i64) -> RsvpState {
    match capacity {
        Some(c) if going >= c.seats() => RsvpState::Waitlisted,
        _ => RsvpState::Going,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capacity_is_parsed_with_a_message_for_each_mistake() {
        assert_eq!(Capacity::parse_optional(" "), Ok(None));
        assert_eq!(
            Capacity::parse_optional(" 20 ")
                .unwrap()
                .map(Capacity::seats),
            Some(20)
        );
        assert_eq!(
            Capacity::parse_optional("twenty"),
            Err(CapacityError::NotANumber)
        );
        assert_eq!(
            Capacity::parse_optional("2.5"),
            Err(CapacityError::NotANumber)
        );
        assert_eq!(Capacity::parse_optional("0"), Err(CapacityError::TooSmall));
        assert_eq!(Capacity::parse_optional("-3"), Err(CapacityError::TooSmall));
        assert_eq!(
            Capacity::parse_optional("100001"),
            Err(CapacityError::TooLarge)
        );
        assert!(CapacityError::TooSmall
            .to_string()
            .contains("empty for no limit"));
    }

    #[test]
    fn going_takes_a_free_seat_or_joins_the_waitlist() {
        let two = Capacity::try_from(2).ok();
        assert_eq!(seat_for(two, 0), RsvpState::Going);
        assert_eq!(seat_for(two, 1), RsvpState::Going);
        assert_eq!(seat_for(two, 2), RsvpState::Waitlisted);
        assert_eq!(seat_for(None, 10_000), RsvpState::Going);
    }

    #[test]
    fn kinds_and_states_round_trip_through_their_names() {
        for &kind in EventKind::ALL {
            assert_eq!(EventKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(EventKind::parse("party"), None);
        for state in [
            RsvpState::Invited,
            RsvpState::Entered,
            RsvpState::Going,
            RsvpState::Waitlisted,
            RsvpState::Declined,
        ] {
            assert_eq!(RsvpState::parse(state.as_str()), Some(state));
        }
    }
}
