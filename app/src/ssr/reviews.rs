//! Mentoring in performance reviews: a person exports their own record (PDF, CSV or JSON)
//! with the goals and thanks they pick; their manager in the org chart may ask for it, and
//! reads it only through the person's agreement, with its scope and end, which the person
//! may withdraw. Every export, by either, is logged for the person to read.

use super::storage::{now, ConsentRow, Json};
use super::support::clock::day_in;
use super::support::pdf::{self, Flow, Style, ACCENT, INK, MUTED};
use super::{emails, outbox, AppState};
use crate::domain::{
    badges, certificate_period, held_time, CertificateCode, ConsentAnswer, ConsentInput,
    ConsentState, RecordFormat, ReviewScope, ScopeInput,
};
use crate::error::AppError;
use crate::models::{
    ConsentView, ExportView, RecordCertificate, RecordGoal, RecordKudos, RecordProgram,
    ReviewRecord, ReviewsPage, TeamMember, User,
};

/// A file to download.
pub struct RecordFile {
    pub name: String,
    pub content_type: &'static str,
    pub bytes: Vec<u8>,
}

fn scope_words(scope: &ReviewScope) -> String {
    let plural = |n: usize, one: &str, many: &str| {
        if n == 1 {
            format!("1 {one}")
        } else {
            format!("{n} {many}")
        }
    };
    let mut parts = Vec::new();
    if scope.programs {
        parts.push("programs and sessions".to_owned());
    }
    if scope.badges {
        parts.push("badges".to_owned());
    }
    if scope.certificates {
        parts.push("certificates".to_owned());
    }
    if !scope.goals.is_empty() {
        parts.push(plural(scope.goals.len(), "goal", "goals"));
    }
    if !scope.kudos.is_empty() {
        parts.push(plural(scope.kudos.len(), "thank-you", "thanks"));
    }
    parts.join(", ")
}

fn consent_view(c: ConsentRow, as_employee: bool, at: i64, zone: &str) -> ConsentView {
    let readable =
        c.state == ConsentState::Approved && c.expires_at.is_some_and(|until| until > at);
    let status = match (c.state, c.expires_at) {
        (ConsentState::Approved, Some(until)) if until > at => {
            format!("Agreed until {}", day_in(until, zone))
        }
        (ConsentState::Approved, Some(until)) => format!("Ended on {}", day_in(until, zone)),
        (ConsentState::Revoked, _) => format!(
            "Withdrawn on {}",
            day_in(c.revoked_at.unwrap_or(c.requested_at), zone)
        ),
        (state, _) => state.label().to_owned(),
    };
    ConsentView {
        id: c.id,
        person: if as_employee {
            c.manager_name
        } else {
            c.employee_name
        },
        pending: c.state == ConsentState::Pending,
        readable,
        status,
        requested_on: day_in(c.requested_at, zone),
        scope: scope_words(&c.scope.0),
    }
}

async fn choices(
    state: &AppState,
    user_id: i64,
    zone: &str,
) -> Result<(Vec<RecordGoal>, Vec<RecordKudos>), AppError> {
    let goals = state
        .db
        .achieved_goals(user_id)
        .await?
        .into_iter()
        .map(|g| RecordGoal {
            id: g.id,
            title: g.title,
            program: g.program_name,
            achieved_on: day_in(g.achieved_at, zone),
        })
        .collect();
    let kudos = state
        .db
        .kudos_received(user_id, false)
        .await?
        .into_iter()
        .map(|k| RecordKudos {
            id: k.id,
            from: k.from_name,
            program: k.program_name,
            category: k.category,
            note: k.note,
            day: day_in(k.created_at, zone),
        })
        .collect();
    Ok((goals, kudos))
}

/// `/reviews` for `user`.
pub async fn page(state: &AppState, user: &User) -> Result<ReviewsPage, AppError> {
    let db = &state.db;
    let at = now();
    let zone = &user.time_zone;
    let (goals, kudos) = choices(state, user.id, zone).await?;
    let (requests, answered): (Vec<_>, Vec<_>) = db
        .consents_of_employee(user.id)
        .await?
        .into_iter()
        .map(|c| consent_view(c, true, at, zone))
        .partition(|c| c.pending);
    let mine = db.consents_of_manager(user.id).await?;
    let team = db
        .direct_reports(user.id)
        .await?
        .into_iter()
        .map(|(user_id, name)| TeamMember {
            latest: mine
                .iter()
                .find(|c| c.employee_id == user_id)
                .cloned()
                .map(|c| consent_view(c, false, at, zone)),
            user_id,
            name,
        })
        .collect();
    let exports = db
        .review_exports(user.id)
        .await?
        .into_iter()
        .map(|e| ExportView {
            reader: if e.reader_id == Some(user.id) {
                "You".to_owned()
            } else {
                e.reader_name
            },
            format: e.format.label().to_owned(),
            when: super::support::clock::moment_in(e.at, zone),
            by_consent: e.consent_id.is_some(),
        })
        .collect();
    Ok(ReviewsPage {
        goals,
        kudos,
        requests,
        answered,
        exports,
        team,
    })
}

