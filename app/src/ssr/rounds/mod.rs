//! Matching rounds: a program admin drafts a round from the enrollments, adjusts it by locking
//! or forbidding pairs, and publishes it; participants then see their match card.
//!
//! Drafting is here; publishing in [`publish`], the admin's page in [`page`], the
//! participant's match card in [`card`], and requests for a new match in [`reassignment`].

pub mod card;
pub mod mentor_requests;
pub mod page;
pub mod publish;
pub mod reassignment;

pub use card::{match_card, match_cards, partner_programs, GroupsEverywhere};
pub use page::page;
pub use publish::publish;

use crate::domain::NotificationKind;
use crate::domain::{AuditAction, EnrollmentStatus, PairRule, ProgramFormat, ProgramState};
use crate::error::AppError;
use crate::matching::{self, MatchInput, Participant, Rules};
use crate::models::{Program, RoundFigures, User};
use crate::ssr::access;
use crate::ssr::audit::{self, Actor};
use crate::ssr::storage::RoundRow;
use crate::ssr::support::context::internal;
use crate::ssr::AppState;
use crate::ssr::{emails, outbox};
use chrono::{Offset, TimeZone};
use std::collections::HashMap;
use std::str::FromStr;

/// Minutes east of UTC of an IANA time zone, now.
fn utc_offset_minutes(zone: &str) -> Option<i32> {
    let tz = chrono_tz::Tz::from_str(zone.trim()).ok()?;
    let now = chrono::Utc::now().naive_utc();
    Some(tz.offset_from_utc_datetime(&now).fix().local_minus_utc() / 60)
}

pub(super) fn figures(r: &RoundRow) -> RoundFigures {
    RoundFigures {
        id: r.id,
        number: r.number,
        published: r.published,
        total_score: r.total_score,
        upper_bound: r.upper_bound,
        exact: r.exact,
        quality: r.quality.clone(),
    }
}

/// Everything the engine needs about a program, from the database.
pub(super) async fn match_input(
    state: &AppState,
    program: &Program,
    draft: Option<&RoundRow>,
) -> Result<MatchInput, AppError> {
    input_of(&state.db, program, draft).await
}

