//! How an app authenticates to the authorization server (S4 step 4).

use serde::{Deserialize, Serialize};

use super::https_url::HttpsUrl;
use super::inline_jwks::InlineJwks;
use super::invalid_value::FieldError;

/// The four ways an app may authenticate, without their details.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AuthenticationKind {
    /// A public client: no secret (browser or native app with PKCE).
    Public,
    /// A confidential client holding a client secret.
    ConfidentialSymmetric,
    /// A confidential client signing JWTs with keys published at a JWKS URL (recommended).
    ConfidentialAsymmetricJwksUrl,
    /// A confidential client signing JWTs with keys pasted as a JWKS.
    ConfidentialAsymmetricInlineJwks,
}

impl AuthenticationKind {
    /// Every kind, in the order the wizard offers them.
    pub const ALL: [Self; 4] = [
        Self::Public,
        Self::ConfidentialSymmetric,
        Self::ConfidentialAsymmetricJwksUrl,
        Self::ConfidentialAsymmetricInlineJwks,
    ];

    /// Whether apps of this kind hold a credential, which `system/` scopes require (S4).
    pub fn is_confidential(self) -> bool {
        !matches!(self, Self::Public)
    }
}

/// A complete, valid authentication choice with the details that kind needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Authentication {
    /// A public client.
    Public,
    /// A confidential client with a client secret, issued when the version goes live.
    ConfidentialSymmetric,
    /// A confidential client whose public keys are published at `jwks_url`.
    ConfidentialAsymmetricJwksUrl {
        /// Where the authorization server fetches the app's public keys.
        jwks_url: HttpsUrl,
    },
    /// A confidential client whose public keys were pasted into the wizard.
    ConfidentialAsymmetricInlineJwks {
        /// The app's public keys.
        jwks: InlineJwks,
    },
}

impl Authentication {
    /// The kind, without details.
    pub fn kind(&self) -> AuthenticationKind {
        match self {
            Self::Public => AuthenticationKind::Public,
            Self::ConfidentialSymmetric => AuthenticationKind::ConfidentialSymmetric,
            Self::ConfidentialAsymmetricJwksUrl { .. } => {
                AuthenticationKind::ConfidentialAsymmetricJwksUrl
            }
            Self::ConfidentialAsymmetricInlineJwks { .. } => {
                AuthenticationKind::ConfidentialAsymmetricInlineJwks
            }
        }
    }

    /// Whether the app holds a credential, which `system/` scopes require (S4).
    pub fn is_confidential(&self) -> bool {
        self.kind().is_confidential()
    }
}

/// The authentication step as the wizard sends it: every part optional, so a draft can be
/// saved half-filled.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuthenticationInput {
    /// The chosen kind, if any.
    pub kind: Option<AuthenticationKind>,
    /// The JWKS URL as typed; used only with [`AuthenticationKind::ConfidentialAsymmetricJwksUrl`].
    pub jwks_url: Option<String>,
    /// The JWKS as pasted; used only with [`AuthenticationKind::ConfidentialAsymmetricInlineJwks`].
    pub jwks: Option<String>,
}

impl AuthenticationInput {
    /// Turns the input into a complete choice, or every problem with it.
    ///
    /// Details that the chosen kind does not use are ignored rather than refused: the wizard
    /// keeps what was typed under another choice so that switching back does not lose it.
    pub fn validate(&self) -> Result<Authentication, Vec<FieldError>> {
        let Some(kind) = self.kind else {
            return Err(vec![FieldError::new(
                "authentication.kind",
                "choose how the app authenticates",
            )]);
        };
        match kind {
            AuthenticationKind::Public => Ok(Authentication::Public),
            AuthenticationKind::ConfidentialSymmetric => Ok(Authentication::ConfidentialSymmetric),
            AuthenticationKind::ConfidentialAsymmetricJwksUrl => {
                const FIELD: &str = "authentication.jwksUrl";
                let typed = given(self.jwks_url.as_deref())
                    .ok_or_else(|| vec![FieldError::new(FIELD, "a JWKS URL is required")])?;
                let jwks_url = HttpsUrl::parse(typed).map_err(|error| vec![error.at(FIELD)])?;
                Ok(Authentication::ConfidentialAsymmetricJwksUrl { jwks_url })
            }
            AuthenticationKind::ConfidentialAsymmetricInlineJwks => {
                const FIELD: &str = "authentication.jwks";
                let typed = given(self.jwks.as_deref())
                    .ok_or_else(|| vec![FieldError::new(FIELD, "a JWKS is required")])?;
                let jwks = InlineJwks::parse(typed).map_err(|error| vec![error.at(FIELD)])?;
                Ok(Authentication::ConfidentialAsymmetricInlineJwks { jwks })
            }
        }
    }
}

