//! RSVP links over HTTP: 500 people answering at once never overfill an event, links work
//! without signing in, and a bad link says what is wrong without changing anything.

mod common;

use app::domain::{Email, EventKind, Role};
use app::ssr::events::personal_link;
use app::ssr::storage::{now, NewEvent, NewUser, RsvpCounts};
use common::TestApp;
use serde_json::Value;

on_both_databases!(
    five_hundred_concurrent_rsvps_fill_twenty_seats_and_wait_in_line,
    rsvp_links_explain_what_is_wrong_and_change_nothing,
    organisers_plan_events_and_people_answer_with_a_waitlist,
    event_form_mistakes_are_named_and_nothing_is_saved,
    program_events_are_private_to_the_program,
    calendars_download_and_feeds_are_private_and_revocable,
    exec_encounter_seats_are_drawn_once_and_everyone_is_told,
    the_dashboard_shows_my_next_meetups_with_my_answer,
);

async fn event(app: &TestApp, capacity: i64) -> app::ssr::storage::EventRow {
    common::events::meetup(&app.state.db, "Peer mentoring mixer", capacity).await
}

async fn person(app: &TestApp, k: usize) -> i64 {
    app.state
        .db
        .create_user(NewUser {
            email: &Email::parse(&format!("guest{k}@example.com")).unwrap(),
            name: &format!("Guest {k}"),
            role: Role::Participant,
            password_hash: None,
        })
        .await
        .unwrap()
}

/// The token at the end of a personal link.
fn token(link: &str) -> String {
    link.rsplit('/').next().unwrap().to_owned()
}

/// Answers through a link the way the page's form does, from a browser with no session.
async fn answer(
    app: &TestApp,
    client: &reqwest::Client,
    token: &str,
    answer: &str,
) -> reqwest::Response {
    app.call_with(
        client,
        "rsvp/answer",
        &[("token", token), ("answer", answer)],
    )
    .await
}

async fn five_hundred_concurrent_rsvps_fill_twenty_seats_and_wait_in_line(app: TestApp) {
    let event = event(&app, 20).await;
    let mut tokens = Vec::new();
    for k in 0..500 {
        let user = person(&app, k).await;
        tokens.push(token(
            &personal_link(&app.state, &event, user, false)
                .await
                .unwrap(),
        ));
    }
    let client = common::client();
    let app = std::sync::Arc::new(app);
    let requests: Vec<_> = tokens
        .iter()
        .cloned()
        .map(|token| {
            let (app, client) = (app.clone(), client.clone());
            tokio::spawn(async move { answer(&app, &client, &token, "going").await.status() })
        })
        .collect();
    for request in requests {
        assert_eq!(request.await.unwrap(), reqwest::StatusCode::OK);
    }
    assert_eq!(
        app.state.db.rsvp_counts(event.id).await.unwrap(),
        RsvpCounts {
            entered: 0,
            going: 20,
            waitlisted: 480,
            declined: 0
        }
    );

    // Someone with a seat gives it back through their link; the first in line is told.
    let rows = app.state.db.rsvps(event.id).await.unwrap();
    let first_waiting = rows
        .iter()
        .find(|r| r.state == "waitlisted")
        .unwrap()
        .clone();
    let seated = rows.iter().find(|r| r.state == "going").unwrap();
    let seated_token = tokens[seated
        .name
        .trim_start_matches("Guest ")
        .parse::<usize>()
        .unwrap()]
    .clone();
    let page = app
        .client
        .get(app.url(&format!("/rsvp/{seated_token}")))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), reqwest::StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(
        html.contains("Peer mentoring mixer") && html.contains("You are going."),
        "{html}"
    );
    assert!(html.contains(&seated.name));
    assert_eq!(
        answer(&app, &client, &seated_token, "not_going")
            .await
            .status(),
        reqwest::StatusCode::OK
    );
    let counts = app.state.db.rsvp_counts(event.id).await.unwrap();
    assert_eq!(
        counts,
        RsvpCounts {
            entered: 0,
            going: 20,
            waitlisted: 479,
            declined: 1
        }
    );
    let promoted_email = first_waiting.name.replace("Guest ", "guest") + "@example.com";
    let mail = app.last_mail_to(&promoted_email).await;
    assert!(mail.contains("You have a seat"), "{mail}");
    assert!(
        mail.contains("/rsvp/"),
        "the email carries a link to give the seat back"
    );
}

