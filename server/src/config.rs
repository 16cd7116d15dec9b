//! Configuration from flags, `TANDEM_*` environment variables and an optional `tandem.toml`,
//! in that order of precedence. A bad value stops Tandem with one line saying what is wrong
//! and how to fix it.

use app::ssr::support::mailer::{Mailbox, SmtpSecurity, SmtpSettings};
use clap::Args;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

/// Settings shared by every subcommand.
#[derive(Debug, Clone, Args)]
pub struct Config {
    /// Database URL: sqlite://PATH (embedded) or postgres://USER@HOST/DB.
    #[arg(
        long,
        env = "TANDEM_DATABASE_URL",
        default_value = "sqlite://data/tandem.db",
        global = true
    )]
    pub database_url: String,

    /// Address to listen on.
    #[arg(
        long,
        env = "TANDEM_ADDR",
        default_value = "127.0.0.1:3000",
        global = true
    )]
    pub addr: String,

    /// Public URL people reach Tandem at, used in emailed links. Defaults to http://ADDR.
    #[arg(long, env = "TANDEM_BASE_URL", global = true)]
    pub base_url: Option<String>,

    /// Secret for signed links, at least 32 characters. Generated and kept in the data folder
    /// when absent in embedded (SQLite) mode; required with PostgreSQL, where several servers
    /// must share it.
    #[arg(long, env = "TANDEM_SECRET_KEY", global = true, hide_env_values = true)]
    pub secret_key: Option<String>,

    /// Earlier secret keys, comma-separated, whose signed links (RSVP links already in
    /// people's inboxes) still work: set the new key as TANDEM_SECRET_KEY and move the old one
    /// here to rotate; remove it once its links have expired.
    #[arg(
        long,
        env = "TANDEM_PREVIOUS_SECRET_KEYS",
        global = true,
        hide_env_values = true,
        value_delimiter = ','
    )]
    pub previous_secret_keys: Vec<String>,

    /// Folder for the embedded database's companions: the outbox of emails and the secret key.
    #[arg(long, env = "TANDEM_DATA_DIR", default_value = "data", global = true)]
    pub data_dir: PathBuf,

    /// Sender of Tandem's emails.
    #[arg(
        long,
        env = "TANDEM_MAIL_FROM",
        default_value = "Tandem <tandem@localhost>",
        global = true
    )]
    pub mail_from: String,

    /// Set when a reverse proxy in front of Tandem sets X-Forwarded-For: sign-in throttling
    /// then counts per client rather than per proxy.
    #[arg(
        long,
        env = "TANDEM_TRUST_FORWARDED_FOR",
        default_value_t = false,
        global = true
    )]
    pub trust_forwarded_for: bool,

    /// Let people's free/busy calendar addresses point at loopback and private network
    /// addresses (a calendar server inside the company network). Off by default, so nobody can
    /// make the server read its own internal services.
    #[arg(
        long,
        env = "TANDEM_CALENDAR_PRIVATE_HOSTS",
        default_value_t = false,
        global = true
    )]
    pub calendar_private_hosts: bool,

    /// SMTP server to send email through; without it, email goes to the outbox folder.
    #[arg(long, env = "TANDEM_SMTP_HOST", global = true)]
    pub smtp_host: Option<String>,

    /// SMTP port; defaults to 587 with STARTTLS, 465 with TLS and 25 unencrypted.
    #[arg(long, env = "TANDEM_SMTP_PORT", global = true)]
    pub smtp_port: Option<String>,

    /// How the SMTP connection is secured: starttls, tls or none.
    #[arg(
        long,
        env = "TANDEM_SMTP_SECURITY",
        default_value = "starttls",
        global = true
    )]
    pub smtp_security: String,

    /// SMTP user name, for servers that require AUTH.
    #[arg(long, env = "TANDEM_SMTP_USERNAME", global = true)]
    pub smtp_username: Option<String>,

    /// SMTP password, with --smtp-username.
    #[arg(
        long,
        env = "TANDEM_SMTP_PASSWORD",
        global = true,
        hide_env_values = true
    )]
    pub smtp_password: Option<String>,

    /// A PEM file of certificates to trust for the SMTP server besides the usual roots (a
    /// company's own certificate authority).
    #[arg(long, env = "TANDEM_SMTP_CA_FILE", global = true)]
    pub smtp_ca_file: Option<PathBuf>,

    /// Seconds to wait for the SMTP server before trying the message again later.
    #[arg(
        long,
        env = "TANDEM_SMTP_TIMEOUT_SECS",
        default_value = "30",
        global = true
    )]
    pub smtp_timeout_secs: String,

    /// Seconds a worker holds a job it took: if the worker dies mid-job, another runs the job
    /// once this has passed. Longer than any job takes; shorter brings a dead worker's jobs
    /// back sooner.
    #[arg(
        long,
        env = "TANDEM_JOB_LEASE_SECS",
        default_value = "120",
        global = true
    )]
    pub job_lease_secs: String,

    /// Turns on /metrics (Prometheus text format) for scrapers that send this token as
    /// `Authorization: Bearer TOKEN`; at least 16 characters. Off when unset.
    #[arg(
        long,
        env = "TANDEM_METRICS_TOKEN",
        global = true,
        hide_env_values = true
    )]
    pub metrics_token: Option<String>,

    /// The hosts program chat channels may post to, comma-separated; an address on a
    /// subdomain of one is allowed too. Plain http is accepted only to this machine.
    #[arg(
        long,
        env = "TANDEM_CHAT_WEBHOOK_HOSTS",
        default_value = "hooks.slack.com,logic.azure.com,api.powerplatform.com",
        global = true
    )]
    pub chat_webhook_hosts: String,

    /// Where Slack's Web API answers, for the Slack app; only tests point it elsewhere.
    #[arg(
        long,
        env = "TANDEM_SLACK_API_BASE",
        default_value = "https://slack.com/api/",
        global = true
    )]
    pub slack_api_base: String,

    /// Seconds a stopping server (SIGTERM or Ctrl-C) gives requests in flight to finish
    /// before it exits anyway; it takes no new connections meanwhile.
    #[arg(
        long,
        env = "TANDEM_SHUTDOWN_GRACE_SECS",
        default_value = "20",
        global = true
    )]
    pub shutdown_grace_secs: String,

    /// Log format: text or json.
    #[arg(long, env = "TANDEM_LOG_FORMAT", default_value = "text", global = true)]
    pub log_format: String,

    /// Log filter, e.g. "info" or "info,app=debug".
    #[arg(long, env = "TANDEM_LOG", default_value = "info", global = true)]
    pub log: String,
}

