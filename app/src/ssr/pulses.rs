//! Pulse surveys on the server. Program admins schedule them and read figures over many
//! people; the people matched in the newest round answer them; nobody ever reads who answered
//! what. The reminders' scan sends each survey's invitation on its day.

use super::storage::{now, PulseRow, RoundRow};
use super::support::clock::day_in;
use super::{access, AppState};
use crate::domain::{
    parse_pulse, summarise_pulse, wants_new_match, PulseAnswer, PulseAnswers, PulseKind,
    PULSE_DAYS, PULSE_OPEN_DAYS,
};
use crate::error::AppError;
use crate::models::{PulseAdminLine, PulseAdminPage, PulsePage, User};
use std::collections::BTreeMap;

fn not_found() -> AppError {
    AppError::NotFound("There is no such survey, or it is not for you.".into())
}

fn due_at(round: &RoundRow, survey: &PulseRow) -> Option<i64> {
    round.published_at.map(|p| p + survey.days_after * 86_400)
}

/// A survey of `program_id`, and the newest round, when `user` was matched in it.
async fn for_member(
    state: &AppState,
    user: &User,
    program_id: i64,
    survey_id: i64,
) -> Result<(PulseRow, RoundRow), AppError> {
    let survey = state
        .db
        .pulse_survey(survey_id)
        .await?
        .filter(|s| s.program_id == program_id)
        .ok_or_else(not_found)?;
    if state.db.my_groups(program_id, user.id).await?.is_none() {
        return Err(not_found());
    }
    let round = state
        .db
        .newest_published_round(program_id)
        .await?
        .ok_or_else(not_found)?;
    Ok((survey, round))
}

fn as_form(answers: &PulseAnswers) -> BTreeMap<String, String> {
    answers
        .iter()
        .map(|(k, a)| {
            let v = match a {
                PulseAnswer::Choice(c) | PulseAnswer::Text(c) => c.clone(),
                PulseAnswer::Number(n) => n.to_string(),
            };
            (k.clone(), v)
        })
        .collect()
}

/// The survey as `user` answers it.
pub async fn page(
    state: &AppState,
    user: &User,
    program_id: i64,
    survey_id: i64,
) -> Result<PulsePage, AppError> {
    let (survey, round) = for_member(state, user, program_id, survey_id).await?;
    let due = due_at(&round, &survey).unwrap_or(i64::MAX);
    let at = now();
    let mine: Option<PulseAnswers> = state
        .db
        .pulse_response(survey.id, round.id, user.id)
        .await?
        .and_then(|json| serde_json::from_str(&json).ok());
    Ok(PulsePage {
        program_id,
        program_name: state.db.program_name(program_id).await?,
        survey_id,
        kind: survey.kind,
        open: at >= due && at < due + PULSE_OPEN_DAYS * 86_400,
        opens_on: day_in(due, &user.time_zone),
        answered: mine.is_some(),
        offer_new_match: mine.as_ref().is_some_and(wants_new_match),
        answers: mine.as_ref().map(as_form).unwrap_or_default(),
    })
}

/// Keeps `user`'s answers; true when they say the match is not working.
pub async fn answer(
    state: &AppState,
    user: &User,
    program_id: i64,
    survey_id: i64,
    raw: &BTreeMap<String, String>,
) -> Result<bool, AppError> {
    let (survey, round) = for_member(state, user, program_id, survey_id).await?;
    let due = due_at(&round, &survey).unwrap_or(i64::MAX);
    let at = now();
    if at < due || at >= due + PULSE_OPEN_DAYS * 86_400 {
        return Err(AppError::Conflict(
            "This survey is not open: it opens on its day and closes two weeks later.".into(),
        ));
    }
    let answers = parse_pulse(survey.kind, raw)?;
    let json = serde_json::to_string(&answers).map_err(|e| AppError::Internal(e.to_string()))?;
    state
        .db
        .save_pulse_response(survey.id, round.id, user.id, &json)
        .await?;
    Ok(wants_new_match(&answers))
}

/// The surveys of a program `user` runs, with the newest round's figures.
pub async fn admin_page(
    state: &AppState,
    user: &User,
    program_id: i64,
) -> Result<PulseAdminPage, AppError> {
    let program = access::program_run_by(state, user, program_id).await?;
    let round = state.db.newest_published_round(program_id).await?;
    let mut surveys = Vec::new();
    let scheduled = state.db.pulse_surveys(program_id).await?;
    for survey in &scheduled {
        let (responses, results, due_on) = match &round {
            Some(r) => {
                let all: Vec<PulseAnswers> = state
                    .db
                    .pulse_responses(survey.id, r.id)
                    .await?
                    .iter()
                    .filter_map(|json| serde_json::from_str(json).ok())
                    .collect();
                (
                    all.len(),
                    summarise_pulse(survey.kind, &all),
                    due_at(r, survey).map(|d| day_in(d, &user.time_zone)),
                )
            }
            None => (0, summarise_pulse(survey.kind, &[]), None),
        };
        surveys.push(PulseAdminLine {
            id: survey.id,
            kind: survey.kind,
            days_after: survey.days_after,
            due_on,
            responses,
            results,
        });
    }
    Ok(PulseAdminPage {
        program_id,
        program_name: program.name,
        round: round.map(|r| r.number),
        kinds_left: PulseKind::ALL
            .iter()
            .copied()
            .filter(|k| !scheduled.iter().any(|s| s.kind == *k))
            .collect(),
        surveys,
    })
}

/// Schedules a survey of `kind` `days` days after each round of a program `user` runs.
pub async fn schedule(
    state: &AppState,
    user: &User,
    program_id: i64,
    kind: &str,
    days: &str,
) -> Result<(), AppError> {
    access::program_run_by(state, user, program_id).await?;
    let kind = PulseKind::parse(kind)
        .ok_or_else(|| AppError::invalid("kind", format!("{kind:?} is not a kind of survey.")))?;
    let days = match days.trim() {
        "" => kind.default_days(),
        d => d
            .parse::<i64>()
            .ok()
            .filter(|d| PULSE_DAYS.contains(d))
            .ok_or_else(|| {
                AppError::invalid(
                    "days",
                    format!(
                        "Enter a whole number of days from {} to {}.",
                        PULSE_DAYS.start(),
                        PULSE_DAYS.end()
                    ),
                )
            })?,
    };
    state
        .db
        .add_pulse_survey(program_id, kind, days, user.id)
        .await?
        .ok_or_else(|| {
            AppError::Conflict(format!(
                "The program has a {} already.",
                kind.label().to_lowercase()
            ))
        })?;
    Ok(())
}

/// Removes a survey, and its answers, from a program `user` runs.
pub async fn remove(
    state: &AppState,
    user: &User,
    program_id: i64,
    survey_id: i64,
) -> Result<(), AppError> {
    access::program_run_by(state, user, program_id).await?;
    if !state.db.remove_pulse_survey(program_id, survey_id).await? {
        return Err(not_found());
    }
    Ok(())
}
