//! SCIM provisioning: the bearer tokens identity providers present, and people as a provider
//! sees them (its userName and externalId beside Tandem's own columns).

use super::{now, Db, Result};
use crate::domain::{Email, Role};
use crate::ssr::storage::Lock;

/// A person as `/scim/v2/Users` shows them.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ScimPersonRow {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub job_title: String,
    pub department: String,
    pub manager_id: Option<i64>,
    pub deactivated_at: Option<i64>,
    pub scim_user_name: Option<String>,
    pub scim_external_id: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

impl ScimPersonRow {
    /// The provider's login name; people it never provisioned go by their address.
    pub fn user_name(&self) -> &str {
        self.scim_user_name.as_deref().unwrap_or(&self.email)
    }
}

/// How a provider looks for people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScimLookup {
    All,
    /// Without regard to case.
    UserName(String),
    ExternalId(String),
    Email(String),
    Id(i64),
}

/// What a provider writes about a person, already checked.
#[derive(Debug, Clone, Copy)]
pub struct ScimWrite<'a> {
    pub user_name: &'a str,
    pub email: &'a Email,
    pub name: &'a str,
    pub title: &'a str,
    pub department: &'a str,
    pub manager_id: Option<i64>,
    pub external_id: Option<&'a str>,
}

/// A token as the Provisioning page lists it: never the token itself.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ScimTokenRow {
    pub id: i64,
    pub label: String,
    pub hint: String,
    pub created_by: Option<String>,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

const PERSON: &str = "SELECT id, email, name, role, job_title, department, manager_id, \
    deactivated_at, scim_user_name, scim_external_id, created_at, updated_at FROM users";

impl Db {
    /// A person a provider can see: anyone it has not deleted.
    pub async fn scim_person(&self, id: i64) -> Result<Option<ScimPersonRow>> {
        Ok(sqlx::query_as(&format!(
            "{PERSON} WHERE id = $1 AND scim_removed_at IS NULL"
        ))
        .bind(id)
        .fetch_optional(self)
        .await?)
    }

    /// Anyone with this address, whether or not a provider deleted them (a provider that
    /// creates them again takes the account back).
    pub async fn scim_person_by_email(&self, email: &Email) -> Result<Option<ScimPersonRow>> {
        Ok(sqlx::query_as(&format!("{PERSON} WHERE email = $1"))
            .bind(email.as_str())
            .fetch_optional(self)
            .await?)
    }

    /// One page of the people `lookup` finds, by id, and how many it finds in all.
    pub async fn scim_people(
        &self,
        lookup: &ScimLookup,
        offset: i64,
        limit: i64,
    ) -> Result<(Vec<ScimPersonRow>, i64)> {
        let condition = match lookup {
            ScimLookup::All => "TRUE",
            ScimLookup::UserName(_) => "LOWER(COALESCE(scim_user_name, email)) = LOWER($1)",
            ScimLookup::ExternalId(_) => "scim_external_id = $1",
            ScimLookup::Email(_) => "email = LOWER($1)",
            ScimLookup::Id(_) => "id = $1",
        };
        let base = format!("FROM users WHERE scim_removed_at IS NULL AND {condition}");
        let count_sql = format!("SELECT COUNT(*) {base}");
        let page_sql = format!(
            "{} {base} ORDER BY id LIMIT {limit} OFFSET {offset}",
            PERSON.trim_end_matches(" FROM users")
        );
        let mut count = sqlx::query_scalar::<_, i64>(&count_sql);
        let mut page = sqlx::query_as::<_, ScimPersonRow>(&page_sql);
        match lookup {
            ScimLookup::All => {}
            ScimLookup::UserName(v) | ScimLookup::ExternalId(v) | ScimLookup::Email(v) => {
                count = count.bind(v.clone());
                page = page.bind(v.clone());
            }
            ScimLookup::Id(id) => {
                count = count.bind(*id);
                page = page.bind(*id);
            }
        }
        let total = count.fetch_one(self).await?;
        let rows = if limit > 0 {
            page.fetch_all(self).await?
        } else {
            Vec::new()
        };
        Ok((rows, total))
    }

