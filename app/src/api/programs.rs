use crate::domain::ProgramInput;
use crate::error::AppError;
use crate::models::{Program, ProgramView};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::ssr::{programs, support::context};

#[server(endpoint = "programs")]
pub async fn list_programs() -> Result<Vec<Program>, AppError> {
    let me = context::require_user().await?;
    programs::list(&context::state()?, &me).await
}

#[server(endpoint = "program")]
pub async fn get_program(id: i64) -> Result<ProgramView, AppError> {
    let me = context::require_user().await?;
    programs::view(&context::state()?, &me, id).await
}

/// Creates a program (no id) or saves changes to one, then shows it. `admins` (email
/// addresses) says who runs it; a new program is run by its creator too.
#[server(endpoint = "save_program")]
pub async fn save_program(
    id: Option<i64>,
    input: ProgramInput,
    #[server(default)] admins: String,
) -> Result<(), AppError> {
    let me = context::require_user().await?;
    let id = programs::save(&context::state()?, &me, id, &input, &admins).await?;
    leptos_axum::redirect(&format!("/programs/{id}?saved=1"));
    Ok(())
}

#[server(endpoint = "program_state")]
pub async fn change_program_state(id: i64, state: String) -> Result<(), AppError> {
    let me = context::require_user().await?;
    programs::change_state(&context::state()?, &me, id, &state).await?;
    leptos_axum::redirect(&format!("/programs/{id}"));
    Ok(())
}
