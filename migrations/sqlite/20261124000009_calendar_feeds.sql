-- Private calendar feeds: one secret token per person (only its hash is kept). Issuing a new
-- one replaces the old, which stops working at once.
CREATE TABLE calendar_feeds (
    user_id    BIGINT NOT NULL PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    token_hash TEXT   NOT NULL UNIQUE,
    created_at BIGINT NOT NULL
);
