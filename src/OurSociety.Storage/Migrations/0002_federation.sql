-- Federation: local actors' keys, remote actors we know, follows and blocks in both directions, the inbox (every
-- activity received, once per id), the outbox (every activity we sent) and the delivery queue.
-- Portable SQL only (STYLE §3). Ids of remote things are their ActivityPub IRIs; local actors are named by username.

ALTER TABLE member ADD COLUMN manually_approves_followers BIGINT NOT NULL DEFAULT 0;

CREATE TABLE actor_key (
    actor TEXT PRIMARY KEY,              -- a local username, or '.instance' for the instance actor
    private_key_pem TEXT NOT NULL,
    public_key_pem TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE remote_actor (
    id TEXT PRIMARY KEY,
    type TEXT NOT NULL,
    username TEXT NULL,
    host TEXT NOT NULL,                  -- authority (host[:port]) of the id
    name TEXT NULL,
    inbox TEXT NOT NULL,
    shared_inbox TEXT NULL,
    url TEXT NULL,
    icon_url TEXT NULL,
    key_id TEXT NULL,
    public_key_pem TEXT NULL,
    manually_approves_followers BIGINT NOT NULL,
    document TEXT NOT NULL,
    fetched_at TEXT NOT NULL
);

CREATE INDEX ix_remote_actor_key_id ON remote_actor (key_id);
CREATE INDEX ix_remote_actor_username_host ON remote_actor (username, host);

-- direction 'out': the local actor follows the remote one; 'in': the remote actor follows the local one.
CREATE TABLE follow (
    id TEXT PRIMARY KEY,
    local_actor TEXT NOT NULL,
    remote_actor TEXT NOT NULL REFERENCES remote_actor (id) ON DELETE CASCADE,
    direction TEXT NOT NULL,
    state TEXT NOT NULL,                 -- 'pending' or 'accepted'
    activity_id TEXT NOT NULL,           -- the Follow's id: ours when 'out', theirs when 'in'
    created_at TEXT NOT NULL,
    accepted_at TEXT NULL
);

CREATE UNIQUE INDEX ux_follow_pair ON follow (local_actor, remote_actor, direction);
CREATE INDEX ix_follow_activity_id ON follow (activity_id);
CREATE INDEX ix_follow_list ON follow (local_actor, direction, state, created_at, id);

-- direction 'out': the local actor blocks the remote one; 'in': the remote actor blocks the local one.
CREATE TABLE actor_block (
    local_actor TEXT NOT NULL,
    remote_actor TEXT NOT NULL,
    direction TEXT NOT NULL,
    activity_id TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (local_actor, remote_actor, direction)
);

-- One row per activity id, whichever inbox it came to: the primary key is the replay guard.
CREATE TABLE inbox_activity (
    activity_id TEXT PRIMARY KEY,
    actor TEXT NOT NULL,
    type TEXT NOT NULL,
    recipient TEXT NULL,                 -- the local username of a personal inbox; NULL for the shared inbox
    body TEXT NOT NULL,
    received_at TEXT NOT NULL,
    processed_at TEXT NULL,
    outcome TEXT NULL
);

CREATE INDEX ix_inbox_activity_pending ON inbox_activity (received_at) WHERE processed_at IS NULL;

CREATE TABLE outbox_activity (
    id TEXT PRIMARY KEY,
    actor TEXT NOT NULL,                 -- local username
    type TEXT NOT NULL,
    object_id TEXT NULL,
    is_public BIGINT NOT NULL,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE INDEX ix_outbox_activity_actor ON outbox_activity (actor, is_public, created_at, id);

CREATE TABLE delivery (
    id TEXT PRIMARY KEY,
    activity_id TEXT NOT NULL REFERENCES outbox_activity (id) ON DELETE CASCADE,
    inbox TEXT NOT NULL,
    host TEXT NOT NULL,
    attempts BIGINT NOT NULL,
    state TEXT NOT NULL,                 -- 'pending', 'delivered', 'failed' or 'skipped'
    next_attempt_at TEXT NOT NULL,
    last_status BIGINT NULL,
    last_error TEXT NULL,
    created_at TEXT NOT NULL,
    finished_at TEXT NULL
);

CREATE UNIQUE INDEX ux_delivery_activity_inbox ON delivery (activity_id, inbox);
CREATE INDEX ix_delivery_due ON delivery (next_attempt_at) WHERE state = 'pending';

-- Hosts whose deliveries keep failing: after failures on 7 distinct days with no success they are unavailable
-- until a delivery succeeds or a signed request arrives from them.
CREATE TABLE host_status (
    host TEXT PRIMARY KEY,
    last_failure_day TEXT NULL,
    failure_days BIGINT NOT NULL,
    unavailable_since TEXT NULL
);
