//! The background sender: drains the outgoing mail queue (`accord_store`'s `mail_outbox`) through
//! SMTP with lettre, at most `messages_per_second`, retrying failures on the domain's schedule.
//!
//! Mail is queued by the request that causes it and sent here, so a slow or absent mail server never
//! slows a page, and a restart loses nothing: without SMTP configured, messages simply wait in the
//! queue until a server that has it starts. Several servers may run senders on one database: each
//! message is claimed by one of them (`Store::claim_due_mail`).

use crate::BackgroundTask;
use accord_store::{MailRetry, QueuedMail, Store, now};
use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::{Mailbox, Message};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use std::time::Duration;

/// How the SMTP connection is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SmtpSecurity {
    /// STARTTLS required (submission, port 587).
    #[default]
    Starttls,
    /// TLS from the first byte (port 465).
    Tls,
    /// No encryption: only for a relay on the same machine or a test listener on loopback.
    Plain,
}

impl SmtpSecurity {
    /// The usual port: 587 for submission with STARTTLS, 465 for TLS, 25 for a plain relay.
    pub fn default_port(self) -> u16 {
        match self {
            SmtpSecurity::Starttls => 587,
            SmtpSecurity::Tls => 465,
            SmtpSecurity::Plain => 25,
        }
    }
}

impl std::str::FromStr for SmtpSecurity {
    type Err = String;

    fn from_str(text: &str) -> Result<SmtpSecurity, String> {
        match text {
            "starttls" => Ok(SmtpSecurity::Starttls),
            "tls" => Ok(SmtpSecurity::Tls),
            "plain" => Ok(SmtpSecurity::Plain),
            _ => Err(format!("{text:?}: use starttls, tls or plain")),
        }
    }
}

/// The mail server to deliver through.
#[derive(Clone)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub security: SmtpSecurity,
    /// User name and password, when the server asks for them.
    pub credentials: Option<(String, String)>,
}

impl std::fmt::Debug for SmtpSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpSettings")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("security", &self.security)
            .field("user", &self.credentials.as_ref().map(|(user, _)| user))
            .finish_non_exhaustive()
    }
}

/// Outgoing mail: where it goes out, as whom, and how fast.
#[derive(Debug, Clone)]
pub struct MailSettings {
    /// Without a server, messages stay queued.
    pub smtp: Option<SmtpSettings>,
    /// The sender, e.g. `Cedar Valley Schools <noreply@cedar-valley.example>`.
    pub from: String,
    /// At most this many messages a second, so a notification to thousands of subscribers does not
    /// trip the mail server's own limits.
    pub messages_per_second: f64,
    /// How often an idle sender looks for due messages.
    pub poll_every: Duration,
}

impl Default for MailSettings {
    fn default() -> MailSettings {
        MailSettings {
            smtp: None,
            from: "accord <noreply@localhost>".to_owned(),
            messages_per_second: 5.0,
            poll_every: Duration::from_secs(2),
        }
    }
}

/// The most messages one claim takes: a handful, so a claimed batch is sent well within its lease.
const LARGEST_BATCH: f64 = 50.0;

/// How long one SMTP exchange may take before it counts as failed.
const SMTP_TIMEOUT: Duration = Duration::from_secs(30);

#[derive(Debug, thiserror::Error)]
pub enum MailSetupError {
    #[error(
        "the sender address {0:?} is not a valid mailbox (e.g. \"Schools <noreply@schools.example>\")"
    )]
    From(String),
    #[error("the rate of messages must be above zero, not {0}")]
    Rate(f64),
    #[error("the SMTP server {host:?}: {source}")]
    Smtp {
        host: String,
        source: lettre::transport::smtp::Error,
    },
}

/// Starts the sender for `settings` on the current runtime, or says in the log why mail stays queued
/// (no SMTP server configured) and returns `None`. Settings that cannot work are refused at once.
pub fn spawn_sender(
    store: Store,
    settings: &MailSettings,
) -> Result<Option<BackgroundTask>, MailSetupError> {
    let from: Mailbox = settings
        .from
        .parse()
        .map_err(|_| MailSetupError::From(settings.from.clone()))?;
    if !(settings.messages_per_second > 0.0 && settings.messages_per_second.is_finite()) {
        return Err(MailSetupError::Rate(settings.messages_per_second));
    }
    let Some(smtp) = &settings.smtp else {
        tracing::warn!(
            "no SMTP server configured (--smtp-host): outgoing mail stays queued until accord \
             serve starts with one"
        );
        return Ok(None);
    };
    let sender = Sender {
        store,
        transport: transport(smtp)?,
        from,
        pause: Duration::from_secs_f64(1.0 / settings.messages_per_second),
        batch: batch_size(settings.messages_per_second),
        poll_every: settings.poll_every,
    };
    tracing::info!(host = %smtp.host, port = smtp.port, "sending queued mail");
    Ok(Some(BackgroundTask(tokio::spawn(sender.run()))))
}

/// How many messages to claim at once: what the rate lets us send in half a lease, at least one.
fn batch_size(messages_per_second: f64) -> i64 {
    let half_lease = accord_store::CLAIM_LEASE_SECONDS as f64 / 2.0;
    (messages_per_second * half_lease).clamp(1.0, LARGEST_BATCH) as i64
}