/// A configuration problem, printed as one line before exiting with code 2.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ConfigError(pub String);

fn fail<T>(msg: impl Into<String>) -> Result<T, ConfigError> {
    Err(ConfigError(msg.into()))
}

/// The checked configuration.
#[derive(Debug, Clone)]
pub struct Resolved {
    pub database_url: String,
    pub addr: SocketAddr,
    pub base_url: String,
    pub secret_key: Vec<u8>,
    pub previous_secret_keys: Vec<Vec<u8>>,
    pub data_dir: PathBuf,
    pub mail_from: String,
    pub trust_forwarded_for: bool,
    pub calendar_private_hosts: bool,
    pub postgres: bool,
    /// Where email goes: an SMTP server, or the outbox folder when `None`.
    pub smtp: Option<SmtpSettings>,
    pub job_lease_secs: i64,
    pub metrics_token: Option<String>,
    pub chat_webhook_hosts: Vec<String>,
    pub slack_api_base: String,
    pub shutdown_grace: std::time::Duration,
}

impl Config {
    pub fn is_postgres(&self) -> bool {
        self.database_url.starts_with("postgres://")
            || self.database_url.starts_with("postgresql://")
    }

    /// Checks every value and prepares the data folder (creating the secret key in embedded
    /// mode when there is none).
    pub fn resolve(&self) -> Result<Resolved, ConfigError> {
        let postgres = self.is_postgres();
        if !postgres && !self.database_url.starts_with("sqlite:") {
            return fail(format!(
                "TANDEM_DATABASE_URL {:?} is not a database URL: use sqlite://data/tandem.db or postgres://user@host/dbname",
                self.database_url
            ));
        }
        if postgres
            && !self.database_url.contains('@')
            && self.database_url.trim_end_matches('/').matches('/').count() < 3
        {
            return fail(format!(
                "TANDEM_DATABASE_URL {:?} names no host and database: use postgres://user@host:5432/dbname",
                self.database_url
            ));
        }
        let addr: SocketAddr = self.addr.parse().map_err(|_| {
            ConfigError(format!(
                "TANDEM_ADDR {:?} is not an address: use HOST:PORT, e.g. 127.0.0.1:3000",
                self.addr
            ))
        })?;
        let base_url = match &self.base_url {
            Some(url) => {
                let url = url.trim_end_matches('/').to_owned();
                let rest = url
                    .strip_prefix("https://")
                    .or_else(|| url.strip_prefix("http://"));
                if rest.is_none_or(|r| r.is_empty() || r.contains(' ')) {
                    return fail(format!("TANDEM_BASE_URL {url:?} must be an http:// or https:// URL, e.g. https://tandem.example.com"));
                }
                url
            }
            None => format!("http://{addr}"),
        };
        if let Err(e) = self.mail_from.parse::<Mailbox>() {
            return fail(format!("TANDEM_MAIL_FROM {:?} is not a sender address ({e}): use e.g. \"Tandem <tandem@example.com>\"", self.mail_from));
        }
        if !postgres {
            ensure_writable(&self.data_dir)?;
            if let Some(path) = sqlite_path(&self.database_url) {
                if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                    ensure_writable(parent)?;
                }
            }
        }
        let secret_key = match &self.secret_key {
            Some(k) if k.len() >= 32 => k.as_bytes().to_vec(),
            Some(_) => return fail("TANDEM_SECRET_KEY is too short: use at least 32 random characters, e.g. from `openssl rand -hex 32`"),
            None if postgres => {
                return fail("TANDEM_SECRET_KEY is required with PostgreSQL, so that every Tandem server signs links alike: set it to at least 32 random characters, e.g. from `openssl rand -hex 32`")
            }
            None => stored_secret(&self.data_dir)?,
        };
        let smtp = self.smtp()?;
        let mut previous_secret_keys = Vec::new();
        for key in self
            .previous_secret_keys
            .iter()
            .map(|k| k.trim())
            .filter(|k| !k.is_empty())
        {
            if key.len() < 32 {
                return fail("TANDEM_PREVIOUS_SECRET_KEYS holds a key shorter than 32 characters: list the earlier TANDEM_SECRET_KEY values exactly, separated by commas");
            }
            previous_secret_keys.push(key.as_bytes().to_vec());
        }
        let job_lease_secs = match self.job_lease_secs.trim().parse::<i64>() {
            Ok(secs) if (5..=3600).contains(&secs) => secs,
            _ => {
                return fail(format!(
                    "TANDEM_JOB_LEASE_SECS {:?} is not a number of seconds from 5 to 3600",
                    self.job_lease_secs
                ))
            }
        };
        let metrics_token = match self.metrics_token.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(t) if t.len() >= 16 && !t.contains(char::is_whitespace) => Some(t.to_owned()),
            Some(_) => return fail("TANDEM_METRICS_TOKEN is too short or has spaces: use at least 16 random characters, e.g. from `openssl rand -hex 16`, or unset it to turn /metrics off"),
        };
        let shutdown_grace = match self.shutdown_grace_secs.trim().parse::<u64>() {
            Ok(secs) if secs <= 3600 => std::time::Duration::from_secs(secs),
            _ => {
                return fail(format!(
                    "TANDEM_SHUTDOWN_GRACE_SECS {:?} is not a number of seconds from 0 to 3600",
                    self.shutdown_grace_secs
                ))
            }
        };
        let chat_webhook_hosts = chat_hosts(&self.chat_webhook_hosts)?;
        let slack_api_base = match self.slack_api_base.trim() {
            b if (b.starts_with("https://") || b.starts_with("http://")) && b.ends_with('/') => {
                b.to_owned()
            }
            b => {
                return fail(format!(
                    "TANDEM_SLACK_API_BASE {b:?} must be an http(s) address ending in /, e.g. https://slack.com/api/"
                ))
            }
        };
        Ok(Resolved {
            database_url: self.database_url.clone(),
            addr,
            base_url,
            secret_key,
            previous_secret_keys,
            data_dir: self.data_dir.clone(),
            mail_from: self.mail_from.clone(),
            trust_forwarded_for: self.trust_forwarded_for,
            calendar_private_hosts: self.calendar_private_hosts,
            postgres,
            smtp,
            job_lease_secs,
            metrics_token,
            chat_webhook_hosts,
            slack_api_base,
            shutdown_grace,
        })
    }

    /// The SMTP settings, checked, or `None` when no SMTP host is set.
    fn smtp(&self) -> Result<Option<SmtpSettings>, ConfigError> {
        let Some(host) = self.smtp_host.as_deref().map(str::trim) else {
            if self.smtp_username.is_some() || self.smtp_port.is_some() {
                return fail("TANDEM_SMTP_USERNAME or TANDEM_SMTP_PORT is set without TANDEM_SMTP_HOST: set the SMTP server's host name too, or unset them to use the outbox folder");
            }
            return Ok(None);
        };
        if host.is_empty() || host.contains(['/', ' ', '@']) || host.contains("://") {
            return fail(format!("TANDEM_SMTP_HOST {host:?} is not a host name: use the server's name or address alone, e.g. smtp.example.com"));
        }
        let security = match self.smtp_security.trim().to_ascii_lowercase().as_str() {
            "starttls" => SmtpSecurity::Starttls,
            "tls" => SmtpSecurity::Tls,
            "none" => SmtpSecurity::None,
            other => return fail(format!("TANDEM_SMTP_SECURITY {other:?} is not one of starttls (port 587), tls (port 465) or none (a relay on the same machine)")),
        };
        let port = match self.smtp_port.as_deref().map(str::trim) {
            None | Some("") => match security {
                SmtpSecurity::Starttls => 587,
                SmtpSecurity::Tls => 465,
                SmtpSecurity::None => 25,
            },
            Some(p) => match p.parse::<u16>() {
                Ok(port) if port > 0 => port,
                _ => {
                    return fail(format!(
                    "TANDEM_SMTP_PORT {p:?} is not a port: use a number from 1 to 65535, e.g. 587"
                ))
                }
            },
        };
        let (username, password) = match (&self.smtp_username, &self.smtp_password) {
            (Some(u), Some(p)) if !u.trim().is_empty() => (Some(u.trim().to_owned()), Some(p.clone())),
            (None, None) => (None, None),
            (Some(_), None) => return fail("TANDEM_SMTP_USERNAME is set without TANDEM_SMTP_PASSWORD: set both, or neither for a server without AUTH"),
            (None, Some(_)) => return fail("TANDEM_SMTP_PASSWORD is set without TANDEM_SMTP_USERNAME: set both, or neither for a server without AUTH"),
            (Some(_), Some(_)) => return fail("TANDEM_SMTP_USERNAME is empty: set the SMTP user name, or unset it and TANDEM_SMTP_PASSWORD"),
        };
        let ca_pem = match &self.smtp_ca_file {
            None => None,
            Some(path) => {
                let pem = std::fs::read(path).map_err(|e| {
                    ConfigError(format!(
                        "TANDEM_SMTP_CA_FILE {}: cannot read it ({e})",
                        path.display()
                    ))
                })?;
                if !String::from_utf8_lossy(&pem).contains("-----BEGIN CERTIFICATE-----") {
                    return fail(format!("TANDEM_SMTP_CA_FILE {} holds no PEM certificate: give a file with -----BEGIN CERTIFICATE----- blocks", path.display()));
                }
                Some(pem)
            }
        };
        let timeout = match self.smtp_timeout_secs.trim().parse::<u64>() {
            Ok(secs) if (1..=600).contains(&secs) => std::time::Duration::from_secs(secs),
            _ => {
                return fail(format!(
                    "TANDEM_SMTP_TIMEOUT_SECS {:?} is not a number of seconds from 1 to 600",
                    self.smtp_timeout_secs
                ))
            }
        };
        Ok(Some(SmtpSettings {
            host: host.to_owned(),
            port,
            security,
            username,
            password,
            ca_pem,
            timeout,
        }))
    }
}

