//! Given / when / then for the account aggregate: every command, allowed and refused.

use std::collections::BTreeSet;

use cqrs_es::test::TestFramework;
use cqrs_es::{Aggregate, DomainEvent};
use time::macros::datetime;
use time::OffsetDateTime;
use uuid::Uuid;

use super::*;
use crate::values::postal_address::PostalAddressInput;
use crate::values::vendor_profile::{VendorKind, VendorProfileInput};

const ALICE: Uuid = Uuid::from_u128(0x0190_0000_0000_7000_8000_0000_0000_0a11);
const BOB: Uuid = Uuid::from_u128(0x0190_0000_0000_7000_8000_0000_0000_0b0b);
const ADMIN: Uuid = Uuid::from_u128(0x0190_0000_0000_7000_8000_0000_0000_ad01);
const MONDAY: OffsetDateTime = datetime!(2025-03-03 09:00 UTC);
const TUESDAY: OffsetDateTime = datetime!(2025-03-04 10:30 UTC);
const HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA";

fn roles(list: &[Role]) -> BTreeSet<Role> {
    list.iter().copied().collect()
}

fn name(text: &str) -> PersonName {
    PersonName::parse(text).expect("valid name")
}

fn sign_up() -> AccountCommand {
    AccountCommand::SignUp {
        account_id: ALICE,
        first_name: name("Alice"),
        last_name: name("Liddell"),
        email: EmailAddress::parse("Alice@Example.com").expect("valid email"),
        password_hash: HASH.to_owned(),
        roles: roles(&[Role::Developer]),
        at: MONDAY,
    }
}

fn signed_up() -> AccountEvent {
    AccountEvent::AccountSignedUp {
        account_id: ALICE,
        first_name: name("Alice"),
        last_name: name("Liddell"),
        email: EmailAddress::parse("Alice@Example.com").expect("valid email"),
        password_hash: HASH.to_owned(),
        roles: roles(&[Role::Developer]),
        at: MONDAY,
    }
}

fn admin_signed_up() -> AccountEvent {
    AccountEvent::AccountSignedUp {
        account_id: ADMIN,
        first_name: name("Ada"),
        last_name: name("Admin"),
        email: EmailAddress::parse("admin@example.com").expect("valid email"),
        password_hash: HASH.to_owned(),
        roles: roles(&[Role::Admin]),
        at: MONDAY,
    }
}

fn disabled() -> AccountEvent {
    AccountEvent::AccountDisabled {
        account_id: ALICE,
        actor: ADMIN,
        at: MONDAY,
    }
}

fn individual_input() -> VendorProfileInput {
    VendorProfileInput {
        kind: Some(VendorKind::Individual),
        legal_name: "Alice Pleasance Liddell".into(),
        address: PostalAddressInput {
            lines: vec!["1 Rabbit Hole".into()],
            city: "Oxford".into(),
            region: None,
            postal_code: Some("OX1 1DP".into()),
            country: "GB".into(),
        },
        phone_numbers: vec!["+44 1865 270000".into()],
        website: "https://alice.example.com".into(),
        ..VendorProfileInput::default()
    }
}

fn individual() -> VendorProfile {
    individual_input().validate().expect("valid profile")
}

fn business() -> VendorProfile {
    VendorProfileInput {
        kind: Some(VendorKind::Business),
        business_name: "Wonderland Apps Ltd".into(),
        position: "Founder".into(),
        ..individual_input()
    }
    .validate()
    .expect("valid profile")
}

fn completed(profile: VendorProfile) -> AccountEvent {
    AccountEvent::VendorProfileCompleted {
        account_id: ALICE,
        actor: ALICE,
        profile,
        at: MONDAY,
    }
}

/// The signed-in account `account_id`, holding exactly `held`.
fn actor(account_id: Uuid, held: &[Role]) -> Actor {
    Actor::new(account_id, held.iter().copied())
}

/// A signed-in developer.
fn developer(account_id: Uuid) -> Actor {
    actor(account_id, &[Role::Developer])
}

/// The signed-in admin.
fn admin() -> Actor {
    actor(ADMIN, &[Role::Admin])
}

