//! The whole journey of S4–S7 through HTTP, as the portal drives it.

use domain::values::role::Role;
use serde_json::{json, Value};
use tests::http_client::{Client, TestServer};
use tests::journey::{
    decide, developer, fill_all_steps, save_step, staff, start_draft, submit, VERSION_FIELDS,
};
use uuid::Uuid;

async fn finished(client: &Client) -> Vec<Value> {
    let data = client
        .ok(
            &format!(
                "{{ myRegistrations(first: 50) {{ edges {{ node {{ {VERSION_FIELDS} }} }} }} }}"
            ),
            json!({}),
        )
        .await;
    nodes(&data["myRegistrations"])
}

async fn drafts(client: &Client) -> Vec<Value> {
    let data = client
        .ok(
            &format!("{{ myDrafts(first: 50) {{ edges {{ node {{ {VERSION_FIELDS} }} }} }} }}"),
            json!({}),
        )
        .await;
    nodes(&data["myDrafts"])
}

fn nodes(connection: &Value) -> Vec<Value> {
    connection["edges"]
        .as_array()
        .map(|edges| edges.iter().map(|e| e["node"].clone()).collect())
        .unwrap_or_default()
}

fn row(rows: &[Value], version: u64) -> &Value {
    rows.iter()
        .find(|r| r["version"] == version)
        .unwrap_or_else(|| panic!("no version {version} in {rows:?}"))
}

async fn gallery(client: &Client) -> Vec<Value> {
    let data = client
        .ok(
            "{ gallery { edges { node { appId version name attestationWarning longDescriptionHtml } } } }",
            json!({}),
        )
        .await;
    nodes(&data["gallery"])
}

