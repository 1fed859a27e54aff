//! The public App Gallery (S7): the Live version of each app, with category filters, text
//! search and the declined-attestation warning (S9).
//!
//! Approval and reinstatement events name only a version number, while the version's wizard
//! data travels on `VersionSubmitted`; the projector therefore keeps every submitted
//! registration in a private table and publishes from it.

use async_trait::async_trait;
use domain::app_registration::{AppRegistrationEvent, Registration};
use domain::values::categories::{AppUse, Audience, Compliance, FhirVersion, Platform};
use serde::de::DeserializeOwned;
use sqlx::postgres::PgRow;
use sqlx::{PgConnection, PgPool, Postgres, QueryBuilder, Row};
use time::OffsetDateTime;
use uuid::Uuid;

use super::{app_id_of, version_column, APP_REGISTRATION};
use crate::paging::{Page, PageRequest};
use crate::{ProjectionError, Projector, StoredEvent};

/// The events that change the gallery; the rest are skipped without decoding them.
const RELEVANT: [&str; 5] = [
    "VersionSubmitted",
    "VersionApproved",
    "VersionReinstated",
    "VersionSuspended",
    "VersionRetired",
];

/// The columns a [`GalleryAppRow`] is read from, in one place for both queries.
const COLUMNS: &str = "app_id, version, name, short_description, long_description, platforms, \
     audience, app_use, fhir_versions, compliance, homepage_url, privacy_policy_url, \
     terms_of_service_url, icon_sha256, attestation_declined, published_at";

/// Folds app registration events into `gallery_apps`.
#[derive(Debug, Clone, Copy, Default)]
pub struct GalleryProjector;

#[async_trait]
impl Projector for GalleryProjector {
    fn name(&self) -> &'static str {
        "gallery"
    }

    fn tables(&self) -> &'static [&'static str] {
        &["gallery_apps", "gallery_submitted_versions"]
    }

    async fn apply(
        &self,
        connection: &mut PgConnection,
        event: &StoredEvent,
    ) -> Result<(), ProjectionError> {
        if event.aggregate_type != APP_REGISTRATION
            || !RELEVANT.contains(&event.event_type.as_str())
        {
            return Ok(());
        }
        let app_id = app_id_of(event)?;
        match event.decode::<AppRegistrationEvent>()? {
            AppRegistrationEvent::VersionSubmitted {
                version,
                registration,
                ..
            } => remember_submission(connection, event, app_id, version, &registration).await,
            AppRegistrationEvent::VersionApproved { version, at, .. }
            | AppRegistrationEvent::VersionReinstated { version, at, .. } => {
                publish(connection, event, app_id, version, at).await
            }
            AppRegistrationEvent::VersionSuspended { version, .. }
            | AppRegistrationEvent::VersionRetired { version, .. } => {
                withdraw(connection, event, app_id, version).await
            }
            _ => Ok(()),
        }
    }
}

/// Keeps a submitted version's data until it is approved or reinstated. A replayed event
/// writes the same data again, so re-applying it changes nothing.
async fn remember_submission(
    connection: &mut PgConnection,
    event: &StoredEvent,
    app_id: Uuid,
    version: u32,
    registration: &Registration,
) -> Result<(), ProjectionError> {
    let registration =
        serde_json::to_value(registration).map_err(|e| ProjectionError::Payload {
            event_type: event.event_type.clone(),
            message: e.to_string(),
        })?;
    sqlx::query(
        "INSERT INTO gallery_submitted_versions (app_id, version, registration) \
         VALUES ($1, $2, $3) \
         ON CONFLICT (app_id, version) DO UPDATE SET registration = EXCLUDED.registration",
    )
    .bind(app_id)
    .bind(version_column(event, version)?)
    .bind(registration)
    .execute(&mut *connection)
    .await?;
    Ok(())
}

