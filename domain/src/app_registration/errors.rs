//! Why an app registration refused a command.

use uuid::Uuid;

use super::VersionStatus;
use crate::values::invalid_value::FieldError;

/// Refusals of the app-registration aggregate, each with a stable code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AppRegistrationError {
    /// Input broke one or more rules; every failure is listed with its field.
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    Validation(Vec<FieldError>),
    /// No such app or version, or one the actor may not see (S1: the same answer for both).
    #[error("app registration not found")]
    NotFound,
    /// The actor may see the app but not do this.
    #[error("{0}")]
    Forbidden(&'static str),
    /// The version's status does not allow this (S5).
    #[error("cannot {action} a version that is {status}")]
    InvalidTransition {
        /// What was attempted, e.g. "approve".
        action: &'static str,
        /// The version's status at the time.
        status: VersionStatus,
    },
    /// Only the most recently submitted version may be re-registered (S4).
    #[error("only the most recently submitted version (version {latest}) can be re-registered")]
    NotLatestVersion {
        /// The version that can be.
        latest: u32,
    },
    /// A draft re-registration is open already; the answer names it so the portal can open it.
    #[error("a draft re-registration of {name} already exists (version {version})")]
    ReRegistrationDraftExists {
        /// The app.
        app_id: Uuid,
        /// The app's name.
        name: String,
        /// The draft's version number.
        version: u32,
    },
    /// The developer must complete the vendor profile before registering apps (S3).
    #[error("complete your vendor profile before registering an app")]
    ProfileIncomplete,
    /// The app exists already (a command for a new app reused an id).
    #[error("the app exists already")]
    AlreadyExists,
    /// Once submitted, an app keeps its name; re-registrations cannot change it (S4).
    #[error("the name of a submitted app is fixed")]
    NameFixed,
}

impl AppRegistrationError {
    /// The stable machine code the API reports.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Validation(_) => "VALIDATION",
            Self::NotFound => "NOT_FOUND",
            Self::Forbidden(_) => "FORBIDDEN",
            Self::InvalidTransition { .. } | Self::NotLatestVersion { .. } => "INVALID_TRANSITION",
            Self::ReRegistrationDraftExists { .. } => "REREGISTRATION_DRAFT_EXISTS",
            Self::ProfileIncomplete => "PROFILE_INCOMPLETE",
            Self::AlreadyExists => "CONFLICT",
            Self::NameFixed => "NAME_FIXED",
        }
    }
}
