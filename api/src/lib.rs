//! Portico's service: configuration, the event log, application services and the HTTP API.
//!
//! The `portico` binary (`main.rs`) is a thin shell over this library so that tests can build
//! the same router and services without a socket.

pub mod access;
pub mod auth;
pub mod cli;
pub mod clock;
pub mod commands;
pub mod database;
pub mod event_log;
pub mod files;
pub mod graphql;
pub mod http;
pub mod markdown;
pub mod settings;

use std::sync::Arc;

use access::Reads;
use auth::sessions::Sessions;
use auth::throttle::SignInThrottle;
use clock::{Clock, SystemClock};
use commands::accounts::Accounts;
use commands::app_registrations::AppRegistrations;
use event_log::EventLog;
use files::FileStore;
use projections::runner::Projections;
use settings::Settings;
use sqlx::PgPool;

/// Everything a request handler needs, cheap to clone.
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub pool: PgPool,
    /// The service's settings.
    pub settings: Arc<Settings>,
    /// The time commands and sessions see.
    pub clock: Arc<dyn Clock>,
    /// Account commands.
    pub accounts: Accounts,
    /// App-registration commands.
    pub app_registrations: AppRegistrations,
    /// Reads with S1 applied.
    pub reads: Reads,
    /// The projectors that keep the read models.
    pub projections: Arc<Projections>,
    /// Sign-in sessions.
    pub sessions: Sessions,
    /// Failed sign-in counting.
    pub throttle: SignInThrottle,
    /// Uploaded files.
    pub files: FileStore,
}

impl AppState {
    /// Wires the services to `pool` with default settings and the system clock.
    pub fn new(pool: PgPool) -> Self {
        Self::with(pool, Settings::default(), Arc::new(SystemClock))
    }

    /// Wires the services to `pool` with `settings` and `clock`.
    pub fn with(pool: PgPool, settings: Settings, clock: Arc<dyn Clock>) -> Self {
        let log = EventLog::new(pool.clone());
        Self {
            accounts: Accounts::new(log.clone()),
            app_registrations: AppRegistrations::new(log),
            reads: Reads::new(pool.clone()),
            projections: Arc::new(Projections::new(
                pool.clone(),
                projections::read_models::all(),
            )),
            sessions: Sessions::new(
                pool.clone(),
                clock.clone(),
                settings.session_idle_timeout,
                settings.session_lifetime,
            ),
            throttle: SignInThrottle::new(pool.clone(), clock.clone()),
            files: FileStore::new(pool.clone()),
            settings: Arc::new(settings),
            clock,
            pool,
        }
    }
}
