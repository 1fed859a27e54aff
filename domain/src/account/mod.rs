//! The account aggregate: who someone is, how they sign in, what they may do, and the vendor
//! profile they complete (S1, S2, S3). The aggregate id is the account's UUID.

mod commands;
mod errors;
mod events;
#[cfg(test)]
mod tests;

use std::collections::BTreeSet;

use cqrs_es::event_sink::EventSink;
use cqrs_es::Aggregate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub use commands::AccountCommand;
pub use errors::AccountError;
pub use events::AccountEvent;

use crate::actor::Actor;
use crate::values::email_address::EmailAddress;
use crate::values::invalid_value::FieldError;
use crate::values::person_name::PersonName;
use crate::values::role::Role;
use crate::values::vendor_profile::VendorProfile;

/// The state of one account, folded from its events.
///
/// `Default` is the state before sign-up: nothing exists yet.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Account {
    id: Option<Uuid>,
    first_name: Option<PersonName>,
    last_name: Option<PersonName>,
    email: Option<EmailAddress>,
    password_hash: Option<String>,
    roles: BTreeSet<Role>,
    profile: Option<VendorProfile>,
    disabled: bool,
}

impl Account {
    /// Whether the account has signed up.
    pub fn exists(&self) -> bool {
        self.id.is_some()
    }

    /// The account id, once signed up.
    pub fn id(&self) -> Option<Uuid> {
        self.id
    }

    /// First name, once signed up.
    pub fn first_name(&self) -> Option<&PersonName> {
        self.first_name.as_ref()
    }

    /// Last name, once signed up.
    pub fn last_name(&self) -> Option<&PersonName> {
        self.last_name.as_ref()
    }

    /// The e-mail address as typed at sign-up.
    pub fn email(&self) -> Option<&EmailAddress> {
        self.email.as_ref()
    }

    /// The stored password hash, for verifying a sign-in.
    pub fn password_hash(&self) -> Option<&str> {
        self.password_hash.as_deref()
    }

    /// The roles held now (empty before sign-up).
    pub fn roles(&self) -> &BTreeSet<Role> {
        &self.roles
    }

