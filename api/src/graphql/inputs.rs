//! GraphQL input types and their conversion into the domain's forms.

use async_graphql::{InputObject, OneofObject};
use domain::app_registration::{AttestationDecision, WizardStep};
use domain::values::authentication::AuthenticationInput;
use domain::values::icon::IconFacts;
use domain::values::postal_address::PostalAddressInput;
use domain::values::vendor_profile::VendorProfileInput;

use super::enums::{
    to_domain, AppUse, Audience, AuthenticationKind, Compliance, FhirVersion, Platform, VendorKind,
};

/// Sign-up form (S2).
#[derive(InputObject)]
pub struct SignUpInput {
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Email address.
    pub email: String,
    /// 12–128 characters, not a common password.
    pub password: String,
}

/// Vendor profile form (S3).
#[derive(InputObject)]
pub struct ProfileInput {
    /// Individual or business; fixed once chosen.
    pub kind: Option<VendorKind>,
    /// Legal full name.
    pub legal_name: String,
    /// Legal business name (business only).
    #[graphql(default)]
    pub business_name: String,
    /// Position or designation (business only).
    #[graphql(default)]
    pub position: String,
    /// D-U-N-S number: 9 digits, optional.
    #[graphql(default)]
    pub duns: String,
    /// Street lines (1–3).
    pub address_lines: Vec<String>,
    /// City.
    pub city: String,
    /// Region, state or province.
    pub region: Option<String>,
    /// Postal code.
    pub postal_code: Option<String>,
    /// ISO 3166-1 alpha-2 country code, e.g. US.
    pub country: String,
    /// Phone numbers with country code (1–5).
    pub phone_numbers: Vec<String>,
    /// Website, an absolute https URL.
    pub website: String,
}

impl From<ProfileInput> for VendorProfileInput {
    fn from(input: ProfileInput) -> Self {
        Self {
            kind: input.kind.map(Into::into),
            legal_name: input.legal_name,
            business_name: input.business_name,
            position: input.position,
            duns: input.duns,
            address: PostalAddressInput {
                lines: input.address_lines,
                city: input.city,
                region: input.region,
                postal_code: input.postal_code,
                country: input.country,
            },
            phone_numbers: input.phone_numbers,
            website: input.website,
        }
    }
}

/// One wizard step's fields (steps 2–8; step 1 is `renameDraft`). Exactly one is given.
#[derive(OneofObject)]
pub enum WizardStepInput {
    /// Step 2.
    Links(LinksInput),
    /// Step 3.
    Description(DescriptionInput),
    /// Step 4.
    Categories(CategoriesInput),
    /// Step 5.
    BulkTransfer(BulkTransferInput),
    /// Step 6.
    Scopes(ScopesInput),
    /// Step 7.
    ReviewerNotes(ReviewerNotesInput),
    /// Step 8.
    Attestation(AttestationInput),
}

/// Step 2: platforms, pages, redirect URIs.
#[derive(InputObject)]
pub struct LinksInput {
    /// Web, iOS, Android.
    #[graphql(default)]
    pub platforms: Vec<Platform>,
    /// Home page (https).
    pub homepage_url: Option<String>,
    /// Privacy policy page (https).
    pub privacy_policy_url: Option<String>,
    /// Terms of service page (https).
    pub terms_of_service_url: Option<String>,
    /// Default OAuth redirect URI.
    pub default_redirect_uri: Option<String>,
    /// Further redirect URIs, one per entry.
    #[graphql(default)]
    pub additional_redirect_uris: Vec<String>,
}

/// Step 3: icon and descriptions.
#[derive(InputObject)]
pub struct DescriptionInput {
    /// A new icon: a 512×512 PNG of at most 1 MiB, base64-encoded. Omit to keep the current one.
    pub icon_png_base64: Option<String>,
    /// 20–150 characters.
    pub short_description: Option<String>,
    /// 200–4000 characters of Markdown.
    pub long_description: Option<String>,
}

