//! The weekly digest.

use super::{hello, Letter};
use crate::ssr::support::mailer::OutgoingMail;

/// The weekly digest: what the person chose to gather, and what is coming up.
pub fn digest(
    to: &str,
    name: &str,
    gathered: Vec<(String, Option<String>)>,
    coming: Vec<String>,
    settings: &str,
) -> OutgoingMail {
    let count = gathered.len();
    Letter::new(
        to,
        match count {
            1 => "Your week on Tandem: 1 update".to_owned(),
            n => format!("Your week on Tandem: {n} updates"),
        },
        hello(name),
    )
    .para("Here is what happened since your last digest.")
    .links(gathered)
    .para(if coming.is_empty() {
        "Nothing is planned for you in the coming week yet."
    } else {
        "Coming up in the next seven days:"
    })
    .list(coming)
    .link(
        "Choose what goes into your digest, and when it comes:",
        settings,
    )
    .into_mail()
}
