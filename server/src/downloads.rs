//! Files people download or subscribe to, outside the Leptos pages: an event's or a pair
//! session's `.ics`, an event's answers as CSV for organisers, an Exec Encounter's draw to
//! check, each person's private calendar feed, the resource hub's uploaded files, an
//! insights view's figures as CSV and its leadership report as PDF for admins,
//! certificates as PDF, and mentoring records for reviews.

use app::error::AppError;
use app::models::User;
use app::ssr::support::context::USER_ID_KEY;
use app::ssr::{calendar, events, pairs, resources, AppState};
use axum::body::Body;
use axum::extract::{Path, Query, RawQuery, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tower_sessions::Session;

pub fn routes<S: Clone + Send + Sync + 'static>(state: AppState) -> Router<S> {
    Router::new()
        .route("/events/{id}/calendar.ics", get(event_ics))
        .route("/events/{id}/answers.csv", get(answers_csv))
        .route("/events/{id}/draw.json", get(draw_json))
        .route("/sessions/{id}/calendar.ics", get(session_ics))
        .route("/calendar/{file}", get(feed))
        .route("/resources/{id}/file", get(resource_file))
        .route("/profile/data.json", get(personal_data))
        .route("/insights.csv", get(insights_csv))
        .route("/insights/report.pdf", get(insights_report_pdf))
        .route("/certificates/{code}/certificate.pdf", get(certificate_pdf))
        .route("/reviews/record", get(own_record))
        .route("/reviews/{id}/record", get(agreed_record))
        .with_state(state)
}

fn failure(error: AppError) -> Response {
    let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, error.to_string()).into_response()
}

async fn signed_in(session: &Session, state: &AppState) -> Result<User, Response> {
    let id = session
        .get::<i64>(USER_ID_KEY)
        .await
        .ok()
        .flatten()
        .ok_or_else(|| failure(AppError::Unauthenticated))?;
    match state.db.user_by_id(id).await {
        Ok(Some(user)) if user.active() => Ok(user),
        Ok(_) => Err(failure(AppError::Unauthenticated)),
        Err(e) => Err(failure(app::ssr::support::context::internal(e))),
    }
}

/// A download that caches must not keep: it is someone's own data.
fn file(content_type: &'static str, name: String, body: impl Into<Body>) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        body.into(),
    )
        .into_response()
}

/// An insights view's figures, exactly as its page shows them. A wrong filter answers 400
/// naming the field, as the page does.
async fn insights_csv(
    State(state): State<AppState>,
    session: Session,
    Query(query): Query<app::domain::InsightQuery>,
) -> Result<Response, Response> {
    let user = signed_in(&session, &state).await?;
    let page = app::ssr::insights::page(&state, &user, &query)
        .await
        .map_err(failure)?;
    let body = app::ssr::insights::to_csv(&page)
        .map_err(|e| failure(app::ssr::support::context::internal(e)))?;
    let name = match &page.program_name {
        Some(_) => format!(
            "tandem-insights-program-{}-{}-{}.csv",
            page.query.program, page.query.from, page.query.to
        ),
        None => format!("tandem-insights-{}-{}.csv", page.query.from, page.query.to),
    };
    Ok(file("text/csv; charset=utf-8", name, body))
}

/// My own mentoring record with the parts I ticked, in the format of the button I pressed.
async fn own_record(
    State(state): State<AppState>,
    session: Session,
    RawQuery(query): RawQuery,
) -> Result<Response, Response> {
    let user = signed_in(&session, &state).await?;
    let (scope, format) = app::ssr::reviews::own_query(query.as_deref().unwrap_or(""));
    let f = app::ssr::reviews::export_own(&state, &user, &scope, &format)
        .await
        .map_err(failure)?;
    Ok(file(f.content_type, f.name, f.bytes))
}

#[derive(serde::Deserialize)]
struct FormatQuery {
    #[serde(default)]
    format: String,
}

/// A report's mentoring record, read by the agreement `id`: only while it holds.
async fn agreed_record(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<i64>,
    Query(q): Query<FormatQuery>,
) -> Result<Response, Response> {
    let user = signed_in(&session, &state).await?;
    let f = app::ssr::reviews::export_agreed(&state, &user, id, &q.format)
        .await
        .map_err(failure)?;
    Ok(file(f.content_type, f.name, f.bytes))
}

