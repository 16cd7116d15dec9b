//! Chat channels over HTTP: a program's admins add Slack and Teams webhooks, the program's
//! news reaches each channel once through the job queue, refusals are retried or fail with
//! the reason in the delivery log, and the test button says what the channel answered. Slack
//! and Teams are stand-ins on loopback speaking their documented wire formats
//! (`common::chat`); every message they received is checked against Block Kit's types and
//! the Adaptive Card 1.4 schema.

mod common;

use app::ssr::storage::now;
use common::chat::{check_formats, Answer, ChatPeers};
use common::programs::{answers, cast, enroll, json, survey};
use common::TestApp;
use serde_json::Value;

on_both_databases!(
    channels_are_added_checked_and_never_shown_whole,
    a_programs_news_reaches_each_channel_once,
    refused_posts_are_retried_or_fail_with_the_reason,
    the_week_s_highlights_count_meetings_and_shared_goals,
);

/// Sam's new program (not yet open), with the form's fields.
async fn draft_program(app: &TestApp, sam: &reqwest::Client) -> String {
    let res = app
        .call_with(
            sam,
            "save_program",
            &[
                ("input[name]", "Data guild"),
                (
                    "input[description]",
                    "Pairs who grow their SQL & data skills.\n\nMore below.",
                ),
                ("input[format]", "peer"),
                ("input[enrollment_opens_on]", "2027-01-04"),
                ("input[enrollment_closes_on]", "2027-01-22"),
                ("input[starts_on]", "2027-02-01"),
                ("input[ends_on]", "2027-07-30"),
            ],
        )
        .await;
    assert_eq!(res.status(), 200);
    res.headers()["location"]
        .to_str()
        .unwrap()
        .trim_start_matches("/programs/")
        .trim_end_matches("?saved=1")
        .to_owned()
}

async fn add_channel(
    app: &TestApp,
    who: &reqwest::Client,
    program: &str,
    kind: &str,
    url: &str,
) -> reqwest::Response {
    app.call_with(
        who,
        "programs/chat/add",
        &[("program_id", program), ("kind", kind), ("url", url)],
    )
    .await
}

async fn settings(app: &TestApp, who: &reqwest::Client, program: &str) -> Value {
    json(
        app.call_with(who, "programs/chat", &[("program_id", program)])
            .await,
    )
    .await
}

fn title(body: &Value) -> String {
    body["blocks"][0]["text"]["text"]
        .as_str()
        .or_else(|| body["attachments"][0]["content"]["body"][0]["text"].as_str())
        .unwrap_or_default()
        .to_owned()
}

