//! Outgoing email transports. Every message Tandem sends is queued first (see
//! `ssr::delivery`); a worker hands it to the [`Mailer`]: the [`OutboxMailer`] writes each
//! message as a standard `.eml` file (lettre's file transport) in embedded mode, and the
//! [`SmtpMailer`] delivers it through an SMTP server (lettre's async transport, with a
//! connection pool, STARTTLS or implicit TLS by rustls, and AUTH).
//!
//! Each message is multipart: plain text, and an HTML part when there is one. It carries a
//! `Message-ID` chosen when it was queued, so a retry is recognisably the same message, and a
//! notification carries `List-Unsubscribe` with one-click `List-Unsubscribe-Post` (RFC 8058).

use async_trait::async_trait;
use lettre::message::header::{ContentType, Header, HeaderName, HeaderValue};
pub use lettre::message::Mailbox;
use lettre::message::{MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{
    AsyncSmtpTransport, AsyncTransport, FileTransport, Message, Tokio1Executor, Transport,
};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use std::time::Duration;

/// A message ready to send.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutgoingMail {
    pub to: String,
    pub subject: String,
    pub text: String,
    /// The same message as simple HTML, when it has links or structure worth showing.
    #[serde(default)]
    pub html: Option<String>,
    /// A signed one-click unsubscribe address, for notifications (never for account mail).
    #[serde(default)]
    pub unsubscribe: Option<String>,
    /// `<…@host>`, fixed when the message is queued.
    #[serde(default)]
    pub message_id: Option<String>,
    /// What the message asks, as buttons for a chat message (the email has links instead).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub answers: Vec<crate::domain::ChatAnswer>,
}

impl OutgoingMail {
    /// A plain-text message; the HTML part and headers are added when it is queued.
    pub fn text(to: &str, subject: impl Into<String>, text: impl Into<String>) -> Self {
        OutgoingMail {
            to: to.to_owned(),
            subject: subject.into(),
            text: text.into(),
            html: None,
            unsubscribe: None,
            message_id: None,
            answers: Vec::new(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("invalid address {0:?}")]
    Address(String),
    #[error("could not build the message: {0}")]
    Build(String),
    /// Worth trying again: a 4xx answer, a refused or dropped connection, a timeout.
    #[error("the mail server did not take the message this time: {0}")]
    Transient(String),
    /// Never worth trying again: a 5xx answer. The server's words are kept.
    #[error("the mail server refused the message: {0}")]
    Permanent(String),
}

impl MailError {
    /// Whether a later attempt might succeed.
    pub fn is_transient(&self) -> bool {
        matches!(self, MailError::Transient(_))
    }
}

#[async_trait]
pub trait Mailer: Send + Sync + std::fmt::Debug {
    async fn send(&self, mail: &OutgoingMail) -> Result<(), MailError>;
    /// Where messages go, for the line `tandem serve` prints at start.
    fn describe(&self) -> String;
}

#[derive(Clone)]
struct ListUnsubscribe(String);

impl Header for ListUnsubscribe {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe")
    }
    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(Self(s.trim_matches(['<', '>']).to_owned()))
    }
    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), format!("<{}>", self.0))
    }
}

#[derive(Clone)]
struct ListUnsubscribePost;

impl Header for ListUnsubscribePost {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe-Post")
    }
    fn parse(_: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(Self)
    }
    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "List-Unsubscribe=One-Click".to_owned())
    }
}

/// The standard message for `mail`, from `from`.
pub fn build(from: &Mailbox, mail: &OutgoingMail) -> Result<Message, MailError> {
    let to: Mailbox = mail
        .to
        .parse()
        .map_err(|_| MailError::Address(mail.to.clone()))?;
    let mut builder = Message::builder()
        .from(from.clone())
        .to(to)
        .subject(mail.subject.clone())
        .message_id(mail.message_id.clone());
    if let Some(link) = &mail.unsubscribe {
        builder = builder
            .header(ListUnsubscribe(link.clone()))
            .header(ListUnsubscribePost);
    }
    let text = SinglePart::builder()
        .header(ContentType::TEXT_PLAIN)
        .body(mail.text.clone());
    let message = match &mail.html {
        Some(html) => builder.multipart(
            MultiPart::alternative().singlepart(text).singlepart(
                SinglePart::builder()
                    .header(ContentType::TEXT_HTML)
                    .body(html.clone()),
            ),
        ),
        None => builder.singlepart(text),
    };
    message.map_err(|e| MailError::Build(e.to_string()))
}

