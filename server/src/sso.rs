//! Single sign-on's browser redirects: `/sso/{id}/start` sends the browser to the provider,
//! `/sso/callback` (OpenID Connect) or `/sso/saml/acs` then `/sso/saml/finish` (SAML) take its
//! answer and sign the person in, and `/sso/{id}/sign-out` sends them to the provider's own
//! sign-out. `/sso/saml/metadata` describes Tandem to SAML identity providers. A refusal lands
//! on `/sign-in/refused`, which explains it; nobody is signed in and no account is made.

use app::api::safe_next;
use app::domain::SsoRefusal;
use app::error::AppError;
use app::ssr::sso::{
    self, Callback, Pending, SignedIn, PENDING_KEY, PROVIDER_KEY, SAML_ACS_PATH, SAML_METADATA_PATH,
};
use app::ssr::support::context::USER_ID_KEY;
use app::ssr::support::html::escape;
use app::ssr::AppState;
use app::CspNonce;
use axum::extract::{Extension, Form, Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;
use tower_sessions::Session;

pub fn routes<S: Clone + Send + Sync + 'static>(state: AppState) -> Router<S> {
    Router::new()
        .route("/sso/{id}/start", get(start))
        .route("/sso/callback", get(callback))
        .route("/sso/{id}/sign-out", get(sign_out))
        .route(SAML_METADATA_PATH, get(saml_metadata))
        .route(SAML_ACS_PATH, post(saml_acs))
        .route(SAML_FINISH_PATH, post(saml_finish))
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
        Ok(Ok(signed_in)) => sign_in(&session, signed_in, &headers).await,
        Ok(Err(refusal)) => refused(refusal),
        Err(e) => app_error(e, &headers),
    }
}

/// Signs the person in under a new session id, so one planted before sign-in is worthless
/// afterwards, and sends them on.
async fn sign_in(session: &Session, signed_in: SignedIn, headers: &HeaderMap) -> Response {
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
        Err(e) => failure(e, headers),
    }
}

/// Where the page that `/sso/saml/acs` returns posts the answer on.
const SAML_FINISH_PATH: &str = "/sso/saml/finish";

async fn saml_metadata(State(state): State<AppState>, headers: HeaderMap) -> Response {
    match sso::service_metadata(&state) {
        Ok(xml) => (
            [(
                header::CONTENT_TYPE,
                "application/samlmetadata+xml; charset=utf-8",
            )],
            xml,
        )
            .into_response(),
        Err(e) => app_error(e, &headers),
    }
}

/// What an identity provider's page posts (the HTTP-POST binding).
#[derive(Deserialize)]
struct SamlPost {
    #[serde(rename = "SAMLResponse")]
    response: Option<String>,
}

/// The identity provider's page posts here from its own origin, so the browser leaves the
/// SameSite login cookie out. Nothing is checked or kept yet: the answer goes back in a page
/// that posts it on to `/sso/saml/finish`, from Tandem's origin, with the cookie. With
/// JavaScript on, that happens at once; without, at the press of Continue.
async fn saml_acs(nonce: Option<Extension<CspNonce>>, Form(post): Form<SamlPost>) -> Response {
    let Some(answer) = post.response.filter(|r| !r.trim().is_empty()) else {
        return refused(SsoRefusal::BadToken);
    };
    let nonce = nonce.map(|Extension(n)| n.0).unwrap_or_default();
    let page = format!(
        r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Signing you in to Tandem</title>
</head>
<body>
<main>
<form method="post" action="{SAML_FINISH_PATH}">
<input type="hidden" name="SAMLResponse" value="{answer}">
<h1>Signing you in to Tandem…</h1>
<button type="submit">Continue</button>
</form>
</main>
<script nonce="{nonce}">document.forms[0].submit();</script>
</body>
</html>
"#,
        answer = escape(&answer),
    );
    ([(header::CACHE_CONTROL, "no-store")], Html(page)).into_response()
}

/// The answer, posted from Tandem's own page with the login cookie: checked, taken once, and
/// matched to the sign-in this browser started.
async fn saml_finish(
    State(state): State<AppState>,
    session: Session,
    headers: HeaderMap,
    Form(post): Form<SamlPost>,
) -> Response {
    let Some(answer) = post.response.filter(|r| !r.trim().is_empty()) else {
        return refused(SsoRefusal::BadToken);
    };
    // Taken whatever happens next: an answer is tried once.
    let pending = match session.remove::<Pending>(PENDING_KEY).await {
        Ok(p) => p,
        Err(e) => return failure(e, &headers),
    };
    match sso::complete_saml(&state, pending, &answer).await {
        Ok(Ok(signed_in)) => sign_in(&session, signed_in, &headers).await,
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
