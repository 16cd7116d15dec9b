-- Files uploaded to the resource hub, kept in the database so that every app server sharing
-- it serves them and one backup holds them with everything else. Files are at most 10 MB.
CREATE TABLE stored_files (
    -- 32 hex digits chosen by Tandem, never taken from the upload.
    key        TEXT   PRIMARY KEY,
    content    BYTEA   NOT NULL,
    created_at BIGINT NOT NULL
);
