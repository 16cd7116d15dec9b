//! Accounts: who is signed in, sign-up, sign-in, sign-out and password reset.

use crate::error::AppError;
use crate::models::{Me, SignUpDetails};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::ssr::{accounts, support::context};

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
    context::start_login(id).await?;
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
    context::start_login(id).await?;
    leptos_axum::redirect("/profile?welcome=1");
    Ok(())
}

#[server(endpoint = "sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    // Someone who came through a provider is offered its sign-out on the next page.
    let provider = context::login()
        .await?
        .get::<i64>(crate::ssr::sso::PROVIDER_KEY)
        .await
        .map_err(context::internal)?;
    context::end_login().await?;
    leptos_axum::redirect(&match provider {
        Some(id) => format!("/sign-in?signed_out=1&provider={id}"),
        None => "/sign-in?signed_out=1".to_owned(),
    });
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
    context::start_login(id).await?;
    leptos_axum::redirect("/?password_reset=1");
    Ok(())
}

/// What the sign-up page needs to know before showing its form.
#[server(endpoint = "sign_up_info")]
pub async fn sign_up_info(invite: Option<String>) -> Result<SignUpDetails, AppError> {
    accounts::sign_up_details(&context::state()?, invite.as_deref()).await
}
