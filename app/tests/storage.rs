//! Storage tests. Every case runs twice: on a fresh SQLite file and on a fresh PostgreSQL
//! database (`TANDEM_TEST_POSTGRES_URL`; under `CI=true` its absence fails the run).
#![cfg(feature = "ssr")]

use app::domain::{
    draw_order, Capacity, Email, Entrant, EventKind, GoalCategory, GoalStatus, PairRule,
    PairSessionState, ProfileInput, Role, RsvpState, SsoProtocol,
};
use app::models::OrgSettings;
use app::ssr::storage::{
    now, Db, EventSpan, LoginStore, NewEvent, NewUser, ProviderWrite, RsvpCounts, RsvpOutcome,
    RsvpRefusal, ThrottleScope, TokenKind, UserFilter,
};
use tower_sessions::session::{Id, Record};
use tower_sessions::SessionStore;

macro_rules! on_both_databases {
    ($($case:ident),* $(,)?) => {$(
        mod $case {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let t = app::ssr::testing::TestDb::sqlite().await;
                super::$case(&t.db).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if let Some(t) = app::ssr::testing::TestDb::postgres().await {
                    super::$case(&t.db).await;
                }
            }
        }
    )*};
}

on_both_databases!(
    writes_to_different_events_run_side_by_side,
    commits_reach_the_disk_before_they_are_acknowledged,
    users_are_unique_by_email,
    profiles_keep_every_field_and_the_manager,
    people_search_filters_and_pages,
    sessions_round_trip_and_expire,
    invitation_tokens_work_once,
    reset_tokens_expire_and_are_revoked,
    sign_in_failures_are_counted_in_a_window,
    org_settings_round_trip,
    concurrent_read_then_write_transactions_all_commit,
    directory_import_creates_updates_and_links_managers,
    programs_keep_their_definition_and_move_through_states,
    surveys_start_with_defaults_and_keep_their_order,
    enrollments_keep_answers_partners_and_status,
    people_filter_by_enrollment,
    rounds_are_drafted_adjusted_and_published,
    rsvps_fill_seats_then_the_waitlist_and_promote_on_cancel,
    concurrent_rsvps_never_exceed_capacity,
    rsvp_link_generations_start_at_zero_and_revoke,
    exec_encounters_draw_seats_fairly_and_remember_who_lost,
    goals_keep_their_board_order,
    check_ins_update_progress_and_dropped_goals_refuse_them,
    goal_sharing_and_admin_counts_leave_private_goals_out,
    pair_sessions_are_proposed_answered_recorded_and_rated,
    resource_search_ranks_filters_and_follows_every_write,
    resource_search_respects_audiences,
    bookmarks_helpful_marks_and_recommendation_candidates,
    availability_keeps_hours_and_what_the_calendar_said,
    chat_channels_belong_to_their_program_and_count_its_week,
    saml_providers_keep_their_metadata_and_take_an_assertion_once,
    insight_rows_sum_groups_ratings_shared_goals_and_replies,
    insight_tallies_follow_every_change_to_sessions_and_ratings,
    insight_tallies_count_sessions_written_at_once,
    group_members_follow_every_change_to_a_round,
    kudos_go_only_between_matched_people_and_show_only_when_chosen,
    badge_facts_count_sessions_partners_goals_rounds_and_events,
    stories_open_as_rounds_end_and_reach_the_report_only_by_their_authors_choice,
    certificates_state_roles_sessions_and_hours_and_are_issued_once_per_facts,
    review_records_reach_a_manager_only_by_an_agreement_that_holds,
    the_dashboard_asks_for_every_program_at_once,
    a_holding_db_runs_every_statement_on_its_one_connection,
);

/// A pool keeps its connections between requests; when the server restarts, or a proxy cuts
/// one that sat idle, the next request gets a fresh connection rather than an error.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_connections_the_server_ended_are_replaced_unseen() {
    let Some(t) = app::ssr::testing::TestDb::postgres().await else {
        return;
    };
    t.db.org_settings().await.unwrap();
    let ended = t.end_postgres_connections().await.unwrap();
    assert!(ended >= 1, "the pool held no connection to end");
    tokio::time::sleep(app::ssr::storage::IDLE_CHECK + std::time::Duration::from_millis(200)).await;
    t.db.org_settings()
        .await
        .expect("a connection the server ended is replaced");
}

fn email(s: &str) -> Email {
    Email::parse(s).unwrap()
}

async fn add(db: &Db, address: &str, name: &str, role: Role) -> i64 {
    db.create_user(NewUser {
        email: &email(address),
        name,
        role,
        password_hash: Some("hash"),
    })
    .await
    .unwrap()
}

async fn users_are_unique_by_email(db: &Db) {
    let id = add(db, "ana@example.com", "Ana Lopez", Role::Participant).await;
    let again = db
        .create_user(NewUser {
            email: &email("ANA@example.com"),
            name: "Other",
            role: Role::Participant,
            password_hash: None,
        })
        .await
        .unwrap_err();
    assert!(again.is_unique_violation(), "{again}");
    let user = db
        .user_by_email(&email("ana@example.com"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (user.id, user.name.as_str(), user.role),
        (id, "Ana Lopez", Role::Participant)
    );
    assert_eq!(
        db.credentials(&email("ana@example.com")).await.unwrap(),
        Some((id, Some("hash".to_string())))
    );
    assert_eq!(
        db.credentials(&email("nobody@example.com")).await.unwrap(),
        None
    );
    assert_eq!(db.count_users().await.unwrap(), 1);
    // Several people in one read: by id, with unknown ids left out.
    let bo = add(db, "bo@example.com", "Bo Chen", Role::Participant).await;
    let both: Vec<(i64, String)> = db
        .users_by_ids(&[bo, id + bo + 1, id])
        .await
        .unwrap()
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    assert_eq!(both, vec![(id, "Ana Lopez".into()), (bo, "Bo Chen".into())]);
    assert!(db.users_by_ids(&[]).await.unwrap().is_empty());
    db.set_password_hash(id, "new-hash").await.unwrap();
    assert_eq!(
        db.credentials(&email("ana@example.com"))
            .await
            .unwrap()
            .unwrap()
            .1
            .as_deref(),
        Some("new-hash")
    );
    assert!(db.set_role(id, Role::OrgAdmin).await.unwrap());
    assert_eq!(db.count_with_role(Role::OrgAdmin).await.unwrap(), 1);
    assert!(!db.set_role(id + 1000, Role::OrgAdmin).await.unwrap());
}

async fn profiles_keep_every_field_and_the_manager(db: &Db) {
    let boss = add(db, "boss@example.com", "Bo Berg", Role::Participant).await;
    let ana = add(db, "ana@example.com", "Ana Lopez", Role::Participant).await;
    let input = ProfileInput {
        name: "Ana López".into(),
        pronouns: "she/her".into(),
        job_title: "Engineer".into(),
        department: "Engineering".into(),
        level: "4".into(),
        manager_email: "boss@example.com".into(),
        location: "Lisbon".into(),
        time_zone: "Europe/Lisbon".into(),
        bio: "Hi ✨".into(),
        skills_offer: "SQL, Rust".into(),
        skills_grow: "public speaking".into(),
        interests: "climbing".into(),
        aspirations: "Lead a project".into(),
    };
    db.update_profile(ana, &input, Some(4), Some(boss))
        .await
        .unwrap();
    let u = db.user_by_id(ana).await.unwrap().unwrap();
    assert_eq!(u.name, "Ana López");
    assert_eq!(u.level, Some(4));
    assert_eq!(u.manager_id, Some(boss));
    assert_eq!(u.manager_name.as_deref(), Some("Bo Berg"));
    assert_eq!(u.manager_email.as_deref(), Some("boss@example.com"));
    assert_eq!(
        (
            u.time_zone.as_str(),
            u.bio.as_str(),
            u.skills_offer.as_str()
        ),
        ("Europe/Lisbon", "Hi ✨", "SQL, Rust")
    );
    assert_eq!(db.manager_of(ana).await.unwrap(), Some(boss));
    assert_eq!(db.manager_of(boss).await.unwrap(), None);
    let b = db.user_by_id(boss).await.unwrap().unwrap();
    assert_eq!((b.level, b.manager_name), (None, None));
}

async fn people_search_filters_and_pages(db: &Db) {
    for i in 0..7 {
        add(
            db,
            &format!("p{i}@example.com"),
            &format!("Person {i}"),
            Role::Participant,
        )
        .await;
    }
    let coord = add(db, "sam@example.com", "Sam 100% Carter", Role::ProgramAdmin).await;
    let all = |q: Option<&str>, role: Option<Role>| UserFilter {
        query: q.map(str::to_owned),
        role,
        limit: 3,
        ..Default::default()
    };
    let (page, total) = db.list_users(&all(None, None)).await.unwrap();
    assert_eq!((page.len(), total), (3, 8));
    assert_eq!(page[0].name, "Person 0", "sorted by name");
    let (page, total) = db
        .list_users(&UserFilter {
            offset: 6,
            ..all(None, None)
        })
        .await
        .unwrap();
    assert_eq!((page.len(), total), (2, 8));
    let (page, total) = db.list_users(&all(Some("SAM"), None)).await.unwrap();
    assert_eq!((page[0].id, total), (coord, 1));
    let (_, total) = db
        .list_users(&all(None, Some(Role::ProgramAdmin)))
        .await
        .unwrap();
    assert_eq!(total, 1);
    // Wildcards typed by a person are matched literally.
    let (_, total) = db.list_users(&all(Some("100%"), None)).await.unwrap();
    assert_eq!(total, 1);
    let (_, total) = db.list_users(&all(Some("%"), None)).await.unwrap();
    assert_eq!(total, 1);
    let (_, total) = db.list_users(&all(Some("_"), None)).await.unwrap();
    assert_eq!(total, 0);

    // Department and level filters, for the people page.
    let mut p = ProfileInput {
        name: "Sam 100% Carter".into(),
        department: "People".into(),
        ..Default::default()
    };
    db.update_profile(coord, &p, Some(6), None).await.unwrap();
    p.name = "Person 1".into();
    let one = db.list_users(&all(Some("Person 1"), None)).await.unwrap().0[0].id;
    db.update_profile(one, &p, Some(3), None).await.unwrap();
    assert_eq!(db.departments().await.unwrap(), vec!["People".to_string()]);
    let by_dept = UserFilter {
        department: Some("People".into()),
        ..all(None, None)
    };
    assert_eq!(db.list_users(&by_dept).await.unwrap().1, 2);
    let by_level = UserFilter {
        level: Some(6),
        ..by_dept.clone()
    };
    let (page, total) = db.list_users(&by_level).await.unwrap();
    assert_eq!((page[0].id, total), (coord, 1));
    let elsewhere = UserFilter {
        department: Some("Sales".into()),
        ..all(None, None)
    };
    assert_eq!(db.list_users(&elsewhere).await.unwrap().1, 0);
}

async fn sessions_round_trip_and_expire(db: &Db) {
    let store = LoginStore::new(db.clone());
    let mut record = Record {
        id: Id::default(),
        data: [("uid".to_string(), serde_json::json!(7))].into(),
        expiry_date: time::OffsetDateTime::now_utc() + time::Duration::hours(1),
    };
    store.create(&mut record).await.unwrap();
    let loaded = store.load(&record.id).await.unwrap().unwrap();
    assert_eq!(loaded.data.get("uid"), Some(&serde_json::json!(7)));
    assert_eq!(
        loaded.expiry_date.unix_timestamp(),
        record.expiry_date.unix_timestamp()
    );

    record.data.insert("uid".into(), serde_json::json!(8));
    store.save(&record).await.unwrap();
    assert_eq!(
        store
            .load(&record.id)
            .await
            .unwrap()
            .unwrap()
            .data
            .get("uid"),
        Some(&serde_json::json!(8))
    );

    // Creating with an id that exists must not overwrite that session.
    let mut clash = Record {
        id: record.id,
        data: Default::default(),
        expiry_date: record.expiry_date,
    };
    store.create(&mut clash).await.unwrap();
    assert_ne!(clash.id, record.id);
    assert_eq!(
        store
            .load(&record.id)
            .await
            .unwrap()
            .unwrap()
            .data
            .get("uid"),
        Some(&serde_json::json!(8))
    );

    let mut old = Record {
        id: Id::default(),
        data: Default::default(),
        expiry_date: time::OffsetDateTime::now_utc() - time::Duration::minutes(1),
    };
    store.create(&mut old).await.unwrap();
    assert!(
        store.load(&old.id).await.unwrap().is_none(),
        "an expired session does not load"
    );
    assert_eq!(store.delete_expired().await.unwrap(), 1);

    store.delete(&record.id).await.unwrap();
    assert!(store.load(&record.id).await.unwrap().is_none());
}

async fn invitation_tokens_work_once(db: &Db) {
    let inviter = add(db, "admin@example.com", "Admin", Role::OrgAdmin).await;
    let id = db
        .create_invitation(
            &email("new@example.com"),
            Role::ProgramAdmin,
            "h1",
            Some(inviter),
            now() + 60,
            &[],
        )
        .await
        .unwrap();
    let row = db
        .find_token(TokenKind::Invitation, "h1")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (
            row.id,
            row.email.as_str(),
            row.role.map(Role::as_str),
            row.used_at
        ),
        (id, "new@example.com", Some("program_admin"), None)
    );
    assert_eq!(db.pending_invitations().await.unwrap().len(), 1);
    assert!(db
        .find_token(TokenKind::Invitation, "other")
        .await
        .unwrap()
        .is_none());
    assert!(
        db.find_token(TokenKind::PasswordReset, "h1")
            .await
            .unwrap()
            .is_none(),
        "kinds do not mix"
    );

    let mut conn = db.pool().acquire().await.unwrap();
    assert!(db
        .consume_token(&mut conn, TokenKind::Invitation, id)
        .await
        .unwrap());
    assert!(
        !db.consume_token(&mut conn, TokenKind::Invitation, id)
            .await
            .unwrap(),
        "second use refused"
    );
    assert!(db
        .find_token(TokenKind::Invitation, "h1")
        .await
        .unwrap()
        .unwrap()
        .used_at
        .is_some());
    assert!(db.pending_invitations().await.unwrap().is_empty());

    let expired = db
        .create_invitation(
            &email("late@example.com"),
            Role::Participant,
            "h2",
            None,
            now() - 1,
            &[],
        )
        .await
        .unwrap();
    assert!(
        !db.consume_token(&mut conn, TokenKind::Invitation, expired)
            .await
            .unwrap(),
        "expired refused"
    );
}

async fn reset_tokens_expire_and_are_revoked(db: &Db) {
    let ana = add(db, "ana@example.com", "Ana", Role::Participant).await;
    let first = db
        .create_password_reset(ana, "r1", now() + 3600, &[])
        .await
        .unwrap();
    let row = db
        .find_token(TokenKind::PasswordReset, "r1")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (row.user_id, row.email.as_str()),
        (Some(ana), "ana@example.com")
    );
    db.revoke_password_resets(ana).await.unwrap();
    let mut conn = db.pool().acquire().await.unwrap();
    assert!(
        !db.consume_token(&mut conn, TokenKind::PasswordReset, first)
            .await
            .unwrap(),
        "revoked"
    );
    let second = db
        .create_password_reset(ana, "r2", now() + 3600, &[])
        .await
        .unwrap();
    assert!(db
        .consume_token(&mut conn, TokenKind::PasswordReset, second)
        .await
        .unwrap());
    let third = db
        .create_password_reset(ana, "r3", now() - 5, &[])
        .await
        .unwrap();
    assert!(
        !db.consume_token(&mut conn, TokenKind::PasswordReset, third)
            .await
            .unwrap(),
        "expired"
    );
}

async fn sign_in_failures_are_counted_in_a_window(db: &Db) {
    for _ in 0..3 {
        db.record_sign_in_failure(ThrottleScope::Account, "ana@example.com")
            .await
            .unwrap();
    }
    db.record_sign_in_failure(ThrottleScope::Ip, "127.0.0.1")
        .await
        .unwrap();
    assert_eq!(
        db.recent_sign_in_failures(ThrottleScope::Account, "ana@example.com", 60)
            .await
            .unwrap(),
        3
    );
    assert_eq!(
        db.recent_sign_in_failures(ThrottleScope::Ip, "ana@example.com", 60)
            .await
            .unwrap(),
        0,
        "scopes apart"
    );
    assert_eq!(
        db.recent_sign_in_failures(ThrottleScope::Ip, "127.0.0.1", 60)
            .await
            .unwrap(),
        1
    );
    // Old failures fall out of the window and are pruned.
    app::ssr::testing::clock::age_ip_sign_in_failures(db, 3600)
        .await
        .unwrap();
    assert_eq!(
        db.recent_sign_in_failures(ThrottleScope::Ip, "127.0.0.1", 60)
            .await
            .unwrap(),
        0
    );
    assert_eq!(db.prune_sign_in_failures(60).await.unwrap(), 1);
    db.clear_sign_in_failures(ThrottleScope::Account, "ana@example.com")
        .await
        .unwrap();
    assert_eq!(
        db.recent_sign_in_failures(ThrottleScope::Account, "ana@example.com", 60)
            .await
            .unwrap(),
        0
    );
}

async fn org_settings_round_trip(db: &Db) {
    let s = db.org_settings().await.unwrap();
    assert_eq!(
        (s.name.as_str(), s.open_signup, s.allowed_domains.len()),
        ("Tandem", true, 0)
    );
    let new = OrgSettings {
        name: "Northwind".into(),
        open_signup: false,
        allowed_domains: vec!["a.example".into(), "b.example".into()],
    };
    db.save_org_settings(&new).await.unwrap();
    assert_eq!(db.org_settings().await.unwrap(), new);
}

