//! Given / when / then for an app and its versions (S1 hiding, S4 wizard, S5 lifecycle, S6).
//!
//! Histories are written at `AT` and commands issued at `LATER`, so every expected event shows
//! that it took the command's time and the command's actor.

use std::collections::BTreeSet;

use cqrs_es::test::TestFramework;
use time::macros::datetime;
use time::OffsetDateTime;
use uuid::Uuid;

use super::draft::MAX_DRAFT_TEXT;
use super::*;
use crate::values::authentication::{AuthenticationInput, AuthenticationKind};
use crate::values::categories::{AppUse, Audience, FhirVersion, Platform};
use crate::values::icon::IconFacts;
use crate::values::invalid_value::FieldError;
use crate::values::message_body::MessageBody;
use crate::values::postal_address::PostalAddressInput;
use crate::values::reason::Reason;
use crate::values::vendor_profile::{VendorKind, VendorProfile, VendorProfileInput};

type Event = AppRegistrationEvent;
type Command = AppRegistrationCommand;
type Error = AppRegistrationError;

const AT: OffsetDateTime = datetime!(2026-12-04 10:00 UTC);
const LATER: OffsetDateTime = datetime!(2026-12-05 09:30 UTC);

const APP: Uuid = Uuid::from_u128(1);
const MESSAGE: Uuid = Uuid::from_u128(2);
const OWNER: Uuid = Uuid::from_u128(10);
const OTHER_DEVELOPER: Uuid = Uuid::from_u128(11);
const REVIEWER: Uuid = Uuid::from_u128(20);
const SECOND_REVIEWER: Uuid = Uuid::from_u128(21);
const ADMIN: Uuid = Uuid::from_u128(30);
const AUDITOR: Uuid = Uuid::from_u128(40);

const NAME: &str = "Heart Beat";
const FIRST_CLIENT_ID: &str = "client-of-version-one";
const NEW_CLIENT_ID: &str = "freshly-generated-client-id";
const REASON: &str = "The privacy policy link is broken.";
const CHANGE_NOTES: &str = "Adds heart-rate readings.";

// ---------------------------------------------------------------------------------------------
// People

fn developer() -> Actor {
    Actor::new(OWNER, [Role::Developer])
}

/// The owner, who also holds the reviewer role (roles are additive, S1).
fn developer_who_reviews() -> Actor {
    Actor::new(OWNER, [Role::Developer, Role::Reviewer])
}

fn another_developer() -> Actor {
    Actor::new(OTHER_DEVELOPER, [Role::Developer])
}

fn reviewer() -> Actor {
    Actor::new(REVIEWER, [Role::Reviewer])
}

fn admin() -> Actor {
    Actor::new(ADMIN, [Role::Admin])
}

fn auditor() -> Actor {
    Actor::new(AUDITOR, [Role::Auditor])
}

// ---------------------------------------------------------------------------------------------
// Values

fn name(text: &str) -> AppName {
    AppName::parse(text).expect("a valid name")
}

fn reason() -> Reason {
    Reason::parse(REASON).expect("a valid reason")
}

fn body(text: &str) -> MessageBody {
    MessageBody::parse(text).expect("a valid message")
}

fn vendor_profile() -> VendorProfile {
    VendorProfileInput {
        kind: Some(VendorKind::Business),
        legal_name: "Ada Lovelace".to_owned(),
        business_name: "Analytical Engines Ltd".to_owned(),
        position: "Chief Technology Officer".to_owned(),
        duns: "123456789".to_owned(),
        address: PostalAddressInput {
            lines: vec!["12 St James's Square".to_owned()],
            city: "London".to_owned(),
            region: None,
            postal_code: Some("SW1Y 4JH".to_owned()),
            country: "GB".to_owned(),
        },
        phone_numbers: vec!["+44 20 7946 0958".to_owned()],
        website: "https://engines.example.com".to_owned(),
    }
    .validate()
    .expect("a complete vendor profile")
}

fn public_authentication() -> AuthenticationInput {
    AuthenticationInput {
        kind: Some(AuthenticationKind::Public),
        jwks_url: None,
        jwks: None,
    }
}

fn categories(authentication: AuthenticationInput) -> WizardStep {
    WizardStep::Categories {
        audience: [Audience::Patient].into(),
        app_use: [AppUse::HealthAndTherapyManagement].into(),
        fhir_versions: [FhirVersion::R4].into(),
        compliance: BTreeSet::new(),
        authentication,
    }
}

fn scopes_step(scopes: &str, change_notes: Option<&str>) -> WizardStep {
    WizardStep::Scopes {
        scopes: Some(scopes.to_owned()),
        change_notes: change_notes.map(str::to_owned),
    }
}

fn attestation_step() -> WizardStep {
    WizardStep::Attestation {
        decision: Some(AttestationDecision {
            accepted: true,
            terms_version: Some(3),
        }),
    }
}

const SCOPES: &str = "openid fhirUser launch/patient patient/Observation.rs";

/// Steps 2–8 filled in so that the draft passes every rule of S4 (as in the tests crate's
/// fixtures, with every text already in the form the value objects keep).
fn complete_steps() -> Vec<WizardStep> {
    vec![
        WizardStep::Links {
            platforms: [Platform::Web, Platform::Ios].into(),
            homepage_url: Some("https://engines.example.com/app".to_owned()),
            privacy_policy_url: Some("https://engines.example.com/privacy".to_owned()),
            terms_of_service_url: Some("https://engines.example.com/terms".to_owned()),
            default_redirect_uri: Some("https://engines.example.com/callback".to_owned()),
            additional_redirect_uris: vec!["com.example.engines:/callback".to_owned()],
        },
        WizardStep::Description {
            icon: Some(IconFacts {
                sha256: "a".repeat(64),
                media_type: "image/png".to_owned(),
                width: 512,
                height: 512,
                byte_size: 48_000,
            }),
            short_description: Some("Tracks blood pressure at home.".to_owned()),
            long_description: Some(
                "A careful companion for home readings. "
                    .repeat(8)
                    .trim()
                    .to_owned(),
            ),
        },
        categories(public_authentication()),
        WizardStep::BulkTransfer { request_all: false },
        scopes_step(SCOPES, Some("First release.")),
        WizardStep::ReviewerNotes {
            notes: Some("Test account: demo / demo.".to_owned()),
        },
        attestation_step(),
    ]
}

