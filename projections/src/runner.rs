//! Running projectors: batches in commit order, checkpoints in the same transaction, one runner
//! per projector name across processes, wake-ups on `pg_notify` plus polling.

use std::sync::Arc;
use std::time::Duration;

use sqlx::postgres::{PgListener, PgRow};
use sqlx::{PgConnection, PgPool, Row};
use tokio::sync::Notify;
use tokio::time::Instant;

use crate::{LogPosition, ProjectionError, Projector, StoredEvent};

/// Events applied per transaction.
const BATCH_SIZE: i64 = 500;

/// How soon a runner looks again when committed events are hidden behind an open transaction.
const HIDDEN_RETRY: Duration = Duration::from_millis(25);

/// The notification channel the event log's trigger signals on every append.
pub const EVENTS_CHANNEL: &str = "portico_events";

/// The projectors of one database and the means to run them.
pub struct Projections {
    pool: PgPool,
    projectors: Vec<Arc<dyn Projector>>,
    progress: Notify,
}

impl Projections {
    /// Projectors reading the log in `pool`'s database.
    pub fn new(pool: PgPool, projectors: Vec<Arc<dyn Projector>>) -> Self {
        Self {
            pool,
            projectors,
            progress: Notify::new(),
        }
    }

    /// Applies every event visible now to every projector, batch by batch. A projector that
    /// another process is running at this moment is left to that process. A projector that
    /// fails does not hold the others back; the first failure is returned after all ran.
    pub async fn catch_up(&self) -> Result<(), ProjectionError> {
        let mut first_failure = None;
        for projector in &self.projectors {
            loop {
                match self.run_batch(projector.as_ref()).await {
                    Ok(Batch::Applied) => {}
                    Ok(Batch::NothingNew | Batch::HeldElsewhere) => break,
                    Err(error) => {
                        tracing::error!(projector = projector.name(), %error, "projector failed");
                        first_failure.get_or_insert(error);
                        break;
                    }
                }
            }
        }
        first_failure.map_or(Ok(()), Err)
    }

    /// Waits until every projector has applied the event at `target` (read-your-writes),
    /// helping them along in this process, for at most `timeout`.
    pub async fn wait_for(
        &self,
        target: LogPosition,
        timeout: Duration,
    ) -> Result<(), ProjectionError> {
        let deadline = Instant::now() + timeout;
        loop {
            // Registered before looking, so progress made while we look is not missed.
            let progress = self.progress.notified();
            tokio::pin!(progress);
            progress.as_mut().enable();
            let checkpoints = self.checkpoints().await?;
            let lagging = self.projectors.iter().filter(|projector| {
                checkpoints
                    .iter()
                    .find(|(name, _)| name == projector.name())
                    .map_or(LogPosition::default(), |(_, position)| *position)
                    < target
            });
            let mut behind = false;
            let mut progressed = false;
            for projector in lagging {
                behind = true;
                match self.run_batch(projector.as_ref()).await {
                    Ok(batch) => progressed |= batch == Batch::Applied,
                    Err(error) => {
                        tracing::error!(projector = projector.name(), %error, "projector failed");
                    }
                }
            }
            if !behind {
                return Ok(());
            }
            if progressed {
                continue;
            }
            if Instant::now() >= deadline {
                return Err(ProjectionError::NotCaughtUp);
            }
            // Another task or process holds a projector, or an older transaction is still
            // open: wait for progress here, or poll.
            let _ = tokio::time::timeout(Duration::from_millis(20), progress).await;
        }
    }

    /// Every projector's checkpoint, in one read.
    async fn checkpoints(&self) -> Result<Vec<(String, LogPosition)>, ProjectionError> {
        let rows = sqlx::query(
            "SELECT projector, transaction_id::text AS transaction_id, global_position \
             FROM projector_checkpoints",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| Ok((row.try_get("projector")?, position_of(row)?)))
            .collect()
    }

    /// Waits until every projector has applied every event committed before this call: what a
    /// mutation that just committed needs before its caller reads.
    pub async fn wait_for_tail(&self, timeout: Duration) -> Result<(), ProjectionError> {
        let row = sqlx::query(
            "SELECT transaction_id::text AS transaction_id, global_position FROM events \
             ORDER BY transaction_id DESC, global_position DESC LIMIT 1",
        )
        .fetch_optional(&self.pool)
        .await?;
        match row {
            Some(row) => self.wait_for(position_of(&row)?, timeout).await,
            None => Ok(()),
        }
    }

