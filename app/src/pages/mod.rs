mod account;
mod admin_import;
mod admin_people;
mod admin_settings;
mod home;
mod not_found;
mod profile;
mod programs;

pub use account::{ForgotPasswordPage, ResetPasswordPage, SignInPage, SignUpPage};
pub use admin_import::ImportPage;
pub use admin_people::PeoplePage;
pub use admin_settings::SettingsPage;
pub use home::HomePage;
pub use not_found::NotFound;
pub use profile::ProfilePage;
pub use programs::{EditProgramPage, NewProgramPage, ProgramPage, ProgramsPage};
