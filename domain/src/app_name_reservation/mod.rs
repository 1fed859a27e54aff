//! The app-name reservation: one stream per normalised app name.
//!
//! App names are unique across the portal (S4). The API appends this stream's event in the same
//! database transaction as the app's own event, so the log's primary key on
//! (type, id, sequence) lets exactly one of two racing writers take a name.

mod commands;
mod errors;
mod events;
#[cfg(test)]
mod tests;

use cqrs_es::event_sink::EventSink;
use cqrs_es::Aggregate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub use commands::AppNameReservationCommand;
pub use errors::AppNameReservationError;
pub use events::AppNameReservationEvent;

use crate::values::app_name::AppName;

/// How far the app that holds a name has come; it decides which of S4's two messages applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum NameHolding {
    /// Held by an app that has only a draft.
    Draft,
    /// Held by an app with at least one submitted version; it is never released again.
    Submitted,
}

/// Who holds one normalised app name, if anyone.
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
pub struct AppNameReservation {
    holder: Option<(Uuid, NameHolding)>,
}

impl AppNameReservation {
    /// The app holding the name and how far it has come, if the name is taken.
    pub fn holder(&self) -> Option<(Uuid, NameHolding)> {
        self.holder
    }

    /// The stream id of the reservation for `name`: its uniqueness key.
    pub fn stream_id(name: &AppName) -> String {
        name.key().to_owned()
    }

    fn refuse_if_taken(&self, app_id: Uuid, name: &AppName) -> Result<(), AppNameReservationError> {
        match self.holder {
            Some((holder, _)) if holder == app_id => Ok(()),
            Some((_, NameHolding::Submitted)) => Err(AppNameReservationError::NameInUse {
                name: name.as_str().to_owned(),
            }),
            Some((_, NameHolding::Draft)) => Err(AppNameReservationError::DraftNameInProgress {
                name: name.as_str().to_owned(),
            }),
            None => Ok(()),
        }
    }
}

impl Aggregate for AppNameReservation {
    const TYPE: &'static str = "app_name";
    type Command = AppNameReservationCommand;
    type Event = AppNameReservationEvent;
    type Error = AppNameReservationError;
    type Services = ();

    async fn handle(
        &mut self,
        command: Self::Command,
        _services: &Self::Services,
        sink: &EventSink<Self>,
    ) -> Result<(), Self::Error> {
        match command {
            AppNameReservationCommand::Reserve { app_id, name, at } => {
                self.refuse_if_taken(app_id, &name)?;
                if self.holder.is_none() {
                    sink.write(
                        AppNameReservationEvent::NameReserved { app_id, name, at },
                        self,
                    )
                    .await;
                }
                Ok(())
            }
            AppNameReservationCommand::MarkSubmitted { app_id, at } => match self.holder {
                Some((holder, NameHolding::Draft)) if holder == app_id => {
                    sink.write(AppNameReservationEvent::NameSubmitted { app_id, at }, self)
                        .await;
                    Ok(())
                }
                Some((holder, NameHolding::Submitted)) if holder == app_id => Ok(()),
                _ => Err(AppNameReservationError::NotHolder),
            },
            AppNameReservationCommand::Release { app_id, at } => match self.holder {
                Some((holder, NameHolding::Draft)) if holder == app_id => {
                    sink.write(AppNameReservationEvent::NameReleased { app_id, at }, self)
                        .await;
                    Ok(())
                }
                _ => Err(AppNameReservationError::NotHolder),
            },
        }
    }

    fn apply(&mut self, event: Self::Event) {
        match event {
            AppNameReservationEvent::NameReserved { app_id, .. } => {
                self.holder = Some((app_id, NameHolding::Draft));
            }
            AppNameReservationEvent::NameSubmitted { app_id, .. } => {
                self.holder = Some((app_id, NameHolding::Submitted));
            }
            AppNameReservationEvent::NameReleased { .. } => self.holder = None,
        }
    }
}
