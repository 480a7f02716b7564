-- Smaller and lighter versions of each stored picture (issue 11): 320, 640 and 1280 px wide (never wider than the
-- picture), in WebP and in the picture's own type, and the whole picture in WebP. The files are in the uploads folder
-- under media/{id}/{width}{ext}; a row says what each is. media.versions_made_at is set once a picture's versions are
-- all written (a picture of 320 px or less has only its WebP); until then pages fall back to the picture itself.

CREATE TABLE media_version (
    media_id TEXT NOT NULL REFERENCES media (id),
    width BIGINT NOT NULL,
    height BIGINT NOT NULL,
    media_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    PRIMARY KEY (media_id, width, media_type)
);

ALTER TABLE media ADD COLUMN versions_made_at TEXT NULL;

-- Pictures stored before this version get theirs in the background: one 'media.versions' work item each
-- (MediaVersionsWork), so the node starts at once and a hub's admin has nothing to run. The item's id is the
-- picture's own (a UUIDv7, unique, in the order they were stored), which keeps this script plain SQL.
INSERT INTO work_item (id, kind, payload, partition_key, state, run_at, attempts, lease_owner, lease_until, last_error, created_at, dead_at)
SELECT id, 'media.versions', '{"mediaId":"' || id || '"}', NULL, 'pending', created_at, 0, NULL, NULL, NULL, created_at, NULL
FROM media;
