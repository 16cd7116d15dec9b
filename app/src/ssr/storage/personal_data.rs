//! Everything Tandem holds about one person, for their own download, and erasing it on an
//! org admin's request. The export is a list of named sections, each one query with the person
//! as `$1`; the queries name their columns, so nothing secret (password and token hashes,
//! sealed calendar addresses, login records) and nothing other people said in confidence
//! (avoid lists naming this person) can slip in.

use super::{now, Db, Result};
use crate::ssr::storage::Lock;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde_json::{Map, Value};
use sqlx::{Column, Row};

/// (section, query). Every query takes the person's id as `$1`.
const SECTIONS: &[(&str, &str)] = &[
    (
        "profile",
        "SELECT id, email, name, role, pronouns, job_title, department, team, level, \
        manager_id, location, time_zone, bio, skills_offer, skills_grow, interests, \
        aspirations, created_at, updated_at, deactivated_at, scim_user_name, scim_external_id \
        FROM users WHERE id = $1",
    ),
    (
        "single_sign_on",
        "SELECT p.label AS provider, p.issuer, s.subject, s.created_at, s.last_used_at \
        FROM sso_identities s JOIN identity_providers p ON p.id = s.provider_id \
        WHERE s.user_id = $1 ORDER BY s.created_at",
    ),
    (
        "enrollments",
        "SELECT e.program_id, p.name AS program, e.role, e.capacity, e.status, \
        e.answers, e.created_at, e.updated_at FROM enrollments e \
        JOIN programs p ON p.id = e.program_id WHERE e.user_id = $1 ORDER BY e.program_id",
    ),
    (
        "preferred_partners",
        "SELECT x.program_id, o.name AS partner FROM enrollment_preferred x \
        JOIN users o ON o.id = x.partner_id WHERE x.user_id = $1 ORDER BY x.program_id, o.name",
    ),
    (
        "avoid_list",
        "SELECT x.program_id, o.name AS partner FROM enrollment_avoid x \
        JOIN users o ON o.id = x.partner_id WHERE x.user_id = $1 ORDER BY x.program_id, o.name",
    ),
    (
        "matches",
        "SELECT m.round_id, r.program_id, p.name AS program, r.number AS round, \
        m.group_no, o.name AS partner FROM round_members m \
        JOIN match_rounds r ON r.id = m.round_id AND r.state = 'published' \
        JOIN programs p ON p.id = r.program_id \
        JOIN round_members om ON om.round_id = m.round_id AND om.group_no = m.group_no \
             AND om.user_id <> m.user_id \
        JOIN users o ON o.id = om.user_id WHERE m.user_id = $1 ORDER BY m.round_id, o.name",
    ),
    (
        "goals",
        "SELECT id, program_id, title, why, category, due_on, measure, unit, baseline, \
        target, direction, visibility, status, last_value, created_at, updated_at \
        FROM goals WHERE owner_id = $1 ORDER BY id",
    ),
    (
        "goal_milestones",
        "SELECT m.goal_id, m.position, m.title, m.done FROM goal_milestones m \
        JOIN goals g ON g.id = m.goal_id WHERE g.owner_id = $1 ORDER BY m.goal_id, m.position",
    ),
    (
        "check_ins",
        "SELECT c.goal_id, c.value, c.note, c.confidence, c.checked_on, c.created_at \
        FROM check_ins c JOIN goals g ON g.id = c.goal_id WHERE g.owner_id = $1 ORDER BY c.id",
    ),
    (
        "goal_comments_written",
        "SELECT goal_id, body, created_at FROM goal_comments \
        WHERE author_id = $1 ORDER BY id",
    ),
    (
        "pair_sessions",
        "SELECT s.id, s.program_id, s.round_id, s.starts_at, s.ends_at, \
        s.time_zone, s.place, s.video_url, s.agenda, s.state, s.held, s.notes, s.created_at \
        FROM pair_sessions s JOIN round_members m ON m.round_id = s.round_id \
        AND m.group_no = s.group_no WHERE m.user_id = $1 ORDER BY s.starts_at",
    ),
    (
        "session_feedback",
        "SELECT session_id, rating, comment, created_at FROM session_feedback \
        WHERE user_id = $1 ORDER BY created_at",
    ),
    (
        "agreement_hopes",
        "SELECT round_id, group_no, hopes FROM pair_agreement_hopes \
        WHERE user_id = $1",
    ),
    (
        "agreement_confirmations",
        "SELECT round_id, group_no, version, confirmed_at \
        FROM pair_agreement_confirmations WHERE user_id = $1",
    ),
    (
        "pulse_answers",
        "SELECT survey_id, round_id, answers, created_at, updated_at \
        FROM pulse_responses WHERE user_id = $1",
    ),
    (
        "mentor_requests",
        "SELECT r.id, r.program_id, r.state, r.note, r.created_at, r.decided_at, \
        mentee.name AS mentee, mentor.name AS mentor FROM mentor_requests r \
        JOIN users mentee ON mentee.id = r.mentee_id JOIN users mentor ON mentor.id = r.mentor_id \
        WHERE r.mentee_id = $1 OR r.mentor_id = $1 ORDER BY r.id",
    ),
    (
        "reassignment_requests",
        "SELECT program_id, round_id, reason, state, created_at, decided_at \
        FROM reassignment_requests WHERE user_id = $1 ORDER BY id",
    ),
    (
        "event_answers",
        "SELECT r.event_id, e.title AS event, r.state, r.attended, r.updated_at \
        FROM rsvps r JOIN events e ON e.id = r.event_id WHERE r.user_id = $1 ORDER BY r.id",
    ),
    (
        "availability",
        "SELECT windows, updated_at FROM availability WHERE user_id = $1",
    ),
    (
        "notification_settings",
        "SELECT modes, send_from_minute, send_until_minute, send_days, \
        digest_day, updated_at FROM notification_settings WHERE user_id = $1",
    ),
    (
        "slack",
        "SELECT c.dm, p.slack_id FROM users u \
        LEFT JOIN slack_choices c ON c.user_id = u.id LEFT JOIN slack_people p ON p.user_id = u.id \
        WHERE u.id = $1 AND (c.user_id IS NOT NULL OR p.user_id IS NOT NULL)",
    ),
    (
        "guidelines_read",
        "SELECT program_id, read_at FROM guideline_reads WHERE user_id = $1",
    ),
    (
        "resources_written",
        "SELECT id, kind, status, title, summary, url, body, file_name, \
        created_at, updated_at FROM resources WHERE author_id = $1 ORDER BY id",
    ),
    (
        "bookmarks",
        "SELECT resource_id, created_at FROM resource_bookmarks WHERE user_id = $1",
    ),
    (
        "ratings",
        "SELECT resource_id, created_at FROM resource_ratings WHERE user_id = $1",
    ),
    (
        "messages_sent_to_you",
        "SELECT kind, channel, subject, state, created_at, finished_at \
        FROM jobs WHERE user_id = $1 ORDER BY id",
    ),
    (
        "kudos",
        "SELECT k.program_id, f.name AS sender, t.name AS recipient, k.category, k.note, \
        k.shown, k.created_at FROM kudos k JOIN users f ON f.id = k.from_id \
        JOIN users t ON t.id = k.to_id WHERE k.from_id = $1 OR k.to_id = $1 ORDER BY k.id",
    ),
    (
        "stories",
        "SELECT program_id, round_id, body, readers, featured, created_at, updated_at \
        FROM stories WHERE author_id = $1 ORDER BY id",
    ),
    (
        "certificates",
        "SELECT code, person_name, program_name, role, from_day, to_day, sessions, minutes, \
        issued_at FROM certificates WHERE user_id = $1 ORDER BY id",
    ),
    (
        "review_requests",
        "SELECT c.state, e.name AS employee, m.name AS manager, c.scope, c.requested_at, \
        c.answered_at, c.expires_at, c.revoked_at FROM review_consents c \
        JOIN users e ON e.id = c.employee_id JOIN users m ON m.id = c.manager_id \
        WHERE c.employee_id = $1 OR c.manager_id = $1 ORDER BY c.id",
    ),
    (
        "review_record_exports",
        "SELECT reader_name, format, at FROM review_exports WHERE employee_id = $1 ORDER BY id",
    ),
    (
        "audit_entries_about_you",
        "SELECT at, action, actor_label, details FROM audit_log \
        WHERE subject_id = $1 ORDER BY id",
    ),
];

