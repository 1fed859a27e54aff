//! The App Gallery read model and the auditors' event history, against a real PostgreSQL:
//! commands go through the application services, the runner folds the log, queries read back.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use domain::actor::Actor;
use domain::app_registration::{AttestationDecision, WizardStep};
use domain::values::authentication::{AuthenticationInput, AuthenticationKind};
use domain::values::categories::{AppUse, Audience, Compliance, FhirVersion, Platform};
use domain::values::icon::IconFacts;
use projections::paging::{Page, PageRequest};
use projections::read_models::gallery::{
    gallery, gallery_app, GalleryAppRow, GalleryFilter, GalleryProjector,
};
use projections::read_models::history::{app_history, history, HistoryEntry, REDACTED};
use projections::runner::Projections;
use projections::{Projector, StoredEvent};
use tests::fixtures::Portal;
use tests::TestDb;
use uuid::Uuid;

/// The runner with only the projector under test.
fn runner(db: &TestDb) -> Projections {
    let projectors: Vec<Arc<dyn Projector>> = vec![Arc::new(GalleryProjector)];
    Projections::new(db.pool.clone(), projectors)
}

/// Waits until every event of this database is below the cluster's oldest running transaction
/// (other tests' databases share the server and its transaction ids), so that the runner and
/// the history see everything this test wrote.
async fn settle(db: &TestDb) {
    for _ in 0..1000 {
        let hidden: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM events \
             WHERE transaction_id >= pg_snapshot_xmin(pg_current_snapshot())",
        )
        .fetch_one(&db.pool)
        .await
        .expect("count the events not yet visible");
        if hidden == 0 {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("events stayed behind a running transaction for 10 seconds");
}

/// Folds everything written so far into the gallery.
async fn catch_up(db: &TestDb) {
    settle(db).await;
    runner(db).catch_up().await.expect("catch up");
}

/// All apps in the gallery for `filter`, in the gallery's order, by name.
async fn names(db: &TestDb, filter: &GalleryFilter) -> Vec<String> {
    let page = gallery(
        &db.pool,
        filter,
        &PageRequest {
            first: 100,
            after: None,
        },
    )
    .await
    .expect("read the gallery");
    assert!(!page.has_next_page);
    page.items.into_iter().map(|(_, row)| row.name).collect()
}

async fn entry(db: &TestDb, app_id: Uuid) -> Option<GalleryAppRow> {
    gallery_app(&db.pool, app_id)
        .await
        .expect("read a gallery entry")
}

/// A long description of at least 200 characters that mentions `words`.
fn long_description(words: &str) -> String {
    format!(
        "{words}. {}",
        "Readings are stored on the device and shared with the care team on request. ".repeat(3)
    )
}

fn description(short: &str, long: &str) -> WizardStep {
    WizardStep::Description {
        icon: Some(IconFacts {
            sha256: "b".repeat(64),
            media_type: "image/png".to_owned(),
            width: 512,
            height: 512,
            byte_size: 20_000,
        }),
        short_description: Some(short.to_owned()),
        long_description: Some(long.to_owned()),
    }
}

fn categories(
    audience: &[Audience],
    app_use: &[AppUse],
    fhir_versions: &[FhirVersion],
    compliance: &[Compliance],
) -> WizardStep {
    WizardStep::Categories {
        audience: audience.iter().copied().collect(),
        app_use: app_use.iter().copied().collect(),
        fhir_versions: fhir_versions.iter().copied().collect(),
        compliance: compliance.iter().copied().collect(),
        authentication: AuthenticationInput {
            kind: Some(AuthenticationKind::Public),
            jwks_url: None,
            jwks: None,
        },
    }
}

fn links(platforms: &[Platform]) -> WizardStep {
    WizardStep::Links {
        platforms: platforms.iter().copied().collect::<BTreeSet<_>>(),
        homepage_url: Some("https://apps.example.com/home".to_owned()),
        privacy_policy_url: Some("https://apps.example.com/privacy".to_owned()),
        terms_of_service_url: Some("https://apps.example.com/terms".to_owned()),
        default_redirect_uri: Some("https://apps.example.com/callback".to_owned()),
        additional_redirect_uris: Vec::new(),
    }
}

fn attestation(accepted: bool) -> WizardStep {
    WizardStep::Attestation {
        decision: Some(AttestationDecision {
            accepted,
            terms_version: None,
        }),
    }
}

/// People acting in a test: a developer, a reviewer and an admin.
struct Cast {
    portal: Portal,
    developer: Actor,
    reviewer: Actor,
    admin: Actor,
}

impl Cast {
    async fn new(db: &TestDb) -> Self {
        let portal = Portal::new(db.state());
        let developer = portal.developer().await;
        let reviewer = portal.reviewer().await;
        let admin = portal.admin().await;
        Self {
            portal,
            developer,
            reviewer,
            admin,
        }
    }

    /// A valid draft of `name` with `overrides` saved over the fixture's steps, submitted.
    async fn submitted(&self, name: &str, overrides: Vec<WizardStep>) -> Uuid {
        let app_id = self.portal.complete_draft(&self.developer, name).await;
        for step in overrides {
            self.portal
                .state
                .app_registrations
                .save_draft_step(&self.portal.as_actor(&self.developer), app_id, 1, step)
                .await
                .expect("save an overriding step");
        }
        self.portal
            .state
            .app_registrations
            .submit_version(&self.portal.as_actor(&self.developer), app_id, 1)
            .await
            .expect("submit version 1");
        app_id
    }

    async fn approve(&self, app_id: Uuid, version: u32) {
        self.portal
            .state
            .app_registrations
            .approve_version(&self.portal.as_actor(&self.reviewer), app_id, version)
            .await
            .expect("approve");
    }

    /// Submitted and approved: version 1 is live.
    async fn live(&self, name: &str, overrides: Vec<WizardStep>) -> Uuid {
        let app_id = self.submitted(name, overrides).await;
        self.approve(app_id, 1).await;
        app_id
    }
}

#[tokio::test]
async fn an_approved_app_appears_in_the_gallery_with_its_fields() {
    let db = TestDb::new().await;
    let cast = Cast::new(&db).await;
    let pending = cast.submitted("Still In Review", Vec::new()).await;
    let app_id = cast.submitted("Pulse Diary", Vec::new()).await;
    let approval = cast.portal.as_actor(&cast.reviewer);
    cast.portal
        .state
        .app_registrations
        .approve_version(&approval, app_id, 1)
        .await
        .expect("approve");
    catch_up(&db).await;

    let row = entry(&db, app_id)
        .await
        .expect("the approved app is listed");
    assert_eq!(
        row,
        GalleryAppRow {
            app_id,
            version: 1,
            name: "Pulse Diary".to_owned(),
            short_description: "Tracks blood pressure at home.".to_owned(),
            // The domain trims descriptions.
            long_description: "A careful companion for home readings. "
                .repeat(8)
                .trim_end()
                .to_owned(),
            platforms: vec![Platform::Web, Platform::Ios],
            audience: vec![Audience::Patient],
            app_use: vec![AppUse::HealthAndTherapyManagement],
            fhir_versions: vec![FhirVersion::R4],
            compliance: Vec::new(),
            homepage_url: "https://engines.example.com/app".to_owned(),
            privacy_policy_url: "https://engines.example.com/privacy".to_owned(),
            terms_of_service_url: "https://engines.example.com/terms".to_owned(),
            icon_sha256: "a".repeat(64),
            attestation_declined: false,
            published_at: approval.command_time,
        }
    );
    assert_eq!(entry(&db, pending).await, None, "in review is not live");
    assert_eq!(
        names(&db, &GalleryFilter::default()).await,
        vec!["Pulse Diary"]
    );
}

#[tokio::test]
async fn a_suspended_app_leaves_the_gallery_and_a_reinstated_one_returns() {
    let db = TestDb::new().await;
    let cast = Cast::new(&db).await;
    let app_id = cast.live("Pulse Diary", Vec::new()).await;
    let apps = &cast.portal.state.app_registrations;
    apps.suspend_version(
        &cast.portal.as_actor(&cast.admin),
        app_id,
        1,
        "The privacy policy page is gone.",
    )
    .await
    .expect("suspend");
    catch_up(&db).await;
    assert_eq!(entry(&db, app_id).await, None);
    assert!(names(&db, &GalleryFilter::default()).await.is_empty());

    let reinstatement = cast.portal.as_actor(&cast.admin);
    apps.reinstate_version(&reinstatement, app_id, 1)
        .await
        .expect("reinstate");
    catch_up(&db).await;
    let row = entry(&db, app_id).await.expect("back in the gallery");
    assert_eq!(row.version, 1);
    assert_eq!(row.published_at, reinstatement.command_time);
}

#[tokio::test]
async fn approving_version_two_shows_version_two_in_place_of_the_retired_one() {
    let db = TestDb::new().await;
    let cast = Cast::new(&db).await;
    let app_id = cast.live("Pulse Diary", Vec::new()).await;
    catch_up(&db).await;
    assert_eq!(entry(&db, app_id).await.map(|row| row.version), Some(1));

    let apps = &cast.portal.state.app_registrations;
    let as_developer = || cast.portal.as_actor(&cast.developer);
    apps.start_re_registration(&as_developer(), app_id, 1)
        .await
        .expect("re-register");
    for step in [
        description(
            "Tracks blood pressure and pulse at home.",
            &long_description("Now with pulse charts"),
        ),
        WizardStep::Scopes {
            scopes: Some("openid fhirUser launch/patient patient/Observation.rs".to_owned()),
            change_notes: Some("Pulse charts.".to_owned()),
        },
        attestation(true),
    ] {
        apps.save_draft_step(&as_developer(), app_id, 2, step)
            .await
            .expect("save a step of version 2");
    }
    apps.submit_version(&as_developer(), app_id, 2)
        .await
        .expect("submit version 2");
    catch_up(&db).await;
    assert_eq!(
        entry(&db, app_id).await.map(|row| row.version),
        Some(1),
        "version 1 stays live while version 2 is in review"
    );

    cast.approve(app_id, 2).await;
    catch_up(&db).await;
    let row = entry(&db, app_id).await.expect("version 2 is live");
    assert_eq!(row.version, 2);
    assert_eq!(
        row.short_description,
        "Tracks blood pressure and pulse at home."
    );
    assert_eq!(
        names(&db, &GalleryFilter::default()).await,
        vec!["Pulse Diary"],
        "one row per app"
    );
}

/// Three live apps with distinct categories, for the filter and search tests.
async fn three_apps(cast: &Cast) {
    cast.live(
        "Pulse Diary",
        vec![
            links(&[Platform::Web, Platform::Ios]),
            description(
                "Tracks blood pressure at home.",
                &long_description("Pairs with any sphygmomanometer over Bluetooth"),
            ),
            categories(
                &[Audience::Patient],
                &[AppUse::HealthAndTherapyManagement],
                &[FhirVersion::R4],
                &[Compliance::Hipaa],
            ),
        ],
    )
    .await;
    // Lower case on purpose: the gallery orders names case-insensitively.
    cast.live(
        "apex ward rounds",
        vec![
            links(&[Platform::Web]),
            description(
                "Plans ward rounds for care teams.",
                &long_description("Shares the round list between shifts"),
            ),
            categories(
                &[Audience::Provider],
                &[AppUse::ProviderCareCoordination],
                &[FhirVersion::Stu3],
                &[Compliance::Gdpr],
            ),
        ],
    )
    .await;
    cast.live(
        "Trial Finder",
        vec![
            links(&[Platform::Android]),
            description(
                "Finds clinical trials that fit a patient.",
                &long_description("Keeps a diary of screening visits"),
            ),
            categories(
                &[Audience::Pharma, Audience::Developer],
                &[AppUse::Research],
                &[FhirVersion::Dstu2, FhirVersion::R4],
                &[],
            ),
        ],
    )
    .await;
}

#[tokio::test]
async fn each_filter_narrows_the_gallery_and_two_values_in_one_category_widen_it() {
    let db = TestDb::new().await;
    let cast = Cast::new(&db).await;
    three_apps(&cast).await;
    catch_up(&db).await;

    let all = GalleryFilter::default();
    assert_eq!(
        names(&db, &all).await,
        vec!["apex ward rounds", "Pulse Diary", "Trial Finder"]
    );
    let cases: Vec<(GalleryFilter, Vec<&str>)> = vec![
        (
            GalleryFilter {
                audience: vec![Audience::Patient],
                ..all.clone()
            },
            vec!["Pulse Diary"],
        ),
        (
            GalleryFilter {
                audience: vec![Audience::Patient, Audience::Provider],
                ..all.clone()
            },
            vec!["apex ward rounds", "Pulse Diary"],
        ),
        (
            GalleryFilter {
                app_use: vec![AppUse::Research],
                ..all.clone()
            },
            vec!["Trial Finder"],
        ),
        (
            GalleryFilter {
                fhir_versions: vec![FhirVersion::R4],
                ..all.clone()
            },
            vec!["Pulse Diary", "Trial Finder"],
        ),
        (
            GalleryFilter {
                fhir_versions: vec![FhirVersion::R4],
                audience: vec![Audience::Pharma],
                ..all.clone()
            },
            vec!["Trial Finder"],
        ),
        (
            GalleryFilter {
                fhir_versions: vec![FhirVersion::R4],
                audience: vec![Audience::Provider],
                ..all.clone()
            },
            vec![],
        ),
        (
            GalleryFilter {
                platforms: vec![Platform::Android],
                ..all.clone()
            },
            vec!["Trial Finder"],
        ),
        (
            GalleryFilter {
                platforms: vec![Platform::Web],
                ..all.clone()
            },
            vec!["apex ward rounds", "Pulse Diary"],
        ),
        (
            GalleryFilter {
                compliance: vec![Compliance::Hipaa],
                ..all.clone()
            },
            vec!["Pulse Diary"],
        ),
        (
            GalleryFilter {
                compliance: vec![Compliance::Hipaa, Compliance::Gdpr],
                ..all.clone()
            },
            vec!["apex ward rounds", "Pulse Diary"],
        ),
        (
            GalleryFilter {
                compliance: vec![Compliance::CarinCodeOfConduct],
                ..all.clone()
            },
            vec![],
        ),
    ];
    for (filter, expected) in cases {
        assert_eq!(names(&db, &filter).await, expected, "{filter:?}");
    }
}

#[tokio::test]
async fn text_search_finds_apps_by_a_word_of_the_long_description_or_the_name() {
    let db = TestDb::new().await;
    let cast = Cast::new(&db).await;
    three_apps(&cast).await;
    catch_up(&db).await;

    let search = |text: &str| GalleryFilter {
        text: Some(text.to_owned()),
        ..GalleryFilter::default()
    };
    assert_eq!(
        names(&db, &search("sphygmomanometer")).await,
        vec!["Pulse Diary"]
    );
    assert_eq!(
        names(&db, &search("Rounds")).await,
        vec!["apex ward rounds"]
    );
    // "diary" is in one app's name and another's long description: the name weighs more.
    assert_eq!(
        names(&db, &search("diary")).await,
        vec!["Pulse Diary", "Trial Finder"]
    );
    // Search combines with the category filters.
    assert_eq!(
        names(
            &db,
            &GalleryFilter {
                audience: vec![Audience::Pharma],
                ..search("diary")
            }
        )
        .await,
        vec!["Trial Finder"]
    );
    assert!(names(&db, &search("insulin")).await.is_empty());
    assert_eq!(
        names(&db, &search("   ")).await.len(),
        3,
        "blank text does not filter"
    );
}

#[tokio::test]
async fn a_declined_attestation_marks_the_app_with_the_warning_flag() {
    let db = TestDb::new().await;
    let cast = Cast::new(&db).await;
    let declined = cast.live("Pulse Diary", vec![attestation(false)]).await;
    let accepted = cast.live("Trial Finder", Vec::new()).await;
    catch_up(&db).await;
    assert_eq!(
        entry(&db, declined)
            .await
            .map(|row| row.attestation_declined),
        Some(true)
    );
    assert_eq!(
        entry(&db, accepted)
            .await
            .map(|row| row.attestation_declined),
        Some(false)
    );
}

#[tokio::test]
async fn the_gallery_is_read_page_by_page() {
    let db = TestDb::new().await;
    let cast = Cast::new(&db).await;
    three_apps(&cast).await;
    catch_up(&db).await;

    let first = gallery(
        &db.pool,
        &GalleryFilter::default(),
        &PageRequest {
            first: 2,
            after: None,
        },
    )
    .await
    .expect("first page");
    assert!(first.has_next_page);
    let first_names: Vec<&str> = first.items.iter().map(|(_, r)| r.name.as_str()).collect();
    assert_eq!(first_names, vec!["apex ward rounds", "Pulse Diary"]);

    let second = gallery(
        &db.pool,
        &GalleryFilter::default(),
        &PageRequest {
            first: 2,
            after: first.items.last().map(|(cursor, _)| cursor.clone()),
        },
    )
    .await
    .expect("second page");
    assert!(!second.has_next_page);
    let second_names: Vec<&str> = second.items.iter().map(|(_, r)| r.name.as_str()).collect();
    assert_eq!(second_names, vec!["Trial Finder"]);
}

#[tokio::test]
async fn rebuilding_the_gallery_from_the_log_gives_the_same_rows() {
    let db = TestDb::new().await;
    let cast = Cast::new(&db).await;
    three_apps(&cast).await;
    let suspended = cast.live("Suspended App", Vec::new()).await;
    cast.portal
        .state
        .app_registrations
        .suspend_version(
            &cast.portal.as_actor(&cast.admin),
            suspended,
            1,
            "Under investigation.",
        )
        .await
        .expect("suspend");
    catch_up(&db).await;
    let before = gallery(&db.pool, &GalleryFilter::default(), &PageRequest::default())
        .await
        .expect("read before");
    assert_eq!(before.items.len(), 3);

    runner(&db)
        .rebuild(Some("gallery"))
        .await
        .expect("rebuild the gallery");
    let after = gallery(&db.pool, &GalleryFilter::default(), &PageRequest::default())
        .await
        .expect("read after");
    assert_eq!(after, before);
}

#[tokio::test]
async fn applying_events_a_second_time_changes_nothing() {
    let db = TestDb::new().await;
    let cast = Cast::new(&db).await;
    three_apps(&cast).await;
    let suspended = cast.live("Suspended App", Vec::new()).await;
    cast.portal
        .state
        .app_registrations
        .suspend_version(
            &cast.portal.as_actor(&cast.admin),
            suspended,
            1,
            "Under investigation.",
        )
        .await
        .expect("suspend");
    catch_up(&db).await;
    let before = gallery(&db.pool, &GalleryFilter::default(), &PageRequest::default())
        .await
        .expect("read before");

    // A crash between applying and committing makes the runner apply a batch again.
    let log = whole(|page| {
        let pool = db.pool.clone();
        async move { history(&pool, None, &page).await.expect("read the log") }
    })
    .await;
    let mut connection = db.pool.acquire().await.expect("a connection");
    for entry in log {
        let event = StoredEvent {
            aggregate_type: entry.aggregate_type,
            aggregate_id: entry.aggregate_id,
            sequence: entry.sequence,
            event_type: entry.event_type,
            event_version: entry.event_version,
            payload: entry.payload,
            metadata: serde_json::Value::Null,
            position: entry.position,
            recorded_at: entry.recorded_at,
        };
        GalleryProjector
            .apply(&mut connection, &event)
            .await
            .expect("apply again");
    }
    let after = gallery(&db.pool, &GalleryFilter::default(), &PageRequest::default())
        .await
        .expect("read after");
    assert_eq!(after, before);
}

/// Every entry of a history, page by page.
async fn whole<F, Fut>(mut read: F) -> Vec<HistoryEntry>
where
    F: FnMut(PageRequest) -> Fut,
    Fut: std::future::Future<Output = Page<HistoryEntry>>,
{
    let mut entries = Vec::new();
    let mut after = None;
    loop {
        let page = read(PageRequest { first: 7, after }).await;
        after = page.items.last().map(|(cursor, _)| cursor.clone());
        let more = page.has_next_page;
        entries.extend(page.items.into_iter().map(|(_, entry)| entry));
        if !more {
            return entries;
        }
    }
}

#[tokio::test]
async fn the_history_lists_the_whole_log_in_commit_order_without_password_hashes() {
    let db = TestDb::new().await;
    let cast = Cast::new(&db).await;
    let app_id = cast.live("Pulse Diary", Vec::new()).await;
    settle(&db).await;

    let entries = whole(|page| {
        let pool = db.pool.clone();
        async move { history(&pool, None, &page).await.expect("read the history") }
    })
    .await;
    let total: i64 = sqlx::query_scalar("SELECT count(*) FROM events")
        .fetch_one(&db.pool)
        .await
        .expect("count the log");
    assert_eq!(i64::try_from(entries.len()).ok(), Some(total));
    assert!(
        entries.windows(2).all(|w| w[0].position < w[1].position),
        "strictly in commit order"
    );

    let sign_ups: Vec<&HistoryEntry> = entries
        .iter()
        .filter(|e| e.event_type == "AccountSignedUp")
        .collect();
    assert_eq!(sign_ups.len(), 3, "developer, reviewer, admin");
    for sign_up in &sign_ups {
        assert_eq!(
            sign_up.payload["AccountSignedUp"]["password_hash"],
            serde_json::json!(REDACTED)
        );
        assert_eq!(sign_up.actor_id, None, "signing up is anonymous");
        assert!(sign_up.correlation_id.is_some());
    }
    for entry in &entries {
        assert!(
            !entry.payload.to_string().contains("$argon2"),
            "no hash in {entry:?}"
        );
    }

    // The developer signed up before the app existed, and the approval came last.
    let first_sign_up = entries
        .iter()
        .position(|e| e.event_type == "AccountSignedUp")
        .expect("a sign-up");
    let approval = entries
        .iter()
        .position(|e| e.event_type == "VersionApproved")
        .expect("an approval");
    assert!(first_sign_up < approval);
    let approval = &entries[approval];
    assert_eq!(approval.aggregate_id, app_id.to_string());
    assert_eq!(approval.actor_id, Some(cast.reviewer.account_id));
    assert!(approval.command_time.is_some());
}

#[tokio::test]
async fn an_apps_history_holds_only_its_own_stream() {
    let db = TestDb::new().await;
    let cast = Cast::new(&db).await;
    let app_id = cast.live("Pulse Diary", Vec::new()).await;
    let other = cast.live("Trial Finder", Vec::new()).await;
    settle(&db).await;

    let entries = whole(|page| {
        let pool = db.pool.clone();
        async move {
            app_history(&pool, app_id, &page)
                .await
                .expect("read the app's history")
        }
    })
    .await;
    assert!(entries
        .iter()
        .all(|e| e.aggregate_type == "app_registration" && e.aggregate_id == app_id.to_string()));
    let sequences: Vec<i64> = entries.iter().map(|e| e.sequence).collect();
    let expected: Vec<i64> = (1..=i64::try_from(entries.len()).unwrap_or(0)).collect();
    assert_eq!(sequences, expected, "the stream whole and in order");
    let types: Vec<&str> = entries.iter().map(|e| e.event_type.as_str()).collect();
    assert_eq!(types.first(), Some(&"DraftStarted"));
    assert!(types.contains(&"VersionSubmitted"));
    assert_eq!(types.last(), Some(&"VersionApproved"));

    let other_entries = app_history(&db.pool, other, &PageRequest::default())
        .await
        .expect("read the other app's history");
    assert!(other_entries
        .items
        .iter()
        .all(|(_, e)| e.aggregate_id == other.to_string()));
    assert!(!other_entries.items.is_empty());
}
