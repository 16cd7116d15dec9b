//! The pair page as the browser asks for it: the pair's groups, goals and sessions, with the
//! new session's agenda started from a discussion prompt set of the resource hub when one is
//! named. Composed here so that neither feature reaches into the other.

use super::{pairs, resources, AppState};
use crate::error::AppError;
use crate::models::{PairPage, User};

/// The pair page; `prompts` names a prompt set. A set the person cannot read adds nothing.
pub async fn page(
    state: &AppState,
    user: &User,
    program_id: i64,
    prompts: Option<i64>,
) -> Result<PairPage, AppError> {
    let mut page = pairs::page(state, user, program_id).await?;
    if let Some(set) = prompts {
        page.form.agenda = resources::agenda_from(state, user, set)
            .await
            .unwrap_or_default();
    }
    Ok(page)
}
