//! GraphQL output types over the read-model rows.

use async_graphql::{Json, Object, SimpleObject};
use domain::app_registration::RegistrationDraft;
use domain::values::vendor_profile::VendorProfile;
use projections::read_models::accounts::AccountRow;
use projections::read_models::app_versions::AppVersionRow;
use projections::read_models::gallery::GalleryAppRow;
use projections::read_models::history::HistoryEntry as HistoryRow;
use projections::read_models::messages::MessageRow;
use time::OffsetDateTime;
use uuid::Uuid;

use super::enums::{
    from_domain, AppUse, Audience, AuthenticationKind, Compliance, FhirVersion, Platform, Role,
    VendorKind, VersionStatus,
};

/// An account (the vendor account page; the users list for admins).
pub struct Account(pub AccountRow);

#[Object]
impl Account {
    /// The account's id.
    async fn id(&self) -> Uuid {
        self.0.account_id
    }
    /// First name.
    async fn first_name(&self) -> &str {
        &self.0.first_name
    }
    /// Last name.
    async fn last_name(&self) -> &str {
        &self.0.last_name
    }
    /// Email address as entered.
    async fn email(&self) -> &str {
        &self.0.email
    }
    /// Roles held.
    async fn roles(&self) -> Vec<Role> {
        from_domain(self.0.roles.iter().copied())
    }
    /// The vendor profile, once completed (S3).
    async fn profile(&self) -> Option<Profile> {
        self.0.profile.clone().map(Profile)
    }
    /// Whether the vendor profile is complete, so apps can be registered.
    async fn profile_complete(&self) -> bool {
        self.0.profile.is_some()
    }
    /// Whether an admin disabled the account.
    async fn disabled(&self) -> bool {
        self.0.disabled
    }
    /// When the account signed up.
    async fn signed_up_at(&self) -> OffsetDateTime {
        self.0.signed_up_at
    }
}

/// A vendor profile (S3).
pub struct Profile(pub VendorProfile);

#[Object]
impl Profile {
    /// Individual or business (fixed once chosen).
    async fn kind(&self) -> VendorKind {
        self.0.kind().into()
    }
    /// Legal full name.
    async fn legal_name(&self) -> &str {
        self.0.legal_name().as_str()
    }
    /// Legal business name (business only).
    async fn business_name(&self) -> Option<&str> {
        self.0.business_name().map(|b| b.as_str())
    }
    /// Position or designation (business only).
    async fn position(&self) -> Option<&str> {
        self.0.position().map(|p| p.as_str())
    }
    /// D-U-N-S number, when given.
    async fn duns(&self) -> Option<&str> {
        self.0.duns().map(|d| d.as_str())
    }
    /// Street lines.
    async fn address_lines(&self) -> &[String] {
        self.0.address().lines()
    }
    /// City.
    async fn city(&self) -> &str {
        self.0.address().city()
    }
    /// Region, state or province.
    async fn region(&self) -> Option<&str> {
        self.0.address().region()
    }
    /// Postal code.
    async fn postal_code(&self) -> Option<&str> {
        self.0.address().postal_code()
    }
    /// ISO 3166-1 alpha-2 country code.
    async fn country(&self) -> &str {
        self.0.address().country()
    }
    /// Phone numbers in E.164 form.
    async fn phone_numbers(&self) -> Vec<&str> {
        self.0.phone_numbers().iter().map(|p| p.as_str()).collect()
    }
    /// Website.
    async fn website(&self) -> &str {
        self.0.website().as_str()
    }
}

/// One version of an app: a draft or a submitted registration, with its status (S5, S7).
pub struct AppVersion(pub AppVersionRow);

#[Object]
impl AppVersion {
    /// The app's id (the same for all versions).
    async fn app_id(&self) -> Uuid {
        self.0.app_id
    }
    /// The version number: 1, 2, 3 …
    async fn version(&self) -> u32 {
        self.0.version
    }
    /// The app's name.
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// Its status.
    async fn status(&self) -> VersionStatus {
        self.0.status.into()
    }
    /// Whether this draft re-registers an existing app (its name is then fixed).
    async fn is_re_registration(&self) -> bool {
        self.0.is_reregistration
    }
    /// When the draft was last saved.
    async fn saved_at(&self) -> OffsetDateTime {
        self.0.saved_at
    }
    /// When it was submitted.
    async fn submitted_at(&self) -> Option<OffsetDateTime> {
        self.0.submitted_at
    }
    /// The time of the last status change (S5 "Modified").
    async fn modified_at(&self) -> OffsetDateTime {
        self.0.modified_at
    }
    /// The app's newest message (the Message column).
    async fn newest_message(&self) -> Option<&str> {
        self.0.newest_message.as_deref()
    }
    /// The reason of a rejection or suspension.
    async fn status_reason(&self) -> Option<&str> {
        self.0.status_reason.as_deref()
    }
    /// The OIDC client id, once submitted (Connections tab).
    async fn client_id(&self) -> Option<&str> {
        self.0.client_id.as_deref()
    }
    /// The wizard's data: a draft's as typed; a submitted version's as checked at submission.
    async fn data(&self) -> WizardData {
        WizardData(
            self.0
                .registration
                .as_ref()
                .map_or_else(|| self.0.draft.clone(), |r| r.to_wizard_data()),
        )
    }
    /// The vendor profile as it was at submission (Contact info tab).
    async fn contact_info(&self) -> Option<Profile> {
        self.0.vendor_profile.clone().map(Profile)
    }
    /// Whether the developer declined the attestation (the gallery shows a warning).
    async fn attestation_declined(&self) -> bool {
        let answer = match &self.0.registration {
            Some(registration) => Some(registration.attestation),
            None => self.0.draft.attestation,
        };
        answer.is_some_and(|a| !a.accepted)
    }
}

