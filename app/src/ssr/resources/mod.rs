//! The resource hub on the server: who reads and who edits a resource, search with its
//! filters, "Recommended for you", bookmarks and helpful marks, goal templates turned into
//! goals, prompt sets turned into agendas, and uploaded files.
//!
//! Reading is decided in one place, [`readers_of`] (for lists) and [`open`] (for one
//! resource): a resource for mentors is seen by people enrolled as mentors, one for a program
//! by its participants and admins, and so on. A resource someone may not read answers exactly
//! as a missing one does.
//!
//! The hub and its search are in [`hub`], a resource's page and what readers do there in
//! [`page`], and what editors do in [`manage`].

pub mod disk_files;
pub mod hub;
pub mod manage;
pub mod page;

pub use hub::{hub, tags, Filters};
pub use manage::{attach_file, file, form_page, managed, save, set_status, text_of};
pub use page::{agenda_from, bookmark, helpful, page, use_template};

use crate::domain::{snippet_parts, Audience, EnrollmentRole, Publication, Role};
use crate::error::AppError;
use crate::models::{ResourceCard, User};
use crate::ssr::access;
use crate::ssr::storage::{Readers, ResourceRow};
use crate::ssr::AppState;
use std::collections::HashMap;

pub(super) fn not_found() -> AppError {
    AppError::NotFound("There is no such resource, or it is not shared with you.".into())
}

/// Which resources `user` may read besides those for everyone.
pub async fn readers_of(state: &AppState, user: &User) -> Result<Readers, AppError> {
    if user.role == Role::OrgAdmin {
        return Ok(Readers::All);
    }
    let mut audiences = Vec::new();
    let mut programs = Vec::new();
    for (program_id, enrollment) in state.db.enrollments_of(user.id).await? {
        programs.push(program_id);
        if enrollment.role.mentors() {
            audiences.push(Audience::Mentors);
        }
        if matches!(
            enrollment.role,
            EnrollmentRole::Mentee | EnrollmentRole::Either
        ) {
            audiences.push(Audience::Mentees);
        }
    }
    if user.role == Role::ProgramAdmin {
        audiences.push(Audience::Admins);
        programs.extend(
            access::programs_run(state, user)
                .await?
                .into_iter()
                .map(|(id, _)| id),
        );
    }
    audiences.sort_by_key(|a| a.as_str());
    audiences.dedup();
    programs.sort_unstable();
    programs.dedup();
    Ok(Readers::Some {
        audiences,
        programs,
    })
}

pub(super) fn may_read(readers: &Readers, row: &ResourceRow) -> bool {
    match readers {
        Readers::All => true,
        Readers::Some {
            audiences,
            programs,
        } => match row.audience {
            Audience::Everyone => true,
            Audience::Program => row.program_id.is_some_and(|p| programs.contains(&p)),
            a => audiences.contains(&a),
        },
    }
}

/// Whether `user` may change `row`: org admins any; program admins their own, and those for
/// a program they run.
pub(super) async fn may_edit(
    state: &AppState,
    user: &User,
    row: &ResourceRow,
) -> Result<bool, AppError> {
    Ok(match user.role {
        Role::OrgAdmin => true,
        Role::ProgramAdmin => {
            row.author_id == Some(user.id)
                || match row.program_id {
                    Some(p) => state.db.is_program_admin(p, user.id).await?,
                    None => false,
                }
        }
        Role::Participant => false,
    })
}

/// A resource `user` may read: published (or archived) for its audience, or any resource
/// they may edit. Also says whether they may edit it.
pub async fn open(state: &AppState, user: &User, id: i64) -> Result<(ResourceRow, bool), AppError> {
    let row = state.db.resource(id).await?.ok_or_else(not_found)?;
    let editor = may_edit(state, user, &row).await?;
    if editor {
        return Ok((row, true));
    }
    let published = row.status != Publication::Draft;
    if published && may_read(&readers_of(state, user).await?, &row) {
        Ok((row, false))
    } else {
        Err(not_found())
    }
}

pub(super) fn date_of(unix: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(unix)
        .map(|t| {
            let d = t.date();
            format!("{} {} {}", d.day(), d.month(), d.year())
        })
        .unwrap_or_default()
}

pub(super) fn card(
    row: &ResourceRow,
    programs: &HashMap<i64, String>,
    bookmarked: &[i64],
    snippet: &str,
) -> ResourceCard {
    let audience = match (row.audience, row.program_id) {
        (Audience::Program, Some(p)) => programs
            .get(&p)
            .cloned()
            .unwrap_or_else(|| "One program".into()),
        (a, _) => a.label().into(),
    };
    ResourceCard {
        id: row.id,
        kind: row.kind,
        title: row.title.clone(),
        title_parts: Vec::new(),
        summary: row.summary.clone(),
        tags: row.tag_list(),
        category: row.category,
        audience,
        reading_minutes: row.reading_minutes,
        helpful: row.helpful,
        bookmarked: bookmarked.contains(&row.id),
        status: row.status,
        snippet: snippet_parts(snippet),
        reason: None,
        updated: date_of(row.updated_at),
    }
}

pub(super) async fn program_names(state: &AppState) -> Result<HashMap<i64, String>, AppError> {
    Ok(state
        .db
        .programs(true)
        .await?
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect())
}
