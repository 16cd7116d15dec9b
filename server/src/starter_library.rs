//! The starter library: guides, prompts, a checklist and a SMART goal template per goal
//! category, written for Tandem, published with the demo data so a new hub is useful on day
//! one. Each goes through the same form checks as one an admin writes.

use app::domain::{ResourceInput, GOAL_TEMPLATES};
use app::ssr::resources::text_of;
use app::ssr::storage::{Db, StorageError};

struct Entry {
    kind: &'static str,
    title: &'static str,
    summary: &'static str,
    body: &'static str,
    items: &'static str,
    tags: &'static str,
    category: &'static str,
    audience: &'static str,
}

impl Entry {
    fn input(&self) -> ResourceInput {
        ResourceInput {
            kind: self.kind.into(),
            title: self.title.into(),
            summary: self.summary.into(),
            body: self.body.into(),
            items: self.items.into(),
            tags: self.tags.into(),
            category: self.category.into(),
            audience: self.audience.into(),
            ..Default::default()
        }
    }
}

const ENTRIES: &[Entry] = &[
    Entry {
        kind: "guide",
        title: "Welcome to peer mentoring: your first month",
        summary: "How a Tandem program works, what to do in your first four weeks, and how to get the most from your match.",
        body: r#"## How it works

Your program matches you with a colleague at a similar level, using the survey you filled in when you enrolled. Tandem explains each match on your dashboard: what you share, and what one of you can offer the other.

Pairs meet every two weeks for about 45 minutes. Every few months the program rotates, and you meet someone new. You never get the same partner twice, and never your own manager.

## Your first month

1. **Say hello within three days.** A short message is enough: who you are, what you hope to get out of the program, and two times that suit you.
2. **Book the first session** from the pair page. Tandem sends both of you a calendar invitation.
3. **Set one or two goals** on your goal board. Start from a SMART template if a blank page is hard.
4. **Check in weekly.** A number and a sentence are enough. Your partner sees how it is going, and so do you.
5. **After each session**, say whether you met and rate it privately. Coordinators only ever see averages.

## Making it work

- Keep the time. A session that moves three times stops happening.
- Bring one real question to each session.
- What is said in a session stays there unless you both agree otherwise.
- If the match does not work, tell your coordinator. It happens, and it is nobody's fault.
"#,
        items: "",
        tags: "onboarding, first session, settle into a new role",
        category: "",
        audience: "everyone",
    },
    Entry {
        kind: "guide",
        title: "What mentors and mentees can expect of each other",
        summary: "The few commitments that make mentoring pairs work, for both sides.",
        body: r#"## Both of you

- **Show up.** Meet at the agreed rhythm, and cancel at least a day ahead.
- **Be candid.** Say what is really going on; it is the only way advice can help.
- **Keep confidences.** Nothing from a session is repeated without permission.
- **Review every few sessions.** Ask: is this useful? What should change?

## Mentors

- Ask more than you tell. Good questions help more than your own story does.
- Share mistakes as well as successes.
- Open doors: introduce your mentee to people who can help.
- You are not their manager. Point them back to their manager for work decisions.

## Mentees

- Own the agenda. Arrive knowing what you want to talk about.
- Do what you said you would before the next session, or say why not.
- Ask for feedback, and say what you did with it.
- Say thank you, and later pass it on.
"#,
        items: "",
        tags: "expectations, mentors, mentees",
        category: "",
        audience: "everyone",
    },
    Entry {
        kind: "prompt_set",
        title: "The first five sessions: discussion prompts",
        summary: "Two or three prompts for each of your first five sessions, from getting to know each other to reviewing progress.",
        body: "Pick one or two per session; they are starting points, not a script. From a session's form on the pair page, add them to the agenda in one step.",
        items: "Session 1: What brought you to this program, and what would make it worth your time?\n\
Session 1: What does a good week at work look like for you?\n\
Session 2: Which goal matters most to you this quarter, and why now?\n\
Session 2: What have you already tried, and what got in the way?\n\
Session 3: Tell me about a recent decision you are unsure about.\n\
Session 3: Who else could help with your goal, and how could you reach them?\n\
Session 4: What feedback have you received lately, and what did you do with it?\n\
Session 4: What is one habit you want to start or stop?\n\
Session 5: Looking back at our first sessions, what has changed?\n\
Session 5: What should we do differently for the rest of the program?",
        tags: "first session, discussion prompts, onboarding",
        category: "",
        audience: "everyone",
    },
    Entry {
        kind: "checklist",
        title: "Before your first session",
        summary: "Five small things that make the first conversation easy.",
        body: "",
        items: "Read your match explanation on the dashboard\n\
Send a short hello with two times that suit you\n\
Book the session on the pair page so both calendars have it\n\
Note one thing you want to learn and one you can offer\n\
Set one goal on your board, even a rough one",
        tags: "first session, onboarding",
        category: "",
        audience: "everyone",
    },
    Entry {
        kind: "guide",
        title: "Reverse mentoring: when the junior colleague leads",
        summary: "How reverse mentoring pairs work, and how both people make the most of a flipped relationship.",
        body: r#"In reverse mentoring, the less senior person is the mentor. They bring what they know best, such as new tools, new customers, or how the organisation feels from where they sit. The senior colleague learns it, and often gives career insight in return.

## For the mentor

- You were chosen for what you know. Prepare a topic for each session, with an example from your own work.
- Be direct. Polite vagueness wastes the senior person's time.
- Ask for something back: feedback on your work, or an introduction.

## For the senior colleague

- Come to learn. Ask "show me" rather than "tell me".
- Do not turn sessions into status updates on your work or theirs.
- Act on one thing you learned after each session, and say what happened.

## Keeping it safe

Power does not vanish because the roles are flipped. The senior colleague keeps the relationship psychologically safe: no judgement, and nothing repeated to the mentor's manager without permission.
"#,
        items: "",
        tags: "reverse mentoring, share what i know, mentors",
        category: "",
        audience: "everyone",
    },
    Entry {
        kind: "guide",
        title: "Giving and receiving feedback",
        summary: "A simple way to give feedback that lands, and to take it without getting defensive.",
        body: r#"## Giving feedback

Use **situation, behaviour, impact**:

- *Situation*: "In Tuesday's planning meeting…"
- *Behaviour*: "…you summarised the three options before we voted…"
- *Impact*: "…and the decision took ten minutes instead of forty."

Keep it specific and recent, and about behaviour, not character. Ask before you give: "Can I share an observation about the demo?"

## Receiving feedback

1. Listen to the end, and say thank you. You do not have to agree yet.
2. Ask one clarifying question: "What would you have liked to see instead?"
3. Decide later what you will do with it, and tell the person.

## Practise in your pair

Pick one situation from the past week. Each of you gives one piece of feedback using the structure above, then swap.
"#,
        items: "",
        tags: "giving feedback, feedback, communication",
        category: "skill",
        audience: "everyone",
    },
    Entry {
        kind: "guide",
        title: "Running a peer-mentoring meetup",
        summary: "Plan a one-hour meetup that mixes pairs and brings the program together: format, invitations, and follow-up.",
        body: r#"Meetups keep a program alive between sessions. One hour every month or two is enough.

## Format (60 minutes)

| Time | What |
|---|---|
| 0–10 | Welcome, and why we are here |
| 10–35 | Speed pairing: three 8-minute conversations with people you are not matched with |
| 35–50 | One story: a pair shares what they worked on and what changed |
| 50–60 | One thing each person will try before the next meetup |

## Before

- Create the event in Tandem with a seat limit. The waitlist handles the rest.
- Share the RSVP link in your team channel. It works in one tap on a phone.
- Ask a pair a week ahead whether they will tell their story.

## After

- Mark attendance from the check-in page.
- Post the three best ideas in the program's channel.
"#,
        items: "",
        tags: "meetups, events, coordinators",
        category: "",
        audience: "everyone",
    },
];

