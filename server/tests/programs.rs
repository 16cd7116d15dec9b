//! Programs over HTTP: who may create, see and manage them, and how they move.

mod common;

use common::TestApp;
use serde_json::Value;

on_both_databases!(programs_are_created_opened_and_guarded,);

fn form<'a>(name: &'a str, extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut f = vec![
        ("input[name]", name),
        ("input[description]", "Peer pairs across teams."),
        ("input[guidelines]", "# Expectations\n\nMeet **every two weeks**.\n\n<script>alert('x')</script>\n\n[x](javascript:alert(1))"),
        ("input[format]", "peer"),
        ("input[enrollment_opens_on]", "2027-01-04"),
        ("input[enrollment_closes_on]", "2027-01-22"),
        ("input[starts_on]", "2027-02-01"),
        ("input[ends_on]", "2027-07-30"),
    ];
    for (k, v) in extra {
        match f.iter_mut().find(|(key, _)| key == k) {
            Some(pair) => pair.1 = v,
            None => f.push((k, v)),
        }
    }
    f
}

async fn programs_are_created_opened_and_guarded(app: TestApp) {
    app.sign_up("Org Admin", "admin@example.com").await;
    let participant = app.member("Pat Doe", "pat@example.com").await;

    // Participants cannot create programs.
    let res = app
        .call_with(&participant, "save_program", &form("Mine", &[]))
        .await;
    assert_eq!(res.status(), 403);

    // A mistake is named by its field and nothing is saved.
    let res = app
        .call(
            "save_program",
            &form("Spring pairs", &[("input[ends_on]", "2027-01-01")]),
        )
        .await;
    assert_eq!(res.status(), 400);
    let e: Value = res.json().await.unwrap();
    assert_eq!(e["Invalid"]["field"], "ends_on", "{e}");

    let res = app.call("save_program", &form("Spring pairs", &[])).await;
    assert_eq!(res.status(), 200);
    let location = res.headers()["location"].to_str().unwrap().to_owned();
    let id = location
        .trim_start_matches("/programs/")
        .trim_end_matches("?saved=1")
        .to_owned();
    assert!(id.parse::<i64>().is_ok(), "{location}");

    // A draft is invisible to participants.
    assert_eq!(
        app.call_with(&participant, "program", &[("id", &id)])
            .await
            .status(),
        404
    );
    let list: Value = app
        .call_with(&participant, "programs", &[])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list.as_array().unwrap().len(), 0);
    assert_eq!(
        app.call_with(
            &participant,
            "program_state",
            &[("id", &id), ("state", "enrolling")]
        )
        .await
        .status(),
        404
    );

    // Only allowed moves: a draft cannot start running.
    let res = app
        .call("program_state", &[("id", &id), ("state", "running")])
        .await;
    assert_eq!(res.status(), 409);
    assert_eq!(
        app.call("program_state", &[("id", &id), ("state", "enrolling")])
            .await
            .status(),
        200
    );

    // Open for enrollment: participants see it, with guidelines rendered and made safe.
    let view: Value = app
        .call_with(&participant, "program", &[("id", &id)])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(view["program"]["state"], "enrolling");
    assert_eq!(view["can_manage"], false);
    assert_eq!(view["admins"][0]["name"], "Org Admin");
    let html = view["guidelines_html"].as_str().unwrap();
    assert!(html.contains("<strong>every two weeks</strong>"), "{html}");
    assert!(
        !html.contains("<script") && !html.contains("javascript:"),
        "{html}"
    );
    assert_eq!(
        app.call_with(
            &participant,
            "program_state",
            &[("id", &id), ("state", "running")]
        )
        .await
        .status(),
        403
    );

    // Another program admin who does not run it cannot manage it either.
    let coordinator = app.member("Sam", "sam@example.com").await;
    let sam: Value = app
        .call_with(&coordinator, "me", &[])
        .await
        .json()
        .await
        .unwrap();
    let sam_id = sam["id"].to_string();
    app.call(
        "admin/role",
        &[("user_id", &sam_id), ("role", "program_admin")],
    )
    .await;
    assert_eq!(
        app.call_with(
            &coordinator,
            "program_state",
            &[("id", &id), ("state", "running")]
        )
        .await
        .status(),
        403
    );
    assert_eq!(
        app.call_with(
            &coordinator,
            "save_program",
            &[&form("Taken over", &[])[..], &[("id", id.as_str())]].concat()
        )
        .await
        .status(),
        403
    );

    // Who runs a program is part of its form: only program admins can be named, never nobody.
    let with_admins = |admins: &'static str| {
        let mut f = form("Spring pairs", &[]);
        f.push(("id", id.as_str()));
        f.push(("admins", admins));
        f
    };
    let res = app
        .call("save_program", &with_admins("pat@example.com"))
        .await;
    assert_eq!(res.status(), 400);
    let e: Value = res.json().await.unwrap();
    assert_eq!(e["Invalid"]["field"], "admins");
    assert!(
        e["Invalid"]["message"]
            .as_str()
            .unwrap()
            .contains("Pat Doe is not a program admin"),
        "{e}"
    );
    let res = app.call("save_program", &with_admins("")).await;
    assert_eq!(res.status(), 400);
    let res = app
        .call("save_program", &with_admins("ghost@example.com"))
        .await;
    assert_eq!(res.status(), 400);
    let res = app
        .call(
            "save_program",
            &with_admins("sam@example.com, admin@example.com"),
        )
        .await;
    assert_eq!(res.status(), 200);
    let view: Value = app
        .call("program", &[("id", &id)])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(view["admins"].as_array().unwrap().len(), 2);
    assert_eq!(
        app.call_with(
            &coordinator,
            "program_state",
            &[("id", &id), ("state", "running")]
        )
        .await
        .status(),
        200,
        "Sam runs it now"
    );

    // Unknown states and programs are named.
    assert_eq!(
        app.call("program_state", &[("id", &id), ("state", "draft")])
            .await
            .status(),
        409
    );
    assert_eq!(
        app.call("program_state", &[("id", &id), ("state", "paused")])
            .await
            .status(),
        400
    );
    assert_eq!(app.call("program", &[("id", "999999")]).await.status(), 404);
}