/// Writes each message to a folder as an `.eml` file.
#[derive(Debug, Clone)]
pub struct OutboxMailer {
    dir: PathBuf,
    from: Mailbox,
}

impl OutboxMailer {
    pub fn new(dir: impl Into<PathBuf>, from: &str) -> Result<Self, MailError> {
        let from = from
            .parse()
            .map_err(|_| MailError::Address(from.to_owned()))?;
        Ok(Self {
            dir: dir.into(),
            from,
        })
    }

    pub fn dir(&self) -> &std::path::Path {
        &self.dir
    }
}

#[async_trait]
impl Mailer for OutboxMailer {
    async fn send(&self, mail: &OutgoingMail) -> Result<(), MailError> {
        let message = build(&self.from, mail)?;
        let dir = self.dir.clone();
        let path = tokio::task::spawn_blocking(move || {
            std::fs::create_dir_all(&dir).map_err(|e| MailError::Transient(e.to_string()))?;
            let id = FileTransport::new(&dir)
                .send(&message)
                .map_err(|e| MailError::Transient(e.to_string()))?;
            Ok::<_, MailError>(dir.join(format!("{id}.eml")))
        })
        .await
        .map_err(|e| MailError::Transient(e.to_string()))??;
        tracing::info!(to = %mail.to, path = %path.display(), "email written to the outbox");
        Ok(())
    }

    fn describe(&self) -> String {
        format!("the outbox folder {}", self.dir.display())
    }
}

/// How a connection to the SMTP server is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmtpSecurity {
    /// Plain connection upgraded with STARTTLS, which must succeed (port 587).
    Starttls,
    /// TLS from the first byte (port 465).
    Tls,
    /// No encryption: only for a relay on the same machine or network.
    None,
}

/// Where and how to reach the SMTP server.
#[derive(Debug, Clone)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub security: SmtpSecurity,
    pub username: Option<String>,
    pub password: Option<String>,
    /// A PEM certificate to trust besides the usual roots (a company's own CA).
    pub ca_pem: Option<Vec<u8>>,
    pub timeout: Duration,
}

/// Delivers through an SMTP server, over a pool of connections.
#[derive(Clone)]
pub struct SmtpMailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    summary: String,
}

impl std::fmt::Debug for SmtpMailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.summary)
    }
}

impl SmtpMailer {
    pub fn new(settings: &SmtpSettings, from: &str) -> Result<Self, MailError> {
        let from: Mailbox = from
            .parse()
            .map_err(|_| MailError::Address(from.to_owned()))?;
        let tls = || -> Result<TlsParameters, MailError> {
            let mut params = TlsParameters::builder(settings.host.clone());
            if let Some(pem) = &settings.ca_pem {
                let cert = Certificate::from_pem(pem)
                    .map_err(|e| MailError::Build(format!("the CA certificate: {e}")))?;
                params = params.add_root_certificate(cert);
            }
            params.build().map_err(|e| MailError::Build(e.to_string()))
        };
        let mut builder =
            AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(settings.host.clone())
                .port(settings.port)
                .timeout(Some(settings.timeout))
                .tls(match settings.security {
                    SmtpSecurity::Starttls => Tls::Required(tls()?),
                    SmtpSecurity::Tls => Tls::Wrapper(tls()?),
                    SmtpSecurity::None => Tls::None,
                });
        if let (Some(user), Some(pass)) = (&settings.username, &settings.password) {
            builder = builder.credentials(Credentials::new(user.clone(), pass.clone()));
        }
        let summary = format!(
            "the SMTP server {}:{} ({})",
            settings.host,
            settings.port,
            match settings.security {
                SmtpSecurity::Starttls => "STARTTLS",
                SmtpSecurity::Tls => "TLS",
                SmtpSecurity::None => "unencrypted",
            }
        );
        Ok(Self {
            transport: builder.build(),
            from,
            summary,
        })
    }
}

#[async_trait]
impl Mailer for SmtpMailer {
    async fn send(&self, mail: &OutgoingMail) -> Result<(), MailError> {
        let message = build(&self.from, mail)?;
        match self.transport.send(message).await {
            Ok(response) => {
                tracing::info!(to = %mail.to, code = %response.code(), "email delivered to the SMTP server");
                Ok(())
            }
            Err(e) if e.is_permanent() => Err(MailError::Permanent(e.to_string())),
            Err(e) => Err(MailError::Transient(e.to_string())),
        }
    }

    fn describe(&self) -> String {
        self.summary.clone()
    }
}
