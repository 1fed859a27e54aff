//! Registering apps: drafts, submissions and review decisions (S4, S5, S6).

use std::collections::BTreeMap;

use cqrs_es::persist::SerializedEvent;
use domain::account::Account;
use domain::app_name_reservation::{
    AppNameReservation, AppNameReservationCommand, AppNameReservationError,
};
use domain::app_registration::{
    AppRegistration, AppRegistrationCommand, AppRegistrationError, WizardStep,
};
use domain::values::app_name::AppName;
use domain::values::message_body::MessageBody;
use domain::values::reason::Reason;
use domain::values::vendor_profile::VendorProfile;
use uuid::Uuid;

use super::{require_actor, retry_on_conflict, CommandError};
use crate::event_log::{CommitMetadata, EventLog, Loaded};

impl From<AppRegistrationError> for CommandError {
    fn from(error: AppRegistrationError) -> Self {
        let mut details = BTreeMap::new();
        let fields = match &error {
            AppRegistrationError::Validation(fields) => fields.clone(),
            AppRegistrationError::ReRegistrationDraftExists {
                app_id, version, ..
            } => {
                details.insert("appId", app_id.to_string());
                details.insert("version", version.to_string());
                Vec::new()
            }
            _ => Vec::new(),
        };
        Self::Rejected {
            code: error.code(),
            message: error.to_string(),
            fields,
            details,
        }
    }
}

impl From<AppNameReservationError> for CommandError {
    fn from(error: AppNameReservationError) -> Self {
        let message = error.to_string();
        Self::Rejected {
            code: error.code(),
            fields: vec![domain::values::invalid_value::FieldError::new(
                "name",
                message.clone(),
            )],
            message,
            details: BTreeMap::new(),
        }
    }
}

/// The app-registration commands of the portal.
#[derive(Clone)]
pub struct AppRegistrations {
    log: EventLog,
}

impl AppRegistrations {
    /// Commands appended to `log`.
    pub fn new(log: EventLog) -> Self {
        Self { log }
    }

    /// Step 1 of a new app: reserves the name and creates the app with a draft of version 1.
    /// Exactly one of many racing drafts with one name wins; the others get S4's message.
    pub async fn start_draft(
        &self,
        metadata: &CommitMetadata,
        app_id: Uuid,
        name: &str,
    ) -> Result<(), CommandError> {
        let actor = require_actor(metadata)?;
        let name = parse_name(name)?;
        let profile_complete = self.vendor_profile(actor.account_id).await?.is_some();
        retry_on_conflict(|| async {
            let mut app = self.load_app(app_id).await?;
            app.decide(
                AppRegistrationCommand::StartDraft {
                    actor: actor.clone(),
                    app_id,
                    name: name.clone(),
                    profile_complete,
                    at: metadata.command_time,
                },
                &(),
            )
            .await?;
            let reserved = self
                .reservation_change(
                    &name,
                    AppNameReservationCommand::Reserve {
                        app_id,
                        name: name.clone(),
                        at: metadata.command_time,
                    },
                )
                .await?;
            self.commit(metadata, [reserved, app.into_changes()?]).await
        })
        .await
    }

    /// Step 1 again on a first draft: takes the new name and frees the old one, atomically.
    pub async fn rename_draft(
        &self,
        metadata: &CommitMetadata,
        app_id: Uuid,
        name: &str,
    ) -> Result<(), CommandError> {
        let actor = require_actor(metadata)?;
        let name = parse_name(name)?;
        retry_on_conflict(|| async {
            let mut app = self.load_app(app_id).await?;
            let previous = app.state().name().cloned();
            app.decide(
                AppRegistrationCommand::RenameDraft {
                    actor: actor.clone(),
                    name: name.clone(),
                    at: metadata.command_time,
                },
                &(),
            )
            .await?;
            let mut changes = Vec::new();
            if let Some(previous) = previous.filter(|p| p.key() != name.key()) {
                let at = metadata.command_time;
                let reserve = AppNameReservationCommand::Reserve {
                    app_id,
                    name: name.clone(),
                    at,
                };
                changes.push(self.reservation_change(&name, reserve).await?);
                let release = AppNameReservationCommand::Release { app_id, at };
                changes.push(self.reservation_change(&previous, release).await?);
            }
            changes.push(app.into_changes()?);
            self.commit(metadata, changes).await
        })
        .await
    }

