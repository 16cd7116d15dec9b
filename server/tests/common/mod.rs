//! `spawn_app`: a real Tandem server on a random loopback port, on a fresh database, with its
//! own outbox folder, and an HTTP client that keeps cookies like a browser.
#![allow(dead_code)]

pub mod calendar;
pub mod chat;
pub mod events;
pub mod oidc;
pub mod programs;
pub mod saml;
pub mod smtp;

use app::ssr::support::mailer::{Mailer, OutboxMailer};
use app::ssr::testing::TestDb;
use app::ssr::{AppState, Settings};
use axum::serve::ListenerExt;
use leptos::config::LeptosOptions;
use reqwest::header::{HeaderMap, HeaderValue};
use std::path::PathBuf;
use std::sync::Arc;

pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub outbox: PathBuf,
    pub state: AppState,
    _db: TestDb,
}

#[derive(Clone, Copy, Debug)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Starts a server; `None` when the backend is PostgreSQL and no server is configured (which
/// fails under `CI=true` instead).
pub async fn spawn_app(backend: Backend) -> Option<TestApp> {
    spawn_app_with(backend, None).await
}

/// Starts a server whose email goes through `mailer` (the outbox folder when `None`).
pub async fn spawn_app_with(backend: Backend, mailer: Option<Arc<dyn Mailer>>) -> Option<TestApp> {
    spawn(backend, mailer, None, None).await
}

/// Starts a server whose Slack Web API is at `slack_api_base` (a stand-in's).
pub async fn spawn_app_with_slack(backend: Backend, slack_api_base: String) -> Option<TestApp> {
    spawn(backend, None, None, Some(slack_api_base)).await
}

/// Starts a server whose browser files are in `site_root`, as a release build serves them;
/// with `hash_file`, the name of the file beside the executable that gives the files' hashes.
pub async fn spawn_app_serving(
    backend: Backend,
    site_root: &std::path::Path,
    hash_file: Option<&str>,
) -> Option<TestApp> {
    let site = (site_root.to_path_buf(), hash_file.map(str::to_owned));
    spawn(backend, None, Some(site), None).await
}

async fn spawn(
    backend: Backend,
    mailer: Option<Arc<dyn Mailer>>,
    site: Option<(PathBuf, Option<String>)>,
    slack_api_base: Option<String>,
) -> Option<TestApp> {
    let db = match backend {
        Backend::Sqlite => TestDb::sqlite().await,
        Backend::Postgres => TestDb::postgres().await?,
    };
    // Email goes out at once whatever the hour the tests run; the tests of quiet hours set the
    // hours they need.
    db.db
        .save_default_send_window(&app::domain::SendWindow::ANY_TIME)
        .await
        .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let base = format!("http://{addr}");
    let outbox = std::env::temp_dir().join(format!("tandem-outbox-{}", rand::random::<u64>()));
    let state = AppState {
        db: db.db.clone(),
        mailer: mailer.unwrap_or_else(|| {
            Arc::new(OutboxMailer::new(&outbox, "Tandem <tandem@localhost>").unwrap())
        }),
        settings: Arc::new(Settings {
            base_url: base.clone(),
            secret_key: vec![7; 32],
            previous_secret_keys: Vec::new(),
            trust_forwarded_for: true,
            // The tests serve calendars from loopback.
            calendar_private_hosts: true,
            job_lease_secs: app::ssr::delivery::LEASE_SECS,
            metrics_token: Some(METRICS_TOKEN.into()),
            chat_webhook_hosts: vec!["127.0.0.1".into()],
            // Nothing listens on the discard port: a test without a Slack stand-in that reached
            // Slack would fail loudly.
            slack_api_base: slack_api_base.unwrap_or_else(|| "http://127.0.0.1:9/api/".into()),
        }),
    };
    let mut options = LeptosOptions::builder()
        .output_name("tandem")
        .site_addr(addr)
        .build();
    if let Some((root, hash_file)) = site {
        options.site_root = root.to_string_lossy().into();
        if let Some(name) = hash_file {
            options.hash_files = true;
            options.hash_file = name.into();
        }
    }
    serve(listener, state.clone(), options);
    Some(TestApp {
        base,
        client: client(),
        outbox,
        state,
        _db: db,
    })
}

