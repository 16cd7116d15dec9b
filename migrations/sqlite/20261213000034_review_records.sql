-- Mentoring records for performance reviews. A manager asks (a pending row); the employee
-- agrees, with the scope they choose and an end, or declines; they may withdraw an agreement
-- at any time. A manager reads a record only through an agreement that is neither withdrawn
-- nor past its end. Every export, by anyone, is logged for the employee to read.
CREATE TABLE review_consents (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    employee_id  BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    manager_id   BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    state        TEXT   NOT NULL DEFAULT 'pending'
                 CHECK (state IN ('pending', 'approved', 'declined', 'revoked')),
    -- JSON: the parts of the record agreed to (ReviewScope).
    scope        TEXT   NOT NULL DEFAULT '{}',
    requested_at BIGINT NOT NULL,
    answered_at  BIGINT,
    expires_at   BIGINT,
    revoked_at   BIGINT,
    CHECK (state <> 'approved' OR expires_at IS NOT NULL),
    CHECK (employee_id <> manager_id)
);
CREATE INDEX review_consents_employee ON review_consents (employee_id, state);
CREATE INDEX review_consents_manager ON review_consents (manager_id, state);
-- One open request per manager and employee.
CREATE UNIQUE INDEX review_consents_open ON review_consents (employee_id, manager_id)
    WHERE state = 'pending';

CREATE TABLE review_exports (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    employee_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    reader_id   BIGINT REFERENCES users (id) ON DELETE SET NULL,
    -- Kept as it was, so the log still names a reader whose account is gone.
    reader_name TEXT   NOT NULL,
    consent_id  BIGINT REFERENCES review_consents (id) ON DELETE SET NULL,
    format      TEXT   NOT NULL CHECK (format IN ('pdf', 'csv', 'json')),
    at          BIGINT NOT NULL
);
CREATE INDEX review_exports_employee ON review_exports (employee_id, at);
