//! RSVP throughput over HTTP on loopback: `cargo bench -p server --bench rsvp`.
//!
//! Starts a real Tandem server per database (SQLite, and PostgreSQL when
//! `TANDEM_TEST_POSTGRES_URL` is set), gives 2,000 people personal links to a 200-seat
//! event, and prints throughput and p50/p99 latency for answering through the links (32 at a
//! time, every answer a write transaction) and for serving the link page.

#[path = "../tests/common/mod.rs"]
mod common;

use app::domain::{Email, Role};
use app::ssr::events::personal_link;
use app::ssr::storage::NewUser;
use common::{spawn_app, Backend, TestApp};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Semaphore;

const PEOPLE: usize = 2_000;
const SEATS: i64 = 200;
const CONCURRENCY: usize = 32;

#[tokio::main]
async fn main() {
    println!("bench rsvp: {PEOPLE} people, {SEATS} seats, {CONCURRENCY} requests at a time");
    for (name, backend) in [
        ("SQLite", Backend::Sqlite),
        ("PostgreSQL", Backend::Postgres),
    ] {
        let Some(app) = spawn_app(backend).await else {
            println!("{name:<10}  skipped: set TANDEM_TEST_POSTGRES_URL");
            continue;
        };
        let app = Arc::new(app);
        let tokens = setup(&app).await;
        let client = common::client();
        let answers = run(&tokens, |token| {
            let (app, client) = (app.clone(), client.clone());
            async move {
                let res = app
                    .call_with(
                        &client,
                        "rsvp/answer",
                        &[("token", &token), ("answer", "going")],
                    )
                    .await;
                assert_eq!(res.status(), 200);
            }
        })
        .await;
        report(name, "answer through a link (POST)", &answers);
        let pages = run(&tokens, |token| {
            let (app, client) = (app.clone(), client.clone());
            async move {
                let res = client
                    .get(app.url(&format!("/rsvp/{token}")))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(res.status(), 200);
                res.bytes().await.unwrap();
            }
        })
        .await;
        report(name, "open the link page (GET)", &pages);
    }
}

/// A 200-seat event and a personal link for each of 2,000 people.
async fn setup(app: &TestApp) -> Vec<String> {
    let db = &app.state.db;
    let event = common::events::meetup(db, "All-hands mentoring mixer", SEATS).await;
    let mut tokens = Vec::with_capacity(PEOPLE);
    for k in 0..PEOPLE {
        let user = db
            .create_user(NewUser {
                email: &Email::parse(&format!("guest{k}@example.com")).unwrap(),
                name: &format!("Guest {k}"),
                role: Role::Participant,
                password_hash: None,
            })
            .await
            .unwrap();
        let link = personal_link(&app.state, &event, user, false)
            .await
            .unwrap();
        tokens.push(link.rsplit('/').next().unwrap().to_owned());
    }
    tokens
}

/// Runs `request` once per token, [`CONCURRENCY`] at a time; the wall time and each latency.
async fn run<F, Fut>(tokens: &[String], request: F) -> (Duration, Vec<Duration>)
where
    F: Fn(String) -> Fut,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let gate = Arc::new(Semaphore::new(CONCURRENCY));
    let start = Instant::now();
    let mut tasks = Vec::with_capacity(tokens.len());
    for token in tokens {
        let permit = gate.clone().acquire_owned().await.unwrap();
        let work = request(token.clone());
        tasks.push(tokio::spawn(async move {
            let t = Instant::now();
            work.await;
            drop(permit);
            t.elapsed()
        }));
    }
    let mut latencies = Vec::with_capacity(tasks.len());
    for task in tasks {
        latencies.push(task.await.unwrap());
    }
    (start.elapsed(), latencies)
}

fn report(backend: &str, what: &str, (wall, latencies): &(Duration, Vec<Duration>)) {
    let mut sorted = latencies.clone();
    sorted.sort();
    let at = |q: f64| sorted[((sorted.len() as f64 * q) as usize).min(sorted.len() - 1)];
    println!(
        "{backend:<10}  {what:<30}  {:>7.0} req/s   p50 {:>6.2} ms   p99 {:>6.2} ms",
        sorted.len() as f64 / wall.as_secs_f64(),
        at(0.50).as_secs_f64() * 1e3,
        at(0.99).as_secs_f64() * 1e3,
    );
}
