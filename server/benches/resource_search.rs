//! Resource search: `cargo bench -p server --bench resource_search`.
//!
//! Starts a real Tandem server per database (SQLite, and PostgreSQL when
//! `TANDEM_TEST_POSTGRES_URL` is set), publishes 10,000 generated resources (titles,
//! summaries, bodies of 150 to 600 words, tags), and prints the latency of searching them:
//! the storage search alone (`Db::search_resources`) and the hub's server function over
//! loopback (`POST /api/resources`, which adds tags, bookmarks and access), for a mix of
//! whole words, several words, short prefixes as typed, and filters. The target is p99 under
//! 30 ms on SQLite.

#[path = "../tests/common/mod.rs"]
mod common;
#[path = "support/latency.rs"]
mod latency;

use app::domain::{ResourceInput, ResourceKind, Rng, SearchTerms};
use app::ssr::storage::{Readers, ResourceQuery};
use common::{spawn_app, Backend, TestApp};
use latency::{measure, report};
use std::time::Instant;

const RESOURCES: usize = 10_000;
const REQUESTS: usize = 500;

/// Searches people type: words, phrases, the first letters of a word, and nonsense.
const QUERIES: &[&str] = &[
    "feedback",
    "first session",
    "career goals",
    "ment",
    "fe",
    "how to give feedback to a peer",
    "reverse mentoring guide",
    "negotiation",
    "zzzz nothing matches",
    "time management habits",
];

const WORDS: &[&str] = &[
    "mentor",
    "mentee",
    "feedback",
    "session",
    "goal",
    "career",
    "growth",
    "listening",
    "questions",
    "meeting",
    "habit",
    "practice",
    "team",
    "project",
    "review",
    "plan",
    "skill",
    "confidence",
    "presentation",
    "writing",
    "leadership",
    "coaching",
    "trust",
    "network",
    "promotion",
    "wellbeing",
    "balance",
    "energy",
    "focus",
    "priority",
    "manager",
    "peer",
    "reverse",
    "learning",
    "teaching",
    "story",
    "example",
    "decision",
    "conflict",
    "negotiation",
    "design",
    "data",
    "customer",
    "interview",
    "hiring",
    "onboarding",
    "checklist",
    "template",
    "prompt",
    "agenda",
    "notes",
    "follow",
    "weekly",
    "monthly",
    "quarter",
    "milestone",
    "metric",
    "progress",
    "reflection",
    "retrospective",
    "strength",
    "gap",
    "opportunity",
    "challenge",
    "support",
    "advice",
    "introduction",
    "expectation",
    "boundary",
    "time",
    "management",
    "speaking",
    "public",
    "audience",
    "clarity",
    "impact",
];

fn words(rng: &mut Rng, n: usize) -> String {
    (0..n)
        .map(|_| WORDS[rng.below(WORDS.len())])
        .collect::<Vec<_>>()
        .join(" ")
}

#[tokio::main]
async fn main() {
    println!(
        "bench resource_search: {RESOURCES} published resources, {} queries, {REQUESTS} searches one at a time",
        QUERIES.len()
    );
    for (name, backend) in [
        ("SQLite", Backend::Sqlite),
        ("PostgreSQL", Backend::Postgres),
    ] {
        let Some(app) = spawn_app(backend).await else {
            println!("{name:<10}  skipped: set TANDEM_TEST_POSTGRES_URL");
            continue;
        };
        let started = Instant::now();
        setup(&app).await;
        println!(
            "{name:<10}  loaded {RESOURCES} resources in {:.1} s",
            started.elapsed().as_secs_f64()
        );
        let db = app.state.db.clone();
        let mut i = 0;
        let storage = measure(REQUESTS, || {
            i += 1;
            let db = db.clone();
            let q = QUERIES[i % QUERIES.len()];
            let kind = (i % 7 == 0).then_some(ResourceKind::Guide);
            async move {
                db.search_resources(&ResourceQuery {
                    terms: SearchTerms::parse(q).unwrap(),
                    kind,
                    tag: None,
                    audience: None,
                    readers: Readers::Some {
                        audiences: vec![],
                        programs: vec![],
                    },
                    limit: 30,
                })
                .await
                .unwrap();
            }
        })
        .await;
        report(name, "search alone (Db::search_resources)", &storage);
        let mut j = 0;
        let http = measure(REQUESTS, || {
            j += 1;
            let q = QUERIES[j % QUERIES.len()];
            let app = &app;
            async move {
                let res = app.call("resources", &[("q", q)]).await;
                assert_eq!(res.status(), 200);
                res.bytes().await.unwrap();
            }
        })
        .await;
        report(name, "hub search over HTTP (POST /api/resources)", &http);
        let url = app.url("/resources?q=feedback");
        let page = measure(REQUESTS / 5, || async {
            let res = app
                .client
                .get(&url)
                .header("accept", "text/html")
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 200);
            res.bytes().await.unwrap();
        })
        .await;
        report(
            name,
            "results page, server-rendered (GET /resources)",
            &page,
        );
    }
}

/// A signed-in participant, and 10,000 published resources by an admin.
async fn setup(app: &TestApp) {
    let res = app.sign_up("Olga Admin", "olga@example.com").await;
    assert_eq!(res.status(), 200);
    let olga = app.me().await["id"].as_i64().unwrap();
    let db = &app.state.db;
    let today = time::OffsetDateTime::now_utc().date();
    let mut rng = Rng::new(42);
    let kinds = ["guide", "guide", "guide", "checklist", "prompt_set", "link"];
    for n in 0..RESOURCES {
        let body_words = 150 + rng.below(450);
        let input = ResourceInput {
            kind: kinds[n % kinds.len()].into(),
            title: format!("{} {}", words(&mut rng, 5), n),
            summary: words(&mut rng, 20),
            body: format!(
                "## {}\n\n{}",
                words(&mut rng, 4),
                words(&mut rng, body_words)
            ),
            items: words(&mut rng, 8),
            url: "https://example.com/resource".into(),
            tags: format!(
                "{}, {}, {}",
                words(&mut rng, 1),
                words(&mut rng, 1),
                words(&mut rng, 1)
            ),
            audience: "everyone".into(),
            ..Default::default()
        };
        let spec = input.parse(today).unwrap();
        let id = db
            .create_resource(olga, &spec, &app::ssr::resources::text_of(&spec))
            .await
            .unwrap();
        db.set_resource_status(id, app::domain::Publication::Published)
            .await
            .unwrap();
    }
}
