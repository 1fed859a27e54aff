//! The vendor profile a developer completes after the first sign-in (S3).

use serde::{Deserialize, Serialize};

use crate::values::business_name::BusinessName;
use crate::values::duns_number::DunsNumber;
use crate::values::https_url::HttpsUrl;
use crate::values::invalid_value::{FieldError, InvalidValue};
use crate::values::person_name::PersonName;
use crate::values::phone_number::PhoneNumber;
use crate::values::position::Position;
use crate::values::postal_address::{PostalAddress, PostalAddressInput};

/// Whether a vendor is a person or a business; fixed once the profile is completed (S3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum VendorKind {
    /// A person selling apps in their own name.
    Individual,
    /// A business, represented by a person with a position in it.
    Business,
}

impl VendorKind {
    /// The stored name: `INDIVIDUAL` or `BUSINESS`.
    pub fn as_str(self) -> &'static str {
        match self {
            VendorKind::Individual => "INDIVIDUAL",
            VendorKind::Business => "BUSINESS",
        }
    }

    /// The word used in messages to people: `individual` or `business`.
    pub fn label(self) -> &'static str {
        match self {
            VendorKind::Individual => "individual",
            VendorKind::Business => "business",
        }
    }
}

/// A complete, valid vendor profile.
///
/// Built only by [`VendorProfileInput::validate`] (or by deserialising, which validates the same
/// way), so that an account never holds half a profile. Its serialised form is the
/// [`VendorProfileInput`] shape, so stored profiles are checked again when read back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "VendorProfileInput", into = "VendorProfileInput")]
pub enum VendorProfile {
    /// A person selling apps in their own name.
    Individual {
        /// The person's legal full name.
        legal_name: PersonName,
        /// Where the person can be reached by post.
        address: PostalAddress,
        /// One to five numbers, in E.164 form, without repeats.
        phone_numbers: Vec<PhoneNumber>,
        /// The vendor's website (absolute https).
        website: HttpsUrl,
    },
    /// A business, represented by the person who completed the profile.
    Business {
        /// The legal full name of the person who speaks for the business.
        legal_name: PersonName,
        /// The legal name of the business.
        business_name: BusinessName,
        /// That person's position or designation in the business.
        position: Position,
        /// The business's D-U-N-S number, when it has one.
        duns: Option<DunsNumber>,
        /// The business's postal address.
        address: PostalAddress,
        /// One to five numbers, in E.164 form, without repeats.
        phone_numbers: Vec<PhoneNumber>,
        /// The business's website (absolute https).
        website: HttpsUrl,
    },
}

impl VendorProfile {
    /// Individual or business.
    pub fn kind(&self) -> VendorKind {
        match self {
            VendorProfile::Individual { .. } => VendorKind::Individual,
            VendorProfile::Business { .. } => VendorKind::Business,
        }
    }

    /// The legal full name of the person (S9 signs attestation documents with it).
    pub fn legal_name(&self) -> &PersonName {
        match self {
            VendorProfile::Individual { legal_name, .. }
            | VendorProfile::Business { legal_name, .. } => legal_name,
        }
    }

    /// The legal business name; `None` for an individual.
    pub fn business_name(&self) -> Option<&BusinessName> {
        match self {
            VendorProfile::Individual { .. } => None,
            VendorProfile::Business { business_name, .. } => Some(business_name),
        }
    }

    /// The position or designation; `None` for an individual.
    pub fn position(&self) -> Option<&Position> {
        match self {
            VendorProfile::Individual { .. } => None,
            VendorProfile::Business { position, .. } => Some(position),
        }
    }

    /// The D-U-N-S number; `None` for an individual or a business without one.
    pub fn duns(&self) -> Option<&DunsNumber> {
        match self {
            VendorProfile::Individual { .. } => None,
            VendorProfile::Business { duns, .. } => duns.as_ref(),
        }
    }

    /// The postal address.
    pub fn address(&self) -> &PostalAddress {
        match self {
            VendorProfile::Individual { address, .. } | VendorProfile::Business { address, .. } => {
                address
            }
        }
    }

