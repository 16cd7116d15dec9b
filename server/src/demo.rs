//! The demo organisation loaded by `make run`: Northwind Labs, about 60 people in eight
//! departments under one CEO, with real-looking profiles so every page has something to show.

use app::domain::{
    Answer, Answers, AuditAction, Capacity, CheckInInput, Email, EnrollmentRole, EnrollmentStatus,
    EventKind, GoalInput, GoalStatus, PairSessionState, ProfileInput, ProgramInput, ProgramState,
    Question, QuestionKind, Role, DISCUSSION_PROMPTS, PROGRAM_DATE_FORMAT,
};
use app::models::OrgSettings;
use app::ssr::storage::{
    now, Db, EnrollmentWrite, NewAuditEntry, NewEvent, NewPairSession, NewUser, StorageError,
};
use app::ssr::support::crypto::hash_password;

pub const DEMO_PASSWORD: &str = "tandem-demo-2026";
pub const ADMIN_EMAIL: &str = "admin@northwind.example";
pub const COORDINATOR_EMAIL: &str = "coordinator@northwind.example";
pub const PARTICIPANT_EMAIL: &str = "ana.lopez@northwind.example";

const DEPARTMENTS: [(&str, &str, &str, &str); 8] = [
    (
        "Engineering",
        "Software Engineer",
        "Lisbon",
        "Europe/Lisbon",
    ),
    ("Product", "Product Manager", "London", "Europe/London"),
    ("Design", "Product Designer", "Berlin", "Europe/Berlin"),
    ("Sales", "Account Executive", "New York", "America/New_York"),
    (
        "Marketing",
        "Marketing Specialist",
        "Toronto",
        "America/Toronto",
    ),
    (
        "Customer Success",
        "Customer Success Manager",
        "Singapore",
        "Asia/Singapore",
    ),
    ("Finance", "Financial Analyst", "London", "Europe/London"),
    (
        "People & Culture",
        "People Partner",
        "Lisbon",
        "Europe/Lisbon",
    ),
];

const FIRST: [&str; 48] = [
    "Ana", "Ben", "Chloé", "Dev", "Eli", "Farah", "Gus", "Hana", "Ivan", "Jade", "Kofi", "Lena",
    "Mateo", "Nia", "Omar", "Paula", "Quinn", "Rosa", "Sami", "Tara", "Uma", "Victor", "Wen",
    "Ximena", "Yusuf", "Zoe", "Aiko", "Bruno", "Carmen", "Darius", "Elif", "Felix", "Grace",
    "Hugo", "Imani", "Jonas", "Kavya", "Luca", "Maya", "Nikos", "Olga", "Pedro", "Rania", "Stefan",
    "Thandi", "Uriel", "Vera", "Will",
];
const LAST: [&str; 24] = [
    "Lopez", "Osei", "Martin", "Patel", "Cohen", "Haddad", "Berg", "Tanaka", "Petrov", "Nguyen",
    "Mensah", "Fischer", "Silva", "Okoro", "Khan", "Rossi", "Murphy", "Costa", "Yilmaz", "Kim",
    "Dubois", "Novak", "Reyes", "Andersen",
];
const SKILLS: [&str; 16] = [
    "SQL",
    "public speaking",
    "negotiation",
    "data storytelling",
    "Rust",
    "user research",
    "financial modelling",
    "coaching",
    "stakeholder management",
    "writing",
    "roadmapping",
    "facilitation",
    "accessibility",
    "pricing",
    "hiring",
    "project planning",
];
const INTERESTS: [&str; 10] = [
    "climbing",
    "board games",
    "photography",
    "cooking",
    "running",
    "jazz",
    "gardening",
    "chess",
    "travel",
    "podcasts",
];
const ASPIRATIONS: [&str; 5] = [
    "Move into people management within two years.",
    "Become the go-to expert on my team's domain.",
    "Lead a cross-functional project end to end.",
    "Speak at an industry conference.",
    "Explore a move into product or design.",
];

struct Person {
    email: String,
    name: String,
    role: Role,
    profile: ProfileInput,
    level: i64,
    manager: Option<usize>,
}

fn pick(list: &[&str], i: usize, n: usize) -> String {
    (0..n)
        .map(|k| list[(i * 7 + k * 5) % list.len()])
        .collect::<Vec<_>>()
        .join(", ")
}