#[tokio::test]
async fn a_developer_registers_is_rejected_re_registers_and_goes_live_twice() {
    let server = TestServer::start().await;
    let (developer, _) = developer(&server).await;
    let (reviewer, _) = staff(&server, &[Role::Reviewer]).await;

    // A draft saved step by step.
    let app_id = start_draft(&developer, "Medication Buddy").await;
    let listed = drafts(&developer).await;
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["name"], "Medication Buddy");
    assert_eq!(listed[0]["isReRegistration"], false);
    assert!(finished(&developer).await.is_empty());
    fill_all_steps(&developer, app_id, 1, "").await;
    let opened = developer
        .ok(
            "query($appId: UUID!) { appVersion(appId: $appId, version: 1) { data { homepageUrl scopes attestationAccepted icon { width height } } } }",
            json!({ "appId": app_id }),
        )
        .await;
    assert_eq!(
        opened["appVersion"]["data"]["homepageUrl"], "https://compilers.example.com/app",
        "the last saved data comes back"
    );
    assert_eq!(opened["appVersion"]["data"]["icon"]["width"], 512);

    // Submitted: in review, out of the drafts, with a client id.
    let submitted = submit(&developer, app_id, 1).await;
    assert_eq!(submitted["submitVersion"]["status"], "IN_REVIEW");
    let client_id = submitted["submitVersion"]["clientId"].clone();
    assert!(client_id.is_string());
    assert!(drafts(&developer).await.is_empty());
    assert_eq!(finished(&developer).await.len(), 1);
    let queue = reviewer
        .ok(
            "{ reviewQueue { edges { node { appId version status } } } }",
            json!({}),
        )
        .await;
    assert_eq!(nodes(&queue["reviewQueue"]).len(), 1);

    // Rejected with a reason: the developer sees it as the newest message.
    decide(
        &reviewer,
        app_id,
        1,
        Some("The privacy policy page is empty."),
    )
    .await;
    let rows = finished(&developer).await;
    assert_eq!(row(&rows, 1)["status"], "REJECTED");
    assert_eq!(
        row(&rows, 1)["newestMessage"],
        "Version 1 was rejected: The privacy policy page is empty."
    );

    // Re-registered: a draft of version 2 filled from version 1, name fixed.
    let reregistered = developer
        .ok(
            &format!("mutation($appId: UUID!) {{ startReRegistration(appId: $appId, fromVersion: 1) {{ {VERSION_FIELDS} data {{ homepageUrl }} }} }}"),
            json!({ "appId": app_id }),
        )
        .await;
    assert_eq!(reregistered["startReRegistration"]["version"], 2);
    assert_eq!(
        reregistered["startReRegistration"]["data"]["homepageUrl"],
        "https://compilers.example.com/app"
    );
    let listed = drafts(&developer).await;
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["isReRegistration"], true);
    let again = developer
        .graphql(
            "mutation($appId: UUID!) { startReRegistration(appId: $appId, fromVersion: 1) { version } }",
            json!({ "appId": app_id }),
        )
        .await;
    assert_eq!(
        again["errors"][0]["extensions"]["code"],
        "REREGISTRATION_DRAFT_EXISTS"
    );
    assert_eq!(again["errors"][0]["extensions"]["version"], "2");
    let renamed = developer
        .graphql(
            "mutation($appId: UUID!) { renameDraft(appId: $appId, name: \"Other Name\") { name } }",
            json!({ "appId": app_id }),
        )
        .await;
    assert_eq!(renamed["errors"][0]["extensions"]["code"], "NAME_FIXED");

    // Version 2 needs change notes and a fresh attestation.
    let refused = developer
        .graphql(
            "mutation($appId: UUID!) { submitVersion(appId: $appId, version: 2) { status } }",
            json!({ "appId": app_id }),
        )
        .await;
    assert_eq!(refused["errors"][0]["extensions"]["code"], "VALIDATION");
    let fields: Vec<&str> = refused["errors"][0]["extensions"]["fields"]
        .as_array()
        .map(|f| f.iter().filter_map(|e| e["field"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(fields, ["changeNotes", "attestation"]);
    fill_all_steps(&developer, app_id, 2, "Filled in the privacy policy.").await;
    let submitted = submit(&developer, app_id, 2).await;
    assert_eq!(
        submitted["submitVersion"]["clientId"], client_id,
        "one client id for all versions"
    );

    // Version 2 approved: live, in the gallery.
    let approved = decide(&reviewer, app_id, 2, None).await;
    assert_eq!(approved["approveVersion"]["status"], "LIVE");
    let listed = gallery(&server.anonymous()).await;
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["version"], 2);
    assert_eq!(listed[0]["name"], "Medication Buddy");
    assert!(listed[0]["longDescriptionHtml"]
        .as_str()
        .is_some_and(|html| html.starts_with("<p>A medication companion")));

    // Version 3 approved: version 2 retired in the same step.
    developer
        .ok(
            "mutation($appId: UUID!) { startReRegistration(appId: $appId, fromVersion: 2) { version } }",
            json!({ "appId": app_id }),
        )
        .await;
    fill_all_steps(&developer, app_id, 3, "Dark mode.").await;
    submit(&developer, app_id, 3).await;
    decide(&reviewer, app_id, 3, None).await;
    let rows = finished(&developer).await;
    assert_eq!(rows.len(), 3);
    assert_eq!(
        rows.iter()
            .map(|r| r["version"].clone())
            .collect::<Vec<_>>(),
        [json!(3), json!(2), json!(1)],
        "newest first"
    );
    assert_eq!(row(&rows, 3)["status"], "LIVE");
    assert_eq!(row(&rows, 2)["status"], "RETIRED");
    assert_eq!(row(&rows, 1)["status"], "REJECTED");
    assert!(drafts(&developer).await.is_empty());
    let listed = gallery(&server.anonymous()).await;
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["version"], 3);

    // The messages tell the story oldest first.
    let messages = developer
        .ok(
            "query($appId: UUID!) { messages(appId: $appId, first: 50) { edges { node { body system } } } }",
            json!({ "appId": app_id }),
        )
        .await;
    let bodies: Vec<String> = nodes(&messages["messages"])
        .iter()
        .filter_map(|m| m["body"].as_str().map(str::to_owned))
        .collect();
    assert_eq!(
        bodies.first().map(String::as_str),
        Some("Version 1 was submitted for review.")
    );
    assert!(bodies.contains(&"Version 2 was retired: version 3 is live.".to_owned()));
}

