//! The admin's matching page: the draft (or newest round), its groups, figures and requests.

use super::figures;
use crate::domain::{ProgramState, ReassignmentState};
use crate::error::AppError;
use crate::models::{MatchRequest, RoundGroup, RoundPerson, RoundsPage, ScorePart, User};
use crate::ssr::access;
use crate::ssr::AppState;
use std::collections::HashMap;

/// The admin's matching page: the draft (or newest round), its groups and figures.
pub async fn page(state: &AppState, user: &User, program_id: i64) -> Result<RoundsPage, AppError> {
    let program = access::program_run_by(state, user, program_id).await?;
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
    let (groups, unmatched, rules, refused_locks) = match current {
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
                        not_meeting: g.not_meeting,
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
            let refused = round
                .refused_locks
                .iter()
                .map(|r| {
                    let names: Vec<String> = r.members.iter().map(|&m| person(m).name).collect();
                    (names.join(" and "), r.reason.clone())
                })
                .collect();
            (groups, unmatched, rules, refused)
        }
        None => (Vec::new(), Vec::new(), Vec::new(), Vec::new()),
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
        refused_locks,
        program,
    })
}