/// A write holding one event's lock keeps a second write to that event waiting, but on
/// PostgreSQL not a write to another event or a program; an organisation-wide write waits
/// for it, and writes that come after the organisation-wide one queue behind it.
async fn writes_to_different_events_run_side_by_side(db: &Db) {
    use app::ssr::storage::{Backend, Lock};
    use std::time::Duration;
    let held = db.begin_write(Lock::Event(1)).await.unwrap();
    let wait = |lock: Lock| {
        let db = db.clone();
        tokio::spawn(async move {
            let tx = db.begin_write(lock).await.unwrap();
            tx.commit().await.unwrap();
        })
    };
    let same = wait(Lock::Event(1));
    let other = wait(Lock::Event(2));
    let program = wait(Lock::Program(1));
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert!(
        !same.is_finished(),
        "a second write to the same event did not wait"
    );
    if db.backend() == Backend::Postgres {
        assert!(other.is_finished(), "a write to another event waited");
        assert!(program.is_finished(), "a write to a program waited");
    } else {
        // SQLite has one writer at a time, whatever it writes.
        assert!(!other.is_finished());
    }
    let organisation = wait(Lock::Organisation);
    tokio::time::sleep(Duration::from_millis(200)).await;
    let later = wait(Lock::Event(3));
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert!(
        !organisation.is_finished(),
        "an organisation-wide write did not wait"
    );
    assert!(
        !later.is_finished(),
        "a write jumped the queue ahead of an organisation-wide one"
    );
    held.commit().await.unwrap();
    for task in [same, organisation, other, program, later] {
        tokio::time::timeout(Duration::from_secs(10), task)
            .await
            .expect("every waiting write goes ahead once the lock is free")
            .unwrap();
    }
}

/// Every commit is on disk before Tandem answers: SQLite syncs at each commit (FULL), and
/// PostgreSQL waits for its log (synchronous_commit on), so a power cut loses no answer.
async fn commits_reach_the_disk_before_they_are_acknowledged(db: &Db) {
    use app::ssr::storage::Backend;
    let expected = match db.backend() {
        Backend::Sqlite => "2",
        Backend::Postgres => "on",
    };
    assert_eq!(
        app::ssr::testing::clock::commit_durability(db)
            .await
            .unwrap(),
        expected
    );
}

/// Twenty tasks each read a count and write based on it. With `begin_write` none fails with
/// "database is locked" on SQLite, and no write is lost.
async fn concurrent_read_then_write_transactions_all_commit(db: &Db) {
    let mut tasks = Vec::new();
    for i in 0..20 {
        let db = db.clone();
        tasks.push(tokio::spawn(async move {
            let mut tx = db.begin_write(app::ssr::storage::Lock::Accounts).await?;
            let n: i64 = db.count_users_in(&mut tx).await?;
            let e = Email::parse(&format!("u{i}@example.com")).unwrap();
            let name = format!("User number {n}");
            db.create_user_in(
                &mut tx,
                NewUser {
                    email: &e,
                    name: &name,
                    role: Role::Participant,
                    password_hash: None,
                },
            )
            .await?;
            tx.commit().await?;
            Ok::<_, app::ssr::storage::StorageError>(())
        }));
    }
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    assert_eq!(db.count_users().await.unwrap(), 20);
    // Each transaction saw every earlier commit: the names count 0..19 with no repeat.
    let mut names = app::ssr::testing::clock::user_names(db).await.unwrap();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), 20);
}

async fn import(db: &Db, csv: &str) -> (usize, usize, usize) {
    let rows = app::directory::parse(csv.as_bytes()).unwrap();
    let p = app::directory::plan(rows, &db.directory().await.unwrap()).unwrap();
    let unchanged = p.unchanged;
    let (c, u) = db.apply_import(&p).await.unwrap();
    (c, u, unchanged)
}

async fn directory_import_creates_updates_and_links_managers(db: &Db) {
    let existing = add(db, "bo@example.com", "Bo", Role::ProgramAdmin).await;
    let csv = "email,name,department,team,job title,level,manager_email,location,time zone\n\
               ana@example.com,Ana Lopez,Engineering,Data,Engineer,4,bo@example.com,Lisbon,Europe/Lisbon\n\
               bo@example.com,Bo Berg,Engineering,,Lead,9,ceo@example.com,,\n\
               ceo@example.com,Cy Chief,Board,,CEO,15,,,\n";
    assert_eq!(import(db, csv).await, (2, 1, 0));
    let ana = db
        .user_by_email(&email("ana@example.com"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (ana.team.as_str(), ana.level, ana.role),
        ("Data", Some(4), Role::Participant)
    );
    assert_eq!(ana.manager_id, Some(existing));
    let bo = db
        .user_by_email(&email("bo@example.com"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (bo.name.as_str(), bo.role),
        ("Bo Berg", Role::ProgramAdmin),
        "role and password are kept"
    );
    assert_eq!(bo.manager_email.as_deref(), Some("ceo@example.com"));
    assert_eq!(
        db.credentials(&email("ana@example.com"))
            .await
            .unwrap()
            .unwrap()
            .1,
        None,
        "no password until invited"
    );

    // The same file again changes nothing; a changed row updates only that person.
    assert_eq!(import(db, csv).await, (0, 0, 3));
    let moved = csv.replace("Data,Engineer,4", "Platform,Engineer,5");
    assert_eq!(import(db, &moved).await, (0, 1, 2));
    let ana = db
        .user_by_email(&email("ana@example.com"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!((ana.team.as_str(), ana.level), ("Platform", Some(5)));
    assert_eq!(db.count_users().await.unwrap(), 3);
}

fn spec(name: &str) -> app::domain::ProgramSpec {
    app::domain::ProgramInput {
        name: name.into(),
        format: "circles".into(),
        group_size: "5".into(),
        enrollment_opens_on: "2027-01-04".into(),
        enrollment_closes_on: "2027-01-22".into(),
        starts_on: "2027-02-01".into(),
        ends_on: "2027-07-30".into(),
        departments: "Engineering, Product".into(),
        min_level: "3".into(),
        ..Default::default()
    }
    .parse()
    .unwrap()
}

async fn programs_keep_their_definition_and_move_through_states(db: &Db) {
    use app::domain::{ProgramFormat, ProgramState};
    let admin = add(db, "sam@example.com", "Sam Carter", Role::ProgramAdmin).await;
    let other = add(db, "pat@example.com", "Pat", Role::ProgramAdmin).await;
    let id = db
        .create_program(&spec("Spring circles"), admin)
        .await
        .unwrap();
    let p = db.program(id).await.unwrap().unwrap();
    assert_eq!(
        (p.name.as_str(), p.format, p.group_size, p.state),
        (
            "Spring circles",
            ProgramFormat::Circles,
            5,
            ProgramState::Draft
        )
    );
    assert_eq!(
        (
            p.starts_on.as_str(),
            p.departments.as_str(),
            p.min_level,
            p.max_level
        ),
        ("2027-02-01", "Engineering,Product", Some(3), None)
    );
    let admins = db.program_admins(id).await.unwrap();
    assert_eq!(
        admins.iter().map(|a| a.name.as_str()).collect::<Vec<_>>(),
        vec!["Sam Carter"]
    );
    assert!(db.is_program_admin(id, admin).await.unwrap());
    assert!(!db.is_program_admin(id, other).await.unwrap());
    db.set_program_admins(id, &[other, admin, other])
        .await
        .unwrap();
    assert_eq!(db.program_admins(id).await.unwrap().len(), 2);
    db.set_program_admins(id, &[other]).await.unwrap();
    assert!(!db.is_program_admin(id, admin).await.unwrap());
    assert!(db.is_program_admin(id, other).await.unwrap());
    db.set_program_admins(id, &[admin]).await.unwrap();

    // Drafts are listed only for those who may see them.
    assert!(db.programs(false).await.unwrap().is_empty());
    assert_eq!(db.programs(true).await.unwrap().len(), 1);

    assert!(db
        .update_program(id, &spec("Spring circles 2027"))
        .await
        .unwrap());
    assert_eq!(
        db.program(id).await.unwrap().unwrap().name,
        "Spring circles 2027"
    );

    // A move succeeds only from the state the caller saw.
    assert!(db
        .set_program_state(id, ProgramState::Draft, ProgramState::Enrolling)
        .await
        .unwrap());
    assert!(!db
        .set_program_state(id, ProgramState::Draft, ProgramState::Enrolling)
        .await
        .unwrap());
    assert_eq!(
        db.program(id).await.unwrap().unwrap().state,
        ProgramState::Enrolling
    );
    assert_eq!(db.programs(false).await.unwrap().len(), 1);
}

async fn surveys_start_with_defaults_and_keep_their_order(db: &Db) {
    use app::domain::{MatchRule, QuestionInput, QuestionKind};
    let admin = add(db, "sam@example.com", "Sam Carter", Role::ProgramAdmin).await;
    let id = db.create_program(&spec("Circles"), admin).await.unwrap();
    let qs = db.questions(id).await.unwrap();
    assert_eq!(qs.len(), 7, "the default survey");
    let (offer, grow) = (&qs[0], &qs[1]);
    assert_eq!(grow.rule, MatchRule::Complementary);
    assert_eq!(grow.complements, Some(offer.id), "grow meets offer");
    assert_eq!(offer.options, grow.options);

    let office_spec = QuestionInput {
        prompt: "Which office?".into(),
        kind: "single".into(),
        options: "Lisbon\nBerlin".into(),
        rule: "different".into(),
        weight: "4".into(),
        required: Some("on".into()),
        ..Default::default()
    }
    .parse(&qs, &[])
    .unwrap();
    let office = db.add_question(id, &office_spec).await.unwrap();
    let qs = db.questions(id).await.unwrap();
    let last = qs.last().unwrap();
    assert_eq!(
        (last.id, last.kind, last.weight, last.required),
        (office, QuestionKind::Single, 4, true)
    );
    assert_eq!(last.options[1].id, "berlin");

    // Moving up swaps neighbours; the first cannot move further up.
    assert!(db.move_question(id, office, true).await.unwrap());
    let order: Vec<i64> = db
        .questions(id)
        .await
        .unwrap()
        .iter()
        .map(|q| q.id)
        .collect();
    assert_eq!(order[6], office);
    assert!(!db.move_question(id, order[0], true).await.unwrap());

    let mut edited = office_spec.clone();
    edited.prompt = "Which office are you in?".into();
    assert!(db.update_question(id, office, &edited).await.unwrap());
    let other_program = db.create_program(&spec("Other"), admin).await.unwrap();
    assert!(
        !db.update_question(other_program, office, &edited)
            .await
            .unwrap(),
        "questions belong to one program"
    );
    assert_eq!(
        db.questions(id)
            .await
            .unwrap()
            .iter()
            .find(|q| q.id == office)
            .unwrap()
            .prompt,
        "Which office are you in?"
    );

    // Removing the question another one meets turns that one off instead of leaving it dangling.
    assert!(db.delete_question(id, offer.id).await.unwrap());
    let qs = db.questions(id).await.unwrap();
    assert_eq!(qs.len(), 7);
    let grow = qs.iter().find(|q| q.id == grow.id).unwrap();
    assert_eq!((grow.rule, grow.complements), (MatchRule::NotUsed, None));
}

async fn enrollments_keep_answers_partners_and_status(db: &Db) {
    use app::domain::{Answer, Answers, EnrollmentRole, EnrollmentStatus};
    use app::ssr::storage::EnrollmentWrite;
    let admin = add(db, "sam@example.com", "Sam Carter", Role::ProgramAdmin).await;
    let ana = add(db, "ana@example.com", "Ana Lopez", Role::Participant).await;
    let bo = add(db, "bo@example.com", "Bo Chen", Role::Participant).await;
    let cy = add(db, "cy@example.com", "Cy Diaz", Role::Participant).await;
    let id = db.create_program(&spec("Circles"), admin).await.unwrap();
    let q = db.questions(id).await.unwrap()[4].id;
    let mut answers = Answers::new();
    answers.insert(q, Answer::Choice("video-call".into()));
    assert!(db.enrollment(id, ana).await.unwrap().is_none());
    db.save_enrollment(
        id,
        ana,
        EnrollmentWrite {
            role: EnrollmentRole::Mentor,
            capacity: 3,
            answers: &answers,
            preferred: &[bo],
            avoid: &[cy],
        },
    )
    .await
    .unwrap();
    let e = db.enrollment(id, ana).await.unwrap().unwrap();
    assert_eq!(
        (e.role, e.capacity, e.status),
        (EnrollmentRole::Mentor, 3, EnrollmentStatus::Active)
    );
    assert_eq!(e.answers, answers);
    assert_eq!(
        db.preferred_partners(id, ana).await.unwrap()[0].name,
        "Bo Chen"
    );
    assert_eq!(
        db.avoid_list(id, ana).await.unwrap()[0].email,
        "cy@example.com"
    );

    // The admins' list and counts: answers and preferred partners, never the avoid list.
    let rows = db.enrollments(id).await.unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].name, "Ana Lopez");
    assert_eq!(
        db.preferred_partner_names(id).await.unwrap(),
        vec![(ana, "Bo Chen".to_string())]
    );

    // Pausing and leaving; saving again rejoins and replaces both lists.
    assert!(db
        .set_enrollment_status(id, ana, EnrollmentStatus::Paused)
        .await
        .unwrap());
    assert!(
        !db.set_enrollment_status(id, bo, EnrollmentStatus::Paused)
            .await
            .unwrap(),
        "Bo never joined"
    );
    let statuses: Vec<EnrollmentStatus> = db
        .enrollments(id)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.enrollment.status)
        .collect();
    assert_eq!(statuses, vec![EnrollmentStatus::Paused]);
    assert!(db
        .set_enrollment_status(id, ana, EnrollmentStatus::Left)
        .await
        .unwrap());
    assert!(
        db.enrollments_of(ana).await.unwrap().is_empty(),
        "left programs are not on the dashboard"
    );
    db.save_enrollment(
        id,
        ana,
        EnrollmentWrite {
            role: EnrollmentRole::Peer,
            capacity: 1,
            answers: &Answers::new(),
            preferred: &[],
            avoid: &[bo, cy],
        },
    )
    .await
    .unwrap();
    assert_eq!(
        db.enrollment(id, ana).await.unwrap().unwrap().status,
        EnrollmentStatus::Active
    );
    assert!(db.preferred_partners(id, ana).await.unwrap().is_empty());
    assert_eq!(db.avoid_list(id, ana).await.unwrap().len(), 2);
    assert_eq!(db.enrollments_of(ana).await.unwrap().len(), 1);

    // Guidelines are read once; reading again changes nothing.
    assert!(!db.guidelines_read(id, ana).await.unwrap());
    db.mark_guidelines_read(id, ana).await.unwrap();
    db.mark_guidelines_read(id, ana).await.unwrap();
    assert!(db.guidelines_read(id, ana).await.unwrap());
    assert!(!db.guidelines_read(id, bo).await.unwrap());
}

async fn people_filter_by_enrollment(db: &Db) {
    use app::domain::{Answers, EnrollmentRole, EnrollmentStatus};
    use app::ssr::storage::EnrollmentWrite;
    let admin = add(db, "sam@example.com", "Sam Carter", Role::ProgramAdmin).await;
    let ana = add(db, "ana@example.com", "Ana Lopez", Role::Participant).await;
    let bo = add(db, "bo@example.com", "Bo Chen", Role::Participant).await;
    let id = db.create_program(&spec("Circles"), admin).await.unwrap();
    for who in [ana, bo] {
        db.save_enrollment(
            id,
            who,
            EnrollmentWrite {
                role: EnrollmentRole::Peer,
                capacity: 1,
                answers: &Answers::new(),
                preferred: &[],
                avoid: &[],
            },
        )
        .await
        .unwrap();
    }
    db.set_enrollment_status(id, bo, EnrollmentStatus::Left)
        .await
        .unwrap();
    let names = |enrolled: Option<bool>| async move {
        db.list_users(&UserFilter {
            enrolled,
            limit: 50,
            ..Default::default()
        })
        .await
        .unwrap()
        .0
        .into_iter()
        .map(|u| u.name)
        .collect::<Vec<_>>()
    };
    assert_eq!(names(Some(true)).await, vec!["Ana Lopez"]);
    assert_eq!(names(Some(false)).await, vec!["Bo Chen", "Sam Carter"]);
    assert_eq!(names(None).await.len(), 3);
}

async fn rounds_are_drafted_adjusted_and_published(db: &Db) {
    use app::matching::{MatchGroup, MatchResult, PairScore, Unmatched};
    use app::models::{Explanation, Quality};
    let admin = add(db, "sam@example.com", "Sam Carter", Role::ProgramAdmin).await;
    let ana = add(db, "ana@example.com", "Ana Lopez", Role::Participant).await;
    let bo = add(db, "bo@example.com", "Bo Chen", Role::Participant).await;
    let cy = add(db, "cy@example.com", "Cy Diaz", Role::Participant).await;
    let id = db.create_program(&spec("Circles"), admin).await.unwrap();
    let result = |pairs: Vec<(i64, i64)>, alone: Vec<i64>| MatchResult {
        groups: pairs
            .iter()
            .map(|&(a, b)| MatchGroup {
                members: vec![a, b],
                mentor: None,
                score: 42,
                locked: false,
                pairs: vec![PairScore {
                    a,
                    b,
                    explanation: Explanation {
                        score: 42,
                        parts: vec![],
                        highlights: vec!["You both chose SQL".into()],
                    },
                }],
            })
            .collect(),
        unmatched: alone
            .iter()
            .map(|&id| Unmatched {
                id,
                reason: "odd one out".into(),
            })
            .collect(),
        total_score: 42 * pairs.len() as i64,
        upper_bound: 100,
        exact: true,
        quality: Quality {
            participants: 3,
            matched: 2,
            ..Default::default()
        },
        refused_locks: Vec::new(),
    };
    let first = db
        .save_draft_round(id, 7, &result(vec![(ana, bo)], vec![cy]))
        .await
        .unwrap();
    // Re-running replaces the draft's groups but keeps the round and its adjustments.
    db.set_round_rule(first, cy, ana, PairRule::Lock, &[])
        .await
        .unwrap();
    db.set_round_rule(first, ana, cy, PairRule::Forbid, &[])
        .await
        .unwrap();
    assert_eq!(
        db.round_rules(first).await.unwrap(),
        vec![(ana.min(cy), ana.max(cy), PairRule::Forbid)]
    );
    let again = db
        .save_draft_round(id, 7, &result(vec![(ana, cy)], vec![bo]))
        .await
        .unwrap();
    assert_eq!(again, first);
    let rounds = db.rounds(id).await.unwrap();
    assert_eq!(rounds.len(), 1);
    assert_eq!(
        (rounds[0].number, rounds[0].published, rounds[0].seed),
        (1, false, 7)
    );
    assert_eq!(rounds[0].unmatched, vec![(bo, "odd one out".to_string())]);
    let groups = db.round_groups(first).await.unwrap();
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0].members, vec![ana.min(cy), ana.max(cy)]);
    assert_eq!(
        groups[0].pairs[0].explanation.highlights,
        vec!["You both chose SQL"]
    );

    // Nothing counts as history or shows as a match until published, and only once.
    assert!(db.published_groups(id).await.unwrap().is_empty());
    assert!(db.my_groups(id, ana).await.unwrap().is_none());
    assert!(db.publish_round(first, &[]).await.unwrap());
    assert!(!db.publish_round(first, &[]).await.unwrap());
    assert_eq!(
        db.published_groups(id).await.unwrap(),
        vec![vec![vec![ana.min(cy), ana.max(cy)]]]
    );
    let (number, mine) = db.my_groups(id, cy).await.unwrap().unwrap();
    assert_eq!(
        (number, mine.len(), mine[0].members.contains(&ana)),
        (1, 1, true)
    );

    // The next draft is round 2; a newer published round without Bo means no match for him.
    let second = db
        .save_draft_round(id, 8, &result(vec![(ana, bo)], vec![cy]))
        .await
        .unwrap();
    assert_ne!(second, first);
    assert!(
        db.my_groups(id, bo).await.unwrap().is_none(),
        "drafts are not matches"
    );
    db.publish_round(second, &[]).await.unwrap();
    assert_eq!(db.my_groups(id, bo).await.unwrap().unwrap().0, 2);
    assert!(
        db.my_groups(id, cy).await.unwrap().is_none(),
        "unmatched in the newest round"
    );
    assert_eq!(db.published_groups(id).await.unwrap().len(), 2);
}

