//! Surveys and enrollment over HTTP: every server function checks who is asking. Participants
//! see only their own answers and avoid list; program admins see the answers of the programs
//! they run, never an avoid list; everyone else sees nothing.

mod common;

use common::programs::{answers, cast, enroll, json, open_program, round_groups, survey};
use common::TestApp;
use serde_json::Value;

on_both_databases!(
    access_to_surveys_and_enrollments_follows_roles,
    answers_are_checked_against_the_survey,
    enrollment_follows_the_program_life_cycle,
    survey_questions_are_edited_by_program_admins,
    rounds_are_drafted_adjusted_published_and_shown,
    a_new_match_is_asked_for_and_granted_without_disturbing_others,
    the_next_round_is_drafted_when_the_rotation_period_ends,
    opening_enrollment_tells_those_it_is_for_once,
);

async fn access_to_surveys_and_enrollments_follows_roles(app: TestApp) {
    let c = cast(&app).await;
    let program = open_program(&app, &c.sam, "peer", &[]).await;
    let questions = survey(&app, &c.sam, &program).await;
    let full = answers(&questions);

    let res = enroll(
        &app,
        &c.ana,
        &program,
        &[
            ("input[preferred]", "bo@example.com"),
            ("input[avoid]", "cy@example.com"),
        ],
        &full,
    )
    .await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    assert_eq!(
        enroll(&app, &c.bo, &program, &[], &full).await.status(),
        200
    );

    // Ana sees her own answers and her avoid list.
    let mine = json(
        app.call_with(&c.ana, "enrollment", &[("program_id", &program)])
            .await,
    )
    .await;
    assert_eq!(mine["enrollment"]["role"], "peer");
    assert_eq!(mine["avoid"][0]["email"], "cy@example.com");
    assert_eq!(mine["preferred"][0]["name"], "Bo Chen");

    // Bo's page is Bo's: nothing of Ana's, whatever he asks.
    let bos = app
        .call_with(&c.bo, "enrollment", &[("program_id", &program)])
        .await
        .text()
        .await
        .unwrap();
    assert!(
        !bos.contains("cy@example.com") && !bos.contains("Cy Diaz"),
        "{bos}"
    );
    for endpoint in ["enrollments", "survey"] {
        for (who, client) in [("participant", &c.bo), ("program admin of others", &c.pat)] {
            let res = app
                .call_with(client, endpoint, &[("program_id", &program)])
                .await;
            assert_eq!(res.status(), 403, "{who} on {endpoint}");
        }
    }
    let res = app.call("enrollments", &[("program_id", "999999")]).await;
    assert_eq!(res.status(), 404);

    // The program admin and the org admin see answers and preferred partners, never the
    // avoid list: not the address, not the name.
    for (who, client) in [("program admin", &c.sam), ("org admin", &app.client)] {
        let res = app
            .call_with(client, "enrollments", &[("program_id", &program)])
            .await;
        let text = res.text().await.unwrap();
        let list: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(list["counts"]["active"], 2, "{who}");
        let ana = list["people"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == "Ana Lopez")
            .unwrap();
        assert_eq!(ana["complete"], true);
        assert_eq!(ana["preferred"][0], "Bo Chen");
        assert!(!ana["answers"].as_array().unwrap().is_empty());
        assert!(
            !text.contains("cy@example.com") && !text.contains("Cy Diaz"),
            "{who} must not see an avoid list: {text}"
        );
        // Nor through the program page.
        let page = app
            .call_with(client, "program", &[("id", &program)])
            .await
            .text()
            .await
            .unwrap();
        assert!(!page.contains("Cy Diaz"), "{page}");
    }
    let view = json(app.call_with(&c.sam, "program", &[("id", &program)]).await).await;
    assert_eq!(view["counts"]["active"], 2);
    assert_eq!(
        view["counts"]["complete"], 2,
        "both answered every question"
    );
    let view = json(app.call_with(&c.cy, "program", &[("id", &program)]).await).await;
    assert_eq!(view["counts"], Value::Null, "participants see no figures");
    assert_eq!(view["my_status"], Value::Null);

    // The people page filters by enrollment, for org admins only.
    let people = json(app.call("admin/people", &[("enrolled", "yes")]).await).await;
    let names: Vec<&str> = people["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["Ana Lopez", "Bo Chen"]);
    let people = json(app.call("admin/people", &[("enrolled", "no")]).await).await;
    assert_eq!(people["total"], 4);
    assert_eq!(
        app.call("admin/people", &[("enrolled", "maybe")])
            .await
            .status(),
        400
    );
    assert_eq!(
        app.call_with(&c.sam, "admin/people", &[("enrolled", "yes")])
            .await
            .status(),
        403
    );

    // Signed out, nothing at all.
    let stranger = common::client();
    for endpoint in ["enrollment", "enrollments", "survey", "dashboard"] {
        let res = app
            .call_with(&stranger, endpoint, &[("program_id", &program)])
            .await;
        assert_eq!(res.status(), 401, "{endpoint}");
    }
}

async fn answers_are_checked_against_the_survey(app: TestApp) {
    let c = cast(&app).await;
    let program = open_program(&app, &c.sam, "mentor_mentee", &[]).await;
    // A scale question, to try values out of range.
    let res = app
        .call_with(
            &c.sam,
            "survey/save",
            &[
                ("program_id", program.as_str()),
                ("input[prompt]", "How confident are you giving feedback?"),
                ("input[kind]", "scale"),
                ("input[rule]", "similar"),
                ("input[weight]", "2"),
                ("input[required]", "on"),
            ],
        )
        .await;
    assert_eq!(res.status(), 200);
    let questions = survey(&app, &c.sam, &program).await;
    let full = answers(&questions);
    let scale = questions.last().unwrap()["id"].to_string();
    let single = questions
        .iter()
        .find(|q| q["kind"] == "single" && q["required"] == true)
        .unwrap()["id"]
        .to_string();
    let mentor = [("input[role]", "mentor"), ("input[capacity]", "2")];

    let refused = |res: reqwest::Response| async move {
        assert_eq!(res.status(), 400);
        let e: Value = res.json().await.unwrap();
        (
            e["Invalid"]["field"].as_str().unwrap().to_owned(),
            e["Invalid"]["message"].as_str().unwrap().to_owned(),
        )
    };

    // A required question unanswered.
    let missing: Vec<_> = full
        .iter()
        .filter(|(k, _)| !k.starts_with(&format!("answers[q{single}")))
        .cloned()
        .collect();
    let (field, message) = refused(enroll(&app, &c.ana, &program, &mentor, &missing).await).await;
    assert_eq!(
        (field.as_str(), message.as_str()),
        (
            format!("q{single}").as_str(),
            "Please answer this question."
        )
    );

    // A scale out of range.
    for bad in ["0", "6", "nine"] {
        let mut form = full.clone();
        form.retain(|(k, _)| *k != format!("answers[q{scale}]"));
        form.push((format!("answers[q{scale}]"), bad.into()));
        let (field, _) = refused(enroll(&app, &c.ana, &program, &mentor, &form).await).await;
        assert_eq!(field, format!("q{scale}"), "{bad}");
    }

    // Unknown option ids, and answers to questions of no survey.
    let mut form = full.clone();
    form.retain(|(k, _)| !k.starts_with(&format!("answers[q{single}")));
    form.push((format!("answers[q{single}]"), "carrier-pigeon".into()));
    let (field, message) = refused(enroll(&app, &c.ana, &program, &mentor, &form).await).await;
    assert_eq!(field, format!("q{single}"));
    assert!(message.contains("carrier-pigeon"), "{message}");
    let mut form = full.clone();
    form.push(("answers[q999999]".into(), "x".into()));
    let (field, _) = refused(enroll(&app, &c.ana, &program, &mentor, &form).await).await;
    assert_eq!(field, "");

    // Role and capacity in a mentor–mentee program; partners must be people in Tandem.
    let (field, _) = refused(enroll(&app, &c.ana, &program, &[], &full).await).await;
    assert_eq!(field, "role");
    let (field, _) = refused(
        enroll(
            &app,
            &c.ana,
            &program,
            &[("input[role]", "mentor"), ("input[capacity]", "6")],
            &full,
        )
        .await,
    )
    .await;
    assert_eq!(field, "capacity");
    let (field, message) = refused(
        enroll(
            &app,
            &c.ana,
            &program,
            &[
                ("input[role]", "mentee"),
                ("input[avoid]", "ghost@example.com"),
            ],
            &full,
        )
        .await,
    )
    .await;
    assert_eq!(field, "avoid");
    assert!(message.contains("ghost@example.com"), "{message}");

    // Nothing was saved by any of these.
    let mine = json(
        app.call_with(&c.ana, "enrollment", &[("program_id", &program)])
            .await,
    )
    .await;
    assert_eq!(mine["enrollment"], Value::Null);

    // A good submission is kept, and so is a later change.
    assert_eq!(
        enroll(&app, &c.ana, &program, &mentor, &full)
            .await
            .status(),
        200
    );
    let mut changed = full.clone();
    changed.retain(|(k, _)| *k != format!("answers[q{scale}]"));
    changed.push((format!("answers[q{scale}]"), "5".into()));
    assert_eq!(
        enroll(
            &app,
            &c.ana,
            &program,
            &[("input[role]", "either"), ("input[capacity]", "3")],
            &changed
        )
        .await
        .status(),
        200
    );
    let mine = json(
        app.call_with(&c.ana, "enrollment", &[("program_id", &program)])
            .await,
    )
    .await;
    assert_eq!(mine["enrollment"]["role"], "either");
    assert_eq!(mine["enrollment"]["capacity"], 3);
    assert_eq!(mine["enrollment"]["answers"][&scale]["scale"], 5);

    // The dashboard's checklist: survey done, guidelines and profile still to do.
    let dash = json(app.call_with(&c.ana, "dashboard", &[]).await).await["programs"]["Ok"].clone();
    let step = &dash["onboarding"][0];
    assert_eq!(step["survey_complete"], true);
    assert_eq!(step["guidelines_read"], false);
    assert!(!step["profile_gaps"].as_array().unwrap().is_empty());
    assert_eq!(
        app.call_with(&c.ana, "guidelines_read", &[("program_id", &program)])
            .await
            .status(),
        200
    );
    let dash = json(app.call_with(&c.ana, "dashboard", &[]).await).await["programs"]["Ok"].clone();
    assert_eq!(dash["onboarding"][0]["guidelines_read"], true);
    // Bo has not joined: the program is offered to him instead.
    let dash = json(app.call_with(&c.bo, "dashboard", &[]).await).await["programs"]["Ok"].clone();
    assert_eq!(dash["onboarding"].as_array().unwrap().len(), 0);
    assert_eq!(dash["open"][0]["id"].to_string(), program);
}

async fn enrollment_follows_the_program_life_cycle(app: TestApp) {
    let c = cast(&app).await;
    // Only Engineering may join this one.
    let program = open_program(
        &app,
        &c.sam,
        "circles",
        &[
            ("input[group_size]", "4"),
            ("input[departments]", "Engineering"),
        ],
    )
    .await;
    let full = answers(&survey(&app, &c.sam, &program).await);
    let res = enroll(&app, &c.ana, &program, &[], &full).await;
    assert_eq!(res.status(), 400);
    let e: Value = res.json().await.unwrap();
    assert!(
        e["Invalid"]["message"]
            .as_str()
            .unwrap()
            .contains("Engineering"),
        "{e}"
    );
    let res = app
        .call_with(
            &c.ana,
            "save_profile",
            &[
                ("input[name]", "Ana Lopez"),
                ("input[department]", "Engineering"),
            ],
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        enroll(&app, &c.ana, &program, &[], &full).await.status(),
        200
    );

    // Pause and resume while enrolling; unknown statuses are named.
    let status = |s: &'static str| {
        let (app, ana, program) = (&app, &c.ana, program.clone());
        async move {
            app.call_with(
                ana,
                "enrollment/status",
                &[("program_id", program.as_str()), ("status", s)],
            )
            .await
            .status()
        }
    };
    assert_eq!(status("paused").await, 200);
    assert_eq!(status("sleeping").await, 400);
    assert_eq!(status("active").await, 200);
    assert_eq!(
        app.call_with(
            &c.bo,
            "enrollment/status",
            &[("program_id", program.as_str()), ("status", "paused")]
        )
        .await
        .status(),
        404,
        "Bo never joined"
    );

    // Closing enrollment (back to draft) hides the program from participants entirely.
    app.call_with(
        &c.sam,
        "program_state",
        &[("id", &program), ("state", "draft")],
    )
    .await;
    assert_eq!(
        enroll(&app, &c.ana, &program, &[], &full).await.status(),
        404
    );
    app.call_with(
        &c.sam,
        "program_state",
        &[("id", &program), ("state", "enrolling")],
    )
    .await;
    app.call_with(
        &c.sam,
        "program_state",
        &[("id", &program), ("state", "running")],
    )
    .await;

    // Running: answers are locked, pausing and leaving still work, leaving is final.
    let res = enroll(&app, &c.ana, &program, &[], &full).await;
    assert_eq!(res.status(), 409);
    assert_eq!(
        enroll(&app, &c.cy, &program, &[], &full).await.status(),
        409,
        "no late joiners"
    );
    assert_eq!(status("paused").await, 200);
    assert_eq!(status("left").await, 200);
    assert_eq!(status("active").await, 409);
    let counts = json(
        app.call_with(&c.sam, "enrollments", &[("program_id", &program)])
            .await,
    )
    .await["counts"]
        .clone();
    assert_eq!(
        (counts["active"].as_i64(), counts["left"].as_i64()),
        (Some(0), Some(1))
    );
}

