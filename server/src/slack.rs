//! What Slack posts to Tandem: `/slack/interactions` (a button pressed in a direct message)
//! and `/slack/commands` (`/tandem`). Slack's servers send no `Origin` or `Sec-Fetch-Site`, so
//! the same-origin check lets them through as it does any program; what authorises a request
//! is its signature, checked on the raw body before anything in it is read.

use app::ssr::slack::answers::{self, Signed};
use app::ssr::AppState;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};

/// The paths Slack posts to.
pub const PATHS: [&str; 2] = ["/slack/interactions", "/slack/commands"];

pub fn routes<S: Clone + Send + Sync + 'static>(state: AppState) -> Router<S> {
    Router::new()
        .route(PATHS[0], post(interaction))
        .route(PATHS[1], post(command))
        .with_state(state)
}

fn signed(headers: &HeaderMap) -> Signed<'_> {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    Signed {
        timestamp: header("x-slack-request-timestamp"),
        signature: header("x-slack-signature"),
    }
}

fn refused(e: app::error::AppError) -> Response {
    let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::BAD_REQUEST);
    if status.is_server_error() {
        tracing::error!(error = ?e, "a Slack request failed");
        return (status, "Something went wrong on Tandem's side.").into_response();
    }
    (status, e.to_string()).into_response()
}

async fn interaction(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    match answers::interaction(&state, signed(&headers), &body).await {
        Ok(()) => StatusCode::OK.into_response(),
        Err(e) => refused(e),
    }
}

async fn command(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    match answers::command(&state, signed(&headers), &body).await {
        Ok(reply) => Json(reply).into_response(),
        Err(e) => refused(e),
    }
}