fn person(
    i: usize,
    name: String,
    title: String,
    dept: usize,
    level: i64,
    manager: Option<usize>,
    role: Role,
) -> Person {
    let (department, _, location, tz) = DEPARTMENTS[dept];
    let profile = ProfileInput {
        name: name.clone(),
        pronouns: ["she/her", "he/him", "they/them", ""][i % 4].into(),
        job_title: title,
        department: department.into(),
        level: level.to_string(),
        location: location.into(),
        time_zone: tz.into(),
        bio: format!(
            "{} at Northwind Labs. Happy to talk about {}.",
            department,
            pick(&SKILLS, i, 1)
        ),
        skills_offer: pick(&SKILLS, i, 3),
        skills_grow: pick(&SKILLS, i + 3, 2),
        interests: pick(&INTERESTS, i, 2),
        aspirations: ASPIRATIONS[i % ASPIRATIONS.len()].into(),
        ..Default::default()
    };
    Person {
        email: slug_email(&name),
        name,
        role,
        profile,
        level,
        manager,
    }
}

fn people() -> Vec<Person> {
    use Role::*;
    let mut ceo = person(
        0,
        "Adaeze Nwosu".into(),
        "Chief Executive Officer".into(),
        1,
        15,
        None,
        Participant,
    );
    ceo.email = "ceo@northwind.example".into();
    let mut out = vec![ceo];
    let mut n = 0usize;
    let mut next_name = || {
        let name = format!(
            "{} {}",
            FIRST[n % FIRST.len()],
            LAST[(n * 5 + n / FIRST.len()) % LAST.len()]
        );
        n += 1;
        name
    };
    for (d, (dept, title, _, _)) in DEPARTMENTS.iter().enumerate() {
        let head = out.len();
        out.push(person(
            head,
            next_name(),
            format!("Head of {dept}"),
            d,
            12,
            Some(0),
            Participant,
        ));
        let manager = out.len();
        out.push(person(
            manager,
            next_name(),
            format!("{title} Lead"),
            d,
            9,
            Some(head),
            Participant,
        ));
        for k in 0..5 {
            let level = [3, 4, 5, 6, 7][(d + k) % 5];
            let t = if level >= 6 {
                format!("Senior {title}")
            } else {
                title.to_string()
            };
            out.push(person(
                out.len(),
                next_name(),
                t,
                d,
                level,
                Some(manager),
                Participant,
            ));
        }
    }
    // The staff accounts the demo signs in with, reporting to the head of People & Culture.
    let people_head = 1 + 7 * 7;
    let mut admin = person(
        out.len(),
        "Priya Raman".into(),
        "People Operations Lead".into(),
        7,
        10,
        Some(people_head),
        OrgAdmin,
    );
    admin.email = ADMIN_EMAIL.into();
    out.push(admin);
    let title = "Learning & Development Coordinator";
    let mut coordinator = person(
        out.len(),
        "Sam Carter".into(),
        title.into(),
        7,
        6,
        Some(people_head),
        ProgramAdmin,
    );
    coordinator.email = COORDINATOR_EMAIL.into();
    out.push(coordinator);
    out
}

fn slug_email(name: &str) -> String {
    let slug: String = name
        .to_lowercase()
        .chars()
        .map(|c| match c {
            'é' => 'e',
            ' ' => '.',
            c => c,
        })
        .filter(|c| c.is_ascii_alphanumeric() || *c == '.')
        .collect();
    format!("{slug}@northwind.example")
}

/// How to sign in to the demo, printed by `tandem serve --demo`.
pub fn sign_ins() -> String {
    format!(
        "Demo sign-ins, all with password {DEMO_PASSWORD:?}:\n  {ADMIN_EMAIL:<31} org admin\n  \
         {COORDINATOR_EMAIL:<31} program admin\n  {PARTICIPANT_EMAIL:<31} participant"
    )
}