fn draft_of(steps: Vec<WizardStep>) -> RegistrationDraft {
    let mut draft = RegistrationDraft::default();
    for step in steps {
        draft.save(step);
    }
    draft
}

fn registration_v1() -> Registration {
    draft_of(complete_steps())
        .validate(&name(NAME), false)
        .expect("the complete steps are valid")
}

/// What version 2 holds: version 1's data with change notes and a new attestation.
fn reregistration_steps() -> Vec<WizardStep> {
    vec![scopes_step(SCOPES, Some(CHANGE_NOTES)), attestation_step()]
}

fn registration_v2() -> Registration {
    let mut draft = RegistrationDraft::from(&registration_v1());
    for step in reregistration_steps() {
        draft.save(step);
    }
    draft
        .validate(&name(NAME), true)
        .expect("the re-registration is valid")
}

// ---------------------------------------------------------------------------------------------
// Events (the history, at `AT`)

fn started() -> Event {
    Event::DraftStarted {
        app_id: APP,
        owner: OWNER,
        name: name(NAME),
        version: 1,
        at: AT,
    }
}

fn saved(version: u32, step: WizardStep) -> Event {
    Event::DraftStepSaved {
        version,
        step,
        at: AT,
    }
}

fn submitted(version: u32, registration: Registration) -> Event {
    Event::VersionSubmitted {
        version,
        client_id: FIRST_CLIENT_ID.to_owned(),
        registration: Box::new(registration),
        vendor_profile: Box::new(vendor_profile()),
        by: OWNER,
        at: AT,
    }
}

fn approved(version: u32) -> Event {
    Event::VersionApproved {
        version,
        by: REVIEWER,
        at: AT,
    }
}

fn rejected(version: u32) -> Event {
    Event::VersionRejected {
        version,
        by: REVIEWER,
        reason: reason(),
        at: AT,
    }
}

fn suspended(version: u32) -> Event {
    Event::VersionSuspended {
        version,
        by: ADMIN,
        reason: reason(),
        at: AT,
    }
}

fn reregistration_started(from_version: u32, registration: &Registration) -> Event {
    Event::ReRegistrationStarted {
        version: from_version + 1,
        from_version,
        draft: Box::new(RegistrationDraft::from(registration)),
        by: OWNER,
        at: AT,
    }
}

fn then(mut history: Vec<Event>, more: impl IntoIterator<Item = Event>) -> Vec<Event> {
    history.extend(more);
    history
}

// ---------------------------------------------------------------------------------------------
// Histories

/// Version 1 is an empty draft.
fn given_draft() -> Vec<Event> {
    vec![started()]
}

/// Version 1 is a draft with every step validly filled in.
fn given_complete_draft() -> Vec<Event> {
    then(
        given_draft(),
        complete_steps().into_iter().map(|step| saved(1, step)),
    )
}

/// Version 1 is In Review, submitted by the owner.
fn given_submitted() -> Vec<Event> {
    then(given_complete_draft(), [submitted(1, registration_v1())])
}

/// Version 1 is Live.
fn given_live() -> Vec<Event> {
    then(given_submitted(), [approved(1)])
}

/// Version 1 is Rejected.
fn given_rejected() -> Vec<Event> {
    then(given_submitted(), [rejected(1)])
}

/// Version 1 is Suspended.
fn given_suspended() -> Vec<Event> {
    then(given_live(), [suspended(1)])
}

/// Version 1 is Live and version 2 is a fresh re-registration draft.
fn given_reregistration_draft() -> Vec<Event> {
    then(
        given_live(),
        [reregistration_started(1, &registration_v1())],
    )
}

/// Version 1 is Live and version 2 is a re-registration draft ready to submit.
fn given_complete_reregistration_draft() -> Vec<Event> {
    then(
        given_reregistration_draft(),
        reregistration_steps()
            .into_iter()
            .map(|step| saved(2, step)),
    )
}

/// Version 1 is Live and version 2 is In Review.
fn given_version_two_submitted() -> Vec<Event> {
    then(
        given_complete_reregistration_draft(),
        [submitted(2, registration_v2())],
    )
}

/// Version 1 was Live and is now Retired: version 2 is Live.
fn given_version_one_retired() -> Vec<Event> {
    then(
        given_version_two_submitted(),
        [
            approved(2),
            Event::VersionRetired {
                version: 1,
                superseded_by: 2,
                by: REVIEWER,
                at: AT,
            },
        ],
    )
}

// ---------------------------------------------------------------------------------------------
// Commands (at `LATER`)

fn start(actor: Actor, profile_complete: bool) -> Command {
    Command::StartDraft {
        actor,
        app_id: APP,
        name: name(NAME),
        profile_complete,
        at: LATER,
    }
}

fn rename(actor: Actor, to: &str) -> Command {
    Command::RenameDraft {
        actor,
        name: name(to),
        at: LATER,
    }
}

fn save(actor: Actor, version: u32, step: WizardStep) -> Command {
    Command::SaveDraftStep {
        actor,
        version,
        step,
        at: LATER,
    }
}

fn delete(actor: Actor, version: u32) -> Command {
    Command::DeleteDraft {
        actor,
        version,
        at: LATER,
    }
}

fn submit(actor: Actor, version: u32) -> Command {
    Command::SubmitVersion {
        actor,
        version,
        new_client_id: NEW_CLIENT_ID.to_owned(),
        vendor_profile: Some(vendor_profile()),
        at: LATER,
    }
}

fn reregister(actor: Actor, from_version: u32) -> Command {
    Command::StartReRegistration {
        actor,
        from_version,
        at: LATER,
    }
}

