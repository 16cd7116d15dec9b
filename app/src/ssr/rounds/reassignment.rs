//! Asking for a new match. A participant gives a private reason; a program admin approves or
//! declines. Approval places the people of the dissolved group again under the same rules,
//! with the fewest changes to every other group, and never strands a former partner when the
//! round can place them.

use super::match_input;
use crate::domain::NotificationKind;
use crate::domain::{EnrollmentStatus, ProgramState};
use crate::error::AppError;
use crate::matching::{self, Placement};
use crate::models::{Program, User};
use crate::ssr::access;
use crate::ssr::storage::RoundChange;
use crate::ssr::support::context::internal;
use crate::ssr::AppState;
use crate::ssr::{emails, outbox};

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
    let link = state
        .settings
        .link(&format!("/programs/{program_id}/rounds"));
    let stamp = crate::ssr::storage::now();
    let jobs: Vec<_> = db
        .program_admins(program_id)
        .await?
        .iter()
        .map(|admin| {
            let mail =
                emails::match_request(&admin.email, &admin.name, &user.name, &program.name, &link);
            let key = format!(
                "match-request:{}:{}:{stamp}:admin:{}",
                round.id, user.id, admin.id
            );
            outbox::notify(
                &state.settings,
                admin.id,
                NotificationKind::Reviews,
                mail,
                key,
            )
        })
        .collect();
    if db
        .request_reassignment(program_id, round.id, user.id, reason, &jobs)
        .await?
        .is_none()
    {
        return Err(AppError::Conflict(
            "You have already asked for a new match; the program team will answer soon.".into(),
        ));
    }
    tracing::info!(program_id, user_id = user.id, "new match requested");
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
    let requester = db
        .user_by_id(request.user_id)
        .await?
        .ok_or_else(|| AppError::NotFound("That person is no longer in Tandem.".into()))?;
    let decline = if approve {
        Vec::new()
    } else {
        let mail = emails::match_request_declined(&requester.email, &requester.name, &program.name);
        let key = format!("match-request:{}:declined", request.id);
        vec![outbox::notify(
            &state.settings,
            requester.id,
            NotificationKind::Matches,
            mail,
            key,
        )]
    };
    if !db
        .decide_reassignment(request.id, approve, &decline)
        .await?
    {
        return Err(AppError::Conflict(
            "This request has already been answered.".into(),
        ));
    }
    tracing::info!(program_id, request_id, approve, "new match request decided");
    if approve {
        rematch(
            state,
            &program,
            request.id,
            request.round_id,
            request.user_id,
        )
        .await?;
    }
    Ok(())
}