/// Shows `version` as the app's gallery entry, replacing whatever version was shown: an app
/// has at most one Live version, and the approval of a newer one comes before the retirement
/// of the older one in the same commit.
async fn publish(
    connection: &mut PgConnection,
    event: &StoredEvent,
    app_id: Uuid,
    version: u32,
    at: OffsetDateTime,
) -> Result<(), ProjectionError> {
    let stored: Option<serde_json::Value> = sqlx::query_scalar(
        "SELECT registration FROM gallery_submitted_versions WHERE app_id = $1 AND version = $2",
    )
    .bind(app_id)
    .bind(version_column(event, version)?)
    .fetch_optional(&mut *connection)
    .await?;
    // A version goes live only after its submission, which comes earlier in the same stream and
    // so earlier in commit order: a missing one means the log or this projector is broken, and
    // stopping says so instead of hiding a live app.
    let stored = stored.ok_or_else(|| ProjectionError::Payload {
        event_type: event.event_type.clone(),
        message: format!("version {version} of app {app_id} went live without a submission"),
    })?;
    let registration: Registration =
        serde_json::from_value(stored).map_err(|e| ProjectionError::Payload {
            event_type: event.event_type.clone(),
            message: format!("stored registration of version {version} of app {app_id}: {e}"),
        })?;
    sqlx::query(
        "INSERT INTO gallery_apps (app_id, version, name, short_description, long_description, \
             platforms, audience, app_use, fhir_versions, compliance, homepage_url, \
             privacy_policy_url, terms_of_service_url, icon_sha256, attestation_declined, \
             published_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) \
         ON CONFLICT (app_id) DO UPDATE SET \
             version = EXCLUDED.version, name = EXCLUDED.name, \
             short_description = EXCLUDED.short_description, \
             long_description = EXCLUDED.long_description, platforms = EXCLUDED.platforms, \
             audience = EXCLUDED.audience, app_use = EXCLUDED.app_use, \
             fhir_versions = EXCLUDED.fhir_versions, compliance = EXCLUDED.compliance, \
             homepage_url = EXCLUDED.homepage_url, \
             privacy_policy_url = EXCLUDED.privacy_policy_url, \
             terms_of_service_url = EXCLUDED.terms_of_service_url, \
             icon_sha256 = EXCLUDED.icon_sha256, \
             attestation_declined = EXCLUDED.attestation_declined, \
             published_at = EXCLUDED.published_at",
    )
    .bind(app_id)
    .bind(version_column(event, version)?)
    .bind(registration.name.as_str())
    .bind(registration.short_description.as_str())
    .bind(registration.long_description.as_str())
    .bind(codes(registration.platforms.iter().map(|v| v.code())))
    .bind(codes(registration.audience.iter().map(|v| v.code())))
    .bind(codes(registration.app_use.iter().map(|v| v.code())))
    .bind(codes(registration.fhir_versions.iter().map(|v| v.code())))
    .bind(codes(registration.compliance.iter().map(|v| v.code())))
    .bind(registration.homepage_url.as_str())
    .bind(registration.privacy_policy_url.as_str())
    .bind(registration.terms_of_service_url.as_str())
    .bind(registration.icon.facts().sha256.as_str())
    .bind(!registration.attestation.accepted)
    .bind(at)
    .execute(&mut *connection)
    .await?;
    Ok(())
}

/// Takes the app out of the gallery, but only if `version` is the one shown: a retirement
/// arrives after the approval that replaced the retired version, and must not remove the new one.
async fn withdraw(
    connection: &mut PgConnection,
    event: &StoredEvent,
    app_id: Uuid,
    version: u32,
) -> Result<(), ProjectionError> {
    sqlx::query("DELETE FROM gallery_apps WHERE app_id = $1 AND version = $2")
        .bind(app_id)
        .bind(version_column(event, version)?)
        .execute(&mut *connection)
        .await?;
    Ok(())
}

/// Category codes as a SQL `text[]`.
fn codes<'a>(values: impl Iterator<Item = &'a str>) -> Vec<String> {
    values.map(str::to_owned).collect()
}

/// One app in the gallery: its Live version's public data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GalleryAppRow {
    /// The app.
    pub app_id: Uuid,
    /// The Live version shown.
    pub version: u32,
    /// The app name.
    pub name: String,
    /// Short description, plain text.
    pub short_description: String,
    /// Long description, Markdown (render and sanitise before showing).
    pub long_description: String,
    /// Where the app runs, in wizard order.
    pub platforms: Vec<Platform>,
    /// Who the app is for, in wizard order.
    pub audience: Vec<Audience>,
    /// What the app is used for, in wizard order.
    pub app_use: Vec<AppUse>,
    /// FHIR versions supported, in wizard order.
    pub fhir_versions: Vec<FhirVersion>,
    /// Privacy and security frameworks complied with, in wizard order (may be empty).
    pub compliance: Vec<Compliance>,
    /// The app's home page.
    pub homepage_url: String,
    /// The privacy policy page.
    pub privacy_policy_url: String,
    /// The terms of service page.
    pub terms_of_service_url: String,
    /// SHA-256 of the icon, naming its stored file.
    pub icon_sha256: String,
    /// The developer declined the attestation terms: show the warning label (S9).
    pub attestation_declined: bool,
    /// When this version went live in the gallery (approval or latest reinstatement).
    pub published_at: OffsetDateTime,
}

/// What the gallery's visitor is looking for. Empty lists and no text mean "everything".
///
/// Within one category any listed value matches (two audiences widen the result); across
/// categories every non-empty one must match (a second category narrows it).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GalleryFilter {
    /// Apps for any of these audiences.
    pub audience: Vec<Audience>,
    /// Apps for any of these uses.
    pub app_use: Vec<AppUse>,
    /// Apps supporting any of these FHIR versions.
    pub fhir_versions: Vec<FhirVersion>,
    /// Apps running on any of these platforms.
    pub platforms: Vec<Platform>,
    /// Apps complying with any of these frameworks.
    pub compliance: Vec<Compliance>,
    /// Words to find in the name or descriptions (web-search syntax: quotes, `or`, `-`);
    /// the best matches come first.
    pub text: Option<String>,
}

