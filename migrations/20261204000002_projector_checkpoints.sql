-- How far each projector has folded the event log. A projector moves its checkpoint in the same
-- transaction as the read-model rows it writes, so after a crash it resumes exactly where its
-- last committed batch ended.

CREATE TABLE projector_checkpoints
(
    projector       text        PRIMARY KEY,
    transaction_id  xid8        NOT NULL DEFAULT '0',
    global_position bigint      NOT NULL DEFAULT 0,
    updated_at      timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE projector_checkpoints IS 'One row per projector: the last event it applied, in commit order.';
COMMENT ON COLUMN projector_checkpoints.projector IS 'The projector''s stable name.';
COMMENT ON COLUMN projector_checkpoints.transaction_id IS 'transaction_id of the last applied event (0 before the first).';
COMMENT ON COLUMN projector_checkpoints.global_position IS 'global_position of the last applied event (0 before the first).';
COMMENT ON COLUMN projector_checkpoints.updated_at IS 'When the checkpoint last moved.';
