//! Accounts (S2, S3): sign-in look-ups, the vendor account page and the admins' users list.
//!
//! Folded from the `account` streams into the `accounts` table. Every account event carries
//! the resulting values (the whole profile, all roles), so each update simply overwrites and
//! applying an event twice changes nothing.

use async_trait::async_trait;
use domain::account::AccountEvent;
use domain::values::role::Role;
use domain::values::vendor_profile::VendorProfile;
use sqlx::postgres::PgRow;
use sqlx::types::Json;
use sqlx::{PgConnection, PgPool, Row};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::paging::{Page, PageRequest};
use crate::{ProjectionError, Projector, StoredEvent};

/// The stream kind this projector reads (`Account::TYPE`).
const AGGREGATE_TYPE: &str = "account";

/// Folds account events into the `accounts` table.
#[derive(Debug, Clone, Copy, Default)]
pub struct AccountsProjector;

#[async_trait]
impl Projector for AccountsProjector {
    fn name(&self) -> &'static str {
        "accounts"
    }

    fn tables(&self) -> &'static [&'static str] {
        &["accounts"]
    }

    async fn apply(
        &self,
        connection: &mut PgConnection,
        event: &StoredEvent,
    ) -> Result<(), ProjectionError> {
        if event.aggregate_type != AGGREGATE_TYPE {
            return Ok(());
        }
        match event.decode::<AccountEvent>()? {
            AccountEvent::AccountSignedUp {
                account_id,
                first_name,
                last_name,
                email,
                password_hash,
                roles,
                at,
            } => {
                // Keyed on the account id only: an e-mail clash between two accounts would be
                // a broken reservation, which must stop the projector rather than vanish.
                sqlx::query(
                    "INSERT INTO accounts (account_id, first_name, last_name, email, \
                     email_normalized, password_hash, roles, signed_up_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
                     ON CONFLICT (account_id) DO NOTHING",
                )
                .bind(account_id)
                .bind(first_name.as_str())
                .bind(last_name.as_str())
                .bind(email.as_str())
                .bind(email.normalized())
                .bind(password_hash)
                .bind(role_names(roles.iter().copied()))
                .bind(at)
                .execute(&mut *connection)
                .await?;
            }
            AccountEvent::VendorProfileCompleted {
                account_id,
                profile,
                at,
                ..
            }
            | AccountEvent::VendorProfileEdited {
                account_id,
                profile,
                at,
                ..
            } => {
                sqlx::query(
                    "UPDATE accounts SET profile = $2, profile_kind = $3, profile_updated_at = $4 \
                     WHERE account_id = $1",
                )
                .bind(account_id)
                .bind(Json(&profile))
                .bind(profile.kind().as_str())
                .bind(at)
                .execute(&mut *connection)
                .await?;
            }
            AccountEvent::RoleGranted {
                account_id, roles, ..
            }
            | AccountEvent::RoleRevoked {
                account_id, roles, ..
            } => {
                sqlx::query("UPDATE accounts SET roles = $2 WHERE account_id = $1")
                    .bind(account_id)
                    .bind(role_names(roles.iter().copied()))
                    .execute(&mut *connection)
                    .await?;
            }
            AccountEvent::AccountDisabled { account_id, .. } => {
                sqlx::query("UPDATE accounts SET disabled = true WHERE account_id = $1")
                    .bind(account_id)
                    .execute(&mut *connection)
                    .await?;
            }
        }
        Ok(())
    }
}

/// One account as the portal reads it.
#[derive(Clone, PartialEq)]
pub struct AccountRow {
    /// The account's id.
    pub account_id: Uuid,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// E-mail address as typed.
    pub email: String,
    /// Argon2id hash in PHC form, for checking a sign-in; never shown.
    pub password_hash: String,
    /// Current roles, in their stable order.
    pub roles: Vec<Role>,
    /// The vendor profile, once completed.
    pub profile: Option<VendorProfile>,
    /// Whether an admin disabled the account.
    pub disabled: bool,
    /// When the account was created.
    pub signed_up_at: OffsetDateTime,
    /// When the vendor profile was last completed or edited.
    pub profile_updated_at: Option<OffsetDateTime>,
}

/// Written by hand so that the password hash never reaches a log line.
impl std::fmt::Debug for AccountRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AccountRow")
            .field("account_id", &self.account_id)
            .field("first_name", &self.first_name)
            .field("last_name", &self.last_name)
            .field("email", &self.email)
            .field("password_hash", &"<redacted>")
            .field("roles", &self.roles)
            .field("profile", &self.profile)
            .field("disabled", &self.disabled)
            .field("signed_up_at", &self.signed_up_at)
            .field("profile_updated_at", &self.profile_updated_at)
            .finish()
    }
}

const ACCOUNT_COLUMNS: &str = "account_id, first_name, last_name, email, password_hash, roles, \
                               profile, disabled, signed_up_at, profile_updated_at";

/// The account with id `account_id`.
pub async fn account_by_id(
    pool: &PgPool,
    account_id: Uuid,
) -> Result<Option<AccountRow>, ProjectionError> {
    let row = sqlx::query(&format!(
        "SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE account_id = $1"
    ))
    .bind(account_id)
    .fetch_optional(pool)
    .await?;
    row.as_ref().map(account_from_row).transpose()
}

/// The account signed up with `normalized`, an e-mail address already in its normalised
/// (lower-case) form as `EmailAddress::normalized` gives it: the caller normalises once, with
/// the domain's rule, rather than this query guessing at it.
pub async fn account_by_email(
    pool: &PgPool,
    normalized: &str,
) -> Result<Option<AccountRow>, ProjectionError> {
    let row = sqlx::query(&format!(
        "SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE email_normalized = $1"
    ))
    .bind(normalized)
    .fetch_optional(pool)
    .await?;
    row.as_ref().map(account_from_row).transpose()
}

/// Every account in sign-up order (the admins' users list).
pub async fn accounts(
    pool: &PgPool,
    page: &PageRequest,
) -> Result<Page<AccountRow>, ProjectionError> {
    let rows = sqlx::query(&format!(
        "SELECT {ACCOUNT_COLUMNS} FROM accounts \
         ORDER BY signed_up_at, account_id LIMIT $1 OFFSET $2"
    ))
    .bind(page.limit_plus_one())
    .bind(page.offset())
    .fetch_all(pool)
    .await?;
    let rows = rows
        .iter()
        .map(account_from_row)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Page::from_rows(page, rows))
}

/// The stored names of `roles`, e.g. `REVIEWER`.
fn role_names(roles: impl Iterator<Item = Role>) -> Vec<String> {
    roles.map(|role| role.as_str().to_owned()).collect()
}

fn account_from_row(row: &PgRow) -> Result<AccountRow, ProjectionError> {
    let roles: Vec<String> = row.try_get("roles")?;
    let roles = roles
        .iter()
        .map(|name| {
            Role::parse(name).map_err(|e| {
                sqlx::Error::Decode(format!("accounts.roles holds {name:?}: {e}").into())
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let profile: Option<Json<VendorProfile>> = row.try_get("profile")?;
    Ok(AccountRow {
        account_id: row.try_get("account_id")?,
        first_name: row.try_get("first_name")?,
        last_name: row.try_get("last_name")?,
        email: row.try_get("email")?,
        password_hash: row.try_get("password_hash")?,
        roles,
        profile: profile.map(|Json(profile)| profile),
        disabled: row.try_get("disabled")?,
        signed_up_at: row.try_get("signed_up_at")?,
        profile_updated_at: row.try_get("profile_updated_at")?,
    })
}
