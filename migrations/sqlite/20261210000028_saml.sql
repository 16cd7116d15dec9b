-- SAML 2.0 providers sit beside OpenID Connect ones and share their rules: the allowed
-- domains, the mapped attributes (the claim_* columns name SAML attributes for them) and the
-- people linked through sso_identities, whose subject is then the assertion's NameID. For a
-- SAML provider, issuer holds the identity provider's entity ID and client_id and
-- client_secret_sealed are empty; saml_metadata is its metadata document (endpoints and the
-- signing certificates assertions must carry), saml_metadata_url where it was read from, if
-- the admin gave an address rather than the document.
ALTER TABLE identity_providers ADD COLUMN protocol TEXT NOT NULL DEFAULT 'oidc';
ALTER TABLE identity_providers ADD COLUMN saml_metadata TEXT NOT NULL DEFAULT '';
ALTER TABLE identity_providers ADD COLUMN saml_metadata_url TEXT NOT NULL DEFAULT '';
-- The attribute holding the address (SAML has no standard one); empty: the NameID, when it is
-- an address.
ALTER TABLE identity_providers ADD COLUMN claim_email TEXT NOT NULL DEFAULT '';

-- Assertions already taken, kept until they could no longer pass the time checks anyway: an
-- assertion is accepted once, on whichever server it reaches.
CREATE TABLE saml_assertions (
    provider_id  BIGINT NOT NULL REFERENCES identity_providers (id) ON DELETE CASCADE,
    assertion_id TEXT   NOT NULL,
    expires_at   BIGINT NOT NULL,
    PRIMARY KEY (provider_id, assertion_id)
);
CREATE INDEX saml_assertions_expiry ON saml_assertions (expires_at);
