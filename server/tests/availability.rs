//! When people are free: hours per day in their own zone and a free/busy calendar read from a
//! real web server; the pair page offers times that suit both and proposes one in a tap;
//! mistakes are named and change nothing; a calendar that cannot be read is said on the
//! person's page and never stops a page.

mod common;

use app::domain::ProgramState;
use app::ssr::testing::clock::set_time_zone;
use chrono::{Datelike, TimeZone, Timelike};
use common::calendar::CalendarPeer;
use common::TestApp;
use serde_json::Value;

on_both_databases!(
    a_person_says_when_they_are_free_and_mistakes_are_named,
    a_pair_is_offered_times_that_suit_both_and_proposes_one,
    a_calendar_that_cannot_be_read_is_reported_and_blocks_nothing,
);

async fn json(res: reqwest::Response) -> Value {
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

/// Asserts the form was saved: the answer sends the browser back to the page with a notice.
fn saved(res: reqwest::Response) {
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.headers()["location"].to_str().unwrap(),
        "/profile/availability?saved=1"
    );
}

async fn save(app: &TestApp, who: &reqwest::Client, fields: &[(&str, &str)]) -> reqwest::Response {
    app.call_with(who, "availability/save", fields).await
}

/// The same ranges on every working day.
fn weekdays(ranges: &str) -> Vec<(&'static str, &str)> {
    [
        "input[days][mon]",
        "input[days][tue]",
        "input[days][wed]",
        "input[days][thu]",
        "input[days][fri]",
    ]
    .into_iter()
    .map(|day| (day, ranges))
    .collect()
}

async fn a_person_says_when_they_are_free_and_mistakes_are_named(app: TestApp) {
    app.sign_up("Ana Lopez", "ana@example.com").await;
    let page = json(app.call("availability", &[]).await).await;
    assert_eq!(page["set"], false);
    assert_eq!(page["input"]["days"]["mon"], "");
    assert!(page["calendar"].is_null());

    for (fields, field, message) in [
        (
            vec![("input[days][tue]", "9-12")],
            "tue",
            "\\\"9\\\" is not a time",
        ),
        (
            vec![("input[days][mon]", "12:00-09:00")],
            "mon",
            "ends before it starts",
        ),
        (
            vec![("input[days][sat]", "lunchtime")],
            "sat",
            "is not a range of times",
        ),
        (
            vec![
                ("input[days][mon]", "09:00-12:00"),
                ("input[calendar_url]", "ftp://calendar.example.com/a.ics"),
            ],
            "calendar_url",
            "starts with https://",
        ),
    ] {
        let res = save(&app, &app.client, &fields).await;
        assert_eq!(res.status(), 400, "{fields:?}");
        let body = res.text().await.unwrap();
        assert!(body.contains(message), "{body}");
        assert!(body.contains(&format!("\"field\":\"{field}\"")), "{body}");
    }
    let page = json(app.call("availability", &[]).await).await;
    assert_eq!(page["set"], false, "nothing was saved");

    saved(
        save(
            &app,
            &app.client,
            &[
                ("input[days][mon]", "14:00-17:30, 09:00–12:00"),
                ("input[days][wed]", "10:00-11:00; 10:30-12:00"),
            ],
        )
        .await,
    );
    let page = json(app.call("availability", &[]).await).await;
    assert_eq!(page["set"], true);
    assert_eq!(page["input"]["days"]["mon"], "09:00-12:00, 14:00-17:30");
    assert_eq!(
        page["input"]["days"]["wed"], "10:00-12:00",
        "overlaps joined"
    );
    assert_eq!(page["input"]["days"]["tue"], "");

    // The page reads without JavaScript, in the person's zone.
    let ana = app.user_id("ana@example.com").await;
    set_time_zone(&app.state.db, ana, "Asia/Tokyo")
        .await
        .unwrap();
    let html = common::html(&app.client, &app.url("/profile/availability")).await;
    assert!(html.contains("When you are free"));
    assert!(html.contains("In your time zone, Asia/Tokyo."));
    assert!(
        html.contains("value=\"09:00-12:00, 14:00-17:30\""),
        "{html}"
    );
    assert!(html.contains("id=\"f-days-sun\"") && html.contains("Sunday"));
}

/// Ana and Bo matched in a running program; returns the program, their ids and browsers.
async fn matched_pair(app: &TestApp) -> (i64, i64, i64, reqwest::Client, reqwest::Client) {
    let (program, ids, mut clients) = common::program_with(
        app,
        ProgramState::Running,
        &[
            ("Ana Lopez", "ana@example.com"),
            ("Bo Chen", "bo@example.com"),
        ],
    )
    .await;
    let (ana, bo) = (ids["ana"], ids["bo"]);
    app.state
        .db
        .publish_pairs(program, &[(ana, bo)])
        .await
        .unwrap();
    let bo_client = clients.pop().unwrap();
    let ana_client = clients.pop().unwrap();
    (program, ana, bo, ana_client, bo_client)
}