/// The file path inside a sqlite:// URL.
pub fn sqlite_path(url: &str) -> Option<PathBuf> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next()?;
    (!path.is_empty() && path != ":memory:").then(|| PathBuf::from(path))
}

fn ensure_writable(dir: &Path) -> Result<(), ConfigError> {
    let shown = dir.display();
    std::fs::create_dir_all(dir).map_err(|e| {
        ConfigError(format!("cannot create the data folder {shown}: {e}; set TANDEM_DATA_DIR (or the path in TANDEM_DATABASE_URL) to a writable folder"))
    })?;
    let probe = dir.join(".tandem-write-test");
    std::fs::write(&probe, b"ok").map_err(|e| {
        ConfigError(format!("the data folder {shown} is not writable: {e}; fix its permissions or set TANDEM_DATA_DIR to a writable folder"))
    })?;
    let _ = std::fs::remove_file(probe);
    Ok(())
}

/// Reads `DATA_DIR/secret.key`, creating it with 32 random bytes (hex) the first time.
fn stored_secret(dir: &Path) -> Result<Vec<u8>, ConfigError> {
    let path = dir.join("secret.key");
    match std::fs::read_to_string(&path) {
        Ok(k) if k.trim().len() >= 32 => Ok(k.trim().as_bytes().to_vec()),
        Ok(_) => fail(format!("{} is shorter than 32 characters: delete it to have a new one made, or set TANDEM_SECRET_KEY", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            use rand::RngCore;
            let mut bytes = [0u8; 32];
            rand::thread_rng().fill_bytes(&mut bytes);
            let key: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
            write_private(&path, &key).map_err(|e| ConfigError(format!("cannot write {}: {e}", path.display())))?;
            Ok(key.into_bytes())
        }
        Err(e) => fail(format!("cannot read {}: {e}", path.display())),
    }
}

fn write_private(path: &Path, contents: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)?.write_all(contents.as_bytes())
}

