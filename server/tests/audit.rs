//! The audit log over HTTP, on both databases: what org admins and integrations change is
//! written down with who did it and to whom; org admins filter it; nothing secret is in it;
//! and entries past the organisation's retention period are deleted.

mod common;

use common::programs::{cast, id_of, json};
use common::TestApp;
use serde_json::Value;

on_both_databases!(
    admins_and_integrations_leave_a_trail,
    entries_past_their_retention_are_deleted,
);

async fn audit(app: &TestApp, filters: &[(&str, &str)]) -> Value {
    json(app.call("admin/audit", filters).await).await
}

fn column(page: &Value, key: &str) -> Vec<String> {
    page["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e[key].as_str().unwrap().to_owned())
        .collect()
}

async fn admins_and_integrations_leave_a_trail(app: TestApp) {
    // Olga (org admin) makes Sam and Pat program admins.
    let c = cast(&app).await;
    let ana = id_of(&app, &c.ana).await;
    for active in ["0", "1"] {
        let res = app
            .call("admin/active", &[("user_id", &ana), ("active", active)])
            .await;
        assert_eq!(res.status(), 200);
    }
    // A provisioning token, a person it provisions, and the token revoked.
    assert_eq!(
        app.call("admin/scim/create", &[("label", "Okta")])
            .await
            .status(),
        200
    );
    let token = json(app.call("admin/scim", &[]).await).await["new_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let res = reqwest::Client::new()
        .post(app.url("/scim/v2/Users"))
        .bearer_auth(&token)
        .header("content-type", "application/scim+json")
        .body(
            serde_json::json!({
                "userName": "lee@example.com",
                "displayName": "Lee Park",
                "emails": [{ "value": "lee@example.com" }],
            })
            .to_string(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let page = json(app.call("admin/scim", &[]).await).await;
    let token_id = page["tokens"][0]["id"].to_string();
    assert_eq!(
        app.call("admin/scim/revoke", &[("id", &token_id)])
            .await
            .status(),
        200
    );

    // Everything, newest first.
    let all = audit(&app, &[]).await;
    assert_eq!(
        column(&all, "action"),
        [
            "Provisioning token revoked",
            "Provisioned (SCIM)",
            "Provisioning token created",
            "Person reactivated",
            "Person deactivated",
            "Role changed",
            "Role changed",
        ],
        "{all}"
    );
    assert_eq!(all["total"], 7);

    // By kind: who did it, to whom, and what changed.
    let roles = audit(&app, &[("action", "role_changed")]).await;
    assert_eq!(
        column(&roles, "actor"),
        [
            "Olga Admin <olga@example.com>",
            "Olga Admin <olga@example.com>"
        ]
    );
    assert_eq!(
        column(&roles, "subject"),
        [
            "Pat Quinn <pat@example.com>",
            "Sam Carter <sam@example.com>"
        ]
    );
    assert_eq!(column(&roles, "details")[0], "Participant → Program admin");
    let provisioned = audit(&app, &[("action", "provisioned")]).await;
    assert_eq!(column(&provisioned, "actor"), ["SCIM token \"Okta\""]);
    assert_eq!(
        column(&provisioned, "subject"),
        ["Lee Park <lee@example.com>"]
    );
    assert_eq!(column(&provisioned, "details"), ["Created"]);

    // By person, whether they acted or were acted on, and by date.
    let about_ana = audit(&app, &[("person", "ANA@example")]).await;
    assert_eq!(
        column(&about_ana, "action"),
        ["Person reactivated", "Person deactivated"]
    );
    let today = chrono::Utc::now().format("%Y-%m-%d").to_string();
    let dated = audit(&app, &[("from", &today), ("to", &today)]).await;
    assert_eq!(dated["total"], 7);
    let earlier = audit(&app, &[("to", "2020-01-01")]).await;
    assert_eq!(earlier["total"], 0);

    // Nothing secret is written down.
    let text = all.to_string();
    assert!(!text.contains(&token) && !text.contains(common::PASSWORD));

    // Bad filters are named; only org admins read the log.
    let res = app
        .call("admin/audit", &[("action", "password_changed")])
        .await;
    assert_eq!(res.status(), 400);
    assert!(res.text().await.unwrap().contains("password_changed"));
    let res = app.call("admin/audit", &[("from", "yesterday")]).await;
    assert_eq!(res.status(), 400);
    assert!(res.text().await.unwrap().contains("2026-12-31"));
    assert_eq!(
        app.call_with(&c.sam, "admin/audit", &[]).await.status(),
        403
    );
    // (Ana was signed out when she was deactivated.)
    assert_eq!(app.call_with(&c.bo, "admin/audit", &[]).await.status(), 403);
}

async fn entries_past_their_retention_are_deleted(app: TestApp) {
    let _cast = cast(&app).await;
    // Outside the allowed periods: refused, and nothing changes.
    for days in ["29", "3651", "a year"] {
        let res = app.call("admin/audit/retention", &[("days", days)]).await;
        assert_eq!(res.status(), 400, "{days}");
        assert!(res.text().await.unwrap().contains("30 to 3650"));
    }
    assert_eq!(audit(&app, &[]).await["retention_days"], 365);
    assert_eq!(
        app.call("admin/audit/retention", &[("days", "30")])
            .await
            .status(),
        200
    );
    let page = audit(&app, &[]).await;
    assert_eq!(page["retention_days"], 30);
    assert_eq!(
        column(&page, "details")[0],
        "Audit entries are kept for 30 days"
    );
    // The role changes happened 31 days ago; the clean-up deletes them and keeps the rest.
    sqlx::query("UPDATE audit_log SET at = at - 31 * 86400 WHERE action = 'role_changed'")
        .execute(app.state.db.pool())
        .await
        .unwrap();
    app::ssr::delivery::schedule::clean_up(&app.state)
        .await
        .unwrap();
    let page = audit(&app, &[]).await;
    assert_eq!(column(&page, "action"), ["Settings changed"], "{page}");
}
