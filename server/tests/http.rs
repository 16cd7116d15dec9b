//! HTTP tests: a real server on loopback, driven the way a browser and the hydrated app do.

mod common;

use common::{client, TestApp, PASSWORD};
use serde_json::Value;

on_both_databases!(
    sign_up_sign_in_and_sign_out,
    wrong_passwords_get_one_generic_answer_and_are_throttled,
    cross_site_posts_are_refused,
    participants_cannot_reach_org_admin_functions,
    reset_links_work_once_and_expire,
    invitations_decide_who_may_join_and_their_role,
);

async fn error_of(res: reqwest::Response) -> Value {
    res.json::<Value>().await.unwrap()
}

async fn sign_up_sign_in_and_sign_out(app: TestApp) {
    assert_eq!(app.me().await, Value::Null);

    let res = app.sign_up("Ana Lopez", "Ana@Example.com").await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["location"], "/profile?welcome=1");
    let cookie = res.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(cookie.starts_with("tandem_session="), "{cookie}");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/"),
        "{cookie}"
    );
    assert!(
        !cookie.contains("Secure"),
        "no Secure flag on a plain-http base URL"
    );

    let me = app.me().await;
    assert_eq!(me["email"], "ana@example.com");
    assert_eq!(
        me["role"], "org_admin",
        "the first account administers the organisation"
    );

    // A second person signs up as a participant.
    let other = client();
    let res = app
        .call_with(
            &other,
            "sign_up",
            &[
                ("name", "Bo Berg"),
                ("email", "bo@example.com"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(res.status(), 200);
    let me: Value = app.call_with(&other, "me", &[]).await.json().await.unwrap();
    assert_eq!(me["role"], "participant");

    // The same address cannot sign up twice.
    let res = app
        .call_with(
            &client(),
            "sign_up",
            &[
                ("name", "Again"),
                ("email", "BO@example.com"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(res.status(), 400);
    assert_eq!(error_of(res).await["Invalid"]["field"], "email");

    // Field problems are named.
    let res = app
        .call_with(
            &client(),
            "sign_up",
            &[
                ("name", "Cy"),
                ("email", "cy@example.com"),
                ("password", "short"),
            ],
        )
        .await;
    assert_eq!(res.status(), 400);
    let e = error_of(res).await;
    assert_eq!(e["Invalid"]["field"], "password");
    assert_eq!(e["Invalid"]["message"], "Use at least 12 characters.");

    app.sign_out().await;
    assert_eq!(app.me().await, Value::Null);

    let res = app.sign_in("ana@example.com", PASSWORD).await;
    assert_eq!(res.status(), 200);
    let rotated = res.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert_ne!(
        cookie.split(';').next(),
        rotated.split(';').next(),
        "a new session id at sign-in"
    );
    assert_eq!(app.me().await["name"], "Ana Lopez");

    // A local `next` is followed; another site is not.
    let res = app
        .call(
            "sign_in",
            &[
                ("email", "ana@example.com"),
                ("password", PASSWORD),
                ("next", "//evil.example/x"),
            ],
        )
        .await;
    assert_eq!(res.headers()["location"], "/");
    let res = app
        .call(
            "sign_in",
            &[
                ("email", "ana@example.com"),
                ("password", PASSWORD),
                ("next", "/profile"),
            ],
        )
        .await;
    assert_eq!(res.headers()["location"], "/profile");
}

async fn wrong_passwords_get_one_generic_answer_and_are_throttled(app: TestApp) {
    app.sign_up("Ana Lopez", "ana@example.com").await;
    app.sign_out().await;

    let wrong = app
        .sign_in("ana@example.com", "not the right password")
        .await;
    assert_eq!(wrong.status(), 400);
    let wrong = error_of(wrong).await;
    let unknown = error_of(
        app.sign_in("nobody@example.com", "not the right password")
            .await,
    )
    .await;
    assert_eq!(
        wrong, unknown,
        "the answer does not tell which accounts exist"
    );
    assert_eq!(
        wrong["Invalid"]["message"],
        "The email or password is incorrect."
    );

    for _ in 0..4 {
        assert_eq!(
            app.sign_in("ana@example.com", "not the right password")
                .await
                .status(),
            400
        );
    }
    // Five failures: now even the right password is refused for a while.
    let res = app.sign_in("ana@example.com", PASSWORD).await;
    assert_eq!(res.status(), 429);
    assert_eq!(error_of(res).await, serde_json::json!("TooManyRequests"));
    assert_eq!(app.me().await, Value::Null);

    // Per address: twenty failures across accounts block further tries from it.
    for i in 0..14 {
        app.sign_in(&format!("guess{i}@example.com"), "whatever it is")
            .await;
    }
    assert_eq!(
        app.sign_in("someone.else@example.com", "whatever it is")
            .await
            .status(),
        429
    );

    // Behind a trusted proxy, each client is counted by the address the proxy appended.
    let res = app
        .client
        .post(app.url("/api/sign_in"))
        .header("origin", app.base.as_str())
        .header("x-forwarded-for", "198.51.100.1, 203.0.113.7")
        .form(&[
            ("email", "fresh@example.com"),
            ("password", "whatever it is"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400, "another client is not blocked");
}

async fn cross_site_posts_are_refused(app: TestApp) {
    let form = [
        ("name", "Eve"),
        ("email", "eve@example.com"),
        ("password", PASSWORD),
    ];
    let post = || app.client.post(app.url("/api/sign_up")).form(&form);

    let res = post()
        .header("origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    assert!(res.text().await.unwrap().contains("another origin"));
    let res = post()
        .header("sec-fetch-site", "cross-site")
        .header("origin", app.base.as_str())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    let res = post()
        .header("sec-fetch-site", "same-site")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    assert_eq!(
        app.state.db.count_users().await.unwrap(),
        0,
        "nothing was created"
    );

    let res = post()
        .header("origin", app.base.as_str())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "same origin is fine");
}

async fn participants_cannot_reach_org_admin_functions(app: TestApp) {
    // Signed out: 401.
    let res = app.call("admin/people", &[]).await;
    assert_eq!(res.status(), 401);

    app.sign_up("Admin Person", "admin@example.com").await;
    let participant = app.member("Pat Doe", "pat@example.com").await;
    let pat_id = app
        .call_with(&participant, "me", &[])
        .await
        .json::<Value>()
        .await
        .unwrap()["id"]
        .as_i64()
        .unwrap();

    for (endpoint, form) in [
        ("admin/people", vec![]),
        (
            "admin/invite",
            vec![("email", "new@example.com"), ("role", "org_admin")],
        ),
        (
            "admin/role",
            vec![("user_id", "1"), ("role", "participant")],
        ),
        ("admin/settings", vec![]),
        (
            "admin/save_settings",
            vec![("org_name", "Mine now"), ("allowed_domains", "")],
        ),
    ] {
        let res = app.call_with(&participant, endpoint, &form).await;
        assert_eq!(res.status(), 403, "{endpoint}");
        assert_eq!(error_of(res).await, serde_json::json!("Forbidden"));
    }
    // The page says so once, under a title of its own.
    let page = common::html(&participant, &app.url("/admin/people")).await;
    assert!(
        page.contains("<title>Not for your role · Tandem</title>"),
        "{page}"
    );
    assert_eq!(
        page.matches("Not for your role").count(),
        2,
        "title and heading"
    );
    assert!(!page.contains("You do not have permission"), "{page}");
    let pat_id_s = pat_id.to_string();
    let res = app
        .call_with(
            &participant,
            "admin/role",
            &[("user_id", &pat_id_s), ("role", "org_admin")],
        )
        .await;
    assert_eq!(res.status(), 403, "no promoting oneself");
    assert_eq!(app.state.db.org_settings().await.unwrap().name, "Tandem");

    // The org admin can do all of it.
    let people: Value = app
        .call("admin/people", &[("query", "pat")])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(people["total"], 1);
    assert_eq!(people["people"][0]["email"], "pat@example.com");
    assert_eq!(
        app.call(
            "admin/role",
            &[("user_id", &pat_id_s), ("role", "program_admin")]
        )
        .await
        .status(),
        200
    );
    let me: Value = app
        .call_with(&participant, "me", &[])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["role"], "program_admin");
    // The last org admin cannot step down.
    let admin_id = app.me().await["id"].as_i64().unwrap().to_string();
    let res = app
        .call(
            "admin/role",
            &[("user_id", &admin_id), ("role", "participant")],
        )
        .await;
    assert_eq!(res.status(), 409);
    // An unknown role is named.
    let res = app
        .call(
            "admin/role",
            &[("user_id", &pat_id_s), ("role", "superuser")],
        )
        .await;
    assert_eq!(res.status(), 400);
    assert_eq!(error_of(res).await["Invalid"]["field"], "role");
}

async fn reset_links_work_once_and_expire(app: TestApp) {
    app.sign_up("Ana Lopez", "ana@example.com").await;
    app.sign_out().await;

    // Unknown addresses get the same answer and no email.
    let res = app
        .call("forgot_password", &[("email", "nobody@example.com")])
        .await;
    assert_eq!(res.status(), 200);
    let res = app
        .call("forgot_password", &[("email", "ana@example.com")])
        .await;
    assert_eq!(res.status(), 200);
    let mail = app.last_mail_to("ana@example.com").await;
    assert!(mail.contains("Subject: Reset your Tandem password"));
    let token = TestApp::token_in(&mail, "token");
    assert_eq!(token.len(), 43);

    let new_password = "a brand new password";
    let res = app
        .call(
            "reset_password",
            &[("token", &token), ("password", new_password)],
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        app.me().await["email"],
        "ana@example.com",
        "signed in after the reset"
    );
    app.sign_out().await;
    assert_eq!(
        app.sign_in("ana@example.com", PASSWORD).await.status(),
        400,
        "old password gone"
    );
    assert_eq!(
        app.sign_in("ana@example.com", new_password).await.status(),
        200
    );
    app.sign_out().await;

    // Used once: the second use is refused and changes nothing.
    assert!(refused_reset(&app, &token)
        .await
        .contains("already been used"));
    assert_eq!(
        app.sign_in("ana@example.com", new_password).await.status(),
        200
    );
    app.sign_out().await;

    // Expired: a link older than an hour is refused.
    app.call("forgot_password", &[("email", "ana@example.com")])
        .await;
    let token = TestApp::token_in(&app.last_mail_to("ana@example.com").await, "token");
    app::ssr::testing::clock::age_password_resets(&app.state.db, 3601)
        .await
        .unwrap();
    assert!(refused_reset(&app, &token).await.contains("expired"));

    // A made-up token is refused.
    assert!(refused_reset(&app, "made-up").await.contains("not valid"));
}

/// Tries a reset link that must be refused; returns the message shown.
async fn refused_reset(app: &TestApp, token: &str) -> String {
    let res = app
        .call(
            "reset_password",
            &[("token", token), ("password", "yet another password")],
        )
        .await;
    assert_eq!(res.status(), 400);
    error_of(res).await["Invalid"]["message"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn invitations_decide_who_may_join_and_their_role(app: TestApp) {
    app.sign_up("Admin Person", "admin@example.com").await;
    let res = app
        .call(
            "admin/save_settings",
            &[
                ("org_name", "Northwind"),
                ("allowed_domains", "example.com"),
            ],
        )
        .await;
    assert_eq!(res.status(), 200);
    let settings = app.state.db.org_settings().await.unwrap();
    assert!(!settings.open_signup, "an unchecked box closes sign-up");

    // Closed: no sign-up without an invitation.
    let res = app
        .call_with(
            &client(),
            "sign_up",
            &[
                ("name", "Walk In"),
                ("email", "walk@example.com"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(res.status(), 403);

    let res = app
        .call(
            "admin/invite",
            &[("email", "Coord@Example.com"), ("role", "program_admin")],
        )
        .await;
    assert_eq!(res.status(), 200);
    let token = TestApp::token_in(&app.last_mail_to("coord@example.com").await, "invite");

    let invitee = client();
    let info: Value = app
        .call_with(&invitee, "sign_up_info", &[("invite", &token)])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(info["invited_email"], "coord@example.com");
    let res = app
        .call_with(
            &invitee,
            "sign_up",
            &[
                ("name", "Sam Carter"),
                ("email", "someone.else@example.com"),
                ("password", PASSWORD),
                ("invite", &token),
            ],
        )
        .await;
    assert_eq!(res.status(), 400, "the invitation is for one address");
    let res = app
        .call_with(
            &invitee,
            "sign_up",
            &[
                ("name", "Sam Carter"),
                ("email", "coord@example.com"),
                ("password", PASSWORD),
                ("invite", &token),
            ],
        )
        .await;
    assert_eq!(res.status(), 200);
    let me: Value = app
        .call_with(&invitee, "me", &[])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["role"], "program_admin");

    let info: Value = app
        .call_with(&client(), "sign_up_info", &[("invite", &token)])
        .await
        .json()
        .await
        .unwrap();
    assert!(info["invite_problem"]
        .as_str()
        .unwrap()
        .contains("already been used"));

    // Open again, but only for allowed domains.
    app.call(
        "admin/save_settings",
        &[
            ("org_name", "Northwind"),
            ("open_signup", "on"),
            ("allowed_domains", "example.com"),
        ],
    )
    .await;
    let res = app
        .call_with(
            &client(),
            "sign_up",
            &[
                ("name", "Out Sider"),
                ("email", "out@elsewhere.org"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(res.status(), 400);
    assert!(error_of(res).await["Invalid"]["message"]
        .as_str()
        .unwrap()
        .contains("example.com"));
    let res = app
        .call_with(
            &client(),
            "sign_up",
            &[
                ("name", "In Sider"),
                ("email", "in@example.com"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(res.status(), 200);
}

#[tokio::test]
async fn pages_carry_security_headers_and_health_checks_answer() {
    let app = common::spawn_app(common::Backend::Sqlite).await.unwrap();
    let res = reqwest::get(app.url("/sign-in")).await.unwrap();
    assert_eq!(res.status(), 200);
    let h = res.headers().clone();
    let csp = h["content-security-policy"].to_str().unwrap();
    assert!(
        csp.contains("frame-ancestors 'none'") && csp.contains("script-src 'self' 'nonce-"),
        "{csp}"
    );
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["referrer-policy"], "same-origin");
    assert!(h.contains_key("x-request-id"));
    let html = res.text().await.unwrap();
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .unwrap()
        .split('\'')
        .next()
        .unwrap();
    assert!(
        html.contains(&format!("<script type=\"module\" nonce=\"{nonce}\"")),
        "the hydration script carries the nonce"
    );
    assert!(html.contains("<h1>Sign in</h1>"));

    let res = reqwest::get(app.url("/no/such/page")).await.unwrap();
    assert_eq!(res.status(), 404);
    assert!(res
        .text()
        .await
        .unwrap()
        .contains("couldn't find that page"));

    assert_eq!(
        reqwest::get(app.url("/healthz"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
        "ok"
    );
    assert_eq!(
        reqwest::get(app.url("/readyz")).await.unwrap().status(),
        200
    );
    app.state.db.close().await;
    assert_eq!(
        reqwest::get(app.url("/readyz")).await.unwrap().status(),
        503
    );
}

/// `/metrics` answers only to the token, in the Prometheus text format, with requests
/// counted under their route pattern, the pool, the queue, and emails sent.
#[tokio::test]
async fn metrics_count_requests_by_route_and_need_the_token() {
    let app = common::spawn_app(common::Backend::Sqlite).await.unwrap();
    let metrics = app.url("/metrics");
    let res = reqwest::get(&metrics).await.unwrap();
    assert_eq!(res.status(), 401);
    assert_eq!(res.headers()["www-authenticate"], "Bearer");
    let wrong = client()
        .get(&metrics)
        .bearer_auth("not-the-metrics-token")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 401);

    app.sign_up("Ana Lopez", "ana@example.com").await;
    // Two programs that do not exist: each page says so, with a 404.
    for id in [41, 42] {
        let res = app
            .client
            .get(app.url(&format!("/programs/{id}")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 404);
    }
    app.call_with(
        &client(),
        "forgot_password",
        &[("email", "ana@example.com")],
    )
    .await;
    app::ssr::delivery::drain(&app.state, "metrics-test")
        .await
        .unwrap();

    let res = client()
        .get(&metrics)
        .bearer_auth(common::METRICS_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/plain; version=0.0.4"));
    let text = res.text().await.unwrap();
    let line = |prefix: &str| {
        text.lines()
            .find(|l| l.starts_with(prefix))
            .unwrap_or_else(|| panic!("no line starting {prefix} in:\n{text}"))
            .to_owned()
    };
    // Both program pages are one route, never one label per address.
    let programs =
        line("tandem_http_requests_total{route=\"/programs/{id}\",method=\"GET\",status=\"404\"}");
    let count: f64 = programs.rsplit(' ').next().unwrap().parse().unwrap();
    assert!(count >= 2.0, "{programs}");
    assert!(!text.contains("/programs/41"));
    line("tandem_http_request_duration_seconds_bucket{route=\"/programs/{id}\"");
    line("tandem_http_requests_total{route=\"/api/sign_up\"");
    line("tandem_db_pool_connections ");
    line("tandem_jobs_queued 0");
    line("tandem_emails_sent_total ");
    line("tandem_jobs_total{kind=\"email\",outcome=\"done\"}");
}

#[tokio::test]
async fn plain_form_posts_come_back_to_the_form_with_the_message() {
    let app = common::spawn_app(common::Backend::Sqlite).await.unwrap();
    let res = app
        .plain_post(
            "sign_in",
            "/sign-in?next=/profile",
            &[
                ("email", "nobody@example.com"),
                ("password", "whatever it is"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let location = res.headers()["location"].to_str().unwrap().to_owned();
    assert!(
        location.starts_with(
            "/sign-in?next=/profile&error=The%20email%20or%20password%20is%20incorrect.&form=/api/sign_in&seal="
        ),
        "{location}"
    );
    let page = common::html(&app.client, &app.url(&location)).await;
    assert!(
        page.contains("The email or password is incorrect."),
        "the page shows the message"
    );

    // A link that writes its own message, or moves a real seal onto other words, shows none.
    let seal = location.rsplit("seal=").next().unwrap();
    for forged in [
        "/sign-in?error=Your%20password%20expired.%20Call%20555-0100.".to_owned(),
        format!("/sign-in?error=Your%20password%20expired.%20Call%20555-0100.&seal={seal}"),
        format!(
            "/sign-in?error=The%20email%20or%20password%20is%20incorrect.&field=email&seal={}",
            common::tampered(seal)
        ),
    ] {
        let page = common::html(&app.client, &app.url(&forged)).await;
        assert!(page.contains("<h1>Sign in</h1>"), "{forged}");
        assert!(!page.contains("555-0100"), "{forged}");
        assert!(!page.contains("alert-error"), "{forged}: {page}");
    }

    // Empty fields are named, each at its own field, and the page marks that field.
    for (email, password, field, message) in [
        ("", "", "email", "Enter your email address."),
        ("ana@example.com", "", "password", "Enter your password."),
        (
            "ana.example.com",
            "whatever it is",
            "email",
            "Enter your email address as name@example.com, with one @.",
        ),
    ] {
        let res = app
            .plain_post(
                "sign_in",
                "/sign-in",
                &[("email", email), ("password", password)],
            )
            .await;
        assert_eq!(res.status(), 303);
        let back = res.headers()["location"].to_str().unwrap().to_owned();
        assert!(
            back.contains(&format!("&field={field}&form=/api/sign_in&seal=")),
            "{back}"
        );
        let page = common::html(&app.client, &app.url(&back)).await;
        assert!(page.contains(message), "{message}: {page}");
        let input = page.split(&format!("id=\"f-{field}\"")).nth(1).unwrap();
        let input = &input[..input.find('>').unwrap()];
        assert!(
            input.contains("aria-invalid=\"true\""),
            "the {field} field is marked: {input}"
        );
        assert!(input.contains("autofocus"), "and takes the focus: {input}");
        assert!(!page.contains("The email or password is incorrect."));
    }

    // Signed-out visitors to a private page are sent to sign in, and brought back after.
    let res = app
        .client
        .get(app.url("/profile"))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 302);
    assert_eq!(res.headers()["location"], "/sign-in?next=/profile");
}
