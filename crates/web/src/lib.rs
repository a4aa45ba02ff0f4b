//! accord's HTTP edge: server-rendered pages (`pages/`) and the JSON API (`api/`), both thin layers
//! over [`actions`], which applies the domain's rules to the store.

pub mod actions;
pub mod agreements;
pub mod answers;
pub mod api;
pub mod auth;
pub mod calls;
pub mod calls_import;
pub mod calls_report;
pub mod catalogue;
pub mod charts;
pub mod complaints;
pub mod csrf;
pub mod error;
pub mod export;
pub mod i18n;
pub mod limits;
pub mod listening;
pub mod mail;
pub mod notice;
pub mod ospi;
pub mod pages;
pub mod program;
pub mod public_page;
pub mod subscriptions;
pub mod themes;

use accord_store::Store;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, HeaderValue, header};
use std::time::Duration;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

/// How the server behaves, beyond where its data lives.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// Mark cookies `Secure` (set when accord is served over HTTPS).
    pub secure_cookies: bool,
    /// Outgoing mail (the queue's sender).
    pub mail: mail::MailSettings,
    /// Where the public reaches this server (`https://accord.district.example`): the links in mail
    /// start with it.
    pub public_url: String,
}

/// What every handler can reach. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub settings: Settings,
    pub totals: actions::TotalsCache,
    pub insight: actions::InsightCache,
    pub standing: actions::StandingCache,
    pub bridging: actions::BridgingCache,
    pub results: actions::ResultsCache,
    pub adjusted: actions::AdjustedCache,
    /// Each school year's counts of calls for service, by district.
    pub calls_reports: std::sync::Arc<calls_report::ReportCache>,
    /// Per-client limits on the public complaint routes.
    pub limits: limits::ClientLimits,
}

impl AppState {
    pub fn new(store: Store, settings: Settings) -> AppState {
        AppState {
            store,
            settings,
            totals: actions::TotalsCache::new(actions::OPEN_TOTALS_MAX_AGE),
            insight: actions::InsightCache::new(actions::OPEN_INSIGHT_MAX_AGE),
            standing: actions::StandingCache::new(actions::OPEN_STANDING_MAX_AGE),
            bridging: actions::BridgingCache::new(actions::OPEN_BRIDGING_MAX_AGE),
            results: actions::ResultsCache::new(actions::OPEN_INSIGHT_MAX_AGE),
            adjusted: actions::AdjustedCache::new(actions::OPEN_ADJUSTED_MAX_AGE),
            calls_reports: Default::default(),
            limits: limits::ClientLimits::default(),
        }
    }
}

/// The largest request body accepted: a thought is at most 500 characters, an exchange's context a
/// few pages.
pub const BODY_LIMIT: usize = 256 * 1024;

/// The whole application: pages, API, assets, and the layers every request passes through.
pub fn app(state: AppState) -> Router {
    Router::new()
        .merge(api::router(state.clone()))
        .merge(pages::router(state))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(30),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            HeaderName::from_static("content-security-policy"),
            HeaderValue::from_static(
                "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; \
                 frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
            ),
        ))
        .layer(CatchPanicLayer::new())
        .layer(TraceLayer::new_for_http())
}

/// Serves `app` on `listener` until ctrl-c or SIGTERM, with the mail queue's sender, the complaint
/// reminders and the counting of the yearly reports beside it (they stop with the server, also when
/// this future is dropped).
pub async fn serve(listener: tokio::net::TcpListener, state: AppState) -> std::io::Result<()> {
    let _sender = mail::spawn_sender(state.store.clone(), &state.settings.mail)
        .map_err(std::io::Error::other)?;
    let _reminders =
        complaints::spawn_reminders(state.store.clone(), state.settings.public_url.clone());
    let (store, reports) = (state.store.clone(), state.calls_reports.clone());
    let _warming = BackgroundTask(tokio::spawn(async move { reports.warm(&store).await }));
    // The peer address feeds the per-client limits (`limits::ClientAddress`).
    let app = app(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await
}

/// A task that runs beside the server and stops with it (when dropped).
pub struct BackgroundTask(pub(crate) tokio::task::JoinHandle<()>);

impl Drop for BackgroundTask {
    fn drop(&mut self) {
        self.0.abort();
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut signal) =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            signal.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
