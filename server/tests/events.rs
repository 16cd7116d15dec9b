//! RSVP links over HTTP: 500 people answering at once never overfill an event, links work
//! without signing in, and a bad link says what is wrong without changing anything.

mod common;

use app::domain::{Capacity, Email, EventKind, Role};
use app::ssr::events::personal_link;
use app::ssr::storage::{now, NewEvent, NewUser, RsvpCounts};
use common::TestApp;

on_both_databases!(
    five_hundred_concurrent_rsvps_fill_twenty_seats_and_wait_in_line,
    rsvp_links_explain_what_is_wrong_and_change_nothing,
);

async fn event(app: &TestApp, capacity: i64) -> app::ssr::storage::EventRow {
    let id = app
        .state
        .db
        .create_event(&NewEvent {
            title: "Peer mentoring mixer".into(),
            description: String::new(),
            kind: EventKind::Meetup,
            starts_at: now() + 7 * 86_400,
            ends_at: now() + 7 * 86_400 + 7_200,
            time_zone: "Europe/Lisbon".into(),
            place: "Atrium, ground floor".into(),
            video_url: String::new(),
            capacity: Some(Capacity::try_from(capacity).unwrap()),
            rsvp_deadline: None,
            host_id: None,
            programs: Vec::new(),
            created_by: None,
        })
        .await
        .unwrap();
    app.state.db.event(id).await.unwrap().unwrap()
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
            going: 20,
            waitlisted: 479,
            declined: 1
        }
    );
    let promoted_email = first_waiting.name.replace("Guest ", "guest") + "@example.com";
    let mail = app.last_mail_to(&promoted_email);
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
    let mut tampered: Vec<char> = old.chars().collect();
    let last = tampered.len() - 10;
    tampered[last] = if tampered[last] == 'A' { 'B' } else { 'A' };
    let tampered: String = tampered.into_iter().collect();
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
