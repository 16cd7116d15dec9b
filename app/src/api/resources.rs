//! The resource hub: search and the hub page, a resource's page, bookmarks and helpful
//! marks, using goal templates, and the admins' form, publishing and uploads.

use crate::domain::ResourceInput;
use crate::error::AppError;
use crate::models::{ResourceCard, ResourceFormPage, ResourceHub, ResourcePage};
use leptos::prelude::*;
use leptos::server_fn::codec::{MultipartData, MultipartFormData};

#[cfg(feature = "ssr")]
use crate::ssr::{
    resources,
    support::{context, files, multipart},
};

/// The hub: resources matching `q` within the filters (the newest when there are none),
/// with recommendations and my bookmarks.
#[server(endpoint = "resources")]
pub async fn load_resource_hub(
    q: Option<String>,
    kind: Option<String>,
    tag: Option<String>,
    audience: Option<String>,
) -> Result<ResourceHub, AppError> {
    let me = context::require_user().await?;
    let filters = resources::Filters {
        q: q.unwrap_or_default(),
        kind,
        tag,
        audience,
    };
    resources::hub(&context::state()?, &me, filters).await
}

/// Tags in use, for the hub's filter: loaded once per page, not on every search.
#[server(endpoint = "resources/tags")]
pub async fn load_resource_tags() -> Result<Vec<(String, i64)>, AppError> {
    context::require_user().await?;
    resources::tags(&context::state()?).await
}

#[server(endpoint = "resource")]
pub async fn load_resource(id: i64) -> Result<ResourcePage, AppError> {
    let me = context::require_user().await?;
    resources::page(&context::state()?, &me, id).await
}

/// Bookmarks (`on` = "1") or un-bookmarks a resource.
#[server(endpoint = "resources/bookmark")]
pub async fn bookmark_resource(id: i64, on: String) -> Result<(), AppError> {
    let me = context::require_user().await?;
    resources::bookmark(&context::state()?, &me, id, on == "1").await?;
    leptos_axum::redirect(&format!("/resources/{id}"));
    Ok(())
}

/// Marks a resource helpful (`on` = "1") or takes the mark back.
#[server(endpoint = "resources/helpful")]
pub async fn mark_helpful(id: i64, on: String) -> Result<(), AppError> {
    let me = context::require_user().await?;
    resources::helpful(&context::state()?, &me, id, on == "1").await?;
    leptos_axum::redirect(&format!("/resources/{id}"));
    Ok(())
}

/// Adds a goal made from a goal template to my board in `program_id`, then opens it for
/// editing so I can put it in my own words.
#[server(endpoint = "resources/use-template")]
pub async fn use_goal_template(id: i64, program_id: i64) -> Result<i64, AppError> {
    let me = context::require_user().await?;
    let goal = resources::use_template(&context::state()?, &me, id, program_id).await?;
    leptos_axum::redirect(&format!("/goals/{goal}/edit?from_template={id}"));
    Ok(goal)
}

#[server(endpoint = "resources/form")]
pub async fn resource_form(id: Option<i64>) -> Result<ResourceFormPage, AppError> {
    let me = context::require_user().await?;
    resources::form_page(&context::state()?, &me, id).await
}

/// Creates a resource (as a draft) or saves changes to one; then shows it.
#[server(endpoint = "resources/save")]
pub async fn save_resource(id: Option<i64>, input: ResourceInput) -> Result<i64, AppError> {
    let me = context::require_user().await?;
    let id = resources::save(&context::state()?, &me, id, &input).await?;
    leptos_axum::redirect(&format!("/resources/{id}?saved=1"));
    Ok(id)
}

/// Publishes, archives or returns a resource to draft (`status`).
#[server(endpoint = "resources/status")]
pub async fn set_resource_status(id: i64, status: String) -> Result<(), AppError> {
    let me = context::require_user().await?;
    resources::set_status(&context::state()?, &me, id, &status).await?;
    leptos_axum::redirect(&format!("/resources/{id}"));
    Ok(())
}

#[server(endpoint = "resources/manage")]
pub async fn load_managed_resources() -> Result<Vec<ResourceCard>, AppError> {
    let me = context::require_user().await?;
    resources::managed(&context::state()?, &me).await
}

/// Receives a file resource's file (a plain multipart form post, so it works without
/// JavaScript): fields `id` and `file`.
#[server(endpoint = "resources/upload", input = MultipartFormData)]
pub async fn upload_resource_file(data: MultipartData) -> Result<(), AppError> {
    let me = context::require_user().await?;
    let form = multipart::read(data, files::FILE_MAX_BYTES, files::too_large).await?;
    let id: i64 = form
        .fields
        .get("id")
        .and_then(|t| t.trim().parse().ok())
        .ok_or_else(|| AppError::invalid("", "Say which resource the file is for."))?;
    let (name, bytes) = form.file.unwrap_or_default();
    resources::attach_file(&context::state()?, &me, id, &name, &bytes).await?;
    leptos_axum::redirect(&format!("/resources/{id}?uploaded=1"));
    Ok(())
}
