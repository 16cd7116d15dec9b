//! Resource search: `cargo bench -p server --bench resource_search`.
//!
//! Starts a real Tandem server per database (SQLite, and PostgreSQL when
//! `TANDEM_TEST_POSTGRES_URL` is set), publishes 10,000 generated resources (titles,
//! summaries, bodies of 150 to 600 words with the word frequencies of real text, tags), and
//! prints the latency of searching them:
//! the storage search alone (`Db::search_resources`) and the hub's server function over
//! loopback (`POST /api/resources`, which adds bookmarks and access), for a mix of
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

/// Text with the word frequencies of real writing: one word in twenty is a mentoring word
/// (so a search for "feedback" matches about a fifth of the library, as it would in a
/// real one), the rest come from a vocabulary of 4,000 words drawn with Zipf's law.
struct Corpus {
    vocabulary: Vec<String>,
    /// Cumulative Zipf weights, scaled to 2^32.
    cumulative: Vec<u64>,
}

impl Corpus {
    fn new() -> Self {
        const SYLLABLES: &[&str] = &[
            "ba", "ce", "di", "fo", "gu", "ha", "je", "ki", "lo", "mu", "na", "pe", "ri", "so",
            "tu", "va", "we", "xi", "yo", "za", "bre", "cla", "dro", "fle", "gri", "pla", "stu",
            "tre", "vo", "qua",
        ];
        let mut vocabulary = Vec::new();
        'outer: for a in SYLLABLES {
            for b in SYLLABLES {
                for c in ["", "n", "r", "st", "l"] {
                    vocabulary.push(format!("{a}{b}{c}"));
                    if vocabulary.len() == 4_000 {
                        break 'outer;
                    }
                }
            }
        }
        let total: f64 = (1..=vocabulary.len()).map(|r| 1.0 / r as f64).sum();
        let mut acc = 0.0;
        let cumulative = (1..=vocabulary.len())
            .map(|r| {
                acc += 1.0 / r as f64 / total;
                (acc * (u32::MAX as f64)) as u64
            })
            .collect();
        Self {
            vocabulary,
            cumulative,
        }
    }

    fn words(&self, rng: &mut Rng, n: usize) -> String {
        (0..n)
            .map(|_| {
                if rng.below(20) == 0 {
                    WORDS[rng.below(WORDS.len())]
                } else {
                    let x = rng.next_u64() & u64::from(u32::MAX);
                    let i = self.cumulative.partition_point(|c| *c < x);
                    &self.vocabulary[i.min(self.vocabulary.len() - 1)]
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// A tag: a mentoring word most of the time.
    fn tag(&self, rng: &mut Rng) -> String {
        if rng.below(4) == 0 {
            self.words(rng, 1)
        } else {
            WORDS[rng.below(WORDS.len())].to_owned()
        }
    }
}

/// A participant's search for `q`, the page of 30 results the hub shows.
fn query(q: &str, kind: Option<ResourceKind>) -> ResourceQuery {
    ResourceQuery {
        terms: SearchTerms::parse(q).unwrap(),
        kind,
        tag: None,
        audience: None,
        readers: Readers::Some {
            audiences: vec![],
            programs: vec![],
        },
        limit: 30,
    }
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
        // A library that grew over months has been vacuumed and analysed by PostgreSQL's
        // autovacuum; a bulk load has not yet, and its plans would be a fresh load's.
        if matches!(backend, Backend::Postgres) {
            app::ssr::testing::clock::vacuum_analyze(&db).await.unwrap();
        }
        let mut i = 0;
        let storage = measure(REQUESTS, || {
            i += 1;
            let db = db.clone();
            let q = QUERIES[i % QUERIES.len()];
            let kind = (i % 7 == 0).then_some(ResourceKind::Guide);
            async move {
                db.search_resources(&query(q, kind)).await.unwrap();
            }
        })
        .await;
        report(name, "search alone (Db::search_resources)", &storage);
        for q in QUERIES {
            let one = measure(REQUESTS / 10, || {
                let db = db.clone();
                async move {
                    db.search_resources(&query(q, None)).await.unwrap();
                }
            })
            .await;
            report(name, &format!("  {q:?}"), &one);
        }
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
    let corpus = Corpus::new();
    let kinds = ["guide", "guide", "guide", "checklist", "prompt_set", "link"];
    for n in 0..RESOURCES {
        let body_words = 150 + rng.below(450);
        let input = ResourceInput {
            kind: kinds[n % kinds.len()].into(),
            title: format!("{} {}", corpus.words(&mut rng, 5), n),
            summary: corpus.words(&mut rng, 20),
            body: format!(
                "## {}\n\n{}",
                corpus.words(&mut rng, 4),
                corpus.words(&mut rng, body_words)
            ),
            items: corpus.words(&mut rng, 8),
            url: "https://example.com/resource".into(),
            tags: format!(
                "{}, {}, {}",
                corpus.tag(&mut rng),
                corpus.tag(&mut rng),
                corpus.tag(&mut rng)
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
