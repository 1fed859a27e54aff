//! OAuth redirect URIs (S4 step 2), following RFC 8252 for native apps.

use serde::{Deserialize, Serialize};
use url::Url;

use super::categories::Platform;
use super::invalid_value::{FieldError, InvalidValue};

/// Most redirect URIs an app may register, the default included.
pub const MAX_REDIRECT_URIS: usize = 20;

/// Not parseable as an absolute URI.
const NOT_ABSOLUTE: &str = "must be an absolute URI";
/// White space or control characters, which the `url` crate would silently drop.
const HAS_SPACE: &str = "must not contain spaces or control characters";
/// A `*` anywhere: authorization servers compare redirect URIs exactly, so patterns never match.
const HAS_WILDCARD: &str = "must not contain a wildcard (*)";
/// A `#…` part, which OAuth 2.0 forbids in redirect URIs.
const HAS_FRAGMENT: &str = "must not contain a fragment (#)";
/// `http://localhost…`, which RFC 8252 §8.3 advises against.
const LOCALHOST: &str = "must use 127.0.0.1 or [::1] instead of localhost";
/// `http` on any other host.
const HTTP_NOT_LOOPBACK: &str =
    "must use https; http is allowed only on the loopback addresses 127.0.0.1 and [::1]";
/// A private-use scheme on an app without a mobile platform.
const PRIVATE_NEEDS_MOBILE: &str = "may use a private-use scheme only for iOS or Android apps";
/// A non-http scheme that is not in reverse domain name form, on a mobile app.
const PRIVATE_NOT_REVERSE_DNS: &str =
    "must use https or a private-use scheme in reverse domain name form, such as com.example.app";
/// A non-http scheme on an app without a mobile platform.
const NOT_HTTPS: &str = "must use https";

/// One redirect URI, stored exactly as typed (trimmed).
///
/// Authorization servers compare redirect URIs character by character, so the stored value is
/// the typed text, not the `url` crate's normalised serialisation.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct RedirectUri(String);

impl RedirectUri {
    /// Checks one redirect URI for an app running on `platforms`.
    ///
    /// Allowed: `https` URIs; `http` only on exactly `127.0.0.1` or `[::1]` (RFC 8252 §7.3);
    /// private-use schemes in reverse domain name form (`com.example.app:/callback`, RFC 8252
    /// §7.1) only when `platforms` contains iOS or Android. Never a fragment or a `*`.
    pub fn parse(input: &str, platforms: &[Platform]) -> Result<Self, InvalidValue> {
        let typed = input.trim();
        if typed.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(InvalidValue::new(HAS_SPACE));
        }
        if typed.contains('*') {
            return Err(InvalidValue::new(HAS_WILDCARD));
        }
        let url = Url::parse(typed).map_err(|_| InvalidValue::new(NOT_ABSOLUTE))?;
        if url.fragment().is_some() {
            return Err(InvalidValue::new(HAS_FRAGMENT));
        }
        match url.scheme() {
            "https" => {}
            "http" => check_loopback(typed, &url)?,
            scheme => check_private_use(scheme, platforms)?,
        }
        Ok(Self(typed.to_owned()))
    }

    /// The URI as registered.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Allows `http` only when the typed host is literally a loopback IP address.
///
/// The typed text is checked, not the parsed host, because the parser turns forms like
/// `127.1` or `[0:0::1]` into `127.0.0.1` / `[::1]` while the stored value keeps them as typed.
fn check_loopback(typed: &str, url: &Url) -> Result<(), InvalidValue> {
    if url
        .host_str()
        .is_some_and(|host| host.eq_ignore_ascii_case("localhost"))
    {
        return Err(InvalidValue::new(LOCALHOST));
    }
    // Odd spellings the parser tolerates (`http:127.0.0.1`, backslashes) are refused too.
    let prefix = "http://";
    let rest = typed
        .get(..prefix.len())
        .filter(|start| start.eq_ignore_ascii_case(prefix))
        .and_then(|_| typed.get(prefix.len()..))
        .unwrap_or_default();
    let is_loopback = ["127.0.0.1", "[::1]"].into_iter().any(|host| {
        rest.strip_prefix(host)
            .is_some_and(|after| after.is_empty() || after.starts_with([':', '/', '?']))
    });
    if is_loopback {
        Ok(())
    } else {
        Err(InvalidValue::new(HTTP_NOT_LOOPBACK))
    }
}

