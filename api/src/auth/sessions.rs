//! Sessions: random tokens handed to the client, stored only as hashes (S2).

use std::sync::Arc;

use argon2::password_hash::rand_core::{OsRng, RngCore};
use sha2::{Digest, Sha256};
use sqlx::{PgPool, Row};
use time::Duration;
use uuid::Uuid;

use super::AuthError;
use crate::clock::Clock;

/// Starts, resolves and ends sessions.
#[derive(Clone)]
pub struct Sessions {
    pool: PgPool,
    clock: Arc<dyn Clock>,
    idle_timeout: Duration,
    lifetime: Duration,
}

impl Sessions {
    /// Sessions in `pool` that end after `idle_timeout` without use or `lifetime` after sign-in.
    pub fn new(
        pool: PgPool,
        clock: Arc<dyn Clock>,
        idle_timeout: Duration,
        lifetime: Duration,
    ) -> Self {
        Self {
            pool,
            clock,
            idle_timeout,
            lifetime,
        }
    }

    /// A new session for `account_id`; returns the token, which is not stored anywhere.
    pub async fn start(&self, account_id: Uuid) -> Result<String, sqlx::Error> {
        let mut bytes = [0_u8; 32];
        OsRng.fill_bytes(&mut bytes);
        let token: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        let now = self.clock.now();
        sqlx::query(
            "INSERT INTO sessions (token_hash, account_id, created_at, last_seen_at) \
             VALUES ($1, $2, $3, $3)",
        )
        .bind(token_hash(&token))
        .bind(account_id)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(token)
    }

    /// The account a token signs in, renewing the idle timeout; a session past either limit
    /// is ended and answers [`AuthError::SessionExpired`].
    pub async fn resolve(&self, token: &str) -> Result<Result<Uuid, AuthError>, sqlx::Error> {
        let hash = token_hash(token);
        let Some(row) = sqlx::query(
            "SELECT account_id, created_at, last_seen_at, ended_at, end_reason \
             FROM sessions WHERE token_hash = $1",
        )
        .bind(&hash)
        .fetch_optional(&self.pool)
        .await?
        else {
            return Ok(Err(AuthError::Unauthenticated));
        };
        if row
            .try_get::<Option<time::OffsetDateTime>, _>("ended_at")?
            .is_some()
        {
            let reason: Option<String> = row.try_get("end_reason")?;
            return Ok(Err(match reason.as_deref() {
                Some(IDLE_TIMEOUT | LIFETIME_EXCEEDED) => AuthError::SessionExpired,
                _ => AuthError::Unauthenticated,
            }));
        }
        let now = self.clock.now();
        let created_at: time::OffsetDateTime = row.try_get("created_at")?;
        let last_seen_at: time::OffsetDateTime = row.try_get("last_seen_at")?;
        let expired = if now - last_seen_at >= self.idle_timeout {
            Some(IDLE_TIMEOUT)
        } else if now - created_at >= self.lifetime {
            Some(LIFETIME_EXCEEDED)
        } else {
            None
        };
        if let Some(reason) = expired {
            self.end_where("token_hash = $1", &hash, reason).await?;
            return Ok(Err(AuthError::SessionExpired));
        }
        sqlx::query("UPDATE sessions SET last_seen_at = $2 WHERE token_hash = $1")
            .bind(&hash)
            .bind(now)
            .execute(&self.pool)
            .await?;
        Ok(Ok(row.try_get("account_id")?))
    }

    /// Ends the session of `token` (sign-out).
    pub async fn end(&self, token: &str) -> Result<(), sqlx::Error> {
        self.end_where("token_hash = $1", &token_hash(token), SIGNED_OUT)
            .await
    }

    /// Ends every session of `account_id` (the account was disabled).
    pub async fn end_all(&self, account_id: Uuid) -> Result<(), sqlx::Error> {
        self.end_where("account_id = $1", &account_id, ACCOUNT_DISABLED)
            .await
    }

    async fn end_where<T>(
        &self,
        condition: &str,
        value: &T,
        reason: &str,
    ) -> Result<(), sqlx::Error>
    where
        T: for<'q> sqlx::Encode<'q, sqlx::Postgres> + sqlx::Type<sqlx::Postgres> + Sync,
    {
        sqlx::query(&format!(
            "UPDATE sessions SET ended_at = $2, end_reason = $3 \
             WHERE {condition} AND ended_at IS NULL"
        ))
        .bind(value)
        .bind(self.clock.now())
        .bind(reason)
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}

const SIGNED_OUT: &str = "SIGNED_OUT";
const ACCOUNT_DISABLED: &str = "ACCOUNT_DISABLED";
const IDLE_TIMEOUT: &str = "IDLE_TIMEOUT";
const LIFETIME_EXCEEDED: &str = "LIFETIME_EXCEEDED";

fn token_hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}