/// The text when something other than white space was entered.
fn given(text: Option<&str>) -> Option<&str> {
    text.filter(|text| !text.trim().is_empty())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use serde_json::json;

    use super::*;

    const JWKS: &str = r#"{"keys":[{"kty":"EC","kid":"k1","crv":"P-384","x":"a","y":"b"}]}"#;

    fn input(kind: AuthenticationKind) -> AuthenticationInput {
        AuthenticationInput {
            kind: Some(kind),
            ..AuthenticationInput::default()
        }
    }

    #[test]
    fn kind_is_required() {
        assert_eq!(
            AuthenticationInput::default().validate().unwrap_err(),
            vec![FieldError::new(
                "authentication.kind",
                "choose how the app authenticates"
            )]
        );
    }

    #[test]
    fn public_and_symmetric_need_nothing_else() {
        let public = input(AuthenticationKind::Public).validate().unwrap();
        assert_eq!(public, Authentication::Public);
        assert!(!public.is_confidential());
        let symmetric = input(AuthenticationKind::ConfidentialSymmetric)
            .validate()
            .unwrap();
        assert_eq!(symmetric.kind(), AuthenticationKind::ConfidentialSymmetric);
        assert!(symmetric.is_confidential());
    }

    #[test]
    fn unused_details_are_ignored() {
        let public = AuthenticationInput {
            kind: Some(AuthenticationKind::Public),
            jwks_url: Some("not a url".to_owned()),
            jwks: Some("not json".to_owned()),
        };
        assert_eq!(public.validate().unwrap(), Authentication::Public);
    }

    #[test]
    fn jwks_url_kind_needs_an_https_url() {
        let mut with_url = input(AuthenticationKind::ConfidentialAsymmetricJwksUrl);
        with_url.jwks_url = Some(" https://app.example.com/jwks ".to_owned());
        let auth = with_url.validate().unwrap();
        assert_eq!(
            auth.kind(),
            AuthenticationKind::ConfidentialAsymmetricJwksUrl
        );
        assert!(auth.is_confidential());

        let missing = input(AuthenticationKind::ConfidentialAsymmetricJwksUrl);
        assert_eq!(
            missing.validate().unwrap_err(),
            vec![FieldError::new(
                "authentication.jwksUrl",
                "a JWKS URL is required"
            )]
        );
        let mut blank = input(AuthenticationKind::ConfidentialAsymmetricJwksUrl);
        blank.jwks_url = Some("  ".to_owned());
        assert_eq!(
            blank.validate().unwrap_err(),
            vec![FieldError::new(
                "authentication.jwksUrl",
                "a JWKS URL is required"
            )]
        );
        let mut http = input(AuthenticationKind::ConfidentialAsymmetricJwksUrl);
        http.jwks_url = Some("http://app.example.com/jwks".to_owned());
        assert_eq!(
            http.validate().unwrap_err(),
            vec![FieldError::new(
                "authentication.jwksUrl",
                "must be an absolute https URL"
            )]
        );
    }

    #[test]
    fn inline_kind_needs_a_valid_jwks() {
        let mut with_jwks = input(AuthenticationKind::ConfidentialAsymmetricInlineJwks);
        with_jwks.jwks = Some(JWKS.to_owned());
        let auth = with_jwks.validate().unwrap();
        assert_eq!(
            auth.kind(),
            AuthenticationKind::ConfidentialAsymmetricInlineJwks
        );

        let missing = input(AuthenticationKind::ConfidentialAsymmetricInlineJwks);
        assert_eq!(
            missing.validate().unwrap_err(),
            vec![FieldError::new("authentication.jwks", "a JWKS is required")]
        );
        let mut broken = input(AuthenticationKind::ConfidentialAsymmetricInlineJwks);
        broken.jwks = Some("{".to_owned());
        assert_eq!(
            broken.validate().unwrap_err(),
            vec![FieldError::new("authentication.jwks", "must be valid JSON")]
        );
    }

    #[test]
    fn kinds_know_whether_they_are_confidential() {
        let confidential: Vec<bool> = AuthenticationKind::ALL
            .iter()
            .map(|kind| kind.is_confidential())
            .collect();
        assert_eq!(confidential, [false, true, true, true]);
    }

    #[test]
    fn serde_shapes() {
        assert_eq!(
            serde_json::to_value(AuthenticationKind::ConfidentialAsymmetricJwksUrl).unwrap(),
            json!("CONFIDENTIAL_ASYMMETRIC_JWKS_URL")
        );
        assert_eq!(
            serde_json::to_value(Authentication::Public).unwrap(),
            json!({"kind": "PUBLIC"})
        );
        let auth = Authentication::ConfidentialAsymmetricJwksUrl {
            jwks_url: HttpsUrl::parse("https://app.example.com/jwks").unwrap(),
        };
        let value = serde_json::to_value(&auth).unwrap();
        assert_eq!(
            value,
            json!({"kind": "CONFIDENTIAL_ASYMMETRIC_JWKS_URL", "jwks_url": "https://app.example.com/jwks"})
        );
        assert_eq!(
            serde_json::from_value::<Authentication>(value).unwrap(),
            auth
        );
        let bad = json!({"kind": "CONFIDENTIAL_ASYMMETRIC_JWKS_URL", "jwks_url": "http://x.com/"});
        assert!(serde_json::from_value::<Authentication>(bad).is_err());

        let input: AuthenticationInput = serde_json::from_value(json!({
            "kind": "CONFIDENTIAL_ASYMMETRIC_INLINE_JWKS",
            "jwks": JWKS
        }))
        .unwrap();
        assert_eq!(
            input.kind,
            Some(AuthenticationKind::ConfidentialAsymmetricInlineJwks)
        );
        assert!(input.validate().is_ok());
        let camel: AuthenticationInput =
            serde_json::from_value(json!({"jwksUrl": "https://x.com/"})).unwrap();
        assert_eq!(camel.jwks_url.as_deref(), Some("https://x.com/"));
    }
}
