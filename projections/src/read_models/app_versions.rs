//! App versions (S4, S5, S7): the developer's finished registrations and drafts, the app
//! information page of a version, and the reviewers' queue.
//!
//! One row per version of an app, drafts included, folded from the `app_registration` streams
//! into `app_versions`. Events carry their results (status, reason, who), so most updates just
//! overwrite columns; a saved wizard step is folded into the stored draft with the domain's own
//! [`RegistrationDraft::save`], so the read model can never disagree with the aggregate on what
//! a draft holds.

use async_trait::async_trait;
use domain::app_registration::{
    AppRegistrationEvent, Registration, RegistrationDraft, VersionStatus,
};
use domain::values::vendor_profile::VendorProfile;
use sqlx::postgres::PgRow;
use sqlx::types::Json;
use sqlx::{PgConnection, PgPool, Row};
use time::OffsetDateTime;
use uuid::Uuid;

use super::{app_id_of, version_column, APP_REGISTRATION};
use crate::paging::{Page, PageRequest};
use crate::{ProjectionError, Projector, StoredEvent};

/// Folds app registration events into the `app_versions` table.
#[derive(Debug, Clone, Copy, Default)]
pub struct AppVersionsProjector;

#[async_trait]
impl Projector for AppVersionsProjector {
    fn name(&self) -> &'static str {
        "app_versions"
    }

    fn tables(&self) -> &'static [&'static str] {
        &["app_versions"]
    }

    async fn apply(
        &self,
        connection: &mut PgConnection,
        event: &StoredEvent,
    ) -> Result<(), ProjectionError> {
        if event.aggregate_type != APP_REGISTRATION {
            return Ok(());
        }
        let app_id = app_id_of(event)?;
        use AppRegistrationEvent as Ev;
        match event.decode::<AppRegistrationEvent>()? {
            Ev::DraftStarted {
                app_id: started,
                owner,
                name,
                version,
                at,
            } => {
                sqlx::query(
                    "INSERT INTO app_versions (app_id, version, owner, name, status, \
                     is_reregistration, draft, saved_at, modified_at) \
                     VALUES ($1, $2, $3, $4, $5, false, $6, $7, $7) \
                     ON CONFLICT (app_id, version) DO NOTHING",
                )
                .bind(started)
                .bind(version_column(event, version)?)
                .bind(owner)
                .bind(name.as_str())
                .bind(status_name(VersionStatus::Draft))
                .bind(Json(RegistrationDraft::default()))
                .bind(at)
                .execute(&mut *connection)
                .await?;
            }
            Ev::DraftRenamed {
                version, name, at, ..
            } => {
                // The name belongs to the app, so every row shows the new one; the rename is a
                // save of step 1 of the draft.
                sqlx::query(
                    "UPDATE app_versions SET name = $2, \
                     saved_at = CASE WHEN version = $3 THEN $4 ELSE saved_at END, \
                     modified_at = CASE WHEN version = $3 AND status = 'DRAFT' \
                                        THEN $4 ELSE modified_at END \
                     WHERE app_id = $1",
                )
                .bind(app_id)
                .bind(name.as_str())
                .bind(version_column(event, version)?)
                .bind(at)
                .execute(&mut *connection)
                .await?;
            }
            Ev::DraftStepSaved { version, step, at } => {
                let version = version_column(event, version)?;
                let stored: Option<Json<RegistrationDraft>> = sqlx::query_scalar(
                    "SELECT draft FROM app_versions WHERE app_id = $1 AND version = $2",
                )
                .bind(app_id)
                .bind(version)
                .fetch_optional(&mut *connection)
                .await?;
                // A missing row means the draft is gone; the aggregate refuses saves then, so
                // there is nothing to fold into.
                if let Some(Json(mut draft)) = stored {
                    draft.save(step);
                    sqlx::query(
                        "UPDATE app_versions SET draft = $3, saved_at = $4, modified_at = $4 \
                         WHERE app_id = $1 AND version = $2",
                    )
                    .bind(app_id)
                    .bind(version)
                    .bind(Json(&draft))
                    .bind(at)
                    .execute(&mut *connection)
                    .await?;
                }
            }
            Ev::ReRegistrationStarted {
                version,
                from_version,
                draft,
                at,
                ..
            } => {
                // Owner and name are the app's: taken from the version it was opened from.
                sqlx::query(
                    "INSERT INTO app_versions (app_id, version, owner, name, status, \
                     is_reregistration, draft, saved_at, modified_at) \
                     SELECT app_id, $2, owner, name, $4, true, $5, $6, $6 \
                     FROM app_versions WHERE app_id = $1 AND version = $3 \
                     ON CONFLICT (app_id, version) DO NOTHING",
                )
                .bind(app_id)
                .bind(version_column(event, version)?)
                .bind(version_column(event, from_version)?)
                .bind(status_name(VersionStatus::Draft))
                .bind(Json(&*draft))
                .bind(at)
                .execute(&mut *connection)
                .await?;
            }
            Ev::DraftDeleted { version, .. } => {
                sqlx::query(
                    "DELETE FROM app_versions WHERE app_id = $1 AND version = $2 \
                     AND status = 'DRAFT'",
                )
                .bind(app_id)
                .bind(version_column(event, version)?)
                .execute(&mut *connection)
                .await?;
            }
            Ev::VersionSubmitted {
                version,
                client_id,
                registration,
                vendor_profile,
                at,
                ..
            } => {
                sqlx::query(
                    "UPDATE app_versions SET status = $3, registration = $4, \
                     vendor_profile = $5, client_id = $6, submitted_at = $7, modified_at = $7, \
                     status_reason = NULL, decided_by = NULL \
                     WHERE app_id = $1 AND version = $2",
                )
                .bind(app_id)
                .bind(version_column(event, version)?)
                .bind(status_name(VersionStatus::InReview))
                .bind(Json(&*registration))
                .bind(Json(&*vendor_profile))
                .bind(client_id)
                .bind(at)
                .execute(&mut *connection)
                .await?;
            }
            Ev::VersionApproved { version, by, at } | Ev::VersionReinstated { version, by, at } => {
                status_change(
                    connection,
                    event,
                    app_id,
                    version,
                    VersionStatus::Live,
                    None,
                    by,
                    at,
                )
                .await?;
            }
            Ev::VersionRetired {
                version, by, at, ..
            } => {
                let status = VersionStatus::Retired;
                status_change(connection, event, app_id, version, status, None, by, at).await?;
            }
            Ev::VersionRejected {
                version,
                by,
                reason,
                at,
            } => {
                let (status, reason) = (VersionStatus::Rejected, Some(reason.as_str()));
                status_change(connection, event, app_id, version, status, reason, by, at).await?;
            }
            Ev::VersionSuspended {
                version,
                by,
                reason,
                at,
            } => {
                let (status, reason) = (VersionStatus::Suspended, Some(reason.as_str()));
                status_change(connection, event, app_id, version, status, reason, by, at).await?;
            }
            Ev::MessagePosted { .. } => {}
        }
        Ok(())
    }
}