fn approve(actor: Actor, version: u32) -> Command {
    Command::ApproveVersion {
        actor,
        version,
        at: LATER,
    }
}

fn reject(actor: Actor, version: u32) -> Command {
    Command::RejectVersion {
        actor,
        version,
        reason: reason(),
        at: LATER,
    }
}

fn suspend(actor: Actor, version: u32) -> Command {
    Command::SuspendVersion {
        actor,
        version,
        reason: reason(),
        at: LATER,
    }
}

fn reinstate(actor: Actor, version: u32) -> Command {
    Command::ReinstateVersion {
        actor,
        version,
        at: LATER,
    }
}

fn post(actor: Actor) -> Command {
    Command::PostMessage {
        actor,
        message_id: MESSAGE,
        body: body("Please check the redirect URI."),
        at: LATER,
    }
}

// ---------------------------------------------------------------------------------------------
// Running

fn app() -> TestFramework<AppRegistration> {
    TestFramework::with(())
}

/// The events `command` records on `history`; fails the test if it is refused.
async fn events_of(history: Vec<Event>, command: Command) -> Vec<Event> {
    match app()
        .given(history)
        .when_async(command)
        .await
        .inspect_result()
    {
        Ok(events) => events,
        Err(error) => panic!("expected the command to be accepted, it was refused: {error}"),
    }
}

/// The refusal of `command` on `history`; fails the test if it is accepted.
async fn refusal_of(history: Vec<Event>, command: Command) -> Error {
    match app()
        .given(history)
        .when_async(command)
        .await
        .inspect_result()
    {
        Ok(events) => panic!("expected a refusal, got {events:?}"),
        Err(error) => error,
    }
}

/// The aggregate after `history`, to look at what the events mean.
fn state_after(history: Vec<Event>) -> AppRegistration {
    let mut app = AppRegistration::default();
    for event in history {
        app.apply(event);
    }
    app
}

fn statuses(app: &AppRegistration) -> Vec<(u32, VersionStatus)> {
    app.versions()
        .iter()
        .map(|v| (v.number(), v.status()))
        .collect()
}

// =============================================================================================
// StartDraft

#[tokio::test]
async fn a_developer_with_a_complete_profile_starts_a_draft_of_version_one() {
    app()
        .given_no_previous_events()
        .when_async(start(developer(), true))
        .await
        .then_expect_events(vec![Event::DraftStarted {
            app_id: APP,
            owner: OWNER,
            name: name(NAME),
            version: 1,
            at: LATER,
        }]);
}

#[tokio::test]
async fn only_developers_may_start_a_draft() {
    for actor in [reviewer(), admin(), auditor()] {
        let error = refusal_of(vec![], start(actor, true)).await;
        assert_eq!(error, Error::Forbidden("only developers can register apps"));
        assert_eq!(error.code(), "FORBIDDEN");
    }
}

#[tokio::test]
async fn a_developer_with_an_incomplete_profile_cannot_start_a_draft() {
    app()
        .given_no_previous_events()
        .when_async(start(developer(), false))
        .await
        .then_expect_error_message("complete your vendor profile before registering an app");
}

#[tokio::test]
async fn starting_a_draft_under_an_id_already_used_is_refused_even_after_the_draft_was_discarded() {
    app()
        .given(given_draft())
        .when_async(start(developer(), true))
        .await
        .then_expect_error(Error::AlreadyExists);
    let discarded = then(
        given_draft(),
        [Event::DraftDeleted {
            version: 1,
            released_name: true,
            by: OWNER,
            at: AT,
        }],
    );
    app()
        .given(discarded)
        .when_async(start(developer(), true))
        .await
        .then_expect_error_message("the app exists already");
}

// =============================================================================================
// RenameDraft

#[tokio::test]
async fn the_owner_renames_a_first_draft_and_the_event_keeps_the_previous_name() {
    app()
        .given(given_complete_draft())
        .when_async(rename(developer(), "Pulse Diary"))
        .await
        .then_expect_events(vec![Event::DraftRenamed {
            version: 1,
            previous_name: name(NAME),
            name: name("Pulse Diary"),
            at: LATER,
        }]);
}

#[tokio::test]
async fn renaming_a_draft_to_the_same_name_records_nothing() {
    app()
        .given(given_draft())
        .when_async(rename(developer(), "  Heart   Beat "))
        .await
        .then_expect_events(vec![]);
}

#[tokio::test]
async fn the_name_of_a_re_registration_draft_is_fixed() {
    let error = refusal_of(
        given_reregistration_draft(),
        rename(developer(), "Pulse Diary"),
    )
    .await;
    assert_eq!(error, Error::NameFixed);
    assert_eq!(error.code(), "NAME_FIXED");
    assert_eq!(error.to_string(), "the name of a submitted app is fixed");
}

#[tokio::test]
async fn a_submitted_app_without_an_open_draft_cannot_be_renamed() {
    app()
        .given(given_live())
        .when_async(rename(developer(), "Pulse Diary"))
        .await
        .then_expect_error(Error::NameFixed);
}

// =============================================================================================
// SaveDraftStep

#[tokio::test]
async fn the_owner_saves_a_wizard_step_of_the_draft() {
    let step = complete_steps().remove(0);
    app()
        .given(given_draft())
        .when_async(save(developer(), 1, step.clone()))
        .await
        .then_expect_events(vec![Event::DraftStepSaved {
            version: 1,
            step,
            at: LATER,
        }]);
}

#[tokio::test]
async fn a_half_filled_step_with_wrong_values_is_saved_as_typed() {
    let step = WizardStep::Links {
        platforms: [Platform::Android].into(),
        homepage_url: Some("not a url yet".to_owned()),
        privacy_policy_url: None,
        terms_of_service_url: Some("http://insecure.example.com".to_owned()),
        default_redirect_uri: None,
        additional_redirect_uris: vec!["https://a.example.com/*".to_owned()],
    };
    app()
        .given(given_draft())
        .when_async(save(developer(), 1, step.clone()))
        .await
        .then_expect_events(vec![Event::DraftStepSaved {
            version: 1,
            step,
            at: LATER,
        }]);
}

