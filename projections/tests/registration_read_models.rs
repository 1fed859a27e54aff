//! The registration read models (S6, S7) against a real PostgreSQL: the portal is driven through
//! the application services exactly as the API drives them, the projectors catch up, and the
//! read-model queries answer what the developer's and the reviewer's pages show.

use std::collections::BTreeSet;

use api::commands::accounts::SignUpForm;
use api::event_log::CommitMetadata;
use domain::actor::Actor;
use domain::app_registration::{AttestationDecision, RegistrationDraft, VersionStatus, WizardStep};
use domain::values::role::Role;
use projections::paging::{Page, PageRequest};
use projections::read_models::accounts::{account_by_email, account_by_id, accounts};
use projections::read_models::app_versions::{
    app_version, app_versions_of, drafts, finished_registrations, review_queue, AppVersionRow,
    ReviewQueueFilter,
};
use projections::read_models::messages::{messages, MessageRow};
use projections::runner::Projections;
use tests::fixtures::{complete_steps, Portal};
use tests::TestDb;
use uuid::Uuid;

/// Every projector of the portal folds everything committed so far. Waiting for the tail,
/// not a single catch-up: another test's open transaction on the same server can hide
/// just-committed events for a moment.
async fn catch_up(db: &TestDb) {
    Projections::new(db.pool.clone(), projections::read_models::all())
        .wait_for_tail(std::time::Duration::from_secs(10))
        .await
        .expect("the projectors catch up");
}

/// A page big enough for every list in these tests.
fn everything() -> PageRequest {
    PageRequest {
        first: 100,
        after: None,
    }
}

fn first(n: u32) -> PageRequest {
    PageRequest {
        first: n,
        after: None,
    }
}

fn next_after<T>(page: &Page<T>, n: u32) -> PageRequest {
    PageRequest {
        first: n,
        after: page.items.last().map(|(cursor, _)| cursor.clone()),
    }
}

fn rows<T: Clone>(page: &Page<T>) -> Vec<T> {
    page.items.iter().map(|(_, row)| row.clone()).collect()
}

fn versions_of(rows: &[AppVersionRow]) -> Vec<(String, u32, VersionStatus)> {
    rows.iter()
        .map(|r| (r.name.clone(), r.version, r.status))
        .collect()
}

fn bodies(rows: &[MessageRow]) -> Vec<String> {
    rows.iter().map(|m| m.body.clone()).collect()
}

/// What a re-registration must add before it can be submitted: change notes (S4 step 6) and
/// a fresh answer to the attestation (step 8), which is not copied from the previous version.
fn re_registration_steps(notes: &str) -> Vec<WizardStep> {
    vec![
        WizardStep::Scopes {
            scopes: Some("openid fhirUser launch/patient patient/Observation.rs".to_owned()),
            change_notes: Some(notes.to_owned()),
        },
        WizardStep::Attestation {
            decision: Some(AttestationDecision {
                accepted: true,
                terms_version: None,
            }),
        },
    ]
}

/// The developer completes re-registration draft `version` and submits it.
async fn submit_re_registration(portal: &Portal, developer: &Actor, app_id: Uuid, version: u32) {
    let apps = &portal.state.app_registrations;
    for step in re_registration_steps("Sharper charts.") {
        apps.save_draft_step(&portal.as_actor(developer), app_id, version, step)
            .await
            .expect("save a step");
    }
    apps.submit_version(&portal.as_actor(developer), app_id, version)
        .await
        .expect("submit the re-registration");
}

/// The developer re-registers the app from `from`, completes the draft and submits it.
async fn resubmit(portal: &Portal, developer: &Actor, app_id: Uuid, from: u32) {
    portal
        .state
        .app_registrations
        .start_re_registration(&portal.as_actor(developer), app_id, from)
        .await
        .expect("re-register");
    submit_re_registration(portal, developer, app_id, from + 1).await;
}

