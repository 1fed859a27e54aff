//! The event history for auditors (S11): the log itself, page by page in commit order.
//!
//! This is not a projector: the `events` table already is the history, so it is read directly.
//! Two things make it fit for auditors' eyes: only events below the oldest running transaction
//! are listed (so a page, once read, never later gains an earlier event), and secrets that the
//! log must keep for rebuilds are redacted.

use sqlx::postgres::PgRow;
use sqlx::{PgPool, Postgres, QueryBuilder, Row};
use time::OffsetDateTime;
use uuid::Uuid;

use super::APP_REGISTRATION;
use crate::paging::{Page, PageRequest};
use crate::{LogPosition, ProjectionError};

/// Payload keys whose values are secrets; they are replaced by [`REDACTED`] at any depth.
const SECRET_KEYS: [&str; 1] = ["password_hash"];

/// What an auditor sees instead of a secret.
pub const REDACTED: &str = "[redacted]";

/// One event of the log as an auditor sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryEntry {
    /// Where the event stands in commit order.
    pub position: LogPosition,
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
    /// The business facts, with secrets redacted.
    pub payload: serde_json::Value,
    /// Who issued the command; absent for anonymous ones such as sign-up.
    pub actor_id: Option<Uuid>,
    /// Ties together everything one user action caused.
    pub correlation_id: Option<Uuid>,
    /// The command's time as the domain saw it, RFC 3339 text as recorded.
    pub command_time: Option<String>,
    /// When the database stored the event.
    pub recorded_at: OffsetDateTime,
}

/// One page of the whole log, or of one stream (`(aggregate_type, aggregate_id)`), in commit
/// order.
pub async fn history(
    pool: &PgPool,
    stream: Option<(&str, &str)>,
    page: &PageRequest,
) -> Result<Page<HistoryEntry>, ProjectionError> {
    let mut query: QueryBuilder<'_, Postgres> = QueryBuilder::new(
        "SELECT aggregate_type, aggregate_id, sequence, event_type, event_version, payload, \
             metadata ->> 'actor_id' AS actor_id, \
             metadata ->> 'correlation_id' AS correlation_id, \
             metadata ->> 'command_time' AS command_time, \
             transaction_id::text AS transaction_id, global_position, recorded_at \
         FROM events \
         WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot())",
    );
    if let Some((aggregate_type, aggregate_id)) = stream {
        query
            .push(" AND aggregate_type = ")
            .push_bind(aggregate_type.to_owned())
            .push(" AND aggregate_id = ")
            .push_bind(aggregate_id.to_owned());
    }
    query
        .push(" ORDER BY transaction_id, global_position LIMIT ")
        .push_bind(page.limit_plus_one())
        .push(" OFFSET ")
        .push_bind(page.offset());
    let rows = query
        .build()
        .fetch_all(pool)
        .await?
        .iter()
        .map(history_entry)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Page::from_rows(page, rows))
}

/// One page of an app's history: its `app_registration` stream, in commit order.
pub async fn app_history(
    pool: &PgPool,
    app_id: Uuid,
    page: &PageRequest,
) -> Result<Page<HistoryEntry>, ProjectionError> {
    history(pool, Some((APP_REGISTRATION, &app_id.to_string())), page).await
}

fn history_entry(row: &PgRow) -> Result<HistoryEntry, ProjectionError> {
    // `xid8` has no sqlx type; its text form is the plain 64-bit number.
    let transaction_id: String = row.try_get("transaction_id")?;
    let transaction_id = transaction_id.parse::<u64>().map_err(|e| {
        ProjectionError::Database(sqlx::Error::ColumnDecode {
            index: "transaction_id".to_owned(),
            source: e.to_string().into(),
        })
    })?;
    let mut payload: serde_json::Value = row.try_get("payload")?;
    redact(&mut payload);
    Ok(HistoryEntry {
        position: LogPosition {
            transaction_id,
            global_position: row.try_get("global_position")?,
        },
        aggregate_type: row.try_get("aggregate_type")?,
        aggregate_id: row.try_get("aggregate_id")?,
        sequence: row.try_get("sequence")?,
        event_type: row.try_get("event_type")?,
        event_version: row.try_get("event_version")?,
        payload,
        // Metadata is a map of strings written by the API; an id that does not parse is shown
        // as absent rather than failing the auditor's whole page.
        actor_id: uuid_of(row.try_get("actor_id")?),
        correlation_id: uuid_of(row.try_get("correlation_id")?),
        command_time: row.try_get("command_time")?,
        recorded_at: row.try_get("recorded_at")?,
    })
}

fn uuid_of(text: Option<String>) -> Option<Uuid> {
    text.and_then(|text| Uuid::parse_str(&text).ok())
}

/// Replaces the value of every secret key, at any depth, so that no secret the log keeps for
/// rebuilding read models (S11) reaches an auditor.
fn redact(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, inner) in map.iter_mut() {
                if SECRET_KEYS.contains(&key.as_str()) {
                    *inner = serde_json::Value::String(REDACTED.to_owned());
                } else {
                    redact(inner);
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(redact),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn password_hashes_are_redacted_at_any_depth() {
        let mut payload = json!({
            "AccountSignedUp": {
                "password_hash": "$argon2id$v=19$...",
                "nested": [{ "password_hash": { "deep": true } }, "password_hash"],
                "email": "ada@example.org"
            }
        });
        redact(&mut payload);
        assert_eq!(
            payload,
            json!({
                "AccountSignedUp": {
                    "password_hash": REDACTED,
                    "nested": [{ "password_hash": REDACTED }, "password_hash"],
                    "email": "ada@example.org"
                }
            })
        );
    }
}