    /// The phone numbers, in the order given.
    pub fn phone_numbers(&self) -> &[PhoneNumber] {
        match self {
            VendorProfile::Individual { phone_numbers, .. }
            | VendorProfile::Business { phone_numbers, .. } => phone_numbers,
        }
    }

    /// The website.
    pub fn website(&self) -> &HttpsUrl {
        match self {
            VendorProfile::Individual { website, .. } | VendorProfile::Business { website, .. } => {
                website
            }
        }
    }
}

/// A vendor profile as typed into the form, before validation; also its stored form.
///
/// Fields that do not apply to the chosen kind (business name, position and D-U-N-S number for
/// an individual) are ignored rather than refused, because forms often keep hidden values.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct VendorProfileInput {
    /// Individual or business; must be chosen.
    pub kind: Option<VendorKind>,
    /// Legal full name of the person.
    pub legal_name: String,
    /// Legal business name (business only).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub business_name: String,
    /// Position or designation (business only).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub position: String,
    /// D-U-N-S number (business only); blank means the business has none.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub duns: String,
    /// Postal address.
    pub address: PostalAddressInput,
    /// One to five phone numbers, in any common notation with a country code.
    pub phone_numbers: Vec<String>,
    /// Website, an absolute https URL.
    pub website: String,
}

impl VendorProfileInput {
    /// The fewest phone numbers accepted.
    pub const MIN_PHONE_NUMBERS: usize = 1;
    /// The most phone numbers accepted.
    pub const MAX_PHONE_NUMBERS: usize = 5;

    /// Checks every field and reports every failure at once, each with its input field name
    /// (`kind`, `legalName`, `businessName`, `position`, `duns`, `address.*`, `phoneNumbers`,
    /// `phoneNumbers[i]`, `website`), so the form can mark them all in one round trip.
    pub fn validate(&self) -> Result<VendorProfile, Vec<FieldError>> {
        // Fields are checked in the order the form shows them, so the first error is the
        // topmost one.
        let mut errors = Vec::new();
        let kind = check(
            &mut errors,
            "kind",
            self.kind
                .ok_or_else(|| InvalidValue::new("must be chosen: individual or business")),
        );
        let legal_name = check(
            &mut errors,
            "legalName",
            PersonName::parse(&self.legal_name),
        );
        let business = if kind == Some(VendorKind::Business) {
            let business_name = check(
                &mut errors,
                "businessName",
                BusinessName::parse(&self.business_name),
            );
            let position = check(&mut errors, "position", Position::parse(&self.position));
            let duns = if self.duns.trim().is_empty() {
                Some(None)
            } else {
                check(&mut errors, "duns", DunsNumber::parse(&self.duns).map(Some))
            };
            Some((business_name, position, duns))
        } else {
            None
        };
        let address = PostalAddress::parse(self.address.clone())
            .map_err(|address_errors| errors.extend(address_errors))
            .ok();
        let phone_numbers = self.validate_phone_numbers(&mut errors);
        let website = check(&mut errors, "website", HttpsUrl::parse(&self.website));

        if !errors.is_empty() {
            return Err(errors);
        }
        // Every `None` above pushed an error, so all parts are present here; the fallback arm
        // only satisfies the compiler.
        match (kind, legal_name, address, phone_numbers, website, business) {
            (
                Some(VendorKind::Individual),
                Some(legal_name),
                Some(address),
                Some(phones),
                Some(website),
                _,
            ) => Ok(VendorProfile::Individual {
                legal_name,
                address,
                phone_numbers: phones,
                website,
            }),
            (
                Some(VendorKind::Business),
                Some(legal_name),
                Some(address),
                Some(phones),
                Some(website),
                Some((Some(business_name), Some(position), Some(duns))),
            ) => Ok(VendorProfile::Business {
                legal_name,
                business_name,
                position,
                duns,
                address,
                phone_numbers: phones,
                website,
            }),
            _ => Err(errors),
        }
    }

