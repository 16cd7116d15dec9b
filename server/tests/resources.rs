//! The resource hub over HTTP: admins write and publish, participants search, bookmark and
//! mark resources helpful; audiences keep resources from those they are not for; bad input
//! (scripts in Markdown, dangerous links, unknown filters, huge searches, files whose content
//! is not what they claim) is refused or neutralised; goal templates make goals and prompt
//! sets fill a session's agenda.

mod common;

use app::domain::{ProgramState, Role};
use common::{enroll_peer, program_spec, TestApp};
use serde_json::Value;

on_both_databases!(
    admins_publish_and_participants_search_bookmark_and_rate,
    bad_input_is_named_or_neutralised_and_nothing_unsafe_is_served,
    audiences_keep_resources_from_those_they_are_not_for,
    files_are_checked_by_content_and_served_so_they_cannot_run,
    goal_templates_make_goals_and_prompt_sets_fill_agendas,
);

/// Olga (org admin, on `app.client`), Sam who runs `program`, and participants Ana (enrolled
/// in `program`, paired with Bo) and Cy (enrolled nowhere).
struct Cast {
    program: i64,
    other_program: i64,
    ana: reqwest::Client,
    sam: reqwest::Client,
    cy: reqwest::Client,
    ana_id: i64,
}

async fn cast(app: &TestApp) -> Cast {
    app.sign_up("Olga Admin", "olga@example.com").await;
    let olga = app.user_id("olga@example.com").await;
    let ana = app.member("Ana Lopez", "ana@example.com").await;
    let _bo = app.member("Bo Chen", "bo@example.com").await;
    let cy = app.member("Cy Diaz", "cy@example.com").await;
    let sam = app.member("Sam Carter", "sam@example.com").await;
    let (ana_id, bo_id, sam_id) = (
        app.user_id("ana@example.com").await,
        app.user_id("bo@example.com").await,
        app.user_id("sam@example.com").await,
    );
    let db = &app.state.db;
    let program = db
        .create_program(&program_spec("Spring pairs"), olga)
        .await
        .unwrap();
    let other_program = db
        .create_program(&program_spec("Autumn pairs"), olga)
        .await
        .unwrap();
    db.set_role(sam_id, Role::ProgramAdmin).await.unwrap();
    db.set_program_admins(program, &[sam_id]).await.unwrap();
    db.set_program_state(program, ProgramState::Draft, ProgramState::Enrolling)
        .await
        .unwrap();
    db.set_program_state(program, ProgramState::Enrolling, ProgramState::Running)
        .await
        .unwrap();
    enroll_peer(db, program, ana_id).await;
    enroll_peer(db, program, bo_id).await;
    db.publish_pairs(program, &[(ana_id, bo_id)]).await.unwrap();
    Cast {
        program,
        other_program,
        ana,
        sam,
        cy,
        ana_id,
    }
}

/// A resource form with `changes` over a valid guide for everyone.
fn form<'a>(changes: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut form = vec![
        ("input[kind]", "guide"),
        ("input[title]", "Giving feedback that lands"),
        ("input[summary]", "Situation, behaviour, impact."),
        ("input[body]", "## Feedback\n\nBe specific and kind."),
        ("input[tags]", "feedback, communication"),
        ("input[category]", "skill"),
        ("input[audience]", "everyone"),
    ];
    for (k, v) in changes {
        match form.iter_mut().find(|(key, _)| key == k) {
            Some(entry) => entry.1 = v,
            None => form.push((k, v)),
        }
    }
    form
}

async fn create(app: &TestApp, who: &reqwest::Client, changes: &[(&str, &str)]) -> i64 {
    let res = app.call_with(who, "resources/save", &form(changes)).await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    res.json::<i64>().await.unwrap()
}

async fn publish(app: &TestApp, who: &reqwest::Client, id: i64) {
    let res = app
        .call_with(
            who,
            "resources/status",
            &[("id", &id.to_string()), ("status", "published")],
        )
        .await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
}

async fn hub(app: &TestApp, who: &reqwest::Client, filters: &[(&str, &str)]) -> (u16, Value) {
    let res = app.call_with(who, "resources", filters).await;
    let status = res.status().as_u16();
    (status, res.json().await.unwrap())
}