async fn pair_page(app: &TestApp, who: &reqwest::Client, program: i64) -> Value {
    json(
        app.call_with(who, "pair", &[("program_id", &program.to_string())])
            .await,
    )
    .await
}

async fn a_pair_is_offered_times_that_suit_both_and_proposes_one(app: TestApp) {
    let Some(calendars) = CalendarPeer::start() else {
        return;
    };
    let (program, ana, bo, ana_client, bo_client) = matched_pair(&app).await;
    let db = &app.state.db;
    set_time_zone(db, ana, "Asia/Tokyo").await.unwrap();
    set_time_zone(db, bo, "America/New_York").await.unwrap();

    // Before anyone says anything, office hours are assumed for both: in Tokyo and New York
    // those never meet, and the page says so.
    let page = pair_page(&app, &ana_client, program).await;
    let times = &page["groups"][0]["times"];
    assert_eq!(times["mine_set"], false);
    assert_eq!(times["assumed"], serde_json::json!(["Bo"]));
    assert_eq!(times["times"], serde_json::json!([]));

    // Ana is free early in her morning, and her calendar holds a stand-up at 07:00-08:30
    // every day; Bo is free from the middle of his afternoon (summer time or not, their days
    // then overlap by more than the stand-up).
    let ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Example//Calendar//EN\r\n\
               BEGIN:VEVENT\r\nUID:standup@example.com\r\nDTSTART;TZID=Asia/Tokyo:20260105T070000\r\n\
               DTEND;TZID=Asia/Tokyo:20260105T083000\r\nRRULE:FREQ=DAILY\r\nSUMMARY:Stand-up\r\n\
               END:VEVENT\r\nEND:VCALENDAR\r\n";
    let url = calendars.publish("ana-secret.ics", ics);
    let mut fields = weekdays("07:00-10:00");
    fields.push(("input[calendar_url]", &url));
    saved(save(&app, &ana_client, &fields).await);
    saved(save(&app, &bo_client, &weekdays("15:00-21:00")).await);
    // The calendar is read by a job, never while a page waits.
    app.deliver().await;
    let mine = json(app.call_with(&ana_client, "availability", &[]).await).await;
    let calendar = &mine["calendar"];
    assert_eq!(
        calendar["address"],
        format!("http://127.0.0.1:{}/…", calendars.port),
        "the secret address is never shown again in full"
    );
    assert!(calendar["problem"].is_null(), "{calendar}");
    assert!(
        calendar["read"]
            .as_str()
            .unwrap()
            .contains("busy times in the next two weeks"),
        "{calendar}"
    );

    let page = pair_page(&app, &ana_client, program).await;
    let times = &page["groups"][0]["times"];
    assert_eq!(times["mine_set"], true);
    assert_eq!(times["assumed"], serde_json::json!([]));
    let offered = times["times"].as_array().unwrap();
    assert_eq!(offered.len(), 3, "{times}");
    let now = app::ssr::storage::now();
    let mut days = Vec::new();
    for t in offered {
        let start = t["starts_at"].as_i64().unwrap();
        assert!(start >= now + 12 * 3600, "time to answer");
        let tokyo = chrono_tz::Asia::Tokyo.timestamp_opt(start, 0).unwrap();
        let new_york = chrono_tz::America::New_York
            .timestamp_opt(start, 0)
            .unwrap();
        let minute = |t: &chrono::DateTime<chrono_tz::Tz>| t.hour() * 60 + t.minute();
        // After the stand-up, ending by 10:00 in Tokyo; between 15:00 and 21:00 in New York.
        assert!((510..=555).contains(&minute(&tokyo)), "{tokyo}");
        assert!((900..=1215).contains(&minute(&new_york)), "{new_york}");
        assert!(tokyo.weekday().num_days_from_monday() < 5, "{tokyo}");
        assert!(new_york.weekday().num_days_from_monday() < 5, "{new_york}");
        assert!(t["mine"].as_str().unwrap().ends_with("(Asia/Tokyo)"));
        assert!(
            t["theirs"][0].as_str().unwrap().starts_with("Bo: ")
                && t["theirs"][0]
                    .as_str()
                    .unwrap()
                    .ends_with("(America/New_York)"),
            "{t}"
        );
        days.push(tokyo.date_naive());
    }
    days.dedup();
    assert_eq!(days.len(), 3, "one time a day");

    // The page shows them as choices, without JavaScript too.
    let html = common::html(&ana_client, &app.url(&format!("/programs/{program}/pair"))).await;
    assert!(html.contains("Times that suit you both"));
    let first = offered[0]["starts_at"].as_i64().unwrap().to_string();
    assert!(html.contains(&format!("value=\"{first}\"")), "{html}");

    // No place: the proposal is refused with the field named, and nothing is proposed.
    let round = page["groups"][0]["round_id"].as_i64().unwrap().to_string();
    let propose = |starts_at: String, place: &'static str| {
        let ana_client = ana_client.clone();
        let (app, round) = (&app, round.clone());
        async move {
            app.call_with(
                &ana_client,
                "sessions/propose-suggested",
                &[
                    ("program_id", &program.to_string()),
                    ("round_id", &round),
                    ("group_no", "0"),
                    ("starts_at", &starts_at),
                    ("place", place),
                    ("video_url", ""),
                ],
            )
            .await
        }
    };
    let res = propose(first.clone(), "").await;
    assert_eq!(res.status(), 400);
    assert!(res.text().await.unwrap().contains("Say where you meet"));
    let res = propose((now - 3600).to_string(), "Atrium").await;
    assert_eq!(res.status(), 400, "a time in the past");
    assert!(
        pair_page(&app, &ana_client, program).await["groups"][0]["sessions"]
            .as_array()
            .unwrap()
            .is_empty()
    );

    // One tap: Bo gets the proposal, in his own zone, 45 minutes long.
    let res = propose(first.clone(), "Video call").await;
    assert_eq!(
        res.headers()["location"].to_str().unwrap(),
        format!("/programs/{program}/pair#sessions")
    );
    let bo_page = pair_page(&app, &bo_client, program).await;
    let session = &bo_page["groups"][0]["sessions"][0];
    assert_eq!(session["state"], "proposed");
    assert_eq!(session["place"], "Video call");
    let start = offered[0]["starts_at"].as_i64().unwrap();
    let ny = chrono_tz::America::New_York
        .timestamp_opt(start, 0)
        .unwrap();
    let end = chrono_tz::America::New_York
        .timestamp_opt(start + 45 * 60, 0)
        .unwrap();
    let when = session["when"].as_str().unwrap();
    assert!(
        when.contains(&format!(
            "{}–{} (America/New_York)",
            ny.format("%H:%M"),
            end.format("%H:%M")
        )),
        "{when}"
    );
    // A planned session leaves the suggestions: that time is taken now.
    let page = pair_page(&app, &ana_client, program).await;
    let again: Vec<i64> = page["groups"][0]["times"]["times"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["starts_at"].as_i64().unwrap())
        .collect();
    assert!(!again.contains(&start), "{again:?}");
}

