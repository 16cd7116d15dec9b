//! The HTTP application: Leptos pages and server functions, health checks, static files, and
//! the middleware stack around them.

use crate::middleware::{api_errors, same_origin_only, security_headers, AllowedOrigin};
use app::ssr::storage::LoginStore;
use app::ssr::support::context;
use app::ssr::AppState;
use app::{shell, App};
use axum::extract::State;
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use leptos::prelude::*;
use leptos_axum::{
    file_and_error_handler_with_context, generate_route_list, AxumRouteListing, LeptosRoutes,
};
use std::sync::OnceLock;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

pub const SESSION_COOKIE: &str = "tandem_session";
/// The largest request body: a 10 MB directory file plus its multipart framing.
const MAX_BODY_BYTES: usize = 11 * 1024 * 1024;
const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The pages' routes, listed once per process. Listing them renders the app with resource
/// loading switched off process-wide, so a page rendered at that moment by another router in
/// the same process (the HTTP tests build one per test) would wait forever for its data.
fn route_list() -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// Builds the whole application for `state`. Used by `tandem serve` and by the HTTP tests.
pub fn build(state: AppState, options: LeptosOptions) -> Router {
    crate::metrics::install();
    let https = state.settings.base_url.starts_with("https://");
    let allowed = AllowedOrigin::from_base_url(&state.settings.base_url);
    let routes = route_list();

    let context = {
        let state = state.clone();
        move || {
            provide_context(state.clone());
            provide_context(context::SignedIn::default());
        }
    };
    let sessions = SessionManagerLayer::new(LoginStore::new(state.db.clone()))
        .with_name(SESSION_COOKIE)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(https)
        .with_expiry(Expiry::OnInactivity(time::Duration::days(14)));
    let hsts = https.then(|| HeaderValue::from_static("max-age=31536000; includeSubDomains"));

    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz).with_state(state.clone()))
        .route(
            "/metrics",
            get(crate::metrics::serve).with_state(state.clone()),
        )
        .merge(crate::downloads::routes(state.clone()))
        .merge(crate::unsubscribe::routes(state.clone()))
        .merge(crate::slack::routes(state.clone()))
        .merge(crate::scim::routes(state.clone()))
        .merge(crate::sso::routes(state.clone()))
        .merge(crate::assets::routes(
            &options.site_root,
            &options.site_pkg_dir,
            options.hash_files,
        ))
        .leptos_routes_with_context(&options, routes, context.clone(), {
            let options = options.clone();
            move || shell(options.clone())
        })
        .fallback(file_and_error_handler_with_context(context, shell))
        .with_state(options)
        .layer(axum::middleware::from_fn(crate::metrics::track))
        .layer(axum::middleware::from_fn_with_state(
            state.settings.clone(),
            api_errors,
        ))
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(sessions)
        .layer(axum::middleware::from_fn_with_state(allowed, same_origin_only))
        .layer(axum::middleware::from_fn(security_headers))
        .layer(SetResponseHeaderLayer::if_not_present(
            HeaderName::from_static("strict-transport-security"),
            move |_: &axum::http::Response<_>| hsts.clone(),
        ))
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(TraceLayer::new_for_http().make_span_with(|req: &axum::http::Request<_>| {
            let id = req.headers().get(REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or("-");
            tracing::info_span!("request", method = %req.method(), path = %req.uri().path(), request_id = %id)
        }))
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
}

/// The process is up.
async fn healthz() -> &'static str {
    "ok"
}

/// The database answers; load balancers send traffic only to ready servers.
async fn readyz(State(state): State<AppState>) -> impl IntoResponse {
    if state.db.ping().await {
        (StatusCode::OK, "ready")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "database unreachable")
    }
}
