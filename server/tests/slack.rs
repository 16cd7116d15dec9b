//! The Slack app over HTTP: an org admin connects it (the token checked with Slack, both
//! secrets sealed); notifications reach people as direct messages (email for those Slack does
//! not know or who turned it off); a button answers in place as the emailed link would, for
//! its own person only; signed requests that are replayed, stale, tampered with or unsigned
//! are refused with 401 and change nothing; `/tandem` shows what waits. Slack is a stand-in on
//! loopback speaking the Web API's wire format (`common::chat`); the direct messages it
//! received are checked against Block Kit's types.

mod common;

use app::domain::RsvpState;
use app::ssr::slack::signature;
use app::ssr::storage::now;
use common::chat::{check_formats, Answer, ChatPeers, BOT_TOKEN};
use common::programs::json;
use common::{mails_to, Backend, TestApp};
use serde_json::{json, Value};

/// The signing secret of the worked example in Slack's guide to verifying requests.
const SECRET: &str = "8f742231b10e8888abcd99yyyzzz85a5";

macro_rules! with_slack {
    ($($case:ident),* $(,)?) => {$(
        mod $case {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::run(crate::Backend::Sqlite, super::$case).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                super::run(crate::Backend::Postgres, super::$case).await;
            }
        }
    )*};
}

with_slack!(
    the_slack_app_is_connected_checked_and_kept_sealed,
    invitations_reach_people_in_slack_and_buttons_answer_in_place,
    a_new_pair_hears_in_slack_each_and_together_once,
    a_goal_reminder_is_snoozed_for_a_week_from_slack,
    without_group_messages_each_of_a_pair_still_hears_once,
);

async fn run<F, Fut>(backend: Backend, case: F)
where
    F: FnOnce(TestApp, ChatPeers) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let peers = ChatPeers::start().await;
    if let Some(app) = common::spawn_app_with_slack(backend, peers.api_base()).await {
        case(app, peers).await;
    }
}

async fn connect(app: &TestApp) {
    let res = app
        .call(
            "admin/slack/save",
            &[("token", BOT_TOKEN), ("signing_secret", SECRET)],
        )
        .await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
}

/// Posts to one of the addresses Slack posts to, as Slack's servers do: no cookie, no origin.
async fn slack_post(
    app: &TestApp,
    path: &str,
    body: &str,
    timestamp: i64,
    signature: Option<&str>,
) -> reqwest::Response {
    let mut req = reqwest::Client::new()
        .post(app.url(path))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("x-slack-request-timestamp", timestamp.to_string())
        .body(body.to_owned());
    if let Some(sig) = signature {
        req = req.header("x-slack-signature", sig);
    }
    req.send().await.unwrap()
}

/// A signed request, as Slack signs it now.
async fn signed_post(app: &TestApp, path: &str, body: &str) -> reqwest::Response {
    let at = now();
    let sig = signature::sign(SECRET.as_bytes(), at, body.as_bytes());
    slack_post(app, path, body, at, Some(&sig)).await
}

fn press(
    peers: &ChatPeers,
    slack_user: &str,
    action: &str,
    token: &str,
    blocks: &Value,
    n: u32,
) -> String {
    let payload = json!({
        "type": "block_actions",
        "user": { "id": slack_user },
        "actions": [{ "type": "button", "action_id": action, "value": token }],
        "response_url": peers.response_url(n),
        "message": { "blocks": blocks },
    });
    form_urlencoded::Serializer::new(String::new())
        .append_pair("payload", &payload.to_string())
        .finish()
}

fn responses(peers: &ChatPeers) -> Vec<Value> {
    peers
        .received()
        .into_iter()
        .filter(|r| r.service == "slack-response")
        .map(|r| r.body)
        .collect()
}

