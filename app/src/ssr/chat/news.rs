//! What a program's channels are told, written from how things stand when the post is made:
//! counts and a link, and names only when the program's admins chose to show them.

use crate::domain::{dates, Announcement, Button, ChatNews, EventState};
use crate::error::AppError;
use crate::models::Program;
use crate::ssr::support::clock::when_of;
use crate::ssr::AppState;

/// Highlights weeks start on Monday at 09:00 UTC: 1970-01-05 09:00 is this many seconds in.
const WEEK_ZERO: i64 = 4 * 86_400 + 9 * 3_600;
const WEEK: i64 = 7 * 86_400;

/// The highlights week `at` falls in.
pub fn week_of(at: i64) -> i64 {
    (at - WEEK_ZERO).div_euclid(WEEK)
}

/// When a highlights week starts.
pub fn week_start(week: i64) -> i64 {
    WEEK_ZERO + week * WEEK
}

/// The message for `news` of `program`, or `None` when there is nothing to say (a round no
/// longer there, a quiet week).
pub async fn announcement(
    state: &AppState,
    program: &Program,
    news: ChatNews,
) -> Result<Option<Announcement>, AppError> {
    let open = |label: &str, path: String| {
        Some(Button {
            label: label.into(),
            url: state.settings.link(&path),
        })
    };
    Ok(match news {
        ChatNews::EnrollmentOpen => Some(Announcement {
            title: format!("Enrollment is open: {}", program.name),
            lines: first_paragraph(&program.description).into_iter().collect(),
            facts: vec![
                ("Format".into(), program.format.label().into()),
                (
                    "Enroll by".into(),
                    dates::iso_day(&program.enrollment_closes_on),
                ),
                ("Starts".into(), dates::iso_day(&program.starts_on)),
            ],
            button: open("Enroll", format!("/programs/{}/enroll", program.id)),
        }),
        ChatNews::RoundPublished { round_id } => {
            let Some(round) = state.db.round(program.id, round_id).await? else {
                return Ok(None);
            };
            let groups = state.db.round_groups(round_id).await?;
            let people: usize = groups.iter().map(|g| g.members.len()).sum();
            let mut lines = vec![format!(
                "{people} people are matched in {} group{}. Everyone matched has been told who, why, and a first agenda.",
                groups.len(),
                if groups.len() == 1 { "" } else { "s" }
            )];
            if state.db.chat_names(program.id).await? {
                for g in &groups {
                    let mut names = Vec::new();
                    for id in &g.members {
                        if let Some(u) = state.db.user_by_id(*id).await? {
                            names.push(u.name);
                        }
                    }
                    lines.push(names.join(" and "));
                }
            }
            Some(Announcement {
                title: format!("Round {} of {} is out", round.number, program.name),
                lines,
                facts: vec![
                    ("People matched".into(), people.to_string()),
                    ("Groups".into(), groups.len().to_string()),
                    ("Unmatched".into(), round.unmatched.len().to_string()),
                    (
                        "Next round".into(),
                        format!("in {} weeks", program.rotation_weeks),
                    ),
                ],
                button: open("See your match", format!("/programs/{}", program.id)),
            })
        }
        ChatNews::Highlights { week } => {
            let (held, achieved) = state
                .db
                .chat_highlights(program.id, week_start(week), week_start(week + 1))
                .await?;
            if held == 0 && achieved == 0 {
                return Ok(None);
            }
            Some(Announcement {
                title: format!("This week in {}", program.name),
                lines: vec![format!(
                    "{} held, {} achieved. Keep it going!",
                    plural(held, "meeting"),
                    plural(achieved, "goal")
                )],
                facts: vec![
                    ("Meetings held".into(), held.to_string()),
                    ("Goals achieved".into(), achieved.to_string()),
                ],
                button: open("Open the program", format!("/programs/{}", program.id)),
            })
        }
        ChatNews::Event { event_id } => {
            let Some(event) = state.db.event(event_id).await? else {
                return Ok(None);
            };
            if event.state == EventState::Cancelled {
                return Ok(None);
            }
            let mut facts = vec![(
                "When".into(),
                when_of(event.starts_at, event.ends_at, &event.time_zone),
            )];
            if !event.place.trim().is_empty() {
                facts.push(("Where".into(), event.place.clone()));
            }
            if let Some(capacity) = event.capacity {
                let taken = state.db.rsvp_counts(event_id).await?.going;
                facts.push((
                    "Seats".into(),
                    format!("{} of {capacity} left", (capacity - taken).max(0)),
                ));
            }
            Some(Announcement {
                title: format!("{}: {}", event.kind.label(), event.title),
                lines: first_paragraph(&event.description).into_iter().collect(),
                facts,
                button: open("RSVP", format!("/events/{event_id}")),
            })
        }
    })
}

fn plural(n: i64, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

/// The description's first paragraph, cut to a few lines: a channel post is a teaser.
fn first_paragraph(description: &str) -> Option<String> {
    let first = description.trim().split("\n\n").next()?.trim();
    if first.is_empty() {
        return None;
    }
    let mut out: String = first.chars().take(400).collect();
    if first.chars().count() > 400 {
        out.push('…');
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlights_weeks_start_on_monday_morning_utc() {
        // Mon 7 Dec 2026 09:00 UTC.
        let monday = 1_796_634_000;
        assert_eq!(week_start(week_of(monday)), monday);
        assert_eq!(week_of(monday - 1), week_of(monday) - 1);
        assert_eq!(week_of(monday + WEEK - 1), week_of(monday));
    }

    #[test]
    fn a_channel_gets_the_first_paragraph_of_a_description() {
        assert_eq!(
            first_paragraph("Learn together.\n\nMore detail."),
            Some("Learn together.".into())
        );
        assert_eq!(first_paragraph("  "), None);
        assert_eq!(
            first_paragraph(&"a".repeat(500)).unwrap().chars().count(),
            401
        );
    }
}
