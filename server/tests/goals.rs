//! Goal boards and pair sessions over HTTP: the owner's goals and check-ins, who may read a
//! goal (for every role and every visibility, without learning anything from an id), form
//! mistakes that save nothing, and a pair planning, downloading and recording a session.

mod common;

use app::domain::{ProgramState, Role};
use app::ssr::storage::now;
use app::ssr::testing::clock;
use common::{enroll_peer, program_spec, TestApp};
use serde_json::Value;

on_both_databases!(
    goals_are_created_checked_in_charted_and_moved,
    goal_mistakes_are_named_and_nothing_is_saved,
    goals_are_read_only_by_those_they_are_shared_with,
    a_pair_plans_downloads_and_records_a_session,
    the_dashboard_shows_the_next_session_and_goals_that_need_a_check_in,
);

/// Olga (org admin, signed in on `app.client`), Sam who runs the program, Pat who runs
/// another, and participants Ana and Bo (a pair) and Cy, all enrolled.
struct Cast {
    program: i64,
    other_program: i64,
    ana: reqwest::Client,
    bo: reqwest::Client,
    cy: reqwest::Client,
    sam: reqwest::Client,
    pat: reqwest::Client,
    ids: std::collections::HashMap<&'static str, i64>,
}

async fn cast(app: &TestApp) -> Cast {
    app.sign_up("Olga Admin", "olga@example.com").await;
    let olga = app.me().await["id"].as_i64().unwrap();
    let ana = app.member("Ana Lopez", "ana@example.com").await;
    let bo = app.member("Bo Chen", "bo@example.com").await;
    let cy = app.member("Cy Diaz", "cy@example.com").await;
    let sam = app.member("Sam Carter", "sam@example.com").await;
    let pat = app.member("Pat Quinn", "pat@example.com").await;
    let db = &app.state.db;
    let mut ids = std::collections::HashMap::new();
    for (name, email) in [
        ("olga", "olga@example.com"),
        ("ana", "ana@example.com"),
        ("bo", "bo@example.com"),
        ("cy", "cy@example.com"),
        ("sam", "sam@example.com"),
        ("pat", "pat@example.com"),
    ] {
        ids.insert(name, app.user_id(email).await);
    }
    let program = db
        .create_program(&program_spec("Spring pairs"), olga)
        .await
        .unwrap();
    let other_program = db
        .create_program(&program_spec("Autumn pairs"), olga)
        .await
        .unwrap();
    for (admin, p) in [(ids["sam"], program), (ids["pat"], other_program)] {
        db.set_role(admin, Role::ProgramAdmin).await.unwrap();
        db.set_program_admins(p, &[admin]).await.unwrap();
        // Pairs meet and keep goals while a program runs.
        db.set_program_state(p, ProgramState::Draft, ProgramState::Enrolling)
            .await
            .unwrap();
        db.set_program_state(p, ProgramState::Enrolling, ProgramState::Running)
            .await
            .unwrap();
    }
    for who in ["ana", "bo", "cy"] {
        enroll_peer(db, program, ids[who]).await;
    }
    db.publish_pairs(program, &[(ids["ana"], ids["bo"])])
        .await
        .unwrap();
    Cast {
        program,
        other_program,
        ana,
        bo,
        cy,
        sam,
        pat,
        ids,
    }
}

/// A goal form with `changes` over a valid metric goal.
fn goal_form<'a>(program: &'a str, changes: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut form = vec![
        ("program_id", program),
        ("input[title]", "Run the weekly demo"),
        ("input[why]", "I freeze when presenting."),
        ("input[category]", "skill"),
        ("input[due_on]", "2099-01-31"),
        ("input[measure]", "metric"),
        ("input[unit]", "demos"),
        ("input[baseline]", "0"),
        ("input[target]", "8"),
        ("input[direction]", "up"),
        ("input[visibility]", "match"),
    ];
    for (k, v) in changes {
        match form.iter_mut().find(|(key, _)| key == k) {
            Some(entry) => entry.1 = v,
            None => form.push((k, v)),
        }
    }
    form
}

