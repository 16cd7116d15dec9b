//! Recognition over HTTP: thanking someone you were matched with (and no one else), the
//! recipient alone choosing whether colleagues read it, badges with how they were earned, and
//! wrong input named beside its field, with JavaScript and without.

mod common;

use app::domain::ProgramState;
use common::{html, program_with, TestApp, TWELVE};

on_both_databases!(
    matched_people_thank_each_other_and_the_recipient_chooses_who_reads_it,
    badges_say_how_they_were_earned,
);

async fn thank(
    app: &TestApp,
    who: &reqwest::Client,
    to: &str,
    category: &str,
    note: &str,
) -> reqwest::Response {
    app.call_with(
        who,
        "recognition/thank",
        &[
            ("input[to]", to),
            ("input[category]", category),
            ("input[note]", note),
        ],
    )
    .await
}

async fn matched_people_thank_each_other_and_the_recipient_chooses_who_reads_it(app: TestApp) {
    let (program, ids, browsers) = program_with(&app, ProgramState::Running, &TWELVE[..4]).await;
    let (ana, bo, cy, dee) = (ids["ana"], ids["bo"], ids["cy"], ids["dee"]);
    app.state
        .db
        .publish_pairs(program, &[(ana, bo), (cy, dee)])
        .await
        .unwrap();
    let (ana_web, bo_web, cy_web) = (&browsers[0], &browsers[1], &browsers[2]);

    // Ana is offered Bo, her partner, and nobody else.
    let page = html(ana_web, &app.url("/recognition")).await;
    assert!(page.contains("Bo Chen (Spring pairs)"), "{page}");
    assert!(!page.contains("Cy Diaz"));

    let to_bo = format!("{program}:{bo}");
    let note = "Gave me straight answers about the on-call rota.";
    let res = thank(&app, ana_web, &to_bo, "candour", note).await;
    assert_eq!(res.status(), 200);

    // Not someone from another pair, not herself, not an unknown category, not an empty note.
    for (to, category, text, field, message) in [
        (
            format!("{program}:{cy}"),
            "support",
            "Thanks",
            "to",
            "matched with in that program",
        ),
        (
            format!("{program}:{ana}"),
            "support",
            "Thanks",
            "to",
            "other than yourself",
        ),
        (to_bo.clone(), "charm", "Thanks", "category", "candour"),
        (
            to_bo.clone(),
            "support",
            " ",
            "note",
            "a sentence is enough",
        ),
    ] {
        let res = thank(&app, ana_web, &to, category, text).await;
        assert_eq!(res.status(), 400, "{field}");
        let body = res.text().await.unwrap();
        assert!(
            body.contains(&format!("\"field\":\"{field}\"")) && body.contains(message),
            "{body}"
        );
    }

    // Bo reads it; Cy, looking at Bo's page, does not until Bo chooses to show it.
    let mine = html(bo_web, &app.url("/recognition")).await;
    assert!(mine.contains(note) && mine.contains("From "), "{mine}");
    let bos_page = app.url(&format!("/recognition/{bo}"));
    assert!(!html(cy_web, &bos_page).await.contains(note));
    let kudos = app.state.db.kudos_received(bo, false).await.unwrap()[0].id;
    let show = |who: &reqwest::Client, choice: &'static str| {
        let who = who.clone();
        let app = &app;
        async move {
            app.call_with(
                &who,
                "recognition/show",
                &[("kudos_id", &kudos.to_string()), ("choice", choice)],
            )
            .await
        }
    };
    assert_eq!(show(ana_web, "show").await.status(), 404, "only Bo chooses");
    assert_eq!(show(bo_web, "maybe").await.status(), 400);
    assert!(!html(cy_web, &bos_page).await.contains(note));
    assert_eq!(show(bo_web, "show").await.status(), 200);
    let theirs = html(cy_web, &bos_page).await;
    assert!(
        theirs.contains(note) && theirs.contains("Candour"),
        "{theirs}"
    );
    assert_eq!(show(bo_web, "hide").await.status(), 200);
    assert!(!html(cy_web, &bos_page).await.contains(note));

    // Ana sees what she gave; an unknown person's page is a 404.
    assert!(html(ana_web, &app.url("/recognition")).await.contains(note));
    let res = ana_web
        .get(app.url("/recognition/99999"))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);

    // Without JavaScript, a thank-you without a note sends Ana back to the form, the reason
    // beside the field, and nothing is saved.
    let res = ana_web
        .post(app.url("/api/recognition/thank"))
        .header("accept", "text/html")
        .header("origin", app.url(""))
        .header("referer", app.url("/recognition"))
        .form(&[
            ("input[to]", to_bo.as_str()),
            ("input[category]", "support"),
            ("input[note]", ""),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let back = res.headers()["location"].to_str().unwrap().to_owned();
    assert!(back.contains("&field=note&"), "{back}");
    let page = html(ana_web, &app.url(&back)).await;
    assert!(
        page.contains("Say what they did: a sentence is enough."),
        "{page}"
    );
    assert_eq!(app.state.db.kudos_given(ana).await.unwrap().len(), 1);
}

async fn badges_say_how_they_were_earned(app: TestApp) {
    let (program, ids, browsers) = program_with(&app, ProgramState::Running, &TWELVE[..2]).await;
    let (ana, bo) = (ids["ana"], ids["bo"]);
    let db = &app.state.db;
    let round = db.publish_pairs(program, &[(ana, bo)]).await.unwrap();
    let group_no = db.round_groups(round).await.unwrap()[0].group_no;

    let page = html(&browsers[0], &app.url("/recognition")).await;
    assert!(page.contains("No badges yet"), "{page}");
    assert!(page.contains("Hold a first session with a partner."));

    assert_eq!(group_no, 0);
    let at = app::ssr::storage::now() - 86_400;
    let session = common::accepted_session(db, (program, round), ana, (at, 30), "", &[]).await;
    db.record_session(session, true, "").await.unwrap();

    // Bo's page, as Ana reads it, shows the badge and why.
    let theirs = html(&browsers[0], &app.url(&format!("/recognition/{bo}"))).await;
    assert!(theirs.contains("First session"), "{theirs}");
    assert!(theirs.contains("Held 1 session with partners."));
    assert!(!theirs.contains("5 sessions"));
}
