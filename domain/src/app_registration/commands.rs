//! What can be asked of an app registration.

use time::OffsetDateTime;
use uuid::Uuid;

use super::draft::WizardStep;
use crate::actor::Actor;
use crate::values::app_name::AppName;
use crate::values::message_body::MessageBody;
use crate::values::reason::Reason;
use crate::values::vendor_profile::VendorProfile;

/// Commands on one app and its versions. Every command names its actor and time; ids, secrets
/// and facts owned by other aggregates (the vendor profile) come in on the command.
#[derive(Debug, Clone, PartialEq)]
pub enum AppRegistrationCommand {
    /// Step 1 of a new app: create the app with a draft of version 1.
    StartDraft {
        /// The developer registering the app.
        actor: Actor,
        /// The new app's id.
        app_id: Uuid,
        /// The app's name; the API has reserved it in the same commit.
        name: AppName,
        /// Whether the developer's vendor profile is complete (S3).
        profile_complete: bool,
        /// When.
        at: OffsetDateTime,
    },
    /// Step 1 again on a first draft: change the name.
    RenameDraft {
        /// The owner.
        actor: Actor,
        /// The new name; the API reserves it and releases the old one in the same commit.
        name: AppName,
        /// When.
        at: OffsetDateTime,
    },
    /// Save one of steps 2–8 of the open draft.
    SaveDraftStep {
        /// The owner.
        actor: Actor,
        /// The draft's version number.
        version: u32,
        /// The step's fields as typed.
        step: WizardStep,
        /// When.
        at: OffsetDateTime,
    },
    /// Discard the open draft (S13: "discard").
    DeleteDraft {
        /// The owner.
        actor: Actor,
        /// The draft's version number.
        version: u32,
        /// When.
        at: OffsetDateTime,
    },
    /// Send the draft for review after checking every step.
    SubmitVersion {
        /// The owner.
        actor: Actor,
        /// The draft's version number.
        version: u32,
        /// A fresh random client id, used only if the app has none yet (S8).
        new_client_id: String,
        /// The owner's vendor profile now, recorded as the version's contact info (S7).
        vendor_profile: Option<VendorProfile>,
        /// When.
        at: OffsetDateTime,
    },
    /// Open a draft of version n+1 from version n (S4 "Re-register").
    StartReRegistration {
        /// The owner.
        actor: Actor,
        /// The version re-registered: the most recently submitted one.
        from_version: u32,
        /// When.
        at: OffsetDateTime,
    },
    /// A reviewer approves a version in review.
    ApproveVersion {
        /// A reviewer or admin other than the submitter.
        actor: Actor,
        /// The version.
        version: u32,
        /// When.
        at: OffsetDateTime,
    },
    /// A reviewer rejects a version in review.
    RejectVersion {
        /// A reviewer or admin other than the submitter.
        actor: Actor,
        /// The version.
        version: u32,
        /// Sent to the developer.
        reason: Reason,
        /// When.
        at: OffsetDateTime,
    },
    /// An admin suspends a live version.
    SuspendVersion {
        /// An admin.
        actor: Actor,
        /// The version.
        version: u32,
        /// Sent to the developer.
        reason: Reason,
        /// When.
        at: OffsetDateTime,
    },
    /// An admin puts a suspended version back live.
    ReinstateVersion {
        /// An admin.
        actor: Actor,
        /// The version.
        version: u32,
        /// When.
        at: OffsetDateTime,
    },
    /// Post a message on the app's audit log (S6).
    PostMessage {
        /// The owner, a reviewer or an admin.
        actor: Actor,
        /// The new message's id.
        message_id: Uuid,
        /// The text.
        body: MessageBody,
        /// When.
        at: OffsetDateTime,
    },
}