/// The wizard's fields as saved.
pub struct WizardData(pub RegistrationDraft);

/// Facts about an uploaded icon.
#[derive(SimpleObject)]
pub struct Icon {
    /// SHA-256 of the PNG: `/files/<sha256>` serves it.
    pub sha256: String,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Size in bytes.
    pub byte_size: u64,
}

#[Object]
impl WizardData {
    /// Step 2: platforms.
    async fn platforms(&self) -> Vec<Platform> {
        from_domain(self.0.platforms.iter().copied())
    }
    /// Step 2: home page.
    async fn homepage_url(&self) -> Option<&str> {
        self.0.homepage_url.as_deref()
    }
    /// Step 2: privacy policy.
    async fn privacy_policy_url(&self) -> Option<&str> {
        self.0.privacy_policy_url.as_deref()
    }
    /// Step 2: terms of service.
    async fn terms_of_service_url(&self) -> Option<&str> {
        self.0.terms_of_service_url.as_deref()
    }
    /// Step 2: default redirect URI.
    async fn default_redirect_uri(&self) -> Option<&str> {
        self.0.default_redirect_uri.as_deref()
    }
    /// Step 2: further redirect URIs.
    async fn additional_redirect_uris(&self) -> &[String] {
        &self.0.additional_redirect_uris
    }
    /// Step 3: the icon.
    async fn icon(&self) -> Option<Icon> {
        self.0.icon.as_ref().map(|facts| Icon {
            sha256: facts.sha256.clone(),
            width: facts.width,
            height: facts.height,
            byte_size: facts.byte_size,
        })
    }
    /// Step 3: short description.
    async fn short_description(&self) -> Option<&str> {
        self.0.short_description.as_deref()
    }
    /// Step 3: long description (Markdown as typed).
    async fn long_description(&self) -> Option<&str> {
        self.0.long_description.as_deref()
    }
    /// Step 3: the long description rendered as sanitised HTML, ready to show.
    async fn long_description_html(&self) -> Option<String> {
        self.0
            .long_description
            .as_deref()
            .map(crate::markdown::to_safe_html)
    }
    /// Step 4: audience.
    async fn audience(&self) -> Vec<Audience> {
        from_domain(self.0.audience.iter().copied())
    }
    /// Step 4: app use.
    async fn app_use(&self) -> Vec<AppUse> {
        from_domain(self.0.app_use.iter().copied())
    }
    /// Step 4: FHIR versions.
    async fn fhir_versions(&self) -> Vec<FhirVersion> {
        from_domain(self.0.fhir_versions.iter().copied())
    }
    /// Step 4: compliance.
    async fn compliance(&self) -> Vec<Compliance> {
        from_domain(self.0.compliance.iter().copied())
    }
    /// Step 4: how the app authenticates.
    async fn authentication_kind(&self) -> Option<AuthenticationKind> {
        self.0.authentication.kind.map(Into::into)
    }
    /// Step 4: the JWKS URL, for that kind.
    async fn jwks_url(&self) -> Option<&str> {
        self.0.authentication.jwks_url.as_deref()
    }
    /// Step 4: the inline JWKS, for that kind.
    async fn jwks(&self) -> Option<&str> {
        self.0.authentication.jwks.as_deref()
    }
    /// Step 5: "Request All" bulk export.
    async fn bulk_request_all(&self) -> bool {
        self.0.bulk_request_all
    }
    /// Step 6: SMART scopes.
    async fn scopes(&self) -> Option<&str> {
        self.0.scopes.as_deref()
    }
    /// Step 6: change notes.
    async fn change_notes(&self) -> Option<&str> {
        self.0.change_notes.as_deref()
    }
    /// Step 7: notes for the reviewer.
    async fn reviewer_notes(&self) -> Option<&str> {
        self.0.reviewer_notes.as_deref()
    }
    /// Step 8: accepted (true) or declined (false); null until answered.
    async fn attestation_accepted(&self) -> Option<bool> {
        self.0.attestation.map(|a| a.accepted)
    }
}

