//! Single-use tokens sent by email: invitations and password resets. Only a SHA-256 hash of
//! each token is stored, so a copy of the database cannot be used to sign in.

use super::jobs::insert_jobs;
use super::{now, Db, NewJob, Result};
use crate::domain::{Email, Role};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Invitation,
    PasswordReset,
}

/// A token found by its hash, whatever its state; the caller decides what an expired or used
/// token means to the person holding it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct TokenRow {
    pub id: i64,
    /// The invited address, or the email of the person resetting.
    pub email: String,
    /// For a reset: the person. For an invitation: none.
    pub user_id: Option<i64>,
    /// For an invitation: the role it grants.
    pub role: Option<Role>,
    pub expires_at: i64,
    pub used_at: Option<i64>,
}

impl Db {
    pub async fn create_invitation(
        &self,
        email: &Email,
        role: Role,
        token_hash: &str,
        invited_by: Option<i64>,
        expires_at: i64,
        jobs: &[NewJob],
    ) -> Result<i64> {
        let mut tx = self.pool().begin().await?;
        let id = sqlx::query_scalar(
            "INSERT INTO invitations (email, role, token_hash, invited_by, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(email.as_str())
        .bind(role.as_str())
        .bind(token_hash)
        .bind(invited_by)
        .bind(now())
        .bind(expires_at)
        .fetch_one(&mut *tx)
        .await?;
        insert_jobs(&mut tx, jobs).await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn create_password_reset(
        &self,
        user_id: i64,
        token_hash: &str,
        expires_at: i64,
        jobs: &[NewJob],
    ) -> Result<i64> {
        let mut tx = self.pool().begin().await?;
        let id = sqlx::query_scalar(
            "INSERT INTO password_resets (user_id, token_hash, created_at, expires_at) \
             VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(user_id)
        .bind(token_hash)
        .bind(now())
        .bind(expires_at)
        .fetch_one(&mut *tx)
        .await?;
        insert_jobs(&mut tx, jobs).await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn find_token(&self, kind: TokenKind, token_hash: &str) -> Result<Option<TokenRow>> {
        let sql = match kind {
            TokenKind::Invitation => {
                "SELECT id, email, NULL AS user_id, role, expires_at, accepted_at AS used_at \
                 FROM invitations WHERE token_hash = $1"
            }
            TokenKind::PasswordReset => {
                "SELECT r.id, u.email, r.user_id, NULL AS role, r.expires_at, r.used_at \
                 FROM password_resets r JOIN users u ON u.id = r.user_id WHERE r.token_hash = $1"
            }
        };
        Ok(sqlx::query_as(sql)
            .bind(token_hash)
            .fetch_optional(self)
            .await?)
    }

    /// Marks a token used inside the caller's transaction. Returns false when it was already
    /// used or has expired, so two requests racing with one link cannot both succeed.
    pub async fn consume_token(
        &self,
        tx: &mut sqlx::AnyConnection,
        kind: TokenKind,
        id: i64,
    ) -> Result<bool> {
        let sql = match kind {
            TokenKind::Invitation => {
                "UPDATE invitations SET accepted_at = $1 \
                 WHERE id = $2 AND accepted_at IS NULL AND expires_at > $1"
            }
            TokenKind::PasswordReset => {
                "UPDATE password_resets SET used_at = $1 \
                 WHERE id = $2 AND used_at IS NULL AND expires_at > $1"
            }
        };
        let done = sqlx::query(sql)
            .bind(now())
            .bind(id)
            .execute(&mut *tx)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    /// A new reset link makes older unused ones for the same person useless.
    pub async fn revoke_password_resets(&self, user_id: i64) -> Result<()> {
        sqlx::query(
            "UPDATE password_resets SET used_at = $1 WHERE user_id = $2 AND used_at IS NULL",
        )
        .bind(now())
        .bind(user_id)
        .execute(self)
        .await?;
        Ok(())
    }

    /// Invitations not yet accepted, newest first, for the admin page.
    pub async fn pending_invitations(&self) -> Result<Vec<(i64, String, Role, i64)>> {
        Ok(sqlx::query_as(
            "SELECT id, email, role, expires_at FROM invitations \
             WHERE accepted_at IS NULL AND expires_at > $1 ORDER BY id DESC LIMIT 200",
        )
        .bind(now())
        .fetch_all(self)
        .await?)
    }
}