/// Overwrites a version's status columns; the reason is cleared when the new status has none,
/// so a reinstated version no longer shows why it was suspended.
#[allow(clippy::too_many_arguments)]
async fn status_change(
    connection: &mut PgConnection,
    event: &StoredEvent,
    app_id: Uuid,
    version: u32,
    status: VersionStatus,
    reason: Option<&str>,
    by: Uuid,
    at: OffsetDateTime,
) -> Result<(), ProjectionError> {
    sqlx::query(
        "UPDATE app_versions SET status = $3, status_reason = $4, decided_by = $5, \
         modified_at = $6 WHERE app_id = $1 AND version = $2",
    )
    .bind(app_id)
    .bind(version_column(event, version)?)
    .bind(status_name(status))
    .bind(reason)
    .bind(by)
    .bind(at)
    .execute(connection)
    .await?;
    Ok(())
}

/// One version of an app as the portal reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct AppVersionRow {
    /// The app.
    pub app_id: Uuid,
    /// The version number: 1, 2, 3 …
    pub version: u32,
    /// The developer who owns the app.
    pub owner: Uuid,
    /// The app's name.
    pub name: String,
    /// Where the version stands (S5).
    pub status: VersionStatus,
    /// Whether it was opened from an earlier version (its name is fixed).
    pub is_reregistration: bool,
    /// The wizard data as last saved.
    pub draft: RegistrationDraft,
    /// The checked data at submission.
    pub registration: Option<Registration>,
    /// The owner's vendor profile at submission (Contact info tab).
    pub vendor_profile: Option<VendorProfile>,
    /// The app's OIDC client id, from submission on.
    pub client_id: Option<String>,
    /// When the draft was last saved.
    pub saved_at: OffsetDateTime,
    /// When the version was submitted.
    pub submitted_at: Option<OffsetDateTime>,
    /// S5's Modified: the last status change (for a draft, the last save).
    pub modified_at: OffsetDateTime,
    /// Why it was rejected or suspended.
    pub status_reason: Option<String>,
    /// Who made the last status decision.
    pub decided_by: Option<Uuid>,
    /// The newest message of the app (the registrations list's Message column, S6).
    pub newest_message: Option<String>,
}

