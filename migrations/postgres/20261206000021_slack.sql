-- The organisation's Slack app, when it has one: the bot token and signing secret an org
-- admin pasted, sealed with the server's key like chat webhooks. One row at most.
CREATE TABLE slack_app (
    id              BIGINT PRIMARY KEY CHECK (id = 1),
    sealed_token    TEXT   NOT NULL,
    sealed_secret   TEXT   NOT NULL,
    -- What the settings page shows of the token: its kind and last characters.
    token_hint      TEXT   NOT NULL,
    updated_by      BIGINT REFERENCES users (id) ON DELETE SET NULL,
    updated_at      BIGINT NOT NULL
);

-- Who each person is in Slack, as users.lookupByEmail last said: `slack_id` is NULL when
-- Slack did not know their address (checked again a day later).
CREATE TABLE slack_people (
    user_id    BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    slack_id   TEXT,
    checked_at BIGINT NOT NULL
);
CREATE INDEX slack_people_slack_id ON slack_people (slack_id);

-- People who turned Slack messages off: they get email instead.
CREATE TABLE slack_choices (
    user_id    BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    dm         BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- Signatures of Slack requests already acted on, so a replayed request is refused; kept for
-- the five minutes a request's timestamp is accepted, and a little longer.
CREATE TABLE slack_requests (
    signature TEXT   PRIMARY KEY,
    seen_at   BIGINT NOT NULL
);

-- "Snooze a week" on a goal check-in reminder: no reminder for weeks up to this one (weeks
-- counted from Monday 1970-01-05).
CREATE TABLE goal_reminder_snoozes (
    user_id       BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    through_week  BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);
