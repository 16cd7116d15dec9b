//! What a server function knows about its request: the app state, the login, the signed-in
//! person, the request id and the client address.

use super::state::AppState;
use crate::domain::Role;
use crate::error::AppError;
use crate::models::User;
use crate::ssr::storage::StorageError;
use crate::ssr::support::mailer::MailError;
use axum::http::request::Parts;
use leptos::prelude::*;
use std::fmt::Display;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use tower_sessions::Session;

pub use crate::ssr::storage::USER_ID_KEY;

/// The app state. Missing only when a request's work outlives the request (the client went
/// away mid-render and a resource still runs); that work then stops with an error instead of
/// a panic.
pub fn state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(request_ended)
}

/// Work of a request the client left: nobody reads the answer, so it is no failure of
/// Tandem's and is logged below the error level.
fn request_ended() -> AppError {
    tracing::debug!("server work continued after its request ended");
    AppError::Transport("request ended".into())
}

/// The request id set by the server's request-id middleware ("-" outside a request).
pub fn request_id() -> String {
    use_context::<Parts>()
        .and_then(|p| {
            p.headers
                .get("x-request-id")
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        })
        .unwrap_or_else(|| "-".into())
}

/// Logs an unexpected failure with the request id and returns the error the person sees,
/// which carries only that id.
pub fn internal(e: impl Display) -> AppError {
    let id = request_id();
    tracing::error!(request_id = %id, error = %e, "internal error");
    AppError::Internal(id)
}

/// Server-side failures become [`AppError::Internal`] by `?`: each is logged once, with the
/// request id, and the person sees only that id. A corrupt value read from the database is one
/// of them, whatever table it came from.
impl From<StorageError> for AppError {
    fn from(e: StorageError) -> Self {
        internal(e)
    }
}

impl From<MailError> for AppError {
    fn from(e: MailError) -> Self {
        internal(e)
    }
}

impl From<super::pdf::PdfError> for AppError {
    fn from(e: super::pdf::PdfError) -> Self {
        internal(e)
    }
}

/// The browser's login: the signed-in record behind its cookie (tower-sessions' `Session`).
/// Without the request's parts the client has gone (see [`state`]); anything else that stops
/// the extraction is Tandem's fault.
pub async fn login() -> Result<Session, AppError> {
    if use_context::<Parts>().is_none() {
        return Err(request_ended());
    }
    leptos_axum::extract::<Session>().await.map_err(internal)
}

/// The client's address: the peer, or behind a trusted reverse proxy the address the proxy
/// appended to `X-Forwarded-For` (earlier entries are whatever the client chose to send).
pub fn client_ip() -> Option<IpAddr> {
    let parts = use_context::<Parts>()?;
    if use_context::<AppState>().is_some_and(|s| s.settings.trust_forwarded_for) {
        let forwarded = parts
            .headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .filter_map(|a| a.trim().parse::<IpAddr>().ok())
            .next_back();
        if forwarded.is_some() {
            return forwarded;
        }
    }
    parts
        .extensions
        .get::<axum::extract::ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())
}

/// The signed-in person of one request, read once. A page asks for them in its shell and in
/// each of its parts, all at the same moment (the dashboard four times); the first asking
/// reads the account while the others wait for its answer. Starting or ending a login forgets
/// it, so the rest of that request sees the change.
#[derive(Clone, Default)]
pub struct SignedIn(Arc<tokio::sync::Mutex<Option<Option<User>>>>);

impl SignedIn {
    async fn forget() {
        if let Some(memo) = use_context::<SignedIn>() {
            *memo.0.lock().await = None;
        }
    }
}

/// The signed-in person, if any. A login whose account was deleted counts as signed out.
pub async fn current_user() -> Result<Option<User>, AppError> {
    let Some(memo) = use_context::<SignedIn>() else {
        return look_up_user().await;
    };
    let mut known = memo.0.lock().await;
    if let Some(user) = known.as_ref() {
        return Ok(user.clone());
    }
    let user = look_up_user().await?;
    *known = Some(user.clone());
    Ok(user)
}

/// The person behind this request's login, read from the database.
async fn look_up_user() -> Result<Option<User>, AppError> {
    let login = login().await?;
    let Some(id) = login.get::<i64>(USER_ID_KEY).await.map_err(internal)? else {
        return Ok(None);
    };
    // A person deactivated since is signed out, whatever their cookie says.
    Ok(state()?.db.user_by_id(id).await?.filter(|u| u.active()))
}

pub async fn require_user() -> Result<User, AppError> {
    current_user().await?.ok_or(AppError::Unauthenticated)
}

/// The signed-in person when their role is at least `role`.
pub async fn require_role(role: Role) -> Result<User, AppError> {
    let user = require_user().await?;
    if user.role.at_least(role) {
        Ok(user)
    } else {
        Err(AppError::Forbidden)
    }
}

/// Starts a login for `user_id`, under a new id so that an id planted
/// before sign-in (session fixation) is worthless afterwards.
pub async fn start_login(user_id: i64) -> Result<(), AppError> {
    SignedIn::forget().await;
    let login = login().await?;
    login.cycle_id().await.map_err(internal)?;
    login.insert(USER_ID_KEY, user_id).await.map_err(internal)
}

pub async fn end_login() -> Result<(), AppError> {
    SignedIn::forget().await;
    login().await?.flush().await.map_err(internal)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A page's part that still runs after its client left finds no request: it stops with
    /// "request ended", not an internal error with an id that nobody will ever see.
    #[tokio::test]
    async fn work_outliving_its_request_is_not_an_internal_error() {
        assert!(matches!(login().await, Err(AppError::Transport(_))));
        assert!(matches!(state(), Err(AppError::Transport(_))));
        assert!(matches!(current_user().await, Err(AppError::Transport(_))));
    }
}
