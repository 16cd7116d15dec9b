//! Recognition: my badges and kudos, a colleague's, thanking someone, and showing a kudos.

use crate::domain::KudosInput;
use crate::error::AppError;
use crate::models::{PersonRecognition, RecognitionPage};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::ssr::{recognition, support::context};

#[server(endpoint = "recognition")]
pub async fn my_recognition() -> Result<RecognitionPage, AppError> {
    let me = context::require_user().await?;
    recognition::page(&context::state()?, &me).await
}

/// A colleague's badges and the kudos they chose to show.
#[server(endpoint = "recognition/person")]
pub async fn load_person_recognition(user_id: i64) -> Result<PersonRecognition, AppError> {
    let me = context::require_user().await?;
    recognition::person(&context::state()?, &me, user_id).await
}

/// Thanks someone I was matched with.
#[server(endpoint = "recognition/thank")]
pub async fn give_kudos(input: KudosInput) -> Result<(), AppError> {
    let me = context::require_user().await?;
    recognition::thank(&context::state()?, &me, input).await?;
    leptos_axum::redirect("/recognition?thanked=1#given");
    Ok(())
}

/// Shows (`show`) a kudos to me to colleagues, or keeps it between us (`hide`).
#[server(endpoint = "recognition/show")]
pub async fn show_kudos(kudos_id: i64, choice: String) -> Result<(), AppError> {
    let me = context::require_user().await?;
    let shown = match choice.as_str() {
        "show" => true,
        "hide" => false,
        other => {
            return Err(AppError::invalid(
                "choice",
                format!("{other:?} is not show or hide."),
            ))
        }
    };
    recognition::show(&context::state()?, &me, kudos_id, shown).await?;
    let then = if shown { "shown" } else { "hidden" };
    leptos_axum::redirect(&format!("/recognition?{then}=1#received"));
    Ok(())
}
