//! Given / when / then for the e-mail reservation aggregate.

use cqrs_es::test::TestFramework;
use cqrs_es::DomainEvent;
use time::macros::datetime;
use uuid::Uuid;

use super::*;

const ALICE: Uuid = Uuid::from_u128(0x0190_0000_0000_7000_8000_0000_0000_0a11);
const BOB: Uuid = Uuid::from_u128(0x0190_0000_0000_7000_8000_0000_0000_0b0b);
const MONDAY: OffsetDateTime = datetime!(2025-03-03 09:00 UTC);
const TUESDAY: OffsetDateTime = datetime!(2025-03-04 09:00 UTC);

fn reserved_by_alice() -> EmailReservationEvent {
    EmailReservationEvent::EmailReserved {
        account_id: ALICE,
        at: MONDAY,
    }
}

#[tokio::test]
async fn a_free_email_is_reserved_for_the_signing_up_account() {
    TestFramework::<EmailReservation>::with(())
        .given_no_previous_events()
        .when_async(EmailReservationCommand::Reserve {
            account_id: ALICE,
            at: MONDAY,
        })
        .await
        .then_expect_events(vec![reserved_by_alice()]);
}

#[tokio::test]
async fn a_reserved_email_cannot_be_reserved_by_someone_else() {
    TestFramework::<EmailReservation>::with(())
        .given(vec![reserved_by_alice()])
        .when_async(EmailReservationCommand::Reserve {
            account_id: BOB,
            at: TUESDAY,
        })
        .await
        .then_expect_error(EmailReservationError::Taken);
}

#[tokio::test]
async fn a_reserved_email_cannot_be_reserved_again_by_its_holder() {
    TestFramework::<EmailReservation>::with(())
        .given(vec![reserved_by_alice()])
        .when_async(EmailReservationCommand::Reserve {
            account_id: ALICE,
            at: TUESDAY,
        })
        .await
        .then_expect_error_message("this email cannot be used");
}

#[test]
fn the_taken_error_has_a_stable_code() {
    assert_eq!(EmailReservationError::Taken.code(), "EMAIL_TAKEN");
}

#[test]
fn applying_the_reservation_records_holder_and_time() {
    let mut reservation = EmailReservation::default();
    assert!(!reservation.is_reserved());
    reservation.apply(reserved_by_alice());
    assert!(reservation.is_reserved());
    assert_eq!(reservation.account_id(), Some(ALICE));
    assert_eq!(reservation.reserved_at(), Some(MONDAY));
}

#[test]
fn the_event_has_a_stable_type_version_and_json_shape() {
    let event = reserved_by_alice();
    assert_eq!(event.event_type(), "EmailReserved");
    assert_eq!(event.event_version(), "1");
    let json = serde_json::to_string(&event).expect("serialises");
    assert_eq!(
        json,
        r#"{"EmailReserved":{"account_id":"01900000-0000-7000-8000-000000000a11","at":"2025-03-03T09:00:00Z"}}"#
    );
    let back: EmailReservationEvent = serde_json::from_str(&json).expect("deserialises");
    assert_eq!(back, event);
}

#[test]
fn the_aggregate_type_is_stable() {
    assert_eq!(EmailReservation::TYPE, "email_reservation");
}
