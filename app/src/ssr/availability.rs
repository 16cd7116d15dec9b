//! Availability: the page where a person says when they are free for sessions and may give
//! the private address of their free/busy calendar; reading those calendars every hour (a job
//! each, so a slow calendar server never holds up a page); and the next times that suit a
//! whole group, for the pair page.

use super::storage::{now, NewJob};
use super::support::clock::{moment_in, when_of, zone_or_utc};
use super::support::{free_busy, web_fetch};
use super::AppState;
use crate::domain::{
    suggest, Attendee, AvailabilityInput, Task, HORIZON_SECS, SESSION_MINUTES, SUGGESTIONS,
};
use crate::error::AppError;
use crate::models::{AvailabilityPage, CalendarStatus, MeetingTimes, SuggestedTime, User};
use chrono::TimeZone;
use sha2::{Digest, Sha256};

/// A calendar is read again once its last attempt is this old.
pub const READ_EVERY_SECS: i64 = 3600;

/// The availability page of `user`.
pub async fn page(state: &AppState, user: &User) -> Result<AvailabilityPage, AppError> {
    let stored = state.db.availability(user.id).await?;
    let zone = user.time_zone.as_str();
    let calendar = (!stored.availability.calendar_url.is_empty()).then(|| CalendarStatus {
        address: masked(&stored.availability.calendar_url),
        read: stored.calendar_read_at.map(|at| {
            format!(
                "Read {}: {} in the next two weeks.",
                moment_in(at, zone),
                match stored.busy.iter().filter(|(_, end)| *end > now()).count() {
                    0 => "no busy times".to_owned(),
                    1 => "1 busy time".to_owned(),
                    n => format!("{n} busy times"),
                }
            )
        }),
        problem: (!stored.calendar_error.is_empty()).then(|| {
            let when = stored
                .calendar_tried_at
                .map(|at| format!(" ({})", moment_in(at, zone)))
                .unwrap_or_default();
            format!(
                "Tandem could not read your calendar{when}: {}. It tries again every hour; \
                 meanwhile only the hours above count.",
                stored.calendar_error
            )
        }),
    });
    let mut input = stored.availability.input();
    input.calendar_url.clear();
    Ok(AvailabilityPage {
        input,
        time_zone: user.time_zone.clone(),
        set: !stored.availability.windows.is_empty(),
        calendar,
    })
}

/// "https://calendar.example.com/…": enough to recognise, not enough to read it.
fn masked(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("https", url));
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    format!("{scheme}://{host}/…")
}

/// Checks and saves the form. The calendar field left empty keeps the calendar already given
/// (its address is never shown again); `forget_calendar` removes it. A new address is read
/// at once, by a job.
pub async fn save(
    state: &AppState,
    user: &User,
    input: &AvailabilityInput,
    forget_calendar: bool,
) -> Result<(), AppError> {
    let mut availability = input.parse()?;
    let stored = state.db.availability(user.id).await?;
    if forget_calendar {
        availability.calendar_url.clear();
    } else if availability.calendar_url.is_empty() {
        availability.calendar_url = stored.availability.calendar_url.clone();
    }
    state.db.save_availability(user.id, &availability).await?;
    if !availability.calendar_url.is_empty()
        && availability.calendar_url != stored.availability.calendar_url
    {
        // The key names the address, so two addresses saved within a second are both read.
        let at = now();
        let address: [u8; 32] = Sha256::digest(availability.calendar_url.as_bytes()).into();
        let job = NewJob::task(
            &Task::ReadCalendar { user_id: user.id },
            format!(
                "calendar:{}:saved:{at}:{:02x}{:02x}{:02x}{:02x}",
                user.id, address[0], address[1], address[2], address[3]
            ),
            at,
        );
        state.db.enqueue(&[job]).await?;
    }
    Ok(())
}

/// Queues a read of every calendar not tried for an hour; returns how many were new.
pub async fn queue_reads(state: &AppState, at: i64) -> Result<usize, AppError> {
    let slot = at.div_euclid(READ_EVERY_SECS);
    let jobs: Vec<NewJob> = state
        .db
        .calendars_due(at - READ_EVERY_SECS + 60)
        .await?
        .into_iter()
        .map(|(user_id, _)| {
            NewJob::task(
                &Task::ReadCalendar { user_id },
                format!("calendar:{user_id}:{slot}"),
                at,
            )
        })
        .collect();
    Ok(state.db.enqueue(&jobs).await?)
}

