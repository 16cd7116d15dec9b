//! The bearer tokens org admins give their identity provider. A token is shown once, when it
//! is made; Tandem keeps its SHA-256 hash and its first characters, to tell tokens apart.

use crate::domain::AuditAction;
use crate::error::AppError;
use crate::models::{ScimTokenView, ScimView, User};
use crate::ssr::audit::{self, Actor};
use crate::ssr::support::clock::moment_in;
use crate::ssr::support::crypto::new_token;
use crate::ssr::AppState;

/// Every token starts so, which lets secret scanners recognise one pasted where it should
/// not be.
const PREFIX: &str = "tandem_scim_";

fn utc(secs: i64) -> String {
    format!("{} UTC", moment_in(secs, "UTC"))
}

/// The Provisioning page: the endpoint to give the provider and the tokens.
pub async fn view(state: &AppState, new_token: Option<String>) -> Result<ScimView, AppError> {
    let tokens = state
        .db
        .scim_tokens()
        .await?
        .into_iter()
        .map(|t| ScimTokenView {
            id: t.id,
            label: t.label,
            hint: t.hint,
            created_by: t.created_by,
            created: utc(t.created_at),
            last_used: t.last_used_at.map(utc),
            revoked: t.revoked_at.map(utc),
        })
        .collect();
    Ok(ScimView {
        endpoint: format!("{}/scim/v2", state.settings.base_url.trim_end_matches('/')),
        tokens,
        new_token,
    })
}

/// Makes a token labelled for the provider it is for; returns the token, to show once.
pub async fn create(state: &AppState, admin: &User, label: &str) -> Result<String, AppError> {
    let label = label.trim();
    if label.is_empty() || label.chars().count() > 80 {
        return Err(AppError::invalid(
            "label",
            "Name the token in 1 to 80 characters, for instance \"Microsoft Entra ID\".",
        ));
    }
    let (raw, _) = new_token();
    let token = format!("{PREFIX}{raw}");
    let hint = format!("{}…", &token[..PREFIX.len() + 4]);
    let hash = crate::ssr::support::crypto::hash_token(&token);
    let id = state
        .db
        .create_scim_token(label, &hash, &hint, admin.id)
        .await?;
    tracing::info!(token_id = id, by = admin.id, "SCIM token created");
    audit::record(
        state,
        &Actor::Person(admin),
        AuditAction::TokenCreated,
        None,
        label,
    )
    .await?;
    Ok(token)
}

pub async fn revoke(state: &AppState, admin: &User, id: i64) -> Result<(), AppError> {
    let label =
        state.db.revoke_scim_token(id).await?.ok_or_else(|| {
            AppError::NotFound("No such token, or it was revoked already.".into())
        })?;
    tracing::info!(token_id = id, by = admin.id, "SCIM token revoked");
    audit::record(
        state,
        &Actor::Person(admin),
        AuditAction::TokenRevoked,
        None,
        &label,
    )
    .await?;
    Ok(())
}
