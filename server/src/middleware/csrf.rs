//! Refuses state-changing requests that a browser sends on behalf of another site.
//!
//! Every state change in Tandem is a POST (server functions) and the session cookie is
//! SameSite=Lax; on top of that, each non-GET request must come from Tandem's own origin, as
//! told by `Sec-Fetch-Site` (all current browsers) or else `Origin`. Requests with neither
//! header come from programs, not browsers, and cannot ride on a visitor's cookies.
//!
//! One path is open to any origin: the one-click unsubscribe address of RFC 8058, which mail
//! providers post to from their own servers or pages. Its signed token is its authority, it
//! uses no cookie, and all it can do is turn one kind of email off for the token's person.
//!
//! A second is SAML's Assertion Consumer Service, which identity providers' pages post to from
//! their own origin. It changes nothing: it hands the answer back to the browser in a page of
//! Tandem's own that posts it on, same-origin, to where the sign-in is checked, so that the
//! login session's SameSite cookie comes along and binds the answer to the browser that asked.

use axum::extract::{Request, State};
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Where the one-click unsubscribe links of emails point.
pub const ONE_CLICK_UNSUBSCRIBE: &str = "/unsubscribe/";

/// The origin (`scheme://host[:port]`) of `TANDEM_BASE_URL`.
#[derive(Clone, Debug)]
pub struct AllowedOrigin(pub String);

impl AllowedOrigin {
    pub fn from_base_url(base_url: &str) -> Self {
        let scheme_end = base_url.find("://").map(|i| i + 3).unwrap_or(0);
        let end = base_url[scheme_end..]
            .find('/')
            .map(|i| i + scheme_end)
            .unwrap_or(base_url.len());
        Self(base_url[..end].to_ascii_lowercase())
    }
}

pub async fn same_origin_only(
    State(allowed): State<AllowedOrigin>,
    req: Request,
    next: Next,
) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS)
        || req.uri().path().starts_with(ONE_CLICK_UNSUBSCRIBE)
        || req.uri().path() == app::ssr::sso::SAML_ACS_PATH
    {
        return next.run(req).await;
    }
    let headers = req.headers();
    let verdict = if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        match site {
            "same-origin" | "none" => Ok(()),
            other => Err(format!(
                "the request came from another site (Sec-Fetch-Site: {other})"
            )),
        }
    } else if let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        let origin = origin.to_ascii_lowercase();
        let host = headers
            .get(header::HOST)
            .and_then(|v| v.to_str().ok())
            .map(str::to_ascii_lowercase);
        let same_host =
            host.is_some_and(|h| origin.split_once("://").is_some_and(|(_, rest)| rest == h));
        if origin == allowed.0 || same_host {
            Ok(())
        } else {
            Err(format!("the request came from another origin ({origin})"))
        }
    } else {
        Ok(())
    };
    match verdict {
        Ok(()) => next.run(req).await,
        Err(why) => {
            tracing::warn!(method = %req.method(), path = %req.uri().path(), %why, "cross-site request refused");
            (
                StatusCode::FORBIDDEN,
                format!("Tandem refused this request because {why}. Reload Tandem and try again."),
            )
                .into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn origin_is_scheme_host_and_port() {
        let o = super::AllowedOrigin::from_base_url("https://Tandem.Example.com:8443/app");
        assert_eq!(o.0, "https://tandem.example.com:8443");
        assert_eq!(
            super::AllowedOrigin::from_base_url("http://127.0.0.1:3000").0,
            "http://127.0.0.1:3000"
        );
    }
}
