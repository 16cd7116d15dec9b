-- The resource hub: guides, goal templates, discussion prompt sets, checklists, links and
-- files. `body_text` is the Markdown body as plain text, which is what search reads; `tags`
-- repeats the resource's tags (kept one per row in `resource_tags` for filtering) so that
-- search finds them too. Uploaded files live on disk under the data directory; the row keeps
-- their name, checked content type and size. The small columns that filters read come first
-- and the long texts last, so checking a row's status never reads through its body.
CREATE TABLE resources (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    kind          TEXT   NOT NULL CHECK (kind IN ('guide', 'goal_template', 'prompt_set', 'checklist', 'link', 'file')),
    status        TEXT   NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'archived')),
    audience      TEXT   NOT NULL CHECK (audience IN ('everyone', 'mentors', 'mentees', 'admins', 'program')),
    program_id    BIGINT REFERENCES programs (id) ON DELETE CASCADE,
    author_id     BIGINT REFERENCES users (id) ON DELETE SET NULL,
    category      TEXT   CHECK (category IN ('skill', 'career', 'project', 'wellbeing', 'other')),
    reading_minutes BIGINT NOT NULL DEFAULT 1,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL,
    published_at  BIGINT,
    file_key      TEXT,
    file_name     TEXT,
    file_type     TEXT,
    file_size     BIGINT,
    title         TEXT   NOT NULL,
    summary       TEXT   NOT NULL DEFAULT '',
    tags          TEXT   NOT NULL DEFAULT '',
    url           TEXT   NOT NULL DEFAULT '',
    goal          TEXT   NOT NULL DEFAULT '',
    items         TEXT   NOT NULL DEFAULT '',
    body_text     TEXT   NOT NULL DEFAULT '',
    body          TEXT   NOT NULL DEFAULT '',
    CHECK ((audience = 'program') = (program_id IS NOT NULL))
);
CREATE INDEX resources_listing ON resources (status, updated_at);
-- Everything a search's filters read, by id: ranking checks each matching row through this
-- index instead of reading the row itself, whose long texts span several pages.
CREATE INDEX resources_search_filter ON resources (id, status, audience, program_id, kind);
CREATE INDEX resources_category ON resources (category, status);

CREATE TABLE resource_tags (
    resource_id BIGINT NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
    tag         TEXT   NOT NULL,
    PRIMARY KEY (resource_id, tag)
);
CREATE INDEX resource_tags_tag ON resource_tags (tag, resource_id);

CREATE TABLE resource_bookmarks (
    user_id     BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    resource_id BIGINT NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (user_id, resource_id)
);

CREATE TABLE resource_ratings (
    user_id     BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    resource_id BIGINT NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (user_id, resource_id)
);
CREATE INDEX resource_ratings_resource ON resource_ratings (resource_id);

-- Full-text search: an external-content FTS5 index over the resource columns people search,
-- with Porter stemming so "mentoring" finds "mentor". Triggers keep it in step with every
-- insert, update and delete, whichever code path writes.
CREATE VIRTUAL TABLE resource_fts USING fts5 (
    title, summary, body_text, tags,
    content = 'resources', content_rowid = 'id',
    tokenize = 'porter unicode61 remove_diacritics 2',
    prefix = '2 3'
);

CREATE TRIGGER resources_fts_insert AFTER INSERT ON resources BEGIN
    INSERT INTO resource_fts (rowid, title, summary, body_text, tags)
    VALUES (new.id, new.title, new.summary, new.body_text, new.tags);
END;

CREATE TRIGGER resources_fts_delete AFTER DELETE ON resources BEGIN
    INSERT INTO resource_fts (resource_fts, rowid, title, summary, body_text, tags)
    VALUES ('delete', old.id, old.title, old.summary, old.body_text, old.tags);
END;

CREATE TRIGGER resources_fts_update AFTER UPDATE OF title, summary, body_text, tags ON resources BEGIN
    INSERT INTO resource_fts (resource_fts, rowid, title, summary, body_text, tags)
    VALUES ('delete', old.id, old.title, old.summary, old.body_text, old.tags);
    INSERT INTO resource_fts (rowid, title, summary, body_text, tags)
    VALUES (new.id, new.title, new.summary, new.body_text, new.tags);
END;
