//! What may be asked of an e-mail reservation.

use time::OffsetDateTime;
use uuid::Uuid;

/// A command to the e-mail reservation aggregate (id: the normalised address).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EmailReservationCommand {
    /// Claim the address for a new account, as part of its sign-up.
    Reserve {
        /// The account signing up.
        account_id: Uuid,
        /// When.
        at: OffsetDateTime,
    },
}
