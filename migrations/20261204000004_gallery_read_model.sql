-- The App Gallery read model (S7): the Live version of each app, filterable by category and
-- searchable by text. Owned by the projector named `gallery`; rebuilt from the log by truncating
-- both tables below and replaying.

-- Only VersionSubmitted carries a version's wizard data, while approval and reinstatement name
-- just the version number, so the projector remembers every submitted registration here.
CREATE TABLE gallery_submitted_versions
(
    app_id       uuid    NOT NULL,
    version      integer NOT NULL CHECK (version >= 1),
    registration jsonb   NOT NULL,
    PRIMARY KEY (app_id, version)
);

COMMENT ON TABLE gallery_submitted_versions IS 'Private to the gallery projector: the registration of every submitted version, so that approving or reinstating a version can publish its data.';
COMMENT ON COLUMN gallery_submitted_versions.app_id IS 'The app (its app_registration stream id).';
COMMENT ON COLUMN gallery_submitted_versions.version IS 'The submitted version number (1, 2, 3 ...).';
COMMENT ON COLUMN gallery_submitted_versions.registration IS 'The checked wizard data of that version, as the domain''s Registration serialises it.';

CREATE TABLE gallery_apps
(
    app_id               uuid        PRIMARY KEY,
    version              integer     NOT NULL CHECK (version >= 1),
    name                 text        NOT NULL,
    short_description    text        NOT NULL,
    long_description     text        NOT NULL,
    platforms            text[]      NOT NULL,
    audience             text[]      NOT NULL,
    app_use              text[]      NOT NULL,
    fhir_versions        text[]      NOT NULL,
    compliance           text[]      NOT NULL,
    homepage_url         text        NOT NULL,
    privacy_policy_url   text        NOT NULL,
    terms_of_service_url text        NOT NULL,
    icon_sha256          text        NOT NULL,
    attestation_declined boolean     NOT NULL,
    published_at         timestamptz NOT NULL,
    -- Derived by the database so that it can never disagree with the texts it indexes.
    search               tsvector    GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, name), 'A') ||
        setweight(to_tsvector('english'::regconfig, short_description || ' ' || long_description), 'B')
    ) STORED
);

COMMENT ON TABLE gallery_apps IS 'The public App Gallery: one row per app that has a Live version, holding that version''s data.';
COMMENT ON COLUMN gallery_apps.app_id IS 'The app; one row per app because an app has at most one Live version.';
COMMENT ON COLUMN gallery_apps.version IS 'The Live version shown.';
COMMENT ON COLUMN gallery_apps.name IS 'The app name (wizard step 1).';
COMMENT ON COLUMN gallery_apps.short_description IS 'Short description, plain text (step 3).';
COMMENT ON COLUMN gallery_apps.long_description IS 'Long description as Markdown (step 3); rendered and sanitised by the portal.';
COMMENT ON COLUMN gallery_apps.platforms IS 'Platform codes (WEB, IOS, ANDROID), in wizard order.';
COMMENT ON COLUMN gallery_apps.audience IS 'Audience codes (PAYER, PROVIDER, PHARMA, PATIENT, DEVELOPER), in wizard order.';
COMMENT ON COLUMN gallery_apps.app_use IS 'App use codes (e.g. HEALTH_AND_THERAPY_MANAGEMENT), in wizard order.';
COMMENT ON COLUMN gallery_apps.fhir_versions IS 'FHIR version codes (DSTU1, DSTU2, STU3, R4), in wizard order.';
COMMENT ON COLUMN gallery_apps.compliance IS 'Compliance codes (HIPAA, GDPR, CARIN_CODE_OF_CONDUCT, ONC_MODEL_PRIVACY_NOTICE); may be empty.';
COMMENT ON COLUMN gallery_apps.homepage_url IS 'The app''s home page (https).';
COMMENT ON COLUMN gallery_apps.privacy_policy_url IS 'The privacy policy page (https).';
COMMENT ON COLUMN gallery_apps.terms_of_service_url IS 'The terms of service page (https).';
COMMENT ON COLUMN gallery_apps.icon_sha256 IS 'SHA-256 of the icon PNG, naming its content-addressed blob.';
COMMENT ON COLUMN gallery_apps.attestation_declined IS 'True when the developer declined the attestation terms for this version: the gallery shows a warning label (S9).';
COMMENT ON COLUMN gallery_apps.published_at IS 'When this version went live in the gallery: its approval, or its latest reinstatement.';
COMMENT ON COLUMN gallery_apps.search IS 'Full-text document (english): the name weighted A, the descriptions weighted B.';

CREATE INDEX gallery_apps_search ON gallery_apps USING gin (search);
CREATE INDEX gallery_apps_platforms ON gallery_apps USING gin (platforms);
CREATE INDEX gallery_apps_audience ON gallery_apps USING gin (audience);
CREATE INDEX gallery_apps_app_use ON gallery_apps USING gin (app_use);
CREATE INDEX gallery_apps_fhir_versions ON gallery_apps USING gin (fhir_versions);
CREATE INDEX gallery_apps_compliance ON gallery_apps USING gin (compliance);
-- The gallery's default order: by name, case-insensitively, ties broken by id.
CREATE INDEX gallery_apps_name_order ON gallery_apps (lower(name), app_id);