/// Step 4: categories and authentication.
#[derive(InputObject)]
pub struct CategoriesInput {
    /// Who the app is for.
    #[graphql(default)]
    pub audience: Vec<Audience>,
    /// What it is used for.
    #[graphql(default)]
    pub app_use: Vec<AppUse>,
    /// FHIR versions supported.
    #[graphql(default)]
    pub fhir_versions: Vec<FhirVersion>,
    /// Compliance frameworks.
    #[graphql(default)]
    pub compliance: Vec<Compliance>,
    /// How the app authenticates.
    pub authentication_kind: Option<AuthenticationKind>,
    /// JWKS URL (https), for that kind.
    pub jwks_url: Option<String>,
    /// Inline JWKS (JSON), for that kind.
    pub jwks: Option<String>,
}

/// Step 5: bulk transfer.
#[derive(InputObject)]
pub struct BulkTransferInput {
    /// "Request All".
    pub request_all: bool,
}

/// Step 6: scopes and change notes.
#[derive(InputObject)]
pub struct ScopesInput {
    /// Space-separated SMART scopes.
    pub scopes: Option<String>,
    /// What changed (required on a re-registration).
    pub change_notes: Option<String>,
}

/// Step 7: notes for the reviewer.
#[derive(InputObject)]
pub struct ReviewerNotesInput {
    /// Up to 2000 characters.
    pub notes: Option<String>,
}

/// Step 8: the attestation answer.
#[derive(InputObject)]
pub struct AttestationInput {
    /// Accept (true) or decline (false) the attestation terms.
    pub accepted: bool,
}

impl WizardStepInput {
    /// The domain's step; `icon` is the stored icon's facts for step 3 (kept when none is
    /// uploaded).
    pub fn into_step(self, icon: Option<IconFacts>) -> WizardStep {
        match self {
            Self::Links(links) => WizardStep::Links {
                platforms: to_domain(&links.platforms).into_iter().collect(),
                homepage_url: links.homepage_url,
                privacy_policy_url: links.privacy_policy_url,
                terms_of_service_url: links.terms_of_service_url,
                default_redirect_uri: links.default_redirect_uri,
                additional_redirect_uris: links.additional_redirect_uris,
            },
            Self::Description(description) => WizardStep::Description {
                icon,
                short_description: description.short_description,
                long_description: description.long_description,
            },
            Self::Categories(categories) => WizardStep::Categories {
                audience: to_domain(&categories.audience).into_iter().collect(),
                app_use: to_domain(&categories.app_use).into_iter().collect(),
                fhir_versions: to_domain(&categories.fhir_versions).into_iter().collect(),
                compliance: to_domain(&categories.compliance).into_iter().collect(),
                authentication: AuthenticationInput {
                    kind: categories.authentication_kind.map(Into::into),
                    jwks_url: categories.jwks_url,
                    jwks: categories.jwks,
                },
            },
            Self::BulkTransfer(bulk) => WizardStep::BulkTransfer {
                request_all: bulk.request_all,
            },
            Self::Scopes(scopes) => WizardStep::Scopes {
                scopes: scopes.scopes,
                change_notes: scopes.change_notes,
            },
            Self::ReviewerNotes(notes) => WizardStep::ReviewerNotes { notes: notes.notes },
            Self::Attestation(attestation) => WizardStep::Attestation {
                decision: Some(AttestationDecision {
                    accepted: attestation.accepted,
                    terms_version: None,
                }),
            },
        }
    }
}

/// Gallery filters: any of the values within a category, all categories given.
#[derive(InputObject, Default)]
pub struct GalleryFilterInput {
    /// Audience.
    #[graphql(default)]
    pub audience: Vec<Audience>,
    /// App use.
    #[graphql(default)]
    pub app_use: Vec<AppUse>,
    /// FHIR versions.
    #[graphql(default)]
    pub fhir_versions: Vec<FhirVersion>,
    /// Platforms.
    #[graphql(default)]
    pub platforms: Vec<Platform>,
    /// Compliance.
    #[graphql(default)]
    pub compliance: Vec<Compliance>,
    /// Words to find in names and descriptions.
    pub text: Option<String>,
}
