//! Enrollment rules: who may edit a program's survey, who may join, what each person may see.
//!
//! Participants see only their own answers and avoid list. Program admins (and org admins) see
//! the answers and preferred partners of the programs they manage, never an avoid list.

use super::programs::{load, manageable};
use super::storage::{EnrollmentRow, EnrollmentWrite};
use super::AppState;
use crate::domain::{
    describe_answer, is_complete, parse_answers, Email, EnrollmentInput, EnrollmentStatus,
    ProgramState, Question, QuestionInput, SurveyError, QUESTIONS_MAX,
};
use crate::error::AppError;
use crate::models::{
    AnswerLine, DashboardPrograms, EnrolledPerson, EnrollmentCounts, EnrollmentList,
    EnrollmentPage, Onboarding, Program, SurveyPage, User,
};
use std::collections::HashMap;

fn survey_error(e: SurveyError) -> AppError {
    AppError::invalid(e.field, e.message)
}

/// The survey can change until the program starts; after that answers must keep their meaning.
fn survey_editable(program: &Program) -> Result<(), AppError> {
    match program.state {
        ProgramState::Draft | ProgramState::Enrolling => Ok(()),
        _ => Err(AppError::Conflict(
            "The survey is locked once the program has started.".into(),
        )),
    }
}

pub async fn survey_page(
    state: &AppState,
    user: &User,
    program_id: i64,
) -> Result<SurveyPage, AppError> {
    let program = manageable(state, user, program_id).await?;
    let questions = state.db.questions(program_id).await?;
    Ok(SurveyPage {
        editable: survey_editable(&program).is_ok(),
        program,
        questions,
    })
}

/// Adds a question (no id) or saves one.
pub async fn save_question(
    state: &AppState,
    user: &User,
    program_id: i64,
    question_id: Option<i64>,
    input: &QuestionInput,
) -> Result<i64, AppError> {
    let program = manageable(state, user, program_id).await?;
    survey_editable(&program)?;
    let questions = state.db.questions(program_id).await?;
    let (others, existing): (Vec<_>, Vec<_>) = questions
        .into_iter()
        .partition(|q| Some(q.id) != question_id);
    let existing = match (question_id, existing.into_iter().next()) {
        (Some(_), Some(q)) => Some(q),
        (Some(_), None) => return Err(AppError::NotFound("There is no such question.".into())),
        (None, _) => None,
    };
    if existing.is_none() && others.len() >= QUESTIONS_MAX {
        return Err(AppError::invalid(
            "",
            format!("A survey has at most {QUESTIONS_MAX} questions."),
        ));
    }
    let spec = input
        .parse(
            &others,
            existing
                .as_ref()
                .map(|q| q.options.as_slice())
                .unwrap_or(&[]),
        )
        .map_err(survey_error)?;
    if let Some(q) = &existing {
        // A question others meet must stay a choice question.
        if !spec.kind.has_options() && others.iter().any(|o| o.complements == Some(q.id)) {
            return Err(AppError::invalid(
                "kind",
                "A complementary question meets this one, so it must stay a choice question.",
            ));
        }
    }
    match question_id {
        None => Ok(state.db.add_question(program_id, &spec).await?),
        Some(id) => {
            state.db.update_question(program_id, id, &spec).await?;
            Ok(id)
        }
    }
}

pub async fn delete_question(
    state: &AppState,
    user: &User,
    program_id: i64,
    question_id: i64,
) -> Result<(), AppError> {
    let program = manageable(state, user, program_id).await?;
    survey_editable(&program)?;
    if !state.db.delete_question(program_id, question_id).await? {
        return Err(AppError::NotFound("There is no such question.".into()));
    }
    Ok(())
}

pub async fn move_question(
    state: &AppState,
    user: &User,
    program_id: i64,
    question_id: i64,
    direction: &str,
) -> Result<(), AppError> {
    let up = match direction {
        "up" => true,
        "down" => false,
        other => {
            return Err(AppError::invalid(
                "direction",
                format!("{other:?} is not up or down."),
            ))
        }
    };
    let program = manageable(state, user, program_id).await?;
    survey_editable(&program)?;
    state.db.move_question(program_id, question_id, up).await?;
    Ok(())
}