#[tokio::test]
async fn a_registration_shows_in_the_drafts_and_finished_lists_through_its_whole_lifecycle() {
    let db = TestDb::new().await;
    let portal = Portal::new(db.state());
    let developer = portal.developer().await;
    let reviewer = portal.reviewer().await;
    let apps = &portal.state.app_registrations;
    let owner = developer.account_id;

    // A saved draft is in the drafts list only, with the data as saved.
    let app_id = portal.complete_draft(&developer, "Pulse Diary").await;
    catch_up(&db).await;
    let listed = rows(
        &drafts(&db.pool, owner, &everything())
            .await
            .expect("drafts"),
    );
    assert_eq!(listed.len(), 1);
    let draft = &listed[0];
    assert_eq!(
        (draft.app_id, draft.version, draft.name.as_str()),
        (app_id, 1, "Pulse Diary")
    );
    assert_eq!(draft.status, VersionStatus::Draft);
    assert!(!draft.is_reregistration);
    let mut expected = RegistrationDraft::default();
    complete_steps()
        .into_iter()
        .for_each(|step| expected.save(step));
    assert_eq!(draft.draft, expected);
    assert_eq!(draft.modified_at, draft.saved_at);
    assert_eq!(
        (draft.submitted_at, &draft.registration, &draft.client_id),
        (None, &None, &None)
    );
    assert!(finished_registrations(&db.pool, owner, &everything())
        .await
        .expect("finished")
        .items
        .is_empty());

    // Submitted: in the finished list, in review, with the data and profile of the moment.
    apps.submit_version(&portal.as_actor(&developer), app_id, 1)
        .await
        .expect("submit");
    catch_up(&db).await;
    assert!(drafts(&db.pool, owner, &everything())
        .await
        .expect("drafts")
        .items
        .is_empty());
    let finished = rows(
        &finished_registrations(&db.pool, owner, &everything())
            .await
            .expect("finished"),
    );
    assert_eq!(
        versions_of(&finished),
        [("Pulse Diary".to_owned(), 1, VersionStatus::InReview)]
    );
    let v1 = &finished[0];
    let registration = v1.registration.clone().expect("the submitted registration");
    assert_eq!(registration.name.as_str(), "Pulse Diary");
    assert!(v1.vendor_profile.is_some());
    let client_id = v1.client_id.clone().expect("a client id at submission");
    assert_eq!(v1.submitted_at, Some(v1.modified_at));
    assert_eq!(
        v1.newest_message.as_deref(),
        Some("Version 1 was submitted for review.")
    );

    // Rejected: the reason is on the row and is the newest message.
    let reason = "The privacy policy page does not load.";
    apps.reject_version(&portal.as_actor(&reviewer), app_id, 1, reason)
        .await
        .expect("reject");
    catch_up(&db).await;
    let v1 = app_version(&db.pool, app_id, 1)
        .await
        .expect("read")
        .expect("version 1");
    assert_eq!(v1.status, VersionStatus::Rejected);
    assert_eq!(v1.status_reason.as_deref(), Some(reason));
    assert_eq!(v1.decided_by, Some(reviewer.account_id));
    assert!(v1.modified_at > v1.submitted_at.expect("submitted"));
    let newest = format!("Version 1 was rejected: {reason}");
    assert_eq!(v1.newest_message.as_deref(), Some(newest.as_str()));

    // Re-registered: a draft of version 2 marked as such, filled from version 1.
    apps.start_re_registration(&portal.as_actor(&developer), app_id, 1)
        .await
        .expect("re-register");
    catch_up(&db).await;
    let listed = rows(
        &drafts(&db.pool, owner, &everything())
            .await
            .expect("drafts"),
    );
    assert_eq!(
        versions_of(&listed),
        [("Pulse Diary".to_owned(), 2, VersionStatus::Draft)]
    );
    assert!(listed[0].is_reregistration);
    assert_eq!(listed[0].draft, RegistrationDraft::from(&registration));
    assert_eq!(
        listed[0].newest_message.as_deref(),
        Some(newest.as_str()),
        "the app's newest message shows on every row"
    );

    // Version 2 submitted and approved: live, listed above version 1.
    submit_re_registration(&portal, &developer, app_id, 2).await;
    apps.approve_version(&portal.as_actor(&reviewer), app_id, 2)
        .await
        .expect("approve version 2");
    catch_up(&db).await;
    let finished = rows(
        &finished_registrations(&db.pool, owner, &everything())
            .await
            .expect("finished"),
    );
    assert_eq!(
        versions_of(&finished),
        [
            ("Pulse Diary".to_owned(), 2, VersionStatus::Live),
            ("Pulse Diary".to_owned(), 1, VersionStatus::Rejected),
        ]
    );
    assert_eq!(finished[0].client_id.as_deref(), Some(client_id.as_str()));
    assert_eq!(finished[0].status_reason, None);
    assert!(drafts(&db.pool, owner, &everything())
        .await
        .expect("drafts")
        .items
        .is_empty());

    // Version 3 approved: it is live and version 2 retired at the same instant.
    resubmit(&portal, &developer, app_id, 2).await;
    apps.approve_version(&portal.as_actor(&reviewer), app_id, 3)
        .await
        .expect("approve version 3");
    catch_up(&db).await;
    let all = app_versions_of(&db.pool, app_id).await.expect("versions");
    assert_eq!(
        versions_of(&all),
        [
            ("Pulse Diary".to_owned(), 1, VersionStatus::Rejected),
            ("Pulse Diary".to_owned(), 2, VersionStatus::Retired),
            ("Pulse Diary".to_owned(), 3, VersionStatus::Live),
        ]
    );
    assert_eq!(all[1].modified_at, all[2].modified_at);
    assert_eq!(all[1].decided_by, Some(reviewer.account_id));
    let finished = rows(
        &finished_registrations(&db.pool, owner, &everything())
            .await
            .expect("finished"),
    );
    assert_eq!(
        finished.iter().map(|r| r.version).collect::<Vec<_>>(),
        [3, 2, 1],
        "newest submission first"
    );
    assert_eq!(
        finished[0].newest_message.as_deref(),
        Some("Version 2 was retired: version 3 is live.")
    );
    assert!(finished.iter().all(|row| row.owner == owner));

    // Another developer sees none of it in their own lists.
    let stranger = portal.developer().await;
    catch_up(&db).await;
    assert!(
        finished_registrations(&db.pool, stranger.account_id, &everything())
            .await
            .expect("finished")
            .items
            .is_empty()
    );
}

