//! What an attacker can do cheaply is bounded: sign-in bursts, sign-up floods, huge inputs,
//! uploads to other people's apps.

use api::settings::Settings;
use base64::Engine;
use domain::values::role::Role;
use serde_json::json;
use tests::http_client::TestServer;
use tests::journey::{developer, staff, start_draft, PASSWORD};

const SIGN_IN: &str =
    "mutation($email: String!, $password: String!) { signIn(email: $email, password: $password) { token } }";

#[tokio::test]
async fn a_burst_of_parallel_guesses_gets_no_more_tries_than_the_limit() {
    let server = TestServer::start().await;
    let mut guesses = Vec::new();
    for i in 0..20 {
        let client = server.anonymous();
        guesses.push(tokio::spawn(async move {
            client
                .error_code(
                    SIGN_IN,
                    json!({ "email": "victim@example.org", "password": format!("guess number {i:02}") }),
                )
                .await
        }));
    }
    let mut checked = 0;
    for guess in guesses {
        let code = guess.await.expect("the guess ran");
        assert!(
            matches!(code.as_str(), "INVALID_CREDENTIALS" | "THROTTLED"),
            "{code}"
        );
        checked += usize::from(code == "INVALID_CREDENTIALS");
    }
    assert_eq!(checked, 5, "only five passwords were actually checked");
}

#[tokio::test]
async fn an_email_that_cannot_exist_is_refused_without_error_or_work() {
    let server = TestServer::start().await;
    let code = server
        .anonymous()
        .error_code(
            SIGN_IN,
            json!({ "email": "x".repeat(5_000), "password": PASSWORD }),
        )
        .await;
    assert_eq!(code, "INVALID_CREDENTIALS");
}

#[tokio::test]
async fn sign_ups_from_one_network_are_limited() {
    let server = TestServer::start().await;
    let sign_up = "mutation($input: SignUpInput!) { signUp(input: $input) { accepted } }";
    let mut codes = Vec::new();
    for i in 0..11 {
        let response = server
            .anonymous()
            .graphql(
                sign_up,
                json!({ "input": {
                    "firstName": "Flood", "lastName": "Er",
                    "email": format!("flood{i}@example.org"), "password": PASSWORD
                }}),
            )
            .await;
        codes.push(
            response["errors"][0]["extensions"]["code"]
                .as_str()
                .map(str::to_owned),
        );
    }
    assert!(codes[..10].iter().all(Option::is_none), "{codes:?}");
    assert_eq!(codes[10].as_deref(), Some("THROTTLED"));
}

#[tokio::test]
async fn behind_a_trusted_proxy_clients_are_told_apart_by_the_forwarded_address() {
    let server = TestServer::start_with(Settings {
        client_address_header: Some("x-forwarded-for".to_owned()),
        ..Settings::default()
    })
    .await;
    let body = json!({ "query": SIGN_IN, "variables": { "email": "victim@example.org", "password": "wrong password!" } })
        .to_string();
    let attempt = |forwarded: &'static str| {
        let client = server.anonymous();
        let body = body.clone();
        async move {
            client
                .request(
                    "POST",
                    "/graphql",
                    Some(("application/json", &body)),
                    &[("X-Forwarded-For", forwarded)],
                )
                .await
                .json()["errors"][0]["extensions"]["code"]
                .as_str()
                .map(str::to_owned)
        }
    };
    for _ in 0..5 {
        attempt("198.51.100.7, 203.0.113.9").await;
    }
    assert_eq!(
        attempt("198.51.100.7, 203.0.113.9").await.as_deref(),
        Some("THROTTLED")
    );
    // The same user from another address (as the proxy saw it) is not locked out.
    assert_eq!(
        attempt("203.0.113.10").await.as_deref(),
        Some("INVALID_CREDENTIALS")
    );
}

#[tokio::test]
async fn a_huge_gallery_search_is_refused_as_invalid_input() {
    let server = TestServer::start().await;
    let response = server
        .anonymous()
        .graphql(
            "query($text: String) { gallery(filter: { text: $text }) { edges { cursor } } }",
            json!({ "text": "word ".repeat(1_000) }),
        )
        .await;
    assert_eq!(response["errors"][0]["extensions"]["code"], "VALIDATION");
    assert_eq!(
        response["errors"][0]["extensions"]["fields"][0]["field"],
        "filter.text"
    );
}

fn png_base64(width: u32, height: u32) -> String {
    let mut png = vec![
        0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n', 0, 0, 0, 13,
    ];
    png.extend_from_slice(b"IHDR");
    png.extend_from_slice(&width.to_be_bytes());
    png.extend_from_slice(&height.to_be_bytes());
    png.extend_from_slice(&[8, 6, 0, 0, 0, 0, 0, 0, 0]);
    base64::engine::general_purpose::STANDARD.encode(png)
}

async fn stored_files(server: &TestServer) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM stored_files")
        .fetch_one(&server.db.pool)
        .await
        .expect("count stored files")
}

#[tokio::test]
async fn icons_are_stored_only_for_the_owner_of_an_open_draft_and_only_when_valid() {
    let server = TestServer::start().await;
    let (owner, _) = developer(&server).await;
    let (stranger, _) = developer(&server).await;
    let (auditor, _) = staff(&server, &[Role::Auditor]).await;
    let app_id = start_draft(&owner, "Icon Owner").await;
    let save = "mutation($appId: UUID!, $step: WizardStepInput!) { saveDraftStep(appId: $appId, version: 1, step: $step) { savedAt } }";
    let step = |icon: String| json!({ "appId": app_id, "step": { "description": { "iconPngBase64": icon } } });

    assert_eq!(
        stranger.error_code(save, step(png_base64(512, 512))).await,
        "NOT_FOUND"
    );
    assert_eq!(
        auditor.error_code(save, step(png_base64(512, 512))).await,
        "NOT_FOUND"
    );
    let wrong_size = owner.graphql(save, step(png_base64(1024, 1024))).await;
    assert_eq!(wrong_size["errors"][0]["extensions"]["code"], "VALIDATION");
    assert_eq!(
        wrong_size["errors"][0]["extensions"]["fields"][0]["message"],
        "must be 512×512 pixels, this one is 1024×1024"
    );
    assert_eq!(stored_files(&server).await, 0, "nothing stored so far");

    owner.ok(save, step(png_base64(512, 512))).await;
    assert_eq!(stored_files(&server).await, 1);
}

#[tokio::test]
async fn a_body_over_the_limit_is_refused_before_it_is_parsed() {
    let server = TestServer::start().await;
    let huge = json!({ "query": "{ gallery { edges { cursor } } }", "variables": { "pad": "x".repeat(2 * 1024 * 1024 + 16 * 1024) } })
        .to_string();
    let response = server
        .anonymous()
        .request("POST", "/graphql", Some(("application/json", &huge)), &[])
        .await;
    assert_eq!(response.status, 413, "{}", response.body);
    assert_eq!(
        response.json()["errors"][0]["extensions"]["code"],
        "BAD_REQUEST"
    );
}