/// Allows a private-use scheme only for mobile apps, and only in reverse domain name form.
fn check_private_use(scheme: &str, platforms: &[Platform]) -> Result<(), InvalidValue> {
    let mobile = platforms
        .iter()
        .any(|platform| matches!(platform, Platform::Ios | Platform::Android));
    // Reverse domain name form keeps one vendor's scheme from colliding with another's.
    let reverse_dns = scheme.contains('.') && scheme.split('.').all(|label| !label.is_empty());
    match (mobile, reverse_dns) {
        (true, true) => Ok(()),
        (true, false) => Err(InvalidValue::new(PRIVATE_NOT_REVERSE_DNS)),
        (false, true) => Err(InvalidValue::new(PRIVATE_NEEDS_MOBILE)),
        (false, false) => Err(InvalidValue::new(NOT_HTTPS)),
    }
}

impl std::fmt::Display for RedirectUri {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Reads a stored redirect URI back.
///
/// The platform rule is a cross-field rule that was checked when the value was first accepted;
/// on reading it back the platforms are not known, so every platform is assumed.
impl TryFrom<String> for RedirectUri {
    type Error = InvalidValue;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value, &Platform::ALL)
    }
}

impl From<RedirectUri> for String {
    fn from(value: RedirectUri) -> Self {
        value.0
    }
}

/// An app's redirect URIs: one default and up to 19 more, all distinct.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "RedirectUrisRecord")]
pub struct RedirectUris {
    default: RedirectUri,
    additional: Vec<RedirectUri>,
}

/// The serde shape of [`RedirectUris`], checked again on the way in.
#[derive(Deserialize)]
struct RedirectUrisRecord {
    default: RedirectUri,
    additional: Vec<RedirectUri>,
}

impl TryFrom<RedirectUrisRecord> for RedirectUris {
    type Error = InvalidValue;

    fn try_from(record: RedirectUrisRecord) -> Result<Self, Self::Error> {
        let additional: Vec<String> = record.additional.into_iter().map(String::from).collect();
        Self::parse(record.default.as_str(), &additional, &Platform::ALL).map_err(|errors| {
            let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
            InvalidValue::new(messages.join("; "))
        })
    }
}

impl RedirectUris {
    /// Checks the default redirect URI and the additional ones (one per input line).
    ///
    /// Blank lines are ignored and exact duplicates are dropped, keeping the first. Every bad
    /// entry is reported, with the field `defaultRedirectUri` or `additionalRedirectUris[i]`
    /// where `i` is the position in `additional`; more than 20 distinct URIs in total is
    /// reported on `additionalRedirectUris`.
    pub fn parse(
        default: &str,
        additional: &[String],
        platforms: &[Platform],
    ) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let default_typed = default.trim();
        let parsed_default = RedirectUri::parse(default_typed, platforms)
            .map_err(|error| errors.push(error.at("defaultRedirectUri")))
            .ok();

        // Duplicates are found on the trimmed text, which is exactly what a RedirectUri keeps,
        // so invalid entries are counted and de-duplicated the same way as valid ones.
        let mut seen: Vec<&str> = vec![default_typed];
        let mut parsed_additional = Vec::new();
        for (index, line) in additional.iter().enumerate() {
            let typed = line.trim();
            if typed.is_empty() {
                continue;
            }
            // A repeated bad entry is still reported, so each line with a problem is marked.
            let parsed = RedirectUri::parse(typed, platforms);
            if seen.contains(&typed) {
                if let Err(error) = parsed {
                    errors.push(error.at(format!("additionalRedirectUris[{index}]")));
                }
                continue;
            }
            seen.push(typed);
            match parsed {
                Ok(uri) => parsed_additional.push(uri),
                Err(error) => errors.push(error.at(format!("additionalRedirectUris[{index}]"))),
            }
        }