/// The dashboard's reads ask for all of someone's programs at once; each answers as its
/// one-program counterpart does for every program.
async fn the_dashboard_asks_for_every_program_at_once(db: &Db) {
    use app::domain::{Answers, EnrollmentRole, EnrollmentStatus, ProgramState};
    use app::ssr::storage::{EnrollmentWrite, NewPairSession};
    let admin = add(db, "sam@example.com", "Sam Carter", Role::ProgramAdmin).await;
    let ana = add(db, "ana@example.com", "Ana Lopez", Role::Participant).await;
    let bo = add(db, "bo@example.com", "Bo Chen", Role::Participant).await;
    let cy = add(db, "cy@example.com", "Cy Diaz", Role::Participant).await;
    let circles = db.create_program(&spec("Circles"), admin).await.unwrap();
    // Peers starts a week earlier: joined programs are listed by start date.
    let peers = db
        .create_program(
            &app::domain::ProgramInput {
                name: "Peers".into(),
                format: "circles".into(),
                group_size: "5".into(),
                enrollment_opens_on: "2027-01-04".into(),
                enrollment_closes_on: "2027-01-22".into(),
                starts_on: "2027-01-25".into(),
                ends_on: "2027-07-30".into(),
                ..Default::default()
            }
            .parse()
            .unwrap(),
            admin,
        )
        .await
        .unwrap();
    let open = db.create_program(&spec("Open"), admin).await.unwrap();
    let kept = db.create_program(&spec("Kept goals"), admin).await.unwrap();
    let _draft = db.create_program(&spec("Draft"), admin).await.unwrap();
    for p in [circles, peers, open, kept] {
        assert!(db
            .set_program_state(p, ProgramState::Draft, ProgramState::Enrolling)
            .await
            .unwrap());
    }
    for (p, who) in [(circles, ana), (peers, ana), (circles, bo), (peers, cy)] {
        let answers = Answers::new();
        let write = EnrollmentWrite {
            role: EnrollmentRole::Peer,
            capacity: 1,
            answers: &answers,
            preferred: &[],
            avoid: &[],
        };
        db.save_enrollment(p, who, write).await.unwrap();
    }
    let sorted = |mut ids: Vec<i64>| {
        ids.sort_unstable();
        ids
    };

    // Programs open for enrollment and those joined, newest start first, each as the
    // one-program reads give it; never a draft.
    let listed = db.dashboard_programs(ana).await.unwrap();
    assert_eq!(
        sorted(listed.iter().map(|p| p.program.id).collect()),
        sorted(vec![circles, peers, open, kept])
    );
    let starts: Vec<(String, i64)> = listed
        .iter()
        .map(|p| (p.program.starts_on.clone(), p.program.id))
        .collect();
    let mut newest_first = starts.clone();
    newest_first.sort_by(|a, b| b.cmp(a));
    assert_eq!(starts, newest_first);
    for p in &listed {
        assert_eq!(
            Some(&p.program),
            db.program(p.program.id).await.unwrap().as_ref()
        );
        assert_eq!(
            p.enrollment,
            db.enrollment(p.program.id, ana).await.unwrap(),
            "{}",
            p.program.name
        );
    }
    assert!(listed.iter().all(|p| !p.guidelines_read && !p.booked));

    // Each joined program's survey, in its order.
    let mut surveys = Vec::new();
    for p in sorted(vec![circles, peers]) {
        for q in db.questions(p).await.unwrap() {
            surveys.push((p, q));
        }
    }
    assert!(!surveys.is_empty());
    assert_eq!(db.questions_of_joined(ana).await.unwrap(), surveys);
    // A program left is not read again.
    let answers = Answers::new();
    let write = EnrollmentWrite {
        role: EnrollmentRole::Peer,
        capacity: 1,
        answers: &answers,
        preferred: &[],
        avoid: &[],
    };
    db.save_enrollment(open, ana, write).await.unwrap();
    assert!(db
        .set_enrollment_status(open, ana, EnrollmentStatus::Left)
        .await
        .unwrap());
    assert_eq!(db.questions_of_joined(ana).await.unwrap(), surveys);
    // A program left is open to join again: listed, without an enrollment.
    let again = db.dashboard_programs(ana).await.unwrap();
    assert!(again
        .iter()
        .any(|p| p.program.id == open && p.enrollment.is_none()));

    db.mark_guidelines_read(peers, ana).await.unwrap();
    assert_eq!(
        dashboard_facts(db, ana).await,
        vec![(peers, true, false, false)]
    );
    assert!(dashboard_facts(db, bo).await.is_empty());

    // Groups and partners in each program's newest published round.
    let first = db.publish_pairs(circles, &[(ana, bo)]).await.unwrap();
    db.publish_pairs(peers, &[(ana, cy)]).await.unwrap();
    let everywhere = db.my_groups_everywhere(ana).await.unwrap();
    assert_eq!(
        everywhere.iter().map(|(p, _, _)| *p).collect::<Vec<_>>(),
        sorted(vec![circles, peers])
    );
    for (p, number, groups) in everywhere {
        assert_eq!(Some((number, groups)), db.my_groups(p, ana).await.unwrap());
    }
    assert_eq!(partners(db, ana).await, sorted(vec![circles, peers]));
    // A newer round of Peers leaves Ana out: no group there, no partner.
    db.publish_pairs(peers, &[(cy, bo)]).await.unwrap();
    assert_eq!(
        db.my_groups_everywhere(ana)
            .await
            .unwrap()
            .iter()
            .map(|(p, n, _)| (*p, *n))
            .collect::<Vec<_>>(),
        vec![(circles, 1)]
    );
    assert_eq!(partners(db, ana).await, vec![circles]);
    assert_eq!(partners(db, cy).await, vec![peers]);

    // A booked first meeting, and a request for a new match.
    let group_no = db.round_groups(first).await.unwrap()[0].group_no;
    let session = db
        .create_session(
            &NewPairSession {
                program_id: circles,
                round_id: first,
                group_no,
                proposed_by: ana,
                starts_at: now() + 86_400,
                ends_at: now() + 86_400 + 2_700,
                time_zone: "Europe/Lisbon".into(),
                place: "Café".into(),
                video_url: String::new(),
                agenda: vec![],
                replaces: None,
            },
            &[],
        )
        .await
        .unwrap();
    assert_eq!(
        dashboard_facts(db, ana).await,
        vec![(peers, true, false, false)]
    );
    assert!(db
        .set_session_state(
            session,
            PairSessionState::Proposed,
            PairSessionState::Accepted,
            &[]
        )
        .await
        .unwrap());
    assert_eq!(
        dashboard_facts(db, ana).await,
        vec![(circles, false, true, false), (peers, true, false, false)]
    );
    assert_eq!(
        dashboard_facts(db, bo).await,
        vec![(circles, false, true, false)]
    );
    assert!(dashboard_facts(db, cy).await.is_empty());
    assert!(db
        .request_reassignment(circles, first, ana, "We work opposite shifts.", &[])
        .await
        .unwrap()
        .is_some());
    assert_eq!(
        dashboard_facts(db, ana).await,
        vec![(circles, false, true, true), (peers, true, false, false)]
    );
    assert_eq!(
        dashboard_facts(db, bo).await,
        vec![(circles, false, true, false)]
    );

    // Goal boards: joined programs by start date, then others with goals, each once.
    db.create_goal(ana, kept, &goal("Elsewhere", "private"))
        .await
        .unwrap();
    db.create_goal(ana, circles, &goal("Here", "private"))
        .await
        .unwrap();
    assert_eq!(
        db.board_programs(ana).await.unwrap(),
        vec![
            (peers, "Peers".to_string()),
            (circles, "Circles".to_string()),
            (kept, "Kept goals".to_string()),
        ]
    );
}

/// The programs where `user` has someone to meet, from their groups everywhere.
async fn partners(db: &Db, user: i64) -> Vec<i64> {
    app::ssr::rounds::partner_programs(user, &db.my_groups_everywhere(user).await.unwrap())
}

/// The programs where the dashboard shows `user` something done or asked: (program,
/// guidelines read, first meeting booked, new match asked for), by program.
async fn dashboard_facts(db: &Db, user: i64) -> Vec<(i64, bool, bool, bool)> {
    let mut facts: Vec<(i64, bool, bool, bool)> = db
        .dashboard_programs(user)
        .await
        .unwrap()
        .into_iter()
        .filter(|p| p.guidelines_read || p.booked || p.reassignment_pending)
        .map(|p| {
            (
                p.program.id,
                p.guidelines_read,
                p.booked,
                p.reassignment_pending,
            )
        })
        .collect();
    facts.sort_unstable();
    facts
}

async fn event_with(db: &Db, capacity: Option<i64>, deadline: Option<i64>) -> i64 {
    db.create_event(&NewEvent {
        title: "Mentor Connect coffee".into(),
        description: "Bring a question.".into(),
        kind: EventKind::MentorConnect,
        starts_at: now() + 86_400,
        ends_at: now() + 86_400 + 3_600,
        time_zone: "Europe/Lisbon".into(),
        place: "Lisbon office, 3rd floor".into(),
        video_url: String::new(),
        capacity: capacity.map(|c| Capacity::try_from(c).unwrap()),
        rsvp_deadline: deadline,
        host_id: None,
        programs: Vec::new(),
        created_by: None,
        draw: None,
    })
    .await
    .unwrap()
}

fn recorded(state: RsvpState, position: Option<i64>, promoted: Option<i64>) -> RsvpOutcome {
    RsvpOutcome::Recorded {
        state,
        position,
        promoted,
    }
}

async fn rsvps_fill_seats_then_the_waitlist_and_promote_on_cancel(db: &Db) {
    let event = event_with(db, Some(2), None).await;
    let stored = db.event(event).await.unwrap().unwrap();
    assert_eq!(stored.capacity, Some(2));
    assert_eq!(stored.kind, "mentor_connect");
    assert_eq!(stored.time_zone, "Europe/Lisbon");
    let mut people = Vec::new();
    for (k, name) in ["Ana", "Ben", "Caro", "Dev"].iter().enumerate() {
        people.push(add(db, &format!("p{k}@example.com"), name, Role::Participant).await);
    }
    let [ana, ben, caro, dev] = people[..] else {
        unreachable!()
    };
    let going = RsvpState::Going;
    let waiting = RsvpState::Waitlisted;
    assert_eq!(
        db.answer_rsvp(event, ana, true).await.unwrap(),
        recorded(going, None, None)
    );
    assert_eq!(
        db.answer_rsvp(event, ben, true).await.unwrap(),
        recorded(going, None, None)
    );
    assert_eq!(
        db.answer_rsvp(event, caro, true).await.unwrap(),
        recorded(waiting, Some(1), None)
    );
    assert_eq!(
        db.answer_rsvp(event, dev, true).await.unwrap(),
        recorded(waiting, Some(2), None)
    );
    // A second tap changes nothing: Ana keeps her seat, Dev his place in the queue.
    assert_eq!(
        db.answer_rsvp(event, ana, true).await.unwrap(),
        recorded(going, None, None)
    );
    assert_eq!(
        db.answer_rsvp(event, dev, true).await.unwrap(),
        recorded(waiting, Some(2), None)
    );

    let standing = db.rsvp_standing(event, dev).await.unwrap().unwrap();
    assert_eq!(
        (standing.state.as_str(), standing.position, standing.going),
        ("waitlisted", 2, 2)
    );
    assert_eq!(db.rsvp_standing(event, 999_999).await.unwrap(), None);

    // Ben gives his seat back: Caro, first in line, takes it in the same transaction.
    assert_eq!(
        db.answer_rsvp(event, ben, false).await.unwrap(),
        recorded(RsvpState::Declined, None, Some(caro))
    );
    assert_eq!(
        db.rsvp_counts(event).await.unwrap(),
        RsvpCounts {
            entered: 0,
            going: 2,
            waitlisted: 1,
            declined: 1
        }
    );
    let list = db.rsvps(event).await.unwrap();
    let names: Vec<(&str, &str)> = list
        .iter()
        .map(|r| (r.name.as_str(), r.state.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            ("Ana", "going"),
            ("Caro", "going"),
            ("Dev", "waitlisted"),
            ("Ben", "declined")
        ]
    );
    // Someone on the waitlist leaving frees no seat.
    assert_eq!(
        db.answer_rsvp(event, dev, false).await.unwrap(),
        recorded(RsvpState::Declined, None, None)
    );
    // Ben changes his mind: a seat is free again only after Ana leaves.
    assert_eq!(
        db.answer_rsvp(event, ben, true).await.unwrap(),
        recorded(waiting, Some(1), None)
    );
    assert_eq!(
        db.answer_rsvp(event, ana, false).await.unwrap(),
        recorded(RsvpState::Declined, None, Some(ben))
    );

    assert!(db.cancel_event(event).await.unwrap());
    assert!(!db.cancel_event(event).await.unwrap());
    let cancelled = db.event(event).await.unwrap().unwrap();
    assert_eq!(
        (cancelled.state.as_str(), cancelled.sequence),
        ("cancelled", 1)
    );
    assert_eq!(
        db.answer_rsvp(event, dev, true).await.unwrap(),
        RsvpOutcome::Refused(RsvpRefusal::Cancelled)
    );
    assert_eq!(
        db.answer_rsvp(event + 1000, dev, true).await.unwrap(),
        RsvpOutcome::Refused(RsvpRefusal::NoSuchEvent)
    );
    let closed = event_with(db, None, Some(now() - 60)).await;
    assert_eq!(
        db.answer_rsvp(closed, dev, true).await.unwrap(),
        RsvpOutcome::Refused(RsvpRefusal::DeadlinePassed)
    );
    let unlimited = event_with(db, None, Some(now() + 3_600)).await;
    for person in &people {
        assert_eq!(
            db.answer_rsvp(unlimited, *person, true).await.unwrap(),
            recorded(going, None, None)
        );
    }
    // The events page lists the cancelled event with the rest; the dashboard's short list of
    // meetups to go to leaves it out, and its limit counts only the events it shows.
    let listed = |span: EventSpan, limit: i64| async move {
        db.events_for(dev, true, now(), span, limit)
            .await
            .unwrap()
            .iter()
            .map(|e| e.id)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        listed(EventSpan::Upcoming, 10).await,
        vec![event, closed, unlimited]
    );
    assert_eq!(listed(EventSpan::Open, 10).await, vec![closed, unlimited]);
    assert_eq!(listed(EventSpan::Open, 1).await, vec![closed]);
    assert!(listed(EventSpan::Past, 10).await.is_empty());
}

