//! The pair page and its sessions: propose, answer with another time, accept, cancel, say
//! whether it was held, and give private feedback.

use crate::domain::PairSessionInput;
use crate::error::AppError;
use crate::models::{PairPage, SessionCheckView};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::ssr::{pair_page, pairs, support::context};

/// The pair page. `prompts` names a discussion prompt set from the resource hub whose
/// prompts start the new session's agenda.
#[server(endpoint = "pair")]
pub async fn load_pair_page(program_id: i64, prompts: Option<i64>) -> Result<PairPage, AppError> {
    let me = context::require_user().await?;
    pair_page::page(&context::state()?, &me, program_id, prompts).await
}

#[cfg(feature = "ssr")]
fn back_to_pair(program_id: i64) {
    leptos_axum::redirect(&format!("/programs/{program_id}/pair#sessions"));
}

/// Proposes a session to my group; with `replaces`, answers a partner's proposal with
/// another time.
#[server(endpoint = "sessions/propose")]
pub async fn propose_session(
    program_id: i64,
    round_id: i64,
    group_no: i64,
    replaces: Option<i64>,
    input: PairSessionInput,
) -> Result<i64, AppError> {
    let me = context::require_user().await?;
    let id = pairs::propose(
        &context::state()?,
        &me,
        program_id,
        round_id,
        group_no,
        replaces,
        &input,
    )
    .await?;
    back_to_pair(program_id);
    Ok(id)
}

/// Proposes one of the times the pair page suggests (`starts_at`), where the form says.
#[server(endpoint = "sessions/propose-suggested")]
pub async fn propose_suggested(
    program_id: i64,
    round_id: i64,
    group_no: i64,
    starts_at: Option<i64>,
    place: String,
    video_url: String,
) -> Result<i64, AppError> {
    let me = context::require_user().await?;
    let id = pairs::propose_suggested(
        &context::state()?,
        &me,
        program_id,
        round_id,
        group_no,
        starts_at,
        &place,
        &video_url,
    )
    .await?;
    back_to_pair(program_id);
    Ok(id)
}

#[server(endpoint = "sessions/accept")]
pub async fn accept_session(id: i64) -> Result<(), AppError> {
    let me = context::require_user().await?;
    back_to_pair(pairs::accept(&context::state()?, &me, id).await?);
    Ok(())
}

#[server(endpoint = "sessions/cancel")]
pub async fn cancel_session(id: i64) -> Result<(), AppError> {
    let me = context::require_user().await?;
    back_to_pair(pairs::cancel(&context::state()?, &me, id).await?);
    Ok(())
}

/// Records whether the session took place (`held` is `yes` or `no`), with shared notes.
#[server(endpoint = "sessions/record")]
pub async fn record_session(id: i64, held: String, notes: String) -> Result<(), AppError> {
    let me = context::require_user().await?;
    back_to_pair(pairs::record(&context::state()?, &me, id, &held, &notes).await?);
    Ok(())
}

/// My private rating (1–5) and comment on a held session.
#[server(endpoint = "sessions/feedback")]
pub async fn session_feedback(id: i64, rating: String, comment: String) -> Result<(), AppError> {
    let me = context::require_user().await?;
    back_to_pair(pairs::feedback(&context::state()?, &me, id, &rating, &comment).await?);
    Ok(())
}

/// What a "Did you meet?" link shows. Reading it changes nothing.
#[server(endpoint = "sessions/check/view")]
pub async fn session_check(token: String) -> Result<SessionCheckView, AppError> {
    pairs::check_link::view(&context::state()?, &token).await
}

/// Answers through a "Did you meet?" link: `held` is `yes` or `no`.
#[server(endpoint = "sessions/check/answer")]
pub async fn answer_session_check(
    token: String,
    held: String,
) -> Result<SessionCheckView, AppError> {
    let held = match held.as_str() {
        "yes" => true,
        "no" => false,
        other => {
            return Err(AppError::invalid(
                "held",
                format!("{other:?} is not yes or no."),
            ))
        }
    };
    let view = pairs::check_link::answer(&context::state()?, &token, held).await?;
    // Without JavaScript the form posts here; send the browser back to the link's page.
    leptos_axum::redirect(&format!("/sessions/check/{token}"));
    Ok(view)
}
