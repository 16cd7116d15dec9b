//! Programs as tests use them: a cast of people, a program opened for enrollment, survey
//! answers, enrollment and a draft's groups, each through the server functions a browser
//! calls.

use super::TestApp;
use serde_json::Value;

/// The people of every test: the org admin (first account), two program admins, three
/// participants. Returns the clients of everyone but the org admin (`app.client`).
pub struct Cast {
    pub sam: reqwest::Client,
    pub pat: reqwest::Client,
    pub ana: reqwest::Client,
    pub bo: reqwest::Client,
    pub cy: reqwest::Client,
}

pub async fn id_of(app: &TestApp, client: &reqwest::Client) -> String {
    let me: Value = app.call_with(client, "me", &[]).await.json().await.unwrap();
    me["id"].to_string()
}

pub async fn cast(app: &TestApp) -> Cast {
    app.sign_up("Olga Admin", "olga@example.com").await;
    let sam = app.member("Sam Carter", "sam@example.com").await;
    let pat = app.member("Pat Quinn", "pat@example.com").await;
    for c in [&sam, &pat] {
        let id = id_of(app, c).await;
        let res = app
            .call("admin/role", &[("user_id", &id), ("role", "program_admin")])
            .await;
        assert_eq!(res.status(), 200);
    }
    Cast {
        sam,
        pat,
        ana: app.member("Ana Lopez", "ana@example.com").await,
        bo: app.member("Bo Chen", "bo@example.com").await,
        cy: app.member("Cy Diaz", "cy@example.com").await,
    }
}

/// Sam creates a program of `format` and opens it for enrollment; returns its id.
pub async fn open_program(
    app: &TestApp,
    sam: &reqwest::Client,
    format: &str,
    extra: &[(&str, &str)],
) -> String {
    let mut form = vec![
        ("input[name]", "Spring pairs"),
        ("input[format]", format),
        ("input[enrollment_opens_on]", "2027-01-04"),
        ("input[enrollment_closes_on]", "2027-01-22"),
        ("input[starts_on]", "2027-02-01"),
        ("input[ends_on]", "2027-07-30"),
    ];
    form.extend_from_slice(extra);
    let res = app.call_with(sam, "save_program", &form).await;
    assert_eq!(res.status(), 200);
    let id = res.headers()["location"]
        .to_str()
        .unwrap()
        .trim_start_matches("/programs/")
        .trim_end_matches("?saved=1")
        .to_owned();
    let res = app
        .call_with(sam, "program_state", &[("id", &id), ("state", "enrolling")])
        .await;
    assert_eq!(res.status(), 200);
    id
}

pub async fn survey(app: &TestApp, admin: &reqwest::Client, program: &str) -> Vec<Value> {
    let res = app
        .call_with(admin, "survey", &[("program_id", program)])
        .await;
    assert_eq!(res.status(), 200);
    let page: Value = res.json().await.unwrap();
    page["questions"].as_array().unwrap().clone()
}

/// A form that answers every question: the first option, 3 on a scale, a line of text.
pub fn answers(questions: &[Value]) -> Vec<(String, String)> {
    questions
        .iter()
        .map(|q| {
            let id = &q["id"];
            let first = q["options"][0]["id"].as_str().unwrap_or_default();
            match q["kind"].as_str().unwrap() {
                "single" => (format!("answers[q{id}]"), first.to_owned()),
                "multi" => (format!("answers[q{id}.{first}]"), "on".to_owned()),
                "scale" => (format!("answers[q{id}]"), "3".to_owned()),
                _ => (
                    format!("answers[q{id}]"),
                    "Happy to meet over coffee.".to_owned(),
                ),
            }
        })
        .collect()
}

pub async fn enroll(
    app: &TestApp,
    who: &reqwest::Client,
    program: &str,
    fields: &[(&str, &str)],
    answers: &[(String, String)],
) -> reqwest::Response {
    let mut form: Vec<(&str, &str)> = vec![("program_id", program)];
    form.extend_from_slice(fields);
    form.extend(answers.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    app.call_with(who, "enroll", &form).await
}

pub async fn json(res: reqwest::Response) -> Value {
    let status = res.status();
    let text = res.text().await.unwrap();
    assert_eq!(status, 200, "{text}");
    serde_json::from_str(&text).unwrap()
}

pub async fn round_groups(
    app: &TestApp,
    admin: &reqwest::Client,
    program: &str,
) -> (Value, Vec<Vec<String>>) {
    let page = json(
        app.call_with(admin, "rounds", &[("program_id", program)])
            .await,
    )
    .await;
    let mut groups: Vec<Vec<String>> = page["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            let mut names: Vec<String> = g["members"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| m["name"].as_str().unwrap().to_owned())
                .collect();
            names.sort();
            names
        })
        .collect();
    groups.sort();
    (page, groups)
}
