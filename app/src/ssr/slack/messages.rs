//! Messages to people in Slack: a notification as a direct message, and a group message for a
//! new pair or circle. People are found by their work email, and what Slack answered is
//! remembered (a "not found" only for a day).

use super::api::{ApiError, SlackApi};
use super::credentials;
use crate::domain::slack_direct_message;
use crate::error::AppError;
use crate::models::User;
use crate::ssr::storage::now;
use crate::ssr::support::mailer::OutgoingMail;
use crate::ssr::AppState;

/// How long "Slack does not know this address" is believed before asking again.
pub const UNKNOWN_RECHECK_SECS: i64 = 86_400;

/// Who `user` is in Slack, from what was learnt before or by asking Slack.
async fn slack_id(
    api: &SlackApi<'_>,
    state: &AppState,
    user: &User,
) -> Result<Option<String>, ApiError> {
    let known = state.db.slack_person(user.id).await.map_err(internal)?;
    if let Some(p) = &known {
        if p.slack_id.is_some() || p.checked_at > now() - UNKNOWN_RECHECK_SECS {
            return Ok(p.slack_id.clone());
        }
    }
    let id = match api
        .call("users.lookupByEmail", &[("email", &user.email)])
        .await
    {
        Ok(answer) => answer["user"]["id"].as_str().map(str::to_owned),
        Err(ApiError::Refused(code)) if code == "users_not_found" => None,
        Err(e) => return Err(e),
    };
    state
        .db
        .save_slack_person(user.id, id.as_deref())
        .await
        .map_err(internal)?;
    Ok(id)
}

fn internal(e: impl std::fmt::Display) -> ApiError {
    ApiError::Unreachable(format!("the database: {e}"))
}

/// What became of a notification offered to Slack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dm {
    Sent,
    /// Not for Slack: no app, the person turned it off, or Slack does not know them; the
    /// reason is logged and the email goes instead.
    Email(&'static str),
}

/// Sends a notification to its person as a Slack direct message when the organisation has a
/// Slack app and the person takes messages there.
pub async fn direct_message(
    state: &AppState,
    user_id: i64,
    mail: &OutgoingMail,
) -> Result<Dm, ApiError> {
    let Some((token, _)) = credentials(state).await.map_err(internal)? else {
        return Ok(Dm::Email("no Slack app"));
    };
    if !state.db.slack_dm(user_id).await.map_err(internal)? {
        return Ok(Dm::Email("the person turned Slack messages off"));
    }
    let Some(user) = state.db.user_by_id(user_id).await.map_err(internal)? else {
        return Ok(Dm::Email("no such person"));
    };
    let api = SlackApi {
        base: &state.settings.slack_api_base,
        token: &token,
    };
    let Some(slack_user) = slack_id(&api, state, &user).await? else {
        return Ok(Dm::Email("Slack does not know the person's address"));
    };
    let opened = api
        .call("conversations.open", &[("users", &slack_user)])
        .await?;
    let Some(channel) = opened["channel"]["id"].as_str() else {
        return Err(ApiError::Refused(
            "conversations.open gave no channel".into(),
        ));
    };
    let message = slack_direct_message(
        &mail.subject,
        mail.text_without_footer(),
        &mail.answers,
        &state.settings.link("/profile/notifications"),
    );
    let blocks = message["blocks"].to_string();
    let text = message["text"].as_str().unwrap_or_default();
    api.call(
        "chat.postMessage",
        &[("channel", channel), ("text", text), ("blocks", &blocks)],
    )
    .await?;
    Ok(Dm::Sent)
}

/// A job per group of a published round, to start its Slack group message; none without a
/// Slack app.
pub async fn introductions(
    state: &AppState,
    program_id: i64,
    round_id: i64,
    key: &str,
    at: i64,
) -> Result<Vec<crate::ssr::storage::NewJob>, AppError> {
    if state.db.slack_app().await?.is_none() {
        return Ok(Vec::new());
    }
    Ok(state
        .db
        .round_groups(round_id)
        .await?
        .into_iter()
        .map(|g| {
            crate::ssr::storage::NewJob::task(
                &crate::domain::Task::IntroduceGroup {
                    program_id,
                    round_id,
                    group_no: g.group_no,
                },
                format!("{key}:group:{}", g.group_no),
                at,
            )
        })
        .collect())
}

/// Starts a group message for a new pair or circle, with why they were matched and a first
/// agenda, when every member is in Slack and takes messages there. Without the `mpim:write`
/// permission, or when someone is not in Slack, each has their own message already.
pub async fn introduce(
    state: &AppState,
    program_id: i64,
    round_id: i64,
    group_no: i64,
) -> Result<(), AppError> {
    let Some((token, _)) = credentials(state).await? else {
        return Ok(());
    };
    let Some(program) = state.db.program(program_id).await? else {
        return Ok(());
    };
    let groups = state.db.round_groups(round_id).await?;
    let Some(group) = groups.into_iter().find(|g| g.group_no == group_no) else {
        return Ok(());
    };
    let api = SlackApi {
        base: &state.settings.slack_api_base,
        token: &token,
    };
    let failed = |e: ApiError| AppError::Internal(e.to_string());
    let (mut ids, mut names) = (Vec::new(), Vec::new());
    for member in &group.members {
        let Some(user) = state.db.user_by_id(*member).await? else {
            return Ok(());
        };
        if !user.active() || !state.db.slack_dm(user.id).await? {
            return Ok(());
        }
        match slack_id(&api, state, &user).await.map_err(failed)? {
            Some(id) => ids.push(id),
            None => return Ok(()),
        }
        names.push(user.name);
    }
    let mut reasons: Vec<String> = Vec::new();
    for pair in &group.pairs {
        for h in &pair.explanation.highlights {
            if !reasons.contains(h) {
                reasons.push(h.clone());
            }
        }
    }
    let mut lines = Vec::new();
    if !reasons.is_empty() {
        lines.push("Why you were matched:".to_owned());
        lines.extend(reasons.iter().map(|r| format!("• {r}")));
    }
    let agenda = crate::ssr::rounds::card::agenda(&reasons, program.rotation_weeks);
    if !agenda.is_empty() {
        lines.push("A first agenda:".to_owned());
        lines.extend(
            agenda
                .iter()
                .enumerate()
                .map(|(i, a)| format!("{}. {a}", i + 1)),
        );
    }
    lines.push("Say hello here, then plan a first meeting in Tandem.".to_owned());
    let message = crate::domain::slack_message(&crate::domain::Announcement {
        title: format!(
            "{}: you're matched in {}",
            names.join(" and "),
            program.name
        ),
        lines,
        facts: Vec::new(),
        button: Some(crate::domain::Button {
            label: "Plan a first meeting".into(),
            url: state.settings.link(&format!("/programs/{program_id}/pair")),
        }),
    });
    let opened = match api
        .call("conversations.open", &[("users", &ids.join(","))])
        .await
    {
        Ok(opened) => opened,
        Err(ApiError::Refused(code)) if code == "missing_scope" => {
            tracing::info!(
                "group messages need the mpim:write permission; each person has their own message"
            );
            return Ok(());
        }
        Err(e) => return Err(failed(e)),
    };
    let Some(channel) = opened["channel"]["id"].as_str() else {
        return Err(AppError::Internal(
            "conversations.open gave no channel".into(),
        ));
    };
    let blocks = message["blocks"].to_string();
    let text = message["text"].as_str().unwrap_or_default();
    api.call(
        "chat.postMessage",
        &[("channel", channel), ("text", text), ("blocks", &blocks)],
    )
    .await
    .map_err(failed)?;
    Ok(())
}
