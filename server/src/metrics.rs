//! `/metrics` in the Prometheus text format: requests by route and status with their latency,
//! the database pool, the job queue, jobs and emails by outcome.
//!
//! Counters are recorded where things happen (`metrics` macros); the exporter only keeps and
//! renders them, so the endpoint costs nothing until scraped. Gauges that describe shared
//! state (the queue, the pool) are read at scrape time, so every server reports the same
//! queue. The endpoint is off unless `TANDEM_METRICS_TOKEN` is set, and then answers only to
//! `Authorization: Bearer <token>`: route names and counts are not for the public.

use app::ssr::AppState;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use sha2::{Digest, Sha256};
use std::sync::OnceLock;
use std::time::Instant;

const REQUEST_SECONDS: &str = "tandem_http_request_duration_seconds";

/// The process's one recorder (tests start several routers in one process).
fn handle() -> &'static PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        let builder = PrometheusBuilder::new()
            .set_buckets_for_metric(
                Matcher::Full(REQUEST_SECONDS.into()),
                &[
                    0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
                ],
            )
            .expect("the bucket list is not empty");
        builder
            .install_recorder()
            .expect("Tandem installs the only metrics recorder, once")
    })
}

/// Installs the recorder; call once before serving.
pub fn install() {
    let _ = handle();
}

/// Counts each request under its route pattern (`/programs/{id}`, never the raw path, so
/// one label per route) with its status and time taken.
pub async fn track(req: Request, next: Next) -> Response {
    let started = Instant::now();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_else(|| "unmatched".into());
    let method = req.method().as_str().to_owned();
    let response = next.run(req).await;
    let status = response.status().as_u16().to_string();
    let labels = [("route", route), ("method", method), ("status", status)];
    metrics::counter!("tandem_http_requests_total", &labels).increment(1);
    metrics::histogram!(REQUEST_SECONDS, &labels).record(started.elapsed().as_secs_f64());
    response
}

/// `GET /metrics`.
pub async fn serve(State(state): State<AppState>, req: Request) -> Response {
    let Some(token) = state.settings.metrics_token.as_deref() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let given = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default();
    // Compared as digests, so the time taken says nothing about how much of it matched.
    if Sha256::digest(given.as_bytes()) != Sha256::digest(token.as_bytes()) {
        return (
            StatusCode::UNAUTHORIZED,
            [(header::WWW_AUTHENTICATE, "Bearer")],
            "Send the metrics token as Authorization: Bearer <token>.",
        )
            .into_response();
    }
    let pool = state.db.pool();
    metrics::gauge!("tandem_db_pool_connections").set(pool.size() as f64);
    metrics::gauge!("tandem_db_pool_idle").set(pool.num_idle() as f64);
    match state.db.queue_depth(app::ssr::storage::now()).await {
        Ok(depth) => {
            metrics::gauge!("tandem_jobs_queued").set(depth.queued as f64);
            metrics::gauge!("tandem_jobs_due").set(depth.due as f64);
            metrics::gauge!("tandem_jobs_failed").set(depth.failed as f64);
        }
        Err(e) => tracing::warn!(error = %e, "could not read the job queue for metrics"),
    }
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        handle().render(),
    )
        .into_response()
}
