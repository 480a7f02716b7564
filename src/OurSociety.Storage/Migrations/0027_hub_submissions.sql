-- A hub people can post to (issue 14, FEP-1b12): a public or unlisted top-level post from elsewhere that addresses,
-- mentions or sets its audience to our hub Group waits here until a moderator approves or declines it. The post is
-- kept apart (its object and the Create as received) and stored among posts only once approved, so a waiting or
-- declined submission shows nowhere. Portable SQL only (STYLE §3).
CREATE TABLE hub_submission (
    id TEXT PRIMARY KEY,
    ap_id TEXT NOT NULL UNIQUE,          -- the post's id: a repeat of the same post is one submission
    actor_id TEXT NOT NULL,              -- its author elsewhere
    url TEXT NULL,                       -- its page on its own server
    title TEXT NULL,
    summary TEXT NULL,
    object_json TEXT NOT NULL,           -- the post as received
    activity_json TEXT NOT NULL,         -- the Create as received (the FEP-1b12 wrapped Announce carries it)
    state TEXT NOT NULL,                 -- 'waiting', 'approved', 'declined'
    received_at TEXT NOT NULL,
    decided_by TEXT NULL,                -- the moderator or admin here who decided (null: approved at once, a follower)
    decided_at TEXT NULL
);

CREATE INDEX ix_hub_submission_state ON hub_submission (state, received_at);

-- The software each remote host runs, read from its NodeInfo by a work item (never while a person waits): the hub
-- sends the FEP-1b12 wrapped Announce{Create} only to hosts known to understand it. software '' = not known.
CREATE TABLE instance_software (
    host TEXT PRIMARY KEY,
    software TEXT NOT NULL,
    fetched_at TEXT NOT NULL
);
