//! What happened to an account. Events are facts: they are never refused when applied.

use std::collections::BTreeSet;

use cqrs_es::DomainEvent;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::values::email_address::EmailAddress;
use crate::values::person_name::PersonName;
use crate::values::role::Role;
use crate::values::vendor_profile::VendorProfile;

/// An event of the account aggregate.
///
/// Each carries the account id, who acted (the account itself for sign-up and profile
/// changes, an admin for roles and disabling), when, and the resulting values, so projectors
/// never recompute them. Times are stored as RFC 3339 text so the log stays readable.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum AccountEvent {
    /// Someone signed up, or an admin account was created from the command line (S2).
    AccountSignedUp {
        /// The new account; also the one who acted.
        account_id: Uuid,
        /// First name.
        first_name: PersonName,
        /// Last name.
        last_name: PersonName,
        /// The e-mail address as typed; its normalised form is the reservation key.
        email: EmailAddress,
        /// The password's Argon2id hash in PHC string form, never the password.
        ///
        /// It is needed to rebuild the sign-in read model from the log alone (S11), so it
        /// lives here; the auditors' history view must redact it.
        password_hash: String,
        /// The roles the account starts with.
        roles: BTreeSet<Role>,
        /// When the account was created.
        #[serde(with = "time::serde::rfc3339")]
        at: OffsetDateTime,
    },
    /// The account holder completed the vendor profile for the first time (S3).
    VendorProfileCompleted {
        /// The account.
        account_id: Uuid,
        /// Who acted: always the account holder.
        actor: Uuid,
        /// The profile; its kind is fixed from now on.
        profile: VendorProfile,
        /// When.
        #[serde(with = "time::serde::rfc3339")]
        at: OffsetDateTime,
    },
    /// The account holder changed the vendor profile; this makes the attestations of the
    /// holder's apps out of date (S9).
    VendorProfileEdited {
        /// The account.
        account_id: Uuid,
        /// Who acted: always the account holder.
        actor: Uuid,
        /// The whole new profile, not a diff, so readers need no earlier event.
        profile: VendorProfile,
        /// When.
        #[serde(with = "time::serde::rfc3339")]
        at: OffsetDateTime,
    },
    /// An admin granted a role.
    RoleGranted {
        /// The account that received the role.
        account_id: Uuid,
        /// The admin who granted it.
        actor: Uuid,
        /// The role granted.
        role: Role,
        /// All the account's roles after the grant.
        roles: BTreeSet<Role>,
        /// When.
        #[serde(with = "time::serde::rfc3339")]
        at: OffsetDateTime,
    },
    /// An admin revoked a role.
    RoleRevoked {
        /// The account that lost the role.
        account_id: Uuid,
        /// The admin who revoked it.
        actor: Uuid,
        /// The role revoked.
        role: Role,
        /// All the account's roles after the revocation (possibly none).
        roles: BTreeSet<Role>,
        /// When.
        #[serde(with = "time::serde::rfc3339")]
        at: OffsetDateTime,
    },
    /// An admin disabled the account: it accepts no further command and its sessions end (S2).
    AccountDisabled {
        /// The account disabled.
        account_id: Uuid,
        /// The admin who disabled it.
        actor: Uuid,
        /// When.
        #[serde(with = "time::serde::rfc3339")]
        at: OffsetDateTime,
    },
}

impl AccountEvent {
    /// The account the event belongs to.
    pub fn account_id(&self) -> Uuid {
        match self {
            AccountEvent::AccountSignedUp { account_id, .. }
            | AccountEvent::VendorProfileCompleted { account_id, .. }
            | AccountEvent::VendorProfileEdited { account_id, .. }
            | AccountEvent::RoleGranted { account_id, .. }
            | AccountEvent::RoleRevoked { account_id, .. }
            | AccountEvent::AccountDisabled { account_id, .. } => *account_id,
        }
    }

    /// When it happened (the time carried by the command).
    pub fn at(&self) -> OffsetDateTime {
        match self {
            AccountEvent::AccountSignedUp { at, .. }
            | AccountEvent::VendorProfileCompleted { at, .. }
            | AccountEvent::VendorProfileEdited { at, .. }
            | AccountEvent::RoleGranted { at, .. }
            | AccountEvent::RoleRevoked { at, .. }
            | AccountEvent::AccountDisabled { at, .. } => *at,
        }
    }
}

impl DomainEvent for AccountEvent {
    /// The variant name; stored with each event and never changed once released.
    fn event_type(&self) -> String {
        match self {
            AccountEvent::AccountSignedUp { .. } => "AccountSignedUp",
            AccountEvent::VendorProfileCompleted { .. } => "VendorProfileCompleted",
            AccountEvent::VendorProfileEdited { .. } => "VendorProfileEdited",
            AccountEvent::RoleGranted { .. } => "RoleGranted",
            AccountEvent::RoleRevoked { .. } => "RoleRevoked",
            AccountEvent::AccountDisabled { .. } => "AccountDisabled",
        }
        .to_owned()
    }

    /// Version 1 of every payload; an upcaster takes over when a shape changes.
    fn event_version(&self) -> String {
        "1".to_owned()
    }
}