/// The chat webhook hosts, each a bare host name or address.
fn chat_hosts(list: &str) -> Result<Vec<String>, ConfigError> {
    let hosts: Vec<String> = list
        .split(',')
        .map(|h| h.trim().to_ascii_lowercase())
        .filter(|h| !h.is_empty())
        .collect();
    if let Some(bad) = hosts
        .iter()
        .find(|h| h.contains(['/', ':', ' ', '@', '*']) && h.parse::<std::net::Ipv6Addr>().is_err())
    {
        return fail(format!("TANDEM_CHAT_WEBHOOK_HOSTS holds {bad:?}, which is not a host name: list bare names separated by commas, e.g. hooks.slack.com,logic.azure.com"));
    }
    Ok(hosts)
}

/// Keys of `tandem.toml` and the variables they stand for.
const FILE_KEYS: [(&str, &str); 23] = [
    ("database_url", "TANDEM_DATABASE_URL"),
    ("addr", "TANDEM_ADDR"),
    ("base_url", "TANDEM_BASE_URL"),
    ("secret_key", "TANDEM_SECRET_KEY"),
    ("previous_secret_keys", "TANDEM_PREVIOUS_SECRET_KEYS"),
    ("data_dir", "TANDEM_DATA_DIR"),
    ("mail_from", "TANDEM_MAIL_FROM"),
    ("trust_forwarded_for", "TANDEM_TRUST_FORWARDED_FOR"),
    ("calendar_private_hosts", "TANDEM_CALENDAR_PRIVATE_HOSTS"),
    ("smtp_host", "TANDEM_SMTP_HOST"),
    ("smtp_port", "TANDEM_SMTP_PORT"),
    ("smtp_security", "TANDEM_SMTP_SECURITY"),
    ("smtp_username", "TANDEM_SMTP_USERNAME"),
    ("smtp_password", "TANDEM_SMTP_PASSWORD"),
    ("smtp_ca_file", "TANDEM_SMTP_CA_FILE"),
    ("smtp_timeout_secs", "TANDEM_SMTP_TIMEOUT_SECS"),
    ("job_lease_secs", "TANDEM_JOB_LEASE_SECS"),
    ("metrics_token", "TANDEM_METRICS_TOKEN"),
    ("chat_webhook_hosts", "TANDEM_CHAT_WEBHOOK_HOSTS"),
    ("slack_api_base", "TANDEM_SLACK_API_BASE"),
    ("shutdown_grace_secs", "TANDEM_SHUTDOWN_GRACE_SECS"),
    ("log_format", "TANDEM_LOG_FORMAT"),
    ("log", "TANDEM_LOG"),
];

