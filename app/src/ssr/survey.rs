//! A program's enrollment survey, as its admins write it: questions added, edited, reordered
//! and removed until the program starts, when the survey locks so answers keep their meaning.

use super::access;
use super::AppState;
use crate::domain::{ProgramState, QuestionInput, QUESTIONS_MAX};
use crate::error::AppError;
use crate::models::{Program, SurveyPage, User};

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
    let program = access::program_run_by(state, user, program_id).await?;
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
    let program = access::program_run_by(state, user, program_id).await?;
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
    let spec = input.parse(
        &others,
        existing
            .as_ref()
            .map(|q| q.options.as_slice())
            .unwrap_or(&[]),
    )?;
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
    let program = access::program_run_by(state, user, program_id).await?;
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
    let program = access::program_run_by(state, user, program_id).await?;
    survey_editable(&program)?;
    state.db.move_question(program_id, question_id, up).await?;
    Ok(())
}