    /// The person (other than `except`) who already goes by `user_name` with a provider.
    pub async fn scim_user_name_holder(
        &self,
        user_name: &str,
        except: Option<i64>,
    ) -> Result<Option<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT id FROM users WHERE LOWER(scim_user_name) = LOWER($1) AND id <> $2",
        )
        .bind(user_name)
        .bind(except.unwrap_or(0))
        .fetch_optional(self)
        .await?)
    }

    /// Writes a provider's view of a person: a new participant without a password when `id`
    /// is `None`, else an update that also brings back someone the provider had deleted.
    /// Returns the person's id. An address or userName already taken is a unique violation.
    pub async fn scim_write(&self, id: Option<i64>, w: ScimWrite<'_>) -> Result<i64> {
        write_tx!(self, Lock::Organisation, |tx| {
            let t = now();
            let id =
                match id {
                    None => sqlx::query_scalar(
                        "INSERT INTO users (email, name, role, job_title, department, manager_id, \
                         scim_user_name, scim_external_id, created_at, updated_at) \
                         VALUES ($1, $2, 'participant', $3, $4, $5, $6, $7, $8, $8) RETURNING id",
                    )
                    .bind(w.email.as_str())
                    .bind(w.name)
                    .bind(w.title)
                    .bind(w.department)
                    .bind(w.manager_id)
                    .bind(w.user_name)
                    .bind(w.external_id)
                    .bind(t)
                    .fetch_one(&mut *tx)
                    .await?,
                    Some(id) => {
                        sqlx::query(
                        "UPDATE users SET email = $1, name = $2, job_title = $3, department = $4, \
                         manager_id = $5, scim_user_name = $6, scim_external_id = $7, \
                         scim_removed_at = NULL, updated_at = $8 WHERE id = $9",
                    )
                    .bind(w.email.as_str())
                    .bind(w.name)
                    .bind(w.title)
                    .bind(w.department)
                    .bind(w.manager_id)
                    .bind(w.user_name)
                    .bind(w.external_id)
                    .bind(t)
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                        id
                    }
                };
            Ok(id)
        })
    }

    /// Hides a person from the provider after it deleted them; their records stay.
    pub async fn scim_remove(&self, id: i64) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE users SET scim_removed_at = $1, scim_user_name = NULL, \
             scim_external_id = NULL, updated_at = $1 WHERE id = $2 AND scim_removed_at IS NULL",
        )
        .bind(now())
        .bind(id)
        .execute(self)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Active org admins: the organisation must keep one.
    pub async fn active_org_admins(&self) -> Result<i64> {
        Ok(sqlx::query_scalar(
            "SELECT COUNT(*) FROM users WHERE role = $1 AND deactivated_at IS NULL",
        )
        .bind(Role::OrgAdmin.as_str())
        .fetch_one(self)
        .await?)
    }
}

impl Db {
    pub async fn create_scim_token(
        &self,
        label: &str,
        token_hash: &str,
        hint: &str,
        created_by: i64,
    ) -> Result<i64> {
        Ok(sqlx::query_scalar(
            "INSERT INTO scim_tokens (label, token_hash, hint, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(label)
        .bind(token_hash)
        .bind(hint)
        .bind(created_by)
        .bind(now())
        .fetch_one(self)
        .await?)
    }

    /// Every token, those in use first, newest first.
    pub async fn scim_tokens(&self) -> Result<Vec<ScimTokenRow>> {
        Ok(sqlx::query_as(
            "SELECT t.id, t.label, t.hint, u.name AS created_by, t.created_at, t.last_used_at, \
             t.revoked_at FROM scim_tokens t LEFT JOIN users u ON u.id = t.created_by \
             ORDER BY t.revoked_at IS NOT NULL, t.id DESC",
        )
        .fetch_all(self)
        .await?)
    }

    /// Revokes a token; its label, or `None` when it was revoked already or never existed.
    pub async fn revoke_scim_token(&self, id: i64) -> Result<Option<String>> {
        Ok(sqlx::query_scalar(
            "UPDATE scim_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL \
             RETURNING label",
        )
        .bind(now())
        .bind(id)
        .fetch_optional(self)
        .await?)
    }

    /// The id and label of the token with this hash, if it is not revoked. Its last use is
    /// stamped at most once a minute, so a provider's burst of reads is not a burst of writes.
    pub async fn use_scim_token(&self, token_hash: &str) -> Result<Option<(i64, String)>> {
        let found: Option<(i64, String, Option<i64>)> = sqlx::query_as(
            "SELECT id, label, last_used_at FROM scim_tokens \
             WHERE token_hash = $1 AND revoked_at IS NULL",
        )
        .bind(token_hash)
        .fetch_optional(self)
        .await?;
        let Some((id, label, last)) = found else {
            return Ok(None);
        };
        let t = now();
        if last.is_none_or(|l| t - l >= 60) {
            sqlx::query("UPDATE scim_tokens SET last_used_at = $1 WHERE id = $2")
                .bind(t)
                .bind(id)
                .execute(self)
                .await?;
        }
        Ok(Some((id, label)))
    }
}
