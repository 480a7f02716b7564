-- The network directory (issue 14): the hubs we are linked with (hops 1) and the Our Society hubs they follow
-- (hops 2, never further), as the background refresh (work kind directory.refresh) last read them. One row per hub;
-- an entry keeps its last good data when a later read fails. Portable SQL only (STYLE §3).
CREATE TABLE directory_hub (
    actor_id TEXT PRIMARY KEY,           -- the hub's Group id
    host TEXT NOT NULL,                  -- its host, so a domain block hides the entry at read time
    name TEXT NOT NULL,
    locality TEXT NOT NULL,
    description TEXT NOT NULL,
    topics TEXT NOT NULL,                -- JSON array of normalised topic words
    members BIGINT NULL,                 -- NodeInfo usage.users.total, when it said
    linked_to TEXT NOT NULL,             -- JSON array of the linked hubs' ids that led here (empty for hops 1)
    hops BIGINT NOT NULL,                -- 1: linked with us; 2: followed by a hub we are linked with
    url TEXT NULL,                       -- its page for people
    refreshed_at TEXT NOT NULL           -- when the refresh last read it well
);

CREATE INDEX ix_directory_hub_hops ON directory_hub (hops, name);

-- When the next refresh is due: the one refresh item whose payload names this time runs; any other is stale.
CREATE TABLE directory_state (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    scheduled_for TEXT NOT NULL,
    last_run_at TEXT NULL
);

-- The hub's own topics (space-separated topic words) and optional place coordinates (invariant decimal text), set on /admin/hub.
ALTER TABLE hub_profile ADD COLUMN topics TEXT NULL;
ALTER TABLE hub_profile ADD COLUMN latitude TEXT NULL;
ALTER TABLE hub_profile ADD COLUMN longitude TEXT NULL;
