-- SCIM provisioning. An identity provider reaches /scim/v2 with a bearer token an org admin
-- created; only its SHA-256 hash is kept, with the first characters to tell tokens apart.
CREATE TABLE scim_tokens (
    id           BIGSERIAL PRIMARY KEY,
    label        TEXT   NOT NULL,
    token_hash   TEXT   NOT NULL UNIQUE,
    hint         TEXT   NOT NULL,
    created_by   BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at   BIGINT NOT NULL,
    last_used_at BIGINT,
    revoked_at   BIGINT
);

-- The identity provider's names for a person: its login name (SCIM userName, often but not
-- always the email address) and its own id (externalId). A person the provider deleted is
-- deactivated and hidden from SCIM from then on (scim_removed_at); Tandem keeps their records.
ALTER TABLE users ADD COLUMN scim_user_name TEXT;
ALTER TABLE users ADD COLUMN scim_external_id TEXT;
ALTER TABLE users ADD COLUMN scim_removed_at BIGINT;
CREATE UNIQUE INDEX users_scim_user_name ON users (LOWER(scim_user_name));
