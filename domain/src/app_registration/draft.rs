//! The wizard's data: what a draft holds (anything, step by step) and what a submission must be.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::values::app_name::AppName;
use crate::values::authentication::{Authentication, AuthenticationInput};
use crate::values::categories::{AppUse, Audience, Compliance, FhirVersion, Platform};
use crate::values::change_notes::ChangeNotes;
use crate::values::https_url::HttpsUrl;
use crate::values::icon::{Icon, IconFacts};
use crate::values::inline_jwks::contains_private_material;
use crate::values::invalid_value::{FieldError, InvalidValue};
use crate::values::long_description::LongDescription;
use crate::values::redirect_uri::RedirectUris;
use crate::values::reviewer_notes::ReviewerNotes;
use crate::values::short_description::ShortDescription;
use crate::values::smart_scope::Scopes;

/// The longest text a draft keeps in one field: twice the longest S4 allows (the long
/// description). Drafts may be incomplete or wrong (the user is still typing), but every save
/// is an event kept forever and replayed by every command, so they are not unbounded.
pub const MAX_DRAFT_TEXT: usize = 8_000;
/// The longest inline JWKS a draft keeps (the JWKS rule's own limit).
pub const MAX_DRAFT_JWKS: usize = crate::values::inline_jwks::MAX_JWKS_BYTES;
/// The most entries a draft keeps in one list field: twice the redirect URIs S4 allows.
pub const MAX_DRAFT_LIST: usize = 40;

/// The developer's answer on step 8 (S9).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttestationDecision {
    /// Accepted (true) or declined (false); declining is allowed.
    pub accepted: bool,
    /// The version of the attestation terms answered, when terms have been published.
    pub terms_version: Option<u32>,
}

/// One wizard step's fields as saved (S4, steps 2–8; step 1, the name, has its own command).
///
/// Saving keeps what was typed without judging it, so nothing the developer entered is lost;
/// [`RegistrationDraft::validate`] judges everything at submission.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "SCREAMING_SNAKE_CASE")]
pub enum WizardStep {
    /// Step 2: platforms, pages and redirect URIs.
    Links {
        /// Web, iOS, Android.
        platforms: BTreeSet<Platform>,
        /// The app's home page.
        homepage_url: Option<String>,
        /// The privacy policy page.
        privacy_policy_url: Option<String>,
        /// The terms of service page.
        terms_of_service_url: Option<String>,
        /// The default OAuth redirect URI.
        default_redirect_uri: Option<String>,
        /// Further redirect URIs, one per entry.
        additional_redirect_uris: Vec<String>,
    },
    /// Step 3: icon and descriptions.
    Description {
        /// Facts about the uploaded icon.
        icon: Option<IconFacts>,
        /// 20–150 characters at submission.
        short_description: Option<String>,
        /// 200–4000 characters of Markdown at submission.
        long_description: Option<String>,
    },
    /// Step 4: categories and authentication.
    Categories {
        /// Who the app is for.
        audience: BTreeSet<Audience>,
        /// What the app is used for.
        app_use: BTreeSet<AppUse>,
        /// FHIR versions supported.
        fhir_versions: BTreeSet<FhirVersion>,
        /// Privacy and security frameworks complied with.
        compliance: BTreeSet<Compliance>,
        /// How the app authenticates.
        authentication: AuthenticationInput,
    },
    /// Step 5: bulk transfer.
    BulkTransfer {
        /// "Request All": any bulk export.
        request_all: bool,
    },
    /// Step 6: scopes and change notes.
    Scopes {
        /// Space-separated SMART scopes.
        scopes: Option<String>,
        /// What changed since the previous version (required on a re-registration).
        change_notes: Option<String>,
    },
    /// Step 7: notes for the reviewer.
    ReviewerNotes {
        /// Up to 2000 characters.
        notes: Option<String>,
    },
    /// Step 8: the attestation answer.
    Attestation {
        /// Accept or decline.
        decision: Option<AttestationDecision>,
    },
}

