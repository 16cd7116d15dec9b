-- Thanks one participant gives another they were matched with in a program. The recipient
-- reads every one; others read one only after its recipient chose to show it (`shown` = 1).
CREATE TABLE kudos (
    id         BIGSERIAL PRIMARY KEY,
    program_id BIGINT NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
    from_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    to_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    category   TEXT   NOT NULL CHECK (category IN ('expertise', 'support', 'candour', 'commitment')),
    note       TEXT   NOT NULL,
    shown      BIGINT NOT NULL DEFAULT 0 CHECK (shown IN (0, 1)),
    created_at BIGINT NOT NULL,
    CHECK (from_id <> to_id)
);
CREATE INDEX kudos_to ON kudos (to_id, created_at);
CREATE INDEX kudos_from ON kudos (from_id, created_at);

-- Badges count the events someone hosted.
CREATE INDEX events_host ON events (host_id);
