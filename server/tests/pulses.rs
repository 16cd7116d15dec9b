//! Pulse surveys over HTTP: program admins schedule them, everyone matched is invited once on
//! the day, people answer (and a match that is not working leads to a new-match request), and
//! admins see figures only from five people on, written answers only from ten, and never who.

mod common;

use app::domain::ProgramState;
use common::programs::json;
use common::{html, mails_to, program_with, unfold, TestApp};

on_both_databases!(
    admins_schedule_surveys_and_everyone_matched_is_invited_once,
    answers_show_only_over_enough_people,
    a_match_that_is_not_working_can_ask_for_another_from_the_survey,
);

const DAY: i64 = 86_400;

use common::TWELVE as PEOPLE;

/// A running program where the first ten people are matched in five pairs and Kim and Lee
/// are not; the round was published `days_ago` days ago. Returns the program, the round and
/// everyone's browsers.
async fn matched(app: &TestApp, days_ago: i64) -> (String, i64, Vec<reqwest::Client>) {
    let (program, ids, clients) = program_with(app, ProgramState::Running, &PEOPLE).await;
    let id = |i: usize| ids[&PEOPLE[i].0.split(' ').next().unwrap().to_lowercase()];
    let pairs: Vec<(i64, i64)> = (0..5).map(|p| (id(2 * p), id(2 * p + 1))).collect();
    let round = app.state.db.publish_pairs(program, &pairs).await.unwrap();
    sqlx::query("UPDATE match_rounds SET published_at = published_at - $1 WHERE id = $2")
        .bind(days_ago * DAY)
        .bind(round)
        .execute(app.state.db.pool())
        .await
        .unwrap();
    (program.to_string(), round, clients)
}

async fn published_at(app: &TestApp, round: i64) -> i64 {
    sqlx::query_scalar("SELECT published_at FROM match_rounds WHERE id = $1")
        .bind(round)
        .fetch_one(app.state.db.pool())
        .await
        .unwrap()
}

async fn schedule(
    app: &TestApp,
    who: &reqwest::Client,
    program: &str,
    kind: &str,
    days: &str,
) -> reqwest::Response {
    app.call_with(
        who,
        "pulses/schedule",
        &[("program_id", program), ("kind", kind), ("days", days)],
    )
    .await
}

