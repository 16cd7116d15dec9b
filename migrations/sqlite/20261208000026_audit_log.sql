-- What org admins, program admins and integrations did that changes who is in Tandem or who
-- can do what. Labels are copied at the time, so an entry reads the same after a rename or an
-- erasure. Nothing secret is ever written here: no passwords, tokens or avoid lists.
CREATE TABLE audit_log (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    at            BIGINT NOT NULL,
    action        TEXT   NOT NULL,
    actor_id      BIGINT REFERENCES users (id) ON DELETE SET NULL,
    actor_label   TEXT   NOT NULL,
    subject_id    BIGINT REFERENCES users (id) ON DELETE SET NULL,
    subject_label TEXT   NOT NULL DEFAULT '',
    details       TEXT   NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_action ON audit_log (action, at);

-- How long entries are kept, in days.
ALTER TABLE org_settings ADD COLUMN audit_retention_days BIGINT NOT NULL DEFAULT 365;