fn framework() -> TestFramework<Account> {
    TestFramework::<Account>::with(())
}

/// Runs `command` after `given` and returns the error it must produce.
async fn refusal(given: Vec<AccountEvent>, command: AccountCommand) -> AccountError {
    framework()
        .given(given)
        .when_async(command)
        .await
        .inspect_result()
        .expect_err("the command should be refused")
}

/// Asserts the code and the exact message of the refusal of `command` after `given`.
async fn assert_refused(
    given: Vec<AccountEvent>,
    command: AccountCommand,
    code: &str,
    message: &str,
) {
    let error = refusal(given, command).await;
    assert_eq!(error.code(), code, "{error:?}");
    assert_eq!(error.to_string(), message);
}

// --- SignUp ---------------------------------------------------------------------------------

#[tokio::test]
async fn signing_up_creates_the_account() {
    framework()
        .given_no_previous_events()
        .when_async(sign_up())
        .await
        .then_expect_events(vec![signed_up()]);
}

#[tokio::test]
async fn signing_up_twice_is_refused() {
    assert_refused(
        vec![signed_up()],
        sign_up(),
        "ACCOUNT_EXISTS",
        "this account has already signed up",
    )
    .await;
}

#[tokio::test]
async fn a_disabled_account_cannot_sign_up_again() {
    assert_refused(
        vec![signed_up(), disabled()],
        sign_up(),
        "ACCOUNT_DISABLED",
        "this account is disabled",
    )
    .await;
}

#[tokio::test]
async fn signing_up_without_a_password_hash_is_refused() {
    let command = match sign_up() {
        AccountCommand::SignUp {
            account_id,
            first_name,
            last_name,
            email,
            roles,
            at,
            ..
        } => AccountCommand::SignUp {
            account_id,
            first_name,
            last_name,
            email,
            password_hash: "  ".to_owned(),
            roles,
            at,
        },
        other => other,
    };
    let error = refusal(vec![], command).await;
    assert_eq!(error.code(), "VALIDATION");
    assert_eq!(
        error.field_errors(),
        [FieldError::new("password", "must not be empty")]
    );
    assert_eq!(
        error.to_string(),
        "invalid input: password: must not be empty"
    );
}

// --- CompleteProfile ------------------------------------------------------------------------

#[tokio::test]
async fn the_holder_completes_the_profile() {
    framework()
        .given(vec![signed_up()])
        .when_async(AccountCommand::CompleteProfile {
            actor: developer(ALICE),
            profile: individual(),
            at: MONDAY,
        })
        .await
        .then_expect_events(vec![completed(individual())]);
}

#[tokio::test]
async fn someone_else_cannot_complete_the_profile() {
    assert_refused(
        vec![signed_up()],
        AccountCommand::CompleteProfile {
            actor: developer(BOB),
            profile: individual(),
            at: MONDAY,
        },
        "FORBIDDEN",
        "only the account holder may change the vendor profile",
    )
    .await;
}

#[tokio::test]
async fn only_a_developer_has_a_vendor_profile() {
    assert_refused(
        vec![admin_signed_up()],
        AccountCommand::CompleteProfile {
            actor: admin(),
            profile: individual(),
            at: TUESDAY,
        },
        "FORBIDDEN",
        "only developers have a vendor profile",
    )
    .await;
}

#[tokio::test]
async fn a_profile_cannot_be_completed_before_sign_up() {
    assert_refused(
        vec![],
        AccountCommand::CompleteProfile {
            actor: developer(ALICE),
            profile: individual(),
            at: MONDAY,
        },
        "NOT_FOUND",
        "no such account",
    )
    .await;
}

#[tokio::test]
async fn a_profile_is_completed_only_once() {
    assert_refused(
        vec![signed_up(), completed(individual())],
        AccountCommand::CompleteProfile {
            actor: developer(ALICE),
            profile: individual(),
            at: TUESDAY,
        },
        "PROFILE_ALREADY_COMPLETE",
        "the vendor profile is already complete; edit it instead",
    )
    .await;
}

