//! The GraphQL API: every domain command as a mutation, every read model as a query.

mod enums;
pub mod errors;
mod inputs;
mod mutation;
mod query;
mod types;

use std::net::IpAddr;

use async_graphql::connection::{Connection, Edge};
use async_graphql::{Context, EmptySubscription, OutputType, Schema};
use domain::actor::Actor;
use projections::paging::{Page, PageRequest};
use uuid::Uuid;

use crate::auth::AuthError;
use crate::event_log::CommitMetadata;
use crate::AppState;

pub use mutation::MutationRoot;
pub use query::QueryRoot;

/// The portal's schema.
pub type PorticoSchema = Schema<QueryRoot, MutationRoot, EmptySubscription>;

/// Deepest query accepted.
pub const MAX_DEPTH: usize = 12;
/// Most complex query accepted (one per field, connections count their page size).
pub const MAX_COMPLEXITY: usize = 5_000;
/// Most aliases accepted in one document (alias-amplified queries are cheap to send).
pub const MAX_ALIASES: usize = 30;

/// Builds the schema over `state`, with introspection as configured.
pub fn build_schema(state: AppState) -> PorticoSchema {
    let introspection = state.settings.introspection;
    let builder = Schema::build(QueryRoot, MutationRoot, EmptySubscription)
        .limit_depth(MAX_DEPTH)
        .limit_complexity(MAX_COMPLEXITY)
        .data(state);
    if introspection {
        builder.finish()
    } else {
        builder.disable_introspection().finish()
    }
}

/// The schema's SDL, as `portico export-schema` writes it to `docs/schema.graphql`.
pub fn sdl() -> String {
    Schema::build(QueryRoot, MutationRoot, EmptySubscription)
        .finish()
        .sdl()
}

/// Who sent a GraphQL request, resolved by the HTTP layer.
#[derive(Debug, Clone)]
pub struct Caller {
    /// The signed-in actor, or why there is none.
    pub actor: Result<Actor, AuthError>,
    /// The session token presented, for sign-out.
    pub token: Option<String>,
    /// The client's address, for sign-in throttling.
    pub address: IpAddr,
    /// The request's id, in logs and commit metadata.
    pub request_id: Uuid,
}

fn state<'a>(ctx: &Context<'a>) -> &'a AppState {
    ctx.data_unchecked::<AppState>()
}

fn caller<'a>(ctx: &Context<'a>) -> &'a Caller {
    ctx.data_unchecked::<Caller>()
}

fn signed_in<'a>(ctx: &Context<'a>) -> async_graphql::Result<&'a Actor> {
    caller(ctx).actor.as_ref().map_err(|e| errors::auth(*e))
}

fn metadata(ctx: &Context<'_>) -> CommitMetadata {
    let caller = caller(ctx);
    CommitMetadata {
        actor: caller.actor.as_ref().ok().cloned(),
        correlation_id: caller.request_id,
        request_id: caller.request_id,
        command_time: state(ctx).clock.now(),
    }
}

/// Turns a layer's refusal into the GraphQL error for this request.
trait Answer<T> {
    fn answer(self, ctx: &Context<'_>) -> async_graphql::Result<T>;
}

impl<T> Answer<T> for Result<T, crate::access::AccessError> {
    fn answer(self, ctx: &Context<'_>) -> async_graphql::Result<T> {
        self.map_err(|e| errors::access(e, caller(ctx).request_id))
    }
}

impl<T> Answer<T> for Result<T, crate::commands::CommandError> {
    fn answer(self, ctx: &Context<'_>) -> async_graphql::Result<T> {
        self.map_err(|e| errors::command(e, caller(ctx).request_id))
    }
}

/// The signed-in account, as queries and mutations answer it.
async fn me(ctx: &Context<'_>) -> async_graphql::Result<types::Account> {
    let actor = signed_in(ctx)?;
    state(ctx)
        .reads
        .me(actor)
        .await
        .answer(ctx)
        .map(types::Account)
}

/// An account the caller may see.
async fn account(ctx: &Context<'_>, id: Uuid) -> async_graphql::Result<types::Account> {
    let actor = signed_in(ctx)?;
    state(ctx)
        .reads
        .account(actor, id)
        .await
        .answer(ctx)
        .map(types::Account)
}

/// A version of an app the caller may see.
async fn app_version(
    ctx: &Context<'_>,
    app_id: Uuid,
    version: u32,
) -> async_graphql::Result<types::AppVersion> {
    let actor = signed_in(ctx)?;
    state(ctx)
        .reads
        .app_version(actor, app_id, version)
        .await
        .answer(ctx)
        .map(types::AppVersion)
}

fn page_request(first: Option<i32>, after: Option<String>) -> PageRequest {
    PageRequest {
        first: first.map_or(0, |n| u32::try_from(n).unwrap_or(0)),
        after,
    }
}

fn connection<T, G: OutputType>(page: Page<T>, wrap: impl Fn(T) -> G) -> Connection<String, G> {
    let mut connection = Connection::new(false, page.has_next_page);
    connection.edges.extend(
        page.items
            .into_iter()
            .map(|(cursor, item)| Edge::new(cursor, wrap(item))),
    );
    connection
}
