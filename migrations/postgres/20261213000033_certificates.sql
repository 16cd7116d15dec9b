-- Certificates of participation as issued: what the PDF printed, kept so that its code's
-- verification page shows exactly that, whatever changes later (a renamed program, more
-- sessions). One row per distinct set of facts, so asking again the same day gives the same
-- certificate. A person's certificates go when their account is erased.
CREATE TABLE certificates (
    id           BIGSERIAL PRIMARY KEY,
    code         TEXT   NOT NULL UNIQUE,
    user_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    program_id   BIGINT NOT NULL,
    role         TEXT   NOT NULL CHECK (role IN ('mentor', 'mentee', 'peer')),
    person_name  TEXT   NOT NULL,
    program_name TEXT   NOT NULL,
    -- Days since 1970-01-01.
    from_day     BIGINT NOT NULL,
    to_day       BIGINT NOT NULL,
    sessions     BIGINT NOT NULL CHECK (sessions > 0),
    minutes      BIGINT NOT NULL CHECK (minutes >= 0),
    issued_at    BIGINT NOT NULL,
    CHECK (to_day >= from_day),
    UNIQUE (user_id, program_id, role, from_day, to_day, sessions, minutes)
);
