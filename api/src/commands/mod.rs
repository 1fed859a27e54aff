//! Application services: turn a request into commands on aggregates and commit the outcome.
//!
//! Each service loads what a decision needs, lets the aggregates decide, and appends every
//! resulting event in one transaction. Rules live in `domain`; this layer only orchestrates.

pub mod accounts;
pub mod app_registrations;

use std::collections::BTreeMap;
use std::future::Future;

use domain::actor::Actor;
use domain::values::invalid_value::FieldError;

use crate::event_log::{CommitMetadata, EventLogError};

/// How often a command whose streams moved underneath it is decided again on fresh state.
/// Only commands whose outcome does not depend on who came first are retried.
const CONFLICT_RETRIES: usize = 20;

/// Why a command did not take effect.
#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    /// The rules refused it; nothing changed.
    #[error("{message}")]
    Rejected {
        /// Stable machine code, e.g. `NAME_IN_USE`, `VALIDATION`.
        code: &'static str,
        /// What went wrong, for people.
        message: String,
        /// With `VALIDATION`: every failed field.
        fields: Vec<FieldError>,
        /// Further facts a client can act on, e.g. the draft that already exists.
        details: BTreeMap<&'static str, String>,
    },
    /// The log refused or failed the append; nothing changed.
    #[error(transparent)]
    Log(#[from] EventLogError),
    /// Something outside the rules and the log failed (e.g. password hashing); nothing changed.
    #[error("internal error: {0}")]
    Internal(String),
}

impl CommandError {
    /// The stable machine code the API reports.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Rejected { code, .. } => code,
            Self::Log(EventLogError::Conflict) => "CONFLICT",
            Self::Log(_) | Self::Internal(_) => "INTERNAL",
        }
    }

    /// A refusal with no field errors.
    pub fn rejected(code: &'static str, message: impl Into<String>) -> Self {
        Self::Rejected {
            code,
            message: message.into(),
            fields: Vec::new(),
            details: BTreeMap::new(),
        }
    }

    /// A `VALIDATION` refusal listing every failed field.
    pub fn validation(fields: Vec<FieldError>) -> Self {
        let message = fields
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("; ");
        Self::Rejected {
            code: "VALIDATION",
            message,
            fields,
            details: BTreeMap::new(),
        }
    }

    /// The failed fields, when the code is `VALIDATION`.
    pub fn fields(&self) -> &[FieldError] {
        match self {
            Self::Rejected { fields, .. } => fields,
            Self::Log(_) | Self::Internal(_) => &[],
        }
    }
}

/// The signed-in actor of a command that needs one.
fn require_actor(metadata: &CommitMetadata) -> Result<&Actor, CommandError> {
    metadata
        .actor
        .as_ref()
        .ok_or_else(|| CommandError::rejected("UNAUTHENTICATED", "sign in first"))
}

/// Runs `attempt` again while it loses races on the log, up to [`CONFLICT_RETRIES`] times.
async fn retry_on_conflict<T, F, Fut>(mut attempt: F) -> Result<T, CommandError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, CommandError>>,
{
    let mut tries = 1;
    loop {
        match attempt().await {
            Err(CommandError::Log(EventLogError::Conflict)) if tries < CONFLICT_RETRIES => {
                tries += 1;
            }
            outcome => return outcome,
        }
    }
}