async fn concurrent_rsvps_never_exceed_capacity(db: &Db) {
    let event = event_with(db, Some(20), None).await;
    let mut people = Vec::new();
    for k in 0..120 {
        people.push(
            add(
                db,
                &format!("rush{k}@example.com"),
                &format!("Rush {k}"),
                Role::Participant,
            )
            .await,
        );
    }
    let answers = people.iter().map(|&person| {
        let db = db.clone();
        tokio::spawn(async move { db.answer_rsvp(event, person, true).await.unwrap() })
    });
    let mut seated = 0;
    let mut positions = Vec::new();
    for answer in answers.collect::<Vec<_>>() {
        match answer.await.unwrap() {
            RsvpOutcome::Recorded {
                state: RsvpState::Going,
                ..
            } => seated += 1,
            RsvpOutcome::Recorded {
                state: RsvpState::Waitlisted,
                position: Some(p),
                ..
            } => positions.push(p),
            other => panic!("unexpected answer {other:?}"),
        }
    }
    assert_eq!(seated, 20);
    positions.sort_unstable();
    assert_eq!(
        positions,
        (1..=100).collect::<Vec<i64>>(),
        "one place in line each"
    );
    assert_eq!(
        db.rsvp_counts(event).await.unwrap(),
        RsvpCounts {
            entered: 0,
            going: 20,
            waitlisted: 100,
            declined: 0
        }
    );
    // Twenty leave at once: the first twenty in line take their seats, never more.
    let seated_people: Vec<i64> = db
        .rsvps(event)
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.state == "going")
        .map(|r| r.user_id)
        .collect();
    let leaving = seated_people.into_iter().map(|person| {
        let db = db.clone();
        tokio::spawn(async move { db.answer_rsvp(event, person, false).await.unwrap() })
    });
    for left in leaving.collect::<Vec<_>>() {
        assert!(matches!(
            left.await.unwrap(),
            RsvpOutcome::Recorded {
                promoted: Some(_),
                ..
            }
        ));
    }
    assert_eq!(
        db.rsvp_counts(event).await.unwrap(),
        RsvpCounts {
            entered: 0,
            going: 20,
            waitlisted: 80,
            declined: 20
        }
    );
}

async fn rsvp_link_generations_start_at_zero_and_revoke(db: &Db) {
    let event = event_with(db, Some(5), None).await;
    let ana = add(db, "ana@example.com", "Ana", Role::Participant).await;
    assert_eq!(db.current_link_generation(event, ana).await.unwrap(), None);
    assert_eq!(db.link_generation(event, ana, false).await.unwrap(), 0);
    assert_eq!(db.link_generation(event, ana, false).await.unwrap(), 0);
    let list = db.rsvps(event).await.unwrap();
    assert_eq!(list[0].state, "invited");
    assert_eq!(db.rsvp_counts(event).await.unwrap(), RsvpCounts::default());
    assert_eq!(db.link_generation(event, ana, true).await.unwrap(), 1);
    assert_eq!(
        db.current_link_generation(event, ana)
            .await
            .unwrap()
            .map(|s| s.generation),
        Some(1)
    );
    // Answering keeps the generation.
    db.answer_rsvp(event, ana, true).await.unwrap();
    assert_eq!(
        db.current_link_generation(event, ana)
            .await
            .unwrap()
            .map(|s| s.generation),
        Some(1)
    );
}

async fn exec_encounter(db: &Db, seats: i64) -> i64 {
    db.create_event(&NewEvent {
        title: "Exec Encounter: lunch with the CTO".into(),
        description: String::new(),
        kind: EventKind::ExecEncounter,
        starts_at: now() + 86_400,
        ends_at: now() + 90_000,
        time_zone: "Europe/Lisbon".into(),
        place: "Boardroom".into(),
        video_url: String::new(),
        capacity: Some(Capacity::try_from(seats).unwrap()),
        rsvp_deadline: None,
        host_id: None,
        programs: Vec::new(),
        created_by: None,
        draw: None,
    })
    .await
    .unwrap()
}

async fn exec_encounters_draw_seats_fairly_and_remember_who_lost(db: &Db) {
    let first = exec_encounter(db, 2).await;
    let mut people = Vec::new();
    for k in 0..5 {
        people.push(
            add(
                db,
                &format!("e{k}@example.com"),
                &format!("Entrant {k}"),
                Role::Participant,
            )
            .await,
        );
    }
    for &p in &people {
        assert!(matches!(
            db.answer_rsvp(first, p, true).await.unwrap(),
            RsvpOutcome::Recorded {
                state: RsvpState::Entered,
                ..
            }
        ));
    }
    let counts = db.rsvp_counts(first).await.unwrap();
    assert_eq!(
        (counts.entered, counts.going),
        (5, 0),
        "no seats before the draw"
    );

    let draw = db.hold_draw(first, 7, people[0]).await.unwrap().unwrap();
    assert!(
        db.hold_draw(first, 8, people[0]).await.unwrap().is_none(),
        "a draw is held once"
    );
    assert_eq!(db.draw_of(first).await.unwrap(), Some(draw.clone()));
    // Anyone can repeat the draw from its seed.
    let entrants: Vec<Entrant> = people
        .iter()
        .map(|&user_id| Entrant {
            user_id,
            priority: false,
        })
        .collect();
    assert_eq!(draw.drawn, draw_order(&entrants, 7));
    let states: Vec<(i64, RsvpState)> = db
        .rsvps(first)
        .await
        .unwrap()
        .into_iter()
        .map(|r| (r.user_id, r.state))
        .collect();
    for (rank, user) in draw.drawn.iter().enumerate() {
        let state = &states.iter().find(|(u, _)| u == user).unwrap().1;
        assert_eq!(
            *state,
            if rank < 2 { "going" } else { "waitlisted" },
            "rank {rank}"
        );
    }
    // After the draw, a freed seat goes down the drawn order.
    assert_eq!(
        db.answer_rsvp(first, draw.drawn[0], false).await.unwrap(),
        RsvpOutcome::Recorded {
            state: RsvpState::Declined,
            position: None,
            promoted: Some(draw.drawn[2])
        }
    );

    // Next time, the two still waiting come first, whatever the seed.
    let second = exec_encounter(db, 2).await;
    let passed_over = [draw.drawn[3], draw.drawn[4]];
    for &p in &people {
        db.answer_rsvp(second, p, true).await.unwrap();
    }
    let again = db.hold_draw(second, 99, people[0]).await.unwrap().unwrap();
    let mut winners = again.drawn[..2].to_vec();
    winners.sort_unstable();
    let mut expected = passed_over.to_vec();
    expected.sort_unstable();
    assert_eq!(winners, expected);
    assert_eq!(again.priority, expected, "and the draw says so");

    // Priority lasts one draw: in the third, only those passed over in the second come first.
    let third = exec_encounter(db, 2).await;
    for &p in &people {
        db.answer_rsvp(third, p, true).await.unwrap();
    }
    let last = db.hold_draw(third, 3, people[0]).await.unwrap().unwrap();
    let mut lost_second = again.drawn[2..].to_vec();
    lost_second.sort_unstable();
    assert_eq!(last.priority, lost_second);
    assert!(
        passed_over.iter().all(|p| !last.priority.contains(p)),
        "the first draw's losers won the second and have no priority left"
    );
    let entrants: Vec<Entrant> = people
        .iter()
        .map(|&user_id| Entrant {
            user_id,
            priority: lost_second.contains(&user_id),
        })
        .collect();
    assert_eq!(last.drawn, draw_order(&entrants, 3));
}

fn goal(title: &str, visibility: &str) -> app::domain::GoalSpec {
    app::domain::GoalInput {
        title: title.into(),
        category: "skill".into(),
        measure: "metric".into(),
        unit: "demos".into(),
        baseline: "0".into(),
        target: "8".into(),
        direction: "up".into(),
        visibility: visibility.into(),
        ..Default::default()
    }
    .parse(time::macros::date!(2026 - 11 - 25), None)
    .unwrap()
}

fn check_in(value: &str, on: &str) -> app::domain::CheckInSpec {
    app::domain::CheckInInput {
        value: value.into(),
        confidence: "4".into(),
        checked_on: on.into(),
        note: "steady".into(),
        ..Default::default()
    }
    .parse(true, time::macros::date!(2026 - 11 - 25))
    .unwrap()
}

async fn goals_keep_their_board_order(db: &Db) {
    use app::domain::GoalStatus::*;
    let admin = add(db, "sam@example.com", "Sam Carter", Role::ProgramAdmin).await;
    let ana = add(db, "ana@example.com", "Ana Lopez", Role::Participant).await;
    let program = db.create_program(&spec("Peers"), admin).await.unwrap();
    let mut ids = Vec::new();
    for title in ["A", "B", "C", "D"] {
        ids.push(
            db.create_goal(ana, program, &goal(title, "private"))
                .await
                .unwrap(),
        );
    }
    let board = |db: &Db| {
        let db = db.clone();
        async move {
            db.goals_of(ana, program)
                .await
                .unwrap()
                .into_iter()
                .map(|g| (g.status, g.title))
                .collect::<Vec<_>>()
        }
    };
    let col = |rows: &[(GoalStatus, String)], status: &str| -> String {
        rows.iter()
            .filter(|(s, _)| *s == status)
            .map(|(_, t)| t.as_str())
            .collect()
    };
    assert_eq!(col(&board(db).await, "planned"), "ABCD");
    // D to the top of Planned; B into In progress; C before B there; A past the end.
    assert!(db.move_goal(ids[3], Planned, 0).await.unwrap());
    assert_eq!(col(&board(db).await, "planned"), "DABC");
    db.move_goal(ids[1], InProgress, 0).await.unwrap();
    db.move_goal(ids[2], InProgress, 0).await.unwrap();
    db.move_goal(ids[0], InProgress, 99).await.unwrap();
    let rows = board(db).await;
    assert_eq!(
        (
            col(&rows, "planned").as_str(),
            col(&rows, "in_progress").as_str()
        ),
        ("D", "CBA")
    );
    // Within a column: B down one place.
    db.move_goal(ids[1], InProgress, 2).await.unwrap();
    assert_eq!(col(&board(db).await, "in_progress"), "CAB");
    db.move_goal(ids[2], Achieved, 0).await.unwrap();
    let rows = board(db).await;
    assert_eq!(
        (
            col(&rows, "in_progress").as_str(),
            col(&rows, "achieved").as_str()
        ),
        ("AB", "C")
    );
    let positions: Vec<i64> = db
        .goals_of(ana, program)
        .await
        .unwrap()
        .iter()
        .filter(|g| g.status == "in_progress")
        .map(|g| g.position)
        .collect();
    assert_eq!(
        positions,
        vec![0, 1],
        "positions are renumbered without gaps"
    );
    assert!(!db.move_goal(9_999, Achieved, 0).await.unwrap());
}

async fn check_ins_update_progress_and_dropped_goals_refuse_them(db: &Db) {
    use app::ssr::storage::CheckInRefusal;
    let admin = add(db, "sam@example.com", "Sam Carter", Role::ProgramAdmin).await;
    let ana = add(db, "ana@example.com", "Ana Lopez", Role::Participant).await;
    let program = db.create_program(&spec("Peers"), admin).await.unwrap();
    let id = db
        .create_goal(ana, program, &goal("Demos", "match"))
        .await
        .unwrap();
    assert_eq!(db.goal(id).await.unwrap().unwrap().last_value, None);
    db.add_check_in(id, &check_in("2", "2026-11-10"))
        .await
        .unwrap()
        .unwrap();
    let g = db.goal(id).await.unwrap().unwrap();
    assert_eq!(
        (g.status.as_str(), g.last_value),
        ("in_progress", Some(2_000)),
        "a first check-in starts the goal"
    );
    // A back-dated check-in joins the history but is not the newest value.
    db.add_check_in(id, &check_in("5.5", "2026-11-20"))
        .await
        .unwrap()
        .unwrap();
    db.add_check_in(id, &check_in("1", "2026-11-01"))
        .await
        .unwrap()
        .unwrap();
    let g = db.goal(id).await.unwrap().unwrap();
    assert_eq!(g.last_value, Some(5_500));
    let history: Vec<(String, i64)> = db
        .check_ins(id)
        .await
        .unwrap()
        .into_iter()
        .map(|c| (c.checked_on, c.value))
        .collect();
    assert_eq!(
        history,
        vec![
            ("2026-11-01".to_string(), 1_000),
            ("2026-11-10".to_string(), 2_000),
            ("2026-11-20".to_string(), 5_500)
        ]
    );
    let nov_20 = time::macros::date!(2026 - 11 - 20)
        .midnight()
        .assume_utc()
        .unix_timestamp();
    assert_eq!(g.last_check_in_at, Some(nov_20));

    db.move_goal(id, app::domain::GoalStatus::Dropped, 0)
        .await
        .unwrap();
    assert_eq!(
        db.add_check_in(id, &check_in("6", "2026-11-21"))
            .await
            .unwrap(),
        Err(CheckInRefusal::Dropped)
    );
    assert_eq!(db.check_ins(id).await.unwrap().len(), 3, "nothing saved");
    assert_eq!(
        db.add_check_in(9_999, &check_in("6", "2026-11-21"))
            .await
            .unwrap(),
        Err(CheckInRefusal::NoSuchGoal)
    );

    // Milestones: a check-in ticks exactly the ones named; its value is how many.
    let mut spec = goal("Ship the guide", "private");
    spec.measure =
        app::domain::Measure::Milestones(vec!["Draft".into(), "Review".into(), "Ship".into()]);
    let m = db.create_goal(ana, program, &spec).await.unwrap();
    let steps = db.milestones(m).await.unwrap();
    assert_eq!(
        steps.iter().map(|s| s.title.as_str()).collect::<Vec<_>>(),
        ["Draft", "Review", "Ship"]
    );
    let mut ticks = check_in("0", "2026-11-24");
    ticks.value = None;
    ticks.done = vec![steps[0].id, steps[1].id];
    db.add_check_in(m, &ticks).await.unwrap().unwrap();
    let g = db.goal(m).await.unwrap().unwrap();
    assert_eq!(
        (g.milestones_done, g.milestones_total, g.last_value),
        (2, 3, Some(2_000))
    );
    ticks.done = vec![steps[1].id];
    db.add_check_in(m, &ticks).await.unwrap().unwrap();
    assert_eq!(
        db.goal(m).await.unwrap().unwrap().milestones_done,
        1,
        "an unticked milestone is undone"
    );
    // Rewording keeps the ticks of unchanged milestones.
    spec.measure =
        app::domain::Measure::Milestones(vec!["Plan".into(), "Review".into(), "Ship".into()]);
    db.update_goal(m, &spec).await.unwrap();
    let after: Vec<(String, i64)> = db
        .milestones(m)
        .await
        .unwrap()
        .into_iter()
        .map(|s| (s.title, s.done))
        .collect();
    assert_eq!(
        after,
        vec![("Plan".into(), 0), ("Review".into(), 1), ("Ship".into(), 0)]
    );
}

async fn goal_sharing_and_admin_counts_leave_private_goals_out(db: &Db) {
    use app::domain::Visibility;
    let admin = add(db, "sam@example.com", "Sam Carter", Role::ProgramAdmin).await;
    let ana = add(db, "ana@example.com", "Ana Lopez", Role::Participant).await;
    let bo = add(db, "bo@example.com", "Bo Chen", Role::Participant).await;
    let program = db.create_program(&spec("Peers"), admin).await.unwrap();
    let other = db.create_program(&spec("Other"), admin).await.unwrap();
    db.create_goal(ana, program, &goal("Private", "private"))
        .await
        .unwrap();
    db.create_goal(ana, program, &goal("Partner", "match"))
        .await
        .unwrap();
    let admins = db
        .create_goal(ana, program, &goal("Admins", "match_admins"))
        .await
        .unwrap();
    db.create_goal(bo, program, &goal("Bo's", "match_admins"))
        .await
        .unwrap();
    db.create_goal(ana, other, &goal("Elsewhere", "match_admins"))
        .await
        .unwrap();
    let titles = |rows: Vec<app::ssr::storage::GoalRow>| {
        rows.into_iter().map(|g| g.title).collect::<Vec<_>>()
    };
    assert_eq!(
        titles(
            db.shared_goals(program, &[ana], Visibility::Match)
                .await
                .unwrap()
        ),
        ["Partner", "Admins"]
    );
    assert_eq!(
        titles(
            db.shared_goals(program, &[ana], Visibility::MatchAdmins)
                .await
                .unwrap()
        ),
        ["Admins"]
    );
    assert_eq!(
        titles(
            db.shared_goals(program, &[ana, bo], Visibility::MatchAdmins)
                .await
                .unwrap()
        ),
        ["Admins", "Bo's"]
    );
    assert!(db
        .shared_goals(program, &[], Visibility::Match)
        .await
        .unwrap()
        .is_empty());
    db.move_goal(admins, app::domain::GoalStatus::Achieved, 0)
        .await
        .unwrap();
    assert_eq!(
        db.admin_goal_counts(program).await.unwrap(),
        vec![(GoalStatus::Achieved, 1), (GoalStatus::Planned, 1)]
    );
    // Comments keep their order and author.
    let g = db.goal(admins).await.unwrap().unwrap().id;
    db.add_goal_comment(g, bo, "Nice work!").await.unwrap();
    db.add_goal_comment(g, ana, "Thanks").await.unwrap();
    let comments: Vec<(String, String)> = db
        .goal_comments(g)
        .await
        .unwrap()
        .into_iter()
        .map(|c| (c.author, c.body))
        .collect();
    assert_eq!(
        comments,
        vec![
            ("Bo Chen".into(), "Nice work!".into()),
            ("Ana Lopez".into(), "Thanks".into())
        ]
    );
}