/// Loads the demo into an empty database and returns a summary to print, or `None` when the
/// database already has people (demo data never mixes with real data).
pub async fn seed(db: &Db) -> Result<Option<String>, StorageError> {
    if db.count_users().await? > 0 {
        return Ok(None);
    }
    let people = people();
    // One hash for every demo account: hashing 60 passwords would take seconds for nothing.
    let hash = hash_password(DEMO_PASSWORD.into())
        .await
        .map_err(StorageError::Corrupt)?;
    let mut tx = db
        .begin_write(app::ssr::storage::Lock::Organisation)
        .await?;
    let mut ids = Vec::with_capacity(people.len());
    for p in &people {
        let email = Email::parse(&p.email)
            .map_err(|e| StorageError::Corrupt(format!("{}: {e}", p.email)))?;
        let id = db
            .create_user_in(
                &mut tx,
                NewUser {
                    email: &email,
                    name: &p.name,
                    role: p.role,
                    password_hash: Some(&hash),
                },
            )
            .await?;
        ids.push(id);
    }
    for (p, id) in people.iter().zip(&ids) {
        let manager = p.manager.map(|m| ids[m]);
        db.update_profile_in(&mut tx, *id, &p.profile, Some(p.level), manager)
            .await?;
    }
    tx.commit().await?;
    db.save_org_settings(&OrgSettings {
        name: "Northwind Labs".into(),
        open_signup: true,
        allowed_domains: vec!["northwind.example".into()],
    })
    .await?;
    // Email goes out at any hour, so whoever tries the demo sees it arrive at once; a new
    // organisation sends between 08:00 and 19:00 on working days.
    db.save_default_send_window(&app::domain::SendWindow::ANY_TIME)
        .await?;
    let coordinator = ids[people
        .iter()
        .position(|p| p.email == COORDINATOR_EMAIL)
        .unwrap_or(0)];
    let program = demo_program()
        .parse()
        .map_err(|e| StorageError::Corrupt(e.to_string()))?;
    let program_id = db.create_program(&program, coordinator).await?;
    db.set_program_state(program_id, ProgramState::Draft, ProgramState::Enrolling)
        .await?;
    let enrolled = enroll_most(db, program_id, &people, &ids).await?;
    let mentoring = mentoring_program()
        .parse()
        .map_err(|e| StorageError::Corrupt(e.to_string()))?;
    let mentoring_id = db.create_program(&mentoring, coordinator).await?;
    db.set_program_state(mentoring_id, ProgramState::Draft, ProgramState::Enrolling)
        .await?;
    let mentors = enroll_mentoring(db, mentoring_id, &people, &ids).await?;
    db.set_program_state(mentoring_id, ProgramState::Enrolling, ProgramState::Running)
        .await?;
    let members: Vec<i64> = people
        .iter()
        .enumerate()
        .filter(|(i, p)| joins(*i, p))
        .map(|(i, _)| ids[i])
        .collect();
    let events = demo_events(db, coordinator, program_id, &ids, &members).await?;
    let ana = ids[people
        .iter()
        .position(|p| p.email == PARTICIPANT_EMAIL)
        .unwrap_or(0)];
    let pairs_id = db
        .create_program(
            &pairs_program()
                .parse()
                .map_err(|e| StorageError::Corrupt(e.to_string()))?,
            coordinator,
        )
        .await?;
    db.set_program_state(pairs_id, ProgramState::Draft, ProgramState::Enrolling)
        .await?;
    db.set_program_state(pairs_id, ProgramState::Enrolling, ProgramState::Running)
        .await?;
    let partner = pair_up(db, pairs_id, &people, &ids, ana).await?;
    let goals = demo_goals(db, pairs_id, ana, partner).await?;
    // The partner's thanks for the demo dry runs, for the participant's recognition page.
    db.create_kudos(
        partner,
        &app::domain::KudosSpec {
            program_id: pairs_id,
            to: ana,
            category: app::domain::KudosCategory::Support,
            note: "Your dry runs made Friday's demo easy. Thank you!".into(),
        },
        now() - 13 * 86_400,
    )
    .await?;
    // Her manager asked for her mentoring record for her review; she has not answered yet.
    if let Some(manager) = people
        .iter()
        .find(|p| p.email == PARTICIPANT_EMAIL)
        .and_then(|p| p.manager)
    {
        db.request_review(ids[manager], ana, now() - 2 * 86_400, &[])
            .await?;
    }
    let choosing = choose_your_mentor(db, coordinator, &people, &ids).await?;
    let library = crate::starter_library::seed_library(
        db,
        coordinator,
        time::OffsetDateTime::now_utc().date(),
    )
    .await?;
    let admin = ids[people
        .iter()
        .position(|p| p.email == ADMIN_EMAIL)
        .unwrap_or(0)];
    demo_audit(db, admin, coordinator, people.len()).await?;
    Ok(Some(format!(
        "Demo organisation loaded: Northwind Labs, {} people; a peer program open for \
         enrollment with {enrolled} people enrolled, a running mentoring program with \
         {mentors} people waiting for their first round, a mentoring program where \
         {choosing} mentees and mentors find each other themselves, a running peer program whose pairs \
         meet and keep goals ({goals} on the demo participant's board), {events} upcoming \
         events, and a starter library of {library} resources.",
        people.len()
    )))
}

