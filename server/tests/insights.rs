//! Insights over HTTP: hand-counted figures on the page and in the CSV, small groups hidden
//! (alone, against a wider view, and behind a total), the smallest group chosen by org admins,
//! a wrong filter named with a 400, and who may read which view.

mod common;

use app::domain::{ProgramState, Role};
use common::{html, pdf_at, program_with, TestApp};

on_both_databases!(
    figures_are_counted_by_hand_and_small_groups_stay_hidden,
    only_admins_read_insights_and_program_admins_only_their_programs,
    the_leadership_report_shows_the_views_figures_and_only_chosen_stories,
);

use common::TWELVE as PEOPLE;

/// Twelve people enrolled (eight in Engineering, four in Sales), the first ten matched in five
/// pairs published a week ago; the first four pairs met once and rated the session, the fifth
/// never met. Returns the program and the people's browsers.
async fn program_that_met(app: &TestApp) -> (i64, Vec<reqwest::Client>) {
    let (program, ids, clients) = program_with(app, ProgramState::Running, &PEOPLE).await;
    let db = &app.state.db;
    let id = |i: usize| ids[&PEOPLE[i].0.split(' ').next().unwrap().to_lowercase()];
    for i in 0..12 {
        let department = if i < 8 { "Engineering" } else { "Sales" };
        sqlx::query("UPDATE users SET department = $1 WHERE id = $2")
            .bind(department)
            .bind(id(i))
            .execute(db.pool())
            .await
            .unwrap();
    }
    let pairs: Vec<(i64, i64)> = (0..5).map(|p| (id(2 * p), id(2 * p + 1))).collect();
    let round = db.publish_pairs(program, &pairs).await.unwrap();
    sqlx::query("UPDATE match_rounds SET published_at = published_at - 604800 WHERE id = $1")
        .bind(round)
        .execute(db.pool())
        .await
        .unwrap();
    let groups = db.round_groups(round).await.unwrap();
    // Ratings: 5, 4 / 5, 3 / 4, 5 / 4, 5: three 4s, four 5s and one 3.
    let ratings = [5, 4, 5, 3, 4, 5, 4, 5];
    for p in 0..4 {
        let group = groups
            .iter()
            .find(|g| g.members.contains(&id(2 * p)))
            .unwrap();
        let at = app::ssr::storage::now() - 3 * 86_400;
        let session = db
            .create_session(
                &app::ssr::storage::NewPairSession {
                    program_id: program,
                    round_id: round,
                    group_no: group.group_no,
                    proposed_by: id(2 * p),
                    starts_at: at,
                    ends_at: at + 1_800,
                    time_zone: "UTC".into(),
                    place: String::new(),
                    video_url: String::new(),
                    agenda: Vec::new(),
                    replaces: None,
                },
                &[],
            )
            .await
            .unwrap();
        db.record_session(session, true, "").await.unwrap();
        for who in [2 * p, 2 * p + 1] {
            db.save_session_feedback(session, id(who), ratings[who], "")
                .await
                .unwrap();
        }
    }
    // The fit check: six say it is going well, five that it is too early, one that it is not
    // working.
    let survey = db
        .add_pulse_survey(program, app::domain::PulseKind::Fit, 3, id(0))
        .await
        .unwrap()
        .unwrap();
    for i in 0..12 {
        let fit = match i {
            0..6 => "Going well",
            6..11 => "Too early to say",
            _ => "This is not working",
        };
        let answers = format!(r#"{{"fit":{{"choice":"{fit}"}}}}"#);
        db.save_pulse_response(survey, round, id(i), &answers)
            .await
            .unwrap();
    }
    (program, clients)
}

/// The figure the CSV gives for `table`'s `row` and `column`.
fn figure(csv: &str, table: &str, row: &str, column: &str) -> String {
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    for record in reader.records() {
        let r = record.unwrap();
        if &r[2] == table && &r[3] == row && &r[4] == column {
            return r[5].to_owned();
        }
    }
    panic!("no {table} / {row} / {column} in\n{csv}");
}

async fn csv_of(app: &TestApp, who: &reqwest::Client, query: &str) -> reqwest::Response {
    who.get(app.url(&format!("/insights.csv?{query}")))
        .send()
        .await
        .unwrap()
}

async fn figures_are_counted_by_hand_and_small_groups_stay_hidden(app: TestApp) {
    let (program, _) = program_that_met(&app).await;
    let res = csv_of(&app, &app.client, "").await;
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let all = res.text().await.unwrap();
    let f = |t: &str, r: &str, c: &str| figure(&all, t, r, c);
    // The organisation: Olga and the twelve are in the directory; twelve enrolled, ten
    // matched, eight met, and all eight met within the round's last 28 days.
    assert_eq!(f("People at each step", "Eligible", "People"), "13");
    assert_eq!(f("People at each step", "Enrolled", "People"), "12");
    assert_eq!(f("People at each step", "Matched", "People"), "10");
    assert_eq!(f("People at each step", "Met at least once", "People"), "8");
    assert_eq!(
        f(
            "People at each step",
            "Still meeting at the round's end",
            "People"
        ),
        "8"
    );
    // Four groups met and one did not: the one is two people, so hidden; the total (5)
    // would then give it away, so the four go too.
    assert_eq!(f("Groups that met", "Never met", "Groups"), "hidden");
    assert_eq!(
        f("Groups that met", "Met at least once", "Groups"),
        "hidden"
    );
    assert_eq!(f("Groups that met", "Total", "Groups"), "5");
    assert_eq!(f("“Did you meet?” answers", "Held", "Sessions"), "4");
    // Ratings: one 3, three 4s, four 5s: each from fewer than five people, so hidden, but
    // the eight ratings together are shown.
    for stars in ["3", "4", "5"] {
        assert_eq!(f("Session ratings", stars, "Ratings"), "hidden");
    }
    assert_eq!(f("Session ratings", "Total", "Ratings"), "8");
    assert_eq!(f("Round by round", "Round 1", "Average rating"), "4.4");
    // One "not working" is hidden; with the total shown, the next smallest answer (five "too
    // early") is hidden too, so the two hidden add up to six.
    assert_eq!(f("How matches are working", "Going well", "Answers"), "6");
    assert_eq!(
        f("How matches are working", "Too early to say", "Answers"),
        "hidden"
    );
    assert_eq!(
        f("How matches are working", "This is not working", "Answers"),
        "hidden"
    );
    assert_eq!(f("How matches are working", "Total", "Answers"), "12");
    // Five pairs, none across departments (Ivo and Jo are both in Sales).
    assert_eq!(
        f("Round by round", "Round 1", "Pairs across departments (%)"),
        "0.0"
    );
    assert_eq!(f("Who meets whom", "Engineering", "Engineering"), "4");
    assert_eq!(f("Who meets whom", "Sales", "Sales"), "hidden");

    // Engineering alone: eight people, five fewer than everyone, so the view is shown.
    // Matched is 8 there and 10 overall: the 2 between them would name the matched
    // Sales pair, so Engineering's figure is hidden; so is Enrolled (8 against 12).
    let eng = csv_of(
        &app,
        &app.client,
        &format!("program={program}&department=Engineering"),
    )
    .await
    .text()
    .await
    .unwrap();
    let e = |t: &str, r: &str, c: &str| figure(&eng, t, r, c);
    assert_eq!(e("People at each step", "Eligible", "People"), "8");
    assert_eq!(e("People at each step", "Matched", "People"), "hidden");
    assert_eq!(e("People at each step", "Enrolled", "People"), "hidden");
    assert_eq!(e("People at each step", "Met at least once", "People"), "8");

    // Sales has four people: fewer than five, so the page shows nothing but why.
    let page = html(&app.client, &app.url("/insights?department=Sales")).await;
    assert!(
        page.contains("Fewer than 5 people match these filters"),
        "{page}"
    );
    assert!(!page.contains("Who meets whom"));
    let sales = csv_of(&app, &app.client, "department=Sales")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(sales.lines().count(), 1, "only the heading: {sales}");

    // An org admin lowers the smallest group to 3: Sales is shown, and the refusal of 2 or
    // "three" is named beside its field, keeping 3.
    let res = app.call("insights/group-min", &[("group_min", "3")]).await;
    assert!(res.status().is_success() || res.status().is_redirection());
    assert_eq!(app.state.db.insights_min_group().await.unwrap().get(), 3);
    for bad in ["2", "three", "11"] {
        let res = app.call("insights/group-min", &[("group_min", bad)]).await;
        assert_eq!(res.status(), 400, "{bad}");
        assert!(res.text().await.unwrap().contains("from 3 to 10"));
    }
    assert_eq!(app.state.db.insights_min_group().await.unwrap().get(), 3);
    let sales = csv_of(&app, &app.client, "department=Sales")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(
        figure(&sales, "People at each step", "Eligible", "People"),
        "4"
    );
    assert_eq!(
        figure(&sales, "Groups that met", "Never met", "Groups"),
        "hidden"
    );

    // The page itself: each chart with its table, the CSV link repeating the filters, and
    // readable without JavaScript.
    let page = html(
        &app.client,
        &app.url(&format!("/insights?program={program}")),
    )
    .await;
    assert!(page.contains("Spring pairs"));
    assert!(page.contains(r#"class="insight-chart""#));
    assert!(page.contains(r#"class="insight-table""#));
    assert!(page.contains(&format!("/insights.csv?program={program}&amp;from=")));
    assert!(page.contains("Smallest group shown"));

    // A wrong filter is named, with a 400, on the page and for the CSV.
    let res = app
        .client
        .get(app.url("/insights?from=May"))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    assert!(res
        .text()
        .await
        .unwrap()
        .contains("First month: enter a month as YYYY-MM"));
    let res = csv_of(&app, &app.client, "from=2026-06&to=2026-01").await;
    assert_eq!(res.status(), 400);
    assert!(res.text().await.unwrap().contains("Last month"));
}

async fn only_admins_read_insights_and_program_admins_only_their_programs(app: TestApp) {
    let (program, clients) = program_that_met(&app).await;
    let ana = &clients[0];
    let res = csv_of(&app, ana, "").await;
    assert_eq!(res.status(), 403, "participants read no insights");
    let res = ana
        .get(app.url("/insights"))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert!(res.text().await.unwrap().contains("Not for your role"));

    // Bo runs another program only: he sees it, never Spring pairs nor the organisation.
    let bo = &clients[1];
    let bo_id = app.user_id("bo@example.com").await;
    app.state
        .db
        .set_role(bo_id, Role::ProgramAdmin)
        .await
        .unwrap();
    let other = app
        .state
        .db
        .create_program(&common::program_spec("Autumn pairs"), bo_id)
        .await
        .unwrap();
    let res = csv_of(&app, bo, &format!("program={program}")).await;
    assert_eq!(res.status(), 404);
    let page = html(bo, &app.url("/insights")).await;
    assert!(page.contains("Autumn pairs"), "his program by default");
    assert!(!page.contains("Whole organisation"));
    assert!(!page.contains("Smallest group shown"));
    let res = csv_of(&app, bo, "").await;
    assert_eq!(res.status(), 200);
    let body = res.text().await.unwrap();
    // Autumn pairs has nobody enrolled: its figures are about nobody.
    assert!(
        body.lines().count() == 1
            || figure(&body, "People at each step", "Enrolled", "People") == "0"
    );
    let _ = other;
    // Program admins may not change the smallest group.
    let res = app
        .call_with(bo, "insights/group-min", &[("group_min", "3")])
        .await;
    assert_eq!(res.status(), 403);
    assert_eq!(app.state.db.insights_min_group().await.unwrap().get(), 5);
}

/// A story as its author saved it, straight into the table: the report reads what admins
/// chose, and the window for writing is the stories tests' concern.
async fn story(app: &TestApp, program: i64, author: &str, body: &str, readers: &str) -> i64 {
    let db = &app.state.db;
    let author = app.user_id(author).await;
    let round: i64 = sqlx::query_scalar("SELECT id FROM match_rounds WHERE program_id = $1")
        .bind(program)
        .fetch_one(db.pool())
        .await
        .unwrap();
    sqlx::query(
        "INSERT INTO stories (program_id, round_id, author_id, body, readers, featured, \
             created_at, updated_at) VALUES ($1, $2, $3, $4, $5, 0, $6, $6)",
    )
    .bind(program)
    .bind(round)
    .bind(author)
    .bind(body)
    .bind(readers)
    .bind(app::ssr::storage::now())
    .execute(db.pool())
    .await
    .unwrap();
    sqlx::query_scalar("SELECT id FROM stories WHERE author_id = $1")
        .bind(author)
        .fetch_one(db.pool())
        .await
        .unwrap()
}

async fn the_leadership_report_shows_the_views_figures_and_only_chosen_stories(app: TestApp) {
    let (program, clients) = program_that_met(&app).await;
    let db = &app.state.db;
    let named = "I ran my first incident review.";
    let nameless = "Pairing across teams made releases calmer.";
    let unchosen = "Not for the report yet.";
    let ana = story(&app, program, "ana@example.com", named, "report_named").await;
    let bo = story(&app, program, "bo@example.com", nameless, "report").await;
    story(&app, program, "cy@example.com", unchosen, "report").await;
    assert!(db.feature_story(program, ana, true).await.unwrap());
    assert!(db.feature_story(program, bo, true).await.unwrap());

    // The page: the same figures as the insights view, a hidden one said to be hidden, and
    // only the chosen stories, the nameless one without a name.
    let page = html(&app.client, &app.url("/insights/report")).await;
    for expected in [
        "Mentoring report",
        "The whole organisation",
        "People enrolled",
        "80 % of those matched.",
        "Hidden: it would be about fewer than 5 people.",
        named,
        "Ana Lopez, Spring pairs, round 1",
        nameless,
        "A participant in Spring pairs, round 1",
        "/insights/report.pdf?from=",
    ] {
        assert!(page.contains(expected), "{expected} in {page}");
    }
    assert!(!page.contains(unchosen));
    assert!(!page.contains("Bo Chen"));

    // The PDF says the same, read back by an independent reader.
    let text = pdf_at(
        &app.client,
        &app.url(&format!("/insights/report.pdf?program={program}")),
    )
    .await;
    for expected in [
        "MENTORING REPORT",
        "Spring pairs",
        "People enrolled",
        "Met at least once",
        "80 % of those matched.",
        "People at each step",
        "Round by round",
        "In their words",
        named,
        "Ana Lopez, Spring pairs, round 1",
        nameless,
        "A participant in Spring pairs, round 1",
    ] {
        assert!(text.contains(expected), "{expected} in {text}");
    }
    assert!(!text.contains(unchosen));
    assert!(!text.contains("Bo Chen"));

    // Participants read no report; a wrong filter is named with a 400.
    let res = clients[0]
        .get(app.url("/insights/report.pdf"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    let res = app
        .client
        .get(app.url("/insights/report.pdf?from=May"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    assert!(res.text().await.unwrap().contains("First month"));
}
