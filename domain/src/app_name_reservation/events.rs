//! What happened to a name reservation.

use cqrs_es::DomainEvent;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::values::app_name::AppName;

/// Facts about one app-name reservation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum AppNameReservationEvent {
    /// A draft of `app_id` took the name.
    NameReserved {
        /// The app now holding the name.
        app_id: Uuid,
        /// The name as entered.
        name: AppName,
        /// When.
        #[serde(with = "time::serde::rfc3339")]
        at: OffsetDateTime,
    },
    /// The holding app was submitted; the name stays taken for good.
    NameSubmitted {
        /// The holding app.
        app_id: Uuid,
        /// When.
        #[serde(with = "time::serde::rfc3339")]
        at: OffsetDateTime,
    },
    /// The name is free again.
    NameReleased {
        /// The app that gave it up.
        app_id: Uuid,
        /// When.
        #[serde(with = "time::serde::rfc3339")]
        at: OffsetDateTime,
    },
}

impl DomainEvent for AppNameReservationEvent {
    fn event_type(&self) -> String {
        match self {
            Self::NameReserved { .. } => "NameReserved",
            Self::NameSubmitted { .. } => "NameSubmitted",
            Self::NameReleased { .. } => "NameReleased",
        }
        .to_owned()
    }

    fn event_version(&self) -> String {
        "1".to_owned()
    }
}