/// Three upcoming events: a Mentor Connect coffee for everyone, a workshop for the peer
/// program, and an Exec Encounter whose draw is still open. Returns how many.
async fn demo_events(
    db: &Db,
    host: i64,
    program_id: i64,
    ids: &[i64],
    members: &[i64],
) -> Result<usize, StorageError> {
    // At 10:00 UTC (10:00 or 11:00 in Lisbon), so the times read naturally.
    let midnight = now() / 86_400 * 86_400;
    let plans = [
        (
            "Mentor Connect: coffee and questions",
            "Bring one question you are stuck on; leave with two people who can help.",
            EventKind::MentorConnect,
            5,
            "Lisbon office, 3rd floor kitchen",
            "",
            Some(12),
            Vec::new(),
            &ids[1..9],
        ),
        (
            "Workshop: giving feedback that helps",
            "A practical hour on **specific, kind and useful** feedback, with pair exercises.",
            EventKind::Workshop,
            12,
            "",
            "https://meet.northwind.example/feedback-workshop",
            None,
            vec![program_id],
            &members[..5],
        ),
        (
            "Exec Encounter: lunch with the CTO",
            "Six seats, drawn by lottery among everyone who enters.",
            EventKind::ExecEncounter,
            20,
            "Boardroom, Lisbon",
            "",
            Some(6),
            Vec::new(),
            &ids[20..30],
        ),
    ];
    let count = plans.len();
    for (title, description, kind, days, place, video, seats, programs, going) in plans {
        let starts_at = midnight + days * 86_400 + 10 * 3_600;
        let id = db
            .create_event(&NewEvent {
                title: title.into(),
                description: description.into(),
                kind,
                starts_at,
                ends_at: starts_at + 3_600,
                time_zone: "Europe/Lisbon".into(),
                place: place.into(),
                video_url: video.into(),
                capacity: seats.and_then(|s| Capacity::try_from(s).ok()),
                rsvp_deadline: None,
                host_id: Some(host),
                programs,
                created_by: Some(host),
                draw: (kind == EventKind::ExecEncounter)
                    .then(app::ssr::support::crypto::draw_secret),
            })
            .await?;
        for person in going {
            db.answer_rsvp(id, *person, true).await?;
        }
    }
    Ok(count)
}

