//! Reminders and nudges, watched with a clock the tests set: a session's agenda a day before
//! and a reminder an hour before in each person's own time zone, "Did you meet?" after it with
//! links that answer in one tap, events reminded to those going and answer-by dates to those
//! who have not answered, one nudge to a pair that has not met, and goals waiting for a
//! check-in gathered once a week; two days before enrollment closes, those who joined with
//! survey questions unanswered hear of it. Nothing is sent twice.

mod common;

use app::domain::{EventKind, ProgramState};
use app::ssr::storage::{now, NewEvent, NewPairSession};
use app::ssr::testing::clock::set_time_zone;
use common::{accepted_session, unfold, TestApp};
use serde_json::Value;

on_both_databases!(
    a_pair_gets_its_agenda_a_reminder_and_is_asked_whether_it_met,
    events_remind_those_going_and_those_yet_to_answer,
    a_pair_that_has_not_met_is_nudged_once_and_shown_to_admins,
    goals_without_a_check_in_are_gathered_in_one_nudge_a_week,
    enrollment_closing_reminds_those_with_answers_missing_once,
);

const HOUR: i64 = 3_600;
const DAY: i64 = 24 * HOUR;

/// Every message in the outbox for `to`, oldest first, unfolded, without running any job.
fn mails_to(app: &TestApp, to: &str) -> Vec<String> {
    common::mails_to(app, to)
        .iter()
        .map(|m| unfold(m))
        .collect()
}

/// The messages to `to` whose subject starts with `subject`.
fn with_subject(app: &TestApp, to: &str, subject: &str) -> Vec<String> {
    mails_to(app, to)
        .into_iter()
        .filter(|m| m.contains(&format!("Subject: {subject}")))
        .collect()
}

/// Runs the periodic scan as the worker does at `at`, and delivers what it queued.
async fn scan_at(app: &TestApp, at: i64) {
    app::ssr::delivery::schedule::queue_periodic(&app.state, at)
        .await
        .unwrap();
    app.deliver_at(at).await;
}

