//! The event log against a real PostgreSQL: persistence, atomic appends, append-only.

use api::event_log::{CommitMetadata, EventLog};
use domain::app_registration::{AppRegistration, AppRegistrationCommand, VersionStatus};
use domain::values::reason::Reason;
use tests::fixtures::Portal;
use tests::TestDb;
use uuid::Uuid;

#[tokio::test]
async fn events_persist_and_reload_into_the_same_state() {
    let db = TestDb::new().await;
    let portal = Portal::new(db.state());
    let developer = portal.developer().await;
    let app_id = portal
        .submitted_app(&developer, "Blood Pressure Diary")
        .await;

    let apps = &portal.state.app_registrations;
    let decided = apps.load_app(app_id).await.expect("load").state().clone();
    // A new log keeps nothing in memory: the state comes from the stored events alone.
    let reloaded = EventLog::new(db.pool.clone())
        .load::<AppRegistration>(&app_id.to_string())
        .await
        .expect("reload")
        .state()
        .clone();

    assert_eq!(reloaded, decided);
    assert_eq!(reloaded.owner(), Some(developer.account_id));
    assert_eq!(
        reloaded.name().map(|n| n.as_str()),
        Some("Blood Pressure Diary")
    );
    let version = reloaded.version(1).expect("version 1");
    assert_eq!(version.status(), VersionStatus::InReview);
    assert!(reloaded.client_id().is_some());
}

#[tokio::test]
async fn every_commit_carries_actor_roles_correlation_and_time() {
    let db = TestDb::new().await;
    let portal = Portal::new(db.state());
    let developer = portal.developer().await;
    let metadata = portal.as_actor(&developer);
    let app_id = Uuid::now_v7();
    portal
        .state
        .app_registrations
        .start_draft(&metadata, app_id, "Sleep Coach")
        .await
        .expect("start");

    let rows: Vec<(String, serde_json::Value)> = sqlx::query_as(
        "SELECT aggregate_type, metadata FROM events WHERE metadata->>'request_id' = $1 \
         ORDER BY global_position",
    )
    .bind(metadata.request_id.to_string())
    .fetch_all(&db.pool)
    .await
    .expect("read the commit");

    let types: Vec<&str> = rows.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(
        types,
        ["app_name", "app_registration"],
        "one commit, two streams"
    );
    for (_, meta) in &rows {
        assert_eq!(meta["actor_id"], developer.account_id.to_string());
        assert_eq!(meta["actor_roles"], "DEVELOPER");
        assert_eq!(meta["correlation_id"], metadata.correlation_id.to_string());
        assert!(meta["command_time"]
            .as_str()
            .is_some_and(|t| t.starts_with("2026-")));
    }
}

#[tokio::test]
async fn updating_or_deleting_an_event_fails() {
    let db = TestDb::new().await;
    let portal = Portal::new(db.state());
    portal.developer().await;
    let before: i64 = sqlx::query_scalar("SELECT count(*) FROM events")
        .fetch_one(&db.pool)
        .await
        .expect("count");
    assert!(before > 0);

    let update = sqlx::query("UPDATE events SET payload = '{}'::jsonb")
        .execute(&db.pool)
        .await;
    let delete = sqlx::query("DELETE FROM events").execute(&db.pool).await;
    let truncate = sqlx::query("TRUNCATE events").execute(&db.pool).await;

    for outcome in [update, delete, truncate] {
        let error = outcome.expect_err("the log must refuse changes");
        assert!(
            error.to_string().contains("append-only"),
            "unexpected error: {error}"
        );
    }
    let after: i64 = sqlx::query_scalar("SELECT count(*) FROM events")
        .fetch_one(&db.pool)
        .await
        .expect("count");
    assert_eq!(after, before);
}

#[tokio::test]
async fn approve_and_reject_decided_on_the_same_state_give_one_commit_and_a_conflict() {
    let db = TestDb::new().await;
    let portal = Portal::new(db.state());
    let developer = portal.developer().await;
    let approver = portal.reviewer().await;
    let rejecter = portal.reviewer().await;
    let app_id = portal.submitted_app(&developer, "Step Counter").await;
    let log = EventLog::new(db.pool.clone());

    // Both reviewers load the version while it is in review, before either commits.
    let mut approving = log
        .load::<AppRegistration>(&app_id.to_string())
        .await
        .expect("load");
    let mut rejecting = log
        .load::<AppRegistration>(&app_id.to_string())
        .await
        .expect("load");
    approving
        .decide(
            AppRegistrationCommand::ApproveVersion {
                actor: approver.clone(),
                version: 1,
                at: portal.clock.now(),
            },
            &(),
        )
        .await
        .expect("approval is allowed");
    rejecting
        .decide(
            AppRegistrationCommand::RejectVersion {
                actor: rejecter.clone(),
                version: 1,
                reason: Reason::parse("The icon is blurry.").expect("valid"),
                at: portal.clock.now(),
            },
            &(),
        )
        .await
        .expect("rejection is allowed");

    let approval = CommitMetadata::new(Some(approver), portal.clock.now());
    let rejection = CommitMetadata::new(Some(rejecter), portal.clock.now());
    let (approved, rejected) = tokio::join!(
        log.commit(approving.into_changes().expect("serialise"), &approval),
        log.commit(rejecting.into_changes().expect("serialise"), &rejection),
    );

    let outcomes = [approved, rejected];
    assert_eq!(outcomes.iter().filter(|o| o.is_ok()).count(), 1);
    assert!(outcomes
        .iter()
        .any(|o| matches!(o, Err(api::event_log::EventLogError::Conflict))));
    let decisions: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM events WHERE event_type IN ('VersionApproved', 'VersionRejected')",
    )
    .fetch_one(&db.pool)
    .await
    .expect("count");
    assert_eq!(decisions, 1, "the log holds exactly one decision");
    let status = portal
        .state
        .app_registrations
        .load_app(app_id)
        .await
        .expect("load")
        .state()
        .version(1)
        .expect("version 1")
        .status();
    assert!(matches!(
        status,
        VersionStatus::Live | VersionStatus::Rejected
    ));
}
