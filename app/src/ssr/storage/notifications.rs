//! Each person's notification choices, and the notifications kept for their weekly digest.

use super::jobs::insert_jobs;
use super::{now, Db, Json, NewJob, Result, StorageError};
use crate::domain::{Day, DeliveryMode, NotificationKind, NotificationPrefs, SendWindow, Weekdays};

#[derive(sqlx::FromRow)]
struct PrefsRow {
    modes: Json<Vec<(NotificationKind, DeliveryMode)>>,
    send_from_minute: i64,
    send_until_minute: i64,
    send_days: i64,
    digest_day: Day,
}

/// A stored window; anything but minutes of a day and a set of days is a corrupt row.
fn window(from: i64, until: i64, days: i64) -> Result<SendWindow> {
    let minute = |m: i64| {
        u16::try_from(m)
            .ok()
            .filter(|m| *m <= 24 * 60)
            .ok_or_else(|| StorageError::Corrupt(format!("{m} is not a minute of the day")))
    };
    let days = Weekdays::from_bits(days)
        .ok_or_else(|| StorageError::Corrupt(format!("{days} is not a set of days")))?;
    Ok(SendWindow {
        from_minute: minute(from)?,
        until_minute: minute(until)?,
        days,
    })
}

impl TryFrom<PrefsRow> for NotificationPrefs {
    type Error = StorageError;
    fn try_from(row: PrefsRow) -> Result<Self> {
        Ok(NotificationPrefs {
            modes: row.modes.0,
            window: window(row.send_from_minute, row.send_until_minute, row.send_days)?,
            digest_day: row.digest_day,
        })
    }
}

/// A notification kept for a digest.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct DigestItem {
    pub id: i64,
    pub kind: NotificationKind,
    pub subject: String,
    pub link: Option<String>,
    pub created_at: i64,
}

impl Db {
    /// The email hours of people who have not chosen their own.
    pub async fn default_send_window(&self) -> Result<SendWindow> {
        let (from, until, days): (i64, i64, i64) = sqlx::query_as(
            "SELECT send_from_minute, send_until_minute, send_days FROM org_settings WHERE id = 1",
        )
        .fetch_one(self)
        .await?;
        window(from, until, days)
    }

    pub async fn save_default_send_window(&self, w: &SendWindow) -> Result<()> {
        sqlx::query(
            "UPDATE org_settings SET send_from_minute = $1, send_until_minute = $2, \
             send_days = $3 WHERE id = 1",
        )
        .bind(i64::from(w.from_minute))
        .bind(i64::from(w.until_minute))
        .bind(w.days.bits())
        .execute(self)
        .await?;
        Ok(())
    }

    /// The person's choices, or the defaults (with the organisation's email hours) when they
    /// never changed them.
    pub async fn notification_prefs(&self, user_id: i64) -> Result<NotificationPrefs> {
        let row: Option<PrefsRow> = sqlx::query_as(
            "SELECT modes, send_from_minute, send_until_minute, send_days, digest_day \
             FROM notification_settings WHERE user_id = $1",
        )
        .bind(user_id)
        .fetch_optional(self)
        .await?;
        match row {
            Some(row) => row.try_into(),
            None => Ok(NotificationPrefs {
                window: self.default_send_window().await?,
                ..NotificationPrefs::default()
            }),
        }
    }

    pub async fn save_notification_prefs(
        &self,
        user_id: i64,
        prefs: &NotificationPrefs,
    ) -> Result<()> {
        let modes = serde_json::to_string(&prefs.modes)
            .map_err(|e| StorageError::Corrupt(e.to_string()))?;
        sqlx::query(
            "INSERT INTO notification_settings (user_id, modes, send_from_minute, \
             send_until_minute, send_days, digest_day, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) \
             ON CONFLICT (user_id) DO UPDATE SET modes = excluded.modes, \
             send_from_minute = excluded.send_from_minute, \
             send_until_minute = excluded.send_until_minute, send_days = excluded.send_days, \
             digest_day = excluded.digest_day, updated_at = excluded.updated_at",
        )
        .bind(user_id)
        .bind(modes)
        .bind(i64::from(prefs.window.from_minute))
        .bind(i64::from(prefs.window.until_minute))
        .bind(prefs.window.days.bits())
        .bind(prefs.digest_day)
        .bind(now())
        .execute(self)
        .await?;
        Ok(())
    }

    /// Keeps a notification for the person's next digest.
    pub async fn keep_for_digest(
        &self,
        user_id: i64,
        kind: NotificationKind,
        subject: &str,
        link: Option<&str>,
        at: i64,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO digest_items (user_id, kind, subject, link, created_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(user_id)
        .bind(kind)
        .bind(subject)
        .bind(link)
        .bind(at)
        .execute(self)
        .await?;
        Ok(())
    }

    /// People with notifications waiting for a digest.
    pub async fn people_with_digest_items(&self) -> Result<Vec<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT DISTINCT user_id FROM digest_items WHERE digest_key IS NULL ORDER BY user_id",
        )
        .fetch_all(self)
        .await?)
    }

    /// The person's waiting notifications kept before `before`, oldest first.
    pub async fn digest_items(&self, user_id: i64, before: i64) -> Result<Vec<DigestItem>> {
        Ok(sqlx::query_as(
            "SELECT id, kind, subject, link, created_at FROM digest_items \
             WHERE user_id = $1 AND digest_key IS NULL AND created_at <= $2 \
             ORDER BY created_at, id",
        )
        .bind(user_id)
        .bind(before)
        .fetch_all(self)
        .await?)
    }

    /// Queues the digest `job` carrying `items`, once: the items are marked as carried in the
    /// same transaction, and a digest already queued under the job's key changes nothing.
    /// Returns whether it was queued now.
    pub async fn queue_digest(&self, user_id: i64, job: &NewJob, items: &[i64]) -> Result<bool> {
        let mut tx = self.pool().begin().await?;
        if insert_jobs(&mut tx, std::slice::from_ref(job)).await? == 0 {
            return Ok(false);
        }
        for id in items {
            sqlx::query(
                "UPDATE digest_items SET digest_key = $1 \
                 WHERE id = $2 AND user_id = $3 AND digest_key IS NULL",
            )
            .bind(&job.key)
            .bind(id)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(true)
    }
}
