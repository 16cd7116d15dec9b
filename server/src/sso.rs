//! Single sign-on's browser redirects: `/sso/{id}/start` sends the browser to the provider,
//! `/sso/callback` takes its answer and signs the person in, and `/sso/{id}/sign-out` sends
//! them to the provider's own sign-out. A refusal lands on `/sign-in/refused`, which explains
//! it; nobody is signed in and no account is made.

use app::api::safe_next;
use app::domain::SsoRefusal;
use app::error::AppError;
use app::ssr::sso::{self, Callback, Pending, PENDING_KEY, PROVIDER_KEY};
use app::ssr::support::context::USER_ID_KEY;
use app::ssr::AppState;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use serde::Deserialize;
use tower_sessions::Session;

pub fn routes<S: Clone + Send + Sync + 'static>(state: AppState) -> Router<S> {
    Router::new()
        .route("/sso/{id}/start", get(start))
        .route("/sso/callback", get(callback))
        .route("/sso/{id}/sign-out", get(sign_out))
        .with_state(state)
}

/// A failure of Tandem's own (the database, a session) is logged with the request id, which
/// is all the person is shown.
fn failure(error: impl std::fmt::Display, headers: &HeaderMap) -> Response {
    let request_id = headers
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-")
        .to_owned();
    tracing::error!(error = %error, request_id, "single sign-on failed");
    let e = AppError::Internal(request_id);
    (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response()
}

fn app_error(error: AppError, headers: &HeaderMap) -> Response {
    match error {
        AppError::Internal(_) | AppError::Transport(_) => failure(error, headers),
        e => (
            StatusCode::from_u16(e.status()).unwrap_or(StatusCode::BAD_REQUEST),
            e.to_string(),
        )
            .into_response(),
    }
}

fn refused(refusal: SsoRefusal) -> Response {
    Redirect::to(&format!("/sign-in/refused?reason={}", refusal.code())).into_response()
}

#[derive(Deserialize)]
struct StartQuery {
    next: Option<String>,
}

async fn start(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Query(q): Query<StartQuery>,
    session: Session,
    headers: HeaderMap,
) -> Response {
    let next = safe_next(q.next.as_deref());
    match sso::begin(&state, id, next).await {
        Ok(Ok((url, pending))) => match session.insert(PENDING_KEY, pending).await {
            Ok(()) => Redirect::to(&url).into_response(),
            Err(e) => failure(e, &headers),
        },
        Ok(Err(refusal)) => refused(refusal),
        Err(e) => app_error(e, &headers),
    }
}

async fn callback(
    State(state): State<AppState>,
    Query(answer): Query<Callback>,
    session: Session,
    headers: HeaderMap,
) -> Response {
    // Taken whatever happens next: an answer is tried once.
    let pending = match session.remove::<Pending>(PENDING_KEY).await {
        Ok(p) => p,
        Err(e) => return failure(e, &headers),
    };
    match sso::complete(&state, pending, &answer).await {
        Ok(Ok(signed_in)) => {
            // A new session id, so one planted before sign-in is worthless afterwards.
            let started = async {
                session.cycle_id().await?;
                session.insert(USER_ID_KEY, signed_in.user_id).await?;
                if signed_in.ends_sessions {
                    session.insert(PROVIDER_KEY, signed_in.provider_id).await?;
                }
                Ok::<(), tower_sessions::session::Error>(())
            };
            match started.await {
                Ok(()) => Redirect::to(&signed_in.next).into_response(),
                Err(e) => failure(e, &headers),
            }
        }
        Ok(Err(refusal)) => refused(refusal),
        Err(e) => app_error(e, &headers),
    }
}

async fn sign_out(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
) -> Response {
    match sso::end_session(&state, id).await {
        Ok(Some(url)) => Redirect::to(&url).into_response(),
        Ok(None) => Redirect::to("/sign-in?signed_out=1").into_response(),
        Err(e) => app_error(e, &headers),
    }
}
