//! Times as people mean them: "today" and wall-clock times in a time zone, and how a span of
//! time reads. Shared by events and pair sessions.

use crate::domain::dates;
use crate::error::AppError;
use chrono::TimeZone;
use std::str::FromStr;

/// The zone named `name`, or UTC when it is empty or unknown (for display only).
pub fn zone_or_utc(name: &str) -> chrono_tz::Tz {
    chrono_tz::Tz::from_str(name.trim()).unwrap_or(chrono_tz::UTC)
}

/// The zone a form named, or the form error saying it is not one.
pub fn known_zone(zone: Option<chrono_tz::Tz>, typed: &str) -> Result<chrono_tz::Tz, AppError> {
    zone.ok_or_else(|| {
        AppError::invalid(
            "time_zone",
            format!(
                "{:?} is not a time zone. Use a name like Europe/Lisbon or America/New_York.",
                typed.trim()
            ),
        )
    })
}

/// Today's date in `zone`.
pub fn today_in(zone: chrono_tz::Tz) -> time::Date {
    let today = chrono::Utc::now().with_timezone(&zone).date_naive();
    time::Date::from_ordinal_date(
        chrono::Datelike::year(&today),
        chrono::Datelike::ordinal(&today) as u16,
    )
    .unwrap_or(time::Date::MIN)
}

/// A span of time as it reads in `zone`, e.g. "Tue 1 Dec 2026, 09:00–10:00
/// (Europe/Lisbon)".
pub fn when_of(starts_at: i64, ends_at: i64, zone: &str) -> String {
    let tz = chrono_tz::Tz::from_str(zone).unwrap_or(chrono_tz::UTC);
    let (Some(start), Some(end)) = (
        tz.timestamp_opt(starts_at, 0).single(),
        tz.timestamp_opt(ends_at, 0).single(),
    ) else {
        return String::new();
    };
    let end_format = if start.date_naive() == end.date_naive() {
        dates::TIME_CHRONO
    } else {
        dates::MOMENT_CHRONO
    };
    format!(
        "{}–{} ({zone})",
        start.format(dates::MOMENT_CHRONO),
        end.format(end_format),
    )
}

/// The day of a moment as it reads in `zone`, e.g. "Wed 2 Dec 2026".
pub fn day_in(at: i64, zone: &str) -> String {
    zone_or_utc(zone)
        .timestamp_opt(at, 0)
        .single()
        .map(|t| t.format(dates::DAY_CHRONO).to_string())
        .unwrap_or_default()
}

/// A moment as it reads in `zone`, e.g. "Wed 2 Dec 2026, 17:45".
pub fn moment_in(at: i64, zone: &str) -> String {
    zone_or_utc(zone)
        .timestamp_opt(at, 0)
        .single()
        .map(|t| t.format(dates::MOMENT_CHRONO).to_string())
        .unwrap_or_default()
}

/// The Unix time of `date` at `time` in `zone`, or the form error to show.
pub fn instant(
    zone: &chrono_tz::Tz,
    date: time::Date,
    at: time::Time,
    field: &str,
) -> Result<i64, AppError> {
    let naive = chrono::NaiveDate::from_ymd_opt(
        date.year(),
        u32::from(u8::from(date.month())),
        u32::from(date.day()),
    )
    .and_then(|d| d.and_hms_opt(u32::from(at.hour()), u32::from(at.minute()), 0));
    match naive.map(|n| zone.from_local_datetime(&n)) {
        Some(chrono::LocalResult::Single(t)) => Ok(t.timestamp()),
        // When clocks go back, the earlier of the two moments.
        Some(chrono::LocalResult::Ambiguous(t, _)) => Ok(t.timestamp()),
        _ => Err(AppError::invalid(
            field,
            "That time does not exist in this time zone: the clocks skip it. Choose another time.",
        )),
    }
}