/// Serves Tandem for `state` on `listener` in the background, as `tandem serve` does.
pub fn serve(listener: tokio::net::TcpListener, state: AppState, options: LeptosOptions) {
    let app = server::router::build(state, options);
    // As `tandem serve` does: no waiting for delayed ACKs on large pages.
    let listener = listener.tap_io(|tcp| {
        let _ = tcp.set_nodelay(true);
    });
    tokio::spawn(async move {
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .await
        .unwrap();
    });
}

/// A client that keeps cookies and does not follow redirects, so tests see them. A request
/// that gets no complete answer within a minute fails the test instead of hanging the run.
pub fn client() -> reqwest::Client {
    let mut headers = HeaderMap::new();
    headers.insert("accept", HeaderValue::from_static("application/json"));
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(std::time::Duration::from_secs(60))
        .default_headers(headers)
        .build()
        .unwrap()
}

/// The token the test servers' /metrics answers to.
pub const METRICS_TOKEN: &str = "metrics-token-for-tests";

pub const PASSWORD: &str = "a long enough password";

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Calls a server function the way the hydrated app does: a form-encoded POST from the
    /// same origin.
    pub async fn call(&self, endpoint: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.call_with(&self.client, endpoint, form).await
    }

    pub async fn call_with(
        &self,
        client: &reqwest::Client,
        endpoint: &str,
        form: &[(&str, &str)],
    ) -> reqwest::Response {
        client
            .post(self.url(&format!("/api/{endpoint}")))
            .header("origin", &self.base)
            .header("sec-fetch-site", "same-origin")
            .form(form)
            .send()
            .await
            .unwrap()
    }

    pub async fn sign_up(&self, name: &str, email: &str) -> reqwest::Response {
        self.call(
            "sign_up",
            &[("name", name), ("email", email), ("password", PASSWORD)],
        )
        .await
    }

    /// Someone else signing up in a browser of their own; returns that browser's client.
    pub async fn member(&self, name: &str, email: &str) -> reqwest::Client {
        let http = client();
        let res = self
            .call_with(
                &http,
                "sign_up",
                &[("name", name), ("email", email), ("password", PASSWORD)],
            )
            .await;
        assert_eq!(res.status(), 200, "sign-up of {email}");
        http
    }

    /// Posts a form to a server function as a browser without JavaScript does: it asks for
    /// HTML and names the page it came from, to which an error sends it back.
    pub async fn plain_post(
        &self,
        endpoint: &str,
        from: &str,
        form: &[(&str, &str)],
    ) -> reqwest::Response {
        self.client
            .post(self.url(&format!("/api/{endpoint}")))
            .header("accept", "text/html")
            .header("origin", self.base.as_str())
            .header("referer", self.url(from))
            .form(form)
            .send()
            .await
            .unwrap()
    }

    pub async fn sign_in(&self, email: &str, password: &str) -> reqwest::Response {
        self.call("sign_in", &[("email", email), ("password", password)])
            .await
    }

    pub async fn sign_out(&self) {
        let res = self.call("sign_out", &[]).await;
        assert!(res.status().is_success(), "sign out: {}", res.status());
    }

    /// The id of the account with `email`.
    pub async fn user_id(&self, email: &str) -> i64 {
        self.state
            .db
            .user_by_email(&app::domain::Email::parse(email).unwrap())
            .await
            .unwrap()
            .expect("an account with this email")
            .id
    }

    /// The signed-in person as `/api/me` reports them (JSON `null` when signed out).
    pub async fn me(&self) -> serde_json::Value {
        let res = self.call("me", &[]).await;
        assert_eq!(res.status(), 200);
        res.json().await.unwrap()
    }

    /// Runs every queued job, as a worker would, so the messages they send are in the
    /// outbox; returns how many jobs ran.
    pub async fn deliver(&self) -> usize {
        app::ssr::delivery::drain(&self.state, "test-worker")
            .await
            .expect("queued jobs run")
    }

    /// Runs the jobs due at `at` (Unix seconds), as a worker would then.
    pub async fn deliver_at(&self, at: i64) -> usize {
        app::ssr::delivery::drain_at(&self.state, "test-worker", at)
            .await
            .expect("queued jobs run")
    }

    /// The newest message in the outbox addressed to `to`, once everything queued is sent.
    pub async fn last_mail_to(&self, to: &str) -> String {
        self.deliver().await;
        let mut newest: Option<(std::time::SystemTime, String)> = None;
        for entry in std::fs::read_dir(&self.outbox)
            .expect("the outbox exists")
            .flatten()
        {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            if text.contains(&format!("To: {to}")) {
                let t = entry.metadata().unwrap().modified().unwrap();
                if newest.as_ref().is_none_or(|(n, _)| t >= *n) {
                    newest = Some((t, text));
                }
            }
        }
        newest.unwrap_or_else(|| panic!("no email to {to}")).1
    }

    /// The token in the first link of `mail` with `?param=`.
    pub fn token_in(mail: &str, param: &str) -> String {
        let unfolded = mail
            .replace("=\r\n", "")
            .replace("=\n", "")
            .replace("=3D", "=");
        let start = unfolded
            .find(&format!("?{param}="))
            .expect("a link in the email")
            + param.len()
            + 2;
        unfolded[start..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect()
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.outbox);
    }
}

