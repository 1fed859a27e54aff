//! Why an account command was refused.

use crate::values::invalid_value::FieldError;
use crate::values::role::Role;
use crate::values::vendor_profile::VendorKind;

/// A refused account command. [`AccountError::code`] is the stable machine code the API puts
/// in `extensions.code`; the `Display` text is the message for people.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AccountError {
    /// Some input broke a rule; each failure names its field.
    #[error("invalid input: {}", join_field_errors(.0))]
    Validation(Vec<FieldError>),
    /// Sign-up was asked of an account that already exists.
    #[error("this account has already signed up")]
    AlreadySignedUp,
    /// The account does not exist (no sign-up yet).
    #[error("no such account")]
    NotFound,
    /// The account is disabled and accepts no command.
    #[error("this account is disabled")]
    Disabled,
    /// Someone other than the account holder tried to change the vendor profile.
    #[error("only the account holder may change the vendor profile")]
    NotAccountHolder,
    /// The vendor profile is a developer's (S3); other roles (an auditor issues no command at
    /// all, S1) have none.
    #[error("only developers have a vendor profile")]
    NotADeveloper,
    /// A non-admin tried to manage roles or disable an account.
    #[error("only an admin may manage roles and disable accounts")]
    AdminOnly,
    /// An admin tried to revoke their own ADMIN role; refused so that the portal cannot be
    /// left without an admin by one slip.
    #[error("an admin cannot revoke their own ADMIN role; ask another admin")]
    CannotRevokeOwnAdmin,
    /// An admin tried to disable their own account; refused for the same reason.
    #[error("an admin cannot disable their own account; ask another admin")]
    CannotDisableSelf,
    /// The vendor profile was completed before; it can only be edited now.
    #[error("the vendor profile is already complete; edit it instead")]
    ProfileAlreadyComplete,
    /// An edit was asked before the vendor profile was completed.
    #[error("the vendor profile has not been completed yet")]
    ProfileNotComplete,
    /// An edit tried to change the kind of the profile, which S3 fixes once chosen.
    #[error(
        "the profile kind is fixed once chosen: {} profile cannot become {} profile",
        with_article(*.current),
        with_article(*.requested)
    )]
    ProfileKindFixed {
        /// The kind the profile has.
        current: VendorKind,
        /// The kind the edit asked for.
        requested: VendorKind,
    },
    /// A grant of a role the account already holds. Refused rather than ignored so that an
    /// admin acting on stale data learns the state differs from what they saw.
    #[error("the account already holds the {0} role")]
    RoleAlreadyHeld(Role),
    /// A revocation of a role the account does not hold; refused for the same reason.
    #[error("the account does not hold the {0} role")]
    RoleNotHeld(Role),
}

impl AccountError {
    /// The stable machine code of this error.
    pub fn code(&self) -> &'static str {
        match self {
            AccountError::Validation(_) => "VALIDATION",
            AccountError::AlreadySignedUp => "ACCOUNT_EXISTS",
            AccountError::NotFound => "NOT_FOUND",
            AccountError::Disabled => "ACCOUNT_DISABLED",
            AccountError::NotAccountHolder
            | AccountError::NotADeveloper
            | AccountError::AdminOnly
            | AccountError::CannotRevokeOwnAdmin
            | AccountError::CannotDisableSelf => "FORBIDDEN",
            AccountError::ProfileAlreadyComplete => "PROFILE_ALREADY_COMPLETE",
            AccountError::ProfileNotComplete => "PROFILE_NOT_COMPLETE",
            AccountError::ProfileKindFixed { .. } => "PROFILE_KIND_FIXED",
            AccountError::RoleAlreadyHeld(_) | AccountError::RoleNotHeld(_) => "INVALID_TRANSITION",
        }
    }

    /// The field errors of a `VALIDATION` error; empty for every other error.
    pub fn field_errors(&self) -> &[FieldError] {
        match self {
            AccountError::Validation(errors) => errors,
            _ => &[],
        }
    }
}

/// `field: message; field: message`, for the one-line `Display` form.
fn join_field_errors(errors: &[FieldError]) -> String {
    errors
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

/// "an individual" or "a business", for messages.
fn with_article(kind: VendorKind) -> &'static str {
    match kind {
        VendorKind::Individual => "an individual",
        VendorKind::Business => "a business",
    }
}
