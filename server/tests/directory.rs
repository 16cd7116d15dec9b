//! The org directory import over HTTP: upload, preview, confirm, invitations.

mod common;

use common::{client, TestApp, PASSWORD};
use serde_json::Value;

on_both_databases!(
    import_previews_problems_and_changes_nothing,
    import_creates_people_who_join_by_invitation,
    a_reimport_changes_only_the_columns_it_has_and_may_mark_leavers,
);

const GOOD: &str = "email,name,department,team,job title,level,manager_email,location,time zone\n\
    lead@example.com,Lee Lead,Engineering,Core,Engineering Lead,9,,Lisbon,Europe/Lisbon\n\
    ana@example.com,Ana Lopez,Engineering,Core,Engineer,4,lead@example.com,Lisbon,Europe/Lisbon\n";

/// Uploads a file the way the browser's plain form does and returns the upload id from the
/// redirect to its preview.
async fn upload(app: &TestApp, http: &reqwest::Client, csv: Vec<u8>) -> reqwest::Response {
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(csv)
            .file_name("people.csv")
            .mime_str("text/csv")
            .unwrap(),
    );
    http.post(app.url("/api/admin/import_upload"))
        .header("origin", app.base.as_str())
        .header("accept", "text/html")
        .header("referer", app.url("/admin/import"))
        .multipart(form)
        .send()
        .await
        .unwrap()
}

/// The admin's preview of an upload, as JSON.
async fn preview_of(app: &TestApp, upload: &str) -> Value {
    app.call("admin/import_preview", &[("upload", upload)])
        .await
        .json()
        .await
        .unwrap()
}

fn upload_id(res: &reqwest::Response) -> String {
    let location = res.headers()["location"].to_str().unwrap();
    location
        .strip_prefix("/admin/import?upload=")
        .unwrap_or_else(|| panic!("{location}"))
        .to_owned()
}

async fn import_previews_problems_and_changes_nothing(app: TestApp) {
    app.sign_up("Admin Person", "admin@example.com").await;

    // Participants cannot upload.
    let participant = app.member("Pat", "pat@example.com").await;
    let res = upload(&app, &participant, GOOD.as_bytes().to_vec()).await;
    assert_eq!(res.status(), 303);
    assert!(res.headers()["location"]
        .to_str()
        .unwrap()
        .contains("error=You%20do%20not%20have%20permission"));

    let bad = "email,name,level,manager_email\nana@example.com,Ana,4,ghost@example.com\nnot-an-email,Bo,99,\n";
    let res = upload(&app, &app.client, bad.as_bytes().to_vec()).await;
    assert_eq!(res.status(), 302);
    let id = upload_id(&res);
    let preview: Value = preview_of(&app, &id).await;
    let problems = preview["problems"].as_array().unwrap();
    let found: Vec<(i64, &str)> = problems
        .iter()
        .map(|p| (p["row"].as_i64().unwrap(), p["column"].as_str().unwrap()))
        .collect();
    // Every problem at once: the unknown manager beside the row's own mistakes.
    assert_eq!(
        found,
        vec![(2, "manager_email"), (3, "email"), (3, "level")],
        "{problems:?}"
    );
    // A participant cannot read an admin's upload, nor confirm it.
    assert_eq!(
        app.call_with(&participant, "admin/import_preview", &[("upload", &id)])
            .await
            .status(),
        403
    );
    let res = app.call("admin/import_confirm", &[("upload", &id)]).await;
    assert_eq!(res.status(), 400);
    assert_eq!(
        app.state.db.count_users().await.unwrap(),
        2,
        "nothing imported"
    );

    // Unknown managers are found once the rows are read.
    let res = upload(
        &app,
        &app.client,
        b"email,name,manager_email\nana@example.com,Ana,ghost@example.com\n".to_vec(),
    )
    .await;
    let preview: Value = preview_of(&app, &upload_id(&res)).await;
    assert!(preview["problems"][0]["message"]
        .as_str()
        .unwrap()
        .contains("ghost@example.com"));

    // Too big: refused before it is stored.
    let mut huge = b"email,name\n".to_vec();
    huge.resize(10 * 1024 * 1024 + 10, b'a');
    let res = upload(&app, &app.client, huge).await;
    assert_eq!(res.status(), 303);
    assert!(res.headers()["location"]
        .to_str()
        .unwrap()
        .contains("10%20MB"));
    assert_eq!(app.state.db.count_users().await.unwrap(), 2);
}

