//! The figures of an insights view: storage rows turned into facts (who stands behind which
//! cell), then disclosed for the view. One function per section; each table says in its note
//! what it counts, so the page, the CSV and the docs agree.

use crate::domain::{
    Disclosed, EventKind, Fact, GoalCategory, GoalStatus, GroupMin, InsightFilters, InsightPeople,
    InsightPerson, PulseAnswer, PulseAnswers, PulseKind, PulseQuestionKind, RsvpState, Shown,
    Tabulation,
};
use crate::error::AppError;
use crate::models::{InsightChart, InsightSection, InsightTable, InsightUnit, Program};
use crate::ssr::storage::{
    now, InsightEnrollmentRow, InsightFitRow, InsightGoalRow, InsightGroupRow, InsightPersonRow,
    InsightRatingRow, InsightRsvpRow,
};
use crate::ssr::AppState;
use std::collections::{BTreeMap, BTreeSet, HashMap};

const DAY: i64 = 86_400;
const MONTH: i64 = 30 * DAY;
/// A group still meets at the end of its round when it held a session in its last 28 days.
const STILL_MEETING_DAYS: i64 = 28;
/// Departments drawn in the connections matrix; the rest share one line.
const MATRIX_DEPARTMENTS: usize = 10;

/// The rows one view is counted from.
pub struct Data {
    from: i64,
    until: i64,
    people: Vec<InsightPersonRow>,
    enrollments: Vec<InsightEnrollmentRow>,
    groups: Vec<InsightGroupRow>,
    /// The members of each group, in the order of `groups`.
    members: Vec<Vec<i64>>,
    ratings: Vec<InsightRatingRow>,
    goals: Vec<InsightGoalRow>,
    rsvps: Vec<InsightRsvpRow>,
    fit: Vec<InsightFitRow>,
}

/// The view being disclosed: its filters, the people they read, and k.
pub struct View<'a> {
    pub filters: InsightFilters,
    /// The program filter is not dropped for wider views (a program admin sees no others).
    pub program_fixed: bool,
    pub people: &'a InsightPeople,
    pub k: GroupMin,
}

impl Data {
    /// Reads what happened from `from` until `until` (Unix seconds).
    pub async fn load(state: &AppState, from: i64, until: i64) -> Result<Data, AppError> {
        let db = &state.db;
        // The reads are independent, so they run side by side on pooled connections: the
        // database works on one while the rows of another are turned into Rust.
        let (people, enrollments, groups, ratings, goals, rsvps, fit) = tokio::try_join!(
            db.insight_people(),
            db.insight_enrollments(until),
            db.insight_groups(from, until),
            db.insight_ratings(from, until),
            db.insight_goals(from, until),
            db.insight_rsvps(from, until),
            db.insight_fit_answers(from, until),
        )?;
        let members = groups
            .iter()
            .map(|g| g.member_ids())
            .collect::<Result<_, _>>()?;
        Ok(Data {
            from,
            until,
            people,
            enrollments,
            groups,
            members,
            ratings,
            goals,
            rsvps,
            fit,
        })
    }

    /// Whether `p` was in the directory at some point of the period.
    fn present(&self, p: &InsightPersonRow) -> bool {
        p.created_at < self.until && p.deactivated_at.is_none_or(|d| d >= self.from)
    }

    /// The people the filters read, with their enrollments.
    pub fn people(&self) -> InsightPeople {
        let mut out: InsightPeople = self
            .people
            .iter()
            .map(|p| {
                (
                    p.id,
                    InsightPerson {
                        department: p.department.clone(),
                        location: p.location.clone(),
                        level: p.level,
                        roles: Vec::new(),
                    },
                )
            })
            .collect();
        for e in &self.enrollments {
            if let Some(p) = out.get_mut(&e.user_id) {
                p.roles.push((e.program_id, e.role));
            }
        }
        out
    }