    /// One to five numbers, each valid, none repeated (after normalisation).
    fn validate_phone_numbers(&self, errors: &mut Vec<FieldError>) -> Option<Vec<PhoneNumber>> {
        let count = self.phone_numbers.len();
        let before = errors.len();
        if count < Self::MIN_PHONE_NUMBERS {
            errors.push(FieldError::new(
                "phoneNumbers",
                "must have at least one phone number",
            ));
        } else if count > Self::MAX_PHONE_NUMBERS {
            errors.push(FieldError::new(
                "phoneNumbers",
                format!(
                    "must have at most {} phone numbers",
                    Self::MAX_PHONE_NUMBERS
                ),
            ));
        }
        let mut numbers: Vec<PhoneNumber> = Vec::with_capacity(count);
        for (index, raw) in self.phone_numbers.iter().enumerate() {
            match PhoneNumber::parse(raw) {
                Ok(number) if numbers.contains(&number) => errors.push(FieldError::new(
                    format!("phoneNumbers[{index}]"),
                    "repeats an earlier number",
                )),
                Ok(number) => numbers.push(number),
                Err(error) => errors.push(error.at(format!("phoneNumbers[{index}]"))),
            }
        }
        (errors.len() == before).then_some(numbers)
    }
}

/// The value of `result`, or `None` after recording its failure under `field`.
fn check<T>(
    errors: &mut Vec<FieldError>,
    field: &str,
    result: Result<T, InvalidValue>,
) -> Option<T> {
    result.map_err(|error| errors.push(error.at(field))).ok()
}

impl TryFrom<VendorProfileInput> for VendorProfile {
    type Error = InvalidValue;

    /// Used when reading a stored profile back; the field errors are joined into one message.
    fn try_from(input: VendorProfileInput) -> Result<Self, Self::Error> {
        input.validate().map_err(|errors| {
            InvalidValue::new(
                errors
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("; "),
            )
        })
    }
}

