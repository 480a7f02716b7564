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