/// Enrolls a dozen participants, the demo participant first, in the running peer program and
/// publishes its round of pairs; returns the demo participant's partner.
async fn pair_up(
    db: &Db,
    program_id: i64,
    people: &[Person],
    ids: &[i64],
    first: i64,
) -> Result<i64, StorageError> {
    let questions = db.questions(program_id).await?;
    let mut members = vec![first];
    members.extend(
        people
            .iter()
            .zip(ids)
            .enumerate()
            .filter(|(i, (p, id))| joins(*i, p) && **id != first)
            .map(|(_, (_, id))| *id)
            .take(11),
    );
    for (i, id) in members.iter().enumerate() {
        db.save_enrollment(
            program_id,
            *id,
            EnrollmentWrite {
                role: EnrollmentRole::Peer,
                capacity: 1,
                answers: &demo_answers(&questions, i),
                preferred: &[],
                avoid: &[],
            },
        )
        .await?;
    }
    // Matched by the engine from these answers, with the demo participant kept beside the
    // partner whose goals and sessions the demo tells: the first one the rules allow (not in
    // her manager line). Every card shows real reasons.
    let program = db
        .program(program_id)
        .await?
        .ok_or_else(|| StorageError::Corrupt("the demo program is gone".into()))?;
    let mut input = app::ssr::rounds::input_of(db, &program, None)
        .await
        .map_err(|e| StorageError::Corrupt(e.to_string()))?;
    let partner = members[1..]
        .iter()
        .copied()
        .find(|&p| app::matching::check_lock(&input, &[first, p]).is_ok())
        .ok_or_else(|| {
            StorageError::Corrupt("nobody may be paired with the demo participant".into())
        })?;
    input.locked = vec![vec![first, partner]];
    let result = app::matching::run(&input);
    if !result.refused_locks.is_empty() {
        return Err(StorageError::Corrupt(format!(
            "the demo pair breaks a rule: {}",
            result.refused_locks[0].reason
        )));
    }
    let round = db
        .save_draft_round(program_id, input.seed as i64, &result)
        .await?;
    db.publish_round(round, &[]).await?;
    // Three sessions: one held a fortnight ago, one two days ago that nobody has recorded
    // yet, and the partner's proposal for next week.
    let group_no = db
        .round_groups(round)
        .await?
        .into_iter()
        .find(|g| g.members.contains(&first))
        .map(|g| g.group_no)
        .unwrap_or(0);
    let midnight = now() / 86_400 * 86_400;
    for (days, by, agenda) in [
        (
            -14,
            first,
            vec![
                "Introduce ourselves".to_owned(),
                "Pick one goal each".to_owned(),
            ],
        ),
        (-2, partner, vec!["How the demo went".to_owned()]),
        (
            6,
            partner,
            vec![
                DISCUSSION_PROMPTS[1].to_owned(),
                "Dry run of Friday's demo".to_owned(),
            ],
        ),
    ] {
        let starts_at = midnight + days * 86_400 + 15 * 3_600;
        let id = db
            .create_session(
                &NewPairSession {
                    program_id,
                    round_id: round,
                    group_no,
                    proposed_by: by,
                    starts_at,
                    ends_at: starts_at + 2_700,
                    time_zone: "Europe/Lisbon".into(),
                    place: "Lisbon office, café on the ground floor".into(),
                    video_url: String::new(),
                    agenda,
                    replaces: None,
                },
                &[],
            )
            .await?;
        if days < 0 {
            db.set_session_state(
                id,
                PairSessionState::Proposed,
                PairSessionState::Accepted,
                &[],
            )
            .await?;
        }
        if days < -7 {
            db.record_session(
                id,
                true,
                "Agreed to practise demos together before Fridays.",
            )
            .await?;
            db.save_session_feedback(id, first, 5, "").await?;
        }
    }
    // The other pairs' first meetings, so that insights have figures to show: all but one
    // met ten days ago and rated the session; the last pair has not met yet.
    let groups = db.round_groups(round).await?;
    let others: Vec<_> = groups.iter().filter(|g| g.group_no != group_no).collect();
    let starts_at = midnight - 10 * 86_400 + 12 * 3_600;
    for (n, g) in others
        .iter()
        .enumerate()
        .take(others.len().saturating_sub(1))
    {
        let Some(&by) = g.members.first() else {
            continue;
        };
        let id = db
            .create_session(
                &NewPairSession {
                    program_id,
                    round_id: round,
                    group_no: g.group_no,
                    proposed_by: by,
                    starts_at,
                    ends_at: starts_at + 2_700,
                    time_zone: "Europe/Lisbon".into(),
                    place: String::new(),
                    video_url: "https://meet.example/northwind".into(),
                    agenda: vec![DISCUSSION_PROMPTS[0].to_owned()],
                    replaces: None,
                },
                &[],
            )
            .await?;
        db.set_session_state(
            id,
            PairSessionState::Proposed,
            PairSessionState::Accepted,
            &[],
        )
        .await?;
        db.record_session(id, true, "").await?;
        for (i, member) in g.members.iter().enumerate() {
            let rating = 3 + ((n + i) % 3) as i64;
            db.save_session_feedback(id, *member, rating, "").await?;
        }
    }
    Ok(partner)
}