#[tokio::test]
async fn submitting_an_empty_draft_lists_every_missing_field_at_once() {
    let server = TestServer::start().await;
    let (developer, _) = developer(&server).await;
    let app_id = start_draft(&developer, "Half Done").await;
    save_step(
        &developer,
        app_id,
        1,
        json!({ "links": { "platforms": ["WEB"], "homepageUrl": "http://insecure.example.com" } }),
    )
    .await;

    let response = developer
        .graphql(
            "mutation($appId: UUID!) { submitVersion(appId: $appId, version: 1) { status } }",
            json!({ "appId": app_id }),
        )
        .await;

    let error = &response["errors"][0];
    assert_eq!(error["extensions"]["code"], "VALIDATION");
    let fields: Vec<(String, String)> = error["extensions"]["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .map(|f| {
            (
                f["field"].as_str().unwrap_or_default().to_owned(),
                f["message"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    let names: Vec<&str> = fields.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(
        names,
        [
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
    assert_eq!(fields[0].1, "must be an absolute https URL");
    // Nothing changed: still a draft.
    let listed = developer
        .ok(
            "{ myDrafts { edges { node { appId status } } } }",
            json!({}),
        )
        .await;
    assert_eq!(nodes(&listed["myDrafts"]).len(), 1);
}

#[tokio::test]
async fn a_disguised_icon_is_refused_with_the_field_named_and_nothing_saved() {
    let server = TestServer::start().await;
    let (developer, _) = developer(&server).await;
    let app_id = start_draft(&developer, "Icon Test").await;
    let response = developer
        .graphql(
            "mutation($appId: UUID!, $step: WizardStepInput!) { saveDraftStep(appId: $appId, version: 1, step: $step) { savedAt } }",
            json!({ "appId": app_id, "step": { "description": {
                "iconPngBase64": "R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"
            }}}),
        )
        .await;
    assert_eq!(response["errors"][0]["extensions"]["code"], "VALIDATION");
    assert_eq!(
        response["errors"][0]["extensions"]["fields"][0]["field"],
        "iconPngBase64"
    );
    assert_eq!(
        response["errors"][0]["extensions"]["fields"][0]["message"],
        "must be a PNG image"
    );
}

#[tokio::test]
async fn the_app_name_rules_answer_with_s4s_messages() {
    let server = TestServer::start().await;
    let (alice, _) = developer(&server).await;
    let (bob, _) = developer(&server).await;
    start_draft(&alice, "Pill Reminder").await;

    let in_progress = bob
        .graphql(
            "mutation { startDraft(name: \"pill  reminder\") { appId } }",
            json!({}),
        )
        .await;
    assert_eq!(
        in_progress["errors"][0]["extensions"]["code"],
        "DRAFT_NAME_IN_PROGRESS"
    );
    assert_eq!(
        in_progress["errors"][0]["message"],
        "Draft registration with name pill reminder is in progress"
    );
    let too_short = bob
        .graphql("mutation { startDraft(name: \"ab\") { appId } }", json!({}))
        .await;
    assert_eq!(
        too_short["errors"][0]["extensions"]["fields"][0]["field"],
        "name"
    );
    let unknown = bob
        .graphql(
            "mutation($appId: UUID!) { deleteDraft(appId: $appId, version: 1) }",
            json!({ "appId": Uuid::now_v7() }),
        )
        .await;
    assert_eq!(unknown["errors"][0]["extensions"]["code"], "NOT_FOUND");
}

#[tokio::test]
async fn a_draft_shows_what_was_typed_and_a_submitted_version_what_was_checked() {
    let server = TestServer::start().await;
    let (developer, _) = developer(&server).await;
    let app_id = start_draft(&developer, "Typed Or Checked").await;
    fill_all_steps(&developer, app_id, 1, "").await;
    save_step(
        &developer,
        app_id,
        1,
        json!({ "links": {
            "platforms": ["WEB"],
            "homepageUrl": "https://Compilers.Example.com",
            "privacyPolicyUrl": "https://compilers.example.com/privacy",
            "termsOfServiceUrl": "https://compilers.example.com/terms",
            "defaultRedirectUri": "https://compilers.example.com/callback"
        }}),
    )
    .await;
    let read = |client: &Client| {
        let client = client.clone();
        async move {
            client
                .ok(
                    "query($appId: UUID!) { appVersion(appId: $appId, version: 1) { data { homepageUrl attestationAccepted } } }",
                    json!({ "appId": app_id }),
                )
                .await["appVersion"]["data"]
                .clone()
        }
    };
    assert_eq!(
        read(&developer).await["homepageUrl"],
        "https://Compilers.Example.com"
    );

    submit(&developer, app_id, 1).await;

    let data = read(&developer).await;
    assert_eq!(data["homepageUrl"], "https://compilers.example.com/");
    assert_eq!(data["attestationAccepted"], true);
}
