//! Goal board rendering: `cargo bench -p server --bench goal_board`.
//!
//! Starts a real Tandem server per database (SQLite, and PostgreSQL when
//! `TANDEM_TEST_POSTGRES_URL` is set), gives one person a board of 200 goals with 5,000
//! check-ins between them, and prints the latency of the server-side rendered board page
//! (`GET /goals`, HTML, one request at a time, over loopback) and of the board's data alone
//! (the `goals` server function). The target is p99 under 20 ms for the page on SQLite.

#[path = "../tests/common/mod.rs"]
mod common;
#[path = "support/latency.rs"]
mod latency;

use app::domain::{CheckInInput, GoalInput, GoalStatus};
use common::{spawn_app, Backend, TestApp};
use latency::{measure, report};

const GOALS: usize = 200;
const CHECK_INS: usize = 5_000;
const REQUESTS: usize = 500;

#[tokio::main]
async fn main() {
    println!(
        "bench goal_board: {GOALS} goals, {CHECK_INS} check-ins, {REQUESTS} requests one at a time"
    );
    for (name, backend) in [
        ("SQLite", Backend::Sqlite),
        ("PostgreSQL", Backend::Postgres),
    ] {
        let Some(app) = spawn_app(backend).await else {
            println!("{name:<10}  skipped: set TANDEM_TEST_POSTGRES_URL");
            continue;
        };
        let program = setup(&app).await;
        let url = app.url(&format!("/goals?program={program}"));
        let page = measure(REQUESTS, || async {
            let res = app
                .client
                .get(&url)
                .header("accept", "text/html")
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 200);
            let body = res.text().await.unwrap();
            assert!(
                body.contains("goal-card"),
                "the board is rendered on the server"
            );
        })
        .await;
        report(name, "board page, server-rendered HTML (GET /goals)", &page);
        let data = measure(REQUESTS, || async {
            let res = app
                .call("goals", &[("program", &program.to_string())])
                .await;
            assert_eq!(res.status(), 200);
            res.bytes().await.unwrap();
        })
        .await;
        report(name, "board data (POST /api/goals)", &data);
    }
}

/// A signed-in participant of a program with 200 goals spread over the four columns and
/// 5,000 check-ins; returns the program id.
async fn setup(app: &TestApp) -> i64 {
    let res = app.sign_up("Ana Lopez", "ana@example.com").await;
    assert_eq!(res.status(), 200);
    let ana = app.me().await["id"].as_i64().unwrap();
    let db = &app.state.db;
    let program = db
        .create_program(&common::program_spec("Peer pairs"), ana)
        .await
        .unwrap();
    common::enroll_peer(db, program, ana).await;
    let today = time::OffsetDateTime::now_utc().date();
    let per_goal = CHECK_INS / GOALS;
    for g in 0..GOALS {
        let milestones = g % 3 == 0;
        let input = GoalInput {
            title: format!("Goal number {g}: practise something measurable"),
            why: "Because it matters to my team.".into(),
            category: "skill".into(),
            measure: if milestones { "milestones" } else { "metric" }.into(),
            unit: "sessions".into(),
            baseline: "0".into(),
            target: "100".into(),
            direction: "up".into(),
            milestones: "First\nSecond\nThird\nFourth".into(),
            visibility: "match".into(),
            ..Default::default()
        };
        let id = db
            .create_goal(ana, program, &input.parse(today, None).unwrap())
            .await
            .unwrap();
        for k in 0..per_goal {
            let check_in = CheckInInput {
                value: (k * 3).to_string(),
                confidence: "3".into(),
                note: "Steady progress this week.".into(),
                checked_on: (today - time::Duration::days((per_goal - k) as i64)).to_string(),
                ..Default::default()
            }
            .parse(!milestones, today)
            .unwrap();
            db.add_check_in(id, &check_in).await.unwrap().unwrap();
        }
        let status = GoalStatus::ALL[g % 4];
        db.move_goal(id, status, i64::MAX).await.unwrap();
    }
    program
}
