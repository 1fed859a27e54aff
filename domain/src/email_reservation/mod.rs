//! The e-mail reservation aggregate: keeps e-mail addresses unique across accounts (S2), even
//! when two people sign up with the same address at the same moment.
//!
//! The aggregate id is the normalised address ([`EmailAddress::normalized`]). The API commits
//! the reservation's first event and the account's `AccountSignedUp` in one database
//! transaction, so the event log's primary key on (aggregate type, id, sequence) lets exactly
//! one of two concurrent sign-ups write sequence 1 here; the other fails as a whole and no
//! account is created for it. A unique index on a read model could not give that guarantee,
//! because read models are written after the commit.
//!
//! [`EmailAddress::normalized`]: crate::values::email_address::EmailAddress::normalized

mod commands;
mod errors;
mod events;
#[cfg(test)]
mod tests;

use cqrs_es::event_sink::EventSink;
use cqrs_es::Aggregate;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

pub use commands::EmailReservationCommand;
pub use errors::EmailReservationError;
pub use events::EmailReservationEvent;

/// Which account, if any, holds one e-mail address.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EmailReservation {
    account_id: Option<Uuid>,
    #[serde(with = "time::serde::rfc3339::option")]
    reserved_at: Option<OffsetDateTime>,
}

impl EmailReservation {
    /// Whether an account holds the address.
    pub fn is_reserved(&self) -> bool {
        self.account_id.is_some()
    }

    /// The account holding the address, if any.
    pub fn account_id(&self) -> Option<Uuid> {
        self.account_id
    }

    /// When the address was reserved, if it is.
    pub fn reserved_at(&self) -> Option<OffsetDateTime> {
        self.reserved_at
    }

    /// Decides what a command leads to, without changing anything.
    pub fn decide(
        &self,
        command: EmailReservationCommand,
    ) -> Result<Vec<EmailReservationEvent>, EmailReservationError> {
        match command {
            EmailReservationCommand::Reserve { account_id, at } => {
                // Refused even for the account that already holds it: sign-up is the only
                // caller and it never reserves twice, so a second attempt is always a clash.
                if self.is_reserved() {
                    return Err(EmailReservationError::Taken);
                }
                Ok(vec![EmailReservationEvent::EmailReserved {
                    account_id,
                    at,
                }])
            }
        }
    }
}

impl Aggregate for EmailReservation {
    const TYPE: &'static str = "email_reservation";
    type Command = EmailReservationCommand;
    type Event = EmailReservationEvent;
    type Error = EmailReservationError;
    type Services = ();

    /// Runs [`EmailReservation::decide`] and records its events.
    async fn handle(
        &mut self,
        command: Self::Command,
        _services: &Self::Services,
        sink: &EventSink<Self>,
    ) -> Result<(), Self::Error> {
        for event in self.decide(command)? {
            sink.write(event, self).await;
        }
        Ok(())
    }

    /// Folds one event into the state. Never fails.
    fn apply(&mut self, event: Self::Event) {
        match event {
            EmailReservationEvent::EmailReserved { account_id, at } => {
                self.account_id = Some(account_id);
                self.reserved_at = Some(at);
            }
        }
    }
}
