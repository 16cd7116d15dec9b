//! Personal links in emails: a token that names what it is about (an event to answer, a kind
//! of email to stop, a session to confirm), a person and an expiry, signed so that nobody can
//! make one up or change one.
//!
//! The token carries everything needed to act without signing in. For RSVP links the database
//! keeps only a counter per person and event (`link_generation`): bumping it revokes every link
//! sent before. Tokens are signed with HMAC-SHA-256 under a key derived from the server's secret;
//! each token names its key, and the key ring accepts previous secrets, so keys can rotate
//! without breaking links already in people's inboxes.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

type HmacSha256 = Hmac<Sha256>;

/// What a link is for. Each purpose signs with a key of its own, so a token made for one
/// never works for another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkPurpose {
    /// Answering an event: `subject` is the event.
    Rsvp,
    /// Turning a kind of email off: `subject` is the kind's number.
    Unsubscribe,
    /// Saying whether a pair session took place: `subject` is the session.
    Session,
    /// A form's error carried back in a page's address: `subject` is a digest of the text.
    FormError,
    /// Skipping a week's reminder: `subject` is the week the reminder came in.
    Snooze,
}

impl LinkPurpose {
    fn label(self) -> &'static [u8] {
        match self {
            LinkPurpose::Rsvp => b"tandem rsvp links v1\0",
            LinkPurpose::Unsubscribe => b"tandem unsubscribe links v1\0",
            LinkPurpose::Session => b"tandem session links v1\0",
            LinkPurpose::FormError => b"tandem form errors v1\0",
            LinkPurpose::Snooze => b"tandem snooze links v1\0",
        }
    }
}

/// What a valid link says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LinkClaim {
    /// What the link is about: an event, a kind of email, a session.
    pub subject: i64,
    pub user_id: i64,
    /// For RSVP links, must equal the person's current `link_generation` for the event;
    /// otherwise free for the purpose's use.
    pub generation: i64,
    /// Unix seconds after which the link no longer works.
    pub expires_at: i64,
}

/// Why a link was refused. Each says what the person can do next.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum LinkError {
    #[error(
        "This link is incomplete or damaged. Open it again from your email, or sign in to answer."
    )]
    Malformed,
    #[error("This link has been altered and cannot be used. Open the original from your email, or sign in to answer.")]
    Tampered,
    #[error("This link was signed with a key Tandem no longer uses. Sign in to answer, or ask the organiser for a new invitation.")]
    UnknownKey,
    #[error(
        "This link has expired. Sign in to answer, or ask the organiser for a new invitation."
    )]
    Expired,
    #[error(
        "This link was replaced by a newer invitation. Use the newest email, or sign in to answer."
    )]
    Revoked,
}

/// Key ids are 4 bytes; the claim is 8 + 8 + 8 + 8 bytes; the signature is cut to 16 bytes
/// (128 bits), which keeps links short enough for chat messages.
const KEY_ID: usize = 4;
const CLAIM: usize = 32;
const SIGNATURE: usize = 16;
const VERSION: u8 = 1;

/// The signing keys: the current one first, then previous ones still accepted.
#[derive(Clone)]
pub struct LinkKeys {
    keys: Vec<([u8; KEY_ID], [u8; 32])>,
}

impl LinkKeys {
    /// Keys from the server secret and any previous secrets, derived for `purpose` alone, so
    /// a token for one purpose never verifies for another.
    pub fn new(purpose: LinkPurpose, current: &[u8], previous: &[Vec<u8>]) -> Self {
        let keys = std::iter::once(current)
            .chain(previous.iter().map(Vec::as_slice))
            .map(|secret| {
                let key: [u8; 32] = Sha256::new()
                    .chain_update(purpose.label())
                    .chain_update(secret)
                    .finalize()
                    .into();
                let id: [u8; 32] = Sha256::digest(key).into();
                let mut key_id = [0u8; KEY_ID];
                key_id.copy_from_slice(&id[..KEY_ID]);
                (key_id, key)
            })
            .collect();
        Self { keys }
    }

    /// A link token for `claim`, signed with the current key.
    pub fn sign(&self, claim: &LinkClaim) -> String {
        let (id, key) = &self.keys[0];
        let mut bytes = Vec::with_capacity(1 + KEY_ID + CLAIM + SIGNATURE);
        bytes.push(VERSION);
        bytes.extend_from_slice(id);
        for n in [
            claim.subject,
            claim.user_id,
            claim.generation,
            claim.expires_at,
        ] {
            bytes.extend_from_slice(&n.to_be_bytes());
        }
        let signature = mac(key, &bytes);
        bytes.extend_from_slice(&signature[..SIGNATURE]);
        URL_SAFE_NO_PAD.encode(bytes)
    }

    /// The claim of a token signed by one of the keys and not expired at `now`. Revocation is
    /// the caller's to check, against the stored generation.
    pub fn verify(&self, token: &str, now: i64) -> Result<LinkClaim, LinkError> {
        let bytes = URL_SAFE_NO_PAD
            .decode(token.trim())
            .map_err(|_| LinkError::Malformed)?;
        if bytes.len() != 1 + KEY_ID + CLAIM + SIGNATURE || bytes[0] != VERSION {
            return Err(LinkError::Malformed);
        }
        let (signed, signature) = bytes.split_at(1 + KEY_ID + CLAIM);
        let key = self
            .keys
            .iter()
            .find(|(id, _)| id[..] == signed[1..1 + KEY_ID])
            .map(|(_, key)| key)
            .ok_or(LinkError::UnknownKey)?;
        let mut check = HmacSha256::new_from_slice(key).map_err(|_| LinkError::Malformed)?;
        check.update(signed);
        check
            .verify_truncated_left(signature)
            .map_err(|_| LinkError::Tampered)?;
        let field = |k: usize| {
            let at = 1 + KEY_ID + 8 * k;
            let mut n = [0u8; 8];
            n.copy_from_slice(&signed[at..at + 8]);
            i64::from_be_bytes(n)
        };
        let claim = LinkClaim {
            subject: field(0),
            user_id: field(1),
            generation: field(2),
            expires_at: field(3),
        };
        if now > claim.expires_at {
            return Err(LinkError::Expired);
        }
        Ok(claim)
    }
}

