//! SCIM 2.0 provisioning (RFC 7643, RFC 7644): the company's identity provider creates,
//! updates and deactivates people in Tandem as HR's system changes. A provider authenticates
//! with a bearer token an org admin created; `active: false` (or a DELETE) deactivates the
//! person exactly as an org admin would, so they are signed out at once and leave matching.
//! A provider creating someone whose address Tandem already has (from a directory import or
//! a sign-up) takes over that account rather than making a second one.

pub mod discovery;
pub mod error;
pub mod filter;
pub mod patch;
pub mod resource;
pub mod tokens;

use self::error::{ScimError, ScimType};
use self::filter::{Filter, FilterAttr};
use self::resource::{Draft, PersonInput};
use super::AppState;
use crate::domain::AuditAction;
use crate::error::AppError;
use crate::ssr::access;
use crate::ssr::audit::{self, Actor, Subject};
use crate::ssr::storage::{ScimLookup, ScimPersonRow, ScimWrite};
use crate::ssr::support::crypto::hash_token;
use serde_json::Value;

/// What a list or search asks for (RFC 7644 §3.4.2).
#[derive(Debug, Clone, Default)]
pub struct ListQuery {
    pub filter: Option<String>,
    pub start_index: Option<i64>,
    pub count: Option<i64>,
    pub attributes: Option<String>,
    pub excluded_attributes: Option<String>,
}

/// The identity provider a request came from: the label its token was given, which the
/// audit log names as the actor.
#[derive(Debug, Clone)]
pub struct Provider {
    pub label: String,
}

impl Provider {
    fn actor(&self) -> Actor<'static> {
        Actor::Integration(format!("SCIM token \"{}\"", self.label))
    }
}

/// Checks the `Authorization` header's bearer token against the unrevoked tokens.
pub async fn authenticate(
    state: &AppState,
    authorization: Option<&str>,
) -> Result<Provider, ScimError> {
    let token = authorization
        .and_then(|h| {
            let (scheme, token) = h.trim().split_once(' ')?;
            scheme
                .eq_ignore_ascii_case("bearer")
                .then_some(token.trim())
        })
        .filter(|t| !t.is_empty())
        .ok_or(ScimError::Unauthorized)?;
    match state.db.use_scim_token(&hash_token(token)).await? {
        Some((_, label)) => Ok(Provider { label }),
        None => Err(ScimError::Unauthorized),
    }
}

fn not_found(id: &str) -> ScimError {
    ScimError::NotFound(format!("No person has the id {id:?}."))
}

/// A person a provider can see, by the id in the address.
async fn person(state: &AppState, id: &str) -> Result<ScimPersonRow, ScimError> {
    let n = id.parse::<i64>().map_err(|_| not_found(id))?;
    state.db.scim_person(n).await?.ok_or_else(|| not_found(id))
}

/// One page of people, optionally filtered. `startIndex` counts from 1; `count` is capped at
/// [`discovery::MAX_RESULTS`], and 0 asks only for the total.
pub async fn list(state: &AppState, q: ListQuery) -> Result<Value, ScimError> {
    let lookup = match q.filter.as_deref().map(str::trim).filter(|f| !f.is_empty()) {
        None => ScimLookup::All,
        Some(raw) => {
            let f = Filter::parse(raw)?;
            match f.attr {
                FilterAttr::UserName => ScimLookup::UserName(f.value),
                FilterAttr::ExternalId => ScimLookup::ExternalId(f.value),
                FilterAttr::Email => ScimLookup::Email(f.value),
                // An id that is not a number finds nobody.
                FilterAttr::Id => ScimLookup::Id(f.value.parse().unwrap_or(-1)),
            }
        }
    };
    let start = q.start_index.unwrap_or(1).max(1);
    let count = q
        .count
        .unwrap_or(discovery::MAX_RESULTS)
        .clamp(0, discovery::MAX_RESULTS);
    let (rows, total) = state.db.scim_people(&lookup, start - 1, count).await?;
    let base = &state.settings.base_url;
    let resources: Vec<Value> = rows
        .iter()
        .map(|r| {
            resource::project(
                resource::to_json(r, base),
                q.attributes.as_deref(),
                q.excluded_attributes.as_deref(),
            )
        })
        .collect();
    Ok(discovery::list(resources, total, start))
}

