//! Projector safety: batches and checkpoints in one transaction, commit order without skips,
//! rebuilds equal to the live tables.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use projections::runner::Projections;
use projections::{LogPosition, ProjectionError, Projector, StoredEvent};
use sqlx::{PgConnection, PgPool};
use tests::fixtures::Portal;
use tests::TestDb;

/// Counts events per type into `seen_events`, and fails on the `fail_at`-th event it sees.
struct CountingProjector {
    fail_at: Option<usize>,
    seen: AtomicUsize,
}

#[async_trait]
impl Projector for CountingProjector {
    fn name(&self) -> &'static str {
        "counting"
    }

    fn tables(&self) -> &'static [&'static str] {
        &["seen_events"]
    }

    async fn apply(
        &self,
        connection: &mut PgConnection,
        event: &StoredEvent,
    ) -> Result<(), ProjectionError> {
        let seen = self.seen.fetch_add(1, Ordering::SeqCst) + 1;
        sqlx::query("INSERT INTO seen_events (global_position, event_type) VALUES ($1, $2)")
            .bind(event.position.global_position)
            .bind(&event.event_type)
            .execute(&mut *connection)
            .await?;
        if self.fail_at == Some(seen) {
            return Err(ProjectionError::Payload {
                event_type: event.event_type.clone(),
                message: "failing on purpose".to_owned(),
            });
        }
        Ok(())
    }
}

async fn counting_table(pool: &PgPool) {
    sqlx::query(
        "CREATE TABLE seen_events (global_position bigint PRIMARY KEY, event_type text NOT NULL)",
    )
    .execute(pool)
    .await
    .expect("create the test projector's table");
}

fn counting(db: &TestDb, fail_at: Option<usize>) -> Projections {
    Projections::new(
        db.pool.clone(),
        vec![Arc::new(CountingProjector {
            fail_at,
            seen: AtomicUsize::new(0),
        })],
    )
}

async fn seen(pool: &PgPool) -> Vec<i64> {
    sqlx::query_scalar("SELECT global_position FROM seen_events ORDER BY global_position")
        .fetch_all(pool)
        .await
        .expect("read the test projector's table")
}

async fn append_raw(connection: &mut PgConnection, stream: &str) {
    sqlx::query(
        "INSERT INTO events (aggregate_type, aggregate_id, sequence, event_type, event_version, payload, metadata) \
         VALUES ('test', $1, 1, 'Tested', '1', '{}', '{}')",
    )
    .bind(stream)
    .execute(connection)
    .await
    .expect("append a test event");
}