/// A row as JSON, column by column: numbers, text, and bytes as base64.
fn row_json(row: &sqlx::any::AnyRow) -> Map<String, Value> {
    let mut out = Map::new();
    for (i, col) in row.columns().iter().enumerate() {
        let v = if let Ok(v) = row.try_get::<Option<i64>, _>(i) {
            v.map(Value::from)
        } else if let Ok(v) = row.try_get::<Option<f64>, _>(i) {
            v.map(Value::from)
        } else if let Ok(v) = row.try_get::<Option<bool>, _>(i) {
            v.map(Value::from)
        } else if let Ok(v) = row.try_get::<Option<String>, _>(i) {
            v.map(Value::from)
        } else if let Ok(v) = row.try_get::<Option<Vec<u8>>, _>(i) {
            v.map(|b| Value::from(STANDARD.encode(b)))
        } else {
            None
        };
        out.insert(col.name().to_owned(), v.unwrap_or(Value::Null));
    }
    out
}

impl Db {
    /// Every section of the person's data, in a fixed order, and the files they uploaded
    /// (name, type, content as base64).
    pub async fn personal_data(&self, user_id: i64) -> Result<Map<String, Value>> {
        let mut out = Map::new();
        for (name, sql) in SECTIONS {
            let rows = sqlx::query(sql).bind(user_id).fetch_all(self).await?;
            let rows: Vec<Value> = rows.iter().map(|r| Value::Object(row_json(r))).collect();
            out.insert((*name).to_owned(), Value::Array(rows));
        }
        let files = sqlx::query(
            "SELECT r.file_name AS name, r.file_type AS type, f.content FROM resources r \
             JOIN stored_files f ON f.key = r.file_key WHERE r.author_id = $1 ORDER BY r.id",
        )
        .bind(user_id)
        .fetch_all(self)
        .await?;
        let files = files.iter().map(|r| Value::Object(row_json(r))).collect();
        out.insert("files".into(), Value::Array(files));
        Ok(out)
    }