#[tokio::test]
async fn a_disabled_account_cannot_complete_its_profile() {
    assert_refused(
        vec![signed_up(), disabled()],
        AccountCommand::CompleteProfile {
            actor: developer(ALICE),
            profile: individual(),
            at: TUESDAY,
        },
        "ACCOUNT_DISABLED",
        "this account is disabled",
    )
    .await;
}

#[tokio::test]
async fn someone_else_learns_nothing_about_a_disabled_account() {
    assert_refused(
        vec![signed_up(), disabled()],
        AccountCommand::CompleteProfile {
            actor: developer(BOB),
            profile: individual(),
            at: TUESDAY,
        },
        "FORBIDDEN",
        "only the account holder may change the vendor profile",
    )
    .await;
}

// --- EditProfile ----------------------------------------------------------------------------

#[tokio::test]
async fn the_holder_edits_the_profile_and_the_event_carries_the_whole_new_profile() {
    let edited = VendorProfileInput {
        website: "https://liddell.example.org".into(),
        phone_numbers: vec!["+44 1865 270000".into(), "+44 20 7946 0958".into()],
        ..individual_input()
    }
    .validate()
    .expect("valid profile");
    framework()
        .given(vec![signed_up(), completed(individual())])
        .when_async(AccountCommand::EditProfile {
            actor: developer(ALICE),
            profile: edited.clone(),
            at: TUESDAY,
        })
        .await
        .then_expect_events(vec![AccountEvent::VendorProfileEdited {
            account_id: ALICE,
            actor: ALICE,
            profile: edited,
            at: TUESDAY,
        }]);
}

#[tokio::test]
async fn saving_an_unchanged_profile_records_nothing() {
    framework()
        .given(vec![signed_up(), completed(business())])
        .when_async(AccountCommand::EditProfile {
            actor: developer(ALICE),
            profile: business(),
            at: TUESDAY,
        })
        .await
        .then_expect_events(vec![]);
}

#[tokio::test]
async fn a_profile_cannot_be_edited_before_it_is_completed() {
    assert_refused(
        vec![signed_up()],
        AccountCommand::EditProfile {
            actor: developer(ALICE),
            profile: individual(),
            at: TUESDAY,
        },
        "PROFILE_NOT_COMPLETE",
        "the vendor profile has not been completed yet",
    )
    .await;
}

#[tokio::test]
async fn an_individual_profile_cannot_become_a_business_profile() {
    let error = refusal(
        vec![signed_up(), completed(individual())],
        AccountCommand::EditProfile {
            actor: developer(ALICE),
            profile: business(),
            at: TUESDAY,
        },
    )
    .await;
    assert_eq!(
        error,
        AccountError::ProfileKindFixed {
            current: VendorKind::Individual,
            requested: VendorKind::Business,
        }
    );
    assert_eq!(error.code(), "PROFILE_KIND_FIXED");
    assert_eq!(
        error.to_string(),
        "the profile kind is fixed once chosen: an individual profile cannot become a business profile"
    );
}

#[tokio::test]
async fn a_business_profile_cannot_become_an_individual_profile() {
    assert_refused(
        vec![signed_up(), completed(business())],
        AccountCommand::EditProfile {
            actor: developer(ALICE),
            profile: individual(),
            at: TUESDAY,
        },
        "PROFILE_KIND_FIXED",
        "the profile kind is fixed once chosen: a business profile cannot become an individual profile",
    )
    .await;
}

#[tokio::test]
async fn someone_else_cannot_edit_the_profile() {
    assert_refused(
        vec![signed_up(), completed(individual())],
        AccountCommand::EditProfile {
            actor: developer(BOB),
            profile: individual(),
            at: TUESDAY,
        },
        "FORBIDDEN",
        "only the account holder may change the vendor profile",
    )
    .await;
}

#[tokio::test]
async fn a_profile_cannot_be_edited_before_sign_up() {
    assert_refused(
        vec![],
        AccountCommand::EditProfile {
            actor: developer(ALICE),
            profile: individual(),
            at: TUESDAY,
        },
        "NOT_FOUND",
        "no such account",
    )
    .await;
}

