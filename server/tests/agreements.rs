//! Partnership agreements over HTTP: a pair starts from the program's template with their
//! hopes pre-filled, either edits, both confirm, an edit asks both again, the program's admins
//! see only how far each pair is, and an agreed rhythm reminds a pair that stops meeting.

mod common;

use app::domain::{Answer, Answers, EnrollmentRole, MatchRule, ProgramState};
use app::ssr::storage::{now, EnrollmentWrite};
use common::programs::json;
use common::{accepted_session, html, mails_to, program_with, unfold, TestApp};
use serde_json::Value;

on_both_databases!(
    a_pair_agrees_and_an_edit_asks_both_again,
    admins_write_the_template_and_see_only_how_far_pairs_are,
    an_agreed_rhythm_reminds_a_pair_that_stops_meeting,
);

const DAY: i64 = 86_400;

/// A running program where Ana and Bo are group 0 and Cy and Dee group 1; Ana asked to grow
/// the first skill the survey offers. Returns the program, the round, the skill's label and
/// the browsers of Ana, Bo, Cy and Dee.
async fn paired(app: &TestApp) -> (String, i64, String, Vec<reqwest::Client>) {
    let (program, ids, clients) = program_with(
        app,
        ProgramState::Running,
        &[
            ("Ana Lopez", "ana@example.com"),
            ("Bo Chen", "bo@example.com"),
            ("Cy Diaz", "cy@example.com"),
            ("Dee Park", "dee@example.com"),
        ],
    )
    .await;
    let db = &app.state.db;
    let grow = db
        .questions(program)
        .await
        .unwrap()
        .into_iter()
        .find(|q| q.rule == MatchRule::Complementary)
        .expect("the default survey asks what to grow");
    let skill = grow.options[0].clone();
    let mut answers = Answers::default();
    answers.insert(grow.id, Answer::Choices(vec![skill.id.clone()]));
    db.save_enrollment(
        program,
        ids["ana"],
        EnrollmentWrite {
            role: EnrollmentRole::Peer,
            capacity: 1,
            answers: &answers,
            preferred: &[],
            avoid: &[],
        },
    )
    .await
    .unwrap();
    let round = db
        .publish_pairs(program, &[(ids["ana"], ids["bo"]), (ids["cy"], ids["dee"])])
        .await
        .unwrap();
    (program.to_string(), round, skill.label, clients)
}

async fn load(app: &TestApp, who: &reqwest::Client, program: &str, group: &str) -> Value {
    json(
        app.call_with(
            who,
            "agreements/load",
            &[("program_id", program), ("group_no", group)],
        )
        .await,
    )
    .await
}

/// The agreement form with `changes` applied to sensible values.
fn form<'a>(
    program: &'a str,
    group: &'a str,
    version: &'a str,
    changes: &[(&'a str, &'a str)],
) -> Vec<(&'a str, &'a str)> {
    let mut f = vec![
        ("program_id", program),
        ("group_no", group),
        ("version", version),
        ("input[cadence]", "fortnightly"),
        ("input[minutes]", "45"),
        ("input[contact]", "Slack for quick things"),
        ("input[confidentiality]", "Stays between us."),
        ("input[review_weeks]", "6"),
        ("input[hopes]", ""),
    ];
    for (k, v) in changes {
        let slot = f.iter_mut().find(|(key, _)| key == k).unwrap();
        slot.1 = v;
    }
    f
}

async fn confirm(
    app: &TestApp,
    who: &reqwest::Client,
    program: &str,
    version: &str,
) -> reqwest::Response {
    app.call_with(
        who,
        "agreements/confirm",
        &[
            ("program_id", program),
            ("group_no", "0"),
            ("version", version),
        ],
    )
    .await
}

