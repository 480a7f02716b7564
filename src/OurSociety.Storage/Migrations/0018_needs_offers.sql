-- Needs and offers ("proposals", FEP-0837), posted here by members or by the hub, or received from other servers.
-- The tables are portable SQL (STYLE §3); the search index at the end is SQLITE ONLY, like 0006: a PostgreSQL backend
-- would index the same columns with a tsvector instead.

CREATE TABLE proposal (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,                  -- 'need' or 'offer'
    author_id TEXT NULL REFERENCES member (id) ON DELETE CASCADE,     -- posted here by a member as themselves
    as_hub BIGINT NOT NULL,              -- posted here in the hub's name (by an admin)
    posted_by TEXT NULL REFERENCES member (id) ON DELETE SET NULL,    -- the admin who posted it as the hub
    remote_author TEXT NULL,             -- received: the author's actor IRI
    ap_id TEXT NULL UNIQUE,              -- received: its ActivityPub id (ours are derived from kind and id)
    url TEXT NULL,                       -- received: its web page on its own server
    format TEXT NOT NULL,                -- 'markdown' (written here) or 'html' (received, sanitised on the way in)
    title TEXT NULL,                     -- NULL once deleted
    details TEXT NULL,
    resource TEXT NOT NULL,              -- 'skills', 'time', 'equipment' or 'space'
    locality TEXT NULL,
    time_needed TEXT NULL,               -- how much time, in the poster's words
    ends_at TEXT NULL,
    closed_at TEXT NULL,                 -- "found, thank you": kept and shown as closed
    language TEXT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NULL,
    deleted_at TEXT NULL                 -- deleted ones keep their row (410 and a Tombstone) without content
);

CREATE INDEX ix_proposal_list ON proposal (kind, created_at, id);
CREATE INDEX ix_proposal_author ON proposal (author_id);
CREATE INDEX ix_proposal_remote_author ON proposal (remote_author);

CREATE TABLE proposal_topic (
    proposal_id TEXT NOT NULL REFERENCES proposal (id) ON DELETE CASCADE,
    topic TEXT NOT NULL,                 -- lower case, without '#'
    PRIMARY KEY (proposal_id, topic)
);

CREATE INDEX ix_proposal_topic_topic ON proposal_topic (topic, proposal_id);

-- SQLITE ONLY from here: full-text search over needs and offers that are not deleted, kept in step by triggers in the
-- very transaction that changes them (why triggers: see 0006).
CREATE TABLE proposal_search_doc (
    doc INTEGER PRIMARY KEY,
    proposal_id TEXT NOT NULL UNIQUE
);

CREATE VIRTUAL TABLE proposal_search USING fts5 (
    title, details, topics, locality,
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER proposal_search_after_insert AFTER INSERT ON proposal BEGIN
    DELETE FROM proposal_search WHERE rowid IN (SELECT doc FROM proposal_search_doc WHERE proposal_id = new.id);
    DELETE FROM proposal_search_doc WHERE proposal_id = new.id;
    INSERT INTO proposal_search_doc (proposal_id) SELECT p.id FROM proposal p WHERE p.id = new.id AND p.deleted_at IS NULL;
    INSERT INTO proposal_search (rowid, title, details, topics, locality)
        SELECT d.doc, p.title, p.details, (SELECT group_concat(t.topic, ' ') FROM proposal_topic t WHERE t.proposal_id = p.id), p.locality
        FROM proposal p JOIN proposal_search_doc d ON d.proposal_id = p.id WHERE p.id = new.id;
END;

CREATE TRIGGER proposal_search_after_update AFTER UPDATE ON proposal BEGIN
    DELETE FROM proposal_search WHERE rowid IN (SELECT doc FROM proposal_search_doc WHERE proposal_id = new.id);
    DELETE FROM proposal_search_doc WHERE proposal_id = new.id;
    INSERT INTO proposal_search_doc (proposal_id) SELECT p.id FROM proposal p WHERE p.id = new.id AND p.deleted_at IS NULL;
    INSERT INTO proposal_search (rowid, title, details, topics, locality)
        SELECT d.doc, p.title, p.details, (SELECT group_concat(t.topic, ' ') FROM proposal_topic t WHERE t.proposal_id = p.id), p.locality
        FROM proposal p JOIN proposal_search_doc d ON d.proposal_id = p.id WHERE p.id = new.id;
END;

CREATE TRIGGER proposal_search_after_delete AFTER DELETE ON proposal BEGIN
    DELETE FROM proposal_search WHERE rowid IN (SELECT doc FROM proposal_search_doc WHERE proposal_id = old.id);
    DELETE FROM proposal_search_doc WHERE proposal_id = old.id;
END;

CREATE TRIGGER proposal_search_topic_insert AFTER INSERT ON proposal_topic BEGIN
    UPDATE proposal_search SET topics = (SELECT group_concat(t.topic, ' ') FROM proposal_topic t WHERE t.proposal_id = new.proposal_id)
    WHERE rowid IN (SELECT doc FROM proposal_search_doc WHERE proposal_id = new.proposal_id);
END;

CREATE TRIGGER proposal_search_topic_delete AFTER DELETE ON proposal_topic BEGIN
    UPDATE proposal_search SET topics = (SELECT group_concat(t.topic, ' ') FROM proposal_topic t WHERE t.proposal_id = old.proposal_id)
    WHERE rowid IN (SELECT doc FROM proposal_search_doc WHERE proposal_id = old.proposal_id);
END;
