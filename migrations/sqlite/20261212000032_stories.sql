-- Success stories: one per participant and round, written as the round ends. `readers` is
-- the author's choice; `featured` is the admins' choice of the stories the author let into
-- the report, and the CHECK keeps any other story out of it whatever writes the row.
CREATE TABLE stories (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    program_id BIGINT NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
    round_id   BIGINT NOT NULL REFERENCES match_rounds (id) ON DELETE CASCADE,
    author_id  BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    body       TEXT   NOT NULL,
    readers    TEXT   NOT NULL CHECK (readers IN ('nobody', 'admins', 'report', 'report_named')),
    featured   BIGINT NOT NULL DEFAULT 0 CHECK (featured IN (0, 1)),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (round_id, author_id),
    CHECK (featured = 0 OR readers IN ('report', 'report_named'))
);
CREATE INDEX stories_program ON stories (program_id, readers);
CREATE INDEX stories_author ON stories (author_id);
