//! The people page for org admins: everyone in the organisation, filtered, the invitations
//! not yet accepted, invitations sent from it, role changes, and people who leave.

use super::audit::{self, Actor, Subject};
use super::{access, invitations, AppState};
use crate::domain::AuditAction;
use crate::domain::Role;
use crate::error::AppError;
use crate::models::{PendingInvitation, PeopleView, User, PEOPLE_PAGE_SIZE};
use crate::ssr::storage::UserFilter;

/// The filters of the people page as typed in its address.
#[derive(Debug, Default, Clone)]
pub struct PeopleQuery {
    pub query: Option<String>,
    pub role: Option<String>,
    pub department: Option<String>,
    pub level: Option<String>,
    pub enrolled: Option<String>,
    pub page: Option<i64>,
}

impl PeopleQuery {
    /// The filters checked; a value that is not one the page offers is named.
    fn parse(self) -> Result<UserFilter, AppError> {
        let role = match self.role.as_deref().filter(|r| !r.is_empty()) {
            Some(r) => Some(
                r.parse::<Role>()
                    .map_err(|e| AppError::invalid("role", e.to_string()))?,
            ),
            None => None,
        };
        let page = self.page.unwrap_or(1).max(1);
        let level = match self
            .level
            .as_deref()
            .map(str::trim)
            .filter(|l| !l.is_empty())
        {
            Some(l) => Some(
                l.parse::<i64>()
                    .map_err(|_| AppError::invalid("level", format!("{l:?} is not a level.")))?,
            ),
            None => None,
        };
        let enrolled = match self.enrolled.as_deref().map(str::trim) {
            None | Some("") => None,
            Some("yes") => Some(true),
            Some("no") => Some(false),
            Some(other) => {
                return Err(AppError::invalid(
                    "enrolled",
                    format!("{other:?} is not yes or no."),
                ))
            }
        };
        Ok(UserFilter {
            query: self.query,
            role,
            department: self.department,
            level,
            enrolled,
            limit: PEOPLE_PAGE_SIZE,
            offset: (page - 1) * PEOPLE_PAGE_SIZE,
        })
    }
}

/// One page of people matching the filters, with pending invitations and departments.
pub async fn page(state: &AppState, query: PeopleQuery) -> Result<PeopleView, AppError> {
    let page = query.page.unwrap_or(1).max(1);
    let filter = query.parse()?;
    let db = &state.db;
    let (people, total) = db.list_users(&filter).await?;
    let invitations = db
        .pending_invitations()
        .await?
        .into_iter()
        .map(|(_, email, role, expires_at)| PendingInvitation {
            email,
            role,
            expires_at,
        })
        .collect();
    let departments = db.departments().await?;
    Ok(PeopleView {
        departments,
        people,
        total,
        page,
        invitations,
    })
}

/// Invites someone with the role they will have; returns the address as it was stored.
pub async fn invite(
    state: &AppState,
    inviter: i64,
    email: &str,
    role: &str,
) -> Result<String, AppError> {
    let role = role
        .parse::<Role>()
        .map_err(|e| AppError::invalid("role", e.to_string()))?;
    invitations::invite(state, inviter, email, role).await?;
    Ok(email.trim().to_lowercase())
}

/// Changes a role. Org admins only; the last org admin cannot step down, so the
/// organisation is never left without one.
pub async fn change_role(
    state: &AppState,
    admin: &User,
    user_id: i64,
    role: &str,
) -> Result<(), AppError> {
    let role = role
        .parse::<Role>()
        .map_err(|e| AppError::invalid("role", e.to_string()))?;
    let db = &state.db;
    let target = db
        .user_by_id(user_id)
        .await?
        .ok_or_else(|| AppError::NotFound("No such person.".into()))?;
    if target.role == Role::OrgAdmin
        && role != Role::OrgAdmin
        && db.count_with_role(Role::OrgAdmin).await? <= 1
    {
        return Err(AppError::Conflict(
            "This is the only org admin. Make someone else org admin first.".into(),
        ));
    }
    db.set_role(user_id, role).await?;
    tracing::info!(user_id, role = role.as_str(), "role changed");
    audit::record(
        state,
        &Actor::Person(admin),
        AuditAction::RoleChanged,
        Some(subject(&target)),
        &format!("{} → {}", target.role.label(), role.label()),
    )
    .await?;
    Ok(())
}

/// Deactivates someone who left: they are signed out at once, give up their seats and places
/// in line for events to come (each freed seat goes to the first who waits, who is told), and
/// pass out of matching, invitations, RSVP links and calendar feeds. Their data stays.
pub async fn deactivate(state: &AppState, admin: &User, user_id: i64) -> Result<(), AppError> {
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
        "deactivate",
    )
    .await?;
    match db.deactivate(user_id).await? {
        Some(freed) => {
            tracing::info!(user_id, seats_freed = freed.len(), "person deactivated");
            audit::record(
                state,
                &Actor::Person(admin),
                AuditAction::PersonDeactivated,
                Some(subject(&target)),
                &format!("Seats given up: {}", freed.len()),
            )
            .await?;
            Ok(())
        }
        None => Err(AppError::Conflict(format!(
            "{} is already deactivated.",
            target.name
        ))),
    }
}

/// Brings back someone deactivated by mistake, or who returned.
pub async fn reactivate(state: &AppState, admin: &User, user_id: i64) -> Result<(), AppError> {
    let target = state
        .db
        .user_by_id(user_id)
        .await?
        .ok_or_else(|| AppError::NotFound("No such person.".into()))?;
    if !state.db.reactivate(user_id).await? {
        return Err(AppError::Conflict("This person is active.".into()));
    }
    tracing::info!(user_id, "person reactivated");
    audit::record(
        state,
        &Actor::Person(admin),
        AuditAction::PersonReactivated,
        Some(subject(&target)),
        "",
    )
    .await?;
    Ok(())
}

fn subject(u: &User) -> Subject<'_> {
    Subject {
        id: u.id,
        name: &u.name,
        email: &u.email,
    }
}
