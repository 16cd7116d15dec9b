//! The org directory import as admins use it: upload, preview, confirm.

use crate::directory::{parse, plan, DirectoryRow, ImportPlan, Problem};
use crate::domain::Role;
use crate::error::AppError;
use crate::models::{ImportPreview, PreviewPerson};
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

fn person(r: &DirectoryRow) -> PreviewPerson {
    PreviewPerson {
        line: r.line,
        email: r.email.to_string(),
        name: r.name.clone(),
        department: r.department.clone(),
        job_title: r.job_title.clone(),
        manager_email: r.manager_email.as_ref().map(ToString::to_string),
    }
}

async fn load(
    state: &AppState,
    admin: i64,
    upload_id: i64,
) -> Result<(String, Result<ImportPlan, Vec<Problem>>), AppError> {
    let (filename, content) = state.db.upload(upload_id, admin).await?.ok_or_else(|| {
        AppError::NotFound(
            "This upload has expired or does not exist. Upload the file again.".into(),
        )
    })?;
    let planned = match parse(&content) {
        Ok(rows) => plan(rows, &state.db.directory().await?),
        Err(problems) => Err(problems),
    };
    Ok((filename, planned))
}

/// What importing an uploaded file would do, or every problem that stops it.
pub async fn preview(
    state: &AppState,
    admin: i64,
    upload_id: i64,
) -> Result<ImportPreview, AppError> {
    let (filename, planned) = load(state, admin, upload_id).await?;
    let mut preview = ImportPreview {
        upload_id,
        filename,
        problems: Vec::new(),
        create_count: 0,
        update_count: 0,
        unchanged: 0,
        create: Vec::new(),
        update: Vec::new(),
    };
    match planned {
        Ok(p) => {
            preview.create_count = p.create.len();
            preview.update_count = p.update.len();
            preview.unchanged = p.unchanged;
            preview.create = p.create.iter().take(PREVIEW_SAMPLE).map(person).collect();
            preview.update = p.update.iter().take(PREVIEW_SAMPLE).map(person).collect();
        }
        Err(problems) => preview.problems = problems,
    }
    Ok(preview)
}

/// Imports a previewed file in one transaction and, when asked, invites the people it
/// created. Returns (created, updated, invited).
pub async fn confirm(
    state: &AppState,
    admin: i64,
    upload_id: i64,
    send_invitations: bool,
) -> Result<(usize, usize, usize), AppError> {
    let (_, planned) = load(state, admin, upload_id).await?;
    let plan = planned.map_err(|p| {
        AppError::invalid(
            "",
            format!(
                "The file no longer imports cleanly ({} problems). Open its preview again.",
                p.len()
            ),
        )
    })?;
    let (created, updated) = state.db.apply_import(&plan).await?;
    state.db.delete_upload(upload_id).await?;
    let mut invited = 0;
    if send_invitations {
        for r in &plan.create {
            invite(state, admin, r.email.as_str(), Role::Participant).await?;
            invited += 1;
        }
    }
    tracing::info!(created, updated, invited, "org directory imported");
    Ok((created, updated, invited))
}
