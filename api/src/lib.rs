//! Portico's service: configuration, the event log, application services and the HTTP API.
//!
//! The `portico` binary (`main.rs`) is a thin shell over this library so that tests can build
//! the same router and services without a socket.

pub mod cli;
pub mod commands;
pub mod database;
pub mod event_log;
pub mod http;

use commands::accounts::Accounts;
use commands::app_registrations::AppRegistrations;
use event_log::EventLog;
use sqlx::PgPool;

/// Everything a request handler needs, cheap to clone.
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub pool: PgPool,
    /// Account commands.
    pub accounts: Accounts,
    /// App-registration commands.
    pub app_registrations: AppRegistrations,
}

impl AppState {
    /// Wires the services to `pool`.
    pub fn new(pool: PgPool) -> Self {
        let log = EventLog::new(pool.clone());
        Self {
            accounts: Accounts::new(log.clone()),
            app_registrations: AppRegistrations::new(log),
            pool,
        }
    }
}
