//! Outgoing email. Everything Tandem sends goes through [`Mailer`]; in embedded mode the
//! [`OutboxMailer`] writes each message as a standard `.eml` file (via lettre's file
//! transport) that any mail client opens, and logs where it is.

use async_trait::async_trait;
pub use lettre::message::Mailbox;
use lettre::{FileTransport, Message, Transport};
use std::path::PathBuf;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingMail {
    pub to: String,
    pub subject: String,
    pub text: String,
}

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("invalid address {0:?}")]
    Address(String),
    #[error("could not build the message: {0}")]
    Build(String),
    #[error("could not deliver the message: {0}")]
    Deliver(String),
}

#[async_trait]
pub trait Mailer: Send + Sync + std::fmt::Debug {
    async fn send(&self, mail: OutgoingMail) -> Result<(), MailError>;
}

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
    async fn send(&self, mail: OutgoingMail) -> Result<(), MailError> {
        let to: Mailbox = mail
            .to
            .parse()
            .map_err(|_| MailError::Address(mail.to.clone()))?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(mail.subject)
            .body(mail.text)
            .map_err(|e| MailError::Build(e.to_string()))?;
        let dir = self.dir.clone();
        let path = tokio::task::spawn_blocking(move || {
            std::fs::create_dir_all(&dir).map_err(|e| MailError::Deliver(e.to_string()))?;
            let id = FileTransport::new(&dir)
                .send(&message)
                .map_err(|e| MailError::Deliver(e.to_string()))?;
            Ok::<_, MailError>(dir.join(format!("{id}.eml")))
        })
        .await
        .map_err(|e| MailError::Deliver(e.to_string()))??;
        tracing::info!(to = %mail.to, path = %path.display(), "email written to the outbox");
        Ok(())
    }
}