async fn pair_sessions_are_proposed_answered_recorded_and_rated(db: &Db) {
    use app::ssr::storage::NewPairSession;
    let admin = add(db, "sam@example.com", "Sam Carter", Role::ProgramAdmin).await;
    let ana = add(db, "ana@example.com", "Ana Lopez", Role::Participant).await;
    let bo = add(db, "bo@example.com", "Bo Chen", Role::Participant).await;
    let cy = add(db, "cy@example.com", "Cy Diaz", Role::Participant).await;
    let dee = add(db, "dee@example.com", "Dee Eze", Role::Participant).await;
    let program = db.create_program(&spec("Peers"), admin).await.unwrap();
    let round = db
        .publish_pairs(program, &[(ana, bo), (cy, dee)])
        .await
        .unwrap();
    let groups = db.round_groups(round).await.unwrap();
    let group_no = groups
        .iter()
        .find(|g| g.members.contains(&ana))
        .unwrap()
        .group_no;
    assert!(db.is_group_member(round, group_no, bo).await.unwrap());
    assert!(!db.is_group_member(round, group_no, cy).await.unwrap());
    assert_eq!(
        db.group_members(round, group_no).await.unwrap(),
        vec![ana.min(bo), ana.max(bo)]
    );
    let start = now() + 7 * 86_400;
    let proposal = |by: i64, at: i64, replaces: Option<i64>| NewPairSession {
        program_id: program,
        round_id: round,
        group_no,
        proposed_by: by,
        starts_at: at,
        ends_at: at + 2_700,
        time_zone: "Europe/Lisbon".into(),
        place: "Café".into(),
        video_url: String::new(),
        agenda: vec!["Goals".into(), "Feedback".into()],
        replaces,
    };
    let first = db
        .create_session(&proposal(ana, start, None), &[])
        .await
        .unwrap();
    // Bo answers with another time: the first proposal is replaced and leaves the list.
    let second = db
        .create_session(&proposal(bo, start + 86_400, Some(first)), &[])
        .await
        .unwrap();
    assert_eq!(db.session(first).await.unwrap().unwrap().state, "replaced");
    let listed: Vec<i64> = db
        .group_sessions(round, group_no)
        .await
        .unwrap()
        .iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(listed, vec![second]);
    assert!(db
        .set_session_state(
            second,
            PairSessionState::Proposed,
            PairSessionState::Accepted,
            &[]
        )
        .await
        .unwrap());
    assert!(
        !db.set_session_state(
            second,
            PairSessionState::Proposed,
            PairSessionState::Accepted,
            &[]
        )
        .await
        .unwrap(),
        "a second tap changes nothing"
    );
    let s = db.session(second).await.unwrap().unwrap();
    assert_eq!(
        (s.state.as_str(), s.sequence, s.agenda_items()),
        ("accepted", 1, vec!["Goals".to_string(), "Feedback".into()])
    );
    assert_eq!(db.sessions_of(ana, now()).await.unwrap().len(), 1);
    assert_eq!(db.sessions_of(bo, now()).await.unwrap()[0].id, second);
    assert!(db.sessions_of(cy, now()).await.unwrap().is_empty());

    db.record_session(second, true, "Talked about demos")
        .await
        .unwrap();
    db.save_session_feedback(second, ana, 3, "").await.unwrap();
    db.save_session_feedback(second, ana, 5, "Very useful")
        .await
        .unwrap();
    db.save_session_feedback(second, bo, 4, "").await.unwrap();
    // Only Ana's own answer, the second replacing the first; none for a session she did not rate.
    assert_eq!(
        db.session_feedback_of(&[first, second], ana).await.unwrap(),
        vec![(second, 5, "Very useful".to_string())]
    );
    assert!(db.session_feedback_of(&[], ana).await.unwrap().is_empty());
    let third = db
        .create_session(&proposal(ana, start + 3 * 86_400, None), &[])
        .await
        .unwrap();
    // Members with names for several sessions at once, by session then member.
    let names = db.session_member_names(&[third, second]).await.unwrap();
    let pair = |s: i64| {
        let mut both = vec![(s, ana, "Ana Lopez".to_string()), (s, bo, "Bo Chen".into())];
        both.sort_by_key(|(_, id, _)| *id);
        both
    };
    assert_eq!(names, [pair(second), pair(third)].concat());
    assert_eq!(
        db.program_names(&[program, program + 1_000]).await.unwrap(),
        vec![(program, db.program_name(program).await.unwrap())]
    );
    db.set_session_state(
        third,
        PairSessionState::Proposed,
        PairSessionState::Accepted,
        &[],
    )
    .await
    .unwrap();
    db.record_session(third, false, "").await.unwrap();
    let fourth = db
        .create_session(&proposal(bo, start + 5 * 86_400, None), &[])
        .await
        .unwrap();
    db.set_session_state(
        fourth,
        PairSessionState::Proposed,
        PairSessionState::Accepted,
        &[],
    )
    .await
    .unwrap();
    // The dashboard's one read of sessions: planned ones as `sessions_of` lists them, and
    // accepted ones started and not recorded; the second and third were recorded.
    let dashboard = |at: i64| async move {
        let rows = db.planned_and_unrecorded(ana, at).await.unwrap();
        let planned: Vec<i64> = rows
            .iter()
            .filter(|r| r.planned)
            .map(|r| r.row.id)
            .collect();
        let unrecorded: Vec<i64> = rows
            .iter()
            .filter(|r| r.unrecorded)
            .map(|r| r.row.id)
            .collect();
        let of: Vec<i64> = db
            .sessions_of(ana, at)
            .await
            .unwrap()
            .iter()
            .map(|r| r.id)
            .collect();
        assert_eq!(planned, of);
        (planned, unrecorded)
    };
    assert_eq!(
        dashboard(now()).await,
        (vec![second, third, fourth], vec![])
    );
    // Each with its program's name, and the person's own feedback where they gave some.
    let shown = db.planned_and_unrecorded(ana, now()).await.unwrap();
    let name = db.program_name(program).await.unwrap();
    assert!(shown.iter().all(|s| s.program_name == name));
    assert_eq!(
        shown
            .iter()
            .map(|s| s.my_feedback.clone())
            .collect::<Vec<_>>(),
        vec![Some((5, "Very useful".to_string())), None, None]
    );
    assert_eq!(
        db.planned_and_unrecorded(bo, now()).await.unwrap()[0].my_feedback,
        Some((4, String::new()))
    );
    let under_way = start + 5 * 86_400 + 600;
    assert_eq!(dashboard(under_way).await, (vec![fourth], vec![fourth]));
    assert_eq!(dashboard(start + 6 * 86_400).await, (vec![], vec![fourth]));
    let counts = db.session_counts(program).await.unwrap();
    assert_eq!(
        (
            counts.planned,
            counts.held,
            counts.not_held,
            counts.ratings,
            counts.rating_sum
        ),
        (1, 1, 1, 2, 9)
    );
    assert_eq!(
        db.session_feedback_comments(program).await.unwrap(),
        vec!["Very useful".to_string()]
    );
    assert_eq!((counts.raters, counts.comment_authors), (2, 1));

    // One person rating many sessions is one person: no average, however many ratings.
    let mut held = Vec::new();
    for day in 10..16 {
        let id = db
            .create_session(&proposal(bo, start + day * 86_400, None), &[])
            .await
            .unwrap();
        db.set_session_state(
            id,
            PairSessionState::Proposed,
            PairSessionState::Accepted,
            &[],
        )
        .await
        .unwrap();
        db.record_session(id, true, "").await.unwrap();
        db.save_session_feedback(id, cy, 1, &format!("Comment {day}"))
            .await
            .unwrap();
        held.push(id);
    }
    let counts = db.session_counts(program).await.unwrap();
    assert_eq!(
        (counts.ratings, counts.raters, counts.comment_authors),
        (8, 3, 2)
    );
    assert_eq!(
        app::domain::average_rating(1, 6, 6),
        None,
        "Cy alone rated six times"
    );
    assert!(
        app::domain::readable_comments(
            counts.comment_authors,
            db.session_feedback_comments(program).await.unwrap()
        )
        .is_empty(),
        "seven comments by two people stay hidden"
    );
}

fn resource(kind: &str, title: &str, body: &str, tags: &str) -> app::domain::ResourceInput {
    app::domain::ResourceInput {
        kind: kind.into(),
        title: title.into(),
        body: body.into(),
        items: "Say hello".into(),
        url: "https://example.com/guide".into(),
        tags: tags.into(),
        audience: "everyone".into(),
        ..Default::default()
    }
}

async fn store_resource(
    db: &Db,
    author: i64,
    input: &app::domain::ResourceInput,
    publish: bool,
) -> i64 {
    let spec = input.parse(time::macros::date!(2026 - 11 - 25)).unwrap();
    let id = db
        .create_resource(author, &spec, &app::ssr::resources::text_of(&spec))
        .await
        .unwrap();
    if publish {
        assert!(db
            .set_resource_status(id, app::domain::Publication::Published)
            .await
            .unwrap());
    }
    id
}

fn everyone() -> app::ssr::storage::Readers {
    app::ssr::storage::Readers::Some {
        audiences: vec![],
        programs: vec![],
    }
}

async fn found(db: &Db, words: &str) -> Vec<i64> {
    found_in(db, words, None, None, everyone()).await
}

async fn found_in(
    db: &Db,
    words: &str,
    kind: Option<app::domain::ResourceKind>,
    tag: Option<&str>,
    readers: app::ssr::storage::Readers,
) -> Vec<i64> {
    db.search_resources(&app::ssr::storage::ResourceQuery {
        terms: app::domain::SearchTerms::parse(words).unwrap(),
        kind,
        tag: tag.map(str::to_owned),
        audience: None,
        readers,
        limit: 30,
    })
    .await
    .unwrap()
    .into_iter()
    .map(|h| h.row.id)
    .collect()
}

const FILLER: &str = "Pairs meet every two weeks. Bring one real question and keep the time. \
    Write down what you agreed and check in on your goals before you meet again.";

async fn resource_search_ranks_filters_and_follows_every_write(db: &Db) {
    use app::domain::{ResourceKind, MARK_END, MARK_START};
    let author = add(db, "lead@example.com", "Lena Lead", Role::OrgAdmin).await;
    let in_body = store_resource(
        db,
        author,
        &resource(
            "guide",
            "Meeting well",
            &format!("{FILLER} Ask for feedback after each session. {FILLER}"),
            "sessions",
        ),
        true,
    )
    .await;
    let in_title = store_resource(
        db,
        author,
        &resource("guide", "Feedback that lands", FILLER, "communication"),
        true,
    )
    .await;
    let in_tags = store_resource(
        db,
        author,
        &resource("guide", "Your weekly check-in", FILLER, "feedback, habits"),
        true,
    )
    .await;
    let draft = store_resource(
        db,
        author,
        &resource("guide", "Feedback drafts", FILLER, "feedback"),
        false,
    )
    .await;
    let prompts = store_resource(
        db,
        author,
        &resource(
            "prompt_set",
            "Mentoring prompts",
            "Questions for mentors.",
            "first-session",
        ),
        true,
    )
    .await;

    // Title before tags before body; drafts never.
    assert_eq!(
        found(db, "feedback").await,
        vec![in_title, in_tags, in_body]
    );
    // Every word is a prefix, and words are stemmed: "ment" and "mentoring" both find "Mentoring".
    assert_eq!(found(db, "feedb").await, vec![in_title, in_tags, in_body]);
    assert_eq!(found(db, "mentoring").await, vec![prompts]);
    assert_eq!(found(db, "ment").await, vec![prompts]);
    // All words must match.
    assert_eq!(found(db, "feedback lands").await, vec![in_title]);
    // Quotes and operators are only words.
    assert_eq!(
        found(db, "\"feedback\" OR (lands* NEAR").await,
        Vec::<i64>::new()
    );
    assert_eq!(found(db, "feedback zebra").await, Vec::<i64>::new());
    assert_eq!(
        found(db, "(feedback)").await,
        vec![in_title, in_tags, in_body]
    );

    // The snippet comes from the body, with the match marked.
    let hits = db
        .search_resources(&app::ssr::storage::ResourceQuery {
            terms: app::domain::SearchTerms::parse("feedback").unwrap(),
            kind: None,
            tag: None,
            audience: None,
            readers: everyone(),
            limit: 30,
        })
        .await
        .unwrap();
    let body_hit = hits.iter().find(|h| h.row.id == in_body).unwrap();
    assert!(
        body_hit
            .snippet
            .contains(&format!("{MARK_START}feedback{MARK_END}")),
        "{:?}",
        body_hit.snippet
    );

    // Filters.
    assert_eq!(
        found_in(db, "", Some(ResourceKind::PromptSet), None, everyone()).await,
        vec![prompts]
    );
    assert_eq!(
        found_in(db, "feedback", None, Some("habits"), everyone()).await,
        vec![in_tags]
    );
    // No words: everything published, newest change first.
    assert_eq!(found(db, "").await.len(), 4);

    // Every write reaches the index: an edit, publishing, archiving.
    let spec = resource("guide", "Listening well", FILLER, "communication")
        .parse(time::macros::date!(2026 - 11 - 25))
        .unwrap();
    db.update_resource(in_title, &spec, &app::ssr::resources::text_of(&spec))
        .await
        .unwrap();
    assert_eq!(found(db, "feedback").await, vec![in_tags, in_body]);
    assert_eq!(found(db, "listening").await, vec![in_title]);
    db.set_resource_status(draft, app::domain::Publication::Published)
        .await
        .unwrap();
    assert_eq!(found(db, "feedback").await[0], draft);
    db.set_resource_status(in_tags, app::domain::Publication::Archived)
        .await
        .unwrap();
    assert_eq!(found(db, "feedback").await, vec![draft, in_body]);
    assert_eq!(
        found_in(db, "", None, Some("habits"), everyone()).await,
        Vec::<i64>::new()
    );

    // Tags in use count published resources only.
    let tags = db.resource_tags().await.unwrap();
    assert!(tags.contains(&("feedback".to_owned(), 1)), "{tags:?}");
    assert!(!tags.iter().any(|(t, _)| t == "habits"), "{tags:?}");
}

async fn resource_search_respects_audiences(db: &Db) {
    use app::domain::Audience;
    use app::ssr::storage::Readers;
    let author = add(db, "lead@example.com", "Lena Lead", Role::OrgAdmin).await;
    let mut for_mentors = resource("guide", "Coaching questions", FILLER, "coaching");
    for_mentors.audience = "mentors".into();
    let mentors = store_resource(db, author, &for_mentors, true).await;
    let mut for_admins = resource("guide", "Coaching the coordinators", FILLER, "coaching");
    for_admins.audience = "admins".into();
    let admins = store_resource(db, author, &for_admins, true).await;
    let open = store_resource(
        db,
        author,
        &resource("guide", "Coaching basics", FILLER, "coaching"),
        true,
    )
    .await;

    let mut seen = found_in(db, "coaching", None, None, everyone()).await;
    assert_eq!(seen, vec![open]);
    seen = found_in(
        db,
        "coaching",
        None,
        None,
        Readers::Some {
            audiences: vec![Audience::Mentors],
            programs: vec![],
        },
    )
    .await;
    seen.sort_unstable();
    assert_eq!(seen, vec![mentors, open]);
    seen = found_in(db, "", None, None, Readers::All).await;
    seen.sort_unstable();
    assert_eq!(seen, vec![mentors, admins, open]);
    // The audience filter narrows within what one may read.
    let only_mentors = db
        .search_resources(&app::ssr::storage::ResourceQuery {
            terms: Default::default(),
            kind: None,
            tag: None,
            audience: Some(Audience::Mentors),
            readers: Readers::All,
            limit: 30,
        })
        .await
        .unwrap();
    assert_eq!(
        only_mentors.iter().map(|h| h.row.id).collect::<Vec<_>>(),
        vec![mentors]
    );
}

async fn bookmarks_helpful_marks_and_recommendation_candidates(db: &Db) {
    let author = add(db, "lead@example.com", "Lena Lead", Role::OrgAdmin).await;
    let ana = add(db, "ana@example.com", "Ana Lopez", Role::Participant).await;
    let ben = add(db, "ben@example.com", "Ben Okafor", Role::Participant).await;
    let mut career = resource("guide", "Your next role", FILLER, "career-planning");
    career.category = "career".into();
    let career = store_resource(db, author, &career, true).await;
    let speaking = store_resource(
        db,
        author,
        &resource("guide", "Speak up", FILLER, "public-speaking"),
        true,
    )
    .await;
    let other = store_resource(
        db,
        author,
        &resource("guide", "Other things", FILLER, "misc"),
        true,
    )
    .await;

    for _ in 0..2 {
        db.set_bookmark(ana, speaking, true).await.unwrap();
        db.set_helpful(ana, speaking, true).await.unwrap();
    }
    db.set_bookmark(ana, career, true).await.unwrap();
    db.set_helpful(ben, speaking, true).await.unwrap();
    assert_eq!(
        db.resource_marks(ana, speaking).await.unwrap(),
        (true, true)
    );
    assert_eq!(
        db.resource_marks(ben, speaking).await.unwrap(),
        (false, true)
    );
    assert_eq!(db.resource(speaking).await.unwrap().unwrap().helpful, 2);
    let mut marked = db.bookmarked_ids(ana).await.unwrap();
    marked.sort_unstable();
    assert_eq!(marked, vec![career, speaking]);
    db.set_helpful(ana, speaking, false).await.unwrap();
    db.set_helpful(ana, speaking, false).await.unwrap();
    assert_eq!(db.resource(speaking).await.unwrap().unwrap().helpful, 1);
    // Archived resources leave the bookmark list but keep the bookmark.
    db.set_resource_status(career, app::domain::Publication::Archived)
        .await
        .unwrap();
    let listed: Vec<i64> = db
        .bookmarks_of(ana)
        .await
        .unwrap()
        .iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(listed, vec![speaking]);
    db.set_resource_status(career, app::domain::Publication::Published)
        .await
        .unwrap();

    // Candidates: by goal category or by tag, most helpful first; nothing asked, nothing found.
    let by = |cats: &[&str], tags: &[&str]| {
        let cats: Vec<GoalCategory> = cats
            .iter()
            .map(|s| GoalCategory::parse(s).unwrap())
            .collect();
        let tags: Vec<String> = tags.iter().map(|s| s.to_string()).collect();
        async move {
            db.resources_matching(&cats, &tags, &everyone(), 10)
                .await
                .unwrap()
                .iter()
                .map(|r| r.id)
                .collect::<Vec<i64>>()
        }
    };
    assert_eq!(by(&["career"], &[]).await, vec![career]);
    assert_eq!(
        by(&["career"], &["public-speaking"]).await,
        vec![speaking, career]
    );
    assert_eq!(by(&[], &[]).await, Vec::<i64>::new());
    assert!(!by(&["career", "skill"], &["public-speaking", "x"])
        .await
        .contains(&other));
}

