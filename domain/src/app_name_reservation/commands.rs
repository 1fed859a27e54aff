//! What can be asked of a name reservation.

use time::OffsetDateTime;
use uuid::Uuid;

use crate::values::app_name::AppName;

/// Commands on one app-name reservation.
#[derive(Debug, Clone, PartialEq)]
pub enum AppNameReservationCommand {
    /// Take the name for a draft of `app_id` (a no-op when that app holds it already).
    Reserve {
        /// The app taking the name.
        app_id: Uuid,
        /// The name as entered; the messages quote it.
        name: AppName,
        /// When.
        at: OffsetDateTime,
    },
    /// The holding app was submitted: from now on the name is "in use" and never released.
    MarkSubmitted {
        /// The holding app.
        app_id: Uuid,
        /// When.
        at: OffsetDateTime,
    },
    /// The holding app's draft was deleted or renamed before any submission.
    Release {
        /// The holding app.
        app_id: Uuid,
        /// When.
        at: OffsetDateTime,
    },
}
