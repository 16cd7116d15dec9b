//! Single sign-on: the OpenID Connect and SAML providers org admins configure, the link
//! between a provider's subject and a Tandem account, the SAML assertions already taken, and
//! the organisation's "SSO only" switch.

use super::{now, Db, Lock, Result};
use crate::domain::{Email, SsoProtocol};

/// A provider as stored; the client secret stays sealed until a sign-in needs it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ProviderRow {
    pub id: i64,
    pub label: String,
    pub protocol: SsoProtocol,
    /// The OpenID issuer, or the SAML identity provider's entity ID.
    pub issuer: String,
    pub client_id: String,
    pub client_secret_sealed: String,
    /// Lower-case, comma-separated.
    pub allowed_domains: String,
    pub claim_name: String,
    pub claim_department: String,
    pub claim_title: String,
    pub claim_manager: String,
    pub claim_verified: String,
    /// SAML: the attribute holding the address; empty for the NameID.
    pub claim_email: String,
    /// SAML: the identity provider's metadata document, and where it was read from.
    pub saml_metadata: String,
    pub saml_metadata_url: String,
}

impl ProviderRow {
    pub fn domains(&self) -> Vec<String> {
        self.allowed_domains
            .split(',')
            .filter(|d| !d.is_empty())
            .map(str::to_owned)
            .collect()
    }
}

/// A provider as an admin saves it, already checked; the secret already sealed.
#[derive(Debug, Clone, Copy)]
pub struct ProviderWrite<'a> {
    pub label: &'a str,
    pub protocol: SsoProtocol,
    pub issuer: &'a str,
    pub client_id: &'a str,
    pub client_secret_sealed: &'a str,
    pub allowed_domains: &'a [String],
    pub claim_name: &'a str,
    pub claim_department: &'a str,
    pub claim_title: &'a str,
    pub claim_manager: &'a str,
    pub claim_verified: &'a str,
    pub claim_email: &'a str,
    pub saml_metadata: &'a str,
    pub saml_metadata_url: &'a str,
}

/// The organisation's sign-in rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SsoMode {
    /// Passwords work only for the break-glass admin.
    pub only: bool,
    pub break_glass: Option<i64>,
}

/// What a provider says about the person signing in, from the claims the admin mapped.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SsoProfile {
    pub name: Option<String>,
    pub department: Option<String>,
    pub title: Option<String>,
    pub manager_email: Option<Email>,
}

/// Who a sign-in is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SsoJoin {
    /// An account, and whether this sign-in made it.
    Account { user_id: i64, created: bool },
    /// The account exists and was closed; nothing was written.
    Closed,
}

const PROVIDER: &str = "SELECT id, label, protocol, issuer, client_id, client_secret_sealed, \
    allowed_domains, claim_name, claim_department, claim_title, claim_manager, \
    claim_verified, claim_email, saml_metadata, saml_metadata_url FROM identity_providers";

/// How far up a chart is walked looking for a loop; charts are far shallower.
const CHART_DEPTH_MAX: usize = 64;

impl Db {
    /// Every provider, in the order they were added (the sign-in page's button order).
    pub async fn identity_providers(&self) -> Result<Vec<ProviderRow>> {
        Ok(sqlx::query_as(&format!("{PROVIDER} ORDER BY id"))
            .fetch_all(self)
            .await?)
    }

    pub async fn identity_provider(&self, id: i64) -> Result<Option<ProviderRow>> {
        Ok(sqlx::query_as(&format!("{PROVIDER} WHERE id = $1"))
            .bind(id)
            .fetch_optional(self)
            .await?)
    }

    /// The SAML provider whose identity provider has entity ID `issuer`: a SAML answer names
    /// its issuer, and no two SAML providers share one.
    pub async fn saml_provider_by_issuer(&self, issuer: &str) -> Result<Option<ProviderRow>> {
        Ok(
            sqlx::query_as(&format!("{PROVIDER} WHERE protocol = $1 AND issuer = $2"))
                .bind(SsoProtocol::Saml)
                .bind(issuer)
                .fetch_optional(self)
                .await?,
        )
    }