async fn availability_keeps_hours_and_what_the_calendar_said(db: &Db) {
    use app::domain::{Availability, Day, FreeWindow};
    let ana = add(db, "ana@example.com", "Ana Lopez", Role::Participant).await;
    let bo = add(db, "bo@example.com", "Bo Chen", Role::Participant).await;
    assert_eq!(db.availability(ana).await.unwrap(), Default::default());
    let window = |day, from_minute, until_minute| FreeWindow {
        day,
        from_minute,
        until_minute,
    };
    let hours = Availability {
        windows: vec![window(Day::Mon, 540, 720), window(Day::Thu, 840, 1440)],
        calendar_url: "https://cal.example.com/ana.ics".into(),
    };
    db.save_availability(ana, &hours).await.unwrap();
    db.save_availability(
        bo,
        &Availability {
            windows: vec![window(Day::Tue, 600, 660)],
            calendar_url: String::new(),
        },
    )
    .await
    .unwrap();
    let stored = db.availability(ana).await.unwrap();
    assert_eq!(stored.availability, hours);
    assert_eq!(stored.calendar_read_at, None);

    // Only calendars not tried lately are due; Bo has none.
    let t = 1_800_000_000;
    assert_eq!(
        db.calendars_due(t).await.unwrap(),
        vec![(ana, "https://cal.example.com/ana.ics".to_owned())]
    );
    let busy = [(t + 3600, t + 7200), (t + 86_400, t + 90_000)];
    db.record_calendar_read(ana, &hours.calendar_url, t, Ok(&busy))
        .await
        .unwrap();
    assert!(db.calendars_due(t).await.unwrap().is_empty());
    assert_eq!(db.calendars_due(t + 1).await.unwrap().len(), 1);
    let stored = db.availability(ana).await.unwrap();
    assert_eq!(stored.busy, busy.to_vec());
    assert_eq!(stored.calendar_read_at, Some(t));

    // A failed read keeps the last good spans and says why.
    db.record_calendar_read(ana, &hours.calendar_url, t + 10, Err("no answer"))
        .await
        .unwrap();
    let stored = db.availability(ana).await.unwrap();
    assert_eq!(stored.busy, busy.to_vec());
    assert_eq!(stored.calendar_error, "no answer");
    assert_eq!(stored.calendar_tried_at, Some(t + 10));
    assert_eq!(stored.calendar_read_at, Some(t));

    // Saving the same address keeps what it said; a read of an old address is dropped; a new
    // address forgets the old spans.
    let mut moved = hours.clone();
    moved.windows.pop();
    db.save_availability(ana, &moved).await.unwrap();
    assert_eq!(db.availability(ana).await.unwrap().busy, busy.to_vec());
    moved.calendar_url = "https://cal.example.com/new.ics".into();
    db.save_availability(ana, &moved).await.unwrap();
    db.record_calendar_read(ana, &hours.calendar_url, t + 20, Ok(&busy))
        .await
        .unwrap();
    let stored = db.availability(ana).await.unwrap();
    assert_eq!(stored.availability, moved);
    assert!(stored.busy.is_empty());
    assert_eq!(
        (stored.calendar_tried_at, stored.calendar_error.as_str()),
        (None, "")
    );

    // People who left are not read.
    db.deactivate(ana).await.unwrap();
    assert!(db.calendars_due(t + 100).await.unwrap().is_empty());
}

async fn chat_channels_belong_to_their_program_and_count_its_week(db: &Db) {
    use app::domain::ChatKind;
    let admin = add(db, "chat-admin@example.com", "Ada", Role::OrgAdmin).await;
    let data = db.create_program(&spec("Data guild"), admin).await.unwrap();
    let other = db.create_program(&spec("Other"), admin).await.unwrap();
    assert!(db.chat_channels(data).await.unwrap().is_empty());
    let slack = db
        .add_chat_channel(
            data,
            ChatKind::Slack,
            "sealed-1",
            "https://hooks.slack.com/…abcd",
            admin,
        )
        .await
        .unwrap();
    let teams = db
        .add_chat_channel(
            data,
            ChatKind::Teams,
            "sealed-2",
            "https://x.logic.azure.com/…wxyz",
            admin,
        )
        .await
        .unwrap();
    let channels = db.chat_channels(data).await.unwrap();
    assert_eq!(
        channels
            .iter()
            .map(|c| (c.id, c.kind, c.sealed_url.as_str(), c.hint.as_str()))
            .collect::<Vec<_>>(),
        vec![
            (
                slack,
                ChatKind::Slack,
                "sealed-1",
                "https://hooks.slack.com/…abcd"
            ),
            (
                teams,
                ChatKind::Teams,
                "sealed-2",
                "https://x.logic.azure.com/…wxyz"
            ),
        ]
    );
    assert_eq!(
        db.chat_channel(teams).await.unwrap().unwrap().program_id,
        data
    );
    // A channel is removed only through its own program.
    assert!(!db.remove_chat_channel(other, slack).await.unwrap());
    assert!(db.remove_chat_channel(data, slack).await.unwrap());
    assert!(db.chat_channel(slack).await.unwrap().is_none());
    // Names are off until the program's admins turn them on.
    assert!(!db.chat_names(data).await.unwrap());
    db.set_chat_names(data, true).await.unwrap();
    assert!(db.chat_names(data).await.unwrap());
    assert!(!db.chat_names(other).await.unwrap());
    // Only enrolling and running programs with a channel hear the week's highlights.
    assert!(db.programs_with_chat().await.unwrap().is_empty());
    sqlx::query("UPDATE programs SET state = 'running'")
        .execute(db.pool())
        .await
        .unwrap();
    assert_eq!(db.programs_with_chat().await.unwrap(), vec![data]);
    assert_eq!(
        db.chat_highlights(data, 0, now() + 1).await.unwrap(),
        (0, 0)
    );
    // Deleting the program deletes its channels.
    sqlx::query("DELETE FROM programs WHERE id = $1")
        .bind(data)
        .execute(db.pool())
        .await
        .unwrap();
    assert!(db.chat_channel(teams).await.unwrap().is_none());
}

async fn saml_providers_keep_their_metadata_and_take_an_assertion_once(db: &Db) {
    let domains = vec!["corp.example".to_owned()];
    let write = ProviderWrite {
        label: "Sign in with Corp",
        protocol: SsoProtocol::Saml,
        issuer: "https://idp.corp.example/metadata",
        client_id: "",
        client_secret_sealed: "",
        allowed_domains: &domains,
        claim_name: "displayName",
        claim_department: "",
        claim_title: "",
        claim_manager: "",
        claim_verified: "",
        claim_email: "mail",
        saml_metadata: "<md:EntityDescriptor/>",
        saml_metadata_url: "https://idp.corp.example/metadata",
    };
    let id = db
        .save_identity_provider(None, write)
        .await
        .unwrap()
        .unwrap();
    let p = db.identity_provider(id).await.unwrap().unwrap();
    assert_eq!(
        (p.protocol, p.issuer.as_str(), p.claim_email.as_str()),
        (
            SsoProtocol::Saml,
            "https://idp.corp.example/metadata",
            "mail"
        )
    );
    assert_eq!(p.saml_metadata, "<md:EntityDescriptor/>");
    assert_eq!(p.saml_metadata_url, "https://idp.corp.example/metadata");
    // A SAML answer finds its provider by its issuer; an OpenID issuer is not a SAML one.
    let found = db
        .saml_provider_by_issuer("https://idp.corp.example/metadata")
        .await
        .unwrap();
    assert_eq!(found.map(|p| p.id), Some(id));
    let oidc = ProviderWrite {
        protocol: SsoProtocol::Oidc,
        issuer: "https://login.corp.example",
        ..write
    };
    db.save_identity_provider(None, oidc)
        .await
        .unwrap()
        .unwrap();
    assert!(db
        .saml_provider_by_issuer("https://login.corp.example")
        .await
        .unwrap()
        .is_none());
    // An assertion is taken once; another id, or the same id from another provider, is new.
    let later = now() + 300;
    assert!(db.take_saml_assertion(id, "_a1", later).await.unwrap());
    assert!(!db.take_saml_assertion(id, "_a1", later).await.unwrap());
    assert!(db.take_saml_assertion(id, "_a2", later).await.unwrap());
    let other = db
        .save_identity_provider(
            None,
            ProviderWrite {
                label: "Other",
                ..write
            },
        )
        .await
        .unwrap()
        .unwrap();
    assert!(db.take_saml_assertion(other, "_a1", later).await.unwrap());
    // Rows whose assertions have expired are cleared; removing a provider clears its own.
    assert!(db
        .take_saml_assertion(id, "_old", now() - 10)
        .await
        .unwrap());
    assert!(db.take_saml_assertion(id, "_new", later).await.unwrap());
    let kept: Vec<String> = sqlx::query_scalar(
        "SELECT assertion_id FROM saml_assertions WHERE provider_id = $1 ORDER BY assertion_id",
    )
    .bind(id)
    .fetch_all(db.pool())
    .await
    .unwrap();
    assert_eq!(kept, ["_a1", "_a2", "_new"]);
    db.delete_identity_provider(id).await.unwrap().unwrap();
    let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM saml_assertions")
        .fetch_one(db.pool())
        .await
        .unwrap();
    assert_eq!(left, 1, "only the other provider's assertion stays");
}