async fn survey_questions_are_edited_by_program_admins(app: TestApp) {
    let c = cast(&app).await;
    let program = open_program(&app, &c.sam, "peer", &[]).await;
    let before = survey(&app, &c.sam, &program).await;
    let add = |fields: Vec<(&'static str, &'static str)>| {
        let (app, sam, program) = (&app, &c.sam, program.clone());
        async move {
            let mut form = vec![("program_id", program.as_str())];
            form.extend(fields);
            app.call_with(sam, "survey/save", &form).await
        }
    };
    // Each mistake is named by the field of the form it came from.
    let cases: Vec<(Vec<(&str, &str)>, &str)> = vec![
        (
            vec![
                ("input[prompt]", ""),
                ("input[kind]", "text"),
                ("input[rule]", "not_used"),
            ],
            "new.prompt",
        ),
        (
            vec![
                ("input[prompt]", "Team?"),
                ("input[kind]", "single"),
                ("input[options]", "Only one"),
                ("input[rule]", "similar"),
            ],
            "new.options",
        ),
        (
            vec![
                ("input[prompt]", "Why?"),
                ("input[kind]", "text"),
                ("input[rule]", "similar"),
            ],
            "new.rule",
        ),
        (
            vec![
                ("input[prompt]", "Team?"),
                ("input[kind]", "single"),
                ("input[options]", "A\nB"),
                ("input[rule]", "similar"),
                ("input[weight]", "50"),
            ],
            "new.weight",
        ),
        (
            vec![
                ("input[prompt]", "Grow?"),
                ("input[kind]", "multi"),
                ("input[options]", "A\nB"),
                ("input[rule]", "complementary"),
            ],
            "new.complements",
        ),
    ];
    for (fields, want) in cases {
        let res = add(fields).await;
        assert_eq!(res.status(), 400, "{want}");
        let e: Value = res.json().await.unwrap();
        assert_eq!(e["Invalid"]["field"], want);
    }
    assert_eq!(
        survey(&app, &c.sam, &program).await.len(),
        before.len(),
        "nothing saved"
    );

    // A good question, edited in place: the option kept keeps its id.
    let res = add(vec![
        ("input[prompt]", "Which office?"),
        ("input[kind]", "single"),
        ("input[options]", "Lisbon\nBerlin"),
        ("input[rule]", "different"),
        ("input[weight]", "3"),
    ])
    .await;
    assert_eq!(res.status(), 200);
    let added = survey(&app, &c.sam, &program).await.last().unwrap().clone();
    let qid = added["id"].to_string();
    let res = app
        .call_with(
            &c.sam,
            "survey/save",
            &[
                ("program_id", program.as_str()),
                ("question_id", &qid),
                ("input[prompt]", "Which office are you in?"),
                ("input[kind]", "single"),
                ("input[options]", "Berlin\nMadrid"),
                ("input[rule]", "different"),
                ("input[weight]", "3"),
            ],
        )
        .await;
    assert_eq!(res.status(), 200);
    let edited = survey(&app, &c.sam, &program).await.last().unwrap().clone();
    assert_eq!(edited["prompt"], "Which office are you in?");
    assert_eq!(edited["options"][0]["id"], added["options"][1]["id"]);

    // An edit's mistake names that question's form.
    let res = app
        .call_with(
            &c.sam,
            "survey/save",
            &[
                ("program_id", program.as_str()),
                ("question_id", &qid),
                ("input[prompt]", ""),
                ("input[kind]", "single"),
                ("input[rule]", "similar"),
            ],
        )
        .await;
    let e: Value = res.json().await.unwrap();
    assert_eq!(e["Invalid"]["field"], format!("q{qid}.prompt"));

    // Moving and removing.
    let res = app
        .call_with(
            &c.sam,
            "survey/move",
            &[
                ("program_id", program.as_str()),
                ("question_id", &qid),
                ("direction", "up"),
            ],
        )
        .await;
    assert_eq!(res.status(), 200);
    let order = survey(&app, &c.sam, &program).await;
    assert_eq!(order[order.len() - 2]["id"].to_string(), qid);
    for (who, client) in [("participant", &c.ana), ("other program admin", &c.pat)] {
        let res = app
            .call_with(
                client,
                "survey/delete",
                &[("program_id", program.as_str()), ("question_id", &qid)],
            )
            .await;
        assert_eq!(res.status(), 403, "{who}");
    }
    let res = app
        .call(
            "survey/delete",
            &[("program_id", program.as_str()), ("question_id", &qid)],
        )
        .await;
    assert_eq!(res.status(), 200, "org admins manage every program");
    assert_eq!(survey(&app, &c.sam, &program).await.len(), before.len());

    // Once the program runs, the survey is locked.
    app.call_with(
        &c.sam,
        "program_state",
        &[("id", &program), ("state", "running")],
    )
    .await;
    let res = add(vec![
        ("input[prompt]", "Late?"),
        ("input[kind]", "text"),
        ("input[rule]", "not_used"),
    ])
    .await;
    assert_eq!(res.status(), 409);
    let page = json(
        app.call_with(&c.sam, "survey", &[("program_id", &program)])
            .await,
    )
    .await;
    assert_eq!(page["editable"], false);
}

