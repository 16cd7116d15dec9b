//! Each person decides what Tandem sends and when: kinds on, off or in a weekly digest, email
//! hours in their own time zone, and one-click unsubscribe. Times here come from a clock the
//! tests set (`deliver_at`), so each message is seen landing at the local hour it should.

mod common;

use app::domain::{EventKind, SendWindow};
use app::ssr::storage::{now, NewEvent};
use app::ssr::testing::clock::set_time_zone;
use chrono::{Datelike, TimeZone};
use common::{mails_to, unfold, TestApp};
use serde_json::Value;

on_both_databases!(
    a_person_chooses_which_emails_come_and_mistakes_are_named,
    email_waits_for_each_persons_hours_in_three_time_zones,
    a_weekly_digest_gathers_what_it_should_once,
    one_click_unsubscribe_turns_one_kind_off_and_nothing_else,
);

/// The next moment at or after `from` that is `weekday` (0 = Monday) at `hour`:`minute` UTC.
fn next_utc(from: i64, weekday: u32, hour: u32, minute: u32) -> i64 {
    let mut day = chrono::Utc.timestamp_opt(from, 0).unwrap().date_naive();
    loop {
        let t = day
            .and_hms_opt(hour, minute, 0)
            .unwrap()
            .and_utc()
            .timestamp();
        if day.weekday().num_days_from_monday() == weekday && t >= from {
            return t;
        }
        day = day.succ_opt().unwrap();
    }
}

/// An event for everyone, `days` after `at`.
async fn event_at(app: &TestApp, title: &str, at: i64) -> i64 {
    app.state
        .db
        .create_event(&NewEvent {
            title: title.into(),
            description: String::new(),
            kind: EventKind::Meetup,
            starts_at: at,
            ends_at: at + 3_600,
            time_zone: "Europe/Lisbon".into(),
            place: "Atrium".into(),
            video_url: String::new(),
            capacity: None,
            rsvp_deadline: None,
            host_id: None,
            programs: Vec::new(),
            created_by: None,
            draw: None,
        })
        .await
        .unwrap()
}

async fn invite(app: &TestApp, event: i64) {
    let res = app
        .call("events/invite", &[("id", &event.to_string())])
        .await;
    assert_eq!(res.status(), 200);
}

