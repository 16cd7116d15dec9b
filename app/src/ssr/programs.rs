//! Programs: their pages, who runs them, and how they move through their life cycle. Who may
//! see and run a program is decided in [`access`].

use super::access;
use super::storage::NewJob;
use super::{emails, outbox, AppState};
use crate::domain::{Email, NotificationKind, ProgramInput, ProgramState, Role};
use crate::error::AppError;
use crate::models::{EnrollmentCounts, Program, ProgramView, User};
use crate::ssr::support::markdown;

pub async fn list(state: &AppState, user: &User) -> Result<Vec<Program>, AppError> {
    Ok(state
        .db
        .programs(user.role.at_least(Role::ProgramAdmin))
        .await?)
}

pub async fn view(state: &AppState, user: &User, id: i64) -> Result<ProgramView, AppError> {
    let (program, can_manage) = access::program(state, user, id).await?;
    let db = &state.db;
    let admins = db.program_admins(id).await?;
    let guidelines_html = markdown::render(&program.guidelines);
    let counts = if can_manage {
        let questions = db.questions(id).await?;
        let rows = db.enrollments(id).await?;
        Some(EnrollmentCounts::of(
            &questions,
            rows.iter().map(|r| &r.enrollment),
        ))
    } else {
        None
    };
    let my_status = db.enrollment(id, user.id).await?.map(|e| e.status);
    let guidelines_read = db.guidelines_read(id, user.id).await?;
    Ok(ProgramView {
        ineligible: program.eligibility_problem(&user.department, user.level),
        program,
        guidelines_html,
        admins,
        can_manage,
        counts,
        my_status,
        guidelines_read,
    })
}

/// The people named to run a program: each must be a program admin or an org admin.
async fn program_admins(state: &AppState, raw: &str) -> Result<Vec<i64>, AppError> {
    let emails = Email::parse_list(raw, 20).map_err(|m| AppError::invalid("admins", m))?;
    let mut ids = Vec::with_capacity(emails.len());
    for email in &emails {
        let person = state.db.user_by_email(email).await?.ok_or_else(|| {
            AppError::invalid(
                "admins",
                format!("Nobody in Tandem has the address {email}."),
            )
        })?;
        if !person.role.at_least(Role::ProgramAdmin) {
            return Err(AppError::invalid(
                "admins",
                format!(
                    "{} is not a program admin. An org admin can make them one on the People page.",
                    person.name
                ),
            ));
        }
        ids.push(person.id);
    }
    Ok(ids)
}

/// Creates (no id) or updates a program and who runs it (`admins`, email addresses); returns
/// its id. Whoever creates a program runs it; a program always has someone running it.
pub async fn save(
    state: &AppState,
    user: &User,
    id: Option<i64>,
    input: &ProgramInput,
    admins: &str,
) -> Result<i64, AppError> {
    if !user.role.at_least(Role::ProgramAdmin) {
        return Err(AppError::Forbidden);
    }
    let spec = input.parse()?;
    let mut admins = program_admins(state, admins).await?;
    match id {
        None => {
            let id = state.db.create_program(&spec, user.id).await?;
            if !admins.contains(&user.id) {
                admins.insert(0, user.id);
            }
            state.db.set_program_admins(id, &admins).await?;
            Ok(id)
        }
        Some(id) => {
            let program = access::program_run_by(state, user, id).await?;
            if program.state == ProgramState::Finished {
                return Err(AppError::Conflict(
                    "A finished program can no longer be changed.".into(),
                ));
            }
            if admins.is_empty() {
                return Err(AppError::invalid(
                    "admins",
                    "Name at least one person to run the program.",
                ));
            }
            state.db.update_program(id, &spec).await?;
            state.db.set_program_admins(id, &admins).await?;
            Ok(id)
        }
    }
}

pub async fn change_state(
    state: &AppState,
    user: &User,
    id: i64,
    to: &str,
) -> Result<ProgramState, AppError> {
    let to = ProgramState::parse(to)
        .ok_or_else(|| AppError::invalid("state", format!("{to:?} is not a program state.")))?;
    let program = access::program_run_by(state, user, id).await?;
    if !program.state.can_move_to(to) {
        return Err(AppError::Conflict(format!(
            "A {} program cannot become {}.",
            program.state.label().to_lowercase(),
            to.label().to_lowercase()
        )));
    }
    let jobs = if program.state == ProgramState::Draft && to == ProgramState::Enrolling {
        let mut jobs = enrollment_open(state, &program).await?;
        jobs.push(outbox::announce(
            id,
            crate::domain::ChatNews::EnrollmentOpen,
        ));
        jobs
    } else {
        Vec::new()
    };
    if !state
        .db
        .change_program_state(id, program.state, to, &jobs)
        .await?
    {
        return Err(AppError::Conflict(
            "Someone else changed this program just now. Reload to see it.".into(),
        ));
    }
    tracing::info!(
        program_id = id,
        from = program.state.as_str(),
        to = to.as_str(),
        "program state changed"
    );
    Ok(to)
}

/// A program opening for enrollment is announced to everyone its eligibility rules admit,
/// once: the key names the program.
async fn enrollment_open(state: &AppState, program: &Program) -> Result<Vec<NewJob>, AppError> {
    let link = state
        .settings
        .link(&format!("/programs/{}/enroll", program.id));
    Ok(state
        .db
        .active_people()
        .await?
        .into_iter()
        .filter(|p| {
            program
                .eligibility_problem(&p.department, p.level)
                .is_none()
        })
        .map(|p| {
            let mail = emails::enrollment_open(
                &p.email,
                &p.name,
                &program.name,
                &program.description,
                &program.enrollment_closes_on,
                &link,
            );
            let key = format!("program:{}:enrollment_open:user:{}", program.id, p.id);
            outbox::notify(&state.settings, p.id, NotificationKind::Programs, mail, key)
        })
        .collect())
}
