-- Linked hubs (issue 14): a link between our hub and another Our Society hub is two accepted follows between the two
-- Groups; this row keeps what the follow rows cannot: who asked, the note, the admins' answer and whether we reshare.
-- The follows themselves stay in "follow" (local_actor = the hub's username). Portable SQL only (STYLE §3).
CREATE TABLE hub_link (
    id TEXT PRIMARY KEY,
    hub_actor TEXT NOT NULL UNIQUE,      -- the other hub's Group id (one link per hub)
    state TEXT NOT NULL,                 -- 'requested', 'awaiting-our-approval', 'linked', 'one-way', 'declined'
    asked_by_us BIGINT NOT NULL,         -- 1: our admin asked; 0: they asked us
    note TEXT NOT NULL,                  -- the asking admin's note (plain text)
    reshare BIGINT NOT NULL DEFAULT 0,   -- 1: our hub announces their members' own public posts to our followers
    request_activity TEXT NULL,          -- the id of the Follow that asked for the link (ours or theirs)
    decided_by TEXT NULL,                -- the admin or moderator here who approved, declined or asked
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE INDEX ix_hub_link_state ON hub_link (state, updated_at);

-- The hub a received post was posted to or belongs to (its FEP-1b12 "audience"): shown on /network, filtered by, and
-- what decides a linked hub's reshare (only posts whose audience is that hub). Null for our own posts and replies.
ALTER TABLE post ADD COLUMN hub TEXT NULL;

CREATE INDEX ix_post_hub ON post (hub, published_at);
