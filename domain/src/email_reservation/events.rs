//! What happened to an e-mail reservation.

use cqrs_es::DomainEvent;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

/// An event of the e-mail reservation aggregate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum EmailReservationEvent {
    /// The address now belongs to `account_id`.
    EmailReserved {
        /// The account that signed up with the address; also the one who acted.
        account_id: Uuid,
        /// When.
        #[serde(with = "time::serde::rfc3339")]
        at: OffsetDateTime,
    },
}

impl DomainEvent for EmailReservationEvent {
    /// The variant name; stored with each event and never changed once released.
    fn event_type(&self) -> String {
        match self {
            EmailReservationEvent::EmailReserved { .. } => "EmailReserved".to_owned(),
        }
    }

    /// Version 1 of every payload.
    fn event_version(&self) -> String {
        "1".to_owned()
    }
}
