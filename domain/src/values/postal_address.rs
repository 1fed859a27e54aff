//! A structured postal address (S3): lines, city, region, postal code and country.

use serde::{Deserialize, Serialize};

use crate::values::bounded_text::{bounded_text, optional_bounded_text};
use crate::values::invalid_value::{FieldError, InvalidValue};

/// Every officially assigned ISO 3166-1 alpha-2 country code (249 codes), sorted.
///
/// Kept in the code rather than fetched so that validation stays pure and deterministic.
/// User-assigned codes such as `XK` are not official and are not accepted.
pub const ISO_3166_1_ALPHA_2: [&str; 249] = [
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ",
    "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS",
    "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN",
    "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE",
    "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF",
    "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM",
    "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM",
    "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC",
    "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK",
    "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA",
    "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG",
    "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW",
    "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS",
    "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO",
    "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
    "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW",
];

/// A postal address as typed into a form, before validation.
///
/// It is also the stored (serialised) form of [`PostalAddress`], so that reading an address
/// back from the event log runs every rule again.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostalAddressInput {
    /// Street lines, first to last (1–3).
    pub lines: Vec<String>,
    /// City or town.
    pub city: String,
    /// State, province or county; blank or `None` when the country has none.
    pub region: Option<String>,
    /// Postal or ZIP code; blank or `None` when the country has none.
    pub postal_code: Option<String>,
    /// ISO 3166-1 alpha-2 country code, any case.
    pub country: String,
}

/// A validated postal address.
///
/// Structured rather than free text so that attestation documents and exports can lay it out
/// and so that the country is machine-readable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "PostalAddressInput", into = "PostalAddressInput")]
pub struct PostalAddress {
    lines: Vec<String>,
    city: String,
    region: Option<String>,
    postal_code: Option<String>,
    country: String,
}

impl PostalAddress {
    /// The most street lines accepted.
    pub const MAX_LINES: usize = 3;
    /// The longest street line, city or region, in characters.
    pub const MAX_LINE_CHARS: usize = 100;
    /// The longest postal code, in characters.
    pub const MAX_POSTAL_CODE_CHARS: usize = 20;

    /// Validates every field of `input` and reports every failure at once.
    ///
    /// Text is trimmed; a blank region or postal code means "none"; the country code is
    /// upper-cased. Each street line that is given must be non-blank: the caller leaves unused
    /// form lines out rather than sending them empty, so that `address.lines[i]` always points
    /// at the line the person typed.
    pub fn parse(input: PostalAddressInput) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();

        if input.lines.is_empty() {
            errors.push(FieldError::new(
                "address.lines",
                "must have at least one line",
            ));
        } else if input.lines.len() > Self::MAX_LINES {
            errors.push(FieldError::new(
                "address.lines",
                format!("must have at most {} lines", Self::MAX_LINES),
            ));
        }
        let mut lines = Vec::with_capacity(input.lines.len());
        for (index, line) in input.lines.iter().enumerate() {
            match bounded_text(line, Self::MAX_LINE_CHARS) {
                Ok(line) => lines.push(line),
                Err(error) => errors.push(error.at(format!("address.lines[{index}]"))),
            }
        }

        let city = bounded_text(&input.city, Self::MAX_LINE_CHARS)
            .map_err(|error| errors.push(error.at("address.city")))
            .ok();

        let region = optional_bounded_text(
            input.region.as_deref().unwrap_or_default(),
            Self::MAX_LINE_CHARS,
        )
        .map_err(|error| errors.push(error.at("address.region")))
        .ok()
        .flatten();

        let postal_code = parse_postal_code(input.postal_code.as_deref().unwrap_or_default())
            .map_err(|error| errors.push(error.at("address.postalCode")))
            .ok()
            .flatten();

        let country = parse_country(&input.country)
            .map_err(|error| errors.push(error.at("address.country")))
            .ok();

        match (city, country) {
            (Some(city), Some(country)) if errors.is_empty() => Ok(Self {
                lines,
                city,
                region,
                postal_code,
                country,
            }),
            _ => Err(errors),
        }
    }

    /// The street lines, first to last (1–3, trimmed, non-empty).
    pub fn lines(&self) -> &[String] {
        &self.lines
    }

    /// The city or town.
    pub fn city(&self) -> &str {
        &self.city
    }

    /// The state, province or county, if any.
    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }

    /// The postal or ZIP code, if any.
    pub fn postal_code(&self) -> Option<&str> {
        self.postal_code.as_deref()
    }

    /// The upper-case ISO 3166-1 alpha-2 country code, e.g. `US`.
    pub fn country(&self) -> &str {
        &self.country
    }
}

