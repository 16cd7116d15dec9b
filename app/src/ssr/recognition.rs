//! Recognition: a person's badges and kudos, thanking someone they were matched with, and
//! choosing which kudos others may read. A kudos is the recipient's: only they decide whether
//! it is shown beyond the two of them.

use super::storage::{now, KudosRow};
use super::support::clock::day_in;
use super::AppState;
use crate::domain::{badges, KudosInput};
use crate::error::AppError;
use crate::models::{KudosLine, PersonRecognition, RecognitionPage, ThankableOption, User};

fn line(k: KudosRow, received: bool, zone: &str) -> KudosLine {
    let (person_id, person) = if received {
        (k.from_id, k.from_name)
    } else {
        (k.to_id, k.to_name)
    };
    KudosLine {
        id: k.id,
        person_id,
        person,
        program: k.program_name,
        category: k.category,
        note: k.note,
        shown: k.shown == 1,
        day: day_in(k.created_at, zone),
    }
}

/// `user`'s own page: every badge with how it was earned, kudos both ways, who to thank.
pub async fn page(state: &AppState, user: &User) -> Result<RecognitionPage, AppError> {
    let db = &state.db;
    let (earned, to_come) = badges(&db.badge_facts(user.id, now()).await?);
    let zone = &user.time_zone;
    Ok(RecognitionPage {
        user_id: user.id,
        badges: earned,
        to_come,
        received: db
            .kudos_received(user.id, false)
            .await?
            .into_iter()
            .map(|k| line(k, true, zone))
            .collect(),
        given: db
            .kudos_given(user.id)
            .await?
            .into_iter()
            .map(|k| line(k, false, zone))
            .collect(),
        thankable: db
            .thankable_partners(user.id)
            .await?
            .into_iter()
            .map(|p| ThankableOption {
                value: format!("{}:{}", p.program_id, p.user_id),
                label: format!("{} ({})", p.name, p.program_name),
            })
            .collect(),
    })
}

/// What `viewer` reads of `user_id`: badges, and only the kudos they chose to show. People who
/// left are not shown.
pub async fn person(
    state: &AppState,
    viewer: &User,
    user_id: i64,
) -> Result<PersonRecognition, AppError> {
    let db = &state.db;
    let person = db
        .user_by_id(user_id)
        .await?
        .filter(|u| u.deactivated_at.is_none())
        .ok_or_else(|| AppError::NotFound("Nobody in Tandem has this number.".into()))?;
    let (earned, _) = badges(&db.badge_facts(person.id, now()).await?);
    Ok(PersonRecognition {
        user_id: person.id,
        name: person.name,
        badges: earned,
        kudos: db
            .kudos_received(person.id, true)
            .await?
            .into_iter()
            .map(|k| line(k, true, &viewer.time_zone))
            .collect(),
        own: viewer.id == user_id,
    })
}

/// `user` thanks someone they shared a group with in the program the form names.
pub async fn thank(state: &AppState, user: &User, input: KudosInput) -> Result<(), AppError> {
    let spec = input.parse()?;
    if spec.to == user.id {
        return Err(AppError::invalid(
            "to",
            "Thank someone other than yourself.",
        ));
    }
    match state.db.create_kudos(user.id, &spec, now()).await? {
        Some(_) => Ok(()),
        None => Err(AppError::invalid(
            "to",
            "You can thank people you have been matched with in that program, while they are \
             in Tandem.",
        )),
    }
}

/// The recipient shows a kudos on their recognition page, or keeps it to the two of them.
pub async fn show(
    state: &AppState,
    user: &User,
    kudos_id: i64,
    shown: bool,
) -> Result<(), AppError> {
    if state.db.show_kudos(kudos_id, user.id, shown).await? {
        Ok(())
    } else {
        Err(AppError::NotFound(
            "There is no such kudos to you. It may have been removed.".into(),
        ))
    }
}
