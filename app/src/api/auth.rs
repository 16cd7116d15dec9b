use crate::error::AppError;
use crate::models::Me;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use crate::ssr::{accounts, context};

/// The signed-in person, or `None`.
#[server(endpoint = "me")]
pub async fn get_me() -> Result<Option<Me>, AppError> {
    Ok(context::current_user().await?.map(|u| Me {
        id: u.id,
        name: u.name,
        email: u.email,
        role: u.role,
    }))
}

#[server(endpoint = "sign_in")]
pub async fn sign_in(
    email: String,
    password: String,
    next: Option<String>,
) -> Result<(), AppError> {
    let state = context::state()?;
    let id = accounts::sign_in(&state, &email, &password, context::client_ip()).await?;
    context::start_session(id).await?;
    leptos_axum::redirect(&super::safe_next(next.as_deref()));
    Ok(())
}

#[server(endpoint = "sign_up")]
pub async fn sign_up(
    name: String,
    email: String,
    password: String,
    invite: Option<String>,
) -> Result<(), AppError> {
    let state = context::state()?;
    let form = accounts::SignUp {
        name: &name,
        email: &email,
        password: &password,
        invite: invite.as_deref(),
    };
    let id = accounts::sign_up(&state, form).await?;
    context::start_session(id).await?;
    leptos_axum::redirect("/profile?welcome=1");
    Ok(())
}

#[server(endpoint = "sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    context::end_session().await?;
    leptos_axum::redirect("/sign-in?signed_out=1");
    Ok(())
}

#[server(endpoint = "forgot_password")]
pub async fn forgot_password(email: String) -> Result<(), AppError> {
    accounts::request_password_reset(&context::state()?, &email).await?;
    leptos_axum::redirect("/forgot-password?sent=1");
    Ok(())
}

#[server(endpoint = "reset_password")]
pub async fn reset_password(token: String, password: String) -> Result<(), AppError> {
    let id = accounts::reset_password(&context::state()?, &token, &password).await?;
    context::start_session(id).await?;
    leptos_axum::redirect("/?password_reset=1");
    Ok(())
}

/// What the sign-up page needs to know before showing its form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignUpDetails {
    pub org_name: String,
    /// Whether people may sign up without an invitation.
    pub open: bool,
    /// The address an invitation link was sent to.
    pub invited_email: Option<String>,
    /// Why an invitation link cannot be used, if it cannot.
    pub invite_problem: Option<String>,
}

#[server(endpoint = "sign_up_info")]
pub async fn sign_up_info(invite: Option<String>) -> Result<SignUpDetails, AppError> {
    use crate::ssr::storage::TokenKind;
    let state = context::state()?;
    let org = state.db.org_settings().await?;
    let empty = state.db.count_users().await? == 0;
    let (mut invited_email, mut invite_problem) = (None, None);
    if let Some(token) = invite.as_deref().filter(|t| !t.trim().is_empty()) {
        match accounts::usable_token(&state.db, TokenKind::Invitation, token).await {
            Ok(row) => invited_email = Some(row.email),
            Err(AppError::Invalid { message, .. }) => invite_problem = Some(message),
            Err(other) => return Err(other),
        }
    }
    Ok(SignUpDetails {
        org_name: org.name,
        open: empty || org.open_signup,
        invited_email,
        invite_problem,
    })
}
