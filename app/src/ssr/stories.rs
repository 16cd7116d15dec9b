//! Success stories: a participant writes one per round as it ends and chooses its readers;
//! a program's admins read those opened to them and choose, among those their authors let
//! into the report, which appear there.

use super::access;
use super::storage::{now, StoryRow};
use super::support::clock::day_in;
use super::AppState;
use crate::domain::{story_opens_at, StoryInput};
use crate::error::AppError;
use crate::models::{ProgramStoriesPage, StoriesPage, StoryCard, StoryRound, User};

/// The reader's rounds and their stories of them.
pub async fn mine(state: &AppState, user: &User) -> Result<StoriesPage, AppError> {
    let at = now();
    let zone = &user.time_zone;
    let rounds = state
        .db
        .story_rounds(user.id)
        .await?
        .into_iter()
        .map(|r| {
            let opens_at = story_opens_at(r.ends_at);
            StoryRound {
                round_id: r.round_id,
                program: r.program_name,
                round_number: r.round_number,
                ends_on: day_in(r.ends_at, zone),
                open: opens_at <= at,
                opens_on: day_in(opens_at, zone),
                body: r.body.unwrap_or_default(),
                readers: r.readers,
                featured: r.featured == Some(1),
            }
        })
        .collect();
    Ok(StoriesPage { rounds })
}

/// Saves `user`'s story of `round_id`.
pub async fn save(
    state: &AppState,
    user: &User,
    round_id: i64,
    input: StoryInput,
) -> Result<(), AppError> {
    let story = input.parse()?;
    if state
        .db
        .save_story(user.id, round_id, &story, now())
        .await?
    {
        return Ok(());
    }
    Err(AppError::NotFound(
        "You can write a story for a round you were matched in, from two weeks before it ends."
            .into(),
    ))
}

fn card(s: StoryRow, zone: &str) -> StoryCard {
    StoryCard {
        id: s.id,
        program: s.program_name,
        round_number: s.round_number,
        author: s.readers.named().then_some(s.author_name),
        body: s.body,
        readers: s.readers,
        featured: s.featured == 1,
        day: day_in(s.updated_at, zone),
    }
}

/// The stories of a program `user` runs that their authors opened to its admins.
pub async fn program(
    state: &AppState,
    user: &User,
    program_id: i64,
) -> Result<ProgramStoriesPage, AppError> {
    let program = access::program_run_by(state, user, program_id).await?;
    Ok(ProgramStoriesPage {
        program_id,
        program_name: program.name,
        stories: state
            .db
            .program_stories(program_id)
            .await?
            .into_iter()
            .map(|s| card(s, &user.time_zone))
            .collect(),
    })
}

/// Puts a story of a program `user` runs in the report, or takes it out.
pub async fn feature(
    state: &AppState,
    user: &User,
    program_id: i64,
    story_id: i64,
    featured: bool,
) -> Result<(), AppError> {
    access::program_run_by(state, user, program_id).await?;
    if state
        .db
        .feature_story(program_id, story_id, featured)
        .await?
    {
        return Ok(());
    }
    Err(AppError::Conflict(
        "Only a story its author let into the company report can appear there.".into(),
    ))
}