async fn create_goal(
    app: &TestApp,
    who: &reqwest::Client,
    program: i64,
    changes: &[(&str, &str)],
) -> i64 {
    let program = program.to_string();
    let res = app
        .call_with(who, "goals/save", &goal_form(&program, changes))
        .await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    res.json::<i64>().await.unwrap()
}

async fn json(res: reqwest::Response) -> Value {
    res.json().await.unwrap()
}

async fn goal_page(app: &TestApp, who: &reqwest::Client, id: i64) -> reqwest::Response {
    app.call_with(who, "goal", &[("id", &id.to_string())]).await
}

async fn check_in(app: &TestApp, who: &reqwest::Client, id: i64, value: &str) -> reqwest::Response {
    app.call_with(
        who,
        "goals/check-in",
        &[
            ("id", &id.to_string()),
            ("input[value]", value),
            ("input[confidence]", "4"),
            ("input[note]", "Gave one at the all-hands"),
        ],
    )
    .await
}

async fn board(app: &TestApp, who: &reqwest::Client, program: i64) -> Value {
    let res = app
        .call_with(who, "goals", &[("program", &program.to_string())])
        .await;
    assert_eq!(res.status(), 200);
    json(res).await
}

fn column_titles(board: &Value, status: &str) -> Vec<String> {
    board["columns"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["status"] == status)
        .unwrap()["goals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["title"].as_str().unwrap().to_owned())
        .collect()
}

async fn goals_are_created_checked_in_charted_and_moved(app: TestApp) {
    let c = cast(&app).await;
    let id = create_goal(&app, &c.ana, c.program, &[]).await;
    let first = create_goal(
        &app,
        &c.ana,
        c.program,
        &[("input[title]", "Read two books")],
    )
    .await;
    let b = board(&app, &c.ana, c.program).await;
    assert_eq!(
        column_titles(&b, "planned"),
        ["Run the weekly demo", "Read two books"]
    );
    assert_eq!(
        b["programs"],
        serde_json::json!([[c.program, "Spring pairs"]])
    );

    assert_eq!(check_in(&app, &c.ana, id, "2").await.status(), 200);
    assert_eq!(check_in(&app, &c.ana, id, "5").await.status(), 200);
    let page = json(goal_page(&app, &c.ana, id).await).await;
    assert_eq!(page["card"]["percent"], 62, "5 of 8 demos, rounded down");
    assert_eq!(
        page["card"]["status"], "in_progress",
        "a check-in starts a planned goal"
    );
    assert_eq!(page["card"]["summary"], "5 demos, target 8");
    assert_eq!(page["points"].as_array().unwrap().len(), 2);
    assert_eq!(page["chart_range"], serde_json::json!([0.0, 8.0]));
    assert_eq!(page["check_ins"][1]["value"], "5 demos");
    assert_eq!(page["mine"], true);

    // The page itself draws the chart on the server, readable without JavaScript.
    let html = c
        .ana
        .get(app.url(&format!("/goals/{id}")))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(html.status(), 200);
    let html = html.text().await.unwrap();
    assert!(
        html.contains("<svg") && html.contains("polyline"),
        "the chart is in the page"
    );
    assert!(
        html.contains("Chart of Run the weekly demo: 2 check-ins, latest 5 demos, target 8 demos.")
    );

    // Move to Achieved, then the other goal above it.
    let moved = app
        .call_with(
            &c.ana,
            "goals/move",
            &[
                ("id", &id.to_string()),
                ("status", "achieved"),
                ("position", "0"),
            ],
        )
        .await;
    assert_eq!(moved.status(), 200);
    app.call_with(
        &c.ana,
        "goals/move",
        &[
            ("id", &first.to_string()),
            ("status", "achieved"),
            ("position", "0"),
        ],
    )
    .await;
    let b = board(&app, &c.ana, c.program).await;
    assert_eq!(
        column_titles(&b, "achieved"),
        ["Read two books", "Run the weekly demo"]
    );
    assert!(column_titles(&b, "planned").is_empty());
    let bad = app
        .call_with(
            &c.ana,
            "goals/move",
            &[
                ("id", &id.to_string()),
                ("status", "finished"),
                ("position", "0"),
            ],
        )
        .await;
    assert_eq!(bad.status(), 400);

    // The owner changes the goal; its check-ins stay.
    let edited = app
        .call_with(
            &c.ana,
            "goals/save",
            &goal_form(
                &c.program.to_string(),
                &[("id", &id.to_string()), ("input[target]", "10")],
            )
            .into_iter()
            .filter(|(k, _)| *k != "program_id")
            .collect::<Vec<_>>(),
        )
        .await;
    assert_eq!(edited.status(), 200);
    let page = json(goal_page(&app, &c.ana, id).await).await;
    assert_eq!(
        (
            page["card"]["percent"].as_i64(),
            page["check_ins"].as_array().unwrap().len()
        ),
        (Some(50), 2)
    );

    // Templates fill the form: a wellbeing goal goes down, a career goal is a checklist.
    let form = |template: &'static str| {
        let (app, ana) = (&app, &c.ana);
        async move {
            json(
                app.call_with(ana, "goals/form", &[("template", template)])
                    .await,
            )
            .await["input"]
                .clone()
        }
    };
    let wellbeing = form("wellbeing").await;
    assert_eq!(
        (
            wellbeing["category"].as_str(),
            wellbeing["direction"].as_str()
        ),
        (Some("wellbeing"), Some("down"))
    );
    let career = form("career").await;
    assert_eq!(career["measure"], "milestones");
    assert!(career["milestones"].as_str().unwrap().lines().count() >= 3);
    assert_eq!(form("no-such-template").await["title"], "");

    // A board of a program Ana never joined is not hers to open.
    assert_eq!(
        app.call_with(
            &c.ana,
            "goals",
            &[("program", &c.other_program.to_string())]
        )
        .await
        .status(),
        404
    );
    // Goals only go into programs one has joined.
    let res = app
        .call_with(
            &c.ana,
            "goals/save",
            &goal_form(&c.other_program.to_string(), &[]),
        )
        .await;
    assert_eq!(res.status(), 400);
    assert_eq!(json(res).await["Invalid"]["field"], "program_id");
}

