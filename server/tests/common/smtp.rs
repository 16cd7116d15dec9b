//! A real SMTP server for the tests: aiosmtpd (installed by scripts/setup.sh into
//! .tools/python) on a loopback port, with STARTTLS under a certificate authority made for the
//! run, and AUTH. It keeps every message it accepts as an `.eml` file, which the tests parse
//! as a mail client would. Recipients steer its answers (see tests/peers/smtp_server.py).

use app::ssr::support::mailer::{SmtpMailer, SmtpSecurity, SmtpSettings};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

pub const USER: &str = "tandem";
pub const PASSWORD: &str = "smtp-secret-for-tests";

pub struct SmtpPeer {
    pub port: u16,
    pub mailbox: PathBuf,
    /// The certificate authority's certificate, to trust.
    pub ca_pem: Vec<u8>,
    dir: PathBuf,
    child: Child,
}

/// The Python of the project's test servers.
pub fn python() -> Option<PathBuf> {
    if let Ok(p) = std::env::var("TANDEM_TEST_PYTHON") {
        return Some(PathBuf::from(p));
    }
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join("../.tools/python/bin/python");
    venv.exists().then_some(venv)
}

/// `None` when the test servers are not installed (a failure under `CI=true`).
pub fn peer_python(what: &str) -> Option<PathBuf> {
    match python() {
        Some(p) => Some(p),
        None if std::env::var("CI").is_ok_and(|v| v == "true") => {
            panic!("{what} needs the test servers: run scripts/setup.sh")
        }
        None => {
            eprintln!("skipping: {what} needs the test servers (run scripts/setup.sh)");
            None
        }
    }
}

impl SmtpPeer {
    pub fn start() -> Option<SmtpPeer> {
        let python = peer_python("the SMTP tests")?;
        let dir = std::env::temp_dir().join(format!("tandem-smtp-{}", rand::random::<u64>()));
        std::fs::create_dir_all(&dir).unwrap();
        let (ca_pem, cert, key) = certificates();
        std::fs::write(dir.join("cert.pem"), cert).unwrap();
        std::fs::write(dir.join("key.pem"), key).unwrap();
        let mailbox = dir.join("mailbox");
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/peers/smtp_server.py");
        let mut child = Command::new(python)
            .arg(script)
            .arg("--mailbox")
            .arg(&mailbox)
            .arg("--cert")
            .arg(dir.join("cert.pem"))
            .arg("--key")
            .arg(dir.join("key.pem"))
            .args(["--user", USER, "--password", PASSWORD])
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the SMTP test server starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port = line
            .trim()
            .strip_prefix("READY ")
            .unwrap_or_else(|| panic!("the SMTP test server did not start: {line:?}"))
            .parse()
            .unwrap();
        Some(SmtpPeer {
            port,
            mailbox,
            ca_pem: ca_pem.into_bytes(),
            dir,
            child,
        })
    }

    /// How Tandem reaches this server: STARTTLS, AUTH, trusting the run's authority.
    pub fn settings(&self) -> SmtpSettings {
        SmtpSettings {
            host: "127.0.0.1".into(),
            port: self.port,
            security: SmtpSecurity::Starttls,
            username: Some(USER.into()),
            password: Some(PASSWORD.into()),
            ca_pem: Some(self.ca_pem.clone()),
            timeout: Duration::from_secs(10),
        }
    }

    pub fn mailer(&self) -> SmtpMailer {
        SmtpMailer::new(&self.settings(), "Tandem <tandem@northwind.example>").unwrap()
    }

    /// Every message received so far, oldest first, as raw bytes.
    pub fn received(&self) -> Vec<Vec<u8>> {
        let mut files: Vec<PathBuf> = match std::fs::read_dir(&self.mailbox) {
            Ok(entries) => entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "eml"))
                .collect(),
            Err(_) => Vec::new(),
        };
        files.sort();
        files.iter().map(|p| std::fs::read(p).unwrap()).collect()
    }

    /// The messages received for `to`.
    pub fn received_by(&self, to: &str) -> Vec<Vec<u8>> {
        self.received()
            .into_iter()
            .filter(|raw| {
                mail_parser::MessageParser::default()
                    .parse(raw)
                    .and_then(|m| {
                        m.to()
                            .and_then(|a| a.first())
                            .and_then(|a| a.address().map(str::to_owned))
                    })
                    .is_some_and(|a| a == to)
            })
            .collect()
    }
}

impl Drop for SmtpPeer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A certificate authority and a server certificate for 127.0.0.1 it signed: (CA PEM, server
/// certificate PEM, server key PEM).
fn certificates() -> (String, String, String) {
    use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, KeyPair};
    let ca_key = KeyPair::generate().unwrap();
    let mut ca = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca.distinguished_name
        .push(DnType::CommonName, "Tandem test authority");
    let ca_cert = ca.self_signed(&ca_key).unwrap();
    let key = KeyPair::generate().unwrap();
    let mut server = CertificateParams::new(vec!["127.0.0.1".to_owned()]).unwrap();
    server
        .distinguished_name
        .push(DnType::CommonName, "127.0.0.1");
    let cert = server.signed_by(&key, &ca_cert, &ca_key).unwrap();
    (ca_cert.pem(), cert.pem(), key.serialize_pem())
}