async fn rsvp_links_explain_what_is_wrong_and_change_nothing(app: TestApp) {
    let event = event(&app, 2).await;
    let ana = person(&app, 1).await;
    let old = token(&personal_link(&app.state, &event, ana, false).await.unwrap());
    let client = common::client();
    let page = |token: String| {
        let app = &app;
        async move {
            app.client
                .get(app.url(&format!("/rsvp/{token}")))
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap()
        }
    };
    // Opening a link, as mail scanners do, answers nothing.
    assert!(page(old.clone())
        .await
        .contains("You have not answered yet."));
    assert_eq!(
        app.state.db.rsvp_counts(event.id).await.unwrap(),
        RsvpCounts::default()
    );

    // One changed character: refused, and the page says the link was altered.
    let tampered = common::tampered(&old);
    assert!(page(tampered.clone()).await.contains("altered"));
    let refused = answer(&app, &client, &tampered, "going").await;
    assert_eq!(refused.status(), reqwest::StatusCode::BAD_REQUEST);
    assert!(refused.text().await.unwrap().contains("altered"));
    assert!(page("not-a-link".into())
        .await
        .contains("incomplete or damaged"));

    // A new invitation replaces the old link.
    let new = token(&personal_link(&app.state, &event, ana, true).await.unwrap());
    assert!(page(old.clone())
        .await
        .contains("replaced by a newer invitation"));
    assert_eq!(
        answer(&app, &client, &old, "going").await.status(),
        reqwest::StatusCode::BAD_REQUEST
    );
    assert_eq!(
        app.state.db.rsvp_counts(event.id).await.unwrap(),
        RsvpCounts::default()
    );
    assert_eq!(
        answer(&app, &client, &new, "going").await.status(),
        reqwest::StatusCode::OK
    );
    assert!(page(new.clone()).await.contains("You are going."));
    let unknown = answer(&app, &client, &new, "maybe").await;
    assert_eq!(unknown.status(), reqwest::StatusCode::BAD_REQUEST);

    // A cancelled event says so and takes no answers.
    app.state.db.cancel_event(event.id).await.unwrap();
    assert!(page(new.clone()).await.contains("has been cancelled"));
    assert_eq!(
        answer(&app, &client, &new, "not_going").await.status(),
        reqwest::StatusCode::CONFLICT
    );
    assert_eq!(app.state.db.rsvp_counts(event.id).await.unwrap().going, 1);
}