/// A goal board for the demo participant: a metric goal with weekly check-ins, a milestone
/// goal half done, and an achieved goal; and a goal their partner shares. Returns how many
/// the participant has.
async fn demo_goals(
    db: &Db,
    program: i64,
    owner: i64,
    partner: i64,
) -> Result<usize, StorageError> {
    let today = time::OffsetDateTime::now_utc().date();
    let corrupt = |e: app::domain::FieldError| StorageError::Corrupt(e.to_string());
    let goal = |title: &str, category: &str, measure: &str, visibility: &str| GoalInput {
        title: title.into(),
        category: category.into(),
        measure: measure.into(),
        visibility: visibility.into(),
        ..Default::default()
    };
    let demos = GoalInput {
        why: "Presenting to the whole company still makes me nervous.".into(),
        unit: "demos given".into(),
        baseline: "0".into(),
        target: "6".into(),
        direction: "up".into(),
        due_on: (today + time::Duration::days(60)).to_string(),
        ..goal(
            "Give the Friday product demo",
            "skill",
            "metric",
            "match_admins",
        )
    };
    let guide = GoalInput {
        why: "New joiners ask the same questions every week.".into(),
        milestones: "Collect the ten most common questions\nDraft the guide\nReview with two new joiners\nPublish on the wiki".into(),
        ..goal("Write the onboarding guide for my team", "project", "milestones", "match")
    };
    let talk = GoalInput {
        unit: "talks".into(),
        baseline: "0".into(),
        target: "1".into(),
        direction: "up".into(),
        ..goal("Give a lightning talk", "career", "metric", "private")
    };
    let demos = db
        .create_goal(owner, program, &demos.parse(today, None).map_err(corrupt)?)
        .await?;
    for (weeks_ago, value, confidence) in
        [(4, "0", "2"), (3, "1", "3"), (2, "2", "3"), (1, "3", "4")]
    {
        let spec = CheckInInput {
            value: value.into(),
            confidence: confidence.into(),
            note: "Practised with my match first.".into(),
            checked_on: (today - time::Duration::weeks(weeks_ago)).to_string(),
            ..Default::default()
        }
        .parse(true, today)
        .map_err(corrupt)?;
        let _ = db.add_check_in(demos, &spec).await?;
    }
    let guide = db
        .create_goal(owner, program, &guide.parse(today, None).map_err(corrupt)?)
        .await?;
    let done: Vec<String> = db
        .milestones(guide)
        .await?
        .iter()
        .take(2)
        .map(|m| m.id.to_string())
        .collect();
    let spec = CheckInInput {
        done,
        confidence: "4".into(),
        ..Default::default()
    }
    .parse(false, today)
    .map_err(corrupt)?;
    let _ = db.add_check_in(guide, &spec).await?;
    let talk = db
        .create_goal(owner, program, &talk.parse(today, None).map_err(corrupt)?)
        .await?;
    let spec = CheckInInput {
        value: "1".into(),
        confidence: "5".into(),
        note: "Ten minutes on our release process; good questions afterwards.".into(),
        checked_on: (today - time::Duration::days(3)).to_string(),
        ..Default::default()
    }
    .parse(true, today)
    .map_err(corrupt)?;
    let _ = db.add_check_in(talk, &spec).await?;
    db.move_goal(talk, GoalStatus::Achieved, 0).await?;
    let shared = GoalInput {
        why: "I want to lead the next migration myself.".into(),
        unit: "design reviews led".into(),
        baseline: "0".into(),
        target: "4".into(),
        direction: "up".into(),
        ..goal("Lead design reviews", "career", "metric", "match")
    };
    let shared = db
        .create_goal(
            partner,
            program,
            &shared.parse(today, None).map_err(corrupt)?,
        )
        .await?;
    let spec = CheckInInput {
        value: "1".into(),
        confidence: "3".into(),
        checked_on: (today - time::Duration::days(10)).to_string(),
        ..Default::default()
    }
    .parse(true, today)
    .map_err(corrupt)?;
    let _ = db.add_check_in(shared, &spec).await?;
    Ok(3)
}

/// Enrolls the demo's mentoring program: senior people mentor two each, people up to level
/// 5 are mentees. Returns how many joined.
async fn enroll_mentoring(
    db: &Db,
    program_id: i64,
    people: &[Person],
    ids: &[i64],
) -> Result<usize, StorageError> {
    let questions = db.questions(program_id).await?;
    let mut count = 0;
    for (i, p) in people.iter().enumerate() {
        let role = match p.level {
            _ if p.role != Role::Participant || i == 0 => continue,
            9.. => EnrollmentRole::Mentor,
            ..=5 => EnrollmentRole::Mentee,
            _ => continue,
        };
        db.save_enrollment(
            program_id,
            ids[i],
            EnrollmentWrite {
                role,
                capacity: 2,
                answers: &demo_answers(&questions, i + 5),
                preferred: &[],
                avoid: &[],
            },
        )
        .await?;
        count += 1;
    }
    Ok(count)
}

/// The demo's second mentoring program, where mentees choose: the heads of department
/// mentor (two places each) and the most junior people are mentees. Returns how many joined.
async fn choose_your_mentor(
    db: &Db,
    coordinator: i64,
    people: &[Person],
    ids: &[i64],
) -> Result<usize, StorageError> {
    let program = ProgramInput {
        name: "Mentoring · Choose your mentor".into(),
        description: "Mentees browse the mentors with free places and ask the one they want."
            .into(),
        format: "mentor_mentee".into(),
        rotation_weeks: "16".into(),
        enrollment_opens_on: day(-20),
        enrollment_closes_on: day(-6),
        // After the autumn cohort in lists, which start with the latest start.
        starts_on: day(-4),
        ends_on: day(-4 + 7 * 20),
        ..Default::default()
    }
    .parse()
    .map_err(|e| StorageError::Corrupt(e.to_string()))?;
    let id = db.create_program(&program, coordinator).await?;
    db.set_program_state(id, ProgramState::Draft, ProgramState::Enrolling)
        .await?;
    let questions = db.questions(id).await?;
    let mut count = 0;
    for (i, p) in people.iter().enumerate() {
        let role = match p.level {
            _ if p.role != Role::Participant || i == 0 => continue,
            12 => EnrollmentRole::Mentor,
            ..=4 => EnrollmentRole::Mentee,
            _ => continue,
        };
        db.save_enrollment(
            id,
            ids[i],
            EnrollmentWrite {
                role,
                capacity: 2,
                answers: &demo_answers(&questions, i + 3),
                preferred: &[],
                avoid: &[],
            },
        )
        .await?;
        count += 1;
    }
    db.set_program_state(id, ProgramState::Enrolling, ProgramState::Running)
        .await?;
    db.save_mentor_choice(id, app::domain::ChoiceMode::Participants, 5)
        .await?;
    Ok(count)
}

