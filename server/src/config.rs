//! Configuration from flags, `TANDEM_*` environment variables and an optional `tandem.toml`,
//! in that order of precedence. A bad value stops Tandem with one line saying what is wrong
//! and how to fix it.

use app::ssr::support::mailer::Mailbox;
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
    pub postgres: bool,
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
        Ok(Resolved {
            database_url: self.database_url.clone(),
            addr,
            base_url,
            secret_key,
            previous_secret_keys,
            data_dir: self.data_dir.clone(),
            mail_from: self.mail_from.clone(),
            trust_forwarded_for: self.trust_forwarded_for,
            postgres,
        })
    }
}

/// The file path inside a sqlite:// URL.
fn sqlite_path(url: &str) -> Option<PathBuf> {
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

/// Keys of `tandem.toml` and the variables they stand for.
const FILE_KEYS: [(&str, &str); 10] = [
    ("database_url", "TANDEM_DATABASE_URL"),
    ("addr", "TANDEM_ADDR"),
    ("base_url", "TANDEM_BASE_URL"),
    ("secret_key", "TANDEM_SECRET_KEY"),
    ("previous_secret_keys", "TANDEM_PREVIOUS_SECRET_KEYS"),
    ("data_dir", "TANDEM_DATA_DIR"),
    ("mail_from", "TANDEM_MAIL_FROM"),
    ("trust_forwarded_for", "TANDEM_TRUST_FORWARDED_FOR"),
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
    fn an_unwritable_data_folder_is_refused() {
        let dir = temp();
        let file = dir.join("not-a-folder");
        std::fs::write(&file, "x").unwrap();
        let c = config("sqlite://t.db", &file.join("sub"));
        assert!(c.resolve().unwrap_err().0.contains("data folder"));
        std::fs::remove_dir_all(dir).unwrap();
    }
}
