//! What happened to an app and its versions.

use cqrs_es::DomainEvent;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

use super::draft::{Registration, RegistrationDraft, WizardStep};
use crate::values::app_name::AppName;
use crate::values::message_body::MessageBody;
use crate::values::reason::Reason;
use crate::values::vendor_profile::VendorProfile;

/// Facts about one app. Each carries who and when, and the resulting values, so projectors
/// never recompute a decision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum AppRegistrationEvent {
    /// A developer started registering a new app: version 1 is a draft.
    DraftStarted {
        /// The app.
        app_id: Uuid,
        /// The developer who owns the app.
        owner: Uuid,
        /// Its name.
        name: AppName,
        /// Always 1.
        version: u32,
        /// When.
        #[serde(with = "time::serde::rfc3339")]
        at: OffsetDateTime,
    },
    /// The first draft's name changed.
    DraftRenamed {
        /// The draft's version.
        version: u32,
        /// The name before.
        previous_name: AppName,
        /// The name now.
        name: AppName,
        /// When.
        #[serde(with = "time::serde::rfc3339")]
        at: OffsetDateTime,
    },
    /// One wizard step of a draft was saved.
    DraftStepSaved {
        /// The draft's version.
        version: u32,
        /// The step's fields as typed.
        step: WizardStep,
        /// When.
        #[serde(with = "time::serde::rfc3339")]
        at: OffsetDateTime,
    },
    /// A draft of a new version was opened from the previous one.
    ReRegistrationStarted {
        /// The new draft's version (n+1).
        version: u32,
        /// The version it was filled from (n).
        from_version: u32,
        /// The data it starts with.
        draft: Box<RegistrationDraft>,
        /// Who.
        by: Uuid,
        /// When.
        #[serde(with = "time::serde::rfc3339")]
        at: OffsetDateTime,
    },
    /// A draft was discarded; for version 1 the app is gone and its name free.
    DraftDeleted {
        /// The draft's version.
        version: u32,
        /// Whether this released the app's name (a first draft) or not (a re-registration).
        released_name: bool,
        /// Who.
        by: Uuid,
        /// When.
        #[serde(with = "time::serde::rfc3339")]
        at: OffsetDateTime,
    },
    /// A version was submitted and is now in review.
    VersionSubmitted {
        /// The version.
        version: u32,
        /// The app's OIDC client id (assigned at the first submission, then kept).
        client_id: String,
        /// The checked wizard data.
        registration: Box<Registration>,
        /// The vendor profile at submission (the Contact info tab).
        vendor_profile: Box<VendorProfile>,
        /// Who.
        by: Uuid,
        /// When.
        #[serde(with = "time::serde::rfc3339")]
        at: OffsetDateTime,
    },
    /// A reviewer approved a version: it is live.
    VersionApproved {
        /// The version.
        version: u32,
        /// The reviewer.
        by: Uuid,
        /// When.
        #[serde(with = "time::serde::rfc3339")]
        at: OffsetDateTime,
    },
    /// A newer version went live, so this live or suspended one is retired (same commit).
    VersionRetired {
        /// The retired version.
        version: u32,
        /// The version that replaced it.
        superseded_by: u32,
        /// The reviewer whose approval retired it.
        by: Uuid,
        /// When.
        #[serde(with = "time::serde::rfc3339")]
        at: OffsetDateTime,
    },
    /// A reviewer rejected a version.
    VersionRejected {
        /// The version.
        version: u32,
        /// The reviewer.
        by: Uuid,
        /// Why; sent to the developer.
        reason: Reason,
        /// When.
        #[serde(with = "time::serde::rfc3339")]
        at: OffsetDateTime,
    },
    /// An admin suspended a live version.
    VersionSuspended {
        /// The version.
        version: u32,
        /// The admin.
        by: Uuid,
        /// Why; sent to the developer.
        reason: Reason,
        /// When.
        #[serde(with = "time::serde::rfc3339")]
        at: OffsetDateTime,
    },
    /// An admin put a suspended version back live.
    VersionReinstated {
        /// The version.
        version: u32,
        /// The admin.
        by: Uuid,
        /// When.
        #[serde(with = "time::serde::rfc3339")]
        at: OffsetDateTime,
    },
    /// Someone posted a message on the app (S6).
    MessagePosted {
        /// The message.
        message_id: Uuid,
        /// The author.
        author: Uuid,
        /// The text.
        body: MessageBody,
        /// When.
        #[serde(with = "time::serde::rfc3339")]
        at: OffsetDateTime,
    },
}

impl DomainEvent for AppRegistrationEvent {
    fn event_type(&self) -> String {
        match self {
            Self::DraftStarted { .. } => "DraftStarted",
            Self::DraftRenamed { .. } => "DraftRenamed",
            Self::DraftStepSaved { .. } => "DraftStepSaved",
            Self::ReRegistrationStarted { .. } => "ReRegistrationStarted",
            Self::DraftDeleted { .. } => "DraftDeleted",
            Self::VersionSubmitted { .. } => "VersionSubmitted",
            Self::VersionApproved { .. } => "VersionApproved",
            Self::VersionRetired { .. } => "VersionRetired",
            Self::VersionRejected { .. } => "VersionRejected",
            Self::VersionSuspended { .. } => "VersionSuspended",
            Self::VersionReinstated { .. } => "VersionReinstated",
            Self::MessagePosted { .. } => "MessagePosted",
        }
        .to_owned()
    }

    fn event_version(&self) -> String {
        "1".to_owned()
    }
}