    /// Whether every projector has applied every event visible now (for `/readyz`).
    pub async fn caught_up(&self) -> Result<bool, ProjectionError> {
        let tail = tail_position(&self.pool).await?;
        for projector in &self.projectors {
            if self.checkpoint(projector.name()).await? < tail {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// The last event `name` has applied.
    pub async fn checkpoint(&self, name: &str) -> Result<LogPosition, ProjectionError> {
        let row = sqlx::query(
            "SELECT transaction_id::text AS transaction_id, global_position \
             FROM projector_checkpoints WHERE projector = $1",
        )
        .bind(name)
        .fetch_optional(&self.pool)
        .await?;
        row.map_or(Ok(LogPosition::default()), |row| position_of(&row))
    }

    /// Empties the named projector's tables (every projector's when `name` is `None`) and
    /// replays the whole log into them, in one transaction per projector: readers see the old
    /// rows until the new ones are complete (rows are deleted, not truncated, so reads do not
    /// wait for the rebuild). Other projectors pause meanwhile: the rebuild's transaction holds
    /// back what they may read.
    pub async fn rebuild(&self, name: Option<&str>) -> Result<(), ProjectionError> {
        let chosen: Vec<&Arc<dyn Projector>> = self
            .projectors
            .iter()
            .filter(|p| name.is_none_or(|n| n == p.name()))
            .collect();
        if let (Some(name), true) = (name, chosen.is_empty()) {
            return Err(ProjectionError::UnknownProjector(name.to_owned()));
        }
        for projector in chosen {
            let mut tx = self.pool.begin().await?;
            sqlx::query("SELECT pg_advisory_xact_lock(hashtext('portico_projector:' || $1))")
                .bind(projector.name())
                .execute(&mut *tx)
                .await?;
            for table in projector.tables() {
                sqlx::query(&format!("DELETE FROM {table}"))
                    .execute(&mut *tx)
                    .await?;
            }
            let mut after = LogPosition::default();
            loop {
                let applied = apply_batch(&mut tx, projector.as_ref(), after).await?;
                match applied {
                    Some(last) => after = last,
                    None => break,
                }
            }
            save_checkpoint(&mut tx, projector.name(), after).await?;
            tx.commit().await?;
            tracing::info!(projector = projector.name(), "rebuilt");
        }
        self.progress.notify_waiters();
        Ok(())
    }

    /// Runs the projectors in the background until the process ends: woken by the log's
    /// notifications, and every `poll` in case one was missed.
    pub fn spawn(self: Arc<Self>, poll: Duration) -> tokio::task::JoinHandle<()> {
        tokio::spawn(async move {
            let mut listener = match PgListener::connect_with(&self.pool).await {
                Ok(mut listener) => match listener.listen(EVENTS_CHANNEL).await {
                    Ok(()) => Some(listener),
                    Err(error) => {
                        tracing::warn!(%error, "cannot listen for events; polling only");
                        None
                    }
                },
                Err(error) => {
                    tracing::warn!(%error, "cannot listen for events; polling only");
                    None
                }
            };
            loop {
                if let Err(error) = self.catch_up().await {
                    tracing::error!(%error, "a projector failed; retrying after the poll interval");
                }
                // Events committed but still hidden behind an older open transaction sent
                // their notification already: look again soon rather than at the next poll.
                let wait = match self.events_hidden().await {
                    Ok(true) => HIDDEN_RETRY,
                    Ok(false) => poll,
                    Err(error) => {
                        tracing::warn!(%error, "cannot tell whether events are hidden");
                        poll
                    }
                };
                match listener.as_mut() {
                    Some(listener) => {
                        let _ = tokio::time::timeout(wait, listener.recv()).await;
                    }
                    None => tokio::time::sleep(wait).await,
                }
            }
        })
    }

    /// Whether committed events exist that projectors may not read yet, because a transaction
    /// older than theirs is still open.
    async fn events_hidden(&self) -> Result<bool, ProjectionError> {
        Ok(sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM events \
             WHERE transaction_id >= pg_snapshot_xmin(pg_current_snapshot()))",
        )
        .fetch_one(&self.pool)
        .await?)
    }

    /// One batch for `projector` in one transaction with its checkpoint.
    async fn run_batch(&self, projector: &dyn Projector) -> Result<Batch, ProjectionError> {
        let mut tx = self.pool.begin().await?;
        let locked: bool = sqlx::query_scalar(
            "SELECT pg_try_advisory_xact_lock(hashtext('portico_projector:' || $1))",
        )
        .bind(projector.name())
        .fetch_one(&mut *tx)
        .await?;
        if !locked {
            return Ok(Batch::HeldElsewhere);
        }
        let after = sqlx::query(
            "SELECT transaction_id::text AS transaction_id, global_position \
             FROM projector_checkpoints WHERE projector = $1",
        )
        .bind(projector.name())
        .fetch_optional(&mut *tx)
        .await?
        .map_or(Ok(LogPosition::default()), |row| position_of(&row))?;
        let Some(last) = apply_batch(&mut tx, projector, after).await? else {
            return Ok(Batch::NothingNew);
        };
        save_checkpoint(&mut tx, projector.name(), last).await?;
        tx.commit().await?;
        self.progress.notify_waiters();
        Ok(Batch::Applied)
    }
}

/// What one batch did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Batch {
    /// Events were applied and the checkpoint moved.
    Applied,
    /// No visible event after the checkpoint.
    NothingNew,
    /// Another runner holds the projector right now.
    HeldElsewhere,
}