async fn the_slack_app_is_connected_checked_and_kept_sealed(app: TestApp, _peers: ChatPeers) {
    app.sign_up("Olga Admin", "olga@example.com").await;
    let ana = app.member("Ana Lopez", "ana@example.com").await;
    for (token, secret, says) in [
        ("abc", SECRET, "it starts with xoxb-"),
        (BOT_TOKEN, "short", "Signing Secret"),
        (
            "xoxb-not-the-right-one",
            SECRET,
            "Slack did not accept this token (invalid_auth)",
        ),
    ] {
        let res = app
            .call(
                "admin/slack/save",
                &[("token", token), ("signing_secret", secret)],
            )
            .await;
        assert_eq!(res.status(), 400, "{token}");
        assert!(res.text().await.unwrap().contains(says), "{token}");
    }
    let res = app
        .call_with(
            &ana,
            "admin/slack/save",
            &[("token", BOT_TOKEN), ("signing_secret", SECRET)],
        )
        .await;
    assert_eq!(res.status(), 403);
    let choice = json(app.call_with(&ana, "profile/slack", &[]).await).await;
    assert_eq!(choice["available"], false, "no app yet");

    connect(&app).await;
    let view = json(app.call("admin/slack", &[]).await).await;
    assert_eq!(view["connected"], true);
    assert_eq!(view["token_hint"], "xoxb-…ests");
    let manifest: Value = serde_json::from_str(view["manifest"].as_str().unwrap()).unwrap();
    assert_eq!(
        manifest["settings"]["interactivity"]["request_url"],
        app.url("/slack/interactions")
    );
    assert_eq!(
        manifest["features"]["slash_commands"][0]["url"],
        app.url("/slack/commands")
    );
    let scopes = manifest["oauth_config"]["scopes"]["bot"].to_string();
    for scope in ["chat:write", "im:write", "users:read.email", "commands"] {
        assert!(scopes.contains(scope), "{scope}");
    }
    let html = common::html(&app.client, &app.url("/admin/slack")).await;
    assert!(
        html.contains("Connected with the bot token")
            && !html.contains(BOT_TOKEN)
            && !html.contains(SECRET)
    );
    let (token, secret): (String, String) =
        sqlx::query_as("SELECT sealed_token, sealed_secret FROM slack_app")
            .fetch_one(app.state.db.pool())
            .await
            .unwrap();
    assert!(!token.contains("xoxb") && !secret.contains(SECRET));

    let choice = json(app.call_with(&ana, "profile/slack", &[]).await).await;
    assert_eq!(
        (choice["available"].clone(), choice["dm"].clone()),
        (json!(true), json!(true))
    );
    let res = app.call_with(&ana, "profile/slack/save", &[]).await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        json(app.call_with(&ana, "profile/slack", &[]).await).await["dm"],
        false
    );

    assert_eq!(app.call("admin/slack/remove", &[]).await.status(), 200);
    assert_eq!(
        json(app.call("admin/slack", &[]).await).await["connected"],
        false
    );
    // Without an app, Slack's requests have nothing to answer.
    assert_eq!(
        signed_post(&app, "/slack/commands", "user_id=UANA")
            .await
            .status(),
        404
    );
}

