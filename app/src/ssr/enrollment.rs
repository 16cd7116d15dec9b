//! Enrollment rules: who may join, what each person may see.
//!
//! Participants see only their own answers and avoid list. Program admins (and org admins) see
//! the answers and preferred partners of the programs they manage, never an avoid list.

use super::access;
use super::storage::EnrollmentWrite;
use super::AppState;
use crate::domain::{
    describe_answer, is_complete, parse_answers, Email, EnrollmentInput, EnrollmentStatus,
    ProgramState,
};
use crate::error::AppError;
use crate::models::{
    AnswerLine, EnrolledPerson, EnrollmentCounts, EnrollmentList, EnrollmentPage, User,
};
use std::collections::HashMap;

/// The signed-in person's own enrollment page.
pub async fn enrollment_page(
    state: &AppState,
    user: &User,
    program_id: i64,
) -> Result<EnrollmentPage, AppError> {
    let (program, _) = access::program(state, user, program_id).await?;
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
    let (program, _) = access::program(state, user, program_id).await?;
    if program.state != ProgramState::Enrolling {
        return Err(AppError::Conflict(
            "Enrollment in this program is closed.".into(),
        ));
    }
    if let Some(problem) = program.eligibility_problem(&user.department, user.level) {
        return Err(AppError::invalid("", problem));
    }
    let spec = input.parse(program.format, &user.email)?;
    let questions = state.db.questions(program_id).await?;
    let answers = parse_answers(&questions, answers)?;
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
    let (program, _) = access::program(state, user, program_id).await?;
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
    access::program(state, user, program_id).await?;
    Ok(state.db.mark_guidelines_read(program_id, user.id).await?)
}

/// Everyone enrolled in a program, with answers and preferred partners, for its admins.
pub async fn enrollment_list(
    state: &AppState,
    user: &User,
    program_id: i64,
) -> Result<EnrollmentList, AppError> {
    let program = access::program_run_by(state, user, program_id).await?;
    let db = &state.db;
    let questions = db.questions(program_id).await?;
    let mut preferred: HashMap<i64, Vec<String>> = HashMap::new();
    for (who, name) in db.preferred_partner_names(program_id).await? {
        preferred.entry(who).or_default().push(name);
    }
    let rows = db.enrollments(program_id).await?;
    let counts = EnrollmentCounts::of(&questions, rows.iter().map(|r| &r.enrollment));
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