#[tokio::test]
async fn an_oversized_text_is_refused_naming_its_field_and_the_limit_itself_is_kept() {
    let description = |short: String| WizardStep::Description {
        icon: None,
        short_description: Some(short),
        long_description: None,
    };
    let error = refusal_of(
        given_draft(),
        save(developer(), 1, description("x".repeat(MAX_DRAFT_TEXT + 1))),
    )
    .await;
    assert_eq!(
        error,
        Error::Validation(vec![FieldError::new(
            "shortDescription",
            "must be at most 8000 characters"
        )])
    );
    assert_eq!(error.code(), "VALIDATION");
    let at_the_limit = description("x".repeat(MAX_DRAFT_TEXT));
    assert_eq!(
        events_of(given_draft(), save(developer(), 1, at_the_limit.clone())).await,
        vec![saved_later(1, at_the_limit)]
    );
}

fn saved_later(version: u32, step: WizardStep) -> Event {
    Event::DraftStepSaved {
        version,
        step,
        at: LATER,
    }
}

#[tokio::test]
async fn only_a_draft_can_be_saved() {
    app()
        .given(given_submitted())
        .when_async(save(developer(), 1, attestation_step()))
        .await
        .then_expect_error_message("cannot save a version that is In Review");
}

#[tokio::test]
async fn saving_a_version_that_does_not_exist_answers_not_found() {
    app()
        .given(given_draft())
        .when_async(save(developer(), 2, attestation_step()))
        .await
        .then_expect_error(Error::NotFound);
}

// =============================================================================================
// DeleteDraft

#[tokio::test]
async fn deleting_the_first_draft_releases_the_name_and_the_app_no_longer_exists() {
    let events = events_of(given_complete_draft(), delete(developer(), 1)).await;
    let deleted = Event::DraftDeleted {
        version: 1,
        released_name: true,
        by: OWNER,
        at: LATER,
    };
    assert_eq!(events, vec![deleted.clone()]);

    let history = then(given_complete_draft(), [deleted]);
    let app_after = state_after(history.clone());
    assert!(!app_after.exists());
    assert!(app_after.versions().is_empty());
    // For everyone, including its former owner, the app is now missing.
    app()
        .given(history)
        .when_async(post(developer()))
        .await
        .then_expect_error_message("app registration not found");
}

#[tokio::test]
async fn deleting_a_re_registration_draft_keeps_the_name_and_the_other_versions() {
    let events = events_of(given_reregistration_draft(), delete(developer(), 2)).await;
    let deleted = Event::DraftDeleted {
        version: 2,
        released_name: false,
        by: OWNER,
        at: LATER,
    };
    assert_eq!(events, vec![deleted.clone()]);

    let history = then(given_reregistration_draft(), [deleted]);
    let app_after = state_after(history.clone());
    assert!(app_after.exists());
    assert_eq!(statuses(&app_after), vec![(1, VersionStatus::Live)]);
    // Version 1 may be re-registered again, and the new draft is version 2 once more.
    let reopened = events_of(history, reregister(developer(), 1)).await;
    assert!(matches!(
        reopened.as_slice(),
        [Event::ReRegistrationStarted {
            version: 2,
            from_version: 1,
            ..
        }]
    ));
}

#[tokio::test]
async fn a_submitted_version_cannot_be_deleted() {
    app()
        .given(given_submitted())
        .when_async(delete(developer(), 1))
        .await
        .then_expect_error_message("cannot delete a version that is In Review");
    app()
        .given(given_live())
        .when_async(delete(developer(), 1))
        .await
        .then_expect_error_message("cannot delete a version that is Live");
}

// =============================================================================================
// SubmitVersion

#[tokio::test]
async fn submitting_the_first_version_assigns_the_new_client_id() {
    app()
        .given(given_complete_draft())
        .when_async(submit(developer(), 1))
        .await
        .then_expect_events(vec![Event::VersionSubmitted {
            version: 1,
            client_id: NEW_CLIENT_ID.to_owned(),
            registration: Box::new(registration_v1()),
            vendor_profile: Box::new(vendor_profile()),
            by: OWNER,
            at: LATER,
        }]);
}

#[tokio::test]
async fn submitting_puts_the_version_in_review_with_its_submitter_and_time() {
    let history = then(
        given_complete_draft(),
        events_of(given_complete_draft(), submit(developer(), 1)).await,
    );
    let app_after = state_after(history);
    let version = app_after.version(1).expect("version 1");
    assert_eq!(version.status(), VersionStatus::InReview);
    assert_eq!(version.submitted_by(), Some(OWNER));
    assert_eq!(version.modified_at(), LATER);
    assert_eq!(version.registration(), Some(&registration_v1()));
    assert_eq!(app_after.client_id(), Some(NEW_CLIENT_ID));
    assert!(app_after.was_submitted());
}

#[tokio::test]
async fn submitting_version_two_keeps_the_first_client_id() {
    app()
        .given(given_complete_reregistration_draft())
        .when_async(submit(developer(), 2))
        .await
        .then_expect_events(vec![Event::VersionSubmitted {
            version: 2,
            client_id: FIRST_CLIENT_ID.to_owned(),
            registration: Box::new(registration_v2()),
            vendor_profile: Box::new(vendor_profile()),
            by: OWNER,
            at: LATER,
        }]);
}

#[tokio::test]
async fn submitting_without_a_vendor_profile_is_refused() {
    let command = Command::SubmitVersion {
        actor: developer(),
        version: 1,
        new_client_id: NEW_CLIENT_ID.to_owned(),
        vendor_profile: None,
        at: LATER,
    };
    let error = refusal_of(given_complete_draft(), command).await;
    assert_eq!(error, Error::ProfileIncomplete);
    assert_eq!(
        error.to_string(),
        "complete your vendor profile before registering an app"
    );
}