/// Extra tags for each category's goal template, so the templates meet people's survey
/// answers as well as their goals.
fn template_tags(key: &str) -> &'static str {
    match key {
        "skill" => "smart goals, grow a specific skill, public speaking",
        "career" => "smart goals, career planning, plan my next career step",
        "project" => "smart goals, project management",
        "wellbeing" => "smart goals, time management, wellbeing",
        _ => "smart goals",
    }
}

/// Publishes the starter library as `author_id`; returns how many resources it added.
pub async fn seed_library(
    db: &Db,
    author_id: i64,
    today: time::Date,
) -> Result<usize, StorageError> {
    let mut inputs: Vec<ResourceInput> = ENTRIES.iter().map(Entry::input).collect();
    for t in GOAL_TEMPLATES {
        let label = t.category.label();
        inputs.push(ResourceInput {
            kind: "goal_template".into(),
            title: format!("SMART goal template: {label}"),
            summary: t.why.into(),
            body: format!(
                "A starting point for a **{}** goal. Press *Add to my goals*, then replace the \
                 [brackets] with your own words.\n\n- **Specific**: say exactly what you will do.\n\
                 - **Measurable**: the template suggests how to measure it.\n- **Achievable** \
                 and **relevant**: agree both with your partner in your next session.\n- \
                 **Time-bound**: the goal is due twelve weeks after you add it; change the date \
                 if you need to.",
                label.to_lowercase()
            ),
            tags: template_tags(t.key).into(),
            category: t.category.as_str().into(),
            audience: "everyone".into(),
            goal_title: t.title.into(),
            goal_measure: t.measure.as_str().into(),
            // A metric goal needs a unit; where the template leaves it open, a placeholder.
            goal_unit: if t.unit.is_empty() { "[unit]" } else { t.unit }.into(),
            goal_baseline: t.baseline.into(),
            goal_target: t.target.into(),
            goal_direction: match (
                app::domain::Amount::parse(t.baseline),
                app::domain::Amount::parse(t.target),
            ) {
                (Some(b), Some(target)) if target < b => "down".into(),
                _ => "up".into(),
            },
            goal_milestones: t.milestones.into(),
            ..Default::default()
        });
    }
    let mut added = 0;
    for input in &inputs {
        let spec = input
            .parse(today)
            .map_err(|e| StorageError::Corrupt(format!("{}: {e}", input.title)))?;
        let id = db
            .create_resource(author_id, &spec, &text_of(&spec))
            .await?;
        db.set_resource_status(id, app::domain::Publication::Published)
            .await?;
        added += 1;
    }
    Ok(added)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_entry_passes_the_form_checks() {
        for e in ENTRIES {
            e.input()
                .parse(time::macros::date!(2026 - 11 - 25))
                .unwrap_or_else(|err| panic!("{}: {err}", e.title));
        }
    }
}