/// The messages in the outbox of `app` for `to`, oldest first, without running any job.
pub fn mails_to(app: &TestApp, to: &str) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(&app.outbox) else {
        return Vec::new();
    };
    let mut found: Vec<(std::time::SystemTime, String)> = entries
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
        .map(|e| {
            (
                e.metadata().unwrap().modified().unwrap(),
                std::fs::read_to_string(e.path()).unwrap(),
            )
        })
        .filter(|(_, text)| text.contains(&format!("To: {to}")))
        .collect();
    found.sort();
    found.into_iter().map(|(_, text)| text).collect()
}

/// `link` with one character of its signature changed. The character is always a different
/// one (a fixed replacement would leave the link untouched once in 64 tries), and it sits
/// well inside the signature, where every bit counts.
pub fn tampered(link: &str) -> String {
    let mut chars: Vec<char> = link.chars().collect();
    let at = chars.len() - 10;
    chars[at] = if chars[at] == 'A' { 'B' } else { 'A' };
    chars.into_iter().collect()
}

/// Text with quoted-printable soft breaks undone.
pub fn unfold(mail: &str) -> String {
    mail.replace("=\r\n", "")
        .replace("=\n", "")
        .replace("=3D", "=")
}

/// An accepted session of group 0 of `round`, proposed by `proposer`, of `minutes` from
/// `starts`, planned in Europe/Lisbon; returns its id.
pub async fn accepted_session(
    db: &app::ssr::storage::Db,
    (program, round): (i64, i64),
    proposer: i64,
    (starts, minutes): (i64, i64),
    place: &str,
    agenda: &[&str],
) -> i64 {
    use app::domain::PairSessionState;
    let id = db
        .create_session(
            &app::ssr::storage::NewPairSession {
                program_id: program,
                round_id: round,
                group_no: 0,
                proposed_by: proposer,
                starts_at: starts,
                ends_at: starts + minutes * 60,
                time_zone: "Europe/Lisbon".into(),
                place: place.into(),
                video_url: String::new(),
                agenda: agenda.iter().map(|a| a.to_string()).collect(),
                replaces: None,
            },
            &[],
        )
        .await
        .unwrap();
    assert!(db
        .set_session_state(
            id,
            PairSessionState::Proposed,
            PairSessionState::Accepted,
            &[]
        )
        .await
        .unwrap());
    id
}

/// A valid peer program named `name`, enrolling in the future.
pub fn program_spec(name: &str) -> app::domain::ProgramSpec {
    app::domain::ProgramInput {
        name: name.into(),
        format: "peer".into(),
        enrollment_opens_on: "2027-01-04".into(),
        enrollment_closes_on: "2027-01-22".into(),
        starts_on: "2027-02-01".into(),
        ends_on: "2027-07-30".into(),
        ..Default::default()
    }
    .parse()
    .unwrap()
}

