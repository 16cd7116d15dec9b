//! Slack's request signing: every request Slack sends (a button pressed, a slash command)
//! carries `X-Slack-Request-Timestamp` and `X-Slack-Signature`, an HMAC-SHA256 of
//! `v0:{timestamp}:{body}` under the app's signing secret. A request is acted on only when the
//! signature matches (compared in constant time) and the timestamp is at most five minutes
//! from now, so an old request cannot be played again later; the replay cache in the database
//! refuses it within those five minutes.

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// How far a request's timestamp may be from now.
pub const MAX_AGE_SECS: i64 = 300;

/// Why a request was refused; each is answered 401 and changes nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    #[error("the request is not signed")]
    Unsigned,
    #[error("the request's timestamp is more than five minutes from now")]
    Stale,
    #[error("the request's signature does not match")]
    Mismatch,
    #[error("the request was already received")]
    Replayed,
}

/// Checks a request's signature headers against its raw body.
pub fn verify(
    secret: &[u8],
    timestamp: Option<&str>,
    signature: Option<&str>,
    body: &[u8],
    now: i64,
) -> Result<(), Refused> {
    let (Some(timestamp), Some(signature)) = (timestamp, signature) else {
        return Err(Refused::Unsigned);
    };
    let at: i64 = timestamp.trim().parse().map_err(|_| Refused::Unsigned)?;
    if (now - at).abs() > MAX_AGE_SECS {
        return Err(Refused::Stale);
    }
    let given = signature
        .strip_prefix("v0=")
        .and_then(hex)
        .ok_or(Refused::Mismatch)?;
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).map_err(|_| Refused::Mismatch)?;
    mac.update(b"v0:");
    mac.update(timestamp.trim().as_bytes());
    mac.update(b":");
    mac.update(body);
    mac.verify_slice(&given).map_err(|_| Refused::Mismatch)
}

/// The signature Slack would send for `body` at `timestamp`: for the tests' stand-in.
pub fn sign(secret: &[u8], timestamp: i64, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("any key length");
    mac.update(format!("v0:{timestamp}:").as_bytes());
    mac.update(body);
    let digest = mac.finalize().into_bytes();
    format!(
        "v0={}",
        digest
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    )
}

fn hex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    // The worked example of Slack's "Verifying requests from Slack" guide.
    const SECRET: &[u8] = b"8f742231b10e8888abcd99yyyzzz85a5";
    const TIMESTAMP: &str = "1531420618";
    const BODY: &str = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    const SIGNATURE: &str = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

    #[test]
    fn slacks_published_example_verifies() {
        let now = 1_531_420_618 + 60;
        assert_eq!(
            verify(
                SECRET,
                Some(TIMESTAMP),
                Some(SIGNATURE),
                BODY.as_bytes(),
                now
            ),
            Ok(())
        );
        assert_eq!(sign(SECRET, 1_531_420_618, BODY.as_bytes()), SIGNATURE);
    }

    #[test]
    fn stale_tampered_and_unsigned_requests_are_refused() {
        let now = 1_531_420_618;
        assert_eq!(
            verify(
                SECRET,
                Some(TIMESTAMP),
                Some(SIGNATURE),
                BODY.as_bytes(),
                now + 301
            ),
            Err(Refused::Stale)
        );
        assert_eq!(
            verify(
                SECRET,
                Some(TIMESTAMP),
                Some(SIGNATURE),
                BODY.as_bytes(),
                now - 301
            ),
            Err(Refused::Stale)
        );
        let tampered = BODY.replace("U2CERLKJA", "U2CERLKJB");
        assert_eq!(
            verify(
                SECRET,
                Some(TIMESTAMP),
                Some(SIGNATURE),
                tampered.as_bytes(),
                now
            ),
            Err(Refused::Mismatch)
        );
        assert_eq!(
            verify(
                b"another secret",
                Some(TIMESTAMP),
                Some(SIGNATURE),
                BODY.as_bytes(),
                now
            ),
            Err(Refused::Mismatch)
        );
        assert_eq!(
            verify(
                SECRET,
                Some("1531420619"),
                Some(SIGNATURE),
                BODY.as_bytes(),
                now
            ),
            Err(Refused::Mismatch),
            "the timestamp is part of what is signed"
        );
        assert_eq!(
            verify(SECRET, Some(TIMESTAMP), Some("v0=zz"), BODY.as_bytes(), now),
            Err(Refused::Mismatch)
        );
        assert_eq!(
            verify(SECRET, None, Some(SIGNATURE), BODY.as_bytes(), now),
            Err(Refused::Unsigned)
        );
    }
}
