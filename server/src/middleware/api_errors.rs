//! Gives server-function errors their proper status code, and turns them into a redirect back
//! to the form for plain (JavaScript-off) form posts.
//!
//! Leptos answers every server-function error with 500, and a plain form post with a redirect
//! to the Referer whatever happened. Here the error body (an [`AppError`] in JSON) is read
//! once: API callers get 400/401/403/404/409/429, and a browser without JavaScript is sent
//! back to its form with `?error=…&field=…`, which the page shows next to the field.

use app::error::AppError;
use app::ssr::storage::now;
use app::ssr::support::form_errors;
use app::ssr::support::links::{LinkKeys, LinkPurpose};
use app::ssr::Settings;
use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use std::sync::Arc;

const SERVER_FN_ERROR_HEADER: &str = "serverfnerror";
const MAX_ERROR_BODY: usize = 64 * 1024;

pub async fn api_errors(
    State(settings): State<Arc<Settings>>,
    req: Request,
    next: Next,
) -> Response {
    if !req.uri().path().starts_with("/api/") {
        return next.run(req).await;
    }
    let plain_form = req
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"));
    let form = req.uri().path().to_owned();
    let referer = req
        .headers()
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let res = next.run(req).await;
    if !res.headers().contains_key(SERVER_FN_ERROR_HEADER) {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let bytes = to_bytes(body, MAX_ERROR_BODY).await.unwrap_or_default();
    let error: Option<AppError> = serde_json::from_slice(&bytes).ok();
    let status = error.as_ref().map(AppError::status).unwrap_or(500);
    if plain_form {
        if let (Some(error), Some(back)) = (&error, referer.as_deref().and_then(local_path)) {
            let keys = settings.link_keys(LinkPurpose::FormError);
            let location = with_error(&back, error, &form, &keys, now());
            if let Ok(v) = HeaderValue::from_str(&location) {
                parts.status = StatusCode::SEE_OTHER;
                parts.headers.insert(header::LOCATION, v);
                return Response::from_parts(parts, Body::empty());
            }
        }
    }
    parts.status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    parts.headers.remove(header::LOCATION);
    Response::from_parts(parts, Body::from(bytes))
}

/// The path and query of a Referer, so the redirect never leaves this site.
fn local_path(referer: &str) -> Option<String> {
    let after_scheme = referer.split_once("://").map(|(_, r)| r)?;
    let path = &after_scheme[after_scheme.find('/')?..];
    Some(path.to_owned())
}

/// `path` with `error` (and `field`) set in its query, replacing earlier ones, the server
/// function whose form was refused (`form`, so only that form shows it), and the seal that
/// lets the page show them.
fn with_error(path: &str, error: &AppError, form: &str, keys: &LinkKeys, at: i64) -> String {
    let (base, query) = path.split_once('?').unwrap_or((path, ""));
    let mut pairs: Vec<String> = query
        .split('&')
        .filter(|p| {
            !p.is_empty()
                && !["error=", "field=", "form=", "seal=", "saved=", "sent="]
                    .iter()
                    .any(|k| p.starts_with(k))
        })
        .map(str::to_owned)
        .collect();
    let message = error.to_string();
    let field = match error {
        AppError::Invalid { field, .. } => field.as_str(),
        _ => "",
    };
    let encode = app::components::shell::encode_query;
    pairs.push(format!("error={}", encode(&message)));
    if !field.is_empty() {
        pairs.push(format!("field={}", encode(field)));
    }
    pairs.push(format!("form={}", encode(form)));
    pairs.push(format!(
        "seal={}",
        form_errors::seal(keys, field, &message, at)
    ));
    format!("{base}?{}", pairs.join("&"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sends_plain_forms_back_with_the_message_sealed() {
        let e = AppError::invalid("email", "Enter an email address.");
        let keys = LinkKeys::new(LinkPurpose::FormError, &[1; 32], &[]);
        assert_eq!(
            local_path("http://127.0.0.1:3000/sign-in?next=/profile").as_deref(),
            Some("/sign-in?next=/profile")
        );
        let back = with_error(
            "/sign-in?next=/profile&error=old&form=/api/old&seal=old",
            &e,
            "/api/sign_in",
            &keys,
            50,
        );
        let (start, seal) = back.split_once("&seal=").unwrap();
        assert_eq!(
            start,
            "/sign-in?next=/profile&error=Enter%20an%20email%20address.&field=email&form=/api/sign_in"
        );
        assert!(form_errors::is_sealed(
            &keys,
            "email",
            "Enter an email address.",
            seal,
            50
        ));
        assert_eq!(local_path("not a url"), None);
    }
}
