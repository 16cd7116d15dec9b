//! Mentoring records for reviews: my record and who may read it, my manager's requests and
//! my answers, and my team's records through their agreements.

use crate::domain::ConsentInput;
use crate::error::AppError;
use crate::models::ReviewsPage;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::domain::ConsentState;
#[cfg(feature = "ssr")]
use crate::ssr::{reviews, support::context};

#[server(endpoint = "reviews")]
pub async fn load_reviews() -> Result<ReviewsPage, AppError> {
    let me = context::require_user().await?;
    reviews::page(&context::state()?, &me).await
}

/// Asks someone who reports to me for their mentoring record.
#[server(endpoint = "reviews/request")]
pub async fn request_review(employee_id: i64) -> Result<(), AppError> {
    let me = context::require_user().await?;
    reviews::request(&context::state()?, &me, employee_id).await?;
    leptos_axum::redirect("/reviews?asked=1#team");
    Ok(())
}

/// Agrees to my manager's request, with what they may read and for how long, or declines.
#[server(endpoint = "reviews/answer")]
pub async fn answer_review(consent_id: i64, input: ConsentInput) -> Result<(), AppError> {
    let me = context::require_user().await?;
    let outcome = reviews::answer(&context::state()?, &me, consent_id, &input).await?;
    let then = if outcome == ConsentState::Approved {
        "agreed"
    } else {
        "declined"
    };
    leptos_axum::redirect(&format!("/reviews?{then}=1#readers"));
    Ok(())
}

/// Withdraws an agreement: my manager reads nothing more by it.
#[server(endpoint = "reviews/revoke")]
pub async fn revoke_review(consent_id: i64) -> Result<(), AppError> {
    let me = context::require_user().await?;
    reviews::revoke(&context::state()?, &me, consent_id).await?;
    leptos_axum::redirect("/reviews?withdrawn=1#readers");
    Ok(())
}
