//! Mentoring records for reviews over HTTP: only the employee's manager in the org chart may
//! ask; the employee agrees with a scope and an end, or declines; the manager reads exactly
//! the agreed parts (JSON, CSV and PDF, the PDF read back with pdftotext) and nothing once
//! the agreement is withdrawn; every export is in the log the employee reads; and the
//! employee exports their own record with the parts they tick.

mod common;

use app::domain::{GoalStatus, ProgramState};
use common::{html, pdf_at, program_with, TestApp, TWELVE};

on_both_databases!(a_manager_reads_only_what_was_agreed_while_it_holds);

fn goal(title: &str) -> app::domain::GoalSpec {
    app::domain::GoalInput {
        title: title.into(),
        category: "skill".into(),
        measure: "metric".into(),
        unit: "demos".into(),
        baseline: "0".into(),
        target: "8".into(),
        direction: "up".into(),
        visibility: "private".into(),
        ..Default::default()
    }
    .parse(time::macros::date!(2026 - 11 - 25), None)
    .unwrap()
}

async fn get(who: &reqwest::Client, url: &str) -> (u16, String) {
    let res = who.get(url).send().await.unwrap();
    let status = res.status().as_u16();
    (
        status,
        String::from_utf8_lossy(&res.bytes().await.unwrap()).into_owned(),
    )
}

