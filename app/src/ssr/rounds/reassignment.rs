//! Asking for a new match. A participant gives a private reason; a program admin approves or
//! declines. Approval re-matches the people of the dissolved group with the round's unmatched
//! pool, under the same rules, and leaves every other group as it was.

use super::match_input;
use crate::domain::{EnrollmentStatus, ProgramState};
use crate::error::AppError;
use crate::matching;
use crate::models::{Program, User};
use crate::ssr::access;
use crate::ssr::emails;
use crate::ssr::support::context::internal;
use crate::ssr::AppState;

pub const REASON_MAX: usize = 1_000;

/// Files a request for a new match in the current round.
pub async fn request(
    state: &AppState,
    user: &User,
    program_id: i64,
    reason: &str,
) -> Result<(), AppError> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(AppError::invalid(
            "reason",
            "Say briefly why; only the program team reads it.",
        ));
    }
    if reason.chars().count() > REASON_MAX {
        return Err(AppError::invalid(
            "reason",
            format!("Use at most {REASON_MAX} characters."),
        ));
    }
    let (program, _) = access::program(state, user, program_id).await?;
    if program.state != ProgramState::Running {
        return Err(AppError::Conflict("This program is not running.".into()));
    }
    let db = &state.db;
    let Some((number, _)) = db.my_groups(program_id, user.id).await? else {
        return Err(AppError::Conflict("You have no match to change.".into()));
    };
    let round = db
        .rounds(program_id)
        .await?
        .into_iter()
        .find(|r| r.published && r.number == number)
        .ok_or_else(|| AppError::Conflict("You have no match to change.".into()))?;
    if db
        .request_reassignment(program_id, round.id, user.id, reason)
        .await?
        .is_none()
    {
        return Err(AppError::Conflict(
            "You have already asked for a new match; the program team will answer soon.".into(),
        ));
    }
    tracing::info!(program_id, user_id = user.id, "new match requested");
    let link = state
        .settings
        .link(&format!("/programs/{program_id}/rounds"));
    let mails = db
        .program_admins(program_id)
        .await?
        .iter()
        .map(|admin| {
            emails::match_request(&admin.email, &admin.name, &user.name, &program.name, &link)
        })
        .collect();
    state.send_all(mails).await;
    Ok(())
}

/// Approves (and re-matches) or declines a request.
pub async fn decide(
    state: &AppState,
    user: &User,
    program_id: i64,
    request_id: i64,
    approve: bool,
) -> Result<(), AppError> {
    let program = access::program_run_by(state, user, program_id).await?;
    let db = &state.db;
    let request = db
        .reassignments(program_id)
        .await?
        .into_iter()
        .find(|r| r.id == request_id)
        .ok_or_else(|| AppError::NotFound("There is no such request.".into()))?;
    if !db.decide_reassignment(request.id, approve).await? {
        return Err(AppError::Conflict(
            "This request has already been answered.".into(),
        ));
    }
    tracing::info!(program_id, request_id, approve, "new match request decided");
    let requester = db
        .user_by_id(request.user_id)
        .await?
        .ok_or_else(|| AppError::NotFound("That person is no longer in Tandem.".into()))?;
    if approve {
        rematch(state, &program, request.round_id, request.user_id).await?;
    } else {
        state
            .send(emails::match_request_declined(
                &requester.email,
                &requester.name,
                &program.name,
            ))
            .await;
    }
    Ok(())
}

/// Dissolves the requester's groups and matches their members again with the unmatched
/// people of the round; their old partners count as met, so nobody gets the same partner back.
async fn rematch(
    state: &AppState,
    program: &Program,
    round_id: i64,
    requester: i64,
) -> Result<(), AppError> {
    let db = &state.db;
    let round = db
        .round(program.id, round_id)
        .await?
        .ok_or_else(|| AppError::NotFound("That round no longer exists.".into()))?;
    let groups = db.round_groups(round_id).await?;
    let (dissolved, kept): (Vec<_>, Vec<_>) = groups
        .into_iter()
        .partition(|g| g.members.contains(&requester));
    let mut pool: Vec<i64> = dissolved.iter().flat_map(|g| g.members.clone()).collect();
    pool.extend(round.unmatched.iter().map(|(id, _)| *id));
    pool.sort_unstable();
    pool.dedup();

    let mut input = match_input(state, program, None).await?;
    input.participants.retain(|p| pool.contains(&p.id));
    for p in &mut input.participants {
        // A mentor keeps their other mentees: only their free places are offered.
        let taken = kept.iter().filter(|g| g.mentor == Some(p.id)).count();
        p.capacity = p.capacity.saturating_sub(taken);
        if p.capacity == 0 {
            p.status = EnrollmentStatus::Paused;
        }
    }
    for g in &dissolved {
        for &other in g.members.iter().filter(|&&m| m != requester) {
            input.forbidden.push((requester, other));
        }
    }
    let result = tokio::task::spawn_blocking(move || matching::run(&input))
        .await
        .map_err(internal)?;
    let unmatched: Vec<(i64, String)> = result
        .unmatched
        .iter()
        .map(|u| (u.id, u.reason.clone()))
        .collect();
    let removed: Vec<i64> = dissolved.iter().map(|g| g.group_no).collect();
    db.replace_groups(round_id, &removed, &result.groups, &unmatched)
        .await?;
    let link = state.settings.link(&format!("/programs/{}", program.id));
    for group in &result.groups {
        for &member in &group.members {
            let Some(person) = db.user_by_id(member).await? else {
                continue;
            };
            state
                .send(emails::rematched(
                    &person.email,
                    &person.name,
                    &program.name,
                    &link,
                ))
                .await;
        }
    }
    Ok(())
}