impl WizardStep {
    /// The wizard's number for this step (2–8).
    pub fn number(&self) -> u8 {
        match self {
            Self::Links { .. } => 2,
            Self::Description { .. } => 3,
            Self::Categories { .. } => 4,
            Self::BulkTransfer { .. } => 5,
            Self::Scopes { .. } => 6,
            Self::ReviewerNotes { .. } => 7,
            Self::Attestation { .. } => 8,
        }
    }

    /// Refuses only what no draft should hold: oversized texts and lists.
    pub fn check_bounds(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut text = |field: &str, value: &Option<String>| {
            if value
                .as_ref()
                .is_some_and(|v| v.chars().count() > MAX_DRAFT_TEXT)
            {
                errors.push(FieldError::new(
                    field,
                    format!("must be at most {MAX_DRAFT_TEXT} characters"),
                ));
            }
        };
        match self {
            Self::Links {
                homepage_url,
                privacy_policy_url,
                terms_of_service_url,
                default_redirect_uri,
                additional_redirect_uris,
                ..
            } => {
                text("homepageUrl", homepage_url);
                text("privacyPolicyUrl", privacy_policy_url);
                text("termsOfServiceUrl", terms_of_service_url);
                text("defaultRedirectUri", default_redirect_uri);
                for (i, uri) in additional_redirect_uris.iter().enumerate() {
                    text(&format!("additionalRedirectUris[{i}]"), &Some(uri.clone()));
                }
                if additional_redirect_uris.len() > MAX_DRAFT_LIST {
                    errors.push(FieldError::new(
                        "additionalRedirectUris",
                        format!("must have at most {MAX_DRAFT_LIST} entries"),
                    ));
                }
            }
            Self::Description {
                short_description,
                long_description,
                ..
            } => {
                text("shortDescription", short_description);
                text("longDescription", long_description);
            }
            Self::Categories { authentication, .. } => {
                text("authentication.jwksUrl", &authentication.jwks_url);
                if let Some(jwks) = &authentication.jwks {
                    if jwks.len() > MAX_DRAFT_JWKS {
                        errors.push(FieldError::new(
                            "authentication.jwks",
                            "must be at most 64 KiB",
                        ));
                    } else if contains_private_material(jwks) {
                        errors.push(FieldError::new(
                            "authentication.jwks",
                            "must not contain private key material",
                        ));
                    }
                }
            }
            Self::Scopes {
                scopes,
                change_notes,
            } => {
                text("scopes", scopes);
                text("changeNotes", change_notes);
            }
            Self::ReviewerNotes { notes } => text("reviewerNotes", notes),
            Self::BulkTransfer { .. } | Self::Attestation { .. } => {}
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

/// Everything the wizard has saved for one version, complete or not.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RegistrationDraft {
    /// Step 2.
    pub platforms: BTreeSet<Platform>,
    /// Step 2.
    pub homepage_url: Option<String>,
    /// Step 2.
    pub privacy_policy_url: Option<String>,
    /// Step 2.
    pub terms_of_service_url: Option<String>,
    /// Step 2.
    pub default_redirect_uri: Option<String>,
    /// Step 2.
    pub additional_redirect_uris: Vec<String>,
    /// Step 3.
    pub icon: Option<IconFacts>,
    /// Step 3.
    pub short_description: Option<String>,
    /// Step 3.
    pub long_description: Option<String>,
    /// Step 4.
    pub audience: BTreeSet<Audience>,
    /// Step 4.
    pub app_use: BTreeSet<AppUse>,
    /// Step 4.
    pub fhir_versions: BTreeSet<FhirVersion>,
    /// Step 4.
    pub compliance: BTreeSet<Compliance>,
    /// Step 4.
    pub authentication: AuthenticationInput,
    /// Step 5.
    pub bulk_request_all: bool,
    /// Step 6.
    pub scopes: Option<String>,
    /// Step 6.
    pub change_notes: Option<String>,
    /// Step 7.
    pub reviewer_notes: Option<String>,
    /// Step 8.
    pub attestation: Option<AttestationDecision>,
}

/// A complete, valid registration: what a submitted version holds (S4).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Registration {
    /// Step 1.
    pub name: AppName,
    /// Step 2.
    pub platforms: BTreeSet<Platform>,
    /// Step 2.
    pub homepage_url: HttpsUrl,
    /// Step 2.
    pub privacy_policy_url: HttpsUrl,
    /// Step 2.
    pub terms_of_service_url: HttpsUrl,
    /// Step 2.
    pub redirect_uris: RedirectUris,
    /// Step 3.
    pub icon: Icon,
    /// Step 3.
    pub short_description: ShortDescription,
    /// Step 3.
    pub long_description: LongDescription,
    /// Step 4.
    pub audience: BTreeSet<Audience>,
    /// Step 4.
    pub app_use: BTreeSet<AppUse>,
    /// Step 4.
    pub fhir_versions: BTreeSet<FhirVersion>,
    /// Step 4.
    pub compliance: BTreeSet<Compliance>,
    /// Step 4.
    pub authentication: Authentication,
    /// Step 5.
    pub bulk_request_all: bool,
    /// Step 6.
    pub scopes: Scopes,
    /// Step 6: present on re-registrations.
    pub change_notes: Option<ChangeNotes>,
    /// Step 7.
    pub reviewer_notes: Option<ReviewerNotes>,
    /// Step 8.
    pub attestation: AttestationDecision,
}

impl RegistrationDraft {
    /// Folds one saved step into the draft.
    pub fn save(&mut self, step: WizardStep) {
        match step {
            WizardStep::Links {
                platforms,
                homepage_url,
                privacy_policy_url,
                terms_of_service_url,
                default_redirect_uri,
                additional_redirect_uris,
            } => {
                self.platforms = platforms;
                self.homepage_url = homepage_url;
                self.privacy_policy_url = privacy_policy_url;
                self.terms_of_service_url = terms_of_service_url;
                self.default_redirect_uri = default_redirect_uri;
                self.additional_redirect_uris = additional_redirect_uris;
            }
            WizardStep::Description {
                icon,
                short_description,
                long_description,
            } => {
                self.icon = icon;
                self.short_description = short_description;
                self.long_description = long_description;
            }
            WizardStep::Categories {
                audience,
                app_use,
                fhir_versions,
                compliance,
                authentication,
            } => {
                self.audience = audience;
                self.app_use = app_use;
                self.fhir_versions = fhir_versions;
                self.compliance = compliance;
                self.authentication = authentication;
            }
            WizardStep::BulkTransfer { request_all } => self.bulk_request_all = request_all,
            WizardStep::Scopes {
                scopes,
                change_notes,
            } => {
                self.scopes = scopes;
                self.change_notes = change_notes;
            }
            WizardStep::ReviewerNotes { notes } => self.reviewer_notes = notes,
            WizardStep::Attestation { decision } => self.attestation = decision,
        }
    }

