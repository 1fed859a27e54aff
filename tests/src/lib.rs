//! Test support for Portico's end-to-end tests: a real PostgreSQL, one fresh database per test.
//!
//! The server is `DATABASE_URL` when set; otherwise one on 127.0.0.1:5432; otherwise a
//! throwaway server started from the installed PostgreSQL binaries. Each test gets its own
//! database, copied from a template that was migrated once per schema.

pub mod fixtures;
pub mod http_client;
pub mod journey;
pub mod postgres;

use std::sync::atomic::{AtomicU64, Ordering};

use api::AppState;
use sqlx::PgPool;
use time::{Duration, OffsetDateTime};

/// One test's own migrated database, dropped again when the test ends.
pub struct TestDb {
    /// A pool connected to the test's database.
    pub pool: PgPool,
    name: String,
    server_url: String,
}

impl TestDb {
    /// A fresh, migrated, empty database.
    pub async fn new() -> Self {
        let server_url = postgres::server_url().await;
        let template = postgres::migrated_template(&server_url).await;
        let name = format!("portico_test_{}", uuid::Uuid::new_v4().simple());
        let admin = postgres::admin_pool(&server_url).await;
        sqlx::query(&format!("CREATE DATABASE {name} TEMPLATE {template}"))
            .execute(&admin)
            .await
            .expect("create the test database from the template");
        admin.close().await;
        let pool = api::database::connect(&postgres::database_url(&server_url, &name), 30)
            .await
            .expect("connect to the test database");
        Self {
            pool,
            name,
            server_url,
        }
    }

    /// The service wired to this database.
    pub fn state(&self) -> AppState {
        AppState::new(self.pool.clone())
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        // Dropping needs async I/O; a short-lived runtime on its own thread does it without
        // disturbing the test's runtime. The test's own connections are driven by the test's
        // runtime, which this thread blocks, so they are not closed politely: FORCE ends them.
        let name = self.name.clone();
        let server_url = self.server_url.clone();
        let _ = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("a runtime to drop the test database");
            runtime.block_on(async move {
                let admin = postgres::admin_pool(&server_url).await;
                let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .execute(&admin)
                    .await;
                admin.close().await;
            });
        })
        .join();
    }
}

/// A deterministic clock for tests: each call is one second after the previous one.
pub struct TestClock {
    start: OffsetDateTime,
    ticks: AtomicU64,
}

impl Default for TestClock {
    fn default() -> Self {
        Self {
            start: OffsetDateTime::from_unix_timestamp(1_796_000_000).expect("a valid timestamp"),
            ticks: AtomicU64::new(0),
        }
    }
}

impl TestClock {
    /// The next instant.
    pub fn now(&self) -> OffsetDateTime {
        let tick = self.ticks.fetch_add(1, Ordering::SeqCst);
        self.start + Duration::seconds(i64::try_from(tick).unwrap_or(i64::MAX))
    }
}
