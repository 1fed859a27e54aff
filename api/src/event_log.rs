//! The event log in PostgreSQL: load aggregates, decide, append atomically.
//!
//! Loading goes through cqrs-es's plain persisted event store over postgres-es (no snapshots:
//! DESIGN.md explains why). Appending is ours: postgres-es writes every event of one `persist`
//! call under a single aggregate type, so it cannot append to an app and its name reservation
//! in one transaction, which unique names need (docs/adr/0001-event-log.md).

use std::collections::HashMap;

use cqrs_es::event_sink::EventSink;
use cqrs_es::persist::{PersistedEventStore, SerializedEvent};
use cqrs_es::{Aggregate, AggregateError, DomainEvent, EventStore};
use domain::actor::Actor;
use postgres_es::PostgresEventRepository;
use sqlx::PgPool;
use time::OffsetDateTime;
use uuid::Uuid;

/// Failures of the log itself (not of a command's rules).
#[derive(Debug, thiserror::Error)]
pub enum EventLogError {
    /// Another writer appended to one of the streams first; deciding again may succeed.
    #[error("another change was saved first; reload and try again")]
    Conflict,
    /// The database failed or could not be reached.
    #[error("event log unavailable: {0}")]
    Database(#[from] sqlx::Error),
    /// The event store failed in a way that carries no database error.
    #[error("event log unavailable: {0}")]
    Unavailable(String),
    /// A stored event or new event could not be (de)serialised.
    #[error("event (de)serialisation failed: {0}")]
    Serialization(String),
}

/// Who, when and why, stored with every event of one commit (S11).
#[derive(Debug, Clone)]
pub struct CommitMetadata {
    /// The actor, absent for anonymous commands such as sign-up.
    pub actor: Option<Actor>,
    /// Ties together everything one user action caused.
    pub correlation_id: Uuid,
    /// The HTTP request (or CLI invocation) that issued the command.
    pub request_id: Uuid,
    /// The command's time, as the domain saw it.
    pub command_time: OffsetDateTime,
}

impl CommitMetadata {
    /// Metadata for a fresh action by `actor` at `command_time`.
    pub fn new(actor: Option<Actor>, command_time: OffsetDateTime) -> Self {
        let request_id = Uuid::now_v7();
        Self {
            actor,
            correlation_id: request_id,
            request_id,
            command_time,
        }
    }

    fn to_map(&self) -> HashMap<String, String> {
        let mut map = HashMap::new();
        if let Some(actor) = &self.actor {
            map.insert("actor_id".to_owned(), actor.account_id.to_string());
            let roles: Vec<String> = actor.roles.iter().map(|r| r.as_str().to_owned()).collect();
            map.insert("actor_roles".to_owned(), roles.join(","));
        }
        map.insert("correlation_id".to_owned(), self.correlation_id.to_string());
        map.insert("request_id".to_owned(), self.request_id.to_string());
        map.insert(
            "command_time".to_owned(),
            self.command_time
                .format(&time::format_description::well_known::Rfc3339)
                .unwrap_or_default(),
        );
        map
    }
}

/// An aggregate as loaded from its stream, ready to decide on commands.
pub struct Loaded<A: Aggregate> {
    id: String,
    aggregate: A,
    sequence: usize,
    pending: Vec<A::Event>,
}

impl<A: Aggregate> Loaded<A> {
    /// The aggregate's current state (including events decided but not yet committed).
    pub fn state(&self) -> &A {
        &self.aggregate
    }

    /// Runs `command` against the state; its events are held until [`EventLog::commit`].
    pub async fn decide(
        &mut self,
        command: A::Command,
        services: &A::Services,
    ) -> Result<(), A::Error> {
        let sink = EventSink::default();
        self.aggregate.handle(command, services, &sink).await?;
        self.pending.extend(sink.collect().await);
        Ok(())
    }

    /// The events decided so far, numbered after the loaded stream, for [`EventLog::commit`].
    pub fn into_changes(self) -> Result<Vec<SerializedEvent>, EventLogError> {
        let first = self.sequence + 1;
        self.pending
            .iter()
            .enumerate()
            .map(|(offset, event)| {
                let payload = serde_json::to_value(event)
                    .map_err(|e| EventLogError::Serialization(e.to_string()))?;
                Ok(SerializedEvent::new(
                    self.id.clone(),
                    first + offset,
                    A::TYPE.to_owned(),
                    event.event_type(),
                    event.event_version(),
                    payload,
                    serde_json::Value::Null,
                ))
            })
            .collect()
    }
}

/// The event log of one database.
#[derive(Clone)]
pub struct EventLog {
    pool: PgPool,
}

impl EventLog {
    /// The log stored in `pool`'s database.
    pub fn new(pool: PgPool) -> Self {
        Self { pool }
    }

    /// Loads the aggregate `id` by replaying its stream (a new aggregate if there is none).
    pub async fn load<A: Aggregate>(&self, id: &str) -> Result<Loaded<A>, EventLogError> {
        let store: PersistedEventStore<PostgresEventRepository, A> =
            PersistedEventStore::new_event_store(PostgresEventRepository::new(self.pool.clone()));
        let context = store.load_aggregate(id).await.map_err(store_error)?;
        Ok(Loaded {
            id: id.to_owned(),
            aggregate: context.aggregate,
            sequence: context.current_sequence,
            pending: Vec::new(),
        })
    }

    /// Appends every change in one transaction: all of them land or none does.
    ///
    /// A stream that gained an event since it was loaded makes the whole commit fail with
    /// [`EventLogError::Conflict`] (the primary key on stream position).
    pub async fn commit(
        &self,
        changes: Vec<SerializedEvent>,
        metadata: &CommitMetadata,
    ) -> Result<usize, EventLogError> {
        if changes.is_empty() {
            return Ok(0);
        }
        let metadata = serde_json::to_value(metadata.to_map())
            .map_err(|e| EventLogError::Serialization(e.to_string()))?;
        let mut tx = self.pool.begin().await?;
        for event in &changes {
            let sequence = i64::try_from(event.sequence)
                .map_err(|e| EventLogError::Serialization(e.to_string()))?;
            sqlx::query(
                "INSERT INTO events (aggregate_type, aggregate_id, sequence, event_type, \
                 event_version, payload, metadata) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(&event.aggregate_type)
            .bind(&event.aggregate_id)
            .bind(sequence)
            .bind(&event.event_type)
            .bind(&event.event_version)
            .bind(&event.payload)
            .bind(&metadata)
            .execute(&mut *tx)
            .await
            .map_err(conflict_or_database)?;
        }
        tx.commit().await.map_err(conflict_or_database)?;
        Ok(changes.len())
    }
}

fn conflict_or_database(error: sqlx::Error) -> EventLogError {
    match &error {
        sqlx::Error::Database(db) if db.code().as_deref() == Some("23505") => {
            EventLogError::Conflict
        }
        _ => EventLogError::Database(error),
    }
}

fn store_error<E: std::error::Error>(error: AggregateError<E>) -> EventLogError {
    match error {
        AggregateError::AggregateConflict => EventLogError::Conflict,
        AggregateError::DeserializationError(e) => EventLogError::Serialization(e.to_string()),
        other => EventLogError::Unavailable(other.to_string()),
    }
}
