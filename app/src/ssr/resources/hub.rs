//! The hub: search with its filters, the newest resources, recommendations and bookmarks.

use super::{card, may_read, program_names, readers_of};
use crate::domain::{
    highlight, tag_slug, Answer, Audience, GoalCategory, GoalStatus, ResourceKind, Role,
    SearchTerms,
};
use crate::error::AppError;
use crate::models::{ResourceCard, ResourceHub, User};
use crate::ssr::storage::{Readers, ResourceQuery, SearchHit};
use crate::ssr::AppState;
use std::collections::HashMap;

/// Filters as given in a search address, checked.
pub struct Filters {
    pub q: String,
    pub kind: Option<String>,
    pub tag: Option<String>,
    pub audience: Option<String>,
}

/// The hub: search results (or the newest resources), recommendations and bookmarks.
pub async fn hub(state: &AppState, user: &User, f: Filters) -> Result<ResourceHub, AppError> {
    let terms = SearchTerms::parse(&f.q)?;
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
