//! One-click unsubscribe (RFC 8058): a mail client posts `List-Unsubscribe=One-Click` to the
//! address in a notification's `List-Unsubscribe` header, and that kind of email stops. The
//! same address opened in a browser is a Leptos page with a button; opening it changes nothing.

use app::ssr::{notifications, AppState};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;

pub fn routes<S: Clone + Send + Sync + 'static>(state: AppState) -> Router<S> {
    Router::new()
        .route("/unsubscribe/{token}", post(one_click))
        .with_state(state)
}

async fn one_click(
    State(state): State<AppState>,
    Path(token): Path<String>,
    body: String,
) -> Response {
    if !body
        .split('&')
        .any(|pair| pair.trim() == "List-Unsubscribe=One-Click")
    {
        return (
            StatusCode::BAD_REQUEST,
            "This address takes the one-click unsubscribe of RFC 8058: post \
             List-Unsubscribe=One-Click, or open it in a browser.",
        )
            .into_response();
    }
    match notifications::set(&state, &token, false).await {
        Ok(view) => (
            StatusCode::OK,
            format!(
                "Unsubscribed: Tandem no longer emails this person about {}.",
                view.kind.map_or("this", |k| k.about())
            ),
        )
            .into_response(),
        Err(e) => (
            StatusCode::from_u16(e.status()).unwrap_or(StatusCode::BAD_REQUEST),
            e.to_string(),
        )
            .into_response(),
    }
}