#[tokio::test]
async fn submitting_an_empty_draft_returns_every_failure_at_once_in_wizard_order() {
    let Error::Validation(failures) = refusal_of(given_draft(), submit(developer(), 1)).await
    else {
        panic!("expected a validation error");
    };
    let fields: Vec<&str> = failures.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(
        fields,
        vec![
            "platforms",
            "homepageUrl",
            "privacyPolicyUrl",
            "termsOfServiceUrl",
            "defaultRedirectUri",
            "icon",
            "shortDescription",
            "longDescription",
            "audience",
            "appUse",
            "fhirVersions",
            "authentication.kind",
            "scopes",
            "attestation",
        ]
    );
    assert!(failures.iter().all(|f| !f.message.is_empty()));
}

#[tokio::test]
async fn failures_are_listed_in_wizard_order_not_in_the_order_the_steps_were_saved() {
    // Step 8 and step 2 are saved wrong; the failures come back step 2 first.
    let history = then(
        given_complete_draft(),
        [
            saved(1, WizardStep::Attestation { decision: None }),
            saved(
                1,
                WizardStep::Links {
                    platforms: [Platform::Web].into(),
                    homepage_url: Some("http://engines.example.com".to_owned()),
                    privacy_policy_url: Some("https://engines.example.com/privacy".to_owned()),
                    terms_of_service_url: Some("https://engines.example.com/terms".to_owned()),
                    default_redirect_uri: Some("https://engines.example.com/cb".to_owned()),
                    additional_redirect_uris: vec![],
                },
            ),
        ],
    );
    app()
        .given(history)
        .when_async(submit(developer(), 1))
        .await
        .then_expect_error(Error::Validation(vec![
            FieldError::new("homepageUrl", "must be an absolute https URL"),
            FieldError::new("attestation", "accept or decline the attestation terms"),
        ]));
}

#[tokio::test]
async fn a_public_app_may_not_request_system_scopes() {
    let history = then(
        given_complete_draft(),
        [saved(1, scopes_step("openid system/*.read", None))],
    );
    app()
        .given(history)
        .when_async(submit(developer(), 1))
        .await
        .then_expect_error_message("scopes: system/ scopes are only for confidential apps");
}

#[tokio::test]
async fn a_confidential_app_may_request_system_scopes() {
    let history = then(
        given_complete_draft(),
        [
            saved(
                1,
                categories(AuthenticationInput {
                    kind: Some(AuthenticationKind::ConfidentialSymmetric),
                    jwks_url: None,
                    jwks: None,
                }),
            ),
            saved(1, scopes_step("openid system/*.read", None)),
        ],
    );
    let events = events_of(history, submit(developer(), 1)).await;
    assert!(matches!(
        events.as_slice(),
        [Event::VersionSubmitted { version: 1, .. }]
    ));
}

#[tokio::test]
async fn a_re_registration_needs_change_notes() {
    let history = then(given_reregistration_draft(), [saved(2, attestation_step())]);
    app()
        .given(history)
        .when_async(submit(developer(), 2))
        .await
        .then_expect_error(Error::Validation(vec![FieldError::new(
            "changeNotes",
            "is required",
        )]));
}

#[tokio::test]
async fn only_a_draft_can_be_submitted() {
    app()
        .given(given_submitted())
        .when_async(submit(developer(), 1))
        .await
        .then_expect_error_message("cannot submit a version that is In Review");
}

// =============================================================================================
// StartReRegistration

#[tokio::test]
async fn re_registering_a_live_version_opens_the_next_version_filled_from_it_without_change_notes_or_attestation(
) {
    let mut expected = draft_of(complete_steps());
    expected.change_notes = None;
    expected.attestation = None;
    app()
        .given(given_live())
        .when_async(reregister(developer(), 1))
        .await
        .then_expect_events(vec![Event::ReRegistrationStarted {
            version: 2,
            from_version: 1,
            draft: Box::new(expected),
            by: OWNER,
            at: LATER,
        }]);
}

#[tokio::test]
async fn a_re_registration_of_a_confidential_app_submits_with_only_change_notes_and_attestation_added(
) {
    const JWKS: &str = r#"{"keys":[{"kty":"EC","kid":"k1","crv":"P-384","x":"a","y":"b"}]}"#;
    let confidential = then(
        given_complete_draft(),
        [
            saved(
                1,
                categories(AuthenticationInput {
                    kind: Some(AuthenticationKind::ConfidentialAsymmetricInlineJwks),
                    jwks_url: None,
                    jwks: Some(JWKS.to_owned()),
                }),
            ),
            saved(1, scopes_step("openid system/Observation.rs", None)),
        ],
    );
    let submitted_v1 = events_of(confidential.clone(), submit(developer(), 1)).await;
    let live = then(then(confidential, submitted_v1), [approved(1)]);
    let opened = events_of(live.clone(), reregister(developer(), 1)).await;
    let draft = then(
        then(live, opened),
        [
            saved(
                2,
                scopes_step("openid system/Observation.rs", Some(CHANGE_NOTES)),
            ),
            saved(2, attestation_step()),
        ],
    );
    let events = events_of(draft, submit(developer(), 2)).await;
    let [Event::VersionSubmitted { registration, .. }] = events.as_slice() else {
        panic!("expected version 2 to be submitted, got {events:?}");
    };
    assert_eq!(
        registration.authentication.kind(),
        AuthenticationKind::ConfidentialAsymmetricInlineJwks
    );
    assert_eq!(
        registration.change_notes.as_ref().map(|n| n.as_str()),
        Some(CHANGE_NOTES)
    );
}

#[tokio::test]
async fn a_rejected_version_can_be_re_registered() {
    let events = events_of(given_rejected(), reregister(developer(), 1)).await;
    assert_eq!(
        events,
        vec![Event::ReRegistrationStarted {
            version: 2,
            from_version: 1,
            draft: Box::new(RegistrationDraft::from(&registration_v1())),
            by: OWNER,
            at: LATER,
        }]
    );
}

