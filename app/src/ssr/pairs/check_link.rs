//! "Did you meet?" links: after a session's end each member gets a signed link per answer.
//! Opening one shows the session and asks once more with a button, since mail scanners open
//! every link; the answer is a POST. It records whether the session took place and nothing
//! else: the pair's notes stay as they are.

use super::view_in_program;
use crate::domain::PairSessionState;
use crate::error::AppError;
use crate::models::{SessionCheckView, User};
use crate::ssr::storage::{now, PairSessionRow};
use crate::ssr::support::links::{LinkClaim, LinkPurpose};
use crate::ssr::{AppState, Settings};

/// How long after a session's end its links work.
pub const LINK_DAYS: i64 = 14;

/// The link for `user_id` to say whether `session` took place; `held` picks the answer the
/// page offers first.
pub fn link(settings: &Settings, session: &PairSessionRow, user_id: i64, held: bool) -> String {
    let claim = LinkClaim {
        subject: session.id,
        user_id,
        generation: 0,
        expires_at: session.ends_at + LINK_DAYS * 86_400,
    };
    let token = settings.link_keys(LinkPurpose::Session).sign(&claim);
    let answer = if held { "yes" } else { "no" };
    settings.link(&format!("/sessions/check/{token}?held={answer}"))
}

/// What the link shows; a link that cannot be used is explained, not an error.
pub async fn view(state: &AppState, token: &str) -> Result<SessionCheckView, AppError> {
    match check(state, token).await? {
        Ok((person, row)) => describe(state, &person, &row).await,
        Err(problem) => Ok(SessionCheckView {
            problem: Some(problem),
            ..SessionCheckView::default()
        }),
    }
}

/// Records the answer for the session the link names.
pub async fn answer(
    state: &AppState,
    token: &str,
    held: bool,
) -> Result<SessionCheckView, AppError> {
    let (person, row) = match check(state, token).await? {
        Ok(found) => found,
        Err(problem) => return Err(AppError::invalid("token", problem)),
    };
    if !state.db.mark_session_held(row.id, held).await? {
        return Err(AppError::Conflict(
            "This session was cancelled, so there is nothing to record.".into(),
        ));
    }
    let row = state.db.session(row.id).await?.unwrap_or(row);
    describe(state, &person, &row).await
}

/// The person and session of a usable link, or why it is not usable.
async fn check(
    state: &AppState,
    token: &str,
) -> Result<Result<(User, PairSessionRow), String>, AppError> {
    let claim = match state
        .settings
        .link_keys(LinkPurpose::Session)
        .verify(token, now())
    {
        Ok(claim) => claim,
        Err(e) => return Ok(Err(e.to_string())),
    };
    let gone = || {
        Ok(Err(
            "This session no longer exists. Sign in to see your pair page.".to_owned(),
        ))
    };
    let Some(person) = state.db.user_by_id(claim.user_id).await? else {
        return gone();
    };
    if !person.active() {
        return Ok(Err(
            "This link no longer works: the account it was sent to is closed.".into(),
        ));
    }
    let Some(row) = state.db.session(claim.subject).await? else {
        return gone();
    };
    if !state
        .db
        .is_group_member(row.round_id, row.group_no, person.id)
        .await?
    {
        return gone();
    }
    if row.state != PairSessionState::Accepted {
        return Ok(Err(
            "This session was cancelled or moved, so there is nothing to record. Sign in to see your pair page."
                .into(),
        ));
    }
    if row.starts_at > now() {
        return Ok(Err("This session has not started yet.".into()));
    }
    Ok(Ok((person, row)))
}

async fn describe(
    state: &AppState,
    person: &User,
    row: &PairSessionRow,
) -> Result<SessionCheckView, AppError> {
    let session = view_in_program(state, person, row).await?;
    Ok(SessionCheckView {
        name: person.name.clone(),
        with: session.with,
        program_name: session.program_name,
        program_id: session.program_id,
        when: session.when,
        held: session.held,
        problem: None,
    })
}
