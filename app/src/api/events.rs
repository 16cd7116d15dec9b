//! Answering an event through a personal RSVP link: no sign-in, the link is the key.

use crate::error::AppError;
use crate::models::RsvpLinkView;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::ssr::{context, events};

/// What an RSVP link shows. Reading it changes nothing, so link scanners that open every
/// link in an email do no harm.
#[server(endpoint = "rsvp/view")]
pub async fn rsvp_link(token: String) -> Result<RsvpLinkView, AppError> {
    events::view(&context::state()?, &token).await
}

/// Answers through an RSVP link: `answer` is `going` or `not_going`.
#[server(endpoint = "rsvp/answer")]
pub async fn answer_rsvp_link(token: String, answer: String) -> Result<RsvpLinkView, AppError> {
    let going = match answer.as_str() {
        "going" => true,
        "not_going" => false,
        other => {
            return Err(AppError::invalid(
                "answer",
                format!("{other:?} is not going or not_going."),
            ))
        }
    };
    let view = events::answer(&context::state()?, &token, going).await?;
    // Without JavaScript the form posts here; send the browser back to the link's page.
    leptos_axum::redirect(&format!("/rsvp/{token}"));
    Ok(view)
}