    /// Saves one of steps 2–8 of a draft as typed.
    pub async fn save_draft_step(
        &self,
        metadata: &CommitMetadata,
        app_id: Uuid,
        version: u32,
        step: WizardStep,
    ) -> Result<(), CommandError> {
        let actor = require_actor(metadata)?;
        retry_on_conflict(|| {
            self.decide_alone(
                metadata,
                app_id,
                AppRegistrationCommand::SaveDraftStep {
                    actor: actor.clone(),
                    version,
                    step: step.clone(),
                    at: metadata.command_time,
                },
            )
        })
        .await
    }

    /// Discards a draft; a first draft's name becomes free in the same commit.
    pub async fn delete_draft(
        &self,
        metadata: &CommitMetadata,
        app_id: Uuid,
        version: u32,
    ) -> Result<(), CommandError> {
        let actor = require_actor(metadata)?;
        retry_on_conflict(|| async {
            let mut app = self.load_app(app_id).await?;
            app.decide(
                AppRegistrationCommand::DeleteDraft {
                    actor: actor.clone(),
                    version,
                    at: metadata.command_time,
                },
                &(),
            )
            .await?;
            let mut changes = Vec::new();
            if !app.state().exists() {
                if let Some(name) = app.state().name() {
                    let at = metadata.command_time;
                    let release = AppNameReservationCommand::Release { app_id, at };
                    changes.push(self.reservation_change(name, release).await?);
                }
            }
            changes.push(app.into_changes()?);
            self.commit(metadata, changes).await
        })
        .await
    }

    /// Submits a draft for review: every step is checked and every failure reported at once.
    /// The first submission assigns the client id and makes the name "in use" for good.
    pub async fn submit_version(
        &self,
        metadata: &CommitMetadata,
        app_id: Uuid,
        version: u32,
    ) -> Result<(), CommandError> {
        let actor = require_actor(metadata)?;
        let vendor_profile = self.vendor_profile(actor.account_id).await?;
        retry_on_conflict(|| async {
            let mut app = self.load_app(app_id).await?;
            let first_submission = !app.state().was_submitted();
            app.decide(
                AppRegistrationCommand::SubmitVersion {
                    actor: actor.clone(),
                    version,
                    new_client_id: new_client_id(),
                    vendor_profile: vendor_profile.clone(),
                    at: metadata.command_time,
                },
                &(),
            )
            .await?;
            let mut changes = Vec::new();
            if first_submission {
                if let Some(name) = app.state().name() {
                    let at = metadata.command_time;
                    let submitted = AppNameReservationCommand::MarkSubmitted { app_id, at };
                    changes.push(self.reservation_change(name, submitted).await?);
                }
            }
            changes.push(app.into_changes()?);
            self.commit(metadata, changes).await
        })
        .await
    }

    /// Opens a draft of version n+1 filled from version n, the name fixed (S4).
    pub async fn start_re_registration(
        &self,
        metadata: &CommitMetadata,
        app_id: Uuid,
        from_version: u32,
    ) -> Result<(), CommandError> {
        let actor = require_actor(metadata)?;
        retry_on_conflict(|| {
            self.decide_alone(
                metadata,
                app_id,
                AppRegistrationCommand::StartReRegistration {
                    actor: actor.clone(),
                    from_version,
                    at: metadata.command_time,
                },
            )
        })
        .await
    }

    /// A reviewer approves a version; the app's previous live or suspended version retires in
    /// the same commit. Not retried: of two people deciding at once, the loser gets `CONFLICT`.
    pub async fn approve_version(
        &self,
        metadata: &CommitMetadata,
        app_id: Uuid,
        version: u32,
    ) -> Result<(), CommandError> {
        let actor = require_actor(metadata)?.clone();
        let at = metadata.command_time;
        self.decide_alone(
            metadata,
            app_id,
            AppRegistrationCommand::ApproveVersion { actor, version, at },
        )
        .await
    }