#[tokio::test]
async fn suspending_and_reinstating_show_the_reason_only_while_suspended() {
    let db = TestDb::new().await;
    let portal = Portal::new(db.state());
    let developer = portal.developer().await;
    let reviewer = portal.reviewer().await;
    let admin = portal.admin().await;
    let apps = &portal.state.app_registrations;
    let app_id = portal.submitted_app(&developer, "Sleep Ledger").await;
    apps.approve_version(&portal.as_actor(&reviewer), app_id, 1)
        .await
        .expect("approve");
    apps.suspend_version(
        &portal.as_actor(&admin),
        app_id,
        1,
        "Leaks tokens in the URL.",
    )
    .await
    .expect("suspend");
    catch_up(&db).await;
    let v1 = app_version(&db.pool, app_id, 1)
        .await
        .expect("read")
        .expect("version 1");
    assert_eq!(v1.status, VersionStatus::Suspended);
    assert_eq!(
        v1.status_reason.as_deref(),
        Some("Leaks tokens in the URL.")
    );
    assert_eq!(v1.decided_by, Some(admin.account_id));

    apps.reinstate_version(&portal.as_actor(&admin), app_id, 1)
        .await
        .expect("reinstate");
    catch_up(&db).await;
    let v1 = app_version(&db.pool, app_id, 1)
        .await
        .expect("read")
        .expect("version 1");
    assert_eq!(v1.status, VersionStatus::Live);
    assert_eq!(v1.status_reason, None);
    assert_eq!(
        v1.newest_message.as_deref(),
        Some("Version 1 was reinstated and is live again.")
    );
    assert_eq!(app_version(&db.pool, app_id, 2).await.expect("read"), None);
    assert_eq!(
        app_version(&db.pool, app_id, u32::MAX).await.expect("read"),
        None
    );
}

