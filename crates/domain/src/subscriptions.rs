//! Staying in touch without an account (issue 7): which addresses are accepted, how long a
//! confirmation link lives, and when the outgoing mail queue tries a message again.

use crate::codes::code_list;

code_list!(
    /// What a subscriber wants to hear about.
    Topic {
        Exchanges => "exchanges",
        ListeningSessions => "listening_sessions",
        Answers => "answers",
    }
);

/// Why an address is refused; the form says it in the visitor's language and keeps what they typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AddressRefusal {
    #[error("that does not look like an email address")]
    Malformed,
    #[error("addresses from throwaway mail services cannot be confirmed reliably")]
    Disposable,
}

/// The longest address accepted (RFC 5321's limit on a path).
const LONGEST_ADDRESS: usize = 254;

/// The address in the form it is stored and compared in (trimmed, domain in lower case), or why it
/// is refused: not a plain `name@domain.tld` address (no display name, no IP literal), or from a
/// known disposable-mail service (the `mailchecker` crate's list).
pub fn check_address(typed: &str) -> Result<String, AddressRefusal> {
    let typed = typed.trim();
    let options = email_address::Options::default()
        .with_required_tld()
        .without_display_text()
        .without_domain_literal();
    let address = email_address::EmailAddress::parse_with_options(typed, options)
        .map_err(|_| AddressRefusal::Malformed)?;
    if typed.len() > LONGEST_ADDRESS {
        return Err(AddressRefusal::Malformed);
    }
    let normalised = format!(
        "{}@{}",
        address.local_part(),
        address.domain().to_lowercase()
    );
    if !mailchecker::is_valid(&normalised) {
        return Err(AddressRefusal::Disposable);
    }
    Ok(normalised)
}

/// How long a confirmation link works: a week, then the visitor subscribes again.
pub const CONFIRMATION_VALID_FOR_SECONDS: i64 = 7 * 24 * 60 * 60;

/// A second subscribe request for an address within this many seconds of the last confirmation sent
/// to it sends nothing: the form cannot be used to flood someone's inbox.
pub const RESEND_CONFIRMATION_AFTER_SECONDS: i64 = 5 * 60;

/// What a confirmation link does when opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confirmation {
    /// Confirms the subscription now.
    Confirms,
    /// Already confirmed: say so kindly, change nothing.
    AlreadyConfirmed,
    Expired,
}

pub fn confirmation(sent_at: i64, confirmed: bool, now: i64) -> Confirmation {
    if confirmed {
        Confirmation::AlreadyConfirmed
    } else if now - sent_at > CONFIRMATION_VALID_FOR_SECONDS {
        Confirmation::Expired
    } else {
        Confirmation::Confirms
    }
}

/// How many times the queue tries one message before it gives up and records the failure.
pub const MAX_ATTEMPTS: u32 = 8;

/// When to try a message again after `attempts` failed tries (Unix seconds), or `None` to give up:
/// one minute, doubling each time, never more than six hours.
pub fn next_attempt(attempts: u32, now: i64) -> Option<i64> {
    const FIRST_WAIT: i64 = 60;
    const LONGEST_WAIT: i64 = 6 * 60 * 60;
    if attempts >= MAX_ATTEMPTS {
        return None;
    }
    let wait = FIRST_WAIT
        .saturating_mul(1 << attempts.saturating_sub(1).min(20))
        .min(LONGEST_WAIT);
    Some(now + wait)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn plain_addresses_are_accepted_and_normalised() {
        assert_eq!(
            check_address("  Maria.Lopez@Example.ORG "),
            Ok("Maria.Lopez@example.org".into())
        );
        assert_eq!(
            check_address("parent@school"),
            Err(AddressRefusal::Malformed)
        );
        assert_eq!(check_address("no at sign"), Err(AddressRefusal::Malformed));
        assert_eq!(
            check_address("Maria <maria@example.org>"),
            Err(AddressRefusal::Malformed)
        );
        assert_eq!(
            check_address("x@[127.0.0.1]"),
            Err(AddressRefusal::Malformed)
        );
        let long = format!("{}@example.org", "a".repeat(250));
        assert_eq!(check_address(&long), Err(AddressRefusal::Malformed));
    }

    #[test]
    fn throwaway_services_are_refused() {
        assert_eq!(
            check_address("someone@mailinator.com"),
            Err(AddressRefusal::Disposable)
        );
        assert_eq!(
            check_address("someone@guerrillamailblock.com"),
            Err(AddressRefusal::Disposable)
        );
    }

    #[test]
    fn a_link_works_for_a_week_and_twice_is_harmless() {
        let sent = 1_000_000;
        assert_eq!(confirmation(sent, false, sent + 60), Confirmation::Confirms);
        assert_eq!(
            confirmation(sent, false, sent + CONFIRMATION_VALID_FOR_SECONDS),
            Confirmation::Confirms
        );
        assert_eq!(
            confirmation(sent, false, sent + CONFIRMATION_VALID_FOR_SECONDS + 1),
            Confirmation::Expired
        );
        assert_eq!(
            confirmation(sent, true, sent + 60),
            Confirmation::AlreadyConfirmed
        );
    }

    #[test]
    fn retries_back_off_then_stop() {
        assert_eq!(next_attempt(1, 0), Some(60));
        assert_eq!(next_attempt(2, 0), Some(120));
        assert_eq!(next_attempt(7, 0), Some(60 * 64));
        assert_eq!(next_attempt(MAX_ATTEMPTS, 0), None);
    }

    proptest! {
        #[test]
        fn waits_never_shrink_and_stay_within_six_hours(attempts in 1u32..MAX_ATTEMPTS) {
            let now = 0;
            let this = next_attempt(attempts, now).expect("still trying");
            let previous = next_attempt(attempts - 1, now).expect("still trying");
            prop_assert!(this >= previous);
            prop_assert!(this <= 6 * 60 * 60);
        }

        #[test]
        fn any_text_gets_an_answer_never_a_panic(text in "\\PC{0,300}") {
            let _ = check_address(&text);
        }
    }
}
