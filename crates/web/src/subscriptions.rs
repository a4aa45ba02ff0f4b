//! Staying in touch without an account (issue 7): the one place the subscribe form, its confirmation
//! link, the unsubscribe link and the notifications apply `accord_domain::subscriptions`.
//!
//! Double opt-in: a request sends one message, the confirmation link (its token is random, only its
//! SHA-256 is stored, it works for a week); nothing else is ever sent to an address until it is
//! confirmed. Every notification carries a one-click unsubscribe link, in its text and in the
//! `List-Unsubscribe` header. Addresses go from the form to the database and the mail queue, and are
//! never shown on a page, in a log or in an export. The pages answer the same whether an address was
//! known or not.

use crate::auth::{hash_token, random_token};
use crate::error::AppError;
use crate::i18n::{LANGUAGES, Lang, Msg};
use crate::{AppState, listening};
use accord_domain::subscriptions::{
    AddressRefusal, Confirmation, RESEND_CONFIRMATION_AFTER_SECONDS, Topic, check_address,
    confirmation,
};
use accord_store::{
    District, Exchange, ListeningSession, OutgoingMail, SubscribeOutcome, SubscriptionRequest,
    Unsubscription, now,
};
use serde::Deserialize;
use std::collections::HashMap;

/// The subscribe form as typed.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct SubscribeInput {
    #[serde(default)]
    pub email: String,
    /// `en` or `es`.
    #[serde(default)]
    pub language: String,
    /// Topic keys: `exchanges`, `listening_sessions`, `answers`.
    #[serde(default)]
    pub topics: Vec<String>,
}

/// A checked request: the normalised address, a language code of [`LANGUAGES`], the topics.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub email: String,
    pub language: &'static str,
    pub topics: Vec<Topic>,
}

impl SubscribeInput {
    pub fn validate(&self) -> Result<Choice, Msg> {
        let email = check_address(&self.email).map_err(|refusal| {
            Msg::new(match refusal {
                AddressRefusal::Malformed => "subscribe-error-malformed",
                AddressRefusal::Disposable => "subscribe-error-disposable",
            })
            .field("email")
        })?;
        let language = LANGUAGES
            .iter()
            .map(|(code, _, _)| *code)
            .find(|code| *code == self.language)
            .ok_or_else(|| Msg::new("subscribe-error-language").field("language"))?;
        let mut topics: Vec<Topic> = self
            .topics
            .iter()
            .filter_map(|key| Topic::parse(key))
            .collect();
        topics.sort();
        topics.dedup();
        if topics.is_empty() {
            return Err(Msg::new("subscribe-error-topics").field("topics"));
        }
        Ok(Choice {
            email,
            language,
            topics,
        })
    }

    pub fn has_topic(&self, topic: &Topic) -> bool {
        self.topics.iter().any(|key| key == topic.key())
    }
}

fn link(state: &AppState, path: &str) -> String {
    crate::mail::link(&state.settings.public_url, path)
}

/// Records a subscribe request and queues its confirmation link, or says what is wrong with it. The
/// answer is the same for a new address, a known one, and one asked for moments ago.
pub async fn subscribe(
    state: &AppState,
    district: &District,
    input: &SubscribeInput,
) -> Result<Result<(), Msg>, AppError> {
    let choice = match input.validate() {
        Ok(choice) => choice,
        Err(msg) => return Ok(Err(msg)),
    };
    let token = random_token(32);
    let topics: Vec<&str> = choice.topics.iter().map(|t| t.key()).collect();
    let request = SubscriptionRequest {
        district_id: district.id,
        email: &choice.email,
        language: choice.language,
        topics: &topics.join(","),
        confirmation_hash: &hash_token(&token),
        unsubscribe_token: &random_token(32),
    };
    let outcome = state
        .store
        .request_subscription(&request, now(), RESEND_CONFIRMATION_AFTER_SECONDS)
        .await?;
    if let SubscribeOutcome::ConfirmationDue {
        subscription_id,
        sent_at,
    } = outcome
    {
        let l = Lang::from_code(choice.language);
        let topic_names: Vec<String> = choice
            .topics
            .iter()
            .map(|t| l.t(format!("subscribe-topic-{}", t.key())))
            .collect();
        let district_arg = [("district", district.name.clone())];
        let text = [
            l.t_args(
                "mail-confirm-text",
                &[
                    ("district", district.name.clone()),
                    ("topics", topic_names.join(", ")),
                ],
            ),
            link(
                state,
                &format!("/districts/{}/subscribe/confirm/{token}", district.slug),
            ),
            l.t("mail-confirm-ignore"),
        ]
        .join("\n\n");
        state
            .store
            .enqueue_mail(&OutgoingMail {
                district_id: district.id,
                event_key: &format!("subscription-confirm:{subscription_id}:{sent_at}"),
                to: &choice.email,
                subject: &l.t_args("mail-confirm-subject", &district_arg),
                text: &text,
                unsubscribe_url: None,
            })
            .await?;
    }
    Ok(Ok(()))
}

