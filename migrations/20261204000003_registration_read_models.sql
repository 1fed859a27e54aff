-- Read models of accounts, app versions and app messages (S7), folded from the event log by the
-- projectors `accounts`, `app_versions` and `messages` (projections/src/read_models/). Each table
-- belongs to exactly one projector, which may empty and refill it (rebuild), so there are no
-- foreign keys between them: they are joined only when read.

-- System messages get deterministic ids (UUID v5 of the app id and the event's stream position),
-- so that a replay writes identical rows. uuid-ossp computes exactly what `Uuid::new_v5` does;
-- it ships with PostgreSQL's contrib and is a trusted extension, so the database owner may add it.
CREATE EXTENSION IF NOT EXISTS "uuid-ossp";

CREATE TABLE accounts
(
    account_id         uuid        PRIMARY KEY,
    first_name         text        NOT NULL,
    last_name          text        NOT NULL,
    email              text        NOT NULL,
    email_normalized   text        NOT NULL UNIQUE,
    password_hash      text        NOT NULL,
    roles              text[]      NOT NULL DEFAULT '{}',
    profile            jsonb,
    profile_kind       text CHECK (profile_kind IN ('INDIVIDUAL', 'BUSINESS')),
    disabled           boolean     NOT NULL DEFAULT false,
    signed_up_at       timestamptz NOT NULL,
    profile_updated_at timestamptz,
    CHECK ((profile IS NULL) = (profile_kind IS NULL))
);

COMMENT ON TABLE accounts IS 'One row per account (S2, S3): sign-in look-ups, the vendor account page and the admins'' users list. Projector: accounts.';
COMMENT ON COLUMN accounts.account_id IS 'The account''s id (the account stream''s id).';
COMMENT ON COLUMN accounts.first_name IS 'First name as given at sign-up.';
COMMENT ON COLUMN accounts.last_name IS 'Last name as given at sign-up.';
COMMENT ON COLUMN accounts.email IS 'E-mail address as typed (trimmed): shown and mailed to.';
COMMENT ON COLUMN accounts.email_normalized IS 'E-mail address in lower case: the sign-in key, unique because S2 compares addresses case-insensitively.';
COMMENT ON COLUMN accounts.password_hash IS 'Argon2id hash in PHC string form, for sign-in; never the password, never shown.';
COMMENT ON COLUMN accounts.roles IS 'Current roles (DEVELOPER, REVIEWER, ADMIN, AUDITOR), in their stable order.';
COMMENT ON COLUMN accounts.profile IS 'The vendor profile (S3) as the domain serialises it; null until completed.';
COMMENT ON COLUMN accounts.profile_kind IS 'INDIVIDUAL or BUSINESS, copied out of profile for filtering; null until completed.';
COMMENT ON COLUMN accounts.disabled IS 'Whether an admin disabled the account: it may not sign in.';
COMMENT ON COLUMN accounts.signed_up_at IS 'When the account was created.';
COMMENT ON COLUMN accounts.profile_updated_at IS 'When the vendor profile was last completed or edited (attestations older than this are out of date, S9).';

-- The users list pages through accounts in sign-up order.
CREATE INDEX accounts_by_sign_up ON accounts (signed_up_at, account_id);

CREATE TABLE app_versions
(
    app_id            uuid        NOT NULL,
    version           integer     NOT NULL CHECK (version >= 1),
    owner             uuid        NOT NULL,
    name              text        NOT NULL,
    status            text        NOT NULL
        CHECK (status IN ('DRAFT', 'IN_REVIEW', 'LIVE', 'SUSPENDED', 'REJECTED', 'RETIRED')),
    is_reregistration boolean     NOT NULL,
    draft             jsonb       NOT NULL,
    registration      jsonb,
    vendor_profile    jsonb,
    client_id         text,
    saved_at          timestamptz NOT NULL,
    submitted_at      timestamptz,
    modified_at       timestamptz NOT NULL,
    status_reason     text,
    decided_by        uuid,
    PRIMARY KEY (app_id, version),
    CHECK ((status = 'DRAFT') = (submitted_at IS NULL))
);

COMMENT ON TABLE app_versions IS 'One row per version of an app, drafts included (S4, S5, S7): registrations list, drafts list, app information page, review queue. Deleted drafts are removed. Projector: app_versions.';
COMMENT ON COLUMN app_versions.app_id IS 'The app (the app_registration stream''s id).';
COMMENT ON COLUMN app_versions.version IS 'Version number: 1, 2, 3 ...';
COMMENT ON COLUMN app_versions.owner IS 'The developer who owns the app.';
COMMENT ON COLUMN app_versions.name IS 'The app''s name as typed (the same on every version of the app).';
COMMENT ON COLUMN app_versions.status IS 'Lifecycle status (S5): DRAFT, IN_REVIEW, LIVE, SUSPENDED, REJECTED or RETIRED.';
COMMENT ON COLUMN app_versions.is_reregistration IS 'Whether the version was opened from an earlier one (its name is fixed).';
COMMENT ON COLUMN app_versions.draft IS 'The wizard data as last saved (RegistrationDraft); for a re-registration it starts as a copy of the previous version.';
COMMENT ON COLUMN app_versions.registration IS 'The checked wizard data at submission (Registration); null while a draft.';
COMMENT ON COLUMN app_versions.vendor_profile IS 'The owner''s vendor profile at submission (the Contact info tab); null while a draft.';
COMMENT ON COLUMN app_versions.client_id IS 'The app''s OIDC client id, known from the version''s submission on; null while a draft.';
COMMENT ON COLUMN app_versions.saved_at IS 'When the draft was last saved (started, renamed or a step saved).';
COMMENT ON COLUMN app_versions.submitted_at IS 'When the version was submitted for review; null while a draft.';
COMMENT ON COLUMN app_versions.modified_at IS 'S5''s Modified: when the status last changed; for a draft, when it was last saved.';
COMMENT ON COLUMN app_versions.status_reason IS 'Why it was rejected or suspended; null in every other status.';
COMMENT ON COLUMN app_versions.decided_by IS 'Who made the last status decision (approve, reject, suspend, reinstate, or the approval that retired it).';

-- A developer's registrations (newest submitted first) and drafts (newest saved first).
CREATE INDEX app_versions_finished_by_owner ON app_versions (owner, submitted_at DESC)
    WHERE status <> 'DRAFT';
CREATE INDEX app_versions_drafts_by_owner ON app_versions (owner, saved_at DESC)
    WHERE status = 'DRAFT';
-- The review queue, oldest submission first.
CREATE INDEX app_versions_review_queue ON app_versions (submitted_at, app_id, version)
    WHERE status = 'IN_REVIEW';

CREATE TABLE app_messages
(
    message_id      uuid        PRIMARY KEY,
    app_id          uuid        NOT NULL,
    version         integer CHECK (version >= 1),
    author          uuid,
    body            text        NOT NULL,
    posted_at       timestamptz NOT NULL,
    system          boolean     NOT NULL,
    stream_sequence bigint      NOT NULL,
    CHECK (system = (author IS NULL))
);

COMMENT ON TABLE app_messages IS 'The audit log of each app (S6): messages people posted and one system message per status change. Projector: messages.';
COMMENT ON COLUMN app_messages.message_id IS 'The posted message''s id, or for a system message the UUID v5 of the app id and "<stream id>:<sequence>" of its event, so a replay yields the same id.';
COMMENT ON COLUMN app_messages.app_id IS 'The app the message is about.';
COMMENT ON COLUMN app_messages.version IS 'The version a system message is about; null for posted messages, which concern the app.';
COMMENT ON COLUMN app_messages.author IS 'Who posted it; null for system messages.';
COMMENT ON COLUMN app_messages.body IS 'The text, shown as plain text.';
COMMENT ON COLUMN app_messages.posted_at IS 'When it was posted, or when the status changed.';
COMMENT ON COLUMN app_messages.system IS 'Whether the portal wrote it for a status change.';
COMMENT ON COLUMN app_messages.stream_sequence IS 'Position of the event in the app''s stream: the order messages are shown in (all of an app''s messages come from its one stream, so this is the order they happened in, whatever the clocks said).';

-- Messages of an app, oldest first; the newest one for the registrations list.
CREATE INDEX app_messages_by_app ON app_messages (app_id, stream_sequence);
