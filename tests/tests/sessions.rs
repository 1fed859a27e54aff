//! Sessions and sign-in over HTTP (S2): timeouts on the injectable clock (never sleeping),
//! sign-out, the session cookie, disabling, throttling, and the transport rules of `/graphql`.

use std::net::{Ipv4Addr, SocketAddr};

use api::settings::Settings;
use domain::values::role::Role;
use serde_json::{json, Value};
use tests::http_client::{Client, HttpResponse, TestServer};
use tests::journey::{developer, staff, PASSWORD};
use time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use uuid::Uuid;

const ME: &str = "query { me { id email } }";
const SIGN_IN: &str = "mutation($email: String!, $password: String!) { \
    signIn(email: $email, password: $password) { token account { id } } }";
const SIGN_OUT: &str = "mutation { signOut }";

/// The error code `me` answers with, or `None` when it succeeds.
async fn me_code(client: &Client) -> Option<String> {
    let response = client.graphql(ME, json!({})).await;
    match response.get("errors") {
        None => {
            assert!(response["data"]["me"]["id"].is_string(), "{response}");
            None
        }
        Some(errors) => Some(
            errors[0]["extensions"]["code"]
                .as_str()
                .unwrap_or_else(|| panic!("an error without a code: {response}"))
                .to_owned(),
        ),
    }
}

/// The email address the client is signed in with.
async fn email_of(client: &Client) -> String {
    client.ok(ME, json!({})).await["me"]["email"]
        .as_str()
        .expect("an email")
        .to_owned()
}

/// The whole response to a sign-in attempt from the server's loopback address.
async fn sign_in_attempt(server: &TestServer, email: &str, password: &str) -> Value {
    server
        .anonymous()
        .graphql(SIGN_IN, json!({ "email": email, "password": password }))
        .await
}

/// Signs in (the attempt must succeed) and returns a client carrying the new token.
async fn signed_in(server: &TestServer, email: &str) -> Client {
    let response = sign_in_attempt(server, email, PASSWORD).await;
    let token = response["data"]["signIn"]["token"]
        .as_str()
        .unwrap_or_else(|| panic!("a sign-in for {email}: {response}"));
    server.anonymous().with_token(token)
}

fn first_error_code(response: &Value) -> &str {
    response["errors"][0]["extensions"]["code"]
        .as_str()
        .unwrap_or_else(|| panic!("expected an error with a code: {response}"))
}

/// A developer's client and email.
async fn a_developer(server: &TestServer) -> (Client, String) {
    let (client, _) = developer(server).await;
    let email = email_of(&client).await;
    (client, email)
}

/// POSTs a sign-in without a bearer token and returns the raw HTTP response.
async fn raw_sign_in(server: &TestServer, email: &str) -> HttpResponse {
    let body = json!({
        "query": SIGN_IN,
        "variables": { "email": email, "password": PASSWORD }
    })
    .to_string();
    server
        .anonymous()
        .request("POST", "/graphql", Some(("application/json", &body)), &[])
        .await
}

fn set_cookie(response: &HttpResponse) -> &str {
    response
        .header("set-cookie")
        .unwrap_or_else(|| panic!("a Set-Cookie header: {response:?}"))
}

fn cookie_attributes(cookie: &str) -> Vec<String> {
    cookie
        .split(';')
        .skip(1)
        .map(|attribute| attribute.trim().to_ascii_lowercase())
        .collect()
}