/// A date a week ahead, as the form sends it.
fn next_week() -> String {
    let d = time::OffsetDateTime::now_utc() + time::Duration::days(7);
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

/// Saves an event through the form as `client`; the response.
async fn save(
    app: &TestApp,
    client: &reqwest::Client,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let date = next_week();
    let mut form = vec![
        ("input[title]", "Mentor Connect coffee"),
        ("input[kind]", "mentor_connect"),
        ("input[date]", date.as_str()),
        ("input[start_time]", "09:00"),
        ("input[end_time]", "10:00"),
        ("input[time_zone]", "Europe/Lisbon"),
        ("input[place]", "Lisbon office, 3rd floor"),
    ];
    form.retain(|(key, _)| !fields.iter().any(|(k, _)| k == key));
    form.extend_from_slice(fields);
    app.call_with(client, "events/save", &form).await
}

/// The id of a newly saved event, from where the form sends the browser.
fn saved_id(res: &reqwest::Response) -> String {
    assert_eq!(res.status(), 200);
    res.headers()["location"]
        .to_str()
        .unwrap()
        .trim_start_matches("/events/")
        .to_owned()
}

async fn page(app: &TestApp, client: &reqwest::Client, id: &str) -> reqwest::Response {
    app.call_with(client, "event", &[("id", id)]).await
}

async fn organisers_plan_events_and_people_answer_with_a_waitlist(app: TestApp) {
    app.sign_up("Olga Admin", "olga@example.com").await;
    let ana = app.member("Ana Lopez", "ana@example.com").await;
    let bo = app.member("Bo Chen", "bo@example.com").await;
    let cy = app.member("Cy Diaz", "cy@example.com").await;
    let id = saved_id(&save(&app, &app.client, &[("input[capacity]", "2")]).await);

    // Everyone sees it in their list, with the time as the organiser meant it.
    let list: Value = app
        .call_with(&ana, "events", &[])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list["upcoming"][0]["title"], "Mentor Connect coffee");
    assert!(list["upcoming"][0]["when"]
        .as_str()
        .unwrap()
        .contains("09:00–10:00 (Europe/Lisbon)"));
    assert_eq!(list["can_create"], false);

    for (who, expected) in [(&ana, "going"), (&bo, "going"), (&cy, "waitlisted")] {
        let res = app
            .call_with(who, "events/answer", &[("id", &id), ("answer", "going")])
            .await;
        assert_eq!(res.status(), 200);
        let p: Value = page(&app, who, &id).await.json().await.unwrap();
        assert_eq!(p["summary"]["my_state"], expected);
    }
    let cy_page: Value = page(&app, &cy, &id).await.json().await.unwrap();
    assert_eq!(cy_page["position"], 1);
    assert_eq!(
        cy_page["going"],
        serde_json::json!(["Ana Lopez", "Bo Chen"])
    );
    assert!(
        cy_page["attendees"].is_null(),
        "answers with attendance are for organisers"
    );

    // Bo cannot come after all: Cy takes the seat and is told by email.
    app.call_with(
        &bo,
        "events/answer",
        &[("id", &id), ("answer", "not_going")],
    )
    .await;
    let cy_page: Value = page(&app, &cy, &id).await.json().await.unwrap();
    assert_eq!(cy_page["summary"]["my_state"], "going");
    assert!(app
        .last_mail_to("cy@example.com")
        .await
        .contains("You have a seat"));

    // Invitations go once to everyone without a link yet: Olga, the only one who has not answered.
    let sent: Value = app
        .call("events/invite", &[("id", &id)])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(sent, 1);
    let mail = app.last_mail_to("olga@example.com").await;
    assert!(
        mail.contains("You're invited") && mail.contains("/rsvp/"),
        "{mail}"
    );
    let again: Value = app
        .call("events/invite", &[("id", &id)])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(again, 0);

    // Check-in on the day, and the answers as CSV.
    let ana_id: Value = app.call_with(&ana, "me", &[]).await.json().await.unwrap();
    let ana_id = ana_id["id"].to_string();
    let res = app
        .call(
            "events/attendance",
            &[("id", &id), ("person", &ana_id), ("attended", "yes")],
        )
        .await;
    assert_eq!(res.status(), 200);
    let organiser: Value = page(&app, &app.client, &id).await.json().await.unwrap();
    // The form to change it shows the times as they were typed, in the event's zone.
    assert_eq!(organiser["form"]["start_time"], "09:00");
    assert_eq!(organiser["form"]["time_zone"], "Europe/Lisbon");
    assert_eq!(organiser["form"]["capacity"], "2");
    assert!(cy_page["form"].is_null(), "only organisers get the form");
    let attendees = organiser["attendees"].as_array().unwrap();
    assert!(attendees
        .iter()
        .any(|a| a["name"] == "Ana Lopez" && a["attended"] == true));
    let csv = app
        .client
        .get(app.url(&format!("/events/{id}/answers.csv")))
        .send()
        .await
        .unwrap();
    assert_eq!(csv.status(), 200);
    assert!(csv.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let csv = csv.text().await.unwrap();
    assert!(csv.starts_with("name,email,answer,attended\n"), "{csv}");
    assert!(csv.contains("Ana Lopez,ana@example.com,going,yes"));
    assert!(csv.contains("Bo Chen,bo@example.com,declined,no"));
    // An export of names and addresses is in the audit log.
    let log: Value = app
        .call("admin/audit", &[("action", "exported")])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(log["total"], 1, "{log}");
    assert!(log["entries"][0]["details"]
        .as_str()
        .unwrap()
        .starts_with("Answers to"));
    assert_eq!(
        ana.get(app.url(&format!("/events/{id}/answers.csv")))
            .send()
            .await
            .unwrap()
            .status(),
        403,
        "participants cannot export answers"
    );
    assert_eq!(
        app.call_with(
            &ana,
            "events/attendance",
            &[("id", &id), ("person", &ana_id), ("attended", "yes")]
        )
        .await
        .status(),
        403
    );

    // Cancelling closes answers.
    assert_eq!(
        app.call("events/cancel", &[("id", &id)]).await.status(),
        200
    );
    let res = app
        .call_with(&bo, "events/answer", &[("id", &id), ("answer", "going")])
        .await;
    assert_eq!(res.status(), 409);
}

/// Form fields to change, as (name, value).
type Form<'a> = &'a [(&'a str, &'a str)];

async fn event_form_mistakes_are_named_and_nothing_is_saved(app: TestApp) {
    app.sign_up("Olga Admin", "olga@example.com").await;
    let ana = app.member("Ana Lopez", "ana@example.com").await;
    let cases: [(Form, &str, &str); 6] = [
        (&[("input[date]", "2020-01-01")], "date", "in the past"),
        (
            &[("input[end_time]", "08:00")],
            "end_time",
            "end after it starts",
        ),
        (
            &[("input[time_zone]", "Mars/Olympus")],
            "time_zone",
            "not a time zone",
        ),
        (&[("input[capacity]", "0")], "capacity", "at least 1"),
        (
            &[("input[video_url]", "javascript:alert(1)")],
            "video_url",
            "https://",
        ),
        (&[("input[title]", "")], "title", "required"),
    ];
    for (fields, field, message) in cases {
        let res = save(&app, &app.client, fields).await;
        assert_eq!(res.status(), 400, "{field}");
        let body = res.text().await.unwrap();
        assert!(
            body.contains(field) && body.contains(message),
            "{field}: {body}"
        );
    }
    let list: Value = app.call("events", &[]).await.json().await.unwrap();
    assert_eq!(
        list["upcoming"].as_array().unwrap().len(),
        0,
        "nothing saved"
    );
    assert_eq!(
        save(&app, &ana, &[]).await.status(),
        403,
        "participants do not organise"
    );
    assert_eq!(
        app.call("events/answer", &[("id", "1"), ("answer", "maybe")])
            .await
            .status(),
        400
    );
}

async fn program_events_are_private_to_the_program(app: TestApp) {
    app.sign_up("Olga Admin", "olga@example.com").await;
    let olga = app.me().await["id"].as_i64().unwrap();
    let ana = app.member("Ana Lopez", "ana@example.com").await;
    let program = app
        .state
        .db
        .create_program(
            &app::domain::ProgramInput {
                name: "Spring pairs".into(),
                format: "peer".into(),
                enrollment_opens_on: "2027-01-04".into(),
                enrollment_closes_on: "2027-01-22".into(),
                starts_on: "2027-02-01".into(),
                ends_on: "2027-07-30".into(),
                ..Default::default()
            }
            .parse()
            .unwrap(),
            olga,
        )
        .await
        .unwrap();
    let program = program.to_string();
    let id = saved_id(&save(&app, &app.client, &[("input[programs][]", &program)]).await);
    // Several programs at once: ticked boxes arrive as a list.
    let mut second = app::domain::ProgramInput {
        name: "Autumn circles".into(),
        format: "circles".into(),
        enrollment_opens_on: "2027-01-04".into(),
        enrollment_closes_on: "2027-01-22".into(),
        starts_on: "2027-02-01".into(),
        ends_on: "2027-07-30".into(),
        ..Default::default()
    };
    second.group_size = "4".into();
    let second = app
        .state
        .db
        .create_program(&second.parse().unwrap(), olga)
        .await
        .unwrap();
    let both = saved_id(
        &save(
            &app,
            &app.client,
            &[
                ("input[programs][]", &program),
                ("input[programs][]", &second.to_string()),
            ],
        )
        .await,
    );
    let both: Value = page(&app, &app.client, &both).await.json().await.unwrap();
    assert_eq!(
        both["audience"],
        serde_json::json!(["Autumn circles", "Spring pairs"])
    );
    let bad = save(&app, &app.client, &[("input[programs][]", "999")]).await;
    assert_eq!(
        bad.status(),
        400,
        "a program Olga does not run, because it does not exist"
    );
    let list: Value = app
        .call_with(&ana, "events", &[])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list["upcoming"].as_array().unwrap().len(), 0);
    assert_eq!(page(&app, &ana, &id).await.status(), 404);
    assert_eq!(
        app.call_with(&ana, "events/answer", &[("id", &id), ("answer", "going")])
            .await
            .status(),
        404
    );
    assert_eq!(
        ana.get(app.url(&format!("/events/{id}/calendar.ics")))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    let res = app.call("events/invite", &[("id", &id)]).await;
    let sent: Value = res.json().await.unwrap();
    assert_eq!(sent, 0, "nobody is enrolled yet, so nobody is invited");
    assert_eq!(
        common::client()
            .get(app.url(&format!("/events/{id}/calendar.ics")))
            .send()
            .await
            .unwrap()
            .status(),
        401
    );
}

async fn calendars_download_and_feeds_are_private_and_revocable(app: TestApp) {
    app.sign_up("Olga Admin", "olga@example.com").await;
    let ana = app.member("Ana Lopez", "ana@example.com").await;
    let id = saved_id(&save(&app, &app.client, &[]).await);
    let ics = ana
        .get(app.url(&format!("/events/{id}/calendar.ics")))
        .send()
        .await
        .unwrap();
    assert_eq!(ics.status(), 200);
    assert!(ics.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/calendar"));
    let text = ics.text().await.unwrap();
    assert!(text.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Lisbon"));
    assert!(text.contains("DTSTART;TZID=Europe/Lisbon:") && text.contains("T090000\r\n"));
    assert!(text.contains("SEQUENCE:0") && text.contains("STATUS:CONFIRMED"));
    assert!(text.contains("ORGANIZER;CN=\"Olga Admin\":mailto:olga@example.com"));

    // A change bumps the sequence; a cancellation says so.
    let edit = save(
        &app,
        &app.client,
        &[("id", &id), ("input[title]", "Mentor Connect, moved")],
    )
    .await;
    assert_eq!(edit.status(), 200);
    app.call("events/cancel", &[("id", &id)]).await;
    let text = app
        .client
        .get(app.url(&format!("/events/{id}/calendar.ics")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        text.contains("SEQUENCE:2") && text.contains("STATUS:CANCELLED"),
        "{text}"
    );

    // The feed lists what Ana goes to, for a calendar app with no cookies; a new address
    // retires the old one.
    let other = saved_id(&save(&app, &app.client, &[("input[title]", "Workshop: feedback")]).await);
    app.call_with(
        &ana,
        "events/answer",
        &[("id", &other), ("answer", "going")],
    )
    .await;
    let url: Value = app
        .call_with(&ana, "events/feed", &[])
        .await
        .json()
        .await
        .unwrap();
    let url = url.as_str().unwrap().to_owned();
    let feed = reqwest::get(&url).await.unwrap();
    assert_eq!(feed.status(), 200);
    let body = feed.text().await.unwrap();
    assert!(body.contains("SUMMARY:Workshop: feedback"), "{body}");
    assert!(!body.contains("moved"), "only events Ana answered going to");
    let newer: Value = app
        .call_with(&ana, "events/feed", &[])
        .await
        .json()
        .await
        .unwrap();
    assert_ne!(newer.as_str().unwrap(), url);
    assert_eq!(reqwest::get(&url).await.unwrap().status(), 404);
    assert_eq!(
        reqwest::get(newer.as_str().unwrap())
            .await
            .unwrap()
            .status(),
        200
    );
    assert_eq!(
        reqwest::get(app.url("/calendar/guess.ics"))
            .await
            .unwrap()
            .status(),
        404
    );
}

async fn exec_encounter_seats_are_drawn_once_and_everyone_is_told(app: TestApp) {
    app.sign_up("Olga Admin", "olga@example.com").await;
    let fields = [
        ("input[title]", "Exec Encounter: lunch with the CTO"),
        ("input[kind]", "exec_encounter"),
        ("input[capacity]", "1"),
    ];
    let id = saved_id(&save(&app, &app.client, &fields).await);
    let mut people = Vec::new();
    for (name, email) in [
        ("Ana Lopez", "ana@example.com"),
        ("Bo Chen", "bo@example.com"),
    ] {
        let client = app.member(name, email).await;
        let res = app
            .call_with(
                &client,
                "events/answer",
                &[("id", &id), ("answer", "going")],
            )
            .await;
        assert_eq!(res.status(), 200);
        let p: Value = page(&app, &client, &id).await.json().await.unwrap();
        assert_eq!(p["summary"]["my_state"], "entered", "an entry, not a seat");
        people.push((client, email));
    }
    let before: Value = page(&app, &app.client, &id).await.json().await.unwrap();
    assert_eq!(before["lottery"]["entered"], 2);
    assert!(before["lottery"]["seed"].is_null());
    // The draw is committed to before anyone enters: its hash is public, its seed is not.
    let commitment = before["lottery"]["commitment"]
        .as_str()
        .expect("a commitment from the start")
        .to_owned();
    assert_eq!(commitment.len(), 64);
    assert!(before["lottery"]["nonce"].is_null());
    assert_eq!(
        app.call_with(&people[0].0, "events/draw", &[("id", &id)])
            .await
            .status(),
        403,
        "only organisers draw"
    );

    assert_eq!(app.call("events/draw", &[("id", &id)]).await.status(), 200);
    assert_eq!(
        app.call("events/draw", &[("id", &id)]).await.status(),
        409,
        "once"
    );
    let after: Value = page(&app, &app.client, &id).await.json().await.unwrap();
    let seed = after["lottery"]["seed"]
        .as_i64()
        .expect("the seed is shown");
    let mut states = Vec::new();
    for (client, email) in &people {
        let p: Value = page(&app, client, &id).await.json().await.unwrap();
        states.push(p["summary"]["my_state"].as_str().unwrap().to_owned());
        let mail = app.last_mail_to(email).await;
        assert!(mail.contains(&format!("seed {seed}")), "{mail}");
    }
    states.sort();
    assert_eq!(states, ["going", "waitlisted"], "one seat, one waiting");

    // After it, seed and nonce are shown; each entrant sees their place; anyone can repeat it.
    assert_eq!(after["lottery"]["commitment"], commitment.as_str());
    let nonce = after["lottery"]["nonce"].as_str().unwrap().to_owned();
    assert_eq!(
        app::ssr::support::crypto::draw_commitment(seed as u64, &nonce),
        commitment
    );
    let mine: Value = page(&app, &people[0].0, &id).await.json().await.unwrap();
    assert!(mine["lottery"]["mine"].is_array(), "{}", mine["lottery"]);
    let file = app
        .client
        .get(app.url(&format!("/events/{id}/draw.json")))
        .send()
        .await
        .unwrap();
    assert_eq!(file.status(), 200);
    let record: Value = file.json().await.unwrap();
    assert_eq!(record["entrants"], 2);
    assert_eq!(record["commitment"], commitment.as_str());
    assert!(
        !record.to_string().contains("Ana"),
        "entrants by number only"
    );
    let dir = std::env::temp_dir().join(format!("tandem-draw-{}", rand::random::<u64>()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("draw.json");
    std::fs::write(&path, record.to_string()).unwrap();
    let verify = |path: &std::path::Path| {
        std::process::Command::new(env!("CARGO_BIN_EXE_tandem"))
            .args(["draw", "--verify"])
            .arg(path)
            .output()
            .unwrap()
    };
    let out = verify(&path);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("checks out"));
    let mut forged = record.clone();
    forged["seed"] = serde_json::json!(seed + 1);
    std::fs::write(&path, forged.to_string()).unwrap();
    let out = verify(&path);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("do not match the commitment"));
    let _ = std::fs::remove_dir_all(&dir);
    let stranger = app.member("Cy Diaz", "cy@example.com").await;
    let res = stranger
        .get(app.url(&format!("/events/{id}/draw.json")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "everyone the event is for may check it");
}

/// An event open to everyone, `days` from now, with no seat limit.
async fn open_event(app: &TestApp, title: &str, days: i64, programs: Vec<i64>) -> i64 {
    app.state
        .db
        .create_event(&NewEvent {
            title: title.into(),
            description: String::new(),
            kind: EventKind::Meetup,
            starts_at: now() + days * 86_400,
            ends_at: now() + days * 86_400 + 3_600,
            time_zone: "Europe/Lisbon".into(),
            place: "Atrium".into(),
            video_url: String::new(),
            capacity: None,
            rsvp_deadline: None,
            host_id: None,
            programs,
            created_by: None,
            draw: None,
        })
        .await
        .unwrap()
}

async fn the_dashboard_shows_my_next_meetups_with_my_answer(app: TestApp) {
    app.sign_up("Olga Admin", "olga@example.com").await;
    let olga = app.me().await["id"].as_i64().unwrap();
    let ana = app.member("Ana Lopez", "ana@example.com").await;
    let home = |client: reqwest::Client| {
        let url = app.url("/");
        async move { client.get(url).send().await.unwrap().text().await.unwrap() }
    };
    assert!(home(ana.clone())
        .await
        .contains("No meetups are planned for you yet."));

    let program = app
        .state
        .db
        .create_program(&common::program_spec("Closed pairs"), olga)
        .await
        .unwrap();
    open_event(&app, "Private to a program", 1, vec![program]).await;
    let cancelled = open_event(&app, "Cancelled coffee", 2, Vec::new()).await;
    let going = open_event(&app, "Lunch and learn", 3, Vec::new()).await;
    let declined = open_event(&app, "Friday social", 4, Vec::new()).await;
    open_event(&app, "Open question hour", 5, Vec::new()).await;
    open_event(&app, "Far-off summit", 40, Vec::new()).await;
    assert_eq!(
        app.call("events/cancel", &[("id", &cancelled.to_string())])
            .await
            .status(),
        200
    );
    for (id, answer) in [(going, "going"), (declined, "not_going")] {
        let res = app
            .call_with(
                &ana,
                "events/answer",
                &[("id", &id.to_string()), ("answer", answer)],
            )
            .await;
        assert_eq!(res.status(), 200);
    }

    // Ana sees the next three she may come to, in date order, each with her answer.
    let html = home(ana.clone()).await;
    let card = &html[html.find("Upcoming meetups").unwrap()..];
    let card = &card[..card.find("See all events").unwrap()];
    let lunch = card.find("Lunch and learn").unwrap();
    let social = card.find("Friday social").unwrap();
    let hour = card.find("Open question hour").unwrap();
    assert!(lunch < social && social < hour, "{card}");
    assert!(card[lunch..social].contains("You are going"), "{card}");
    assert!(card[social..hour].contains("You are not going"), "{card}");
    assert!(
        card[hour..].contains("Answer: Open question hour"),
        "{card}"
    );
    for hidden in ["Private to a program", "Cancelled coffee", "Far-off summit"] {
        assert!(!card.contains(hidden), "{hidden} is not on Ana's card");
    }
    let json: Value = app
        .call_with(&ana, "dashboard", &[])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(json["meetups"]["Ok"].as_array().unwrap().len(), 3);
}