    /// Checks every step and returns every failure at once, each with its field (S4).
    pub fn validate(
        &self,
        name: &AppName,
        is_reregistration: bool,
    ) -> Result<Registration, Vec<FieldError>> {
        let mut found = Failures::default();
        let platform_list: Vec<Platform> = self.platforms.iter().copied().collect();
        found.take(non_empty(
            &self.platforms,
            "platforms",
            "choose at least one platform",
        ));
        let homepage_url = found.take(required(&self.homepage_url, "homepageUrl", HttpsUrl::parse));
        let privacy_policy_url = found.take(required(
            &self.privacy_policy_url,
            "privacyPolicyUrl",
            HttpsUrl::parse,
        ));
        let terms_of_service_url = found.take(required(
            &self.terms_of_service_url,
            "termsOfServiceUrl",
            HttpsUrl::parse,
        ));
        let redirect_uris = found.take(match self.default_redirect_uri.as_deref().map(str::trim) {
            None | Some("") => Err(vec![FieldError::new(
                "defaultRedirectUri",
                "a default redirect URI is required",
            )]),
            Some(default) => {
                RedirectUris::parse(default, &self.additional_redirect_uris, &platform_list)
            }
        });
        let icon = found.take(match &self.icon {
            None => Err(vec![FieldError::new("icon", "an app icon is required")]),
            Some(facts) => Icon::check(facts.clone()).map_err(|e| vec![e.at("icon")]),
        });
        let short_description = found.take(required(
            &self.short_description,
            "shortDescription",
            ShortDescription::parse,
        ));
        let long_description = found.take(required(
            &self.long_description,
            "longDescription",
            LongDescription::parse,
        ));
        found.take(non_empty(
            &self.audience,
            "audience",
            "choose at least one audience",
        ));
        found.take(non_empty(
            &self.app_use,
            "appUse",
            "choose at least one app use",
        ));
        found.take(non_empty(
            &self.fhir_versions,
            "fhirVersions",
            "choose at least one FHIR version",
        ));
        let authentication = found.take(self.authentication.validate());
        let scopes = found.take(required(&self.scopes, "scopes", Scopes::parse));
        if let (Some(auth), Some(scopes)) = (&authentication, &scopes) {
            if !auth.is_confidential() && scopes.has_system_scope() {
                found.take::<()>(Err(vec![FieldError::new(
                    "scopes",
                    "system/ scopes are only for confidential apps",
                )]));
            }
        }
        let change_notes = found.take(if is_reregistration {
            required(&self.change_notes, "changeNotes", ChangeNotes::parse).map(Some)
        } else {
            optional(&self.change_notes, "changeNotes", ChangeNotes::parse)
        });
        let reviewer_notes = found.take(optional(
            &self.reviewer_notes,
            "reviewerNotes",
            ReviewerNotes::parse,
        ));
        let attestation = found.take(self.attestation.ok_or_else(|| {
            vec![FieldError::new(
                "attestation",
                "accept or decline the attestation terms",
            )]
        }));

        let (
            Some(homepage_url),
            Some(privacy_policy_url),
            Some(terms_of_service_url),
            Some(redirect_uris),
            Some(icon),
            Some(short_description),
            Some(long_description),
            Some(authentication),
            Some(scopes),
            Some(change_notes),
            Some(reviewer_notes),
            Some(attestation),
        ) = (
            homepage_url,
            privacy_policy_url,
            terms_of_service_url,
            redirect_uris,
            icon,
            short_description,
            long_description,
            authentication,
            scopes,
            change_notes,
            reviewer_notes,
            attestation,
        )
        else {
            return Err(found.into_sorted());
        };
        if !found.errors.is_empty() {
            return Err(found.into_sorted());
        }
        Ok(Registration {
            name: name.clone(),
            platforms: self.platforms.clone(),
            homepage_url,
            privacy_policy_url,
            terms_of_service_url,
            redirect_uris,
            icon,
            short_description,
            long_description,
            audience: self.audience.clone(),
            app_use: self.app_use.clone(),
            fhir_versions: self.fhir_versions.clone(),
            compliance: self.compliance.clone(),
            authentication,
            bulk_request_all: self.bulk_request_all,
            scopes,
            change_notes,
            reviewer_notes,
            attestation,
        })
    }
}

/// Gathers every failure of a submission so all are reported at once.
#[derive(Default)]
struct Failures {
    errors: Vec<FieldError>,
}

impl Failures {
    fn take<T>(&mut self, result: Result<T, Vec<FieldError>>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(mut errors) => {
                self.errors.append(&mut errors);
                None
            }
        }
    }

