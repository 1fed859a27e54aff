//! Throttling failed sign-ins (S2) without letting an attacker lock a real user out.
//!
//! Failures are counted per (email, client address) and per client address. An attacker
//! guessing one account's password from their own addresses is slowed down, while the real
//! user, signing in from another address, is not affected by the attacker's failures.

use std::net::IpAddr;
use std::sync::Arc;

use sqlx::PgPool;
use time::Duration;

use crate::clock::Clock;

/// How long failures are counted.
const WINDOW: Duration = Duration::minutes(15);
/// Failures allowed for one email from one address within the window.
const PER_EMAIL_AND_ADDRESS: i32 = 5;
/// Failures allowed from one address, for any emails, within the window.
const PER_ADDRESS: i32 = 50;

/// Counts failed sign-ins and says when to refuse more.
#[derive(Clone)]
pub struct SignInThrottle {
    pool: PgPool,
    clock: Arc<dyn Clock>,
}

impl SignInThrottle {
    /// A throttle keeping its counts in `pool`.
    pub fn new(pool: PgPool, clock: Arc<dyn Clock>) -> Self {
        Self { pool, clock }
    }

    /// `Some(seconds)` to wait when sign-ins for `email` from `address` are throttled now.
    pub async fn retry_after(
        &self,
        email: &str,
        address: IpAddr,
    ) -> Result<Option<i64>, sqlx::Error> {
        let now = self.clock.now();
        let rows: Vec<(String, time::OffsetDateTime, i32)> = sqlx::query_as(
            "SELECT throttle_key, window_started_at, failures FROM sign_in_failures \
             WHERE throttle_key = ANY($1)",
        )
        .bind(keys(email, address).to_vec())
        .fetch_all(&self.pool)
        .await?;
        let wait = rows
            .into_iter()
            .filter(|(key, started, failures)| {
                let limit = if key.starts_with("email:") {
                    PER_EMAIL_AND_ADDRESS
                } else {
                    PER_ADDRESS
                };
                now - *started < WINDOW && *failures >= limit
            })
            .map(|(_, started, _)| (started + WINDOW - now).whole_seconds().max(1))
            .max();
        Ok(wait)
    }

    /// Counts one failed sign-in.
    pub async fn record_failure(&self, email: &str, address: IpAddr) -> Result<(), sqlx::Error> {
        let now = self.clock.now();
        for key in keys(email, address) {
            sqlx::query(
                "INSERT INTO sign_in_failures (throttle_key, window_started_at, failures) \
                 VALUES ($1, $2, 1) \
                 ON CONFLICT (throttle_key) DO UPDATE SET \
                   failures = CASE WHEN $2 - sign_in_failures.window_started_at >= $3 \
                                   THEN 1 ELSE sign_in_failures.failures + 1 END, \
                   window_started_at = CASE WHEN $2 - sign_in_failures.window_started_at >= $3 \
                                   THEN $2 ELSE sign_in_failures.window_started_at END",
            )
            .bind(key)
            .bind(now)
            .bind(WINDOW)
            .execute(&self.pool)
            .await?;
        }
        Ok(())
    }

    /// Forgets the failures for `email` from `address` after a successful sign-in.
    pub async fn record_success(&self, email: &str, address: IpAddr) -> Result<(), sqlx::Error> {
        let [pair, _] = keys(email, address);
        sqlx::query("DELETE FROM sign_in_failures WHERE throttle_key = $1")
            .bind(pair)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}

fn keys(email: &str, address: IpAddr) -> [String; 2] {
    [
        format!("email:{email}|addr:{address}"),
        format!("addr:{address}"),
    ]
}
