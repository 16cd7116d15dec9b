//! The org directory import as admins use it: upload, preview, confirm.

use crate::directory::{plan_file, read, DirectoryRow, Planned};
use crate::domain::{AuditAction, Role};
use crate::error::AppError;
use crate::models::User;
use crate::models::{ImportPreview, PreviewPerson};
use crate::ssr::audit::{self, Actor, Subject};
use crate::ssr::invitations::invite;
use crate::ssr::AppState;

/// Keeps an uploaded file until it is confirmed (or a day has passed); returns its id.
pub async fn keep(
    state: &AppState,
    admin: i64,
    filename: &str,
    bytes: &[u8],
) -> Result<i64, AppError> {
    Ok(state.db.save_upload(admin, filename, bytes).await?)
}

/// People of each kind shown in a preview.
const PREVIEW_SAMPLE: usize = 50;
/// Unconfirmed uploads are dropped after a day.
pub const UPLOAD_MAX_AGE_SECS: i64 = 24 * 60 * 60;

fn person(r: &DirectoryRow, changes: &[String]) -> PreviewPerson {
    PreviewPerson {
        line: r.line,
        email: r.email.to_string(),
        name: r.name.clone(),
        department: r.department.clone(),
        job_title: r.job_title.clone(),
        manager_email: r.manager_email.as_ref().map(ToString::to_string),
        changes: changes.to_vec(),
    }
}

async fn load(state: &AppState, admin: i64, upload_id: i64) -> Result<(String, Planned), AppError> {
    let (filename, content) = state.db.upload(upload_id, admin).await?.ok_or_else(|| {
        AppError::NotFound(
            "This upload has expired or does not exist. Upload the file again.".into(),
        )
    })?;
    let planned = plan_file(read(&content), &state.db.directory().await?);
    Ok((filename, planned))
}

/// What importing an uploaded file would do, or every problem that stops it.
pub async fn preview(
    state: &AppState,
    admin: i64,
    upload_id: i64,
) -> Result<ImportPreview, AppError> {
    let (filename, planned) = load(state, admin, upload_id).await?;
    let Planned { plan, problems } = planned;
    Ok(ImportPreview {
        upload_id,
        filename,
        problems,
        create_count: plan.create.len(),
        update_count: plan.update.len(),
        unchanged: plan.unchanged,
        create: plan
            .create
            .iter()
            .take(PREVIEW_SAMPLE)
            .map(|r| person(r, &[]))
            .collect(),
        update: plan
            .update
            .iter()
            .take(PREVIEW_SAMPLE)
            .map(|u| person(&u.row, &u.changes))
            .collect(),
        absent_columns: plan
            .columns
            .absent()
            .into_iter()
            .map(str::to_owned)
            .collect(),
        missing: plan.missing,
    })
}

/// What a confirmed import did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Imported {
    pub created: usize,
    pub updated: usize,
    pub invited: usize,
    /// People missing from the file marked as having left.
    pub left: usize,
}

/// Imports a previewed file in one transaction and, when asked, invites the people it
/// created and marks the people missing from it as having left (never the admin confirming,
/// never an org admin).
pub async fn confirm(
    state: &AppState,
    admin_user: &User,
    upload_id: i64,
    send_invitations: bool,
    mark_missing_left: bool,
) -> Result<Imported, AppError> {
    let admin = admin_user.id;
    let (_, Planned { plan, problems }) = load(state, admin, upload_id).await?;
    if !problems.is_empty() {
        return Err(AppError::invalid(
            "",
            format!(
                "The file no longer imports cleanly ({} problems). Open its preview again.",
                problems.len()
            ),
        ));
    }
    let (created, updated) = state.db.apply_import(&plan).await?;
    state.db.delete_upload(upload_id).await?;
    let mut invited = 0;
    if send_invitations {
        for r in &plan.create {
            invite(state, admin, r.email.as_str(), Role::Participant).await?;
            invited += 1;
        }
    }
    let mut left = 0;
    if mark_missing_left {
        for email in &plan.missing {
            let Ok(email) = crate::domain::Email::parse(email) else {
                continue;
            };
            if let Some(person) = state.db.user_by_email(&email).await? {
                if person.id != admin && state.db.deactivate(person.id).await?.is_some() {
                    left += 1;
                    let subject = Subject {
                        id: person.id,
                        name: &person.name,
                        email: &person.email,
                    };
                    audit::record(
                        state,
                        &Actor::Person(admin_user),
                        AuditAction::PersonDeactivated,
                        Some(subject),
                        "Missing from the directory import",
                    )
                    .await?;
                }
            }
        }
    }
    tracing::info!(created, updated, invited, left, "org directory imported");
    audit::record(
        state,
        &Actor::Person(admin_user),
        AuditAction::DirectoryImported,
        None,
        &format!("{created} created, {updated} updated, {invited} invited, {left} marked as left"),
    )
    .await?;
    Ok(Imported {
        created,
        updated,
        invited,
        left,
    })
}