/// The leadership report of an insights view as a PDF: the same figures and stories as its
/// page, for the same admins.
async fn insights_report_pdf(
    State(state): State<AppState>,
    session: Session,
    Query(query): Query<app::domain::InsightQuery>,
) -> Result<Response, Response> {
    let user = signed_in(&session, &state).await?;
    let report = app::ssr::insights::report(&state, &user, &query)
        .await
        .map_err(failure)?;
    let bytes = app::ssr::insights::report_pdf(&report).map_err(failure)?;
    Ok(file(
        "application/pdf",
        format!(
            "tandem-report-{}.pdf",
            report.period_label.replace(' ', "-")
        ),
        bytes,
    ))
}

/// A certificate as a PDF, for whoever holds its code, as its verification page is.
async fn certificate_pdf(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<Response, Response> {
    let (name, bytes) = app::ssr::certificates::pdf(&state, &code)
        .await
        .map_err(failure)?;
    Ok(file("application/pdf", name, bytes))
}

/// Everything Tandem holds about the signed-in person, as one JSON file.
async fn personal_data(
    State(state): State<AppState>,
    session: Session,
) -> Result<Response, Response> {
    let user = signed_in(&session, &state).await?;
    let doc = app::ssr::personal_data::export(&state, &user)
        .await
        .map_err(failure)?;
    let body = serde_json::to_string_pretty(&doc)
        .map_err(|e| failure(app::ssr::support::context::internal(e)))?;
    Ok(file(
        "application/json; charset=utf-8",
        "tandem-personal-data.json".into(),
        body,
    ))
}

async fn session_ics(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<i64>,
) -> Result<Response, Response> {
    let user = signed_in(&session, &state).await?;
    let body = pairs::ics(&state, &user, id).await.map_err(failure)?;
    Ok(file(
        "text/calendar; charset=utf-8",
        format!("session-{id}.ics"),
        body,
    ))
}

async fn event_ics(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<i64>,
) -> Result<Response, Response> {
    let user = signed_in(&session, &state).await?;
    let body = events::ics(&state, &user, id).await.map_err(failure)?;
    Ok(file(
        "text/calendar; charset=utf-8",
        format!("event-{id}.ics"),
        body,
    ))
}

async fn answers_csv(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<i64>,
) -> Result<Response, Response> {
    let user = signed_in(&session, &state).await?;
    let body = events::export_csv(&state, &user, id)
        .await
        .map_err(failure)?;
    Ok(file(
        "text/csv; charset=utf-8",
        format!("event-{id}-answers.csv"),
        body,
    ))
}

/// A held draw as a file anyone who may see the event can check with `tandem draw --verify`.
async fn draw_json(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<i64>,
) -> Result<Response, Response> {
    let user = signed_in(&session, &state).await?;
    let record = events::draw_record(&state, &user, id)
        .await
        .map_err(failure)?;
    let body = serde_json::to_string_pretty(&record)
        .map_err(|e| failure(app::ssr::support::context::internal(e)))?;
    Ok(file(
        "application/json",
        format!("event-{id}-draw.json"),
        body,
    ))
}

/// Calendar apps fetch this without cookies; the secret in the address is the key.
async fn feed(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    let Some(token) = file.strip_suffix(".ics") else {
        return (StatusCode::NOT_FOUND, "No such calendar.").into_response();
    };
    match calendar::feed(&state, token).await {
        Ok(Some(body)) => (
            [
                (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
                (header::CACHE_CONTROL, "private, max-age=300"),
            ],
            body,
        )
            .into_response(),
        Ok(None) => (
            StatusCode::NOT_FOUND,
            "This calendar address no longer works. Get a new one on the Events page in Tandem.",
        )
            .into_response(),
        Err(e) => failure(e),
    }
}

/// An uploaded file, for those who may read its resource. It is sent with the type its
/// content was recognised as, `nosniff`, and a sandboxing policy, so even a file that a
/// browser might treat as a page cannot run script or reach Tandem. Images are shown inline;
/// everything else is a download.
async fn resource_file(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<i64>,
) -> Result<Response, Response> {
    let user = signed_in(&session, &state).await?;
    let (name, kind, bytes) = resources::file(&state, &user, id).await.map_err(failure)?;
    let disposition = if kind.image { "inline" } else { "attachment" };
    Ok((
        [
            (header::CONTENT_TYPE, kind.mime.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("{disposition}; filename=\"{name}\""),
            ),
            (
                header::CONTENT_SECURITY_POLICY,
                "default-src 'none'; img-src 'self'; sandbox".to_owned(),
            ),
            (header::CACHE_CONTROL, "private, max-age=300".to_owned()),
        ],
        bytes,
    )
        .into_response())
}
