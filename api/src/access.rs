//! Reading the read models with S1's rules applied per object, below the GraphQL layer.
//!
//! Every read that depends on who asks goes through here: an app a developer does not own
//! answers exactly like an app that does not exist.

use domain::actor::Actor;
use domain::app_registration::VersionStatus;
use domain::values::role::Role;
use projections::paging::{Page, PageRequest};
use projections::read_models::accounts::{self, AccountRow};
use projections::read_models::app_versions::{self, AppVersionRow, ReviewQueueFilter};
use projections::read_models::gallery::{self, GalleryAppRow, GalleryFilter};
use projections::read_models::history::{self, HistoryEntry};
use projections::read_models::messages::{self, MessageRow};
use projections::ProjectionError;
use sqlx::PgPool;
use uuid::Uuid;

/// Why a read was refused.
#[derive(Debug, thiserror::Error)]
pub enum AccessError {
    /// Missing, or not the caller's to see.
    #[error("not found")]
    NotFound,
    /// The caller's roles do not allow this read.
    #[error("{0}")]
    Forbidden(&'static str),
    /// The read model could not be read.
    #[error(transparent)]
    ReadModel(#[from] ProjectionError),
}

impl AccessError {
    /// The stable code the API reports.
    pub fn code(&self) -> &'static str {
        match self {
            Self::NotFound => "NOT_FOUND",
            Self::Forbidden(_) => "FORBIDDEN",
            Self::ReadModel(_) => "INTERNAL",
        }
    }
}

/// The read side of the portal.
#[derive(Clone)]
pub struct Reads {
    pool: PgPool,
}

impl Reads {
    /// Reads from `pool`'s read models.
    pub fn new(pool: PgPool) -> Self {
        Self { pool }
    }

    /// The caller's own account.
    pub async fn me(&self, actor: &Actor) -> Result<AccountRow, AccessError> {
        accounts::account_by_id(&self.pool, actor.account_id)
            .await?
            .ok_or(AccessError::NotFound)
    }

    /// An account: one's own, or any for admins and auditors.
    pub async fn account(&self, actor: &Actor, id: Uuid) -> Result<AccountRow, AccessError> {
        if id != actor.account_id && !manages_users(actor) {
            return Err(AccessError::NotFound);
        }
        accounts::account_by_id(&self.pool, id)
            .await?
            .ok_or(AccessError::NotFound)
    }

    /// Every account, for admins and auditors.
    pub async fn users(
        &self,
        actor: &Actor,
        page: &PageRequest,
    ) -> Result<Page<AccountRow>, AccessError> {
        if !manages_users(actor) {
            return Err(AccessError::Forbidden(
                "only admins and auditors can list users",
            ));
        }
        Ok(accounts::accounts(&self.pool, page).await?)
    }

    /// The caller's submitted versions, newest first (S7's default tab).
    pub async fn finished_registrations(
        &self,
        actor: &Actor,
        page: &PageRequest,
    ) -> Result<Page<AppVersionRow>, AccessError> {
        Ok(app_versions::finished_registrations(&self.pool, actor.account_id, page).await?)
    }

    /// The caller's drafts, newest saved first.
    pub async fn drafts(
        &self,
        actor: &Actor,
        page: &PageRequest,
    ) -> Result<Page<AppVersionRow>, AccessError> {
        Ok(app_versions::drafts(&self.pool, actor.account_id, page).await?)
    }

    /// One version of an app. Drafts are the owner's alone; submitted versions are also
    /// visible to reviewers, admins and auditors.
    pub async fn app_version(
        &self,
        actor: &Actor,
        app_id: Uuid,
        version: u32,
    ) -> Result<AppVersionRow, AccessError> {
        app_versions::app_version(&self.pool, app_id, version)
            .await?
            .filter(|row| may_see(actor, row))
            .ok_or(AccessError::NotFound)
    }

    /// The versions of an app the caller may see, oldest first.
    pub async fn app_versions(
        &self,
        actor: &Actor,
        app_id: Uuid,
    ) -> Result<Vec<AppVersionRow>, AccessError> {
        let rows: Vec<AppVersionRow> = app_versions::app_versions_of(&self.pool, app_id)
            .await?
            .into_iter()
            .filter(|row| may_see(actor, row))
            .collect();
        if rows.is_empty() {
            return Err(AccessError::NotFound);
        }
        Ok(rows)
    }

    /// An app's messages, oldest first, for its owner and the reviewing roles.
    pub async fn messages(
        &self,
        actor: &Actor,
        app_id: Uuid,
        page: &PageRequest,
    ) -> Result<Page<MessageRow>, AccessError> {
        self.app_versions(actor, app_id).await?;
        Ok(messages::messages(&self.pool, app_id, page).await?)
    }

    /// Versions waiting for review, oldest first.
    pub async fn review_queue(
        &self,
        actor: &Actor,
        filter: &ReviewQueueFilter,
        page: &PageRequest,
    ) -> Result<Page<AppVersionRow>, AccessError> {
        if !actor.sees_all_apps() {
            return Err(AccessError::Forbidden(
                "only reviewers, admins and auditors can see the review queue",
            ));
        }
        Ok(app_versions::review_queue(&self.pool, filter, page).await?)
    }

    /// The public App Gallery.
    pub async fn gallery(
        &self,
        filter: &GalleryFilter,
        page: &PageRequest,
    ) -> Result<Page<GalleryAppRow>, AccessError> {
        Ok(gallery::gallery(&self.pool, filter, page).await?)
    }

    /// One app of the gallery.
    pub async fn gallery_app(&self, app_id: Uuid) -> Result<GalleryAppRow, AccessError> {
        gallery::gallery_app(&self.pool, app_id)
            .await?
            .ok_or(AccessError::NotFound)
    }

    /// The whole event history in commit order, for auditors (S11).
    pub async fn history(
        &self,
        actor: &Actor,
        page: &PageRequest,
    ) -> Result<Page<HistoryEntry>, AccessError> {
        require_auditor(actor)?;
        Ok(history::history(&self.pool, None, page).await?)
    }

    /// One app's event history, for auditors.
    pub async fn app_history(
        &self,
        actor: &Actor,
        app_id: Uuid,
        page: &PageRequest,
    ) -> Result<Page<HistoryEntry>, AccessError> {
        require_auditor(actor)?;
        Ok(history::app_history(&self.pool, app_id, page).await?)
    }
}

fn may_see(actor: &Actor, row: &AppVersionRow) -> bool {
    row.owner == actor.account_id || (actor.sees_all_apps() && row.status != VersionStatus::Draft)
}

fn manages_users(actor: &Actor) -> bool {
    actor.has(Role::Admin) || actor.has(Role::Auditor)
}

fn require_auditor(actor: &Actor) -> Result<(), AccessError> {
    if actor.has(Role::Auditor) {
        Ok(())
    } else {
        Err(AccessError::Forbidden(
            "only auditors can read the event history",
        ))
    }
}
