//! Success stories over HTTP: written as a round ends, read by admins only when opened to
//! them (and without a name when so chosen), chosen for the report only when allowed, and
//! wrong input named.

mod common;

use app::domain::ProgramState;
use common::{html, program_with, TestApp, TWELVE};

on_both_databases!(stories_reach_admins_and_the_report_only_as_their_authors_choose);

async fn write(
    app: &TestApp,
    who: &reqwest::Client,
    round: i64,
    body: &str,
    readers: &str,
) -> reqwest::Response {
    app.call_with(
        who,
        "stories/save",
        &[
            ("round_id", round.to_string().as_str()),
            ("input[body]", body),
            ("input[readers]", readers),
        ],
    )
    .await
}

async fn stories_reach_admins_and_the_report_only_as_their_authors_choose(app: TestApp) {
    let (program, ids, browsers) = program_with(&app, ProgramState::Running, &TWELVE[..3]).await;
    let db = &app.state.db;
    let round = db
        .publish_pairs(program, &[(ids["ana"], ids["bo"])])
        .await
        .unwrap();
    let (ana, bo, cy) = (&browsers[0], &browsers[1], &browsers[2]);
    let story = "Bo showed me how he runs incident reviews; I ran my first one in week six.";

    // Freshly published, the round's story is not open yet.
    let page = html(ana, &app.url("/stories")).await;
    assert!(
        page.contains("You can write this round&#x27;s story from")
            || page.contains("You can write this round's story from"),
        "{page}"
    );
    assert_eq!(write(&app, ana, round, story, "report").await.status(), 404);

    // Eleven weeks on, one week before the twelve-week round ends, it is.
    sqlx::query("UPDATE match_rounds SET published_at = published_at - 11 * 604800 WHERE id = $1")
        .bind(round)
        .execute(db.pool())
        .await
        .unwrap();
    assert_eq!(write(&app, ana, round, story, "report").await.status(), 200);
    assert_eq!(
        write(&app, bo, round, "Private notes on the round.", "nobody")
            .await
            .status(),
        200
    );
    assert_eq!(
        write(&app, cy, round, "Not my round", "admins")
            .await
            .status(),
        404
    );
    for (body, readers, field) in [(" ", "admins", "body"), ("Fine", "everyone", "readers")] {
        let res = write(&app, ana, round, body, readers).await;
        assert_eq!(res.status(), 400);
        assert!(res
            .text()
            .await
            .unwrap()
            .contains(&format!("\"field\":\"{field}\"")));
    }

    // Olga, org admin, reads Ana's story without her name, and never Bo's.
    let curate = app.url(&format!("/programs/{program}/stories"));
    let page = html(&app.client, &curate).await;
    assert!(page.contains("I ran my first one in week six"), "{page}");
    assert!(page.contains("Without a name") && !page.contains("Ana Lopez"));
    assert!(!page.contains("Private notes on the round."));
    let res = ana
        .get(&curate)
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403, "participants do not curate");

    // Into the report; a story kept from it cannot be put there.
    let stories = db.program_stories(program).await.unwrap();
    let feature = |story: i64, choice: &str| {
        let (story, choice) = (story.to_string(), choice.to_owned());
        let app = &app;
        async move {
            app.call(
                "stories/feature",
                &[
                    ("program_id", program.to_string().as_str()),
                    ("story_id", story.as_str()),
                    ("choice", choice.as_str()),
                ],
            )
            .await
        }
    };
    assert_eq!(feature(stories[0].id, "feature").await.status(), 200);
    assert!(html(ana, &app.url("/stories"))
        .await
        .contains("Chosen for the company report"));
    assert!(html(&app.client, &curate).await.contains("In the report"));
    assert_eq!(feature(stories[0].id, "maybe").await.status(), 400);
    let bos: i64 = sqlx::query_scalar("SELECT id FROM stories WHERE author_id = $1")
        .bind(ids["bo"])
        .fetch_one(db.pool())
        .await
        .unwrap();
    assert_eq!(feature(bos, "feature").await.status(), 409);

    // Ana keeps it to the admins, with her name: it leaves the report at once.
    assert_eq!(write(&app, ana, round, story, "admins").await.status(), 200);
    let page = html(&app.client, &curate).await;
    assert!(
        page.contains("Ana Lopez") && !page.contains("In the report"),
        "{page}"
    );
    assert!(db.featured_stories(None).await.unwrap().is_empty());
}
