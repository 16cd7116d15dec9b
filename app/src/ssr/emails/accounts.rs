//! Messages about accounts: invitations, password resets and the settings page's test message.

use super::{hello, Letter};
use crate::ssr::support::mailer::OutgoingMail;

/// A single-use link to choose a new password.
pub fn password_reset(to: &str, name: &str, org: &str, link: &str) -> OutgoingMail {
    Letter::new(to, "Reset your Tandem password", hello(name))
        .para(format!(
            "Someone (hopefully you) asked to reset your {org} password on Tandem."
        ))
        .link("Choose a new password here within the next hour:", link)
        .note(
            "The link works once. If you did not ask for this, ignore this message: your \
             password stays as it is.",
        )
        .into_mail()
}

/// A message an org admin sends themselves to check that email reaches people.
pub fn test_message(to: &str, name: &str, org: &str, transport: &str) -> OutgoingMail {
    Letter::new(to, "A test message from Tandem", hello(name))
        .para(format!(
            "This is the test message you asked for in {org}'s settings. Tandem sent it \
             through {transport}, so email from Tandem reaches this address."
        ))
        .note("Nothing else needs doing.")
        .into_mail()
}

/// An invitation to create an account.
pub fn invitation(to: &str, org: &str, link: &str) -> OutgoingMail {
    Letter::new(to, format!("Join {org} on Tandem"), "Hello,")
        .para(format!(
            "You are invited to join {org} on Tandem, where colleagues learn from each other \
             through peer mentoring."
        ))
        .link(
            "Create your account here (the link works for 14 days):",
            link,
        )
        .unsigned()
        .into_mail()
}
