-- A program's chat channels: a Slack incoming webhook or a Teams Workflows webhook that
-- Tandem posts the program's news to. The address is a secret (whoever has it can post), so
-- it is kept sealed with the server's key; `hint` is what the settings page shows of it.
CREATE TABLE chat_channels (
    id          BIGSERIAL PRIMARY KEY,
    program_id  BIGINT NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
    kind        TEXT   NOT NULL CHECK (kind IN ('slack', 'teams')),
    sealed_url  TEXT   NOT NULL,
    hint        TEXT   NOT NULL,
    created_by  BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at  BIGINT NOT NULL
);
CREATE INDEX chat_channels_program ON chat_channels (program_id);

-- Whether round announcements in the program's channels name who was matched with whom;
-- off unless the program's admins say so.
ALTER TABLE programs ADD COLUMN chat_names BIGINT NOT NULL DEFAULT 0;
