-- Requests for a new match. The reason is private: the requester and the program admins see
-- it, the current partner never does.
CREATE TABLE reassignment_requests (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    program_id BIGINT NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
    round_id   BIGINT NOT NULL REFERENCES match_rounds (id) ON DELETE CASCADE,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    reason     TEXT   NOT NULL,
    state      TEXT   NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'approved', 'declined')),
    created_at BIGINT NOT NULL,
    decided_at BIGINT
);
CREATE INDEX reassignment_requests_program ON reassignment_requests (program_id, state);