/// The groups of the current round on the admin's page, as sorted lists of names.
async fn rounds_are_drafted_adjusted_published_and_shown(app: TestApp) {
    let c = cast(&app).await;
    let program = open_program(&app, &c.sam, "peer", &[]).await;
    let full = answers(&survey(&app, &c.sam, &program).await);
    for who in [&c.ana, &c.bo, &c.pat] {
        assert_eq!(enroll(&app, who, &program, &[], &full).await.status(), 200);
    }
    // Cy never wants to meet Bo.
    let res = enroll(
        &app,
        &c.cy,
        &program,
        &[("input[avoid]", "bo@example.com")],
        &full,
    )
    .await;
    assert_eq!(res.status(), 200);
    let id_of_name = |page: &Value, name: &str| -> String {
        page["groups"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|g| g["members"].as_array().unwrap().iter())
            .find(|m| m["name"] == name)
            .unwrap()["id"]
            .to_string()
    };

    // Only those who run the program draft and see rounds.
    for endpoint in ["rounds", "rounds/draft", "rounds/publish"] {
        let res = app
            .call_with(&c.ana, endpoint, &[("program_id", &program)])
            .await;
        assert_eq!(res.status(), 403, "{endpoint}");
    }
    let res = app
        .call_with(&c.sam, "rounds/draft", &[("program_id", &program)])
        .await;
    assert_eq!(res.status(), 200);
    let (page, groups) = round_groups(&app, &c.sam, &program).await;
    assert_eq!(page["current"]["number"], 1);
    assert_eq!(page["current"]["published"], false);
    assert_eq!(page["current"]["exact"], true);
    assert_eq!(page["current"]["quality"]["matched"], 4);
    assert_eq!(page["can_publish"], false, "enrollment is still open");
    assert_eq!(groups.len(), 2);
    assert!(
        !groups.contains(&vec!["Bo Chen".to_string(), "Cy Diaz".to_string()]),
        "the avoid list holds"
    );
    assert!(
        !page.to_string().contains("avoid") && !page.to_string().contains("personal preference")
    );

    // Lock Ana with Pat, then forbid it again: each re-runs the draft.
    let (ana, pat) = (
        id_of_name(&page, "Ana Lopez"),
        id_of_name(&page, "Pat Quinn"),
    );
    let adjust = |kind: &'static str| {
        let (app, sam, program, ana, pat) =
            (&app, &c.sam, program.clone(), ana.clone(), pat.clone());
        async move {
            app.call_with(
                sam,
                "rounds/adjust",
                &[
                    ("program_id", program.as_str()),
                    ("a", ana.as_str()),
                    ("b", pat.as_str()),
                    ("kind", kind),
                ],
            )
            .await
            .status()
        }
    };
    assert_eq!(adjust("lock").await, 200);
    let (page, groups) = round_groups(&app, &c.sam, &program).await;
    assert!(groups.contains(&vec!["Ana Lopez".to_string(), "Pat Quinn".to_string()]));
    assert!(page["groups"]
        .as_array()
        .unwrap()
        .iter()
        .any(|g| g["locked"] == true));
    assert_eq!(adjust("forbid").await, 200);
    let (page, groups) = round_groups(&app, &c.sam, &program).await;
    assert!(!groups.contains(&vec!["Ana Lopez".to_string(), "Pat Quinn".to_string()]));
    assert_eq!(page["rules"][0][2], "forbid");
    assert_eq!(adjust("marry").await, 400);
    assert_eq!(page["current"]["number"], 1, "still the same draft");

    // Publishing needs a running program; then it happens once and tells the matched.
    let res = app
        .call_with(&c.sam, "rounds/publish", &[("program_id", &program)])
        .await;
    assert_eq!(res.status(), 409);
    app.call_with(
        &c.sam,
        "program_state",
        &[("id", &program), ("state", "running")],
    )
    .await;
    let res = app
        .call_with(&c.sam, "rounds/publish", &[("program_id", &program)])
        .await;
    assert_eq!(res.status(), 200);
    let res = app
        .call_with(&c.sam, "rounds/publish", &[("program_id", &program)])
        .await;
    assert_eq!(res.status(), 409);
    let mail = app.last_mail_to("ana@example.com").await;
    assert!(mail.contains("Your new match in Spring pairs"), "{mail}");

    // Ana's match card: her partner, why, and a first agenda; nobody else's card.
    let card = json(
        app.call_with(&c.ana, "match", &[("program_id", &program)])
            .await,
    )
    .await;
    let partner = card["partners"][0]["name"].as_str().unwrap().to_owned();
    assert!(groups.contains(&{
        let mut g = vec!["Ana Lopez".to_string(), partner.clone()];
        g.sort();
        g
    }));
    assert_eq!(card["round"], 1);
    assert!(card["agenda"].as_array().unwrap().len() >= 3);
    assert!(!card.to_string().contains("Cy Diaz") || partner == "Cy Diaz");
    let dash = json(app.call_with(&c.ana, "dashboard", &[]).await).await["programs"]["Ok"].clone();
    assert_eq!(dash["matches"][0]["partners"][0]["name"], partner.as_str());
    assert_eq!(dash["onboarding"][0]["matched"], true);
    let stranger = app.member("Dee Evans", "dee@example.com").await;
    let card = json(
        app.call_with(&stranger, "match", &[("program_id", &program)])
            .await,
    )
    .await;
    assert_eq!(card, Value::Null, "not enrolled, no match");

    // The next round avoids every pair of the first.
    let res = app
        .call_with(&c.sam, "rounds/draft", &[("program_id", &program)])
        .await;
    assert_eq!(res.status(), 200);
    let (page, second) = round_groups(&app, &c.sam, &program).await;
    assert_eq!(page["current"]["number"], 2);
    assert_eq!(page["previous"]["number"], 1);
    for g in &second {
        assert!(!groups.contains(g), "{g:?} met in round 1");
    }
    assert_eq!(page["current"]["quality"]["repeats"], 0);
}

