//! Nudges: one to a group that has not planned a meeting some weeks after its round was
//! published, one to a group whose agreed rhythm has lapsed, and a weekly one gathering every
//! goal of a person that asks for a check-in.

use crate::domain::{
    AgreementTerms, ChatAction, ChatAnswer, NotificationKind, CHECK_IN_AFTER_DAYS,
};
use crate::error::AppError;
use crate::ssr::storage::NewJob;
use crate::ssr::support::links::{LinkClaim, LinkPurpose};
use crate::ssr::{emails, outbox, AppState};

/// One nudge per group of a published round that has not planned a meeting once the
/// program's nudge period has passed. The group is marked in the same transaction, and from
/// then on its program's admins see it as "not meeting yet".
pub(super) async fn quiet_groups(state: &AppState, at: i64) -> Result<usize, AppError> {
    let mut queued = 0;
    for group in state.db.quiet_groups(at).await? {
        let link = state
            .settings
            .link(&format!("/programs/{}/pair#sessions", group.program_id));
        let members = super::members(state, group.round_id, group.group_no).await?;
        let jobs: Vec<NewJob> = if members.len() < 2 {
            Vec::new()
        } else {
            members
                .iter()
                .map(|(person, others)| {
                    let mail = emails::not_meeting_yet(
                        &person.email,
                        &person.name,
                        others,
                        &group.program,
                        group.nudge_weeks,
                        &link,
                    );
                    let key = format!(
                        "nudge:round:{}:group:{}:user:{}",
                        group.round_id, group.group_no, person.id
                    );
                    outbox::notify_at(
                        &state.settings,
                        person.id,
                        NotificationKind::Nudges,
                        mail,
                        key,
                        at,
                        None,
                    )
                })
                .collect()
        };
        if state
            .db
            .nudge_group(group.round_id, group.group_no, &jobs)
            .await?
        {
            queued += jobs.len();
        }
    }
    Ok(queued)
}

/// A word to each member of a group that agreed how often to meet, once its cadence has
/// passed with nothing planned. Before the group's first meeting it counts from the day they
/// agreed, and it is the group's one "not meeting yet" nudge (its admins then see the group
/// so). After that it counts from the last meeting; the key names that meeting, so each
/// lapse is told once and a new meeting starts the count again.
pub(super) async fn off_rhythm(state: &AppState, at: i64) -> Result<usize, AppError> {
    let mut jobs = Vec::new();
    let mut queued = 0;
    for group in state.db.agreed_groups_without_plans(at).await? {
        let Ok(terms) = serde_json::from_str::<AgreementTerms>(&group.agreed_terms) else {
            tracing::warn!(
                round = group.round_id,
                group = group.group_no,
                "unreadable agreed terms"
            );
            continue;
        };
        if !terms.cadence.overdue(group.since, at) {
            continue;
        }
        let link = state
            .settings
            .link(&format!("/programs/{}/pair#sessions", group.program_id));
        let met = group.met != 0;
        let weeks = met.then_some((at - group.since) / (7 * 86_400));
        let mut group_jobs = Vec::new();
        for (person, others) in super::members(state, group.round_id, group.group_no).await? {
            let mail = emails::meet_again(
                &person.email,
                &person.name,
                &others,
                &group.program,
                &terms.rhythm(),
                weeks,
                &link,
            );
            let key = format!(
                "nudge:rhythm:round:{}:group:{}:since:{}:user:{}",
                group.round_id, group.group_no, group.since, person.id
            );
            group_jobs.push(outbox::notify_at(
                &state.settings,
                person.id,
                NotificationKind::Nudges,
                mail,
                key,
                at,
                None,
            ));
        }
        if met {
            jobs.extend(group_jobs);
        } else if state
            .db
            .nudge_group(group.round_id, group.group_no, &group_jobs)
            .await?
        {
            queued += group_jobs.len();
        }
    }
    Ok(queued + state.db.enqueue(&jobs).await?)
}

/// One message per person per week (weeks from Monday, UTC) naming every open goal that has
/// had no check-in for a week; the key names the week, so the scan sends it once.
pub(super) async fn goals(state: &AppState, at: i64) -> Result<usize, AppError> {
    let due = state
        .db
        .goals_due_check_in(at - CHECK_IN_AFTER_DAYS * 86_400)
        .await?;
    // 1 January 1970 was a Thursday: three days on, weeks start on Mondays.
    let week = (at.div_euclid(86_400) + 3).div_euclid(7);
    let mut jobs = Vec::new();
    for owner in due.chunk_by(|a, b| a.owner_id == b.owner_id) {
        let Some(person) = state.db.user_by_id(owner[0].owner_id).await? else {
            continue;
        };
        let goals = owner
            .iter()
            .map(|g| {
                let link = state
                    .settings
                    .link(&format!("/goals/{}#check-in", g.goal_id));
                (g.title.clone(), Some(link))
            })
            .collect();
        if state
            .db
            .goal_reminders_snoozed_through(person.id)
            .await?
            .is_some_and(|through| through >= week)
        {
            continue;
        }
        let mut mail = emails::goals_due(&person.email, &person.name, goals);
        // In Slack the reminder has a button that skips next week's.
        let snooze = LinkClaim {
            subject: week,
            user_id: person.id,
            generation: 0,
            expires_at: at + 14 * 86_400,
        };
        mail.answers = vec![ChatAnswer {
            action: ChatAction::SnoozeWeek,
            token: state.settings.link_keys(LinkPurpose::Snooze).sign(&snooze),
        }];
        let key = format!("nudge:goals:user:{}:week:{week}", person.id);
        jobs.push(outbox::notify_at(
            &state.settings,
            person.id,
            NotificationKind::Goals,
            mail,
            key,
            at,
            None,
        ));
    }
    Ok(state.db.enqueue(&jobs).await?)
}
