//! RSVP throughput as writes scale out: `cargo bench -p server --bench rsvp_scale`.
//!
//! Answers through personal links over HTTP on loopback, 64 at a time, every answer a
//! read-then-write transaction. Each case runs twice in the same run: with Tandem's locking
//! and durability, and with what Tandem did before (one PostgreSQL lock for every write;
//! SQLite `synchronous = NORMAL`), so the figures compare like with like.
//!
//! - PostgreSQL: 2,000 answers (by default) spread over 20 events (100 seats each), on one server and on
//!   three servers sharing the database; and 2,000 answers to one 200-seat event.
//! - SQLite: 2,000 answers to one event and over 20 events, with `FULL` and `NORMAL` sync.
//!
//! PostgreSQL cases need `TANDEM_TEST_POSTGRES_URL`. `TANDEM_BENCH_ANSWERS` changes the number
//! of answers (longer runs, for watching the machine's CPU meanwhile).

#[path = "../tests/common/mod.rs"]
mod common;

use app::domain::{Email, Role};
use app::ssr::events::personal_link;
use app::ssr::storage::{Db, NewUser, Tuning};
use app::ssr::support::mailer::OutboxMailer;
use app::ssr::testing::TestDb;
use app::ssr::{AppState, Settings};
use leptos::config::LeptosOptions;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Semaphore;

/// Answers per case, unless `TANDEM_BENCH_ANSWERS` says otherwise.
fn answers() -> usize {
    std::env::var("TANDEM_BENCH_ANSWERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2_000)
}
const CONCURRENCY: usize = 64;

/// One running server: its address and state.
struct Server {
    base: String,
    state: AppState,
}

async fn start(url: &str, tuning: Tuning) -> Server {
    let db = Db::connect_tuned(url, tuning).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let base = format!("http://{addr}");
    let outbox = std::env::temp_dir().join(format!("tandem-bench-{}", rand::random::<u64>()));
    let state = AppState {
        db,
        mailer: Arc::new(OutboxMailer::new(&outbox, "Tandem <tandem@localhost>").unwrap()),
        settings: Arc::new(Settings {
            base_url: "http://tandem.test".into(),
            secret_key: vec![7; 32],
            previous_secret_keys: Vec::new(),
            trust_forwarded_for: false,
            calendar_private_hosts: false,
            job_lease_secs: 120,
            metrics_token: None,
            chat_webhook_hosts: app::ssr::chat::webhook::default_hosts(),
            slack_api_base: "https://slack.com/api/".into(),
        }),
    };
    let options = LeptosOptions::builder()
        .output_name("tandem")
        .site_addr(addr)
        .build();
    common::serve(listener, state.clone(), options);
    Server { base, state }
}

/// People to answer, made once per database and reused by every case.
async fn people(db: &Db) -> Vec<i64> {
    let mut out = Vec::with_capacity(answers());
    for k in 0..answers() {
        out.push(
            db.create_user(NewUser {
                email: &Email::parse(&format!("guest{k}@example.com")).unwrap(),
                name: &format!("Guest {k}"),
                role: Role::Participant,
                password_hash: None,
            })
            .await
            .unwrap(),
        );
    }
    out
}

/// `events` new events sharing the people evenly; each person's link to their event.
async fn links(state: &AppState, people: &[i64], events: usize) -> Vec<String> {
    let seats = (200 / events as i64).max(100);
    let mut rows = Vec::new();
    for _ in 0..events {
        rows.push(common::events::meetup(&state.db, "Mentoring mixer", seats).await);
    }
    let mut tokens = Vec::with_capacity(people.len());
    for (k, user) in people.iter().enumerate() {
        let link = personal_link(state, &rows[k % events], *user, false)
            .await
            .unwrap();
        tokens.push(link.rsplit('/').next().unwrap().to_owned());
    }
    tokens
}

/// Sends every answer, [`CONCURRENCY`] at a time, spread over `servers`; prints the figures
/// and returns answers per second.
async fn answer_all(label: &str, servers: &[Server], tokens: Vec<String>) -> f64 {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(CONCURRENCY)
        .build()
        .unwrap();
    let gate = Arc::new(Semaphore::new(CONCURRENCY));
    let started = Instant::now();
    let mut tasks = Vec::with_capacity(tokens.len());
    for (k, token) in tokens.into_iter().enumerate() {
        let permit = gate.clone().acquire_owned().await.unwrap();
        let url = format!("{}/api/rsvp/answer", servers[k % servers.len()].base);
        let client = client.clone();
        tasks.push(tokio::spawn(async move {
            let t = Instant::now();
            let res = client
                .post(url)
                .header("origin", "http://tandem.test")
                .header("accept", "application/json")
                .form(&[("token", token.as_str()), ("answer", "going")])
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 200);
            drop(permit);
            t.elapsed()
        }));
    }
    let mut latencies: Vec<Duration> = Vec::with_capacity(tasks.len());
    for task in tasks {
        latencies.push(task.await.unwrap());
    }
    let wall = started.elapsed();
    latencies.sort();
    let at = |q: f64| latencies[((latencies.len() as f64 * q) as usize).min(latencies.len() - 1)];
    let rate = latencies.len() as f64 / wall.as_secs_f64();
    println!(
        "{label:<58} {rate:>7.0} answers/s   p50 {:>6.1} ms   p99 {:>6.1} ms",
        at(0.50).as_secs_f64() * 1e3,
        at(0.99).as_secs_f64() * 1e3,
    );
    rate
}

