//! The resource hub on the server: who reads and who edits a resource, search with its
//! filters, "Recommended for you", bookmarks and helpful marks, goal templates turned into
//! goals, prompt sets turned into agendas, and uploaded files.
//!
//! Reading is decided in one place, [`readers_of`] (for lists) and [`open`] (for one
//! resource): a resource for mentors is seen by people enrolled as mentors, one for a program
//! by its participants and admins, and so on. A resource someone may not read answers exactly
//! as a missing one does.

use super::clock::{today_in, zone_or_utc};
use super::context::internal;
use super::files::{self, check_upload, size_label};
use super::markdown;
use super::storage::{Readers, ResourceQuery, ResourceRow, ResourceText, SearchHit, StoredFile};
use super::AppState;
use crate::domain::{
    highlight, reading_minutes, snippet_parts, tag_slug, template_goal, Answer, Audience,
    EnrollmentRole, GoalCategory, GoalInput, GoalStatus, MeasureKind, Publication, ResourceInput,
    ResourceKind, Role, SearchTerms,
};
use crate::error::AppError;
use crate::models::{FileView, ResourceCard, ResourceFormPage, ResourceHub, ResourcePage, User};
use std::collections::HashMap;

fn not_found() -> AppError {
    AppError::NotFound("There is no such resource, or it is not shared with you.".into())
}

