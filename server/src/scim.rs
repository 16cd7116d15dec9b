//! `/scim/v2`: where the company's identity provider provisions people (RFC 7644). Identity
//! providers send no `Origin`, so the same-origin check lets them through as it does Slack;
//! what authorises a request is its bearer token, checked before anything else is read.
//! Every answer, refusals included, is `application/scim+json`.

use app::ssr::scim::{self, discovery, error::ScimError, ListQuery};
use app::ssr::AppState;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, post, MethodRouter};
use axum::Router;
use serde::Deserialize;
use serde_json::Value;

const SCIM_JSON: &str = "application/scim+json";

pub fn routes<S: Clone + Send + Sync + 'static>(state: AppState) -> Router<S> {
    Router::new()
        .route("/scim/v2/ServiceProviderConfig", only_get(config))
        .route("/scim/v2/ResourceTypes", only_get(resource_types))
        .route("/scim/v2/ResourceTypes/{id}", only_get(resource_type))
        .route("/scim/v2/Schemas", only_get(schemas))
        .route("/scim/v2/Schemas/{id}", only_get(schema))
        .route(
            "/scim/v2/Users",
            get(list).post(create).fallback(method_not_allowed),
        )
        .route(
            "/scim/v2/.search",
            post(search).fallback(method_not_allowed),
        )
        .route(
            "/scim/v2/Users/.search",
            post(search).fallback(method_not_allowed),
        )
        .route(
            "/scim/v2/Users/{id}",
            get(read)
                .put(replace)
                .patch(patch)
                .delete(delete)
                .fallback(method_not_allowed),
        )
        .route("/scim/v2", any(unknown))
        .route("/scim/v2/{*rest}", any(unknown))
        .with_state(state)
}

fn only_get<H, T>(handler: H) -> MethodRouter<AppState>
where
    H: axum::handler::Handler<T, AppState>,
    T: 'static,
{
    get(handler).fallback(method_not_allowed)
}

fn scim_json(status: StatusCode, body: &Value) -> Response {
    let mut res = (status, body.to_string()).into_response();
    res.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(SCIM_JSON));
    res
}

/// A refusal in SCIM's error format. Failures on Tandem's side are logged with the request
/// id, which is all the provider is told.
fn refused(e: ScimError, headers: &HeaderMap) -> Response {
    let request_id = headers
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-");
    let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    if status.is_server_error() {
        tracing::error!(error = ?e, request_id, "a SCIM request failed");
    } else {
        tracing::info!(status = status.as_u16(), detail = %e, "a SCIM request was refused");
    }
    let mut res = scim_json(status, &e.body(request_id));
    if status == StatusCode::UNAUTHORIZED {
        res.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Bearer realm=\"Tandem SCIM\""),
        );
    }
    res
}

fn authorization(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
}

/// Runs `work` for the provider behind the request's bearer token and answers with its JSON,
/// or the refusal.
async fn answer<F, Fut>(
    state: &AppState,
    headers: &HeaderMap,
    status: StatusCode,
    work: F,
) -> Response
where
    F: FnOnce(scim::Provider) -> Fut,
    Fut: std::future::Future<Output = Result<Value, ScimError>>,
{
    let outcome = match scim::authenticate(state, authorization(headers)).await {
        Ok(provider) => work(provider).await,
        Err(e) => Err(e),
    };
    match outcome {
        Ok(body) => scim_json(status, &body),
        Err(e) => refused(e, headers),
    }
}

/// The body as JSON, or `invalidSyntax` naming where it broke.
fn json_body(body: &Bytes) -> Result<Value, ScimError> {
    serde_json::from_slice(body).map_err(|e| {
        ScimError::bad(
            scim::error::ScimType::InvalidSyntax,
            format!("The body is not valid JSON: {e}."),
        )
    })
}

async fn method_not_allowed(headers: HeaderMap, method: axum::http::Method) -> Response {
    refused(
        ScimError::MethodNotAllowed(match method.as_str() {
            "GET" => "GET",
            "POST" => "POST",
            "PUT" => "PUT",
            "PATCH" => "PATCH",
            "DELETE" => "DELETE",
            _ => "This method",
        }),
        &headers,
    )
}

async fn unknown(headers: HeaderMap) -> Response {
    refused(
        ScimError::NotFound(
            "No such SCIM endpoint. Tandem serves /Users, /ServiceProviderConfig, /ResourceTypes and /Schemas."
                .into(),
        ),
        &headers,
    )
}

async fn config(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let base = state.settings.base_url.clone();
    answer(&state, &headers, StatusCode::OK, |_| async move {
        Ok(discovery::service_provider_config(&base))
    })
    .await
}

async fn resource_types(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let base = state.settings.base_url.clone();
    answer(&state, &headers, StatusCode::OK, |_| async move {
        Ok(discovery::list(
            vec![discovery::user_resource_type(&base)],
            1,
            1,
        ))
    })
    .await
}

