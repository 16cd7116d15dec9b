//! Personal-data requests over HTTP, on both databases: a person downloads everything Tandem
//! holds about them (and nothing others said in confidence), and an org admin erases a person,
//! keeping the programs' counts.

mod common;

use common::programs::{answers, cast, enroll, id_of, json, open_program, survey};
use common::TestApp;
use serde_json::Value;

on_both_databases!(
    a_person_downloads_everything_tandem_holds_about_them,
    an_org_admin_erases_a_person_and_the_counts_stay,
);

/// Sam's open program; Ana joins avoiding Bo and hoping for Cy; Cy joins avoiding Ana.
async fn enrolled(app: &TestApp, c: &common::programs::Cast) -> String {
    let program = open_program(app, &c.sam, "peer", &[]).await;
    let full = answers(&survey(app, &c.sam, &program).await);
    let res = enroll(
        app,
        &c.ana,
        &program,
        &[
            ("input[avoid]", "bo@example.com"),
            ("input[preferred]", "cy@example.com"),
        ],
        &full,
    )
    .await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let res = enroll(
        app,
        &c.cy,
        &program,
        &[("input[avoid]", "ana@example.com")],
        &full,
    )
    .await;
    assert_eq!(res.status(), 200);
    assert_eq!(enroll(app, &c.bo, &program, &[], &full).await.status(), 200);
    program
}

async fn a_person_downloads_everything_tandem_holds_about_them(app: TestApp) {
    let c = cast(&app).await;
    enrolled(&app, &c).await;
    let res = c
        .ana
        .get(app.url("/profile/data.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .contains("tandem-personal-data.json"));
    let text = res.text().await.unwrap();
    let doc: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(doc["profile"][0]["email"], "ana@example.com");
    assert_eq!(doc["profile"][0]["name"], "Ana Lopez");
    assert_eq!(doc["enrollments"][0]["program"], "Spring pairs");
    assert!(doc["enrollments"][0]["answers"]
        .as_str()
        .unwrap()
        .contains("coffee"));
    assert_eq!(
        doc["avoid_list"][0]["partner"], "Bo Chen",
        "her own list is hers"
    );
    assert_eq!(doc["preferred_partners"][0]["partner"], "Cy Diaz");
    // Cy's avoid list names Ana: it is Cy's confidence, never in Ana's file.
    assert_eq!(doc["avoid_list"].as_array().unwrap().len(), 1, "{text}");
    assert!(doc["audit_entries_about_you"].is_array() && doc["files"].is_array());
    // Recognition, stories, certificates and review records are hers to see too.
    for section in [
        "kudos",
        "stories",
        "certificates",
        "review_requests",
        "review_record_exports",
    ] {
        assert!(doc[section].is_array(), "{section} in {text}");
    }
    // Nothing secret.
    for secret in ["password", "token_hash", "$argon2"] {
        assert!(!text.contains(secret), "{secret} in the export");
    }
    // The download is in the audit log; only the person themselves can fetch theirs.
    let log = json(app.call("admin/audit", &[("action", "exported")]).await).await;
    assert_eq!(log["entries"][0]["subject"], "Ana Lopez <ana@example.com>");
    let anonymous = reqwest::Client::new()
        .get(app.url("/profile/data.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);
}

async fn an_org_admin_erases_a_person_and_the_counts_stay(app: TestApp) {
    let c = cast(&app).await;
    let program = enrolled(&app, &c).await;
    let ana = id_of(&app, &c.ana).await;
    let before = json(
        app.call_with(&c.sam, "enrollments", &[("program_id", &program)])
            .await,
    )
    .await;

    // Only org admins erase, never themselves.
    assert_eq!(
        app.call_with(&c.sam, "admin/erase", &[("user_id", &ana)])
            .await
            .status(),
        403
    );
    let olga = app.user_id("olga@example.com").await;
    assert_eq!(
        app.call("admin/erase", &[("user_id", &olga.to_string())])
            .await
            .status(),
        409
    );
    assert_eq!(
        app.call("admin/erase", &[("user_id", "424242")])
            .await
            .status(),
        404
    );

    let res = app.call("admin/erase", &[("user_id", &ana)]).await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());

    // Signed out, and her address no longer signs in.
    let me: Value = app.call_with(&c.ana, "me", &[]).await.json().await.unwrap();
    assert_eq!(me, Value::Null);
    let res = app
        .call_with(
            &reqwest::Client::new(),
            "sign_in",
            &[("email", "ana@example.com"), ("password", common::PASSWORD)],
        )
        .await;
    assert_eq!(res.status(), 400);

    // Her details are gone; the program still counts her enrollment, anonymously.
    let stored = app
        .state
        .db
        .user_by_id(ana.parse().unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.name, format!("Erased person #{ana}"));
    assert!(stored.email.ends_with("@erased.invalid"));
    assert!(
        stored.bio.is_empty() && stored.job_title.is_empty() && stored.deactivated_at.is_some()
    );
    let after = json(
        app.call_with(&c.sam, "enrollments", &[("program_id", &program)])
            .await,
    )
    .await;
    // Her enrollment still counts; her answers went with her.
    assert_eq!(
        after["counts"]["active"], before["counts"]["active"],
        "{after}"
    );
    assert_eq!(after["counts"]["complete"], 2, "{after}");
    let text = after.to_string();
    assert!(
        !text.contains("Ana Lopez") && !text.contains("ana@example.com"),
        "{text}"
    );

    // Avoid and preferred lists in both directions are gone: hers, and Cy's naming her.
    let (avoid, preferred): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM enrollment_avoid WHERE user_id = $1 OR partner_id = $1), \
         (SELECT COUNT(*) FROM enrollment_preferred WHERE user_id = $1 OR partner_id = $1)",
    )
    .bind(ana.parse::<i64>().unwrap())
    .fetch_one(app.state.db.pool())
    .await
    .unwrap();
    assert_eq!((avoid, preferred), (0, 0));

    // The audit log has the erasure and no longer names her anywhere.
    let log = json(app.call("admin/audit", &[]).await).await;
    assert_eq!(log["entries"][0]["action"], "Person erased");
    assert_eq!(
        log["entries"][0]["subject"],
        format!("Erased person #{ana} <erased>")
    );
    assert!(!log.to_string().contains("Ana Lopez") && !log.to_string().contains("ana@example.com"));
}
