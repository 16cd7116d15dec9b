-- Pulse surveys a program sends its matched people some days after each round is published:
-- one of each kind per program, each from Tandem's template for that kind.
CREATE TABLE pulse_surveys (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    program_id  BIGINT NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
    kind        TEXT   NOT NULL CHECK (kind IN ('fit', 'pulse', 'closing')),
    days_after  BIGINT NOT NULL CHECK (days_after BETWEEN 1 AND 365),
    created_by  BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at  BIGINT NOT NULL,
    UNIQUE (program_id, kind)
);

-- One person's answers to a survey in a round, as JSON by question key. Admins only ever read
-- figures over many people; the user id is kept so a person answers once and can change it.
CREATE TABLE pulse_responses (
    survey_id  BIGINT NOT NULL REFERENCES pulse_surveys (id) ON DELETE CASCADE,
    round_id   BIGINT NOT NULL REFERENCES match_rounds (id) ON DELETE CASCADE,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    answers    TEXT   NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (survey_id, round_id, user_id)
);