#[tokio::test]
async fn a_disabled_account_cannot_edit_its_profile() {
    assert_refused(
        vec![signed_up(), completed(individual()), disabled()],
        AccountCommand::EditProfile {
            actor: developer(ALICE),
            profile: business(),
            at: TUESDAY,
        },
        "ACCOUNT_DISABLED",
        "this account is disabled",
    )
    .await;
}

// --- GrantRole ------------------------------------------------------------------------------

fn grant(actor: Actor, role: Role) -> AccountCommand {
    AccountCommand::GrantRole {
        actor,
        role,
        at: TUESDAY,
    }
}

fn revoke(actor: Actor, role: Role) -> AccountCommand {
    AccountCommand::RevokeRole {
        actor,
        role,
        at: TUESDAY,
    }
}

#[tokio::test]
async fn an_admin_grants_a_role() {
    framework()
        .given(vec![signed_up()])
        .when_async(grant(admin(), Role::Reviewer))
        .await
        .then_expect_events(vec![AccountEvent::RoleGranted {
            account_id: ALICE,
            actor: ADMIN,
            role: Role::Reviewer,
            roles: roles(&[Role::Developer, Role::Reviewer]),
            at: TUESDAY,
        }]);
}

#[tokio::test]
async fn only_an_admin_grants_roles() {
    assert_refused(
        vec![signed_up()],
        grant(developer(BOB), Role::Admin),
        "FORBIDDEN",
        "only an admin may manage roles and disable accounts",
    )
    .await;
}

#[tokio::test]
async fn granting_a_held_role_is_refused() {
    assert_refused(
        vec![signed_up()],
        grant(admin(), Role::Developer),
        "INVALID_TRANSITION",
        "the account already holds the DEVELOPER role",
    )
    .await;
}

#[tokio::test]
async fn no_role_is_granted_before_sign_up() {
    assert_refused(
        vec![],
        grant(admin(), Role::Reviewer),
        "NOT_FOUND",
        "no such account",
    )
    .await;
}

#[tokio::test]
async fn no_role_is_granted_to_a_disabled_account() {
    assert_refused(
        vec![signed_up(), disabled()],
        grant(admin(), Role::Reviewer),
        "ACCOUNT_DISABLED",
        "this account is disabled",
    )
    .await;
}

// --- RevokeRole -----------------------------------------------------------------------------

#[tokio::test]
async fn an_admin_revokes_a_role_even_the_last_one() {
    framework()
        .given(vec![signed_up()])
        .when_async(revoke(admin(), Role::Developer))
        .await
        .then_expect_events(vec![AccountEvent::RoleRevoked {
            account_id: ALICE,
            actor: ADMIN,
            role: Role::Developer,
            roles: BTreeSet::new(),
            at: TUESDAY,
        }]);
}

#[tokio::test]
async fn an_admin_revokes_another_admins_admin_role() {
    let mut other_admin = signed_up();
    if let AccountEvent::AccountSignedUp { roles: held, .. } = &mut other_admin {
        *held = roles(&[Role::Admin, Role::Reviewer]);
    }
    framework()
        .given(vec![other_admin])
        .when_async(revoke(admin(), Role::Admin))
        .await
        .then_expect_events(vec![AccountEvent::RoleRevoked {
            account_id: ALICE,
            actor: ADMIN,
            role: Role::Admin,
            roles: roles(&[Role::Reviewer]),
            at: TUESDAY,
        }]);
}

#[tokio::test]
async fn an_admin_may_drop_their_own_other_roles() {
    let admin_and_reviewer = AccountEvent::RoleGranted {
        account_id: ADMIN,
        actor: ADMIN,
        role: Role::Reviewer,
        roles: roles(&[Role::Admin, Role::Reviewer]),
        at: MONDAY,
    };
    framework()
        .given(vec![admin_signed_up(), admin_and_reviewer])
        .when_async(revoke(admin(), Role::Reviewer))
        .await
        .then_expect_events(vec![AccountEvent::RoleRevoked {
            account_id: ADMIN,
            actor: ADMIN,
            role: Role::Reviewer,
            roles: roles(&[Role::Admin]),
            at: TUESDAY,
        }]);
}

