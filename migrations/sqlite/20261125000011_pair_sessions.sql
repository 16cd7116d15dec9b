-- Sessions a matched group plans. A counter-proposal replaces the proposal it answers; after
-- the session time either member records whether it was held. Times are Unix seconds;
-- `time_zone` is the proposer's, used for the calendar file.
CREATE TABLE pair_sessions (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    program_id  BIGINT NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
    round_id    BIGINT NOT NULL,
    group_no    BIGINT NOT NULL,
    proposed_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    starts_at   BIGINT NOT NULL,
    ends_at     BIGINT NOT NULL,
    time_zone   TEXT   NOT NULL,
    place       TEXT   NOT NULL DEFAULT '',
    video_url   TEXT   NOT NULL DEFAULT '',
    -- JSON array of agenda items.
    agenda      TEXT   NOT NULL DEFAULT '[]',
    state       TEXT   NOT NULL DEFAULT 'proposed' CHECK (state IN ('proposed', 'accepted', 'replaced', 'cancelled')),
    replaces    BIGINT REFERENCES pair_sessions (id) ON DELETE SET NULL,
    -- NULL until someone says; then 1 (held) or 0 (did not happen).
    held        BIGINT,
    notes       TEXT   NOT NULL DEFAULT '',
    sequence    BIGINT NOT NULL DEFAULT 0,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    CHECK (ends_at > starts_at),
    FOREIGN KEY (round_id, group_no) REFERENCES round_groups (round_id, group_no) ON DELETE CASCADE
);
CREATE INDEX pair_sessions_group ON pair_sessions (round_id, group_no, starts_at);
CREATE INDEX pair_sessions_program ON pair_sessions (program_id);

-- Private feedback on a held session: program admins see it only in aggregate.
CREATE TABLE session_feedback (
    session_id BIGINT NOT NULL REFERENCES pair_sessions (id) ON DELETE CASCADE,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    rating     BIGINT NOT NULL CHECK (rating BETWEEN 1 AND 5),
    comment    TEXT   NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    PRIMARY KEY (session_id, user_id)
);
