//! Accounts: sign-up, the vendor profile, roles and disabling (S2, S3).

use std::collections::{BTreeMap, BTreeSet};

use domain::account::{Account, AccountCommand, AccountError};
use domain::actor::Actor;
use domain::email_reservation::{EmailReservation, EmailReservationCommand, EmailReservationError};
use domain::values::email_address::EmailAddress;
use domain::values::invalid_value::FieldError;
use domain::values::password::NewPassword;
use domain::values::person_name::PersonName;
use domain::values::role::Role;
use domain::values::vendor_profile::VendorProfileInput;
use uuid::Uuid;

use super::{require_actor, retry_on_conflict, CommandError};
use crate::auth::passwords::{self, PasswordWorkError};
use crate::event_log::{CommitMetadata, EventLog, Loaded};

impl From<AccountError> for CommandError {
    fn from(error: AccountError) -> Self {
        Self::Rejected {
            code: error.code(),
            fields: error.field_errors().to_vec(),
            message: error.to_string(),
            details: BTreeMap::new(),
        }
    }
}

impl From<EmailReservationError> for CommandError {
    fn from(error: EmailReservationError) -> Self {
        let message = error.to_string();
        Self::Rejected {
            code: error.code(),
            fields: vec![FieldError::new("email", message.clone())],
            message,
            details: BTreeMap::new(),
        }
    }
}

/// What a person types to sign up.
#[derive(Debug, Clone, Default)]
pub struct SignUpForm {
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Email address, unique case-insensitively.
    pub email: String,
    /// Password, 12–128 characters, not a common one.
    pub password: String,
}

/// The account commands of the portal.
#[derive(Clone)]
pub struct Accounts {
    log: EventLog,
}

impl Accounts {
    /// Commands appended to `log`.
    pub fn new(log: EventLog) -> Self {
        Self { log }
    }

    /// Creates an account with `roles`, its email reserved in the same commit so that of two
    /// racing sign-ups with one address exactly one succeeds. Every bad field is reported.
    pub async fn sign_up(
        &self,
        metadata: &CommitMetadata,
        account_id: Uuid,
        form: &SignUpForm,
        roles: BTreeSet<Role>,
    ) -> Result<(), CommandError> {
        let mut errors = Vec::new();
        let first_name = PersonName::parse(&form.first_name)
            .map_err(|e| errors.push(e.at("firstName")))
            .ok();
        let last_name = PersonName::parse(&form.last_name)
            .map_err(|e| errors.push(e.at("lastName")))
            .ok();
        let email = EmailAddress::parse(&form.email)
            .map_err(|e| errors.push(e.at("email")))
            .ok();
        let password = NewPassword::parse(&form.password)
            .map_err(|e| errors.push(e.at("password")))
            .ok();
        let (Some(first_name), Some(last_name), Some(email), Some(password)) =
            (first_name, last_name, email, password)
        else {
            return Err(CommandError::validation(errors));
        };
        let password_hash = passwords::hash(password.expose().to_owned())
            .await
            .map_err(|e| match e {
                PasswordWorkError::Busy => CommandError::rejected("THROTTLED", e.to_string()),
                PasswordWorkError::Failed(_) => CommandError::Internal(e.to_string()),
            })?;
        retry_on_conflict(|| async {
            let mut reservation = self
                .log
                .load::<EmailReservation>(&email.normalized())
                .await?;
            reservation
                .decide(
                    EmailReservationCommand::Reserve {
                        account_id,
                        at: metadata.command_time,
                    },
                    &(),
                )
                .await?;
            let mut account = self.load(account_id).await?;
            account
                .decide(
                    AccountCommand::SignUp {
                        account_id,
                        first_name: first_name.clone(),
                        last_name: last_name.clone(),
                        email: email.clone(),
                        password_hash: password_hash.clone(),
                        roles: roles.clone(),
                        at: metadata.command_time,
                    },
                    &(),
                )
                .await?;
            let events = [reservation.into_changes()?, account.into_changes()?]
                .into_iter()
                .flatten()
                .collect();
            self.log.commit(events, metadata).await?;
            Ok(())
        })
        .await
    }

    /// The signed-in developer completes the vendor profile (S3).
    pub async fn complete_profile(
        &self,
        metadata: &CommitMetadata,
        form: &VendorProfileInput,
    ) -> Result<(), CommandError> {
        let actor = require_actor(metadata)?;
        let profile = form.validate().map_err(CommandError::validation)?;
        self.decide(metadata, actor.account_id, || {
            AccountCommand::CompleteProfile {
                actor: actor.clone(),
                profile: profile.clone(),
                at: metadata.command_time,
            }
        })
        .await
    }

    /// The signed-in developer edits the vendor profile; the kind stays as first chosen.
    pub async fn edit_profile(
        &self,
        metadata: &CommitMetadata,
        form: &VendorProfileInput,
    ) -> Result<(), CommandError> {
        let actor = require_actor(metadata)?;
        let profile = form.validate().map_err(CommandError::validation)?;
        self.decide(metadata, actor.account_id, || AccountCommand::EditProfile {
            actor: actor.clone(),
            profile: profile.clone(),
            at: metadata.command_time,
        })
        .await
    }

    /// An admin grants `role` to `account_id`.
    pub async fn grant_role(
        &self,
        metadata: &CommitMetadata,
        account_id: Uuid,
        role: Role,
    ) -> Result<(), CommandError> {
        self.by_admin(metadata, account_id, |actor, at| {
            AccountCommand::GrantRole { actor, role, at }
        })
        .await
    }

    /// An admin revokes `role` from `account_id`.
    pub async fn revoke_role(
        &self,
        metadata: &CommitMetadata,
        account_id: Uuid,
        role: Role,
    ) -> Result<(), CommandError> {
        self.by_admin(metadata, account_id, |actor, at| {
            AccountCommand::RevokeRole { actor, role, at }
        })
        .await
    }

    /// An admin disables `account_id`.
    pub async fn disable(
        &self,
        metadata: &CommitMetadata,
        account_id: Uuid,
    ) -> Result<(), CommandError> {
        self.by_admin(metadata, account_id, |actor, at| AccountCommand::Disable {
            actor,
            at,
        })
        .await
    }

    /// A command on `account_id` that only an admin may give; the aggregate decides, given
    /// the actor and its roles.
    async fn by_admin(
        &self,
        metadata: &CommitMetadata,
        account_id: Uuid,
        command: impl Fn(Actor, time::OffsetDateTime) -> AccountCommand,
    ) -> Result<(), CommandError> {
        let actor = require_actor(metadata)?;
        // Refused before the account is loaded, so the answer cannot tell a non-admin whether
        // an account id exists.
        if !actor.has(Role::Admin) {
            return Err(AccountError::AdminOnly.into());
        }
        self.decide(metadata, account_id, || {
            command(actor.clone(), metadata.command_time)
        })
        .await
    }

    /// Loads an account.
    pub async fn load(&self, account_id: Uuid) -> Result<Loaded<Account>, CommandError> {
        Ok(self.log.load(&account_id.to_string()).await?)
    }

    async fn decide(
        &self,
        metadata: &CommitMetadata,
        account_id: Uuid,
        command: impl Fn() -> AccountCommand,
    ) -> Result<(), CommandError> {
        retry_on_conflict(|| async {
            let mut account = self.load(account_id).await?;
            account.decide(command(), &()).await?;
            self.log.commit(account.into_changes()?, metadata).await?;
            Ok(())
        })
        .await
    }
}
