//! Chat channels: a program's admins paste a Slack incoming webhook or a Teams Workflows
//! webhook, and Tandem posts the program's news there (enrollment open, a round published,
//! the week's highlights). Posts are jobs like emails: queued with the change that causes
//! them, one per channel under a key of its own, so a channel hears each piece of news once
//! however many servers run, and a refused post is retried or fails with the reason in the
//! delivery log.

pub mod news;
pub mod post;
pub mod webhook;

use crate::domain::{Announcement, Button, ChatKind, ChatNews, ChatPost};
use crate::error::AppError;
use crate::models::{ChatChannel, ChatSettings, User};
use crate::ssr::storage::{now, ChatChannelRow, JobRow, NewJob};
use crate::ssr::support::clock::moment_in;
use crate::ssr::support::sealed::SealPurpose;
use crate::ssr::{access, outbox, AppState};
use webhook::WebhookUrl;

/// The most channels a program may have: a few teams' channels, not a broadcast list.
pub const CHANNELS_MAX: usize = 10;

/// A program's channels as its admins see them.
pub async fn settings(
    state: &AppState,
    user: &User,
    program_id: i64,
) -> Result<ChatSettings, AppError> {
    let program = access::program_run_by(state, user, program_id).await?;
    let channels = state
        .db
        .chat_channels(program_id)
        .await?
        .into_iter()
        .map(|c| ChatChannel {
            id: c.id,
            kind: c.kind.label().into(),
            hint: c.hint,
            added: moment_in(c.created_at, &user.time_zone),
        })
        .collect();
    Ok(ChatSettings {
        program_id,
        program_name: program.name,
        channels,
        name_people: state.db.chat_names(program_id).await?,
    })
}

/// Adds a channel after checking its address; returns its id.
pub async fn add(
    state: &AppState,
    user: &User,
    program_id: i64,
    kind: &str,
    url: &str,
) -> Result<i64, AppError> {
    access::program_run_by(state, user, program_id).await?;
    let kind = ChatKind::parse(kind)
        .ok_or_else(|| AppError::invalid("kind", "Choose Slack or Microsoft Teams."))?;
    let url = WebhookUrl::parse(kind, url, &state.settings.chat_webhook_hosts)
        .map_err(|e| AppError::invalid("url", e))?;
    if state.db.chat_channels(program_id).await?.len() >= CHANNELS_MAX {
        return Err(AppError::Conflict(format!(
            "A program can post to at most {CHANNELS_MAX} channels. Remove one first."
        )));
    }
    let sealed = state
        .settings
        .seals(SealPurpose::ChatWebhook)
        .seal(url.as_str());
    let id = state
        .db
        .add_chat_channel(program_id, kind, &sealed, &url.hint(), user.id)
        .await?;
    tracing::info!(
        program_id,
        channel = id,
        kind = kind.as_str(),
        "chat channel added"
    );
    Ok(id)
}

/// Removes a channel; posts still queued for it are dropped when their turn comes.
pub async fn remove(
    state: &AppState,
    user: &User,
    program_id: i64,
    channel_id: i64,
) -> Result<(), AppError> {
    access::program_run_by(state, user, program_id).await?;
    if !state.db.remove_chat_channel(program_id, channel_id).await? {
        return Err(AppError::NotFound(
            "This program has no such channel: it may have been removed already.".into(),
        ));
    }
    tracing::info!(program_id, channel = channel_id, "chat channel removed");
    Ok(())
}

/// Whether round announcements name who was matched with whom.
pub async fn set_names(
    state: &AppState,
    user: &User,
    program_id: i64,
    names: bool,
) -> Result<(), AppError> {
    access::program_run_by(state, user, program_id).await?;
    Ok(state.db.set_chat_names(program_id, names).await?)
}