/// The date `offset` days from today, as program forms take it.
fn day(offset: i64) -> String {
    (time::OffsetDateTime::now_utc().date() + time::Duration::days(offset))
        .format(PROGRAM_DATE_FORMAT)
        .unwrap_or_default()
}

/// The demo's mentoring program: running, its first round not drafted yet.
fn mentoring_program() -> ProgramInput {
    ProgramInput {
        name: "Mentoring · Autumn cohort".into(),
        description: "Senior colleagues mentor people early in their careers, two mentees each."
            .into(),
        guidelines: "## What we ask of you\n\n\
            - Mentors: meet each mentee **every three weeks**.\n\
            - Mentees: bring one question or challenge to every session.\n"
            .into(),
        format: "mentor_mentee".into(),
        rotation_weeks: "16".into(),
        enrollment_opens_on: day(-30),
        enrollment_closes_on: day(-10),
        starts_on: day(-3),
        ends_on: day(-3 + 7 * 32),
        ..Default::default()
    }
}

/// The audit log as an organisation's first weeks leave it: the directory imported, the
/// coordinator made a program admin, a round published.
async fn demo_audit(
    db: &Db,
    admin: i64,
    coordinator: i64,
    people: usize,
) -> Result<(), StorageError> {
    let priya = format!("Priya Raman <{ADMIN_EMAIL}>");
    let sam = format!("Sam Carter <{COORDINATOR_EMAIL}>");
    let imported = format!("{people} created, 0 updated, 0 invited, 0 marked as left");
    let entries = [
        (
            AuditAction::DirectoryImported,
            admin,
            &priya,
            None,
            "",
            imported.as_str(),
        ),
        (
            AuditAction::RoleChanged,
            admin,
            &priya,
            Some(coordinator),
            sam.as_str(),
            "Participant → Program admin",
        ),
        (
            AuditAction::RoundPublished,
            coordinator,
            &sam,
            None,
            "",
            "Peer Pairs · Winter cohort: round 1",
        ),
    ];
    for (action, actor, actor_label, subject_id, subject_label, details) in entries {
        db.record_audit(&NewAuditEntry {
            action,
            actor_id: Some(actor),
            actor_label,
            subject_id,
            subject_label,
            details,
        })
        .await?;
    }
    Ok(())
}

fn pairs_program() -> ProgramInput {
    ProgramInput {
        name: "Peer Pairs · Winter cohort".into(),
        description: "Pairs of colleagues meeting every two weeks; this cohort is under way."
            .into(),
        guidelines: "## What we ask of you\n\n\
            - Meet your partner **every two weeks**.\n\
            - Keep one or two measurable goals and check in weekly.\n"
            .into(),
        format: "peer".into(),
        rotation_weeks: "12".into(),
        enrollment_opens_on: day(-60),
        enrollment_closes_on: day(-45),
        starts_on: day(-35),
        ends_on: day(-35 + 7 * 24),
        ..Default::default()
    }
}

/// Whether the demo person at `i` joined the demo program: most people, not the staff
/// accounts, and not every seventh person, so the people page's filter has both kinds.
fn joins(i: usize, p: &Person) -> bool {
    p.role == Role::Participant && i > 0 && i % 7 != 3
}

