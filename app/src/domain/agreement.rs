//! Partnership agreements: how often and how long a pair meets, how they reach each other,
//! what stays between them, what each wants from it, and when they look at it again. The
//! same form serves the program's template and a pair's own agreement.

use super::choice::choice_enum;
use super::field::{err, number, text, FieldError};
use serde::{Deserialize, Serialize};

choice_enum!(
    /// How often a pair agrees to meet.
    Cadence {
        Weekly => ("weekly", "Every week"),
        Fortnightly => ("fortnightly", "Every two weeks"),
        Monthly => ("monthly", "Every four weeks"),
    }
);

impl Cadence {
    /// Whether a group that last met at `since` (Unix seconds) is overdue at `at`: its
    /// cadence has passed, with two days' grace for a meeting that slipped a little.
    pub fn overdue(self, since: i64, at: i64) -> bool {
        at >= since + self.weeks() * 7 * 86_400 + 2 * 86_400
    }

    /// Weeks between meetings.
    pub fn weeks(self) -> i64 {
        match self {
            Cadence::Weekly => 1,
            Cadence::Fortnightly => 2,
            Cadence::Monthly => 4,
        }
    }
}

/// Shortest and longest meeting a pair can agree on, in minutes.
pub const MINUTES: std::ops::RangeInclusive<i64> = 15..=180;
/// Soonest and latest review of an agreement, in weeks.
pub const REVIEW_WEEKS: std::ops::RangeInclusive<i64> = 2..=26;
/// Longest Markdown guidance a program's template holds.
pub const GUIDANCE_MAX: usize = 5_000;

/// The agreement form as sent. `hopes` is the sender's own "what I want from this", and is
/// ignored on the program's template.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgreementInput {
    #[serde(default)]
    pub cadence: String,
    #[serde(default)]
    pub minutes: String,
    #[serde(default)]
    pub contact: String,
    #[serde(default)]
    pub confidentiality: String,
    #[serde(default)]
    pub review_weeks: String,
    #[serde(default)]
    pub hopes: String,
}

/// The terms a group shares, checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgreementTerms {
    pub cadence: Cadence,
    pub minutes: i64,
    pub contact: String,
    pub confidentiality: String,
    pub review_weeks: i64,
}

impl Default for AgreementTerms {
    /// What a program starts from: brief, regular sessions, reviewed after six weeks.
    fn default() -> Self {
        AgreementTerms {
            cadence: Cadence::Fortnightly,
            minutes: 45,
            contact: "Chat messages for quick questions; email to move a session.".into(),
            confidentiality: "What we share about people, teams and our own struggles stays \
                              between us. Goals we choose to share are the exception."
                .into(),
            review_weeks: 6,
        }
    }
}

impl AgreementTerms {
    /// The terms as the form shows them.
    pub fn input(&self, hopes: &str) -> AgreementInput {
        AgreementInput {
            cadence: self.cadence.as_str().into(),
            minutes: self.minutes.to_string(),
            contact: self.contact.clone(),
            confidentiality: self.confidentiality.clone(),
            review_weeks: self.review_weeks.to_string(),
            hopes: hopes.into(),
        }
    }

    /// One line saying how the pair meets: "Every two weeks, 45 minutes".
    pub fn rhythm(&self) -> String {
        format!("{}, {} minutes", self.cadence.label(), self.minutes)
    }
}

impl AgreementInput {
    /// Checks the shared terms and the sender's hopes.
    pub fn parse(&self) -> Result<(AgreementTerms, String), FieldError> {
        let Some(cadence) = Cadence::parse(&self.cadence) else {
            return err("cadence", "Choose how often you meet.");
        };
        let minutes = number("minutes", &self.minutes, MINUTES, None)?;
        let Some(minutes) = minutes else {
            return err("minutes", "Say how long a session lasts, in minutes.");
        };
        let contact = text("contact", &self.contact, 300, true)?;
        let confidentiality = text("confidentiality", &self.confidentiality, 1_000, true)?;
        let review_weeks = number("review_weeks", &self.review_weeks, REVIEW_WEEKS, None)?;
        let Some(review_weeks) = review_weeks else {
            return err("review_weeks", "Say after how many weeks you review this.");
        };
        let hopes = text("hopes", &self.hopes, 1_000, false)?;
        Ok((
            AgreementTerms {
                cadence,
                minutes,
                contact,
                confidentiality,
                review_weeks,
            },
            hopes,
        ))
    }
}

