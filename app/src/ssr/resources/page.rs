//! A resource's page, and what its readers do there: bookmark it, mark it helpful, put a goal
//! template on their board, take a prompt set into a session's agenda.

use super::{card, date_of, open, program_names};
use crate::domain::{template_goal, GoalInput, MeasureKind, ResourceKind};
use crate::error::AppError;
use crate::models::{FileView, ResourcePage, User};
use crate::ssr::storage::ResourceRow;
use crate::ssr::support::clock::{today_in, zone_or_utc};
use crate::ssr::support::files::{self, size_label};
use crate::ssr::support::markdown;
use crate::ssr::AppState;

/// A resource's page.
pub async fn page(state: &AppState, user: &User, id: i64) -> Result<ResourcePage, AppError> {
    let (row, can_edit) = open(state, user, id).await?;
    let names = program_names(state).await?;
    let (bookmarked, helpful_mine) = state.db.resource_marks(user.id, id).await?;
    let marked: Vec<i64> = if bookmarked { vec![id] } else { Vec::new() };
    let card = card(&row, &names, &marked, "");
    let file = match (&row.file_key, &row.file_type) {
        (Some(_), Some(mime)) => {
            let kind = files::file_type(mime);
            Some(FileView {
                name: row.file_name.clone().unwrap_or_else(|| "file".into()),
                type_label: kind.map_or("File", |k| k.label).into(),
                size: size_label(row.file_size.unwrap_or_default()),
                href: format!("/resources/{id}/file"),
                image: kind.is_some_and(|k| k.image),
            })
        }
        _ => None,
    };
    let goal = template_of(&row).map(|g| {
        let measure = match MeasureKind::parse(&g.measure) {
            Some(MeasureKind::Milestones) => format!(
                "Milestones: {}",
                g.milestones
                    .lines()
                    .filter(|l| !l.trim().is_empty())
                    .collect::<Vec<_>>()
                    .join(" · ")
            ),
            _ => format!("From {} to {} {}", g.baseline, g.target, g.unit),
        };
        (g.title, measure)
    });
    let kind = card.kind;
    let programs = if matches!(kind, ResourceKind::GoalTemplate | ResourceKind::PromptSet) {
        let mut out = Vec::new();
        for (program_id, _) in state.db.enrollments_of(user.id).await? {
            if let Some(name) = names.get(&program_id) {
                out.push((program_id, name.clone()));
            }
        }
        out
    } else {
        Vec::new()
    };
    Ok(ResourcePage {
        body_html: markdown::render(&row.body),
        items: row.item_list(),
        url: row.url.clone(),
        file,
        author: row.author.clone().unwrap_or_else(|| "Tandem".into()),
        created: date_of(row.created_at),
        helpful_mine,
        goal,
        programs,
        can_edit,
        card,
    })
}

pub(super) fn template_of(row: &ResourceRow) -> Option<GoalInput> {
    (row.kind == ResourceKind::GoalTemplate)
        .then(|| serde_json::from_str(&row.goal).ok())
        .flatten()
}

/// Bookmarks or un-bookmarks a resource I can read.
pub async fn bookmark(state: &AppState, user: &User, id: i64, on: bool) -> Result<(), AppError> {
    open(state, user, id).await?;
    Ok(state.db.set_bookmark(user.id, id, on).await?)
}

/// Marks a resource I can read as helpful, or takes the mark back.
pub async fn helpful(state: &AppState, user: &User, id: i64, on: bool) -> Result<(), AppError> {
    open(state, user, id).await?;
    Ok(state.db.set_helpful(user.id, id, on).await?)
}

/// Creates a goal on my board in `program_id` from a goal template; returns the goal's id.
pub async fn use_template(
    state: &AppState,
    user: &User,
    id: i64,
    program_id: i64,
) -> Result<i64, AppError> {
    let (row, _) = open(state, user, id).await?;
    let input = template_of(&row)
        .ok_or_else(|| AppError::invalid("", "This resource is not a goal template."))?;
    if state.db.enrollment(program_id, user.id).await?.is_none() {
        return Err(AppError::invalid(
            "program_id",
            "Choose a program you have joined.",
        ));
    }
    let spec = template_goal(&input, today_in(zone_or_utc(&user.time_zone)))
        .map_err(|e| AppError::invalid("", format!("This template cannot make a goal: {e}")))?;
    Ok(state.db.create_goal(user.id, program_id, &spec).await?)
}

/// A prompt set's prompts, one per line, for a session agenda; nothing when `id` is not a
/// prompt set `user` can read.
pub async fn agenda_from(state: &AppState, user: &User, id: i64) -> Result<String, AppError> {
    let (row, _) = open(state, user, id).await?;
    Ok(if row.kind == ResourceKind::PromptSet {
        row.item_list().join("\n")
    } else {
        String::new()
    })
}