/// Enrolls most demo people with answered surveys, a few preferred partners and avoid lists,
/// and two people skipping the next round. Returns how many joined.
async fn enroll_most(
    db: &Db,
    program_id: i64,
    people: &[Person],
    ids: &[i64],
) -> Result<usize, StorageError> {
    let questions = db.questions(program_id).await?;
    let mut count = 0;
    for (i, p) in people.iter().enumerate() {
        if !joins(i, p) {
            continue;
        }
        let answers = demo_answers(&questions, i);
        // A few people name a colleague from another department, or someone to avoid.
        let other = |step: usize| ids[(i + step) % ids.len()];
        let preferred = if i.is_multiple_of(5) {
            vec![other(9)]
        } else {
            vec![]
        };
        let avoid = if i.is_multiple_of(11) {
            vec![other(1)]
        } else {
            vec![]
        };
        db.save_enrollment(
            program_id,
            ids[i],
            EnrollmentWrite {
                role: EnrollmentRole::Peer,
                capacity: 1,
                answers: &answers,
                preferred: &preferred,
                avoid: &avoid,
            },
        )
        .await?;
        if i % 13 == 6 {
            db.set_enrollment_status(program_id, ids[i], EnrollmentStatus::Paused)
                .await?;
        }
        count += 1;
    }
    Ok(count)
}

/// Answers that vary from person to person but are the same on every run.
fn demo_answers(questions: &[Question], i: usize) -> Answers {
    let mut answers = Answers::new();
    for (n, q) in questions.iter().enumerate() {
        let pick = |k: usize| {
            q.options[(i * 3 + n * 5 + k * 7) % q.options.len()]
                .id
                .clone()
        };
        let answer = match q.kind {
            QuestionKind::Single => Answer::Choice(pick(0)),
            QuestionKind::Multi => {
                let mut chosen: Vec<String> = (0..2 + i % 2).map(pick).collect();
                chosen.dedup();
                Answer::Choices(chosen)
            }
            QuestionKind::Scale => Answer::Scale(1 + ((i + n) % 5) as u8),
            QuestionKind::Text if i.is_multiple_of(3) => {
                Answer::Text("I prefer mornings and like walking meetings.".into())
            }
            QuestionKind::Text => continue,
        };
        answers.insert(q.id, answer);
    }
    answers
}

/// The demo's program, open for enrollment from today for three weeks.
fn demo_program() -> ProgramInput {
    ProgramInput {
        name: "Peer Pairs · Spring cohort".into(),
        description:
            "Pairs of colleagues at similar levels, across departments, meeting every two weeks."
                .into(),
        guidelines: "## What we ask of you\n\n\
            - Meet your partner **every two weeks** for 45 to 60 minutes.\n\
            - Set one or two goals together in the first session and check in on them.\n\
            - Keep what your partner shares confidential.\n\n\
            ## If something is not working\n\n\
            Ask for a new match at any time; the reason stays between you and the program team."
            .into(),
        format: "peer".into(),
        rotation_weeks: "12".into(),
        enrollment_opens_on: day(0),
        enrollment_closes_on: day(21),
        starts_on: day(28),
        ends_on: day(28 + 7 * 24),
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_is_a_tree_with_unique_addresses() {
        let people = people();
        assert!((55..=70).contains(&people.len()), "{} people", people.len());
        let mut emails: Vec<_> = people.iter().map(|p| p.email.clone()).collect();
        emails.sort();
        emails.dedup();
        assert_eq!(emails.len(), people.len(), "duplicate demo emails");
        assert!(people.iter().any(|p| p.email == PARTICIPANT_EMAIL));
        for (i, p) in people.iter().enumerate() {
            assert!(Email::parse(&p.email).is_ok(), "{}", p.email);
            assert!(p.profile.clone().parse().is_ok(), "{}", p.name);
            if let Some(m) = p.manager {
                assert!(m < i, "a manager comes before their reports");
            }
        }
        assert_eq!(
            people.iter().filter(|p| p.role == Role::OrgAdmin).count(),
            1
        );
        assert_eq!(
            people
                .iter()
                .filter(|p| p.role == Role::ProgramAdmin)
                .count(),
            1
        );
    }

    #[test]
    fn most_demo_people_join_with_complete_answers() {
        let people = people();
        let joined = people
            .iter()
            .enumerate()
            .filter(|(i, p)| joins(*i, p))
            .count();
        assert!(
            joined * 4 >= people.len() * 3,
            "{joined} of {}",
            people.len()
        );
        let questions = app::domain::numbered_default_survey(app::domain::ProgramFormat::Peer);
        for i in 0..people.len() {
            let answers = demo_answers(&questions, i);
            assert!(app::domain::is_complete(&questions, &answers), "person {i}");
        }
    }

    #[test]
    fn the_demo_programs_are_valid_whatever_the_date() {
        for program in [demo_program(), mentoring_program(), pairs_program()] {
            let p = program.parse().unwrap();
            assert!(p.enrollment_opens_on < p.starts_on && p.starts_on < p.ends_on);
        }
    }
}
