//! Mentors people choose: whether a program lets mentees ask a mentor themselves, and where a
//! request stands.

use super::choice::choice_enum;
use super::field::{number, text, FieldError};

choice_enum!(
    /// Who makes a mentoring program's matches.
    ChoiceMode {
        Admins => ("admins", "Admins match"),
        Participants => ("participants", "Participants choose"),
        Both => ("both", "Both: mentees may ask, admins match the rest"),
    }
);

impl ChoiceMode {
    /// Whether mentees may browse the mentors and ask one.
    pub fn mentees_choose(self) -> bool {
        self != ChoiceMode::Admins
    }
}

choice_enum!(
    /// Where a request to a mentor stands.
    MentorRequestState {
        Pending => ("pending", "Waiting for an answer"),
        Accepted => ("accepted", "Accepted"),
        Declined => ("declined", "Declined"),
        Lapsed => ("lapsed", "No answer in time"),
    }
);

/// Days a mentor has to answer, unless the program says otherwise, and the range it may say.
pub const ANSWER_DAYS_DEFAULT: i64 = 5;
pub const ANSWER_DAYS: std::ops::RangeInclusive<i64> = 1..=30;
/// Longest note with a request.
pub const REQUEST_NOTE_MAX: usize = 500;

/// A program's answer period, checked; empty means the default.
pub fn answer_days(raw: &str) -> Result<i64, FieldError> {
    Ok(
        number("answer_days", raw, ANSWER_DAYS, Some(ANSWER_DAYS_DEFAULT))?
            .unwrap_or(ANSWER_DAYS_DEFAULT),
    )
}

/// A request's note, checked.
pub fn request_note(raw: &str) -> Result<String, FieldError> {
    text("note", raw, REQUEST_NOTE_MAX, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answer_days_and_notes_are_checked() {
        assert_eq!(answer_days("").unwrap(), ANSWER_DAYS_DEFAULT);
        assert_eq!(answer_days("10").unwrap(), 10);
        assert_eq!(answer_days("0").unwrap_err().field, "answer_days");
        assert_eq!(answer_days("31").unwrap_err().field, "answer_days");
        assert_eq!(request_note(&"x".repeat(501)).unwrap_err().field, "note");
        assert!(!ChoiceMode::Admins.mentees_choose());
        assert!(ChoiceMode::Both.mentees_choose());
    }
}
