//! SAML 2.0 sign-in over HTTP against a real identity provider on loopback (SimpleSAMLphp),
//! on both databases: an org admin adds the provider from its metadata; people sign in through
//! its login page, the first time making or claiming their account from its attributes; an
//! unsigned, tampered, expired, replayed or misdirected assertion is refused with a clear page
//! and makes no account; and an assertion taken on one server is refused on a second server
//! sharing the database.

mod common;

use app::domain::{Email, Role};
use app::ssr::storage::NewUser;
use common::saml::{Answer, SamlPeer};
use common::{client, TestApp};
use serde_json::Value;

on_both_databases!(
    people_sign_in_through_a_saml_provider,
    saml_answers_that_fail_a_check_are_refused_and_make_no_account,
    the_saml_form_names_what_is_wrong_and_saves_nothing,
    a_saml_assertion_taken_on_one_server_is_refused_on_another,
);

const ADMIN: &str = "admin@corp.example";

async fn json_of(res: reqwest::Response) -> Value {
    let status = res.status();
    let text = res.text().await.unwrap();
    assert_eq!(status, 200, "{text}");
    serde_json::from_str(&text).unwrap()
}

/// Tandem's entity ID and Assertion Consumer Service on `app`.
fn tandem(app: &TestApp) -> (String, String) {
    (app.url("/sso/saml/metadata"), app.url("/sso/saml/acs"))
}

/// The org admin (on `app.client`) adds `peer` by its metadata address; the provider's id.
async fn add_provider(app: &TestApp, peer: &SamlPeer) -> i64 {
    let res = app
        .call(
            "admin/sso/save",
            &[
                ("protocol", "saml"),
                ("label", "Sign in with Corp SAML"),
                ("saml_metadata_url", &peer.metadata_url()),
                ("saml_metadata", ""),
                ("allowed_domains", "corp.example"),
                ("claim_email", "email"),
                ("claim_name", "displayName"),
                ("claim_department", "department"),
                ("claim_title", "title"),
                ("claim_manager", "manager"),
            ],
        )
        .await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let page = json_of(app.call("admin/sso", &[]).await).await;
    let providers = page["providers"].as_array().unwrap();
    providers
        .iter()
        .find(|p| p["issuer"] == peer.metadata_url().as_str())
        .and_then(|p| p["id"].as_i64())
        .expect("the provider is listed")
}

/// `browser` starts a sign-in through provider `id`: the identity provider's address.
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

