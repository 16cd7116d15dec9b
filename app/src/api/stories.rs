//! Success stories: mine, writing one, a program's for its admins, and choosing for the report.

use crate::domain::StoryInput;
use crate::error::AppError;
use crate::models::{ProgramStoriesPage, StoriesPage};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::ssr::{stories, support::context};

#[server(endpoint = "stories")]
pub async fn my_stories() -> Result<StoriesPage, AppError> {
    let me = context::require_user().await?;
    stories::mine(&context::state()?, &me).await
}

/// Writes or rewrites my story of a round.
#[server(endpoint = "stories/save")]
pub async fn save_story(round_id: i64, input: StoryInput) -> Result<(), AppError> {
    let me = context::require_user().await?;
    stories::save(&context::state()?, &me, round_id, input).await?;
    leptos_axum::redirect(&format!("/stories?saved=1#round-{round_id}"));
    Ok(())
}

/// A program's stories, for its admins.
#[server(endpoint = "stories/program")]
pub async fn program_stories(program_id: i64) -> Result<ProgramStoriesPage, AppError> {
    let me = context::require_user().await?;
    stories::program(&context::state()?, &me, program_id).await
}

/// Puts a story in the company report (`feature`) or takes it out (`unfeature`).
#[server(endpoint = "stories/feature")]
pub async fn feature_story(program_id: i64, story_id: i64, choice: String) -> Result<(), AppError> {
    let me = context::require_user().await?;
    let featured = match choice.as_str() {
        "feature" => true,
        "unfeature" => false,
        other => {
            return Err(AppError::invalid(
                "choice",
                format!("{other:?} is not feature or unfeature."),
            ))
        }
    };
    stories::feature(&context::state()?, &me, program_id, story_id, featured).await?;
    let then = if featured { "featured" } else { "unfeatured" };
    leptos_axum::redirect(&format!(
        "/programs/{program_id}/stories?{then}=1#story-{story_id}"
    ));
    Ok(())
}
