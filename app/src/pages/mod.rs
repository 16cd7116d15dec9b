mod accounts;
mod activity;
mod directory;
mod enroll;
mod enrollments;
mod events;
mod goals;
mod home;
mod not_found;
mod org_settings;
mod pairs;
mod people;
mod profile;
mod programs;
mod resources;
mod rounds;
mod rsvp;
mod survey;

pub use accounts::{ForgotPasswordPage, ResetPasswordPage, SignInPage, SignUpPage};
pub use directory::ImportPage;
pub use enroll::EnrollPage;
pub use enrollments::EnrollmentsPage;
pub use events::{CheckInPage, EditEventPage, EventDetailPage, EventsListPage, NewEventPage};
pub use goals::{EditGoalPage, GoalDetailPage, GoalsPage, NewGoalPage};
pub use home::HomePage;
pub use not_found::NotFound;
pub use org_settings::SettingsPage;
pub use pairs::PairPageView;
pub use people::PeoplePage;
pub use profile::ProfilePage;
pub use programs::{EditProgramPage, NewProgramPage, ProgramPage, ProgramsPage};
pub use resources::{
    EditResourcePage, ManageResourcesPage, NewResourcePage, ResourceDetailPage, ResourcesPage,
};
pub use rounds::RoundsPage;
pub use rsvp::RsvpPage;
pub use survey::SurveyEditorPage;
