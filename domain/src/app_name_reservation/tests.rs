//! Given / when / then for app-name reservations (S4's two messages, word for word).

use cqrs_es::test::TestFramework;
use time::macros::datetime;
use time::OffsetDateTime;
use uuid::Uuid;

use super::*;

const AT: OffsetDateTime = datetime!(2026-12-04 10:00 UTC);

fn name(text: &str) -> AppName {
    AppName::parse(text).expect("a valid name")
}

fn app(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

fn reserved(by: Uuid, text: &str) -> AppNameReservationEvent {
    AppNameReservationEvent::NameReserved {
        app_id: by,
        name: name(text),
        at: AT,
    }
}

fn reserve(by: Uuid, text: &str) -> AppNameReservationCommand {
    AppNameReservationCommand::Reserve {
        app_id: by,
        name: name(text),
        at: AT,
    }
}

#[tokio::test]
async fn a_free_name_is_reserved_for_the_draft() {
    TestFramework::<AppNameReservation>::with(())
        .given_no_previous_events()
        .when_async(reserve(app(1), "Heart Beat"))
        .await
        .then_expect_events(vec![reserved(app(1), "Heart Beat")]);
}

#[tokio::test]
async fn a_name_held_by_another_draft_answers_draft_in_progress() {
    TestFramework::<AppNameReservation>::with(())
        .given(vec![reserved(app(1), "Heart Beat")])
        .when_async(reserve(app(2), "heart  BEAT"))
        .await
        .then_expect_error_message("Draft registration with name heart BEAT is in progress");
}

#[tokio::test]
async fn a_name_held_by_a_submitted_app_answers_already_in_use() {
    TestFramework::<AppNameReservation>::with(())
        .given(vec![
            reserved(app(1), "Heart Beat"),
            AppNameReservationEvent::NameSubmitted {
                app_id: app(1),
                at: AT,
            },
        ])
        .when_async(reserve(app(2), "Heart Beat"))
        .await
        .then_expect_error_message("Heart Beat is already in use");
}

#[tokio::test]
async fn reserving_a_name_the_app_holds_already_changes_nothing() {
    TestFramework::<AppNameReservation>::with(())
        .given(vec![reserved(app(1), "Heart Beat")])
        .when_async(reserve(app(1), "Heart Beat"))
        .await
        .then_expect_events(vec![]);
}

#[tokio::test]
async fn a_released_name_can_be_reserved_by_another_app() {
    TestFramework::<AppNameReservation>::with(())
        .given(vec![
            reserved(app(1), "Heart Beat"),
            AppNameReservationEvent::NameReleased {
                app_id: app(1),
                at: AT,
            },
        ])
        .when_async(reserve(app(2), "Heart Beat"))
        .await
        .then_expect_events(vec![reserved(app(2), "Heart Beat")]);
}

#[tokio::test]
async fn the_holder_marks_its_name_submitted() {
    TestFramework::<AppNameReservation>::with(())
        .given(vec![reserved(app(1), "Heart Beat")])
        .when_async(AppNameReservationCommand::MarkSubmitted {
            app_id: app(1),
            at: AT,
        })
        .await
        .then_expect_events(vec![AppNameReservationEvent::NameSubmitted {
            app_id: app(1),
            at: AT,
        }]);
}

#[tokio::test]
async fn only_the_holder_may_release_and_a_submitted_name_is_never_released() {
    TestFramework::<AppNameReservation>::with(())
        .given(vec![reserved(app(1), "Heart Beat")])
        .when_async(AppNameReservationCommand::Release {
            app_id: app(2),
            at: AT,
        })
        .await
        .then_expect_error_message("the name is not held by this app");
    TestFramework::<AppNameReservation>::with(())
        .given(vec![
            reserved(app(1), "Heart Beat"),
            AppNameReservationEvent::NameSubmitted {
                app_id: app(1),
                at: AT,
            },
        ])
        .when_async(AppNameReservationCommand::Release {
            app_id: app(1),
            at: AT,
        })
        .await
        .then_expect_error_message("the name is not held by this app");
}

#[test]
fn error_codes_are_stable() {
    let in_use = AppNameReservationError::NameInUse {
        name: "X".to_owned(),
    };
    let in_progress = AppNameReservationError::DraftNameInProgress {
        name: "X".to_owned(),
    };
    assert_eq!(in_use.code(), "NAME_IN_USE");
    assert_eq!(in_progress.code(), "DRAFT_NAME_IN_PROGRESS");
    assert_eq!(
        AppNameReservationError::NotHolder.code(),
        "INVALID_TRANSITION"
    );
}