async fn a_manager_reads_only_what_was_agreed_while_it_holds(app: TestApp) {
    let (program, ids, browsers) = program_with(&app, ProgramState::Running, &TWELVE[..3]).await;
    let (ana, bo, cy) = (ids["ana"], ids["bo"], ids["cy"]);
    let (ana_web, bo_web, cy_web) = (&browsers[0], &browsers[1], &browsers[2]);
    let db = &app.state.db;
    // Bo manages Ana. Ana and Cy were matched and met for an hour.
    sqlx::query("UPDATE users SET manager_id = $1 WHERE id = $2")
        .bind(bo)
        .bind(ana)
        .execute(db.pool())
        .await
        .unwrap();
    let round = db.publish_pairs(program, &[(ana, cy)]).await.unwrap();
    let at = app::ssr::storage::now() - 86_400;
    let session = common::accepted_session(db, (program, round), ana, (at, 60), "", &[]).await;
    db.record_session(session, true, "").await.unwrap();
    let mut goals = Vec::new();
    for title in ["Ship the demo", "A goal kept to myself"] {
        let id = db.create_goal(ana, program, &goal(title)).await.unwrap();
        assert!(db.move_goal(id, GoalStatus::Achieved, 0).await.unwrap());
        goals.push(id.to_string());
    }
    let mut kudos = Vec::new();
    for note in ["Great pairing on the release.", "Thanks for the hard talk."] {
        let spec = app::domain::KudosSpec {
            program_id: program,
            to: ana,
            category: app::domain::KudosCategory::Support,
            note: note.into(),
        };
        let id = db.create_kudos(cy, &spec, at).await.unwrap().unwrap();
        kudos.push(id.to_string());
    }

    // Bo sees Ana in his team; Cy, who manages nobody, has no team. Only Bo may ask.
    let page = html(bo_web, &app.url("/reviews")).await;
    assert!(
        page.contains("Your team&#x27;s records") || page.contains("Your team's records"),
        "{page}"
    );
    assert!(page.contains("Ana Lopez") && page.contains("Ask for their record"));
    assert!(!html(cy_web, &app.url("/reviews"))
        .await
        .contains("Ask for their record"));
    let ask = |who: &reqwest::Client| {
        let who = who.clone();
        let app = &app;
        async move {
            app.call_with(
                &who,
                "reviews/request",
                &[("employee_id", &ana.to_string())],
            )
            .await
            .status()
            .as_u16()
        }
    };
    assert_eq!(ask(cy_web).await, 404);
    assert_eq!(ask(bo_web).await, 200);
    assert_eq!(ask(bo_web).await, 409, "asked already");
    // Ana hears of it by email, with the way to answer.
    let mail = common::unfold(&app.last_mail_to("ana@example.com").await);
    assert!(
        mail.contains("Subject: Bo Chen asks for your mentoring record"),
        "{mail}"
    );
    assert!(mail.contains("/reviews#requests"), "{mail}");
    let consent = db.consents_of_employee(ana).await.unwrap()[0].id;
    let record = |format: &str| app.url(&format!("/reviews/{consent}/record?format={format}"));
    assert_eq!(
        get(bo_web, &record("json")).await.0,
        404,
        "nothing before she agrees"
    );

    // Ana reads the request; wrong answers are named; then she agrees to her programs, one
    // goal and one thank-you, for a week.
    let page = html(ana_web, &app.url("/reviews")).await;
    assert!(
        page.contains("Requests from your manager") && page.contains("asked for your record on"),
        "{page}"
    );
    let answer = |fields: Vec<(&'static str, String)>| {
        let app = &app;
        async move {
            let mut form = vec![("consent_id", consent.to_string())];
            form.extend(fields);
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let res = app.call_with(ana_web, "reviews/answer", &form).await;
            (res.status().as_u16(), res.text().await.unwrap())
        }
    };
    let agree = |length: &str, goal: &str| {
        vec![
            ("input[decision]", "approve".to_owned()),
            ("input[length]", length.to_owned()),
            ("input[scope][programs]", "on".to_owned()),
            ("input[scope][goals][]", goal.to_owned()),
            ("input[scope][kudos][]", kudos[0].clone()),
        ]
    };
    let (status, body) = answer(agree("365", &goals[0])).await;
    assert_eq!(status, 400);
    assert!(body.contains("\"field\":\"length\""), "{body}");
    let (status, body) = answer(agree("7", "99999")).await;
    assert_eq!(status, 400);
    assert!(body.contains("not one of your achieved goals"), "{body}");
    let (status, body) = answer(vec![
        ("input[decision]", "approve".to_owned()),
        ("input[length]", "7".to_owned()),
    ])
    .await;
    assert_eq!(status, 400);
    assert!(body.contains("Choose at least one part"), "{body}");
    assert_eq!(answer(agree("7", &goals[0])).await.0, 200);
    assert_eq!(answer(agree("7", &goals[0])).await.0, 404, "answered once");
    let mail = common::unfold(&app.last_mail_to("bo@example.com").await);
    assert!(
        mail.contains("Subject: Ana Lopez shared their mentoring record"),
        "{mail}"
    );
    assert!(mail.contains("/reviews#team"), "{mail}");
    assert!(
        !mail.contains("Ship the demo"),
        "the record itself is read in Tandem only"
    );

    // Bo reads exactly that, in each format; Cy reads nothing by it.
    let (status, json) = get(bo_web, &record("json")).await;
    assert_eq!(status, 200);
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["person"], "Ana Lopez");
    assert_eq!(json["programs"][0]["sessions"], 1);
    assert_eq!(json["programs"][0]["held"], "1 hour");
    assert_eq!(json["goals"].as_array().unwrap().len(), 1);
    assert_eq!(json["goals"][0]["title"], "Ship the demo");
    assert_eq!(json["kudos"][0]["note"], "Great pairing on the release.");
    assert_eq!(json["kudos"].as_array().unwrap().len(), 1);
    assert!(
        json.get("badges").is_none(),
        "badges were not agreed: {json}"
    );
    let (status, csv) = get(bo_web, &record("csv")).await;
    assert_eq!(status, 200);
    assert!(
        csv.contains("goal achieved,Ship the demo,Spring pairs,"),
        "{csv}"
    );
    assert!(!csv.contains("A goal kept to myself") && !csv.contains("hard talk"));
    let text = pdf_at(bo_web, &record("pdf")).await;
    for expected in [
        "MENTORING RECORD",
        "Ana Lopez",
        "Spring pairs, as a peer",
        "1 session held, 1 hour",
        "Ship the demo",
        "Great pairing on the release.",
    ] {
        assert!(text.contains(expected), "{expected} in {text}");
    }
    assert!(!text.contains("A goal kept to myself") && !text.contains("hard talk"));
    assert_eq!(get(cy_web, &record("json")).await.0, 404);
    assert_eq!(get(bo_web, &record("docx")).await.0, 400);

    // Ana sees each of Bo's reads in her log, then withdraws: Bo reads nothing more.
    let page = html(ana_web, &app.url("/reviews")).await;
    assert_eq!(page.matches("(by your agreement)").count(), 3, "{page}");
    assert!(page.contains("Agreed until"));
    let res = app
        .call_with(
            ana_web,
            "reviews/revoke",
            &[("consent_id", &consent.to_string())],
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(get(bo_web, &record("json")).await.0, 404);
    assert!(html(bo_web, &app.url("/reviews"))
        .await
        .contains("Withdrawn on"));
    let res = app
        .call_with(
            bo_web,
            "reviews/revoke",
            &[("consent_id", &consent.to_string())],
        )
        .await;
    assert_eq!(res.status(), 404, "only Ana withdraws her agreement");

    // Her own export: the parts she ticks, logged; wrong choices named with a 400.
    let own = |query: String| app.url(&format!("/reviews/record?{query}"));
    let (status, csv) = get(ana_web, &own(format!("goal={}&format=csv", goals[1]))).await;
    assert_eq!(status, 200);
    assert!(
        csv.contains("A goal kept to myself") && !csv.contains("Ship the demo"),
        "{csv}"
    );
    let (status, body) = get(ana_web, &own("goal=99999&format=csv".into())).await;
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("not one of your achieved goals"), "{body}");
    let (status, body) = get(ana_web, &own("format=pdf".into())).await;
    assert_eq!(status, 400);
    assert!(body.contains("Choose at least one part"), "{body}");
    assert_eq!(
        get(ana_web, &own("programs=on&format=doc".into())).await.0,
        400
    );
    assert_eq!(
        get(cy_web, &own(format!("goal={}&format=json", goals[0])))
            .await
            .0,
        400,
        "not Cy's goal"
    );
    assert_eq!(
        get(
            &reqwest::Client::new(),
            &own("programs=on&format=json".into())
        )
        .await
        .0,
        401
    );
    let log = db.review_exports(ana).await.unwrap();
    assert_eq!(log.len(), 4, "Bo's three reads and her own CSV");
    assert_eq!((log[0].reader_id, log[0].consent_id), (Some(ana), None));
}
