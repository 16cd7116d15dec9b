use crate::error::AppError;
use crate::models::ImportPreview;
use leptos::prelude::*;
use leptos::server_fn::codec::{MultipartData, MultipartFormData};

#[cfg(feature = "ssr")]
use crate::{
    directory::MAX_IMPORT_BYTES, domain::Role, ssr::directory as import, ssr::support::context,
    ssr::support::multipart,
};

/// Receives a directory CSV (a plain multipart form post, so it works without JavaScript),
/// keeps it, and sends the admin to its preview.
#[server(endpoint = "admin/import_upload", input = MultipartFormData)]
pub async fn upload_directory(data: MultipartData) -> Result<(), AppError> {
    let me = context::require_role(Role::OrgAdmin).await?;
    let form = multipart::read(data, MAX_IMPORT_BYTES, || {
        AppError::invalid(
            "file",
            "The file is over the 10 MB limit. Split it into smaller files.",
        )
    })
    .await?;
    let (filename, bytes) = form
        .file
        .filter(|(_, b)| !b.is_empty())
        .ok_or_else(|| AppError::invalid("file", "Choose a CSV file to import."))?;
    let id = import::keep(&context::state()?, me.id, &filename, &bytes).await?;
    leptos_axum::redirect(&format!("/admin/import?upload={id}"));
    Ok(())
}

#[server(endpoint = "admin/import_preview")]
pub async fn preview_import(upload: i64) -> Result<ImportPreview, AppError> {
    let me = context::require_role(Role::OrgAdmin).await?;
    import::preview(&context::state()?, me.id, upload).await
}

#[server(endpoint = "admin/import_confirm")]
pub async fn confirm_import(
    upload: i64,
    invite: Option<String>,
    mark_left: Option<String>,
) -> Result<(), AppError> {
    let me = context::require_role(Role::OrgAdmin).await?;
    let done = import::confirm(
        &context::state()?,
        &me,
        upload,
        invite.is_some(),
        mark_left.is_some(),
    )
    .await?;
    let left = if done.left > 0 {
        format!("&left={}", done.left)
    } else {
        String::new()
    };
    leptos_axum::redirect(&format!(
        "/admin/people?created={}&updated={}&invited={}{left}",
        done.created, done.updated, done.invited
    ));
    Ok(())
}
