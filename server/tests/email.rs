//! Email through a real SMTP server (aiosmtpd, with STARTTLS and AUTH) on loopback: what it
//! receives is parsed as a mail client would, its links work, a 451 is retried and a 550 is
//! shown to org admins with the server's words.

mod common;

use app::ssr::support::mailer::{SmtpMailer, SmtpSecurity, SmtpSettings};
use common::smtp::SmtpPeer;
use common::{Backend, TestApp};
use mail_parser::{MessageParser, MimeHeaders};
use serde_json::Value;
use std::sync::Arc;
use std::time::Duration;

/// Runs each case on SQLite and PostgreSQL, with a fresh SMTP server for the app's email.
macro_rules! with_smtp_on_both_databases {
    ($($case:ident),* $(,)?) => {$(
        mod $case {
            use super::*;
            async fn run(backend: Backend) {
                let Some(smtp) = SmtpPeer::start() else { return };
                let mailer: Arc<dyn app::ssr::support::mailer::Mailer> = Arc::new(smtp.mailer());
                if let Some(app) = common::spawn_app_with(backend, Some(mailer)).await {
                    super::$case(app, smtp).await;
                }
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() { run(Backend::Sqlite).await }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() { run(Backend::Postgres).await }
        }
    )*};
}

with_smtp_on_both_databases!(
    a_reset_link_arrives_over_starttls_as_a_multipart_message_that_works,
    a_server_that_answers_451_gets_the_message_again_later,
    a_550_fails_at_once_and_org_admins_see_the_servers_answer,
    an_admin_test_message_says_what_the_server_answered,
);

fn parse(raw: &[u8]) -> mail_parser::Message<'_> {
    MessageParser::default()
        .parse(raw)
        .expect("a readable message")
}