impl From<VendorProfile> for VendorProfileInput {
    /// The profile in input form: what an edit form starts from, and the stored shape.
    fn from(profile: VendorProfile) -> Self {
        let phones = |numbers: Vec<PhoneNumber>| -> Vec<String> {
            numbers.into_iter().map(String::from).collect()
        };
        match profile {
            VendorProfile::Individual {
                legal_name,
                address,
                phone_numbers,
                website,
            } => Self {
                kind: Some(VendorKind::Individual),
                legal_name: legal_name.into(),
                business_name: String::new(),
                position: String::new(),
                duns: String::new(),
                address: address.into(),
                phone_numbers: phones(phone_numbers),
                website: website.as_str().to_owned(),
            },
            VendorProfile::Business {
                legal_name,
                business_name,
                position,
                duns,
                address,
                phone_numbers,
                website,
            } => Self {
                kind: Some(VendorKind::Business),
                legal_name: legal_name.into(),
                business_name: business_name.into(),
                position: position.into(),
                duns: duns.map(String::from).unwrap_or_default(),
                address: address.into(),
                phone_numbers: phones(phone_numbers),
                website: website.as_str().to_owned(),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn address() -> PostalAddressInput {
        PostalAddressInput {
            lines: vec!["1 Main Street".into()],
            city: "Springfield".into(),
            region: Some("IL".into()),
            postal_code: Some("62701".into()),
            country: "US".into(),
        }
    }

    fn individual() -> VendorProfileInput {
        VendorProfileInput {
            kind: Some(VendorKind::Individual),
            legal_name: " Ada Lovelace ".into(),
            address: address(),
            phone_numbers: vec!["+1 (555) 123-4567".into()],
            website: "https://ada.example.com".into(),
            ..VendorProfileInput::default()
        }
    }

    fn business() -> VendorProfileInput {
        VendorProfileInput {
            kind: Some(VendorKind::Business),
            business_name: "Acme Health Apps, Inc.".into(),
            position: "CTO".into(),
            duns: "12-345-6789".into(),
            ..individual()
        }
    }

    fn errors_of(input: VendorProfileInput) -> Vec<FieldError> {
        input.validate().expect_err("should be refused")
    }

    fn website() -> HttpsUrl {
        HttpsUrl::parse("https://ada.example.com").expect("valid url")
    }

    #[test]
    fn validates_an_individual_profile() {
        let profile = individual().validate().expect("valid");
        assert_eq!(
            profile,
            VendorProfile::Individual {
                legal_name: PersonName::parse("Ada Lovelace").expect("valid"),
                address: PostalAddress::parse(address()).expect("valid"),
                phone_numbers: vec![PhoneNumber::parse("+15551234567").expect("valid")],
                website: website(),
            }
        );
        assert_eq!(profile.kind(), VendorKind::Individual);
        assert_eq!(profile.legal_name().as_str(), "Ada Lovelace");
        assert_eq!(profile.business_name(), None);
        assert_eq!(profile.position(), None);
        assert_eq!(profile.duns(), None);
        assert_eq!(profile.address().city(), "Springfield");
        assert_eq!(profile.phone_numbers()[0].as_str(), "+15551234567");
        assert_eq!(profile.website(), &website());
    }

    #[test]
    fn an_individual_ignores_business_only_fields() {
        let profile = VendorProfileInput {
            business_name: "x".repeat(500),
            position: "\u{7}".into(),
            duns: "not a number".into(),
            ..individual()
        }
        .validate()
        .expect("valid");
        assert_eq!(profile.kind(), VendorKind::Individual);
    }

    #[test]
    fn validates_a_business_profile() {
        let profile = business().validate().expect("valid");
        assert_eq!(profile.kind(), VendorKind::Business);
        assert_eq!(
            profile.business_name().map(BusinessName::as_str),
            Some("Acme Health Apps, Inc.")
        );
        assert_eq!(profile.position().map(Position::as_str), Some("CTO"));
        assert_eq!(profile.duns().map(DunsNumber::as_str), Some("123456789"));
    }

    #[test]
    fn a_blank_duns_number_means_none() {
        let profile = VendorProfileInput {
            duns: "  ".into(),
            ..business()
        }
        .validate()
        .expect("valid");
        assert_eq!(profile.duns(), None);
    }

    #[test]
    fn the_kind_must_be_chosen() {
        assert_eq!(
            errors_of(VendorProfileInput {
                kind: None,
                ..individual()
            }),
            vec![FieldError::new(
                "kind",
                "must be chosen: individual or business"
            )]
        );
    }

    #[test]
    fn checks_the_legal_name() {
        assert_eq!(
            errors_of(VendorProfileInput {
                legal_name: " ".into(),
                ..individual()
            }),
            vec![FieldError::new("legalName", "must not be empty")]
        );
    }

    #[test]
    fn checks_the_business_fields_of_a_business() {
        assert_eq!(
            errors_of(VendorProfileInput {
                business_name: String::new(),
                position: "x".repeat(101),
                duns: "1234".into(),
                ..business()
            }),
            vec![
                FieldError::new("businessName", "must not be empty"),
                FieldError::new("position", "must be at most 100 characters"),
                FieldError::new("duns", "must be exactly 9 digits"),
            ]
        );
    }

    #[test]
    fn reports_address_errors_with_their_paths() {
        assert_eq!(
            errors_of(VendorProfileInput {
                address: PostalAddressInput {
                    city: String::new(),
                    country: "XX".into(),
                    ..address()
                },
                ..individual()
            }),
            vec![
                FieldError::new("address.city", "must not be empty"),
                FieldError::new(
                    "address.country",
                    "must be an ISO 3166-1 alpha-2 country code, like US"
                ),
            ]
        );
    }

    #[test]
    fn needs_at_least_one_phone_number() {
        assert_eq!(
            errors_of(VendorProfileInput {
                phone_numbers: vec![],
                ..individual()
            }),
            vec![FieldError::new(
                "phoneNumbers",
                "must have at least one phone number"
            )]
        );
    }

    #[test]
    fn accepts_five_phone_numbers_and_refuses_six() {
        let numbers: Vec<String> = (1..=6).map(|n| format!("+1555000000{n}")).collect();
        let five = VendorProfileInput {
            phone_numbers: numbers[..5].to_vec(),
            ..individual()
        };
        assert_eq!(five.validate().expect("valid").phone_numbers().len(), 5);
        assert_eq!(
            errors_of(VendorProfileInput {
                phone_numbers: numbers,
                ..individual()
            }),
            vec![FieldError::new(
                "phoneNumbers",
                "must have at most 5 phone numbers"
            )]
        );
    }

    #[test]
    fn checks_each_phone_number() {
        assert_eq!(
            errors_of(VendorProfileInput {
                phone_numbers: vec!["+1 555 123 4567".into(), "555 1234".into()],
                ..individual()
            }),
            vec![FieldError::new(
                "phoneNumbers[1]",
                "must start with + and the country code"
            )]
        );
    }

    #[test]
    fn refuses_a_repeated_phone_number() {
        assert_eq!(
            errors_of(VendorProfileInput {
                phone_numbers: vec!["+1 555 123 4567".into(), "001-555-123-4567".into()],
                ..individual()
            }),
            vec![FieldError::new(
                "phoneNumbers[1]",
                "repeats an earlier number"
            )]
        );
    }

    #[test]
    fn checks_the_website() {
        for website in ["http://ada.example.com", "ada.example.com", "", "https://"] {
            assert_eq!(
                errors_of(VendorProfileInput {
                    website: website.into(),
                    ..individual()
                }),
                vec![FieldError::new("website", "must be an absolute https URL")],
                "{website}"
            );
        }
    }

    #[test]
    fn reports_every_failure_at_once_in_form_order() {
        let fields: Vec<String> = errors_of(VendorProfileInput {
            kind: Some(VendorKind::Business),
            legal_name: String::new(),
            business_name: String::new(),
            position: String::new(),
            duns: "12".into(),
            address: PostalAddressInput::default(),
            phone_numbers: vec!["nope".into()],
            website: "ftp://x".into(),
        })
        .into_iter()
        .map(|error| error.field)
        .collect();
        assert_eq!(
            fields,
            [
                "legalName",
                "businessName",
                "position",
                "duns",
                "address.lines",
                "address.city",
                "address.country",
                "phoneNumbers[0]",
                "website",
            ]
        );
    }

    #[test]
    fn serialises_in_input_form_and_validates_again_when_read_back() {
        for input in [individual(), business()] {
            let profile = input.validate().expect("valid");
            let json = serde_json::to_value(&profile).expect("serialises");
            let back: VendorProfile = serde_json::from_value(json).expect("deserialises");
            assert_eq!(back, profile);
        }
        let individual = individual().validate().expect("valid");
        let json = serde_json::to_value(&individual).expect("serialises");
        assert_eq!(json["kind"], "INDIVIDUAL");
        assert!(json.get("business_name").is_none());
        assert!(json.get("duns").is_none());
        let mut broken = json;
        broken["phone_numbers"] = serde_json::json!([]);
        let error = serde_json::from_value::<VendorProfile>(broken).expect_err("refused");
        assert!(error
            .to_string()
            .contains("phoneNumbers: must have at least one phone number"));
    }

    #[test]
    fn converts_back_to_input_for_edit_forms() {
        let profile = business().validate().expect("valid");
        let input = VendorProfileInput::from(profile.clone());
        assert_eq!(input.kind, Some(VendorKind::Business));
        assert_eq!(input.legal_name, "Ada Lovelace");
        assert_eq!(input.duns, "123456789");
        assert_eq!(input.phone_numbers, ["+15551234567"]);
        assert_eq!(input.validate(), Ok(profile));
    }

    #[test]
    fn kinds_have_stable_names() {
        assert_eq!(VendorKind::Individual.as_str(), "INDIVIDUAL");
        assert_eq!(VendorKind::Business.as_str(), "BUSINESS");
        assert_eq!(VendorKind::Individual.label(), "individual");
        assert_eq!(VendorKind::Business.label(), "business");
        assert_eq!(
            serde_json::to_string(&VendorKind::Business).expect("serialises"),
            "\"BUSINESS\""
        );
    }
}