    /// In wizard order, so the portal can show them step by step.
    fn into_sorted(mut self) -> Vec<FieldError> {
        self.errors.sort_by_key(|e| field_order(&e.field));
        self.errors
    }
}

impl Registration {
    /// The checked data in the wizard's form: what the app information page shows of a
    /// submitted version (normalised, e.g. URLs as parsed).
    pub fn to_wizard_data(&self) -> RegistrationDraft {
        let redirect_uris = &self.redirect_uris;
        let (jwks_url, jwks) = match &self.authentication {
            Authentication::ConfidentialAsymmetricJwksUrl { jwks_url } => {
                (Some(jwks_url.as_str().to_owned()), None)
            }
            Authentication::ConfidentialAsymmetricInlineJwks { jwks } => {
                (None, Some(jwks.as_value().to_string()))
            }
            Authentication::Public | Authentication::ConfidentialSymmetric => (None, None),
        };
        RegistrationDraft {
            platforms: self.platforms.clone(),
            homepage_url: Some(self.homepage_url.as_str().to_owned()),
            privacy_policy_url: Some(self.privacy_policy_url.as_str().to_owned()),
            terms_of_service_url: Some(self.terms_of_service_url.as_str().to_owned()),
            default_redirect_uri: Some(redirect_uris.default().as_str().to_owned()),
            additional_redirect_uris: redirect_uris
                .additional()
                .iter()
                .map(|uri| uri.as_str().to_owned())
                .collect(),
            icon: Some(self.icon.facts().clone()),
            short_description: Some(self.short_description.as_str().to_owned()),
            long_description: Some(self.long_description.as_str().to_owned()),
            audience: self.audience.clone(),
            app_use: self.app_use.clone(),
            fhir_versions: self.fhir_versions.clone(),
            compliance: self.compliance.clone(),
            authentication: AuthenticationInput {
                kind: Some(self.authentication.kind()),
                jwks_url,
                jwks,
            },
            bulk_request_all: self.bulk_request_all,
            scopes: Some(self.scopes.to_string()),
            change_notes: self
                .change_notes
                .as_ref()
                .map(|notes| notes.as_str().to_owned()),
            reviewer_notes: self
                .reviewer_notes
                .as_ref()
                .map(|notes| notes.as_str().to_owned()),
            attestation: Some(self.attestation),
        }
    }
}

