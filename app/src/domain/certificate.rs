//! Certificates of participation: what one certifies (a person's part in a program, in one
//! role, over a period, with the sessions and hours they held) and the code that lets anyone
//! check it is genuine. Tandem keeps what it issued, so the verification page shows exactly
//! what was printed, whatever changes later.

use super::choice::choice_enum;
use serde::{Deserialize, Serialize};

choice_enum!(
    /// The part a person played, as their groups show it: the mentor of a group, a mentee in
    /// a group with a mentor, or a peer in a group without one. The label completes "took
    /// part as …".
    CertificateRole {
        Mentor => ("mentor", "a mentor"),
        Mentee => ("mentee", "a mentee"),
        Peer => ("peer", "a peer"),
    }
);

/// The letters of a code: lower case and digits without the look-alikes (0/o, 1/l/i), so a
/// code read off paper can be typed back.
const ALPHABET: &[u8; 32] = b"abcdefghjkmnpqrstuvwxyz23456789-";
/// 20 letters of 5 bits: 100 bits, too many to guess.
pub const CODE_LEN: usize = 20;

/// A certificate's verification code.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CertificateCode(String);

impl CertificateCode {
    /// A code from random bytes (the server draws them).
    pub fn from_random(bytes: [u8; CODE_LEN]) -> CertificateCode {
        // 31 letters (the dash only separates groups when shown): a small bias is harmless
        // in a 100-bit code.
        CertificateCode(
            bytes
                .iter()
                .map(|b| char::from(ALPHABET[usize::from(*b) % 31]))
                .collect(),
        )
    }

    /// A code as typed or linked: any case, dashes and spaces ignored. `None` when it cannot be
    /// one of Tandem's codes.
    pub fn parse(raw: &str) -> Option<CertificateCode> {
        let code: String = raw
            .chars()
            .filter(|c| *c != '-' && !c.is_whitespace())
            .map(|c| c.to_ascii_lowercase())
            .collect();
        (code.len() == CODE_LEN && code.bytes().all(|b| ALPHABET[..31].contains(&b)))
            .then_some(CertificateCode(code))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// In groups of five, as printed: `abcde-fghjk-mnpqr-stuvw`.
    pub fn grouped(&self) -> String {
        self.0
            .as_bytes()
            .chunks(5)
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect::<Vec<_>>()
            .join("-")
    }
}

/// "5 March 2026": a certificate is read by people outside Tandem, so the month is spelt
/// out. `day` counts days since 1970-01-01.
pub fn long_day(day: i64) -> String {
    const LONG: &[time::format_description::FormatItem<'static>] =
        time::macros::format_description!("[day padding:none] [month repr:long] [year]");
    time::OffsetDateTime::from_unix_timestamp(day * 86_400)
        .ok()
        .and_then(|t| t.date().format(LONG).ok())
        .unwrap_or_default()
}

/// "5 March 2026 to 4 June 2026", or one day.
pub fn period(from_day: i64, to_day: i64) -> String {
    if from_day == to_day {
        long_day(from_day)
    } else {
        format!("{} to {}", long_day(from_day), long_day(to_day))
    }
}

/// "12 hours", "1.5 hours", "45 minutes": held time as a certificate states it, to the
/// quarter hour below a whole number.
pub fn held_time(minutes: i64) -> String {
    if minutes < 60 {
        return format!("{minutes} minutes");
    }
    let quarters = (minutes + 7) / 15;
    let (hours, rest) = (quarters / 4, quarters % 4);
    match rest {
        0 if hours == 1 => "1 hour".to_owned(),
        0 => format!("{hours} hours"),
        1 => format!("{hours}.25 hours"),
        2 => format!("{hours}.5 hours"),
        _ => format!("{hours}.75 hours"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_read_back_however_they_are_typed() {
        let code = CertificateCode::from_random([7; CODE_LEN]);
        assert_eq!(code.as_str().len(), CODE_LEN);
        let printed = code.grouped();
        assert_eq!(printed.len(), CODE_LEN + 3);
        assert_eq!(CertificateCode::parse(&printed), Some(code.clone()));
        assert_eq!(
            CertificateCode::parse(&format!(" {} ", printed.to_uppercase())),
            Some(code)
        );
    }

    #[test]
    fn codes_never_hold_look_alike_letters() {
        let bytes: [u8; CODE_LEN] = std::array::from_fn(|i| (i * 13) as u8);
        let code = CertificateCode::from_random(bytes);
        assert!(!code.as_str().contains(['0', 'o', '1', 'l', 'i', '-']));
        for b in 0..=255u8 {
            let c = CertificateCode::from_random([b; CODE_LEN]);
            assert!(CertificateCode::parse(c.as_str()).is_some(), "{b}");
        }
    }

    #[test]
    fn wrong_codes_are_refused() {
        assert_eq!(CertificateCode::parse(""), None);
        assert_eq!(CertificateCode::parse("abcde"), None);
        assert_eq!(CertificateCode::parse("abcde-fghjk-mnpqr-stuv0"), None);
        assert_eq!(CertificateCode::parse("abcde-fghjk-mnpqr-stuvwx"), None);
        assert_eq!(CertificateCode::parse("../../etc/passwd"), None);
    }

    #[test]
    fn held_time_reads_as_people_say_it() {
        assert_eq!(held_time(0), "0 minutes");
        assert_eq!(held_time(45), "45 minutes");
        assert_eq!(held_time(60), "1 hour");
        assert_eq!(held_time(90), "1.5 hours");
        assert_eq!(held_time(100), "1.75 hours");
        assert_eq!(held_time(12 * 60 + 5), "12 hours");
        assert_eq!(held_time(12 * 60 + 8), "12.25 hours");
    }

    #[test]
    fn periods_spell_the_month_out() {
        // 2026-03-05 is day 20517.
        assert_eq!(long_day(20_517), "5 March 2026");
        assert_eq!(period(20_517, 20_517), "5 March 2026");
        assert_eq!(period(20_517, 20_608), "5 March 2026 to 4 June 2026");
    }

    #[test]
    fn roles_round_trip() {
        for role in CertificateRole::ALL {
            assert_eq!(CertificateRole::parse(role.as_str()), Some(*role));
        }
        assert_eq!(CertificateRole::parse("boss"), None);
    }
}