#[tokio::test]
async fn a_version_in_review_or_suspended_cannot_be_re_registered() {
    let error = refusal_of(given_submitted(), reregister(developer(), 1)).await;
    assert_eq!(
        error.to_string(),
        "cannot re-register a version that is In Review"
    );
    assert_eq!(error.code(), "INVALID_TRANSITION");
    app()
        .given(given_suspended())
        .when_async(reregister(developer(), 1))
        .await
        .then_expect_error_message("cannot re-register a version that is Suspended");
}

#[tokio::test]
async fn only_the_most_recently_submitted_version_can_be_re_registered() {
    // Version 1 is Live, version 2 was rejected: version 2 is the newest submitted one.
    let history = then(given_version_two_submitted(), [rejected(2)]);
    let error = refusal_of(history.clone(), reregister(developer(), 1)).await;
    assert_eq!(error, Error::NotLatestVersion { latest: 2 });
    assert_eq!(
        error.to_string(),
        "only the most recently submitted version (version 2) can be re-registered"
    );
    assert_eq!(error.code(), "INVALID_TRANSITION");
    let events = events_of(history, reregister(developer(), 2)).await;
    assert_eq!(
        events,
        vec![Event::ReRegistrationStarted {
            version: 3,
            from_version: 2,
            draft: Box::new(RegistrationDraft::from(&registration_v2())),
            by: OWNER,
            at: LATER,
        }]
    );
}

#[tokio::test]
async fn an_open_re_registration_draft_is_named_instead_of_opening_another() {
    let error = refusal_of(given_reregistration_draft(), reregister(developer(), 1)).await;
    assert_eq!(
        error,
        Error::ReRegistrationDraftExists {
            app_id: APP,
            name: NAME.to_owned(),
            version: 2,
        }
    );
    assert_eq!(
        error.to_string(),
        "a draft re-registration of Heart Beat already exists (version 2)"
    );
    assert_eq!(error.code(), "REREGISTRATION_DRAFT_EXISTS");
}

#[tokio::test]
async fn re_registering_an_app_that_was_never_submitted_does_not_claim_a_re_registration_draft_exists(
) {
    // S4: re-register only on the most recently submitted version; there is none, and the
    // open draft is the first registration, not a re-registration.
    let error = refusal_of(given_complete_draft(), reregister(developer(), 1)).await;
    assert_ne!(error.code(), "REREGISTRATION_DRAFT_EXISTS");
    assert_eq!(
        error.to_string(),
        "cannot re-register a version that is Draft"
    );
}

// =============================================================================================
// ApproveVersion

#[tokio::test]
async fn a_reviewer_approves_a_version_in_review() {
    app()
        .given(given_submitted())
        .when_async(approve(reviewer(), 1))
        .await
        .then_expect_events(vec![Event::VersionApproved {
            version: 1,
            by: REVIEWER,
            at: LATER,
        }]);
}

#[tokio::test]
async fn an_admin_may_approve_too_and_the_version_is_live_from_then() {
    let events = events_of(given_submitted(), approve(admin(), 1)).await;
    assert_eq!(
        events,
        vec![Event::VersionApproved {
            version: 1,
            by: ADMIN,
            at: LATER,
        }]
    );
    let app_after = state_after(then(given_submitted(), events));
    let version = app_after.version(1).expect("version 1");
    assert_eq!(version.status(), VersionStatus::Live);
    assert_eq!(version.modified_at(), LATER);
}

#[tokio::test]
async fn approving_version_two_retires_the_live_version_one() {
    let events = events_of(given_version_two_submitted(), approve(reviewer(), 2)).await;
    assert_eq!(
        events,
        vec![
            Event::VersionApproved {
                version: 2,
                by: REVIEWER,
                at: LATER,
            },
            Event::VersionRetired {
                version: 1,
                superseded_by: 2,
                by: REVIEWER,
                at: LATER,
            },
        ]
    );
    let app_after = state_after(then(given_version_two_submitted(), events));
    assert_eq!(
        statuses(&app_after),
        vec![(1, VersionStatus::Retired), (2, VersionStatus::Live)]
    );
}

#[tokio::test]
async fn approving_version_two_also_retires_a_suspended_version_one() {
    let history = then(given_version_two_submitted(), [suspended(1)]);
    app()
        .given(history)
        .when_async(approve(second_reviewer(), 2))
        .await
        .then_expect_events(vec![
            Event::VersionApproved {
                version: 2,
                by: SECOND_REVIEWER,
                at: LATER,
            },
            Event::VersionRetired {
                version: 1,
                superseded_by: 2,
                by: SECOND_REVIEWER,
                at: LATER,
            },
        ]);
}

fn second_reviewer() -> Actor {
    Actor::new(SECOND_REVIEWER, [Role::Reviewer])
}

#[tokio::test]
async fn approving_version_two_after_version_one_was_rejected_retires_nothing() {
    let history = then(
        then(
            given_rejected(),
            [reregistration_started(1, &registration_v1())],
        ),
        then(
            reregistration_steps()
                .into_iter()
                .map(|step| saved(2, step))
                .collect(),
            [submitted(2, registration_v2())],
        ),
    );
    app()
        .given(history)
        .when_async(approve(reviewer(), 2))
        .await
        .then_expect_events(vec![Event::VersionApproved {
            version: 2,
            by: REVIEWER,
            at: LATER,
        }]);
}

#[tokio::test]
async fn the_submitter_may_not_approve_their_own_submission_even_holding_the_reviewer_role() {
    let error = refusal_of(given_submitted(), approve(developer_who_reviews(), 1)).await;
    assert_eq!(
        error,
        Error::Forbidden("you cannot decide on a version you submitted yourself")
    );
    assert_eq!(error.code(), "FORBIDDEN");
}

#[tokio::test]
async fn the_developer_and_an_auditor_cannot_approve() {
    app()
        .given(given_submitted())
        .when_async(approve(developer(), 1))
        .await
        .then_expect_error(Error::Forbidden("only reviewers can approve"));
    app()
        .given(given_submitted())
        .when_async(approve(auditor(), 1))
        .await
        .then_expect_error(Error::Forbidden("only reviewers can approve"));
}

