//! A real SAML 2.0 identity provider on loopback: SimpleSAMLphp (Debian's package, installed
//! by scripts/setup.sh) under PHP's own web server, started by scripts/saml-idp.sh in a folder
//! of its own with an RSA signing key made by `openssl`. The test writes the people who sign
//! in with a username and password on its login page, and the service providers it answers.
//! Options on a service provider make it send what a misconfigured or hostile identity
//! provider would: an unsigned assertion, or one that has already expired.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

const SSP_WWW: &str = "/usr/share/simplesamlphp/www";

/// Options in SimpleSAMLphp's words: a key and a PHP value.
type Options = Vec<(String, String)>;

pub struct SamlPeer {
    pub port: u16,
    dir: PathBuf,
    child: Child,
    /// Username → attributes.
    people: Mutex<BTreeMap<String, Options>>,
    /// Entity ID → (Assertion Consumer Service, options).
    services: Mutex<BTreeMap<String, (String, Options)>>,
}

/// What the identity provider's page posts to a service provider.
pub struct Answer {
    /// The form's action: the service provider's Assertion Consumer Service.
    pub acs: String,
    /// The base64 SAMLResponse.
    pub response: String,
}

impl Answer {
    pub fn xml(&self) -> String {
        use base64::Engine;
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(&self.response)
            .unwrap();
        String::from_utf8(bytes).unwrap()
    }

    /// The same answer with its XML changed, base64 again.
    pub fn with_xml(&self, xml: &str) -> Answer {
        use base64::Engine;
        Answer {
            acs: self.acs.clone(),
            response: base64::engine::general_purpose::STANDARD.encode(xml),
        }
    }
}

fn php_string(s: &str) -> String {
    format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"))
}

fn installed() -> bool {
    Path::new(SSP_WWW).exists()
        && Command::new("php")
            .arg("--version")
            .stdout(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
}

impl SamlPeer {
    /// `None` when SimpleSAMLphp is not installed (a failure under `CI=true`).
    pub fn start() -> Option<SamlPeer> {
        if !installed() {
            if std::env::var("CI").is_ok_and(|v| v == "true") {
                panic!("the SAML tests need SimpleSAMLphp: run scripts/setup.sh");
            }
            eprintln!("skipping: the SAML tests need SimpleSAMLphp (run scripts/setup.sh)");
            return None;
        }
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let dir = std::env::temp_dir().join(format!("tandem-saml-{}", rand::random::<u64>()));
        std::fs::create_dir_all(dir.join("metadata")).unwrap();
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../scripts/saml-idp.sh");
        let child = Command::new("bash")
            .arg(script)
            .arg(port.to_string())
            .arg(&dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("SimpleSAMLphp starts");
        let peer = SamlPeer {
            port,
            dir,
            child,
            people: Mutex::new(BTreeMap::new()),
            services: Mutex::new(BTreeMap::new()),
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "SimpleSAMLphp did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        Some(peer)
    }

    pub fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Its metadata's address, which is also its entity ID.
    pub fn metadata_url(&self) -> String {
        format!("{}/saml2/idp/metadata.php", self.base())
    }

    pub async fn metadata(&self) -> String {
        let res = reqwest::get(self.metadata_url()).await.unwrap();
        assert_eq!(res.status(), 200);
        res.text().await.unwrap()
    }

    /// Someone who signs in as `username` (password: `username-password`); `uid` is their
    /// NameID, the other attributes go into their assertions as given.
    pub fn person(&self, username: &str, attributes: &[(&str, &str)]) {
        let mut people = self.people.lock().unwrap();
        people.insert(
            username.to_owned(),
            attributes
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        );
        drop(people);
        self.write_people();
    }

    /// The service provider `entity_id` with its Assertion Consumer Service, and options in
    /// SimpleSAMLphp's words (PHP values), which replace any it had.
    pub fn register(&self, entity_id: &str, acs: &str, options: &[(&str, &str)]) {
        let mut services = self.services.lock().unwrap();
        services.insert(
            entity_id.to_owned(),
            (
                acs.to_owned(),
                options
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect(),
            ),
        );
        drop(services);
        self.write_services();
    }

    fn write_people(&self) {
        let mut php = String::from(
            "<?php\n$config = [\n    'people' => [\n        'exampleauth:UserPass',\n",
        );
        for (user, attributes) in self.people.lock().unwrap().iter() {
            let _ = writeln!(
                php,
                "        {} => [",
                php_string(&format!("{user}:{user}-password"))
            );
            for (k, v) in attributes {
                let _ = writeln!(php, "            {} => [{}],", php_string(k), php_string(v));
            }
            php.push_str("        ],\n");
        }
        php.push_str("    ],\n];\n");
        std::fs::write(self.dir.join("authsources.php"), php).unwrap();
    }

    fn write_services(&self) {
        let mut php = String::from("<?php\n");
        for (entity, (acs, options)) in self.services.lock().unwrap().iter() {
            let _ = writeln!(php, "$metadata[{}] = [", php_string(entity));
            let _ = writeln!(
                php,
                "    'AssertionConsumerService' => {},",
                php_string(acs)
            );
            php.push_str(
                "    'NameIDFormat' => 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',\n",
            );
            php.push_str("    'simplesaml.nameidattribute' => 'uid',\n");
            for (k, v) in options {
                let _ = writeln!(php, "    {} => {v},", php_string(k));
            }
            php.push_str("];\n");
        }
        std::fs::write(self.dir.join("metadata/saml20-sp-remote.php"), php).unwrap();
    }

    /// In a browser of its own, follows `to_idp` (the address a service provider sent the
    /// browser to, or the provider's own IdP-initiated address), signs in on the login page as
    /// `username`, and returns what the provider's page would post.
    pub async fn sign_in(&self, to_idp: &str, username: &str) -> Answer {
        let browser = reqwest::Client::builder()
            .cookie_store(true)
            .timeout(Duration::from_secs(60))
            .build()
            .unwrap();
        let login = browser.get(to_idp).send().await.unwrap();
        assert_eq!(login.status(), 200, "the login page of {to_idp}");
        let login_url = login.url().clone();
        let auth_state = login_url
            .query_pairs()
            .find(|(k, _)| k == "AuthState")
            .map(|(_, v)| v.into_owned())
            .unwrap_or_else(|| panic!("a login page, not {login_url}"));
        let page = browser
            .post(login_url.as_str())
            .form(&[
                ("username", username),
                ("password", &format!("{username}-password")),
                ("AuthState", &auth_state),
            ])
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let acs = between(&page, "action=\"", "\"")
            .unwrap_or_else(|| panic!("the provider's post form: {page}"));
        let response = between(&page, "name=\"SAMLResponse\" value=\"", "\"")
            .unwrap_or_else(|| panic!("a SAMLResponse: {page}"));
        Answer {
            acs: acs.replace("&amp;", "&"),
            response,
        }
    }

    /// The address at which the provider starts a sign-in of its own for `entity_id`, with no
    /// request from it (IdP-initiated).
    pub fn unsolicited(&self, entity_id: &str) -> String {
        let query: String = form_urlencoded::Serializer::new(String::new())
            .append_pair("spentityid", entity_id)
            .finish();
        format!("{}/saml2/idp/SSOService.php?{query}", self.base())
    }
}

fn between(text: &str, start: &str, end: &str) -> Option<String> {
    let from = text.find(start)? + start.len();
    let len = text[from..].find(end)?;
    Some(text[from..from + len].to_owned())
}

impl Drop for SamlPeer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