async fn resource_type(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let base = state.settings.base_url.clone();
    answer(&state, &headers, StatusCode::OK, |_| async move {
        match id.as_str() {
            "User" => Ok(discovery::user_resource_type(&base)),
            _ => Err(ScimError::NotFound(format!(
                "No resource type is called {id:?}."
            ))),
        }
    })
    .await
}

async fn schemas(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let base = state.settings.base_url.clone();
    answer(&state, &headers, StatusCode::OK, |_| async move {
        let schemas = vec![
            discovery::user_schema(&base),
            discovery::enterprise_schema(&base),
        ];
        Ok(discovery::list(schemas, 2, 1))
    })
    .await
}

async fn schema(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let base = state.settings.base_url.clone();
    answer(&state, &headers, StatusCode::OK, |_| async move {
        [
            discovery::user_schema(&base),
            discovery::enterprise_schema(&base),
        ]
        .into_iter()
        .find(|s| s["id"] == id.as_str())
        .ok_or_else(|| ScimError::NotFound(format!("No schema has the id {id:?}.")))
    })
    .await
}

/// A list's query string, as providers spell it.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ListParams {
    filter: Option<String>,
    start_index: Option<String>,
    count: Option<String>,
    attributes: Option<String>,
    excluded_attributes: Option<String>,
}

fn number(name: &str, v: Option<&str>) -> Result<Option<i64>, ScimError> {
    match v.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => v.parse().map(Some).map_err(|_| {
            ScimError::bad(
                scim::error::ScimType::InvalidValue,
                format!("{name} must be a whole number, not {v:?}."),
            )
        }),
    }
}

impl ListParams {
    fn parse(self) -> Result<ListQuery, ScimError> {
        Ok(ListQuery {
            start_index: number("startIndex", self.start_index.as_deref())?,
            count: number("count", self.count.as_deref())?,
            filter: self.filter,
            attributes: self.attributes,
            excluded_attributes: self.excluded_attributes,
        })
    }
}

async fn list(
    State(state): State<AppState>,
    headers: HeaderMap,
    params: Result<Query<ListParams>, axum::extract::rejection::QueryRejection>,
) -> Response {
    answer(&state, &headers, StatusCode::OK, |_| async {
        let Query(params) = params
            .map_err(|e| ScimError::bad(scim::error::ScimType::InvalidValue, e.body_text()))?;
        scim::list(&state, params.parse()?).await
    })
    .await
}

/// `POST /Users/.search` (and `/.search`, which finds the same, people being Tandem's only
/// resource): a list whose parameters travel in a SearchRequest body.
async fn search(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    answer(&state, &headers, StatusCode::OK, |_| async {
        let v = json_body(&body)?;
        let text = |k: &str| -> Option<String> {
            match &v[k] {
                Value::String(s) => Some(s.clone()),
                Value::Array(items) => Some(
                    items
                        .iter()
                        .filter_map(Value::as_str)
                        .collect::<Vec<_>>()
                        .join(","),
                ),
                _ => None,
            }
        };
        let query = ListQuery {
            filter: text("filter"),
            start_index: v["startIndex"].as_i64(),
            count: v["count"].as_i64(),
            attributes: text("attributes"),
            excluded_attributes: text("excludedAttributes"),
        };
        scim::list(&state, query).await
    })
    .await
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Projection {
    attributes: Option<String>,
    excluded_attributes: Option<String>,
}

async fn read(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(p): Query<Projection>,
) -> Response {
    answer(&state, &headers, StatusCode::OK, |_| async {
        scim::get(
            &state,
            &id,
            p.attributes.as_deref(),
            p.excluded_attributes.as_deref(),
        )
        .await
    })
    .await
}

async fn create(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let created = async {
        let provider = scim::authenticate(&state, authorization(&headers)).await?;
        scim::create(&state, &provider, &json_body(&body)?).await
    };
    match created.await {
        Ok((resource, id)) => {
            let mut res = scim_json(StatusCode::CREATED, &resource);
            let location = scim::resource::location(&state.settings.base_url, id);
            if let Ok(l) = HeaderValue::from_str(&location) {
                res.headers_mut().insert(header::LOCATION, l);
            }
            res
        }
        Err(e) => refused(e, &headers),
    }
}

async fn replace(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let st = state.clone();
    answer(&state, &headers, StatusCode::OK, |p| async move {
        scim::replace(&st, &p, &id, &json_body(&body)?).await
    })
    .await
}

async fn patch(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let st = state.clone();
    answer(&state, &headers, StatusCode::OK, |p| async move {
        scim::patch(&st, &p, &id, &json_body(&body)?).await
    })
    .await
}

async fn delete(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let deleted = async {
        let provider = scim::authenticate(&state, authorization(&headers)).await?;
        scim::delete(&state, &provider, &id).await
    };
    match deleted.await {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => refused(e, &headers),
    }
}
