-- How often each person hears from Tandem. A person without a row has the defaults: every
-- kind of email at once, 08:00 to 19:00 on working days in their time zone, a Monday digest.
CREATE TABLE notification_settings (
    user_id           BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    -- JSON list of [kind, mode] pairs; kinds not listed are sent at once.
    modes             TEXT   NOT NULL DEFAULT '[]',
    send_from_minute  BIGINT NOT NULL DEFAULT 480,
    send_until_minute BIGINT NOT NULL DEFAULT 1140,
    -- Monday is bit 0.
    send_days         BIGINT NOT NULL DEFAULT 31,
    digest_day        TEXT   NOT NULL DEFAULT 'mon',
    updated_at        BIGINT NOT NULL
);

-- A notification job says its kind, so the worker can apply the person's choices when it is
-- about to send, and when it stops being worth sending.
ALTER TABLE jobs ADD COLUMN notification TEXT;
ALTER TABLE jobs ADD COLUMN useful_until BIGINT;

-- Notifications kept for a person's weekly digest, until a digest carries them.
CREATE TABLE digest_items (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind       TEXT   NOT NULL,
    subject    TEXT   NOT NULL,
    link       TEXT,
    created_at BIGINT NOT NULL,
    -- The key of the digest job that carried it.
    digest_key TEXT
);
CREATE INDEX digest_items_waiting ON digest_items (user_id, digest_key, created_at);

-- The email hours of people who have not chosen their own, in each person's time zone.
ALTER TABLE org_settings ADD COLUMN send_from_minute BIGINT NOT NULL DEFAULT 480;
ALTER TABLE org_settings ADD COLUMN send_until_minute BIGINT NOT NULL DEFAULT 1140;
ALTER TABLE org_settings ADD COLUMN send_days BIGINT NOT NULL DEFAULT 31;