async fn channels_are_added_checked_and_never_shown_whole(app: TestApp) {
    let peers = ChatPeers::start().await;
    let c = cast(&app).await;
    let program = draft_program(&app, &c.sam).await;
    let slack = peers.slack_hook("data");

    // Addresses that are not webhooks of the chosen service are refused, saying why.
    for (kind, url, says) in [
        ("slack", "", "Paste the webhook address"),
        ("slack", "not a url", "not a web address"),
        (
            "slack",
            "https://example.com/services/T/B/x",
            "example.com is not one of them",
        ),
        ("slack", &format!("{}/hooks/x", peers.base), "/services/"),
        ("teams", "ftp://127.0.0.1/workflows/x", "https://"),
        ("discord", &slack, "Choose Slack or Microsoft Teams"),
    ] {
        let res = add_channel(&app, &c.sam, &program, kind, url).await;
        assert_eq!(res.status(), 400, "{kind} {url}");
        let text = res.text().await.unwrap();
        assert!(text.contains(says), "{url}: {text}");
    }
    // Only those who run the program manage its channels.
    assert_eq!(
        add_channel(&app, &c.ana, &program, "slack", &slack)
            .await
            .status(),
        404
    );
    let res = app
        .call_with(&c.ana, "programs/chat", &[("program_id", &program)])
        .await;
    assert_eq!(
        res.status(),
        404,
        "a draft program is not even shown to her"
    );

    let res = add_channel(&app, &c.sam, &program, "slack", &slack).await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.headers()["location"],
        format!("/programs/{program}/channels?added=1").as_str()
    );
    let teams = peers.teams_hook("data");
    assert_eq!(
        add_channel(&app, &c.sam, &program, "teams", &teams)
            .await
            .status(),
        200
    );

    // The page shows where each channel is and its last characters, never the address.
    let page = settings(&app, &c.sam, &program).await;
    let channels = page["channels"].as_array().unwrap();
    assert_eq!(channels.len(), 2);
    assert_eq!(channels[0]["kind"], "Slack");
    assert_eq!(channels[0]["hint"], format!("{}/…data", peers.base));
    assert_eq!(channels[1]["kind"], "Microsoft Teams");
    assert_eq!(channels[1]["hint"], format!("{}/…data", peers.base));
    let html = common::html(&c.sam, &app.url(&format!("/programs/{program}/channels"))).await;
    assert!(html.contains("Chat channels") && html.contains("Microsoft Teams"));
    assert!(
        !html.contains("xoxsecretdata")
            && !html.contains("sigsecret")
            && !html.contains("secretdata")
    );
    // Nor does the database hold it in the clear.
    let stored: Vec<String> = sqlx::query_scalar("SELECT sealed_url FROM chat_channels")
        .fetch_all(app.state.db.pool())
        .await
        .unwrap();
    assert_eq!(stored.len(), 2);
    assert!(stored
        .iter()
        .all(|s| !s.contains("secret") && !s.contains("127.0.0.1")));

    // The test button posts while the admin waits and says what the channel answered.
    let id = channels[0]["id"].to_string();
    let line = json(
        app.call_with(
            &c.sam,
            "programs/chat/test",
            &[("program_id", &program), ("channel_id", &id)],
        )
        .await,
    )
    .await;
    assert_eq!(line["state"], "done", "{line}");
    assert_eq!(line["channel"], "slack");
    let got = peers.received_by("B0data");
    assert_eq!(got.len(), 1);
    assert_eq!(title(&got[0]), "Tandem is connected to Data guild");
    // Without JavaScript, the page it returns to shows the same result.
    let back = format!("/programs/{program}/channels?test={}", line["id"]);
    let html = common::html(&c.sam, &app.url(&back)).await;
    assert!(html.contains("The test message was posted"), "{html}");
    // Someone who does not run the program cannot read it.
    let res = app
        .call_with(
            &c.ana,
            "programs/chat/tested",
            &[("program_id", &program), ("id", &line["id"].to_string())],
        )
        .await;
    assert_eq!(res.status(), 404);

    // A channel that refuses says why, in words the admin can act on.
    peers.script(
        "data/triggers",
        &[Answer {
            status: 404,
            retry_after: None,
            body: String::new(),
        }],
    );
    let teams_id = channels[1]["id"].to_string();
    let line = json(
        app.call_with(
            &c.sam,
            "programs/chat/test",
            &[("program_id", &program), ("channel_id", &teams_id)],
        )
        .await,
    )
    .await;
    assert_eq!(line["state"], "failed");
    assert!(
        line["reason"]
            .as_str()
            .unwrap()
            .contains("workflow is gone"),
        "{line}"
    );

    // Removing a channel: nothing more goes there, and another program cannot remove it.
    let other = draft_program(&app, &c.pat).await;
    let res = app
        .call_with(
            &c.pat,
            "programs/chat/remove",
            &[("program_id", &other), ("channel_id", &id)],
        )
        .await;
    assert_eq!(res.status(), 404);
    let res = app
        .call_with(
            &c.sam,
            "programs/chat/remove",
            &[("program_id", &program), ("channel_id", &id)],
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        settings(&app, &c.sam, &program).await["channels"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

async fn a_programs_news_reaches_each_channel_once(app: TestApp) {
    let peers = ChatPeers::start().await;
    let c = cast(&app).await;
    let program = draft_program(&app, &c.sam).await;
    for (kind, url) in [
        ("slack", peers.slack_hook("guild")),
        ("teams", peers.teams_hook("guild")),
    ] {
        assert_eq!(
            add_channel(&app, &c.sam, &program, kind, &url)
                .await
                .status(),
            200
        );
    }
    // Opening for enrollment is announced, with the way to enroll.
    let res = app
        .call_with(
            &c.sam,
            "program_state",
            &[("id", &program), ("state", "enrolling")],
        )
        .await;
    assert_eq!(res.status(), 200);
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
    assert_eq!(
        app.call_with(&c.sam, "rounds/draft", &[("program_id", &program)])
            .await
            .status(),
        200
    );
    assert_eq!(
        app.call_with(&c.sam, "rounds/publish", &[("program_id", &program)])
            .await
            .status(),
        200
    );
    // However often the workers run, each channel hears each piece of news once.
    app.deliver().await;
    app.deliver().await;
    for hook in ["B0guild", "guild/triggers"] {
        let got = peers.received_by(hook);
        let titles: Vec<String> = got.iter().map(title).collect();
        assert_eq!(
            titles,
            [
                "Enrollment is open: Data guild",
                "Round 1 of Data guild is out"
            ],
            "{hook}"
        );
        let round = got[1].to_string();
        assert!(
            round.contains("4 people are matched in 2 groups"),
            "{round}"
        );
        assert!(
            round.contains(&app.url(&format!("/programs/{program}"))),
            "a link to the program"
        );
        // Names only when the program's admins say so.
        for name in ["Ana Lopez", "Bo Chen", "Cy Diaz", "Pat Quinn"] {
            assert!(!round.contains(name), "{hook} names {name}");
        }
        let open = got[0].to_string();
        assert!(open.contains(&app.url(&format!("/programs/{program}/enroll"))));
    }
    // Slack's text is escaped for mrkdwn; Teams' is plain.
    let slack_open = peers.received_by("B0guild")[0].to_string();
    assert!(slack_open.contains("SQL &amp; data skills"), "{slack_open}");
    assert!(peers.received_by("guild/triggers")[0]
        .to_string()
        .contains("SQL & data skills"));

    // With names turned on, the announcement names who is matched with whom.
    let res = app
        .call_with(
            &c.sam,
            "programs/chat/names",
            &[("program_id", &program), ("names", "on")],
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(settings(&app, &c.sam, &program).await["name_people"], true);
    let round_id: i64 = sqlx::query_scalar("SELECT id FROM match_rounds WHERE program_id = $1")
        .bind(program.parse::<i64>().unwrap())
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    let posts = app::ssr::chat::posts(
        &app.state,
        program.parse().unwrap(),
        app::domain::ChatNews::RoundPublished { round_id },
        "again",
        now(),
    )
    .await
    .unwrap();
    assert_eq!(posts.len(), 2, "one post per channel");
    assert!(["Ana Lopez", "Bo Chen", "Cy Diaz", "Pat Quinn"]
        .iter()
        .all(|name| posts[0].payload.contains(name)));

    // Invitations to an event for the program are posted with an RSVP button, once however
    // often invitations go out.
    let pid: i64 = program.parse().unwrap();
    let event = app
        .state
        .db
        .create_event(&app::ssr::storage::NewEvent {
            programs: vec![pid],
            ..common::events::meetup_spec("Guild lunch", 12)
        })
        .await
        .unwrap();
    for _ in 0..2 {
        let res = app
            .call_with(&c.sam, "events/invite", &[("id", &event.to_string())])
            .await;
        assert_eq!(res.status(), 200);
        app.deliver().await;
    }
    for hook in ["B0guild", "guild/triggers"] {
        let got = peers.received_by(hook);
        assert_eq!(got.len(), 3, "{hook}");
        assert_eq!(title(&got[2]), "Meetup: Guild lunch");
        let post = got[2].to_string();
        assert!(
            post.contains(&app.url(&format!("/events/{event}"))),
            "{post}"
        );
        assert!(
            post.contains("12 of 12 left") && post.contains("Atrium, ground floor"),
            "{post}"
        );
        assert!(post.contains("RSVP"));
    }

    check_formats(&peers.received());
}

async fn refused_posts_are_retried_or_fail_with_the_reason(app: TestApp) {
    let peers = ChatPeers::start().await;
    let c = cast(&app).await;
    let program = draft_program(&app, &c.sam).await;
    for (kind, url) in [
        ("slack", peers.slack_hook("busy")),
        ("teams", peers.teams_hook("flaky")),
        ("slack", peers.slack_hook("gone")),
    ] {
        assert_eq!(
            add_channel(&app, &c.sam, &program, kind, &url)
                .await
                .status(),
            200
        );
    }
    // Slack asks Tandem to wait two minutes; Teams has a bad moment; the last webhook was
    // removed in Slack.
    peers.script(
        "B0busy",
        &[Answer {
            status: 429,
            retry_after: Some(120),
            body: "rate_limited".into(),
        }],
    );
    peers.script(
        "flaky",
        &[Answer {
            status: 503,
            retry_after: None,
            body: String::new(),
        }],
    );
    peers.script(
        "B0gone",
        &vec![
            Answer {
                status: 404,
                retry_after: None,
                body: "no_service".into()
            };
            9
        ],
    );
    app.call_with(
        &c.sam,
        "program_state",
        &[("id", &program), ("state", "enrolling")],
    )
    .await;
    let start = now();
    app.deliver_at(start).await;
    assert!(peers.received().is_empty(), "nothing got through yet");

    let jobs: Vec<(String, String, i64, Option<String>)> = sqlx::query_as(
        "SELECT idempotency_key, state, run_at, last_error FROM jobs WHERE kind = 'chat' ORDER BY id",
    )
    .fetch_all(app.state.db.pool())
    .await
    .unwrap();
    assert_eq!(jobs.len(), 3);
    let (_, state, run_at, error) = &jobs[0];
    assert_eq!(state, "queued");
    assert!(
        (start + 120..=start + 122).contains(run_at),
        "Retry-After is honoured: {run_at}"
    );
    assert_eq!(
        error.as_deref(),
        Some("Slack asked Tandem to slow down (429)")
    );
    let (_, state, run_at, error) = &jobs[1];
    assert_eq!(state, "queued");
    assert!(
        *run_at > start && *run_at < start + 120,
        "a 503 backs off: {run_at}"
    );
    assert!(error
        .as_deref()
        .unwrap()
        .contains("Microsoft Teams had a problem (503)"));
    let (_, state, _, error) = &jobs[2];
    assert_eq!(state, "failed", "a removed webhook is not tried again");
    assert_eq!(
        error.as_deref(),
        Some("Slack refused the message (404): no_service: the webhook was removed or turned off; add the channel again with a new webhook")
    );

    // Later, both get through, once.
    app.deliver_at(start + 130).await;
    app.deliver_at(start + 200).await;
    assert_eq!(peers.received_by("B0busy").len(), 1);
    assert_eq!(peers.received_by("flaky").len(), 1);
    assert!(peers.received_by("B0gone").is_empty());

    // The failure is in the delivery log, with its reason.
    let log = json(app.call("admin/delivery", &[]).await).await;
    let failed = log["failed"].as_array().unwrap();
    assert!(
        failed.iter().any(|l| l["channel"] == "slack"
            && l["subject"] == "Enrollment is open: Data guild"
            && l["reason"].as_str().unwrap().contains("no_service")),
        "{log}"
    );
}

async fn the_week_s_highlights_count_meetings_and_shared_goals(app: TestApp) {
    use app::domain::ProgramState;
    let peers = ChatPeers::start().await;
    let (program, ids, _) = common::program_with(
        &app,
        ProgramState::Running,
        &[
            ("Ana Lopez", "ana@example.com"),
            ("Bo Chen", "bo@example.com"),
        ],
    )
    .await;
    let p = program.to_string();
    assert_eq!(
        add_channel(&app, &app.client, &p, "slack", &peers.slack_hook("week"))
            .await
            .status(),
        200
    );
    assert_eq!(
        app.call("rounds/draft", &[("program_id", &p)])
            .await
            .status(),
        200
    );
    assert_eq!(
        app.call("rounds/publish", &[("program_id", &p)])
            .await
            .status(),
        200
    );
    let round: i64 = sqlx::query_scalar("SELECT id FROM match_rounds WHERE program_id = $1")
        .bind(program)
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    app.deliver().await;
    let before = peers.received_by("B0week").len();

    // A week (Monday 09:00 UTC to Monday 09:00 UTC) with one meeting held, and one goal
    // achieved that its owner shares with admins and one kept private.
    let monday = app::ssr::chat::news::week_start(app::ssr::chat::news::week_of(now()) + 1);
    let session = common::accepted_session(
        &app.state.db,
        (program, round),
        ids["ana"],
        (monday - 3 * 86_400, 45),
        "Café",
        &[],
    )
    .await;
    sqlx::query("UPDATE pair_sessions SET held = 1 WHERE id = $1")
        .bind(session)
        .execute(app.state.db.pool())
        .await
        .unwrap();
    for (visibility, title) in [
        ("match_admins", "Ship the report"),
        ("private", "Secret goal"),
    ] {
        sqlx::query(
            "INSERT INTO goals (owner_id, program_id, title, category, measure, visibility, status, position, created_at, updated_at) \
             VALUES ($1, $2, $3, 'skill', 'milestones', $4, 'achieved', 0, $5, $5)",
        )
        .bind(ids["ana"])
        .bind(program)
        .bind(title)
        .bind(visibility)
        .bind(monday - 86_400)
        .execute(app.state.db.pool())
        .await
        .unwrap();
    }
    // The periodic task runs every ten minutes on every server; the week is told once.
    for at in [monday + 60, monday + 660, monday + 1260] {
        app::ssr::delivery::schedule::queue_periodic(&app.state, at)
            .await
            .unwrap();
        app.deliver_at(at).await;
    }
    let got = peers.received_by("B0week");
    assert_eq!(got.len(), before + 1, "{got:?}");
    let week = got.last().unwrap().to_string();
    assert!(week.contains("This week in Spring pairs"), "{week}");
    assert!(week.contains("1 meeting held, 1 goal achieved"), "{week}");
}
