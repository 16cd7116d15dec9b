//! The job queue across processes, as it runs in production: `tandem serve` and `tandem worker`
//! binaries on one PostgreSQL database, sending through a real SMTP server. Two servers with
//! the same due reminder and a backlog send each message once; a worker killed with SIGKILL
//! while it holds a job leaves the job to another once its lease runs out.

mod common;

use app::domain::{Email, JobState, ProgramState, Role, SendWindow};
use app::ssr::outbox;
use app::ssr::storage::{now, NewUser};
use app::ssr::support::mailer::OutgoingMail;
use app::ssr::testing::TestDb;
use app::ssr::Settings;
use common::smtp::SmtpPeer;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const SECRET: &str = "a-secret-shared-by-every-server-0123456789";

/// A `tandem` process on `db_url`, sending through `peer`, with its own data folder.
fn tandem(args: &[&str], db_url: &str, peer: &SmtpPeer, dir: &Path) -> Child {
    let ca = dir.join("ca.pem");
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(&ca, &peer.ca_pem).unwrap();
    let free = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = free.local_addr().unwrap().to_string();
    drop(free);
    Command::new(env!("CARGO_BIN_EXE_tandem"))
        .args(args)
        .current_dir(dir)
        .env("TANDEM_DATABASE_URL", db_url)
        .env("TANDEM_SECRET_KEY", SECRET)
        .env("TANDEM_DATA_DIR", dir.join("data"))
        .env("TANDEM_ADDR", addr)
        .env("TANDEM_SMTP_HOST", "127.0.0.1")
        .env("TANDEM_SMTP_PORT", peer.port.to_string())
        .env("TANDEM_SMTP_SECURITY", "starttls")
        .env("TANDEM_SMTP_USERNAME", common::smtp::USER)
        .env("TANDEM_SMTP_PASSWORD", common::smtp::PASSWORD)
        .env("TANDEM_SMTP_CA_FILE", &ca)
        .env("TANDEM_JOB_LEASE_SECS", "5")
        .env("TANDEM_LOG", "warn")
        .stdout(Stdio::null())
        .spawn()
        .expect("tandem starts")
}

fn temp_dir() -> PathBuf {
    std::env::temp_dir().join(format!("tandem-workers-{}", rand::random::<u64>()))
}

/// Settings as the servers have them, for queueing messages from the test.
fn settings() -> Settings {
    Settings {
        base_url: "http://127.0.0.1".into(),
        secret_key: SECRET.as_bytes().to_vec(),
        previous_secret_keys: Vec::new(),
        trust_forwarded_for: false,
        calendar_private_hosts: false,
        job_lease_secs: 5,
        metrics_token: None,
        chat_webhook_hosts: vec!["127.0.0.1".into()],
        slack_api_base: "http://127.0.0.1:9/api/".into(),
    }
}

fn mail(to: &str, subject: &str) -> OutgoingMail {
    OutgoingMail {
        to: to.into(),
        subject: subject.into(),
        text: format!("{subject}\n"),
        html: None,
        unsubscribe: None,
        message_id: None,
        answers: Vec::new(),
    }
}

