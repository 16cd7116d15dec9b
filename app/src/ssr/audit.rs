//! The audit log, a shared room: every feature that changes who is in Tandem or who may do
//! what writes one entry here, naming who did it (a person, or an integration such as a SCIM
//! token) and to whom. Org admins read it with filters. Entries hold labels and counts, never
//! passwords, tokens or avoid lists.

use super::AppState;
use crate::domain::AuditAction;
use crate::error::AppError;
use crate::models::{AuditEntryView, AuditPage, User};
use crate::ssr::storage::{AuditFilter, NewAuditEntry, StorageError};
use crate::ssr::support::clock::moment_in;
use chrono::NaiveDate;

/// Entries per page.
pub const PAGE_SIZE: i64 = 50;
/// The retention periods org admins may choose, in days.
pub const RETENTION_DAYS: std::ops::RangeInclusive<i64> = 30..=3650;

/// Who did it.
#[derive(Debug, Clone)]
pub enum Actor<'a> {
    Person(&'a User),
    /// An integration, by the label its token was given.
    Integration(String),
}

/// The person an entry is about.
pub struct Subject<'a> {
    pub id: i64,
    pub name: &'a str,
    pub email: &'a str,
}

/// Writes one entry.
pub async fn record(
    state: &AppState,
    actor: &Actor<'_>,
    action: AuditAction,
    subject: Option<Subject<'_>>,
    details: &str,
) -> Result<(), StorageError> {
    let (actor_id, actor_label) = match actor {
        Actor::Person(u) => (Some(u.id), format!("{} <{}>", u.name, u.email)),
        Actor::Integration(label) => (None, label.clone()),
    };
    let subject_label = subject
        .as_ref()
        .map(|s| format!("{} <{}>", s.name, s.email))
        .unwrap_or_default();
    state
        .db
        .record_audit(&NewAuditEntry {
            action,
            actor_id,
            actor_label: &actor_label,
            subject_id: subject.as_ref().map(|s| s.id),
            subject_label: &subject_label,
            details,
        })
        .await?;
    Ok(())
}

/// The audit page's filters as typed in its address.
#[derive(Debug, Clone, Default)]
pub struct AuditQuery {
    pub action: Option<String>,
    pub person: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub page: Option<i64>,
}

fn day(field: &str, v: Option<&str>) -> Result<Option<i64>, AppError> {
    match v.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => NaiveDate::parse_from_str(v, "%Y-%m-%d")
            .map(|d| {
                Some(
                    d.and_hms_opt(0, 0, 0)
                        .unwrap_or_default()
                        .and_utc()
                        .timestamp(),
                )
            })
            .map_err(|_| AppError::invalid(field, format!("{v:?} is not a date like 2026-12-31."))),
    }
}

fn utc(secs: i64) -> String {
    format!("{} UTC", moment_in(secs, "UTC"))
}

/// One page of entries, newest first. "To" includes the whole day it names.
pub async fn page(state: &AppState, q: AuditQuery) -> Result<AuditPage, AppError> {
    let action = match q.action.as_deref().map(str::trim).filter(|a| !a.is_empty()) {
        None => None,
        Some(a) => Some(
            a.parse::<AuditAction>()
                .map_err(|m| AppError::invalid("action", m))?,
        ),
    };
    let from = day("from", q.from.as_deref())?;
    let until = day("to", q.to.as_deref())?.map(|t| t + 86_400);
    if let (Some(f), Some(u)) = (from, until) {
        if f >= u {
            return Err(AppError::invalid(
                "to",
                "The end date is before the start date.",
            ));
        }
    }
    let page = q.page.unwrap_or(1).max(1);
    let (rows, total) = state
        .db
        .audit_entries(&AuditFilter {
            action,
            person: q.person.clone(),
            from,
            until,
            limit: PAGE_SIZE,
            offset: (page - 1) * PAGE_SIZE,
        })
        .await?;
    Ok(AuditPage {
        entries: rows
            .into_iter()
            .map(|r| AuditEntryView {
                id: r.id,
                at: utc(r.at),
                action: r.action.label().to_owned(),
                actor: r.actor_label,
                subject: r.subject_label,
                details: r.details,
            })
            .collect(),
        total,
        page,
        pages: (total + PAGE_SIZE - 1) / PAGE_SIZE,
        retention_days: state.db.audit_retention_days().await?,
    })
}

/// Sets how long entries are kept; the next clean-up deletes older ones.
pub async fn save_retention(state: &AppState, admin: &User, days: &str) -> Result<i64, AppError> {
    let days = days
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|d| RETENTION_DAYS.contains(d))
        .ok_or_else(|| {
            AppError::invalid(
                "days",
                format!(
                    "Keep entries for {} to {} days.",
                    RETENTION_DAYS.start(),
                    RETENTION_DAYS.end()
                ),
            )
        })?;
    state.db.save_audit_retention_days(days).await?;
    record(
        state,
        &Actor::Person(admin),
        AuditAction::SettingsChanged,
        None,
        &format!("Audit entries are kept for {days} days"),
    )
    .await?;
    Ok(days)
}
