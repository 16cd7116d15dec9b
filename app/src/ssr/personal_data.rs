//! Personal-data requests: a person downloads everything Tandem holds about them, and an org
//! admin erases a person who asks for it (or has left). Both are in the audit log.

use super::audit::{self, Actor, Subject};
use super::{access, AppState};
use crate::domain::AuditAction;
use crate::error::AppError;
use crate::models::User;
use serde_json::{json, Value};

/// What an erased person is called from then on.
pub fn placeholder(user_id: i64) -> String {
    format!("Erased person #{user_id}")
}

fn subject(u: &User) -> Subject<'_> {
    Subject {
        id: u.id,
        name: &u.name,
        email: &u.email,
    }
}

/// The person's data as one JSON document: their profile, enrollments and answers, their own
/// avoid and preferred lists, matches, goals, sessions, feedback, agreements, survey answers,
/// requests, event answers, settings, what they wrote in the resource hub, the messages sent to
/// them, the audit entries about them, and their files.
pub async fn export(state: &AppState, user: &User) -> Result<Value, AppError> {
    let sections = state.db.personal_data(user.id).await?;
    audit::record(
        state,
        &Actor::Person(user),
        AuditAction::Exported,
        Some(subject(user)),
        "Their own personal data (JSON)",
    )
    .await?;
    let mut doc = json!({
        "format": "Tandem personal data, version 1",
        "exported_at": chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "about": "Everything Tandem holds about you. Times are Unix seconds; files are base64.",
    });
    if let Value::Object(o) = &mut doc {
        o.extend(sections);
    }
    Ok(doc)
}

/// Erases a person at an org admin's request: they are deactivated (signed out, seats passed
/// on) if they were not already, then their personal data is removed or anonymised (see
/// `Db::erase_person`). Never oneself, never the only active org admin.
pub async fn erase(state: &AppState, admin: &User, user_id: i64) -> Result<(), AppError> {
    let db = &state.db;
    let target = db
        .user_by_id(user_id)
        .await?
        .ok_or_else(|| AppError::NotFound("No such person.".into()))?;
    access::may_remove(
        state,
        Some(admin),
        target.id,
        target.role,
        target.active(),
        "erase",
    )
    .await?;
    if target.deactivated_at.is_none() {
        db.deactivate(user_id).await?;
    }
    let name = placeholder(user_id);
    if !db.erase_person(user_id, &name).await? {
        return Err(AppError::NotFound("No such person.".into()));
    }
    tracing::info!(user_id, by = admin.id, "person erased");
    let erased = Subject {
        id: user_id,
        name: &name,
        email: "erased",
    };
    audit::record(
        state,
        &Actor::Person(admin),
        AuditAction::PersonErased,
        Some(erased),
        "Personal data removed; figures kept as anonymous counts",
    )
    .await?;
    Ok(())
}