        if seen.len() > MAX_REDIRECT_URIS {
            errors.push(FieldError::new(
                "additionalRedirectUris",
                format!("at most {MAX_REDIRECT_URIS} redirect URIs are allowed"),
            ));
        }
        match parsed_default {
            Some(default) if errors.is_empty() => Ok(Self {
                default,
                additional: parsed_additional,
            }),
            _ => Err(errors),
        }
    }

    /// The default redirect URI.
    pub fn default(&self) -> &RedirectUri {
        &self.default
    }

    /// The additional redirect URIs, in the order entered, without duplicates.
    pub fn additional(&self) -> &[RedirectUri] {
        &self.additional
    }

    /// The default redirect URI followed by the additional ones.
    pub fn all(&self) -> impl Iterator<Item = &RedirectUri> {
        std::iter::once(&self.default).chain(self.additional.iter())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const WEB: &[Platform] = &[Platform::Web];
    const IOS: &[Platform] = &[Platform::Web, Platform::Ios];
    const ANDROID: &[Platform] = &[Platform::Android];

    fn msg(input: &str, platforms: &[Platform]) -> String {
        RedirectUri::parse(input, platforms).unwrap_err().0
    }

    fn lines(items: &[&str]) -> Vec<String> {
        items.iter().map(|item| (*item).to_owned()).collect()
    }

    #[test]
    fn https_is_kept_exactly_as_typed() {
        let uri = RedirectUri::parse("  https://App.Example.com/cb?x=1  ", WEB).unwrap();
        assert_eq!(uri.as_str(), "https://App.Example.com/cb?x=1");
        // The url crate would add a trailing slash; the typed form must survive.
        assert_eq!(
            RedirectUri::parse("https://example.com", WEB)
                .unwrap()
                .as_str(),
            "https://example.com"
        );
    }

    #[test]
    fn must_be_absolute() {
        assert_eq!(msg("/callback", WEB), "must be an absolute URI");
        assert_eq!(msg("", WEB), NOT_ABSOLUTE);
        assert_eq!(msg("example.com/cb", WEB), NOT_ABSOLUTE);
        assert!(RedirectUri::parse("https://example.com/cb", WEB).is_ok());
    }

    #[test]
    fn refuses_inner_spaces_and_control_characters() {
        assert_eq!(
            msg("https://exa mple.com/cb", WEB),
            "must not contain spaces or control characters"
        );
        assert_eq!(msg("https://example.com/\tcb", WEB), HAS_SPACE);
        assert!(RedirectUri::parse(" https://example.com/cb\n", WEB).is_ok());
    }

    #[test]
    fn refuses_fragments() {
        assert_eq!(
            msg("https://example.com/cb#top", WEB),
            "must not contain a fragment (#)"
        );
        assert_eq!(msg("https://example.com/cb#", WEB), HAS_FRAGMENT);
        assert!(RedirectUri::parse("https://example.com/cb?a=b", WEB).is_ok());
    }

    #[test]
    fn refuses_wildcards_anywhere() {
        assert_eq!(
            msg("https://*.example.com/cb", WEB),
            "must not contain a wildcard (*)"
        );
        assert_eq!(msg("https://example.com/cb/*", WEB), HAS_WILDCARD);
        assert_eq!(msg("https://example.com/cb?x=*", WEB), HAS_WILDCARD);
    }

    #[test]
    fn http_only_on_exact_loopback_addresses() {
        for ok in [
            "http://127.0.0.1/cb",
            "http://127.0.0.1:8080/cb",
            "http://127.0.0.1",
            "http://[::1]:51000/cb",
            "http://[::1]?x=1",
        ] {
            let uri = RedirectUri::parse(ok, WEB).unwrap();
            assert_eq!(uri.as_str(), ok);
        }
        assert_eq!(
            msg("http://example.com/cb", WEB),
            "must use https; http is allowed only on the loopback addresses 127.0.0.1 and [::1]"
        );
        assert_eq!(msg("http://127.0.0.2/cb", WEB), HTTP_NOT_LOOPBACK);
        assert_eq!(msg("http://127.1/cb", WEB), HTTP_NOT_LOOPBACK);
        assert_eq!(msg("http://[0:0::1]/cb", WEB), HTTP_NOT_LOOPBACK);
        assert_eq!(msg("http://user@127.0.0.1/cb", WEB), HTTP_NOT_LOOPBACK);
        assert_eq!(msg("http://127.0.0.1.evil.com/cb", WEB), HTTP_NOT_LOOPBACK);
        assert_eq!(msg("http:127.0.0.1/cb", WEB), HTTP_NOT_LOOPBACK);
        assert_eq!(msg("http://127.0.0.1\\cb", WEB), HTTP_NOT_LOOPBACK);
        assert!(RedirectUri::parse("HTTP://127.0.0.1/cb", WEB).is_ok());
    }

    #[test]
    fn localhost_is_refused_with_a_hint() {
        assert_eq!(
            msg("http://localhost:8080/cb", WEB),
            "must use 127.0.0.1 or [::1] instead of localhost"
        );
        assert_eq!(msg("http://LOCALHOST/cb", IOS), LOCALHOST);
        // https on localhost is an ordinary https URI.
        assert!(RedirectUri::parse("https://localhost/cb", WEB).is_ok());
    }

    #[test]
    fn private_use_schemes_only_for_mobile_apps() {
        let uri = RedirectUri::parse("com.example.app:/callback", IOS).unwrap();
        assert_eq!(uri.as_str(), "com.example.app:/callback");
        assert!(RedirectUri::parse("com.example.app:/callback", ANDROID).is_ok());
        assert_eq!(
            msg("com.example.app:/callback", WEB),
            "may use a private-use scheme only for iOS or Android apps"
        );
        assert_eq!(msg("com.example.app:/callback", &[]), PRIVATE_NEEDS_MOBILE);
    }

    #[test]
    fn private_use_schemes_must_be_reverse_dns() {
        assert_eq!(
            msg("myapp://callback", IOS),
            "must use https or a private-use scheme in reverse domain name form, \
             such as com.example.app"
        );
        assert_eq!(msg("com..app:/cb", ANDROID), PRIVATE_NOT_REVERSE_DNS);
        assert!(RedirectUri::parse("org.example:/cb", ANDROID).is_ok());
    }

    #[test]
    fn other_schemes_on_web_apps_must_use_https() {
        assert_eq!(msg("ftp://example.com/cb", WEB), "must use https");
        assert_eq!(msg("myapp://callback", WEB), NOT_HTTPS);
    }

    #[test]
    fn serde_round_trips_and_assumes_every_platform() {
        let uri = RedirectUri::parse("com.example.app:/cb", IOS).unwrap();
        let json = serde_json::to_string(&uri).unwrap();
        assert_eq!(json, "\"com.example.app:/cb\"");
        assert_eq!(serde_json::from_str::<RedirectUri>(&json).unwrap(), uri);
        assert!(serde_json::from_str::<RedirectUri>("\"https://x.com/#a\"").is_err());
    }

    #[test]
    fn list_ignores_blank_lines_and_drops_duplicates() {
        let uris = RedirectUris::parse(
            "https://example.com/cb",
            &lines(&[
                "",
                "https://example.com/cb",
                "  ",
                "https://example.com/other",
                " https://example.com/other ",
                "http://127.0.0.1:9000/cb",
            ]),
            WEB,
        )
        .unwrap();
        assert_eq!(uris.default().as_str(), "https://example.com/cb");
        let additional: Vec<&str> = uris.additional().iter().map(RedirectUri::as_str).collect();
        assert_eq!(
            additional,
            ["https://example.com/other", "http://127.0.0.1:9000/cb"]
        );
        let all: Vec<&str> = uris.all().map(RedirectUri::as_str).collect();
        assert_eq!(
            all,
            [
                "https://example.com/cb",
                "https://example.com/other",
                "http://127.0.0.1:9000/cb"
            ]
        );
    }

    #[test]
    fn list_reports_every_bad_entry_with_its_input_position() {
        let errors = RedirectUris::parse(
            "http://example.com/cb",
            &lines(&[
                "https://ok.example.com/cb",
                "",
                "https://example.com/#x",
                "com.example.app:/cb",
                "https://example.com/#x",
            ]),
            WEB,
        )
        .unwrap_err();
        assert_eq!(
            errors,
            vec![
                FieldError::new("defaultRedirectUri", HTTP_NOT_LOOPBACK),
                FieldError::new("additionalRedirectUris[2]", HAS_FRAGMENT),
                FieldError::new("additionalRedirectUris[3]", PRIVATE_NEEDS_MOBILE),
                FieldError::new("additionalRedirectUris[4]", HAS_FRAGMENT),
            ]
        );
    }

    #[test]
    fn list_allows_twenty_distinct_uris() {
        let additional: Vec<String> = (1..20)
            .map(|i| format!("https://example.com/cb{i}"))
            .chain(std::iter::once("https://example.com/cb1".to_owned()))
            .collect();
        let uris = RedirectUris::parse("https://example.com/cb", &additional, WEB).unwrap();
        assert_eq!(uris.all().count(), 20);
    }

    #[test]
    fn list_refuses_more_than_twenty() {
        let additional: Vec<String> = (1..=20)
            .map(|i| format!("https://example.com/cb{i}"))
            .collect();
        let errors = RedirectUris::parse("https://example.com/cb", &additional, WEB).unwrap_err();
        assert_eq!(
            errors,
            vec![FieldError::new(
                "additionalRedirectUris",
                "at most 20 redirect URIs are allowed"
            )]
        );
    }

    #[test]
    fn list_serde_round_trips_and_revalidates() {
        let uris = RedirectUris::parse(
            "https://example.com/cb",
            &lines(&["com.example.app:/cb"]),
            IOS,
        )
        .unwrap();
        let json = serde_json::to_string(&uris).unwrap();
        assert_eq!(
            json,
            r#"{"default":"https://example.com/cb","additional":["com.example.app:/cb"]}"#
        );
        assert_eq!(serde_json::from_str::<RedirectUris>(&json).unwrap(), uris);
        let duplicate = r#"{"default":"https://a.com/","additional":["https://a.com/"]}"#;
        let back = serde_json::from_str::<RedirectUris>(duplicate).unwrap();
        assert!(back.additional().is_empty());
    }
}
