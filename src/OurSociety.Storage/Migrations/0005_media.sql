-- Pictures kept on this node: uploads (owner_id) and cached copies of remote images (remote_url). The files are in
-- the uploads folder under media/{id}{ext}; a row says what the file is and where it came from.

CREATE TABLE media (
    id TEXT PRIMARY KEY,
    owner_id TEXT NULL,                  -- the member who uploaded it; NULL for a cached remote image
    media_type TEXT NOT NULL,
    width BIGINT NOT NULL,
    height BIGINT NOT NULL,
    size BIGINT NOT NULL,
    remote_url TEXT NULL UNIQUE,         -- a cached remote image: where it came from
    created_at TEXT NOT NULL
);
