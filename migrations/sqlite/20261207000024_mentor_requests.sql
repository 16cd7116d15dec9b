-- Whether a mentoring program lets mentees ask a mentor themselves, and how many days a mentor
-- has to answer. Programs without a row are matched by their admins.
CREATE TABLE mentor_choice (
    program_id  BIGINT PRIMARY KEY REFERENCES programs (id) ON DELETE CASCADE,
    mode        TEXT   NOT NULL CHECK (mode IN ('admins', 'participants', 'both')),
    answer_days BIGINT NOT NULL CHECK (answer_days BETWEEN 1 AND 30),
    updated_at  BIGINT NOT NULL
);

-- A mentee's request to a mentor. It waits until the mentor answers or `answer_by` passes
-- (then it lapses); an accepted one became a group of the round in `round_id`.
CREATE TABLE mentor_requests (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    program_id  BIGINT NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
    mentee_id   BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    mentor_id   BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    note        TEXT   NOT NULL DEFAULT '',
    state       TEXT   NOT NULL CHECK (state IN ('pending', 'accepted', 'declined', 'lapsed')),
    created_at  BIGINT NOT NULL,
    answer_by   BIGINT NOT NULL,
    decided_at  BIGINT,
    round_id    BIGINT REFERENCES match_rounds (id) ON DELETE SET NULL
);
CREATE INDEX mentor_requests_mentor ON mentor_requests (program_id, mentor_id, state);
-- A mentee asks one mentor at a time.
CREATE UNIQUE INDEX mentor_requests_one_pending ON mentor_requests (program_id, mentee_id)
    WHERE state = 'pending';