    /// The ids of everyone in the directory during the period.
    pub fn active_ids(&self) -> impl Iterator<Item = i64> + '_ {
        self.people.iter().filter(|p| self.present(p)).map(|p| p.id)
    }

    /// One fact per person in the directory during the period, and one per program they
    /// were enrolled in: the people a view is about.
    pub fn population_facts(&self) -> Vec<Fact> {
        let mut facts: Vec<Fact> = self
            .active_ids()
            .map(|id| Fact::person(None, 0, 0, id))
            .collect();
        facts.extend(
            self.enrollments
                .iter()
                .map(|e| Fact::person(Some(e.program_id), 0, 0, e.user_id)),
        );
        facts
    }

    /// Each group with its members.
    fn groups(&self) -> impl Iterator<Item = (&InsightGroupRow, &[i64])> {
        self.groups
            .iter()
            .zip(self.members.iter().map(Vec::as_slice))
    }
}

/// Every section of the page for `view`. The sections only read the rows, so each is worked
/// out on a thread of its own: a view of a large organisation takes a fraction of the time on
/// a server with more than one core, and the same time on one.
pub fn sections(data: &Data, programs: &[Program], view: &View) -> Vec<InsightSection> {
    type Build<'a> = Box<dyn FnOnce() -> InsightSection + Send + 'a>;
    let builds: Vec<Build> = vec![
        Box::new(|| {
            section(
                "funnel",
                "From enrollment to meeting",
                vec![funnel(data, programs, view)],
            )
        }),
        Box::new(|| section("meetings", "Meetings", meetings(data, view))),
        Box::new(|| section("satisfaction", "Satisfaction", satisfaction(data, view))),
        Box::new(|| section("goals", "Goals", vec![goals(data, view)])),
        Box::new(|| section("connections", "Connections", vec![connections(data, view)])),
        Box::new(|| section("retention", "Retention", vec![retention(data, view)])),
        Box::new(|| section("events", "Events", vec![events(data, view)])),
    ];
    std::thread::scope(|s| {
        let running: Vec<_> = builds.into_iter().map(|b| s.spawn(b)).collect();
        running
            .into_iter()
            // A section that panicked panics here, as it would have without threads.
            .map(|t| t.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

fn section(key: &str, title: &str, tables: Vec<InsightTable>) -> InsightSection {
    InsightSection {
        key: key.into(),
        title: title.into(),
        tables,
    }
}

#[allow(clippy::too_many_arguments)]
fn table(
    key: &str,
    title: &str,
    note: &str,
    rows: Vec<String>,
    columns: Vec<String>,
    unit: InsightUnit,
    chart: InsightChart,
    shown: Disclosed,
) -> InsightTable {
    InsightTable {
        key: key.into(),
        title: title.into(),
        note: note.into(),
        rows,
        columns,
        unit,
        chart,
        shown,
    }
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

/// Divides every figure by `by` (averages kept in hundredths come back to units).
fn scaled(mut d: Disclosed, by: f64) -> Disclosed {
    for row in &mut d.cells {
        for cell in row {
            if let Shown::Figure(v) = cell {
                *v /= by;
            }
        }
    }
    d
}

fn funnel(data: &Data, programs: &[Program], view: &View) -> InsightTable {
    let mut facts = Vec::new();
    // Eligibility matters only for the program in view; wider views drop the program, so the
    // directory as a whole stands for them.
    let program = view
        .filters
        .program
        .and_then(|id| programs.iter().find(|p| p.id == id));
    for p in data.people.iter().filter(|p| data.present(p)) {
        facts.push(Fact::person(None, 0, 0, p.id));
        if let Some(program) = program {
            if program
                .eligibility_problem(&p.department, p.level)
                .is_none()
            {
                facts.push(Fact::person(Some(program.id), 0, 0, p.id));
            }
        }
    }
    for e in &data.enrollments {
        facts.push(Fact::person(Some(e.program_id), 1, 0, e.user_id));
    }
    let at = now();
    for (g, members) in data.groups() {
        let round_end = g.ends_at.min(at);
        let still = g
            .last_held
            .is_some_and(|last| last >= round_end - STILL_MEETING_DAYS * DAY);
        for &id in members {
            facts.push(Fact::person(Some(g.program_id), 2, 0, id));
            if g.held > 0 {
                facts.push(Fact::person(Some(g.program_id), 3, 0, id));
            }
            if still {
                facts.push(Fact::person(Some(g.program_id), 4, 0, id));
            }
        }
    }
    table(
        "funnel",
        "People at each step",
        "Eligible: in the directory during the period (for a program, eligible to join it). Enrolled: joined by the period's end. Matched, met and still meeting: in a group of a round published in the period; still meeting means a session held in the round's last 28 days.",
        strings(&["Eligible", "Enrolled", "Matched", "Met at least once", "Still meeting at the round's end"]),
        strings(&["People"]),
        InsightUnit::People,
        InsightChart::Bars,
        view.disclose(5, 1, Tabulation::People, &facts),
    )
}

fn meetings(data: &Data, view: &View) -> Vec<InsightTable> {
    let at = now();
    let mut groups = Vec::new();
    let mut pace = Vec::new();
    let mut answers = Vec::new();
    for (g, people) in data.groups() {
        let program = Some(g.program_id);
        let fact = |row: usize, value: i64, weight: i64| Fact {
            program,
            row,
            column: 0,
            value,
            weight,
            people: people.to_vec(),
        };
        groups.push(fact(if g.held > 0 { 0 } else { 1 }, 1, 1));
        // Sessions per month over the round so far, in hundredths.
        let months = ((g.ends_at.min(at) - g.published_at).max(MONTH)) as f64 / MONTH as f64;
        pace.push(fact(0, (g.held as f64 * 100.0 / months).round() as i64, 1));
        if let Some(first) = g.first_held {
            pace.push(fact(1, (first - g.published_at).max(0) * 100 / DAY, 1));
        }
        answers.push(fact(0, g.held, 1));
        answers.push(fact(1, g.not_held, 1));
    }
    vec![
        table(
            "groups_met",
            "Groups that met",
            "Matched groups of the rounds published in the period, by whether they held at least one session.",
            strings(&["Met at least once", "Never met"]),
            strings(&["Groups"]),
            InsightUnit::Count,
            InsightChart::Bars,
            view.disclose(2, 1, Tabulation::CountWithTotals, &groups),
        ),
        table(
            "pace",
            "How often groups meet",
            "Sessions held per group per month of its round so far, and days from the match to the first session held (groups that met).",
            strings(&["Sessions per group per month", "Days to the first session"]),
            strings(&["Average"]),
            InsightUnit::Average,
            InsightChart::Bars,
            scaled(view.disclose(2, 1, Tabulation::Average, &pace), 100.0),
        ),
        table(
            "did_you_meet",
            "“Did you meet?” answers",
            "Sessions someone marked as held, or as not having happened.",
            strings(&["Held", "Did not happen"]),
            strings(&["Sessions"]),
            InsightUnit::Count,
            InsightChart::Bars,
            view.disclose(2, 1, Tabulation::CountWithTotals, &answers),
        ),
    ]
}

fn satisfaction(data: &Data, view: &View) -> Vec<InsightTable> {
    let rounds: BTreeSet<i64> = data
        .ratings
        .iter()
        .map(|r| r.round_number)
        .chain(data.groups.iter().map(|g| g.round_number))
        .collect();
    let round_index: BTreeMap<i64, usize> =
        rounds.iter().enumerate().map(|(i, n)| (*n, i)).collect();
    // One fact per person, program and rating, not per round: fewer facts, the same cells.
    let mut by_person: HashMap<(i64, i64), [i64; 5]> = HashMap::new();
    let mut trend: Vec<Fact> = Vec::new();
    for r in &data.ratings {
        let counts = r.counts();
        let total = by_person.entry((r.program_id, r.user_id)).or_default();
        for (t, c) in total.iter_mut().zip(counts) {
            *t += c;
        }
        let ratings: i64 = counts.iter().sum();
        let sum: i64 = counts.iter().zip(1..).map(|(c, rating)| c * rating).sum();
        trend.push(Fact {
            program: Some(r.program_id),
            row: round_index[&r.round_number],
            column: 0,
            value: sum * 100,
            weight: ratings,
            people: vec![r.user_id],
        });
    }
    let spread: Vec<Fact> = by_person
        .iter()
        .flat_map(|(&(program, user), counts)| {
            counts
                .iter()
                .enumerate()
                .filter(|(_, c)| **c > 0)
                .map(move |(row, &c)| Fact {
                    program: Some(program),
                    row,
                    column: 0,
                    value: c,
                    weight: c,
                    people: vec![user],
                })
        })
        .collect();
    let departments: HashMap<i64, &str> = data
        .people
        .iter()
        .map(|p| (p.id, p.department.as_str()))
        .collect();
    for (g, members) in data.groups() {
        for (i, a) in members.iter().enumerate() {
            for b in &members[i + 1..] {
                let differ = departments.get(a) != departments.get(b);
                trend.push(Fact {
                    program: Some(g.program_id),
                    row: round_index[&g.round_number],
                    column: 1,
                    value: if differ { 10_000 } else { 0 },
                    weight: 1,
                    people: vec![*a, *b],
                });
            }
        }
    }
    let options: &[&str] = match PulseKind::Fit.questions()[0].kind {
        PulseQuestionKind::Choice(options) => options,
        _ => &[],
    };
    let fit: Vec<Fact> = data
        .fit
        .iter()
        .filter_map(|row| {
            let answers: PulseAnswers = serde_json::from_str(&row.answers).ok()?;
            let PulseAnswer::Choice(chosen) = answers.get("fit")? else {
                return None;
            };
            let at = options.iter().position(|o| o == chosen)?;
            Some(Fact::person(Some(row.program_id), at, 0, row.user_id))
        })
        .collect();
    vec![
        table(
            "fit",
            "How matches are working",
            "Answers to the first-meeting fit check, for the rounds published in the period.",
            strings(options),
            strings(&["Answers"]),
            InsightUnit::Count,
            InsightChart::Bars,
            view.disclose(options.len(), 1, Tabulation::CountWithTotals, &fit),
        ),
        table(
            "ratings",
            "Session ratings",
            "Ratings of sessions given by the people who met, 1 (poor) to 5 (great).",
            strings(&["1", "2", "3", "4", "5"]),
            strings(&["Ratings"]),
            InsightUnit::Count,
            InsightChart::Bars,
            view.disclose(5, 1, Tabulation::CountWithTotals, &spread),
        ),
        table(
            "by_round",
            "Round by round",
            "The average session rating, and the share of matched pairs from different departments, for each round number.",
            rounds.iter().map(|n| format!("Round {n}")).collect(),
            strings(&["Average rating", "Pairs across departments (%)"]),
            InsightUnit::Average,
            InsightChart::Matrix,
            scaled(
                view.disclose(rounds.len(), 2, Tabulation::Average, &trend),
                100.0,
            ),
        ),
    ]
}

fn goals(data: &Data, view: &View) -> InsightTable {
    let facts: Vec<Fact> = data
        .goals
        .iter()
        .map(|g| Fact {
            program: Some(g.program_id),
            row: GoalStatus::ALL
                .iter()
                .position(|s| *s == g.status)
                .unwrap_or(0),
            column: GoalCategory::ALL
                .iter()
                .position(|c| *c == g.category)
                .unwrap_or(0),
            value: 1,
            weight: 1,
            people: vec![g.owner_id],
        })
        .collect();
    table(
        "goals",
        "Goals by status and kind",
        "Goals set in the period that their owners shared with the program's admins; goals kept private or shared only with a match are never counted.",
        GoalStatus::ALL.iter().map(|s| s.label().to_owned()).collect(),
        GoalCategory::ALL.iter().map(|c| c.label().to_owned()).collect(),
        InsightUnit::Count,
        InsightChart::Matrix,
        view.disclose(
            GoalStatus::ALL.len(),
            GoalCategory::ALL.len(),
            Tabulation::CountWithTotals,
            &facts,
        ),
    )
}

fn connections(data: &Data, view: &View) -> InsightTable {
    let departments: HashMap<i64, &str> = data
        .people
        .iter()
        .map(|p| (p.id, p.department.as_str()))
        .collect();
    let name = |id: &i64| match departments.get(id).copied().unwrap_or("") {
        "" => "No department".to_owned(),
        d => d.to_owned(),
    };
    let mut pairs: Vec<(i64, i64, i64)> = Vec::new();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for (g, members) in data.groups() {
        for (i, a) in members.iter().enumerate() {
            for b in &members[i + 1..] {
                pairs.push((g.program_id, *a, *b));
                *seen.entry(name(a)).or_default() += 1;
                *seen.entry(name(b)).or_default() += 1;
            }
        }
    }
    let mut by_size: Vec<(String, usize)> = seen.into_iter().collect();
    by_size.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut labels: Vec<String> = by_size
        .iter()
        .take(MATRIX_DEPARTMENTS)
        .map(|(d, _)| d.clone())
        .collect();
    labels.sort();
    let other = by_size.len() > MATRIX_DEPARTMENTS;
    if other {
        labels.push("Other departments".into());
    }
    let index = |id: &i64| {
        let d = name(id);
        labels
            .iter()
            .position(|l| *l == d)
            .unwrap_or(labels.len().saturating_sub(1))
    };
    let facts: Vec<Fact> = pairs
        .iter()
        .map(|(program, a, b)| {
            let (x, y) = (index(a), index(b));
            Fact {
                program: Some(*program),
                row: x.min(y),
                column: x.max(y),
                value: 1,
                weight: 1,
                people: vec![*a, *b],
            }
        })
        .collect();
    let n = labels.len();
    table(
        "connections",
        "Who meets whom",
        "Matched pairs by the departments of the two people, for the rounds published in the period; each pair is counted once, in the row of the department that comes first.",
        labels.clone(),
        labels,
        InsightUnit::Count,
        InsightChart::Matrix,
        view.disclose(n, n, Tabulation::Count, &facts),
    )
}

fn retention(data: &Data, view: &View) -> InsightTable {
    // Who was matched, and in which programs.
    let mut took_part: HashMap<i64, BTreeSet<i64>> = HashMap::new();
    for (g, members) in data.groups() {
        for &m in members {
            took_part.entry(m).or_default().insert(g.program_id);
        }
    }
    let at = now();
    let mut facts = Vec::new();
    // The cohort: everyone in the directory when the period began.
    for p in data
        .people
        .iter()
        .filter(|p| p.created_at < data.from && p.deactivated_at.is_none_or(|d| d >= data.from))
    {
        let (row, programs): (usize, Vec<Option<i64>>) = match took_part.get(&p.id) {
            Some(programs) => (0, programs.iter().map(|id| Some(*id)).collect()),
            // Someone who took part in no program is a non-participant of every one.
            None => (1, vec![view.filters.program]),
        };
        for (column, months) in [(0usize, 6i64), (1, 12)] {
            let checked_at = data.from + months * MONTH;
            if checked_at > at {
                continue;
            }
            let stayed = p.deactivated_at.is_none_or(|d| d > checked_at);
            for program in &programs {
                facts.push(Fact {
                    program: *program,
                    row,
                    column,
                    value: if stayed { 100 } else { 0 },
                    weight: 1,
                    people: vec![p.id],
                });
            }
        }
    }
    table(
        "retention",
        "Still with the organisation",
        "Of the people in the directory when the period began, the share still there 6 and 12 months later, for those matched in the period and everyone else. This is a correlation, not a cause: people who join programs may differ in other ways. A column fills in once its months have passed.",
        strings(&["Matched in the period", "Not matched"]),
        strings(&["After 6 months (%)", "After 12 months (%)"]),
        InsightUnit::Percent,
        InsightChart::Matrix,
        view.disclose(2, 2, Tabulation::Average, &facts),
    )
}

fn events(data: &Data, view: &View) -> InsightTable {
    let mut facts = Vec::new();
    for r in &data.rsvps {
        let row = EventKind::ALL
            .iter()
            .position(|k| *k == r.kind)
            .unwrap_or(0);
        let mut columns = vec![0];
        match r.state {
            RsvpState::Going => columns.push(1),
            RsvpState::Waitlisted => columns.push(2),
            _ => {}
        }
        if r.attended != 0 {
            columns.push(3);
        }
        for column in columns {
            facts.push(Fact::person(r.program_id, row, column, r.user_id));
        }
    }
    table(
        "events",
        "Events",
        "People invited to the events of the period (not cancelled), who said they were going, who waited on the waitlist, and who were checked in.",
        EventKind::ALL.iter().map(|k| k.label().to_owned()).collect(),
        strings(&["Invited", "Going", "Waitlisted", "Attended"]),
        InsightUnit::People,
        InsightChart::Matrix,
        view.disclose(EventKind::ALL.len(), 4, Tabulation::People, &facts),
    )
}