/// A message on an app's audit log (S6).
pub struct Message(pub MessageRow);

#[Object]
impl Message {
    /// The message's id.
    async fn id(&self) -> Uuid {
        self.0.message_id
    }
    /// The app.
    async fn app_id(&self) -> Uuid {
        self.0.app_id
    }
    /// The version a status message is about.
    async fn version(&self) -> Option<u32> {
        self.0.version
    }
    /// The author's account; null for system messages.
    async fn author_id(&self) -> Option<Uuid> {
        self.0.author
    }
    /// The author's name; null for system messages.
    async fn author_name(&self) -> Option<&str> {
        self.0.author_name.as_deref()
    }
    /// The text.
    async fn body(&self) -> &str {
        &self.0.body
    }
    /// When it was posted.
    async fn posted_at(&self) -> OffsetDateTime {
        self.0.posted_at
    }
    /// Whether the portal wrote it for a status change.
    async fn system(&self) -> bool {
        self.0.system
    }
}

/// An app in the public App Gallery: its live version.
pub struct GalleryApp(pub GalleryAppRow);

#[Object]
impl GalleryApp {
    /// The app's id.
    async fn app_id(&self) -> Uuid {
        self.0.app_id
    }
    /// The live version.
    async fn version(&self) -> u32 {
        self.0.version
    }
    /// Name.
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// Short description.
    async fn short_description(&self) -> &str {
        &self.0.short_description
    }
    /// Long description (Markdown).
    async fn long_description(&self) -> &str {
        &self.0.long_description
    }
    /// The long description rendered as sanitised HTML, ready to show.
    async fn long_description_html(&self) -> String {
        crate::markdown::to_safe_html(&self.0.long_description)
    }
    /// Platforms.
    async fn platforms(&self) -> Vec<Platform> {
        from_domain(self.0.platforms.iter().copied())
    }
    /// Audience.
    async fn audience(&self) -> Vec<Audience> {
        from_domain(self.0.audience.iter().copied())
    }
    /// App use.
    async fn app_use(&self) -> Vec<AppUse> {
        from_domain(self.0.app_use.iter().copied())
    }
    /// FHIR versions.
    async fn fhir_versions(&self) -> Vec<FhirVersion> {
        from_domain(self.0.fhir_versions.iter().copied())
    }
    /// Compliance.
    async fn compliance(&self) -> Vec<Compliance> {
        from_domain(self.0.compliance.iter().copied())
    }
    /// Home page.
    async fn homepage_url(&self) -> &str {
        &self.0.homepage_url
    }
    /// Privacy policy.
    async fn privacy_policy_url(&self) -> &str {
        &self.0.privacy_policy_url
    }
    /// Terms of service.
    async fn terms_of_service_url(&self) -> &str {
        &self.0.terms_of_service_url
    }
    /// The icon's hash: `/files/<sha256>` serves it.
    async fn icon_sha256(&self) -> &str {
        &self.0.icon_sha256
    }
    /// The developer declined the attestation: show patients a warning (S9).
    async fn attestation_warning(&self) -> bool {
        self.0.attestation_declined
    }
    /// When this version went live.
    async fn published_at(&self) -> OffsetDateTime {
        self.0.published_at
    }
}

/// One event of the log, for auditors (S11).
pub struct HistoryEntry(pub HistoryRow);

#[Object]
impl HistoryEntry {
    /// Insertion order across the log.
    async fn global_position(&self) -> i64 {
        self.0.position.global_position
    }
    /// The writing transaction (commit order).
    async fn transaction_id(&self) -> String {
        self.0.position.transaction_id.to_string()
    }
    /// Kind of stream.
    async fn aggregate_type(&self) -> &str {
        &self.0.aggregate_type
    }
    /// Stream id.
    async fn aggregate_id(&self) -> &str {
        &self.0.aggregate_id
    }
    /// Position in the stream.
    async fn sequence(&self) -> i64 {
        self.0.sequence
    }
    /// Event type.
    async fn event_type(&self) -> &str {
        &self.0.event_type
    }
    /// Payload schema version.
    async fn event_version(&self) -> &str {
        &self.0.event_version
    }
    /// The facts (secrets redacted).
    async fn payload(&self) -> Json<serde_json::Value> {
        Json(self.0.payload.clone())
    }
    /// Who acted.
    async fn actor_id(&self) -> Option<Uuid> {
        self.0.actor_id
    }
    /// What user action it belonged to.
    async fn correlation_id(&self) -> Option<Uuid> {
        self.0.correlation_id
    }
    /// The command's time.
    async fn command_time(&self) -> Option<&str> {
        self.0.command_time.as_deref()
    }
    /// When the log stored it.
    async fn recorded_at(&self) -> OffsetDateTime {
        self.0.recorded_at
    }
}
