-- Uploaded directory files waiting for the admin to confirm the import after the preview.
CREATE TABLE directory_uploads (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    uploaded_by BIGINT  REFERENCES users (id) ON DELETE CASCADE,
    filename    TEXT    NOT NULL,
    content     BLOB    NOT NULL,
    created_at  BIGINT  NOT NULL
);
