//! Single sign-on over HTTP against a real OpenID provider on loopback (PyPI's
//! oidc-provider-mock), on both databases: an org admin adds the provider; people sign in
//! through it, the first time making or claiming their account with the claims the admin
//! mapped; every answer that fails a check is refused with a clear page and makes no
//! account; a rotated signing key is picked up; and "SSO only" leaves passwords to the
//! break-glass admin alone.

mod common;

use app::domain::{Email, Role};
use app::ssr::storage::NewUser;
use common::oidc::OidcPeer;
use common::{client, TestApp, PASSWORD};
use serde_json::{json, Value};

on_both_databases!(
    people_sign_in_with_their_company_account,
    answers_that_fail_a_check_are_refused_and_make_no_account,
    sso_only_leaves_passwords_to_the_break_glass_admin,
    a_sign_in_started_on_one_server_finishes_on_another,
);

const ADMIN: &str = "admin@corp.example";

async fn json_of(res: reqwest::Response) -> Value {
    let status = res.status();
    let text = res.text().await.unwrap();
    assert_eq!(status, 200, "{text}");
    serde_json::from_str(&text).unwrap()
}

/// The first account (the org admin, on `app.client`) adds `peer` as a provider; its id.
async fn add_provider(app: &TestApp, peer: &OidcPeer) -> i64 {
    let issuer = peer.issuer();
    let res = app
        .call(
            "admin/sso/save",
            &[
                ("label", "Sign in with Corp"),
                ("issuer", &issuer),
                ("client_id", "tandem"),
                ("client_secret", "a client secret"),
                ("allowed_domains", "corp.example"),
                ("claim_name", "name"),
                ("claim_department", "department"),
                ("claim_title", "job_title"),
                ("claim_manager", "manager_email"),
                ("claim_verified", "email_verified"),
            ],
        )
        .await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let page = json_of(app.call("admin/sso", &[]).await).await;
    page["providers"][0]["id"]
        .as_i64()
        .expect("the provider is listed")
}

/// `browser` starts a sign-in through provider `id`; the provider's address Tandem sends it
/// to.
async fn start(app: &TestApp, browser: &reqwest::Client, id: i64, next: &str) -> String {
    let res = browser
        .get(app.url(&format!("/sso/{id}/start{next}")))
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        303,
        "Tandem sends the browser to the provider"
    );
    res.headers()["location"].to_str().unwrap().to_owned()
}

/// A browser of its own signs in as `sub` through provider `id`; returns the browser and
/// where Tandem finally sent it.
async fn sign_in_through(
    app: &TestApp,
    peer: &OidcPeer,
    id: i64,
    sub: &str,
) -> (reqwest::Client, String) {
    let browser = client();
    let to_provider = start(app, &browser, id, "?next=/goals").await;
    assert!(to_provider.starts_with(&peer.issuer()), "{to_provider}");
    for param in [
        "state=",
        "nonce=",
        "code_challenge=",
        "code_challenge_method=S256",
    ] {
        assert!(to_provider.contains(param), "{param} in {to_provider}");
    }
    let back = peer.authorize(&to_provider, sub).await;
    assert!(back.starts_with(&app.url("/sso/callback?")), "{back}");
    let res = browser.get(&back).send().await.unwrap();
    assert_eq!(res.status(), 303);
    let landed = res.headers()["location"].to_str().unwrap().to_owned();
    (browser, landed)
}

async fn me(app: &TestApp, browser: &reqwest::Client) -> Value {
    json_of(app.call_with(browser, "me", &[]).await).await
}

async fn people(app: &TestApp) -> i64 {
    app.state.db.count_users().await.unwrap()
}

