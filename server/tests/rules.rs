//! Every rule on every path: what matching promises (never your manager line, never someone on
//! your avoid list, no recent repeats, reverse mentors junior) holds for the engine's draft and
//! for every change an admin makes to it, over HTTP on both databases.

mod common;

use app::ssr::events::personal_link;
use common::programs::{answers, cast, enroll, json, open_program, round_groups, survey};
use common::{TestApp, PASSWORD};
use serde_json::Value;

on_both_databases!(
    a_draft_never_pairs_across_a_manager_chain_and_admins_cannot_either,
    reverse_mentoring_seats_junior_mentors,
    a_programs_matching_rules_are_stored_shown_and_used,
    people_who_leave_are_signed_out_and_give_up_their_places,
    a_password_reset_signs_out_every_other_browser,
);

/// Saves `who`'s profile with the given fields (the name is required).
async fn profile(app: &TestApp, who: &reqwest::Client, name: &str, fields: &[(&str, &str)]) {
    let mut form = vec![("input[name]", name)];
    form.extend_from_slice(fields);
    let res = app.call_with(who, "save_profile", &form).await;
    assert_eq!(res.status(), 200, "profile of {name}");
}

/// The id of the person called `name` on a rounds page.
fn member_id(page: &Value, name: &str) -> String {
    page["groups"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| g["members"].as_array().unwrap().iter())
        .chain(page["unmatched"].as_array().unwrap().iter().map(|u| &u[0]))
        .find(|m| m["name"] == name)
        .unwrap_or_else(|| panic!("{name} on the rounds page"))["id"]
        .to_string()
}

async fn adjust(
    app: &TestApp,
    admin: &reqwest::Client,
    program: &str,
    a: &str,
    b: &str,
    kind: &str,
) -> reqwest::Response {
    app.call_with(
        admin,
        "rounds/adjust",
        &[("program_id", program), ("a", a), ("b", b), ("kind", kind)],
    )
    .await
}

async fn refusal(res: reqwest::Response) -> String {
    let status = res.status();
    let body: Value = res.json().await.unwrap();
    assert_eq!(status, 400, "{body}");
    body["Invalid"]["message"].as_str().unwrap().to_owned()
}

async fn a_draft_never_pairs_across_a_manager_chain_and_admins_cannot_either(app: TestApp) {
    let c = cast(&app).await;
    let dee = app.member("Dee Evans", "dee@example.com").await;
    // Cy manages Bo, who manages Ana: Ana and Cy are a skip level apart.
    profile(
        &app,
        &c.bo,
        "Bo Chen",
        &[("input[manager_email]", "cy@example.com")],
    )
    .await;
    profile(
        &app,
        &c.ana,
        "Ana Lopez",
        &[("input[manager_email]", "bo@example.com")],
    )
    .await;
    let program = open_program(&app, &c.sam, "peer", &[]).await;
    let full = answers(&survey(&app, &c.sam, &program).await);
    for who in [&c.ana, &c.bo, &c.cy, &c.pat] {
        assert_eq!(enroll(&app, who, &program, &[], &full).await.status(), 200);
    }
    // Dee never wants to meet Pat.
    let res = enroll(
        &app,
        &dee,
        &program,
        &[("input[avoid]", "pat@example.com")],
        &full,
    )
    .await;
    assert_eq!(res.status(), 200);

    let res = app
        .call_with(&c.sam, "rounds/draft", &[("program_id", &program)])
        .await;
    assert_eq!(res.status(), 200);
    let (page, groups) = round_groups(&app, &c.sam, &program).await;
    let across = [
        ("Ana Lopez", "Bo Chen"),
        ("Bo Chen", "Cy Diaz"),
        ("Ana Lopez", "Cy Diaz"),
        ("Dee Evans", "Pat Quinn"),
    ];
    for g in &groups {
        for (x, y) in across {
            assert!(
                !(g.contains(&x.to_string()) && g.contains(&y.to_string())),
                "{x} and {y} were paired: {groups:?}"
            );
        }
    }
    let id = |name: &str| member_id(&page, name);
    let (ana, bo, cy, pat, dee_id) = (
        id("Ana Lopez"),
        id("Bo Chen"),
        id("Cy Diaz"),
        id("Pat Quinn"),
        id("Dee Evans"),
    );

    // An admin can break none of it: each refusal names the rule and changes nothing.
    let message = refusal(adjust(&app, &c.sam, &program, &ana, &bo, "lock").await).await;
    assert_eq!(
        message,
        "Ana Lopez and Bo Chen cannot be kept together: one of them is in the other's manager line."
    );
    let message = refusal(adjust(&app, &c.sam, &program, &cy, &ana, "lock").await).await;
    assert!(message.contains("manager line"), "skip level: {message}");
    let res = adjust(&app, &c.sam, &program, &pat, &dee_id, "lock").await;
    let message = refusal(res).await;
    assert_eq!(
        message,
        "Pat Quinn and Dee Evans cannot be kept together: a personal preference rules it out."
    );
    assert!(!message.contains("avoid"), "never whose list");
    let (after, regrouped) = round_groups(&app, &c.sam, &program).await;
    assert_eq!(
        regrouped, groups,
        "a refused change leaves the draft as it was"
    );
    assert_eq!(after["rules"], serde_json::json!([]));

    // A lock within the rules is kept, and moving someone takes them from their old partner.
    assert_eq!(
        adjust(&app, &c.sam, &program, &ana, &pat, "lock")
            .await
            .status(),
        200
    );
    let (_, g) = round_groups(&app, &c.sam, &program).await;
    assert!(g.contains(&vec!["Ana Lopez".to_string(), "Pat Quinn".to_string()]));
    assert_eq!(
        adjust(&app, &c.sam, &program, &dee_id, &ana, "lock")
            .await
            .status(),
        200
    );
    let (after, g) = round_groups(&app, &c.sam, &program).await;
    assert!(g.contains(&vec!["Ana Lopez".to_string(), "Dee Evans".to_string()]));
    assert_eq!(
        after["rules"].as_array().unwrap().len(),
        1,
        "{}",
        after["rules"]
    );

    // Recent partners: after round 1 is published, its pairs cannot be locked again.
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
        .call_with(&c.sam, "rounds/draft", &[("program_id", &program)])
        .await;
    assert_eq!(res.status(), 200);
    let message = refusal(adjust(&app, &c.sam, &program, &ana, &dee_id, "lock").await).await;
    assert!(message.contains("matched in a recent round"), "{message}");
}

