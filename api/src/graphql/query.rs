//! Queries: read models only, with S1 enforced by [`crate::access::Reads`].

use async_graphql::connection::Connection;
use async_graphql::{Context, Object, Result};
use domain::values::invalid_value::FieldError;
use projections::read_models::app_versions::ReviewQueueFilter;
use projections::read_models::gallery::GalleryFilter;
use uuid::Uuid;

use crate::commands::CommandError;

use super::enums::to_domain;
use super::inputs::GalleryFilterInput;
use super::types::{Account, AppVersion, GalleryApp, HistoryEntry, Message};
use super::{connection, page_request, signed_in, state, Answer};

/// The portal's queries.
pub struct QueryRoot;

#[Object(name = "Query")]
impl QueryRoot {
    /// The signed-in account (the vendor account page).
    async fn me(&self, ctx: &Context<'_>) -> Result<Account> {
        super::me(ctx).await
    }

    /// The signed-in developer's submitted versions, newest first (Finished registrations).
    async fn my_registrations(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Connection<String, AppVersion>> {
        let actor = signed_in(ctx)?;
        let page = state(ctx)
            .reads
            .finished_registrations(actor, &page_request(first, after))
            .await
            .answer(ctx)?;
        Ok(connection(page, AppVersion))
    }

    /// The signed-in developer's drafts, newest saved first.
    async fn my_drafts(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Connection<String, AppVersion>> {
        let actor = signed_in(ctx)?;
        let page = state(ctx)
            .reads
            .drafts(actor, &page_request(first, after))
            .await
            .answer(ctx)?;
        Ok(connection(page, AppVersion))
    }

    /// One version of an app (the app information page).
    async fn app_version(
        &self,
        ctx: &Context<'_>,
        app_id: Uuid,
        version: u32,
    ) -> Result<AppVersion> {
        super::app_version(ctx, app_id, version).await
    }

    /// Every version of an app the caller may see, oldest first.
    async fn app_versions(&self, ctx: &Context<'_>, app_id: Uuid) -> Result<Vec<AppVersion>> {
        let actor = signed_in(ctx)?;
        state(ctx)
            .reads
            .app_versions(actor, app_id)
            .await
            .map(|rows| rows.into_iter().map(AppVersion).collect())
            .answer(ctx)
    }

    /// An app's messages, oldest first (S6).
    async fn messages(
        &self,
        ctx: &Context<'_>,
        app_id: Uuid,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Connection<String, Message>> {
        let actor = signed_in(ctx)?;
        let page = state(ctx)
            .reads
            .messages(actor, app_id, &page_request(first, after))
            .await
            .answer(ctx)?;
        Ok(connection(page, Message))
    }

    /// Versions in review, oldest first (reviewers, admins, auditors).
    async fn review_queue(
        &self,
        ctx: &Context<'_>,
        name_contains: Option<String>,
        developer_id: Option<Uuid>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Connection<String, AppVersion>> {
        let actor = signed_in(ctx)?;
        check_search_text(ctx, "nameContains", name_contains.as_deref())?;
        let filter = ReviewQueueFilter {
            name_contains,
            owner: developer_id,
        };
        let page = state(ctx)
            .reads
            .review_queue(actor, &filter, &page_request(first, after))
            .await
            .answer(ctx)?;
        Ok(connection(page, AppVersion))
    }

    /// The public App Gallery: each app's live version.
    async fn gallery(
        &self,
        ctx: &Context<'_>,
        filter: Option<GalleryFilterInput>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Connection<String, GalleryApp>> {
        let filter = filter.unwrap_or_default();
        check_search_text(ctx, "filter.text", filter.text.as_deref())?;
        let filter = GalleryFilter {
            audience: to_domain(&filter.audience),
            app_use: to_domain(&filter.app_use),
            fhir_versions: to_domain(&filter.fhir_versions),
            platforms: to_domain(&filter.platforms),
            compliance: to_domain(&filter.compliance),
            text: filter.text.filter(|t| !t.trim().is_empty()),
        };
        let page = state(ctx)
            .reads
            .gallery(&filter, &page_request(first, after))
            .await
            .answer(ctx)?;
        Ok(connection(page, GalleryApp))
    }

    /// One app of the gallery.
    async fn gallery_app(&self, ctx: &Context<'_>, app_id: Uuid) -> Result<GalleryApp> {
        state(ctx)
            .reads
            .gallery_app(app_id)
            .await
            .map(GalleryApp)
            .answer(ctx)
    }

    /// Every account (admins and auditors).
    async fn users(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Connection<String, Account>> {
        let actor = signed_in(ctx)?;
        let page = state(ctx)
            .reads
            .users(actor, &page_request(first, after))
            .await
            .answer(ctx)?;
        Ok(connection(page, Account))
    }

    /// One account: one's own, or any for admins and auditors.
    async fn account(&self, ctx: &Context<'_>, id: Uuid) -> Result<Account> {
        super::account(ctx, id).await
    }

    /// The whole event log in commit order (auditors).
    async fn history(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Connection<String, HistoryEntry>> {
        let actor = signed_in(ctx)?;
        let page = state(ctx)
            .reads
            .history(actor, &page_request(first, after))
            .await
            .answer(ctx)?;
        Ok(connection(page, HistoryEntry))
    }

    /// One app's event log in commit order (auditors).
    async fn app_history(
        &self,
        ctx: &Context<'_>,
        app_id: Uuid,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Connection<String, HistoryEntry>> {
        let actor = signed_in(ctx)?;
        let page = state(ctx)
            .reads
            .app_history(actor, app_id, &page_request(first, after))
            .await
            .answer(ctx)?;
        Ok(connection(page, HistoryEntry))
    }
}

/// The longest search text accepted: full-text parsing of huge inputs is expensive for the
/// database, and anyone may search the gallery.
const MAX_SEARCH_CHARS: usize = 200;

fn check_search_text(ctx: &Context<'_>, field: &str, text: Option<&str>) -> Result<()> {
    if text.is_some_and(|t| t.chars().count() > MAX_SEARCH_CHARS) {
        let error = FieldError::new(
            field,
            format!("must be at most {MAX_SEARCH_CHARS} characters"),
        );
        return Err(CommandError::validation(vec![error])).answer(ctx);
    }
    Ok(())
}
