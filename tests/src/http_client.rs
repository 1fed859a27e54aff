//! Talking to a real Portico server over HTTP, as the portal and API clients do.

use std::net::SocketAddr;
use std::sync::Arc;

use api::clock::ManualClock;
use api::settings::Settings;
use api::AppState;
use serde_json::{json, Value};
use time::OffsetDateTime;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use crate::TestDb;

/// A Portico server on a free loopback port, over one test database, with a manual clock.
pub struct TestServer {
    /// Where it listens.
    pub address: SocketAddr,
    /// The clock every command and session sees; tests move it instead of sleeping.
    pub clock: Arc<ManualClock>,
    /// The wired services (for assertions that look below the API).
    pub state: AppState,
    /// The database, dropped with the server.
    pub db: TestDb,
    server: tokio::task::JoinHandle<()>,
}

impl TestServer {
    /// Starts a server with default settings.
    pub async fn start() -> Self {
        Self::start_with(Settings::default()).await
    }

    /// Starts a server with `settings`.
    pub async fn start_with(settings: Settings) -> Self {
        let db = TestDb::new().await;
        let clock = Arc::new(ManualClock::new(
            OffsetDateTime::from_unix_timestamp(1_796_000_000).expect("a valid time"),
        ));
        let state = AppState::with(db.pool.clone(), settings, clock.clone());
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("a free port");
        let address = listener.local_addr().expect("the bound address");
        let app = api::http::app(state.clone()).into_make_service_with_connect_info::<SocketAddr>();
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Self {
            address,
            clock,
            state,
            db,
            server,
        }
    }

    /// A client without a session.
    pub fn anonymous(&self) -> Client {
        Client {
            address: self.address,
            token: None,
        }
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// An HTTP client of the GraphQL API, signed in or not.
#[derive(Clone)]
pub struct Client {
    address: SocketAddr,
    /// The bearer token sent with every request, once signed in.
    pub token: Option<String>,
}

/// A raw HTTP response.
#[derive(Debug)]
pub struct HttpResponse {
    /// The status code.
    pub status: u16,
    /// Header lines as `name: value`, names lower-cased.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: String,
}

impl HttpResponse {
    /// The body as JSON.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or(Value::Null)
    }

    /// The first value of header `name`.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

impl Client {
    /// The same client presenting `token`.
    pub fn with_token(&self, token: impl Into<String>) -> Self {
        Self {
            address: self.address,
            token: Some(token.into()),
        }
    }

    /// POSTs a GraphQL operation and returns the whole JSON response (`data` and `errors`).
    pub async fn graphql(&self, query: &str, variables: Value) -> Value {
        let body = json!({ "query": query, "variables": variables }).to_string();
        self.request("POST", "/graphql", Some(("application/json", &body)), &[])
            .await
            .json()
    }

    /// Runs `query` and returns its `data`, failing the test on any error.
    pub async fn ok(&self, query: &str, variables: Value) -> Value {
        let response = self.graphql(query, variables).await;
        assert!(
            response.get("errors").is_none(),
            "unexpected errors for {query}: {response}"
        );
        response["data"].clone()
    }

    /// Runs `query` and returns the `extensions.code` of its first error, failing the test
    /// when it succeeds.
    pub async fn error_code(&self, query: &str, variables: Value) -> String {
        let response = self.graphql(query, variables).await;
        response["errors"][0]["extensions"]["code"]
            .as_str()
            .unwrap_or_else(|| panic!("expected an error for {query}: {response}"))
            .to_owned()
    }

    /// Sends one HTTP/1.1 request and reads the whole response.
    pub async fn request(
        &self,
        method: &str,
        path: &str,
        body: Option<(&str, &str)>,
        extra_headers: &[(&str, &str)],
    ) -> HttpResponse {
        let mut stream = TcpStream::connect(self.address)
            .await
            .expect("connect to the test server");
        let mut request =
            format!("{method} {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
        if let Some(token) = &self.token {
            request.push_str(&format!("Authorization: Bearer {token}\r\n"));
        }
        for (name, value) in extra_headers {
            request.push_str(&format!("{name}: {value}\r\n"));
        }
        let content = body.map_or("", |(_, content)| content);
        if let Some((content_type, content)) = body {
            request.push_str(&format!(
                "Content-Type: {content_type}\r\nContent-Length: {}\r\n",
                content.len()
            ));
        }
        request.push_str("\r\n");
        request.push_str(content);
        stream
            .write_all(request.as_bytes())
            .await
            .expect("send the request");
        let mut raw = Vec::new();
        stream
            .read_to_end(&mut raw)
            .await
            .expect("read the response");
        parse_response(&raw)
    }
}

fn parse_response(raw: &[u8]) -> HttpResponse {
    let text = String::from_utf8_lossy(raw);
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|line| line.split_whitespace().nth(1))
        .and_then(|code| code.parse().ok())
        .unwrap_or(0);
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(n, v)| (n.trim().to_lowercase(), v.trim().to_owned()))
        .collect();
    let chunked = headers
        .iter()
        .any(|(n, v)| n == "transfer-encoding" && v.contains("chunked"));
    let body = if chunked {
        dechunk(body)
    } else {
        body.to_owned()
    };
    HttpResponse {
        status,
        headers,
        body,
    }
}

fn dechunk(mut body: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = body.split_once("\r\n") {
        let Ok(size) = usize::from_str_radix(size.trim(), 16) else {
            break;
        };
        if size == 0 || rest.len() < size {
            break;
        }
        out.push_str(&rest[..size]);
        body = rest[size..].trim_start_matches("\r\n");
    }
    out
}