async fn invitations_reach_people_in_slack_and_buttons_answer_in_place(
    app: TestApp,
    peers: ChatPeers,
) {
    app.sign_up("Olga Admin", "olga@example.com").await;
    connect(&app).await;
    let _ana = app.member("Ana Lopez", "ana@example.com").await;
    let _bo = app.member("Bo Chen", "bo@example.com").await;
    let cy = app.member("Cy Diaz", "cy@example.com").await;
    peers.member("ana@example.com", "UANA");
    peers.member("cy@example.com", "UCY");
    // Cy is in Slack but prefers email.
    assert_eq!(
        app.call_with(&cy, "profile/slack/save", &[]).await.status(),
        200
    );

    // Slack is busy for the first message: it waits for Slack's Retry-After.
    peers.script(
        "api:chat.postMessage",
        &[Answer {
            status: 429,
            retry_after: Some(30),
            body: String::new(),
        }],
    );
    let event = common::events::meetup(&app.state.db, "Guild lunch", 10).await;
    let res = app
        .call("events/invite", &[("id", &event.id.to_string())])
        .await;
    assert_eq!(res.status(), 200);
    let start = now();
    app.deliver_at(start).await;
    assert!(peers.received_by("DUANA").is_empty());
    let (state, run_at, error): (String, i64, Option<String>) = sqlx::query_as(
        "SELECT state, run_at, last_error FROM jobs WHERE idempotency_key LIKE 'event-invitation:%' AND user_id = $1",
    )
    .bind(app.user_id("ana@example.com").await)
    .fetch_one(app.state.db.pool())
    .await
    .unwrap();
    assert_eq!(state, "queued");
    assert!((start + 30..=start + 32).contains(&run_at), "{run_at}");
    assert_eq!(
        error.as_deref(),
        Some("Slack asked Tandem to wait 30 seconds (429)")
    );
    app.deliver_at(start + 40).await;
    app.deliver_at(start + 80).await;

    // Ana gets the invitation in Slack, once, and no email; Bo (unknown to Slack) and Cy (who
    // said no) get the email.
    let dms = peers.received_by("DUANA");
    assert_eq!(dms.len(), 1, "{dms:?}");
    assert_eq!(dms[0]["text"], "You're invited: Guild lunch");
    assert!(mails_to(&app, "ana@example.com")
        .iter()
        .all(|m| !m.contains("Guild lunch")));
    assert!(mails_to(&app, "bo@example.com")
        .iter()
        .any(|m| m.contains("You're invited: Guild lunch")));
    assert!(mails_to(&app, "cy@example.com")
        .iter()
        .any(|m| m.contains("You're invited: Guild lunch")));
    assert!(peers.received_by("DUCY").is_empty());
    // Slack was asked for each address once; the answers are remembered.
    let lookups = peers.calls("users.lookupByEmail").len();
    let ana_id = app.user_id("ana@example.com").await;
    let log = json(
        app.call("admin/delivery/person", &[("id", &ana_id.to_string())])
            .await,
    )
    .await;
    assert_eq!(log["lines"][0]["channel"], "slack", "{log}");

    let blocks = dms[0]["blocks"].clone();
    let buttons = blocks
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["type"] == "actions")
        .expect("answer buttons")["elements"]
        .clone();
    assert_eq!(buttons[0]["action_id"], "rsvp_going");
    assert_eq!(buttons[1]["action_id"], "rsvp_not_going");
    let token = buttons[0]["value"].as_str().unwrap().to_owned();

    let going = |db: app::ssr::storage::Db, id: i64| async move {
        db.rsvps(id)
            .await
            .unwrap()
            .into_iter()
            .filter(|r| r.state == RsvpState::Going)
            .map(|r| r.email)
            .collect::<Vec<_>>()
    };

    // Requests that are not Slack's, or not now, change nothing.
    let body = press(&peers, "UANA", "rsvp_going", &token, &blocks, 1);
    let at = now();
    let sig = signature::sign(SECRET.as_bytes(), at, body.as_bytes());
    let stale = now() - 400;
    let stale_sig = signature::sign(SECRET.as_bytes(), stale, body.as_bytes());
    let tampered = press(&peers, "UCY", "rsvp_going", &token, &blocks, 1);
    for (what, res) in [
        (
            "unsigned",
            slack_post(&app, "/slack/interactions", &body, at, None).await,
        ),
        (
            "stale",
            slack_post(&app, "/slack/interactions", &body, stale, Some(&stale_sig)).await,
        ),
        (
            "tampered",
            slack_post(&app, "/slack/interactions", &tampered, at, Some(&sig)).await,
        ),
        (
            "signed with another secret",
            slack_post(
                &app,
                "/slack/interactions",
                &body,
                at,
                Some(&signature::sign(
                    b"another secret of 32 characters!",
                    at,
                    body.as_bytes(),
                )),
            )
            .await,
        ),
    ] {
        assert_eq!(res.status(), 401, "{what}");
    }
    assert!(going(app.state.db.clone(), event.id).await.is_empty());
    assert!(responses(&peers).is_empty());

    // Ana presses "Going": she is going, and the message says so in place of the buttons.
    let res = slack_post(&app, "/slack/interactions", &body, at, Some(&sig)).await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    assert_eq!(
        going(app.state.db.clone(), event.id).await,
        ["ana@example.com"]
    );
    let replies = responses(&peers);
    assert_eq!(replies.len(), 1);
    assert_eq!(replies[0]["replace_original"], true);
    assert!(
        replies[0]["text"]
            .as_str()
            .unwrap()
            .starts_with("You answered Going for Guild lunch"),
        "{}",
        replies[0]
    );
    assert!(replies[0]["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .all(|b| b["type"] != "actions"));
    // The same request again is a replay.
    let res = slack_post(&app, "/slack/interactions", &body, at, Some(&sig)).await;
    assert_eq!(res.status(), 401);
    assert_eq!(responses(&peers).len(), 1);

    // Cy pressing a button sent to Ana changes nothing and is told why, alone.
    let res = signed_post(
        &app,
        "/slack/interactions",
        &press(&peers, "UCY", "rsvp_not_going", &token, &blocks, 2),
    )
    .await;
    assert_eq!(res.status(), 200);
    let replies = responses(&peers);
    assert_eq!(replies[1]["response_type"], "ephemeral");
    assert_eq!(replies[1]["text"], "This button was sent to someone else.");
    assert_eq!(
        going(app.state.db.clone(), event.id).await,
        ["ana@example.com"]
    );
    assert_eq!(
        peers.calls("users.lookupByEmail").len(),
        lookups,
        "Cy was found through users.info"
    );

    // `/tandem` shows Cy the invitation waiting for an answer, and Ana that nothing waits.
    let command = |user: &str| format!("command=%2Ftandem&text=&user_id={user}&team_id=T0TANDEM");
    let cy_sees = json(signed_post(&app, "/slack/commands", &command("UCY")).await).await;
    assert_eq!(cy_sees["response_type"], "ephemeral");
    let text = cy_sees["text"].as_str().unwrap();
    assert!(
        text.contains("Invitations waiting for your answer") && text.contains("Guild lunch"),
        "{text}"
    );
    assert!(text.contains("No session planned"), "{text}");
    let ana_sees = json(signed_post(&app, "/slack/commands", &command("UANA")).await).await;
    assert!(ana_sees["text"]
        .as_str()
        .unwrap()
        .contains("No invitations wait for your answer"));
    let stranger = json(signed_post(&app, "/slack/commands", &command("UNOBODY")).await).await;
    assert!(stranger["text"]
        .as_str()
        .unwrap()
        .contains("does not know your Slack account"));
    let res = slack_post(
        &app,
        "/slack/commands",
        &command("UCY"),
        now(),
        Some("v0=00"),
    )
    .await;
    assert_eq!(res.status(), 401);

    check_formats(&peers.received());
}

/// Ana and Bo, both in Slack, matched in a running program whose round is published and
/// delivered (twice, as workers may); returns the program.
async fn publish_pair_in_slack(app: &TestApp, peers: &ChatPeers) -> i64 {
    let (program, _, _) = common::program_with(
        app,
        app::domain::ProgramState::Running,
        &[
            ("Ana Lopez", "ana@example.com"),
            ("Bo Chen", "bo@example.com"),
        ],
    )
    .await;
    connect(app).await;
    peers.member("ana@example.com", "UANA");
    peers.member("bo@example.com", "UBO");
    let p = program.to_string();
    for step in ["rounds/draft", "rounds/publish"] {
        assert_eq!(
            app.call(step, &[("program_id", &p)]).await.status(),
            200,
            "{step}"
        );
    }
    app.deliver().await;
    app.deliver().await;
    program
}

async fn a_new_pair_hears_in_slack_each_and_together_once(app: TestApp, peers: ChatPeers) {
    let program = publish_pair_in_slack(&app, &peers).await;

    // Each hears of the match in their own message, and no email.
    for (me, other, channel) in [("ana", "Bo Chen", "DUANA"), ("bo", "Ana Lopez", "DUBO")] {
        let dms = peers.received_by(channel);
        assert_eq!(dms.len(), 1, "{me}: {dms:?}");
        assert!(dms[0].to_string().contains(other), "{}", dms[0]);
        let mails = mails_to(&app, &format!("{me}@example.com"));
        assert!(
            mails.iter().all(|m| !m.contains(other)),
            "{me} got an email"
        );
    }
    // And the pair has a group message, once, with why they were matched and an agenda.
    let group = peers.received_by("GUANA-UBO");
    assert_eq!(group.len(), 1, "{group:?}");
    let text = group[0].to_string();
    assert!(
        text.contains("Ana Lopez and Bo Chen: you're matched in Spring pairs"),
        "{text}"
    );
    assert!(text.contains("A first agenda:"), "{text}");
    assert!(
        text.contains(&app.url(&format!("/programs/{program}/pair"))),
        "{text}"
    );
    check_formats(&peers.received());
}

async fn a_goal_reminder_is_snoozed_for_a_week_from_slack(app: TestApp, peers: ChatPeers) {
    use app::domain::ProgramState;
    const DAY: i64 = 86_400;
    let (program, _, clients) = common::program_with(
        &app,
        ProgramState::Running,
        &[("Ana Lopez", "ana@example.com")],
    )
    .await;
    connect(&app).await;
    peers.member("ana@example.com", "UANA");
    let program = program.to_string();
    let res = app
        .call_with(
            &clients[0],
            "goals/save",
            &[
                ("program_id", program.as_str()),
                ("input[title]", "Run the weekly demo"),
                ("input[category]", "skill"),
                ("input[measure]", "milestones"),
                ("input[milestones]", "Book a room\nShow the first demo"),
                ("input[visibility]", "match"),
            ],
        )
        .await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    app.deliver().await;
    let scan = |at: i64| {
        let state = app.state.clone();
        async move {
            app::ssr::delivery::schedule::queue_periodic(&state, at)
                .await
                .unwrap();
            app::ssr::delivery::drain_at(&state, "test-worker", at)
                .await
                .unwrap();
        }
    };
    let reminders = || {
        peers
            .received_by("DUANA")
            .into_iter()
            .filter(|m| m["text"] == "A goal is waiting for a check-in")
            .collect::<Vec<_>>()
    };
    // The first Monday noon eight days or more from now: the goal asks for a check-in.
    let days = (now() + 8 * DAY).div_euclid(DAY);
    let monday = (days + (7 - (days + 3).rem_euclid(7)) % 7) * DAY + 12 * 3600;
    scan(monday).await;
    let first = reminders();
    assert_eq!(first.len(), 1, "{first:?}");
    let snooze = first[0]["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["type"] == "actions")
        .expect("a snooze button")["elements"][0]
        .clone();
    assert_eq!(snooze["action_id"], "snooze_week");
    assert_eq!(snooze["text"]["text"], "Snooze a week");

    let body = press(
        &peers,
        "UANA",
        "snooze_week",
        snooze["value"].as_str().unwrap(),
        &first[0]["blocks"],
        7,
    );
    assert_eq!(
        signed_post(&app, "/slack/interactions", &body)
            .await
            .status(),
        200
    );
    assert_eq!(
        responses(&peers)[0]["text"],
        "Snoozed: no goal check-in reminder next week."
    );
    // Next week is quiet; the week after, the reminder comes again.
    scan(monday + 7 * DAY).await;
    assert_eq!(reminders().len(), 1);
    scan(monday + 14 * DAY).await;
    assert_eq!(reminders().len(), 2);
}

async fn without_group_messages_each_of_a_pair_still_hears_once(app: TestApp, peers: ChatPeers) {
    // An app made from an older manifest, without mpim:write.
    peers.refuse_group_messages();
    publish_pair_in_slack(&app, &peers).await;
    assert!(peers.received_by("GUANA-UBO").is_empty());
    assert_eq!(peers.received_by("DUANA").len(), 1);
    assert_eq!(peers.received_by("DUBO").len(), 1);
    // The group message is not tried again and again: its job is done.
    let (state, attempts): (String, i64) =
        sqlx::query_as("SELECT state, attempts FROM jobs WHERE kind = 'introduce_group'")
            .fetch_one(app.state.db.pool())
            .await
            .unwrap();
    assert_eq!((state.as_str(), attempts), ("done", 1));
}
