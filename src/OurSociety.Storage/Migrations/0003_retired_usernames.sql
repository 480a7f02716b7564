-- Usernames of deleted accounts. An actor id (/users/{username}) is an identity other servers keep, with its key:
-- a new person must never take it over, so a deleted member's username is never given out again (as on Mastodon).

CREATE TABLE retired_username (
    username_normalized TEXT PRIMARY KEY,
    retired_at TEXT NOT NULL
);
