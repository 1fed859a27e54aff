//! Absolute https URLs for web pages: homepage, privacy policy, terms of service, vendor
//! website and JWKS URL.

use serde::{Deserialize, Serialize};
use url::Url;

use super::invalid_value::InvalidValue;

/// The message for anything that is not an absolute https URL with a host.
const NOT_HTTPS: &str = "must be an absolute https URL";
/// The message for URLs that carry credentials, which would be published to everyone.
const HAS_USER_INFO: &str = "must not contain a user name or password";

/// An absolute `https` URL with a host and without credentials.
///
/// The value is kept in the `url` crate's normalised form (lower-case host, a `/` path when
/// none was typed), because these URLs are links to follow, not strings to compare with
/// what a client sends.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct HttpsUrl(Url);

impl HttpsUrl {
    /// Checks a URL as typed, ignoring surrounding white space.
    pub fn parse(input: &str) -> Result<Self, InvalidValue> {
        let url = Url::parse(input.trim()).map_err(|_| InvalidValue::new(NOT_HTTPS))?;
        if url.scheme() != "https" || url.host_str().is_none_or(str::is_empty) {
            return Err(InvalidValue::new(NOT_HTTPS));
        }
        // Credentials in a public link would leak to every reader of the App Gallery.
        if !url.username().is_empty() || url.password().is_some() {
            return Err(InvalidValue::new(HAS_USER_INFO));
        }
        Ok(Self(url))
    }

    /// The normalised URL text.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    /// The parsed URL, for callers that need its parts (host, path, …).
    pub fn as_url(&self) -> &Url {
        &self.0
    }
}

impl std::fmt::Display for HttpsUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl TryFrom<String> for HttpsUrl {
    type Error = InvalidValue;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<HttpsUrl> for String {
    fn from(value: HttpsUrl) -> Self {
        value.0.into()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn accepts_absolute_https_and_normalises() {
        let url = HttpsUrl::parse("  https://Example.COM/privacy?x=1  ").unwrap();
        assert_eq!(url.as_str(), "https://example.com/privacy?x=1");
        assert_eq!(url.as_url().host_str(), Some("example.com"));
        assert_eq!(
            HttpsUrl::parse("https://example.com").unwrap().as_str(),
            "https://example.com/"
        );
    }

    #[test]
    fn refuses_relative_or_garbage() {
        assert_eq!(HttpsUrl::parse("").unwrap_err().0, NOT_HTTPS);
        assert_eq!(HttpsUrl::parse("/privacy").unwrap_err().0, NOT_HTTPS);
        assert_eq!(HttpsUrl::parse("example.com").unwrap_err().0, NOT_HTTPS);
        assert_eq!(HttpsUrl::parse("https://").unwrap_err().0, NOT_HTTPS);
    }

    #[test]
    fn refuses_other_schemes() {
        assert_eq!(
            HttpsUrl::parse("http://example.com/").unwrap_err().0,
            "must be an absolute https URL"
        );
        assert_eq!(
            HttpsUrl::parse("ftp://example.com/").unwrap_err().0,
            NOT_HTTPS
        );
        assert_eq!(
            HttpsUrl::parse("mailto:someone@example.com").unwrap_err().0,
            NOT_HTTPS
        );
    }

    #[test]
    fn refuses_user_info() {
        assert_eq!(
            HttpsUrl::parse("https://user@example.com/").unwrap_err().0,
            "must not contain a user name or password"
        );
        assert_eq!(
            HttpsUrl::parse("https://user:secret@example.com/")
                .unwrap_err()
                .0,
            HAS_USER_INFO
        );
        assert_eq!(
            HttpsUrl::parse("https://:secret@example.com/")
                .unwrap_err()
                .0,
            HAS_USER_INFO
        );
    }

    #[test]
    fn serde_round_trips_through_parse() {
        let url = HttpsUrl::parse("https://example.com/jwks.json").unwrap();
        let json = serde_json::to_string(&url).unwrap();
        assert_eq!(json, "\"https://example.com/jwks.json\"");
        assert_eq!(serde_json::from_str::<HttpsUrl>(&json).unwrap(), url);
        let err = serde_json::from_str::<HttpsUrl>("\"http://example.com/\"").unwrap_err();
        assert!(err.to_string().contains(NOT_HTTPS));
    }
}
