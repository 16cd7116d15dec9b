//! Server-only code: the features' services (each one file or folder, named as in every other
//! layer), the rooms composed from them (dashboard, calendar, activity, pair page), the shared rules
//! (access, invitations, emails, the outbox), the delivery workers, the storage layer and the helpers under `support`.

pub mod access;
pub mod accounts;
pub mod activity;
pub mod agreements;
pub mod audit;
pub mod availability;
pub mod calendar;
pub mod certificates;
pub mod chat;
pub mod dashboard;
pub mod delivery;
pub mod digest;
pub mod directory;
pub mod emails;
pub mod enrollment;
pub mod events;
pub mod goals;
pub mod insights;
pub mod invitations;
pub mod notifications;
pub mod org_settings;
pub mod outbox;
pub mod pair_page;
pub mod pairs;
pub mod people;
pub mod personal_data;
pub mod profile;
pub mod programs;
pub mod pulses;
pub mod recognition;
pub mod reminders;
pub mod resources;
pub mod reviews;
pub mod rounds;
pub mod scim;
pub mod slack;
pub mod sso;
pub mod storage;
pub mod stories;
pub mod support;
pub mod survey;
#[cfg(any(test, feature = "testing"))]
pub mod testing;

pub use support::state::{AppState, Settings};