/// What the review queue may be narrowed to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReviewQueueFilter {
    /// Only apps whose name contains this text, ignoring case.
    pub name_contains: Option<String>,
    /// Only apps of this developer.
    pub owner: Option<Uuid>,
}

/// The select list and joins every query shares: the newest message is looked up when read,
/// because it belongs to the messages projector, which runs on its own.
const SELECT_VERSIONS: &str = "SELECT v.app_id, v.version, v.owner, v.name, v.status, \
     v.is_reregistration, v.draft, v.registration, v.vendor_profile, v.client_id, v.saved_at, \
     v.submitted_at, v.modified_at, v.status_reason, v.decided_by, m.body AS newest_message \
     FROM app_versions v \
     LEFT JOIN LATERAL (SELECT body FROM app_messages \
                        WHERE app_messages.app_id = v.app_id \
                        ORDER BY stream_sequence DESC LIMIT 1) m ON true";

/// The developer's submitted versions, newest submission first (the default registrations tab).
pub async fn finished_registrations(
    pool: &PgPool,
    owner: Uuid,
    page: &PageRequest,
) -> Result<Page<AppVersionRow>, ProjectionError> {
    let rows = sqlx::query(&format!(
        "{SELECT_VERSIONS} WHERE v.owner = $1 AND v.status <> 'DRAFT' \
         ORDER BY v.submitted_at DESC, v.app_id DESC, v.version DESC LIMIT $2 OFFSET $3"
    ))
    .bind(owner)
    .bind(page.limit_plus_one())
    .bind(page.offset())
    .fetch_all(pool)
    .await?;
    page_of(page, &rows)
}

/// The developer's drafts, newest saved first.
pub async fn drafts(
    pool: &PgPool,
    owner: Uuid,
    page: &PageRequest,
) -> Result<Page<AppVersionRow>, ProjectionError> {
    let rows = sqlx::query(&format!(
        "{SELECT_VERSIONS} WHERE v.owner = $1 AND v.status = 'DRAFT' \
         ORDER BY v.saved_at DESC, v.app_id DESC, v.version DESC LIMIT $2 OFFSET $3"
    ))
    .bind(owner)
    .bind(page.limit_plus_one())
    .bind(page.offset())
    .fetch_all(pool)
    .await?;
    page_of(page, &rows)
}

/// Version `version` of app `app_id`, draft or not. The caller checks who may see it (S1).
pub async fn app_version(
    pool: &PgPool,
    app_id: Uuid,
    version: u32,
) -> Result<Option<AppVersionRow>, ProjectionError> {
    // No stored version is beyond i32; such a number simply names no version.
    let Ok(version) = i32::try_from(version) else {
        return Ok(None);
    };
    let row = sqlx::query(&format!(
        "{SELECT_VERSIONS} WHERE v.app_id = $1 AND v.version = $2"
    ))
    .bind(app_id)
    .bind(version)
    .fetch_optional(pool)
    .await?;
    row.as_ref().map(version_from_row).transpose()
}

/// Every version of app `app_id` (drafts included), oldest version first.
pub async fn app_versions_of(
    pool: &PgPool,
    app_id: Uuid,
) -> Result<Vec<AppVersionRow>, ProjectionError> {
    let rows = sqlx::query(&format!(
        "{SELECT_VERSIONS} WHERE v.app_id = $1 ORDER BY v.version"
    ))
    .bind(app_id)
    .fetch_all(pool)
    .await?;
    rows.iter().map(version_from_row).collect()
}