async fn goal_mistakes_are_named_and_nothing_is_saved(app: TestApp) {
    let c = cast(&app).await;
    let program = c.program.to_string();
    let long = "x".repeat(121);
    // (changes to a valid form, the field named, words of the message)
    type Case<'a> = (Vec<(&'a str, &'a str)>, &'a str, &'a str);
    let cases: Vec<Case> = vec![
        (vec![("input[target]", "0")], "target", "above the baseline"),
        (
            vec![("input[direction]", "down")],
            "target",
            "below the baseline",
        ),
        (
            vec![("input[due_on]", "2020-01-01")],
            "due_on",
            "in the past",
        ),
        (vec![("input[title]", &long)], "title", "at most 120"),
        (
            vec![("input[baseline]", "lots")],
            "baseline",
            "Enter a number",
        ),
        (
            vec![("input[visibility]", "everyone")],
            "visibility",
            "who may see",
        ),
        (
            vec![
                ("input[measure]", "milestones"),
                ("input[milestones]", "  "),
            ],
            "milestones",
            "at least one",
        ),
    ];
    for (changes, field, words) in cases {
        let res = app
            .call_with(&c.ana, "goals/save", &goal_form(&program, &changes))
            .await;
        assert_eq!(res.status(), 400, "{changes:?}");
        let body = json(res).await;
        assert_eq!(body["Invalid"]["field"], field, "{changes:?}");
        assert!(
            body["Invalid"]["message"].as_str().unwrap().contains(words),
            "{body}"
        );
    }
    let b = board(&app, &c.ana, c.program).await;
    assert!(column_titles(&b, "planned").is_empty(), "nothing was saved");

    // Check-in mistakes, and a check-in on a dropped goal.
    let id = create_goal(&app, &c.ana, c.program, &[]).await;
    let res = check_in(&app, &c.ana, id, "a few").await;
    assert_eq!(
        (
            res.status().as_u16(),
            json(res).await["Invalid"]["field"].clone()
        ),
        (400, "value".into())
    );
    let future = app
        .call_with(
            &c.ana,
            "goals/check-in",
            &[
                ("id", &id.to_string()),
                ("input[value]", "1"),
                ("input[confidence]", "3"),
                ("input[checked_on]", "2099-01-01"),
            ],
        )
        .await;
    assert_eq!(json(future).await["Invalid"]["field"], "checked_on");
    let no_confidence = app
        .call_with(
            &c.ana,
            "goals/check-in",
            &[("id", &id.to_string()), ("input[value]", "1")],
        )
        .await;
    assert_eq!(json(no_confidence).await["Invalid"]["field"], "confidence");
    app.call_with(
        &c.ana,
        "goals/move",
        &[
            ("id", &id.to_string()),
            ("status", "dropped"),
            ("position", "0"),
        ],
    )
    .await;
    let res = check_in(&app, &c.ana, id, "3").await;
    assert_eq!(res.status(), 400);
    assert!(json(res).await["Invalid"]["message"]
        .as_str()
        .unwrap()
        .contains("dropped"));
    let page = json(goal_page(&app, &c.ana, id).await).await;
    assert!(
        page["check_ins"].as_array().unwrap().is_empty(),
        "no check-in was saved"
    );

    // A comment over its limit.
    let res = app
        .call_with(
            &c.bo,
            "goals/comment",
            &[("id", &id.to_string()), ("body", &"y".repeat(2_001))],
        )
        .await;
    assert_eq!(json(res).await["Invalid"]["field"], "body");
}