pub async fn get(
    state: &AppState,
    id: &str,
    attributes: Option<&str>,
    excluded: Option<&str>,
) -> Result<Value, ScimError> {
    let row = person(state, id).await?;
    Ok(resource::project(
        resource::to_json(&row, &state.settings.base_url),
        attributes,
        excluded,
    ))
}

/// Creates a person, or takes over the account that already has their address. Returns the
/// resource and its id.
pub async fn create(
    state: &AppState,
    provider: &Provider,
    body: &Value,
) -> Result<(Value, i64), ScimError> {
    let input = Draft::from_json(body)?.finish()?;
    let existing = match state.db.scim_person_by_email(&input.email).await? {
        Some(p) if p.scim_user_name.is_some() => {
            return Err(ScimError::Conflict {
                scim_type: Some(ScimType::Uniqueness),
                detail: format!(
                    "{} is already provisioned, as userName {:?}.",
                    input.email.as_str(),
                    p.user_name()
                ),
            })
        }
        Some(p) => Some(p),
        None => None,
    };
    let row = store(state, provider, existing, input, true).await?;
    tracing::info!(user_id = row.id, "person provisioned by SCIM");
    Ok((resource::to_json(&row, &state.settings.base_url), row.id))
}

/// PUT: the resource as sent replaces what the provider wrote before.
pub async fn replace(
    state: &AppState,
    provider: &Provider,
    id: &str,
    body: &Value,
) -> Result<Value, ScimError> {
    let current = person(state, id).await?;
    let input = Draft::from_json(body)?.finish()?;
    let row = store(state, provider, Some(current), input, false).await?;
    Ok(resource::to_json(&row, &state.settings.base_url))
}

/// PATCH: the operations apply to the person as stored, then the result is checked whole.
pub async fn patch(
    state: &AppState,
    provider: &Provider,
    id: &str,
    body: &Value,
) -> Result<Value, ScimError> {
    let current = person(state, id).await?;
    let mut draft = Draft::from_row(&current);
    patch::apply(&mut draft, body)?;
    let input = draft.finish()?;
    let row = store(state, provider, Some(current), input, false).await?;
    Ok(resource::to_json(&row, &state.settings.base_url))
}

/// DELETE: the person is deactivated and the provider no longer sees them; Tandem keeps
/// their records, and a provider that creates them again brings the account back.
pub async fn delete(state: &AppState, provider: &Provider, id: &str) -> Result<(), ScimError> {
    let current = person(state, id).await?;
    if current.deactivated_at.is_none() {
        keep_an_org_admin(state, &current).await?;
        state.db.deactivate(current.id).await?;
    }
    state.db.scim_remove(current.id).await?;
    tracing::info!(user_id = current.id, "person deleted by SCIM: deactivated");
    record(
        state,
        provider,
        &current,
        "Deleted by the provider: deactivated",
    )
    .await?;
    Ok(())
}

async fn record(
    state: &AppState,
    provider: &Provider,
    p: &ScimPersonRow,
    what: &str,
) -> Result<(), ScimError> {
    let subject = Subject {
        id: p.id,
        name: &p.name,
        email: &p.email,
    };
    audit::record(
        state,
        &provider.actor(),
        AuditAction::Provisioned,
        Some(subject),
        what,
    )
    .await?;
    Ok(())
}

/// Refuses to deactivate the only active org admin, who alone can manage Tandem (and its
/// provisioning tokens): the rule an org admin's own Deactivate follows.
async fn keep_an_org_admin(state: &AppState, p: &ScimPersonRow) -> Result<(), ScimError> {
    let active = p.deactivated_at.is_none();
    match access::may_remove(state, None, p.id, p.role, active, "deactivate").await {
        Err(AppError::Conflict(why)) => Err(ScimError::Conflict {
            scim_type: Some(ScimType::Mutability),
            detail: format!("{}: {why}", p.user_name()),
        }),
        Err(other) => Err(ScimError::Internal(other.to_string())),
        Ok(()) => Ok(()),
    }
}

