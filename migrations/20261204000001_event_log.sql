-- The event log: the only source of truth in Portico. Every change is one row here; read models
-- are folded from it by projectors. The first seven columns are the ones postgres-es reads and
-- writes; the rest are filled in by the database so that projectors can read in commit order.

CREATE TABLE events
(
    aggregate_type  text        NOT NULL,
    aggregate_id    text        NOT NULL,
    sequence        bigint      NOT NULL CHECK (sequence >= 1),
    event_type      text        NOT NULL,
    event_version   text        NOT NULL,
    payload         jsonb       NOT NULL,
    metadata        jsonb       NOT NULL,
    global_position bigint      GENERATED ALWAYS AS IDENTITY,
    transaction_id  xid8        NOT NULL DEFAULT pg_current_xact_id(),
    recorded_at     timestamptz NOT NULL DEFAULT now(),
    -- The optimistic-concurrency guard: two writers appending the same position of one stream
    -- collide here, and exactly one of them commits.
    PRIMARY KEY (aggregate_type, aggregate_id, sequence),
    UNIQUE (global_position)
);

COMMENT ON TABLE events IS 'Append-only event log; rows are never updated or deleted.';
COMMENT ON COLUMN events.aggregate_type IS 'Kind of stream, e.g. app_registration, account, app_name.';
COMMENT ON COLUMN events.aggregate_id IS 'Stream id within its kind (a uuid, or a normalised name or email for reservations).';
COMMENT ON COLUMN events.sequence IS 'Position of the event in its stream, from 1 without gaps.';
COMMENT ON COLUMN events.event_type IS 'Stable name of the event, e.g. VersionApproved.';
COMMENT ON COLUMN events.event_version IS 'Schema version of the payload, for upcasting.';
COMMENT ON COLUMN events.payload IS 'The event''s business facts as JSON.';
COMMENT ON COLUMN events.metadata IS 'Who and why: actor_id, actor_roles, correlation_id, request_id, command_time.';
COMMENT ON COLUMN events.global_position IS 'Order of insertion across all streams; not commit order (identity values are taken before commit).';
COMMENT ON COLUMN events.transaction_id IS 'Writing transaction; projectors read only below the oldest running one, so no event is skipped.';
COMMENT ON COLUMN events.recorded_at IS 'When the database stored the event.';

-- Projectors read in (transaction_id, global_position) order.
CREATE INDEX events_commit_order ON events (transaction_id, global_position);

CREATE FUNCTION events_refuse_change() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    RAISE EXCEPTION 'the event log is append-only: % on events is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
COMMENT ON FUNCTION events_refuse_change() IS 'Rejects every UPDATE, DELETE and TRUNCATE on events.';

CREATE TRIGGER events_no_update_or_delete
    BEFORE UPDATE OR DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION events_refuse_change();
CREATE TRIGGER events_no_truncate
    BEFORE TRUNCATE ON events
    FOR EACH STATEMENT EXECUTE FUNCTION events_refuse_change();

CREATE FUNCTION events_notify_appended() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    PERFORM pg_notify('portico_events', '');
    RETURN NULL;
END;
$$;
COMMENT ON FUNCTION events_notify_appended() IS 'Wakes projectors when a transaction appends events (delivered at commit).';

CREATE TRIGGER events_appended
    AFTER INSERT ON events
    FOR EACH STATEMENT EXECUTE FUNCTION events_notify_appended();