/// Waits until no transaction older than our events holds back what projectors may read
/// (other tests' transactions on the same server count too).
async fn all_events_visible(pool: &PgPool) {
    for _ in 0..500 {
        let hidden: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM events WHERE transaction_id >= pg_snapshot_xmin(pg_current_snapshot())",
        )
        .fetch_one(pool)
        .await
        .expect("count hidden events");
        if hidden == 0 {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("events stayed hidden behind an open transaction");
}

#[tokio::test]
async fn a_batch_that_fails_midway_leaves_the_checkpoint_and_the_tables_untouched() {
    let db = TestDb::new().await;
    counting_table(&db.pool).await;
    let portal = Portal::new(db.state());
    portal.developer().await; // AccountSignedUp, EmailReserved, VendorProfileCompleted …
    all_events_visible(&db.pool).await;
    let total: i64 = sqlx::query_scalar("SELECT count(*) FROM events")
        .fetch_one(&db.pool)
        .await
        .expect("count");
    assert!(total >= 3);

    let failing = counting(&db, Some(2));
    let outcome = failing.catch_up().await;

    assert!(outcome.is_err(), "the projector's failure surfaces");
    assert!(seen(&db.pool).await.is_empty(), "nothing half-applied");
    assert_eq!(
        failing.checkpoint("counting").await.expect("checkpoint"),
        LogPosition::default(),
        "the checkpoint did not move"
    );

    // Once the fault is gone, the same events apply exactly once.
    let healthy = counting(&db, None);
    healthy.catch_up().await.expect("catch up");
    healthy
        .catch_up()
        .await
        .expect("a second catch-up finds nothing new");
    assert_eq!(seen(&db.pool).await.len() as i64, total);
}

#[tokio::test]
async fn an_event_committed_after_a_later_position_is_not_skipped() {
    let db = TestDb::new().await;
    counting_table(&db.pool).await;
    let projections = counting(&db, None);

    // The first writer takes the lower position but commits last.
    let mut slow = db.pool.begin().await.expect("begin the slow writer");
    append_raw(&mut slow, "slow").await;
    let mut fast = db.pool.begin().await.expect("begin the fast writer");
    append_raw(&mut fast, "fast").await;
    fast.commit().await.expect("the fast writer commits first");

    projections
        .catch_up()
        .await
        .expect("catch up while the slow writer is open");
    assert!(
        seen(&db.pool).await.is_empty(),
        "nothing past an open transaction is read, or its event would be skipped for good"
    );

    slow.commit().await.expect("the slow writer commits");
    all_events_visible(&db.pool).await;
    projections.catch_up().await.expect("catch up");
    let positions = seen(&db.pool).await;
    assert_eq!(positions.len(), 2, "both events applied: {positions:?}");
}

#[tokio::test]
async fn a_mutation_waiting_for_its_events_sees_them_in_the_read_models() {
    let db = TestDb::new().await;
    let portal = Portal::new(db.state());
    let developer = portal.developer().await;
    portal.submitted_app(&developer, "Waiting Room").await;

    portal
        .state
        .projections
        .wait_for_tail(Duration::from_secs(10))
        .await
        .expect("the projectors catch up");

    let page = projections::read_models::app_versions::finished_registrations(
        &db.pool,
        developer.account_id,
        &projections::paging::PageRequest::default(),
    )
    .await
    .expect("read");
    assert_eq!(page.items.len(), 1);
    assert!(portal
        .state
        .projections
        .caught_up()
        .await
        .expect("caught up"));
}

async fn snapshot(pool: &PgPool, table: &str) -> Vec<serde_json::Value> {
    sqlx::query_scalar(&format!(
        "SELECT to_jsonb(t) FROM {table} t ORDER BY to_jsonb(t)::text"
    ))
    .fetch_all(pool)
    .await
    .expect("read a table")
}

#[tokio::test]
async fn a_rebuild_produces_tables_equal_to_the_live_ones() {
    let db = TestDb::new().await;
    let portal = Portal::new(db.state());
    let developer = portal.developer().await;
    let reviewer = portal.reviewer().await;
    let apps = &portal.state.app_registrations;
    let live = portal.submitted_app(&developer, "Live One").await;
    apps.approve_version(&portal.as_actor(&reviewer), live, 1)
        .await
        .expect("approve");
    let rejected = portal.submitted_app(&developer, "Rejected One").await;
    apps.reject_version(&portal.as_actor(&reviewer), rejected, 1, "No.")
        .await
        .expect("reject");
    portal.complete_draft(&developer, "Draft One").await;
    apps.post_message(
        &portal.as_actor(&developer),
        live,
        uuid::Uuid::now_v7(),
        "Thanks!",
    )
    .await
    .expect("post");
    let projections = &portal.state.projections;
    projections
        .wait_for_tail(Duration::from_secs(10))
        .await
        .expect("live tables caught up");
    let tables = [
        "accounts",
        "app_versions",
        "app_messages",
        "gallery_apps",
        "gallery_submitted_versions",
    ];
    let mut before = Vec::new();
    for table in tables {
        before.push(snapshot(&db.pool, table).await);
    }

    projections.rebuild(None).await.expect("rebuild");

    for (table, rows) in tables.iter().zip(before) {
        assert!(!rows.is_empty(), "{table} has rows to compare");
        assert_eq!(
            snapshot(&db.pool, table).await,
            rows,
            "{table} after the rebuild"
        );
    }
    assert!(matches!(
        projections.rebuild(Some("no_such_projector")).await,
        Err(ProjectionError::UnknownProjector(_))
    ));
}

#[tokio::test]
async fn two_runners_of_one_projector_never_apply_an_event_twice() {
    let db = TestDb::new().await;
    counting_table(&db.pool).await;
    let portal = Portal::new(db.state());
    for _ in 0..3 {
        portal.developer().await;
    }
    all_events_visible(&db.pool).await;
    let total: i64 = sqlx::query_scalar("SELECT count(*) FROM events")
        .fetch_one(&db.pool)
        .await
        .expect("count");

    // As two processes would: separate runners, one database. A second application of any
    // event would violate seen_events' primary key and fail that runner.
    let first = counting(&db, None);
    let second = counting(&db, None);
    let (a, b) = tokio::join!(first.catch_up(), second.catch_up());
    a.expect("the first runner");
    b.expect("the second runner");
    // Whichever was held off catches up now.
    first.catch_up().await.expect("catch up");

    assert_eq!(seen(&db.pool).await.len() as i64, total);
}

#[tokio::test]
async fn a_running_projector_wakes_on_the_logs_notification_without_waiting_for_its_poll() {
    let db = TestDb::new().await;
    counting_table(&db.pool).await;
    let runner = Arc::new(counting(&db, None));
    let handle = Arc::clone(&runner).spawn(Duration::from_secs(600));
    // Let it start listening before anything is appended.
    tokio::time::sleep(Duration::from_millis(300)).await;

    Portal::new(db.state()).developer().await;
    all_events_visible(&db.pool).await;
    let total: i64 = sqlx::query_scalar("SELECT count(*) FROM events")
        .fetch_one(&db.pool)
        .await
        .expect("count");
    let mut applied = 0;
    for _ in 0..200 {
        applied = seen(&db.pool).await.len() as i64;
        if applied == total {
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    handle.abort();
    assert_eq!(
        applied, total,
        "the notification woke the runner (its poll is 10 minutes)"
    );
}