async fn import_creates_people_who_join_by_invitation(app: TestApp) {
    app.sign_up("Admin Person", "admin@example.com").await;
    let res = upload(&app, &app.client, GOOD.as_bytes().to_vec()).await;
    let id = upload_id(&res);
    let preview: Value = preview_of(&app, &id).await;
    assert_eq!(
        (
            preview["create_count"].as_u64(),
            preview["update_count"].as_u64()
        ),
        (Some(2), Some(0))
    );
    assert_eq!(preview["create"][1]["manager_email"], "lead@example.com");

    let res = app
        .call("admin/import_confirm", &[("upload", &id), ("invite", "on")])
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.headers()["location"],
        "/admin/people?created=2&updated=0&invited=2"
    );
    // The upload is gone once used.
    assert_eq!(
        app.call("admin/import_confirm", &[("upload", &id)])
            .await
            .status(),
        404
    );

    let people: Value = app
        .call("admin/people", &[("query", "ana@")])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(people["people"][0]["manager_email"], "lead@example.com");
    assert_eq!(people["people"][0]["team"], "Core");
    let ana_id = people["people"][0]["id"].clone();

    // Ana accepts her invitation: the imported account gets her password, nothing new is made.
    let token = TestApp::token_in(&app.last_mail_to("ana@example.com").await, "invite");
    let ana = client();
    let res = app
        .call_with(
            &ana,
            "sign_up",
            &[
                ("name", "Ana López"),
                ("email", "ana@example.com"),
                ("password", PASSWORD),
                ("invite", &token),
            ],
        )
        .await;
    assert_eq!(res.status(), 200);
    let me: Value = app.call_with(&ana, "me", &[]).await.json().await.unwrap();
    assert_eq!(
        (me["id"].clone(), me["name"].as_str()),
        (ana_id, Some("Ana López"))
    );
    assert_eq!(app.state.db.count_users().await.unwrap(), 3);

    // Re-importing updates by email.
    let moved = GOOD.replace("Engineer,4", "Senior Engineer,6");
    let res = upload(&app, &app.client, moved.into_bytes()).await;
    let id = upload_id(&res);
    let preview: Value = preview_of(&app, &id).await;
    assert_eq!(
        (
            preview["create_count"].as_u64(),
            preview["update_count"].as_u64(),
            preview["unchanged"].as_u64()
        ),
        (Some(0), Some(1), Some(1))
    );
}

/// Uploads `csv` as the signed-in admin and returns its preview and upload id.
async fn previewed(app: &TestApp, csv: &str) -> (Value, String) {
    let res = upload(app, &app.client, csv.as_bytes().to_vec()).await;
    let id = upload_id(&res);
    (preview_of(app, &id).await, id)
}

async fn confirm(app: &TestApp, id: &str, extra: &[(&str, &str)]) -> reqwest::Response {
    let mut form = vec![("upload", id)];
    form.extend_from_slice(extra);
    app.call("admin/import_confirm", &form).await
}

async fn a_reimport_changes_only_the_columns_it_has_and_may_mark_leavers(app: TestApp) {
    app.sign_up("Admin Person", "admin@example.com").await;
    let full = "email,name,department,level,manager_email\n\
        lead@example.com,Lee Lead,Engineering,9,\n\
        ana@example.com,Ana Lopez,Engineering,4,lead@example.com\n\
        cy@example.com,Cy Diaz,Sales,3,lead@example.com\n";
    let (_, id) = previewed(&app, full).await;
    assert_eq!(confirm(&app, &id, &[]).await.status(), 200);
    let ana = |app: &TestApp| {
        let db = app.state.db.clone();
        async move {
            db.user_by_email(&app::domain::Email::parse("ana@example.com").unwrap())
                .await
                .unwrap()
                .unwrap()
        }
    };
    assert_eq!(
        ana(&app).await.manager_email.as_deref(),
        Some("lead@example.com")
    );

    // A file without the manager and level columns keeps both; it changes the department.
    let (p, id) = previewed(
        &app,
        "email,name,department\nana@example.com,Ana Lopez,Design\nlead@example.com,Lee Lead,Engineering\ncy@example.com,Cy Diaz,Sales\n",
    )
    .await;
    assert_eq!(p["problems"], serde_json::json!([]));
    assert!(
        p["absent_columns"].to_string().contains("manager email"),
        "{p}"
    );
    assert_eq!(
        p["update"][0]["changes"],
        serde_json::json!(["department: Engineering → Design"])
    );
    assert_eq!(confirm(&app, &id, &[]).await.status(), 200);
    let now = ana(&app).await;
    assert_eq!(now.department, "Design");
    assert_eq!(
        now.manager_email.as_deref(),
        Some("lead@example.com"),
        "manager kept"
    );
    assert_eq!(now.level, Some(4), "level kept");

    // An empty cell in a manager column the file has removes the manager, and says so.
    let (p, id) = previewed(
        &app,
        "email,name,manager_email\nana@example.com,Ana Lopez,\nlead@example.com,Lee Lead,\ncy@example.com,Cy Diaz,lead@example.com\n",
    )
    .await;
    assert_eq!(
        p["update"][0]["changes"],
        serde_json::json!(["manager removed"])
    );
    assert_eq!(confirm(&app, &id, &[]).await.status(), 200);
    assert_eq!(ana(&app).await.manager_email, None);

    // Every problem in one pass: a bad level, a bad email and an unknown manager together.
    let (p, _) = previewed(
        &app,
        "email,name,level,manager_email\nana@example.com,Ana Lopez,99,\nnope,Cy,3,\nlead@example.com,Lee Lead,9,ghost@example.com\n",
    )
    .await;
    let rows: Vec<i64> = p["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["row"].as_i64().unwrap())
        .collect();
    assert_eq!(rows, vec![2, 3, 4], "{p}");

    // A file without Cy lists him as missing; he is marked as having left only when asked.
    let partial = "email,name\nana@example.com,Ana Lopez\nlead@example.com,Lee Lead\n";
    let (p, id) = previewed(&app, partial).await;
    assert_eq!(
        p["missing"],
        serde_json::json!(["cy@example.com"]),
        "never the admin"
    );
    assert_eq!(confirm(&app, &id, &[]).await.status(), 200);
    let cy = app.user_id("cy@example.com").await;
    assert!(
        app.state.db.user_by_id(cy).await.unwrap().unwrap().active(),
        "off by default"
    );
    let (_, id) = previewed(&app, partial).await;
    let res = confirm(&app, &id, &[("mark_left", "on")]).await;
    assert!(res.headers()["location"]
        .to_str()
        .unwrap()
        .ends_with("left=1"));
    assert!(!app.state.db.user_by_id(cy).await.unwrap().unwrap().active());
}
