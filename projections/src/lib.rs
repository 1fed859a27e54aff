//! Projectors: fold the event log into read-model tables, exactly once and crash-safely.
//!
//! A projector has a stable name, owns its tables and a checkpoint row. The runner
//! ([`runner::Projections`]) applies a batch of events and moves the checkpoint in one
//! transaction, reading the log in commit order without skipping (DESIGN.md "Projections").

pub mod paging;
pub mod read_models;
pub mod runner;

use async_trait::async_trait;
use sqlx::PgConnection;
use time::OffsetDateTime;

/// A place in the log in commit order: events are read by `(transaction_id, global_position)`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LogPosition {
    /// The writing transaction (`xid8`), which orders commits.
    pub transaction_id: u64,
    /// The insertion order within (and across) transactions.
    pub global_position: i64,
}

/// One event as stored in the log.
#[derive(Debug, Clone)]
pub struct StoredEvent {
    /// Kind of stream, e.g. `app_registration`.
    pub aggregate_type: String,
    /// Stream id.
    pub aggregate_id: String,
    /// Position in its stream.
    pub sequence: i64,
    /// Stable event name, e.g. `VersionApproved`.
    pub event_type: String,
    /// Payload schema version.
    pub event_version: String,
    /// The business facts.
    pub payload: serde_json::Value,
    /// Who, when, correlation.
    pub metadata: serde_json::Value,
    /// Where the event stands in commit order.
    pub position: LogPosition,
    /// When the database stored it.
    pub recorded_at: OffsetDateTime,
}

impl StoredEvent {
    /// Decodes the payload as the aggregate's event type.
    pub fn decode<E: serde::de::DeserializeOwned>(&self) -> Result<E, ProjectionError> {
        serde_json::from_value(self.payload.clone()).map_err(|e| ProjectionError::Payload {
            event_type: self.event_type.clone(),
            message: e.to_string(),
        })
    }
}

/// Why a projector could not apply an event or a read-model query failed.
#[derive(Debug, thiserror::Error)]
pub enum ProjectionError {
    /// The database failed.
    #[error("read-model database error: {0}")]
    Database(#[from] sqlx::Error),
    /// A stored payload did not decode.
    #[error("cannot decode {event_type}: {message}")]
    Payload {
        /// The event's type.
        event_type: String,
        /// What went wrong.
        message: String,
    },
    /// The projectors did not catch up within the time allowed.
    #[error("the read models did not catch up in time")]
    NotCaughtUp,
    /// No projector has that name.
    #[error("no projector is named {0}")]
    UnknownProjector(String),
}

/// Folds events into the tables it owns.
///
/// `apply` runs inside the runner's transaction, together with the checkpoint update, so it
/// must only use `connection` (never a pool) and must not commit.
#[async_trait]
pub trait Projector: Send + Sync {
    /// The stable name of the projector and its checkpoint; it must never change.
    fn name(&self) -> &'static str;

    /// The tables this projector owns: emptied before a rebuild.
    fn tables(&self) -> &'static [&'static str];

    /// Applies one event (ignoring those it does not care about).
    async fn apply(
        &self,
        connection: &mut PgConnection,
        event: &StoredEvent,
    ) -> Result<(), ProjectionError>;
}
