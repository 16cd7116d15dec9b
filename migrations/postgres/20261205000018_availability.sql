-- When each person is free for sessions, in their own time zone, and the private free/busy
-- calendar Tandem reads to leave out the times they are busy. A person without a row has set
-- nothing: office hours on working days are assumed for suggestions.
CREATE TABLE availability (
    user_id            BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    -- JSON list of {day, from_minute, until_minute}, sorted and never overlapping.
    windows            TEXT   NOT NULL DEFAULT '[]',
    -- An http(s) address of an iCalendar file, or empty.
    calendar_url       TEXT   NOT NULL DEFAULT '',
    -- JSON list of [starts_at, ends_at]: the busy spans last read from the calendar.
    busy               TEXT   NOT NULL DEFAULT '[]',
    -- The last attempt to read the calendar, and the last one that succeeded.
    calendar_tried_at  BIGINT,
    calendar_read_at   BIGINT,
    -- Why the last attempt failed, in words for the person; empty after a success.
    calendar_error     TEXT   NOT NULL DEFAULT '',
    updated_at         BIGINT NOT NULL
);