/// Percent-encodes a query-string value.
fn url_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Sends a sign-in from `source` (another loopback address) and returns the JSON answer.
async fn sign_in_from(server: &TestServer, source: Ipv4Addr, email: &str, password: &str) -> Value {
    let body = json!({
        "query": SIGN_IN,
        "variables": { "email": email, "password": password }
    })
    .to_string();
    let socket = tokio::net::TcpSocket::new_v4().expect("a socket");
    socket
        .bind(SocketAddr::new(source.into(), 0))
        .expect("bind to the other loopback address");
    let mut stream = socket
        .connect(server.address)
        .await
        .expect("connect from the other loopback address");
    let request = format!(
        "POST /graphql HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream
        .write_all(request.as_bytes())
        .await
        .expect("send the request");
    let mut raw = Vec::new();
    stream
        .read_to_end(&mut raw)
        .await
        .expect("read the response");
    let text = String::from_utf8_lossy(&raw);
    let (head, body) = text.split_once("\r\n\r\n").expect("a complete response");
    assert!(
        !head
            .to_ascii_lowercase()
            .contains("transfer-encoding: chunked"),
        "expected a response with a length: {head}"
    );
    serde_json::from_str(body).unwrap_or_else(|e| panic!("JSON ({e}): {body}"))
}

#[tokio::test]
async fn a_session_used_every_59_minutes_stays_alive() {
    let server = TestServer::start().await;
    let (client, _) = a_developer(&server).await;
    for hour in 1..=8 {
        server.clock.advance(Duration::minutes(59));
        assert_eq!(
            me_code(&client).await,
            None,
            "used again after 59 idle minutes (round {hour})"
        );
    }
}

#[tokio::test]
async fn sixty_idle_minutes_expire_the_session_and_it_stays_expired() {
    let server = TestServer::start().await;
    let (client, _) = a_developer(&server).await;
    server.clock.advance(Duration::minutes(59));
    assert_eq!(me_code(&client).await, None);

    server.clock.advance(Duration::minutes(60));
    assert_eq!(me_code(&client).await.as_deref(), Some("SESSION_EXPIRED"));
    // Asking again does not revive it, nor does any other operation.
    assert_eq!(me_code(&client).await.as_deref(), Some("SESSION_EXPIRED"));
    assert_eq!(
        client
            .error_code(
                "query { myDrafts(first: 5) { nodes { appId } } }",
                json!({})
            )
            .await,
        "SESSION_EXPIRED"
    );
    server.clock.advance(Duration::minutes(1));
    assert_eq!(me_code(&client).await.as_deref(), Some("SESSION_EXPIRED"));
}

#[tokio::test]
async fn the_absolute_twelve_hour_lifetime_expires_even_an_active_session() {
    let server = TestServer::start().await;
    let (client, _) = a_developer(&server).await;
    let mut elapsed = Duration::ZERO;
    loop {
        server.clock.advance(Duration::minutes(55));
        elapsed += Duration::minutes(55);
        let code = me_code(&client).await;
        if elapsed < Duration::hours(12) {
            assert_eq!(code, None, "still within 12 hours after {elapsed}");
        } else {
            assert_eq!(
                code.as_deref(),
                Some("SESSION_EXPIRED"),
                "past 12 hours after {elapsed}"
            );
            break;
        }
    }
    assert_eq!(elapsed, Duration::minutes(14 * 55));
    assert_eq!(me_code(&client).await.as_deref(), Some("SESSION_EXPIRED"));
}

#[tokio::test]
async fn a_configured_idle_timeout_is_honoured() {
    let server = TestServer::start_with(Settings {
        session_idle_timeout: Duration::minutes(5),
        ..Default::default()
    })
    .await;
    let (client, _) = a_developer(&server).await;
    server.clock.advance(Duration::minutes(4));
    assert_eq!(me_code(&client).await, None);
    server.clock.advance(Duration::minutes(4));
    assert_eq!(
        me_code(&client).await,
        None,
        "each use renews the idle timeout"
    );
    server.clock.advance(Duration::minutes(5));
    assert_eq!(me_code(&client).await.as_deref(), Some("SESSION_EXPIRED"));
}

#[tokio::test]
async fn signing_out_ends_the_session_on_the_server() {
    let server = TestServer::start().await;
    let (client, _) = a_developer(&server).await;
    assert_eq!(me_code(&client).await, None);

    let body = json!({ "query": SIGN_OUT }).to_string();
    let response = client
        .request("POST", "/graphql", Some(("application/json", &body)), &[])
        .await;
    assert_eq!(response.json()["data"]["signOut"], true, "{response:?}");
    let cleared = set_cookie(&response);
    assert!(cleared.starts_with("portico_session=;"), "{cleared}");
    assert!(
        cookie_attributes(cleared).contains(&"max-age=0".to_owned()),
        "{cleared}"
    );

    // The token is dead on the server, whatever the client keeps: a plain UNAUTHENTICATED,
    // not the time-out message.
    assert_eq!(me_code(&client).await.as_deref(), Some("UNAUTHENTICATED"));
    let token = client.token.clone().expect("a token");
    let by_cookie = server
        .anonymous()
        .request(
            "GET",
            &format!("/graphql?query={}", url_encode(ME)),
            None,
            &[("Cookie", &format!("portico_session={token}"))],
        )
        .await;
    assert_eq!(first_error_code(&by_cookie.json()), "UNAUTHENTICATED");
    // Even after the idle timeout would have passed, it stays UNAUTHENTICATED.
    server.clock.advance(Duration::minutes(61));
    assert_eq!(me_code(&client).await.as_deref(), Some("UNAUTHENTICATED"));
}

#[tokio::test]
async fn each_sign_in_issues_a_new_token_and_sessions_end_independently() {
    let server = TestServer::start().await;
    let (_, email) = a_developer(&server).await;
    let first = signed_in(&server, &email).await;
    let second = signed_in(&server, &email).await;
    let (first_token, second_token) = (
        first.token.clone().expect("a token"),
        second.token.clone().expect("a token"),
    );
    assert_ne!(first_token, second_token);
    for token in [&first_token, &second_token] {
        // At least 128 random bits, hex-encoded.
        assert!(token.len() >= 32, "{token}");
        assert!(token.chars().all(|c| c.is_ascii_hexdigit()), "{token}");
    }
    assert_eq!(me_code(&first).await, None);
    assert_eq!(me_code(&second).await, None);

    first.ok(SIGN_OUT, json!({})).await;
    assert_eq!(me_code(&first).await.as_deref(), Some("UNAUTHENTICATED"));
    assert_eq!(me_code(&second).await, None, "the other session lives on");
}

#[tokio::test]
async fn signing_in_sets_an_http_only_same_site_lax_secure_cookie() {
    let server = TestServer::start().await;
    let (_, email) = a_developer(&server).await;
    let response = raw_sign_in(&server, &email).await;
    assert_eq!(response.status, 200);
    let token = response.json()["data"]["signIn"]["token"]
        .as_str()
        .expect("a token")
        .to_owned();
    let cookie = set_cookie(&response);
    assert!(
        cookie.starts_with(&format!("portico_session={token};")),
        "{cookie}"
    );
    let attributes = cookie_attributes(cookie);
    for expected in ["httponly", "samesite=lax", "secure"] {
        assert!(
            attributes.iter().any(|a| a == expected),
            "{expected} missing in {cookie}"
        );
    }
}

#[tokio::test]
async fn the_secure_cookie_flag_can_be_turned_off_for_plain_http_development() {
    let server = TestServer::start_with(Settings {
        cookie_secure: false,
        ..Default::default()
    })
    .await;
    let (_, email) = a_developer(&server).await;
    let response = raw_sign_in(&server, &email).await;
    let cookie = set_cookie(&response);
    let attributes = cookie_attributes(cookie);
    assert!(cookie.starts_with("portico_session="), "{cookie}");
    assert!(attributes.iter().any(|a| a == "httponly"), "{cookie}");
    assert!(attributes.iter().any(|a| a == "samesite=lax"), "{cookie}");
    assert!(!attributes.iter().any(|a| a == "secure"), "{cookie}");
}

#[tokio::test]
async fn the_session_cookie_alone_authenticates_without_a_bearer_token() {
    let server = TestServer::start().await;
    let (_, email) = a_developer(&server).await;
    let response = raw_sign_in(&server, &email).await;
    let cookie = set_cookie(&response)
        .split(';')
        .next()
        .expect("name=value")
        .to_owned();

    let anonymous = server.anonymous();
    assert!(anonymous.token.is_none());
    let body = json!({ "query": ME }).to_string();
    let with_cookie = anonymous
        .request(
            "POST",
            "/graphql",
            Some(("application/json", &body)),
            &[("Cookie", &format!("theme=dark; {cookie}"))],
        )
        .await;
    assert_eq!(
        with_cookie.json()["data"]["me"]["email"],
        email.as_str(),
        "{with_cookie:?}"
    );
    let without_cookie = anonymous
        .request("POST", "/graphql", Some(("application/json", &body)), &[])
        .await;
    assert_eq!(first_error_code(&without_cookie.json()), "UNAUTHENTICATED");
}

#[tokio::test]
async fn disabling_an_account_ends_all_its_sessions_at_once() {
    let server = TestServer::start().await;
    let (admin, _) = staff(&server, &[Role::Admin]).await;
    let (first, account_id) = developer(&server).await;
    let email = email_of(&first).await;
    let second = signed_in(&server, &email).await;
    let (bystander, _) = a_developer(&server).await;
    assert_eq!(me_code(&first).await, None);
    assert_eq!(me_code(&second).await, None);

    let data = admin
        .ok(
            "mutation($id: UUID!) { disableAccount(accountId: $id) { id disabled } }",
            json!({ "id": account_id }),
        )
        .await;
    assert_eq!(data["disableAccount"]["disabled"], true);

    assert_eq!(me_code(&first).await.as_deref(), Some("UNAUTHENTICATED"));
    assert_eq!(me_code(&second).await.as_deref(), Some("UNAUTHENTICATED"));
    assert_eq!(
        first
            .error_code(
                "mutation($name: String!) { startDraft(name: $name) { appId } }",
                json!({ "name": "Never Started" }),
            )
            .await,
        "UNAUTHENTICATED"
    );
    // No new session either.
    let again = sign_in_attempt(&server, &email, PASSWORD).await;
    assert_eq!(first_error_code(&again), "ACCOUNT_DISABLED", "{again}");
    assert!(again["data"].is_null(), "{again}");
    // Other accounts are not affected.
    assert_eq!(me_code(&bystander).await, None);
    assert_eq!(me_code(&admin).await, None);
}

#[tokio::test]
async fn a_wrong_password_answers_identically_for_an_unknown_and_a_known_email() {
    let server = TestServer::start().await;
    let (_, known) = a_developer(&server).await;
    let unknown = format!("nobody-{}@example.org", Uuid::new_v4().simple());

    let for_known = sign_in_attempt(&server, &known, "not the right password at all").await;
    let for_unknown = sign_in_attempt(&server, &unknown, "not the right password at all").await;
    assert_eq!(first_error_code(&for_known), "INVALID_CREDENTIALS");
    assert_eq!(first_error_code(&for_unknown), "INVALID_CREDENTIALS");
    assert_eq!(
        for_known["errors"][0]["message"],
        for_unknown["errors"][0]["message"]
    );
    assert_eq!(
        for_known["errors"][0]["extensions"],
        for_unknown["errors"][0]["extensions"]
    );
    assert_eq!(for_known["data"], for_unknown["data"]);
    // The right password for the unknown email's sake: still the same answer.
    let unknown_right = sign_in_attempt(&server, &unknown, PASSWORD).await;
    assert_eq!(
        unknown_right["errors"][0]["message"],
        for_known["errors"][0]["message"]
    );
    assert_eq!(first_error_code(&unknown_right), "INVALID_CREDENTIALS");
}

#[tokio::test]
async fn five_failures_throttle_sign_in_even_with_the_right_password_until_the_window_passes() {
    let server = TestServer::start().await;
    let (_, email) = a_developer(&server).await;
    for attempt in 1..=5 {
        let response = sign_in_attempt(&server, &email, "a wrong password, again").await;
        assert_eq!(
            first_error_code(&response),
            "INVALID_CREDENTIALS",
            "attempt {attempt}: {response}"
        );
    }

    let throttled = sign_in_attempt(&server, &email, PASSWORD).await;
    assert_eq!(first_error_code(&throttled), "THROTTLED", "{throttled}");
    assert!(throttled["data"].is_null(), "no token: {throttled}");
    let retry_after = throttled["errors"][0]["extensions"]["retryAfterSeconds"]
        .as_i64()
        .unwrap_or_else(|| panic!("retryAfterSeconds: {throttled}"));
    assert!((1..=15 * 60).contains(&retry_after), "{retry_after}");

    server.clock.advance(Duration::minutes(14));
    let still = sign_in_attempt(&server, &email, PASSWORD).await;
    assert_eq!(first_error_code(&still), "THROTTLED", "{still}");

    server.clock.advance(Duration::minutes(2));
    let through = sign_in_attempt(&server, &email, PASSWORD).await;
    assert!(through.get("errors").is_none(), "{through}");
    assert!(through["data"]["signIn"]["token"].is_string(), "{through}");
}

#[tokio::test]
async fn failures_for_one_email_do_not_throttle_another_email_or_another_address() {
    let server = TestServer::start().await;
    let (_, victim) = a_developer(&server).await;
    let (_, neighbour) = a_developer(&server).await;
    for _ in 0..5 {
        sign_in_attempt(&server, &victim, "an attacker's guess here").await;
    }
    let from_attacker = sign_in_attempt(&server, &victim, PASSWORD).await;
    assert_eq!(first_error_code(&from_attacker), "THROTTLED");

    // Another account from the same address is not locked.
    let neighbour_in = sign_in_attempt(&server, &neighbour, PASSWORD).await;
    assert!(neighbour_in.get("errors").is_none(), "{neighbour_in}");

    // The real user, elsewhere, is not locked out by the attacker's failures.
    let from_elsewhere =
        sign_in_from(&server, Ipv4Addr::new(127, 0, 0, 2), &victim, PASSWORD).await;
    assert!(from_elsewhere.get("errors").is_none(), "{from_elsewhere}");
    assert!(from_elsewhere["data"]["signIn"]["token"].is_string());
}

#[tokio::test]
async fn mutations_by_get_are_refused_with_405_while_queries_by_get_work() {
    let server = TestServer::start().await;
    let (client, email) = a_developer(&server).await;

    let query = client
        .request(
            "GET",
            &format!("/graphql?query={}", url_encode(ME)),
            None,
            &[],
        )
        .await;
    assert_eq!(query.status, 200, "{query:?}");
    assert_eq!(query.json()["data"]["me"]["email"], email.as_str());

    let mutation = client
        .request(
            "GET",
            &format!("/graphql?query={}", url_encode(SIGN_OUT)),
            None,
            &[],
        )
        .await;
    assert_eq!(mutation.status, 405, "{mutation:?}");
    assert!(mutation.json()["data"].is_null(), "{mutation:?}");
    assert_eq!(me_code(&client).await, None, "the GET sign-out did nothing");

    // Also when the mutation hides behind an operation name in a multi-operation document.
    let document = format!("query Q {{ me {{ id }} }} {SIGN_OUT}");
    let hidden = client
        .request(
            "GET",
            &format!(
                "/graphql?query={}&operationName=Q",
                url_encode(&document.replace("mutation {", "mutation M {"))
            ),
            None,
            &[],
        )
        .await;
    assert_eq!(hidden.status, 405, "{hidden:?}");
    assert_eq!(me_code(&client).await, None);
}

#[tokio::test]
async fn a_post_that_is_not_json_is_refused_with_415() {
    let server = TestServer::start().await;
    let (client, _) = a_developer(&server).await;
    let form = format!("query={}", url_encode(SIGN_OUT));
    for content_type in [
        "application/x-www-form-urlencoded",
        "text/plain",
        "multipart/form-data; boundary=x",
    ] {
        let response = client
            .request("POST", "/graphql", Some((content_type, &form)), &[])
            .await;
        assert_eq!(response.status, 415, "{content_type}: {response:?}");
    }
    assert_eq!(me_code(&client).await, None, "no form post signed out");

    let json_body = json!({ "query": ME }).to_string();
    let accepted = client
        .request(
            "POST",
            "/graphql",
            Some(("application/json", &json_body)),
            &[],
        )
        .await;
    assert_eq!(accepted.status, 200);
}

fn aliased_typenames(count: usize) -> String {
    let fields: Vec<String> = (0..count).map(|i| format!("a{i}: __typename")).collect();
    format!("query {{ {} }}", fields.join(" "))
}

#[tokio::test]
async fn a_query_with_more_than_thirty_aliases_is_refused() {
    let server = TestServer::start().await;
    let anonymous = server.anonymous();

    let thirty = anonymous.ok(&aliased_typenames(30), json!({})).await;
    assert_eq!(thirty["a29"], "Query");

    let body = json!({ "query": aliased_typenames(31) }).to_string();
    let refused = anonymous
        .request("POST", "/graphql", Some(("application/json", &body)), &[])
        .await;
    assert_eq!(refused.status, 400, "{refused:?}");
    let answer = refused.json();
    assert_eq!(first_error_code(&answer), "BAD_REQUEST");
    assert!(answer["data"].is_null(), "{answer}");

    // Aliases hidden in fragments count too.
    let fields: Vec<String> = (0..31).map(|i| format!("b{i}: __typename")).collect();
    let fragment = format!(
        "query {{ ...F }} fragment F on Query {{ {} }}",
        fields.join(" ")
    );
    assert_eq!(
        anonymous.error_code(&fragment, json!({})).await,
        "BAD_REQUEST"
    );
}

/// `__type { fields { type { ofType … } } }`, `depth` fields deep.
fn nested_query(depth: usize) -> String {
    assert!(depth >= 4);
    let of_types = depth - 3;
    format!(
        "query {{ __type(name: \"Query\") {{ fields {{ type {{ {} name {} }} }} }} }}",
        "ofType { ".repeat(of_types - 1),
        "} ".repeat(of_types - 1)
    )
}

#[tokio::test]
async fn a_too_deep_query_is_refused() {
    let server = TestServer::start().await;
    let anonymous = server.anonymous();

    let deep_enough = anonymous.graphql(&nested_query(12), json!({})).await;
    assert!(deep_enough.get("errors").is_none(), "{deep_enough}");
    assert!(deep_enough["data"]["__type"]["fields"].is_array());

    let too_deep = anonymous.graphql(&nested_query(13), json!({})).await;
    let errors = too_deep["errors"]
        .as_array()
        .unwrap_or_else(|| panic!("refused: {too_deep}"));
    assert!(
        errors[0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("nested too deep")),
        "{too_deep}"
    );
    assert!(too_deep["data"].is_null(), "{too_deep}");
}