/// Loads a config file into the environment, below variables that are already set (flags
/// are parsed afterwards and win over both). The file is `--config PATH`, `TANDEM_CONFIG`,
/// or `tandem.toml` in the working folder when present.
pub fn load_file(args: &[String]) -> Result<Option<PathBuf>, ConfigError> {
    let flag = args.iter().enumerate().find_map(|(i, a)| {
        a.strip_prefix("--config=").map(str::to_owned).or_else(|| {
            (a == "--config")
                .then(|| args.get(i + 1).cloned())
                .flatten()
        })
    });
    let (path, explicit) = match flag.or_else(|| std::env::var("TANDEM_CONFIG").ok()) {
        Some(p) => (PathBuf::from(p), true),
        None => (PathBuf::from("tandem.toml"), false),
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !explicit => return Ok(None),
        Err(e) => {
            return fail(format!(
                "cannot read the config file {}: {e}",
                path.display()
            ))
        }
    };
    let table: toml::Table = text.parse().map_err(|e: toml::de::Error| {
        ConfigError(format!(
            "{} is not valid TOML: {}",
            path.display(),
            e.to_string().lines().next().unwrap_or("")
        ))
    })?;
    for (key, value) in table {
        let Some((_, var)) = FILE_KEYS.iter().find(|(k, _)| *k == key) else {
            let known: Vec<_> = FILE_KEYS.iter().map(|(k, _)| *k).collect();
            return fail(format!(
                "{}: unknown setting {key:?}; known settings are {}",
                path.display(),
                known.join(", ")
            ));
        };
        let value = match value {
            toml::Value::String(s) => s,
            other => other.to_string(),
        };
        if std::env::var_os(var).is_none() {
            // SAFETY: called at start-up, before the runtime spawns any other thread.
            unsafe { std::env::set_var(var, value) };
        }
    }
    Ok(Some(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(url: &str, dir: &Path) -> Config {
        Config {
            database_url: url.into(),
            addr: "127.0.0.1:0".into(),
            base_url: None,
            secret_key: None,
            previous_secret_keys: Vec::new(),
            data_dir: dir.to_owned(),
            mail_from: "Tandem <tandem@localhost>".into(),
            trust_forwarded_for: false,
            calendar_private_hosts: false,
            smtp_host: None,
            smtp_port: None,
            smtp_security: "starttls".into(),
            smtp_username: None,
            smtp_password: None,
            smtp_ca_file: None,
            smtp_timeout_secs: "30".into(),
            job_lease_secs: "120".into(),
            metrics_token: None,
            chat_webhook_hosts: "hooks.slack.com,logic.azure.com".into(),
            slack_api_base: "https://slack.com/api/".into(),
            shutdown_grace_secs: "20".into(),
            log_format: "text".into(),
            log: "info".into(),
        }
    }

    fn temp() -> PathBuf {
        let d = std::env::temp_dir().join(format!("tandem-config-{}", rand::random::<u64>()));
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn embedded_mode_makes_and_keeps_a_secret() {
        let dir = temp();
        let c = config(&format!("sqlite://{}/t.db", dir.display()), &dir);
        let first = c.resolve().unwrap().secret_key;
        assert_eq!(first.len(), 64);
        assert_eq!(c.resolve().unwrap().secret_key, first);
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn bad_values_are_named() {
        let dir = temp();
        let err = |c: Config| c.resolve().unwrap_err().0;
        assert!(err(config("mysql://x", &dir)).starts_with("TANDEM_DATABASE_URL \"mysql://x\""));
        assert!(err(config("postgres://u@h/db", &dir)).contains("TANDEM_SECRET_KEY is required"));
        let mut c = config("sqlite://t.db", &dir);
        c.addr = "localhost".into();
        assert!(err(c).starts_with("TANDEM_ADDR \"localhost\""));
        let mut c = config("sqlite://t.db", &dir);
        c.base_url = Some("tandem.example".into());
        assert!(err(c).starts_with("TANDEM_BASE_URL"));
        let mut c = config("sqlite://t.db", &dir);
        c.secret_key = Some("short".into());
        assert!(err(c).contains("too short"));
        let mut c = config("sqlite://t.db", &dir);
        c.previous_secret_keys = vec!["x".repeat(40), "short".into()];
        assert!(err(c).starts_with("TANDEM_PREVIOUS_SECRET_KEYS"));
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn smtp_settings_are_checked_and_named() {
        let dir = temp();
        let smtp = |f: &dyn Fn(&mut Config)| {
            let mut c = config("sqlite://t.db", &dir);
            c.smtp_host = Some("smtp.example.com".into());
            f(&mut c);
            c.resolve()
        };
        let ok = smtp(&|_| {}).unwrap().smtp.unwrap();
        assert_eq!((ok.port, ok.security), (587, SmtpSecurity::Starttls));
        let tls = smtp(&|c| c.smtp_security = "TLS".into())
            .unwrap()
            .smtp
            .unwrap();
        assert_eq!(tls.port, 465);
        assert!(
            config("sqlite://t.db", &dir)
                .resolve()
                .unwrap()
                .smtp
                .is_none(),
            "the outbox by default"
        );
        let err = |f: &dyn Fn(&mut Config)| smtp(f).unwrap_err().0;
        assert!(
            err(&|c| c.smtp_host = Some("smtp://mail.example.com".into()))
                .starts_with("TANDEM_SMTP_HOST")
        );
        assert!(
            err(&|c| c.smtp_port = Some("99999".into())).starts_with("TANDEM_SMTP_PORT \"99999\"")
        );
        assert!(
            err(&|c| c.smtp_security = "ssl".into()).starts_with("TANDEM_SMTP_SECURITY \"ssl\"")
        );
        assert!(err(&|c| c.smtp_username = Some("tandem".into()))
            .contains("without TANDEM_SMTP_PASSWORD"));
        assert!(
            err(&|c| c.smtp_timeout_secs = "soon".into()).starts_with("TANDEM_SMTP_TIMEOUT_SECS")
                && err(&|c| c.job_lease_secs = "1".into()).starts_with("TANDEM_JOB_LEASE_SECS")
                && err(&|c| c.shutdown_grace_secs = "-1".into())
                    .starts_with("TANDEM_SHUTDOWN_GRACE_SECS")
                && err(&|c| c.metrics_token = Some("short".into()))
                    .starts_with("TANDEM_METRICS_TOKEN")
        );
        let not_pem = dir.join("ca.txt");
        std::fs::write(&not_pem, "hello").unwrap();
        assert!(
            err(&|c| c.smtp_ca_file = Some(not_pem.clone())).contains("holds no PEM certificate")
        );
        let mut c = config("sqlite://t.db", &dir);
        c.smtp_port = Some("2525".into());
        assert!(c
            .resolve()
            .unwrap_err()
            .0
            .contains("without TANDEM_SMTP_HOST"));
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn an_unwritable_data_folder_is_refused() {
        let dir = temp();
        let file = dir.join("not-a-folder");
        std::fs::write(&file, "x").unwrap();
        let c = config("sqlite://t.db", &file.join("sub"));
        assert!(c.resolve().unwrap_err().0.contains("data folder"));
        std::fs::remove_dir_all(dir).unwrap();
    }
}
