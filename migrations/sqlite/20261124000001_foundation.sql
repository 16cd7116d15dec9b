-- Tandem foundation: organisation settings, people, sessions, invitations, password resets and
-- sign-in throttling. Times are Unix seconds (BIGINT) so that one set of queries serves SQLite
-- and PostgreSQL alike; flags are 0/1 integers for the same reason.

CREATE TABLE org_settings (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    name            TEXT    NOT NULL,
    open_signup     BIGINT  NOT NULL DEFAULT 1,
    allowed_domains TEXT    NOT NULL DEFAULT ''
);
INSERT INTO org_settings (id, name, open_signup, allowed_domains) VALUES (1, 'Tandem', 1, '');

CREATE TABLE users (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    email         TEXT    NOT NULL UNIQUE,
    password_hash TEXT,
    name          TEXT    NOT NULL,
    role          TEXT    NOT NULL CHECK (role IN ('participant', 'program_admin', 'org_admin')),
    pronouns      TEXT    NOT NULL DEFAULT '',
    job_title     TEXT    NOT NULL DEFAULT '',
    department    TEXT    NOT NULL DEFAULT '',
    level         BIGINT,
    manager_id    BIGINT  REFERENCES users (id) ON DELETE SET NULL,
    location      TEXT    NOT NULL DEFAULT '',
    time_zone     TEXT    NOT NULL DEFAULT '',
    bio           TEXT    NOT NULL DEFAULT '',
    skills_offer  TEXT    NOT NULL DEFAULT '',
    skills_grow   TEXT    NOT NULL DEFAULT '',
    interests     TEXT    NOT NULL DEFAULT '',
    aspirations   TEXT    NOT NULL DEFAULT '',
    created_at    BIGINT  NOT NULL,
    updated_at    BIGINT  NOT NULL
);
CREATE INDEX users_manager ON users (manager_id);

CREATE TABLE sessions (
    id         TEXT   PRIMARY KEY,
    data       BLOB   NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_expiry ON sessions (expires_at);

CREATE TABLE invitations (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    email       TEXT    NOT NULL,
    role        TEXT    NOT NULL CHECK (role IN ('participant', 'program_admin', 'org_admin')),
    token_hash  TEXT    NOT NULL UNIQUE,
    invited_by  BIGINT  REFERENCES users (id) ON DELETE SET NULL,
    created_at  BIGINT  NOT NULL,
    expires_at  BIGINT  NOT NULL,
    accepted_at BIGINT
);
CREATE INDEX invitations_email ON invitations (email);

CREATE TABLE password_resets (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id    BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash TEXT    NOT NULL UNIQUE,
    created_at BIGINT  NOT NULL,
    expires_at BIGINT  NOT NULL,
    used_at    BIGINT
);

CREATE TABLE sign_in_failures (
    id    INTEGER PRIMARY KEY AUTOINCREMENT,
    scope TEXT    NOT NULL,
    key   TEXT    NOT NULL,
    at    BIGINT  NOT NULL
);
CREATE INDEX sign_in_failures_lookup ON sign_in_failures (scope, key, at);
