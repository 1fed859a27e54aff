//! Why a name reservation refused a command.

/// Refusals of the app-name reservation, each with a stable code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AppNameReservationError {
    /// A submitted app holds the name (S4's first message, word for word).
    #[error("{name} is already in use")]
    NameInUse {
        /// The name as entered.
        name: String,
    },
    /// Someone's draft holds the name (S4's second message, word for word).
    #[error("Draft registration with name {name} is in progress")]
    DraftNameInProgress {
        /// The name as entered.
        name: String,
    },
    /// Only the holding app may submit or release the name.
    #[error("the name is not held by this app")]
    NotHolder,
}

impl AppNameReservationError {
    /// The stable machine code the API reports.
    pub fn code(&self) -> &'static str {
        match self {
            Self::NameInUse { .. } => "NAME_IN_USE",
            Self::DraftNameInProgress { .. } => "DRAFT_NAME_IN_PROGRESS",
            Self::NotHolder => "INVALID_TRANSITION",
        }
    }
}
