//! Mentors people choose. In a mentoring program whose admins let mentees choose, a mentee
//! browses the mentors the engine's rules allow for them, ranked by the engine's own score
//! with its reasons, and asks one with a note. The mentor accepts within the program's days
//! (or the request lapses), and an accepted request becomes the pair's group in the current
//! round. Every hard rule and the mentor's places are checked again when they accept.

use super::match_input;
use crate::domain::{
    answer_days, request_note, ChoiceMode, EnrollmentStatus, MentorRequestState, NotificationKind,
    ProgramFormat, ProgramState, ANSWER_DAYS_DEFAULT,
};
use crate::error::AppError;
use crate::matching::{self, MatchGroup, PairScore};
use crate::models::{MentorCard, MentorRequestLine, MentorsPage, Program, User};
use crate::ssr::storage::{now, Accepted, MentorRequestRow};
use crate::ssr::support::clock::moment_in;
use crate::ssr::{access, emails, outbox, AppState};

fn no_mentor() -> AppError {
    AppError::NotFound("There is no such mentor to ask in this program.".into())
}

fn no_request() -> AppError {
    AppError::NotFound("There is no such request waiting for you.".into())
}

fn mentoring(program: &Program) -> bool {
    matches!(
        program.format,
        ProgramFormat::MentorMentee | ProgramFormat::Reverse
    )
}

async fn choice(state: &AppState, program_id: i64) -> Result<(ChoiceMode, i64), AppError> {
    Ok(state
        .db
        .mentor_choice(program_id)
        .await?
        .unwrap_or((ChoiceMode::Admins, ANSWER_DAYS_DEFAULT)))
}

/// Why `user` cannot ask a mentor in `program` now, if they cannot.
async fn cannot_ask(
    state: &AppState,
    user: &User,
    program: &Program,
    mode: ChoiceMode,
    matched: &[i64],
) -> Result<Option<String>, AppError> {
    if !mentoring(program) || !mode.mentees_choose() {
        return Ok(Some("In this program, the admins make the matches.".into()));
    }
    if !matches!(
        program.state,
        ProgramState::Enrolling | ProgramState::Running
    ) {
        return Ok(Some("This program is not taking requests.".into()));
    }
    let enrolled = state.db.enrollment(program.id, user.id).await?;
    match enrolled {
        Some(e) if e.status == EnrollmentStatus::Active && e.role.is_mentee() => {}
        _ => return Ok(Some("Join the program as a mentee to ask a mentor.".into())),
    }
    if matched.contains(&user.id) {
        return Ok(Some("You are matched in the current round.".into()));
    }
    Ok(None)
}

fn line(
    row: &MentorRequestRow,
    name: String,
    zone: &str,
    highlights: Vec<String>,
) -> MentorRequestLine {
    // A request past its day reads as lapsed even before the scan marks it.
    let state = if row.state == MentorRequestState::Pending && row.answer_by <= now() {
        MentorRequestState::Lapsed
    } else {
        row.state
    };
    MentorRequestLine {
        id: row.id,
        name,
        state,
        note: row.note.clone(),
        answer_by: moment_in(row.answer_by, zone),
        highlights,
    }
}

async fn name_of(state: &AppState, id: i64) -> Result<String, AppError> {
    Ok(state
        .db
        .user_by_id(id)
        .await?
        .map(|u| u.name)
        .unwrap_or_default())
}