#[tokio::test]
async fn an_admin_cannot_revoke_their_own_admin_role() {
    assert_refused(
        vec![admin_signed_up()],
        revoke(admin(), Role::Admin),
        "FORBIDDEN",
        "an admin cannot revoke their own ADMIN role; ask another admin",
    )
    .await;
}

#[tokio::test]
async fn only_an_admin_revokes_roles() {
    assert_refused(
        vec![signed_up()],
        revoke(developer(BOB), Role::Developer),
        "FORBIDDEN",
        "only an admin may manage roles and disable accounts",
    )
    .await;
}

#[tokio::test]
async fn revoking_a_role_not_held_is_refused() {
    assert_refused(
        vec![signed_up()],
        revoke(admin(), Role::Reviewer),
        "INVALID_TRANSITION",
        "the account does not hold the REVIEWER role",
    )
    .await;
}

#[tokio::test]
async fn no_role_is_revoked_before_sign_up() {
    assert_refused(
        vec![],
        revoke(admin(), Role::Developer),
        "NOT_FOUND",
        "no such account",
    )
    .await;
}

#[tokio::test]
async fn no_role_is_revoked_from_a_disabled_account() {
    assert_refused(
        vec![signed_up(), disabled()],
        revoke(admin(), Role::Developer),
        "ACCOUNT_DISABLED",
        "this account is disabled",
    )
    .await;
}

// --- Disable --------------------------------------------------------------------------------

fn disable(actor: Actor) -> AccountCommand {
    AccountCommand::Disable { actor, at: TUESDAY }
}

#[tokio::test]
async fn an_admin_disables_an_account() {
    framework()
        .given(vec![signed_up(), completed(individual())])
        .when_async(disable(admin()))
        .await
        .then_expect_events(vec![AccountEvent::AccountDisabled {
            account_id: ALICE,
            actor: ADMIN,
            at: TUESDAY,
        }]);
}

#[tokio::test]
async fn only_an_admin_disables_accounts() {
    assert_refused(
        vec![signed_up()],
        disable(developer(ALICE)),
        "FORBIDDEN",
        "only an admin may manage roles and disable accounts",
    )
    .await;
}

#[tokio::test]
async fn an_account_is_disabled_only_once() {
    assert_refused(
        vec![signed_up(), disabled()],
        disable(admin()),
        "ACCOUNT_DISABLED",
        "this account is disabled",
    )
    .await;
}

#[tokio::test]
async fn an_admin_cannot_disable_their_own_account() {
    assert_refused(
        vec![admin_signed_up()],
        disable(admin()),
        "FORBIDDEN",
        "an admin cannot disable their own account; ask another admin",
    )
    .await;
}

#[tokio::test]
async fn no_account_is_disabled_before_sign_up() {
    assert_refused(vec![], disable(admin()), "NOT_FOUND", "no such account").await;
}

// --- State, events and errors ---------------------------------------------------------------

#[test]
fn applying_events_builds_the_state_the_api_reads() {
    let mut account = Account::default();
    assert!(!account.exists());
    assert_eq!(account.id(), None);
    assert!(account.roles().is_empty());

    account.apply(signed_up());
    assert!(account.exists());
    assert_eq!(account.id(), Some(ALICE));
    assert_eq!(account.first_name().map(PersonName::as_str), Some("Alice"));
    assert_eq!(account.last_name().map(PersonName::as_str), Some("Liddell"));
    assert_eq!(
        account.email().map(EmailAddress::as_str),
        Some("Alice@Example.com")
    );
    assert_eq!(account.password_hash(), Some(HASH));
    assert_eq!(account.roles(), &roles(&[Role::Developer]));
    assert!(account.has_role(Role::Developer));
    assert_eq!(account.profile(), None);
    assert!(!account.is_disabled());

    account.apply(completed(individual()));
    assert_eq!(account.profile(), Some(&individual()));

    account.apply(AccountEvent::RoleGranted {
        account_id: ALICE,
        actor: ADMIN,
        role: Role::Auditor,
        roles: roles(&[Role::Developer, Role::Auditor]),
        at: TUESDAY,
    });
    assert!(account.has_role(Role::Auditor));

    account.apply(disabled());
    assert!(account.is_disabled());
}

