-- Programs (cohorts) and the program admins who run each one. Dates are ISO `YYYY-MM-DD` text,
-- which sorts and compares correctly on both databases.
CREATE TABLE programs (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    name                 TEXT    NOT NULL,
    description          TEXT    NOT NULL DEFAULT '',
    guidelines           TEXT    NOT NULL DEFAULT '',
    format               TEXT    NOT NULL CHECK (format IN ('peer', 'mentor_mentee', 'reverse', 'circles')),
    group_size           BIGINT  NOT NULL,
    rotation_weeks       BIGINT  NOT NULL,
    starts_on            TEXT    NOT NULL,
    ends_on              TEXT    NOT NULL,
    enrollment_opens_on  TEXT    NOT NULL,
    enrollment_closes_on TEXT    NOT NULL,
    departments          TEXT    NOT NULL DEFAULT '',
    min_level            BIGINT,
    max_level            BIGINT,
    state                TEXT    NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'enrolling', 'running', 'finished')),
    created_by           BIGINT  REFERENCES users (id) ON DELETE SET NULL,
    created_at           BIGINT  NOT NULL,
    updated_at           BIGINT  NOT NULL
);

CREATE TABLE program_admins (
    program_id BIGINT NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (program_id, user_id)
);
