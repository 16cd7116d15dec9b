//! The delivery log org admins read: where email goes, what waits, what failed for good and
//! why, and everything sent to one person. Also the test message an admin sends themselves,
//! run while they wait so the answer of the mail server is on the page.

use super::{run_now, worker::owner_name};
use crate::error::AppError;
use crate::models::{DeliveryLine, DeliveryOverview, PersonDeliveries, User};
use crate::ssr::storage::{now, JobRow};
use crate::ssr::support::clock::moment_in;
use crate::ssr::{access, chat, emails, outbox, AppState};

/// How many failed messages the overview lists.
const FAILED_SHOWN: i64 = 100;
/// How many messages a person's log lists.
const PERSON_SHOWN: i64 = 200;

fn line(row: JobRow, zone: &str) -> DeliveryLine {
    DeliveryLine {
        id: row.id,
        subject: row.subject.unwrap_or_else(|| row.kind.clone()),
        channel: row.channel.unwrap_or_else(|| "task".into()),
        state: row.state,
        queued: moment_in(row.created_at, zone),
        finished: row.finished_at.map(|at| moment_in(at, zone)),
        attempts: row.attempts,
        reason: row.last_error,
        recipient_id: row.user_id,
        recipient: row.recipient,
    }
}

/// Where email goes, how much is waiting, and the messages that failed for good.
pub async fn overview(state: &AppState, viewer: &User) -> Result<DeliveryOverview, AppError> {
    let depth = state.db.queue_depth(now()).await?;
    let failed = state.db.failed_jobs(FAILED_SHOWN).await?;
    Ok(DeliveryOverview {
        transport: state.mailer.describe(),
        queued: depth.queued,
        due: depth.due,
        failed_count: depth.failed,
        failed: failed
            .into_iter()
            .map(|row| line(row, &viewer.time_zone))
            .collect(),
    })
}

/// Everything sent to one person, newest first; `NotFound` for no such person.
pub async fn person(
    state: &AppState,
    viewer: &User,
    user_id: i64,
) -> Result<PersonDeliveries, AppError> {
    let person = state
        .db
        .user_by_id(user_id)
        .await?
        .ok_or_else(|| AppError::NotFound("There is no such person.".into()))?;
    let lines = state.db.deliveries_to(user_id, PERSON_SHOWN).await?;
    Ok(PersonDeliveries {
        user_id,
        name: person.name,
        email: person.email,
        lines: lines
            .into_iter()
            .map(|row| line(row, &viewer.time_zone))
            .collect(),
    })
}

/// Queues a failed message again; `NotFound` when there is no failed message `id`.
pub async fn retry(state: &AppState, id: i64) -> Result<(), AppError> {
    if state.db.retry_job(id, now()).await? {
        Ok(())
    } else {
        Err(AppError::NotFound(
            "There is no failed message with this number: it may have been tried again already."
                .into(),
        ))
    }
}

/// Sends `admin` a test message through the configured transport while they wait; returns
/// the message's line in the log, with the mail server's answer when it was not delivered.
pub async fn send_test(state: &AppState, admin: &User) -> Result<DeliveryLine, AppError> {
    let org = state.db.org_settings().await?.name;
    let mail = emails::test_message(&admin.email, &admin.name, &org, &state.mailer.describe());
    let key = format!("test:{}:{}", admin.id, uuid_like());
    let job = outbox::email(&state.settings, Some(admin.id), mail, key.clone());
    state.db.enqueue(&[job]).await?;
    run_now(state, &owner_name(), &key).await?;
    let row = state
        .db
        .job_by_key(&key)
        .await?
        .ok_or_else(|| crate::ssr::support::context::internal("the test message vanished"))?;
    Ok(line(row, &admin.time_zone))
}

/// The line of one message, for the result of a test message after a page load.
pub async fn message(state: &AppState, viewer: &User, id: i64) -> Result<DeliveryLine, AppError> {
    let missing = || AppError::NotFound("There is no such message.".into());
    let row = state.db.job(id).await?.ok_or_else(missing)?;
    if row.channel.is_none() {
        return Err(missing());
    }
    Ok(line(row, &viewer.time_zone))
}

/// A key part no two test messages share.
fn uuid_like() -> String {
    format!("{:016x}{:08x}", now(), rand::random::<u32>())
}

/// Posts a test message to one of a program's chat channels while the admin waits; returns
/// the post's line, with what Slack or Teams answered when it was not delivered.
pub async fn send_chat_test(
    state: &AppState,
    admin: &User,
    program_id: i64,
    channel_id: i64,
) -> Result<DeliveryLine, AppError> {
    let key = chat::test_post(state, admin, program_id, channel_id).await?;
    run_now(state, &owner_name(), &key).await?;
    let row = state
        .db
        .job_by_key(&key)
        .await?
        .ok_or_else(|| crate::ssr::support::context::internal("the test post vanished"))?;
    Ok(line(row, &admin.time_zone))
}

/// A test post's line after the page reloads, for the admins of the program it was posted
/// for.
pub async fn chat_test(
    state: &AppState,
    viewer: &User,
    program_id: i64,
    id: i64,
) -> Result<DeliveryLine, AppError> {
    access::program_run_by(state, viewer, program_id).await?;
    let missing = || AppError::NotFound("There is no such test message.".into());
    let row = state.db.job(id).await?.ok_or_else(missing)?;
    if !chat::tested_on(state, program_id, &row).await? {
        return Err(missing());
    }
    Ok(line(row, &viewer.time_zone))
}