/// [`match_input`] from a database alone, for `tandem seed-demo`, which matches the demo's
/// running program with the real engine before any server runs.
pub async fn input_of(
    db: &crate::ssr::storage::Db,
    program: &Program,
    draft: Option<&RoundRow>,
) -> Result<MatchInput, AppError> {
    let questions = db.questions(program.id).await?;
    let mut preferred: HashMap<i64, Vec<i64>> = HashMap::new();
    for (who, partner) in db.preferred_pairs(program.id).await? {
        preferred.entry(who).or_default().push(partner);
    }
    let mut avoid: HashMap<i64, Vec<i64>> = HashMap::new();
    for (who, partner) in db.avoid_pairs_for_matching(program.id).await? {
        avoid.entry(who).or_default().push(partner);
    }
    let participants = db
        .match_people(program.id)
        .await?
        .into_iter()
        .map(|p| {
            Ok(Participant {
                id: p.user_id,
                role: p.role,
                capacity: p.capacity.clamp(1, 5) as usize,
                status: p.status,
                department: p.department,
                team: p.team,
                level: p.level,
                utc_offset_minutes: utc_offset_minutes(&p.time_zone),
                answers: p.answers.0,
                preferred: preferred.remove(&p.user_id).unwrap_or_default(),
                avoid: avoid.remove(&p.user_id).unwrap_or_default(),
                name: p.name,
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    let (mut locked, mut forbidden) = (Vec::new(), Vec::new());
    if let Some(draft) = draft {
        for (a, b, kind) in db.round_rules(draft.id).await? {
            match kind {
                PairRule::Lock => locked.push(vec![a, b]),
                PairRule::Forbid => forbidden.push((a, b)),
            }
        }
    }
    Ok(MatchInput {
        format: program.format,
        rules: Rules {
            group_size: program.group_size.clamp(3, 6) as usize,
            not_same_team: program.matching.not_same_team,
            no_repeat_rounds: program.matching.no_repeat_rounds.clamp(0, 12) as usize,
            mentor_levels_below: program.matching.mentor_levels_below,
        },
        seed: draft.map_or(program.id as u64, |d| d.seed as u64),
        questions,
        participants,
        managers: db.manager_links().await?,
        history: db.published_groups(program.id).await?,
        locked,
        forbidden,
    })
}

pub(super) fn draft_of(rounds: &[RoundRow]) -> Option<&RoundRow> {
    rounds.iter().find(|r| !r.published)
}

/// Drafts the next round, or re-runs the draft with its adjustments.
pub async fn draft(state: &AppState, user: &User, program_id: i64) -> Result<i64, AppError> {
    let program = access::program_run_by(state, user, program_id).await?;
    if !matches!(
        program.state,
        ProgramState::Enrolling | ProgramState::Running
    ) {
        return Err(AppError::Conflict(
            "Rounds are drafted while enrollment is open or the program runs.".into(),
        ));
    }
    draft_program(state, &program).await
}

/// Runs the engine on a program and saves the result as its draft round.
async fn draft_program(state: &AppState, program: &Program) -> Result<i64, AppError> {
    let program_id = program.id;
    let rounds = state.db.rounds(program_id).await?;
    let input = match_input(state, program, draft_of(&rounds)).await?;
    let active = input
        .participants
        .iter()
        .filter(|p| p.status == EnrollmentStatus::Active)
        .count();
    if active < 2 {
        return Err(AppError::invalid(
            "",
            "At least two people must be taking part to draft a round.",
        ));
    }
    // A new round gets a seed of its own, so rotation does not replay the same tie-breaks.
    let seed = match draft_of(&rounds) {
        Some(d) => d.seed,
        None => program_id * 1_000 + rounds.len() as i64 + 1,
    };
    let mut input = input;
    input.seed = seed as u64;
    let started = std::time::Instant::now();
    // The engine is CPU work: keep it off the threads that serve requests.
    let result = tokio::task::spawn_blocking(move || matching::run(&input))
        .await
        .map_err(internal)?;
    tracing::info!(
        program_id,
        groups = result.groups.len(),
        unmatched = result.unmatched.len(),
        millis = started.elapsed().as_millis() as u64,
        "round drafted"
    );
    Ok(state.db.save_draft_round(program_id, seed, &result).await?)
}

/// Drafts the next round of every running program whose rotation period has ended since its
/// newest published round, and tells its admins to review it. Programs with a draft waiting
/// are left alone. Returns the programs drafted. Safe to run on several servers at once.
pub async fn draft_due_rounds(state: &AppState, now: i64) -> Result<Vec<i64>, AppError> {
    let mut drafted = Vec::new();
    for program in state.db.programs(false).await? {
        if program.state != ProgramState::Running {
            continue;
        }
        let rounds = state.db.rounds(program.id).await?;
        if draft_of(&rounds).is_some() {
            continue;
        }
        let Some(published_at) = rounds.iter().find_map(|r| r.published_at) else {
            continue;
        };
        if now < rotation_due_at(published_at, program.rotation_weeks) {
            continue;
        }
        let round_id = match draft_program(state, &program).await {
            Ok(id) => {
                drafted.push(program.id);
                id
            }
            Err(e) => {
                tracing::warn!(program_id = program.id, error = %e, "rotation round not drafted");
                continue;
            }
        };
        let link = state
            .settings
            .link(&format!("/programs/{}/rounds", program.id));
        let jobs: Vec<_> = state
            .db
            .program_admins(program.id)
            .await?
            .iter()
            .map(|admin| {
                let mail = emails::round_ready(
                    &admin.email,
                    &admin.name,
                    &program.name,
                    program.rotation_weeks,
                    &link,
                );
                let key = format!("round-ready:{round_id}:admin:{}", admin.id);
                outbox::notify(
                    &state.settings,
                    admin.id,
                    NotificationKind::Reviews,
                    mail,
                    key,
                )
            })
            .collect();
        state.db.enqueue(&jobs).await?;
    }
    Ok(drafted)
}

/// When the round published at `published_at` (Unix seconds) has run its course.
pub fn rotation_due_at(published_at: i64, rotation_weeks: i64) -> i64 {
    published_at + rotation_weeks.max(1) * 7 * 24 * 3600
}

/// Locks (`lock`) or forbids (`forbid`) a pair in the draft, then re-runs it.
pub async fn adjust(
    state: &AppState,
    user: &User,
    program_id: i64,
    a: i64,
    b: i64,
    kind: &str,
) -> Result<(), AppError> {
    let kind = PairRule::parse(kind)
        .ok_or_else(|| AppError::invalid("kind", format!("{kind:?} is not lock or forbid.")))?;
    if a == b {
        return Err(AppError::invalid("", "Choose two different people."));
    }
    let program = access::program_run_by(state, user, program_id).await?;
    let rounds = state.db.rounds(program_id).await?;
    let current = draft_of(&rounds).ok_or_else(|| {
        AppError::Conflict("There is no draft round to adjust. Draft one first.".into())
    })?;
    let mut input = match_input(state, &program, Some(current)).await?;
    let name = |id: i64| {
        input
            .participants
            .iter()
            .find(|p| p.id == id)
            .map(|p| p.name.clone())
    };
    let (Some(name_a), Some(name_b)) = (name(a), name(b)) else {
        return Err(AppError::invalid(
            "",
            "Both people must be enrolled in this program.",
        ));
    };
    // A new lock replaces the earlier locks of the same people (but a mentor's other
    // mentees): moving someone next to a new partner takes them from the old one.
    let replaced = replaced_locks(&input, a, b, kind);
    if kind == PairRule::Lock {
        input
            .locked
            .retain(|l| !replaced.iter().any(|r| same_pair(l, r)));
        input
            .forbidden
            .retain(|&(x, y)| (x.min(y), x.max(y)) != (a.min(b), a.max(b)));
        if let Err(problem) = matching::check_lock(&input, &[a, b]) {
            return Err(AppError::invalid(
                "",
                format!(
                    "{name_a} and {name_b} cannot be kept together: {}.",
                    problem.sentence(input.rules.mentor_levels_below)
                ),
            ));
        }
    }
    state
        .db
        .set_round_rule(current.id, a, b, kind, &replaced)
        .await?;
    let action = match kind {
        PairRule::Lock => AuditAction::PairLocked,
        PairRule::Forbid => AuditAction::PairForbidden,
    };
    audit::record(
        state,
        &Actor::Person(user),
        action,
        None,
        &format!("{}: {name_a} and {name_b}", program.name),
    )
    .await?;
    draft(state, user, program_id).await?;
    Ok(())
}

fn same_pair(lock: &[i64], pair: &(i64, i64)) -> bool {
    lock.len() == 2 && lock.contains(&pair.0) && lock.contains(&pair.1)
}

/// The locks a new lock of `a` and `b` replaces: those holding either of them, except the
/// locks that hold them as a mentor with other mentees.
fn replaced_locks(input: &MatchInput, a: i64, b: i64, kind: PairRule) -> Vec<(i64, i64)> {
    if kind != PairRule::Lock {
        return Vec::new();
    }
    let mentors_here = matches!(
        input.format,
        ProgramFormat::MentorMentee | ProgramFormat::Reverse
    );
    let can_mentor = |id: i64| {
        mentors_here
            && input
                .participants
                .iter()
                .any(|p| p.id == id && p.can_mentor())
    };
    input
        .locked
        .iter()
        .filter(|l| l.len() == 2)
        .map(|l| (l[0].min(l[1]), l[0].max(l[1])))
        .filter(|&(x, y)| (x, y) != (a.min(b), a.max(b)))
        .filter(|&(x, y)| [a, b].iter().any(|&p| (p == x || p == y) && !can_mentor(p)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::rotation_due_at;

    #[test]
    fn a_round_is_due_when_its_rotation_period_has_passed() {
        let published = 1_700_000_000;
        assert_eq!(rotation_due_at(published, 12) - published, 12 * 7 * 86_400);
        assert_eq!(
            rotation_due_at(published, 0) - published,
            7 * 86_400,
            "at least a week"
        );
    }
}
