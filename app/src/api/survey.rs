//! The enrollment survey editor of a program, for those who manage it.

use crate::domain::QuestionInput;
use crate::error::AppError;
use crate::models::SurveyPage;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::ssr::{support::context, survey};

#[server(endpoint = "survey")]
pub async fn get_survey(program_id: i64) -> Result<SurveyPage, AppError> {
    let me = context::require_user().await?;
    survey::survey_page(&context::state()?, &me, program_id).await
}

/// The form-field key of an error about one question's form: `new.prompt` for the form that
/// adds a question, `q12.prompt` for question 12, so each form shows only its own messages.
pub fn question_field(question_id: Option<i64>, field: &str) -> String {
    match question_id {
        None => format!("new.{field}"),
        Some(id) => format!("q{id}.{field}"),
    }
}

/// Adds a question (no id) or saves one.
#[server(endpoint = "survey/save")]
pub async fn save_question(
    program_id: i64,
    question_id: Option<i64>,
    input: QuestionInput,
) -> Result<(), AppError> {
    let me = context::require_user().await?;
    let id = survey::save_question(&context::state()?, &me, program_id, question_id, &input)
        .await
        .map_err(|e| match e {
            AppError::Invalid { field, message } if !field.is_empty() => {
                AppError::invalid(question_field(question_id, &field), message)
            }
            other => other,
        })?;
    leptos_axum::redirect(&format!(
        "/programs/{program_id}/survey?saved=1#question-{id}"
    ));
    Ok(())
}

#[server(endpoint = "survey/delete")]
pub async fn delete_question(program_id: i64, question_id: i64) -> Result<(), AppError> {
    let me = context::require_user().await?;
    survey::delete_question(&context::state()?, &me, program_id, question_id).await?;
    leptos_axum::redirect(&format!("/programs/{program_id}/survey?deleted=1"));
    Ok(())
}

#[server(endpoint = "survey/move")]
pub async fn move_question(
    program_id: i64,
    question_id: i64,
    direction: String,
) -> Result<(), AppError> {
    let me = context::require_user().await?;
    survey::move_question(&context::state()?, &me, program_id, question_id, &direction).await?;
    leptos_axum::redirect(&format!(
        "/programs/{program_id}/survey#question-{question_id}"
    ));
    Ok(())
}
