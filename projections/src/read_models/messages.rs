//! Messages (S6): the audit log of each app, oldest first, with one system message for every
//! status change so that the developer reads the whole story of the app in one place.
//!
//! Folded from the `app_registration` streams into `app_messages`. Posted messages keep the id
//! they were posted with; system messages get a UUID v5 derived from the app id and the event's
//! place in its stream, so replaying the log writes identical rows and applying an event twice
//! writes nothing new.

use async_trait::async_trait;
use domain::app_registration::AppRegistrationEvent;
use sqlx::postgres::PgRow;
use sqlx::{PgConnection, PgPool, Row};
use time::OffsetDateTime;
use uuid::Uuid;

use super::{app_id_of, version_column, APP_REGISTRATION};
use crate::paging::{Page, PageRequest};
use crate::{ProjectionError, Projector, StoredEvent};

/// Folds app registration events into the `app_messages` table.
#[derive(Debug, Clone, Copy, Default)]
pub struct MessagesProjector;

#[async_trait]
impl Projector for MessagesProjector {
    fn name(&self) -> &'static str {
        "messages"
    }

    fn tables(&self) -> &'static [&'static str] {
        &["app_messages"]
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
        let (version, body, at) = match event.decode::<AppRegistrationEvent>()? {
            Ev::MessagePosted {
                message_id,
                author,
                body,
                at,
            } => {
                sqlx::query(
                    "INSERT INTO app_messages (message_id, app_id, version, author, body, \
                     posted_at, system, stream_sequence) \
                     VALUES ($1, $2, NULL, $3, $4, $5, false, $6) \
                     ON CONFLICT (message_id) DO NOTHING",
                )
                .bind(message_id)
                .bind(app_id)
                .bind(author)
                .bind(body.as_str())
                .bind(at)
                .bind(event.sequence)
                .execute(&mut *connection)
                .await?;
                return Ok(());
            }
            Ev::VersionSubmitted { version, at, .. } => (
                version,
                format!("Version {version} was submitted for review."),
                at,
            ),
            Ev::VersionApproved { version, at, .. } => (
                version,
                format!("Version {version} was approved and is live."),
                at,
            ),
            Ev::VersionRejected {
                version,
                reason,
                at,
                ..
            } => (
                version,
                format!("Version {version} was rejected: {reason}"),
                at,
            ),
            Ev::VersionSuspended {
                version,
                reason,
                at,
                ..
            } => (
                version,
                format!("Version {version} was suspended: {reason}"),
                at,
            ),
            Ev::VersionReinstated { version, at, .. } => (
                version,
                format!("Version {version} was reinstated and is live again."),
                at,
            ),
            Ev::VersionRetired {
                version,
                superseded_by,
                at,
                ..
            } => (
                version,
                format!("Version {version} was retired: version {superseded_by} is live."),
                at,
            ),
            // Drafts are the developer's private work: S5's diagram starts at submission.
            Ev::DraftStarted { .. }
            | Ev::DraftRenamed { .. }
            | Ev::DraftStepSaved { .. }
            | Ev::ReRegistrationStarted { .. }
            | Ev::DraftDeleted { .. } => return Ok(()),
        };
        // The id is `Uuid::new_v5(&app_id, "<stream id>:<sequence>")`, computed by uuid-ossp
        // because the workspace's uuid crate is built without its v5 feature; both give the
        // same value (RFC 4122 name-based, SHA-1).
        sqlx::query(
            "INSERT INTO app_messages (message_id, app_id, version, author, body, posted_at, \
             system, stream_sequence) \
             VALUES (uuid_generate_v5($1, $2), $1, $3, NULL, $4, $5, true, $6) \
             ON CONFLICT (message_id) DO NOTHING",
        )
        .bind(app_id)
        .bind(system_message_name(event))
        .bind(version_column(event, version)?)
        .bind(body)
        .bind(at)
        .bind(event.sequence)
        .execute(&mut *connection)
        .await?;
        Ok(())
    }
}

/// The name a system message's UUID v5 is derived from (in the app id's namespace): the
/// event's stream and place in it, which identify the event for good.
fn system_message_name(event: &StoredEvent) -> String {
    format!("{}:{}", event.aggregate_id, event.sequence)
}

/// One message of an app as the portal shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct MessageRow {
    /// The message's id.
    pub message_id: Uuid,
    /// The app it is about.
    pub app_id: Uuid,
    /// The version a system message is about; `None` for posted messages.
    pub version: Option<u32>,
    /// Who posted it; `None` for system messages.
    pub author: Option<Uuid>,
    /// The author's first and last name, looked up when read (so a rename shows everywhere).
    pub author_name: Option<String>,
    /// The text.
    pub body: String,
    /// When it was posted or the status changed.
    pub posted_at: OffsetDateTime,
    /// Whether the portal wrote it for a status change.
    pub system: bool,
}

/// The messages of app `app_id`, oldest first (S6). The caller checks who may read them (S1).
pub async fn messages(
    pool: &PgPool,
    app_id: Uuid,
    page: &PageRequest,
) -> Result<Page<MessageRow>, ProjectionError> {
    let rows = sqlx::query(
        "SELECT m.message_id, m.app_id, m.version, m.author, \
                a.first_name || ' ' || a.last_name AS author_name, \
                m.body, m.posted_at, m.system \
         FROM app_messages m \
         LEFT JOIN accounts a ON a.account_id = m.author \
         WHERE m.app_id = $1 \
         ORDER BY m.stream_sequence LIMIT $2 OFFSET $3",
    )
    .bind(app_id)
    .bind(page.limit_plus_one())
    .bind(page.offset())
    .fetch_all(pool)
    .await?;
    let rows = rows
        .iter()
        .map(message_from_row)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Page::from_rows(page, rows))
}

fn message_from_row(row: &PgRow) -> Result<MessageRow, ProjectionError> {
    let version: Option<i32> = row.try_get("version")?;
    let version = version
        .map(|v| {
            u32::try_from(v).map_err(|e| {
                sqlx::Error::Decode(format!("app_messages.version holds {v}: {e}").into())
            })
        })
        .transpose()?;
    Ok(MessageRow {
        message_id: row.try_get("message_id")?,
        app_id: row.try_get("app_id")?,
        version,
        author: row.try_get("author")?,
        author_name: row.try_get("author_name")?,
        body: row.try_get("body")?,
        posted_at: row.try_get("posted_at")?,
        system: row.try_get("system")?,
    })
}