/// `browser` posts `answer` as the identity provider's page does (from its origin, without
/// the SameSite cookie's help), then posts on what Tandem's page hands back, from Tandem's
/// origin. Where Tandem sends the browser at the end.
async fn deliver(
    app: &TestApp,
    peer: &SamlPeer,
    browser: &reqwest::Client,
    answer: &Answer,
) -> String {
    let res = browser
        .post(&answer.acs)
        .header("origin", peer.base())
        .header("sec-fetch-site", "cross-site")
        .form(&[("SAMLResponse", answer.response.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        200,
        "the Assertion Consumer Service takes a cross-site post"
    );
    assert_eq!(res.headers()["cache-control"], "no-store");
    let csp = res.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    let page = res.text().await.unwrap();
    assert!(
        page.contains(r#"<form method="post" action="/sso/saml/finish">"#),
        "{page}"
    );
    assert!(
        page.contains("<button type=\"submit\">Continue</button>"),
        "works without JavaScript"
    );
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .unwrap()
        .split('\'')
        .next()
        .unwrap();
    assert!(
        page.contains(&format!("<script nonce=\"{nonce}\">")),
        "the script may run"
    );
    let handed = page
        .split("name=\"SAMLResponse\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_owned();
    assert_eq!(handed, answer.response, "the answer goes on unchanged");
    let res = browser
        .post(app.url("/sso/saml/finish"))
        .header("origin", &app.base)
        .header("sec-fetch-site", "same-origin")
        .form(&[("SAMLResponse", handed.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    res.headers()["location"].to_str().unwrap().to_owned()
}

/// A browser of its own signs in as `username` through provider `id`: the browser, the
/// identity provider's answer, and where Tandem finally sent the browser.
async fn sign_in_through(
    app: &TestApp,
    peer: &SamlPeer,
    id: i64,
    username: &str,
) -> (reqwest::Client, Answer, String) {
    let browser = client();
    let to_idp = start(app, &browser, id, "?next=/goals").await;
    assert!(
        to_idp.starts_with(&format!(
            "{}/saml2/idp/SSOService.php?SAMLRequest=",
            peer.base()
        )),
        "{to_idp}"
    );
    let answer = peer.sign_in(&to_idp, username).await;
    assert_eq!(answer.acs, tandem(app).1);
    let landed = deliver(app, peer, &browser, &answer).await;
    (browser, answer, landed)
}

async fn me(app: &TestApp, browser: &reqwest::Client) -> Value {
    json_of(app.call_with(browser, "me", &[]).await).await
}

async fn people(app: &TestApp) -> i64 {
    app.state.db.count_users().await.unwrap()
}

async fn people_sign_in_through_a_saml_provider(app: TestApp) {
    let Some(peer) = SamlPeer::start() else {
        return;
    };
    app.sign_up("Ada Admin", ADMIN).await;
    // Tandem describes itself to identity providers at its entity ID.
    let (entity_id, acs) = tandem(&app);
    let res = client().get(&entity_id).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.headers()["content-type"],
        "application/samlmetadata+xml; charset=utf-8"
    );
    let metadata = res.text().await.unwrap();
    assert!(
        metadata.contains(&format!(r#"entityID="{entity_id}""#)),
        "{metadata}"
    );
    assert!(
        metadata.contains(&format!(
            r#"Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="{acs}""#
        )),
        "{metadata}"
    );
    assert!(
        metadata.contains(r#"WantAssertionsSigned="true""#),
        "{metadata}"
    );
    peer.register(&entity_id, &acs, &[]);

    // Bo was imported before single sign-on; Cy is Ana's manager.
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
    let page = json_of(app.call("admin/sso", &[]).await).await;
    let listed = &page["providers"][0];
    assert_eq!(listed["protocol"], "saml");
    assert_eq!(listed["saml_metadata_url"], peer.metadata_url().as_str());
    assert_eq!(
        (page["saml_entity_id"].as_str(), page["saml_acs"].as_str()),
        (Some(entity_id.as_str()), Some(acs.as_str()))
    );

    // Ana's first sign-in makes her account from the attributes the admin mapped.
    peer.person(
        "ana",
        &[
            ("uid", "ana-7f3a"),
            ("email", "ana@corp.example"),
            ("displayName", "Ana Lima"),
            ("department", "Finance"),
            ("title", "Analyst"),
            ("manager", "bo@corp.example"),
        ],
    );
    let before = people(&app).await;
    let (ana, _, landed) = sign_in_through(&app, &peer, id, "ana").await;
    assert_eq!(landed, "/goals", "back where she was going");
    let who = me(&app, &ana).await;
    assert_eq!(
        (who["email"].as_str(), who["name"].as_str()),
        (Some("ana@corp.example"), Some("Ana Lima"))
    );
    assert_eq!(people(&app).await, before + 1);
    let row = app
        .state
        .db
        .user_by_email(&Email::parse("ana@corp.example").unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (
            row.department.as_str(),
            row.job_title.as_str(),
            row.manager_id
        ),
        ("Finance", "Analyst", Some(bo))
    );

    // Her next sign-in reaches the same account, with what the provider says now.
    peer.person(
        "ana",
        &[
            ("uid", "ana-7f3a"),
            ("email", "ana@corp.example"),
            ("department", "Treasury"),
        ],
    );
    let (again, _, _) = sign_in_through(&app, &peer, id, "ana").await;
    assert_eq!(me(&app, &again).await["id"], who["id"]);
    assert_eq!(people(&app).await, before + 1, "no second account");
    let row = app.state.db.user_by_id(row.id).await.unwrap().unwrap();
    assert_eq!(
        (row.department.as_str(), row.name.as_str()),
        ("Treasury", "Ana Lima")
    );

    // Bo claims his imported account; his NameID is his address and no email attribute comes.
    peer.person(
        "bo",
        &[("uid", "Bo@Corp.example"), ("displayName", "Bo Lind")],
    );
    let (bo_browser, _, _) = sign_in_through(&app, &peer, id, "bo").await;
    assert_eq!(me(&app, &bo_browser).await["id"], bo);
    assert_eq!(people(&app).await, before + 1);

    // The audit log and the admin page record it; Ana's data names the provider.
    let log = json_of(app.call("admin/audit", &[]).await)
        .await
        .to_string();
    assert!(
        log.contains("Single sign-on \\\"Sign in with Corp SAML\\\""),
        "{log}"
    );
    assert!(
        log.contains("Provider \\\"Sign in with Corp SAML\\\" added"),
        "{log}"
    );
    let page = json_of(app.call("admin/sso", &[]).await).await;
    assert_eq!(page["providers"][0]["people"], 2);
    let res = ana.get(app.url("/profile/data.json")).send().await.unwrap();
    let data: Value = serde_json::from_str(&res.text().await.unwrap()).unwrap();
    assert_eq!(
        data["single_sign_on"][0]["provider"],
        "Sign in with Corp SAML"
    );
    assert_eq!(data["single_sign_on"][0]["subject"], "ana-7f3a");

    // Signing out ends Tandem's session; SAML offers no provider sign-out page.
    let res = app.call_with(&ana, "sign_out", &[]).await;
    assert_eq!(res.status(), 200);
    assert_eq!(me(&app, &ana).await, Value::Null);

    // A deactivated person is refused, though the provider still vouches for them.
    let res = app
        .call(
            "admin/active",
            &[("user_id", &bo.to_string()), ("active", "0")],
        )
        .await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let (refused, _, landed) = sign_in_through(&app, &peer, id, "bo").await;
    assert_eq!(landed, "/sign-in/refused?reason=closed");
    assert_eq!(me(&app, &refused).await, Value::Null);
}

async fn saml_answers_that_fail_a_check_are_refused_and_make_no_account(app: TestApp) {
    let Some(peer) = SamlPeer::start() else {
        return;
    };
    app.sign_up("Ada Admin", ADMIN).await;
    let (entity_id, acs) = tandem(&app);
    peer.register(&entity_id, &acs, &[]);
    let id = add_provider(&app, &peer).await;
    peer.person("eve", &[("uid", "eve-1"), ("email", "eve@corp.example")]);
    peer.person(
        "out",
        &[("uid", "out-1"), ("email", "out@elsewhere.example")],
    );
    peer.person("anon", &[("uid", "anon-1")]);
    let before = people(&app).await;
    let refused = |landed: &str, reason: &str, case: &str| {
        assert_eq!(
            landed,
            format!("/sign-in/refused?reason={reason}"),
            "{case}"
        );
    };

    // A good answer, kept to be replayed and tampered with.
    let (_, good, landed) = sign_in_through(&app, &peer, id, "eve").await;
    assert_eq!(landed, "/goals");
    assert_eq!(people(&app).await, before + 1);
    let eve_id = me_id(&app, "eve@corp.example").await;

    // Replayed, even in the browser that asked for it, it is not taken again.
    let browser = client();
    start(&app, &browser, id, "").await;
    refused(
        &deliver(&app, &peer, &browser, &good).await,
        "replayed",
        "replayed",
    );

    // Tampered with after signing (another NameID), the signature no longer holds.
    let browser = client();
    let to_idp = start(&app, &browser, id, "").await;
    let fresh = peer.sign_in(&to_idp, "eve").await;
    let xml = fresh.xml();
    assert!(xml.contains(">eve-1<"));
    let tampered = fresh.with_xml(&xml.replace(">eve-1<", ">mallory-1<"));
    refused(
        &deliver(&app, &peer, &browser, &tampered).await,
        "signature",
        "tampered",
    );
    // With its signature cut out, it is unsigned, and refused the same way.
    let cut = cut_signatures(&xml);
    assert!(!cut.contains("Signature"));
    let browser = client();
    start(&app, &browser, id, "").await;
    refused(
        &deliver(&app, &peer, &browser, &fresh.with_xml(&cut)).await,
        "signature",
        "signature cut out",
    );

    // The identity provider sends it unsigned.
    peer.register(
        &entity_id,
        &acs,
        &[
            ("saml20.sign.assertion", "false"),
            ("saml20.sign.response", "false"),
        ],
    );
    let (_, answer, landed) = sign_in_through(&app, &peer, id, "eve").await;
    assert!(
        !answer.xml().contains("SignatureValue"),
        "the provider signed nothing"
    );
    refused(&landed, "signature", "unsigned");

    // It was made for another service provider (its audience), yet sent here.
    let other = "https://other-app.example/saml";
    peer.register(&entity_id, &acs, &[]);
    peer.register(other, &acs, &[]);
    let browser = client();
    start(&app, &browser, id, "").await;
    let misdirected = peer.sign_in(&peer.unsolicited(other), "eve").await;
    assert!(misdirected
        .xml()
        .contains(&format!("<saml:Audience>{other}</saml:Audience>")));
    refused(
        &deliver(&app, &peer, &browser, &misdirected).await,
        "audience",
        "wrong audience",
    );

    // Its time was up ten minutes ago, well beyond the clock skew allowed.
    peer.register(&entity_id, &acs, &[("assertion.lifetime", "-600")]);
    let (_, _, landed) = sign_in_through(&app, &peer, id, "eve").await;
    refused(&landed, "token_expired", "expired");
    peer.register(&entity_id, &acs, &[]);

    // Nobody asked for it: the provider started it on its own (IdP-initiated).
    let browser = client();
    let unsolicited = peer.sign_in(&peer.unsolicited(&entity_id), "eve").await;
    refused(
        &deliver(&app, &peer, &browser, &unsolicited).await,
        "expired",
        "unsolicited",
    );

    // It answers a sign-in another browser started.
    let theirs = client();
    let to_idp = start(&app, &theirs, id, "").await;
    let answer = peer.sign_in(&to_idp, "eve").await;
    let mine = client();
    start(&app, &mine, id, "").await;
    refused(
        &deliver(&app, &peer, &mine, &answer).await,
        "nonce",
        "another browser's sign-in",
    );

    // An identity provider Tandem was not set up with.
    let Some(stranger) = SamlPeer::start() else {
        return;
    };
    stranger.register(&entity_id, &acs, &[]);
    stranger.person("eve", &[("uid", "eve-1"), ("email", "eve@corp.example")]);
    let browser = client();
    start(&app, &browser, id, "").await;
    let foreign = stranger
        .sign_in(&stranger.unsolicited(&entity_id), "eve")
        .await;
    refused(
        &deliver(&app, &stranger, &browser, &foreign).await,
        "issuer",
        "unknown issuer",
    );

    // A domain the provider is not for, and no address at all.
    let (_, _, landed) = sign_in_through(&app, &peer, id, "out").await;
    refused(&landed, "domain", "another domain");
    let (_, _, landed) = sign_in_through(&app, &peer, id, "anon").await;
    refused(&landed, "no_email", "no address");

    // Nothing signed anyone else in, or made an account; the refusal pages say why.
    assert_eq!(people(&app).await, before + 1);
    assert_eq!(me_id(&app, "eve@corp.example").await, eve_id);
    for reason in ["replayed", "signature", "audience", "token_expired"] {
        let res = client()
            .get(app.url(&format!("/sign-in/refused?reason={reason}")))
            .header("accept", "text/html")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403, "{reason}");
        let page = res.text().await.unwrap();
        let message = app::domain::SsoRefusal::from_code(reason)
            .unwrap()
            .message();
        assert!(page.contains(message), "{reason}: {page}");
    }
    // An empty or unreadable post is refused before anything else.
    let res = client()
        .post(app.url("/sso/saml/acs"))
        .header("sec-fetch-site", "cross-site")
        .form(&[("SAMLResponse", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["location"], "/sign-in/refused?reason=token");
    let res = client()
        .post(app.url("/sso/saml/finish"))
        .header("sec-fetch-site", "same-origin")
        .form(&[("SAMLResponse", "not base64 at all!")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["location"], "/sign-in/refused?reason=token");
    // The last step only takes posts from Tandem's own pages.
    let res = client()
        .post(app.url("/sso/saml/finish"))
        .header("sec-fetch-site", "cross-site")
        .form(&[("SAMLResponse", good.response.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
}

/// The XML with every `<ds:Signature>` element removed.
fn cut_signatures(xml: &str) -> String {
    let mut out = xml.to_owned();
    while let Some(start) = out.find("<ds:Signature") {
        let end = out[start..].find("</ds:Signature>").unwrap() + start + "</ds:Signature>".len();
        out.replace_range(start..end, "");
    }
    out
}

async fn me_id(app: &TestApp, email: &str) -> i64 {
    app.state
        .db
        .user_by_email(&Email::parse(email).unwrap())
        .await
        .unwrap()
        .unwrap()
        .id
}

async fn the_saml_form_names_what_is_wrong_and_saves_nothing(app: TestApp) {
    let Some(peer) = SamlPeer::start() else {
        return;
    };
    app.sign_up("Ada Admin", ADMIN).await;
    let metadata = peer.metadata().await;
    let save = |fields: Vec<(&'static str, String)>| {
        let app = &app;
        async move {
            let mut form: Vec<(&str, String)> = vec![
                ("protocol", "saml".into()),
                ("label", "Corp".into()),
                ("allowed_domains", "corp.example".into()),
                ("claim_email", "email".into()),
                ("claim_name", "".into()),
                ("claim_department", "".into()),
                ("claim_title", "".into()),
                ("claim_manager", "".into()),
            ];
            for (k, v) in fields {
                form.retain(|(name, _)| *name != k);
                form.push((k, v));
            }
            let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let res = app.call("admin/sso/save", &pairs).await;
            let status = res.status().as_u16();
            (status, res.text().await.unwrap())
        }
    };
    let refused = |(status, body): (u16, String), field: &str, words: &str| {
        assert_eq!(status, 400, "{body}");
        assert!(body.contains(field), "names {field}: {body}");
        assert!(body.contains(words), "says {words:?}: {body}");
    };
    refused(
        save(vec![]).await,
        "saml_metadata_url",
        "metadata URL, or paste",
    );
    refused(
        save(vec![(
            "saml_metadata_url",
            "http://127.0.0.1:9/metadata".into(),
        )])
        .await,
        "saml_metadata_url",
        "could not read http://127.0.0.1:9/metadata",
    );
    refused(
        save(vec![(
            "saml_metadata_url",
            "idp.corp.example/metadata".into(),
        )])
        .await,
        "saml_metadata_url",
        "starting https://",
    );
    refused(
        save(vec![("saml_metadata", "<html>not metadata</html>".into())]).await,
        "saml_metadata",
        "not SAML metadata",
    );
    let (entity_id, _) = tandem(&app);
    let ours = client()
        .get(&entity_id)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    refused(
        save(vec![("saml_metadata", ours)]).await,
        "saml_metadata",
        "no IDPSSODescriptor",
    );
    let unsigned = {
        let start = metadata.find("<md:KeyDescriptor").unwrap();
        let end = metadata.rfind("</md:KeyDescriptor>").unwrap() + "</md:KeyDescriptor>".len();
        let mut m = metadata.clone();
        m.replace_range(start..end, "");
        m
    };
    refused(
        save(vec![("saml_metadata", unsigned)]).await,
        "saml_metadata",
        "no signing certificate",
    );
    refused(
        save(vec![
            ("saml_metadata", metadata.clone()),
            ("allowed_domains", "".into()),
        ])
        .await,
        "allowed_domains",
        "at least one email domain",
    );
    refused(
        save(vec![
            ("saml_metadata", metadata.clone()),
            ("claim_email", "e mail".into()),
        ])
        .await,
        "claim_email",
        "not a claim name",
    );
    refused(
        save(vec![
            ("saml_metadata", metadata.clone()),
            ("protocol", "ldap".into()),
        ])
        .await,
        "protocol",
        "OpenID Connect or SAML",
    );
    let page = json_of(app.call("admin/sso", &[]).await).await;
    assert_eq!(
        page["providers"],
        serde_json::json!([]),
        "nothing was saved"
    );

    // Pasted metadata is enough; the same identity provider cannot be added twice.
    let (status, body) = save(vec![("saml_metadata", metadata.clone())]).await;
    assert_eq!(status, 200, "{body}");
    refused(
        save(vec![("saml_metadata_url", peer.metadata_url())]).await,
        "saml_metadata_url",
        "already set up here",
    );
    // Changed with both metadata fields empty, it keeps its metadata.
    let page = json_of(app.call("admin/sso", &[]).await).await;
    let id = page["providers"][0]["id"].as_i64().unwrap();
    let stored = app.state.db.identity_provider(id).await.unwrap().unwrap();
    let (status, body) = save(vec![
        ("id", id.to_string()),
        ("label", "Corp people".into()),
    ])
    .await;
    assert_eq!(status, 200, "{body}");
    let changed = app.state.db.identity_provider(id).await.unwrap().unwrap();
    assert_eq!(changed.label, "Corp people");
    assert_eq!(changed.saml_metadata, stored.saml_metadata);
    assert_eq!(changed.issuer, peer.metadata_url());
    // A provider that is not there cannot be changed.
    let (status, _) = save(vec![
        ("id", "424242".into()),
        ("saml_metadata", metadata.clone()),
    ])
    .await;
    assert_eq!(status, 404);

    // Only org admins may.
    let member = app.member("Pat", "pat@corp.example").await;
    let res = app
        .call_with(
            &member,
            "admin/sso/save",
            &[
                ("protocol", "saml"),
                ("label", "x"),
                ("allowed_domains", "corp.example"),
                ("claim_name", ""),
                ("claim_department", ""),
                ("claim_title", ""),
                ("claim_manager", ""),
            ],
        )
        .await;
    assert_eq!(res.status(), 403);
}

async fn a_saml_assertion_taken_on_one_server_is_refused_on_another(app: TestApp) {
    let Some(peer) = SamlPeer::start() else {
        return;
    };
    app.sign_up("Ada Admin", ADMIN).await;
    let (entity_id, acs) = tandem(&app);
    peer.register(&entity_id, &acs, &[]);
    let id = add_provider(&app, &peer).await;
    peer.person("fay", &[("uid", "fay-4"), ("email", "fay@corp.example")]);

    // A second server on the same database, whose settings name the same public address (as
    // two servers behind one load balancer do).
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let second = format!("http://{}", listener.local_addr().unwrap());
    let options = leptos::config::LeptosOptions::builder()
        .output_name("tandem")
        .site_addr(listener.local_addr().unwrap())
        .build();
    let mut state = app.state.clone();
    let mut settings = (*state.settings).clone();
    settings.base_url = app.base.clone();
    state.settings = std::sync::Arc::new(settings);
    common::serve(listener, state, options);

    let (_, answer, landed) = sign_in_through(&app, &peer, id, "fay").await;
    assert_eq!(landed, "/goals");
    // The same answer at the second server, in a browser that started a sign-in there.
    let browser = client();
    let res = browser
        .get(format!("{second}/sso/{id}/start"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let res = browser
        .post(format!("{second}/sso/saml/finish"))
        .header("origin", &second)
        .header("sec-fetch-site", "same-origin")
        .form(&[("SAMLResponse", answer.response.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.headers()["location"],
        "/sign-in/refused?reason=replayed"
    );
    let who: Value = browser
        .post(format!("{second}/api/me"))
        .header("origin", &second)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(who, Value::Null, "nobody signed in on the second server");
}