#[tokio::test]
async fn renaming_a_draft_renames_it_and_deleting_it_removes_the_app() {
    let db = TestDb::new().await;
    let portal = Portal::new(db.state());
    let developer = portal.developer().await;
    let apps = &portal.state.app_registrations;
    let older = portal.complete_draft(&developer, "Step Counter").await;
    let newer = Uuid::now_v7();
    apps.start_draft(&portal.as_actor(&developer), newer, "Water Log")
        .await
        .expect("start");
    catch_up(&db).await;
    let listed = rows(
        &drafts(&db.pool, developer.account_id, &everything())
            .await
            .expect("drafts"),
    );
    assert_eq!(
        listed.iter().map(|d| d.app_id).collect::<Vec<_>>(),
        [newer, older],
        "newest saved first"
    );

    // Renaming the older draft saves it: it moves to the top under its new name.
    apps.rename_draft(&portal.as_actor(&developer), older, "Stride Counter")
        .await
        .expect("rename");
    catch_up(&db).await;
    let listed = rows(
        &drafts(&db.pool, developer.account_id, &everything())
            .await
            .expect("drafts"),
    );
    assert_eq!(
        listed
            .iter()
            .map(|d| (d.app_id, d.name.as_str()))
            .collect::<Vec<_>>(),
        [(older, "Stride Counter"), (newer, "Water Log")]
    );

    apps.delete_draft(&portal.as_actor(&developer), older, 1)
        .await
        .expect("delete");
    catch_up(&db).await;
    let listed = rows(
        &drafts(&db.pool, developer.account_id, &everything())
            .await
            .expect("drafts"),
    );
    assert_eq!(listed.iter().map(|d| d.app_id).collect::<Vec<_>>(), [newer]);
    assert!(app_versions_of(&db.pool, older)
        .await
        .expect("versions")
        .is_empty());
}

#[tokio::test]
async fn the_review_queue_lists_versions_in_review_oldest_first_and_filters_them() {
    let db = TestDb::new().await;
    let portal = Portal::new(db.state());
    let ada = portal.developer().await;
    let bob = portal.developer().await;
    let reviewer = portal.reviewer().await;
    let first_app = portal.submitted_app(&ada, "Heart Rate Pal").await;
    let second_app = portal.submitted_app(&bob, "Lung Heartbeat").await;
    let third_app = portal.submitted_app(&ada, "100% Sleep_Well").await;
    let decided = portal.submitted_app(&bob, "Heart Decided").await;
    let draft_only = portal.complete_draft(&ada, "Heart Draft").await;
    portal
        .state
        .app_registrations
        .approve_version(&portal.as_actor(&reviewer), decided, 1)
        .await
        .expect("approve");
    catch_up(&db).await;

    let queue = |filter: ReviewQueueFilter| {
        let pool = db.pool.clone();
        async move {
            rows(
                &review_queue(&pool, &filter, &everything())
                    .await
                    .expect("queue"),
            )
            .iter()
            .map(|r| r.app_id)
            .collect::<Vec<_>>()
        }
    };
    assert_eq!(
        queue(ReviewQueueFilter::default()).await,
        [first_app, second_app, third_app],
        "in review only, oldest submission first"
    );
    assert!(!queue(ReviewQueueFilter::default())
        .await
        .contains(&draft_only));
    assert_eq!(
        queue(ReviewQueueFilter {
            name_contains: Some("HEART".to_owned()),
            owner: None,
        })
        .await,
        [first_app, second_app],
        "case-insensitive substring of the name"
    );
    assert_eq!(
        queue(ReviewQueueFilter {
            name_contains: Some("heart".to_owned()),
            owner: Some(bob.account_id),
        })
        .await,
        [second_app]
    );
    assert_eq!(
        queue(ReviewQueueFilter {
            name_contains: None,
            owner: Some(ada.account_id),
        })
        .await,
        [first_app, third_app]
    );
    // LIKE's wildcards are plain characters in the filter.
    assert_eq!(
        queue(ReviewQueueFilter {
            name_contains: Some("0% sleep_".to_owned()),
            owner: None,
        })
        .await,
        [third_app]
    );
    for (text, expected) in [
        ("%", vec![third_app]),
        ("_", vec![third_app]),
        ("e_r", vec![]),
        ("\\", vec![]),
    ] {
        let filter = ReviewQueueFilter {
            name_contains: Some(text.to_owned()),
            owner: None,
        };
        assert_eq!(queue(filter).await, expected, "filtered by {text:?}");
    }

    // Paging keeps the order across pages.
    let page_one = review_queue(&db.pool, &ReviewQueueFilter::default(), &first(2))
        .await
        .expect("queue");
    assert!(page_one.has_next_page);
    let page_two = review_queue(
        &db.pool,
        &ReviewQueueFilter::default(),
        &next_after(&page_one, 2),
    )
    .await
    .expect("queue");
    assert!(!page_two.has_next_page);
    let ids: Vec<Uuid> = rows(&page_one)
        .iter()
        .chain(rows(&page_two).iter())
        .map(|r| r.app_id)
        .collect();
    assert_eq!(ids, [first_app, second_app, third_app]);
}

