//! The read models (S7), one module per model: its projector, its row types and its queries.

pub mod accounts;
pub mod app_versions;
pub mod gallery;
pub mod history;
pub mod messages;

use std::sync::Arc;

use uuid::Uuid;

use crate::{ProjectionError, Projector, StoredEvent};

/// The stream kind of app registrations (`AppRegistration::TYPE`).
pub(crate) const APP_REGISTRATION: &str = "app_registration";

/// The app an `app_registration` event belongs to: its stream id.
pub(crate) fn app_id_of(event: &StoredEvent) -> Result<Uuid, ProjectionError> {
    Uuid::parse_str(&event.aggregate_id).map_err(|e| ProjectionError::Payload {
        event_type: event.event_type.clone(),
        message: format!("stream id {:?} is not an app id: {e}", event.aggregate_id),
    })
}

/// A version number as stored (`integer`); the domain counts from 1 by one, so a number
/// beyond i32 means a corrupt payload.
pub(crate) fn version_column(event: &StoredEvent, version: u32) -> Result<i32, ProjectionError> {
    i32::try_from(version).map_err(|_| ProjectionError::Payload {
        event_type: event.event_type.clone(),
        message: format!("version {version} is out of range"),
    })
}

/// Every projector of the portal, in the order they are run.
pub fn all() -> Vec<Arc<dyn Projector>> {
    vec![
        Arc::new(accounts::AccountsProjector),
        Arc::new(app_versions::AppVersionsProjector),
        Arc::new(messages::MessagesProjector),
        Arc::new(gallery::GalleryProjector),
    ]
}
