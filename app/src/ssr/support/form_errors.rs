//! A form posted without JavaScript comes back to its page with the error in the address
//! (`?error=…&field=…`). Anyone can write such an address, so a page would show whatever a
//! link says ("Your password expired, call…") in Tandem's own alert. The server therefore
//! seals the text it sends back; a page shows an error from its address only with a seal
//! that matches it and is at most ten minutes old.

use super::links::{LinkClaim, LinkKeys};
use sha2::{Digest, Sha256};

/// How long a sealed error may be shown: long enough to read, too short to pass around.
pub const SEAL_SECS: i64 = 600;

/// The seal for `message` on `field` (empty when the error is about the whole form).
pub fn seal(keys: &LinkKeys, field: &str, message: &str, now: i64) -> String {
    keys.sign(&LinkClaim {
        subject: digest(field, message),
        user_id: 0,
        generation: 0,
        expires_at: now + SEAL_SECS,
    })
}

/// Whether `seal` was made by this server for exactly this `field` and `message`, and is
/// still fresh at `now`.
pub fn is_sealed(keys: &LinkKeys, field: &str, message: &str, seal: &str, now: i64) -> bool {
    keys.verify(seal, now)
        .is_ok_and(|claim| claim.subject == digest(field, message))
}

/// The seal of the error in a page's address (`uri`), when it is sealed and fresh: the page
/// may then show that error.
pub fn checked_seal(keys: &LinkKeys, uri: &axum::http::Uri, now: i64) -> Option<String> {
    use axum::extract::Query;
    use std::collections::HashMap;
    let Query(query) = Query::<HashMap<String, String>>::try_from_uri(uri).ok()?;
    let (message, seal) = (query.get("error")?, query.get("seal")?);
    let field = query.get("field").map_or("", String::as_str);
    is_sealed(keys, field, message, seal, now).then(|| seal.clone())
}

fn digest(field: &str, message: &str) -> i64 {
    let hash = Sha256::new()
        .chain_update(field.as_bytes())
        .chain_update([0])
        .chain_update(message.as_bytes())
        .finalize();
    let mut n = [0u8; 8];
    n.copy_from_slice(&hash[..8]);
    i64::from_be_bytes(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ssr::support::links::LinkPurpose;

    #[test]
    fn only_the_sealed_text_on_its_field_while_fresh() {
        let keys = LinkKeys::new(LinkPurpose::FormError, &[3; 32], &[]);
        let s = seal(&keys, "email", "Enter your email address.", 1_000);
        assert!(is_sealed(
            &keys,
            "email",
            "Enter your email address.",
            &s,
            1_000
        ));
        assert!(is_sealed(
            &keys,
            "email",
            "Enter your email address.",
            &s,
            1_600
        ));
        assert!(!is_sealed(
            &keys,
            "email",
            "Enter your email address.",
            &s,
            1_601
        ));
        assert!(!is_sealed(
            &keys,
            "email",
            "Call 555-0100 to unlock.",
            &s,
            1_000
        ));
        assert!(!is_sealed(
            &keys,
            "password",
            "Enter your email address.",
            &s,
            1_000
        ));
        assert!(!is_sealed(
            &keys,
            "email",
            "Enter your email address.",
            "x",
            1_000
        ));
        let uri: axum::http::Uri =
            format!("/sign-in?next=/x&error=Enter%20your%20email%20address.&field=email&seal={s}")
                .parse()
                .unwrap();
        assert_eq!(checked_seal(&keys, &uri, 1_000), Some(s.clone()));
        let forged: axum::http::Uri = format!("/sign-in?error=Call%20555&field=email&seal={s}")
            .parse()
            .unwrap();
        assert_eq!(checked_seal(&keys, &forged, 1_000), None);
        let other = LinkKeys::new(LinkPurpose::FormError, &[4; 32], &[]);
        assert!(!is_sealed(
            &other,
            "email",
            "Enter your email address.",
            &s,
            1_000
        ));
    }
}