async fn a_calendar_that_cannot_be_read_is_reported_and_blocks_nothing(app: TestApp) {
    let Some(calendars) = CalendarPeer::start() else {
        return;
    };
    let (program, ana, _bo, ana_client, _) = matched_pair(&app).await;
    set_time_zone(&app.state.db, ana, "Europe/Lisbon")
        .await
        .unwrap();
    // An address the calendar server does not have, and one that is no calendar.
    let mut fields = weekdays("09:00-17:00");
    let missing = calendars.url("gone.ics");
    fields.push(("input[calendar_url]", &missing));
    saved(save(&app, &ana_client, &fields).await);
    app.deliver().await;
    let page = json(app.call_with(&ana_client, "availability", &[]).await).await;
    let problem = page["calendar"]["problem"].as_str().unwrap();
    assert!(
        problem.contains("Tandem could not read your calendar"),
        "{problem}"
    );
    assert!(
        problem.contains("the calendar server answered 404 Not Found"),
        "{problem}"
    );
    assert!(page["calendar"]["read"].is_null());
    // The pair page still offers times, from the hours alone.
    let pair = pair_page(&app, &ana_client, program).await;
    assert_eq!(
        pair["groups"][0]["times"]["times"]
            .as_array()
            .unwrap()
            .len(),
        3
    );

    let html = calendars.publish("login.html", "<html><body>Sign in</body></html>");
    let mut fields = weekdays("09:00-17:00");
    fields.push(("input[calendar_url]", &html));
    saved(save(&app, &ana_client, &fields).await);
    app.deliver().await;
    let page = json(app.call_with(&ana_client, "availability", &[]).await).await;
    assert!(page["calendar"]["problem"]
        .as_str()
        .unwrap()
        .contains("did not return an iCalendar file"));

    // Saving the form again with the field empty keeps the calendar; the box forgets it.
    saved(save(&app, &ana_client, &weekdays("09:00-17:00")).await);
    let page = json(app.call_with(&ana_client, "availability", &[]).await).await;
    assert!(!page["calendar"].is_null());
    let mut fields = weekdays("09:00-17:00");
    fields.push(("forget_calendar", "yes"));
    saved(save(&app, &ana_client, &fields).await);
    let page = json(app.call_with(&ana_client, "availability", &[]).await).await;
    assert!(page["calendar"].is_null());
}
