//! SCIM provisioning over HTTP, on both databases: an org admin makes a token; an identity
//! provider creates, finds, updates, pages through and deletes people with it; a person it
//! deactivates is signed out at once and left out of the next draft; and an independent
//! compliance checker (PyPI's scim2-tester) finds nothing wrong with `/scim/v2`.

mod common;

use app::domain::{Email, Role};
use app::ssr::storage::NewUser;
use common::programs::{answers, cast, enroll, id_of, json, open_program, round_groups, survey};
use common::{smtp::peer_python, TestApp};
use reqwest::StatusCode;
use serde_json::{json, Value};

on_both_databases!(
    an_independent_checker_finds_tandem_compliant,
    providers_create_find_update_and_page_through_people,
    people_a_provider_deactivates_leave_at_once,
);

const ENTERPRISE: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

/// The org admin (`app.client`) makes a token on the Provisioning page and reads it there,
/// once, as a browser would after the form's redirect.
async fn token(app: &TestApp, label: &str) -> String {
    let res = app.call("admin/scim/create", &[("label", label)]).await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let page = json(app.call("admin/scim", &[]).await).await;
    let token = page["new_token"]
        .as_str()
        .expect("the new token is shown")
        .to_owned();
    let again = json(app.call("admin/scim", &[]).await).await;
    assert_eq!(again["new_token"], Value::Null, "shown once: {again}");
    token
}

/// A provider's request.
struct Provider<'a> {
    app: &'a TestApp,
    token: String,
    http: reqwest::Client,
}

impl<'a> Provider<'a> {
    fn new(app: &'a TestApp, token: String) -> Self {
        Provider {
            app,
            token,
            http: reqwest::Client::new(),
        }
    }

    async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut req = self
            .http
            .request(method, self.app.url(&format!("/scim/v2{path}")))
            .bearer_auth(&self.token);
        if let Some(b) = body {
            req = req
                .header("content-type", "application/scim+json")
                .body(b.to_string());
        }
        let res = req.send().await.unwrap();
        let status = res.status();
        if status != StatusCode::NO_CONTENT {
            assert_eq!(
                res.headers()["content-type"],
                "application/scim+json",
                "{path}"
            );
        }
        let text = res.text().await.unwrap();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    async fn get(&self, path: &str) -> (StatusCode, Value) {
        self.send(reqwest::Method::GET, path, None).await
    }
    async fn post(&self, path: &str, body: Value) -> (StatusCode, Value) {
        self.send(reqwest::Method::POST, path, Some(body)).await
    }
    async fn put(&self, path: &str, body: Value) -> (StatusCode, Value) {
        self.send(reqwest::Method::PUT, path, Some(body)).await
    }
    async fn patch(&self, path: &str, ops: Value) -> (StatusCode, Value) {
        let body = json!({
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": ops,
        });
        self.send(reqwest::Method::PATCH, path, Some(body)).await
    }
}

fn user(user_name: &str, email: &str, name: &str) -> Value {
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "userName": user_name,
        "displayName": name,
        "emails": [{ "value": email, "type": "work", "primary": true }],
        "active": true,
    })
}

fn assert_error(status: StatusCode, body: &Value, want: u16, scim_type: Option<&str>, says: &str) {
    assert_eq!(status.as_u16(), want, "{body}");
    assert_eq!(
        body["schemas"][0], "urn:ietf:params:scim:api:messages:2.0:Error",
        "{body}"
    );
    assert_eq!(body["status"], want.to_string(), "{body}");
    if let Some(t) = scim_type {
        assert_eq!(body["scimType"], t, "{body}");
    }
    assert!(
        body["detail"].as_str().unwrap_or_default().contains(says),
        "{says:?} in {body}"
    );
}