fn transport(smtp: &SmtpSettings) -> Result<AsyncSmtpTransport<Tokio1Executor>, MailSetupError> {
    let builder = match smtp.security {
        SmtpSecurity::Starttls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&smtp.host),
        SmtpSecurity::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(&smtp.host),
        SmtpSecurity::Plain => Ok(AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(
            &smtp.host,
        )),
    }
    .map_err(|source| MailSetupError::Smtp {
        host: smtp.host.clone(),
        source,
    })?;
    let builder = builder.port(smtp.port).timeout(Some(SMTP_TIMEOUT));
    let builder = match &smtp.credentials {
        Some((user, password)) => {
            builder.credentials(Credentials::new(user.clone(), password.clone()))
        }
        None => builder,
    };
    Ok(builder.build())
}

struct Sender {
    store: Store,
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    /// Between two messages: the rate limit.
    pause: Duration,
    batch: i64,
    poll_every: Duration,
}

/// Why a message was not delivered: whether trying again may help, and what to record (the server's
/// answer or what went wrong, for the operator).
struct Undelivered {
    permanent: bool,
    reason: String,
}

impl Sender {
    async fn run(self) {
        loop {
            let due = match self.store.claim_due_mail(now(), self.batch).await {
                Ok(due) => due,
                Err(error) => {
                    tracing::warn!(%error, "could not read the mail queue");
                    Vec::new()
                }
            };
            if due.is_empty() {
                tokio::time::sleep(self.poll_every).await;
                continue;
            }
            for mail in due {
                self.deliver(&mail).await;
                tokio::time::sleep(self.pause).await;
            }
        }
    }

    async fn deliver(&self, mail: &QueuedMail) {
        let outcome = match self.message(mail) {
            Ok(message) => {
                self.transport
                    .send(message)
                    .await
                    .map(|_| ())
                    .map_err(|e| Undelivered {
                        permanent: e.is_permanent(),
                        reason: e.to_string(),
                    })
            }
            Err(undelivered) => Err(undelivered),
        };
        let recorded = match outcome {
            Ok(()) => self.store.mark_mail_sent(mail.id, now()).await,
            Err(undelivered) => {
                let retry = self
                    .store
                    .mark_mail_failed(mail.id, &undelivered.reason, undelivered.permanent, now())
                    .await;
                // The log names the message by its id, never its address.
                match &retry {
                    Ok(MailRetry::At(at)) => {
                        tracing::warn!(
                            id = mail.id,
                            retry_at = at,
                            "mail not delivered, will retry"
                        );
                    }
                    Ok(MailRetry::GaveUp) => {
                        tracing::error!(id = mail.id, "mail not delivered, given up");
                    }
                    Err(_) => {}
                }
                retry.map(|_| ())
            }
        };
        if let Err(error) = recorded {
            tracing::error!(id = mail.id, %error, "could not record the mail's delivery");
        }
    }

    /// The message as sent: plain text in UTF-8, and for a subscription's message the one-click
    /// unsubscribe headers (RFC 2369 and RFC 8058) that mail programs show as an "Unsubscribe" button.
    fn message(&self, mail: &QueuedMail) -> Result<Message, Undelivered> {
        let refused = |reason: String| Undelivered {
            permanent: true,
            reason,
        };
        let to: Mailbox = mail
            .recipient
            .parse()
            .map_err(|e| refused(format!("not an address: {e}")))?;
        // A Message-ID in the sender's domain: mail without one is often taken for spam.
        let message_id = format!(
            "<{}.{}@{}>",
            mail.id,
            crate::auth::random_token(12),
            self.from.email.domain()
        );
        let mut builder = Message::builder()
            .message_id(Some(message_id))
            .from(self.from.clone())
            .to(to)
            .subject(mail.subject.as_str())
            .header(ContentType::TEXT_PLAIN);
        if let Some(url) = mail.unsubscribe_url() {
            builder = builder
                .raw_header(HeaderValue::new(
                    HeaderName::new_from_ascii_str("List-Unsubscribe"),
                    format!("<{url}>"),
                ))
                .raw_header(HeaderValue::new(
                    HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
                    "List-Unsubscribe=One-Click".to_owned(),
                ));
        }
        builder
            .body(mail.body_text.clone())
            .map_err(|e| refused(e.to_string()))
    }
}

/// A page's whole address for a message: the server's public address (`--public-url`) and `path`.
pub fn link(public_url: &str, path: &str) -> String {
    format!("{}{path}", public_url.trim_end_matches('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batches_fit_in_half_a_lease() {
        assert_eq!(batch_size(0.001), 1);
        assert_eq!(batch_size(0.1), 15);
        assert_eq!(batch_size(5.0), 50);
    }

    #[test]
    fn the_password_stays_out_of_debug_output() {
        let smtp = SmtpSettings {
            host: "smtp.example".into(),
            port: 587,
            security: SmtpSecurity::Starttls,
            credentials: Some(("mailer".into(), "hunter2".into())),
        };
        let shown = format!("{smtp:?}");
        assert!(shown.contains("mailer") && !shown.contains("hunter2"));
    }
}
