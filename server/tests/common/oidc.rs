//! A real OpenID provider on loopback: PyPI's oidc-provider-mock (Flask and Authlib, from the
//! test servers' Python, see scripts/setup.sh). It publishes discovery metadata and a JWKS,
//! runs the authorisation-code flow and signs ID tokens with a key it makes at start, so a
//! restart is a key rotation. Claims stored for a person go into their ID token as given,
//! which is how the tests make it sign a token with a wrong issuer, audience, expiry or nonce.

use super::smtp::peer_python;
use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

pub struct OidcPeer {
    pub port: u16,
    child: Child,
}

impl OidcPeer {
    /// `None` when the test servers are not installed (a failure under `CI=true`).
    pub fn start() -> Option<OidcPeer> {
        Self::start_on(0)
    }

    /// On `port` (0: any free one).
    pub fn start_on(port: u16) -> Option<OidcPeer> {
        let python = peer_python("the single sign-on tests")?;
        let mut child = Command::new(python)
            .args([
                "-u",
                "-m",
                "oidc_provider_mock",
                "--port",
                &port.to_string(),
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the OpenID provider starts");
        // "… Uvicorn running on http://127.0.0.1:43201 (Press CTRL+C to quit)"
        let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
        let port = loop {
            let Some(Ok(line)) = lines.next() else {
                panic!("the OpenID provider did not start");
            };
            if let Some(rest) = line.split("running on http://127.0.0.1:").nth(1) {
                break rest
                    .split(|c: char| !c.is_ascii_digit())
                    .next()
                    .and_then(|p| p.parse().ok())
                    .expect("the OpenID provider's port");
            }
        };
        // Its log is drained so that it never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        Some(OidcPeer { port, child })
    }

    /// The issuer URL, as an admin types it.
    pub fn issuer(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Stores the claims the provider puts in `sub`'s ID token.
    pub async fn person(&self, sub: &str, claims: Value) {
        let res = reqwest::Client::new()
            .put(format!("{}/users/{sub}", self.issuer()))
            .json(&claims)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 204, "the provider stores {sub}");
    }

    /// Signs in as `sub` on the provider's authorisation page (the address Tandem sent the
    /// browser to) and returns where the provider sends the browser back.
    pub async fn authorize(&self, authorize_url: &str, sub: &str) -> String {
        let res = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap()
            .post(authorize_url)
            .form(&[("sub", sub)])
            .send()
            .await
            .unwrap();
        assert!(
            res.status().is_redirection(),
            "the provider signs {sub} in: {}",
            res.status()
        );
        res.headers()["location"].to_str().unwrap().to_owned()
    }
}

impl Drop for OidcPeer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
