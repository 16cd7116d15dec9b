-- Single sign-on with the company's OpenID Connect providers. The client secret is sealed
-- (see support/sealed.rs) so a copy of the database does not hand it out. Allowed domains are
-- lower-case and comma-separated; the claim names say which ID-token claims fill a person's
-- name, department, job title and manager (by the manager's email), empty when not mapped.
CREATE TABLE identity_providers (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    label                TEXT   NOT NULL,
    issuer               TEXT   NOT NULL,
    client_id            TEXT   NOT NULL,
    client_secret_sealed TEXT   NOT NULL,
    allowed_domains      TEXT   NOT NULL,
    claim_name           TEXT   NOT NULL DEFAULT 'name',
    claim_department     TEXT   NOT NULL DEFAULT '',
    claim_title          TEXT   NOT NULL DEFAULT '',
    claim_manager        TEXT   NOT NULL DEFAULT '',
    -- The boolean claim by which the provider vouches for the address: email_verified, or
    -- Entra ID's xms_edov (the domain's owner verified it), which has no email_verified.
    claim_verified       TEXT   NOT NULL DEFAULT 'email_verified',
    created_at           BIGINT NOT NULL,
    updated_at           BIGINT NOT NULL
);

-- Who a provider's subject is in Tandem. The subject ("sub") is the provider's lasting id for a
-- person; their address may change, the link stays.
CREATE TABLE sso_identities (
    provider_id  BIGINT NOT NULL REFERENCES identity_providers (id) ON DELETE CASCADE,
    subject      TEXT   NOT NULL,
    user_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   BIGINT NOT NULL,
    last_used_at BIGINT NOT NULL,
    PRIMARY KEY (provider_id, subject)
);
CREATE INDEX sso_identities_user ON sso_identities (user_id);

-- "Sign in with SSO only": passwords stop working for everyone but the break-glass org admin.
ALTER TABLE org_settings ADD COLUMN sso_only BIGINT NOT NULL DEFAULT 0;
ALTER TABLE org_settings ADD COLUMN sso_break_glass_user_id BIGINT REFERENCES users (id) ON DELETE SET NULL;
