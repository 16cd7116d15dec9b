//! Mentors people choose, over HTTP: a mentoring program's admins let mentees choose; a
//! mentee sees only the mentors every hard rule allows, best fit first, and asks one; the
//! mentor accepts (the pair joins the current round) or declines; a request lapses after the
//! program's days; and a mentor's last place goes to exactly one of fifty requests at once.

mod common;

use app::domain::{Email, EnrollmentRole, ProgramState, Role};
use app::ssr::storage::{now, EnrollmentWrite, NewUser};
use common::programs::json;
use common::{mails_to, unfold, TestApp};
use serde_json::Value;

on_both_databases!(
    mentees_see_and_ask_only_the_mentors_the_rules_allow,
    a_mentor_accepts_or_declines_and_an_unanswered_request_lapses,
    a_mentor_s_last_place_goes_to_one_of_fifty_requests,
);

const DAY: i64 = 86_400;

/// A running mentoring program created by Olga (org admin, `app.client`).
async fn guide(app: &TestApp) -> i64 {
    app.sign_up("Olga Admin", "olga@example.com").await;
    let olga = app.me().await["id"].as_i64().unwrap();
    let db = &app.state.db;
    let spec = app::domain::ProgramInput {
        name: "Guide".into(),
        format: "mentor_mentee".into(),
        enrollment_opens_on: "2027-01-04".into(),
        enrollment_closes_on: "2027-01-22".into(),
        starts_on: "2027-02-01".into(),
        ends_on: "2027-07-30".into(),
        ..Default::default()
    }
    .parse()
    .unwrap();
    let program = db.create_program(&spec, olga).await.unwrap();
    db.set_program_state(program, ProgramState::Draft, ProgramState::Enrolling)
        .await
        .unwrap();
    db.set_program_state(program, ProgramState::Enrolling, ProgramState::Running)
        .await
        .unwrap();
    program
}

async fn enroll(
    app: &TestApp,
    program: i64,
    user: i64,
    role: EnrollmentRole,
    capacity: i64,
    avoid: &[i64],
) {
    app.state
        .db
        .save_enrollment(
            program,
            user,
            EnrollmentWrite {
                role,
                capacity,
                answers: &Default::default(),
                preferred: &[],
                avoid,
            },
        )
        .await
        .unwrap();
}

async fn page(app: &TestApp, who: &reqwest::Client, program: &str, q: &str) -> Value {
    json(
        app.call_with(who, "mentors", &[("program_id", program), ("q", q)])
            .await,
    )
    .await
}