async fn case(
    label: &str,
    url: &str,
    tuning: Tuning,
    servers: usize,
    events: usize,
    people: &[i64],
) -> f64 {
    let mut running = Vec::new();
    for _ in 0..servers {
        running.push(start(url, tuning).await);
    }
    let tokens = links(&running[0].state, people, events).await;
    let rate = answer_all(label, &running, tokens).await;
    for server in running {
        server.state.db.close().await;
    }
    rate
}

#[tokio::main]
async fn main() {
    println!(
        "bench rsvp_scale: {} answers, {CONCURRENCY} at a time",
        answers()
    );
    let now_tuning = Tuning::default();
    let before = Tuning {
        sqlite_full_sync: false,
        single_writer: true,
    };
    match TestDb::postgres().await {
        Some(t) => {
            let people = people(&t.db).await;
            let url = t.url.clone();
            let mut figures = Vec::new();
            for (servers, events) in [(1, 20), (3, 20), (1, 1)] {
                let shape = format!(
                    "{servers} server{}, {events} event{}",
                    if servers == 1 { "" } else { "s" },
                    if events == 1 { "" } else { "s" }
                );
                let old = case(
                    &format!("PostgreSQL  {shape}, one lock for all (before)"),
                    &url,
                    before,
                    servers,
                    events,
                    &people,
                )
                .await;
                let new = case(
                    &format!("PostgreSQL  {shape}, lock per event"),
                    &url,
                    now_tuning,
                    servers,
                    events,
                    &people,
                )
                .await;
                figures.push((shape, new / old));
            }
            for (shape, ratio) in figures {
                println!("PostgreSQL  {shape}: {ratio:.1}x the single-lock throughput");
            }
        }
        None => println!("PostgreSQL  skipped: set TANDEM_TEST_POSTGRES_URL"),
    }
    let t = TestDb::sqlite().await;
    let people = people(&t.db).await;
    for events in [1, 20] {
        let shape = format!(
            "1 server, {events} event{}",
            if events == 1 { "" } else { "s" }
        );
        case(
            &format!("SQLite      {shape}, synchronous = NORMAL (before)"),
            &t.url,
            before,
            1,
            events,
            &people,
        )
        .await;
        case(
            &format!("SQLite      {shape}, synchronous = FULL"),
            &t.url,
            now_tuning,
            1,
            events,
            &people,
        )
        .await;
    }
}
