//! The portal's GraphQL operations, and the steps of its common journeys, for HTTP tests.

use std::collections::BTreeSet;

use api::commands::accounts::SignUpForm;
use api::event_log::CommitMetadata;
use base64::Engine;
use domain::values::role::Role;
use serde_json::{json, Value};
use uuid::Uuid;

use crate::http_client::{Client, TestServer};

/// The password every test account uses.
pub const PASSWORD: &str = "correct horse battery staple";

/// The fields of an app version the tests look at.
pub const VERSION_FIELDS: &str = "appId version name status isReRegistration newestMessage \
    statusReason clientId modifiedAt savedAt submittedAt attestationDeclined";

/// Signs in and returns a client carrying the session token.
pub async fn sign_in(server: &TestServer, email: &str) -> Client {
    let data = server
        .anonymous()
        .ok(
            "mutation($email: String!, $password: String!) { signIn(email: $email, password: $password) { token } }",
            json!({ "email": email, "password": PASSWORD }),
        )
        .await;
    let token = data["signIn"]["token"].as_str().expect("a token");
    server.anonymous().with_token(token)
}

/// Signs a developer up through the API, signs in and completes a business profile.
pub async fn developer(server: &TestServer) -> (Client, Uuid) {
    let email = format!("dev-{}@example.org", Uuid::new_v4().simple());
    server
        .anonymous()
        .ok(
            "mutation($input: SignUpInput!) { signUp(input: $input) { accepted } }",
            json!({ "input": {
                "firstName": "Grace", "lastName": "Hopper",
                "email": email, "password": PASSWORD
            }}),
        )
        .await;
    let client = sign_in(server, &email).await;
    let data = client
        .ok(
            "mutation($input: ProfileInput!) { completeProfile(input: $input) { id profileComplete } }",
            json!({ "input": profile() }),
        )
        .await;
    assert_eq!(data["completeProfile"]["profileComplete"], true);
    let id = data["completeProfile"]["id"]
        .as_str()
        .and_then(|id| id.parse().ok())
        .expect("an account id");
    (client, id)
}

/// Creates an account with `roles` the way `portico admin create` does, then signs it in.
pub async fn staff(server: &TestServer, roles: &[Role]) -> (Client, Uuid) {
    let email = format!("staff-{}@example.org", Uuid::new_v4().simple());
    let account_id = Uuid::now_v7();
    server
        .state
        .accounts
        .sign_up(
            &CommitMetadata::new(None, server.state.clock.now()),
            account_id,
            &SignUpForm {
                first_name: "Staff".to_owned(),
                last_name: "Member".to_owned(),
                email: email.clone(),
                password: PASSWORD.to_owned(),
            },
            roles.iter().copied().collect::<BTreeSet<Role>>(),
        )
        .await
        .expect("create the staff account");
    server
        .state
        .projections
        .wait_for_tail(std::time::Duration::from_secs(10))
        .await
        .expect("the read models catch up");
    (sign_in(server, &email).await, account_id)
}

/// A complete business vendor profile.
pub fn profile() -> Value {
    json!({
        "kind": "BUSINESS",
        "legalName": "Grace Hopper",
        "businessName": "Compilers Inc",
        "position": "Rear Admiral",
        "duns": "123456789",
        "addressLines": ["1 Navy Way"],
        "city": "Arlington",
        "region": "VA",
        "postalCode": "22201",
        "country": "US",
        "phoneNumbers": ["+1 703 555 0100"],
        "website": "https://compilers.example.com"
    })
}

/// The bytes of a 512×512 PNG header, enough for the portal's content checks.
pub fn icon_png_base64() -> String {
    let mut png = vec![
        0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n', 0, 0, 0, 13,
    ];
    png.extend_from_slice(b"IHDR");
    png.extend_from_slice(&512_u32.to_be_bytes());
    png.extend_from_slice(&512_u32.to_be_bytes());
    png.extend_from_slice(&[8, 6, 0, 0, 0, 0, 0, 0, 0]);
    png.extend_from_slice(&[0; 64]);
    base64::engine::general_purpose::STANDARD.encode(png)
}

