//! Who is calling: sessions, passwords and sign-in throttling (S2).

pub mod passwords;
pub mod sessions;
pub mod throttle;

/// Why a request could not be tied to a signed-in account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AuthError {
    /// No valid session: never signed in, signed out, or an unknown token.
    #[error("sign in first")]
    Unauthenticated,
    /// The session timed out (idle or absolute lifetime); the portal shows its time-out page.
    #[error("your session has expired; sign in again")]
    SessionExpired,
    /// The session could not be checked (the database failed): not a reason to sign out.
    #[error("the service cannot check your session right now; try again")]
    Unavailable,
}

impl AuthError {
    /// The stable code the API reports.
    pub fn code(self) -> &'static str {
        match self {
            Self::Unauthenticated => "UNAUTHENTICATED",
            Self::SessionExpired => "SESSION_EXPIRED",
            Self::Unavailable => "INTERNAL",
        }
    }
}
