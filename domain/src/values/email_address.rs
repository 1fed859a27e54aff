//! An e-mail address, the sign-in name of an account (S2).

use serde::{Deserialize, Serialize};

use crate::values::invalid_value::InvalidValue;

/// An e-mail address with a plausible shape.
///
/// The checks are deliberately shallow (one `@`, a local part of at most 64 characters, a
/// domain with a dot, no spaces, at most 254 characters in all, after RFC 5321's limits): the
/// only real proof that an address works is a message reaching it, and stricter syntax rules
/// mostly refuse real addresses. The typed form is kept for display and for sending mail;
/// [`EmailAddress::normalized`] is the form used for uniqueness, because S2 compares addresses
/// case-insensitively.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct EmailAddress(String);

impl EmailAddress {
    /// The longest address accepted, in characters (RFC 5321's path limit less the brackets).
    pub const MAX_CHARS: usize = 254;
    /// The longest part before the `@`, in characters (RFC 5321).
    pub const MAX_LOCAL_PART_CHARS: usize = 64;

    /// Trims `input` and checks its shape; the first broken rule is reported.
    pub fn parse(input: &str) -> Result<Self, InvalidValue> {
        let address = input.trim();
        if address.is_empty() {
            return Err(InvalidValue::new("must not be empty"));
        }
        if address.chars().count() > Self::MAX_CHARS {
            return Err(InvalidValue::new(format!(
                "must be at most {} characters",
                Self::MAX_CHARS
            )));
        }
        if address.chars().any(char::is_whitespace) {
            return Err(InvalidValue::new("must not contain spaces"));
        }
        if address.chars().any(char::is_control) {
            return Err(InvalidValue::new("must not contain control characters"));
        }
        let Some((local, domain)) = address.split_once('@') else {
            return Err(InvalidValue::new("must contain exactly one @"));
        };
        if domain.contains('@') {
            return Err(InvalidValue::new("must contain exactly one @"));
        }
        if local.is_empty() {
            return Err(InvalidValue::new("must have a name before the @"));
        }
        if local.chars().count() > Self::MAX_LOCAL_PART_CHARS {
            return Err(InvalidValue::new(format!(
                "the part before the @ must be at most {} characters",
                Self::MAX_LOCAL_PART_CHARS
            )));
        }
        // "a domain with a dot": every dot-separated label must be non-empty, so that
        // `user@.com`, `user@example.` and `user@example..com` are refused along with `user@localhost`.
        if !domain.contains('.') || domain.split('.').any(str::is_empty) {
            return Err(InvalidValue::new(
                "must have a domain with a dot after the @, like example.com",
            ));
        }
        Ok(Self(address.to_owned()))
    }

    /// The address as typed (trimmed): use it to show the address and to send mail to it.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The whole address in lower case: the key for uniqueness and sign-in look-ups.
    ///
    /// Lower-casing the local part too is not what RFC 5321 promises, but it is what users
    /// expect and what S2 asks for; no mainstream provider distinguishes case there.
    pub fn normalized(&self) -> String {
        self.0.to_lowercase()
    }
}

impl TryFrom<String> for EmailAddress {
    type Error = InvalidValue;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<EmailAddress> for String {
    fn from(value: EmailAddress) -> Self {
        value.0
    }
}

impl std::fmt::Display for EmailAddress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(input: &str) -> String {
        EmailAddress::parse(input).expect_err("should be refused").0
    }

    #[test]
    fn keeps_the_typed_form_and_normalises_to_lower_case() {
        let email = EmailAddress::parse("  Ada.Lovelace@Example.COM ").expect("valid");
        assert_eq!(email.as_str(), "Ada.Lovelace@Example.COM");
        assert_eq!(email.normalized(), "ada.lovelace@example.com");
        assert_eq!(email.to_string(), "Ada.Lovelace@Example.COM");
    }

    #[test]
    fn refuses_an_empty_address() {
        assert_eq!(refused("   "), "must not be empty");
    }

    #[test]
    fn accepts_254_characters_and_refuses_255() {
        // 64 + 1 + 189 = 254 characters.
        let domain = format!("{}.com", "d".repeat(185));
        let longest = format!("{}@{domain}", "l".repeat(64));
        assert_eq!(longest.len(), 254);
        assert!(EmailAddress::parse(&longest).is_ok());
        let too_long = format!("{}@d{domain}", "l".repeat(64));
        assert_eq!(refused(&too_long), "must be at most 254 characters");
    }

    #[test]
    fn refuses_spaces_inside() {
        assert_eq!(
            refused("ada lovelace@example.com"),
            "must not contain spaces"
        );
        assert_eq!(refused("ada@exa\tmple.com"), "must not contain spaces");
    }

    #[test]
    fn refuses_control_characters() {
        assert_eq!(
            refused("ada\u{0}@example.com"),
            "must not contain control characters"
        );
    }

    #[test]
    fn needs_exactly_one_at_sign() {
        assert_eq!(refused("ada.example.com"), "must contain exactly one @");
        assert_eq!(
            refused("ada@lovelace@example.com"),
            "must contain exactly one @"
        );
    }

    #[test]
    fn needs_a_local_part() {
        assert_eq!(refused("@example.com"), "must have a name before the @");
    }

    #[test]
    fn limits_the_local_part_to_64_characters() {
        assert!(EmailAddress::parse(&format!("{}@example.com", "a".repeat(64))).is_ok());
        assert_eq!(
            refused(&format!("{}@example.com", "a".repeat(65))),
            "the part before the @ must be at most 64 characters"
        );
    }

    #[test]
    fn needs_a_domain_with_a_dot() {
        let message = "must have a domain with a dot after the @, like example.com";
        assert_eq!(refused("ada@localhost"), message);
        assert_eq!(refused("ada@"), message);
        assert_eq!(refused("ada@.com"), message);
        assert_eq!(refused("ada@example."), message);
        assert_eq!(refused("ada@example..com"), message);
        assert!(EmailAddress::parse("ada@mail.example.co.uk").is_ok());
    }

    #[test]
    fn deserialising_validates_again() {
        let email: EmailAddress = serde_json::from_str("\"Ada@Example.com\"").expect("valid json");
        assert_eq!(email.as_str(), "Ada@Example.com");
        assert_eq!(
            serde_json::to_string(&email).expect("serialises"),
            "\"Ada@Example.com\""
        );
        let error = serde_json::from_str::<EmailAddress>("\"nope\"").expect_err("refused");
        assert!(error.to_string().contains("must contain exactly one @"));
    }
}