async fn a_new_match_is_asked_for_and_granted_without_disturbing_others(app: TestApp) {
    let c = cast(&app).await;
    let dee = app.member("Dee Evans", "dee@example.com").await;
    let program = open_program(&app, &c.sam, "peer", &[]).await;
    let full = answers(&survey(&app, &c.sam, &program).await);
    for who in [&c.ana, &c.bo, &c.cy, &c.pat, &dee] {
        assert_eq!(enroll(&app, who, &program, &[], &full).await.status(), 200);
    }
    // Keep Dee apart from everyone in round 1, so she waits unmatched.
    app.call_with(&c.sam, "rounds/draft", &[("program_id", &program)])
        .await;
    let ids: Value = json(
        app.call_with(&c.sam, "enrollments", &[("program_id", &program)])
            .await,
    )
    .await;
    let id = |name: &str| {
        ids["people"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == name)
            .unwrap()["user_id"]
            .to_string()
    };
    for other in ["Ana Lopez", "Bo Chen", "Cy Diaz", "Pat Quinn"] {
        let res = app
            .call_with(
                &c.sam,
                "rounds/adjust",
                &[
                    ("program_id", program.as_str()),
                    ("a", &id("Dee Evans")),
                    ("b", &id(other)),
                    ("kind", "forbid"),
                ],
            )
            .await;
        assert_eq!(res.status(), 200);
    }
    app.call_with(
        &c.sam,
        "program_state",
        &[("id", &program), ("state", "running")],
    )
    .await;
    assert_eq!(
        app.call_with(&c.sam, "rounds/publish", &[("program_id", &program)])
            .await
            .status(),
        200
    );
    let (page, before) = round_groups(&app, &c.sam, &program).await;
    assert_eq!(before.len(), 2);
    assert_eq!(page["unmatched"][0][0]["name"], "Dee Evans");

    // Ana asks, with a reason her partner never sees.
    let card = json(
        app.call_with(&c.ana, "match", &[("program_id", &program)])
            .await,
    )
    .await;
    let partner = card["partners"][0]["name"].as_str().unwrap().to_owned();
    let res = app
        .call_with(
            &c.ana,
            "match/reassign",
            &[("program_id", program.as_str()), ("reason", "  ")],
        )
        .await;
    assert_eq!(res.status(), 400);
    let res = app
        .call_with(
            &c.ana,
            "match/reassign",
            &[
                ("program_id", program.as_str()),
                ("reason", "We work on the same launch"),
            ],
        )
        .await;
    assert_eq!(res.status(), 200);
    let res = app
        .call_with(
            &c.ana,
            "match/reassign",
            &[("program_id", program.as_str()), ("reason", "Again")],
        )
        .await;
    assert_eq!(res.status(), 409, "one request at a time");
    assert_eq!(
        app.call_with(
            &dee,
            "match/reassign",
            &[("program_id", program.as_str()), ("reason", "x")]
        )
        .await
        .status(),
        409,
        "no match to change"
    );
    let card = json(
        app.call_with(&c.ana, "match", &[("program_id", &program)])
            .await,
    )
    .await;
    assert_eq!(card["request_pending"], true);
    let partner_client = [
        ("Bo Chen", &c.bo),
        ("Cy Diaz", &c.cy),
        ("Pat Quinn", &c.pat),
    ]
    .into_iter()
    .find(|(n, _)| *n == partner)
    .unwrap()
    .1;
    let theirs = app
        .call_with(partner_client, "match", &[("program_id", &program)])
        .await
        .text()
        .await
        .unwrap();
    assert!(
        !theirs.contains("same launch"),
        "the partner never sees the reason"
    );
    assert!(app
        .last_mail_to("sam@example.com")
        .await
        .contains("Ana Lopez asked for a new match"));

    // Only the program team decides; they see the reason.
    let (page, _) = round_groups(&app, &c.sam, &program).await;
    let request = page["requests"][0].clone();
    assert_eq!(request["reason"], "We work on the same launch");
    let request_id = request["id"].to_string();
    let decide = |client: &reqwest::Client, decision: &'static str| {
        let (app, client, program, request_id) =
            (&app, client.clone(), program.clone(), request_id.clone());
        async move {
            app.call_with(
                &client,
                "rounds/decide",
                &[
                    ("program_id", program.as_str()),
                    ("request_id", request_id.as_str()),
                    ("decision", decision),
                ],
            )
            .await
            .status()
        }
    };
    assert_eq!(decide(&c.ana, "approve").await, 403);
    assert_eq!(decide(&c.sam, "maybe").await, 400);
    assert_eq!(decide(&c.sam, "approve").await, 200);
    assert_eq!(decide(&c.sam, "approve").await, 409, "answered once");

    // Ana's old pair is gone and Dee, who waited, is her new partner. Her former partner is
    // not left alone: the other pair stays together and takes them in as a trio, the
    // fewest changes that place everyone. Nobody got a partner back.
    let (page, after) = round_groups(&app, &c.sam, &program).await;
    let mut old_pair = vec!["Ana Lopez".to_string(), partner.clone()];
    old_pair.sort();
    let untouched: Vec<&Vec<String>> = before.iter().filter(|g| **g != old_pair).collect();
    assert!(!after.contains(&old_pair));
    assert!(
        after.contains(&vec!["Ana Lopez".to_string(), "Dee Evans".to_string()]),
        "{after:?}"
    );
    let trio = after
        .iter()
        .find(|g| g.len() == 3)
        .unwrap_or_else(|| panic!("a trio: {after:?}"));
    assert!(untouched[0].iter().all(|m| trio.contains(m)), "{after:?}");
    assert!(trio.contains(&partner));
    assert_eq!(after.len(), 2);
    assert_eq!(page["unmatched"].as_array().unwrap().len(), 0);
    // The former partner is told kindly, never why.
    let email = format!(
        "{}@example.com",
        partner.split(' ').next().unwrap().to_lowercase()
    );
    let told = app.last_mail_to(&email).await;
    assert!(
        told.contains("Your match in Spring pairs has changed"),
        "{told}"
    );
    assert!(!told.contains("same launch") && !told.contains("Ana Lopez asked"));
    let card = json(
        app.call_with(&c.ana, "match", &[("program_id", &program)])
            .await,
    )
    .await;
    assert_ne!(card["partners"][0]["name"], partner.as_str());
}