async fn json(res: reqwest::Response) -> Value {
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

/// The path of the first link in `mail` that contains `part`.
fn link_in(mail: &str, part: &str) -> String {
    let start = mail.find(part).expect("the link is in the email");
    let path: String = mail[start..]
        .chars()
        .take_while(|c| !c.is_whitespace() && *c != '"' && *c != '<')
        .collect();
    path
}

/// A running program with Olga as org admin and `people` enrolled.
async fn running_program(
    app: &TestApp,
    people: &[(&str, &str)],
) -> (
    i64,
    std::collections::HashMap<String, i64>,
    Vec<reqwest::Client>,
) {
    common::program_with(app, ProgramState::Running, people).await
}

async fn a_pair_gets_its_agenda_a_reminder_and_is_asked_whether_it_met(app: TestApp) {
    let (program, ids, clients) = running_program(
        &app,
        &[
            ("Ana Lopez", "ana@example.com"),
            ("Bo Chen", "bo@example.com"),
        ],
    )
    .await;
    let db = &app.state.db;
    let round = db
        .publish_pairs(program, &[(ids["ana"], ids["bo"])])
        .await
        .unwrap();
    set_time_zone(db, ids["ana"], "Asia/Tokyo").await.unwrap();
    set_time_zone(db, ids["bo"], "America/New_York")
        .await
        .unwrap();
    // A session that has just taken place, so its "Did you meet?" link can be answered; the
    // clock of the scans walks up to it.
    let starts = (now() - 3 * HOUR) / 60 * 60;
    let session = accepted_session(
        db,
        (program, round),
        ids["ana"],
        (starts, 45),
        "Atrium, 2nd floor",
        &["Demo dry run", "Feedback on the pitch"],
    )
    .await;

    // Thirty hours before: too early for anything.
    scan_at(&app, starts - 30 * HOUR).await;
    assert!(mails_to(&app, "ana@example.com").is_empty());

    // Within a day: each gets the agenda, in their own time zone.
    scan_at(&app, starts - 23 * HOUR).await;
    let ana = with_subject(
        &app,
        "ana@example.com",
        "Coming up: your session with Bo Chen",
    );
    let bo = with_subject(
        &app,
        "bo@example.com",
        "Coming up: your session with Ana Lopez",
    );
    assert_eq!((ana.len(), bo.len()), (1, 1));
    assert!(ana[0].contains("- Demo dry run"), "{}", ana[0]);
    assert!(ana[0].contains("- Feedback on the pitch"));
    assert!(ana[0].contains("Where: Atrium, 2nd floor."));
    assert!(ana[0].contains("(Asia/Tokyo)"), "{}", ana[0]);
    assert!(bo[0].contains("(America/New_York)"), "{}", bo[0]);
    assert!(ana[0].contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));

    // Scanning again, later that day, sends nothing twice.
    scan_at(&app, starts - 22 * HOUR).await;
    assert_eq!(mails_to(&app, "ana@example.com").len(), 1);

    // Within the hour: the short reminder.
    scan_at(&app, starts - 50 * 60).await;
    let soon = with_subject(
        &app,
        "bo@example.com",
        "Starting soon: your session with Ana Lopez",
    );
    assert_eq!(soon.len(), 1);
    assert_eq!(mails_to(&app, "bo@example.com").len(), 2);

    // After its end: "Did you meet?", once, with an answer per link.
    scan_at(&app, starts + 2 * HOUR).await;
    scan_at(&app, starts + 3 * HOUR).await;
    let asked = with_subject(&app, "ana@example.com", "Did you meet Bo Chen?");
    assert_eq!(asked.len(), 1);
    let yes = link_in(&asked[0], "/sessions/check/");
    assert!(yes.ends_with("?held=yes"), "{yes}");
    let token = yes
        .trim_start_matches("/sessions/check/")
        .split('?')
        .next()
        .unwrap()
        .to_owned();

    // Bo writes notes and says it did not happen; Ana's link corrects that, notes kept.
    db.record_session(session, false, "We moved it to the café")
        .await
        .unwrap();
    let page = reqwest::get(app.url(&yes)).await.unwrap();
    assert_eq!(page.status(), 200, "the page opens without signing in");
    let shown = json(
        common::client()
            .post(app.url("/api/sessions/check/view"))
            .form(&[("token", token.as_str())])
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(shown["with"], "Bo Chen");
    assert_eq!(shown["held"], false, "opening the link changed nothing");
    let answered = json(
        common::client()
            .post(app.url("/api/sessions/check/answer"))
            .header("Accept", "application/json")
            .form(&[("token", token.as_str()), ("held", "yes")])
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(answered["held"], true);
    let row = db.session(session).await.unwrap().unwrap();
    assert_eq!(row.held, Some(1));
    assert_eq!(row.notes, "We moved it to the café");
    // Ana's pair page says so too.
    let pair = json(
        app.call_with(&clients[0], "pair", &[("program_id", &program.to_string())])
            .await,
    )
    .await;
    assert_eq!(pair["groups"][0]["sessions"][0]["held"], true, "{pair}");

    // A damaged link or a wrong answer is refused with a reason, and changes nothing.
    let bad = common::client()
        .post(app.url("/api/sessions/check/answer"))
        .form(&[("token", "not-a-token"), ("held", "no")])
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 400);
    assert!(bad.text().await.unwrap().contains("damaged"));
    let wrong = common::client()
        .post(app.url("/api/sessions/check/answer"))
        .form(&[("token", token.as_str()), ("held", "maybe")])
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 400);
    assert!(wrong.text().await.unwrap().contains("not yes or no"));
    assert_eq!(db.session(session).await.unwrap().unwrap().held, Some(1));

    // A proposal nobody accepted is never reminded.
    let later = db
        .create_session(
            &NewPairSession {
                program_id: program,
                round_id: round,
                group_no: 0,
                proposed_by: ids["bo"],
                starts_at: starts + 5 * DAY,
                ends_at: starts + 5 * DAY + HOUR,
                time_zone: "Europe/Lisbon".into(),
                place: String::new(),
                video_url: String::new(),
                agenda: Vec::new(),
                replaces: None,
            },
            &[],
        )
        .await
        .unwrap();
    assert!(later > session);
    scan_at(&app, starts + 5 * DAY - 20 * HOUR).await;
    scan_at(&app, starts + 5 * DAY - 30 * 60).await;
    assert_eq!(mails_to(&app, "bo@example.com").len(), 3);
}

async fn event_at(app: &TestApp, title: &str, starts: i64, deadline: Option<i64>) -> i64 {
    app.state
        .db
        .create_event(&NewEvent {
            title: title.into(),
            description: String::new(),
            kind: EventKind::Meetup,
            starts_at: starts,
            ends_at: starts + HOUR,
            time_zone: "Europe/Lisbon".into(),
            place: "Atrium".into(),
            video_url: String::new(),
            capacity: None,
            rsvp_deadline: deadline,
            host_id: None,
            programs: Vec::new(),
            created_by: None,
            draw: None,
        })
        .await
        .unwrap()
}

