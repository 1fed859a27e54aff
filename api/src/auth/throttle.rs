//! Throttling sign-ins and sign-ups (S2) without letting an attacker lock a real user out.
//!
//! Attempts are counted *before* the password is checked, in one atomic statement, so a burst
//! of parallel guesses cannot all slip past the limit. Sign-ins are counted per (email, client
//! network) and per client network: an attacker guessing one account's password is slowed from
//! the networks they use, while the real user, elsewhere, is not affected. A successful sign-in
//! clears its (email, network) count. IPv6 clients are counted per /64, the block one host
//! usually controls.

use std::net::IpAddr;
use std::sync::Arc;

use sha2::{Digest, Sha256};
use sqlx::PgPool;
use time::{Duration, OffsetDateTime};

use crate::clock::Clock;

/// How long attempts are counted.
const WINDOW: Duration = Duration::minutes(15);
/// Failed sign-ins allowed for one email from one network within the window.
const PER_EMAIL_AND_NETWORK: i32 = 5;
/// Failed sign-ins allowed from one network, for any emails, within the window.
const PER_NETWORK: i32 = 50;
/// Sign-ups allowed from one network within the window.
const SIGN_UPS_PER_NETWORK: i32 = 10;

/// Counts attempts and says when to refuse more.
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

    /// Counts a sign-in attempt for `email` from `address`; `Some(seconds)` to wait when it
    /// is over a limit and must be refused without checking the password.
    pub async fn sign_in_attempt(
        &self,
        email: &str,
        address: IpAddr,
    ) -> Result<Option<i64>, sqlx::Error> {
        let pair = self
            .count(&pair_key(email, address), PER_EMAIL_AND_NETWORK)
            .await?;
        let network = self.count(&network_key(address), PER_NETWORK).await?;
        Ok(pair.max(network))
    }

    /// A sign-in succeeded: its attempt was no failure.
    pub async fn sign_in_succeeded(&self, email: &str, address: IpAddr) -> Result<(), sqlx::Error> {
        sqlx::query("DELETE FROM sign_in_failures WHERE throttle_key = $1")
            .bind(pair_key(email, address))
            .execute(&self.pool)
            .await?;
        sqlx::query(
            "UPDATE sign_in_failures SET failures = greatest(failures - 1, 0) \
             WHERE throttle_key = $1",
        )
        .bind(network_key(address))
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Counts a sign-up from `address`; `Some(seconds)` to wait when over the limit.
    pub async fn sign_up_attempt(&self, address: IpAddr) -> Result<Option<i64>, sqlx::Error> {
        self.count(
            &format!("signup|{}", network_key(address)),
            SIGN_UPS_PER_NETWORK,
        )
        .await
    }

    /// Adds one to `key`'s count in the current window and returns the wait, if the count is
    /// now over `limit`.
    async fn count(&self, key: &str, limit: i32) -> Result<Option<i64>, sqlx::Error> {
        let now = self.clock.now();
        let (started, count): (OffsetDateTime, i32) = sqlx::query_as(
            "INSERT INTO sign_in_failures (throttle_key, window_started_at, failures) \
             VALUES ($1, $2, 1) \
             ON CONFLICT (throttle_key) DO UPDATE SET \
               failures = CASE WHEN $2 - sign_in_failures.window_started_at >= $3 \
                               THEN 1 ELSE sign_in_failures.failures + 1 END, \
               window_started_at = CASE WHEN $2 - sign_in_failures.window_started_at >= $3 \
                               THEN $2 ELSE sign_in_failures.window_started_at END \
             RETURNING window_started_at, failures",
        )
        .bind(key)
        .bind(now)
        .bind(WINDOW)
        .fetch_one(&self.pool)
        .await?;
        Ok((count > limit).then(|| (started + WINDOW - now).whole_seconds().max(1)))
    }
}

/// One email from one network; the email is hashed so that keys stay short whatever is typed.
fn pair_key(email: &str, address: IpAddr) -> String {
    let digest: String = Sha256::digest(email.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("email:{digest}|{}", network_key(address))
}

/// The client's network: the IPv4 address, or the IPv6 /64.
fn network_key(address: IpAddr) -> String {
    match address {
        IpAddr::V4(v4) => format!("addr:{v4}"),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => format!("addr:{v4}"),
            None => {
                let s = v6.segments();
                format!("addr:{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv6_clients_are_counted_per_64_and_mapped_ipv4_as_ipv4() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().expect("an address");
        let b: IpAddr = "2001:db8:1:2:bbbb::9".parse().expect("an address");
        let c: IpAddr = "2001:db8:1:3::1".parse().expect("an address");
        assert_eq!(network_key(a), network_key(b));
        assert_ne!(network_key(a), network_key(c));
        let mapped: IpAddr = "::ffff:192.0.2.7".parse().expect("an address");
        assert_eq!(network_key(mapped), "addr:192.0.2.7");
    }

    #[test]
    fn a_very_long_email_makes_a_short_key() {
        let key = pair_key(
            &"x".repeat(100_000),
            "192.0.2.1".parse().expect("an address"),
        );
        assert!(key.len() < 100, "{key}");
    }
}
