//! Models shared by the server and the browser. Where a database row is the model, it derives
//! `sqlx::FromRow` on the server.

mod directory;
mod enrollment;
mod org;
mod program;
mod user;

pub use directory::{ImportPreview, ImportProblem, PreviewPerson};
pub use enrollment::{
    AnswerLine, DashboardPrograms, EnrolledPerson, Enrollment, EnrollmentCounts, EnrollmentList,
    EnrollmentPage, Onboarding, PersonRef, SurveyPage,
};
pub use org::OrgSettings;
pub use program::{Program, ProgramView};
pub use user::{Me, User};