/// Dissolves the requester's groups and places their people again, under the same rules as
/// any draft: first with the round's unmatched people, then, for whoever is still alone, with
/// the fewest changes to the groups that stay (a pair becomes a trio, a mentor with a free
/// place takes a mentee). Former partners come first, and are told kindly that their match
/// changed, never why; nobody gets the same partner back, and the dissolved pair counts as
/// having met.
async fn rematch(
    state: &AppState,
    program: &Program,
    request_id: i64,
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
    let former: Vec<i64> = {
        let mut f: Vec<i64> = dissolved
            .iter()
            .flat_map(|g| g.members.iter().copied())
            .filter(|&m| m != requester)
            .collect();
        f.sort_unstable();
        f.dedup();
        f
    };
    let mut pool: Vec<i64> = former.clone();
    pool.push(requester);
    pool.extend(round.unmatched.iter().map(|(id, _)| *id));
    pool.sort_unstable();
    pool.dedup();

    let mut base = match_input(state, program, None).await?;
    for &other in &former {
        base.forbidden.push((requester, other));
    }
    let mut input = base.clone();
    input.participants.retain(|p| pool.contains(&p.id));
    for p in &mut input.participants {
        // A mentor keeps their other mentees: only their free places are offered.
        let taken = kept.iter().filter(|g| g.mentor == Some(p.id)).count();
        p.capacity = p.capacity.saturating_sub(taken);
        if p.capacity == 0 {
            p.status = EnrollmentStatus::Paused;
        }
    }
    let result = tokio::task::spawn_blocking(move || matching::run(&input))
        .await
        .map_err(internal)?;
    let mut added = result.groups.clone();
    let mut extend: Vec<(i64, crate::matching::MatchGroup)> = Vec::new();
    let placed = |added: &[crate::matching::MatchGroup],
                  extend: &[(i64, crate::matching::MatchGroup)],
                  id: i64| {
        added.iter().any(|g| g.members.contains(&id))
            || extend.iter().any(|(_, g)| g.members.contains(&id))
    };
    // Whoever is still alone, former partners first: the fewest changes to the other groups.
    let stranded: Vec<i64> = former
        .iter()
        .copied()
        .chain(std::iter::once(requester))
        .filter(|&id| !placed(&added, &extend, id))
        .collect();
    for person in stranded {
        let mut offered: Vec<(Vec<i64>, Option<i64>)> = kept
            .iter()
            .map(|g| {
                let grown = extend.iter().find(|(no, _)| *no == g.group_no);
                match grown {
                    Some((_, g2)) => (g2.members.clone(), g2.mentor),
                    None => (g.members.clone(), g.mentor),
                }
            })
            .collect();
        offered.extend(added.iter().map(|g| (g.members.clone(), g.mentor)));
        match matching::place(&base, person, &offered) {
            Some(Placement::Join { index, group }) if index < kept.len() => {
                let no = kept[index].group_no;
                extend.retain(|(n, _)| *n != no);
                extend.push((no, group));
            }
            Some(Placement::Join { index, group }) => added[index - kept.len()] = group,
            Some(Placement::New(group)) => added.push(group),
            None => {}
        }
    }
    let mut unmatched: Vec<(i64, String)> = result
        .unmatched
        .iter()
        .filter(|u| !placed(&added, &extend, u.id))
        .map(|u| (u.id, u.reason.clone()))
        .collect();
    for (id, why) in &round.unmatched {
        if !pool.contains(id) && !unmatched.iter().any(|(u, _)| u == id) {
            unmatched.push((*id, why.clone()));
        }
    }

    // Who hears what: the requester and anyone newly matched, their new match; former
    // partners, that their match changed; a group that took someone in, who joined.
    let link = state.settings.link(&format!("/programs/{}", program.id));
    let pair_link = state
        .settings
        .link(&format!("/programs/{}/pair", program.id));
    let mut jobs = Vec::new();
    let mut mail_to = |id: i64, mail: crate::ssr::support::mailer::OutgoingMail, what: &str| {
        let key = format!("rematch:{request_id}:{what}:{id}");
        jobs.push(outbox::notify(
            &state.settings,
            id,
            NotificationKind::Matches,
            mail,
            key,
        ));
    };
    for id in pool
        .iter()
        .copied()
        .chain(extend.iter().flat_map(|(_, g)| g.members.clone()))
    {
        let Some(person) = db.user_by_id(id).await? else {
            continue;
        };
        if former.contains(&id) {
            mail_to(
                id,
                emails::match_changed(&person.email, &person.name, &program.name, &pair_link),
                "changed",
            );
        } else if placed(&added, &extend, id) && (id == requester || pool.contains(&id)) {
            mail_to(
                id,
                emails::rematched(&person.email, &person.name, &program.name, &link),
                "new",
            );
        } else if extend.iter().any(|(_, g)| g.members.contains(&id)) && !pool.contains(&id) {
            mail_to(
                id,
                emails::group_joined(&person.email, &person.name, &program.name, &pair_link),
                "joined",
            );
        }
    }
    let removed: Vec<i64> = dissolved.iter().map(|g| g.group_no).collect();
    let change = RoundChange {
        dissolve: &removed,
        add: &added,
        extend: &extend,
        unmatched: &unmatched,
    };
    db.change_round(round_id, &change, &jobs).await?;
    Ok(())
}
