//! Hashing and checking passwords with Argon2id (S2).
//!
//! Each hash costs 19 MiB and tens of milliseconds on purpose; anyone can ask for one by
//! signing up or in. A small process-wide permit pool bounds the memory and CPU that such
//! requests can take, so a flood of them queues instead of exhausting the machine.

use std::sync::OnceLock;
use std::time::Duration;

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use tokio::sync::Semaphore;

/// How many Argon2 computations may run at once.
const CONCURRENT_HASHES: usize = 4;
/// How long a request waits for a turn before it is told to come back later.
const QUEUE_TIMEOUT: Duration = Duration::from_secs(5);

/// Why a password could not be hashed or checked.
#[derive(Debug, thiserror::Error)]
pub enum PasswordWorkError {
    /// Too many hashes are queued: the caller should retry shortly (`THROTTLED`).
    #[error("the service is busy; try again in a few seconds")]
    Busy,
    /// Hashing itself failed.
    #[error("password hashing failed: {0}")]
    Failed(String),
}

async fn turn() -> Result<tokio::sync::SemaphorePermit<'static>, PasswordWorkError> {
    tokio::time::timeout(QUEUE_TIMEOUT, permits().acquire())
        .await
        .map_err(|_| PasswordWorkError::Busy)?
        .map_err(|e| PasswordWorkError::Failed(e.to_string()))
}

/// The Argon2id hash (PHC string) of `password`, with the crate's defaults: 19 MiB, 2 passes,
/// 1 lane, OWASP's minimum.
pub async fn hash(password: String) -> Result<String, PasswordWorkError> {
    let _permit = turn().await?;
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|hash| hash.to_string())
            .map_err(|e| PasswordWorkError::Failed(e.to_string()))
    })
    .await
    .map_err(|e| PasswordWorkError::Failed(e.to_string()))?
}

/// Whether `password` matches `hash`. With no hash (unknown email) a dummy hash is checked
/// instead, so the answer takes as long either way and the timing does not tell whether an
/// email is registered.
pub async fn verify(password: String, hash: Option<String>) -> Result<bool, PasswordWorkError> {
    let _permit = turn().await?;
    Ok(tokio::task::spawn_blocking(move || {
        let known = hash.is_some();
        let stored = hash.unwrap_or_else(|| dummy_hash().to_owned());
        let matches = PasswordHash::new(&stored)
            .map(|parsed| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false);
        known && matches
    })
    .await
    .unwrap_or(false))
}

fn permits() -> &'static Semaphore {
    static PERMITS: Semaphore = Semaphore::const_new(CONCURRENT_HASHES);
    &PERMITS
}

/// A real hash of a random password, computed once, for unknown emails.
fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(salt.as_str().as_bytes(), &salt)
            .map(|hash| hash.to_string())
            .unwrap_or_default()
    })
}