/// Twelve colleagues, by name and address, for tests that need a program's worth of people.
pub const TWELVE: [(&str, &str); 12] = [
    ("Ana Lopez", "ana@example.com"),
    ("Bo Chen", "bo@example.com"),
    ("Cy Diaz", "cy@example.com"),
    ("Dee Park", "dee@example.com"),
    ("Eli Moss", "eli@example.com"),
    ("Fay Wong", "fay@example.com"),
    ("Gus Hale", "gus@example.com"),
    ("Hana Ito", "hana@example.com"),
    ("Ivo Kral", "ivo@example.com"),
    ("Jo Reyes", "jo@example.com"),
    ("Kim Lund", "kim@example.com"),
    ("Lee Moon", "lee@example.com"),
];

/// "Spring pairs" created by Olga, who signs up first and so is org admin, moved on to
/// `state` (enrolling or running), with `people` signed up in browsers of their own and
/// enrolled as peers without answers; returns the program, everyone's ids by lower-case first
/// name, and their browsers in the order given.
pub async fn program_with(
    app: &TestApp,
    state: app::domain::ProgramState,
    people: &[(&str, &str)],
) -> (
    i64,
    std::collections::HashMap<String, i64>,
    Vec<reqwest::Client>,
) {
    use app::domain::ProgramState;
    app.sign_up("Olga Admin", "olga@example.com").await;
    let olga = app.me().await["id"].as_i64().unwrap();
    let db = &app.state.db;
    let program = db
        .create_program(&program_spec("Spring pairs"), olga)
        .await
        .unwrap();
    db.set_program_state(program, ProgramState::Draft, ProgramState::Enrolling)
        .await
        .unwrap();
    if state == ProgramState::Running {
        db.set_program_state(program, ProgramState::Enrolling, ProgramState::Running)
            .await
            .unwrap();
    }
    let mut ids = std::collections::HashMap::new();
    let mut clients = Vec::new();
    for (name, email) in people {
        clients.push(app.member(name, email).await);
        let id = app.user_id(email).await;
        enroll_peer(db, program, id).await;
        ids.insert(name.split(' ').next().unwrap().to_lowercase(), id);
    }
    (program, ids, clients)
}

/// A page as a browser without JavaScript gets it.
/// The text of a PDF as a reader sees it, read back by Poppler's `pdftotext` (Debian's
/// poppler-utils, which `scripts/setup.sh` installs): an independent reader, so a PDF that
/// only Tandem could read fails.
pub fn pdf_text(pdf: &[u8]) -> String {
    use std::io::Write;
    use std::process::{Command, Stdio};
    assert!(pdf.starts_with(b"%PDF-"), "not a PDF");
    let mut child = Command::new("pdftotext")
        .args(["-enc", "UTF-8", "-", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("pdftotext (poppler-utils) is installed by scripts/setup.sh");
    child.stdin.take().unwrap().write_all(pdf).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "pdftotext could not read the PDF: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The text of the PDF at `url`, which must answer 200 with `application/pdf`.
pub async fn pdf_at(client: &reqwest::Client, url: &str) -> String {
    let res = client.get(url).send().await.unwrap();
    assert_eq!(res.status(), 200, "{url}");
    assert_eq!(res.headers()["content-type"], "application/pdf", "{url}");
    pdf_text(&res.bytes().await.unwrap())
}

pub async fn html(client: &reqwest::Client, url: &str) -> String {
    client
        .get(url)
        .header("accept", "text/html")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

/// Enrolls `user` in a program as a peer with no survey answers.
pub async fn enroll_peer(db: &app::ssr::storage::Db, program: i64, user: i64) {
    db.save_enrollment(
        program,
        user,
        app::ssr::storage::EnrollmentWrite {
            role: app::domain::EnrollmentRole::Peer,
            capacity: 1,
            answers: &app::domain::Answers::default(),
            preferred: &[],
            avoid: &[],
        },
    )
    .await
    .unwrap();
}

/// Runs each listed test body against SQLite and PostgreSQL.
#[macro_export]
macro_rules! on_both_databases {
    ($($case:ident),* $(,)?) => {$(
        mod $case {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let app = $crate::common::spawn_app($crate::common::Backend::Sqlite).await.unwrap();
                super::$case(app).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if let Some(app) = $crate::common::spawn_app($crate::common::Backend::Postgres).await {
                    super::$case(app).await;
                }
            }
        }
    )*};
}