async fn the_next_round_is_drafted_when_the_rotation_period_ends(app: TestApp) {
    use app::ssr::rounds::draft_due_rounds;
    use app::ssr::storage::now;
    let c = cast(&app).await;
    let program = open_program(&app, &c.sam, "peer", &[("input[rotation_weeks]", "4")]).await;
    let full = answers(&survey(&app, &c.sam, &program).await);
    for who in [&c.ana, &c.bo, &c.cy, &c.pat] {
        assert_eq!(enroll(&app, who, &program, &[], &full).await.status(), 200);
    }
    // Nothing happens before a first round is published.
    app.call_with(
        &c.sam,
        "program_state",
        &[("id", &program), ("state", "running")],
    )
    .await;
    assert!(draft_due_rounds(&app.state, now() + 365 * 86_400)
        .await
        .unwrap()
        .is_empty());
    app.call_with(&c.sam, "rounds/draft", &[("program_id", &program)])
        .await;
    app.call_with(&c.sam, "rounds/publish", &[("program_id", &program)])
        .await;
    let (_, first) = round_groups(&app, &c.sam, &program).await;

    // Three weeks on, the four-week rotation is not over; five weeks on, it is.
    let week = 7 * 86_400;
    assert!(draft_due_rounds(&app.state, now() + 3 * week)
        .await
        .unwrap()
        .is_empty());
    let drafted = draft_due_rounds(&app.state, now() + 5 * week)
        .await
        .unwrap();
    assert_eq!(drafted.len(), 1);
    let (page, second) = round_groups(&app, &c.sam, &program).await;
    assert_eq!(page["current"]["number"], 2);
    assert_eq!(
        page["current"]["published"], false,
        "admins review before anyone is told"
    );
    for g in &second {
        assert!(!first.contains(g), "{g:?} met in round 1");
    }
    assert!(app
        .last_mail_to("sam@example.com")
        .await
        .contains("The next round of Spring pairs is ready to review"));
    // A draft waiting for review is not drafted again.
    assert!(draft_due_rounds(&app.state, now() + 5 * week)
        .await
        .unwrap()
        .is_empty());
}

