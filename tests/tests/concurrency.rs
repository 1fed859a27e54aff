//! Races decided by the log: unique names and review decisions (S4, S5).

use std::sync::Arc;

use api::commands::CommandError;
use tests::fixtures::Portal;
use tests::TestDb;
use uuid::Uuid;

#[tokio::test]
async fn twenty_racing_drafts_with_one_name_give_one_success_and_the_draft_message_to_the_rest() {
    let db = TestDb::new().await;
    let portal = Arc::new(Portal::new(db.state()));
    let mut developers = Vec::new();
    for _ in 0..20 {
        developers.push(portal.developer().await);
    }
    // The same name differing only in case and white space.
    let spellings = [
        "Heart Beat",
        "  heart   beat ",
        "HEART BEAT",
        "Heart\tBeat",
        "heart beat",
    ];

    let mut racers = Vec::new();
    for (i, developer) in developers.into_iter().enumerate() {
        let portal = Arc::clone(&portal);
        let name = spellings[i % spellings.len()].to_owned();
        racers.push(tokio::spawn(async move {
            let outcome = portal
                .state
                .app_registrations
                .start_draft(&portal.as_actor(&developer), Uuid::now_v7(), &name)
                .await;
            (name, outcome)
        }));
    }
    let mut winners = 0;
    for racer in racers {
        let (name, outcome) = racer.await.expect("the task ran");
        match outcome {
            Ok(()) => winners += 1,
            Err(error) => {
                assert_eq!(error.code(), "DRAFT_NAME_IN_PROGRESS", "{error}");
                let shown = name.split_whitespace().collect::<Vec<_>>().join(" ");
                assert_eq!(
                    error.to_string(),
                    format!("Draft registration with name {shown} is in progress")
                );
                assert_eq!(error.fields()[0].field, "name");
            }
        }
    }
    assert_eq!(winners, 1);
    let reserved: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM events WHERE aggregate_type = 'app_name' AND aggregate_id = 'heart beat'",
    )
    .fetch_one(&db.pool)
    .await
    .expect("count");
    assert_eq!(reserved, 1, "exactly one reservation event");
    let drafts: i64 =
        sqlx::query_scalar("SELECT count(*) FROM events WHERE event_type = 'DraftStarted'")
            .fetch_one(&db.pool)
            .await
            .expect("count");
    assert_eq!(drafts, 1, "no app was created without its name");
}

#[tokio::test]
async fn a_submitted_apps_name_is_already_in_use_and_a_deleted_drafts_name_is_free_again() {
    let db = TestDb::new().await;
    let portal = Portal::new(db.state());
    let alice = portal.developer().await;
    let bob = portal.developer().await;
    let apps = &portal.state.app_registrations;

    portal.submitted_app(&alice, "Glucose Guide").await;
    let taken = apps
        .start_draft(&portal.as_actor(&bob), Uuid::now_v7(), "glucose  GUIDE")
        .await
        .expect_err("the name is in use");
    assert_eq!(taken.code(), "NAME_IN_USE");
    assert_eq!(taken.to_string(), "glucose GUIDE is already in use");

    let draft = Uuid::now_v7();
    apps.start_draft(&portal.as_actor(&alice), draft, "Sleep Well")
        .await
        .expect("start");
    apps.delete_draft(&portal.as_actor(&alice), draft, 1)
        .await
        .expect("delete");
    apps.start_draft(&portal.as_actor(&bob), Uuid::now_v7(), "Sleep Well")
        .await
        .expect("the deleted draft's name is free");
}

#[tokio::test]
async fn renaming_a_draft_takes_the_new_name_and_frees_the_old_one() {
    let db = TestDb::new().await;
    let portal = Portal::new(db.state());
    let alice = portal.developer().await;
    let bob = portal.developer().await;
    let apps = &portal.state.app_registrations;
    let app_id = Uuid::now_v7();
    apps.start_draft(&portal.as_actor(&alice), app_id, "Old Name")
        .await
        .expect("start");

    apps.rename_draft(&portal.as_actor(&alice), app_id, "New Name")
        .await
        .expect("rename");

    let blocked = apps
        .start_draft(&portal.as_actor(&bob), Uuid::now_v7(), "new name")
        .await
        .expect_err("the new name is held by the draft");
    assert_eq!(
        blocked.to_string(),
        "Draft registration with name new name is in progress"
    );
    apps.start_draft(&portal.as_actor(&bob), Uuid::now_v7(), "Old Name")
        .await
        .expect("the old name is free");
}

#[tokio::test]
async fn approve_and_reject_racing_on_one_version_give_one_winner_and_a_conflict() {
    let db = TestDb::new().await;
    let portal = Arc::new(Portal::new(db.state()));
    let developer = portal.developer().await;
    let approver = portal.reviewer().await;
    let rejecter = portal.reviewer().await;

    for round in 0..5 {
        let app_id = portal
            .submitted_app(&developer, &format!("Race Track {round}"))
            .await;
        let approve = {
            let portal = Arc::clone(&portal);
            let approver = approver.clone();
            tokio::spawn(async move {
                portal
                    .state
                    .app_registrations
                    .approve_version(&portal.as_actor(&approver), app_id, 1)
                    .await
            })
        };
        let reject = {
            let portal = Arc::clone(&portal);
            let rejecter = rejecter.clone();
            tokio::spawn(async move {
                portal
                    .state
                    .app_registrations
                    .reject_version(&portal.as_actor(&rejecter), app_id, 1, "Icon is blurry.")
                    .await
            })
        };
        let outcomes: Vec<Result<(), CommandError>> = vec![
            approve.await.expect("approve ran"),
            reject.await.expect("reject ran"),
        ];

        let winners = outcomes.iter().filter(|o| o.is_ok()).count();
        assert_eq!(winners, 1, "round {round}: {outcomes:?}");
        // The loser either collided on the log or, if it loaded after the winner committed,
        // found the version decided already; neither changed anything.
        for loser in outcomes.iter().filter_map(|o| o.as_ref().err()) {
            assert!(
                matches!(loser.code(), "CONFLICT" | "INVALID_TRANSITION"),
                "round {round}: {loser}"
            );
        }
        let decisions: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM events WHERE aggregate_id = $1 \
             AND event_type IN ('VersionApproved', 'VersionRejected')",
        )
        .bind(app_id.to_string())
        .fetch_one(&db.pool)
        .await
        .expect("count");
        assert_eq!(
            decisions, 1,
            "round {round}: exactly one decision in the log"
        );
    }
}