#[tokio::test]
async fn only_a_version_in_review_can_be_approved() {
    for (history, status) in [(given_live(), "Live"), (given_suspended(), "Suspended")] {
        app()
            .given(history)
            .when_async(approve(reviewer(), 1))
            .await
            .then_expect_error_message(&format!("cannot approve a version that is {status}"));
    }
}

#[tokio::test]
async fn to_a_reviewer_a_never_submitted_app_does_not_exist() {
    for command in [
        approve(reviewer(), 1),
        reject(reviewer(), 1),
        rename(reviewer(), "Pulse Diary"),
        delete(admin(), 1),
        submit(auditor(), 1),
    ] {
        let error = refusal_of(given_complete_draft(), command).await;
        assert_eq!(error, Error::NotFound);
    }
}

// =============================================================================================
// RejectVersion

#[tokio::test]
async fn a_reviewer_rejects_a_version_in_review_and_the_reason_is_recorded() {
    app()
        .given(given_submitted())
        .when_async(reject(reviewer(), 1))
        .await
        .then_expect_events(vec![Event::VersionRejected {
            version: 1,
            by: REVIEWER,
            reason: reason(),
            at: LATER,
        }]);
    let events = events_of(given_submitted(), reject(admin(), 1)).await;
    let app_after = state_after(then(given_submitted(), events));
    assert_eq!(statuses(&app_after), vec![(1, VersionStatus::Rejected)]);
}

#[tokio::test]
async fn the_submitter_may_not_reject_their_own_submission() {
    app()
        .given(given_submitted())
        .when_async(reject(developer_who_reviews(), 1))
        .await
        .then_expect_error_message("you cannot decide on a version you submitted yourself");
}

#[tokio::test]
async fn the_developer_and_an_auditor_cannot_reject() {
    for actor in [developer(), auditor()] {
        app()
            .given(given_submitted())
            .when_async(reject(actor, 1))
            .await
            .then_expect_error(Error::Forbidden("only reviewers can reject"));
    }
}

#[tokio::test]
async fn only_a_version_in_review_can_be_rejected() {
    app()
        .given(given_live())
        .when_async(reject(reviewer(), 1))
        .await
        .then_expect_error_message("cannot reject a version that is Live");
}

#[tokio::test]
async fn rejected_is_terminal() {
    let cases = [
        (
            approve(reviewer(), 1),
            "cannot approve a version that is Rejected",
        ),
        (
            reject(reviewer(), 1),
            "cannot reject a version that is Rejected",
        ),
        (
            suspend(admin(), 1),
            "cannot suspend a version that is Rejected",
        ),
        (
            reinstate(admin(), 1),
            "cannot reinstate a version that is Rejected",
        ),
    ];
    for (command, message) in cases {
        app()
            .given(given_rejected())
            .when_async(command)
            .await
            .then_expect_error_message(message);
    }
}

// =============================================================================================
// SuspendVersion and ReinstateVersion

#[tokio::test]
async fn an_admin_suspends_a_live_version_and_the_reason_is_recorded() {
    app()
        .given(given_live())
        .when_async(suspend(admin(), 1))
        .await
        .then_expect_events(vec![Event::VersionSuspended {
            version: 1,
            by: ADMIN,
            reason: reason(),
            at: LATER,
        }]);
}

#[tokio::test]
async fn reviewers_and_developers_cannot_suspend() {
    for actor in [reviewer(), developer(), auditor()] {
        let error = refusal_of(given_live(), suspend(actor, 1)).await;
        assert_eq!(error, Error::Forbidden("only admins can suspend apps"));
        assert_eq!(error.code(), "FORBIDDEN");
    }
}

#[tokio::test]
async fn only_a_live_version_can_be_suspended() {
    app()
        .given(given_submitted())
        .when_async(suspend(admin(), 1))
        .await
        .then_expect_error_message("cannot suspend a version that is In Review");
    app()
        .given(given_suspended())
        .when_async(suspend(admin(), 1))
        .await
        .then_expect_error_message("cannot suspend a version that is Suspended");
}

#[tokio::test]
async fn an_admin_reinstates_a_suspended_version_and_it_is_live_again() {
    let events = events_of(given_suspended(), reinstate(admin(), 1)).await;
    assert_eq!(
        events,
        vec![Event::VersionReinstated {
            version: 1,
            by: ADMIN,
            at: LATER,
        }]
    );
    let app_after = state_after(then(given_suspended(), events));
    assert_eq!(statuses(&app_after), vec![(1, VersionStatus::Live)]);
}

#[tokio::test]
async fn reviewers_cannot_reinstate() {
    app()
        .given(given_suspended())
        .when_async(reinstate(reviewer(), 1))
        .await
        .then_expect_error(Error::Forbidden("only admins can reinstate apps"));
}

#[tokio::test]
async fn only_a_suspended_version_can_be_reinstated() {
    app()
        .given(given_live())
        .when_async(reinstate(admin(), 1))
        .await
        .then_expect_error_message("cannot reinstate a version that is Live");
}

#[tokio::test]
async fn retired_is_terminal() {
    let cases = [
        (
            approve(reviewer(), 1),
            "cannot approve a version that is Retired",
        ),
        (
            reject(reviewer(), 1),
            "cannot reject a version that is Retired",
        ),
        (
            suspend(admin(), 1),
            "cannot suspend a version that is Retired",
        ),
        (
            reinstate(admin(), 1),
            "cannot reinstate a version that is Retired",
        ),
    ];
    for (command, message) in cases {
        app()
            .given(given_version_one_retired())
            .when_async(command)
            .await
            .then_expect_error_message(message);
    }
}

// =============================================================================================
// PostMessage (S6)

#[tokio::test]
async fn the_owner_a_reviewer_and_an_admin_post_messages() {
    for (actor, author) in [
        (developer(), OWNER),
        (reviewer(), REVIEWER),
        (admin(), ADMIN),
    ] {
        app()
            .given(given_submitted())
            .when_async(post(actor))
            .await
            .then_expect_events(vec![Event::MessagePosted {
                message_id: MESSAGE,
                author,
                body: body("Please check the redirect URI."),
                at: LATER,
            }]);
    }
}

