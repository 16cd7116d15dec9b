//! How Tandem writes a day and a moment, on every page and in every email: "Sat 5 Dec 2026"
//! and "Sat 5 Dec 2026, 14:00". One form everywhere, so nobody has to work out whether
//! 05/12 is May or December; the month is a word, so the order reads the same in every
//! English-speaking office; the clock is 24-hour, as the time fields people type into are.

use time::format_description::FormatItem;
use time::macros::format_description;
use time::Date;

/// A day, e.g. "Sat 5 Dec 2026" (for the `time` crate, which also runs in the browser).
pub const DAY: &[FormatItem<'static>] =
    format_description!("[weekday repr:short] [day padding:none] [month repr:short] [year]");

/// A day for `chrono`, the server's zone-aware clock: the same form as [`DAY`].
pub const DAY_CHRONO: &str = "%a %-d %b %Y";
/// A moment for `chrono`: [`DAY`] and the time, e.g. "Sat 5 Dec 2026, 14:00".
pub const MOMENT_CHRONO: &str = "%a %-d %b %Y, %H:%M";
/// A time of day for `chrono`, e.g. "09:30".
pub const TIME_CHRONO: &str = "%H:%M";

/// `date` as Tandem writes a day.
pub fn day(date: Date) -> String {
    date.format(DAY).unwrap_or_default()
}

/// A stored ISO day ("2026-12-05") as Tandem writes it; a value that is not one is shown as
/// it is rather than hidden.
pub fn iso_day(iso: &str) -> String {
    Date::parse(iso.trim(), super::program::PROGRAM_DATE_FORMAT)
        .map(day)
        .unwrap_or_else(|_| iso.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_reads_with_its_weekday_and_the_month_in_words() {
        assert_eq!(iso_day("2026-12-05"), "Sat 5 Dec 2026");
        assert_eq!(iso_day("2027-01-22"), "Fri 22 Jan 2027");
        assert_eq!(iso_day("soon"), "soon");
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn the_server_clock_writes_the_same_form() {
        use chrono::TimeZone;
        let t = chrono::Utc.with_ymd_and_hms(2026, 12, 5, 14, 0, 0).unwrap();
        assert_eq!(t.format(DAY_CHRONO).to_string(), iso_day("2026-12-05"));
        assert_eq!(t.format(MOMENT_CHRONO).to_string(), "Sat 5 Dec 2026, 14:00");
    }
}
