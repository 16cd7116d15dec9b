-- The durable job queue: every message Tandem sends and every piece of scheduled work is a
-- job, written in the same transaction as the change that causes it. A unique idempotency key
-- keeps the same message from being queued twice; a lease says which worker holds a job until
-- when, so a worker that dies leaves it to be claimed again.
CREATE TABLE jobs (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    kind            TEXT   NOT NULL,
    idempotency_key TEXT   NOT NULL UNIQUE,
    payload         TEXT   NOT NULL,
    run_at          BIGINT NOT NULL,
    state           TEXT   NOT NULL DEFAULT 'queued'
                    CHECK (state IN ('queued', 'done', 'failed', 'dropped')),
    attempts        BIGINT NOT NULL DEFAULT 0,
    max_attempts    BIGINT NOT NULL DEFAULT 8,
    lease_owner     TEXT,
    lease_until     BIGINT,
    last_error      TEXT,
    -- For messages: who it is for, through which channel, and its subject, for the delivery log.
    user_id         BIGINT REFERENCES users (id) ON DELETE SET NULL,
    channel         TEXT,
    subject         TEXT,
    created_at      BIGINT NOT NULL,
    finished_at     BIGINT
);
CREATE INDEX jobs_due ON jobs (state, run_at, id);
CREATE INDEX jobs_user ON jobs (user_id, created_at);