    /// Whether the account holds `role` now.
    pub fn has_role(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    /// The vendor profile, once completed.
    pub fn profile(&self) -> Option<&VendorProfile> {
        self.profile.as_ref()
    }

    /// Whether an admin has disabled the account.
    pub fn is_disabled(&self) -> bool {
        self.disabled
    }

    /// Decides what a command leads to, without changing anything.
    ///
    /// Checks run in a fixed order: the account must exist, then the actor must be allowed,
    /// then the account must be active, then the command must fit the state. Permission comes
    /// before the disabled check so that someone without rights learns nothing about the
    /// account's state.
    pub fn decide(&self, command: AccountCommand) -> Result<Vec<AccountEvent>, AccountError> {
        match command {
            AccountCommand::SignUp {
                account_id,
                first_name,
                last_name,
                email,
                password_hash,
                roles,
                at,
            } => {
                if self.disabled {
                    return Err(AccountError::Disabled);
                }
                if self.exists() {
                    return Err(AccountError::AlreadySignedUp);
                }
                // The hash is computed by the caller; an empty one would be a wiring bug that
                // leaves an account nobody can sign in to, so it is refused here too.
                if password_hash.trim().is_empty() {
                    return Err(AccountError::Validation(vec![FieldError::new(
                        "password",
                        "must not be empty",
                    )]));
                }
                Ok(vec![AccountEvent::AccountSignedUp {
                    account_id,
                    first_name,
                    last_name,
                    email,
                    password_hash,
                    roles,
                    at,
                }])
            }
            AccountCommand::CompleteProfile { actor, profile, at } => {
                let account_id = self.holder_may_act(&actor)?;
                if self.profile.is_some() {
                    return Err(AccountError::ProfileAlreadyComplete);
                }
                Ok(vec![AccountEvent::VendorProfileCompleted {
                    account_id,
                    actor: actor.account_id,
                    profile,
                    at,
                }])
            }
            AccountCommand::EditProfile { actor, profile, at } => {
                let account_id = self.holder_may_act(&actor)?;
                let Some(current) = &self.profile else {
                    return Err(AccountError::ProfileNotComplete);
                };
                if current.kind() != profile.kind() {
                    return Err(AccountError::ProfileKindFixed {
                        current: current.kind(),
                        requested: profile.kind(),
                    });
                }
                // Saving an unchanged profile records nothing: an edit event would make every
                // attestation of the vendor's apps out of date (S9) for no change at all.
                if *current == profile {
                    return Ok(vec![]);
                }
                Ok(vec![AccountEvent::VendorProfileEdited {
                    account_id,
                    actor: actor.account_id,
                    profile,
                    at,
                }])
            }
            AccountCommand::GrantRole { actor, role, at } => {
                let account_id = self.admin_may_act(&actor)?;
                if self.roles.contains(&role) {
                    return Err(AccountError::RoleAlreadyHeld(role));
                }
                let mut roles = self.roles.clone();
                roles.insert(role);
                Ok(vec![AccountEvent::RoleGranted {
                    account_id,
                    actor: actor.account_id,
                    role,
                    roles,
                    at,
                }])
            }
            AccountCommand::RevokeRole { actor, role, at } => {
                let account_id = self.admin_may_act(&actor)?;
                if role == Role::Admin && actor.account_id == account_id {
                    return Err(AccountError::CannotRevokeOwnAdmin);
                }
                if !self.roles.contains(&role) {
                    return Err(AccountError::RoleNotHeld(role));
                }
                let mut roles = self.roles.clone();
                roles.remove(&role);
                Ok(vec![AccountEvent::RoleRevoked {
                    account_id,
                    actor: actor.account_id,
                    role,
                    roles,
                    at,
                }])
            }
            AccountCommand::Disable { actor, at } => {
                let account_id = self.admin_may_act(&actor)?;
                if actor.account_id == account_id {
                    return Err(AccountError::CannotDisableSelf);
                }
                Ok(vec![AccountEvent::AccountDisabled {
                    account_id,
                    actor: actor.account_id,
                    at,
                }])
            }
        }
    }

    /// The account id, if the account exists, `actor` is its holder, a developer, and active.
    fn holder_may_act(&self, actor: &Actor) -> Result<Uuid, AccountError> {
        let account_id = self.id.ok_or(AccountError::NotFound)?;
        if actor.account_id != account_id {
            return Err(AccountError::NotAccountHolder);
        }
        if !self.roles.contains(&Role::Developer) {
            return Err(AccountError::NotADeveloper);
        }
        self.active(account_id)
    }

    /// The account id, if the account exists, the actor is an admin and the account is active.
    fn admin_may_act(&self, actor: &Actor) -> Result<Uuid, AccountError> {
        let account_id = self.id.ok_or(AccountError::NotFound)?;
        if !actor.has(Role::Admin) {
            return Err(AccountError::AdminOnly);
        }
        self.active(account_id)
    }

    /// `account_id` back, unless the account is disabled.
    fn active(&self, account_id: Uuid) -> Result<Uuid, AccountError> {
        if self.disabled {
            Err(AccountError::Disabled)
        } else {
            Ok(account_id)
        }
    }
}

impl Aggregate for Account {
    const TYPE: &'static str = "account";
    type Command = AccountCommand;
    type Event = AccountEvent;
    type Error = AccountError;
    type Services = ();

    /// Runs [`Account::decide`] and records its events; each is applied as it is written.
    async fn handle(
        &mut self,
        command: Self::Command,
        _services: &Self::Services,
        sink: &EventSink<Self>,
    ) -> Result<(), Self::Error> {
        for event in self.decide(command)? {
            sink.write(event, self).await;
        }
        Ok(())
    }

    /// Folds one event into the state. Never fails: events are facts already decided.
    fn apply(&mut self, event: Self::Event) {
        match event {
            AccountEvent::AccountSignedUp {
                account_id,
                first_name,
                last_name,
                email,
                password_hash,
                roles,
                at: _,
            } => {
                self.id = Some(account_id);
                self.first_name = Some(first_name);
                self.last_name = Some(last_name);
                self.email = Some(email);
                self.password_hash = Some(password_hash);
                self.roles = roles;
            }
            AccountEvent::VendorProfileCompleted { profile, .. }
            | AccountEvent::VendorProfileEdited { profile, .. } => {
                self.profile = Some(profile);
            }
            AccountEvent::RoleGranted { roles, .. } | AccountEvent::RoleRevoked { roles, .. } => {
                self.roles = roles;
            }
            AccountEvent::AccountDisabled { .. } => {
                self.disabled = true;
            }
        }
    }
}