/// The versions waiting for a reviewer, oldest submission first (S7).
pub async fn review_queue(
    pool: &PgPool,
    filter: &ReviewQueueFilter,
    page: &PageRequest,
) -> Result<Page<AppVersionRow>, ProjectionError> {
    let pattern = filter
        .name_contains
        .as_deref()
        .map(|text| format!("%{}%", escape_like(text)));
    let rows = sqlx::query(&format!(
        "{SELECT_VERSIONS} WHERE v.status = 'IN_REVIEW' \
         AND ($1::text IS NULL OR v.name ILIKE $1 ESCAPE '\\') \
         AND ($2::uuid IS NULL OR v.owner = $2) \
         ORDER BY v.submitted_at, v.app_id, v.version LIMIT $3 OFFSET $4"
    ))
    .bind(pattern)
    .bind(filter.owner)
    .bind(page.limit_plus_one())
    .bind(page.offset())
    .fetch_all(pool)
    .await?;
    page_of(page, &rows)
}

/// The stored name of a status: its serde form, e.g. `IN_REVIEW`.
fn status_name(status: VersionStatus) -> &'static str {
    match status {
        VersionStatus::Draft => "DRAFT",
        VersionStatus::InReview => "IN_REVIEW",
        VersionStatus::Live => "LIVE",
        VersionStatus::Suspended => "SUSPENDED",
        VersionStatus::Rejected => "REJECTED",
        VersionStatus::Retired => "RETIRED",
    }
}

/// `text` with LIKE's wildcards and escape character taken literally (escape `\`).
fn escape_like(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '%' | '_') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

fn page_of(page: &PageRequest, rows: &[PgRow]) -> Result<Page<AppVersionRow>, ProjectionError> {
    let rows = rows
        .iter()
        .map(version_from_row)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Page::from_rows(page, rows))
}

fn version_from_row(row: &PgRow) -> Result<AppVersionRow, ProjectionError> {
    let version: i32 = row.try_get("version")?;
    let status: String = row.try_get("status")?;
    let Json(draft): Json<RegistrationDraft> = row.try_get("draft")?;
    let registration: Option<Json<Registration>> = row.try_get("registration")?;
    let vendor_profile: Option<Json<VendorProfile>> = row.try_get("vendor_profile")?;
    Ok(AppVersionRow {
        app_id: row.try_get("app_id")?,
        version: u32::try_from(version).map_err(|e| {
            sqlx::Error::Decode(format!("app_versions.version holds {version}: {e}").into())
        })?,
        owner: row.try_get("owner")?,
        name: row.try_get("name")?,
        status: serde_json::from_value(serde_json::Value::String(status.clone())).map_err(|e| {
            sqlx::Error::Decode(format!("app_versions.status holds {status:?}: {e}").into())
        })?,
        is_reregistration: row.try_get("is_reregistration")?,
        draft,
        registration: registration.map(|Json(r)| r),
        vendor_profile: vendor_profile.map(|Json(p)| p),
        client_id: row.try_get("client_id")?,
        saved_at: row.try_get("saved_at")?,
        submitted_at: row.try_get("submitted_at")?,
        modified_at: row.try_get("modified_at")?,
        status_reason: row.try_get("status_reason")?,
        decided_by: row.try_get("decided_by")?,
        newest_message: row.try_get("newest_message")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_status_names_are_the_serde_form() {
        for status in [
            VersionStatus::Draft,
            VersionStatus::InReview,
            VersionStatus::Live,
            VersionStatus::Suspended,
            VersionStatus::Rejected,
            VersionStatus::Retired,
        ] {
            assert_eq!(
                serde_json::to_value(status).expect("serialises"),
                serde_json::Value::String(status_name(status).to_owned())
            );
        }
    }

    #[test]
    fn like_wildcards_are_taken_literally() {
        assert_eq!(escape_like(r"50%_off\now"), r"50\%\_off\\now");
        assert_eq!(escape_like("Plain"), "Plain");
    }
}
