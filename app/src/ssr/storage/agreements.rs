//! Partnership agreements: a program's template, each group's agreement with the version
//! every member confirmed, and the groups whose agreed rhythm has lapsed.

use super::{now, Db, Lock, Result, StorageError};
use crate::domain::{AgreementTerms, Cadence};

/// A group's agreement as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgreementRow {
    pub program_id: i64,
    pub round_id: i64,
    pub group_no: i64,
    pub terms: AgreementTerms,
    pub version: i64,
    pub updated_by: Option<i64>,
    pub updated_at: i64,
    /// The terms everyone confirmed last, and when; kept through later edits.
    pub agreed: Option<(AgreementTerms, i64)>,
}

#[derive(sqlx::FromRow)]
struct Row {
    program_id: i64,
    round_id: i64,
    group_no: i64,
    cadence: Cadence,
    minutes: i64,
    contact: String,
    confidentiality: String,
    review_weeks: i64,
    version: i64,
    updated_by: Option<i64>,
    updated_at: i64,
    agreed_at: Option<i64>,
    agreed_terms: Option<String>,
}

impl TryFrom<Row> for AgreementRow {
    type Error = StorageError;
    fn try_from(r: Row) -> Result<Self> {
        let agreed = match (r.agreed_terms, r.agreed_at) {
            (Some(json), Some(at)) => Some((
                serde_json::from_str(&json).map_err(|e| StorageError::Corrupt(e.to_string()))?,
                at,
            )),
            _ => None,
        };
        Ok(AgreementRow {
            program_id: r.program_id,
            round_id: r.round_id,
            group_no: r.group_no,
            terms: AgreementTerms {
                cadence: r.cadence,
                minutes: r.minutes,
                contact: r.contact,
                confidentiality: r.confidentiality,
                review_weeks: r.review_weeks,
            },
            version: r.version,
            updated_by: r.updated_by,
            updated_at: r.updated_at,
            agreed,
        })
    }
}

const COLUMNS: &str = "program_id, round_id, group_no, cadence, minutes, contact, \
                       confidentiality, review_weeks, version, updated_by, updated_at, agreed_at, \
                       agreed_terms";

/// A group's agreement state as counted for its program's admins.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AgreementCount {
    pub group_no: i64,
    /// `None` while nobody has saved the group's agreement.
    pub version: Option<i64>,
    pub members: i64,
    /// Members who confirmed the version as it stands.
    pub confirmed: i64,
}

/// A group that agreed how often to meet, with the start of its latest meeting, or the day
/// it agreed while it has not met.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AgreedGroup {
    pub program_id: i64,
    pub program: String,
    pub round_id: i64,
    pub group_no: i64,
    pub agreed_terms: String,
    pub since: i64,
    /// 1 once the group has met (or planned to and did not say otherwise), 0 before.
    pub met: i64,
}

/// A group's agreement, read inside a transaction.
async fn agreement_in(
    conn: &mut sqlx::AnyConnection,
    round_id: i64,
    group_no: i64,
) -> Result<Option<AgreementRow>> {
    let row: Option<Row> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM pair_agreements WHERE round_id = $1 AND group_no = $2"
    ))
    .bind(round_id)
    .bind(group_no)
    .fetch_optional(&mut *conn)
    .await?;
    row.map(AgreementRow::try_from).transpose()
}

impl Db {
    /// A program's template: its guidance and the terms a new pair's draft starts from.
    pub async fn agreement_template(
        &self,
        program_id: i64,
    ) -> Result<Option<(String, AgreementTerms)>> {
        let row: Option<(String, Cadence, i64, String, String, i64)> = sqlx::query_as(
            "SELECT guidance, cadence, minutes, contact, confidentiality, review_weeks \
             FROM agreement_templates WHERE program_id = $1",
        )
        .bind(program_id)
        .fetch_optional(self)
        .await?;
        Ok(row.map(
            |(guidance, cadence, minutes, contact, confidentiality, review_weeks)| {
                (
                    guidance,
                    AgreementTerms {
                        cadence,
                        minutes,
                        contact,
                        confidentiality,
                        review_weeks,
                    },
                )
            },
        ))
    }

    /// Keeps a program's template; pairs that saved an agreement keep theirs.
    pub async fn save_agreement_template(
        &self,
        program_id: i64,
        guidance: &str,
        terms: &AgreementTerms,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO agreement_templates (program_id, guidance, cadence, minutes, contact, \
             confidentiality, review_weeks, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
             ON CONFLICT (program_id) DO UPDATE SET guidance = excluded.guidance, \
             cadence = excluded.cadence, minutes = excluded.minutes, contact = excluded.contact, \
             confidentiality = excluded.confidentiality, review_weeks = excluded.review_weeks, \
             updated_at = excluded.updated_at",
        )
        .bind(program_id)
        .bind(guidance)
        .bind(terms.cadence)
        .bind(terms.minutes)
        .bind(&terms.contact)
        .bind(&terms.confidentiality)
        .bind(terms.review_weeks)
        .bind(now())
        .execute(self)
        .await?;
        Ok(())
    }

