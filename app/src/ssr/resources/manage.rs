//! What editors do: the resource form, saving, publishing and archiving, and files.

use super::page::template_of;
use super::{card, may_edit, open, program_names};
use crate::domain::{
    reading_minutes, Audience, MeasureKind, Publication, ResourceInput, ResourceKind, Role,
};
use crate::error::AppError;
use crate::models::{ResourceCard, ResourceFormPage, User};
use crate::ssr::access;
use crate::ssr::storage::{ResourceText, StoredFile};
use crate::ssr::support::clock::{today_in, zone_or_utc};
use crate::ssr::support::files::{self, check_upload};
use crate::ssr::support::markdown;
use crate::ssr::AppState;

fn require_manager(user: &User) -> Result<(), AppError> {
    if user.role.at_least(Role::ProgramAdmin) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// The resource form, empty or filled with a resource I may edit.
pub async fn form_page(
    state: &AppState,
    user: &User,
    id: Option<i64>,
) -> Result<ResourceFormPage, AppError> {
    require_manager(user)?;
    let programs = access::programs_run(state, user).await?;
    let Some(id) = id else {
        return Ok(ResourceFormPage {
            id: None,
            input: ResourceInput {
                kind: ResourceKind::Guide.as_str().into(),
                audience: Audience::Everyone.as_str().into(),
                goal_measure: MeasureKind::Metric.as_str().into(),
                goal_direction: "up".into(),
                ..Default::default()
            },
            status: Publication::Draft,
            programs,
            file_name: None,
        });
    };
    let (row, can_edit) = open(state, user, id).await?;
    if !can_edit {
        return Err(AppError::Forbidden);
    }
    let goal = template_of(&row).unwrap_or_default();
    Ok(ResourceFormPage {
        id: Some(id),
        input: ResourceInput {
            kind: row.kind.as_str().to_owned(),
            title: row.title.clone(),
            summary: row.summary.clone(),
            body: row.body.clone(),
            items: row.items.clone(),
            url: row.url.clone(),
            tags: row.tag_list().join(", "),
            category: row
                .category
                .map(|c| c.as_str().to_owned())
                .unwrap_or_default(),
            audience: row.audience.as_str().to_owned(),
            program_id: row.program_id.map(|p| p.to_string()).unwrap_or_default(),
            goal_title: goal.title,
            goal_measure: if goal.measure.is_empty() {
                MeasureKind::Metric.as_str().into()
            } else {
                goal.measure
            },
            goal_unit: goal.unit,
            goal_baseline: goal.baseline,
            goal_target: goal.target,
            goal_direction: if goal.direction.is_empty() {
                "up".into()
            } else {
                goal.direction
            },
            goal_milestones: goal.milestones,
        },
        status: row.status,
        programs,
        file_name: row.file_name.clone(),
    })
}

/// What search reads of a resource, and its reading time.
pub fn text_of(spec: &crate::domain::ResourceSpec) -> ResourceText {
    let body_text = markdown::plain_text(&spec.body);
    let items = spec.items.join(" ");
    ResourceText {
        reading_minutes: reading_minutes(&format!("{body_text} {items}")),
        body_text: if items.is_empty() {
            body_text
        } else {
            format!("{body_text} {items}").trim().to_owned()
        },
    }
}

/// Creates (no `id`) or changes a resource; returns its id. New resources are drafts.
pub async fn save(
    state: &AppState,
    user: &User,
    id: Option<i64>,
    input: &ResourceInput,
) -> Result<i64, AppError> {
    require_manager(user)?;
    let spec = input.parse(today_in(zone_or_utc(&user.time_zone)))?;
    if let Some(p) = spec.program_id {
        if !access::programs_run(state, user)
            .await?
            .iter()
            .any(|(id, _)| *id == p)
        {
            return Err(AppError::invalid("program_id", "Choose a program you run."));
        }
    }
    let text = text_of(&spec);
    match id {
        None => Ok(state.db.create_resource(user.id, &spec, &text).await?),
        Some(id) => {
            let (_, can_edit) = open(state, user, id).await?;
            if !can_edit {
                return Err(AppError::Forbidden);
            }
            state.db.update_resource(id, &spec, &text).await?;
            Ok(id)
        }
    }
}

/// Publishes, archives or returns a resource to draft. A file resource is published only
/// with its file.
pub async fn set_status(
    state: &AppState,
    user: &User,
    id: i64,
    status: &str,
) -> Result<(), AppError> {
    require_manager(user)?;
    let status = Publication::parse(status)
        .ok_or_else(|| AppError::invalid("status", "Choose draft, published or archived."))?;
    let (row, can_edit) = open(state, user, id).await?;
    if !can_edit {
        return Err(AppError::Forbidden);
    }
    if status == Publication::Published && row.kind == ResourceKind::File && row.file_key.is_none()
    {
        return Err(AppError::invalid(
            "file",
            "Upload the file before publishing.",
        ));
    }
    state.db.set_resource_status(id, status).await?;
    Ok(())
}

/// Keeps an uploaded file for a file resource I may edit, after checking its content.
pub async fn attach_file(
    state: &AppState,
    user: &User,
    id: i64,
    name: &str,
    bytes: &[u8],
) -> Result<(), AppError> {
    require_manager(user)?;
    let (row, can_edit) = open(state, user, id).await?;
    if !can_edit {
        return Err(AppError::Forbidden);
    }
    if row.kind != ResourceKind::File {
        return Err(AppError::invalid(
            "file",
            "Only file resources take uploads; change its kind to File first.",
        ));
    }
    let name = files::clean_name(name);
    let kind = check_upload(&name, bytes)?;
    let stored = StoredFile {
        key: files::new_key(),
        name,
        content_type: kind.mime.into(),
        size: bytes.len() as i64,
    };
    state.db.replace_resource_file(id, &stored, bytes).await?;
    Ok(())
}

/// A file resource's file as served: its name, checked type and bytes.
pub async fn file(
    state: &AppState,
    user: &User,
    id: i64,
) -> Result<(String, &'static files::FileType, Vec<u8>), AppError> {
    let (row, _) = open(state, user, id).await?;
    let missing = || AppError::NotFound("This resource has no file.".into());
    let key = row.file_key.as_deref().ok_or_else(missing)?;
    let kind = row
        .file_type
        .as_deref()
        .and_then(files::file_type)
        .ok_or_else(missing)?;
    let bytes = state.db.stored_file(key).await?.ok_or_else(missing)?;
    Ok((row.file_name.unwrap_or_else(|| "file".into()), kind, bytes))
}

/// Resources I may manage, for the admin list.
pub async fn managed(state: &AppState, user: &User) -> Result<Vec<ResourceCard>, AppError> {
    require_manager(user)?;
    let rows = state.db.managed_resources().await?;
    let names = program_names(state).await?;
    let mut out = Vec::new();
    for row in rows {
        if may_edit(state, user, &row).await? {
            out.push(card(&row, &names, &[], ""));
        }
    }
    Ok(out)
}