/// Steps 2–8 filled in validly; `change_notes` for re-registrations.
pub fn complete_steps(change_notes: &str) -> Vec<Value> {
    vec![
        json!({ "links": {
            "platforms": ["WEB", "IOS"],
            "homepageUrl": "https://compilers.example.com/app",
            "privacyPolicyUrl": "https://compilers.example.com/privacy",
            "termsOfServiceUrl": "https://compilers.example.com/terms",
            "defaultRedirectUri": "https://compilers.example.com/callback",
            "additionalRedirectUris": ["com.example.compilers:/callback"]
        }}),
        json!({ "description": {
            "iconPngBase64": icon_png_base64(),
            "shortDescription": "Keeps track of your medication.",
            "longDescription": "A medication companion that reminds you and your carers. ".repeat(5)
        }}),
        json!({ "categories": {
            "audience": ["PATIENT"],
            "appUse": ["HEALTH_AND_THERAPY_MANAGEMENT"],
            "fhirVersions": ["R4"],
            "compliance": ["HIPAA"],
            "authenticationKind": "PUBLIC"
        }}),
        json!({ "bulkTransfer": { "requestAll": false } }),
        json!({ "scopes": {
            "scopes": "openid fhirUser launch/patient patient/MedicationRequest.rs",
            "changeNotes": change_notes
        }}),
        json!({ "reviewerNotes": { "notes": "Test account: demo / demo." } }),
        json!({ "attestation": { "accepted": true } }),
    ]
}

/// Starts a draft named `name` and returns its app id.
pub async fn start_draft(client: &Client, name: &str) -> Uuid {
    let data = client
        .ok(
            "mutation($name: String!) { startDraft(name: $name) { appId version status } }",
            json!({ "name": name }),
        )
        .await;
    data["startDraft"]["appId"]
        .as_str()
        .and_then(|id| id.parse().ok())
        .expect("an app id")
}

/// Saves `step` of `version`.
pub async fn save_step(client: &Client, app_id: Uuid, version: u32, step: Value) -> Value {
    client
        .ok(
            &format!(
                "mutation($appId: UUID!, $version: Int!, $step: WizardStepInput!) {{ \
                 saveDraftStep(appId: $appId, version: $version, step: $step) {{ {VERSION_FIELDS} }} }}"
            ),
            json!({ "appId": app_id, "version": version, "step": step }),
        )
        .await
}

/// Saves every step validly.
pub async fn fill_all_steps(client: &Client, app_id: Uuid, version: u32, change_notes: &str) {
    for step in complete_steps(change_notes) {
        save_step(client, app_id, version, step).await;
    }
}

/// Submits `version`.
pub async fn submit(client: &Client, app_id: Uuid, version: u32) -> Value {
    client
        .ok(
            &format!(
                "mutation($appId: UUID!, $version: Int!) {{ \
                 submitVersion(appId: $appId, version: $version) {{ {VERSION_FIELDS} }} }}"
            ),
            json!({ "appId": app_id, "version": version }),
        )
        .await
}

/// A submitted app named `name` (version 1 in review).
pub async fn submitted_app(client: &Client, name: &str) -> Uuid {
    let app_id = start_draft(client, name).await;
    fill_all_steps(client, app_id, 1, "").await;
    submit(client, app_id, 1).await;
    app_id
}

/// A reviewer's decision: `approveVersion` or `rejectVersion` (with a reason).
pub async fn decide(
    reviewer: &Client,
    app_id: Uuid,
    version: u32,
    reject_reason: Option<&str>,
) -> Value {
    match reject_reason {
        None => {
            reviewer
                .ok(
                    &format!(
                        "mutation($appId: UUID!, $version: Int!) {{ \
                         approveVersion(appId: $appId, version: $version) {{ {VERSION_FIELDS} }} }}"
                    ),
                    json!({ "appId": app_id, "version": version }),
                )
                .await
        }
        Some(reason) => {
            reviewer
                .ok(
                    &format!(
                        "mutation($appId: UUID!, $version: Int!, $reason: String!) {{ \
                         rejectVersion(appId: $appId, version: $version, reason: $reason) {{ {VERSION_FIELDS} }} }}"
                    ),
                    json!({ "appId": app_id, "version": version, "reason": reason }),
                )
                .await
        }
    }
}