/// Waits until `done` holds, failing after `limit`.
async fn wait_for<F, Fut>(limit: Duration, what: &str, mut done: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let start = Instant::now();
    while !done().await {
        assert!(start.elapsed() < limit, "timed out waiting: {what}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

async fn person(db: &app::ssr::storage::Db, name: &str, email: &str) -> i64 {
    db.create_user(NewUser {
        email: &Email::parse(email).unwrap(),
        name,
        role: Role::Participant,
        password_hash: None,
    })
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_servers_on_one_postgres_send_each_message_once() {
    let Some(test_db) = TestDb::postgres().await else {
        return;
    };
    let Some(peer) = SmtpPeer::start() else {
        return;
    };
    let db = &test_db.db;
    db.save_default_send_window(&SendWindow::ANY_TIME)
        .await
        .unwrap();
    // One due reminder: a pair's accepted session starting within a day.
    let olga = person(db, "Olga Admin", "olga@example.com").await;
    let ana = person(db, "Ana Lopez", "ana@example.com").await;
    let bo = person(db, "Bo Chen", "bo@example.com").await;
    let program = db
        .create_program(&common::program_spec("Spring pairs"), olga)
        .await
        .unwrap();
    db.set_program_state(program, ProgramState::Draft, ProgramState::Enrolling)
        .await
        .unwrap();
    db.set_program_state(program, ProgramState::Enrolling, ProgramState::Running)
        .await
        .unwrap();
    for id in [ana, bo] {
        common::enroll_peer(db, program, id).await;
    }
    let round = db.publish_pairs(program, &[(ana, bo)]).await.unwrap();
    let starts = now() + 20 * 3600;
    common::accepted_session(
        db,
        (program, round),
        ana,
        (starts, 30),
        "Atrium",
        &["Demo dry run"],
    )
    .await;
    // And a backlog of 200 messages, due now.
    let backlog: Vec<_> = (0..200)
        .map(|i| {
            outbox::email(
                &settings(),
                None,
                mail(&format!("person{i}@example.com"), &format!("Backlog {i}")),
                format!("test:backlog:{i}"),
            )
        })
        .collect();
    assert_eq!(db.enqueue(&backlog).await.unwrap(), 200);

    let dir = temp_dir();
    let mut servers = [
        tandem(&["serve"], &test_db.url, &peer, &dir.join("a")),
        tandem(&["serve"], &test_db.url, &peer, &dir.join("b")),
    ];
    wait_for(
        Duration::from_secs(90),
        "every message delivered",
        || async { peer.received().len() >= 202 },
    )
    .await;
    // A moment more, for any message sent twice to arrive.
    tokio::time::sleep(Duration::from_secs(3)).await;
    for s in &mut servers {
        let _ = s.kill();
        let _ = s.wait();
    }

    assert_eq!(
        peer.received_by("ana@example.com").len(),
        1,
        "one reminder to Ana"
    );
    assert_eq!(
        peer.received_by("bo@example.com").len(),
        1,
        "one reminder to Bo"
    );
    let reminder = String::from_utf8_lossy(&peer.received_by("ana@example.com")[0]).into_owned();
    assert!(
        reminder.contains("Coming up: your session with Bo Chen"),
        "{reminder}"
    );
    for i in [0, 99, 199] {
        assert_eq!(
            peer.received_by(&format!("person{i}@example.com")).len(),
            1,
            "backlog message {i} once"
        );
    }
    assert_eq!(peer.received().len(), 202, "nothing sent twice");
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_worker_killed_holding_a_job_leaves_it_to_another_after_its_lease() {
    let Some(test_db) = TestDb::postgres().await else {
        return;
    };
    let Some(peer) = SmtpPeer::start() else {
        return;
    };
    let db = &test_db.db;
    // The SMTP server leaves this recipient's first message unanswered: the first worker is
    // mid-send, holding the job, when it is killed.
    let job = outbox::email(
        &settings(),
        None,
        mail("hang-1@example.com", "Your new match in Spring pairs"),
        "test:killed-worker",
    );
    assert_eq!(db.enqueue(&[job]).await.unwrap(), 1);
    let dir = temp_dir();
    let mut first = tandem(&["worker"], &test_db.url, &peer, &dir.join("a"));
    let held = || async {
        let row = db.job_by_key("test:killed-worker").await.unwrap().unwrap();
        row.attempts == 1
    };
    wait_for(
        Duration::from_secs(30),
        "the first worker takes the job",
        held,
    )
    .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    first.kill().unwrap(); // SIGKILL: no chance to give the lease back.
    first.wait().unwrap();
    let claimed_at = Instant::now();
    let row = db.job_by_key("test:killed-worker").await.unwrap().unwrap();
    assert_eq!(row.state, JobState::Queued, "the job is still waiting");
    assert!(peer.received().is_empty());

    let mut second = tandem(&["worker"], &test_db.url, &peer, &dir.join("b"));
    wait_for(
        Duration::from_secs(60),
        "the second worker sends it",
        || async { !peer.received_by("hang-1@example.com").is_empty() },
    )
    .await;
    let waited = claimed_at.elapsed();
    tokio::time::sleep(Duration::from_secs(1)).await;
    let _ = second.kill();
    let _ = second.wait();
    let row = db.job_by_key("test:killed-worker").await.unwrap().unwrap();
    assert_eq!(row.state, JobState::Done);
    assert_eq!(row.attempts, 2, "taken again once the lease ran out");
    assert_eq!(peer.received_by("hang-1@example.com").len(), 1);
    assert!(
        waited >= Duration::from_secs(3),
        "not before the lease ran out ({waited:?})"
    );
    let _ = std::fs::remove_dir_all(dir);
}
