-- Introductions (issue 12): a glue-er proposes that two people meet; each answers privately; made when both say yes.
-- Actors are a member id when local, else the ActivityPub IRI; no foreign keys to member, so an introduction stays
-- for the audit after an account is deleted (it is closed as not going ahead first).

-- Who may introduce the member: 'anyone', 'glue-ers' (the default) or 'nobody'. Published on their actor.
ALTER TABLE member ADD COLUMN introduction_policy TEXT NOT NULL DEFAULT 'glue-ers';

CREATE TABLE introduction (
    id TEXT PRIMARY KEY,
    ap_id TEXT NOT NULL,                 -- the Relationship's IRI: ours ({origin}/introductions/{id}) or the glue-er's
    introducer TEXT NOT NULL,            -- member id when introducer_is_local, else the actor IRI
    introducer_is_local BIGINT NOT NULL,
    reason TEXT NOT NULL,                -- Markdown when local, sanitized HTML when received
    state TEXT NOT NULL,                 -- 'proposed', 'accepted-by-one', 'made', 'not-going-ahead'
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    decided_at TEXT NULL,
    ended_because TEXT NULL,             -- 'declined', 'withdrawn', 'expired', 'account-deleted', 'stopped': audit only
    language TEXT NULL                   -- the glue-er's page language, for the direct note
);

CREATE UNIQUE INDEX ux_introduction_ap_id ON introduction (ap_id);
CREATE INDEX ix_introduction_introducer ON introduction (introducer, state, created_at, id);

CREATE TABLE introduction_party (
    introduction_id TEXT NOT NULL REFERENCES introduction (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,            -- 0 = A, 1 = B
    actor TEXT NOT NULL,                 -- member id when is_local, else the actor IRI
    is_local BIGINT NOT NULL,
    handle TEXT NOT NULL,                -- user@host
    url TEXT NULL,                       -- profile page
    channel TEXT NOT NULL,               -- 'local', 'offer' (an Our Society node) or 'note' (other software)
    offer_id TEXT NULL,                  -- the Offer or direct Note sent to this party; answers name it
    answer TEXT NOT NULL,                -- 'pending', 'accepted', 'declined'
    answered_at TEXT NULL,
    answer_activity_id TEXT NULL,
    followed_other BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (introduction_id, position)
);

CREATE INDEX ix_introduction_party_actor ON introduction_party (actor, introduction_id);
CREATE INDEX ix_introduction_party_offer ON introduction_party (offer_id);
