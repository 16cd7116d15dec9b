//! The pair page as the browser asks for it: the pair's groups, goals and sessions, the times
//! that suit each group (from everyone's availability), and the new session's agenda started
//! from a discussion prompt set of the resource hub when one is named, and how far each
//! group's partnership agreement is. Composed here so that no feature reaches into another.

use super::storage::now;
use super::{agreements, availability, pairs, resources, AppState};
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
    let at = now();
    for group in &mut page.groups {
        let others: Vec<i64> = group.partners.iter().map(|p| p.id).collect();
        group.times = availability::meeting_times(state, user, &others, at).await?;
        group.agreement = agreements::summary(state, user, group.round_id, group.group_no).await?;
        // The last place the group met or planned to meet starts the form.
        if let Some(last) = group
            .sessions
            .iter()
            .rev()
            .find(|s| !s.place.is_empty() || !s.video_url.is_empty())
        {
            group.times.last_place = last.place.clone();
            group.times.last_video_url = last.video_url.clone();
        }
    }
    if let Some(set) = prompts {
        page.form.agenda = resources::agenda_from(state, user, set)
            .await
            .unwrap_or_default();
    }
    Ok(page)
}
