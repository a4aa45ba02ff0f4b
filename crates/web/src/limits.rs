//! Per-client limits on the public routes without an account: complaint tracking codes cannot be
//! guessed by trying, a flood of complaints from one address cannot swamp the district, and one client
//! cannot send confirmation mail to address after address through the subscribe form. Kept in memory per
//! server by governor's keyed GCRA limiter: behind several servers, each counts on its own.
//!
//! Lookups over the limit are refused with a page that asks to wait. Filings are never refused: one
//! over the limit waits for its turn (up to [`MAX_FILING_WAIT`]), and past that the form comes back
//! with everything typed and a request to send it again in a minute.

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::convert::Infallible;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

/// Tracking-code lookups per client: 10 at once, then one every 6 seconds.
const LOOKUP_PERIOD: Duration = Duration::from_secs(6);
const LOOKUP_BURST: u32 = 10;
/// Complaints per client: 5 at once, then one every 4 seconds.
const FILING_PERIOD: Duration = Duration::from_secs(4);
const FILING_BURST: u32 = 5;
/// Subscribe requests per client (each may send a confirmation mail): 10 at once, then one every 6 s.
const SUBSCRIBE_PERIOD: Duration = Duration::from_secs(6);
const SUBSCRIBE_BURST: u32 = 10;
/// The longest a complaint waits for its turn before the form asks to send it again.
pub const MAX_FILING_WAIT: Duration = Duration::from_secs(10);
/// Forget idle clients once this many are kept.
const MAX_TRACKED_CLIENTS: usize = 10_000;

#[derive(Clone)]
pub struct ClientLimits {
    lookups: Arc<DefaultKeyedRateLimiter<IpAddr>>,
    filings: Arc<DefaultKeyedRateLimiter<IpAddr>>,
    subscriptions: Arc<DefaultKeyedRateLimiter<IpAddr>>,
}

fn limiter(period: Duration, burst: u32) -> Arc<DefaultKeyedRateLimiter<IpAddr>> {
    let burst = NonZeroU32::new(burst).unwrap_or(NonZeroU32::MIN);
    let quota = Quota::with_period(period)
        .unwrap_or_else(|| Quota::per_second(NonZeroU32::MIN))
        .allow_burst(burst);
    Arc::new(RateLimiter::keyed(quota))
}

impl Default for ClientLimits {
    fn default() -> ClientLimits {
        ClientLimits {
            lookups: limiter(LOOKUP_PERIOD, LOOKUP_BURST),
            filings: limiter(FILING_PERIOD, FILING_BURST),
            subscriptions: limiter(SUBSCRIBE_PERIOD, SUBSCRIBE_BURST),
        }
    }
}

impl ClientLimits {
    /// Whether `client` may look up a tracking code now.
    pub fn lookup(&self, client: IpAddr) -> bool {
        forget_idle(&self.lookups);
        self.lookups.check_key(&client).is_ok()
    }

    /// Whether `client` may ask for a subscription now.
    pub fn subscribe(&self, client: IpAddr) -> bool {
        forget_idle(&self.subscriptions);
        self.subscriptions.check_key(&client).is_ok()
    }

    /// Waits for `client`'s turn to file; false when that would take longer than
    /// [`MAX_FILING_WAIT`].
    pub async fn admit_filing(&self, client: IpAddr) -> bool {
        forget_idle(&self.filings);
        let clock = DefaultClock::default();
        let mut waited = Duration::ZERO;
        loop {
            match self.filings.check_key(&client) {
                Ok(()) => return true,
                Err(not_until) => {
                    let wait = not_until.wait_time_from(clock.now());
                    waited += wait;
                    if waited > MAX_FILING_WAIT {
                        return false;
                    }
                    tokio::time::sleep(wait).await;
                }
            }
        }
    }
}

fn forget_idle(limiter: &DefaultKeyedRateLimiter<IpAddr>) {
    if limiter.len() > MAX_TRACKED_CLIENTS {
        limiter.retain_recent();
    }
}

/// The client's address as the server saw the connection (no proxy headers are trusted).
pub struct ClientAddress(pub IpAddr);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddress {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(ClientAddress(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |info| info.0.ip()),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups_past_the_burst_are_refused_per_client() {
        let limits = ClientLimits::default();
        let one = IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2));
        let other = IpAddr::V4(Ipv4Addr::new(127, 0, 0, 3));
        for _ in 0..LOOKUP_BURST {
            assert!(limits.lookup(one));
        }
        assert!(!limits.lookup(one));
        assert!(limits.lookup(other));
    }

    #[tokio::test]
    async fn a_filing_past_the_burst_waits_its_turn() {
        let limits = ClientLimits {
            filings: limiter(Duration::from_millis(200), 2),
            ..ClientLimits::default()
        };
        let client = IpAddr::V4(Ipv4Addr::LOCALHOST);
        let started = std::time::Instant::now();
        for _ in 0..3 {
            assert!(limits.admit_filing(client).await);
        }
        assert!(started.elapsed() >= Duration::from_millis(150));
    }
}
