//! A participant's match card: who they are matched with, why, and a first agenda.

use crate::error::AppError;
use crate::models::{MatchCard, Partner, User};
use crate::ssr::access;
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
