//! Tandem as operators run it: real `tandem serve` processes on one database. Three servers
//! on one PostgreSQL behave as one; a server killed with `kill -9` mid-burst loses no answer
//! it acknowledged; a backup taken during writes restores and serves; SIGTERM stops cleanly.

mod common;

use app::domain::{Email, Role};
use app::ssr::events::personal_link;
use app::ssr::storage::{now, Db, EventRow, NewUser, RsvpCounts};
use app::ssr::support::mailer::OutboxMailer;
use app::ssr::testing::TestDb;
use app::ssr::{AppState, Settings};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The secret every server of a test shares, as TANDEM_SECRET_KEY.
const SECRET: &str = "a-shared-secret-key-for-every-server-0123456789";

/// One `tandem serve` process.
struct Server {
    child: Child,
    base: String,
    data_dir: PathBuf,
}

/// What every server of a test is started with.
struct Setup {
    database_url: String,
    /// The public address all servers answer for (as behind one load balancer).
    public_url: String,
    root: PathBuf,
    /// Whether dropping this removes `root` (a setup inside another's folder leaves it).
    owns_root: bool,
    /// The Slack Web API the servers call (a stand-in's), when a test needs one.
    slack_api_base: Option<String>,
}

impl Setup {
    fn new(database_url: &str) -> Setup {
        let root = std::env::temp_dir().join(format!("tandem-procs-{}", rand::random::<u64>()));
        std::fs::create_dir_all(&root).unwrap();
        Setup {
            database_url: database_url.to_owned(),
            public_url: "http://tandem.test".into(),
            root,
            owns_root: true,
            slack_api_base: None,
        }
    }

    /// A setup for another database, in a folder inside this one's.
    fn beside(&self, database_url: String, folder: &str) -> Setup {
        let root = self.root.join(folder);
        std::fs::create_dir_all(&root).unwrap();
        Setup {
            database_url,
            public_url: self.public_url.clone(),
            root,
            owns_root: false,
            slack_api_base: None,
        }
    }

    /// Starts server number `n` (its own port and data folder) and waits until it is ready.
    async fn start(&self, n: usize) -> Server {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let data_dir = self.root.join(format!("server-{n}"));
        std::fs::create_dir_all(&data_dir).unwrap();
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(data_dir.join("log.txt"))
            .unwrap();
        let mut command = Command::new(env!("CARGO_BIN_EXE_tandem"));
        if let Some(base) = &self.slack_api_base {
            command.env("TANDEM_SLACK_API_BASE", base);
        }
        let child = command
            .arg("serve")
            .current_dir(&data_dir)
            .env("TANDEM_DATABASE_URL", &self.database_url)
            .env("TANDEM_ADDR", format!("127.0.0.1:{port}"))
            .env("TANDEM_BASE_URL", &self.public_url)
            .env("TANDEM_SECRET_KEY", SECRET)
            .env("TANDEM_DATA_DIR", &data_dir)
            .env("TANDEM_LOG", "warn")
            .env("TANDEM_SHUTDOWN_GRACE_SECS", "5")
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .stdin(Stdio::null())
            .spawn()
            .unwrap();
        let server = Server {
            child,
            base: format!("http://127.0.0.1:{port}"),
            data_dir,
        };
        server.wait_ready().await;
        server
    }
}

impl Drop for Setup {
    fn drop(&mut self) {
        if self.owns_root {
            let _ = std::fs::remove_dir_all(&self.root);
        }
    }
}