/// Where a confirmation or unsubscribe link stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkState {
    /// The link works: the page asks for the click that does it.
    Ready,
    /// This request did it.
    Done,
    /// Done before: nothing changed.
    AlreadyDone,
    /// A confirmation link older than a week.
    Expired,
    /// No such link (mistyped, forged, or of another district).
    Unknown,
}

impl LinkState {
    /// The part of the Fluent keys that names this state.
    pub fn key(self) -> &'static str {
        match self {
            LinkState::Ready => "ready",
            LinkState::Done => "done",
            LinkState::AlreadyDone => "already",
            LinkState::Expired => "expired",
            LinkState::Unknown => "unknown",
        }
    }
}

/// What the confirmation link `token` would do now; with `act`, does it.
pub async fn confirm(
    state: &AppState,
    district: &District,
    token: &str,
    act: bool,
) -> Result<LinkState, AppError> {
    let Some(pending) = state
        .store
        .subscription_by_confirmation(&hash_token(token))
        .await?
        .filter(|p| p.district_id == district.id)
    else {
        return Ok(LinkState::Unknown);
    };
    let at = now();
    Ok(
        match confirmation(pending.confirmation_sent_at, pending.is_confirmed(), at) {
            Confirmation::AlreadyConfirmed => LinkState::AlreadyDone,
            Confirmation::Expired => LinkState::Expired,
            Confirmation::Confirms if !act => LinkState::Ready,
            Confirmation::Confirms => {
                if state.store.confirm_subscription(pending.id, at).await? {
                    LinkState::Done
                } else {
                    LinkState::AlreadyDone
                }
            }
        },
    )
}

/// What the unsubscribe link `token` would do now; with `act`, does it.
pub async fn unsubscribe(
    state: &AppState,
    district: &District,
    token: &str,
    act: bool,
) -> Result<LinkState, AppError> {
    let found = if act {
        state.store.unsubscribe(district.id, token, now()).await?
    } else {
        state.store.unsubscription(district.id, token).await?
    };
    Ok(match found {
        None => LinkState::Unknown,
        Some(Unsubscription::AlreadyUnsubscribed) => LinkState::AlreadyDone,
        Some(Unsubscription::Active) if act => LinkState::Done,
        Some(Unsubscription::Active) => LinkState::Ready,
    })
}

