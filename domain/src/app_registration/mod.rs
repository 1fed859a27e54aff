//! The app registration: one stream per app, holding every version and its status (S4, S5, S6).
//!
//! All versions of an app live in one aggregate because the rules that matter span them: one
//! live version at a time (approving n+1 retires n in the same commit), re-registration only
//! from the newest submitted version, one client id for all versions. Two people acting on the
//! same app at once append at the same stream position, and the log lets only one commit.

mod commands;
pub mod draft;
mod errors;
mod events;
#[cfg(test)]
mod tests;

use std::fmt;

use cqrs_es::event_sink::EventSink;
use cqrs_es::Aggregate;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

pub use commands::AppRegistrationCommand;
pub use draft::{AttestationDecision, Registration, RegistrationDraft, WizardStep};
pub use errors::AppRegistrationError;
pub use events::AppRegistrationEvent;

use crate::actor::Actor;
use crate::values::app_name::AppName;
use crate::values::role::Role;

/// Where a version stands in its lifecycle (S5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum VersionStatus {
    /// Being filled in by the developer.
    Draft,
    /// Submitted and waiting for a reviewer.
    InReview,
    /// Approved: in the gallery, credentials active.
    Live,
    /// Taken out of service by an admin.
    Suspended,
    /// Refused by a reviewer (terminal).
    Rejected,
    /// Replaced by a newer live version (terminal).
    Retired,
}

impl fmt::Display for VersionStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Draft => "Draft",
            Self::InReview => "In Review",
            Self::Live => "Live",
            Self::Suspended => "Suspended",
            Self::Rejected => "Rejected",
            Self::Retired => "Retired",
        })
    }
}

/// One version of an app: a registration with its own status and its own copy of the data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Version {
    number: u32,
    status: VersionStatus,
    draft: RegistrationDraft,
    registration: Option<Registration>,
    submitted_by: Option<Uuid>,
    is_reregistration: bool,
    #[serde(with = "time::serde::rfc3339")]
    modified_at: OffsetDateTime,
}

impl Version {
    /// Its number: 1, 2, 3 …
    pub fn number(&self) -> u32 {
        self.number
    }

    /// Its status.
    pub fn status(&self) -> VersionStatus {
        self.status
    }

    /// The wizard data as last saved (for a submitted version, as it was at submission).
    pub fn draft(&self) -> &RegistrationDraft {
        &self.draft
    }

    /// The checked data, once submitted.
    pub fn registration(&self) -> Option<&Registration> {
        self.registration.as_ref()
    }

    /// Who submitted it.
    pub fn submitted_by(&self) -> Option<Uuid> {
        self.submitted_by
    }

    /// When its status last changed (S5 "Modified"), or for a draft when it was last saved.
    pub fn modified_at(&self) -> OffsetDateTime {
        self.modified_at
    }
}

/// An app and all its versions.
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
pub struct AppRegistration {
    id: Option<Uuid>,
    owner: Option<Uuid>,
    name: Option<AppName>,
    client_id: Option<String>,
    versions: Vec<Version>,
    /// The first draft was deleted: the app never existed for anyone but the history.
    discarded: bool,
}

impl AppRegistration {
    /// Whether the app exists (was started and not discarded).
    pub fn exists(&self) -> bool {
        self.id.is_some() && !self.discarded
    }

    /// The app's id.
    pub fn id(&self) -> Option<Uuid> {
        self.id
    }

    /// The developer who owns the app.
    pub fn owner(&self) -> Option<Uuid> {
        self.owner
    }

    /// The app's name.
    pub fn name(&self) -> Option<&AppName> {
        self.name.as_ref()
    }

    /// The OIDC client id, once submitted.
    pub fn client_id(&self) -> Option<&str> {
        self.client_id.as_deref()
    }

    /// Every version, oldest first (deleted re-registration drafts are not kept).
    pub fn versions(&self) -> &[Version] {
        &self.versions
    }

    /// Version `number`, if it exists.
    pub fn version(&self, number: u32) -> Option<&Version> {
        self.versions.iter().find(|v| v.number == number)
    }

