//! Why an e-mail reservation was refused.

/// A refused e-mail reservation command.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmailReservationError {
    /// Another account holds the address. The message is deliberately vague: S2 forbids
    /// revealing whether an address is registered, and the API shows users the same answer
    /// either way.
    #[error("this email cannot be used")]
    Taken,
}

impl EmailReservationError {
    /// The stable machine code of this error.
    pub fn code(&self) -> &'static str {
        match self {
            EmailReservationError::Taken => "EMAIL_TAKEN",
        }
    }
}