/// A test post to one of a program's channels, queued under a key of its own; returns the
/// key, for the caller to run it at once.
pub async fn test_post(
    state: &AppState,
    user: &User,
    program_id: i64,
    channel_id: i64,
) -> Result<String, AppError> {
    let program = access::program_run_by(state, user, program_id).await?;
    let channel = channel_of(state, program_id, channel_id).await?;
    let announcement = Announcement {
        title: format!("Tandem is connected to {}", program.name),
        lines: vec![format!(
            "{} sent this test. The program's news will be posted here.",
            user.name
        )],
        facts: Vec::new(),
        button: Some(Button {
            label: "Open the program".into(),
            url: state.settings.link(&format!("/programs/{program_id}")),
        }),
    };
    let key = format!(
        "chat:test:{channel_id}:{}-{:08x}",
        now(),
        rand::random::<u32>()
    );
    let job = outbox::chat(&channel, announcement, key.clone(), now());
    state.db.enqueue(&[job]).await?;
    Ok(key)
}

/// Whether `job` is a test post to one of `program_id`'s channels, so its admins may see
/// what became of it.
pub async fn tested_on(state: &AppState, program_id: i64, job: &JobRow) -> Result<bool, AppError> {
    let channel = job
        .idempotency_key
        .strip_prefix("chat:test:")
        .and_then(|rest| rest.split(':').next())
        .and_then(|id| id.parse::<i64>().ok());
    let Some(channel) = channel.filter(|_| job.kind == outbox::CHAT) else {
        return Ok(false);
    };
    Ok(state
        .db
        .chat_channel(channel)
        .await?
        .is_some_and(|c| c.program_id == program_id))
}

async fn channel_of(
    state: &AppState,
    program_id: i64,
    channel_id: i64,
) -> Result<ChatChannelRow, AppError> {
    state
        .db
        .chat_channel(channel_id)
        .await?
        .filter(|c| c.program_id == program_id)
        .ok_or_else(|| AppError::NotFound("This program has no such channel.".into()))
}

/// The posts that tell each of the program's channels `news`, each keyed by `key` and the
/// channel, due at `at`. None when the program has no channels or nothing to say.
pub async fn posts(
    state: &AppState,
    program_id: i64,
    news: ChatNews,
    key: &str,
    at: i64,
) -> Result<Vec<NewJob>, AppError> {
    let channels = state.db.chat_channels(program_id).await?;
    if channels.is_empty() {
        return Ok(Vec::new());
    }
    let Some(program) = state.db.program(program_id).await? else {
        return Ok(Vec::new());
    };
    let Some(announcement) = news::announcement(state, &program, news).await? else {
        return Ok(Vec::new());
    };
    Ok(channels
        .iter()
        .map(|c| {
            outbox::chat(
                c,
                announcement.clone(),
                format!("{key}:channel:{}", c.id),
                at,
            )
        })
        .collect())
}

/// The week's highlights for every program with channels, for the week before `at`'s.
pub async fn highlights_due(state: &AppState, at: i64) -> Result<Vec<NewJob>, AppError> {
    let week = news::week_of(at) - 1;
    Ok(state
        .db
        .programs_with_chat()
        .await?
        .into_iter()
        .map(|id| outbox::announce(id, ChatNews::Highlights { week }))
        .collect())
}

/// Posts a queued message to its channel.
pub async fn deliver(state: &AppState, post: &ChatPost) -> Result<post::Posted, AppError> {
    let Some(channel) = state.db.chat_channel(post.channel_id).await? else {
        return Ok(post::Posted::Dropped(
            "the channel was removed before the message went out".into(),
        ));
    };
    let url = match state.settings.seals(SealPurpose::ChatWebhook).open(&channel.sealed_url) {
        Ok(url) => url,
        Err(e) => {
            return Ok(post::Posted::Failed(format!(
                "{e}; add the channel again (was the server's secret key changed without keeping the old one in TANDEM_PREVIOUS_SECRET_KEYS?)"
            )))
        }
    };
    Ok(post::post(channel.kind, &url, &post.announcement).await)
}