async fn json(res: reqwest::Response) -> Value {
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

/// The delivery log of `who`, as the org admin sees it.
async fn log_of(app: &TestApp, who: i64) -> Value {
    json(
        app.call("admin/delivery/person", &[("id", &who.to_string())])
            .await,
    )
    .await["lines"]
        .clone()
}

async fn a_person_chooses_which_emails_come_and_mistakes_are_named(app: TestApp) {
    app.sign_up("Olga Admin", "olga@example.com").await;
    let ana = app.member("Ana Lopez", "ana@example.com").await;

    // The organisation's default hours, set by its admin, are where everyone starts.
    let res = app
        .call(
            "admin/save_email_hours",
            &[
                ("send_from", "09:00"),
                ("send_until", "18:00"),
                ("days[]", "mon"),
                ("days[]", "wed"),
            ],
        )
        .await;
    assert_eq!(res.status(), 200);
    let bad = app
        .call(
            "admin/save_email_hours",
            &[
                ("send_from", "18:00"),
                ("send_until", "09:00"),
                ("days[]", "mon"),
            ],
        )
        .await;
    assert_eq!(bad.status(), 400);
    assert!(bad
        .text()
        .await
        .unwrap()
        .contains("Choose an end after the start"));
    assert_eq!(
        app.call_with(
            &ana,
            "admin/save_email_hours",
            &[
                ("send_from", "00:00"),
                ("send_until", "24:00"),
                ("days[]", "sun")
            ]
        )
        .await
        .status(),
        403
    );
    let page = json(app.call_with(&ana, "notifications", &[]).await).await;
    assert_eq!(page["input"]["send_from"], "09:00");
    assert_eq!(page["input"]["days"], serde_json::json!(["mon", "wed"]));
    assert_eq!(page["input"]["modes"]["goals"], "now");

    // Mistakes are named and change nothing.
    let save = |fields: Vec<(&'static str, &'static str)>| {
        let ana = ana.clone();
        let app = &app;
        async move { app.call_with(&ana, "notifications/save", &fields).await }
    };
    let base = vec![
        ("input[modes][goals]", "off"),
        ("input[modes][events]", "digest"),
        ("input[send_from]", "07:30"),
        ("input[send_until]", "21:00"),
        ("input[days][]", "mon"),
        ("input[days][]", "sat"),
        ("input[digest_day]", "fri"),
    ];
    for (change, message) in [
        (
            ("input[send_until]", "07:00"),
            "Choose an end after the start",
        ),
        (
            ("input[modes][goals]", "sometimes"),
            "Choose how to get goal check-ins",
        ),
        (
            ("input[digest_day]", "someday"),
            "Choose the day of your digest",
        ),
    ] {
        let fields: Vec<_> = base
            .iter()
            .map(|f| if f.0 == change.0 { change } else { *f })
            .collect();
        let res = save(fields).await;
        assert_eq!(res.status(), 400);
        assert!(res.text().await.unwrap().contains(message));
    }
    let no_days: Vec<_> = base
        .iter()
        .copied()
        .filter(|f| f.0 != "input[days][]")
        .collect();
    let res = save(no_days).await;
    assert_eq!(res.status(), 400);
    assert!(res.text().await.unwrap().contains("at least one day"));
    let page = json(app.call_with(&ana, "notifications", &[]).await).await;
    assert_eq!(page["input"]["send_from"], "09:00", "nothing was saved");

    let res = save(base.clone()).await;
    assert_eq!(
        res.headers()["location"].to_str().unwrap(),
        "/profile/notifications?saved=1"
    );
    let page = json(app.call_with(&ana, "notifications", &[]).await).await;
    assert_eq!(page["input"]["modes"]["goals"], "off");
    assert_eq!(page["input"]["modes"]["events"], "digest");
    assert_eq!(page["input"]["modes"]["matches"], "now");
    assert_eq!(page["input"]["send_from"], "07:30");
    assert_eq!(page["input"]["days"], serde_json::json!(["mon", "sat"]));
    assert_eq!(page["input"]["digest_day"], "fri");

    // The page works without JavaScript, and says whose time zone the hours are in.
    let ana_id = app.user_id("ana@example.com").await;
    set_time_zone(&app.state.db, ana_id, "Asia/Tokyo")
        .await
        .unwrap();
    let html = common::html(&ana, &app.url("/profile/notifications")).await;
    assert!(html.contains("In your time zone, Asia/Tokyo"), "{html}");
    assert!(html.contains(r#"value="07:30""#));
    assert!(html.contains(r#"<option value="digest" selected"#));
}

async fn email_waits_for_each_persons_hours_in_three_time_zones(app: TestApp) {
    app.sign_up("Olga Admin", "olga@example.com").await;
    app.state
        .db
        .save_default_send_window(&SendWindow::default())
        .await
        .unwrap();
    let people = [
        ("Lina Lisbon", "lina@example.com", "Europe/Lisbon"),
        ("Nate New York", "nate@example.com", "America/New_York"),
        ("Toshi Tokyo", "toshi@example.com", "Asia/Tokyo"),
    ];
    let mut ids = Vec::new();
    for (name, email, zone) in people {
        app.member(name, email).await;
        let id = app.user_id(email).await;
        set_time_zone(&app.state.db, id, zone).await.unwrap();
        ids.push(id);
    }
    // Olga works from Lisbon too, and keeps her evenings free of email.
    let olga = app.user_id("olga@example.com").await;
    set_time_zone(&app.state.db, olga, "Europe/Lisbon")
        .await
        .unwrap();

    // A Wednesday in winter, 23:00 UTC: 23:00 in Lisbon, 18:00 in New York, 08:00 on Thursday
    // in Tokyo.
    let wednesday = next_utc(now() + 86_400, 2, 23, 0);
    let month = chrono::Utc.timestamp_opt(wednesday, 0).unwrap().month();
    let event = event_at(&app, "Winter mixer", wednesday + 10 * 86_400).await;
    invite(&app, event).await;
    app.deliver_at(wednesday).await;
    let summer = (4..=10).contains(&month);
    let new_york_open = !summer; // 18:00 in winter, 19:00 (closed) in summer time
    assert_eq!(
        mails_to(&app, "lina@example.com").len(),
        0,
        "23:00 in Lisbon"
    );
    assert_eq!(
        mails_to(&app, "nate@example.com").len(),
        usize::from(new_york_open)
    );
    assert_eq!(
        mails_to(&app, "toshi@example.com").len(),
        1,
        "08:00 in Tokyo"
    );
    let lina_log = log_of(&app, ids[0]).await;
    assert_eq!(lina_log[0]["state"], "queued");
    assert!(lina_log[0]["reason"].as_str().unwrap().contains(
        "Waiting for this person's email hours (08:00–19:00, Monday to Friday, Europe/Lisbon)"
    ));

    // Thursday 07:59 in Lisbon: still waiting. At 08:00 it arrives, once.
    let lisbon_eight = chrono_tz::Europe::Lisbon
        .timestamp_opt(wednesday + 9 * 3600, 0)
        .unwrap()
        .date_naive()
        .and_hms_opt(8, 0, 0)
        .unwrap()
        .and_local_timezone(chrono_tz::Europe::Lisbon)
        .unwrap()
        .timestamp();
    app.deliver_at(lisbon_eight - 60).await;
    assert_eq!(mails_to(&app, "lina@example.com").len(), 0);
    app.deliver_at(lisbon_eight).await;
    assert_eq!(mails_to(&app, "lina@example.com").len(), 1);
    // New York's, if it waited, goes in the morning there (Thursday 14:00 UTC).
    app.deliver_at(wednesday + 15 * 3_600).await;
    for (_, email, _) in people {
        assert_eq!(mails_to(&app, email).len(), 1, "{email} gets it once");
    }
    assert_eq!(log_of(&app, ids[0]).await[0]["state"], "done");

    // A password reset is never held, whatever the hour.
    app.call("forgot_password", &[("email", "lina@example.com")])
        .await;
    app.deliver_at(wednesday + 7 * 86_400 + 3_600).await;
    assert!(mails_to(&app, "lina@example.com")
        .iter()
        .any(|m| m.contains("Subject: Reset your Tandem password")));
}

async fn a_weekly_digest_gathers_what_it_should_once(app: TestApp) {
    app.sign_up("Olga Admin", "olga@example.com").await;
    let ana = app.member("Ana Lopez", "ana@example.com").await;
    let ana_id = app.user_id("ana@example.com").await;
    set_time_zone(&app.state.db, ana_id, "Europe/Lisbon")
        .await
        .unwrap();
    let res = app
        .call_with(
            &ana,
            "notifications/save",
            &[
                ("input[modes][events]", "digest"),
                ("input[send_from]", "08:00"),
                ("input[send_until]", "19:00"),
                ("input[days][]", "mon"),
                ("input[days][]", "tue"),
                ("input[days][]", "wed"),
                ("input[days][]", "thu"),
                ("input[days][]", "fri"),
                ("input[digest_day]", "mon"),
            ],
        )
        .await;
    assert_eq!(res.status(), 200);

    // On a Wednesday two invitations come: both are kept for Monday.
    let wednesday = next_utc(now() + 86_400, 2, 12, 0);
    let monday = chrono_tz::Europe::Lisbon
        .timestamp_opt(wednesday + 5 * 86_400, 0)
        .unwrap()
        .date_naive()
        .and_hms_opt(8, 0, 0)
        .unwrap()
        .and_local_timezone(chrono_tz::Europe::Lisbon)
        .unwrap()
        .timestamp();
    let lunch = event_at(&app, "Lunch and learn", monday + 2 * 86_400).await;
    let social = event_at(&app, "Friday social", monday + 20 * 86_400).await;
    invite(&app, lunch).await;
    invite(&app, social).await;
    app.deliver_at(wednesday).await;
    assert!(mails_to(&app, "ana@example.com").is_empty());
    let log = log_of(&app, ana_id).await;
    assert_eq!(log[0]["reason"], "Kept for this person's weekly digest.");
    assert_eq!(
        json(app.call_with(&ana, "notifications", &[]).await).await["digest_waiting"],
        2
    );
    // She answers one of them; it shows as coming up.
    let res = app
        .call_with(
            &ana,
            "events/answer",
            &[("id", &lunch.to_string()), ("answer", "going")],
        )
        .await;
    assert_eq!(res.status(), 200);

    // Sunday: no digest. Monday 08:00 in Lisbon: one digest with both, and what is coming up.
    let digests = |app: &TestApp, at: i64| {
        let state = app.state.clone();
        async move {
            app::ssr::delivery::schedule::queue_periodic(&state, at)
                .await
                .unwrap();
        }
    };
    digests(&app, monday - 86_400).await;
    app.deliver_at(monday - 86_400).await;
    assert!(mails_to(&app, "ana@example.com").is_empty());
    digests(&app, monday).await;
    app.deliver_at(monday).await;
    let mails = mails_to(&app, "ana@example.com");
    assert_eq!(mails.len(), 1);
    let digest = unfold(&mails[0]);
    assert!(
        digest.contains("Subject: Your week on Tandem: 2 updates"),
        "{digest}"
    );
    assert!(digest.contains("You're invited: Lunch and learn"));
    assert!(digest.contains("You're invited: Friday social"));
    assert!(digest.contains("Coming up in the next seven days:"));
    assert!(digest.contains("- Lunch and learn:"), "{digest}");
    assert!(!digest.contains("- Friday social:"), "three weeks away");
    assert!(
        digest.contains("/rsvp/"),
        "each item links to where it leads"
    );

    // Later that Monday nothing is sent twice; a new invitation waits for next week.
    digests(&app, monday + 3_600).await;
    app.deliver_at(monday + 3_600).await;
    let third = event_at(&app, "Book club", monday + 9 * 86_400).await;
    invite(&app, third).await;
    app.deliver_at(monday + 7_200).await;
    digests(&app, monday + 7_200).await;
    app.deliver_at(monday + 7_200).await;
    assert_eq!(mails_to(&app, "ana@example.com").len(), 1);
    digests(&app, monday + 7 * 86_400).await;
    app.deliver_at(monday + 7 * 86_400).await;
    let mails = mails_to(&app, "ana@example.com");
    assert_eq!(mails.len(), 2);
    let next = unfold(&mails[1]);
    assert!(
        next.contains("Subject: Your week on Tandem: 1 update"),
        "{next}"
    );
    assert!(next.contains("Book club") && !next.contains("Friday social"));
}

async fn one_click_unsubscribe_turns_one_kind_off_and_nothing_else(app: TestApp) {
    app.sign_up("Olga Admin", "olga@example.com").await;
    app.member("Ana Lopez", "ana@example.com").await;
    let ana_id = app.user_id("ana@example.com").await;
    let first = event_at(&app, "Lunch and learn", now() + 5 * 86_400).await;
    invite(&app, first).await;
    app.deliver().await;
    let mail = unfold(&mails_to(&app, "ana@example.com")[0]);
    let header = mail
        .lines()
        .find_map(|l| l.strip_prefix("List-Unsubscribe: <"))
        .expect("a List-Unsubscribe header")
        .trim_end_matches('>')
        .to_owned();
    assert!(mail.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));
    assert!(
        mail.contains(&format!("Stop these emails: {header}")),
        "{mail}"
    );
    assert!(mail.contains("You get this email about events."));
    let path = header.trim_start_matches(&app.base).to_owned();
    let token = path.trim_start_matches("/unsubscribe/").to_owned();

    // Opening the link changes nothing: it asks.
    let stranger = common::client();
    let page = common::html(&stranger, &app.url(&path)).await;
    assert!(page.contains("Stop these emails?"), "{page}");
    assert!(page.contains("Tandem emails you about events"));
    let prefs = app.state.db.notification_prefs(ana_id).await.unwrap();
    assert_eq!(
        prefs.mode(app::domain::NotificationKind::Events),
        app::domain::DeliveryMode::Now
    );

    // A mail client's one-click post, from elsewhere, with no cookies: that kind stops.
    let bad = stranger
        .post(app.url(&path))
        .header("origin", "https://mail.example.net")
        .body("unsubscribe=yes")
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 400);
    assert!(bad
        .text()
        .await
        .unwrap()
        .contains("List-Unsubscribe=One-Click"));
    let tampered = common::tampered(&path);
    let res = stranger
        .post(app.url(&tampered))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    assert!(res.text().await.unwrap().contains("damaged or was changed"));
    let res = stranger
        .post(app.url(&path))
        .header("origin", "https://mail.example.net")
        .header("content-type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(res
        .text()
        .await
        .unwrap()
        .contains("no longer emails this person about events"));

    // The next invitation is not sent, and the log says why; other email still comes.
    let second = event_at(&app, "Friday social", now() + 6 * 86_400).await;
    invite(&app, second).await;
    app.call("forgot_password", &[("email", "ana@example.com")])
        .await;
    app.deliver().await;
    let mails = mails_to(&app, "ana@example.com");
    assert_eq!(mails.len(), 2, "the first invitation and the reset");
    assert!(mails[1].contains("Reset your Tandem password"));
    let log = log_of(&app, ana_id).await;
    let skipped = log
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["subject"] == "You're invited: Friday social")
        .unwrap();
    assert_eq!(skipped["state"], "dropped");
    assert_eq!(
        skipped["reason"],
        "Not sent: this person turned these emails off."
    );

    // The page now says so, and turns them back on with a tap (a form post, no JavaScript).
    let page = common::html(&stranger, &app.url(&path)).await;
    assert!(page.contains("You will not get these emails"));
    let res = app
        .call_with(
            &stranger,
            "unsubscribe/set",
            &[("token", &token), ("on", "1")],
        )
        .await;
    assert_eq!(
        res.headers()["location"].to_str().unwrap(),
        format!("/unsubscribe/{token}?on=1")
    );
    let prefs = app.state.db.notification_prefs(ana_id).await.unwrap();
    assert_eq!(
        prefs.mode(app::domain::NotificationKind::Events),
        app::domain::DeliveryMode::Now
    );
    let res = app
        .call_with(&stranger, "unsubscribe/set", &[("token", "made-up")])
        .await;
    assert_eq!(res.status(), 400);
}
