//! The command line of the `portico` binary: every setting is a flag or an environment variable.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{ArgAction, Args, Parser, Subcommand};

use crate::settings::Settings;

/// Portico: the developer portal service for SMART on FHIR apps.
#[derive(Debug, Parser)]
#[command(name = "portico", version, about)]
pub struct Cli {
    /// PostgreSQL connection URL. The database is created when it does not exist.
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "postgres://postgres@127.0.0.1:5432/portico",
        global = true,
        hide_env_values = true
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
    /// Create the database if missing, run migrations, run the projectors and serve HTTP.
    Serve(ServeArgs),
    /// Create the database if missing and run migrations, then exit.
    Migrate,
    /// Manage accounts from the command line.
    #[command(subcommand)]
    Admin(AdminCommand),
    /// Manage the read models.
    #[command(subcommand)]
    Projections(ProjectionsCommand),
    /// Write the GraphQL schema (SDL) to a file.
    ExportSchema {
        /// Where to write it.
        #[arg(long, default_value = "docs/schema.graphql")]
        output: PathBuf,
    },
}

/// `portico admin …`
#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Create an account with the given roles; the password is read from standard input.
    /// This is how the first admin is made.
    Create {
        /// The account's email.
        #[arg(long)]
        email: String,
        /// A role to grant (repeatable): developer, reviewer, admin, auditor.
        #[arg(long = "role", required = true)]
        roles: Vec<String>,
        /// First name.
        #[arg(long, default_value = "Portico")]
        first_name: String,
        /// Last name.
        #[arg(long, default_value = "Administrator")]
        last_name: String,
    },
}

/// `portico projections …`
#[derive(Debug, Subcommand)]
pub enum ProjectionsCommand {
    /// Empty a projector's tables (every projector's without a name) and replay the log.
    Rebuild {
        /// The projector's name: accounts, app_versions, messages, gallery.
        name: Option<String>,
    },
}

/// `portico serve` settings.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "PORTICO_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// Minutes of inactivity after which a session ends.
    #[arg(long, env = "PORTICO_SESSION_IDLE_MINUTES", default_value_t = 60)]
    pub session_idle_minutes: i64,
    /// Hours after sign-in at which a session ends regardless of use.
    #[arg(long, env = "PORTICO_SESSION_LIFETIME_HOURS", default_value_t = 12)]
    pub session_lifetime_hours: i64,
    /// Mark the session cookie Secure; set false only for plain-HTTP development.
    #[arg(long, env = "PORTICO_COOKIE_SECURE", default_value_t = true, action = ArgAction::Set)]
    pub cookie_secure: bool,
    /// Serve GraphiQL at /graphiql.
    #[arg(long, env = "PORTICO_GRAPHIQL", default_value_t = true, action = ArgAction::Set)]
    pub graphiql: bool,
    /// Answer GraphQL introspection queries.
    #[arg(long, env = "PORTICO_INTROSPECTION", default_value_t = true, action = ArgAction::Set)]
    pub introspection: bool,
    /// Largest request body accepted, in bytes.
    #[arg(long, env = "PORTICO_MAX_BODY_BYTES", default_value_t = 2 * 1024 * 1024)]
    pub max_body_bytes: usize,
    /// Behind a trusted reverse proxy only: the header carrying the client's address (e.g.
    /// x-forwarded-for); its last entry is used for sign-in throttling.
    #[arg(long, env = "PORTICO_CLIENT_ADDRESS_HEADER")]
    pub client_address_header: Option<String>,
}

impl ServeArgs {
    /// The service settings these arguments ask for.
    pub fn settings(&self) -> Settings {
        Settings {
            session_idle_timeout: time::Duration::minutes(self.session_idle_minutes),
            session_lifetime: time::Duration::hours(self.session_lifetime_hours),
            cookie_secure: self.cookie_secure,
            graphiql: self.graphiql,
            introspection: self.introspection,
            max_body_bytes: self.max_body_bytes,
            client_address_header: self.client_address_header.clone(),
            ..Settings::default()
        }
    }
}