/// One page of the gallery: by relevance when searching text, otherwise by name.
pub async fn gallery(
    pool: &PgPool,
    filter: &GalleryFilter,
    page: &PageRequest,
) -> Result<Page<GalleryAppRow>, ProjectionError> {
    let text = filter
        .text
        .as_deref()
        .map(str::trim)
        .filter(|text| !text.is_empty());
    let mut query: QueryBuilder<'_, Postgres> =
        QueryBuilder::new(format!("SELECT {COLUMNS} FROM gallery_apps"));
    if let Some(text) = text {
        query
            .push(", websearch_to_tsquery('english', ")
            .push_bind(text.to_owned())
            .push(") AS wanted WHERE search @@ wanted");
    } else {
        query.push(" WHERE true");
    }
    // Only non-empty categories become conditions, so each one can use its GIN index.
    overlap(
        &mut query,
        "audience",
        filter.audience.iter().map(|v| v.code()),
    );
    overlap(
        &mut query,
        "app_use",
        filter.app_use.iter().map(|v| v.code()),
    );
    overlap(
        &mut query,
        "fhir_versions",
        filter.fhir_versions.iter().map(|v| v.code()),
    );
    overlap(
        &mut query,
        "platforms",
        filter.platforms.iter().map(|v| v.code()),
    );
    overlap(
        &mut query,
        "compliance",
        filter.compliance.iter().map(|v| v.code()),
    );
    query.push(if text.is_some() {
        " ORDER BY ts_rank(search, wanted) DESC, lower(name), app_id"
    } else {
        " ORDER BY lower(name), app_id"
    });
    query
        .push(" LIMIT ")
        .push_bind(page.limit_plus_one())
        .push(" OFFSET ")
        .push_bind(page.offset());
    let rows = query
        .build()
        .fetch_all(pool)
        .await?
        .iter()
        .map(gallery_app_row)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Page::from_rows(page, rows))
}

/// One app's gallery entry; `None` when it has no Live version.
pub async fn gallery_app(
    pool: &PgPool,
    app_id: Uuid,
) -> Result<Option<GalleryAppRow>, ProjectionError> {
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM gallery_apps WHERE app_id = $1"
    ))
    .bind(app_id)
    .fetch_optional(pool)
    .await?;
    row.as_ref().map(gallery_app_row).transpose()
}

/// Adds "`column` shares a value with `wanted`" unless nothing is wanted in that category.
fn overlap<'a>(
    query: &mut QueryBuilder<'_, Postgres>,
    column: &str,
    wanted: impl Iterator<Item = &'a str>,
) {
    let wanted = codes(wanted);
    if !wanted.is_empty() {
        query
            .push(format!(" AND {column} && "))
            .push_bind(wanted)
            .push("::text[]");
    }
}

fn gallery_app_row(row: &PgRow) -> Result<GalleryAppRow, ProjectionError> {
    let version: i32 = row.try_get("version")?;
    Ok(GalleryAppRow {
        app_id: row.try_get("app_id")?,
        version: u32::try_from(version).map_err(|e| decode_error("version", e))?,
        name: row.try_get("name")?,
        short_description: row.try_get("short_description")?,
        long_description: row.try_get("long_description")?,
        platforms: categories(row, "platforms")?,
        audience: categories(row, "audience")?,
        app_use: categories(row, "app_use")?,
        fhir_versions: categories(row, "fhir_versions")?,
        compliance: categories(row, "compliance")?,
        homepage_url: row.try_get("homepage_url")?,
        privacy_policy_url: row.try_get("privacy_policy_url")?,
        terms_of_service_url: row.try_get("terms_of_service_url")?,
        icon_sha256: row.try_get("icon_sha256")?,
        attestation_declined: row.try_get("attestation_declined")?,
        published_at: row.try_get("published_at")?,
    })
}

/// Reads a `text[]` of codes back into category values through their serde form, the same
/// form the projector wrote them in.
fn categories<T: DeserializeOwned>(row: &PgRow, column: &str) -> Result<Vec<T>, ProjectionError> {
    let codes: Vec<String> = row.try_get(column)?;
    codes
        .into_iter()
        .map(|code| {
            serde_json::from_value(serde_json::Value::String(code))
                .map_err(|e| decode_error(column, e))
        })
        .collect()
}

/// A stored value that no longer reads back is a database decoding failure.
fn decode_error(column: &str, error: impl std::fmt::Display) -> ProjectionError {
    ProjectionError::Database(sqlx::Error::ColumnDecode {
        index: column.to_owned(),
        source: error.to_string().into(),
    })
}