    /// Whether the app has ever been submitted (its name is then "in use" for good).
    pub fn was_submitted(&self) -> bool {
        self.versions
            .iter()
            .any(|v| v.status != VersionStatus::Draft)
    }

    fn open_draft(&self) -> Option<&Version> {
        self.versions
            .last()
            .filter(|v| v.status == VersionStatus::Draft)
    }

    fn latest_submitted(&self) -> Option<&Version> {
        self.versions
            .iter()
            .rev()
            .find(|v| v.status != VersionStatus::Draft)
    }

    fn version_mut(&mut self, number: u32) -> Option<&mut Version> {
        self.versions.iter_mut().find(|v| v.number == number)
    }

    /// Who may know the app exists (S1): its owner, and once it was submitted, the reviewing
    /// roles. Everyone else is told it does not exist, exactly like a missing app.
    fn visible_to(&self, actor: &Actor) -> bool {
        self.exists()
            && (self.owner == Some(actor.account_id)
                || (actor.sees_all_apps() && self.was_submitted()))
    }

    /// The owner may change the app; others who may see it are refused; anyone else is told
    /// the app does not exist.
    fn check_owner(&self, actor: &Actor) -> Result<(), AppRegistrationError> {
        if !self.visible_to(actor) {
            Err(AppRegistrationError::NotFound)
        } else if self.owner == Some(actor.account_id) {
            Ok(())
        } else {
            Err(AppRegistrationError::Forbidden(
                "only the app's developer can change its registration",
            ))
        }
    }

    fn check_role(
        &self,
        actor: &Actor,
        allowed: bool,
        refusal: &'static str,
    ) -> Result<(), AppRegistrationError> {
        if !self.visible_to(actor) {
            Err(AppRegistrationError::NotFound)
        } else if allowed {
            Ok(())
        } else {
            Err(AppRegistrationError::Forbidden(refusal))
        }
    }

    /// Version `number` in status `expected`. Drafts are their owner's alone: to anyone else a
    /// draft version does not exist.
    fn version_in(
        &self,
        actor: &Actor,
        number: u32,
        expected: VersionStatus,
        action: &'static str,
    ) -> Result<&Version, AppRegistrationError> {
        let version = self
            .version(number)
            .filter(|v| v.status != VersionStatus::Draft || self.owner == Some(actor.account_id))
            .ok_or(AppRegistrationError::NotFound)?;
        if version.status == expected {
            Ok(version)
        } else {
            Err(AppRegistrationError::InvalidTransition {
                action,
                status: version.status,
            })
        }
    }

    /// Separation of duties (S1): nobody decides on a version they submitted.
    fn check_not_own_submission(
        version: &Version,
        actor: &Actor,
    ) -> Result<(), AppRegistrationError> {
        if version.submitted_by == Some(actor.account_id) {
            Err(AppRegistrationError::Forbidden(
                "you cannot decide on a version you submitted yourself",
            ))
        } else {
            Ok(())
        }
    }
}

impl Aggregate for AppRegistration {
    const TYPE: &'static str = "app_registration";
    type Command = AppRegistrationCommand;
    type Event = AppRegistrationEvent;
    type Error = AppRegistrationError;
    type Services = ();