async fn reverse_mentoring_seats_junior_mentors(app: TestApp) {
    let c = cast(&app).await;
    let dee = app.member("Dee Evans", "dee@example.com").await;
    let program = open_program(
        &app,
        &c.sam,
        "reverse",
        &[("input[mentor_level_rule]", "on")],
    )
    .await;
    let view = json(app.call_with(&c.ana, "program", &[("id", &program)]).await).await;
    assert_eq!(view["program"]["matching"]["mentor_levels_below"], 1);
    let full = answers(&survey(&app, &c.sam, &program).await);
    // Two junior mentors, two senior mentees, and a senior "mentor" who may not mentor them.
    let people: [(&reqwest::Client, &str, &str, &str); 5] = [
        (&c.ana, "Ana Lopez", "2", "mentor"),
        (&c.bo, "Bo Chen", "3", "mentor"),
        (&c.cy, "Cy Diaz", "7", "mentee"),
        (&dee, "Dee Evans", "8", "mentee"),
        (&c.pat, "Pat Quinn", "9", "mentor"),
    ];
    for (who, name, level, role) in people {
        profile(&app, who, name, &[("input[level]", level)]).await;
        let res = enroll(
            &app,
            who,
            &program,
            &[("input[role]", role), ("input[capacity]", "1")],
            &full,
        )
        .await;
        assert_eq!(res.status(), 200, "{name}");
    }
    let res = app
        .call_with(&c.sam, "rounds/draft", &[("program_id", &program)])
        .await;
    assert_eq!(res.status(), 200);
    let page = json(
        app.call_with(&c.sam, "rounds", &[("program_id", &program)])
            .await,
    )
    .await;
    let groups = page["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 2, "{page}");
    for g in groups {
        let mentor = &g["mentor"];
        let members = g["members"].as_array().unwrap();
        let level = |m: &Value| m["level"].as_i64().unwrap();
        let mentor_level = members
            .iter()
            .find(|m| &m["id"] == mentor)
            .map(level)
            .unwrap();
        for m in members.iter().filter(|m| &m["id"] != mentor) {
            assert!(mentor_level < level(m), "{g}");
        }
        assert!(
            members.iter().all(|m| m["name"] != "Pat Quinn"),
            "a senior mentors no one"
        );
    }
    // Pat, level 9, cannot be made to mentor Cy, level 7.
    let (pat, cy) = (member_id(&page, "Pat Quinn"), member_id(&page, "Cy Diaz"));
    let message = refusal(adjust(&app, &c.sam, &program, &pat, &cy, "lock").await).await;
    assert!(message.contains("at least 1 level below"), "{message}");
    // The program page says so to everyone.
    let html = common::html(&app.client, &app.url(&format!("/programs/{program}"))).await;
    assert!(html.contains("Mentors are at least 1 level below the people they mentor."));
}

async fn a_programs_matching_rules_are_stored_shown_and_used(app: TestApp) {
    let c = cast(&app).await;
    let program = open_program(
        &app,
        &c.sam,
        "peer",
        &[
            ("input[not_same_team]", "on"),
            ("input[no_repeat_rounds]", "1"),
        ],
    )
    .await;
    let view = json(app.call_with(&c.ana, "program", &[("id", &program)]).await).await;
    assert_eq!(view["program"]["matching"]["not_same_team"], true);
    assert_eq!(view["program"]["matching"]["no_repeat_rounds"], 1);
    assert_eq!(
        view["program"]["matching"]["mentor_levels_below"],
        Value::Null,
        "peer"
    );
    // A bad value is named and saves nothing.
    let res = app
        .call_with(
            &c.sam,
            "save_program",
            &[
                ("id", program.as_str()),
                ("input[name]", "Spring pairs"),
                ("input[format]", "peer"),
                ("input[enrollment_opens_on]", "2027-01-04"),
                ("input[enrollment_closes_on]", "2027-01-22"),
                ("input[starts_on]", "2027-02-01"),
                ("input[ends_on]", "2027-07-30"),
                ("input[no_repeat_rounds]", "40"),
            ],
        )
        .await;
    assert_eq!(res.status(), 400);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["Invalid"]["field"], "no_repeat_rounds");
    let view = json(app.call_with(&c.ana, "program", &[("id", &program)]).await).await;
    assert_eq!(
        view["program"]["matching"]["no_repeat_rounds"], 1,
        "unchanged"
    );

    // With a window of one round, round 3 may repeat round 1 but never round 2.
    let full = answers(&survey(&app, &c.sam, &program).await);
    for who in [&c.ana, &c.bo, &c.cy, &c.pat] {
        assert_eq!(enroll(&app, who, &program, &[], &full).await.status(), 200);
    }
    app.call_with(
        &c.sam,
        "program_state",
        &[("id", &program), ("state", "running")],
    )
    .await;
    let mut rounds: Vec<Vec<Vec<String>>> = Vec::new();
    for _ in 0..3 {
        let res = app
            .call_with(&c.sam, "rounds/draft", &[("program_id", &program)])
            .await;
        assert_eq!(res.status(), 200);
        let (_, groups) = round_groups(&app, &c.sam, &program).await;
        if let Some(last) = rounds.last() {
            for g in &groups {
                assert!(!last.contains(g), "{g:?} repeats the round before");
            }
        }
        rounds.push(groups);
        let res = app
            .call_with(&c.sam, "rounds/publish", &[("program_id", &program)])
            .await;
        assert_eq!(res.status(), 200);
    }
    let html = common::html(&app.client, &app.url(&format!("/programs/{program}"))).await;
    assert!(html.contains("Nobody is matched with their partner of the last round."));
    assert!(html.contains("You are never matched with someone from your own team."));
}