async fn opening_enrollment_tells_those_it_is_for_once(app: TestApp) {
    let c = cast(&app).await;
    let res = app
        .call_with(
            &c.ana,
            "save_profile",
            &[
                ("input[name]", "Ana Lopez"),
                ("input[department]", "Engineering"),
            ],
        )
        .await;
    assert_eq!(res.status(), 200);
    app.deliver().await;
    let opened = |to: &str| {
        std::fs::read_dir(&app.outbox)
            .map(|d| {
                d.flatten()
                    .map(|e| std::fs::read_to_string(e.path()).unwrap_or_default())
                    .filter(|m| m.contains(&format!("To: {to}")))
                    .filter(|m| m.contains("Subject: Enrollment is open: Spring pairs"))
                    .count()
            })
            .unwrap_or(0)
    };
    // Only Engineering may join: Ana hears of it, Bo and Cy do not.
    let program = open_program(
        &app,
        &c.sam,
        "peer",
        &[("input[departments]", "Engineering")],
    )
    .await;
    app.deliver().await;
    assert_eq!(opened("ana@example.com"), 1);
    assert_eq!(opened("bo@example.com"), 0);
    assert_eq!(opened("cy@example.com"), 0);
    let mail = app.last_mail_to("ana@example.com").await;
    assert!(
        mail.replace("=\r\n", "")
            .replace("=\n", "")
            .contains(&format!("/programs/{program}/enroll")),
        "{mail}"
    );
    assert!(mail.contains("Fri 22 Jan 2027"), "the closing date: {mail}");
    assert!(mail.contains("List-Unsubscribe"));
    // Running it later announces nothing more.
    let res = app
        .call_with(
            &c.sam,
            "program_state",
            &[("id", &program), ("state", "running")],
        )
        .await;
    assert_eq!(res.status(), 200);
    app.deliver().await;
    assert_eq!(opened("ana@example.com"), 1);
}