/// A template's guidance, checked: Markdown of at most [`GUIDANCE_MAX`] characters.
pub fn agreement_guidance(raw: &str) -> Result<String, FieldError> {
    text("guidance", raw, GUIDANCE_MAX, false)
}

choice_enum!(
    /// Where a group's agreement stands: all program admins ever see of it.
    AgreementState {
        NotStarted => ("not_started", "Not started"),
        Draft => ("draft", "Draft"),
        Waiting => ("waiting", "Waiting for a confirmation"),
        Agreed => ("agreed", "Agreed"),
    }
);

impl AgreementState {
    /// The state of an agreement at `version` (`None` while nobody saved it) that `members`
    /// people share, `confirmed` of whom confirmed that version.
    pub fn of(version: Option<i64>, members: usize, confirmed: usize) -> AgreementState {
        match version {
            None => AgreementState::NotStarted,
            Some(_) if members > 0 && confirmed >= members => AgreementState::Agreed,
            Some(_) if confirmed > 0 => AgreementState::Waiting,
            Some(_) => AgreementState::Draft,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> AgreementInput {
        AgreementTerms::default().input("Grow SQL")
    }

    #[test]
    fn the_default_terms_pass_their_own_form() {
        let (terms, hopes) = input().parse().unwrap();
        assert_eq!(terms, AgreementTerms::default());
        assert_eq!(hopes, "Grow SQL");
        assert_eq!(terms.rhythm(), "Every two weeks, 45 minutes");
    }

    #[test]
    fn each_bad_field_is_named() {
        type Spoil = fn(&mut AgreementInput);
        let cases: [(&str, Spoil); 6] = [
            ("cadence", |i| i.cadence = "daily".into()),
            ("minutes", |i| i.minutes = "5".into()),
            ("minutes", |i| i.minutes = "".into()),
            ("contact", |i| i.contact = " ".into()),
            ("review_weeks", |i| i.review_weeks = "52".into()),
            ("hopes", |i| i.hopes = "x".repeat(1_001)),
        ];
        for (field, spoil) in cases {
            let mut i = input();
            spoil(&mut i);
            assert_eq!(i.parse().unwrap_err().field, field);
        }
    }

    #[test]
    fn agreed_only_when_everyone_confirmed_the_current_version() {
        use AgreementState::*;
        assert_eq!(AgreementState::of(None, 2, 0), NotStarted);
        assert_eq!(AgreementState::of(Some(1), 2, 0), Draft);
        assert_eq!(AgreementState::of(Some(1), 2, 1), Waiting);
        assert_eq!(AgreementState::of(Some(1), 2, 2), Agreed);
        assert_eq!(AgreementState::of(Some(2), 3, 2), Waiting);
    }

    #[test]
    fn a_pair_is_overdue_two_days_after_its_cadence() {
        let met = 1_000_000;
        let day = 86_400;
        assert!(!Cadence::Fortnightly.overdue(met, met + 15 * day));
        assert!(Cadence::Fortnightly.overdue(met, met + 16 * day));
        assert!(!Cadence::Monthly.overdue(met, met + 29 * day));
        assert!(Cadence::Weekly.overdue(met, met + 9 * day));
    }

    #[test]
    fn cadence_in_weeks() {
        assert_eq!(
            Cadence::ALL.iter().map(|c| c.weeks()).collect::<Vec<_>>(),
            [1, 2, 4]
        );
    }
}