async fn goals_are_read_only_by_those_they_are_shared_with(app: TestApp) {
    let c = cast(&app).await;
    let private = create_goal(
        &app,
        &c.ana,
        c.program,
        &[
            ("input[title]", "Secret plan"),
            ("input[visibility]", "private"),
        ],
    )
    .await;
    let partner = create_goal(
        &app,
        &c.ana,
        c.program,
        &[
            ("input[title]", "Partner goal"),
            ("input[visibility]", "match"),
        ],
    )
    .await;
    let admins = create_goal(
        &app,
        &c.ana,
        c.program,
        &[
            ("input[title]", "Admin goal"),
            ("input[visibility]", "match_admins"),
        ],
    )
    .await;
    let missing = admins + 1_000;
    let nobody_body = json(goal_page(&app, &c.cy, missing).await).await;

    // (reader, [private, partner, admins]) as HTTP statuses.
    let olga = &app.client;
    let table: [(&str, &reqwest::Client, [u16; 3]); 6] = [
        ("owner", &c.ana, [200, 200, 200]),
        ("partner", &c.bo, [404, 200, 200]),
        ("participant", &c.cy, [404, 404, 404]),
        ("program admin", &c.sam, [404, 404, 200]),
        ("org admin", olga, [404, 404, 200]),
        ("admin of another program", &c.pat, [404, 404, 404]),
    ];
    for (who, client, expected) in table {
        for (goal, status) in [private, partner, admins].into_iter().zip(expected) {
            let res = goal_page(&app, client, goal).await;
            assert_eq!(res.status(), status, "{who} reading goal {goal}");
            if status == 404 {
                // Exactly the answer for a goal that does not exist: nothing to infer.
                assert_eq!(json(res).await, nobody_body, "{who}");
            }
        }
    }
    // Only the owner changes a goal; a partner comments; an admin only reads.
    for (who, client, expected) in [
        ("partner", &c.bo, 403),
        ("participant", &c.cy, 404),
        ("admin", &c.sam, 403),
    ] {
        let res = app
            .call_with(
                client,
                "goals/move",
                &[
                    ("id", &admins.to_string()),
                    ("status", "dropped"),
                    ("position", "0"),
                ],
            )
            .await;
        assert_eq!(res.status(), expected, "{who} moving");
        assert_eq!(
            check_in(&app, client, admins, "1").await.status(),
            expected,
            "{who} checking in"
        );
    }
    let comment = |client: &reqwest::Client, goal: i64| {
        let client = client.clone();
        let app = &app;
        async move {
            app.call_with(
                &client,
                "goals/comment",
                &[("id", &goal.to_string()), ("body", "Proud of you!")],
            )
            .await
            .status()
        }
    };
    assert_eq!(comment(&c.bo, partner).await, 200);
    // From the pair page, a plain form post returns there.
    let res =
        c.bo.post(app.url("/api/goals/comment"))
            .header("origin", &app.base)
            .header("accept", "text/html")
            .form(&[
                ("id", partner.to_string().as_str()),
                ("body", "Keep going"),
                ("back", "pair"),
            ])
            .send()
            .await
            .unwrap();
    assert_eq!(res.status(), 302);
    assert_eq!(
        res.headers()["location"],
        format!("/programs/{}/pair?commented={partner}", c.program).as_str()
    );
    assert_eq!(comment(&c.bo, private).await, 404);
    assert_eq!(comment(&c.sam, admins).await, 403);
    let page = json(goal_page(&app, &c.ana, partner).await).await;
    assert_eq!(page["comments"][0]["author"], "Bo Chen");

    // The pair page shows the partner's shared goals, never the private one.
    let pair = app
        .call_with(&c.bo, "pair", &[("program_id", &c.program.to_string())])
        .await;
    assert_eq!(pair.status(), 200);
    let pair = pair.text().await.unwrap();
    assert!(pair.contains("Partner goal") && pair.contains("Admin goal"));
    assert!(!pair.contains("Secret plan"));
    assert_eq!(
        app.call_with(&c.cy, "pair", &[("program_id", &c.program.to_string())])
            .await
            .status(),
        404
    );

    // Admins' figures count only goals shared with them.
    let activity = app
        .call_with(
            &c.sam,
            "programs/activity",
            &[("program_id", &c.program.to_string())],
        )
        .await;
    assert_eq!(activity.status(), 200);
    let activity = json(activity).await;
    assert_eq!(
        activity["goals_by_status"],
        serde_json::json!([["planned", 1]])
    );
    let text = activity.to_string();
    assert!(
        text.contains("Admin goal")
            && !text.contains("Partner goal")
            && !text.contains("Secret plan")
    );
    for (who, client) in [("participant", &c.cy), ("other admin", &c.pat)] {
        let res = app
            .call_with(
                client,
                "programs/activity",
                &[("program_id", &c.program.to_string())],
            )
            .await;
        assert_eq!(res.status(), 403, "{who}");
    }

    // A new round pairs Ana with Cy: Cy now reads the shared goals, Bo no longer does, and
    // Ana's goals carry over.
    app.state
        .db
        .publish_pairs(c.program, &[(c.ids["ana"], c.ids["cy"])])
        .await
        .unwrap();
    assert_eq!(goal_page(&app, &c.cy, partner).await.status(), 200);
    assert_eq!(goal_page(&app, &c.bo, partner).await.status(), 404);
    assert_eq!(goal_page(&app, &c.cy, private).await.status(), 404);
    let b = board(&app, &c.ana, c.program).await;
    assert_eq!(column_titles(&b, "planned").len(), 3);
}