async fn people_sign_in_with_their_company_account(app: TestApp) {
    let Some(mut peer) = OidcPeer::start() else {
        return;
    };
    app.sign_up("Ada Admin", ADMIN).await;
    // Bo was imported from the directory before single sign-on: no password, no provider.
    let bo = app
        .state
        .db
        .create_user(NewUser {
            email: &Email::parse("bo@corp.example").unwrap(),
            name: "Bo Imported",
            password_hash: None,
            role: Role::Participant,
        })
        .await
        .unwrap();
    let id = add_provider(&app, &peer).await;

    // Changed with the secret left empty, the provider keeps its stored secret.
    let sealed = |app: &TestApp| {
        let db = app.state.db.clone();
        async move { db.identity_provider(id).await.unwrap().unwrap() }
    };
    let before_edit = sealed(&app).await;
    let issuer = peer.issuer();
    let id_text = id.to_string();
    let mut form = vec![
        ("id", id_text.as_str()),
        ("label", "Corp account"),
        ("issuer", issuer.as_str()),
        ("client_id", "tandem"),
        ("client_secret", ""),
        ("allowed_domains", "corp.example"),
        ("claim_name", "name"),
        ("claim_department", "department"),
        ("claim_title", "job_title"),
        ("claim_manager", "manager_email"),
        ("claim_verified", "email_verified"),
    ];
    let res = app.call("admin/sso/save", &form).await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let edited = sealed(&app).await;
    assert_eq!(edited.label, "Corp account");
    assert_eq!(
        edited.client_secret_sealed,
        before_edit.client_secret_sealed
    );
    form[1].1 = "Sign in with Corp";
    let res = app.call("admin/sso/save", &form).await;
    assert_eq!(res.status(), 200);
    let res = app
        .call(
            "admin/sso/save",
            &[&[("id", "424242")], &form[1..]].concat(),
        )
        .await;
    assert_eq!(res.status(), 404, "no such provider");

    // The sign-in page offers the provider's button.
    let options = json_of(app.call_with(&client(), "sign_in_options", &[]).await).await;
    assert_eq!(
        options,
        json!({"providers": [{"id": id, "label": "Sign in with Corp"}], "sso_only": false})
    );

    // Ana's first sign-in makes her account, with the claims the admin mapped.
    peer.person(
        "ana-0001",
        json!({"email": "ana@corp.example", "email_verified": true, "name": "Ana Lima",
               "department": "Finance", "job_title": "Analyst", "manager_email": "bo@corp.example"}),
    )
    .await;
    let before = people(&app).await;
    let (ana, landed) = sign_in_through(&app, &peer, id, "ana-0001").await;
    assert_eq!(landed, "/goals", "back where she was going");
    let who = me(&app, &ana).await;
    assert_eq!(who["email"], "ana@corp.example");
    assert_eq!(who["name"], "Ana Lima");
    assert_eq!(who["role"], "participant");
    assert_eq!(people(&app).await, before + 1);
    let ana_row = app
        .state
        .db
        .user_by_email(&Email::parse("ana@corp.example").unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (
            ana_row.department.as_str(),
            ana_row.job_title.as_str(),
            ana_row.manager_id
        ),
        ("Finance", "Analyst", Some(bo))
    );

    // Her next sign-in is the same account, with what the provider says now.
    peer.person(
        "ana-0001",
        json!({"email": "ana@corp.example", "email_verified": true, "name": "Ana Lima",
               "department": "Treasury", "job_title": "Analyst"}),
    )
    .await;
    let (ana_again, _) = sign_in_through(&app, &peer, id, "ana-0001").await;
    assert_eq!(me(&app, &ana_again).await["id"], who["id"]);
    assert_eq!(people(&app).await, before + 1, "no second account");
    let ana_row = app.state.db.user_by_id(ana_row.id).await.unwrap().unwrap();
    assert_eq!(ana_row.department, "Treasury");
    assert_eq!(
        ana_row.manager_id,
        Some(bo),
        "a claim left out changes nothing"
    );

    // Bo claims his imported account by its address; a manager claim naming someone who
    // reports to him (Ana) would make a loop, and is left out.
    peer.person(
        "bo-0002",
        json!({"email": "Bo@Corp.example", "email_verified": true, "name": "Bo Lind",
               "manager_email": "ana@corp.example"}),
    )
    .await;
    let (bo_browser, _) = sign_in_through(&app, &peer, id, "bo-0002").await;
    assert_eq!(me(&app, &bo_browser).await["id"], bo);
    assert_eq!(people(&app).await, before + 1);
    let bo_row = app.state.db.user_by_id(bo).await.unwrap().unwrap();
    assert_eq!((bo_row.name.as_str(), bo_row.manager_id), ("Bo Lind", None));

    // The audit log names the account made at first sign-in, and the provider added.
    let log = json_of(app.call("admin/audit", &[]).await)
        .await
        .to_string();
    assert!(log.contains("Joined by single sign-on"), "{log}");
    assert!(
        log.contains("Single sign-on \\\"Sign in with Corp\\\""),
        "{log}"
    );
    assert!(
        log.contains("Provider \\\"Sign in with Corp\\\" added"),
        "{log}"
    );
    assert!(!log.contains("a client secret"), "no secret in the log");
    let page = json_of(app.call("admin/sso", &[]).await).await;
    assert_eq!(page["providers"][0]["people"], 2);
    assert!(!page.to_string().contains("a client secret"));

    // Ana's own data names the provider and the subject it knows her by.
    let res = ana.get(app.url("/profile/data.json")).send().await.unwrap();
    let data: Value = serde_json::from_str(&res.text().await.unwrap()).unwrap();
    assert_eq!(data["single_sign_on"][0]["provider"], "Sign in with Corp");
    assert_eq!(data["single_sign_on"][0]["subject"], "ana-0001");

    // Signing out ends Tandem's session and offers the provider's own sign-out.
    let res = app.call_with(&ana, "sign_out", &[]).await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.headers()["location"],
        format!("/sign-in?signed_out=1&provider={id}").as_str(),
        "the next page offers the provider's sign-out"
    );
    assert_eq!(me(&app, &ana).await, Value::Null);
    let res = app.call_with(&ana_again, "sign_out", &[]).await;
    assert!(res.status().is_success());
    let res = ana
        .get(app.url(&format!("/sso/{id}/sign-out")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let end = res.headers()["location"].to_str().unwrap().to_owned();
    assert!(
        end.starts_with(&format!(
            "{}/oauth2/end_session?client_id=tandem",
            peer.issuer()
        )),
        "{end}"
    );
    assert!(end.contains("post_logout_redirect_uri=http"), "{end}");

    // The provider restarts with a new signing key: the next sign-in is checked against it.
    let port = peer.port;
    drop(peer);
    peer = OidcPeer::start_on(port).unwrap();
    peer.person(
        "ana-0001",
        json!({"email": "ana@corp.example", "email_verified": true}),
    )
    .await;
    let (ana_rotated, _) = sign_in_through(&app, &peer, id, "ana-0001").await;
    assert_eq!(me(&app, &ana_rotated).await["id"], who["id"]);

    // A deactivated person is refused, though the provider still vouches for them.
    peer.person(
        "bo-0002",
        json!({"email": "bo@corp.example", "email_verified": true}),
    )
    .await;
    let res = app
        .call(
            "admin/active",
            &[("user_id", &bo.to_string()), ("active", "0")],
        )
        .await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let (refused, landed) = sign_in_through(&app, &peer, id, "bo-0002").await;
    assert_eq!(landed, "/sign-in/refused?reason=closed");
    assert_eq!(me(&app, &refused).await, Value::Null);

    // Erased, Bo's link to the provider goes with the rest of his personal data.
    let res = app
        .call("admin/erase", &[("user_id", &bo.to_string())])
        .await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let page = json_of(app.call("admin/sso", &[]).await).await;
    assert_eq!(page["providers"][0]["people"], 1);
}

async fn answers_that_fail_a_check_are_refused_and_make_no_account(app: TestApp) {
    let Some(peer) = OidcPeer::start() else {
        return;
    };
    app.sign_up("Ada Admin", ADMIN).await;
    let id = add_provider(&app, &peer).await;
    let good = json!({"email": "cy@corp.example", "email_verified": true, "name": "Cy"});
    let with = |extra: Value| {
        let mut claims = good.clone();
        claims
            .as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        claims
    };
    let cases = [
        (
            "issuer",
            with(json!({"iss": "http://127.0.0.1:9/elsewhere"})),
        ),
        ("audience", with(json!({"aud": "another-application"}))),
        (
            "token_expired",
            with(json!({"iat": 1_000_000_000, "exp": 1_000_000_600})),
        ),
        (
            "nonce",
            with(json!({"nonce": "a-nonce-from-another-sign-in"})),
        ),
        ("unverified_email", with(json!({"email_verified": false}))),
        (
            "unverified_email",
            json!({"email": "cy@corp.example", "name": "Cy"}),
        ),
        ("domain", with(json!({"email": "cy@elsewhere.example"}))),
        ("no_email", json!({"email_verified": true, "name": "Cy"})),
    ];
    let before = people(&app).await;
    for (n, (reason, claims)) in cases.into_iter().enumerate() {
        let sub = format!("cy-{n}");
        peer.person(&sub, claims.clone()).await;
        let (browser, landed) = sign_in_through(&app, &peer, id, &sub).await;
        assert_eq!(
            landed,
            format!("/sign-in/refused?reason={reason}"),
            "claims {claims}"
        );
        assert_eq!(
            me(&app, &browser).await,
            Value::Null,
            "{reason}: signed out"
        );
        assert_eq!(people(&app).await, before, "{reason}: no account made");
        // The page explains, in words, with a 4xx.
        let page = browser
            .get(app.url(&landed))
            .header("accept", "text/html")
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), 403, "{reason}");
        let html = page.text().await.unwrap();
        let message = app::domain::SsoRefusal::from_code(reason)
            .unwrap()
            .message();
        assert!(html.contains(message), "{reason}: {html}");
    }

    // An answer for a sign-in this browser did not start, or with another state, is refused
    // before the provider is asked anything.
    peer.person("cy-ok", good.clone()).await;
    let browser = client();
    let to_provider = start(&app, &browser, id, "").await;
    let back = peer.authorize(&to_provider, "cy-ok").await;
    let stranger = client();
    let res = stranger.get(&back).send().await.unwrap();
    assert_eq!(
        res.headers()["location"],
        "/sign-in/refused?reason=expired",
        "another browser"
    );
    let forged = back.replace("state=", "state=forged");
    let res = browser.get(&forged).send().await.unwrap();
    assert_eq!(res.headers()["location"], "/sign-in/refused?reason=expired");
    // The provider's refusal (the person pressed Deny) is named as such.
    let to_provider = start(&app, &browser, id, "").await;
    let state = to_provider
        .split(['?', '&'])
        .find_map(|p| p.strip_prefix("state="))
        .unwrap()
        .to_owned();
    let res = browser
        .get(app.url(&format!("/sso/callback?error=access_denied&state={state}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["location"], "/sign-in/refused?reason=denied");
    assert_eq!(people(&app).await, before);

    // With everything right, Cy is in; an unknown provider is a 404.
    let (cy, _) = sign_in_through(&app, &peer, id, "cy-ok").await;
    assert_eq!(me(&app, &cy).await["email"], "cy@corp.example");
    let res = client()
        .get(app.url("/sso/999/start"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    // A refusal page with a reason Tandem never gives reads as an expired sign-in.
    let page = client()
        .get(app.url("/sign-in/refused?reason=%3Cscript%3E"))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 400);
    assert!(!page.text().await.unwrap().contains("<script>"));
}

async fn sso_only_leaves_passwords_to_the_break_glass_admin(app: TestApp) {
    let Some(peer) = OidcPeer::start() else {
        return;
    };
    app.sign_up("Ada Admin", ADMIN).await;
    let admin = app.user_id(ADMIN).await;
    let dee = app.member("Dee", "dee@corp.example").await;

    // The provider form names what is wrong, and saves nothing.
    let issuer = peer.issuer();
    let base = [
        ("label", "Sign in with Corp"),
        ("issuer", issuer.as_str()),
        ("client_id", "tandem"),
        ("client_secret", "a client secret"),
        ("allowed_domains", "corp.example"),
        ("claim_name", "name"),
        ("claim_department", ""),
        ("claim_title", ""),
        ("claim_manager", ""),
        ("claim_verified", "email_verified"),
    ];
    let bad = |field: &'static str, value: &'static str| {
        let mut form = base.to_vec();
        form.iter_mut().find(|(k, _)| *k == field).unwrap().1 = value;
        form
    };
    for (field, value, says) in [
        (
            "issuer",
            "http://127.0.0.1:9",
            "could not read http://127.0.0.1:9/.well-known/openid-configuration",
        ),
        ("issuer", "corp.example", "starting https://"),
        ("allowed_domains", "", "at least one email domain"),
        ("allowed_domains", "not a domain!", "is not a domain"),
        ("client_secret", "", "Enter the client secret"),
        ("label", " ", "Enter the button"),
        ("claim_department", "dept name", "is not a claim name"),
        ("claim_verified", "", "vouches for the address"),
    ] {
        let res = app.call("admin/sso/save", &bad(field, value)).await;
        assert_eq!(res.status(), 400, "{field}={value}");
        let text = res.text().await.unwrap();
        assert!(text.contains(says), "{field}={value}: {text}");
    }
    assert_eq!(
        json_of(app.call("admin/sso", &[]).await).await["providers"],
        json!([])
    );
    let res = app.call_with(&dee, "admin/sso/save", &base).await;
    assert_eq!(res.status(), 403, "only org admins");
    let res = app.call_with(&dee, "admin/sso", &[]).await;
    assert_eq!(res.status(), 403);

    // SSO only needs a provider and a break-glass org admin.
    let admin_id = admin.to_string();
    let res = app
        .call(
            "admin/sso/mode",
            &[("sso_only", "on"), ("break_glass", &admin_id)],
        )
        .await;
    assert_eq!(res.status(), 400);
    assert!(res
        .text()
        .await
        .unwrap()
        .contains("Add an identity provider first"));
    let id = add_provider(&app, &peer).await;
    let res = app
        .call(
            "admin/sso/mode",
            &[("sso_only", "on"), ("break_glass", "0")],
        )
        .await;
    assert_eq!(res.status(), 400);
    assert!(res.text().await.unwrap().contains("keeps their password"));
    let dee_id = app.user_id("dee@corp.example").await.to_string();
    let res = app
        .call(
            "admin/sso/mode",
            &[("sso_only", "on"), ("break_glass", &dee_id)],
        )
        .await;
    assert_eq!(
        res.status(),
        400,
        "a participant cannot be the break-glass account"
    );
    let res = app
        .call(
            "admin/sso/mode",
            &[("sso_only", "on"), ("break_glass", &admin_id)],
        )
        .await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let options = json_of(app.call_with(&client(), "sign_in_options", &[]).await).await;
    assert_eq!(options["sso_only"], true);

    // Dee's right password no longer signs her in; the break-glass admin's does.
    let browser = client();
    let res = app
        .call_with(
            &browser,
            "sign_in",
            &[("email", "dee@corp.example"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(res.status(), 400);
    assert!(res.text().await.unwrap().contains("single sign-on"));
    assert_eq!(me(&app, &browser).await, Value::Null);
    let res = app
        .call_with(
            &browser,
            "sign_in",
            &[("email", ADMIN), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(me(&app, &browser).await["email"], ADMIN);

    // Sign-up is closed, and no reset link is sent to Dee.
    let res = app
        .call_with(
            &client(),
            "sign_up",
            &[
                ("name", "Eve"),
                ("email", "eve@corp.example"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(res.status(), 400);
    assert!(res.text().await.unwrap().contains("single sign-on"));
    let res = app
        .call_with(
            &client(),
            "forgot_password",
            &[("email", "dee@corp.example")],
        )
        .await;
    assert_eq!(res.status(), 200, "the same answer as for anyone");
    app.deliver().await;
    assert!(common::mails_to(&app, "dee@corp.example").is_empty());

    // Dee signs in through the provider instead.
    peer.person(
        "dee-0003",
        json!({"email": "dee@corp.example", "email_verified": true}),
    )
    .await;
    let (dee_sso, _) = sign_in_through(&app, &peer, id, "dee-0003").await;
    assert_eq!(me(&app, &dee_sso).await["email"], "dee@corp.example");

    // The last provider cannot go while passwords are off; switched back, passwords work.
    let res = app
        .call("admin/sso/remove", &[("id", &id.to_string())])
        .await;
    assert_eq!(res.status(), 409);
    let res = app.call("admin/sso/mode", &[("break_glass", "0")]).await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let res = app
        .call("admin/sso/remove", &[("id", &id.to_string())])
        .await;
    assert_eq!(res.status(), 200);
    let res = app
        .call_with(
            &client(),
            "sign_in",
            &[("email", "dee@corp.example"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(res.status(), 200);
    let log = json_of(app.call("admin/audit", &[]).await)
        .await
        .to_string();
    for says in [
        "Sign in with SSO only: on; break-glass account Ada Admin",
        "Sign in with SSO only: off",
        "Provider \\\"Sign in with Corp\\\" removed",
    ] {
        assert!(log.contains(says), "{says}: {log}");
    }
}

/// Behind a load balancer the provider's answer may reach another server than the one the
/// sign-in started on: what the answer must match is in the login session, in the database,
/// so a second server on the same database finishes the sign-in.
async fn a_sign_in_started_on_one_server_finishes_on_another(app: TestApp) {
    let Some(peer) = OidcPeer::start() else {
        return;
    };
    app.sign_up("Ada Admin", ADMIN).await;
    let id = add_provider(&app, &peer).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let second = format!("http://{}", listener.local_addr().unwrap());
    let mut state = app.state.clone();
    let mut settings = (*state.settings).clone();
    settings.base_url = app.base.clone();
    state.settings = std::sync::Arc::new(settings);
    let options = leptos::config::LeptosOptions::builder()
        .output_name("tandem")
        .site_addr(listener.local_addr().unwrap())
        .build();
    common::serve(listener, state, options);

    peer.person(
        "fay-0004",
        json!({"email": "fay@corp.example", "email_verified": true, "name": "Fay"}),
    )
    .await;
    let browser = client();
    let to_provider = start(&app, &browser, id, "").await;
    let back = peer.authorize(&to_provider, "fay-0004").await;
    // The same browser (its cookie is for the host, whatever the port) reaches the second.
    let on_second = back.replace(&app.base, &second);
    assert_ne!(on_second, back);
    let res = browser.get(&on_second).send().await.unwrap();
    assert_eq!(res.headers()["location"], "/");
    let who: Value = browser
        .post(format!("{second}/api/me"))
        .header("origin", &second)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(who["email"], "fay@corp.example");
    // The answer was taken once: replayed, on either server, it signs nobody in.
    let res = client().get(&back).send().await.unwrap();
    assert_eq!(res.headers()["location"], "/sign-in/refused?reason=expired");
    let res = browser.get(&on_second).send().await.unwrap();
    assert_eq!(res.headers()["location"], "/sign-in/refused?reason=expired");
}