impl Server {
    async fn wait_ready(&self) {
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(60) {
            if let Ok(res) = reqwest::get(format!("{}/readyz", self.base)).await {
                if res.status() == 200 {
                    return;
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("the server did not become ready:\n{}", self.log());
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.data_dir.join("log.txt")).unwrap_or_default()
    }

    /// `kill -9`: no chance to finish anything.
    fn kill(&mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }

    /// SIGTERM, and how the process ended.
    fn terminate(&mut self) -> std::process::ExitStatus {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "the server did not stop after SIGTERM:\n{}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Calls a server function as the hydrated app does, from the public origin.
    async fn call(
        &self,
        client: &reqwest::Client,
        setup: &Setup,
        endpoint: &str,
        form: &[(&str, &str)],
    ) -> reqwest::Result<reqwest::Response> {
        client
            .post(format!("{}/api/{endpoint}", self.base))
            .header("origin", &setup.public_url)
            .header("sec-fetch-site", "same-origin")
            .form(form)
            .send()
            .await
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// App state over the test's own connection to the database, signing links as the servers
/// do, so the test can make personal RSVP links.
fn link_maker(db: &Db, root: &Path) -> AppState {
    AppState {
        db: db.clone(),
        mailer: Arc::new(
            OutboxMailer::new(root.join("links-outbox"), "Tandem <t@localhost>").unwrap(),
        ),
        settings: Arc::new(Settings {
            base_url: "http://tandem.test".into(),
            secret_key: SECRET.as_bytes().to_vec(),
            previous_secret_keys: Vec::new(),
            trust_forwarded_for: false,
            calendar_private_hosts: false,
            job_lease_secs: 120,
            metrics_token: None,
            chat_webhook_hosts: vec!["127.0.0.1".into()],
            slack_api_base: "http://127.0.0.1:9/api/".into(),
        }),
    }
}

async fn event(db: &Db, capacity: i64) -> EventRow {
    common::events::meetup(db, "Peer mentoring mixer", capacity).await
}

/// `count` new people and the token of each one's personal link to `event`.
async fn guests(state: &AppState, event: &EventRow, count: usize) -> Vec<(i64, String)> {
    let mut out = Vec::new();
    for k in 0..count {
        let email = Email::parse(&format!("guest{k}-{}@example.com", event.id)).unwrap();
        let user = state
            .db
            .create_user(NewUser {
                email: &email,
                name: &format!("Guest {k}"),
                role: Role::Participant,
                password_hash: None,
            })
            .await
            .unwrap();
        let link = personal_link(state, event, user, false).await.unwrap();
        out.push((user, link.rsplit('/').next().unwrap().to_owned()));
    }
    out
}

/// Seats and waitlist hold together: at most `capacity` going, the waitlist only when full,
/// and arrival numbers never shared.
async fn assert_seats_consistent(db: &Db, event: &EventRow, capacity: i64) -> RsvpCounts {
    let counts = db.rsvp_counts(event.id).await.unwrap();
    assert!(counts.going <= capacity, "{counts:?}");
    if counts.waitlisted > 0 {
        assert_eq!(
            counts.going, capacity,
            "a waitlist beside free seats: {counts:?}"
        );
    }
    let order = app::ssr::testing::clock::rsvp_arrivals(db, event.id)
        .await
        .unwrap();
    let mut numbers: Vec<i64> = order.iter().map(|(_, n, _)| *n).collect();
    numbers.dedup();
    assert_eq!(
        numbers.len(),
        order.len(),
        "two answers share an arrival number"
    );
    counts
}

/// Three servers on one PostgreSQL: a session made on one works on the others; 500 answers
/// for 20 seats spread over them give exactly 20 going and 480 waiting in arrival order; a
/// file uploaded through one downloads through another; each queued email goes once, by
/// whichever server's worker claimed it.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn three_servers_on_one_postgresql_act_as_one() {
    let Some(t) = TestDb::postgres().await else {
        return;
    };
    t.db.save_default_send_window(&app::domain::SendWindow::ANY_TIME)
        .await
        .unwrap();
    let peers = common::chat::ChatPeers::start().await;
    let mut setup = Setup::new(&t.url);
    setup.slack_api_base = Some(peers.api_base());
    let mut servers = Vec::new();
    for n in 0..3 {
        servers.push(setup.start(n).await);
    }

    // A session made on one server works on the others.
    let admin = common::client();
    let res = servers[0]
        .call(
            &admin,
            &setup,
            "sign_up",
            &[
                ("name", "Ada Admin"),
                ("email", "ada@example.com"),
                ("password", common::PASSWORD),
            ],
        )
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    for server in &servers[1..] {
        let me: serde_json::Value = server
            .call(&admin, &setup, "me", &[])
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(me["email"], "ada@example.com", "on {}", server.base);
    }

    // 500 answers at once for 20 seats, spread over the three servers.
    let state = link_maker(&t.db, &setup.root);
    let mixer = event(&t.db, 20).await;
    let people = guests(&state, &mixer, 500).await;
    let setup = Arc::new(setup);
    let servers = Arc::new(servers);
    let client = common::client();
    let answers: Vec<_> = people
        .iter()
        .enumerate()
        .map(|(i, (_, token))| {
            let (servers, setup, client, token) = (
                servers.clone(),
                setup.clone(),
                client.clone(),
                token.clone(),
            );
            tokio::spawn(async move {
                let server = &servers[i % 3];
                let res = server
                    .call(
                        &client,
                        &setup,
                        "rsvp/answer",
                        &[("token", &token), ("answer", "going")],
                    )
                    .await
                    .unwrap();
                res.status()
            })
        })
        .collect();
    for answer in answers {
        assert_eq!(answer.await.unwrap(), 200);
    }
    let counts = assert_seats_consistent(&t.db, &mixer, 20).await;
    assert_eq!((counts.going, counts.waitlisted), (20, 480));
    // Arrival order: the 20 seats went to the first 20 answers, and the line follows it.
    let order = app::ssr::testing::clock::rsvp_arrivals(&t.db, mixer.id)
        .await
        .unwrap();
    for (k, (_, _, state)) in order.iter().enumerate() {
        let expected = if k < 20 { "going" } else { "waitlisted" };
        assert_eq!(state, expected, "answer number {}", k + 1);
    }

    // A file uploaded through one server downloads through another.
    let pdf = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n".to_vec();
    let res = servers[0]
        .call(
            &admin,
            &setup,
            "resources/save",
            &[
                ("input[kind]", "file"),
                ("input[title]", "Mentoring handbook"),
                ("input[summary]", "The handbook."),
                ("input[body]", ""),
                ("input[tags]", "handbook"),
                ("input[category]", "skill"),
                ("input[audience]", "everyone"),
            ],
        )
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let resource: i64 = res.json().await.unwrap();
    let form = reqwest::multipart::Form::new()
        .text("id", resource.to_string())
        .part(
            "file",
            reqwest::multipart::Part::bytes(pdf.clone())
                .file_name("Handbook.pdf")
                .mime_str("application/pdf")
                .unwrap(),
        );
    let res = admin
        .post(format!("{}/api/resources/upload", servers[1].base))
        .header("origin", &setup.public_url)
        .header(
            "referer",
            format!("{}/resources/{resource}", setup.public_url),
        )
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert!(
        res.status().is_success() || res.status().is_redirection(),
        "{}",
        res.status()
    );
    let res = admin
        .get(format!("{}/resources/{resource}/file", servers[2].base))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.bytes().await.unwrap().as_ref(), pdf.as_slice());

    // Thirty emails queued through the three servers are each sent once, by one of them.
    for (i, k) in (0..30).enumerate() {
        let email = format!("guest{k}-{}@example.com", mixer.id);
        let res = servers[i % 3]
            .call(
                &common::client(),
                &setup,
                "forgot_password",
                &[("email", &email)],
            )
            .await
            .unwrap();
        assert!(res.status().is_success() || res.status().is_redirection());
    }
    // A program's chat channels hear its news once, and ten test posts each once, whichever
    // servers' workers take them; the announcement is queued as often as there are servers.
    let ada =
        t.db.user_by_email(&Email::parse("ada@example.com").unwrap())
            .await
            .unwrap()
            .unwrap();
    let guild =
        t.db.create_program(&common::program_spec("Guild"), ada.id)
            .await
            .unwrap();
    for (kind, url) in [
        ("slack", peers.slack_hook("three")),
        ("teams", peers.teams_hook("three")),
    ] {
        let channel = app::ssr::chat::add(&state, &ada, guild, kind, &url)
            .await
            .unwrap();
        for _ in 0..10 {
            app::ssr::chat::test_post(&state, &ada, guild, channel)
                .await
                .unwrap();
        }
    }
    // With the organisation's Slack app, five people's notifications go to them in Slack, each
    // once.
    let seals = app::ssr::support::sealed::Seals::new(
        app::ssr::support::sealed::SealPurpose::SlackApp,
        SECRET.as_bytes(),
        &[],
    );
    t.db.save_slack_app(
        &seals.seal(common::chat::BOT_TOKEN),
        &seals.seal("8f742231b10e8888abcd99yyyzzz85a5"),
        "xoxb-…ests",
        ada.id,
    )
    .await
    .unwrap();
    let mut notices = Vec::new();
    for k in 0..5 {
        let email = format!("slack{k}@example.com");
        let id =
            t.db.create_user(NewUser {
                email: &Email::parse(&email).unwrap(),
                name: &format!("Person {k}"),
                role: Role::Participant,
                password_hash: None,
            })
            .await
            .unwrap();
        peers.member(&email, &format!("USLACK{k}"));
        let mail = app::ssr::support::mailer::OutgoingMail::text(
            &email,
            format!("A notice for person {k}"),
            "Hello.",
        );
        notices.push(app::ssr::outbox::notify(
            &state.settings,
            id,
            app::domain::NotificationKind::Matches,
            mail,
            format!("slack-notice:{k}"),
        ));
    }
    t.db.enqueue(&notices).await.unwrap();
    for _ in 0..3 {
        t.db.enqueue(&[app::ssr::outbox::announce(
            guild,
            app::domain::ChatNews::EnrollmentOpen,
        )])
        .await
        .unwrap();
    }
    let started = Instant::now();
    loop {
        let depth = t.db.queue_depth(now() + 60).await.unwrap();
        if depth.queued == 0 {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "jobs still queued: {depth:?}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let mut recipients = Vec::new();
    for server in servers.iter() {
        let outbox = server.data_dir.join("outbox");
        for entry in std::fs::read_dir(&outbox).into_iter().flatten() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            if let Some(to) = text.lines().find_map(|l| l.strip_prefix("To: ")) {
                recipients.push(to.trim().to_owned());
            }
        }
    }
    recipients.sort();
    let sent = recipients.len();
    recipients.dedup();
    assert_eq!(sent, 30, "every email sent exactly once: {recipients:?}");
    assert_eq!(recipients.len(), 30);
    for k in 0..5 {
        let dms = peers.received_by(&format!("DUSLACK{k}"));
        assert_eq!(dms.len(), 1, "person {k}: {dms:?}");
        assert_eq!(dms[0]["text"], format!("A notice for person {k}"));
    }
    for hook in ["B0three", "three/triggers"] {
        let got = peers.received_by(hook);
        let open = got
            .iter()
            .filter(|m| m.to_string().contains("Enrollment is open: Guild"))
            .count();
        assert_eq!((got.len(), open), (11, 1), "{hook}: {got:?}");
    }

    // SIGTERM: each server stops cleanly.
    let mut servers = Arc::try_unwrap(servers).ok().unwrap();
    for server in &mut servers {
        let status = server.terminate();
        assert!(status.success(), "{status}: {}", server.log());
        assert!(server.log().contains("Tandem stopped."), "{}", server.log());
    }
}

/// `kill -9` during a burst of RSVPs and goal check-ins, then a restart on the same
/// database: every answer the server acknowledged is there, nothing is half-written, and the
/// server comes back without repair.
async fn a_killed_server_loses_no_acknowledged_write(t: TestDb) {
    server::demo::seed(&t.db)
        .await
        .unwrap()
        .expect("an empty database");
    let setup = Setup::new(&t.url);
    let mut server = setup.start(0).await;
    let state = link_maker(&t.db, &setup.root);
    let mixer = event(&t.db, 30).await;
    let people = guests(&state, &mixer, 240).await;

    // Demo participants with a metric goal sign in, to check in on it during the burst.
    let goals = app::ssr::testing::clock::metric_goals(&t.db).await.unwrap();
    assert!(goals.len() >= 2, "the demo has metric goals: {goals:?}");
    let mut checkers = Vec::new();
    for (goal, email) in goals.into_iter().take(6) {
        let client = common::client();
        let res = server
            .call(
                &client,
                &setup,
                "sign_in",
                &[("email", &email), ("password", server::demo::DEMO_PASSWORD)],
            )
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "{email}");
        let before = app::ssr::testing::clock::check_in_count(&t.db, goal)
            .await
            .unwrap();
        checkers.push((goal, client, before));
    }

    let setup = Arc::new(setup);
    let base = server.base.clone();
    let answered = Arc::new(AtomicUsize::new(0));
    let call = |client: reqwest::Client, endpoint: &'static str, form: Vec<(String, String)>| {
        let (setup, base, answered) = (setup.clone(), base.clone(), answered.clone());
        tokio::spawn(async move {
            let res = client
                .post(format!("{base}/api/{endpoint}"))
                .header("origin", &setup.public_url)
                .header("sec-fetch-site", "same-origin")
                .form(&form)
                .send()
                .await;
            answered.fetch_add(1, Ordering::SeqCst);
            matches!(res, Ok(r) if r.status().is_success())
        })
    };
    let client = common::client();
    let mut rsvps = Vec::new();
    let mut check_ins = Vec::new();
    for (k, (user, token)) in people.iter().enumerate() {
        let form = vec![
            ("token".into(), token.clone()),
            ("answer".into(), "going".into()),
        ];
        rsvps.push((*user, call(client.clone(), "rsvp/answer", form)));
        if k % 8 == 0 {
            for (goal, client, _) in &checkers {
                let form = vec![
                    ("id".into(), goal.to_string()),
                    ("input[value]".into(), (k + 1).to_string()),
                    ("input[confidence]".into(), "4".into()),
                    ("input[note]".into(), format!("Check-in {k}")),
                ];
                check_ins.push((*goal, call(client.clone(), "goals/check-in", form)));
            }
        }
    }
    // Kill once a third of the requests have their answer.
    let total = rsvps.len() + check_ins.len();
    let started = Instant::now();
    while answered.load(Ordering::SeqCst) < total / 3 {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "the burst stalled"
        );
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    server.kill();

    let mut acknowledged = Vec::new();
    for (user, request) in rsvps {
        if request.await.unwrap() {
            acknowledged.push(user);
        }
    }
    let mut acknowledged_check_ins = std::collections::HashMap::<i64, i64>::new();
    for (goal, request) in check_ins {
        if request.await.unwrap() {
            *acknowledged_check_ins.entry(goal).or_default() += 1;
        }
    }
    assert!(
        !acknowledged.is_empty(),
        "some answers came back before the kill"
    );
    assert!(acknowledged.len() < people.len(), "the kill came mid-burst");

    // Restarted on the same database, with no repair step.
    let server = setup.start(1).await;
    let arrivals = app::ssr::testing::clock::rsvp_arrivals(&t.db, mixer.id)
        .await
        .unwrap();
    for user in &acknowledged {
        assert!(
            arrivals.iter().any(|(u, _, _)| u == user),
            "an acknowledged answer is missing after the kill"
        );
    }
    assert_seats_consistent(&t.db, &mixer, 30).await;
    for (goal, _, before) in &checkers {
        let now = app::ssr::testing::clock::check_in_count(&t.db, *goal)
            .await
            .unwrap();
        let acked = acknowledged_check_ins
            .get(goal)
            .copied()
            .unwrap_or_default();
        assert!(
            now - before >= acked,
            "goal {goal}: {acked} check-ins acknowledged, {} kept",
            now - before
        );
    }
    // The restarted server takes answers again.
    let (_, token) = &people[people.len() - 1];
    let res = server
        .call(
            &common::client(),
            &setup,
            "rsvp/answer",
            &[("token", token), ("answer", "going")],
        )
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_killed_sqlite_server_loses_no_acknowledged_write() {
    a_killed_server_loses_no_acknowledged_write(TestDb::sqlite().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_killed_postgresql_server_loses_no_acknowledged_write() {
    if let Some(t) = TestDb::postgres().await {
        a_killed_server_loses_no_acknowledged_write(t).await;
    }
}

/// `tandem` run to the end, with the test's database settings; its output.
fn tandem(setup: &Setup, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_tandem"))
        .args(args)
        .current_dir(&setup.root)
        .env("TANDEM_DATABASE_URL", &setup.database_url)
        .env("TANDEM_DATA_DIR", setup.root.join("cli"))
        .env("TANDEM_SECRET_KEY", SECRET)
        .env("TANDEM_LOG", "warn")
        .output()
        .unwrap()
}

fn text(out: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// A backup taken while answers pour in is consistent, restores into a new place (not while
/// a server uses it), and serves.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_backup_taken_during_writes_restores_and_serves() {
    let t = TestDb::sqlite().await;
    server::demo::seed(&t.db)
        .await
        .unwrap()
        .expect("an empty database");
    let setup = Arc::new(Setup::new(&t.url));
    let server = setup.start(0).await;
    let state = link_maker(&t.db, &setup.root);
    let mixer = event(&t.db, 25).await;
    let people = guests(&state, &mixer, 150).await;
    let client = common::client();
    let burst: Vec<_> = people
        .iter()
        .map(|(_, token)| {
            let (client, setup, base, token) = (
                client.clone(),
                setup.clone(),
                server.base.clone(),
                token.clone(),
            );
            tokio::spawn(async move {
                client
                    .post(format!("{base}/api/rsvp/answer"))
                    .header("origin", &setup.public_url)
                    .form(&[("token", token.as_str()), ("answer", "going")])
                    .send()
                    .await
                    .unwrap()
                    .status()
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(150)).await;
    let file = setup.root.join("backup.db");
    let out = tandem(&setup, &["backup", "--to", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("checked"), "{}", text(&out));
    for answer in burst {
        assert_eq!(answer.await.unwrap(), 200);
    }
    // A second backup to the same file is refused, naming it.
    let again = tandem(&setup, &["backup", "--to", file.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(2));
    assert!(text(&again).contains("already exists"), "{}", text(&again));

    // Restoring over the live database is refused while its server runs.
    let refused = tandem(&setup, &["restore", "--from", file.to_str().unwrap()]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        text(&refused).contains("stop it first"),
        "{}",
        text(&refused)
    );

    // Into a new place: the copy is consistent and serves.
    let restored_db = setup.root.join("restored.db");
    let restored = setup.beside(format!("sqlite://{}", restored_db.display()), "restored");
    let out = tandem(&restored, &["restore", "--from", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out));
    let copy = Db::connect(&restored.database_url).await.unwrap();
    assert_seats_consistent(&copy, &mixer, 25).await;
    let in_backup = app::ssr::testing::clock::rsvp_arrivals(&copy, mixer.id)
        .await
        .unwrap();
    assert!(in_backup.len() <= people.len());
    copy.close().await;
    let second = restored.start(0).await;
    let res = second
        .call(
            &common::client(),
            &restored,
            "sign_in",
            &[
                ("email", server::demo::ADMIN_EMAIL),
                ("password", server::demo::DEMO_PASSWORD),
            ],
        )
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    drop(second);

    // A file that is not a backup is named and changes nothing.
    let junk = setup.root.join("notes.txt");
    std::fs::write(&junk, "not a database").unwrap();
    drop(server);
    let out = tandem(&setup, &["restore", "--from", junk.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out).contains("is not a Tandem backup"),
        "{}",
        text(&out)
    );
}

/// A backup from an older Tandem restores onto this one and is migrated to the newest schema.
#[tokio::test]
async fn a_restore_onto_a_newer_schema_migrates() {
    let setup = Setup::new("sqlite://unused.db");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../migrations/sqlite");
    let mut migrator = sqlx::migrate::Migrator::new(dir.as_path()).await.unwrap();
    let all = migrator.migrations.len();
    migrator.migrations.to_mut().truncate(all - 2);
    let old = setup.root.join("old.db");
    {
        use sqlx::ConnectOptions;
        let options = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(&old)
            .create_if_missing(true);
        let mut conn = options.connect().await.unwrap();
        migrator.run(&mut conn).await.unwrap();
        sqlx::Connection::close(conn).await.unwrap();
    }
    let target = setup.beside(
        format!("sqlite://{}", setup.root.join("tandem.db").display()),
        "target",
    );
    let out = tandem(&target, &["restore", "--from", old.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("brought it up to date with 2 migrations"),
        "{}",
        text(&out)
    );
    let db = Db::connect(&target.database_url).await.unwrap();
    assert_eq!(db.applied_migrations().await.unwrap(), all as i64);
    db.close().await;
}
