//! The command line of the `portico` binary: every setting is a flag or an environment variable.

use std::net::SocketAddr;

use clap::{Parser, Subcommand};

/// Portico: the developer portal service for SMART on FHIR apps.
#[derive(Debug, Parser)]
#[command(name = "portico", version, about)]
pub struct Cli {
    /// PostgreSQL connection URL. The database is created when it does not exist.
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "postgres://postgres@127.0.0.1:5432/portico",
        global = true
    )]
    pub database_url: String,

    /// Most connections the service keeps open to PostgreSQL.
    #[arg(
        long,
        env = "PORTICO_DB_MAX_CONNECTIONS",
        default_value_t = 10,
        global = true
    )]
    pub db_max_connections: u32,

    /// Log filter in `tracing` syntax, e.g. `info` or `api=debug,sqlx=warn`.
    #[arg(long, env = "PORTICO_LOG", default_value = "info", global = true)]
    pub log: String,

    /// Log as JSON lines (for production) instead of human-readable text.
    #[arg(long, env = "PORTICO_LOG_JSON", global = true)]
    pub log_json: bool,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create the database if missing, run migrations and serve HTTP.
    Serve {
        /// Address to listen on.
        #[arg(long, env = "PORTICO_LISTEN", default_value = "127.0.0.1:8080")]
        listen: SocketAddr,
    },
    /// Create the database if missing and run migrations, then exit.
    Migrate,
}