    async fn handle(
        &mut self,
        command: Self::Command,
        _services: &Self::Services,
        sink: &EventSink<Self>,
    ) -> Result<(), Self::Error> {
        use AppRegistrationCommand as C;
        use AppRegistrationError as E;
        use AppRegistrationEvent as Ev;
        let event = match command {
            C::StartDraft {
                actor,
                app_id,
                name,
                profile_complete,
                at,
            } => {
                if self.id.is_some() {
                    return Err(E::AlreadyExists);
                }
                if !actor.has(Role::Developer) {
                    return Err(E::Forbidden("only developers can register apps"));
                }
                if !profile_complete {
                    return Err(E::ProfileIncomplete);
                }
                Ev::DraftStarted {
                    app_id,
                    owner: actor.account_id,
                    name,
                    version: 1,
                    at,
                }
            }
            C::RenameDraft { actor, name, at } => {
                self.check_owner(&actor)?;
                let draft = match self.open_draft() {
                    Some(draft) if !draft.is_reregistration => draft,
                    _ => return Err(E::NameFixed),
                };
                let previous_name = self.name.clone().ok_or(E::NotFound)?;
                if previous_name.as_str() == name.as_str() {
                    return Ok(());
                }
                Ev::DraftRenamed {
                    version: draft.number,
                    previous_name,
                    name,
                    at,
                }
            }
            C::SaveDraftStep {
                actor,
                version,
                step,
                at,
            } => {
                self.check_owner(&actor)?;
                self.version_in(&actor, version, VersionStatus::Draft, "save")?;
                step.check_bounds().map_err(E::Validation)?;
                Ev::DraftStepSaved { version, step, at }
            }
            C::DeleteDraft { actor, version, at } => {
                self.check_owner(&actor)?;
                let draft = self.version_in(&actor, version, VersionStatus::Draft, "delete")?;
                Ev::DraftDeleted {
                    version,
                    released_name: !draft.is_reregistration,
                    by: actor.account_id,
                    at,
                }
            }
            C::SubmitVersion {
                actor,
                version,
                new_client_id,
                vendor_profile,
                at,
            } => {
                self.check_owner(&actor)?;
                let draft = self.version_in(&actor, version, VersionStatus::Draft, "submit")?;
                let vendor_profile = vendor_profile.ok_or(E::ProfileIncomplete)?;
                let name = self.name.as_ref().ok_or(E::NotFound)?;
                let registration = draft
                    .draft
                    .validate(name, draft.is_reregistration)
                    .map_err(E::Validation)?;
                Ev::VersionSubmitted {
                    version,
                    client_id: self.client_id.clone().unwrap_or(new_client_id),
                    registration: Box::new(registration),
                    vendor_profile: Box::new(vendor_profile),
                    by: actor.account_id,
                    at,
                }
            }
            C::StartReRegistration {
                actor,
                from_version,
                at,
            } => {
                self.check_owner(&actor)?;
                if let Some(draft) = self.open_draft().filter(|d| d.is_reregistration) {
                    return Err(E::ReRegistrationDraftExists {
                        app_id: self.id.unwrap_or_default(),
                        name: self
                            .name
                            .as_ref()
                            .map(|n| n.as_str().to_owned())
                            .unwrap_or_default(),
                        version: draft.number,
                    });
                }
                let latest = self.latest_submitted().ok_or(E::InvalidTransition {
                    action: "re-register",
                    status: VersionStatus::Draft,
                })?;
                if latest.number != from_version {
                    return Err(E::NotLatestVersion {
                        latest: latest.number,
                    });
                }
                if !matches!(latest.status, VersionStatus::Live | VersionStatus::Rejected) {
                    return Err(E::InvalidTransition {
                        action: "re-register",
                        status: latest.status,
                    });
                }
                let registration = latest.registration.as_ref().ok_or(E::NotFound)?;
                Ev::ReRegistrationStarted {
                    version: from_version + 1,
                    from_version,
                    draft: Box::new(RegistrationDraft::from(registration)),
                    by: actor.account_id,
                    at,
                }
            }
            C::ApproveVersion { actor, version, at } => {
                self.check_role(&actor, actor.may_review(), "only reviewers can approve")?;
                let approved =
                    self.version_in(&actor, version, VersionStatus::InReview, "approve")?;
                Self::check_not_own_submission(approved, &actor)?;
                let replaced: Vec<u32> = self
                    .versions
                    .iter()
                    .filter(|v| matches!(v.status, VersionStatus::Live | VersionStatus::Suspended))
                    .map(|v| v.number)
                    .collect();
                sink.write(
                    Ev::VersionApproved {
                        version,
                        by: actor.account_id,
                        at,
                    },
                    self,
                )
                .await;
                for retired in replaced {
                    sink.write(
                        Ev::VersionRetired {
                            version: retired,
                            superseded_by: version,
                            by: actor.account_id,
                            at,
                        },
                        self,
                    )
                    .await;
                }
                return Ok(());
            }
            C::RejectVersion {
                actor,
                version,
                reason,
                at,
            } => {
                self.check_role(&actor, actor.may_review(), "only reviewers can reject")?;
                let rejected =
                    self.version_in(&actor, version, VersionStatus::InReview, "reject")?;
                Self::check_not_own_submission(rejected, &actor)?;
                Ev::VersionRejected {
                    version,
                    by: actor.account_id,
                    reason,
                    at,
                }
            }
            C::SuspendVersion {
                actor,
                version,
                reason,
                at,
            } => {
                self.check_role(
                    &actor,
                    actor.has(Role::Admin),
                    "only admins can suspend apps",
                )?;
                self.version_in(&actor, version, VersionStatus::Live, "suspend")?;
                Ev::VersionSuspended {
                    version,
                    by: actor.account_id,
                    reason,
                    at,
                }
            }
            C::ReinstateVersion { actor, version, at } => {
                self.check_role(
                    &actor,
                    actor.has(Role::Admin),
                    "only admins can reinstate apps",
                )?;
                self.version_in(&actor, version, VersionStatus::Suspended, "reinstate")?;
                Ev::VersionReinstated {
                    version,
                    by: actor.account_id,
                    at,
                }
            }
            C::PostMessage {
                actor,
                message_id,
                body,
                at,
            } => {
                let allowed = self.owner == Some(actor.account_id) || actor.may_review();
                self.check_role(&actor, allowed, "auditors cannot post messages")?;
                Ev::MessagePosted {
                    message_id,
                    author: actor.account_id,
                    body,
                    at,
                }
            }
        };
        sink.write(event, self).await;
        Ok(())
    }

