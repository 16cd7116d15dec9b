//! A participant's match card: who they are matched with, why, and a first agenda.

use crate::error::AppError;
use crate::models::{MatchCard, Partner, Program, User};
use crate::ssr::access;
use crate::ssr::storage::GroupRow;
use crate::ssr::AppState;

/// The signed-in person's match card in a program, once a round holding them is published.
pub async fn match_card(
    state: &AppState,
    user: &User,
    program_id: i64,
) -> Result<Option<MatchCard>, AppError> {
    let (program, _) = access::program(state, user, program_id).await?;
    let Some((round, groups)) = state.db.my_groups(program_id, user.id).await? else {
        return Ok(None);
    };
    let request_pending = state
        .db
        .has_pending_reassignment(program_id, user.id)
        .await?;
    let people = state.db.users_by_ids(&partner_ids(user, &groups)).await?;
    Ok(Some(card(
        user,
        &program,
        round,
        &groups,
        &people,
        request_pending,
    )))
}

/// Someone's groups in the newest published round of each program, as
/// [`Db::my_groups_everywhere`](crate::ssr::storage::Db::my_groups_everywhere) reads them:
/// (program, round number, groups).
pub type GroupsEverywhere = [(i64, i64, Vec<GroupRow>)];

/// [`match_card`] for each of `programs` the person may see, in their order, from their
/// groups in every program and the programs where they asked for a new match (both read once
/// for the whole dashboard): the reads are the same however many programs they joined and
/// however many partners they have.
pub async fn match_cards(
    state: &AppState,
    user: &User,
    programs: &[&Program],
    everywhere: &GroupsEverywhere,
    pending: &[i64],
) -> Result<Vec<MatchCard>, AppError> {
    if everywhere.is_empty() {
        return Ok(Vec::new());
    }
    let shown: Vec<(&Program, i64, &[GroupRow])> = programs
        .iter()
        .filter(|p| access::sees_program(user, p))
        .filter_map(|program| {
            everywhere
                .iter()
                .find(|(id, _, _)| *id == program.id)
                .map(|(_, round, groups)| (*program, *round, groups.as_slice()))
        })
        .collect();
    let mut ids: Vec<i64> = shown
        .iter()
        .flat_map(|(_, _, groups)| partner_ids(user, groups))
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let people = state.db.users_by_ids(&ids).await?;
    Ok(shown
        .into_iter()
        .map(|(program, round, groups)| {
            let request_pending = pending.contains(&program.id);
            card(user, program, round, groups, &people, request_pending)
        })
        .collect())
}

/// The programs where `user_id` has someone to meet in the newest published round.
pub fn partner_programs(user_id: i64, everywhere: &GroupsEverywhere) -> Vec<i64> {
    everywhere
        .iter()
        .filter(|(_, _, groups)| {
            groups
                .iter()
                .any(|g| g.members.iter().any(|id| *id != user_id))
        })
        .map(|(program_id, _, _)| *program_id)
        .collect()
}

/// Everyone `user` shares one of `groups` with.
fn partner_ids(user: &User, groups: &[GroupRow]) -> Vec<i64> {
    groups
        .iter()
        .flat_map(|g| g.members.iter().copied())
        .filter(|id| *id != user.id)
        .collect()
}

/// The card of `user`'s `groups` in a round of `program`; `people` holds their partners.
fn card(
    user: &User,
    program: &Program,
    round: i64,
    groups: &[GroupRow],
    people: &[User],
    request_pending: bool,
) -> MatchCard {
    let mut partners = Vec::new();
    let mut reasons: Vec<String> = Vec::new();
    for group in groups {
        for id in group.members.iter().filter(|id| **id != user.id) {
            let Some(p) = people.iter().find(|p| p.id == *id).cloned() else {
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
    MatchCard {
        request_pending,
        program_id: program.id,
        program_name: program.name.clone(),
        agenda: agenda(&reasons, program.rotation_weeks),
        round,
        partners,
        reasons,
    }
}

/// A first-meeting agenda drawn from why the pair was matched.
pub fn agenda(reasons: &[String], rotation_weeks: i64) -> Vec<String> {
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
    use super::agenda;

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