/// The mentors page of a program `user` may see, the list filtered by `query`.
pub async fn page(
    state: &AppState,
    user: &User,
    program_id: i64,
    query: &str,
) -> Result<MentorsPage, AppError> {
    let (program, runs) = access::program(state, user, program_id).await?;
    let (mode, days) = choice(state, program_id).await?;
    let (taken, matched) = state.db.mentor_load(program_id).await?;
    let cannot = cannot_ask(state, user, &program, mode, &matched).await?;
    let mut mentors = Vec::new();
    let query = query.trim().to_lowercase();
    if cannot.is_none() {
        let input = match_input(state, &program, None).await?;
        for option in matching::mentor_options(&input, user.id, &taken) {
            let Some(m) = state.db.user_by_id(option.mentor).await? else {
                continue;
            };
            let card = MentorCard {
                id: m.id,
                name: m.name,
                job_title: m.job_title,
                department: m.department,
                time_zone: m.time_zone,
                skills_offer: m.skills_offer,
                bio: m.bio,
                places_left: option.places_left,
                score: option.explanation.score,
                highlights: option.explanation.highlights,
            };
            let text = format!(
                "{} {} {} {} {}",
                card.name,
                card.job_title,
                card.department,
                card.skills_offer,
                card.highlights.join(" ")
            )
            .to_lowercase();
            if query.is_empty() || query.split_whitespace().all(|w| text.contains(w)) {
                mentors.push(card);
            }
        }
    }
    let zone = user.time_zone.as_str();
    let mut mine = Vec::new();
    for row in state.db.requests_of_mentee(program_id, user.id).await? {
        mine.push(line(
            &row,
            name_of(state, row.mentor_id).await?,
            zone,
            vec![],
        ));
    }
    let mut incoming = Vec::new();
    let requests = state
        .db
        .requests_to_mentor(program_id, user.id, now())
        .await?;
    if !requests.is_empty() {
        let input = match_input(state, &program, None).await?;
        for row in requests {
            let why =
                matching::request_allowed(&input, user.id, row.mentee_id, &Default::default())
                    .map(|e| e.highlights)
                    .unwrap_or_default();
            incoming.push(line(&row, name_of(state, row.mentee_id).await?, zone, why));
        }
    }
    Ok(MentorsPage {
        program_id,
        program_name: program.name,
        mode,
        answer_days: days,
        runs,
        cannot_ask: cannot,
        mentors,
        query,
        mine,
        incoming,
    })
}

/// `user` asks `mentor_id` to mentor them, with a note the mentor reads.
pub async fn ask(
    state: &AppState,
    user: &User,
    program_id: i64,
    mentor_id: i64,
    note: &str,
) -> Result<(), AppError> {
    let (program, _) = access::program(state, user, program_id).await?;
    let note = request_note(note)?;
    let (mode, days) = choice(state, program_id).await?;
    let (taken, matched) = state.db.mentor_load(program_id).await?;
    if let Some(why) = cannot_ask(state, user, &program, mode, &matched).await? {
        return Err(AppError::Conflict(why));
    }
    // A mentor the rules rule out answers as if absent: an avoid list is never revealed.
    let input = match_input(state, &program, None).await?;
    matching::request_allowed(&input, mentor_id, user.id, &taken).map_err(|_| no_mentor())?;
    let mentor = state
        .db
        .user_by_id(mentor_id)
        .await?
        .ok_or_else(no_mentor)?;
    let at = now();
    let answer_by = at + days * 86_400;
    let link = state
        .settings
        .link(&format!("/programs/{program_id}/mentors#requests"));
    let mail = emails::mentor_requested(
        &mentor.email,
        &mentor.name,
        &user.name,
        &program.name,
        &note,
        &moment_in(answer_by, &mentor.time_zone),
        &link,
    );
    let job = outbox::notify(
        &state.settings,
        mentor.id,
        NotificationKind::Matches,
        mail,
        format!(
            "mentor-request:{program_id}:{}:{at}:mentor:{mentor_id}",
            user.id
        ),
    );
    state
        .db
        .create_mentor_request(program_id, user.id, mentor_id, &note, answer_by, &[job])
        .await?
        .ok_or_else(|| {
            AppError::Conflict(
                "You are waiting for a mentor's answer already: one request at a time.".into(),
            )
        })?;
    tracing::info!(
        program_id,
        mentee = user.id,
        mentor = mentor_id,
        "mentor requested"
    );
    Ok(())
}