async fn an_independent_checker_finds_tandem_compliant(app: TestApp) {
    let Some(python) = peer_python("the SCIM compliance check") else {
        return;
    };
    app.sign_up("Olga Admin", "olga@example.com").await;
    let token = token(&app, "Compliance check").await;
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/peers/scim_check.py");
    let base = app.url("/scim/v2");
    let out = tokio::task::spawn_blocking(move || {
        std::process::Command::new(python)
            .arg(script)
            .arg(base)
            .arg(token)
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "scim2-tester found problems:\n{report}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The checker ran the whole suite: discovery, create, read, replace, patch and delete.
    for check in [
        "object_creation",
        "object_query",
        "object_replacement",
        "object_deletion",
    ] {
        assert!(report.contains(check), "{check} ran:\n{report}");
    }
}

async fn providers_create_find_update_and_page_through_people(app: TestApp) {
    app.sign_up("Olga Admin", "olga@example.com").await;
    let good = token(&app, "Microsoft Entra ID").await;
    assert!(good.starts_with("tandem_scim_"));

    // Without a token, with a wrong one, and with a revoked one: 401, in SCIM's format.
    let nobody = Provider::new(&app, String::new());
    let (status, body) = nobody.get("/Users").await;
    assert_error(status, &body, 401, None, "bearer token");
    let wrong = Provider::new(&app, format!("{good}x"));
    let (status, body) = wrong.get("/Users").await;
    assert_error(status, &body, 401, None, "bearer token");
    let old = token(&app, "Old Okta").await;
    let page = json(app.call("admin/scim", &[]).await).await;
    let old_id = page["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["label"] == "Old Okta")
        .unwrap()["id"]
        .to_string();
    assert_eq!(
        app.call("admin/scim/revoke", &[("id", &old_id)])
            .await
            .status(),
        200
    );
    let (status, _) = Provider::new(&app, old).get("/Users").await;
    assert_eq!(status, 401, "a revoked token is refused at once");
    let idp = Provider::new(&app, good);

    // Discovery.
    let (status, config) = idp.get("/ServiceProviderConfig").await;
    assert_eq!(status, 200);
    assert_eq!(config["patch"]["supported"], true);
    let (_, schemas) = idp.get("/Schemas").await;
    assert_eq!(schemas["totalResults"], 2);

    // A provider creates a person, with their manager from the enterprise extension.
    let (status, boss) = idp
        .post(
            "/Users",
            user("Dana.Boss@Example.com", "dana@example.com", "Dana Boss"),
        )
        .await;
    assert_eq!(status, 201, "{boss}");
    let boss_id = boss["id"].as_str().unwrap().to_owned();
    let mut kim = user("kim.lee@example.com", "kim.lee@example.com", "Kim Lee");
    kim["title"] = json!("Engineer");
    kim["externalId"] = json!("entra-0001");
    kim[ENTERPRISE] = json!({ "department": "Platform", "manager": { "value": boss_id } });
    let res = idp
        .http
        .post(app.url("/scim/v2/Users"))
        .bearer_auth(&idp.token)
        .header("content-type", "application/scim+json")
        .body(kim.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let location = res.headers()["location"].to_str().unwrap().to_owned();
    let created: Value = res.json().await.unwrap();
    let kim_id = created["id"].as_str().unwrap().to_owned();
    assert_eq!(location, app.url(&format!("/scim/v2/Users/{kim_id}")));
    assert_eq!(created["meta"]["location"], location);
    assert_eq!(created[ENTERPRISE]["manager"]["value"], boss_id);
    assert_eq!(created[ENTERPRISE]["department"], "Platform");
    // Tandem has them, with their manager for matching's rules.
    let stored = app
        .state
        .db
        .user_by_id(kim_id.parse().unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (stored.name.as_str(), stored.job_title.as_str()),
        ("Kim Lee", "Engineer")
    );
    assert_eq!(stored.manager_id, Some(boss_id.parse().unwrap()));
    assert_eq!(stored.role, Role::Participant);

    // Creating them twice is refused; so is someone else's address.
    let (status, body) = idp
        .post(
            "/Users",
            user("kim.lee@example.com", "kim.other@example.com", "Kim"),
        )
        .await;
    assert_error(status, &body, 409, Some("uniqueness"), "userName");
    let (status, body) = idp
        .post("/Users", user("k.lee", "kim.lee@example.com", "Kim"))
        .await;
    assert_error(
        status,
        &body,
        409,
        Some("uniqueness"),
        "kim.lee@example.com",
    );

    // Someone Tandem knows from a directory import is taken over, not duplicated.
    let ines = Email::parse("ines@example.com").unwrap();
    let ines_id = app
        .state
        .db
        .create_user(NewUser {
            email: &ines,
            name: "Inès",
            role: Role::Participant,
            password_hash: None,
        })
        .await
        .unwrap();
    let (status, body) = idp
        .post(
            "/Users",
            user("INES@example.com", "ines@example.com", "Inès Martin"),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["id"], ines_id.to_string());
    assert_eq!(body["displayName"], "Inès Martin");

    // Found by userName (without regard to case), externalId and address; an unknown filter
    // is refused with what Tandem understands.
    let (_, found) = idp
        .get("/Users?filter=userName%20eq%20%22KIM.LEE%40example.com%22")
        .await;
    assert_eq!(found["totalResults"], 1, "{found}");
    assert_eq!(found["Resources"][0]["id"], kim_id);
    let (_, found) = idp
        .get("/Users?filter=externalId%20eq%20%22entra-0001%22")
        .await;
    assert_eq!(found["Resources"][0]["id"], kim_id);
    let (_, none) = idp
        .get("/Users?filter=userName%20eq%20%22nobody%40example.com%22")
        .await;
    assert_eq!(
        (none["totalResults"].clone(), none["Resources"].clone()),
        (json!(0), json!([]))
    );
    let (status, body) = idp.get("/Users?filter=title%20sw%20%22Eng%22").await;
    assert_error(status, &body, 400, Some("invalidFilter"), "userName eq");

    // Paging: four people (Olga, Dana, Kim, Inès), two at a time.
    let (_, first) = idp.get("/Users?startIndex=1&count=2").await;
    assert_eq!(
        (first["totalResults"].clone(), first["itemsPerPage"].clone()),
        (json!(4), json!(2))
    );
    let (_, rest) = idp.get("/Users?startIndex=3&count=2").await;
    let ids: Vec<&Value> = first["Resources"]
        .as_array()
        .unwrap()
        .iter()
        .chain(rest["Resources"].as_array().unwrap())
        .map(|r| &r["id"])
        .collect();
    assert_eq!(ids.len(), 4);
    assert_eq!(rest["startIndex"], 3);
    let (_, count_only) = idp.get("/Users?count=0").await;
    assert_eq!(
        (
            count_only["totalResults"].clone(),
            count_only["Resources"].clone()
        ),
        (json!(4), json!([]))
    );
    let (status, body) = idp.get("/Users?count=lots").await;
    assert_error(status, &body, 400, Some("invalidValue"), "count");

    // Only the attributes asked for, or all but those excluded.
    let (_, slim) = idp
        .get(&format!("/Users/{kim_id}?attributes=userName"))
        .await;
    assert_eq!(slim["userName"], "kim.lee@example.com");
    assert!(
        slim.get("displayName").is_none() && slim.get("emails").is_none(),
        "{slim}"
    );
    let (_, most) = idp
        .get(&format!(
            "/Users/{kim_id}?excludedAttributes=emails,{ENTERPRISE}:department"
        ))
        .await;
    assert!(
        most.get("emails").is_none() && most.get("displayName").is_some(),
        "{most}"
    );
    assert!(
        most[ENTERPRISE].get("department").is_none() && most[ENTERPRISE].get("manager").is_some(),
        "{most}"
    );

    // PATCH as Entra ID sends it: a new address, title and department, no manager.
    let (status, patched) = idp
        .patch(
            &format!("/Users/{kim_id}"),
            json!([
                { "op": "Replace", "path": "emails[type eq \"work\"].value", "value": "kim@example.com" },
                { "op": "Replace", "path": "title", "value": "Staff engineer" },
                { "op": "Replace", "path": format!("{ENTERPRISE}:department"), "value": "Data" },
                { "op": "Remove", "path": format!("{ENTERPRISE}:manager") },
            ]),
        )
        .await;
    assert_eq!(status, 200, "{patched}");
    assert_eq!(patched["emails"][0]["value"], "kim@example.com");
    assert_eq!(patched["title"], "Staff engineer");
    assert!(patched[ENTERPRISE].get("manager").is_none(), "{patched}");
    let stored = app
        .state
        .db
        .user_by_id(kim_id.parse().unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (
            stored.email.as_str(),
            stored.department.as_str(),
            stored.manager_id
        ),
        ("kim@example.com", "Data", None)
    );

    // Bad input names what is wrong and changes nothing.
    let (status, body) = idp.patch(&format!("/Users/{kim_id}"), json!([{ "op": "Replace", "path": format!("{ENTERPRISE}:manager"), "value": "999999" }])).await;
    assert_error(status, &body, 400, Some("invalidValue"), "999999");
    let (status, body) = idp
        .patch(
            &format!("/Users/{kim_id}"),
            json!([{ "op": "Remove", "path": "userName" }]),
        )
        .await;
    assert_error(status, &body, 400, Some("mutability"), "userName");
    let (status, body) = idp
        .put(
            &format!("/Users/{kim_id}"),
            json!({ "userName": "kim@example.com", "emails": [{ "value": "kim@example.com" }] }),
        )
        .await;
    assert_error(status, &body, 400, Some("invalidValue"), "displayName");
    let (status, body) = idp
        .post(
            "/Users",
            json!({ "userName": "no-address", "displayName": "X" }),
        )
        .await;
    assert_error(status, &body, 400, Some("invalidValue"), "emails");
    let res = idp
        .http
        .post(app.url("/scim/v2/Users"))
        .bearer_auth(&idp.token)
        .header("content-type", "application/scim+json")
        .body("{\"userName\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    let body: Value = res.json().await.unwrap();
    assert_error(
        StatusCode::BAD_REQUEST,
        &body,
        400,
        Some("invalidSyntax"),
        "not valid JSON",
    );
    let stored = app
        .state
        .db
        .user_by_id(kim_id.parse().unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        stored.job_title, "Staff engineer",
        "unchanged by the refusals"
    );

    // PUT replaces what the provider wrote: the title it leaves out is cleared.
    let mut replaced = user("kim@example.com", "kim@example.com", "Kim Lee-Park");
    replaced[ENTERPRISE] = json!({ "department": "Data", "manager": { "value": boss_id } });
    let (status, body) = idp.put(&format!("/Users/{kim_id}"), replaced).await;
    assert_eq!(status, 200, "{body}");
    assert!(body.get("title").is_none(), "{body}");
    assert_eq!(body["displayName"], "Kim Lee-Park");
    // Kim reports to Dana, so Dana cannot report to Kim: the chart never loops.
    let (status, body) = idp
        .patch(
            &format!("/Users/{boss_id}"),
            json!([{ "op": "Add", "path": format!("{ENTERPRISE}:manager"), "value": kim_id }]),
        )
        .await;
    assert_error(
        status,
        &body,
        400,
        Some("invalidValue"),
        "reports to this person",
    );

    // Unknown people and endpoints: SCIM's 404.
    let (status, body) = idp.get("/Users/424242").await;
    assert_error(status, &body, 404, None, "424242");
    let (status, body) = idp.get("/Groups").await;
    assert_error(status, &body, 404, None, "/Users");

    // The Provisioning page shows when each token was last used, never the token.
    let page = json(app.call("admin/scim", &[]).await).await;
    let entra = page["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["label"] == "Microsoft Entra ID")
        .unwrap()
        .clone();
    assert!(entra["last_used"].is_string(), "{entra}");
    assert!(entra["hint"].as_str().unwrap().ends_with('…'), "{entra}");
    assert!(!page.to_string().contains(&idp.token));
    // Only org admins manage tokens.
    let member = app.member("Mo Member", "mo@example.com").await;
    assert_eq!(
        app.call_with(&member, "admin/scim", &[]).await.status(),
        403
    );
    assert_eq!(
        app.call_with(&member, "admin/scim/create", &[("label", "Mine")])
            .await
            .status(),
        403
    );
}

async fn people_a_provider_deactivates_leave_at_once(app: TestApp) {
    let c = cast(&app).await;
    let idp = Provider::new(&app, token(&app, "Okta").await);
    // Ana is signed in and enrolled in a program whose draft she would be in.
    let program = open_program(&app, &c.sam, "peer", &[]).await;
    let full = answers(&survey(&app, &c.sam, &program).await);
    for who in [&c.ana, &c.bo, &c.cy, &c.pat] {
        assert_eq!(enroll(&app, who, &program, &[], &full).await.status(), 200);
    }
    let ana = id_of(&app, &c.ana).await;
    let (_, found) = idp
        .get("/Users?filter=userName%20eq%20%22ana%40example.com%22")
        .await;
    assert_eq!(
        found["Resources"][0]["id"], ana,
        "people who signed up are found by address"
    );

    // Okta's PATCH: active false. Her session ends at once.
    let (status, body) = idp
        .patch(
            &format!("/Users/{ana}"),
            json!([{ "op": "replace", "value": { "active": false } }]),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["active"], false);
    let me: Value = app.call_with(&c.ana, "me", &[]).await.json().await.unwrap();
    assert_eq!(me, Value::Null, "signed out at once");

    // She is out of the next draft.
    let res = app
        .call_with(&c.sam, "rounds/draft", &[("program_id", &program)])
        .await;
    assert_eq!(res.status(), 200);
    let (_, groups) = round_groups(&app, &c.sam, &program).await;
    assert!(
        groups.iter().all(|g| !g.contains(&"Ana Lopez".to_string())),
        "{groups:?}"
    );
    assert!(
        groups.iter().any(|g| g.contains(&"Bo Chen".to_string())),
        "{groups:?}"
    );

    // Reactivated (Entra sends the string "True"), she signs in again.
    let (status, body) = idp
        .patch(
            &format!("/Users/{ana}"),
            json!([{ "op": "Replace", "path": "active", "value": "True" }]),
        )
        .await;
    assert_eq!(
        (status.as_u16(), body["active"].clone()),
        (200, json!(true)),
        "{body}"
    );
    let res = app
        .call_with(
            &c.ana,
            "sign_in",
            &[("email", "ana@example.com"), ("password", common::PASSWORD)],
        )
        .await;
    assert_eq!(res.status(), 200);

    // DELETE deactivates her and hides her from the provider; her records stay, and a
    // provider that creates her again brings the same account back.
    let res = idp
        .http
        .delete(app.url(&format!("/scim/v2/Users/{ana}")))
        .bearer_auth(&idp.token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    let (status, _) = idp.get(&format!("/Users/{ana}")).await;
    assert_eq!(status, 404);
    let me: Value = app.call_with(&c.ana, "me", &[]).await.json().await.unwrap();
    assert_eq!(me, Value::Null);
    let stored = app
        .state
        .db
        .user_by_id(ana.parse().unwrap())
        .await
        .unwrap()
        .unwrap();
    assert!(stored.deactivated_at.is_some());
    let (status, back) = idp
        .post("/Users", user("ana.lopez", "ana@example.com", "Ana Lopez"))
        .await;
    assert_eq!(status, 201, "{back}");
    assert_eq!(
        (back["id"].as_str(), back["active"].clone()),
        (Some(ana.as_str()), json!(true))
    );

    // The organisation's only org admin cannot be deactivated from outside.
    let olga = app.user_id("olga@example.com").await;
    let (status, body) = idp
        .patch(
            &format!("/Users/{olga}"),
            json!([{ "op": "replace", "path": "active", "value": false }]),
        )
        .await;
    assert_error(status, &body, 409, Some("mutability"), "only org admin");
    assert_eq!(
        json(app.call("me", &[]).await).await["email"],
        "olga@example.com",
        "still signed in"
    );
}