#[tokio::test]
async fn messages_are_listed_oldest_first_with_their_authors_and_the_system_messages() {
    let db = TestDb::new().await;
    let portal = Portal::new(db.state());
    let developer = portal.developer().await;
    let reviewer = portal.reviewer().await;
    let apps = &portal.state.app_registrations;
    let app_id = portal.submitted_app(&developer, "Glucose Notes").await;
    let question = Uuid::now_v7();
    apps.post_message(
        &portal.as_actor(&reviewer),
        app_id,
        question,
        "Which FHIR server did you test against?",
    )
    .await
    .expect("post");
    let answer = Uuid::now_v7();
    apps.post_message(
        &portal.as_actor(&developer),
        app_id,
        answer,
        "The public HAPI R4 server.",
    )
    .await
    .expect("post");
    apps.reject_version(
        &portal.as_actor(&reviewer),
        app_id,
        1,
        "Scopes are too wide.",
    )
    .await
    .expect("reject");
    catch_up(&db).await;

    let listed = rows(
        &messages(&db.pool, app_id, &everything())
            .await
            .expect("messages"),
    );
    assert_eq!(
        bodies(&listed),
        [
            "Version 1 was submitted for review.",
            "Which FHIR server did you test against?",
            "The public HAPI R4 server.",
            "Version 1 was rejected: Scopes are too wide.",
        ]
    );
    let system = &listed[0];
    assert!(system.system);
    assert_eq!(
        (system.author, &system.author_name, system.version),
        (None, &None, Some(1))
    );
    assert_eq!(system.message_id.get_version_num(), 5, "a name-based id");
    let asked = &listed[1];
    assert_eq!(asked.message_id, question);
    assert!(!asked.system);
    assert_eq!(asked.author, Some(reviewer.account_id));
    assert_eq!(asked.author_name.as_deref(), Some("Ada Lovelace"));
    assert_eq!(asked.version, None);
    assert_eq!(listed[2].author, Some(developer.account_id));
    assert!(listed.windows(2).all(|w| w[0].posted_at <= w[1].posted_at));

    // Paging through the audit log.
    let page_one = messages(&db.pool, app_id, &first(3)).await.expect("page");
    assert_eq!(page_one.items.len(), 3);
    assert!(page_one.has_next_page);
    let page_two = messages(&db.pool, app_id, &next_after(&page_one, 3))
        .await
        .expect("page");
    assert!(!page_two.has_next_page);
    assert_eq!(bodies(&rows(&page_two)), [listed[3].body.clone()]);

    // An app without messages has none; nor does an app that does not exist.
    assert!(messages(&db.pool, Uuid::now_v7(), &everything())
        .await
        .expect("messages")
        .items
        .is_empty());
}

#[tokio::test]
async fn accounts_are_found_by_normalized_email_and_listed_in_sign_up_order() {
    let db = TestDb::new().await;
    let portal = Portal::new(db.state());
    let admin = portal.admin().await;
    let grace = Uuid::now_v7();
    let form = SignUpForm {
        first_name: "Grace".to_owned(),
        last_name: "Hopper".to_owned(),
        email: "  Grace.Hopper@Example.ORG ".to_owned(),
        password: "correct horse battery staple".to_owned(),
    };
    portal
        .state
        .accounts
        .sign_up(
            &CommitMetadata::new(None, portal.clock.now()),
            grace,
            &form,
            BTreeSet::from([Role::Developer]),
        )
        .await
        .expect("sign up");
    let developer = portal.developer().await;
    catch_up(&db).await;

    let found = account_by_email(&db.pool, "grace.hopper@example.org")
        .await
        .expect("look up")
        .expect("found by the normalised address");
    assert_eq!(found.account_id, grace);
    assert_eq!(found.email, "Grace.Hopper@Example.ORG", "kept as typed");
    assert_eq!(
        (found.first_name.as_str(), found.last_name.as_str()),
        ("Grace", "Hopper")
    );
    assert_eq!(found.roles, [Role::Developer]);
    assert!(found.password_hash.starts_with("$argon2id$"));
    assert!(
        !format!("{found:?}").contains("argon2"),
        "Debug hides the hash"
    );
    assert_eq!(found.profile, None);
    assert!(!found.disabled);
    assert_eq!(
        account_by_email(&db.pool, "nobody@example.org")
            .await
            .expect("look up"),
        None
    );

    // A completed profile, a granted role and disabling all show.
    let with_profile = account_by_id(&db.pool, developer.account_id)
        .await
        .expect("look up")
        .expect("the developer");
    assert!(with_profile.profile.is_some());
    assert!(with_profile.profile_updated_at.is_some());
    let accounts_service = &portal.state.accounts;
    accounts_service
        .grant_role(&portal.as_actor(&admin), grace, Role::Reviewer)
        .await
        .expect("grant");
    accounts_service
        .disable(&portal.as_actor(&admin), grace)
        .await
        .expect("disable");
    catch_up(&db).await;
    let changed = account_by_id(&db.pool, grace)
        .await
        .expect("look up")
        .expect("Grace");
    assert_eq!(changed.roles, [Role::Developer, Role::Reviewer]);
    assert!(changed.disabled);

    // The users list, in sign-up order, one page at a time.
    let page_one = accounts(&db.pool, &first(2)).await.expect("accounts");
    assert!(page_one.has_next_page);
    let page_two = accounts(&db.pool, &next_after(&page_one, 2))
        .await
        .expect("accounts");
    assert!(!page_two.has_next_page);
    let ids: Vec<Uuid> = rows(&page_one)
        .iter()
        .chain(rows(&page_two).iter())
        .map(|a| a.account_id)
        .collect();
    assert_eq!(ids, [admin.account_id, grace, developer.account_id]);
}

