-- Sign-in sessions and sign-in throttling. These are not business facts and change on every
-- request (last_seen_at), so they live outside the event log; sign-ups, role changes and
-- disabling, which are facts, are events.

CREATE TABLE sessions
(
    token_hash   bytea       PRIMARY KEY,
    account_id   uuid        NOT NULL,
    created_at   timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL,
    ended_at     timestamptz,
    end_reason   text
);

COMMENT ON TABLE sessions IS 'Signed-in sessions; the token itself is never stored.';
COMMENT ON COLUMN sessions.token_hash IS 'SHA-256 of the 256-bit random session token.';
COMMENT ON COLUMN sessions.account_id IS 'The signed-in account.';
COMMENT ON COLUMN sessions.created_at IS 'Sign-in time; the absolute lifetime counts from here.';
COMMENT ON COLUMN sessions.last_seen_at IS 'Last authenticated request; the idle timeout counts from here.';
COMMENT ON COLUMN sessions.ended_at IS 'When the session was ended (sign-out, account disabled, expiry noticed); null while active.';
COMMENT ON COLUMN sessions.end_reason IS 'SIGNED_OUT, ACCOUNT_DISABLED, IDLE_TIMEOUT or LIFETIME_EXCEEDED.';

CREATE INDEX sessions_by_account ON sessions (account_id) WHERE ended_at IS NULL;

CREATE TABLE sign_in_failures
(
    throttle_key      text        PRIMARY KEY,
    window_started_at timestamptz NOT NULL,
    failures          integer     NOT NULL
);

COMMENT ON TABLE sign_in_failures IS 'Sign-in and sign-up attempts counted per key within a window, for throttling.';
COMMENT ON COLUMN sign_in_failures.throttle_key IS 'email:<sha256 of the email>|addr:<network> (one email from one network), addr:<network> (one network, any email) or signup|addr:<network>; a network is an IPv4 address or an IPv6 /64.';
COMMENT ON COLUMN sign_in_failures.window_started_at IS 'Start of the counting window.';
COMMENT ON COLUMN sign_in_failures.failures IS 'Attempts counted since window_started_at (counted before the password is checked; a success takes its attempt back).';

CREATE TABLE stored_files
(
    sha256     text        PRIMARY KEY,
    media_type text        NOT NULL,
    byte_size  bigint      NOT NULL,
    content    bytea       NOT NULL,
    stored_at  timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE stored_files IS 'Uploaded files (app icons), content-addressed; events refer to them by hash (S10).';
COMMENT ON COLUMN stored_files.sha256 IS 'Lower-case hex SHA-256 of the content: the file''s identity.';
COMMENT ON COLUMN stored_files.media_type IS 'Media type established from the content, e.g. image/png.';
COMMENT ON COLUMN stored_files.byte_size IS 'Size of the content in bytes.';
COMMENT ON COLUMN stored_files.content IS 'The file''s bytes.';
COMMENT ON COLUMN stored_files.stored_at IS 'When the file was first stored.';