/// The signed-in person's own enrollment page.
pub async fn enrollment_page(
    state: &AppState,
    user: &User,
    program_id: i64,
) -> Result<EnrollmentPage, AppError> {
    let (program, _) = load(state, user, program_id).await?;
    let db = &state.db;
    Ok(EnrollmentPage {
        questions: db.questions(program_id).await?,
        enrollment: db.enrollment(program_id, user.id).await?,
        preferred: db.preferred_partners(program_id, user.id).await?,
        avoid: db.avoid_list(program_id, user.id).await?,
        ineligible: program.eligibility_problem(&user.department, user.level),
        program,
    })
}

/// Looks up people named in a partner list; an address nobody in Tandem has is an error on
/// that field.
async fn people(
    state: &AppState,
    field: &'static str,
    emails: &[Email],
) -> Result<Vec<i64>, AppError> {
    let mut ids = Vec::with_capacity(emails.len());
    for email in emails {
        match state.db.user_by_email(email).await? {
            Some(u) => ids.push(u.id),
            None => {
                return Err(AppError::invalid(
                    field,
                    format!("Nobody in Tandem has the address {email}."),
                ))
            }
        }
    }
    Ok(ids)
}

/// Enrolls the signed-in person, or saves their changes, while enrollment is open.
pub async fn enroll(
    state: &AppState,
    user: &User,
    program_id: i64,
    input: &EnrollmentInput,
    answers: &HashMap<String, String>,
) -> Result<(), AppError> {
    let (program, _) = load(state, user, program_id).await?;
    if program.state != ProgramState::Enrolling {
        return Err(AppError::Conflict(
            "Enrollment in this program is closed.".into(),
        ));
    }
    if let Some(problem) = program.eligibility_problem(&user.department, user.level) {
        return Err(AppError::invalid("", problem));
    }
    let spec = input
        .parse(program.format, &user.email)
        .map_err(|e| AppError::invalid(e.field, e.message))?;
    let questions = state.db.questions(program_id).await?;
    let answers = parse_answers(&questions, answers).map_err(survey_error)?;
    let preferred = people(state, "preferred", &spec.preferred).await?;
    let avoid = people(state, "avoid", &spec.avoid).await?;
    state
        .db
        .save_enrollment(
            program_id,
            user.id,
            EnrollmentWrite {
                role: spec.role,
                capacity: spec.capacity,
                answers: &answers,
                preferred: &preferred,
                avoid: &avoid,
            },
        )
        .await?;
    tracing::info!(program_id, user_id = user.id, "enrollment saved");
    Ok(())
}

/// Pauses (skips the next round), resumes, or leaves a program.
pub async fn set_status(
    state: &AppState,
    user: &User,
    program_id: i64,
    status: &str,
) -> Result<EnrollmentStatus, AppError> {
    let to = EnrollmentStatus::parse(status).ok_or_else(|| {
        AppError::invalid("status", format!("{status:?} is not an enrollment status."))
    })?;
    let (program, _) = load(state, user, program_id).await?;
    let current = state
        .db
        .enrollment(program_id, user.id)
        .await?
        .ok_or_else(|| AppError::NotFound("You have not joined this program.".into()))?;
    if !matches!(
        program.state,
        ProgramState::Enrolling | ProgramState::Running
    ) {
        return Err(AppError::Conflict(format!(
            "This program is {}; nothing can change now.",
            program.state.label().to_lowercase()
        )));
    }
    if current.status == EnrollmentStatus::Left && to != EnrollmentStatus::Left {
        return Err(AppError::Conflict(
            "You left this program. Join it again from its enrollment page while enrollment is open."
                .into(),
        ));
    }
    state
        .db
        .set_enrollment_status(program_id, user.id, to)
        .await?;
    tracing::info!(
        program_id,
        user_id = user.id,
        status = to.as_str(),
        "enrollment status changed"
    );
    Ok(to)
}

pub async fn mark_guidelines_read(
    state: &AppState,
    user: &User,
    program_id: i64,
) -> Result<(), AppError> {
    load(state, user, program_id).await?;
    Ok(state.db.mark_guidelines_read(program_id, user.id).await?)
}