/// The mentor `user` answers request `request_id`.
pub async fn answer(
    state: &AppState,
    user: &User,
    program_id: i64,
    request_id: i64,
    accept: bool,
) -> Result<(), AppError> {
    let request = state
        .db
        .mentor_request(request_id)
        .await?
        .filter(|r| {
            r.program_id == program_id
                && r.mentor_id == user.id
                && r.state == MentorRequestState::Pending
                && r.answer_by > now()
        })
        .ok_or_else(no_request)?;
    let (program, _) = access::program(state, user, program_id).await?;
    let mentee = state
        .db
        .user_by_id(request.mentee_id)
        .await?
        .ok_or_else(no_request)?;
    let pair_link = state.settings.link(&format!("/programs/{program_id}/pair"));
    let again_link = state
        .settings
        .link(&format!("/programs/{program_id}/mentors"));
    let key = format!("mentor-request:{request_id}:answer");
    if !accept {
        let mail = emails::mentor_declined(
            &mentee.email,
            &mentee.name,
            &user.name,
            &program.name,
            &again_link,
        );
        let job = outbox::notify(
            &state.settings,
            mentee.id,
            NotificationKind::Matches,
            mail,
            key,
        );
        if !state.db.decline_mentor_request(request_id, &[job]).await? {
            return Err(no_request());
        }
        return Ok(());
    }
    let input = match_input(state, &program, None).await?;
    // Places are counted where it is decided, under the program's lock.
    let explanation = matching::request_allowed(&input, user.id, mentee.id, &Default::default())
        .map_err(|block| {
            AppError::Conflict(format!(
                "This request can no longer be accepted: {}.",
                block.sentence(program.matching.mentor_levels_below)
            ))
        })?;
    let capacity = input
        .participants
        .iter()
        .find(|p| p.id == user.id)
        .map_or(0, |p| p.capacity);
    let mut members = vec![user.id, mentee.id];
    members.sort_unstable();
    let group = MatchGroup {
        members: members.clone(),
        mentor: Some(user.id),
        score: explanation.score,
        locked: false,
        pairs: vec![PairScore {
            a: members[0],
            b: members[1],
            explanation,
        }],
    };
    let mail = emails::mentor_accepted(
        &mentee.email,
        &mentee.name,
        &user.name,
        &program.name,
        &pair_link,
    );
    let job = outbox::notify(
        &state.settings,
        mentee.id,
        NotificationKind::Matches,
        mail,
        key,
    );
    match state
        .db
        .accept_mentor_request(&request, capacity, &group, &[job])
        .await?
    {
        Accepted::Joined { round_id, group_no } => {
            tracing::info!(program_id, round_id, group_no, "mentor request accepted");
            Ok(())
        }
        Accepted::NotPending => Err(no_request()),
        Accepted::Full => Err(AppError::Conflict(
            "Your mentee places are all taken, so this request cannot be accepted.".into(),
        )),
        Accepted::AlreadyMatched => Err(AppError::Conflict(format!(
            "{} has been matched meanwhile.",
            mentee.name
        ))),
    }
}

/// Sets who makes a program's matches and the days mentors have to answer.
pub async fn settings(
    state: &AppState,
    user: &User,
    program_id: i64,
    mode: &str,
    days: &str,
) -> Result<(), AppError> {
    let program = access::program_run_by(state, user, program_id).await?;
    let mode = ChoiceMode::parse(mode)
        .ok_or_else(|| AppError::invalid("mode", format!("{mode:?} is not a choice.")))?;
    if mode.mentees_choose() && !mentoring(&program) {
        return Err(AppError::invalid(
            "mode",
            "Only mentoring programs let mentees choose a mentor.",
        ));
    }
    let days = answer_days(days)?;
    state.db.save_mentor_choice(program_id, mode, days).await?;
    Ok(())
}
