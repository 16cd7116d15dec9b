-- Meetups: events with an optional capacity, their audiences, and who answered.
-- Times are Unix seconds (UTC); `time_zone` is the IANA zone the organiser planned in, used to
-- show and export the event as they meant it.
CREATE TABLE events (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    title         TEXT    NOT NULL,
    description   TEXT    NOT NULL DEFAULT '',
    kind          TEXT    NOT NULL CHECK (kind IN ('meetup', 'workshop', 'mentor_connect', 'exec_encounter')),
    starts_at     BIGINT  NOT NULL,
    ends_at       BIGINT  NOT NULL,
    time_zone     TEXT    NOT NULL,
    place         TEXT    NOT NULL DEFAULT '',
    video_url     TEXT    NOT NULL DEFAULT '',
    capacity      BIGINT,
    rsvp_deadline BIGINT,
    host_id       BIGINT  REFERENCES users (id) ON DELETE SET NULL,
    state         TEXT    NOT NULL DEFAULT 'scheduled' CHECK (state IN ('scheduled', 'cancelled')),
    -- Bumped on every change, as calendar files require (RFC 5545 SEQUENCE).
    sequence      BIGINT  NOT NULL DEFAULT 0,
    created_by    BIGINT  REFERENCES users (id) ON DELETE SET NULL,
    created_at    BIGINT  NOT NULL,
    updated_at    BIGINT  NOT NULL,
    CHECK (ends_at > starts_at),
    CHECK (capacity IS NULL OR capacity > 0)
);
CREATE INDEX events_starts ON events (starts_at);

-- An event is open to everyone when it has no audience rows, else to these programs' members.
CREATE TABLE event_programs (
    event_id   BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    program_id BIGINT NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
    PRIMARY KEY (event_id, program_id)
);

-- One row per person and event; `entered` is a sign-up for an Exec Encounter draw not yet
-- held. `queued_at` orders the waitlist (ties by id); `link_generation`
-- is part of every RSVP link sent to this person, so bumping it revokes them all.
CREATE TABLE rsvps (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id        BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    user_id         BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    state           TEXT   NOT NULL CHECK (state IN ('invited', 'entered', 'going', 'waitlisted', 'declined')),
    queued_at       BIGINT NOT NULL,
    link_generation BIGINT NOT NULL DEFAULT 0,
    attended        BIGINT NOT NULL DEFAULT 0,
    updated_at      BIGINT NOT NULL,
    UNIQUE (event_id, user_id)
);
CREATE INDEX rsvps_event_state ON rsvps (event_id, state, queued_at);
CREATE INDEX rsvps_user ON rsvps (user_id);

-- Exec Encounter draws, kept so anyone can repeat them: the seed and the drawn order (a JSON
-- array of user ids, winners first).
CREATE TABLE event_draws (
    event_id BIGINT NOT NULL PRIMARY KEY REFERENCES events (id) ON DELETE CASCADE,
    seed     BIGINT NOT NULL,
    drawn    TEXT   NOT NULL,
    drawn_at BIGINT NOT NULL,
    drawn_by BIGINT REFERENCES users (id) ON DELETE SET NULL
);
