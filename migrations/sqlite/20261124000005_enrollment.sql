-- Enrollment surveys, enrollments, and the partner preferences people give when they join.
-- Option lists and answers are JSON text: they are read and written whole, with the survey.
CREATE TABLE survey_questions (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    program_id  BIGINT  NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
    position    BIGINT  NOT NULL,
    prompt      TEXT    NOT NULL,
    help        TEXT    NOT NULL DEFAULT '',
    kind        TEXT    NOT NULL CHECK (kind IN ('single', 'multi', 'scale', 'text')),
    options     TEXT    NOT NULL DEFAULT '[]',
    rule        TEXT    NOT NULL CHECK (rule IN ('similar', 'complementary', 'different', 'not_used')),
    weight      BIGINT  NOT NULL,
    required    BIGINT  NOT NULL DEFAULT 0,
    -- For a complementary question ("skills to grow"), the question it meets ("skills to offer").
    complements BIGINT  REFERENCES survey_questions (id) ON DELETE SET NULL
);
CREATE INDEX survey_questions_program ON survey_questions (program_id, position);

CREATE TABLE enrollments (
    program_id BIGINT NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role       TEXT   NOT NULL CHECK (role IN ('peer', 'mentor', 'mentee', 'either')),
    capacity   BIGINT NOT NULL DEFAULT 1,
    status     TEXT   NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'left')),
    answers    TEXT   NOT NULL DEFAULT '{}',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (program_id, user_id)
);
CREATE INDEX enrollments_user ON enrollments (user_id);

-- People someone would like to be matched with; program admins may see these.
CREATE TABLE enrollment_preferred (
    program_id BIGINT NOT NULL,
    user_id    BIGINT NOT NULL,
    partner_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (program_id, user_id, partner_id),
    FOREIGN KEY (program_id, user_id) REFERENCES enrollments (program_id, user_id) ON DELETE CASCADE
);

-- The confidential avoid list: a hard rule for matching, shown to nobody but its author. It is
-- a table of its own so that no query about enrollments can carry it along by accident.
CREATE TABLE enrollment_avoid (
    program_id BIGINT NOT NULL,
    user_id    BIGINT NOT NULL,
    partner_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (program_id, user_id, partner_id),
    FOREIGN KEY (program_id, user_id) REFERENCES enrollments (program_id, user_id) ON DELETE CASCADE
);

-- When someone confirmed reading a program's guidelines (the first step of onboarding).
CREATE TABLE guideline_reads (
    program_id BIGINT NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    read_at    BIGINT NOT NULL,
    PRIMARY KEY (program_id, user_id)
);
