//! Certificates of participation: what a person may be certified for, read from their groups
//! and the sessions held in them, and the certificates issued, kept as printed.

use super::rounds::ROUND_ENDS_AT;
use super::{Db, Result};
use crate::domain::{CertificateCode, CertificateRole};

/// A person's part in one program in one role, as a certificate would state it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct CertificateFacts {
    pub program_id: i64,
    pub program_name: String,
    pub role: CertificateRole,
    /// Days since 1970-01-01: the first round's publication, and the last round's end (or
    /// the day asked, while it runs).
    pub from_day: i64,
    pub to_day: i64,
    pub sessions: i64,
    pub minutes: i64,
}

/// An issued certificate.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct CertificateRow {
    pub code: String,
    pub user_id: i64,
    pub person_name: String,
    pub program_name: String,
    pub role: CertificateRole,
    pub from_day: i64,
    pub to_day: i64,
    pub sessions: i64,
    pub minutes: i64,
    pub issued_at: i64,
}

const CERTIFICATE: &str = "SELECT code, user_id, person_name, program_name, role, from_day, \
     to_day, sessions, minutes, issued_at FROM certificates";

const ROLE: &str = "CASE WHEN g.mentor_id = m.user_id THEN 'mentor' \
     WHEN g.mentor_id IS NULL THEN 'peer' ELSE 'mentee' END";

/// The sessions of member `m`'s group someone said were held, as the insights and badges
/// count them.
const HELD: &str = "FROM pair_sessions s WHERE s.round_id = m.round_id \
     AND s.group_no = m.group_no AND s.held = 1 AND s.state NOT IN ('cancelled', 'replaced')";

impl Db {
    /// What `user_id` may be certified for at `at`: each program and role of the published
    /// rounds they were matched in, where at least one session was held. Newest first.
    pub async fn certificate_facts(&self, user_id: i64, at: i64) -> Result<Vec<CertificateFacts>> {
        Ok(sqlx::query_as(&format!(
            "SELECT program_id, program_name, role, \
                    MIN(published_at) / 86400 AS from_day, \
                    MAX(CASE WHEN ends_at < $2 THEN ends_at ELSE $2 END) / 86400 AS to_day, \
                    CAST(SUM(sessions) AS BIGINT) AS sessions, \
                    CAST(SUM(seconds) AS BIGINT) / 60 AS minutes \
             FROM (SELECT r.program_id, p.name AS program_name, {ROLE} AS role, \
                          r.published_at, {ROUND_ENDS_AT} AS ends_at, \
                          (SELECT COUNT(*) {HELD}) AS sessions, \
                          (SELECT COALESCE(SUM(s.ends_at - s.starts_at), 0) {HELD}) AS seconds \
                   FROM round_members m \
                   JOIN match_rounds r ON r.id = m.round_id AND r.state = 'published' \
                   JOIN programs p ON p.id = r.program_id \
                   JOIN round_groups g ON g.round_id = m.round_id AND g.group_no = m.group_no \
                   WHERE m.user_id = $1 AND r.published_at <= $2) parts \
             GROUP BY program_id, program_name, role \
             HAVING SUM(sessions) > 0 \
             ORDER BY to_day DESC, program_name, role"
        ))
        .bind(user_id)
        .bind(at)
        .fetch_all(self)
        .await?)
    }

    /// Issues a certificate of `facts` to `user_id` under `code`, unless the same facts were
    /// issued before: then that certificate's code is returned, so asking twice in a day
    /// gives one certificate.
    pub async fn issue_certificate(
        &self,
        user_id: i64,
        facts: &CertificateFacts,
        code: &CertificateCode,
        at: i64,
    ) -> Result<String> {
        sqlx::query(
            "INSERT INTO certificates (code, user_id, program_id, role, person_name, \
                 program_name, from_day, to_day, sessions, minutes, issued_at) \
             SELECT $1, u.id, $3, $4, u.name, $5, $6, $7, $8, $9, $10 FROM users u \
             WHERE u.id = $2 \
             ON CONFLICT (user_id, program_id, role, from_day, to_day, sessions, minutes) \
             DO NOTHING",
        )
        .bind(code.as_str())
        .bind(user_id)
        .bind(facts.program_id)
        .bind(facts.role)
        .bind(&facts.program_name)
        .bind(facts.from_day)
        .bind(facts.to_day)
        .bind(facts.sessions)
        .bind(facts.minutes)
        .bind(at)
        .execute(self)
        .await?;
        Ok(sqlx::query_scalar(
            "SELECT code FROM certificates WHERE user_id = $1 AND program_id = $2 \
             AND role = $3 AND from_day = $4 AND to_day = $5 AND sessions = $6 AND minutes = $7",
        )
        .bind(user_id)
        .bind(facts.program_id)
        .bind(facts.role)
        .bind(facts.from_day)
        .bind(facts.to_day)
        .bind(facts.sessions)
        .bind(facts.minutes)
        .fetch_one(self)
        .await?)
    }

    /// The certificates issued to `user_id`, newest first.
    pub async fn certificates_of(&self, user_id: i64) -> Result<Vec<CertificateRow>> {
        Ok(sqlx::query_as(&format!(
            "{CERTIFICATE} WHERE user_id = $1 ORDER BY issued_at DESC, id DESC"
        ))
        .bind(user_id)
        .fetch_all(self)
        .await?)
    }

    /// The certificate issued under `code`, if any.
    pub async fn certificate(&self, code: &CertificateCode) -> Result<Option<CertificateRow>> {
        Ok(sqlx::query_as(&format!("{CERTIFICATE} WHERE code = $1"))
            .bind(code.as_str())
            .fetch_optional(self)
            .await?)
    }
}