    /// Adds a provider (`id` is `None`) or changes one; its id, or `None` when `id` names no
    /// provider.
    pub async fn save_identity_provider(
        &self,
        id: Option<i64>,
        p: ProviderWrite<'_>,
    ) -> Result<Option<i64>> {
        let t = now();
        let domains = p.allowed_domains.join(",");
        // The id is bound only for a change, so neither statement has a parameter it ignores.
        let sql = match id {
            None => {
                "INSERT INTO identity_providers (label, issuer, client_id, client_secret_sealed, \
                 allowed_domains, claim_name, claim_department, claim_title, claim_manager, \
                 claim_verified, protocol, claim_email, saml_metadata, saml_metadata_url, \
                 created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15) \
                 RETURNING id"
            }
            Some(_) => {
                "UPDATE identity_providers SET label = $1, issuer = $2, client_id = $3, \
                 client_secret_sealed = $4, allowed_domains = $5, claim_name = $6, \
                 claim_department = $7, claim_title = $8, claim_manager = $9, \
                 claim_verified = $10, protocol = $11, claim_email = $12, saml_metadata = $13, \
                 saml_metadata_url = $14, updated_at = $15 WHERE id = $16 RETURNING id"
            }
        };
        let mut query = sqlx::query_scalar(sql)
            .bind(p.label)
            .bind(p.issuer)
            .bind(p.client_id)
            .bind(p.client_secret_sealed)
            .bind(domains)
            .bind(p.claim_name)
            .bind(p.claim_department)
            .bind(p.claim_title)
            .bind(p.claim_manager)
            .bind(p.claim_verified)
            .bind(p.protocol)
            .bind(p.claim_email)
            .bind(p.saml_metadata)
            .bind(p.saml_metadata_url)
            .bind(t);
        if let Some(id) = id {
            query = query.bind(id);
        }
        Ok(query.fetch_optional(self).await?)
    }

    /// Removes a provider and its links (people keep their accounts); its label, or `None`
    /// when there was no such provider.
    pub async fn delete_identity_provider(&self, id: i64) -> Result<Option<String>> {
        write_tx!(self, Lock::Accounts, |tx| {
            for sql in [
                "DELETE FROM sso_identities WHERE provider_id = $1",
                "DELETE FROM saml_assertions WHERE provider_id = $1",
            ] {
                sqlx::query(sql).bind(id).execute(&mut *tx).await?;
            }
            Ok(
                sqlx::query_scalar("DELETE FROM identity_providers WHERE id = $1 RETURNING label")
                    .bind(id)
                    .fetch_optional(&mut *tx)
                    .await?,
            )
        })
    }

    /// Records that provider `provider_id`'s assertion `assertion_id` was taken: true the first
    /// time, false ever after, on every server sharing the database, until `expires_at` (when
    /// the assertion could no longer pass the time checks anyway and its row is cleared).
    pub async fn take_saml_assertion(
        &self,
        provider_id: i64,
        assertion_id: &str,
        expires_at: i64,
    ) -> Result<bool> {
        sqlx::query("DELETE FROM saml_assertions WHERE expires_at < $1")
            .bind(now())
            .execute(self)
            .await?;
        let taken = sqlx::query(
            "INSERT INTO saml_assertions (provider_id, assertion_id, expires_at) VALUES ($1, $2, $3) \
             ON CONFLICT (provider_id, assertion_id) DO NOTHING",
        )
        .bind(provider_id)
        .bind(assertion_id)
        .bind(expires_at)
        .execute(self)
        .await?;
        Ok(taken.rows_affected() == 1)
    }

    pub async fn sso_mode(&self) -> Result<SsoMode> {
        let (only, break_glass): (i64, Option<i64>) = sqlx::query_as(
            "SELECT sso_only, sso_break_glass_user_id FROM org_settings WHERE id = 1",
        )
        .fetch_one(self)
        .await?;
        Ok(SsoMode {
            only: only != 0,
            break_glass,
        })
    }

    pub async fn save_sso_mode(&self, mode: SsoMode) -> Result<()> {
        sqlx::query(
            "UPDATE org_settings SET sso_only = $1, sso_break_glass_user_id = $2 WHERE id = 1",
        )
        .bind(i64::from(mode.only))
        .bind(mode.break_glass)
        .execute(self)
        .await?;
        Ok(())
    }

    /// How many people have signed in through each provider, by provider id.
    pub async fn sso_identity_counts(&self) -> Result<Vec<(i64, i64)>> {
        Ok(
            sqlx::query_as("SELECT provider_id, COUNT(*) FROM sso_identities GROUP BY provider_id")
                .fetch_all(self)
                .await?,
        )
    }

