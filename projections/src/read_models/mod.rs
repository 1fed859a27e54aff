//! The read models (S7), one module per model: its projector, its row types and its queries.

pub mod accounts;
pub mod app_versions;
pub mod gallery;
pub mod history;
pub mod messages;

use std::sync::Arc;

use crate::Projector;

/// Every projector of the portal, in the order they are run.
pub fn all() -> Vec<Arc<dyn Projector>> {
    vec![
        Arc::new(accounts::AccountsProjector),
        Arc::new(app_versions::AppVersionsProjector),
        Arc::new(messages::MessagesProjector),
        Arc::new(gallery::GalleryProjector),
    ]
}