/// `manager` asks `employee_id`, who reports to them, for their record.
pub async fn request(state: &AppState, manager: &User, employee_id: i64) -> Result<(), AppError> {
    let not_yours =
        || AppError::NotFound("That person does not report to you in the org chart.".into());
    let employee = state
        .db
        .user_by_id(employee_id)
        .await?
        .ok_or_else(not_yours)?;
    let at = now();
    let mail = emails::record_requested(
        &employee.email,
        &employee.name,
        &manager.name,
        &state.settings.link("/reviews#requests"),
    );
    let job = outbox::email(
        &state.settings,
        Some(employee.id),
        mail,
        format!("review-request:{}:{employee_id}:{at}", manager.id),
    );
    if state
        .db
        .request_review(manager.id, employee_id, at, &[job])
        .await?
    {
        return Ok(());
    }
    let waiting = state
        .db
        .consents_of_manager(manager.id)
        .await?
        .iter()
        .any(|c| c.employee_id == employee_id && c.state == ConsentState::Pending);
    Err(if waiting {
        AppError::Conflict("You have asked already; they have not answered yet.".into())
    } else {
        not_yours()
    })
}

/// Checks that every goal and kudos `scope` picks is among `goals` and `kudos`, the person's
/// own.
fn check_owned(
    scope: &ReviewScope,
    goals: &[RecordGoal],
    kudos: &[RecordKudos],
) -> Result<(), AppError> {
    if let Some(g) = scope
        .goals
        .iter()
        .find(|g| !goals.iter().any(|o| o.id == **g))
    {
        return Err(AppError::invalid(
            "goals",
            format!("Goal {g} is not one of your achieved goals."),
        ));
    }
    if let Some(k) = scope
        .kudos
        .iter()
        .find(|k| !kudos.iter().any(|o| o.id == **k))
    {
        return Err(AppError::invalid(
            "kudos",
            format!("Thank-you {k} is not one you received."),
        ));
    }
    Ok(())
}

/// `employee`'s answer to a request.
pub async fn answer(
    state: &AppState,
    employee: &User,
    consent_id: i64,
    input: &ConsentInput,
) -> Result<ConsentState, AppError> {
    let answer = input.parse()?;
    let at = now();
    let (agreed, outcome) = match &answer {
        ConsentAnswer::Approve { scope, length } => {
            let (goals, kudos) = choices(state, employee.id, &employee.time_zone).await?;
            check_owned(scope, &goals, &kudos)?;
            (Some((scope, at + length.seconds())), ConsentState::Approved)
        }
        ConsentAnswer::Decline => (None, ConsentState::Declined),
    };
    // The manager hears the answer by email, queued with it.
    let request = state
        .db
        .consents_of_employee(employee.id)
        .await?
        .into_iter()
        .find(|c| c.id == consent_id && c.state == ConsentState::Pending);
    let mut jobs = Vec::new();
    if let Some(request) = request {
        if let Some(manager) = state.db.user_by_id(request.manager_id).await? {
            let until = agreed.map(|(_, until)| day_in(until, &manager.time_zone));
            let mail = emails::record_answered(
                &manager.email,
                &manager.name,
                &employee.name,
                until.as_deref(),
                &state.settings.link("/reviews#team"),
            );
            jobs.push(outbox::email(
                &state.settings,
                Some(manager.id),
                mail,
                format!("review-answer:{consent_id}"),
            ));
        }
    }
    if state
        .db
        .answer_review(consent_id, employee.id, agreed, at, &jobs)
        .await?
    {
        Ok(outcome)
    } else {
        Err(AppError::NotFound(
            "There is no request of yours waiting with that number.".into(),
        ))
    }
}

/// `employee` withdraws an agreement: from now on its manager reads nothing by it.
pub async fn revoke(state: &AppState, employee: &User, consent_id: i64) -> Result<(), AppError> {
    if state
        .db
        .revoke_review(consent_id, employee.id, now())
        .await?
    {
        Ok(())
    } else {
        Err(AppError::NotFound(
            "There is no agreement of yours to withdraw with that number.".into(),
        ))
    }
}