async fn events_remind_those_going_and_those_yet_to_answer(app: TestApp) {
    app.sign_up("Olga Admin", "olga@example.com").await;
    let ana = app.member("Ana Lopez", "ana@example.com").await;
    let _bo = app.member("Bo Chen", "bo@example.com").await;
    let cy = app.member("Cy Diaz", "cy@example.com").await;
    let starts = (now() + 10 * DAY) / 60 * 60;
    let deadline = starts - 3 * DAY;
    let lunch = event_at(&app, "Lunch and learn", starts, Some(deadline)).await;
    let res = app
        .call("events/invite", &[("id", &lunch.to_string())])
        .await;
    assert_eq!(res.status(), 200);
    for (who, answer) in [(&ana, "going"), (&cy, "not_going")] {
        let res = app
            .call_with(
                who,
                "events/answer",
                &[("id", &lunch.to_string()), ("answer", answer)],
            )
            .await;
        assert_eq!(res.status(), 200);
    }
    app.deliver().await;
    let before = |to: &str| mails_to(&app, to).len();
    let (ana0, bo0, cy0) = (
        before("ana@example.com"),
        before("bo@example.com"),
        before("cy@example.com"),
    );

    // A day before the answer-by date, only Bo, who has not answered, is reminded.
    scan_at(&app, deadline - 30 * HOUR).await;
    assert_eq!(before("bo@example.com"), bo0);
    scan_at(&app, deadline - 20 * HOUR).await;
    scan_at(&app, deadline - 19 * HOUR).await;
    let reminded = with_subject(&app, "bo@example.com", "Answer by ");
    assert_eq!(reminded.len(), 1);
    assert!(reminded[0].contains("Lunch and learn"));
    assert!(reminded[0].contains("/rsvp/"), "{}", reminded[0]);
    assert_eq!(before("ana@example.com"), ana0);
    assert_eq!(before("cy@example.com"), cy0);

    // A day before the event, only Ana, who is going, hears about it, once.
    scan_at(&app, starts - 20 * HOUR).await;
    scan_at(&app, starts - 19 * HOUR).await;
    let coming = with_subject(&app, "ana@example.com", "Coming up: Lunch and learn");
    assert_eq!(coming.len(), 1);
    assert!(coming[0].contains("give your seat back"));
    assert!(coming[0].contains("/rsvp/"));
    assert_eq!(before("bo@example.com"), bo0 + 1);
    assert_eq!(before("cy@example.com"), cy0);

    // A cancelled event reminds nobody.
    let quiz = event_at(&app, "Quiz night", starts + DAY, None).await;
    let res = app
        .call_with(
            &ana,
            "events/answer",
            &[("id", &quiz.to_string()), ("answer", "going")],
        )
        .await;
    assert_eq!(res.status(), 200);
    let res = app
        .call("events/cancel", &[("id", &quiz.to_string())])
        .await;
    assert_eq!(res.status(), 200);
    app.deliver().await;
    let ana1 = before("ana@example.com");
    scan_at(&app, starts + DAY - 20 * HOUR).await;
    assert_eq!(before("ana@example.com"), ana1);
}