/// Writes `input` over `existing` (or as a new person), then deactivates or reactivates them
/// as `active` says. A new or reclaimed person is active unless the provider says otherwise.
async fn store(
    state: &AppState,
    provider: &Provider,
    existing: Option<ScimPersonRow>,
    input: PersonInput,
    creating: bool,
) -> Result<ScimPersonRow, ScimError> {
    let db = &state.db;
    let own_id = existing.as_ref().map(|p| p.id);
    if db
        .scim_user_name_holder(&input.user_name, own_id)
        .await?
        .is_some()
    {
        return Err(ScimError::Conflict {
            scim_type: Some(ScimType::Uniqueness),
            detail: format!(
                "userName {:?} is already provisioned for another person.",
                input.user_name
            ),
        });
    }
    // A create has already looked the address up: `existing` is whoever holds it.
    let holder = match creating {
        true => None,
        false => db.scim_person_by_email(&input.email).await?,
    };
    if let Some(other) = holder {
        if Some(other.id) != own_id {
            return Err(ScimError::Conflict {
                scim_type: Some(ScimType::Uniqueness),
                detail: format!(
                    "emails: {} is another person's address.",
                    input.email.as_str()
                ),
            });
        }
    }
    if let Some(m) = input.manager_id {
        if Some(m) == own_id {
            return Err(resource::invalid(
                "manager: a person cannot be their own manager.",
            ));
        }
        if db.scim_person(m).await?.is_none() {
            return Err(resource::invalid(format!(
                "manager: no person in Tandem has the id \"{m}\"."
            )));
        }
        // Walk up from the manager: reaching the person would make the chart a loop, which
        // matching's manager-line rule could not follow.
        if let Some(own) = own_id {
            let mut cursor = db.manager_of(m).await?;
            let mut steps = 0;
            while let Some(up) = cursor.filter(|_| steps < 1000) {
                if up == own {
                    return Err(resource::invalid(format!(
                        "manager: \"{m}\" reports to this person, directly or further down, \
                         so they cannot also be their manager."
                    )));
                }
                steps += 1;
                cursor = db.manager_of(up).await?;
            }
        }
    }
    let active = input.active.or(creating.then_some(true));
    if let (Some(false), Some(p)) = (active, &existing) {
        keep_an_org_admin(state, p).await?;
    }
    let write = ScimWrite {
        user_name: &input.user_name,
        email: &input.email,
        name: &input.name,
        title: &input.title,
        department: &input.department,
        manager_id: input.manager_id,
        external_id: input.external_id.as_deref(),
    };
    let id = db.scim_write(own_id, write).await.map_err(|e| {
        if e.is_unique_violation() {
            ScimError::Conflict {
                scim_type: Some(ScimType::Uniqueness),
                detail: "Another person took this userName or address at the same moment.".into(),
            }
        } else {
            e.into()
        }
    })?;
    let was_active = existing.as_ref().is_none_or(|p| p.deactivated_at.is_none());
    let mut what = match &existing {
        None => "Created".to_owned(),
        Some(_) if creating => "Created: took over the existing account".to_owned(),
        Some(_) => "Updated".to_owned(),
    };
    match active {
        Some(false) if was_active => {
            db.deactivate(id).await?;
            tracing::info!(user_id = id, "person deactivated by SCIM");
            what.push_str(", deactivated");
        }
        Some(true) if !was_active => {
            db.reactivate(id).await?;
            tracing::info!(user_id = id, "person reactivated by SCIM");
            what.push_str(", reactivated");
        }
        _ => {}
    }
    let row = db
        .scim_person(id)
        .await?
        .ok_or_else(|| ScimError::NotFound(format!("No person has the id \"{id}\".")))?;
    record(state, provider, &row, &what).await?;
    Ok(row)
}
