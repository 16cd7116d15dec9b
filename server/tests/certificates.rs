//! Certificates over HTTP: asked for on the recognition page, with and without JavaScript,
//! only for a program and role the person held sessions in; verified by anyone holding the
//! code; the PDF read back by an independent reader to find the name and figures.

mod common;

use app::domain::ProgramState;
use common::{html, pdf_at, program_with, TestApp, TWELVE};

on_both_databases!(certificates_state_what_was_held_and_anyone_can_verify_them);

/// Asks for a certificate the way the hydrated page does; returns the status.
async fn ask(app: &TestApp, who: &reqwest::Client, program: i64, role: &str) -> u16 {
    app.call_with(
        who,
        "certificates/issue",
        &[("program_id", program.to_string().as_str()), ("role", role)],
    )
    .await
    .status()
    .as_u16()
}

/// Asks for a certificate the way a browser without JavaScript does; returns the status and
/// where it was sent.
async fn ask_without_js(
    app: &TestApp,
    who: &reqwest::Client,
    program: i64,
    role: &str,
) -> (u16, String) {
    let res = who
        .post(app.url("/api/certificates/issue"))
        .header("accept", "text/html")
        .header("origin", app.url(""))
        .header("referer", app.url("/recognition"))
        .form(&[("program_id", program.to_string().as_str()), ("role", role)])
        .send()
        .await
        .unwrap();
    let location = res
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (res.status().as_u16(), location)
}

async fn certificates_state_what_was_held_and_anyone_can_verify_them(app: TestApp) {
    let (program, ids, browsers) = program_with(&app, ProgramState::Running, &TWELVE[..3]).await;
    let (ana, bo) = (ids["ana"], ids["bo"]);
    let db = &app.state.db;
    let round = db.publish_pairs(program, &[(ana, bo)]).await.unwrap();
    let (ana_web, cy_web) = (&browsers[0], &browsers[2]);

    // Before a session is held there is nothing to certify.
    let page = html(ana_web, &app.url("/recognition")).await;
    assert!(page.contains("Certificates"), "{page}");
    assert!(page.contains("Once you have held a session"), "{page}");
    assert_eq!(ask(&app, ana_web, program, "peer").await, 404);

    let at = app::ssr::storage::now() - 2 * 86_400;
    let session = common::accepted_session(db, (program, round), ana, (at, 90), "", &[]).await;
    db.record_session(session, true, "").await.unwrap();

    let page = html(ana_web, &app.url("/recognition")).await;
    assert!(page.contains("Get the certificate"), "{page}");
    assert!(page.contains("1 session, 1.5 hours"), "{page}");

    // Not for a role she did not have, nor a program she was not in.
    assert_eq!(ask(&app, ana_web, program, "mentor").await, 404);
    assert_eq!(ask(&app, ana_web, program + 99, "peer").await, 404);
    // Cy was never matched: nothing offered, nothing issued.
    assert!(html(cy_web, &app.url("/recognition"))
        .await
        .contains("Once you have held a session"));
    assert_eq!(ask(&app, cy_web, program, "peer").await, 404);
    // Without JavaScript, the refusal comes back to the page with its reason.
    let (status, back) = ask_without_js(&app, cy_web, program, "peer").await;
    assert_eq!(status, 303);
    assert!(back.starts_with("/recognition?"), "{back}");
    assert!(html(cy_web, &app.url(&back))
        .await
        .contains("There is no certificate to give for that"));

    // Asked for, it opens its verification page; asked again, the same certificate.
    let (status, location) = ask_without_js(&app, ana_web, program, "peer").await;
    assert_eq!(status, 302);
    assert!(location.starts_with("/certificates/"), "{location}");
    assert_eq!(
        ask_without_js(&app, ana_web, program, "peer").await.1,
        location
    );
    assert_eq!(ask(&app, ana_web, program, "peer").await, 200);
    let code = location.trim_start_matches("/certificates/").to_owned();
    assert_eq!(code.len(), 23, "four groups of five: {code}");

    // Anyone may verify it, signed in or not.
    let stranger = reqwest::Client::new();
    let page = html(&stranger, &app.url(&location)).await;
    for expected in [
        "Genuine.",
        "Ana Lopez",
        "Spring pairs",
        "a peer",
        "1 session, 1.5 hours",
        code.as_str(),
    ] {
        assert!(page.contains(expected), "{expected} in {page}");
    }
    let typed = code.to_uppercase().replace('-', " ");
    let res = stranger
        .get(app.url(&format!("/certificates/{}", typed.replace(' ', "%20"))))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        200,
        "a code typed in capitals with spaces reads the same"
    );

    // The PDF, read back by pdftotext, states the same.
    let text = pdf_at(&stranger, &app.url(&format!("{location}/certificate.pdf"))).await;
    for expected in [
        "Certificate of participation",
        "Ana Lopez",
        "Spring pairs",
        "1 session",
        "1.5 hours",
        &format!("{}/certificates/{code}", app.state.settings.base_url),
    ] {
        assert!(text.contains(expected), "{expected} in {text}");
    }

    // A code Tandem never issued, or one that cannot be a code, is a 404 page and no PDF.
    for wrong in ["abcde-fghjk-mnpqr-stuvw", "not-a-code"] {
        let res = stranger
            .get(app.url(&format!("/certificates/{wrong}")))
            .header("accept", "text/html")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 404, "{wrong}");
        assert!(res
            .text()
            .await
            .unwrap()
            .contains("No certificate has this code"));
        let res = stranger
            .get(app.url(&format!("/certificates/{wrong}/certificate.pdf")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 404, "{wrong}");
    }
}