/// Up to 20 letters, digits, spaces and hyphens; blank means "none".
fn parse_postal_code(input: &str) -> Result<Option<String>, InvalidValue> {
    let code = input.trim();
    if code.is_empty() {
        return Ok(None);
    }
    if code.chars().count() > PostalAddress::MAX_POSTAL_CODE_CHARS {
        return Err(InvalidValue::new(format!(
            "must be at most {} characters",
            PostalAddress::MAX_POSTAL_CODE_CHARS
        )));
    }
    // ASCII only: every postal-code system in use is written in Latin letters and digits.
    if !code
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '-')
    {
        return Err(InvalidValue::new(
            "may contain only letters, digits, spaces and -",
        ));
    }
    Ok(Some(code.to_owned()))
}

/// An officially assigned ISO 3166-1 alpha-2 code, in any case.
fn parse_country(input: &str) -> Result<String, InvalidValue> {
    let code = input.trim().to_ascii_uppercase();
    if code.is_empty() {
        return Err(InvalidValue::new("must not be empty"));
    }
    if ISO_3166_1_ALPHA_2.binary_search(&code.as_str()).is_ok() {
        Ok(code)
    } else {
        Err(InvalidValue::new(
            "must be an ISO 3166-1 alpha-2 country code, like US",
        ))
    }
}

impl TryFrom<PostalAddressInput> for PostalAddress {
    type Error = InvalidValue;

