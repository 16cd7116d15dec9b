//! Two days before a program's enrollment closes, a word to those who joined but left required
//! survey questions unanswered: matching reads those answers, and after the close they can no
//! longer be given. People whose answers are complete hear nothing.

use super::{notify, zone_of, DAY_AHEAD};
use crate::domain::{is_complete, EnrollmentStatus, NotificationKind, ProgramState};
use crate::error::AppError;
use crate::models::Program;
use crate::ssr::support::clock::{instant, zone_or_utc};
use crate::ssr::{emails, AppState};

/// How long before the close the reminder goes.
const AHEAD: i64 = 2 * DAY_AHEAD;

pub(super) async fn closing(state: &AppState, at: i64) -> Result<usize, AppError> {
    let mut queued = 0;
    for program in state.db.programs(false).await? {
        if program.state == ProgramState::Enrolling {
            queued += closing_program(state, &program, at).await?;
        }
    }
    Ok(queued)
}

async fn closing_program(state: &AppState, program: &Program, at: i64) -> Result<usize, AppError> {
    let Ok(closes_on) = time::Date::parse(
        &program.enrollment_closes_on,
        time::macros::format_description!("[year]-[month]-[day]"),
    ) else {
        return Ok(0);
    };
    let Some(day_after) = closes_on.next_day() else {
        return Ok(0);
    };
    let questions = state.db.questions(program.id).await?;
    let link = state
        .settings
        .link(&format!("/programs/{}/enroll", program.id));
    let mut jobs = Vec::new();
    for row in state.db.enrollments(program.id).await? {
        if row.enrollment.status == EnrollmentStatus::Left
            || is_complete(&questions, &row.enrollment.answers)
        {
            continue;
        }
        let Some(person) = state.db.user_by_id(row.user_id).await? else {
            continue;
        };
        if !person.active() {
            continue;
        }
        // Enrollment closes at the end of its last day where the person lives.
        let zone = zone_or_utc(zone_of(&person, ""));
        let closes_at = instant(
            &zone,
            day_after,
            time::Time::MIDNIGHT,
            "enrollment_closes_on",
        )?;
        if at < closes_at - AHEAD || at >= closes_at {
            continue;
        }
        let mail = emails::enrollment_closing(
            &person.email,
            &person.name,
            &program.name,
            &program.enrollment_closes_on,
            &link,
        );
        let key = format!(
            "reminder:program:{}:closing:{}:user:{}",
            program.id, program.enrollment_closes_on, person.id
        );
        jobs.push(notify(
            state,
            &person,
            NotificationKind::Programs,
            mail,
            key,
            at,
            closes_at,
        ));
    }
    Ok(state.db.enqueue(&jobs).await?)
}