/// Reads `user_id`'s calendar at `at` and keeps its busy times for the next two weeks, or why
/// it could not be read. A calendar that cannot be read is the person's to fix: the job
/// itself succeeds.
pub async fn read_calendar(state: &AppState, user_id: i64, at: i64) -> Result<(), AppError> {
    let url = state
        .db
        .availability(user_id)
        .await?
        .availability
        .calendar_url;
    let Some(person) = state.db.user_by_id(user_id).await? else {
        return Ok(());
    };
    if url.is_empty() || !person.active() {
        return Ok(());
    }
    let zone = zone_or_utc(&person.time_zone);
    let outcome = match web_fetch::fetch_text(&url, state.settings.calendar_private_hosts).await {
        Ok(text) => free_busy::busy_spans(&text, zone, at - 86_400, at + HORIZON_SECS + 86_400),
        Err(e) => Err(e),
    };
    if let Err(problem) = &outcome {
        tracing::info!(user_id, problem, "free/busy calendar not read");
    }
    state
        .db
        .record_calendar_read(
            user_id,
            &url,
            at,
            outcome.as_deref().map_err(String::as_str),
        )
        .await?;
    Ok(())
}

/// The next times from `at` when `user` and everyone in `others` are free for a session, in
/// `user`'s zone and, for partners elsewhere, in theirs.
pub async fn meeting_times(
    state: &AppState,
    user: &User,
    others: &[i64],
    at: i64,
) -> Result<MeetingTimes, AppError> {
    struct Member {
        first_name: String,
        zone: chrono_tz::Tz,
        windows: Vec<crate::domain::FreeWindow>,
        busy: Vec<(i64, i64)>,
        set: bool,
    }
    let mut members = Vec::new();
    for id in std::iter::once(user.id).chain(others.iter().copied()) {
        let person = if id == user.id {
            Some(user.clone())
        } else {
            state.db.user_by_id(id).await?
        };
        let Some(person) = person.filter(User::active) else {
            continue;
        };
        let stored = state.db.availability(id).await?;
        let mut busy = stored.busy;
        busy.extend(
            state
                .db
                .sessions_of(id, at)
                .await?
                .iter()
                .map(|s| (s.starts_at, s.ends_at)),
        );
        members.push(Member {
            first_name: person.first_name().to_owned(),
            zone: zone_or_utc(&person.time_zone),
            windows: stored.availability.planning_windows(),
            busy,
            set: !stored.availability.windows.is_empty(),
        });
    }
    let attendees: Vec<Attendee> = members
        .iter()
        .map(|m| Attendee {
            zone: m.zone,
            windows: &m.windows,
            busy: &m.busy,
        })
        .collect();
    let secs = SESSION_MINUTES * 60;
    let times = suggest(&attendees, at, SESSION_MINUTES, SUGGESTIONS)
        .into_iter()
        .filter_map(|start| {
            let me = members.first()?;
            let local = |zone: chrono_tz::Tz, t: i64, format: &str| {
                zone.timestamp_opt(t, 0)
                    .single()
                    .map(|t| t.format(format).to_string())
                    .unwrap_or_default()
            };
            // Partners whose clocks read the same as mine at that moment need no line of
            // their own (Lisbon and London in winter).
            let theirs = members[1..]
                .iter()
                .filter(|m| local(m.zone, start, "%a %H:%M") != local(me.zone, start, "%a %H:%M"))
                .map(|m| {
                    format!(
                        "{}: {}–{} ({})",
                        m.first_name,
                        local(m.zone, start, "%a %H:%M"),
                        local(m.zone, start + secs, "%H:%M"),
                        m.zone.name()
                    )
                })
                .collect();
            Some(SuggestedTime {
                starts_at: start,
                mine: when_of(start, start + secs, me.zone.name()),
                theirs,
            })
        })
        .collect();
    Ok(MeetingTimes {
        times,
        minutes: SESSION_MINUTES,
        mine_set: members.first().is_some_and(|m| m.set),
        assumed: members
            .iter()
            .skip(1)
            .filter(|m| !m.set)
            .map(|m| m.first_name.clone())
            .collect(),
        last_place: String::new(),
        last_video_url: String::new(),
    })
}