async fn propose(
    app: &TestApp,
    who: &reqwest::Client,
    c: &Cast,
    changes: &[(&str, &str)],
) -> reqwest::Response {
    let pair = json(
        app.call_with(who, "pair", &[("program_id", &c.program.to_string())])
            .await,
    )
    .await;
    let round = pair["groups"][0]["round_id"].to_string();
    let group = pair["groups"][0]["group_no"].to_string();
    let program = c.program.to_string();
    let mut form = vec![
        ("program_id", program.as_str()),
        ("round_id", round.as_str()),
        ("group_no", group.as_str()),
        ("input[date]", "2099-03-04"),
        ("input[start_time]", "16:00"),
        ("input[end_time]", "16:45"),
        ("input[time_zone]", "Europe/Lisbon"),
        ("input[video_url]", "https://meet.example.com/ana-bo"),
        ("input[agenda]", "Demo dry run"),
        ("input[prompts][]", "1"),
    ];
    for (k, v) in changes {
        match form.iter_mut().find(|(key, _)| key == k) {
            Some(entry) => entry.1 = v,
            None => form.push((k, v)),
        }
    }
    app.call_with(who, "sessions/propose", &form).await
}

async fn sessions_of(app: &TestApp, who: &reqwest::Client, c: &Cast) -> Vec<Value> {
    let pair = json(
        app.call_with(who, "pair", &[("program_id", &c.program.to_string())])
            .await,
    )
    .await;
    pair["groups"][0]["sessions"].as_array().unwrap().clone()
}