/// Applies up to [`BATCH_SIZE`] events after `after` and returns the last one's position.
///
/// Only events of transactions older than every transaction still running are read: identity
/// values are taken before commit, so a later position may commit first, and reading past a
/// running transaction would skip its events for good.
async fn apply_batch(
    connection: &mut PgConnection,
    projector: &dyn Projector,
    after: LogPosition,
) -> Result<Option<LogPosition>, ProjectionError> {
    let rows = sqlx::query(
        "SELECT aggregate_type, aggregate_id, sequence, event_type, event_version, payload, \
                metadata, transaction_id::text AS transaction_id, global_position, recorded_at \
         FROM events \
         WHERE (transaction_id, global_position) > ($1::text::xid8, $2) \
           AND transaction_id < pg_snapshot_xmin(pg_current_snapshot()) \
         ORDER BY transaction_id, global_position \
         LIMIT $3",
    )
    .bind(after.transaction_id.to_string())
    .bind(after.global_position)
    .bind(BATCH_SIZE)
    .fetch_all(&mut *connection)
    .await?;
    let mut last = None;
    for row in &rows {
        let event = StoredEvent {
            aggregate_type: row.try_get("aggregate_type")?,
            aggregate_id: row.try_get("aggregate_id")?,
            sequence: row.try_get("sequence")?,
            event_type: row.try_get("event_type")?,
            event_version: row.try_get("event_version")?,
            payload: row.try_get("payload")?,
            metadata: row.try_get("metadata")?,
            position: position_of(row)?,
            recorded_at: row.try_get("recorded_at")?,
        };
        projector.apply(connection, &event).await?;
        last = Some(event.position);
    }
    Ok(last)
}

async fn save_checkpoint(
    connection: &mut PgConnection,
    name: &str,
    position: LogPosition,
) -> Result<(), ProjectionError> {
    sqlx::query(
        "INSERT INTO projector_checkpoints (projector, transaction_id, global_position, updated_at) \
         VALUES ($1, $2::text::xid8, $3, now()) \
         ON CONFLICT (projector) DO UPDATE \
         SET transaction_id = excluded.transaction_id, \
             global_position = excluded.global_position, updated_at = now()",
    )
    .bind(name)
    .bind(position.transaction_id.to_string())
    .bind(position.global_position)
    .execute(connection)
    .await?;
    Ok(())
}

/// The newest event projectors may read now.
async fn tail_position(pool: &PgPool) -> Result<LogPosition, ProjectionError> {
    let row = sqlx::query(
        "SELECT transaction_id::text AS transaction_id, global_position FROM events \
         WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot()) \
         ORDER BY transaction_id DESC, global_position DESC LIMIT 1",
    )
    .fetch_optional(pool)
    .await?;
    row.map_or(Ok(LogPosition::default()), |row| position_of(&row))
}

fn position_of(row: &PgRow) -> Result<LogPosition, ProjectionError> {
    let transaction_id: String = row.try_get("transaction_id")?;
    Ok(LogPosition {
        transaction_id: transaction_id
            .parse()
            .map_err(|_| ProjectionError::Payload {
                event_type: "transaction_id".to_owned(),
                message: format!("not an xid8: {transaction_id}"),
            })?,
        global_position: row.try_get("global_position")?,
    })
}
