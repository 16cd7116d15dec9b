//! What the enrollment pages show: the survey, someone's own enrollment, the admins' list, and
//! the onboarding checklist.

use crate::domain::{
    is_complete, Answers, EnrollmentRole, EnrollmentStatus, ProgramState, Question,
};
use crate::models::Program;
use serde::{Deserialize, Serialize};

/// Someone named in a partner list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct PersonRef {
    pub id: i64,
    pub name: String,
    pub email: String,
}

/// One person's enrollment in one program.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enrollment {
    pub role: EnrollmentRole,
    pub capacity: i64,
    pub status: EnrollmentStatus,
    pub answers: Answers,
    pub updated_at: i64,
}

/// The survey editor of a program.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SurveyPage {
    pub program: Program,
    pub questions: Vec<Question>,
    /// Questions can change until the program starts.
    pub editable: bool,
}

/// The enrollment page of the signed-in person: only ever their own data, avoid list included.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EnrollmentPage {
    pub program: Program,
    pub questions: Vec<Question>,
    pub enrollment: Option<Enrollment>,
    pub preferred: Vec<PersonRef>,
    pub avoid: Vec<PersonRef>,
    /// Why this person cannot join, if they cannot.
    pub ineligible: Option<String>,
}

impl EnrollmentPage {
    /// Answers and partners can change while enrollment is open.
    pub fn can_edit(&self) -> bool {
        self.program.state == ProgramState::Enrolling && self.ineligible.is_none()
    }
}

/// Enrollment figures of a program, for its admins.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrollmentCounts {
    pub active: i64,
    pub paused: i64,
    pub left: i64,
    /// Active or paused people whose required answers are all given.
    pub complete: i64,
}

impl EnrollmentCounts {
    /// The figures of a program's enrollments: people by status, and those still in the
    /// program whose required answers are all given.
    pub fn of<'a>(
        questions: &[Question],
        enrollments: impl IntoIterator<Item = &'a Enrollment>,
    ) -> Self {
        let mut counts = Self::default();
        for e in enrollments {
            match e.status {
                EnrollmentStatus::Active => counts.active += 1,
                EnrollmentStatus::Paused => counts.paused += 1,
                EnrollmentStatus::Left => counts.left += 1,
            }
            if e.status != EnrollmentStatus::Left && is_complete(questions, &e.answers) {
                counts.complete += 1;
            }
        }
        counts
    }

    /// Everyone still in the program.
    pub fn enrolled(&self) -> i64 {
        self.active + self.paused
    }
}

/// A question and an answer, in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerLine {
    pub prompt: String,
    pub answer: String,
}

/// One row of the admins' enrollment list. It never carries an avoid list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrolledPerson {
    pub user_id: i64,
    pub name: String,
    pub email: String,
    pub department: String,
    pub level: Option<i64>,
    pub role: EnrollmentRole,
    pub capacity: i64,
    pub status: EnrollmentStatus,
    pub complete: bool,
    pub answers: Vec<AnswerLine>,
    pub preferred: Vec<String>,
    pub updated_at: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EnrollmentList {
    pub program: Program,
    pub counts: EnrollmentCounts,
    pub people: Vec<EnrolledPerson>,
}

/// The onboarding checklist of one program someone has joined.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Onboarding {
    pub program_id: i64,
    pub program_name: String,
    pub program_state: ProgramState,
    pub status: EnrollmentStatus,
    pub guidelines_read: bool,
    /// The profile fields still empty, in words.
    pub profile_gaps: Vec<String>,
    pub survey_complete: bool,
    /// Set once a round has matched this person (matching comes with rounds).
    pub matched: bool,
    /// Set once a session with the match is accepted.
    pub meeting_booked: bool,
}

impl Onboarding {
    /// Steps done out of the four.
    pub fn done(&self) -> usize {
        [
            self.guidelines_read,
            self.profile_gaps.is_empty(),
            self.survey_complete,
            self.meeting_booked,
        ]
        .iter()
        .filter(|d| **d)
        .count()
    }
}

/// The dashboard's program part: checklists of joined programs and programs open to join.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DashboardPrograms {
    /// Current matches, one card per program.
    pub matches: Vec<crate::models::MatchCard>,
    pub onboarding: Vec<Onboarding>,
    pub open: Vec<Program>,
}
