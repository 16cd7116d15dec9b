//! Events: lists and pages, organising, answering (signed in, or through a personal RSVP
//! link where the link is the key), attendance and calendar feeds.

use crate::domain::EventInput;
use crate::error::AppError;
use crate::models::{EventPage, EventsPage, RsvpLinkView};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::ssr::{calendar, events, support::context};

/// What an RSVP link shows. Reading it changes nothing, so link scanners that open every
/// link in an email do no harm.
#[server(endpoint = "rsvp/view")]
pub async fn rsvp_link(token: String) -> Result<RsvpLinkView, AppError> {
    events::view(&context::state()?, &token).await
}

/// Answers through an RSVP link: `answer` is `going` or `not_going`.
#[server(endpoint = "rsvp/answer")]
pub async fn answer_rsvp_link(token: String, answer: String) -> Result<RsvpLinkView, AppError> {
    let going = answer_of(&answer)?;
    let view = events::answer(&context::state()?, &token, going).await?;
    // Without JavaScript the form posts here; send the browser back to the link's page.
    leptos_axum::redirect(&format!("/rsvp/{token}"));
    Ok(view)
}

#[cfg(feature = "ssr")]
fn answer_of(answer: &str) -> Result<bool, AppError> {
    match answer {
        "going" => Ok(true),
        "not_going" => Ok(false),
        other => Err(AppError::invalid(
            "answer",
            format!("{other:?} is not going or not_going."),
        )),
    }
}

/// The events I may see, upcoming and past.
#[server(endpoint = "events")]
pub async fn list_events() -> Result<EventsPage, AppError> {
    let me = context::require_user().await?;
    events::list(&context::state()?, &me).await
}

#[server(endpoint = "event")]
pub async fn load_event(id: i64) -> Result<EventPage, AppError> {
    let me = context::require_user().await?;
    events::page(&context::state()?, &me, id).await
}

/// Creates an event (no `id`) or changes one; then shows it.
#[server(endpoint = "events/save")]
pub async fn save_event(id: Option<i64>, input: EventInput) -> Result<i64, AppError> {
    let me = context::require_user().await?;
    let id = events::save(&context::state()?, &me, id, &input).await?;
    leptos_axum::redirect(&format!("/events/{id}"));
    Ok(id)
}

/// Answers for myself: `going` or `not_going`.
#[server(endpoint = "events/answer")]
pub async fn answer_event(id: i64, answer: String) -> Result<(), AppError> {
    let me = context::require_user().await?;
    let going = answer_of(&answer)?;
    events::answer_signed_in(&context::state()?, &me, id, going).await?;
    leptos_axum::redirect(&format!("/events/{id}"));
    Ok(())
}

/// Emails personal RSVP links to everyone the event is for who has none yet.
#[server(endpoint = "events/invite")]
pub async fn invite_to_event(id: i64) -> Result<usize, AppError> {
    let me = context::require_user().await?;
    let sent = events::invite(&context::state()?, &me, id).await?;
    leptos_axum::redirect(&format!("/events/{id}?invited={sent}"));
    Ok(sent)
}

#[server(endpoint = "events/cancel")]
pub async fn cancel_event(id: i64) -> Result<(), AppError> {
    let me = context::require_user().await?;
    events::cancel(&context::state()?, &me, id).await?;
    leptos_axum::redirect(&format!("/events/{id}"));
    Ok(())
}

/// Marks whether `person` came (`attended` is `yes` or `no`).
#[server(endpoint = "events/attendance")]
pub async fn mark_attendance(id: i64, person: i64, attended: String) -> Result<(), AppError> {
    let me = context::require_user().await?;
    let came = match attended.as_str() {
        "yes" => true,
        "no" => false,
        other => {
            return Err(AppError::invalid(
                "attended",
                format!("{other:?} is not yes or no."),
            ))
        }
    };
    events::mark_attended(&context::state()?, &me, id, person, came).await?;
    leptos_axum::redirect(&format!("/events/{id}/check-in"));
    Ok(())
}

/// A new private calendar feed URL; the previous one stops working.
#[server(endpoint = "events/feed")]
pub async fn new_calendar_feed() -> Result<String, AppError> {
    let me = context::require_user().await?;
    calendar::new_feed(&context::state()?, &me).await
}

/// Holds an Exec Encounter's draw.
#[server(endpoint = "events/draw")]
pub async fn draw_event(id: i64) -> Result<(), AppError> {
    let me = context::require_user().await?;
    events::draw(&context::state()?, &me, id).await?;
    leptos_axum::redirect(&format!("/events/{id}"));
    Ok(())
}
