//! The HTTP router: GraphQL (queries by GET or POST, mutations by POST only), GraphiQL, files,
//! health and readiness.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use async_graphql::parser::types::{DocumentOperations, OperationType, Selection, SelectionSet};
use async_graphql::ServerError;
use async_graphql_axum::GraphQLResponse;
use axum::extract::{ConnectInfo, DefaultBodyLimit, Path, Request, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use domain::actor::Actor;
use projections::read_models::accounts;
use tracing::Instrument;
use uuid::Uuid;

use crate::auth::AuthError;
use crate::graphql::{build_schema, Caller, PorticoSchema, MAX_ALIASES};
use crate::AppState;

/// The name of the session cookie.
pub const SESSION_COOKIE: &str = "portico_session";

#[derive(Clone)]
struct HttpState {
    app: AppState,
    schema: PorticoSchema,
}

/// The service's router, usable without a socket in tests.
pub fn app(state: AppState) -> Router {
    let max_body = state.settings.max_body_bytes;
    let graphiql = state.settings.graphiql;
    let http_state = HttpState {
        schema: build_schema(state.clone()),
        app: state,
    };
    let mut router = Router::new()
        .route("/graphql", get(graphql_get).post(graphql_post))
        .route("/files/{sha256}", get(file))
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz));
    if graphiql {
        router = router.route("/graphiql", get(graphiql_page));
    }
    router
        .layer(DefaultBodyLimit::max(max_body))
        .with_state(http_state)
}

/// The process is up.
async fn healthz() -> &'static str {
    "ok"
}

/// The process can serve: the database answers and the read models have caught up.
async fn readyz(State(state): State<HttpState>) -> (StatusCode, &'static str) {
    match state.app.projections.caught_up().await {
        Ok(true) => (StatusCode::OK, "ready"),
        Ok(false) => (StatusCode::SERVICE_UNAVAILABLE, "read models catching up"),
        Err(error) => {
            tracing::warn!(%error, "database unreachable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unreachable")
        }
    }
}

async fn graphiql_page() -> Html<String> {
    Html(
        async_graphql::http::GraphiQLSource::build()
            .endpoint("/graphql")
            .finish(),
    )
}