    /// The account a provider's subject signs in to, in one transaction: the one linked to
    /// the subject, else the one with the address (an imported or provisioned person claims
    /// theirs), else a new participant without a password. Mapped claims the provider gave
    /// overwrite the account's fields; a manager who is unknown, or who would make the chart
    /// a loop, is left out. A closed account is refused before anything is written.
    pub async fn sso_join(
        &self,
        provider_id: i64,
        subject: &str,
        email: &Email,
        profile: &SsoProfile,
    ) -> Result<SsoJoin> {
        write_tx!(self, Lock::Accounts, |tx| {
            let t = now();
            let linked: Option<i64> = sqlx::query_scalar(
                "SELECT user_id FROM sso_identities WHERE provider_id = $1 AND subject = $2",
            )
            .bind(provider_id)
            .bind(subject)
            .fetch_optional(&mut *tx)
            .await?;
            let existing = match linked {
                Some(id) => Some(id),
                None => {
                    sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
                        .bind(email.as_str())
                        .fetch_optional(&mut *tx)
                        .await?
                }
            };
            let (user_id, created) = match existing {
                Some(id) => {
                    let closed: Option<i64> =
                        sqlx::query_scalar("SELECT deactivated_at FROM users WHERE id = $1")
                            .bind(id)
                            .fetch_one(&mut *tx)
                            .await?;
                    if closed.is_some() {
                        return Ok(SsoJoin::Closed);
                    }
                    (id, false)
                }
                None => {
                    let id: i64 = sqlx::query_scalar(
                        "INSERT INTO users (email, name, role, job_title, department, \
                         created_at, updated_at) VALUES ($1, $2, 'participant', '', '', $3, $3) \
                         RETURNING id",
                    )
                    .bind(email.as_str())
                    .bind(profile.name.as_deref().unwrap_or(email.local_part()))
                    .bind(t)
                    .fetch_one(&mut *tx)
                    .await?;
                    (id, true)
                }
            };
            if linked.is_none() {
                sqlx::query(
                    "INSERT INTO sso_identities (provider_id, subject, user_id, created_at, \
                     last_used_at) VALUES ($1, $2, $3, $4, $4)",
                )
                .bind(provider_id)
                .bind(subject)
                .bind(user_id)
                .bind(t)
                .execute(&mut *tx)
                .await?;
            } else {
                sqlx::query(
                    "UPDATE sso_identities SET last_used_at = $1 \
                     WHERE provider_id = $2 AND subject = $3",
                )
                .bind(t)
                .bind(provider_id)
                .bind(subject)
                .execute(&mut *tx)
                .await?;
            }
            let manager = match &profile.manager_email {
                None => None,
                Some(m) => {
                    let found: Option<i64> =
                        sqlx::query_scalar("SELECT id FROM users WHERE email = $1 AND id <> $2")
                            .bind(m.as_str())
                            .bind(user_id)
                            .fetch_optional(&mut *tx)
                            .await?;
                    match found {
                        Some(m) if !reports_to(&mut tx, m, user_id).await? => Some(m),
                        _ => None,
                    }
                }
            };
            sqlx::query(
                "UPDATE users SET name = COALESCE($1, name), department = COALESCE($2, department), \
                 job_title = COALESCE($3, job_title), manager_id = COALESCE($4, manager_id), \
                 updated_at = $5 WHERE id = $6",
            )
            .bind(profile.name.as_deref())
            .bind(profile.department.as_deref())
            .bind(profile.title.as_deref())
            .bind(manager)
            .bind(t)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
            Ok(SsoJoin::Account { user_id, created })
        })
    }
}

/// Whether `person` reports, directly or not, to `boss`: making `person` the boss's manager
/// would then close a loop.
async fn reports_to(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    person: i64,
    boss: i64,
) -> Result<bool> {
    let mut at = person;
    for _ in 0..CHART_DEPTH_MAX {
        let up: Option<Option<i64>> =
            sqlx::query_scalar("SELECT manager_id FROM users WHERE id = $1")
                .bind(at)
                .fetch_optional(&mut **tx)
                .await?;
        match up.flatten() {
            Some(m) if m == boss => return Ok(true),
            Some(m) => at = m,
            None => return Ok(false),
        }
    }
    Ok(true)
}