/// The record of `employee_id` (named `person`) holding `scope`, dates in `zone`.
async fn record(
    state: &AppState,
    employee_id: i64,
    person: String,
    scope: &ReviewScope,
    zone: &str,
) -> Result<ReviewRecord, AppError> {
    let db = &state.db;
    let at = now();
    let (goals, kudos) = choices(state, employee_id, zone).await?;
    let programs = if scope.programs {
        Some(
            db.certificate_facts(employee_id, at)
                .await?
                .into_iter()
                .map(|f| RecordProgram {
                    program: f.program_name,
                    role: f.role,
                    period: certificate_period(f.from_day, f.to_day),
                    sessions: f.sessions,
                    held: held_time(f.minutes),
                })
                .collect(),
        )
    } else {
        None
    };
    let badges = if scope.badges {
        Some(badges(&db.badge_facts(employee_id, at).await?).0)
    } else {
        None
    };
    let certificates = if scope.certificates {
        Some(
            db.certificates_of(employee_id)
                .await?
                .into_iter()
                .map(|c| RecordCertificate {
                    verify_url: format!(
                        "{}/certificates/{}",
                        state.settings.base_url,
                        CertificateCode::parse(&c.code)
                            .map(|code| code.grouped())
                            .unwrap_or(c.code)
                    ),
                    program: c.program_name,
                    role: c.role,
                    period: certificate_period(c.from_day, c.to_day),
                })
                .collect(),
        )
    } else {
        None
    };
    Ok(ReviewRecord {
        person,
        prepared_on: day_in(at, zone),
        programs,
        badges,
        certificates,
        goals: goals
            .into_iter()
            .filter(|g| scope.goals.contains(&g.id))
            .collect(),
        kudos: kudos
            .into_iter()
            .filter(|k| scope.kudos.contains(&k.id))
            .collect(),
    })
}

/// The own-record form's query (a plain GET form, so it works without JavaScript): ticked
/// parts, repeated `goal` and `kudos` ids, and the `format` button pressed.
pub fn own_query(query: &str) -> (ScopeInput, String) {
    let mut scope = ScopeInput::default();
    let mut format = String::new();
    for (key, value) in form_urlencoded::parse(query.as_bytes()) {
        let value = value.into_owned();
        match key.as_ref() {
            "programs" => scope.programs = Some(value),
            "badges" => scope.badges = Some(value),
            "certificates" => scope.certificates = Some(value),
            "goal" => scope.goals.push(value),
            "kudos" => scope.kudos.push(value),
            "format" => format = value,
            _ => {}
        }
    }
    (scope, format)
}

fn format_of(raw: &str) -> Result<RecordFormat, AppError> {
    RecordFormat::parse(raw).ok_or_else(|| AppError::invalid("format", "Choose PDF, CSV or JSON."))
}

/// `user`'s own record with the parts they ticked, logged as read by them.
pub async fn export_own(
    state: &AppState,
    user: &User,
    scope: &ScopeInput,
    format: &str,
) -> Result<RecordFile, AppError> {
    let format = format_of(format)?;
    let scope = scope.parse()?;
    let record = record(state, user.id, user.name.clone(), &scope, &user.time_zone).await?;
    // The record holds the picked goals and kudos that are theirs; any other was not.
    check_owned(&scope, &record.goals, &record.kudos)?;
    state
        .db
        .log_review_export(user.id, user.id, None, format, now())
        .await?;
    file(&record, format)
}

/// A record `manager` reads by agreement `consent_id`, as agreed; logged for its employee.
pub async fn export_agreed(
    state: &AppState,
    manager: &User,
    consent_id: i64,
    format: &str,
) -> Result<RecordFile, AppError> {
    let format = format_of(format)?;
    let at = now();
    let consent = state
        .db
        .readable_consent(consent_id, manager.id, at)
        .await?
        .ok_or_else(|| {
            AppError::NotFound(
                "There is no agreement letting you read this record now: it was never given, \
                 was withdrawn, or has ended."
                    .into(),
            )
        })?;
    let Json(scope) = consent.scope;
    let record = record(
        state,
        consent.employee_id,
        consent.employee_name,
        &scope,
        &manager.time_zone,
    )
    .await?;
    state
        .db
        .log_review_export(
            consent.employee_id,
            manager.id,
            Some(consent.id),
            format,
            at,
        )
        .await?;
    file(&record, format)
}

fn file(record: &ReviewRecord, format: RecordFormat) -> Result<RecordFile, AppError> {
    let slug: String = record
        .person
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let bytes = match format {
        RecordFormat::Json => {
            serde_json::to_vec_pretty(record).map_err(super::support::context::internal)?
        }
        RecordFormat::Csv => csv(record).map_err(super::support::context::internal)?,
        RecordFormat::Pdf => draw(record)?,
    };
    Ok(RecordFile {
        name: format!("mentoring-record-{slug}.{}", format.as_str()),
        content_type: format.content_type(),
        bytes,
    })
}

