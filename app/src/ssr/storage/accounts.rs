//! The transactions that create an account or give it a new password. Each one consumes the
//! emailed token it came with in the same transaction, so a link can never be used twice.

use super::{now, Db, NewUser, Result, TokenKind};
use crate::domain::{Email, Role};
use crate::ssr::storage::Lock;

/// A sign-up as the account rules accepted it.
pub struct NewAccount<'a> {
    pub email: &'a Email,
    pub name: &'a str,
    pub password_hash: &'a str,
    /// The invitation it came through (token id and the role it grants), if any.
    pub invitation: Option<(i64, Role)>,
}

/// What a sign-up did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignUpOutcome {
    /// A new account, with the role it got.
    Created { id: i64, role: Role },
    /// Someone imported from the directory chose their password: the account existed.
    Claimed { id: i64, role: Role },
    /// An account with this address already exists.
    EmailTaken,
    /// The invitation was used (or expired) meanwhile.
    InvitationUsed,
}

impl Db {
    /// Creates the account, or lets an imported person claim theirs. The first account of an
    /// empty database becomes org admin, decided under the write lock so two first sign-ups
    /// cannot both win.
    pub async fn sign_up(&self, new: NewAccount<'_>) -> Result<SignUpOutcome> {
        write_tx!(self, Lock::Accounts, |tx| {
            let first = self.count_users_in(&mut tx).await? == 0;
            let role = match new.invitation {
                _ if first => Role::OrgAdmin,
                Some((_, role)) => role,
                None => Role::Participant,
            };
            if let Some((token, _)) = new.invitation {
                if !self
                    .consume_token(&mut tx, TokenKind::Invitation, token)
                    .await?
                {
                    return Ok(SignUpOutcome::InvitationUsed);
                }
                // Checked before inserting: on PostgreSQL a failed insert would abort the whole
                // transaction.
                let imported: Option<i64> = sqlx::query_scalar(
                    "SELECT id FROM users WHERE email = $1 AND password_hash IS NULL",
                )
                .bind(new.email.as_str())
                .fetch_optional(&mut *tx)
                .await?;
                if let Some(id) = imported {
                    sqlx::query(
                        "UPDATE users SET password_hash = $1, name = $2, role = $3, updated_at = $4 \
                         WHERE id = $5",
                    )
                    .bind(new.password_hash)
                    .bind(new.name)
                    .bind(role.as_str())
                    .bind(now())
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                    return Ok(SignUpOutcome::Claimed { id, role });
                }
            }
            let user = NewUser {
                email: new.email,
                name: new.name,
                role,
                password_hash: Some(new.password_hash),
            };
            match self.create_user_in(&mut tx, user).await {
                Ok(id) => Ok(SignUpOutcome::Created { id, role }),
                Err(e) if e.is_unique_violation() => Ok(SignUpOutcome::EmailTaken),
                Err(e) => Err(e),
            }
        })
    }

    /// Sets a new password through reset token `token` and ends every login of the account;
    /// false when the token was used meanwhile.
    pub async fn reset_password(&self, token: i64, user_id: i64, hash: &str) -> Result<bool> {
        write_tx!(self, Lock::Accounts, |tx| {
            if !self
                .consume_token(&mut tx, TokenKind::PasswordReset, token)
                .await?
            {
                return Ok(false);
            }
            sqlx::query("UPDATE users SET password_hash = $1, updated_at = $2 WHERE id = $3")
                .bind(hash)
                .bind(now())
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
            // Whoever knew the old password is signed out everywhere.
            sqlx::query("DELETE FROM logins WHERE user_id = $1")
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
            Ok(true)
        })
    }
}