/// Every row of the three read models, in key order, as JSON.
async fn snapshot(db: &TestDb) -> serde_json::Value {
    let mut tables = serde_json::Map::new();
    for (table, key) in [
        ("accounts", "account_id"),
        ("app_versions", "app_id, version"),
        ("app_messages", "message_id"),
    ] {
        let rows: serde_json::Value = sqlx::query_scalar(&format!(
            "SELECT coalesce(jsonb_agg(to_jsonb(t) ORDER BY {key}), '[]'::jsonb) FROM {table} t"
        ))
        .fetch_one(&db.pool)
        .await
        .expect("read the table");
        tables.insert(table.to_owned(), rows);
    }
    serde_json::Value::Object(tables)
}

#[tokio::test]
async fn applying_the_same_events_again_or_rebuilding_changes_nothing() {
    let db = TestDb::new().await;
    let portal = Portal::new(db.state());
    let developer = portal.developer().await;
    let reviewer = portal.reviewer().await;
    let apps = &portal.state.app_registrations;
    let app_id = portal.submitted_app(&developer, "Mood Meter").await;
    apps.approve_version(&portal.as_actor(&reviewer), app_id, 1)
        .await
        .expect("approve");
    resubmit(&portal, &developer, app_id, 1).await;
    apps.approve_version(&portal.as_actor(&reviewer), app_id, 2)
        .await
        .expect("approve version 2");
    apps.post_message(
        &portal.as_actor(&developer),
        app_id,
        Uuid::now_v7(),
        "Thanks!",
    )
    .await
    .expect("post");
    let discarded = portal.complete_draft(&developer, "Discarded Draft").await;
    apps.delete_draft(&portal.as_actor(&developer), discarded, 1)
        .await
        .expect("delete");
    portal.complete_draft(&developer, "Kept Draft").await;
    resubmit(&portal, &developer, app_id, 2).await;
    catch_up(&db).await;
    let before = snapshot(&db).await;
    assert_eq!(before["app_versions"].as_array().map(Vec::len), Some(4));
    assert_eq!(before["app_messages"].as_array().map(Vec::len), Some(7));

    // A second catch-up finds nothing new.
    catch_up(&db).await;
    assert_eq!(snapshot(&db).await, before);

    // Every event applied a second time on top of the current rows (checkpoints lost, tables
    // kept, as after a crash between a write and its checkpoint in a careless runner).
    sqlx::query(
        "DELETE FROM projector_checkpoints \
         WHERE projector IN ('accounts', 'app_versions', 'messages')",
    )
    .execute(&db.pool)
    .await
    .expect("forget the checkpoints");
    catch_up(&db).await;
    assert_eq!(snapshot(&db).await, before);

    // Rebuilt from the log alone, the read models come out identical (S11).
    let runner = Projections::new(db.pool.clone(), projections::read_models::all());
    for name in ["accounts", "app_versions", "messages"] {
        runner.rebuild(Some(name)).await.expect("rebuild");
    }
    assert_eq!(snapshot(&db).await, before);
}