fn names(page: &Value) -> Vec<String> {
    page["mentors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["name"].as_str().unwrap().to_owned())
        .collect()
}

async fn ask(
    app: &TestApp,
    who: &reqwest::Client,
    program: &str,
    mentor: i64,
    note: &str,
) -> reqwest::Response {
    app.call_with(
        who,
        "mentors/ask",
        &[
            ("program_id", program),
            ("mentor_id", &mentor.to_string()),
            ("note", note),
        ],
    )
    .await
}

async fn choose(app: &TestApp, program: &str, mode: &str, days: &str) -> reqwest::Response {
    app.call_with(
        &app.client,
        "mentors/settings",
        &[
            ("program_id", program),
            ("mode", mode),
            ("answer_days", days),
        ],
    )
    .await
}

async fn mentees_see_and_ask_only_the_mentors_the_rules_allow(app: TestApp) {
    let program = guide(&app).await;
    let p = program.to_string();
    let mut browsers = std::collections::HashMap::new();
    let mut ids = std::collections::HashMap::new();
    for (name, email) in [
        ("Ana Lopez", "ana@example.com"),
        ("Cy Diaz", "cy@example.com"),
        ("Dee Park", "dee@example.com"),
        ("Max Stone", "max@example.com"),
        ("Nia Cole", "nia@example.com"),
        ("Oz Grant", "oz@example.com"),
        ("Pia Rossi", "pia@example.com"),
        ("Quin Hart", "quin@example.com"),
    ] {
        let first = name.split(' ').next().unwrap().to_lowercase();
        browsers.insert(first.clone(), app.member(name, email).await);
        ids.insert(first, app.user_id(email).await);
    }
    let id = |n: &str| ids[n];
    for mentor in ["max", "nia", "oz", "pia", "quin"] {
        enroll(&app, program, id(mentor), EnrollmentRole::Mentor, 2, &[]).await;
    }
    enroll(
        &app,
        program,
        id("ana"),
        EnrollmentRole::Mentee,
        1,
        &[id("pia")],
    )
    .await;
    for mentee in ["cy", "dee"] {
        enroll(&app, program, id(mentee), EnrollmentRole::Mentee, 1, &[]).await;
    }
    // Oz manages Ana; Ana met Quin in the last round.
    sqlx::query("UPDATE users SET manager_id = $1 WHERE id = $2")
        .bind(id("oz"))
        .bind(id("ana"))
        .execute(app.state.db.pool())
        .await
        .unwrap();
    let db = &app.state.db;
    db.publish_pairs(program, &[(id("ana"), id("quin"))])
        .await
        .unwrap();
    db.publish_pairs(program, &[(id("cy"), id("dee"))])
        .await
        .unwrap();
    let ana = &browsers["ana"];

    // While the admins match, there is nothing to choose.
    let seen = page(&app, ana, &p, "").await;
    assert_eq!(
        seen["cannot_ask"],
        "In this program, the admins make the matches."
    );
    assert!(names(&seen).is_empty());
    assert_eq!(ask(&app, ana, &p, id("max"), "").await.status(), 409);

    // Only the program's admins choose; bad values are named.
    let res = app
        .call_with(
            ana,
            "mentors/settings",
            &[("program_id", p.as_str()), ("mode", "participants")],
        )
        .await;
    assert_eq!(res.status(), 403);
    let res = choose(&app, &p, "participants", "40").await;
    assert_eq!(res.status(), 400);
    assert!(res.text().await.unwrap().contains("answer_days"));
    assert_eq!(choose(&app, &p, "anyone", "3").await.status(), 400);
    assert_eq!(choose(&app, &p, "participants", "3").await.status(), 200);

    // Ana sees Max and Nia only: not her manager, not the mentor on her avoid list, not the
    // one she met last round; nothing says why.
    let seen = page(&app, ana, &p, "").await;
    assert!(seen["cannot_ask"].is_null());
    let mut shown = names(&seen);
    shown.sort();
    assert_eq!(shown, ["Max Stone", "Nia Cole"]);
    assert!(!seen.to_string().contains("Pia"));
    assert_eq!(seen["mentors"][0]["places_left"], 2);
    let scores: Vec<i64> = seen["mentors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["score"].as_i64().unwrap())
        .collect();
    assert!(
        scores.windows(2).all(|w| w[0] >= w[1]),
        "best fit first: {scores:?}"
    );
    assert_eq!(names(&page(&app, ana, &p, "nia").await), ["Nia Cole"]);
    // Asking a ruled-out mentor anyway answers as if there were none.
    for who in ["oz", "pia", "quin"] {
        let res = ask(&app, ana, &p, id(who), "").await;
        assert_eq!(res.status(), 404, "{who}");
        let body = res.text().await.unwrap();
        assert!(
            !body.contains("preference") && !body.contains("manager"),
            "{body}"
        );
    }
    // A mentor cannot ask a mentor; a note over 500 characters is named.
    assert_eq!(
        ask(&app, &browsers["max"], &p, id("nia"), "")
            .await
            .status(),
        409
    );
    let res = ask(&app, ana, &p, id("max"), &"x".repeat(501)).await;
    assert_eq!(res.status(), 400);
    assert!(res.text().await.unwrap().contains("500"));

    // Ana asks Max; one request at a time.
    let res = ask(&app, ana, &p, id("max"), "I want to learn to run a team").await;
    assert_eq!(res.status(), 200);
    assert_eq!(ask(&app, ana, &p, id("nia"), "").await.status(), 409);
    app.deliver().await;
    let to_max: Vec<String> = mails_to(&app, "max@example.com")
        .iter()
        .map(|m| unfold(m))
        .collect();
    let asked = to_max
        .iter()
        .find(|m| m.contains("Subject: Ana Lopez asks you to be their mentor"))
        .expect("Max hears of it");
    assert!(asked.contains("I want to learn to run a team"));
    assert!(asked.contains(&format!("/programs/{p}/mentors#requests")));
    let mine = page(&app, ana, &p, "").await;
    assert_eq!(mine["mine"][0]["name"], "Max Stone");
    assert_eq!(mine["mine"][0]["state"], "pending");
}

async fn a_mentor_accepts_or_declines_and_an_unanswered_request_lapses(app: TestApp) {
    let program = guide(&app).await;
    let p = program.to_string();
    let mut b = std::collections::HashMap::new();
    let mut ids = std::collections::HashMap::new();
    for (name, email) in [
        ("Ana Lopez", "ana@example.com"),
        ("Bo Chen", "bo@example.com"),
        ("Eli Moss", "eli@example.com"),
        ("Max Stone", "max@example.com"),
        ("Nia Cole", "nia@example.com"),
    ] {
        let first = name.split(' ').next().unwrap().to_lowercase();
        b.insert(first.clone(), app.member(name, email).await);
        ids.insert(first, app.user_id(email).await);
    }
    enroll(&app, program, ids["max"], EnrollmentRole::Mentor, 1, &[]).await;
    enroll(&app, program, ids["nia"], EnrollmentRole::Mentor, 2, &[]).await;
    for m in ["ana", "bo", "eli"] {
        enroll(&app, program, ids[m], EnrollmentRole::Mentee, 1, &[]).await;
    }
    assert_eq!(choose(&app, &p, "both", "2").await.status(), 200);
    assert_eq!(
        ask(&app, &b["ana"], &p, ids["max"], "Hello").await.status(),
        200
    );
    assert_eq!(ask(&app, &b["bo"], &p, ids["nia"], "").await.status(), 200);

    // Max sees Ana's request with why they fit; Nia cannot answer it.
    let seen = page(&app, &b["max"], &p, "").await;
    let request = seen["incoming"][0].clone();
    assert_eq!(request["name"], "Ana Lopez");
    assert_eq!(request["note"], "Hello");
    let rid = request["id"].to_string();
    let res = app
        .call_with(
            &b["nia"],
            "mentors/answer",
            &[
                ("program_id", p.as_str()),
                ("request_id", &rid),
                ("answer", "accept"),
            ],
        )
        .await;
    assert_eq!(res.status(), 404);
    let res = app
        .call_with(
            &b["max"],
            "mentors/answer",
            &[
                ("program_id", p.as_str()),
                ("request_id", &rid),
                ("answer", "maybe"),
            ],
        )
        .await;
    assert_eq!(res.status(), 400);
    // Max accepts: with no round yet, the pair becomes the first one's first group.
    let res = app
        .call_with(
            &b["max"],
            "mentors/answer",
            &[
                ("program_id", p.as_str()),
                ("request_id", &rid),
                ("answer", "accept"),
            ],
        )
        .await;
    assert_eq!(res.status(), 200);
    let pair = json(
        app.call_with(&b["ana"], "pair", &[("program_id", p.as_str())])
            .await,
    )
    .await;
    assert_eq!(pair["groups"][0]["partners"][0]["name"], "Max Stone");
    app.deliver().await;
    assert!(mails_to(&app, "ana@example.com")
        .iter()
        .any(|m| unfold(m).contains("Subject: Max Stone will be your mentor")));
    let ana_page = page(&app, &b["ana"], &p, "").await;
    assert_eq!(ana_page["mine"][0]["state"], "accepted");
    assert_eq!(
        ana_page["cannot_ask"],
        "You are matched in the current round."
    );
    // Accepting twice changes nothing.
    let res = app
        .call_with(
            &b["max"],
            "mentors/answer",
            &[
                ("program_id", p.as_str()),
                ("request_id", &rid),
                ("answer", "accept"),
            ],
        )
        .await;
    assert_eq!(res.status(), 404);
    // Max's only place is taken: Eli no longer sees him, and cannot ask him.
    assert_eq!(names(&page(&app, &b["eli"], &p, "").await), ["Nia Cole"]);
    assert_eq!(ask(&app, &b["eli"], &p, ids["max"], "").await.status(), 404);

    // Nia declines Bo, who hears so and may ask again.
    let seen = page(&app, &b["nia"], &p, "").await;
    let bo_request = seen["incoming"][0]["id"].to_string();
    let res = app
        .call_with(
            &b["nia"],
            "mentors/answer",
            &[
                ("program_id", p.as_str()),
                ("request_id", &bo_request),
                ("answer", "decline"),
            ],
        )
        .await;
    assert_eq!(res.status(), 200);
    app.deliver().await;
    assert!(mails_to(&app, "bo@example.com")
        .iter()
        .any(|m| unfold(m).contains("Subject: Nia Cole cannot take you on")));
    assert_eq!(
        page(&app, &b["bo"], &p, "").await["mine"][0]["state"],
        "declined"
    );

    // Eli asks Nia, who does not answer within the program's two days: it lapses, Eli is told
    // once, and Nia can no longer accept it.
    assert_eq!(ask(&app, &b["eli"], &p, ids["nia"], "").await.status(), 200);
    let eli_request = page(&app, &b["nia"], &p, "").await["incoming"][0]["id"].to_string();
    let later = now() + 2 * DAY + 60;
    for at in [later, later + 3600] {
        app::ssr::delivery::schedule::queue_periodic(&app.state, at)
            .await
            .unwrap();
        app.deliver_at(at).await;
    }
    let lapsed: Vec<String> = mails_to(&app, "eli@example.com")
        .iter()
        .map(|m| unfold(m))
        .filter(|m| m.contains("Subject: No answer from Nia Cole yet"))
        .collect();
    assert_eq!(lapsed.len(), 1);
    assert_eq!(
        page(&app, &b["eli"], &p, "").await["mine"][0]["state"],
        "lapsed"
    );
    let res = app
        .call_with(
            &b["nia"],
            "mentors/answer",
            &[
                ("program_id", p.as_str()),
                ("request_id", &eli_request),
                ("answer", "accept"),
            ],
        )
        .await;
    assert_eq!(res.status(), 404);
    assert_eq!(
        ask(&app, &b["eli"], &p, ids["nia"], "Again?")
            .await
            .status(),
        200
    );
}

async fn a_mentor_s_last_place_goes_to_one_of_fifty_requests(app: TestApp) {
    let program = guide(&app).await;
    let p = program.to_string();
    assert_eq!(choose(&app, &p, "participants", "5").await.status(), 200);
    let max = app.member("Max Stone", "max@example.com").await;
    let max_id = app.user_id("max@example.com").await;
    enroll(&app, program, max_id, EnrollmentRole::Mentor, 1, &[]).await;
    let db = &app.state.db;
    let mut mentees = Vec::new();
    for k in 0..50 {
        let id = db
            .create_user(NewUser {
                email: &Email::parse(&format!("mentee{k}@example.com")).unwrap(),
                name: &format!("Mentee {k}"),
                role: Role::Participant,
                password_hash: None,
            })
            .await
            .unwrap();
        enroll(&app, program, id, EnrollmentRole::Mentee, 1, &[]).await;
        mentees.push(db.user_by_id(id).await.unwrap().unwrap());
    }
    // Fifty ask at once: every request is filed.
    let asks: Vec<_> = mentees
        .iter()
        .map(|m| {
            let (state, m) = (app.state.clone(), m.clone());
            tokio::spawn(async move {
                app::ssr::rounds::mentor_requests::ask(&state, &m, program, max_id, "").await
            })
        })
        .collect();
    // Spawned, they run at once; each is then awaited.
    for done in asks {
        done.await.unwrap().unwrap();
    }
    let seen = page(&app, &max, &p, "").await;
    let requests: Vec<String> = seen["incoming"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].to_string())
        .collect();
    assert_eq!(requests.len(), 50);
    // Max accepts all fifty at once: exactly one gets his one place.
    let answers: Vec<_> = requests
        .iter()
        .map(|rid| {
            let (max, url, rid, p) = (
                max.clone(),
                app.url("/api/mentors/answer"),
                rid.clone(),
                p.clone(),
            );
            tokio::spawn(async move {
                max.post(url)
                    .header("accept", "application/json")
                    .form(&[
                        ("program_id", p.as_str()),
                        ("request_id", &rid),
                        ("answer", "accept"),
                    ])
                    .send()
                    .await
                    .unwrap()
                    .status()
                    .as_u16()
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for done in answers {
        statuses.push(done.await.unwrap());
    }
    statuses.sort_unstable();
    assert_eq!(
        statuses.iter().filter(|s| **s == 200).count(),
        1,
        "{statuses:?}"
    );
    assert!(
        statuses.iter().all(|s| *s == 200 || *s == 409),
        "{statuses:?}"
    );
    let groups: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM round_groups WHERE mentor_id = $1")
        .bind(max_id)
        .fetch_one(db.pool())
        .await
        .unwrap();
    assert_eq!(groups, 1);
}