/// The id of the program's survey of `kind`, as its admins list it.
async fn survey_id(app: &TestApp, program: &str, kind: &str) -> String {
    let page = json(
        app.call_with(&app.client, "pulses/admin", &[("program_id", program)])
            .await,
    )
    .await;
    page["surveys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["kind"] == kind)
        .unwrap()["id"]
        .to_string()
}

async fn scan(app: &TestApp, at: i64) {
    app::ssr::delivery::schedule::queue_periodic(&app.state, at)
        .await
        .unwrap();
    app.deliver_at(at).await;
}

fn invitations(app: &TestApp, to: &str) -> Vec<String> {
    mails_to(app, to)
        .iter()
        .map(|m| unfold(m))
        .filter(|m| m.contains("Subject: How is your match in Spring pairs?"))
        .collect()
}

async fn admins_schedule_surveys_and_everyone_matched_is_invited_once(app: TestApp) {
    let (program, round, people) = matched(&app, 0).await;
    let olga = &app.client;
    // Only the program's admins schedule; bad values are named.
    assert_eq!(
        schedule(&app, &people[0], &program, "fit", "14")
            .await
            .status(),
        403
    );
    let res = schedule(&app, olga, &program, "weekly", "14").await;
    assert_eq!(res.status(), 400);
    assert!(res.text().await.unwrap().contains("kind"));
    let res = schedule(&app, olga, &program, "fit", "400").await;
    assert_eq!(res.status(), 400);
    assert!(res.text().await.unwrap().contains("1 to 365"));
    assert_eq!(
        schedule(&app, olga, &program, "fit", "14").await.status(),
        200
    );
    assert_eq!(
        schedule(&app, olga, &program, "fit", "20").await.status(),
        409
    );
    // An empty day takes the survey's usual one.
    assert_eq!(
        schedule(&app, olga, &program, "closing", "").await.status(),
        200
    );
    let page = json(
        app.call_with(olga, "pulses/admin", &[("program_id", &program)])
            .await,
    )
    .await;
    let days: Vec<i64> = page["surveys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["days_after"].as_i64().unwrap())
        .collect();
    assert_eq!(days, [14, 84]);
    assert_eq!(page["kinds_left"], serde_json::json!(["pulse"]));

    // Not a day early; on the day, once to each of the ten matched, however often it scans.
    let published = published_at(&app, round).await;
    scan(&app, published + 13 * DAY).await;
    assert!(invitations(&app, "ana@example.com").is_empty());
    scan(&app, published + 14 * DAY + 3600).await;
    scan(&app, published + 15 * DAY).await;
    let fit = survey_id(&app, &program, "fit").await;
    for (_, email) in &PEOPLE[..10] {
        let got = invitations(&app, email);
        assert_eq!(got.len(), 1, "{email}");
        assert!(got[0].contains(&format!("/programs/{program}/pulse/{fit}")));
    }
    for (_, email) in &PEOPLE[10..] {
        assert!(
            invitations(&app, email).is_empty(),
            "{email} was not matched"
        );
    }
    // A survey whose two weeks have passed is not sent late.
    assert_eq!(
        schedule(&app, olga, &program, "pulse", "1").await.status(),
        200
    );
    scan(&app, published + 16 * DAY).await;
    assert!(mails_to(&app, "bo@example.com")
        .iter()
        .all(|m| !unfold(m).contains("Subject: Halfway through")));

    // Kim, unmatched, cannot open it; before its day it says when it opens.
    let res = app
        .call_with(
            &people[10],
            "pulses/load",
            &[("program_id", &program), ("survey_id", &fit)],
        )
        .await;
    assert_eq!(res.status(), 404);
    let page = json(
        app.call_with(
            &people[0],
            "pulses/load",
            &[("program_id", &program), ("survey_id", &fit)],
        )
        .await,
    )
    .await;
    assert_eq!(page["open"], false);
    let res = app
        .call_with(
            &people[0],
            "pulses/answer",
            &[
                ("program_id", program.as_str()),
                ("survey_id", &fit),
                ("answers[fit]", "Going well"),
            ],
        )
        .await;
    assert_eq!(res.status(), 409);
    // Removing a survey takes it off the list.
    let res = app
        .call_with(
            olga,
            "pulses/remove",
            &[("program_id", &program), ("survey_id", &fit)],
        )
        .await;
    assert_eq!(res.status(), 200);
    let res = app
        .call_with(
            &people[0],
            "pulses/load",
            &[("program_id", &program), ("survey_id", &fit)],
        )
        .await;
    assert_eq!(res.status(), 404);
}

async fn answer(
    app: &TestApp,
    who: &reqwest::Client,
    program: &str,
    survey: &str,
    answers: &[(&str, &str)],
) -> reqwest::Response {
    let mut form = vec![("program_id", program), ("survey_id", survey)];
    form.extend_from_slice(answers);
    app.call_with(who, "pulses/answer", &form).await
}

async fn answers_show_only_over_enough_people(app: TestApp) {
    let (program, _, people) = matched(&app, 50).await;
    let olga = &app.client;
    assert_eq!(
        schedule(&app, olga, &program, "pulse", "42").await.status(),
        200
    );
    let pulse = survey_id(&app, &program, "pulse").await;
    // Bad answers are named and keep nothing.
    let res = answer(
        &app,
        &people[0],
        &program,
        &pulse,
        &[("answers[useful]", "4"), ("answers[recommend]", "11")],
    )
    .await;
    assert_eq!(res.status(), 400);
    assert!(res.text().await.unwrap().contains("0 to 10"));
    let res = answer(
        &app,
        &people[0],
        &program,
        &pulse,
        &[("answers[recommend]", "9")],
    )
    .await;
    assert_eq!(res.status(), 400);
    let figures = || async {
        let page = json(
            app.call_with(olga, "pulses/admin", &[("program_id", &program)])
                .await,
        )
        .await;
        page["surveys"][0].clone()
    };
    assert_eq!(figures().await["responses"], 0);

    // Four people answer: nothing but how many.
    let says = |i: usize| format!("More time with {}", PEOPLE[i].0);
    for (i, who) in people.iter().enumerate().take(4) {
        let note = says(i);
        let res = answer(
            &app,
            who,
            &program,
            &pulse,
            &[
                ("answers[useful]", "5"),
                ("answers[recommend]", "10"),
                ("answers[better]", &note),
            ],
        )
        .await;
        assert_eq!(res.status(), 200);
    }
    let seen = figures().await;
    assert_eq!(seen["responses"], 4);
    for r in seen["results"].as_array().unwrap() {
        assert_eq!(r["figure"]["shows"], "too_few", "{r}");
    }
    // A fifth, and the figures appear; the written answers still wait for ten.
    let res = answer(
        &app,
        &people[4],
        &program,
        &pulse,
        &[
            ("answers[useful]", "2"),
            ("answers[recommend]", "3"),
            ("answers[better]", &says(4)),
        ],
    )
    .await;
    assert_eq!(res.status(), 200);
    let seen = figures().await;
    let results = seen["results"].as_array().unwrap();
    assert_eq!(results[0]["figure"]["shows"], "average");
    assert_eq!(results[0]["figure"]["mean"], 4.4);
    assert_eq!(results[1]["figure"]["shows"], "nps");
    assert_eq!(results[1]["figure"]["score"], 60);
    assert_eq!(results[2]["figure"]["shows"], "too_few");
    let body = seen.to_string();
    for (name, email) in &PEOPLE {
        assert!(!body.contains(email), "never who answered");
        assert!(
            !body.contains(&format!("with {name}")),
            "no text under ten authors"
        );
    }
    // Changing an answer replaces it: still five people.
    let res = answer(
        &app,
        &people[4],
        &program,
        &pulse,
        &[("answers[useful]", "4"), ("answers[recommend]", "3")],
    )
    .await;
    assert_eq!(res.status(), 200);
    let page = json(
        app.call_with(
            &people[4],
            "pulses/load",
            &[("program_id", &program), ("survey_id", &pulse)],
        )
        .await,
    )
    .await;
    assert_eq!(page["answers"]["useful"], "4");
    assert_eq!(figures().await["responses"], 5);
    // Ten who write: the texts appear, in alphabetical order.
    for (i, who) in people.iter().enumerate().take(10).skip(4) {
        let note = says(i);
        answer(
            &app,
            who,
            &program,
            &pulse,
            &[
                ("answers[useful]", "3"),
                ("answers[recommend]", "8"),
                ("answers[better]", &note),
            ],
        )
        .await;
    }
    let seen = figures().await;
    let texts: Vec<&str> = seen["results"][2]["figure"]["texts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    assert_eq!(texts.len(), 10);
    let mut sorted = texts.clone();
    sorted.sort_by_key(|t| t.to_lowercase());
    assert_eq!(texts, sorted);
    // Participants do not see the figures; the admins' page reads without JavaScript.
    let res = app
        .call_with(&people[0], "pulses/admin", &[("program_id", &program)])
        .await;
    assert_eq!(res.status(), 403);
    let page = html(olga, &app.url(&format!("/programs/{program}/pulses"))).await;
    assert!(page.contains("Net promoter score"), "{page}");
}

async fn a_match_that_is_not_working_can_ask_for_another_from_the_survey(app: TestApp) {
    let (program, _, people) = matched(&app, 15).await;
    assert_eq!(
        schedule(&app, &app.client, &program, "fit", "14")
            .await
            .status(),
        200
    );
    let fit = survey_id(&app, &program, "fit").await;
    let res = answer(
        &app,
        &people[0],
        &program,
        &fit,
        &[("answers[fit]", "This is not working")],
    )
    .await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.headers()["location"],
        format!("/programs/{program}/pulse/{fit}?thanks=1#new-match").as_str()
    );
    let page = json(
        app.call_with(
            &people[0],
            "pulses/load",
            &[("program_id", &program), ("survey_id", &fit)],
        )
        .await,
    )
    .await;
    assert_eq!(page["offer_new_match"], true);
    // The page, without JavaScript, offers the request right there, and it reaches the team.
    let page = html(
        &people[0],
        &app.url(&format!("/programs/{program}/pulse/{fit}")),
    )
    .await;
    assert!(page.contains("Ask for a new match"), "{page}");
    assert!(page.contains(r#"action="/api/match/reassign""#));
    let res = app
        .call_with(
            &people[0],
            "match/reassign",
            &[("program_id", &program), ("reason", "We never find a time")],
        )
        .await;
    assert_eq!(res.status(), 200);
    // Bo, whose match goes well, is not offered one.
    let res = answer(
        &app,
        &people[1],
        &program,
        &fit,
        &[("answers[fit]", "Going well")],
    )
    .await;
    assert_eq!(
        res.headers()["location"],
        format!("/programs/{program}/pulse/{fit}?thanks=1").as_str()
    );
}
