//! Ready-made people and registrations for end-to-end tests.

use std::collections::BTreeSet;

use api::commands::accounts::SignUpForm;
use api::event_log::CommitMetadata;
use api::AppState;
use domain::actor::Actor;
use domain::app_registration::{AttestationDecision, WizardStep};
use domain::values::authentication::{AuthenticationInput, AuthenticationKind};
use domain::values::categories::{AppUse, Audience, FhirVersion, Platform};
use domain::values::icon::IconFacts;
use domain::values::postal_address::PostalAddressInput;
use domain::values::role::Role;
use domain::values::vendor_profile::{VendorKind, VendorProfileInput};
use uuid::Uuid;

use crate::TestClock;

/// The service and a clock, for tests that drive the application services directly.
pub struct Portal {
    /// The wired services.
    pub state: AppState,
    /// The time every command is issued at.
    pub clock: TestClock,
}

impl Portal {
    /// The service on `state` with a fresh test clock.
    pub fn new(state: AppState) -> Self {
        Self {
            state,
            clock: TestClock::default(),
        }
    }

    /// Commit metadata for `actor` acting now.
    pub fn as_actor(&self, actor: &Actor) -> CommitMetadata {
        CommitMetadata::new(Some(actor.clone()), self.clock.now())
    }

    /// Signs up an account holding `roles`; developers also complete a business profile.
    pub async fn person(&self, roles: &[Role]) -> Actor {
        let account_id = Uuid::now_v7();
        let roles: BTreeSet<Role> = roles.iter().copied().collect();
        let form = SignUpForm {
            first_name: "Ada".to_owned(),
            last_name: "Lovelace".to_owned(),
            email: format!("{}@example.org", account_id.simple()),
            password: "correct horse battery staple".to_owned(),
        };
        self.state
            .accounts
            .sign_up(
                &CommitMetadata::new(None, self.clock.now()),
                account_id,
                &form,
                roles.clone(),
            )
            .await
            .expect("sign up");
        let actor = Actor {
            account_id,
            roles: roles.clone(),
        };
        if roles.contains(&Role::Developer) {
            self.state
                .accounts
                .complete_profile(&self.as_actor(&actor), &business_profile())
                .await
                .expect("complete the vendor profile");
        }
        actor
    }

    /// A developer with a complete profile.
    pub async fn developer(&self) -> Actor {
        self.person(&[Role::Developer]).await
    }

    /// A reviewer.
    pub async fn reviewer(&self) -> Actor {
        self.person(&[Role::Reviewer]).await
    }

    /// An admin.
    pub async fn admin(&self) -> Actor {
        self.person(&[Role::Admin]).await
    }

    /// Starts an app named `name` for `developer` and saves every wizard step validly.
    pub async fn complete_draft(&self, developer: &Actor, name: &str) -> Uuid {
        let app_id = Uuid::now_v7();
        let apps = &self.state.app_registrations;
        apps.start_draft(&self.as_actor(developer), app_id, name)
            .await
            .expect("start the draft");
        for step in complete_steps() {
            apps.save_draft_step(&self.as_actor(developer), app_id, 1, step)
                .await
                .expect("save a step");
        }
        app_id
    }

    /// A complete draft of `name`, submitted: version 1 is in review.
    pub async fn submitted_app(&self, developer: &Actor, name: &str) -> Uuid {
        let app_id = self.complete_draft(developer, name).await;
        self.state
            .app_registrations
            .submit_version(&self.as_actor(developer), app_id, 1)
            .await
            .expect("submit version 1");
        app_id
    }
}

/// A complete, valid business vendor profile.
pub fn business_profile() -> VendorProfileInput {
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
}

/// Steps 2–8 filled in so that the draft passes every rule of S4.
pub fn complete_steps() -> Vec<WizardStep> {
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
            long_description: Some("A careful companion for home readings. ".repeat(8)),
        },
        WizardStep::Categories {
            audience: [Audience::Patient].into(),
            app_use: [AppUse::HealthAndTherapyManagement].into(),
            fhir_versions: [FhirVersion::R4].into(),
            compliance: BTreeSet::new(),
            authentication: AuthenticationInput {
                kind: Some(AuthenticationKind::Public),
                jwks_url: None,
                jwks: None,
            },
        },
        WizardStep::BulkTransfer { request_all: false },
        WizardStep::Scopes {
            scopes: Some("openid fhirUser launch/patient patient/Observation.rs".to_owned()),
            change_notes: Some("First release.".to_owned()),
        },
        WizardStep::ReviewerNotes { notes: None },
        WizardStep::Attestation {
            decision: Some(AttestationDecision {
                accepted: true,
                terms_version: None,
            }),
        },
    ]
}
