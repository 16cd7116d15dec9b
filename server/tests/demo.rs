//! The demo organisation `make run` loads: its program is open for enrollment and most people
//! have answered its survey, on both databases.

mod common;

use common::TestApp;
use serde_json::Value;
use server::demo;

on_both_databases!(the_demo_has_an_enrolling_program_with_answered_surveys,);

async fn the_demo_has_an_enrolling_program_with_answered_surveys(app: TestApp) {
    let summary = demo::seed(&app.state.db).await.unwrap().unwrap();
    assert!(summary.contains("people enrolled"), "{summary}");
    let res = app
        .call(
            "sign_in",
            &[
                ("email", demo::COORDINATOR_EMAIL),
                ("password", demo::DEMO_PASSWORD),
            ],
        )
        .await;
    assert_eq!(res.status(), 200);
    let programs: Value = app.call("programs", &[]).await.json().await.unwrap();
    let find = |state: &str| {
        programs
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["state"] == state)
            .unwrap_or_else(|| panic!("a {state} program"))
            .clone()
    };
    let program = &find("enrolling");
    let id = program["id"].to_string();
    let list: Value = app
        .call("enrollments", &[("program_id", &id)])
        .await
        .json()
        .await
        .unwrap();
    let enrolled =
        list["counts"]["active"].as_i64().unwrap() + list["counts"]["paused"].as_i64().unwrap();
    assert!(enrolled >= 40, "{enrolled} enrolled of about 60");
    assert_eq!(
        list["counts"]["complete"].as_i64().unwrap(),
        enrolled,
        "every demo survey is complete"
    );
    assert!(list["counts"]["paused"].as_i64().unwrap() > 0);

    // The running mentoring program is ready for its first round, which the engine drafts.
    let mentoring = find("running");
    let mentoring_id = mentoring["id"].to_string();
    let res = app
        .call("rounds/draft", &[("program_id", &mentoring_id)])
        .await;
    assert_eq!(res.status(), 200);
    let page: Value = app
        .call("rounds", &[("program_id", &mentoring_id)])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(page["current"]["exact"], true);
    assert!(
        page["current"]["quality"]["matched"].as_u64().unwrap() >= 20,
        "{}",
        page["current"]
    );
    assert_eq!(page["can_publish"], true);

    // The demo participant's goal board: three goals in three columns, one with a chart.
    let ana = common::client();
    let res = app
        .call_with(
            &ana,
            "sign_in",
            &[
                ("email", demo::PARTICIPANT_EMAIL),
                ("password", demo::DEMO_PASSWORD),
            ],
        )
        .await;
    assert_eq!(res.status(), 200);
    let board: Value = app
        .call_with(&ana, "goals", &[])
        .await
        .json()
        .await
        .unwrap();
    let counts: Vec<usize> = board["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["goals"].as_array().unwrap().len())
        .collect();
    assert_eq!(counts, vec![0, 2, 1, 0], "{board}");
    let demo_goal = board["columns"][1]["goals"][0]["id"].to_string();
    let goal: Value = app
        .call_with(&ana, "goal", &[("id", &demo_goal)])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(goal["points"].as_array().unwrap().len(), 4, "{goal}");
    assert_eq!(goal["card"]["percent"], 50);

    // Upcoming events: a coffee with seats taken, a workshop, an Exec Encounter with entries.
    let events: Value = app.call("events", &[]).await.json().await.unwrap();
    let upcoming = events["upcoming"].as_array().unwrap();
    let kinds: Vec<&str> = upcoming
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["Mentor Connect", "Workshop", "Exec Encounter"]);
    assert_eq!(upcoming[0]["going"], 8);
    let draw: Value = app
        .call("event", &[("id", &upcoming[2]["id"].to_string())])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(draw["lottery"]["entered"], 10);

    // The demo participant has joined and sees the checklist.
    app.sign_out().await;
    app.call(
        "sign_in",
        &[
            ("email", demo::PARTICIPANT_EMAIL),
            ("password", demo::DEMO_PASSWORD),
        ],
    )
    .await;
    let dash: Value = app.call("dashboard", &[]).await.json().await.unwrap();
    let dash = &dash["programs"]["Ok"];
    assert_eq!(dash["onboarding"][0]["survey_complete"], true);
    // Her match in the running peer program was made by the engine from real answers: the
    // card says why, in the engine's own words.
    let card = &dash["matches"][0];
    let reasons: Vec<&str> = card["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r.as_str())
        .collect();
    assert!(!reasons.is_empty(), "{card}");
    assert!(
        !reasons.contains(&"You work at similar levels in different teams"),
        "no canned reason: {reasons:?}"
    );
    assert!(card["agenda"].as_array().unwrap().len() >= 3);

    // The starter library: guides, prompts, a checklist and a goal template per category,
    // found by search and recommended from the participant's goals and survey answers.
    let hub: Value = app.call("resources", &[]).await.json().await.unwrap();
    assert!(hub["results"].as_array().unwrap().len() >= 12, "{hub}");
    let templates: Value = app
        .call("resources", &[("kind", "goal_template")])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(templates["results"].as_array().unwrap().len(), 5);
    let found: Value = app
        .call("resources", &[("q", "feedback")])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        found["results"][0]["title"],
        "Giving and receiving feedback"
    );
    let reasons: Vec<&str> = hub["recommended"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["reason"].as_str())
        .collect();
    assert!(
        reasons.iter().any(|r| r.starts_with("For your ")),
        "{reasons:?}"
    );
}