/// What subscribers hear about.
#[derive(Debug, Clone, Copy)]
pub enum Announcement<'a> {
    /// An exchange opened (topic `exchanges`).
    ExchangeOpened(&'a Exchange),
    /// A listening session was scheduled (topic `listening_sessions`).
    ListeningSessionScheduled(&'a ListeningSession),
    /// The district published its answers to an exchange (topic `answers`); they are read on the
    /// exchange's results page.
    AnswersPublished(&'a Exchange),
}

impl Announcement<'_> {
    pub fn topic(&self) -> Topic {
        match self {
            Announcement::ExchangeOpened(_) => Topic::Exchanges,
            Announcement::ListeningSessionScheduled(_) => Topic::ListeningSessions,
            Announcement::AnswersPublished(_) => Topic::Answers,
        }
    }

    fn district_id(&self) -> i64 {
        match self {
            Announcement::ExchangeOpened(e) | Announcement::AnswersPublished(e) => e.district_id,
            Announcement::ListeningSessionScheduled(s) => s.district_id,
        }
    }

    /// The event: with an address, a message's identity in the queue, so an announcement made
    /// twice (a reopened exchange, answers published again) reaches nobody twice.
    fn event_key(&self) -> String {
        match self {
            Announcement::ExchangeOpened(e) => format!("exchange-opened:{}", e.id),
            Announcement::ListeningSessionScheduled(s) => {
                format!("listening-session-scheduled:{}", s.id)
            }
            Announcement::AnswersPublished(e) => format!("answers-published:{}", e.id),
        }
    }

    /// The subject and the text above the footer, in `l`.
    fn compose(&self, state: &AppState, l: &Lang, district: &District) -> (String, String) {
        let (kind, title, details, path) = match self {
            Announcement::ExchangeOpened(e) => (
                "exchange-opened",
                e.title.clone(),
                e.question.clone(),
                format!("/exchanges/{}", e.id),
            ),
            Announcement::ListeningSessionScheduled(s) => (
                "session-scheduled",
                s.title.clone(),
                [listening::when(l, s), s.place.clone(), s.online_url.clone()]
                    .into_iter()
                    .filter(|line| !line.is_empty())
                    .collect::<Vec<_>>()
                    .join("\n"),
                format!("/districts/{}/listening-sessions/{}", district.slug, s.id),
            ),
            Announcement::AnswersPublished(e) => (
                "answers-published",
                e.title.clone(),
                String::new(),
                format!("/exchanges/{}/results", e.id),
            ),
        };
        let args = [("district", district.name.clone()), ("title", title)];
        let subject = l.t_args(&format!("mail-{kind}-subject"), &args);
        let text = [
            l.t_args(&format!("mail-{kind}-text"), &args),
            details,
            link(state, &path),
        ]
        .into_iter()
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n");
        (subject, text)
    }
}

/// Queues `announcement` for every confirmed subscriber of its district and topic, each in their
/// language with their own unsubscribe link, in one transaction; returns how many messages were queued
/// (a subscriber already told about this event is not told again, nor counted). Callers that change a
/// record and then announce it should not fail the change when this fails: see [`announce`].
pub async fn notify_subscribers(
    state: &AppState,
    announcement: &Announcement<'_>,
) -> Result<usize, AppError> {
    let district = state
        .store
        .district(announcement.district_id())
        .await?
        .ok_or(AppError::NotFound)?;
    let event_key = announcement.event_key();
    let subscribers = state
        .store
        .subscribers(district.id, announcement.topic().key())
        .await?;
    // Written once per language: (subject, text above the footer, footer).
    let mut composed: HashMap<&str, (String, String, String)> = HashMap::new();
    let mut texts = Vec::with_capacity(subscribers.len());
    for subscriber in &subscribers {
        let l = Lang::from_code(&subscriber.language);
        let (subject, body, footer) = composed.entry(l.code).or_insert_with(|| {
            let (subject, body) = announcement.compose(state, &l, &district);
            let footer = l.t_args("mail-footer", &[("district", district.name.clone())]);
            (subject, body, footer)
        });
        let unsubscribe_url = link(
            state,
            &format!(
                "/districts/{}/unsubscribe/{}",
                district.slug, subscriber.unsubscribe_token
            ),
        );
        let text = format!("{body}\n\n-- \n{footer}\n{unsubscribe_url}\n");
        texts.push((subject.clone(), text, unsubscribe_url));
    }
    let mails: Vec<OutgoingMail<'_>> = subscribers
        .iter()
        .zip(&texts)
        .map(
            |(subscriber, (subject, text, unsubscribe_url))| OutgoingMail {
                district_id: district.id,
                event_key: &event_key,
                to: &subscriber.email,
                subject,
                text,
                unsubscribe_url: Some(unsubscribe_url),
            },
        )
        .collect();
    Ok(state.store.enqueue_mails(&mails).await?)
}

/// [`notify_subscribers`] for a change that has already been made: a failure is logged, not returned.
pub async fn announce(state: &AppState, announcement: &Announcement<'_>) {
    if let Err(error) = notify_subscribers(state, announcement).await {
        tracing::error!(%error, event = %announcement.event_key(), "could not notify subscribers");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(email: &str, language: &str, topics: &[&str]) -> SubscribeInput {
        SubscribeInput {
            email: email.into(),
            language: language.into(),
            topics: topics.iter().map(|t| (*t).to_owned()).collect(),
        }
    }

    #[test]
    fn a_request_needs_an_address_a_language_and_a_topic() {
        assert_eq!(
            input(
                " Ana@Example.ORG",
                "es",
                &["answers", "exchanges", "answers"]
            )
            .validate(),
            Ok(Choice {
                email: "Ana@example.org".into(),
                language: "es",
                topics: vec![Topic::Exchanges, Topic::Answers],
            })
        );
        let field = |i: SubscribeInput| i.validate().err().and_then(|m| m.field);
        assert_eq!(field(input("ana", "en", &["answers"])), Some("email"));
        assert_eq!(
            input("x@mailinator.com", "en", &["answers"])
                .validate()
                .err()
                .map(|m| m.key),
            Some("subscribe-error-disposable")
        );
        assert_eq!(
            field(input("ana@example.org", "fr", &["answers"])),
            Some("language")
        );
        assert_eq!(
            field(input("ana@example.org", "en", &["weather"])),
            Some("topics")
        );
    }
}