async fn json(res: reqwest::Response) -> Value {
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

async fn a_reset_link_arrives_over_starttls_as_a_multipart_message_that_works(
    app: TestApp,
    smtp: SmtpPeer,
) {
    app.sign_up("Olga Admin", "olga@example.com").await;
    app.sign_out().await;
    let res = app
        .call("forgot_password", &[("email", "olga@example.com")])
        .await;
    assert_eq!(res.status(), 200);
    assert!(
        smtp.received().is_empty(),
        "nothing is sent inside the request"
    );
    app.deliver().await;

    let received = smtp.received_by("olga@example.com");
    assert_eq!(received.len(), 1);
    let mail = parse(&received[0]);
    assert_eq!(mail.subject(), Some("Reset your Tandem password"));
    assert_eq!(
        mail.from()
            .and_then(|f| f.first())
            .and_then(|a| a.address()),
        Some("tandem@northwind.example")
    );
    assert!(mail.message_id().is_some_and(|id| id.contains('@')));
    let kind = mail.content_type().expect("a content type");
    assert_eq!(
        (kind.ctype(), kind.subtype()),
        ("multipart", Some("alternative"))
    );
    let text = mail.body_text(0).expect("a plain-text part").into_owned();
    let html = mail.body_html(0).expect("an HTML part").into_owned();
    assert!(text.contains("Choose a new password"), "{text}");
    assert!(html.contains("<a href=\""), "{html}");
    assert!(
        mail.header("List-Unsubscribe").is_none(),
        "account mail has no unsubscribe"
    );

    // The link in it works.
    let token = TestApp::token_in(&text, "token");
    let res = app
        .call(
            "reset_password",
            &[("token", &token), ("password", "a password from the email")],
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(app.me().await["email"], "olga@example.com");

    // The log says it was delivered, through email.
    let olga = app.user_id("olga@example.com").await;
    let log = json(
        app.call("admin/delivery/person", &[("id", &olga.to_string())])
            .await,
    )
    .await;
    assert_eq!(log["lines"][0]["subject"], "Reset your Tandem password");
    assert_eq!(log["lines"][0]["channel"], "email");
    assert_eq!(log["lines"][0]["state"], "done");
}

async fn a_server_that_answers_451_gets_the_message_again_later(app: TestApp, smtp: SmtpPeer) {
    app.sign_up("Olga Admin", "olga@example.com").await;
    app.member("Fay Flaky", "flaky-1@example.com").await;
    app.call("forgot_password", &[("email", "flaky-1@example.com")])
        .await;
    app.deliver().await;
    assert!(smtp.received_by("flaky-1@example.com").is_empty());
    let fay = app.user_id("flaky-1@example.com").await;
    let log = json(
        app.call("admin/delivery/person", &[("id", &fay.to_string())])
            .await,
    )
    .await;
    let line = &log["lines"][0];
    assert_eq!(line["state"], "queued", "waiting to be tried again");
    assert_eq!(line["attempts"], 1);
    assert!(line["reason"].as_str().unwrap().contains("451"), "{line}");

    // Not before its backoff: a minute on, the second attempt goes through.
    app.deliver().await;
    assert!(smtp.received_by("flaky-1@example.com").is_empty());
    app.deliver_at(app::ssr::storage::now() + 60).await;
    let received = smtp.received_by("flaky-1@example.com");
    assert_eq!(received.len(), 1, "delivered once");
    let log = json(
        app.call("admin/delivery/person", &[("id", &fay.to_string())])
            .await,
    )
    .await;
    assert_eq!(log["lines"][0]["state"], "done");
    assert_eq!(log["lines"][0]["attempts"], 2);
}

async fn a_550_fails_at_once_and_org_admins_see_the_servers_answer(app: TestApp, smtp: SmtpPeer) {
    app.sign_up("Olga Admin", "olga@example.com").await;
    let rex = app.member("Rex Gone", "reject@example.com").await;
    app.call("forgot_password", &[("email", "reject@example.com")])
        .await;
    app.deliver().await;
    assert!(smtp.received().is_empty());

    let overview = json(app.call("admin/delivery", &[]).await).await;
    assert_eq!(overview["failed_count"], 1);
    let failed = &overview["failed"][0];
    assert_eq!(failed["recipient"], "Rex Gone");
    assert_eq!(failed["attempts"], 1, "a permanent refusal is not retried");
    let reason = failed["reason"].as_str().unwrap();
    assert!(
        reason.contains("550") && reason.contains("mailbox unavailable"),
        "{reason}"
    );
    assert!(overview["transport"]
        .as_str()
        .unwrap()
        .contains(&format!("127.0.0.1:{} (STARTTLS)", smtp.port)));

    // The pages say the same, without JavaScript.
    let page = common::html(&app.client, &app.url("/admin/delivery")).await;
    assert!(page.contains("Rex Gone") && page.contains("mailbox unavailable"));
    let rex_id = app.user_id("reject@example.com").await;
    let page = common::html(
        &app.client,
        &app.url(&format!("/admin/people/{rex_id}/delivery")),
    )
    .await;
    assert!(page.contains("Messages to Rex Gone"), "{page}");
    assert!(page.contains("Reset your Tandem password") && page.contains("Failed"));

    // Trying again queues it once more; the server still refuses.
    let id = failed["id"].to_string();
    let res = app.call("admin/delivery/retry", &[("id", &id)]).await;
    assert_eq!(
        res.headers()["location"].to_str().unwrap(),
        "/admin/delivery?retried=1"
    );
    let res = app.call("admin/delivery/retry", &[("id", &id)]).await;
    assert_eq!(res.status(), 404, "it is no longer failed");
    app.deliver().await;
    let overview = json(app.call("admin/delivery", &[]).await).await;
    assert_eq!(overview["failed_count"], 1);
    assert!(smtp.received().is_empty());

    // Only org admins see any of it.
    assert_eq!(
        app.call_with(&rex, "admin/delivery", &[]).await.status(),
        403
    );
    assert_eq!(
        app.call_with(
            &rex,
            "admin/delivery/person",
            &[("id", &rex_id.to_string())]
        )
        .await
        .status(),
        403
    );
}

async fn an_admin_test_message_says_what_the_server_answered(app: TestApp, smtp: SmtpPeer) {
    app.sign_up("Olga Admin", "olga@example.com").await;
    let res = app.call("admin/delivery/test", &[]).await;
    let location = res.headers()["location"].to_str().unwrap().to_owned();
    let line = json(res).await;
    assert_eq!(line["state"], "done");
    assert_eq!(
        location,
        format!("/admin/settings?test={}#email", line["id"])
    );
    let received = smtp.received_by("olga@example.com");
    assert_eq!(received.len(), 1, "sent while the admin waited");
    let mail = parse(&received[0]);
    assert_eq!(mail.subject(), Some("A test message from Tandem"));
    let text = mail.body_text(0).unwrap().into_owned();
    assert!(text.contains(&format!("127.0.0.1:{}", smtp.port)), "{text}");

    // After the redirect (no JavaScript), the settings page shows the result.
    let page = common::html(&app.client, &app.url(&location.replace("#email", ""))).await;
    assert!(page.contains("The test message was delivered"), "{page}");
}

/// A mail server that is down, or refuses Tandem's password: the admin's test message says so
/// at once, as a retry or as a failure with the server's answer.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_test_message_names_a_server_that_is_down_or_refuses_the_login() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let down = SmtpMailer::new(
        &SmtpSettings {
            host: "127.0.0.1".into(),
            port,
            security: SmtpSecurity::Starttls,
            username: None,
            password: None,
            ca_pem: None,
            timeout: Duration::from_secs(5),
        },
        "Tandem <tandem@localhost>",
    )
    .unwrap();
    let app = common::spawn_app_with(Backend::Sqlite, Some(Arc::new(down)))
        .await
        .unwrap();
    app.sign_up("Olga Admin", "olga@example.com").await;
    let line = json(app.call("admin/delivery/test", &[]).await).await;
    assert_eq!(line["state"], "queued", "tried again later: {line}");
    assert!(
        line["reason"]
            .as_str()
            .unwrap()
            .contains("did not take the message this time"),
        "{line}"
    );
    let page = common::html(
        &app.client,
        &app.url(&format!("/admin/settings?test={}", line["id"])),
    )
    .await;
    assert!(page.contains("Tandem will try again"), "{page}");

    let Some(smtp) = SmtpPeer::start() else {
        return;
    };
    let mut settings = smtp.settings();
    settings.password = Some("not the password".into());
    let refused = SmtpMailer::new(&settings, "Tandem <tandem@localhost>").unwrap();
    let app = common::spawn_app_with(Backend::Sqlite, Some(Arc::new(refused)))
        .await
        .unwrap();
    app.sign_up("Olga Admin", "olga@example.com").await;
    let line = json(app.call("admin/delivery/test", &[]).await).await;
    assert_eq!(line["state"], "failed", "{line}");
    assert!(
        line["reason"].as_str().unwrap().contains("535"),
        "the server's answer is kept: {line}"
    );
    assert!(smtp.received().is_empty());
}
