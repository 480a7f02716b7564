-- Asking for help, and skills and interests on profiles.
--
-- A help request is never a post: it has its own tables, is never federated and is read only by its thread (the
-- asker, the hub's glue-ers, invited helpers). Deleting an account deletes its requests (with their threads) and its
-- replies in other people's threads (ON DELETE CASCADE), as it deletes the member's posts and replies: the words are
-- theirs, and a private thread is no place to keep someone's words after they asked to leave. The thread loses an
-- answer; the asker still has the rest, and the glue-ers who saw it.

CREATE TABLE help_request (
    id TEXT PRIMARY KEY,
    asker_id TEXT NOT NULL REFERENCES member (id) ON DELETE CASCADE,
    question TEXT NOT NULL,
    share_with_helpers BIGINT NOT NULL,
    created_at TEXT NOT NULL,
    closed_at TEXT NULL
);

CREATE INDEX ix_help_request_asker_id ON help_request (asker_id, created_at, id);
CREATE INDEX ix_help_request_closed_at ON help_request (closed_at, created_at, id);

CREATE TABLE help_request_topic (
    request_id TEXT NOT NULL REFERENCES help_request (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    topic TEXT NOT NULL,                 -- lower case, without '#', like post_topic
    PRIMARY KEY (request_id, topic)
);

-- Members invited into a thread: matched by their skills (invited_by NULL) or by a glue-er. A glue-er who leaves
-- does not take the people they invited out of the thread.
CREATE TABLE help_request_helper (
    request_id TEXT NOT NULL REFERENCES help_request (id) ON DELETE CASCADE,
    member_id TEXT NOT NULL REFERENCES member (id) ON DELETE CASCADE,
    invited_by TEXT NULL REFERENCES member (id) ON DELETE SET NULL,
    invited_at TEXT NOT NULL,
    PRIMARY KEY (request_id, member_id)
);

CREATE INDEX ix_help_request_helper_member_id ON help_request_helper (member_id, request_id);

CREATE TABLE help_reply (
    id TEXT PRIMARY KEY,
    request_id TEXT NOT NULL REFERENCES help_request (id) ON DELETE CASCADE,
    author_id TEXT NOT NULL REFERENCES member (id) ON DELETE CASCADE,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE INDEX ix_help_reply_request_id ON help_reply (request_id, created_at, id);

-- "Can help with" (list 'can-help-with') and "Interested in" ('interested-in'): topics, in the member's order.
-- Indexed by topic, so "who can help with these topics" is a lookup.
CREATE TABLE member_skill (
    member_id TEXT NOT NULL REFERENCES member (id) ON DELETE CASCADE,
    list TEXT NOT NULL,
    position BIGINT NOT NULL,
    topic TEXT NOT NULL,
    PRIMARY KEY (member_id, list, topic)
);

CREATE INDEX ix_member_skill_list_topic ON member_skill (list, topic, member_id);