    /// Erases a person in one transaction. Their account stays as an anonymous placeholder,
    /// so the programs' counts (enrollments, rounds, sessions held, ratings, RSVPs) still add
    /// up; what identifies them or was said by them is removed: profile, address, password,
    /// survey answers, avoid and preferred lists (theirs and others' naming them), goals,
    /// comments, feedback comments, hopes, notes, notification settings, calendar and chat
    /// links, logins, and messages not yet sent. Pulse answers stay, tied to the placeholder:
    /// admins only ever see them as anonymous figures. Their names in the audit log are
    /// replaced too. Returns false when there is no such person.
    pub async fn erase_person(&self, user_id: i64, placeholder: &str) -> Result<bool> {
        write_tx!(self, Lock::Organisation, |tx| {
            let t = now();
            let done = sqlx::query(
                "UPDATE users SET email = $1, password_hash = NULL, name = $2, pronouns = '', \
                 job_title = '', department = '', team = '', level = NULL, manager_id = NULL, \
                 location = '', time_zone = '', bio = '', skills_offer = '', skills_grow = '', \
                 interests = '', aspirations = '', scim_user_name = NULL, scim_external_id = NULL, \
                 scim_removed_at = COALESCE(scim_removed_at, $3), \
                 deactivated_at = COALESCE(deactivated_at, $3), updated_at = $3 WHERE id = $4",
            )
            .bind(format!("erased-{user_id}@erased.invalid"))
            .bind(placeholder)
            .bind(t)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() == 0 {
                return Ok(false);
            }
            let statements = [
                "UPDATE users SET manager_id = NULL WHERE manager_id = $1",
                "DELETE FROM enrollment_avoid WHERE user_id = $1 OR partner_id = $1",
                "DELETE FROM enrollment_preferred WHERE user_id = $1 OR partner_id = $1",
                "UPDATE enrollments SET answers = '{}' WHERE user_id = $1",
                "DELETE FROM goal_comments WHERE author_id = $1",
                "DELETE FROM goals WHERE owner_id = $1",
                "UPDATE session_feedback SET comment = '' WHERE user_id = $1",
                "DELETE FROM pair_agreement_hopes WHERE user_id = $1",
                "UPDATE mentor_requests SET note = '' WHERE mentee_id = $1",
                "UPDATE reassignment_requests SET reason = '' WHERE user_id = $1",
                "DELETE FROM availability WHERE user_id = $1",
                "DELETE FROM calendar_feeds WHERE user_id = $1",
                "DELETE FROM notification_settings WHERE user_id = $1",
                "DELETE FROM slack_choices WHERE user_id = $1",
                "DELETE FROM slack_people WHERE user_id = $1",
                "DELETE FROM digest_items WHERE user_id = $1",
                "DELETE FROM goal_reminder_snoozes WHERE user_id = $1",
                "DELETE FROM resource_bookmarks WHERE user_id = $1",
                "DELETE FROM kudos WHERE from_id = $1 OR to_id = $1",
                "DELETE FROM stories WHERE author_id = $1",
                "DELETE FROM certificates WHERE user_id = $1",
                "DELETE FROM review_consents WHERE employee_id = $1 OR manager_id = $1",
                "DELETE FROM review_exports WHERE employee_id = $1",
                "DELETE FROM password_resets WHERE user_id = $1",
                "DELETE FROM logins WHERE user_id = $1",
                "DELETE FROM sso_identities WHERE user_id = $1",
                "DELETE FROM jobs WHERE user_id = $1 AND state IN ('queued', 'failed')",
                "UPDATE jobs SET subject = '', payload = '{}' WHERE user_id = $1",
            ];
            for sql in statements {
                sqlx::query(sql).bind(user_id).execute(&mut *tx).await?;
            }
            // Someone else's log of reads keeps the read, not the reader's name.
            sqlx::query("UPDATE review_exports SET reader_name = $1 WHERE reader_id = $2")
                .bind(placeholder)
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
            for column in ["actor", "subject"] {
                sqlx::query(&format!(
                    "UPDATE audit_log SET {column}_label = $1 WHERE {column}_id = $2"
                ))
                .bind(placeholder)
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
            }
            Ok(true)
        })
    }
}