    /// A reviewer rejects a version with a reason. Not retried (see [`Self::approve_version`]).
    pub async fn reject_version(
        &self,
        metadata: &CommitMetadata,
        app_id: Uuid,
        version: u32,
        reason: &str,
    ) -> Result<(), CommandError> {
        let actor = require_actor(metadata)?.clone();
        let reason = parse_reason(reason)?;
        let at = metadata.command_time;
        self.decide_alone(
            metadata,
            app_id,
            AppRegistrationCommand::RejectVersion {
                actor,
                version,
                reason,
                at,
            },
        )
        .await
    }

    /// An admin suspends a live version with a reason. Not retried.
    pub async fn suspend_version(
        &self,
        metadata: &CommitMetadata,
        app_id: Uuid,
        version: u32,
        reason: &str,
    ) -> Result<(), CommandError> {
        let actor = require_actor(metadata)?.clone();
        let reason = parse_reason(reason)?;
        let at = metadata.command_time;
        self.decide_alone(
            metadata,
            app_id,
            AppRegistrationCommand::SuspendVersion {
                actor,
                version,
                reason,
                at,
            },
        )
        .await
    }

    /// An admin puts a suspended version back live. Not retried.
    pub async fn reinstate_version(
        &self,
        metadata: &CommitMetadata,
        app_id: Uuid,
        version: u32,
    ) -> Result<(), CommandError> {
        let actor = require_actor(metadata)?.clone();
        let at = metadata.command_time;
        self.decide_alone(
            metadata,
            app_id,
            AppRegistrationCommand::ReinstateVersion { actor, version, at },
        )
        .await
    }

    /// Posts a message on an app's audit log (S6).
    pub async fn post_message(
        &self,
        metadata: &CommitMetadata,
        app_id: Uuid,
        message_id: Uuid,
        body: &str,
    ) -> Result<(), CommandError> {
        let actor = require_actor(metadata)?;
        let body =
            MessageBody::parse(body).map_err(|e| CommandError::validation(vec![e.at("body")]))?;
        retry_on_conflict(|| {
            self.decide_alone(
                metadata,
                app_id,
                AppRegistrationCommand::PostMessage {
                    actor: actor.clone(),
                    message_id,
                    body: body.clone(),
                    at: metadata.command_time,
                },
            )
        })
        .await
    }

    /// Loads an app (for reads by the API and tests as well as for decisions).
    pub async fn load_app(&self, app_id: Uuid) -> Result<Loaded<AppRegistration>, CommandError> {
        Ok(self.log.load(&app_id.to_string()).await?)
    }

    /// The events `command` decides on the reservation of `name`, to commit with the app's.
    async fn reservation_change(
        &self,
        name: &AppName,
        command: AppNameReservationCommand,
    ) -> Result<Vec<SerializedEvent>, CommandError> {
        let mut reservation: Loaded<AppNameReservation> =
            self.log.load(&AppNameReservation::stream_id(name)).await?;
        reservation.decide(command, &()).await?;
        Ok(reservation.into_changes()?)
    }

    async fn vendor_profile(
        &self,
        account_id: Uuid,
    ) -> Result<Option<VendorProfile>, CommandError> {
        let account = self.log.load::<Account>(&account_id.to_string()).await?;
        Ok(account.state().profile().cloned())
    }

    async fn decide_alone(
        &self,
        metadata: &CommitMetadata,
        app_id: Uuid,
        command: AppRegistrationCommand,
    ) -> Result<(), CommandError> {
        let mut app = self.load_app(app_id).await?;
        app.decide(command, &()).await?;
        self.commit(metadata, [app.into_changes()?]).await
    }

    async fn commit(
        &self,
        metadata: &CommitMetadata,
        changes: impl IntoIterator<Item = Vec<SerializedEvent>>,
    ) -> Result<(), CommandError> {
        let events = changes.into_iter().flatten().collect();
        self.log.commit(events, metadata).await?;
        Ok(())
    }
}

fn parse_name(name: &str) -> Result<AppName, CommandError> {
    AppName::parse(name).map_err(|e| CommandError::validation(vec![e.at("name")]))
}

fn parse_reason(reason: &str) -> Result<Reason, CommandError> {
    Reason::parse(reason).map_err(|e| CommandError::validation(vec![e.at("reason")]))
}

/// A new OIDC client id: 122 random bits, stable for the app once assigned (S8).
fn new_client_id() -> String {
    Uuid::new_v4().simple().to_string()
}