/// "1 session held", "3 sessions held".
fn sessions(n: i64) -> String {
    if n == 1 {
        "1 session held".to_owned()
    } else {
        format!("{n} sessions held")
    }
}

/// One row per item: its part, what it is, the details, and its date or period.
fn csv(r: &ReviewRecord) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["part", "item", "details", "when"])?;
    for p in r.programs.iter().flatten() {
        w.write_record([
            "program",
            &p.program,
            &format!(
                "as {}: {}, {}",
                p.role.label(),
                sessions(p.sessions),
                p.held
            ),
            &p.period,
        ])?;
    }
    for b in r.badges.iter().flatten() {
        w.write_record(["badge", b.badge.label(), &b.because, ""])?;
    }
    for c in r.certificates.iter().flatten() {
        w.write_record(["certificate", &c.program, &c.verify_url, &c.period])?;
    }
    for g in &r.goals {
        w.write_record(["goal achieved", &g.title, &g.program, &g.achieved_on])?;
    }
    for k in &r.kudos {
        w.write_record([
            "thanks received",
            &format!("{} from {}", k.category.label(), k.from),
            &k.note,
            &k.day,
        ])?;
    }
    w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

fn draw(r: &ReviewRecord) -> Result<Vec<u8>, AppError> {
    let mut p = Flow::new();
    p.y += 20.0;
    p.page.text(
        pdf::MARGIN,
        p.y,
        Style::new(11.0).bold().color(ACCENT),
        "TANDEM · MENTORING RECORD",
    );
    p.y += 30.0;
    p.paragraph(Style::new(24.0).bold().color(INK), &r.person);
    p.paragraph(
        Style::new(9.0).color(MUTED),
        &format!(
            "Prepared on {}. It holds what {} chose to share.",
            r.prepared_on, r.person
        ),
    );
    let body = Style::new(11.0).color(INK);
    let small = Style::new(9.5).color(MUTED);
    let item = |p: &mut Flow, main: &str, detail: &str| {
        p.room(34.0);
        p.paragraph(body, main);
        if !detail.is_empty() {
            p.paragraph(small, detail);
        }
        p.y += 6.0;
    };
    if let Some(programs) = &r.programs {
        p.heading("Programs and sessions");
        if programs.is_empty() {
            item(&mut p, "No sessions held yet.", "");
        }
        for x in programs {
            item(
                &mut p,
                &format!("{}, as {}", x.program, x.role.label()),
                &format!("{}: {}, {}", x.period, sessions(x.sessions), x.held),
            );
        }
    }
    if !r.goals.is_empty() {
        p.heading("Goals achieved");
        for g in &r.goals {
            item(
                &mut p,
                &g.title,
                &format!("{} · {}", g.program, g.achieved_on),
            );
        }
    }
    if !r.kudos.is_empty() {
        p.heading("Thanks received");
        for k in &r.kudos {
            item(
                &mut p,
                &format!("“{}”", k.note.trim()),
                &format!(
                    "{} from {}, {} · {}",
                    k.category.label(),
                    k.from,
                    k.program,
                    k.day
                ),
            );
        }
    }
    if let Some(badges) = &r.badges {
        p.heading("Badges");
        if badges.is_empty() {
            item(&mut p, "No badges yet.", "");
        }
        for b in badges {
            item(&mut p, b.badge.label(), &b.because);
        }
    }
    if let Some(certificates) = &r.certificates {
        p.heading("Certificates");
        if certificates.is_empty() {
            item(&mut p, "No certificates issued yet.", "");
        }
        for c in certificates {
            item(
                &mut p,
                &format!("{}, as {}, {}", c.program, c.role.label(), c.period),
                &format!("Verify at {}", c.verify_url),
            );
        }
    }
    Ok(pdf::document(
        &format!("Mentoring record: {}", r.person),
        &p.finish(),
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_own_record_form_reads_back() {
        let (scope, format) = own_query("programs=on&goal=4&goal=2&kudos=9&format=csv&unknown=1");
        assert_eq!(format, "csv");
        assert_eq!(
            scope.parse().unwrap(),
            ReviewScope {
                programs: true,
                goals: vec![2, 4],
                kudos: vec![9],
                ..ReviewScope::default()
            }
        );
    }

    #[test]
    fn a_scope_reads_as_words() {
        let scope = ReviewScope {
            programs: true,
            badges: false,
            certificates: true,
            goals: vec![3, 4],
            kudos: vec![9],
        };
        assert_eq!(
            scope_words(&scope),
            "programs and sessions, certificates, 2 goals, 1 thank-you"
        );
    }
}