fn ids(list: &Value) -> Vec<i64> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect()
}

async fn resource_page(app: &TestApp, who: &reqwest::Client, id: i64) -> (u16, String) {
    let res = app
        .call_with(who, "resource", &[("id", &id.to_string())])
        .await;
    (res.status().as_u16(), res.text().await.unwrap())
}

async fn admins_publish_and_participants_search_bookmark_and_rate(app: TestApp) {
    let c = cast(&app).await;
    // Participants read; they do not write.
    let res = app.call_with(&c.ana, "resources/save", &form(&[])).await;
    assert_eq!(res.status(), 403);

    let guide = create(&app, &app.client, &[]).await;
    let other = create(
        &app,
        &app.client,
        &[
            ("input[title]", "Running a retrospective"),
            (
                "input[body]",
                "Ask what went well, and what to change. Feedback comes last.",
            ),
            ("input[tags]", "meetings"),
            ("input[category]", ""),
        ],
    )
    .await;
    // A draft is invisible to participants, exactly like a missing resource.
    let (status, draft_body) = resource_page(&app, &c.ana, guide).await;
    let (_, missing_body) = resource_page(&app, &c.ana, 999_999).await;
    assert_eq!((status, draft_body.as_str()), (404, missing_body.as_str()));
    let (_, h) = hub(&app, &c.ana, &[("q", "feedback")]).await;
    assert_eq!(ids(&h["results"]), Vec::<i64>::new());

    publish(&app, &app.client, guide).await;
    publish(&app, &app.client, other).await;
    // Title matches rank first; snippets mark the words found.
    let (status, h) = hub(&app, &c.ana, &[("q", "feedb")]).await;
    assert_eq!(status, 200);
    assert_eq!(ids(&h["results"]), vec![guide, other]);
    let snippet = &h["results"][1]["snippet"];
    assert!(
        snippet
            .as_array()
            .unwrap()
            .iter()
            .any(|part| part[0] == "Feedback" && part[1] == true),
        "{snippet}"
    );
    // Filters by kind and tag.
    let (_, h) = hub(&app, &c.ana, &[("tag", "meetings")]).await;
    assert_eq!(ids(&h["results"]), vec![other]);
    let (_, h) = hub(&app, &c.ana, &[("kind", "goal_template")]).await;
    assert_eq!(ids(&h["results"]), Vec::<i64>::new());

    // Bookmarks and helpful marks, which a second press takes back.
    for (endpoint, on) in [
        ("resources/bookmark", "1"),
        ("resources/helpful", "1"),
        ("resources/helpful", "1"),
    ] {
        let res = app
            .call_with(&c.ana, endpoint, &[("id", &guide.to_string()), ("on", on)])
            .await;
        assert_eq!(res.status(), 200);
    }
    let (_, h) = hub(&app, &c.ana, &[]).await;
    assert_eq!(ids(&h["bookmarks"]), vec![guide]);
    let (_, page) = resource_page(&app, &c.ana, guide).await;
    let page: Value = serde_json::from_str(&page).unwrap();
    assert_eq!(page["card"]["helpful"], 1);
    assert_eq!(page["card"]["bookmarked"], true);
    assert_eq!(page["helpful_mine"], true);
    app.call_with(
        &c.ana,
        "resources/bookmark",
        &[("id", &guide.to_string()), ("on", "0")],
    )
    .await;
    let (_, h) = hub(&app, &c.ana, &[]).await;
    assert_eq!(ids(&h["bookmarks"]), Vec::<i64>::new());

    // With a skill goal, the skill guide is recommended, saying why.
    let program = c.program.to_string();
    let res = app
        .call_with(
            &c.ana,
            "goals/save",
            &[
                ("program_id", program.as_str()),
                ("input[title]", "Speak at the all-hands"),
                ("input[category]", "skill"),
                ("input[measure]", "metric"),
                ("input[unit]", "talks"),
                ("input[baseline]", "0"),
                ("input[target]", "2"),
                ("input[direction]", "up"),
                ("input[visibility]", "private"),
            ],
        )
        .await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let (_, h) = hub(&app, &c.ana, &[]).await;
    assert_eq!(ids(&h["recommended"]), vec![guide]);
    assert_eq!(h["recommended"][0]["reason"], "For your skill goal");

    // Archiving takes it out of search; the admin list still has it.
    app.call(
        "resources/status",
        &[("id", &guide.to_string()), ("status", "archived")],
    )
    .await;
    let (_, h) = hub(&app, &c.ana, &[("q", "feedback")]).await;
    assert_eq!(ids(&h["results"]), vec![other]);
    let managed: Value = app
        .call("resources/manage", &[])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(ids(&managed).len(), 2);
}