#[tokio::test]
async fn an_auditor_cannot_post_a_message() {
    let error = refusal_of(given_submitted(), post(auditor())).await;
    assert_eq!(error, Error::Forbidden("auditors cannot post messages"));
    assert_eq!(error.code(), "FORBIDDEN");
}

#[tokio::test]
async fn another_developer_posting_on_someones_app_is_told_it_does_not_exist() {
    let error = refusal_of(given_submitted(), post(another_developer())).await;
    assert_eq!(error, Error::NotFound);
    assert_eq!(error.code(), "NOT_FOUND");
}

// =============================================================================================
// S1: hiding other vendors' apps, read-only roles

/// Every command that names an existing app, issued by `actor`.
fn commands_on_an_app(actor: &Actor) -> Vec<Command> {
    vec![
        rename(actor.clone(), "Pulse Diary"),
        save(actor.clone(), 1, attestation_step()),
        delete(actor.clone(), 1),
        submit(actor.clone(), 1),
        reregister(actor.clone(), 1),
        approve(actor.clone(), 1),
        reject(actor.clone(), 1),
        suspend(actor.clone(), 1),
        reinstate(actor.clone(), 1),
        post(actor.clone()),
    ]
}

#[tokio::test]
async fn another_developer_acting_on_someones_app_gets_the_same_answer_as_for_a_missing_app() {
    for history in [given_complete_draft(), given_live()] {
        for (theirs, missing) in commands_on_an_app(&another_developer())
            .into_iter()
            .zip(commands_on_an_app(&developer()))
        {
            let on_someones_app = refusal_of(history.clone(), theirs).await;
            let on_a_missing_app = refusal_of(vec![], missing).await;
            assert_eq!(on_someones_app, on_a_missing_app);
            assert_eq!(on_someones_app, Error::NotFound);
            assert_eq!(on_someones_app.to_string(), "app registration not found");
        }
    }
}

#[tokio::test]
async fn reviewers_admins_and_auditors_cannot_use_the_developers_commands() {
    for actor in [reviewer(), admin(), auditor()] {
        let owner_only = [
            (given_submitted(), rename(actor.clone(), "Pulse Diary")),
            (
                given_submitted(),
                save(actor.clone(), 1, attestation_step()),
            ),
            (given_submitted(), delete(actor.clone(), 1)),
            (given_submitted(), submit(actor.clone(), 1)),
            (given_live(), reregister(actor.clone(), 1)),
        ];
        for (history, command) in owner_only {
            let error = refusal_of(history, command).await;
            assert_eq!(
                error,
                Error::Forbidden("only the app's developer can change its registration")
            );
            assert_eq!(error.code(), "FORBIDDEN");
        }
    }
}

// =============================================================================================
// Errors

#[tokio::test]
async fn a_private_key_typed_into_a_draft_is_refused_before_it_reaches_the_log() {
    let step = WizardStep::Categories {
        audience: BTreeSet::new(),
        app_use: BTreeSet::new(),
        fhir_versions: BTreeSet::new(),
        compliance: BTreeSet::new(),
        authentication: AuthenticationInput {
            kind: Some(AuthenticationKind::ConfidentialAsymmetricInlineJwks),
            jwks_url: None,
            jwks: Some(
                r#"{"keys":[{"kty":"EC","kid":"k1","crv":"P-256","x":"a","y":"b","d":"secret"}]}"#
                    .to_owned(),
            ),
        },
    };
    let error = refusal_of(given_draft(), save(developer(), 1, step)).await;
    assert_eq!(
        error,
        Error::Validation(vec![FieldError::new(
            "authentication.jwks",
            "must not contain private key material"
        )])
    );
}

#[test]
fn every_error_has_its_stable_code() {
    let cases = [
        (
            Error::Validation(vec![FieldError::new("icon", "x")]),
            "VALIDATION",
        ),
        (Error::NotFound, "NOT_FOUND"),
        (Error::Forbidden("no"), "FORBIDDEN"),
        (
            Error::InvalidTransition {
                action: "approve",
                status: VersionStatus::Live,
            },
            "INVALID_TRANSITION",
        ),
        (Error::NotLatestVersion { latest: 2 }, "INVALID_TRANSITION"),
        (
            Error::ReRegistrationDraftExists {
                app_id: APP,
                name: NAME.to_owned(),
                version: 2,
            },
            "REREGISTRATION_DRAFT_EXISTS",
        ),
        (Error::ProfileIncomplete, "PROFILE_INCOMPLETE"),
        (Error::AlreadyExists, "CONFLICT"),
        (Error::NameFixed, "NAME_FIXED"),
    ];
    for (error, code) in cases {
        assert_eq!(error.code(), code, "{error:?}");
    }
}

#[test]
fn invalid_transitions_name_the_action_and_the_status_as_the_portal_shows_it() {
    let cases = [
        (
            VersionStatus::Draft,
            "cannot approve a version that is Draft",
        ),
        (
            VersionStatus::InReview,
            "cannot approve a version that is In Review",
        ),
        (VersionStatus::Live, "cannot approve a version that is Live"),
        (
            VersionStatus::Suspended,
            "cannot approve a version that is Suspended",
        ),
        (
            VersionStatus::Rejected,
            "cannot approve a version that is Rejected",
        ),
        (
            VersionStatus::Retired,
            "cannot approve a version that is Retired",
        ),
    ];
    for (status, message) in cases {
        let error = Error::InvalidTransition {
            action: "approve",
            status,
        };
        assert_eq!(error.to_string(), message);
    }
}

#[test]
fn validation_errors_list_every_field_in_one_message() {
    let error = Error::Validation(vec![
        FieldError::new("homepageUrl", "must be an absolute https URL"),
        FieldError::new("attestation", "accept or decline the attestation terms"),
    ]);
    assert_eq!(
        error.to_string(),
        "homepageUrl: must be an absolute https URL; attestation: accept or decline the attestation terms"
    );
}
