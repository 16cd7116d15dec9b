//! Each person's weekly availability, and what their free/busy calendar said when it was last
//! read.

use super::{now, Db, Json, Result, StorageError};
use crate::domain::{Availability, FreeWindow};

/// A person's availability as stored, with the state of their calendar.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StoredAvailability {
    pub availability: Availability,
    /// Busy spans from the last successful read of the calendar.
    pub busy: Vec<(i64, i64)>,
    pub calendar_tried_at: Option<i64>,
    pub calendar_read_at: Option<i64>,
    /// Why the last read failed; empty when it succeeded.
    pub calendar_error: String,
}

#[derive(sqlx::FromRow)]
struct Row {
    windows: Json<Vec<FreeWindow>>,
    calendar_url: String,
    busy: Json<Vec<(i64, i64)>>,
    calendar_tried_at: Option<i64>,
    calendar_read_at: Option<i64>,
    calendar_error: String,
}

fn json<T: serde::Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|e| StorageError::Corrupt(e.to_string()))
}

impl Db {
    /// What `user_id` said about when they are free; nothing set reads as the default.
    pub async fn availability(&self, user_id: i64) -> Result<StoredAvailability> {
        let row: Option<Row> = sqlx::query_as(
            "SELECT windows, calendar_url, busy, calendar_tried_at, calendar_read_at, \
             calendar_error FROM availability WHERE user_id = $1",
        )
        .bind(user_id)
        .fetch_optional(self)
        .await?;
        Ok(row
            .map(|r| StoredAvailability {
                availability: Availability {
                    windows: r.windows.0,
                    calendar_url: r.calendar_url,
                },
                busy: r.busy.0,
                calendar_tried_at: r.calendar_tried_at,
                calendar_read_at: r.calendar_read_at,
                calendar_error: r.calendar_error,
            })
            .unwrap_or_default())
    }

    /// Saves the windows and the calendar address. A new address forgets what the old one
    /// said, so no busy time of a calendar the person removed is used again.
    pub async fn save_availability(&self, user_id: i64, a: &Availability) -> Result<()> {
        sqlx::query(
            "INSERT INTO availability (user_id, windows, calendar_url, updated_at) \
             VALUES ($1, $2, $3, $4) \
             ON CONFLICT (user_id) DO UPDATE SET windows = excluded.windows, \
             calendar_url = excluded.calendar_url, updated_at = excluded.updated_at, \
             busy = CASE WHEN availability.calendar_url = excluded.calendar_url \
                    THEN availability.busy ELSE '[]' END, \
             calendar_tried_at = CASE WHEN availability.calendar_url = excluded.calendar_url \
                    THEN availability.calendar_tried_at ELSE NULL END, \
             calendar_read_at = CASE WHEN availability.calendar_url = excluded.calendar_url \
                    THEN availability.calendar_read_at ELSE NULL END, \
             calendar_error = CASE WHEN availability.calendar_url = excluded.calendar_url \
                    THEN availability.calendar_error ELSE '' END",
        )
        .bind(user_id)
        .bind(json(&a.windows)?)
        .bind(&a.calendar_url)
        .bind(now())
        .execute(self)
        .await?;
        Ok(())
    }

    /// The calendars of active people not tried since `tried_before`, oldest attempt first,
    /// as (person, address).
    pub async fn calendars_due(&self, tried_before: i64) -> Result<Vec<(i64, String)>> {
        Ok(sqlx::query_as(
            "SELECT a.user_id, a.calendar_url FROM availability a \
             JOIN users u ON u.id = a.user_id \
             WHERE a.calendar_url <> '' AND u.deactivated_at IS NULL \
             AND (a.calendar_tried_at IS NULL OR a.calendar_tried_at < $1) \
             ORDER BY COALESCE(a.calendar_tried_at, 0), a.user_id",
        )
        .bind(tried_before)
        .fetch_all(self)
        .await?)
    }

    /// Records a read of `url` at `at`: the busy spans it gave, or why it failed (keeping the
    /// spans of the last good read). A read of an address the person has since changed is
    /// dropped.
    pub async fn record_calendar_read(
        &self,
        user_id: i64,
        url: &str,
        at: i64,
        outcome: std::result::Result<&[(i64, i64)], &str>,
    ) -> Result<()> {
        let query = match outcome {
            Ok(busy) => sqlx::query(
                "UPDATE availability SET busy = $1, calendar_tried_at = $2, \
                 calendar_read_at = $2, calendar_error = '' \
                 WHERE user_id = $3 AND calendar_url = $4",
            )
            .bind(json(&busy)?),
            Err(error) => sqlx::query(
                "UPDATE availability SET calendar_error = $1, calendar_tried_at = $2 \
                 WHERE user_id = $3 AND calendar_url = $4",
            )
            .bind(error.to_owned()),
        };
        query
            .bind(at)
            .bind(user_id)
            .bind(url.to_owned())
            .execute(self)
            .await?;
        Ok(())
    }
}