async fn a_pair_that_has_not_met_is_nudged_once_and_shown_to_admins(app: TestApp) {
    let (program, ids, clients) = running_program(
        &app,
        &[
            ("Ana Lopez", "ana@example.com"),
            ("Bo Chen", "bo@example.com"),
            ("Cy Diaz", "cy@example.com"),
            ("Dee Park", "dee@example.com"),
        ],
    )
    .await;
    let db = &app.state.db;
    let round = db
        .publish_pairs(program, &[(ids["ana"], ids["bo"]), (ids["cy"], ids["dee"])])
        .await
        .unwrap();
    // Ana and Bo book their first meeting; Cy and Dee do not.
    accepted_session(
        db,
        (program, round),
        ids["ana"],
        (now() + 3 * DAY, 60),
        "",
        &[],
    )
    .await;
    app.deliver().await;

    // The program nudges after two weeks (its default): not at thirteen days…
    scan_at(&app, now() + 13 * DAY).await;
    assert!(with_subject(&app, "cy@example.com", "Time to meet").is_empty());
    // …once after fifteen, to the pair that has not met only.
    scan_at(&app, now() + 15 * DAY).await;
    scan_at(&app, now() + 16 * DAY).await;
    let cy = with_subject(&app, "cy@example.com", "Time to meet Dee Park");
    assert_eq!(cy.len(), 1);
    assert!(cy[0].contains("2 weeks ago"), "{}", cy[0]);
    assert!(cy[0].contains("/pair#sessions"));
    assert_eq!(
        with_subject(&app, "dee@example.com", "Time to meet Cy Diaz").len(),
        1
    );
    assert!(with_subject(&app, "ana@example.com", "Time to meet").is_empty());
    assert!(with_subject(&app, "bo@example.com", "Time to meet").is_empty());

    // The program's admins see the quiet pair as "not meeting yet", the other not.
    let olga = &app.client;
    let page = json(
        app.call_with(olga, "rounds", &[("program_id", &program.to_string())])
            .await,
    )
    .await;
    let groups = page["groups"].as_array().unwrap().clone();
    let quiet: Vec<bool> = groups
        .iter()
        .map(|g| g["not_meeting"].as_bool().unwrap())
        .collect();
    assert_eq!(quiet, vec![false, true]);
    // Participants do not see the matching page at all.
    let res = app
        .call_with(
            &clients[2],
            "rounds",
            &[("program_id", &program.to_string())],
        )
        .await;
    assert_eq!(res.status(), 403);
}

async fn new_goal(app: &TestApp, who: &reqwest::Client, program: i64, title: &str) -> i64 {
    let program = program.to_string();
    let res = app
        .call_with(
            who,
            "goals/save",
            &[
                ("program_id", program.as_str()),
                ("input[title]", title),
                ("input[why]", "I freeze when presenting."),
                ("input[category]", "skill"),
                ("input[due_on]", "2099-01-31"),
                ("input[measure]", "metric"),
                ("input[unit]", "demos"),
                ("input[baseline]", "0"),
                ("input[target]", "8"),
                ("input[direction]", "up"),
                ("input[visibility]", "match"),
            ],
        )
        .await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    res.json::<i64>().await.unwrap()
}

async fn goals_without_a_check_in_are_gathered_in_one_nudge_a_week(app: TestApp) {
    let (program, _ids, clients) = running_program(
        &app,
        &[
            ("Ana Lopez", "ana@example.com"),
            ("Bo Chen", "bo@example.com"),
        ],
    )
    .await;
    let (ana, bo) = (&clients[0], &clients[1]);
    let demo = new_goal(&app, ana, program, "Run the weekly demo").await;
    new_goal(&app, ana, program, "Mentor a new starter").await;
    let bo_goal = new_goal(&app, bo, program, "Write the design doc").await;
    // Bo checks in on his; his goal is fresh for a week from then.
    let res = app
        .call_with(
            bo,
            "goals/check-in",
            &[
                ("id", &bo_goal.to_string()),
                ("input[value]", "2"),
                ("input[confidence]", "4"),
                ("input[note]", "Outline done"),
            ],
        )
        .await;
    assert_eq!(res.status(), 200);
    app.deliver().await;
    let start = now();

    // Six days on nothing is due.
    scan_at(&app, start + 6 * DAY).await;
    assert!(with_subject(&app, "ana@example.com", "2 goals are waiting").is_empty());
    // Eight days on (a Monday noon, so that the hour after is the same week), one message
    // names both of Ana's goals, with links to check in.
    let days = (start + 8 * DAY).div_euclid(DAY);
    let monday = (days + (7 - (days + 3).rem_euclid(7)) % 7) * DAY + 12 * HOUR;
    scan_at(&app, monday).await;
    scan_at(&app, monday + HOUR).await;
    let nudges = with_subject(
        &app,
        "ana@example.com",
        "2 goals are waiting for a check-in",
    );
    assert_eq!(nudges.len(), 1, "once a week, however often the scan runs");
    assert!(nudges[0].contains("Run the weekly demo"));
    assert!(nudges[0].contains("Mentor a new starter"));
    assert!(
        nudges[0].contains(&format!("/goals/{demo}#check-in")),
        "{}",
        nudges[0]
    );
    // Bo checked in over a week ago: his one goal is due as well, on its own.
    assert_eq!(
        with_subject(&app, "bo@example.com", "A goal is waiting for a check-in").len(),
        1
    );
    // A week later, still no check-in: one more, not one per scan.
    scan_at(&app, monday + 7 * DAY).await;
    scan_at(&app, monday + 7 * DAY + 2 * HOUR).await;
    assert_eq!(
        with_subject(
            &app,
            "ana@example.com",
            "2 goals are waiting for a check-in"
        )
        .len(),
        2
    );
}