impl From<&Registration> for RegistrationDraft {
    /// A re-registration starts from the previous version's data (S4). Change notes describe
    /// one version's changes and the attestation must be given again against the current
    /// terms, so neither carries over.
    fn from(registration: &Registration) -> Self {
        Self {
            change_notes: None,
            attestation: None,
            ..registration.to_wizard_data()
        }
    }
}

/// The wizard position of a field, for ordering failures.
fn field_order(field: &str) -> usize {
    const ORDER: [&str; 19] = [
        "name",
        "platforms",
        "homepageUrl",
        "privacyPolicyUrl",
        "termsOfServiceUrl",
        "defaultRedirectUri",
        "additionalRedirectUris",
        "icon",
        "shortDescription",
        "longDescription",
        "audience",
        "appUse",
        "fhirVersions",
        "compliance",
        "authentication",
        "scopes",
        "changeNotes",
        "reviewerNotes",
        "attestation",
    ];
    ORDER
        .iter()
        .position(|prefix| field.starts_with(prefix))
        .unwrap_or(ORDER.len())
}

fn non_empty<T>(set: &BTreeSet<T>, field: &str, message: &str) -> Result<(), Vec<FieldError>> {
    if set.is_empty() {
        Err(vec![FieldError::new(field, message)])
    } else {
        Ok(())
    }
}

fn required<T>(
    value: &Option<String>,
    field: &str,
    parse: impl FnOnce(&str) -> Result<T, InvalidValue>,
) -> Result<T, Vec<FieldError>> {
    match value.as_deref() {
        Some(text) if !text.trim().is_empty() => parse(text).map_err(|e| vec![e.at(field)]),
        _ => Err(vec![FieldError::new(field, "is required")]),
    }
}

fn optional<T>(
    value: &Option<String>,
    field: &str,
    parse: impl FnOnce(&str) -> Result<T, InvalidValue>,
) -> Result<Option<T>, Vec<FieldError>> {
    match value.as_deref() {
        Some(text) if !text.trim().is_empty() => {
            parse(text).map(Some).map_err(|e| vec![e.at(field)])
        }
        _ => Ok(None),
    }
}
