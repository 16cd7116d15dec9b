mod account;
mod activity;
mod admin_import;
mod admin_people;
mod admin_settings;
mod enroll;
mod enrollments;
mod events;
mod goals;
mod home;
mod not_found;
mod pairs;
mod profile;
mod programs;
mod resources;
mod rounds;
mod rsvp;
mod survey;

pub use account::{ForgotPasswordPage, ResetPasswordPage, SignInPage, SignUpPage};
pub use admin_import::ImportPage;
pub use admin_people::PeoplePage;
pub use admin_settings::SettingsPage;
pub use enroll::EnrollPage;
pub use enrollments::EnrollmentsPage;
pub use events::{CheckInPage, EditEventPage, EventDetailPage, EventsListPage, NewEventPage};
pub use goals::{EditGoalPage, GoalDetailPage, GoalsPage, NewGoalPage};
pub use home::HomePage;
pub use not_found::NotFound;
pub use pairs::PairPageView;
pub use profile::ProfilePage;
pub use programs::{EditProgramPage, NewProgramPage, ProgramPage, ProgramsPage};
pub use resources::{
    EditResourcePage, ManageResourcesPage, NewResourcePage, ResourceDetailPage, ResourcesPage,
};
pub use rounds::RoundsPage;
pub use rsvp::RsvpPage;
pub use survey::SurveyEditorPage;
