-- Stories, lessons and replies ("posts"), written here or received from other servers, in one table: they share
-- authorship, addressing, topics, images, reactions, timelines and search. Kind-specific fields are nullable columns.
-- Portable SQL only (STYLE §3).

CREATE TABLE post (
    id TEXT PRIMARY KEY,                 -- our own key, local and received alike
    kind TEXT NOT NULL,                  -- 'story', 'lesson' or 'reply'
    author_id TEXT NULL REFERENCES member (id) ON DELETE CASCADE,   -- written here
    remote_author TEXT NULL,             -- received: the author's actor IRI
    ap_id TEXT NULL UNIQUE,              -- received: its ActivityPub id (ours are derived from kind and id)
    url TEXT NULL,                       -- received: the original's web page
    parent_id TEXT NULL REFERENCES post (id) ON DELETE CASCADE,    -- replies: what it answers
    root_id TEXT NULL REFERENCES post (id) ON DELETE CASCADE,      -- replies: the story or lesson of the thread
    format TEXT NOT NULL,                -- 'markdown' (written here) or 'html' (received, sanitised on the way in)
    title TEXT NULL,
    summary TEXT NULL,
    body TEXT NULL,
    locality TEXT NULL,
    situation TEXT NULL,
    tried TEXT NULL,
    happened TEXT NULL,
    learned TEXT NULL,
    advice TEXT NULL,
    adapted_from TEXT NULL,              -- lessons: the URL of the lesson this one adapts
    tried_outcome TEXT NULL,             -- replies: "I tried this", and what happened
    licence TEXT NOT NULL,
    visibility TEXT NOT NULL,            -- 'public', 'unlisted', 'followers' (and 'direct' for received replies)
    draft BIGINT NOT NULL,
    hidden BIGINT NOT NULL,              -- replies: hidden by the author of the post they answer
    created_at TEXT NOT NULL,
    published_at TEXT NULL,              -- drafts have none; timelines are ordered by it
    updated_at TEXT NULL,
    deleted_at TEXT NULL                 -- deleted posts keep their row (410 and a Tombstone) without content
);

CREATE INDEX ix_post_timeline ON post (kind, published_at, id);
CREATE INDEX ix_post_author ON post (author_id, published_at, id);
CREATE INDEX ix_post_remote_author ON post (remote_author, published_at, id);
CREATE INDEX ix_post_root ON post (root_id, published_at);
CREATE INDEX ix_post_adapted_from ON post (adapted_from);

CREATE TABLE post_topic (
    post_id TEXT NOT NULL REFERENCES post (id) ON DELETE CASCADE,
    topic TEXT NOT NULL,                 -- lower case, without '#'
    PRIMARY KEY (post_id, topic)
);

CREATE INDEX ix_post_topic_topic ON post_topic (topic, post_id);

CREATE TABLE post_image (
    post_id TEXT NOT NULL REFERENCES post (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    media_id TEXT NULL,                  -- an upload here (or a cached copy of a remote image)
    remote_url TEXT NULL,                -- received: the image's original address
    alt TEXT NOT NULL,
    media_type TEXT NOT NULL,
    width BIGINT NOT NULL,
    height BIGINT NOT NULL,
    PRIMARY KEY (post_id, position)
);

-- Lessons' provenance: the stories (here or elsewhere) a lesson was learned from.
CREATE TABLE post_source (
    post_id TEXT NOT NULL REFERENCES post (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    url TEXT NOT NULL,
    PRIMARY KEY (post_id, position)
);

CREATE INDEX ix_post_source_url ON post_source (url);

-- "This helped me" (like) and shares, from members here (member_id) or from anywhere (remote_actor).
CREATE TABLE post_reaction (
    post_id TEXT NOT NULL REFERENCES post (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,                  -- 'like' or 'share'
    actor TEXT NOT NULL,                 -- a member's id, or a remote actor's IRI
    is_local BIGINT NOT NULL,
    activity_id TEXT NULL,               -- the Like or Announce, ours or theirs (Undo names it)
    created_at TEXT NOT NULL,
    PRIMARY KEY (post_id, kind, actor)
);

CREATE INDEX ix_post_reaction_activity ON post_reaction (activity_id);
CREATE INDEX ix_post_reaction_actor ON post_reaction (actor, kind, created_at);

-- Topics a member follows for the home timeline.
CREATE TABLE topic_follow (
    member_id TEXT NOT NULL REFERENCES member (id) ON DELETE CASCADE,
    topic TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (member_id, topic)
);

CREATE TABLE notification (
    id TEXT PRIMARY KEY,
    member_id TEXT NOT NULL REFERENCES member (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,                  -- 'reply', 'mention', 'follow', 'follow-request', 'like', 'share', 'tried'
    actor TEXT NOT NULL,                 -- a member's id, or a remote actor's IRI
    is_local BIGINT NOT NULL,
    post_id TEXT NULL REFERENCES post (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    read_at TEXT NULL
);

CREATE INDEX ix_notification_member ON notification (member_id, created_at, id);