async fn bad_input_is_named_or_neutralised_and_nothing_unsafe_is_served(app: TestApp) {
    let c = cast(&app).await;
    let count = |app: &TestApp| {
        let db = app.state.db.clone();
        async move { db.managed_resources().await.unwrap().len() }
    };
    // Each mistake is named by its field, with a 400, and nothing is saved.
    let long_body = "x".repeat(50_001);
    for (changes, field, words) in [
        (vec![("input[title]", "")], "title", "required"),
        (
            vec![
                ("input[kind]", "link"),
                ("input[url]", "javascript:alert(1)"),
            ],
            "url",
            "https://",
        ),
        (vec![("input[kind]", "poster")], "kind", "kind"),
        (vec![("input[tags]", "ok, !!!")], "tags", "letters"),
        (vec![("input[body]", long_body.as_str())], "body", "50000"),
        (
            vec![("input[audience]", "program"), ("input[program_id]", "")],
            "program_id",
            "program",
        ),
    ] {
        let res = app.call("resources/save", &form(&changes)).await;
        assert_eq!(res.status(), 400, "{changes:?}");
        let error: Value = res.json().await.unwrap();
        assert_eq!(error["Invalid"]["field"], field, "{error}");
        assert!(
            error["Invalid"]["message"]
                .as_str()
                .unwrap()
                .contains(words),
            "{error}"
        );
    }
    assert_eq!(count(&app).await, 0);

    // Script, event handlers and javascript: links in Markdown are neutralised when shown.
    let xss = create(
        &app,
        &app.client,
        &[(
            "input[body]",
            "Hello <script>alert('x')</script>\n\n[click](javascript:alert(1)) \
             <img src=x onerror=alert(2)> <a href=\"jAvAsCrIpT:alert(3)\">a</a> \
             <div onmouseover=\"alert(4)\">hover</div> <iframe src=\"https://evil.example\"></iframe>",
        )],
    )
    .await;
    publish(&app, &app.client, xss).await;
    let (_, page) = resource_page(&app, &c.ana, xss).await;
    let page: Value = serde_json::from_str(&page).unwrap();
    let html = page["body_html"].as_str().unwrap().to_lowercase();
    for bad in [
        "<script",
        "javascript:",
        "onerror",
        "onmouseover",
        "<iframe",
        "alert(",
    ] {
        assert!(!html.contains(bad), "{bad} in {html}");
    }
    assert!(html.contains("hello"), "{html}");
    let full = c
        .ana
        .get(app.url(&format!("/resources/{xss}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
        .to_lowercase();
    for bad in ["alert('x')", "javascript:alert", "onerror=", "onmouseover="] {
        assert!(!full.contains(bad), "{bad} in the page");
    }

    // Searches: too long, unknown tag, unknown kind, and operator soup.
    let huge = "a".repeat(10_000);
    for (filters, field, words) in [
        (vec![("q", huge.as_str())], "q", "10000"),
        (vec![("tag", "no-such-tag")], "tag", "no-such-tag"),
        (vec![("kind", "poster")], "kind", "poster"),
        (vec![("audience", "aliens")], "audience", "aliens"),
    ] {
        let (status, error) = hub(&app, &c.ana, &filters).await;
        assert_eq!(status, 400, "{filters:?}");
        assert_eq!(error["Invalid"]["field"], field, "{error}");
        assert!(
            error["Invalid"]["message"]
                .as_str()
                .unwrap()
                .contains(words),
            "{error}"
        );
    }
    for soup in [
        "\"",
        "*",
        "hello OR",
        "NEAR(a b)",
        "a:b",
        "'); DROP TABLE resources; --",
        "^-~",
    ] {
        let (status, _) = hub(&app, &c.ana, &[("q", soup)]).await;
        assert_eq!(status, 200, "{soup}");
    }
    let (_, h) = hub(&app, &c.ana, &[("q", "hello")]).await;
    assert_eq!(ids(&h["results"]), vec![xss]);
    // The page itself answers a bad search with the message, not a failure.
    let page = c
        .ana
        .get(app.url(&format!("/resources?q={}", "a".repeat(10_000))))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    assert!(page
        .text()
        .await
        .unwrap()
        .contains("at most 200 characters"));
}

async fn audiences_keep_resources_from_those_they_are_not_for(app: TestApp) {
    let c = cast(&app).await;
    let for_mentors = create(&app, &app.client, &[("input[audience]", "mentors")]).await;
    let for_admins = create(&app, &app.client, &[("input[audience]", "admins")]).await;
    // Sam runs `program` only: he may address it, not another.
    let program = c.program.to_string();
    let other = c.other_program.to_string();
    let res = app
        .call_with(
            &c.sam,
            "resources/save",
            &form(&[
                ("input[audience]", "program"),
                ("input[program_id]", other.as_str()),
            ]),
        )
        .await;
    assert_eq!(res.status(), 400);
    let for_program = create(
        &app,
        &c.sam,
        &[
            ("input[audience]", "program"),
            ("input[program_id]", program.as_str()),
        ],
    )
    .await;
    for id in [for_mentors, for_admins] {
        publish(&app, &app.client, id).await;
    }
    publish(&app, &c.sam, for_program).await;
    // Sam may read what Olga wrote for admins, but not archive it; what he cannot read does
    // not exist for him.
    for (id, status) in [(for_admins, 403), (for_mentors, 404)] {
        let res = app
            .call_with(
                &c.sam,
                "resources/status",
                &[("id", &id.to_string()), ("status", "archived")],
            )
            .await;
        assert_eq!(res.status(), status);
    }

    let (_, missing) = resource_page(&app, &c.cy, 999_999).await;
    let visible = |who: &reqwest::Client| {
        let who = who.clone();
        let app = &app;
        async move {
            let (_, h) = hub(app, &who, &[]).await;
            let mut seen = ids(&h["results"]);
            seen.sort_unstable();
            seen
        }
    };
    // Ana (a peer in the program) sees the program's; Cy (in no program) none of them.
    assert_eq!(visible(&c.ana).await, vec![for_program]);
    assert_eq!(visible(&c.cy).await, Vec::<i64>::new());
    let (status, body) = resource_page(&app, &c.cy, for_program).await;
    assert_eq!((status, body), (404, missing.clone()));
    let (status, body) = resource_page(&app, &c.ana, for_mentors).await;
    assert_eq!((status, body), (404, missing));
    // Sam (a program admin) sees the admins' and his program's; Olga sees all.
    assert_eq!(visible(&c.sam).await, vec![for_admins, for_program]);
    assert_eq!(
        visible(&app.client).await,
        vec![for_mentors, for_admins, for_program]
    );
    let _ = c.ana_id;
}

const PNG: &[u8] = &[
    0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, b'I', b'H', b'D', b'R', 0, 0, 0,
    1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1F, 0x15, 0xC4, 0x89,
];
const PDF: &[u8] =
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";

async fn upload(
    app: &TestApp,
    who: &reqwest::Client,
    id: i64,
    name: &str,
    bytes: Vec<u8>,
    accept: &str,
) -> reqwest::Response {
    let form = reqwest::multipart::Form::new()
        .text("id", id.to_string())
        .part(
            "file",
            reqwest::multipart::Part::bytes(bytes)
                .file_name(name.to_owned())
                .mime_str("application/pdf")
                .unwrap(),
        );
    who.post(app.url("/api/resources/upload"))
        .header("origin", app.base.as_str())
        .header("accept", accept)
        .header("referer", app.url(&format!("/resources/{id}")))
        .multipart(form)
        .send()
        .await
        .unwrap()
}

async fn files_are_checked_by_content_and_served_so_they_cannot_run(app: TestApp) {
    let c = cast(&app).await;
    let id = create(
        &app,
        &app.client,
        &[
            ("input[kind]", "file"),
            ("input[title]", "Program handbook"),
        ],
    )
    .await;
    // No file yet: it cannot be published.
    let res = app
        .call(
            "resources/status",
            &[("id", &id.to_string()), ("status", "published")],
        )
        .await;
    assert_eq!(res.status(), 400);
    // Content decides: a PNG named .pdf, a page named .pdf, something too large.
    let mut big = PDF.to_vec();
    big.resize(10 * 1024 * 1024 + 1, b' ');
    for (name, bytes, words) in [
        ("handbook.pdf", PNG.to_vec(), "its content is a PNG image"),
        (
            "handbook.pdf",
            b"<html><script>alert(1)</script></html>".to_vec(),
            "content is not one",
        ),
        (
            "handbook.html",
            b"<html><script>alert(1)</script></html>".to_vec(),
            "none of them",
        ),
        ("handbook.pdf", big, "10 MB limit"),
    ] {
        let res = upload(&app, &app.client, id, name, bytes, "application/json").await;
        assert_eq!(res.status(), 400, "{name}");
        let error: Value = res.json().await.unwrap();
        assert_eq!(error["Invalid"]["field"], "file");
        assert!(
            error["Invalid"]["message"]
                .as_str()
                .unwrap()
                .contains(words),
            "{error}"
        );
    }
    // Without JavaScript, the form post returns to the page with the message.
    let res = upload(
        &app,
        &app.client,
        id,
        "handbook.pdf",
        PNG.to_vec(),
        "text/html",
    )
    .await;
    assert_eq!(res.status(), 303);
    let back = res.headers()["location"].to_str().unwrap();
    assert!(
        back.starts_with(&format!("/resources/{id}?")) && back.contains("error="),
        "{back}"
    );
    assert!(app
        .state
        .db
        .resource(id)
        .await
        .unwrap()
        .unwrap()
        .file_key
        .is_none());
    // Participants cannot upload.
    let res = upload(
        &app,
        &c.ana,
        id,
        "handbook.pdf",
        PDF.to_vec(),
        "application/json",
    )
    .await;
    assert_eq!(res.status(), 403);

    let res = upload(
        &app,
        &app.client,
        id,
        "../../Hand*book.pdf",
        PDF.to_vec(),
        "text/html",
    )
    .await;
    assert_eq!(res.status(), 302);
    assert_eq!(
        res.headers()["location"],
        format!("/resources/{id}?uploaded=1")
    );
    let file = app.url(&format!("/resources/{id}/file"));
    // A draft's file is the author's until published.
    assert_eq!(c.ana.get(&file).send().await.unwrap().status(), 404);
    publish(&app, &app.client, id).await;
    let res = c.ana.get(&file).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let h = res.headers().clone();
    assert_eq!(h["content-type"], "application/pdf");
    assert_eq!(
        h["content-disposition"],
        "attachment; filename=\"Handbook.pdf\""
    );
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert!(h["content-security-policy"]
        .to_str()
        .unwrap()
        .contains("sandbox"));
    assert_eq!(res.bytes().await.unwrap().as_ref(), PDF);
    // Signed out, nothing.
    let stranger = common::client().get(&file).send().await.unwrap();
    assert_eq!(stranger.status(), 401);
    // Replacing it with an image: shown inline, and the old file's bytes are gone.
    let stored = || app::ssr::testing::clock::stored_files(&app.state.db);
    assert_eq!(stored().await.unwrap(), 1);
    let res = upload(
        &app,
        &app.client,
        id,
        "cover.png",
        PNG.to_vec(),
        "text/html",
    )
    .await;
    assert_eq!(res.status(), 302);
    let res = c.ana.get(&file).send().await.unwrap();
    assert_eq!(res.headers()["content-type"], "image/png");
    assert!(res.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .starts_with("inline"));
    assert_eq!(stored().await.unwrap(), 1);

    // A file kept on disk by an earlier version of Tandem moves into the database on start.
    let key = app
        .state
        .db
        .resource(id)
        .await
        .unwrap()
        .unwrap()
        .file_key
        .unwrap();
    app::ssr::testing::clock::forget_stored_files(&app.state.db)
        .await
        .unwrap();
    assert_eq!(c.ana.get(&file).send().await.unwrap().status(), 404);
    let data_dir = tempdir();
    let folder = app::ssr::support::files::files_dir(&data_dir);
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join(&key), PNG).unwrap();
    let moved = app::ssr::resources::disk_files::move_into_database(&app.state.db, &data_dir)
        .await
        .unwrap();
    assert_eq!((moved.moved, moved.missing.len()), (1, 0));
    let res = c.ana.get(&file).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.bytes().await.unwrap().as_ref(), PNG);
    std::fs::remove_dir_all(&data_dir).unwrap();
}

/// An empty folder of this test's own.
fn tempdir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "tandem-files-{}",
        app::ssr::support::files::new_key()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

async fn goal_templates_make_goals_and_prompt_sets_fill_agendas(app: TestApp) {
    let c = cast(&app).await;
    let template = create(
        &app,
        &app.client,
        &[
            ("input[kind]", "goal_template"),
            ("input[title]", "Present with confidence"),
            ("input[goal_title]", "Give [n] talks by [date]"),
            ("input[goal_measure]", "metric"),
            ("input[goal_unit]", "talks"),
            ("input[goal_baseline]", "0"),
            ("input[goal_target]", "3"),
            ("input[goal_direction]", "up"),
        ],
    )
    .await;
    publish(&app, &app.client, template).await;
    let (_, page) = resource_page(&app, &c.ana, template).await;
    let page: Value = serde_json::from_str(&page).unwrap();
    assert_eq!(page["goal"][0], "Give [n] talks by [date]");
    assert_eq!(page["programs"][0][0], c.program);

    // Only into a program I joined.
    let other = c.other_program.to_string();
    let res = app
        .call_with(
            &c.ana,
            "resources/use-template",
            &[
                ("id", &template.to_string()),
                ("program_id", other.as_str()),
            ],
        )
        .await;
    assert_eq!(res.status(), 400);
    let program = c.program.to_string();
    let res = app
        .call_with(
            &c.ana,
            "resources/use-template",
            &[
                ("id", &template.to_string()),
                ("program_id", program.as_str()),
            ],
        )
        .await;
    assert_eq!(res.status(), 200);
    let goal = res.json::<i64>().await.unwrap();
    let row = app.state.db.goal(goal).await.unwrap().unwrap();
    assert_eq!(
        (
            row.owner_id,
            row.program_id,
            row.title.as_str(),
            row.status.as_str(),
            row.target
        ),
        (
            c.ana_id,
            c.program,
            "Give [n] talks by [date]",
            "planned",
            Some(3_000)
        )
    );
    let due = time::Date::parse(
        row.due_on.as_deref().unwrap(),
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .unwrap();
    let today = time::OffsetDateTime::now_utc().date();
    assert!((due - today).whole_days().abs_diff(84) <= 1, "{due}");

    // A prompt set fills the next session's agenda on the pair page.
    let prompts = create(
        &app,
        &app.client,
        &[
            ("input[kind]", "prompt_set"),
            ("input[title]", "First session prompts"),
            ("input[body]", ""),
            (
                "input[items]",
                "What brought you here?\n\nWhat does a good week look like?",
            ),
        ],
    )
    .await;
    let pair = |set: i64| {
        let ana = c.ana.clone();
        let program = program.clone();
        let app = &app;
        async move {
            let res = app
                .call_with(
                    &ana,
                    "pair",
                    &[
                        ("program_id", program.as_str()),
                        ("prompts", &set.to_string()),
                    ],
                )
                .await;
            assert_eq!(res.status(), 200);
            res.json::<Value>().await.unwrap()["form"]["agenda"].clone()
        }
    };
    // A draft adds nothing; once published, its prompts.
    assert_eq!(pair(prompts).await, "");
    publish(&app, &app.client, prompts).await;
    assert_eq!(
        pair(prompts).await,
        "What brought you here?\nWhat does a good week look like?"
    );
}