/// A stored file by its hash, e.g. an app icon.
async fn file(State(state): State<HttpState>, Path(sha256): Path<String>) -> Response {
    match state.app.files.get(&sha256).await {
        Ok(Some((media_type, content))) => (
            [
                (header::CONTENT_TYPE, media_type),
                (
                    header::CACHE_CONTROL,
                    "public, max-age=31536000, immutable".to_owned(),
                ),
                (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
            ],
            content,
        )
            .into_response(),
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(error) => {
            tracing::error!(%error, "reading a stored file");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

async fn graphql_get(State(state): State<HttpState>, request: Request) -> Response {
    let address = client_address(
        &request,
        state.app.settings.client_address_header.as_deref(),
    );
    let (parts, _) = request.into_parts();
    let query = parts.uri.query().unwrap_or_default();
    let request = match async_graphql::http::parse_query_string(query) {
        Ok(request) => request,
        Err(error) => return refuse(StatusCode::BAD_REQUEST, "BAD_REQUEST", &error.to_string()),
    };
    execute(state, &parts.headers, address, Method::GET, request).await
}

async fn graphql_post(State(state): State<HttpState>, request: Request) -> Response {
    let address = client_address(
        &request,
        state.app.settings.client_address_header.as_deref(),
    );
    let (parts, body) = request.into_parts();
    let headers = parts.headers;
    // JSON only: a cross-site form cannot send it without a CORS preflight, so mutations
    // cannot be forged from another site (uploads travel base64-encoded inside the JSON).
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("application/json"));
    if !is_json {
        return refuse(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "BAD_REQUEST",
            "send GraphQL requests as application/json",
        );
    }
    let body = match axum::body::to_bytes(body, state.app.settings.max_body_bytes).await {
        Ok(body) => body,
        Err(_) => {
            return refuse(
                StatusCode::PAYLOAD_TOO_LARGE,
                "BAD_REQUEST",
                "the request body is too large",
            )
        }
    };
    let request: async_graphql::Request = match serde_json::from_slice(&body) {
        Ok(request) => request,
        Err(error) => return refuse(StatusCode::BAD_REQUEST, "BAD_REQUEST", &error.to_string()),
    };
    execute(state, &headers, address, Method::POST, request).await
}

/// The client's address: behind a trusted reverse proxy, the last address the proxy appended
/// to the configured header (earlier entries are the client's own claims); otherwise the
/// peer's address, or loopback for in-process requests in tests.
fn client_address(request: &Request, proxy_header: Option<&str>) -> IpAddr {
    let forwarded = proxy_header.and_then(|name| {
        request
            .headers()
            .get_all(name)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(','))
            .filter_map(|entry| entry.trim().parse::<IpAddr>().ok())
            .next_back()
    });
    forwarded.unwrap_or_else(|| {
        request
            .extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::V4(Ipv4Addr::LOCALHOST), |connect| connect.0.ip())
    })
}

async fn execute(
    state: HttpState,
    headers: &HeaderMap,
    address: IpAddr,
    method: Method,
    request: async_graphql::Request,
) -> Response {
    if let Ok(document) = async_graphql::parser::parse_query(&request.query) {
        if method == Method::GET
            && document
                .operations
                .iter()
                .any(|(_, op)| op.node.ty == OperationType::Mutation)
        {
            return refuse(
                StatusCode::METHOD_NOT_ALLOWED,
                "BAD_REQUEST",
                "mutations must be sent by POST",
            );
        }
        let aliases = count_aliases(&document.operations)
            + document
                .fragments
                .values()
                .map(|f| aliases_in(&f.node.selection_set.node))
                .sum::<usize>();
        if aliases > MAX_ALIASES {
            return refuse(
                StatusCode::BAD_REQUEST,
                "BAD_REQUEST",
                &format!("a query may use at most {MAX_ALIASES} aliases"),
            );
        }
    }
    let caller = resolve_caller(&state.app, headers, address).await;
    let span = tracing::info_span!("graphql", request_id = %caller.request_id);
    let mut response = state
        .schema
        .execute(request.data(caller))
        .instrument(span)
        .await;
    // Parse and validation failures (too deep, too complex, unknown field) come from
    // async-graphql without a code; every error the API answers carries one.
    for error in &mut response.errors {
        let extensions = error.extensions.get_or_insert_with(Default::default);
        if extensions.get("code").is_none() {
            extensions.set("code", "BAD_REQUEST");
        }
    }
    GraphQLResponse::from(response).into_response()
}

fn count_aliases(operations: &DocumentOperations) -> usize {
    operations
        .iter()
        .map(|(_, op)| aliases_in(&op.node.selection_set.node))
        .sum()
}

fn aliases_in(selection_set: &SelectionSet) -> usize {
    selection_set
        .items
        .iter()
        .map(|item| match &item.node {
            Selection::Field(field) => {
                usize::from(field.node.alias.is_some()) + aliases_in(&field.node.selection_set.node)
            }
            Selection::InlineFragment(fragment) => aliases_in(&fragment.node.selection_set.node),
            Selection::FragmentSpread(_) => 0,
        })
        .sum()
}

fn refuse(status: StatusCode, code: &str, message: &str) -> Response {
    let mut error = ServerError::new(message, None);
    let mut extensions = async_graphql::ErrorExtensionValues::default();
    extensions.set("code", code);
    error.extensions = Some(extensions);
    let response = async_graphql::Response::from_errors(vec![error]);
    (status, GraphQLResponse::from(response)).into_response()
}

/// Ties the request to a signed-in account: a bearer token, else the session cookie.
async fn resolve_caller(state: &AppState, headers: &HeaderMap, address: IpAddr) -> Caller {
    let request_id = Uuid::now_v7();
    let token = bearer_token(headers).or_else(|| session_cookie(headers));
    let actor = match &token {
        None => Err(AuthError::Unauthenticated),
        Some(token) => match state.sessions.resolve(token).await {
            Ok(Ok(account_id)) => match accounts::account_by_id(&state.pool, account_id).await {
                Ok(Some(account)) if !account.disabled => Ok(Actor {
                    account_id,
                    roles: account.roles.iter().copied().collect(),
                }),
                Ok(_) => Err(AuthError::Unauthenticated),
                Err(error) => {
                    tracing::error!(%error, %request_id, "reading the signed-in account");
                    Err(AuthError::Unavailable)
                }
            },
            Ok(Err(refusal)) => Err(refusal),
            Err(error) => {
                tracing::error!(%error, %request_id, "resolving a session");
                Err(AuthError::Unavailable)
            }
        },
    };
    Caller {
        actor,
        token,
        address,
        request_id,
    }
}

fn bearer_token(headers: &HeaderMap) -> Option<String> {
    headers
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
        .map(|token| token.trim().to_owned())
}

fn session_cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, value)| value.to_owned())
}