/// Programs `user` runs as a program admin.
async fn programs_run(state: &AppState, user: &User) -> Result<Vec<(i64, String)>, AppError> {
    let all = state.db.programs(true).await?;
    let mut out = Vec::new();
    for p in all {
        let runs = match user.role {
            Role::OrgAdmin => true,
            Role::ProgramAdmin => state.db.is_program_admin(p.id, user.id).await?,
            Role::Participant => false,
        };
        if runs {
            out.push((p.id, p.name));
        }
    }
    Ok(out)
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
            programs_run(state, user)
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

fn may_read(readers: &Readers, row: &ResourceRow) -> bool {
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
async fn may_edit(state: &AppState, user: &User, row: &ResourceRow) -> Result<bool, AppError> {
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

fn date_of(unix: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(unix)
        .map(|t| {
            let d = t.date();
            format!("{} {} {}", d.day(), d.month(), d.year())
        })
        .unwrap_or_default()
}

fn card(
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

async fn program_names(state: &AppState) -> Result<HashMap<i64, String>, AppError> {
    Ok(state
        .db
        .programs(true)
        .await?
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect())
}

/// Filters as given in a search address, checked.
pub struct Filters {
    pub q: String,
    pub kind: Option<String>,
    pub tag: Option<String>,
    pub audience: Option<String>,
}

/// The hub: search results (or the newest resources), recommendations and bookmarks.
pub async fn hub(state: &AppState, user: &User, f: Filters) -> Result<ResourceHub, AppError> {
    let terms = SearchTerms::parse(&f.q).map_err(|e| AppError::invalid(e.field, e.message))?;
    let kind = match f.kind.as_deref().map(str::trim).filter(|k| !k.is_empty()) {
        None => None,
        Some(k) => Some(ResourceKind::parse(k).ok_or_else(|| {
            AppError::invalid(
                "kind",
                format!("There is no kind of resource called {k:?}."),
            )
        })?),
    };
    let audience = match f
        .audience
        .as_deref()
        .map(str::trim)
        .filter(|a| !a.is_empty())
    {
        None => None,
        Some(a) => Some(Audience::parse(a).ok_or_else(|| {
            AppError::invalid("audience", format!("There is no audience called {a:?}."))
        })?),
    };
    let tag = match f.tag.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        None => None,
        Some(t) => {
            let slug = tag_slug(t);
            if !state.db.resource_tag_exists(&slug).await? {
                let shown: String = t.chars().take(40).collect();
                return Err(AppError::invalid(
                    "tag",
                    format!("No resource is tagged {shown:?}. Choose a tag from the list."),
                ));
            }
            Some(slug)
        }
    };
    let readers = readers_of(state, user).await?;
    let searched = !terms.is_empty() || kind.is_some() || tag.is_some() || audience.is_some();
    let query = ResourceQuery {
        terms,
        kind,
        tag: tag.clone(),
        audience,
        readers: readers.clone(),
        limit: 30,
    };
    let hits: Vec<SearchHit> = state.db.search_resources(&query).await?;
    let names = program_names(state).await?;
    let bookmarked = state.db.bookmarked_ids(user.id).await?;
    let results = hits
        .iter()
        .map(|h| {
            let mut c = card(&h.row, &names, &bookmarked, &h.snippet);
            if !query.terms.is_empty() {
                c.title_parts = highlight(&c.title, &query.terms);
            }
            c
        })
        .collect();
    let recommended = if searched {
        Vec::new()
    } else {
        recommend(state, user, &readers, &names, &bookmarked).await?
    };
    let bookmarks = state
        .db
        .bookmarks_of(user.id)
        .await?
        .iter()
        .filter(|r| may_read(&readers, r))
        .map(|r| card(r, &names, &bookmarked, ""))
        .collect();
    Ok(ResourceHub {
        query: f.q,
        kind,
        tag,
        audience: audience.map(|a| a.as_str().to_owned()),
        searched,
        results,
        recommended,
        bookmarks,
        can_manage: user.role.at_least(Role::ProgramAdmin),
    })
}

/// Tags in use on published resources with their counts, for the hub's filter.
pub async fn tags(state: &AppState) -> Result<Vec<(String, i64)>, AppError> {
    Ok(state.db.resource_tags().await?)
}

/// "Recommended for you": resources in the categories of my goals, or tagged with what I
/// answered in an enrollment survey, each with the reason it was picked.
async fn recommend(
    state: &AppState,
    user: &User,
    readers: &Readers,
    names: &HashMap<i64, String>,
    bookmarked: &[i64],
) -> Result<Vec<ResourceCard>, AppError> {
    let mut categories: Vec<GoalCategory> = Vec::new();
    for goal in state.db.all_goals_of(user.id).await? {
        if goal.status != GoalStatus::Dropped && !categories.contains(&goal.category) {
            categories.push(goal.category);
        }
    }
    // Answers to choice questions, as tags, with the words the person chose.
    let mut said: Vec<(String, String)> = Vec::new();
    for (program_id, enrollment) in state.db.enrollments_of(user.id).await? {
        let questions = state.db.questions(program_id).await?;
        for (question_id, answer) in &enrollment.answers {
            let Some(q) = questions.iter().find(|q| q.id == *question_id) else {
                continue;
            };
            let chosen: Vec<&String> = match answer {
                Answer::Choice(c) => vec![c],
                Answer::Choices(cs) => cs.iter().collect(),
                _ => continue,
            };
            for option in chosen {
                let label = q.option_label(option).unwrap_or(option).to_owned();
                for slug in [tag_slug(option), tag_slug(&label)] {
                    if !slug.is_empty() && !said.iter().any(|(s, _)| *s == slug) {
                        said.push((slug, label.clone()));
                    }
                }
            }
        }
    }
    let tags: Vec<String> = said.iter().map(|(s, _)| s.clone()).collect();
    let rows = state
        .db
        .resources_matching(&categories, &tags, readers, 6)
        .await?;
    Ok(rows
        .iter()
        .map(|r| {
            let mut c = card(r, names, bookmarked, "");
            c.reason = match r.category.filter(|k| categories.contains(k)) {
                Some(k) => Some(format!("For your {} goal", k.label().to_lowercase())),
                None => r
                    .tag_list()
                    .iter()
                    .find_map(|t| said.iter().find(|(s, _)| s == t))
                    .map(|(_, label)| format!("You said “{label}” when you enrolled")),
            };
            c
        })
        .collect())
}

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

fn template_of(row: &ResourceRow) -> Option<GoalInput> {
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
    let programs = programs_run(state, user).await?;
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
    let spec = input
        .parse(today_in(zone_or_utc(&user.time_zone)))
        .map_err(|e| AppError::invalid(e.field, e.message))?;
    if let Some(p) = spec.program_id {
        if !programs_run(state, user)
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
    let dir = &state.settings.files_dir;
    let key = files::new_key();
    tokio::fs::create_dir_all(dir).await.map_err(internal)?;
    tokio::fs::write(dir.join(&key), bytes)
        .await
        .map_err(internal)?;
    let stored = StoredFile {
        key,
        name,
        content_type: kind.mime.into(),
        size: bytes.len() as i64,
    };
    let replaced = state.db.replace_resource_file(id, &stored).await?;
    if let Some(old) = replaced.and_then(|k| files::path_of(dir, &k)) {
        let _ = tokio::fs::remove_file(old).await;
    }
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
    let path = files::path_of(&state.settings.files_dir, key).ok_or_else(missing)?;
    let bytes = tokio::fs::read(path).await.map_err(internal)?;
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
