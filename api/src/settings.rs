//! Settings the service runs with, from the command line or the environment.

use std::time::Duration as StdDuration;

use time::Duration;

/// Tunable behaviour of the service.
#[derive(Debug, Clone)]
pub struct Settings {
    /// A session unused this long ends (S2: 60 minutes).
    pub session_idle_timeout: Duration,
    /// A session ends this long after sign-in whatever its use (S2: 12 hours).
    pub session_lifetime: Duration,
    /// Mark the session cookie `Secure` (turn off only for plain-HTTP development).
    pub cookie_secure: bool,
    /// Serve GraphiQL at `/graphiql`.
    pub graphiql: bool,
    /// Answer GraphQL introspection queries.
    pub introspection: bool,
    /// Largest request body accepted, in bytes.
    pub max_body_bytes: usize,
    /// How long a mutation waits for the read models to show its events.
    pub read_your_writes_timeout: StdDuration,
    /// How often projectors look for events when no notification arrives.
    pub projection_poll_interval: StdDuration,
    /// Behind a trusted reverse proxy: the header it puts the client's address in (e.g.
    /// `x-forwarded-for`), so throttling counts clients rather than the proxy.
    pub client_address_header: Option<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            session_idle_timeout: Duration::minutes(60),
            session_lifetime: Duration::hours(12),
            cookie_secure: true,
            graphiql: true,
            introspection: true,
            max_body_bytes: 2 * 1024 * 1024,
            read_your_writes_timeout: StdDuration::from_secs(5),
            projection_poll_interval: StdDuration::from_secs(2),
            client_address_header: None,
        }
    }
}