#[test]
fn every_event_has_a_stable_type_and_version_one() {
    let events = [
        (signed_up(), "AccountSignedUp"),
        (completed(individual()), "VendorProfileCompleted"),
        (
            AccountEvent::VendorProfileEdited {
                account_id: ALICE,
                actor: ALICE,
                profile: individual(),
                at: TUESDAY,
            },
            "VendorProfileEdited",
        ),
        (
            AccountEvent::RoleGranted {
                account_id: ALICE,
                actor: ADMIN,
                role: Role::Reviewer,
                roles: roles(&[Role::Reviewer]),
                at: TUESDAY,
            },
            "RoleGranted",
        ),
        (
            AccountEvent::RoleRevoked {
                account_id: ALICE,
                actor: ADMIN,
                role: Role::Reviewer,
                roles: BTreeSet::new(),
                at: TUESDAY,
            },
            "RoleRevoked",
        ),
        (disabled(), "AccountDisabled"),
    ];
    for (event, event_type) in events {
        assert_eq!(event.event_type(), event_type);
        assert_eq!(event.event_version(), "1");
        assert_eq!(event.account_id(), ALICE);
        let json = serde_json::to_string(&event).expect("serialises");
        let back: AccountEvent = serde_json::from_str(&json).expect("deserialises");
        assert_eq!(back, event);
    }
}

#[test]
fn the_sign_up_event_has_a_stable_json_shape() {
    let json = serde_json::to_value(signed_up()).expect("serialises");
    assert_eq!(
        json,
        serde_json::json!({
            "AccountSignedUp": {
                "account_id": "01900000-0000-7000-8000-000000000a11",
                "first_name": "Alice",
                "last_name": "Liddell",
                "email": "Alice@Example.com",
                "password_hash": HASH,
                "roles": ["DEVELOPER"],
                "at": "2025-03-03T09:00:00Z"
            }
        })
    );
    assert_eq!(signed_up().at(), MONDAY);
}

#[test]
fn the_account_state_round_trips_through_json() {
    let mut account = Account::default();
    account.apply(signed_up());
    account.apply(completed(business()));
    let json = serde_json::to_string(&account).expect("serialises");
    let back: Account = serde_json::from_str(&json).expect("deserialises");
    assert_eq!(back, account);
}

#[test]
fn the_command_debug_form_hides_the_password_hash() {
    let debug = format!("{:?}", sign_up());
    assert!(debug.contains("password_hash: \"***\""), "{debug}");
    assert!(!debug.contains("argon2id"), "{debug}");
}

#[test]
fn every_error_has_a_stable_code() {
    let cases = [
        (AccountError::Validation(vec![]), "VALIDATION"),
        (AccountError::AlreadySignedUp, "ACCOUNT_EXISTS"),
        (AccountError::NotFound, "NOT_FOUND"),
        (AccountError::Disabled, "ACCOUNT_DISABLED"),
        (AccountError::NotAccountHolder, "FORBIDDEN"),
        (AccountError::AdminOnly, "FORBIDDEN"),
        (AccountError::CannotRevokeOwnAdmin, "FORBIDDEN"),
        (AccountError::CannotDisableSelf, "FORBIDDEN"),
        (
            AccountError::ProfileAlreadyComplete,
            "PROFILE_ALREADY_COMPLETE",
        ),
        (AccountError::ProfileNotComplete, "PROFILE_NOT_COMPLETE"),
        (
            AccountError::ProfileKindFixed {
                current: VendorKind::Business,
                requested: VendorKind::Individual,
            },
            "PROFILE_KIND_FIXED",
        ),
        (
            AccountError::RoleAlreadyHeld(Role::Admin),
            "INVALID_TRANSITION",
        ),
        (AccountError::RoleNotHeld(Role::Admin), "INVALID_TRANSITION"),
    ];
    for (error, code) in cases {
        assert_eq!(error.code(), code, "{error:?}");
        assert!(error.field_errors().is_empty() || code == "VALIDATION");
    }
}

#[test]
fn the_aggregate_type_is_stable() {
    assert_eq!(Account::TYPE, "account");
}
