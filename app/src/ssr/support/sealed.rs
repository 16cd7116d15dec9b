//! Secrets admins paste (a chat webhook address is a password: whoever has it can post to the
//! channel) are kept sealed in the database, so a copy of the database or a backup does not
//! hand them out. Sealing is XChaCha20-Poly1305 under a key derived from the server's secret;
//! the sealed text names its key, and earlier secrets still open what they sealed, so the
//! secret can rotate as link keys do.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use sha2::{Digest, Sha256};

/// What a sealed secret is for; it is bound to the seal, so a secret sealed for one use can
/// not be passed off as another's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SealPurpose {
    ChatWebhook,
    SlackApp,
    OidcClientSecret,
}

impl SealPurpose {
    fn label(self) -> &'static [u8] {
        match self {
            SealPurpose::ChatWebhook => b"tandem chat webhooks v1\0",
            SealPurpose::SlackApp => b"tandem slack app v1\0",
            SealPurpose::OidcClientSecret => b"tandem oidc client secret v1\0",
        }
    }
}

const KEY_ID: usize = 4;
const NONCE: usize = 24;

/// Why a sealed secret could not be opened: the server's secret changed and the old one is
/// no longer among the previous keys, or the stored text was damaged.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a stored secret could not be opened: {0}")]
pub struct SealError(&'static str);

/// The keys for one purpose: the current one seals, all of them open.
pub struct Seals {
    purpose: SealPurpose,
    keys: Vec<([u8; KEY_ID], [u8; 32])>,
}

impl Seals {
    pub fn new(purpose: SealPurpose, secret: &[u8], previous: &[Vec<u8>]) -> Seals {
        let keys = std::iter::once(secret)
            .chain(previous.iter().map(Vec::as_slice))
            .map(|s| {
                let key: [u8; 32] = Sha256::new()
                    .chain_update(b"tandem sealing key\0")
                    .chain_update(purpose.label())
                    .chain_update(s)
                    .finalize()
                    .into();
                let id = Sha256::digest(key);
                ([id[0], id[1], id[2], id[3]], key)
            })
            .collect();
        Seals { purpose, keys }
    }

    /// `plain` sealed with the current key and a fresh random nonce, as URL-safe base64.
    pub fn seal(&self, plain: &str) -> String {
        let (id, key) = &self.keys[0];
        let cipher = XChaCha20Poly1305::new(key.into());
        let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
        let sealed = cipher
            .encrypt(
                &nonce,
                Payload {
                    msg: plain.as_bytes(),
                    aad: self.purpose.label(),
                },
            )
            .unwrap_or_default();
        let mut out = Vec::with_capacity(KEY_ID + NONCE + sealed.len());
        out.extend_from_slice(id);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        URL_SAFE_NO_PAD.encode(out)
    }

    /// The secret `sealed` holds.
    pub fn open(&self, sealed: &str) -> Result<String, SealError> {
        let bytes = URL_SAFE_NO_PAD
            .decode(sealed)
            .map_err(|_| SealError("it is not base64"))?;
        if bytes.len() < KEY_ID + NONCE + 16 {
            return Err(SealError("it is too short"));
        }
        let (id, rest) = bytes.split_at(KEY_ID);
        let (nonce, sealed) = rest.split_at(NONCE);
        let (_, key) = self.keys.iter().find(|(k, _)| k == id).ok_or(SealError(
            "it was sealed with a key this server no longer has",
        ))?;
        let plain = XChaCha20Poly1305::new(key.into())
            .decrypt(
                XNonce::from_slice(nonce),
                Payload {
                    msg: sealed,
                    aad: self.purpose.label(),
                },
            )
            .map_err(|_| SealError("it was altered"))?;
        String::from_utf8(plain).map_err(|_| SealError("it is not text"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const URL: &str = "https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXXXXXXXXXX";

    #[test]
    fn a_sealed_secret_opens_and_does_not_show_itself() {
        let seals = Seals::new(SealPurpose::ChatWebhook, &[7; 32], &[]);
        let sealed = seals.seal(URL);
        assert!(!sealed.contains("hooks"));
        assert_ne!(sealed, seals.seal(URL), "each seal has a fresh nonce");
        assert_eq!(seals.open(&sealed).unwrap(), URL);
    }

    #[test]
    fn an_earlier_secret_still_opens_what_it_sealed() {
        let old = Seals::new(SealPurpose::ChatWebhook, &[1; 32], &[]);
        let sealed = old.seal(URL);
        let rotated = Seals::new(SealPurpose::ChatWebhook, &[2; 32], &[vec![1; 32]]);
        assert_eq!(rotated.open(&sealed).unwrap(), URL);
        let forgotten = Seals::new(SealPurpose::ChatWebhook, &[2; 32], &[]);
        assert!(forgotten.open(&sealed).is_err());
    }

    #[test]
    fn an_altered_seal_does_not_open() {
        let seals = Seals::new(SealPurpose::ChatWebhook, &[7; 32], &[]);
        let mut bytes = URL_SAFE_NO_PAD.decode(seals.seal(URL)).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        assert_eq!(
            seals.open(&URL_SAFE_NO_PAD.encode(bytes)),
            Err(SealError("it was altered"))
        );
        assert!(seals.open("not sealed at all").is_err());
    }
}