/// Enrollment figures from a program's enrollments: people by status, and those still in the
/// program whose required answers are all given.
fn counts_of(questions: &[Question], rows: &[EnrollmentRow]) -> EnrollmentCounts {
    let mut counts = EnrollmentCounts::default();
    for row in rows {
        let e = &row.enrollment;
        match e.status {
            EnrollmentStatus::Active => counts.active += 1,
            EnrollmentStatus::Paused => counts.paused += 1,
            EnrollmentStatus::Left => counts.left += 1,
        }
        if e.status != EnrollmentStatus::Left && is_complete(questions, &e.answers) {
            counts.complete += 1;
        }
    }
    counts
}

/// Everyone enrolled in a program, with answers and preferred partners, for its admins.
pub async fn enrollment_list(
    state: &AppState,
    user: &User,
    program_id: i64,
) -> Result<EnrollmentList, AppError> {
    let program = manageable(state, user, program_id).await?;
    let db = &state.db;
    let questions = db.questions(program_id).await?;
    let mut preferred: HashMap<i64, Vec<String>> = HashMap::new();
    for (who, name) in db.preferred_partner_names(program_id).await? {
        preferred.entry(who).or_default().push(name);
    }
    let rows = db.enrollments(program_id).await?;
    let counts = counts_of(&questions, &rows);
    let people: Vec<EnrolledPerson> = rows
        .into_iter()
        .map(|row| {
            let e = row.enrollment;
            EnrolledPerson {
                complete: is_complete(&questions, &e.answers),
                answers: questions
                    .iter()
                    .filter_map(|q| {
                        e.answers.get(&q.id).map(|a| AnswerLine {
                            prompt: q.prompt.clone(),
                            answer: describe_answer(q, a),
                        })
                    })
                    .collect(),
                preferred: preferred.remove(&row.user_id).unwrap_or_default(),
                user_id: row.user_id,
                name: row.name,
                email: row.email,
                department: row.department,
                level: row.level,
                role: e.role,
                capacity: e.capacity,
                status: e.status,
                updated_at: e.updated_at,
            }
        })
        .collect();
    Ok(EnrollmentList {
        program,
        counts,
        people,
    })
}

/// The dashboard's programs: an onboarding checklist per joined program, and the programs open
/// for enrollment that this person may join.
pub async fn dashboard(state: &AppState, user: &User) -> Result<DashboardPrograms, AppError> {
    let db = &state.db;
    let mut onboarding = Vec::new();
    let mut matches = Vec::new();
    let joined = db.enrollments_of(user.id).await?;
    for (program_id, enrollment) in &joined {
        let Some(program) = db.program(*program_id).await? else {
            continue;
        };
        let questions = db.questions(program.id).await?;
        let card = super::rounds::match_card(state, user, program.id).await?;
        onboarding.push(Onboarding {
            program_id: program.id,
            program_name: program.name,
            program_state: program.state,
            status: enrollment.status,
            guidelines_read: db.guidelines_read(program.id, user.id).await?,
            profile_gaps: user.profile_gaps(),
            survey_complete: is_complete(&questions, &enrollment.answers),
            matched: card.is_some(),
            meeting_booked: card.is_some() && db.has_accepted_session(program.id, user.id).await?,
        });
        matches.extend(card);
    }
    let open = db
        .programs(false)
        .await?
        .into_iter()
        .filter(|p| p.state == ProgramState::Enrolling)
        .filter(|p| !joined.iter().any(|(id, _)| *id == p.id))
        .filter(|p| {
            p.eligibility_problem(&user.department, user.level)
                .is_none()
        })
        .collect();
    Ok(DashboardPrograms {
        matches,
        onboarding,
        open,
    })
}

/// The enrollment figures and the viewer's own part, for the program page.
pub async fn program_extras(
    state: &AppState,
    user: &User,
    program: &Program,
    can_manage: bool,
) -> Result<(Option<EnrollmentCounts>, Option<EnrollmentStatus>, bool), AppError> {
    let db = &state.db;
    let counts = if can_manage {
        let questions = db.questions(program.id).await?;
        let rows = db.enrollments(program.id).await?;
        Some(counts_of(&questions, &rows))
    } else {
        None
    };
    let mine = db.enrollment(program.id, user.id).await?.map(|e| e.status);
    let read = db.guidelines_read(program.id, user.id).await?;
    Ok((counts, mine, read))
}