    /// A group's agreement, once someone saved it.
    pub async fn agreement(&self, round_id: i64, group_no: i64) -> Result<Option<AgreementRow>> {
        let mut conn = self.pool().acquire().await?;
        agreement_in(&mut conn, round_id, group_no).await
    }

    /// What each member who wrote it wants from the partnership, by user id.
    pub async fn agreement_hopes(
        &self,
        round_id: i64,
        group_no: i64,
    ) -> Result<Vec<(i64, String)>> {
        Ok(sqlx::query_as(
            "SELECT user_id, hopes FROM pair_agreement_hopes WHERE round_id = $1 AND group_no = $2 \
             ORDER BY user_id",
        )
        .bind(round_id)
        .bind(group_no)
        .fetch_all(self)
        .await?)
    }

    /// The version each member confirmed last, by user id.
    pub async fn agreement_confirmations(
        &self,
        round_id: i64,
        group_no: i64,
    ) -> Result<Vec<(i64, i64)>> {
        Ok(sqlx::query_as(
            "SELECT user_id, version FROM pair_agreement_confirmations \
             WHERE round_id = $1 AND group_no = $2 ORDER BY user_id",
        )
        .bind(round_id)
        .bind(group_no)
        .fetch_all(self)
        .await?)
    }

    /// Saves `user_id`'s edit of a group's agreement made from `version` (0 for the first
    /// save). A change of the terms or of their hopes makes a new version, which everyone
    /// confirms again; saving what is already there changes nothing. `None` when someone
    /// saved another version since the form was opened.
    #[allow(clippy::too_many_arguments)]
    pub async fn save_agreement(
        &self,
        program_id: i64,
        round_id: i64,
        group_no: i64,
        user_id: i64,
        version: i64,
        terms: &AgreementTerms,
        hopes: &str,
    ) -> Result<Option<i64>> {
        write_tx!(self, Lock::Program(program_id), |tx| {
            let current = agreement_in(&mut tx, round_id, group_no).await?;
            if current.as_ref().map_or(0, |c| c.version) != version {
                return Ok(None);
            }
            let mine: Option<String> = sqlx::query_scalar(
                "SELECT hopes FROM pair_agreement_hopes WHERE round_id = $1 AND group_no = $2 \
                 AND user_id = $3",
            )
            .bind(round_id)
            .bind(group_no)
            .bind(user_id)
            .fetch_optional(&mut *tx)
            .await?;
            let same_terms = current.as_ref().is_some_and(|c| c.terms == *terms);
            if same_terms && mine.as_deref() == Some(hopes) {
                return Ok(Some(version));
            }
            sqlx::query(
                "INSERT INTO pair_agreements (round_id, group_no, program_id, cadence, minutes, \
                 contact, confidentiality, review_weeks, version, updated_by, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
                 ON CONFLICT (round_id, group_no) DO UPDATE SET cadence = excluded.cadence, \
                 minutes = excluded.minutes, contact = excluded.contact, \
                 confidentiality = excluded.confidentiality, \
                 review_weeks = excluded.review_weeks, version = excluded.version, \
                 updated_by = excluded.updated_by, updated_at = excluded.updated_at",
            )
            .bind(round_id)
            .bind(group_no)
            .bind(program_id)
            .bind(terms.cadence)
            .bind(terms.minutes)
            .bind(&terms.contact)
            .bind(&terms.confidentiality)
            .bind(terms.review_weeks)
            .bind(version + 1)
            .bind(user_id)
            .bind(now())
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO pair_agreement_hopes (round_id, group_no, user_id, hopes) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT (round_id, group_no, user_id) \
                 DO UPDATE SET hopes = excluded.hopes",
            )
            .bind(round_id)
            .bind(group_no)
            .bind(user_id)
            .bind(hopes)
            .execute(&mut *tx)
            .await?;
            Ok(Some(version + 1))
        })
    }

    /// `user_id` confirms `version` of a group's agreement. When every member of the group
    /// has confirmed it, it becomes the agreed version, with today's date. `None` when the
    /// agreement is at another version (someone edited it meanwhile); otherwise whether it is
    /// now agreed.
    pub async fn confirm_agreement(
        &self,
        program_id: i64,
        round_id: i64,
        group_no: i64,
        user_id: i64,
        version: i64,
    ) -> Result<Option<bool>> {
        write_tx!(self, Lock::Program(program_id), |tx| {
            let Some(current) = agreement_in(&mut tx, round_id, group_no).await? else {
                return Ok(None);
            };
            if current.version != version {
                return Ok(None);
            }
            let at = now();
            sqlx::query(
                "INSERT INTO pair_agreement_confirmations (round_id, group_no, user_id, version, \
                 confirmed_at) VALUES ($1, $2, $3, $4, $5) \
                 ON CONFLICT (round_id, group_no, user_id) \
                 DO UPDATE SET version = excluded.version, confirmed_at = excluded.confirmed_at",
            )
            .bind(round_id)
            .bind(group_no)
            .bind(user_id)
            .bind(version)
            .bind(at)
            .execute(&mut *tx)
            .await?;
            let (members, confirmed): (i64, i64) = sqlx::query_as(
                "SELECT (SELECT COUNT(*) FROM round_members WHERE round_id = $1 AND group_no = $2), \
                 (SELECT COUNT(*) FROM pair_agreement_confirmations WHERE round_id = $1 \
                  AND group_no = $2 AND version = $3)",
            )
            .bind(round_id)
            .bind(group_no)
            .bind(version)
            .fetch_one(&mut *tx)
            .await?;
            let agreed = confirmed >= members;
            if agreed {
                let terms = serde_json::to_string(&current.terms)
                    .map_err(|e| StorageError::Corrupt(e.to_string()))?;
                sqlx::query(
                    "UPDATE pair_agreements SET agreed_version = $1, agreed_at = $2, \
                     agreed_terms = $3 WHERE round_id = $4 AND group_no = $5",
                )
                .bind(version)
                .bind(at)
                .bind(terms)
                .bind(round_id)
                .bind(group_no)
                .execute(&mut *tx)
                .await?;
            }
            Ok(Some(agreed))
        })
    }

    /// How far each group of a round is with its agreement, without its words.
    pub async fn agreement_counts(&self, round_id: i64) -> Result<Vec<AgreementCount>> {
        Ok(sqlx::query_as(
            "SELECT g.group_no, a.version, \
             (SELECT COUNT(*) FROM round_members m WHERE m.round_id = g.round_id \
              AND m.group_no = g.group_no) AS members, \
             (SELECT COUNT(*) FROM pair_agreement_confirmations c WHERE c.round_id = g.round_id \
              AND c.group_no = g.group_no AND c.version = a.version) AS confirmed \
             FROM round_groups g LEFT JOIN pair_agreements a \
             ON a.round_id = g.round_id AND a.group_no = g.group_no \
             WHERE g.round_id = $1 ORDER BY g.group_no",
        )
        .bind(round_id)
        .fetch_all(self)
        .await?)
    }

    /// Groups of running programs' newest rounds that agreed a rhythm and have nothing
    /// planned after `at`: the reminders decide which are overdue by their cadence. A group
    /// that has not met yet is left out once it has had its "not meeting yet" nudge.
    pub async fn agreed_groups_without_plans(&self, at: i64) -> Result<Vec<AgreedGroup>> {
        Ok(sqlx::query_as(
            "SELECT p.id AS program_id, p.name AS program, a.round_id, a.group_no, \
             a.agreed_terms, COALESCE(m.since, a.agreed_at) AS since, \
             CASE WHEN m.since IS NULL THEN 0 ELSE 1 END AS met FROM pair_agreements a \
             LEFT JOIN (SELECT round_id, group_no, MAX(starts_at) AS since FROM pair_sessions \
                   WHERE state = 'accepted' AND starts_at <= $1 AND (held IS NULL OR held = 1) \
                   GROUP BY round_id, group_no) m \
               ON m.round_id = a.round_id AND m.group_no = a.group_no \
             JOIN round_groups g ON g.round_id = a.round_id AND g.group_no = a.group_no \
             JOIN programs p ON p.id = a.program_id \
             JOIN match_rounds r ON r.id = a.round_id \
             WHERE p.state = 'running' AND r.state = 'published' \
             AND a.agreed_at IS NOT NULL AND a.agreed_terms IS NOT NULL \
             AND (m.since IS NOT NULL OR g.nudged_at IS NULL) \
             AND r.number = (SELECT MAX(r2.number) FROM match_rounds r2 \
                             WHERE r2.program_id = p.id AND r2.state = 'published') \
             AND NOT EXISTS (SELECT 1 FROM pair_sessions s WHERE s.round_id = a.round_id \
                             AND s.group_no = a.group_no AND s.state IN ('proposed', 'accepted') \
                             AND s.starts_at > $1) \
             ORDER BY p.id, a.group_no",
        )
        .bind(at)
        .fetch_all(self)
        .await?)
    }
}