async fn insight_rows_sum_groups_ratings_shared_goals_and_replies(db: &Db) {
    use app::domain::GroupMin;
    assert_eq!(db.insights_min_group().await.unwrap(), GroupMin::default());
    db.save_insights_min_group(GroupMin::new(7).unwrap())
        .await
        .unwrap();
    assert_eq!(db.insights_min_group().await.unwrap().get(), 7);

    let admin = add(db, "sam@example.com", "Sam Carter", Role::ProgramAdmin).await;
    let ana = add(db, "ana@example.com", "Ana Lopez", Role::Participant).await;
    let bo = add(db, "bo@example.com", "Bo Chen", Role::Participant).await;
    let cy = add(db, "cy@example.com", "Cy Diaz", Role::Participant).await;
    let dee = add(db, "dee@example.com", "Dee Eze", Role::Participant).await;
    // Directory words come back whole, quotes, commas, backslashes and accents included.
    let department = r#"R&D "Labs", Zürich \ Ost"#;
    db.update_profile(
        dee,
        &ProfileInput {
            name: "Dee Eze".into(),
            department: department.into(),
            level: "3".into(),
            location: "Kraków".into(),
            time_zone: "Europe/Warsaw".into(),
            ..Default::default()
        },
        Some(3),
        None,
    )
    .await
    .unwrap();
    let people = db.insight_people().await.unwrap();
    assert_eq!(people.len(), 5);
    assert!(people.iter().all(|p| p.deactivated_at.is_none()));
    let read = people.iter().find(|p| p.id == dee).unwrap();
    assert_eq!(
        (read.department.as_str(), read.location.as_str(), read.level),
        (department, "Kraków", Some(3))
    );
    assert_eq!(people.iter().find(|p| p.id == ana).unwrap().level, None);

    let program = db.create_program(&spec("Peers"), admin).await.unwrap();
    let before = now() - 1;
    let round = db
        .publish_pairs(program, &[(ana, bo), (cy, dee)])
        .await
        .unwrap();
    let groups = db.round_groups(round).await.unwrap();
    let ab = groups
        .iter()
        .find(|g| g.members.contains(&ana))
        .unwrap()
        .group_no;
    let session = |at: i64| half_hour(program, (round, ab), ana, at);
    let t = now();
    let held_1 = db.create_session(&session(t - 3_600), &[]).await.unwrap();
    let held_2 = db.create_session(&session(t - 1_800), &[]).await.unwrap();
    let missed = db.create_session(&session(t - 900), &[]).await.unwrap();
    let unsaid = db.create_session(&session(t + 900), &[]).await.unwrap();
    db.record_session(held_1, true, "").await.unwrap();
    db.record_session(held_2, true, "").await.unwrap();
    db.record_session(missed, false, "").await.unwrap();
    db.save_session_feedback(held_1, ana, 4, "").await.unwrap();
    db.save_session_feedback(held_2, ana, 4, "").await.unwrap();
    db.save_session_feedback(held_2, bo, 5, "").await.unwrap();
    let _ = unsaid;

    let until = now() + 60;
    let rows = db.insight_groups(before, until).await.unwrap();
    assert_eq!(rows.len(), 2, "both groups, met or not");
    let met = rows.iter().find(|g| g.group_no == ab).unwrap();
    assert_eq!((met.held, met.not_held), (2, 1));
    assert_eq!(met.first_held, Some(t - 3_600));
    assert_eq!(met.last_held, Some(t - 1_800));
    assert_eq!(
        met.ends_at - met.published_at,
        spec_rotation(db, program).await * 604_800
    );
    let quiet = rows.iter().find(|g| g.group_no != ab).unwrap();
    assert_eq!((quiet.held, quiet.not_held, quiet.first_held), (0, 0, None));
    assert!(
        db.insight_groups(until, until + 86_400)
            .await
            .unwrap()
            .is_empty(),
        "other periods leave it out"
    );
    let mut members: Vec<(i64, i64)> = rows
        .iter()
        .flat_map(|g| {
            g.member_ids()
                .unwrap()
                .into_iter()
                .map(|id| (g.group_no, id))
        })
        .collect();
    members.sort();
    assert_eq!(members.len(), 4);
    assert!(members.contains(&(ab, ana)) && members.contains(&(ab, bo)));

    let mut ratings: Vec<(i64, i64, [i64; 5])> = db
        .insight_ratings(before, until)
        .await
        .unwrap()
        .iter()
        .map(|r| (r.user_id, r.round_number, r.counts()))
        .collect();
    ratings.sort();
    assert_eq!(
        ratings,
        vec![(ana, 1, [0, 0, 0, 2, 0]), (bo, 1, [0, 0, 0, 0, 1])],
        "counted per person, round and rating"
    );

    // Only goals shared with admins are read; private and match-only ones never are.
    db.create_goal(ana, program, &goal("Private", "private"))
        .await
        .unwrap();
    db.create_goal(ana, program, &goal("Partner", "match"))
        .await
        .unwrap();
    db.create_goal(ana, program, &goal("Shared", "match_admins"))
        .await
        .unwrap();
    db.create_goal(ana, program, &goal("Shared too", "match_admins"))
        .await
        .unwrap();
    db.create_goal(bo, program, &goal("Bo's", "match_admins"))
        .await
        .unwrap();
    let mut goals: Vec<i64> = db
        .insight_goals(before, now() + 60)
        .await
        .unwrap()
        .iter()
        .map(|g| g.owner_id)
        .collect();
    goals.sort();
    assert_eq!(
        goals,
        vec![ana, ana, bo],
        "one row per goal shared with admins"
    );

    let event = db
        .create_event(&NewEvent {
            title: "Meetup".into(),
            description: String::new(),
            kind: EventKind::Meetup,
            starts_at: now() + 3_600,
            ends_at: now() + 7_200,
            time_zone: "UTC".into(),
            place: String::new(),
            video_url: String::new(),
            capacity: Some(Capacity::try_from(1).unwrap()),
            rsvp_deadline: None,
            host_id: None,
            programs: vec![program],
            created_by: None,
            draw: None,
        })
        .await
        .unwrap();
    db.answer_rsvp(event, ana, true).await.unwrap();
    db.answer_rsvp(event, bo, true).await.unwrap();
    db.set_attended(event, ana, true).await.unwrap();
    let mut replies: Vec<(i64, RsvpState, i64, Option<i64>)> = db
        .insight_rsvps(before, now() + 86_400)
        .await
        .unwrap()
        .iter()
        .map(|r| (r.user_id, r.state, r.attended, r.program_id))
        .collect();
    replies.sort_by_key(|r| r.0);
    assert_eq!(
        replies,
        vec![
            (ana, RsvpState::Going, 1, Some(program)),
            (bo, RsvpState::Waitlisted, 0, Some(program))
        ]
    );
    db.cancel_event(event).await.unwrap();
    assert!(
        db.insight_rsvps(before, now() + 86_400)
            .await
            .unwrap()
            .is_empty(),
        "cancelled events are not counted"
    );

    // Fit checks are read; other surveys' answers are not.
    let fit = db
        .add_pulse_survey(program, app::domain::PulseKind::Fit, 3, admin)
        .await
        .unwrap()
        .unwrap();
    let closing = db
        .add_pulse_survey(program, app::domain::PulseKind::Closing, 60, admin)
        .await
        .unwrap()
        .unwrap();
    let said = r#"{"fit":{"choice":"Going well"}}"#;
    db.save_pulse_response(fit, round, ana, said).await.unwrap();
    db.save_pulse_response(closing, round, bo, r#"{"fit":{"number":4}}"#)
        .await
        .unwrap();
    let answers = db.insight_fit_answers(before, until).await.unwrap();
    assert_eq!(answers.len(), 1);
    assert_eq!(
        (
            answers[0].program_id,
            answers[0].user_id,
            answers[0].answers.as_str()
        ),
        (program, ana, said)
    );
}

async fn spec_rotation(db: &Db, program: i64) -> i64 {
    db.program(program).await.unwrap().unwrap().rotation_weeks
}

/// The tallies insights read must equal what they sum after any write, by Tandem or by hand.
async fn insight_tallies_follow_every_change_to_sessions_and_ratings(db: &Db) {
    let admin = add(db, "sam@example.com", "Sam Carter", Role::ProgramAdmin).await;
    let ana = add(db, "ana@example.com", "Ana Lopez", Role::Participant).await;
    let bo = add(db, "bo@example.com", "Bo Chen", Role::Participant).await;
    let cy = add(db, "cy@example.com", "Cy Diaz", Role::Participant).await;
    let dee = add(db, "dee@example.com", "Dee Eze", Role::Participant).await;
    let program = db.create_program(&spec("Peers"), admin).await.unwrap();
    let before = now() - 1;
    let round = db
        .publish_pairs(program, &[(ana, bo), (cy, dee)])
        .await
        .unwrap();
    let groups = db.round_groups(round).await.unwrap();
    let group_of = |who: i64| {
        groups
            .iter()
            .find(|g| g.members.contains(&who))
            .unwrap()
            .group_no
    };
    let (ab, cd) = (group_of(ana), group_of(cy));
    let session = |group_no: i64, at: i64| half_hour(program, (round, group_no), ana, at);
    let until = now() + 60;
    let tally = |rows: Vec<app::ssr::storage::InsightGroupRow>, group_no: i64| {
        let g = rows.into_iter().find(|g| g.group_no == group_no).unwrap();
        (g.held, g.not_held, g.first_held, g.last_held)
    };
    let ratings = || async {
        let mut rows: Vec<(i64, [i64; 5])> = db
            .insight_ratings(before, until)
            .await
            .unwrap()
            .iter()
            .map(|r| (r.user_id, r.counts()))
            .collect();
        rows.sort();
        rows
    };

    let t = now() - 86_400;
    let first = db.create_session(&session(ab, t), &[]).await.unwrap();
    let second = db.create_session(&session(ab, t + 600), &[]).await.unwrap();
    let third = db
        .create_session(&session(ab, t + 1_200), &[])
        .await
        .unwrap();
    for id in [first, second, third] {
        db.record_session(id, true, "").await.unwrap();
    }
    db.save_session_feedback(first, ana, 3, "").await.unwrap();
    db.save_session_feedback(second, ana, 5, "").await.unwrap();
    db.save_session_feedback(second, bo, 4, "").await.unwrap();
    let groups_now = || async { db.insight_groups(before, until).await.unwrap() };
    assert_eq!(
        tally(groups_now().await, ab),
        (3, 0, Some(t), Some(t + 1_200))
    );
    assert_eq!(tally(groups_now().await, cd), (0, 0, None, None));
    assert_eq!(
        ratings().await,
        vec![(ana, [0, 0, 1, 0, 1]), (bo, [0, 0, 0, 1, 0])]
    );

    // A held session said afterwards not to have happened, and the last one cancelled.
    db.record_session(first, false, "").await.unwrap();
    assert_eq!(
        tally(groups_now().await, ab),
        (2, 1, Some(t + 600), Some(t + 1_200))
    );
    assert!(db
        .set_session_state(
            third,
            PairSessionState::Proposed,
            PairSessionState::Cancelled,
            &[]
        )
        .await
        .unwrap());
    assert_eq!(
        tally(groups_now().await, ab),
        (1, 1, Some(t + 600), Some(t + 600))
    );

    // A rating changed replaces the old one in the counts.
    db.save_session_feedback(first, ana, 1, "").await.unwrap();
    assert_eq!(
        ratings().await,
        vec![(ana, [1, 0, 0, 0, 1]), (bo, [0, 0, 0, 1, 0])]
    );
    // Summing everything again from scratch gives what the triggers kept.
    let kept = (groups_now().await, ratings().await);
    db.rebuild_insight_tallies().await.unwrap();
    assert_eq!((groups_now().await, ratings().await), kept);

    // By hand: a session moved to the other group takes its ratings along, and an erased
    // session takes its ratings out.
    sqlx::query("UPDATE pair_sessions SET group_no = $1 WHERE id = $2")
        .bind(cd)
        .bind(second)
        .execute(db.pool())
        .await
        .unwrap();
    assert_eq!(tally(groups_now().await, ab), (0, 1, None, None));
    assert_eq!(
        tally(groups_now().await, cd),
        (1, 0, Some(t + 600), Some(t + 600))
    );
    // Ana's two ratings now sit in two groups' tallies, one each; Bo's moved with his.
    let mut per_group: Vec<(i64, [i64; 5])> = db
        .insight_ratings(before, until)
        .await
        .unwrap()
        .iter()
        .map(|r| (r.user_id, r.counts()))
        .collect();
    per_group.sort();
    assert_eq!(
        per_group,
        vec![
            (ana, [0, 0, 0, 0, 1]),
            (ana, [1, 0, 0, 0, 0]),
            (bo, [0, 0, 0, 1, 0])
        ]
    );
    sqlx::query("DELETE FROM pair_sessions WHERE id = $1")
        .bind(second)
        .execute(db.pool())
        .await
        .unwrap();
    assert_eq!(tally(groups_now().await, cd), (0, 0, None, None));
    assert_eq!(ratings().await, vec![(ana, [1, 0, 0, 0, 0])]);
    sqlx::query("DELETE FROM session_feedback WHERE session_id = $1")
        .bind(first)
        .execute(db.pool())
        .await
        .unwrap();
    assert!(ratings().await.is_empty());
}

/// Two connections writing sessions of one group at once are both counted: the second waits
/// for the first to commit and sums again, rather than writing a sum that misses the first.
/// Insights read each group's members from the list kept beside the group: it lists them in
/// ascending order whatever order they were matched in, and follows the round when a group
/// takes in one more person and when new groups are added after a request for a new match.
async fn group_members_follow_every_change_to_a_round(db: &Db) {
    use app::matching::MatchGroup;
    use app::ssr::storage::RoundChange;
    let admin = add(db, "sam@example.com", "Sam Carter", Role::ProgramAdmin).await;
    let mut people = Vec::new();
    for name in ["ana", "bo", "cy", "dee", "eve", "fay", "gus"] {
        let email = format!("{name}@example.com");
        people.push(add(db, &email, name, Role::Participant).await);
    }
    let [ana, bo, cy, dee, eve, fay, gus] = people[..] else {
        unreachable!()
    };
    let program = db.create_program(&spec("Peers"), admin).await.unwrap();
    let before = now() - 1;
    let round = db
        .publish_pairs(program, &[(bo, ana), (dee, cy)])
        .await
        .unwrap();
    let listed = || async {
        let mut rows: Vec<(i64, String)> = db
            .insight_groups(before, now() + 60)
            .await
            .unwrap()
            .into_iter()
            .map(|g| (g.group_no, g.members))
            .collect();
        rows.sort();
        rows
    };
    let ids = |ids: &[i64]| {
        let mut ids = ids.to_vec();
        ids.sort();
        ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
    };
    let first = listed().await;
    assert_eq!(
        first.iter().map(|(_, m)| m.clone()).collect::<Vec<_>>(),
        [ids(&[ana, bo]), ids(&[cy, dee])],
        "ascending, whatever order they were matched in"
    );
    let (ab, cd) = (first[0].0, first[1].0);

    let group = |members: Vec<i64>| MatchGroup {
        members,
        mentor: None,
        score: 40,
        locked: false,
        pairs: vec![],
    };
    db.change_round(
        round,
        &RoundChange {
            dissolve: &[],
            add: &[group(vec![gus, fay])],
            extend: &[(ab, group(vec![ana, bo, eve]))],
            unmatched: &[],
        },
        &[],
    )
    .await
    .unwrap();
    let after = listed().await;
    assert_eq!(after.len(), 3);
    assert_eq!(
        after[0],
        (ab, ids(&[ana, bo, eve])),
        "eve joined ana and bo"
    );
    assert_eq!(
        after[1],
        (cd, ids(&[cy, dee])),
        "the other group is as it was"
    );
    assert_eq!(after[2].1, ids(&[fay, gus]), "the new group lists its pair");
    let rows = db.insight_groups(before, now() + 60).await.unwrap();
    let joined = rows.iter().find(|g| g.group_no == ab).unwrap();
    let mut read = joined.member_ids().unwrap();
    read.sort();
    let mut want = vec![ana, bo, eve];
    want.sort();
    assert_eq!(read, want);
    assert_eq!(joined.round_id, round);
    assert!(rows.iter().all(|g| g.program_id == program));
}

async fn insight_tallies_count_sessions_written_at_once(db: &Db) {
    let admin = add(db, "sam@example.com", "Sam Carter", Role::ProgramAdmin).await;
    let ana = add(db, "ana@example.com", "Ana Lopez", Role::Participant).await;
    let bo = add(db, "bo@example.com", "Bo Chen", Role::Participant).await;
    let program = db.create_program(&spec("Peers"), admin).await.unwrap();
    let before = now() - 1;
    let round = db.publish_pairs(program, &[(ana, bo)]).await.unwrap();
    let group_no = db.round_groups(round).await.unwrap()[0].group_no;
    let t = now() - 86_400;
    const HELD: &str = "INSERT INTO pair_sessions (program_id, round_id, group_no, starts_at, \
         ends_at, time_zone, state, held, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $4 + 1800, 'UTC', 'accepted', 1, $4, $4)";
    let held = |at: i64| {
        sqlx::query(HELD)
            .bind(program)
            .bind(round)
            .bind(group_no)
            .bind(at)
    };
    held(t).execute(db.pool()).await.unwrap();

    let mut first = db.pool().begin().await.unwrap();
    held(t + 60).execute(&mut *first).await.unwrap();
    let second = {
        let db = db.clone();
        tokio::spawn(async move {
            sqlx::query(HELD)
                .bind(program)
                .bind(round)
                .bind(group_no)
                .bind(t + 120)
                .execute(db.pool())
                .await
                .unwrap();
        })
    };
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    first.commit().await.unwrap();
    second.await.unwrap();

    let until = now() + 60;
    let g = &db.insight_groups(before, until).await.unwrap()[0];
    assert_eq!(
        (g.held, g.first_held, g.last_held),
        (3, Some(t), Some(t + 120))
    );
}

fn kudos(program_id: i64, to: i64, note: &str) -> app::domain::KudosSpec {
    app::domain::KudosSpec {
        program_id,
        to,
        category: app::domain::KudosCategory::Support,
        note: note.into(),
    }
}

async fn kudos_go_only_between_matched_people_and_show_only_when_chosen(db: &Db) {
    let admin = add(db, "sam@example.com", "Sam Carter", Role::ProgramAdmin).await;
    let ana = add(db, "ana@example.com", "Ana Lopez", Role::Participant).await;
    let bo = add(db, "bo@example.com", "Bo Chen", Role::Participant).await;
    let cy = add(db, "cy@example.com", "Cy Diaz", Role::Participant).await;
    let dee = add(db, "dee@example.com", "Dee Eze", Role::Participant).await;
    let program = db.create_program(&spec("Peers"), admin).await.unwrap();
    let other = db.create_program(&spec("Others"), admin).await.unwrap();
    assert!(db.thankable_partners(ana).await.unwrap().is_empty());
    db.publish_pairs(program, &[(ana, bo), (cy, dee)])
        .await
        .unwrap();

    let partners: Vec<(i64, i64, String)> = db
        .thankable_partners(ana)
        .await
        .unwrap()
        .into_iter()
        .map(|p| (p.program_id, p.user_id, p.program_name))
        .collect();
    assert_eq!(partners, vec![(program, bo, "Peers".to_owned())]);

    let t = now();
    let id = db
        .create_kudos(ana, &kudos(program, bo, "Walked me through the rota."), t)
        .await
        .unwrap()
        .expect("matched people may thank each other");
    assert_eq!(
        db.create_kudos(ana, &kudos(program, cy, "Never met"), t)
            .await
            .unwrap(),
        None,
        "not someone from another group"
    );
    assert_eq!(
        db.create_kudos(ana, &kudos(other, bo, "Wrong program"), t)
            .await
            .unwrap(),
        None,
        "not in a program they were not matched in"
    );

    let received = db.kudos_received(bo, false).await.unwrap();
    assert_eq!(received.len(), 1);
    let k = &received[0];
    assert_eq!(
        (
            k.id,
            k.from_name.as_str(),
            k.to_id,
            k.program_name.as_str(),
            k.shown
        ),
        (id, "Ana Lopez", bo, "Peers", 0)
    );
    assert_eq!(k.note, "Walked me through the rota.");
    assert!(
        db.kudos_received(bo, true).await.unwrap().is_empty(),
        "kept private until chosen"
    );
    assert_eq!(db.kudos_given(ana).await.unwrap()[0].to_name, "Bo Chen");

    assert!(
        !db.show_kudos(id, ana, true).await.unwrap(),
        "only its recipient chooses"
    );
    assert!(db.kudos_received(bo, true).await.unwrap().is_empty());
    assert!(db.show_kudos(id, bo, true).await.unwrap());
    assert_eq!(db.kudos_received(bo, true).await.unwrap()[0].id, id);
    assert!(db.show_kudos(id, bo, false).await.unwrap());
    assert!(db.kudos_received(bo, true).await.unwrap().is_empty());

    // Someone who left is neither offered nor thanked.
    db.deactivate(bo).await.unwrap();
    assert!(db.thankable_partners(ana).await.unwrap().is_empty());
    assert_eq!(
        db.create_kudos(ana, &kudos(program, bo, "Too late"), t)
            .await
            .unwrap(),
        None
    );
}

async fn badge_facts_count_sessions_partners_goals_rounds_and_events(db: &Db) {
    use app::domain::BadgeFacts;
    let admin = add(db, "sam@example.com", "Sam Carter", Role::ProgramAdmin).await;
    let ana = add(db, "ana@example.com", "Ana Lopez", Role::Participant).await;
    let bo = add(db, "bo@example.com", "Bo Chen", Role::Participant).await;
    let cy = add(db, "cy@example.com", "Cy Diaz", Role::Participant).await;
    let program = db.create_program(&spec("Peers"), admin).await.unwrap();
    let t = now();
    assert_eq!(db.badge_facts(ana, t).await.unwrap(), BadgeFacts::default());

    let first = db.publish_pairs(program, &[(ana, bo)]).await.unwrap();
    let second = db.publish_pairs(program, &[(ana, cy)]).await.unwrap();
    let session =
        |round_id: i64, group_no: i64, at: i64| half_hour(program, (round_id, group_no), ana, at);
    let g1 = db.round_groups(first).await.unwrap()[0].group_no;
    let g2 = db.round_groups(second).await.unwrap()[0].group_no;
    for (round, group, at, held) in [
        (first, g1, t - 9_000, true),
        (first, g1, t - 7_000, true),
        (first, g1, t - 5_000, false),
        (second, g2, t - 3_000, false),
    ] {
        let id = db
            .create_session(&session(round, group, at), &[])
            .await
            .unwrap();
        db.record_session(id, held, "").await.unwrap();
    }

    let goal_id = db
        .create_goal(ana, program, &goal("Ship the demo", "private"))
        .await
        .unwrap();
    db.create_goal(ana, program, &goal("Still going", "private"))
        .await
        .unwrap();
    assert!(db
        .move_goal(goal_id, GoalStatus::Achieved, 0)
        .await
        .unwrap());

    let event = |starts_at: i64, title: &str| NewEvent {
        title: title.into(),
        description: String::new(),
        kind: EventKind::Workshop,
        starts_at,
        ends_at: starts_at + 3_600,
        time_zone: "UTC".into(),
        place: String::new(),
        video_url: String::new(),
        capacity: None,
        rsvp_deadline: None,
        host_id: Some(ana),
        programs: Vec::new(),
        created_by: None,
        draw: None,
    };
    db.create_event(&event(t - 7_200, "Held")).await.unwrap();
    db.create_event(&event(t + 86_400, "Still to come"))
        .await
        .unwrap();

    // Ana mentored the first round's group; it counts once the round has run its course.
    sqlx::query("UPDATE round_groups SET mentor_id = $1 WHERE round_id = $2")
        .bind(ana)
        .bind(first)
        .execute(db.pool())
        .await
        .unwrap();
    let round_end = t + spec_rotation(db, program).await * 604_800 + 60;

    let facts = BadgeFacts {
        sessions_held: 2,
        partners_met: 1,
        goals_achieved: 1,
        rounds_mentored: 0,
        events_hosted: 1,
    };
    assert_eq!(db.badge_facts(ana, t).await.unwrap(), facts);
    assert_eq!(
        db.badge_facts(ana, round_end).await.unwrap(),
        BadgeFacts {
            rounds_mentored: 1,
            events_hosted: 2,
            ..facts
        }
    );
    assert_eq!(
        db.badge_facts(bo, t).await.unwrap(),
        BadgeFacts {
            sessions_held: 2,
            partners_met: 1,
            ..BadgeFacts::default()
        }
    );
    assert_eq!(db.badge_facts(cy, t).await.unwrap(), BadgeFacts::default());
}

async fn stories_open_as_rounds_end_and_reach_the_report_only_by_their_authors_choice(db: &Db) {
    use app::domain::{StoryReaders, StorySpec};
    let admin = add(db, "sam@example.com", "Sam Carter", Role::ProgramAdmin).await;
    let ana = add(db, "ana@example.com", "Ana Lopez", Role::Participant).await;
    let bo = add(db, "bo@example.com", "Bo Chen", Role::Participant).await;
    let cy = add(db, "cy@example.com", "Cy Diaz", Role::Participant).await;
    let program = db.create_program(&spec("Peers"), admin).await.unwrap();
    let round = db.publish_pairs(program, &[(ana, bo)]).await.unwrap();
    let story = |body: &str, readers: StoryReaders| StorySpec {
        body: body.into(),
        readers,
    };
    let rows = db.story_rounds(ana).await.unwrap();
    assert_eq!(rows.len(), 1);
    let ends_at = rows[0].ends_at;
    assert_eq!(
        ends_at
            - db.round(program, round)
                .await
                .unwrap()
                .unwrap()
                .published_at
                .unwrap(),
        spec_rotation(db, program).await * 604_800
    );
    assert_eq!((rows[0].body.clone(), rows[0].readers), (None, None));

    // Not before the round's last two weeks; never by someone who was not in it.
    let opens = ends_at - 14 * 86_400;
    let named = story(
        "We shipped the rota tool together.",
        StoryReaders::ReportNamed,
    );
    assert!(!db.save_story(ana, round, &named, opens - 1).await.unwrap());
    assert!(!db.save_story(cy, round, &named, opens).await.unwrap());
    assert!(db.save_story(ana, round, &named, opens).await.unwrap());
    assert!(db
        .save_story(
            bo,
            round,
            &story("Kept to myself.", StoryReaders::Nobody),
            opens
        )
        .await
        .unwrap());
    let mine = &db.story_rounds(ana).await.unwrap()[0];
    assert_eq!(
        mine.body.as_deref(),
        Some("We shipped the rota tool together.")
    );
    assert_eq!(mine.readers, Some(StoryReaders::ReportNamed));

    // Admins read only what was opened to them.
    let stories = db.program_stories(program).await.unwrap();
    assert_eq!(stories.len(), 1, "Bo's story is his alone");
    let id = stories[0].id;
    assert_eq!(stories[0].author_name, "Ana Lopez");
    let bos = db.story_rounds(bo).await.unwrap();
    assert_eq!(bos[0].readers, Some(StoryReaders::Nobody));

    // Into the report, then out of it when Ana keeps it to admins; it does not come back by
    // itself when she lets it in again.
    assert!(db.featured_stories(None).await.unwrap().is_empty());
    assert!(db.feature_story(program, id, true).await.unwrap());
    assert_eq!(db.featured_stories(Some(program)).await.unwrap()[0].id, id);
    assert_eq!(db.featured_stories(None).await.unwrap().len(), 1);
    assert!(db
        .featured_stories(Some(program + 1))
        .await
        .unwrap()
        .is_empty());
    assert!(db
        .save_story(
            ana,
            round,
            &story("Edited.", StoryReaders::Admins),
            opens + 60
        )
        .await
        .unwrap());
    assert!(db.featured_stories(None).await.unwrap().is_empty());
    assert!(
        !db.feature_story(program, id, true).await.unwrap(),
        "not a story kept from the report"
    );
    assert!(db
        .save_story(
            ana,
            round,
            &story("Edited.", StoryReaders::Report),
            opens + 120
        )
        .await
        .unwrap());
    assert!(db.featured_stories(None).await.unwrap().is_empty());
    assert!(
        !db.feature_story(program + 1, id, true).await.unwrap(),
        "not from another program"
    );

    // Whatever writes the row, a story kept from the report cannot be in it.
    let forced = sqlx::query("UPDATE stories SET featured = 1, readers = 'admins' WHERE id = $1")
        .bind(id)
        .execute(db.pool())
        .await;
    assert!(forced.is_err());
}

/// A half-hour session of a group (`round`, `group_no`) proposed by `by`, starting `at`.
fn half_hour(
    program: i64,
    (round, group_no): (i64, i64),
    by: i64,
    at: i64,
) -> app::ssr::storage::NewPairSession {
    app::ssr::storage::NewPairSession {
        program_id: program,
        round_id: round,
        group_no,
        proposed_by: by,
        starts_at: at,
        ends_at: at + 1_800,
        time_zone: "UTC".into(),
        place: String::new(),
        video_url: String::new(),
        agenda: Vec::new(),
        replaces: None,
    }
}

/// What a certificate states comes from the groups and their held sessions; the same facts
/// issued twice give one certificate, kept as issued.
async fn certificates_state_roles_sessions_and_hours_and_are_issued_once_per_facts(db: &Db) {
    use app::domain::{CertificateCode, CertificateRole};
    let admin = add(db, "sam@example.com", "Sam Carter", Role::ProgramAdmin).await;
    let ana = add(db, "ana@example.com", "Ana Lopez", Role::Participant).await;
    let bo = add(db, "bo@example.com", "Bo Chen", Role::Participant).await;
    let cy = add(db, "cy@example.com", "Cy Diaz", Role::Participant).await;
    let program = db.create_program(&spec("Peers"), admin).await.unwrap();
    let t = now();
    assert!(db.certificate_facts(ana, t).await.unwrap().is_empty());

    let round = db
        .publish_pairs(program, &[(ana, bo), (cy, admin)])
        .await
        .unwrap();
    // Asked after publishing: a round published in the next second is not yet counted.
    let t = now();
    let groups = db.round_groups(round).await.unwrap();
    let ana_group = groups
        .iter()
        .find(|g| g.members.contains(&ana))
        .unwrap()
        .group_no;
    // Ana mentors Bo in this round.
    sqlx::query("UPDATE round_groups SET mentor_id = $1 WHERE round_id = $2 AND group_no = $3")
        .bind(ana)
        .bind(round)
        .bind(ana_group)
        .execute(db.pool())
        .await
        .unwrap();
    assert!(
        db.certificate_facts(ana, t).await.unwrap().is_empty(),
        "nothing to certify before a session is held"
    );
    // Two held sessions (30 and 90 minutes), one that did not happen, one cancelled.
    for (at, minutes, held, cancel) in [
        (t - 90_000, 30, true, false),
        (t - 80_000, 90, true, false),
        (t - 70_000, 60, false, false),
        (t - 60_000, 60, true, true),
    ] {
        let mut s = half_hour(program, (round, ana_group), ana, at);
        s.ends_at = at + minutes * 60;
        let id = db.create_session(&s, &[]).await.unwrap();
        db.record_session(id, held, "").await.unwrap();
        if cancel {
            sqlx::query("UPDATE pair_sessions SET state = 'cancelled' WHERE id = $1")
                .bind(id)
                .execute(db.pool())
                .await
                .unwrap();
        }
    }

    let facts = db.certificate_facts(ana, t).await.unwrap();
    assert_eq!(facts.len(), 1, "{facts:?}");
    let f = &facts[0];
    assert_eq!(
        (
            f.program_id,
            f.program_name.as_str(),
            f.role,
            f.sessions,
            f.minutes
        ),
        (program, "Peers", CertificateRole::Mentor, 2, 120)
    );
    let published = db
        .round(program, round)
        .await
        .unwrap()
        .unwrap()
        .published_at
        .unwrap();
    assert_eq!(f.from_day, published / 86_400);
    assert_eq!(
        f.to_day,
        t / 86_400,
        "a running round counts up to the day asked"
    );
    let bo_facts = db.certificate_facts(bo, t).await.unwrap();
    assert_eq!(
        bo_facts
            .iter()
            .map(|f| (f.role, f.sessions))
            .collect::<Vec<_>>(),
        vec![(CertificateRole::Mentee, 2)]
    );
    assert!(
        db.certificate_facts(cy, t).await.unwrap().is_empty(),
        "Cy's group held no session"
    );

    let first = CertificateCode::from_random([1; app::domain::CERTIFICATE_CODE_LEN]);
    let again = CertificateCode::from_random([2; app::domain::CERTIFICATE_CODE_LEN]);
    let issued = db.issue_certificate(ana, f, &first, t).await.unwrap();
    assert_eq!(issued, first.as_str());
    assert_eq!(
        db.issue_certificate(ana, f, &again, t + 60).await.unwrap(),
        first.as_str(),
        "the same facts keep their certificate"
    );
    assert_eq!(db.certificate(&again).await.unwrap(), None);

    // A renamed person and a later session leave the issued certificate as it was.
    sqlx::query("UPDATE users SET name = 'Ana Lopez-Diaz' WHERE id = $1")
        .bind(ana)
        .execute(db.pool())
        .await
        .unwrap();
    let row = db.certificate(&first).await.unwrap().unwrap();
    assert_eq!(
        (
            row.person_name.as_str(),
            row.program_name.as_str(),
            row.role,
            row.sessions,
            row.minutes,
            row.issued_at
        ),
        ("Ana Lopez", "Peers", CertificateRole::Mentor, 2, 120, t)
    );
    let more = app::ssr::storage::CertificateFacts {
        sessions: 3,
        minutes: 150,
        ..f.clone()
    };
    let newer = db
        .issue_certificate(ana, &more, &again, t + 120)
        .await
        .unwrap();
    assert_eq!(newer, again.as_str(), "new facts, new certificate");
    let row = db.certificate(&again).await.unwrap().unwrap();
    assert_eq!(
        (row.person_name.as_str(), row.sessions),
        ("Ana Lopez-Diaz", 3)
    );
    assert_eq!(db.certificate(&first).await.unwrap().unwrap().sessions, 2);
}

async fn set_manager(db: &Db, user: i64, manager: Option<i64>) {
    sqlx::query("UPDATE users SET manager_id = $1 WHERE id = $2")
        .bind(manager)
        .bind(user)
        .execute(db.pool())
        .await
        .unwrap();
}

/// Only the employee's manager may ask; a manager reads by an agreement only while it is
/// agreed, not withdrawn, not ended, and they are still the manager; every export is logged.
async fn review_records_reach_a_manager_only_by_an_agreement_that_holds(db: &Db) {
    use app::domain::{ConsentState, RecordFormat, ReviewScope};
    let mo = add(db, "mo@example.com", "Mo Reyes", Role::Participant).await;
    let ana = add(db, "ana@example.com", "Ana Lopez", Role::Participant).await;
    let bo = add(db, "bo@example.com", "Bo Chen", Role::Participant).await;
    set_manager(db, ana, Some(mo)).await;
    let t = now();

    assert!(
        !db.request_review(bo, ana, t, &[]).await.unwrap(),
        "Bo is not her manager"
    );
    assert!(
        !db.request_review(mo, mo, t, &[]).await.unwrap(),
        "nor is anyone their own"
    );
    assert!(db.request_review(mo, ana, t, &[]).await.unwrap());
    assert!(
        !db.request_review(mo, ana, t + 1, &[]).await.unwrap(),
        "one open request at a time"
    );
    assert_eq!(
        db.direct_reports(mo).await.unwrap(),
        vec![(ana, "Ana Lopez".to_owned())]
    );

    let request = db.consents_of_employee(ana).await.unwrap();
    assert_eq!(request.len(), 1);
    let (id, state) = (request[0].id, request[0].state);
    assert_eq!(state, ConsentState::Pending);
    assert_eq!(request[0].manager_name, "Mo Reyes");
    assert_eq!(
        db.readable_consent(id, mo, t).await.unwrap(),
        None,
        "not before she agrees"
    );

    let scope = ReviewScope {
        programs: true,
        goals: vec![7],
        ..ReviewScope::default()
    };
    let until = t + 7 * 86_400;
    assert!(
        !db.answer_review(id, bo, Some((&scope, until)), t, &[])
            .await
            .unwrap(),
        "only she answers"
    );
    assert!(db
        .answer_review(id, ana, Some((&scope, until)), t, &[])
        .await
        .unwrap());
    assert!(
        !db.answer_review(id, ana, None, t, &[]).await.unwrap(),
        "an answer is given once"
    );
    let readable = db.readable_consent(id, mo, t + 60).await.unwrap().unwrap();
    assert_eq!(readable.scope.0, scope);
    assert_eq!(readable.employee_name, "Ana Lopez");
    assert_eq!(
        db.readable_consent(id, bo, t + 60).await.unwrap(),
        None,
        "only to Mo"
    );
    assert_eq!(
        db.readable_consent(id, mo, until).await.unwrap(),
        None,
        "ended"
    );

    // A new manager in the org chart: Mo's agreement no longer reads.
    set_manager(db, ana, Some(bo)).await;
    assert_eq!(db.readable_consent(id, mo, t + 60).await.unwrap(), None);
    set_manager(db, ana, Some(mo)).await;
    assert!(db.readable_consent(id, mo, t + 60).await.unwrap().is_some());

    db.log_review_export(ana, mo, Some(id), RecordFormat::Pdf, t + 60)
        .await
        .unwrap();
    db.log_review_export(ana, ana, None, RecordFormat::Json, t + 120)
        .await
        .unwrap();
    assert!(
        !db.revoke_review(id, mo, t + 180).await.unwrap(),
        "only she withdraws"
    );
    assert!(db.revoke_review(id, ana, t + 180).await.unwrap());
    assert_eq!(
        db.readable_consent(id, mo, t + 240).await.unwrap(),
        None,
        "withdrawn"
    );
    let consent = &db.consents_of_employee(ana).await.unwrap()[0];
    assert_eq!(
        (consent.state, consent.revoked_at),
        (ConsentState::Revoked, Some(t + 180))
    );

    // She reads every export, newest first, each reader named as they were when they read.
    sqlx::query("UPDATE users SET name = 'Mo R.' WHERE id = $1")
        .bind(mo)
        .execute(db.pool())
        .await
        .unwrap();
    let log: Vec<(Option<i64>, String, Option<i64>, RecordFormat)> = db
        .review_exports(ana)
        .await
        .unwrap()
        .into_iter()
        .map(|e| (e.reader_id, e.reader_name, e.consent_id, e.format))
        .collect();
    assert_eq!(
        log,
        vec![
            (Some(ana), "Ana Lopez".to_owned(), None, RecordFormat::Json),
            (Some(mo), "Mo Reyes".to_owned(), Some(id), RecordFormat::Pdf),
        ]
    );
    // After declining, Mo may ask again.
    assert!(db.request_review(mo, ana, t + 300, &[]).await.unwrap());
    let again = db.consents_of_manager(mo).await.unwrap()[0].id;
    assert!(db
        .answer_review(again, ana, None, t + 360, &[])
        .await
        .unwrap());
    assert_eq!(
        db.consents_of_manager(mo).await.unwrap()[0].state,
        ConsentState::Declined
    );
    assert!(db.request_review(mo, ana, t + 400, &[]).await.unwrap());
}

/// A page part's reads run on one connection taken from the pool (`Db::holding`): what one
/// statement leaves on its connection, the next one sees, from every clone at once, while the
/// pool's other connections never see it; writes through it reach everyone.
async fn a_holding_db_runs_every_statement_on_its_one_connection(db: &Db) {
    let held = db.holding().await.unwrap();
    // A temporary table lives on the connection that made it, on both databases.
    sqlx::query("CREATE TEMPORARY TABLE held_probe (n INTEGER NOT NULL)")
        .execute(&held)
        .await
        .unwrap();
    sqlx::query("INSERT INTO held_probe (n) VALUES (1), (2), (3)")
        .execute(&held)
        .await
        .unwrap();

    // Clones share the connection and take turns on it.
    let readers: Vec<_> = (0..8)
        .map(|_| {
            let held = held.clone();
            tokio::spawn(async move {
                let rows: Vec<(i64,)> = sqlx::query_as("SELECT n FROM held_probe ORDER BY n")
                    .fetch_all(&held)
                    .await
                    .unwrap();
                rows.into_iter().map(|(n,)| n).collect::<Vec<_>>()
            })
        })
        .collect();
    for reader in readers {
        assert_eq!(reader.await.unwrap(), vec![1, 2, 3]);
    }

    // Reading one row of three leaves the connection free for the next statement.
    let first: Option<(i64,)> = sqlx::query_as("SELECT n FROM held_probe ORDER BY n")
        .fetch_optional(&held)
        .await
        .unwrap();
    assert_eq!(first, Some((1,)));
    let count: (i64,) = sqlx::query_as("SELECT COUNT(*) FROM held_probe")
        .fetch_one(&held)
        .await
        .unwrap();
    assert_eq!(count, (3,));

    // Holding again keeps the same connection rather than taking a second.
    let again = held.holding().await.unwrap();
    let count: (i64,) = sqlx::query_as("SELECT COUNT(*) FROM held_probe")
        .fetch_one(&again)
        .await
        .unwrap();
    assert_eq!(count, (3,));

    // The pool's other connections do not have the table.
    let elsewhere = sqlx::query("SELECT n FROM held_probe")
        .fetch_all(db.pool())
        .await;
    assert!(
        elsewhere.is_err(),
        "another connection saw the held one's table"
    );

    // The storage layer's reads and writes work from a holding Db as from the pool.
    let ana = add(&held, "ana@example.com", "Ana Lopez", Role::Participant).await;
    let seen = db
        .user_by_email(&email("ana@example.com"))
        .await
        .unwrap()
        .expect("a write through the held connection reaches the pool's");
    assert_eq!(seen.id, ana);
    let read_back = held.user_by_id(ana).await.unwrap().unwrap();
    assert_eq!(read_back.name, "Ana Lopez");
}