async fn a_pair_agrees_and_an_edit_asks_both_again(app: TestApp) {
    let (program, _, skill, people) = paired(&app).await;
    let (ana, bo, cy) = (&people[0], &people[1], &people[2]);

    // Ana's draft starts from Tandem's template, with what she asked to grow.
    let draft = load(&app, ana, &program, "0").await;
    assert_eq!(draft["state"], "not_started");
    assert_eq!(draft["version"], 0);
    assert_eq!(draft["with"], "Bo Chen");
    assert_eq!(draft["terms"]["cadence"], "fortnightly");
    let hopes = draft["my_hopes"].as_str().unwrap();
    assert!(hopes.contains(&skill), "{hopes}");
    // Nothing to confirm before anyone saved it.
    assert_eq!(confirm(&app, ana, &program, "0").await.status(), 400);

    // Another pair's agreement does not exist for Cy, nor for the org admin.
    for who in [cy, &app.client] {
        let res = app
            .call_with(
                who,
                "agreements/load",
                &[("program_id", &program), ("group_no", "0")],
            )
            .await;
        assert_eq!(res.status(), 404);
    }

    // A bad form names the field and keeps nothing.
    let bad = form(&program, "0", "0", &[("input[cadence]", "daily")]);
    let res = app.call_with(ana, "agreements/save", &bad).await;
    assert_eq!(res.status(), 400);
    assert!(res.text().await.unwrap().contains("cadence"));
    let bad = form(&program, "0", "0", &[("input[minutes]", "500")]);
    let res = app.call_with(ana, "agreements/save", &bad).await;
    assert_eq!(res.status(), 400);
    assert!(res.text().await.unwrap().contains("15 to 180"));
    assert_eq!(load(&app, ana, &program, "0").await["version"], 0);

    // Ana saves her draft; Bo's form, opened before, is out of date and says so.
    let mine = form(
        &program,
        "0",
        "0",
        &[("input[hopes]", "Grow SQL, and ship the dashboard")],
    );
    let res = app.call_with(ana, "agreements/save", &mine).await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.headers()["location"],
        format!("/programs/{program}/agreement/0?saved=1").as_str()
    );
    let res = app
        .call_with(bo, "agreements/save", &form(&program, "0", "0", &[]))
        .await;
    assert_eq!(res.status(), 409);
    // Saving the same words again makes no new version.
    let res = app
        .call_with(ana, "agreements/save", &{
            let mut f = mine.clone();
            f[2].1 = "1";
            f
        })
        .await;
    assert_eq!(res.status(), 200);

    assert_eq!(confirm(&app, ana, &program, "1").await.status(), 200);
    let page = load(&app, ana, &program, "0").await;
    assert_eq!(page["version"], 1);
    assert_eq!(page["state"], "waiting");
    assert_eq!(page["confirmed_by_me"], true);
    assert_eq!(page["waiting_for"], serde_json::json!(["Bo Chen"]));

    // Bo reads what Ana wants, and confirms: they have agreed.
    let page = load(&app, bo, &program, "0").await;
    assert_eq!(
        page["their_hopes"],
        serde_json::json!([["Ana Lopez", "Grow SQL, and ship the dashboard"]])
    );
    assert_eq!(page["confirmed_by_me"], false);
    assert_eq!(confirm(&app, bo, &program, "1").await.status(), 200);
    let page = load(&app, bo, &program, "0").await;
    assert_eq!(page["state"], "agreed");
    assert!(page["agreed_on"].is_string());
    let pair = json(
        app.call_with(ana, "pair", &[("program_id", &program)])
            .await,
    )
    .await;
    let summary = &pair["groups"][0]["agreement"];
    assert_eq!(summary["state"], "agreed");
    assert_eq!(summary["rhythm"], "Every two weeks, 45 minutes");

    // Bo makes sessions longer: both are asked again, and the agreed rhythm stays meanwhile.
    let longer = form(&program, "0", "1", &[("input[minutes]", "60")]);
    assert_eq!(
        app.call_with(bo, "agreements/save", &longer).await.status(),
        200
    );
    let page = load(&app, ana, &program, "0").await;
    assert_eq!(page["state"], "draft");
    assert_eq!(page["version"], 2);
    assert_eq!(page["edited_by"], "Bo Chen");
    assert!(
        page["agreed_on"].is_string(),
        "the confirmed version is kept"
    );
    let pair = json(
        app.call_with(ana, "pair", &[("program_id", &program)])
            .await,
    )
    .await;
    let summary = &pair["groups"][0]["agreement"];
    assert_eq!(summary["state"], "draft");
    assert_eq!(summary["mine_to_confirm"], true);
    assert_eq!(summary["rhythm"], "Every two weeks, 45 minutes");
    // Confirming the old version is refused; the new one is confirmed by both.
    assert_eq!(confirm(&app, ana, &program, "1").await.status(), 409);
    assert_eq!(confirm(&app, ana, &program, "2").await.status(), 200);
    assert_eq!(confirm(&app, bo, &program, "2").await.status(), 200);
    let pair = json(app.call_with(bo, "pair", &[("program_id", &program)]).await).await;
    assert_eq!(
        pair["groups"][0]["agreement"]["rhythm"],
        "Every two weeks, 60 minutes"
    );

    // Without JavaScript the page reads and its forms post.
    let page = html(ana, &app.url(&format!("/programs/{program}/agreement/0"))).await;
    assert!(page.contains("Our agreement"));
    assert!(page.contains("What Bo Chen wants from it"));
    assert!(page.contains(r#"action="/api/agreements/save""#), "{page}");
}

async fn admins_write_the_template_and_see_only_how_far_pairs_are(app: TestApp) {
    let (program, _, _, people) = paired(&app).await;
    let (ana, bo, cy) = (&people[0], &people[1], &people[2]);
    let olga = &app.client;
    let template = |minutes: &'static str| {
        vec![
            ("program_id", program.clone()),
            (
                "guidance",
                "**Meet briefly and often.**\n\n<script>alert(1)</script>".to_owned(),
            ),
            ("input[cadence]", "weekly".to_owned()),
            ("input[minutes]", minutes.to_owned()),
            ("input[contact]", "Teams chat".to_owned()),
            (
                "input[confidentiality]",
                "Nothing leaves the pair.".to_owned(),
            ),
            ("input[review_weeks]", "8".to_owned()),
        ]
    };
    let as_form = |f: &Vec<(&'static str, String)>| {
        f.iter().map(|(k, v)| (*k, v.clone())).collect::<Vec<_>>()
    };
    let send = |who: &reqwest::Client, f: Vec<(&'static str, String)>| {
        let who = who.clone();
        let url = app.url("/api/agreements/template/save");
        async move {
            who.post(url)
                .header("accept", "application/json")
                .form(&f)
                .send()
                .await
                .unwrap()
        }
    };
    // Participants cannot write it; a bad value is named.
    assert_eq!(send(ana, as_form(&template("30"))).await.status(), 403);
    let res = send(olga, as_form(&template("5"))).await;
    assert_eq!(res.status(), 400);
    assert!(res.text().await.unwrap().contains("15 to 180"));
    assert_eq!(send(olga, as_form(&template("30"))).await.status(), 200);

    // A new draft starts from it, its guidance rendered without the script.
    let draft = load(&app, cy, &program, "1").await;
    assert_eq!(draft["terms"]["cadence"], "weekly");
    assert_eq!(draft["terms"]["minutes"], 30);
    assert_eq!(draft["terms"]["contact"], "Teams chat");
    let guidance = draft["guidance_html"].as_str().unwrap();
    assert!(guidance.contains("<strong>Meet briefly and often.</strong>"));
    assert!(!guidance.contains("<script"), "{guidance}");

    // Ana and Bo agree, with words of their own; Cy and Dee have not started.
    let secret = "I want to leave my team by summer";
    let mine = form(&program, "0", "0", &[("input[hopes]", secret)]);
    assert_eq!(
        app.call_with(ana, "agreements/save", &mine).await.status(),
        200
    );
    assert_eq!(confirm(&app, ana, &program, "1").await.status(), 200);
    let page = |who: &reqwest::Client| {
        let who = who.clone();
        let program = program.clone();
        let app = &app;
        async move {
            app.call_with(&who, "agreements/template", &[("program_id", &program)])
                .await
        }
    };
    let res = page(olga).await;
    let body = res.text().await.unwrap();
    assert!(!body.contains(secret), "admins never read a pair's words");
    assert!(!body.contains("Slack for quick things"));
    let seen: Value = serde_json::from_str(&body).unwrap();
    let states: Vec<&str> = seen["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["state"].as_str().unwrap())
        .collect();
    assert_eq!(states, ["waiting", "not_started"]);
    assert_eq!(seen["groups"][0]["names"], "Ana Lopez · Bo Chen");
    assert_eq!(confirm(&app, bo, &program, "1").await.status(), 200);
    let seen = json(page(olga).await).await;
    assert_eq!(seen["groups"][0]["state"], "agreed");
    // A pair's saved agreement keeps its words when the template changes.
    assert_eq!(send(olga, as_form(&template("90"))).await.status(), 200);
    assert_eq!(load(&app, ana, &program, "0").await["terms"]["minutes"], 45);
    // Participants do not see the template page.
    assert_eq!(page(cy).await.status(), 403);
    // The admins' page reads without JavaScript.
    let html = html(olga, &app.url(&format!("/programs/{program}/agreements"))).await;
    assert!(html.contains("1 of 2 groups have agreed"), "{html}");
}

/// Runs the periodic scan as the worker does at `at`, and delivers what it queued.
async fn scan(app: &TestApp, at: i64) {
    app::ssr::delivery::schedule::queue_periodic(&app.state, at)
        .await
        .unwrap();
    app.deliver_at(at).await;
}

async fn an_agreed_rhythm_reminds_a_pair_that_stops_meeting(app: TestApp) {
    let (program, round, _, people) = paired(&app).await;
    let (ana, bo) = (&people[0], &people[1]);
    // Both pairs agree to meet every week; Cy and Dee never do.
    for (group, pair) in [("0", [ana, bo]), ("1", [&people[2], &people[3]])] {
        let weekly = form(&program, group, "0", &[("input[cadence]", "weekly")]);
        assert_eq!(
            app.call_with(pair[0], "agreements/save", &weekly)
                .await
                .status(),
            200
        );
        for who in pair {
            let res = app
                .call_with(
                    who,
                    "agreements/confirm",
                    &[
                        ("program_id", &program),
                        ("group_no", group),
                        ("version", "1"),
                    ],
                )
                .await;
            assert_eq!(res.status(), 200);
        }
    }
    let db = &app.state.db;
    let ana_id = app.user_id("ana@example.com").await;
    let met = now() + DAY;
    accepted_session(
        db,
        (program.parse().unwrap(), round),
        ana_id,
        (met, 45),
        "Café",
        &[],
    )
    .await;
    let again = |to: &str| {
        mails_to(&app, to)
            .into_iter()
            .map(|m| unfold(&m))
            .filter(|m| m.contains("Subject: Time to meet Bo Chen again"))
            .collect::<Vec<_>>()
    };
    // Weekly, with two days' grace: not eight days after they met…
    scan(&app, met + 8 * DAY).await;
    assert!(again("ana@example.com").is_empty());
    // …but ten, once however often the scan runs.
    scan(&app, met + 10 * DAY).await;
    scan(&app, met + 11 * DAY).await;
    let told = again("ana@example.com");
    assert_eq!(told.len(), 1);
    assert!(told[0].contains("every week, 45 minutes"), "{}", told[0]);
    assert!(told[0].contains("You last met a week ago"), "{}", told[0]);
    assert!(told[0].contains("/pair#sessions"));
    assert_eq!(
        mails_to(&app, "bo@example.com")
            .iter()
            .filter(|m| unfold(m).contains("Subject: Time to meet Ana Lopez again"))
            .count(),
        1
    );
    // Cy and Dee, who never met, had their "not meeting yet" nudge by their own cadence
    // (a week and two days after agreeing), not the program's two weeks, and only once.
    scan(&app, met + 16 * DAY).await;
    let nudged: Vec<String> = mails_to(&app, "cy@example.com")
        .iter()
        .map(|m| unfold(m))
        .filter(|m| m.contains("Subject: Time to meet Dee Park"))
        .collect();
    assert_eq!(nudged.len(), 1, "{nudged:?}");
    assert!(nudged[0].contains("agreed to meet: every week, 45 minutes"));
    assert!(nudged[0].contains("You have not met yet"));
    // Their admins see them as not meeting yet; Ana and Bo, who met, are not.
    let page: Value = json(
        app.call_with(&app.client, "rounds", &[("program_id", &program)])
            .await,
    )
    .await;
    let quiet: Vec<bool> = page["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["not_meeting"].as_bool().unwrap())
        .collect();
    assert_eq!(quiet, [false, true]);
}