    /// Used when reading a stored address back; the field errors are joined into one message.
    fn try_from(input: PostalAddressInput) -> Result<Self, Self::Error> {
        Self::parse(input).map_err(|errors| {
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

impl From<PostalAddress> for PostalAddressInput {
    fn from(address: PostalAddress) -> Self {
        Self {
            lines: address.lines,
            city: address.city,
            region: address.region,
            postal_code: address.postal_code,
            country: address.country,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> PostalAddressInput {
        PostalAddressInput {
            lines: vec!["  1 Main Street ".into(), "Suite 200".into()],
            city: " Springfield ".into(),
            region: Some(" IL ".into()),
            postal_code: Some(" 62701-1234 ".into()),
            country: " us ".into(),
        }
    }

    fn errors_of(input: PostalAddressInput) -> Vec<FieldError> {
        PostalAddress::parse(input).expect_err("should be refused")
    }

    #[test]
    fn accepts_trims_and_upper_cases_the_country() {
        let address = PostalAddress::parse(input()).expect("valid");
        assert_eq!(address.lines(), ["1 Main Street", "Suite 200"]);
        assert_eq!(address.city(), "Springfield");
        assert_eq!(address.region(), Some("IL"));
        assert_eq!(address.postal_code(), Some("62701-1234"));
        assert_eq!(address.country(), "US");
    }

    #[test]
    fn blank_region_and_postal_code_mean_none() {
        let address = PostalAddress::parse(PostalAddressInput {
            region: Some("  ".into()),
            postal_code: None,
            country: "ie".into(),
            ..input()
        })
        .expect("valid");
        assert_eq!(address.region(), None);
        assert_eq!(address.postal_code(), None);
        assert_eq!(address.country(), "IE");
    }

    #[test]
    fn needs_at_least_one_line() {
        assert_eq!(
            errors_of(PostalAddressInput {
                lines: vec![],
                ..input()
            }),
            vec![FieldError::new(
                "address.lines",
                "must have at least one line"
            )]
        );
    }

    #[test]
    fn accepts_three_lines_and_refuses_four() {
        let three = vec!["a".to_owned(), "b".to_owned(), "c".to_owned()];
        assert!(PostalAddress::parse(PostalAddressInput {
            lines: three.clone(),
            ..input()
        })
        .is_ok());
        let mut four = three;
        four.push("d".into());
        assert_eq!(
            errors_of(PostalAddressInput {
                lines: four,
                ..input()
            }),
            vec![FieldError::new(
                "address.lines",
                "must have at most 3 lines"
            )]
        );
    }

    #[test]
    fn checks_each_line() {
        assert_eq!(
            errors_of(PostalAddressInput {
                lines: vec!["1 Main Street".into(), "  ".into(), "x".repeat(101)],
                ..input()
            }),
            vec![
                FieldError::new("address.lines[1]", "must not be empty"),
                FieldError::new("address.lines[2]", "must be at most 100 characters"),
            ]
        );
        assert_eq!(
            errors_of(PostalAddressInput {
                lines: vec!["1 Main\nStreet".into()],
                ..input()
            }),
            vec![FieldError::new(
                "address.lines[0]",
                "must not contain control characters"
            )]
        );
        assert!(PostalAddress::parse(PostalAddressInput {
            lines: vec!["x".repeat(100)],
            ..input()
        })
        .is_ok());
    }

    #[test]
    fn checks_the_city() {
        assert_eq!(
            errors_of(PostalAddressInput {
                city: " ".into(),
                ..input()
            }),
            vec![FieldError::new("address.city", "must not be empty")]
        );
        assert_eq!(
            errors_of(PostalAddressInput {
                city: "x".repeat(101),
                ..input()
            }),
            vec![FieldError::new(
                "address.city",
                "must be at most 100 characters"
            )]
        );
    }

    #[test]
    fn checks_the_region() {
        assert_eq!(
            errors_of(PostalAddressInput {
                region: Some("x".repeat(101)),
                ..input()
            }),
            vec![FieldError::new(
                "address.region",
                "must be at most 100 characters"
            )]
        );
        assert_eq!(
            errors_of(PostalAddressInput {
                region: Some("Ile\u{1b}".into()),
                ..input()
            }),
            vec![FieldError::new(
                "address.region",
                "must not contain control characters"
            )]
        );
    }

    #[test]
    fn checks_the_postal_code() {
        assert!(PostalAddress::parse(PostalAddressInput {
            postal_code: Some("SW1A 1AA".into()),
            country: "GB".into(),
            ..input()
        })
        .is_ok());
        assert!(PostalAddress::parse(PostalAddressInput {
            postal_code: Some("x".repeat(20)),
            ..input()
        })
        .is_ok());
        assert_eq!(
            errors_of(PostalAddressInput {
                postal_code: Some("1".repeat(21)),
                ..input()
            }),
            vec![FieldError::new(
                "address.postalCode",
                "must be at most 20 characters"
            )]
        );
        assert_eq!(
            errors_of(PostalAddressInput {
                postal_code: Some("62701#1".into()),
                ..input()
            }),
            vec![FieldError::new(
                "address.postalCode",
                "may contain only letters, digits, spaces and -"
            )]
        );
    }

    #[test]
    fn checks_the_country() {
        assert_eq!(
            errors_of(PostalAddressInput {
                country: "  ".into(),
                ..input()
            }),
            vec![FieldError::new("address.country", "must not be empty")]
        );
        for code in ["USA", "XK", "ZZ", "U"] {
            assert_eq!(
                errors_of(PostalAddressInput {
                    country: code.into(),
                    ..input()
                }),
                vec![FieldError::new(
                    "address.country",
                    "must be an ISO 3166-1 alpha-2 country code, like US"
                )],
                "{code}"
            );
        }
    }

    #[test]
    fn reports_every_field_at_once() {
        assert_eq!(
            errors_of(PostalAddressInput {
                lines: vec![],
                city: String::new(),
                region: Some("x".repeat(101)),
                postal_code: Some("?".into()),
                country: "Narnia".into(),
            }),
            vec![
                FieldError::new("address.lines", "must have at least one line"),
                FieldError::new("address.city", "must not be empty"),
                FieldError::new("address.region", "must be at most 100 characters"),
                FieldError::new(
                    "address.postalCode",
                    "may contain only letters, digits, spaces and -"
                ),
                FieldError::new(
                    "address.country",
                    "must be an ISO 3166-1 alpha-2 country code, like US"
                ),
            ]
        );
    }

    #[test]
    fn the_country_list_is_sorted_unique_and_well_formed() {
        assert!(ISO_3166_1_ALPHA_2.windows(2).all(|pair| pair[0] < pair[1]));
        assert!(ISO_3166_1_ALPHA_2
            .iter()
            .all(|code| code.len() == 2 && code.chars().all(|c| c.is_ascii_uppercase())));
        for code in ["US", "GB", "DE", "IN", "SS", "CW", "SX", "BQ", "AX"] {
            assert!(ISO_3166_1_ALPHA_2.contains(&code), "{code}");
        }
    }

    #[test]
    fn round_trips_through_json_and_validates_again() {
        let address = PostalAddress::parse(input()).expect("valid");
        let json = serde_json::to_string(&address).expect("serialises");
        assert_eq!(
            json,
            r#"{"lines":["1 Main Street","Suite 200"],"city":"Springfield","region":"IL","postal_code":"62701-1234","country":"US"}"#
        );
        let back: PostalAddress = serde_json::from_str(&json).expect("deserialises");
        assert_eq!(back, address);
        let broken = json.replace("\"US\"", "\"XX\"");
        let error = serde_json::from_str::<PostalAddress>(&broken).expect_err("refused");
        assert!(error
            .to_string()
            .contains("address.country: must be an ISO 3166-1 alpha-2 country code, like US"));
    }
}