async fn a_pair_plans_downloads_and_records_a_session(app: TestApp) {
    let c = cast(&app).await;
    // Mistakes first: each named by its field, and nothing saved.
    for (changes, field) in [
        (vec![("input[end_time]", "15:30")], "end_time"),
        (vec![("input[time_zone]", "Mars/Olympus_Mons")], "time_zone"),
        (vec![("input[date]", "2020-03-04")], "date"),
        (
            vec![("input[video_url]", "javascript:alert(1)")],
            "video_url",
        ),
        (vec![("input[prompts][]", "42")], "prompts"),
    ] {
        let res = propose(&app, &c.ana, &c, &changes).await;
        assert_eq!(res.status(), 400, "{changes:?}");
        assert_eq!(json(res).await["Invalid"]["field"], field);
    }
    assert!(sessions_of(&app, &c.ana, &c).await.is_empty());
    // Cy is not in the pair.
    let cy_pair = app
        .call_with(&c.cy, "pair", &[("program_id", &c.program.to_string())])
        .await;
    assert_eq!(cy_pair.status(), 404);

    assert_eq!(propose(&app, &c.ana, &c, &[]).await.status(), 200);
    assert!(app
        .last_mail_to("bo@example.com")
        .await
        .contains("Ana Lopez proposed a session"));
    let first = sessions_of(&app, &c.bo, &c).await[0].clone();
    assert_eq!(first["proposer"], "Ana Lopez");
    assert_eq!(
        first["agenda"],
        serde_json::json!([app::domain::DISCUSSION_PROMPTS[1], "Demo dry run"])
    );
    // Ana cannot accept her own proposal; Bo answers with another time instead.
    let own = app
        .call_with(
            &c.ana,
            "sessions/accept",
            &[("id", &first["id"].to_string())],
        )
        .await;
    assert_eq!(own.status(), 409);
    let counter = propose(
        &app,
        &c.bo,
        &c,
        &[
            ("replaces", &first["id"].to_string()),
            ("input[start_time]", "17:00"),
            ("input[end_time]", "18:00"),
        ],
    )
    .await;
    assert_eq!(counter.status(), 200);
    let listed = sessions_of(&app, &c.ana, &c).await;
    assert_eq!(listed.len(), 1, "the first proposal was replaced");
    let id = listed[0]["id"].as_i64().unwrap();
    assert!(listed[0]["when"]
        .as_str()
        .unwrap()
        .contains("17:00–18:00 (Europe/Lisbon)"));
    assert_eq!(
        app.call_with(&c.ana, "sessions/accept", &[("id", &id.to_string())])
            .await
            .status(),
        200
    );
    assert_eq!(
        app.call_with(&c.cy, "sessions/accept", &[("id", &id.to_string())])
            .await
            .status(),
        404
    );

    // Both see it in their own time zone.
    clock::set_time_zone(&app.state.db, c.ids["bo"], "America/New_York")
        .await
        .unwrap();
    let bo_view = sessions_of(&app, &c.bo, &c).await;
    assert!(
        bo_view[0]["when"]
            .as_str()
            .unwrap()
            .contains("12:00–13:00 (America/New_York)"),
        "{}",
        bo_view[0]["when"]
    );

    // The calendar file, read back by a calendar parser.
    let ics =
        c.bo.get(app.url(&format!("/sessions/{id}/calendar.ics")))
            .send()
            .await
            .unwrap();
    assert_eq!(ics.status(), 200);
    assert!(ics.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/calendar"));
    let text = ics.text().await.unwrap();
    let unfolded = icalendar::parser::unfold(&text);
    let parsed = icalendar::parser::read_calendar(&unfolded).expect("a valid calendar");
    let event = parsed
        .components
        .iter()
        .find(|c| c.name == "VEVENT")
        .expect("one event");
    let prop = |name: &str| {
        event
            .find_prop(name)
            .map(|p| p.val.as_str().to_owned())
            .unwrap_or_default()
    };
    assert_eq!(prop("SUMMARY"), "Mentoring session with Ana Lopez");
    assert_eq!(prop("DTSTART"), "20990304T170000");
    assert_eq!(
        event
            .find_prop("DTSTART")
            .unwrap()
            .params
            .iter()
            .find(|p| p.key == "TZID")
            .and_then(|p| p.val.as_ref())
            .map(|v| v.as_str().to_owned()),
        Some("Europe/Lisbon".to_string())
    );
    assert!(prop("UID").starts_with(&format!("session-{id}@")));
    assert!(parsed.components.iter().any(|c| c.name == "VTIMEZONE"));
    assert_eq!(
        c.cy.get(app.url(&format!("/sessions/{id}/calendar.ics")))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    let feed = json(app.call_with(&c.ana, "events/feed", &[]).await).await;
    let feed_url = feed.as_str().unwrap().to_owned();
    let feed = common::client()
        .get(&feed_url)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        feed.contains(&format!("UID:session-{id}@")),
        "accepted sessions join the feed"
    );

    // "Did we meet?" comes after the session time.
    let early = app
        .call_with(
            &c.ana,
            "sessions/record",
            &[("id", &id.to_string()), ("held", "yes"), ("notes", "")],
        )
        .await;
    assert_eq!(early.status(), 409);
    clock::set_session_times(&app.state.db, id, now() - 7_200, now() - 3_600)
        .await
        .unwrap();
    // Both are asked on their dashboards.
    for who in [&c.ana, &c.bo] {
        let dash = json(app.call_with(who, "dashboard", &[]).await).await["goals"]["Ok"].clone();
        assert_eq!(dash["to_record"][0]["id"].as_i64(), Some(id));
    }
    let held = app
        .call_with(
            &c.ana,
            "sessions/record",
            &[
                ("id", &id.to_string()),
                ("held", "yes"),
                ("notes", "Agreed on a demo rota"),
            ],
        )
        .await;
    assert_eq!(held.status(), 200);
    let dash = json(app.call_with(&c.bo, "dashboard", &[]).await).await["goals"]["Ok"].clone();
    assert!(
        dash["to_record"].as_array().unwrap().is_empty(),
        "one answer records it for both"
    );
    let s = sessions_of(&app, &c.bo, &c).await[0].clone();
    assert_eq!(
        (s["held"].as_bool(), s["notes"].as_str()),
        (Some(true), Some("Agreed on a demo rota"))
    );
    let bad = app
        .call_with(
            &c.bo,
            "sessions/feedback",
            &[("id", &id.to_string()), ("rating", "6"), ("comment", "")],
        )
        .await;
    assert_eq!(json(bad).await["Invalid"]["field"], "rating");
    for (who, rating) in [(&c.ana, "5"), (&c.bo, "4")] {
        let res = app
            .call_with(
                who,
                "sessions/feedback",
                &[
                    ("id", &id.to_string()),
                    ("rating", rating),
                    ("comment", "Useful"),
                ],
            )
            .await;
        assert_eq!(res.status(), 200);
    }
    let activity = json(
        app.call_with(
            &c.sam,
            "programs/activity",
            &[("program_id", &c.program.to_string())],
        )
        .await,
    )
    .await;
    assert_eq!(
        (
            activity["sessions_held"].as_i64(),
            activity["ratings"].as_i64()
        ),
        (Some(1), Some(2))
    );
    assert_eq!(
        activity["average_rating"],
        Value::Null,
        "two ratings would single people out"
    );
    assert!(activity["comments"].as_array().unwrap().is_empty());
    // Bo's view of his own feedback, and nobody else's.
    assert_eq!(
        sessions_of(&app, &c.bo, &c).await[0]["my_feedback"],
        serde_json::json!([4, "Useful"])
    );
}

async fn the_dashboard_shows_the_next_session_and_goals_that_need_a_check_in(app: TestApp) {
    let c = cast(&app).await;
    let dash = json(app.call_with(&c.ana, "dashboard", &[]).await).await["goals"]["Ok"].clone();
    assert_eq!(dash["next_session"], Value::Null);
    assert_eq!(
        dash["pair_programs"],
        serde_json::json!([[c.program, "Spring pairs"]])
    );
    let due = create_goal(&app, &c.ana, c.program, &[("input[title]", "Due one")]).await;
    let stale = create_goal(&app, &c.ana, c.program, &[("input[title]", "Stale one")]).await;
    create_goal(&app, &c.ana, c.program, &[("input[title]", "Fresh one")]).await;
    for (id, days) in [(due, 8), (stale, 22)] {
        clock::set_goal_created_at(&app.state.db, id, now() - days * 86_400)
            .await
            .unwrap();
    }
    assert_eq!(propose(&app, &c.bo, &c, &[]).await.status(), 200);
    let dash = json(app.call_with(&c.ana, "dashboard", &[]).await).await["goals"]["Ok"].clone();
    assert_eq!(dash["open_goals"], 3);
    assert_eq!(dash["due"][0]["title"], "Due one");
    assert_eq!(dash["stale"][0]["title"], "Stale one");
    assert_eq!(
        dash["due"].as_array().unwrap().len() + dash["stale"].as_array().unwrap().len(),
        2
    );
    assert_eq!(dash["next_session"]["with"], "Bo Chen");
    assert_eq!(dash["next_session"]["state"], "proposed");
    // The onboarding checklist ticks "book your first meeting" once a session is accepted.
    let booked = |client: &reqwest::Client| {
        let (app, client) = (&app, client.clone());
        async move {
            let overview = json(app.call_with(&client, "dashboard", &[]).await).await;
            overview["programs"]["Ok"]["onboarding"][0]["meeting_booked"]
                .as_bool()
                .unwrap_or_else(|| panic!("{overview}"))
        }
    };
    assert!(!booked(&c.ana).await, "a proposal is not a booking");
    let id = dash["next_session"]["id"].to_string();
    assert_eq!(
        app.call_with(&c.ana, "sessions/accept", &[("id", &id)])
            .await
            .status(),
        200
    );
    assert!(booked(&c.ana).await && booked(&c.bo).await);
    assert!(
        !booked(&c.cy).await,
        "Cy is in the program but not in the pair"
    );
    let page = json(goal_page(&app, &c.ana, stale).await).await;
    assert_eq!(page["card"]["freshness"], "stale");
}