/// Answers to every required question of `program`, as a participant who finished the survey.
async fn complete_answers(app: &TestApp, program: i64) -> app::domain::Answers {
    use app::domain::{Answer, QuestionKind};
    let questions = app.state.db.questions(program).await.unwrap();
    assert!(
        questions.iter().any(|q| q.required),
        "the default survey asks something"
    );
    questions
        .iter()
        .filter(|q| q.required)
        .map(|q| {
            let first = || q.options[0].id.clone();
            let answer = match q.kind {
                QuestionKind::Single => Answer::Choice(first()),
                QuestionKind::Multi => Answer::Choices(vec![first()]),
                QuestionKind::Scale => Answer::Scale(3),
                QuestionKind::Text => Answer::Text("Mornings".into()),
            };
            (q.id, answer)
        })
        .collect()
}

async fn enrollment_closing_reminds_those_with_answers_missing_once(app: TestApp) {
    use app::domain::{EnrollmentRole, EnrollmentStatus};
    // Enrollment closes at the end of Friday 22 January 2027.
    let (program, ids, _) = common::program_with(
        &app,
        ProgramState::Enrolling,
        &[
            ("Ana Lopez", "ana@example.com"),
            ("Bo Chen", "bo@example.com"),
            ("Cy Diaz", "cy@example.com"),
            ("Dee Moana", "dee@example.com"),
        ],
    )
    .await;
    let db = &app.state.db;
    // Bo answered everything; Cy left; Ana and Dee have questions unanswered, Dee in Auckland.
    let answers = complete_answers(&app, program).await;
    db.save_enrollment(
        program,
        ids["bo"],
        app::ssr::storage::EnrollmentWrite {
            role: EnrollmentRole::Peer,
            capacity: 1,
            answers: &answers,
            preferred: &[],
            avoid: &[],
        },
    )
    .await
    .unwrap();
    db.set_enrollment_status(program, ids["cy"], EnrollmentStatus::Left)
        .await
        .unwrap();
    set_time_zone(db, ids["dee"], "Pacific/Auckland")
        .await
        .unwrap();
    let closing = |to: &str| with_subject(&app, to, "Enrollment closes soon: Spring pairs");

    // Midnight UTC after the last day; in Auckland (UTC+13) the day ends 13 hours sooner.
    let closes_utc = 1_800_662_400;
    let closes_auckland = closes_utc - 13 * HOUR;
    scan_at(&app, closes_auckland - 2 * DAY - HOUR).await;
    assert!(closing("dee@example.com").is_empty(), "too early");

    // Wednesday 23:00 UTC is Thursday noon in Auckland: two days before Dee's close.
    scan_at(&app, closes_utc - 2 * DAY - HOUR).await;
    let dee = closing("dee@example.com");
    assert_eq!(dee.len(), 1);
    assert!(dee[0].contains("some questions of its survey are still unanswered"));
    assert!(dee[0].contains("until enrollment closes on Fri 22 Jan 2027"));
    assert!(
        dee[0].contains(&format!("/programs/{program}/enroll")),
        "{}",
        dee[0]
    );
    assert!(dee[0].contains("List-Unsubscribe"));
    assert!(closing("ana@example.com").is_empty(), "not yet in UTC");

    // Thursday morning UTC: Ana's turn; nobody hears twice, however often the scan runs.
    scan_at(&app, closes_utc - 2 * DAY + 9 * HOUR).await;
    scan_at(&app, closes_utc - 2 * DAY + 10 * HOUR).await;
    scan_at(&app, closes_utc - DAY).await;
    assert_eq!(closing("ana@example.com").len(), 1);
    assert_eq!(closing("dee@example.com").len(), 1);
    assert!(
        closing("bo@example.com").is_empty(),
        "Bo answered everything"
    );
    assert!(closing("cy@example.com").is_empty(), "Cy left the program");

    // Once enrollment has closed, nothing more is said.
    let before = mails_to(&app, "ana@example.com").len();
    scan_at(&app, closes_utc + HOUR).await;
    assert_eq!(mails_to(&app, "ana@example.com").len(), before);
}
