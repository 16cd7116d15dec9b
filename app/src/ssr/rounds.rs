//! Matching rounds: a program admin drafts a round from the enrollments, adjusts it by locking
//! or forbidding pairs, and publishes it; participants then see their match card.

use super::context::internal;
use super::mailer::OutgoingMail;
use super::programs::{load, manageable};
use super::storage::RoundRow;
use super::AppState;
use crate::domain::{EnrollmentStatus, PairRule, ProgramState, ReassignmentState};
use crate::error::AppError;
use crate::matching::{self, MatchInput, Participant, Rules};
use crate::models::{
    MatchCard, MatchRequest, Partner, Program, RoundFigures, RoundGroup, RoundPerson, RoundsPage,
    ScorePart, User,
};
use chrono::{Offset, TimeZone};
use std::collections::HashMap;
use std::str::FromStr;

/// Minutes east of UTC of an IANA time zone, now.
fn utc_offset_minutes(zone: &str) -> Option<i32> {
    let tz = chrono_tz::Tz::from_str(zone.trim()).ok()?;
    let now = chrono::Utc::now().naive_utc();
    Some(tz.offset_from_utc_datetime(&now).fix().local_minus_utc() / 60)
}

fn figures(r: &RoundRow) -> RoundFigures {
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
pub(crate) async fn match_input(
    state: &AppState,
    program: &Program,
    draft: Option<&RoundRow>,
) -> Result<MatchInput, AppError> {
    let db = &state.db;
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
            ..Rules::default()
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

fn draft_of(rounds: &[RoundRow]) -> Option<&RoundRow> {
    rounds.iter().find(|r| !r.published)
}

/// Drafts the next round, or re-runs the draft with its adjustments.
pub async fn draft(state: &AppState, user: &User, program_id: i64) -> Result<i64, AppError> {
    let program = manageable(state, user, program_id).await?;
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
        match draft_program(state, &program).await {
            Ok(_) => drafted.push(program.id),
            Err(e) => {
                tracing::warn!(program_id = program.id, error = %e, "rotation round not drafted");
                continue;
            }
        }
        let link = state
            .settings
            .link(&format!("/programs/{}/rounds", program.id));
        for admin in state.db.program_admins(program.id).await? {
            let mail = OutgoingMail {
                to: admin.email,
                subject: format!("The next round of {} is ready to review", program.name),
                text: format!(
                    "Hello {},\n\n{} weeks have passed since the last round of {}. Tandem drafted the next one, keeping everyone away from recent partners. Review and publish it:\n{link}\n\nTandem",
                    admin.name, program.rotation_weeks, program.name
                ),
            };
            if let Err(e) = state.mailer.send(mail).await {
                tracing::warn!(error = %e, "rotation email not sent");
            }
        }
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
    manageable(state, user, program_id).await?;
    let rounds = state.db.rounds(program_id).await?;
    let current = draft_of(&rounds).ok_or_else(|| {
        AppError::Conflict("There is no draft round to adjust. Draft one first.".into())
    })?;
    let enrolled: Vec<i64> = state
        .db
        .match_people(program_id)
        .await?
        .iter()
        .map(|p| p.user_id)
        .collect();
    if !enrolled.contains(&a) || !enrolled.contains(&b) {
        return Err(AppError::invalid(
            "",
            "Both people must be enrolled in this program.",
        ));
    }
    state.db.set_round_rule(current.id, a, b, kind).await?;
    draft(state, user, program_id).await?;
    Ok(())
}

/// Publishes the draft in one step and tells everyone matched.
pub async fn publish(state: &AppState, user: &User, program_id: i64) -> Result<i64, AppError> {
    let program = manageable(state, user, program_id).await?;
    if program.state != ProgramState::Running {
        return Err(AppError::Conflict(
            "Start the program before publishing a round.".into(),
        ));
    }
    let rounds = state.db.rounds(program_id).await?;
    let draft = draft_of(&rounds)
        .ok_or_else(|| AppError::Conflict("There is no draft round to publish.".into()))?;
    if !state.db.publish_round(draft.id).await? {
        return Err(AppError::Conflict(
            "Someone else published this round just now. Reload to see it.".into(),
        ));
    }
    tracing::info!(program_id, round = draft.number, "round published");
    // Tell everyone matched; a failed email is logged, the round stays published.
    let link = state.settings.link(&format!("/programs/{program_id}"));
    let groups = state.db.round_groups(draft.id).await?;
    let mut people: HashMap<i64, User> = HashMap::new();
    for id in groups.iter().flat_map(|g| g.members.iter()) {
        if !people.contains_key(id) {
            if let Some(u) = state.db.user_by_id(*id).await? {
                people.insert(*id, u);
            }
        }
    }
    for group in &groups {
        for person in group.members.iter().filter_map(|m| people.get(m)) {
            let others = group
                .members
                .iter()
                .filter(|m| **m != person.id)
                .filter_map(|m| people.get(m).map(|u| u.name.as_str()))
                .collect::<Vec<_>>()
                .join(" and ");
            let mail = OutgoingMail {
                to: person.email.clone(),
                subject: format!("Your new match in {}", program.name),
                text: format!(
                    "Hello {},\n\nYou have been matched with {others} in {}.\n\nSee why you were matched and a suggested first agenda:\n{link}\n\nTandem",
                    person.name, program.name
                ),
            };
            if let Err(e) = state.mailer.send(mail).await {
                tracing::warn!(user_id = person.id, error = %e, "match email not sent");
            }
        }
    }
    Ok(draft.id)
}

/// The admin's matching page: the draft (or newest round), its groups and figures.
pub async fn page(state: &AppState, user: &User, program_id: i64) -> Result<RoundsPage, AppError> {
    let program = manageable(state, user, program_id).await?;
    let db = &state.db;
    let rounds = db.rounds(program_id).await?;
    let current = rounds.first();
    let previous = current.and_then(|c| rounds.iter().find(|r| r.published && r.number < c.number));
    let mut people: HashMap<i64, RoundPerson> = HashMap::new();
    for p in db.match_people(program_id).await? {
        people.insert(
            p.user_id,
            RoundPerson {
                id: p.user_id,
                name: p.name,
                department: p.department,
                level: p.level,
            },
        );
    }
    let person = |id: i64| {
        people.get(&id).cloned().unwrap_or(RoundPerson {
            id,
            name: "Someone who left".into(),
            department: String::new(),
            level: None,
        })
    };
    let (groups, unmatched, rules) = match current {
        Some(round) => {
            let groups = db
                .round_groups(round.id)
                .await?
                .into_iter()
                .map(|g| {
                    let mut parts: Vec<ScorePart> = Vec::new();
                    let mut highlights = Vec::new();
                    for pair in &g.pairs {
                        for part in &pair.explanation.parts {
                            match parts.iter_mut().find(|p| p.label == part.label) {
                                Some(p) => {
                                    p.points += part.points;
                                    p.max += part.max;
                                }
                                None => parts.push(part.clone()),
                            }
                        }
                        highlights.extend(pair.explanation.highlights.iter().cloned());
                    }
                    highlights.dedup();
                    RoundGroup {
                        members: g.members.iter().map(|&m| person(m)).collect(),
                        mentor: g.mentor,
                        score: g.score,
                        locked: g.locked,
                        highlights,
                        parts,
                    }
                })
                .collect();
            let unmatched = round
                .unmatched
                .iter()
                .map(|(id, why)| (person(*id), why.clone()))
                .collect();
            let rules = db
                .round_rules(round.id)
                .await?
                .into_iter()
                .map(|(a, b, kind)| (person(a).name, person(b).name, kind.as_str().to_owned()))
                .collect();
            (groups, unmatched, rules)
        }
        None => (Vec::new(), Vec::new(), Vec::new()),
    };
    let requests = db
        .reassignments(program_id)
        .await?
        .into_iter()
        .map(|r| MatchRequest {
            id: r.id,
            name: r.name,
            reason: r.reason,
            pending: r.state == ReassignmentState::Pending,
            approved: r.state == ReassignmentState::Approved,
        })
        .collect();
    Ok(RoundsPage {
        requests,
        can_draft: matches!(
            program.state,
            ProgramState::Enrolling | ProgramState::Running
        ),
        can_publish: program.state == ProgramState::Running
            && current.is_some_and(|c| !c.published),
        current: current.map(figures),
        previous: previous.map(figures),
        groups,
        unmatched,
        rules,
        program,
    })
}

/// The signed-in person's match card in a program, once a round holding them is published.
pub async fn match_card(
    state: &AppState,
    user: &User,
    program_id: i64,
) -> Result<Option<MatchCard>, AppError> {
    let (program, _) = load(state, user, program_id).await?;
    let Some((round, groups)) = state.db.my_groups(program_id, user.id).await? else {
        return Ok(None);
    };
    let mut partners = Vec::new();
    let mut reasons: Vec<String> = Vec::new();
    for group in &groups {
        for id in group.members.iter().filter(|id| **id != user.id) {
            let Some(p) = state.db.user_by_id(*id).await? else {
                continue;
            };
            let role = match group.mentor {
                Some(m) if m == p.id => "Mentor",
                Some(_) => "Mentee",
                None => "Peer",
            };
            partners.push(Partner {
                initials: p.initials(),
                name: p.name,
                pronouns: p.pronouns,
                job_title: p.job_title,
                department: p.department,
                email: p.email,
                role: role.into(),
                bio: p.bio,
                skills_offer: p.skills_offer,
                interests: p.interests,
            });
        }
        // The reasons of the pairs this person is in.
        for pair in group
            .pairs
            .iter()
            .filter(|pair| pair.a == user.id || pair.b == user.id)
        {
            for h in &pair.explanation.highlights {
                if !reasons.contains(h) {
                    reasons.push(h.clone());
                }
            }
        }
    }
    let agenda = agenda(&reasons, program.rotation_weeks);
    let request_pending = state
        .db
        .has_pending_reassignment(program_id, user.id)
        .await?;
    Ok(Some(MatchCard {
        request_pending,
        program_id,
        program_name: program.name,
        round,
        partners,
        reasons,
        agenda,
    }))
}

/// A first-meeting agenda drawn from why the pair was matched.
fn agenda(reasons: &[String], rotation_weeks: i64) -> Vec<String> {
    let mut items = vec![
        "Introduce yourselves: your role, your team and what you enjoy about your work.".to_owned(),
    ];
    if let Some(skill) = reasons.iter().find(|r| r.contains("can offer")) {
        items.push(format!("Start where you complement each other: {skill}."));
    }
    if let Some(shared) = reasons.iter().find(|r| r.starts_with("You both chose")) {
        items.push(format!(
            "Compare notes on what you share: {}.",
            shared.trim_start_matches("You both chose ")
        ));
    }
    items.push(
        "Each name one goal for the coming weeks and how you will know you reached it.".into(),
    );
    items.push(format!(
        "Agree how often you meet until the next rotation in {rotation_weeks} weeks, and book the next session."
    ));
    items
}

#[cfg(test)]
mod tests {
    use super::{agenda, rotation_due_at};

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

    #[test]
    fn the_first_agenda_follows_the_reasons() {
        let items = agenda(
            &[
                "Ana can offer SQL, which Bo wants to grow".into(),
                "You both chose Chess for \"Interests\"".into(),
            ],
            12,
        );
        assert!(items[1].contains("Ana can offer SQL"));
        assert!(items[2].contains("Chess"));
        assert!(items.last().unwrap().contains("12 weeks"));
        assert_eq!(agenda(&[], 8).len(), 3);
    }
}
