//! Checks shared by the forms: required text within a length, dates, whole numbers.

use time::{macros::format_description, Date, Time};

/// A form field and what is wrong with it; `field` is the input's name, so the message
/// appears next to it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct FieldError {
    pub field: &'static str,
    pub message: String,
}

pub(crate) fn err<T>(field: &'static str, message: impl Into<String>) -> Result<T, FieldError> {
    Err(FieldError {
        field,
        message: message.into(),
    })
}

pub(crate) fn date(field: &'static str, raw: &str) -> Result<Date, FieldError> {
    if raw.trim().is_empty() {
        return err(field, "Choose a date.");
    }
    Date::parse(raw.trim(), format_description!("[year]-[month]-[day]"))
        .or_else(|_| err(field, "Enter a date as YYYY-MM-DD."))
}

pub(crate) fn number(
    field: &'static str,
    raw: &str,
    range: std::ops::RangeInclusive<i64>,
    default: Option<i64>,
) -> Result<Option<i64>, FieldError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(default);
    }
    match raw.parse::<i64>() {
        Ok(n) if range.contains(&n) => Ok(Some(n)),
        _ => err(
            field,
            format!(
                "Enter a whole number from {} to {}.",
                range.start(),
                range.end()
            ),
        ),
    }
}

pub(crate) fn text(
    field: &'static str,
    raw: &str,
    max: usize,
    required: bool,
) -> Result<String, FieldError> {
    let t = raw.trim();
    if required && t.is_empty() {
        return err(field, "This field is required.");
    }
    if t.chars().count() > max {
        return err(field, format!("Use at most {max} characters."));
    }
    Ok(t.to_owned())
}

/// The non-empty lines of a text area, trimmed.
pub(crate) fn lines(raw: &str) -> Vec<String> {
    raw.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

pub(crate) fn time_of_day(field: &'static str, raw: &str) -> Result<Time, FieldError> {
    if raw.trim().is_empty() {
        return err(field, "Choose a time.");
    }
    Time::parse(raw.trim(), format_description!("[hour]:[minute]"))
        .or_else(|_| err(field, "Enter a time as HH:MM, like 09:30."))
}

/// An optional web link for a video call: only `http(s)://`, so no `javascript:` link is
/// ever shown as one.
pub(crate) fn video_link(field: &'static str, raw: &str) -> Result<String, FieldError> {
    let url = text(field, raw, 500, false)?;
    let web = url.starts_with("https://") || url.starts_with("http://");
    if !url.is_empty() && !web {
        return err(
            field,
            "A video link starts with https://, like https://meet.example.com/abc.",
        );
    }
    Ok(url)
}