fn mac(key: &[u8; 32], bytes: &[u8]) -> [u8; 32] {
    let mut mac = HmacSha256::new_from_slice(key).expect("HMAC takes keys of any length");
    mac.update(bytes);
    mac.finalize().into_bytes().into()
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_800_000_000;

    fn claim() -> LinkClaim {
        LinkClaim {
            subject: 42,
            user_id: 7,
            generation: 3,
            expires_at: NOW + 3_600,
        }
    }

    fn keys() -> LinkKeys {
        LinkKeys::new(
            LinkPurpose::Rsvp,
            b"a server secret of at least thirty-two bytes",
            &[],
        )
    }

    #[test]
    fn a_signed_link_verifies_to_its_claim() {
        let token = keys().sign(&claim());
        assert_eq!(keys().verify(&token, NOW), Ok(claim()));
        assert!(token.len() < 80, "short enough for a chat message: {token}");
        assert!(token
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
    }

    #[test]
    fn changing_any_byte_of_a_link_is_detected() {
        let keys = keys();
        let token = keys.sign(&claim());
        let bytes = URL_SAFE_NO_PAD.decode(&token).unwrap();
        for at in 0..bytes.len() {
            let mut changed = bytes.clone();
            changed[at] ^= 0x01;
            let result = keys.verify(&URL_SAFE_NO_PAD.encode(&changed), NOW);
            let expected = match at {
                0 => LinkError::Malformed,
                1..=4 => LinkError::UnknownKey,
                _ => LinkError::Tampered,
            };
            assert_eq!(result, Err(expected), "byte {at} changed");
        }
    }

    #[test]
    fn each_field_of_the_claim_is_covered_by_the_signature() {
        // Re-signing with another key is the only way to change a field, and a link signed
        // with another key is refused.
        let forger = LinkKeys::new(
            LinkPurpose::Rsvp,
            b"somebody else's secret, also long enough",
            &[],
        );
        for changed in [
            LinkClaim {
                subject: 43,
                ..claim()
            },
            LinkClaim {
                user_id: 8,
                ..claim()
            },
            LinkClaim {
                generation: 4,
                ..claim()
            },
            LinkClaim {
                expires_at: NOW + 86_400 * 365,
                ..claim()
            },
        ] {
            let forged = forger.sign(&changed);
            assert_eq!(keys().verify(&forged, NOW), Err(LinkError::UnknownKey));
            // The forger's key id spliced onto our key id still fails the signature.
            let mut bytes = URL_SAFE_NO_PAD.decode(&forged).unwrap();
            let ours = URL_SAFE_NO_PAD.decode(keys().sign(&claim())).unwrap();
            bytes[1..5].copy_from_slice(&ours[1..5]);
            assert_eq!(
                keys().verify(&URL_SAFE_NO_PAD.encode(&bytes), NOW),
                Err(LinkError::Tampered)
            );
        }
    }

    #[test]
    fn links_expire() {
        let token = keys().sign(&claim());
        assert!(keys().verify(&token, claim().expires_at).is_ok());
        assert_eq!(
            keys().verify(&token, claim().expires_at + 1),
            Err(LinkError::Expired)
        );
    }

    #[test]
    fn rotated_keys_keep_old_links_working_until_the_old_secret_is_dropped() {
        let old = keys();
        let token = old.sign(&claim());
        let rotated = LinkKeys::new(
            LinkPurpose::Rsvp,
            b"the new server secret, thirty-two bytes or more",
            &[b"a server secret of at least thirty-two bytes".to_vec()],
        );
        assert_eq!(rotated.verify(&token, NOW), Ok(claim()));
        let fresh = rotated.sign(&claim());
        assert_ne!(fresh, token, "new links use the new key");
        assert_eq!(
            old.verify(&fresh, NOW),
            Err(LinkError::UnknownKey),
            "servers without the new key refuse its links"
        );
        let dropped = LinkKeys::new(
            LinkPurpose::Rsvp,
            b"the new server secret, thirty-two bytes or more",
            &[],
        );
        assert_eq!(dropped.verify(&token, NOW), Err(LinkError::UnknownKey));
    }

    #[test]
    fn a_token_for_one_purpose_never_works_for_another() {
        let secret = b"a server secret of at least thirty-two bytes";
        let rsvp = LinkKeys::new(LinkPurpose::Rsvp, secret, &[]).sign(&claim());
        for other in [LinkPurpose::Unsubscribe, LinkPurpose::Session] {
            assert_eq!(
                LinkKeys::new(other, secret, &[]).verify(&rsvp, NOW),
                Err(LinkError::UnknownKey)
            );
        }
    }

    #[test]
    fn garbage_is_refused_as_malformed() {
        for token in ["", "abc", "!!!!", &"A".repeat(10_000)] {
            assert_eq!(keys().verify(token, NOW), Err(LinkError::Malformed));
        }
    }
}