/// A meetup next week with `seats` seats, open to everyone.
async fn meetup(app: &TestApp, seats: i64) -> app::ssr::storage::EventRow {
    common::events::meetup(&app.state.db, "Leavers' coffee", seats).await
}

async fn set_active(
    app: &TestApp,
    admin: &reqwest::Client,
    id: i64,
    active: &str,
) -> reqwest::Response {
    app.call_with(
        admin,
        "admin/active",
        &[("user_id", &id.to_string()), ("active", active)],
    )
    .await
}

async fn people_who_leave_are_signed_out_and_give_up_their_places(app: TestApp) {
    let c = cast(&app).await;
    let (ana, bo) = (
        app.user_id("ana@example.com").await,
        app.user_id("bo@example.com").await,
    );
    // Ana holds the one seat of a meetup; Bo waits for it. Ana has a link and a feed.
    let event = meetup(&app, 1).await;
    for who in [&c.ana, &c.bo] {
        let res = app
            .call_with(
                who,
                "events/answer",
                &[("id", &event.id.to_string()), ("answer", "going")],
            )
            .await;
        assert_eq!(res.status(), 200);
    }
    let link = personal_link(&app.state, &event, ana, false).await.unwrap();
    let feed: String = app
        .call_with(&c.ana, "events/feed", &[])
        .await
        .json()
        .await
        .unwrap();
    let feed_path = feed.trim_start_matches(&app.base).to_owned();
    assert_eq!(
        app.client
            .get(app.url(&feed_path))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    // Ana is enrolled in a program and would be in its draft.
    let program = open_program(&app, &c.sam, "peer", &[]).await;
    let full = answers(&survey(&app, &c.sam, &program).await);
    for who in [&c.ana, &c.bo, &c.cy, &c.pat] {
        assert_eq!(enroll(&app, who, &program, &[], &full).await.status(), 200);
    }

    // Only org admins deactivate, never themselves, never the last org admin.
    assert_eq!(set_active(&app, &c.sam, ana, "0").await.status(), 403);
    let olga = app.user_id("olga@example.com").await;
    assert_eq!(set_active(&app, &app.client, olga, "0").await.status(), 409);
    assert_eq!(
        set_active(&app, &app.client, ana, "maybe").await.status(),
        400
    );
    assert_eq!(set_active(&app, &app.client, ana, "0").await.status(), 200);
    assert_eq!(
        set_active(&app, &app.client, ana, "0").await.status(),
        409,
        "once"
    );

    // Signed out at once, and sign-in says why once the password is right.
    let me: Value = app.call_with(&c.ana, "me", &[]).await.json().await.unwrap();
    assert_eq!(me, Value::Null);
    let res = app
        .call_with(
            &c.ana,
            "sign_in",
            &[("email", "ana@example.com"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(res.status(), 400);
    let body: Value = res.json().await.unwrap();
    assert!(body.to_string().contains("closed"), "{body}");
    let res = app
        .call_with(
            &c.ana,
            "sign_in",
            &[("email", "ana@example.com"), ("password", "not it at all")],
        )
        .await;
    assert!(
        !res.text().await.unwrap().contains("closed"),
        "a wrong password learns nothing"
    );

    // Her seat went to Bo, who is told; her link and feed stop working.
    let standing = app
        .state
        .db
        .rsvp_standing(event.id, bo)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(standing.state, "going");
    assert!(app
        .last_mail_to("bo@example.com")
        .await
        .contains("You have a seat"));
    let token = link.rsplit('/').next().unwrap().to_owned();
    let view: Value = app
        .call_with(&reqwest::Client::new(), "rsvp/view", &[("token", &token)])
        .await
        .json()
        .await
        .unwrap();
    assert!(
        view["problem"]
            .as_str()
            .unwrap()
            .contains("no longer works"),
        "{view}"
    );
    assert_eq!(
        app.client
            .get(app.url(&feed_path))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );

    // She is out of the next draft; her enrollment and answers stay for the records.
    let res = app
        .call_with(&c.sam, "rounds/draft", &[("program_id", &program)])
        .await;
    assert_eq!(res.status(), 200);
    let (_, groups) = round_groups(&app, &c.sam, &program).await;
    assert!(
        groups.iter().all(|g| !g.contains(&"Ana Lopez".to_string())),
        "{groups:?}"
    );
    assert!(app
        .state
        .db
        .enrollment(program.parse().unwrap(), ana)
        .await
        .unwrap()
        .is_some());
    let people = json(app.call("admin/people", &[("query", "ana")]).await).await;
    assert!(people["people"][0]["deactivated_at"].is_i64(), "{people}");

    // Reactivated, she signs in again.
    assert_eq!(set_active(&app, &app.client, ana, "1").await.status(), 200);
    let res = app
        .call_with(
            &c.ana,
            "sign_in",
            &[("email", "ana@example.com"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(res.status(), 200);
}

async fn a_password_reset_signs_out_every_other_browser(app: TestApp) {
    app.sign_up("Olga Admin", "olga@example.com").await;
    let laptop = app.member("Ana Lopez", "ana@example.com").await;
    let phone = common::client();
    let res = app
        .call_with(
            &phone,
            "sign_in",
            &[("email", "ana@example.com"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(res.status(), 200);
    let reset_here = common::client();
    app.call_with(
        &reset_here,
        "forgot_password",
        &[("email", "ana@example.com")],
    )
    .await;
    let token = TestApp::token_in(&app.last_mail_to("ana@example.com").await, "token");
    let res = app
        .call_with(
            &reset_here,
            "reset_password",
            &[
                ("token", token.as_str()),
                ("password", "a brand new long password"),
            ],
        )
        .await;
    assert_eq!(res.status(), 200);
    for (name, browser) in [("laptop", &laptop), ("phone", &phone)] {
        let me: Value = app
            .call_with(browser, "me", &[])
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(me, Value::Null, "the {name} is signed out");
    }
    let me: Value = app
        .call_with(&reset_here, "me", &[])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        me["email"], "ana@example.com",
        "the browser that reset stays in"
    );
}