    fn apply(&mut self, event: Self::Event) {
        use AppRegistrationEvent as Ev;
        match event {
            Ev::DraftStarted {
                app_id,
                owner,
                name,
                version,
                at,
            } => {
                self.id = Some(app_id);
                self.owner = Some(owner);
                self.name = Some(name);
                self.versions.push(Version {
                    number: version,
                    status: VersionStatus::Draft,
                    draft: RegistrationDraft::default(),
                    registration: None,
                    submitted_by: None,
                    is_reregistration: false,
                    modified_at: at,
                });
            }
            Ev::DraftRenamed {
                name, at, version, ..
            } => {
                self.name = Some(name);
                if let Some(v) = self.version_mut(version) {
                    v.modified_at = at;
                }
            }
            Ev::DraftStepSaved { version, step, at } => {
                if let Some(v) = self.version_mut(version) {
                    v.draft.save(step);
                    v.modified_at = at;
                }
            }
            Ev::ReRegistrationStarted {
                version, draft, at, ..
            } => self.versions.push(Version {
                number: version,
                status: VersionStatus::Draft,
                draft: *draft,
                registration: None,
                submitted_by: None,
                is_reregistration: true,
                modified_at: at,
            }),
            Ev::DraftDeleted {
                version,
                released_name,
                ..
            } => {
                self.versions.retain(|v| v.number != version);
                if released_name {
                    self.discarded = true;
                }
            }
            Ev::VersionSubmitted {
                version,
                client_id,
                registration,
                by,
                at,
                ..
            } => {
                self.client_id = Some(client_id);
                if let Some(v) = self.version_mut(version) {
                    v.status = VersionStatus::InReview;
                    v.registration = Some(*registration);
                    v.submitted_by = Some(by);
                    v.modified_at = at;
                }
            }
            Ev::VersionApproved { version, at, .. } | Ev::VersionReinstated { version, at, .. } => {
                self.set_status(version, VersionStatus::Live, at);
            }
            Ev::VersionRetired { version, at, .. } => {
                self.set_status(version, VersionStatus::Retired, at);
            }
            Ev::VersionRejected { version, at, .. } => {
                self.set_status(version, VersionStatus::Rejected, at);
            }
            Ev::VersionSuspended { version, at, .. } => {
                self.set_status(version, VersionStatus::Suspended, at);
            }
            Ev::MessagePosted { .. } => {}
        }
    }
}

impl AppRegistration {
    fn set_status(&mut self, version: u32, status: VersionStatus, at: OffsetDateTime) {
        if let Some(v) = self.version_mut(version) {
            v.status = status;
            v.modified_at = at;
        }
    }
}
