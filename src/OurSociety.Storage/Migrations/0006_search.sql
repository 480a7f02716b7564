-- Full-text search over listed stories and lessons (public, published, not deleted; local and received).
-- SQLITE ONLY: FTS5 and triggers are engine-specific (STYLE §3). A PostgreSQL backend would create its own migration
-- with a tsvector column (or expression index) and implement ISearchIndex with to_tsquery/ts_rank instead.
--
-- Why triggers (STYLE otherwise avoids them): the index is then written in the very transaction that changes a post or
-- its topics, whoever changes it (the post service, the inbox, a delete), so it can never drift from the posts, even
-- after kill -9, and no store has to remember to call it.
--
-- post ids are TEXT; FTS5 rows need an integer rowid that never changes (a plain table's implicit rowid may change on
-- VACUUM), so post_search_doc gives each indexed post its own integer.
CREATE TABLE post_search_doc (
    doc INTEGER PRIMARY KEY,
    post_id TEXT NOT NULL UNIQUE
);

CREATE VIRTUAL TABLE post_search USING fts5 (
    title, summary, body, lesson, topics, locality,
    tokenize = 'unicode61 remove_diacritics 2'
);

-- Re-indexes one post: the same three statements in every trigger (a trigger cannot call another).
CREATE TRIGGER post_search_after_insert AFTER INSERT ON post BEGIN
    DELETE FROM post_search WHERE rowid IN (SELECT doc FROM post_search_doc WHERE post_id = new.id);
    DELETE FROM post_search_doc WHERE post_id = new.id;
    INSERT INTO post_search_doc (post_id)
        SELECT p.id FROM post p
        WHERE p.id = new.id AND p.kind <> 'reply' AND p.draft = 0 AND p.deleted_at IS NULL AND p.visibility = 'public';
    INSERT INTO post_search (rowid, title, summary, body, lesson, topics, locality)
        SELECT d.doc, p.title, p.summary, p.body,
               COALESCE(p.situation, '') || ' ' || COALESCE(p.tried, '') || ' ' || COALESCE(p.happened, '') || ' ' ||
               COALESCE(p.learned, '') || ' ' || COALESCE(p.advice, ''),
               (SELECT group_concat(t.topic, ' ') FROM post_topic t WHERE t.post_id = p.id), p.locality
        FROM post p JOIN post_search_doc d ON d.post_id = p.id WHERE p.id = new.id;
END;

CREATE TRIGGER post_search_after_update AFTER UPDATE ON post BEGIN
    DELETE FROM post_search WHERE rowid IN (SELECT doc FROM post_search_doc WHERE post_id = new.id);
    DELETE FROM post_search_doc WHERE post_id = new.id;
    INSERT INTO post_search_doc (post_id)
        SELECT p.id FROM post p
        WHERE p.id = new.id AND p.kind <> 'reply' AND p.draft = 0 AND p.deleted_at IS NULL AND p.visibility = 'public';
    INSERT INTO post_search (rowid, title, summary, body, lesson, topics, locality)
        SELECT d.doc, p.title, p.summary, p.body,
               COALESCE(p.situation, '') || ' ' || COALESCE(p.tried, '') || ' ' || COALESCE(p.happened, '') || ' ' ||
               COALESCE(p.learned, '') || ' ' || COALESCE(p.advice, ''),
               (SELECT group_concat(t.topic, ' ') FROM post_topic t WHERE t.post_id = p.id), p.locality
        FROM post p JOIN post_search_doc d ON d.post_id = p.id WHERE p.id = new.id;
END;

CREATE TRIGGER post_search_after_delete AFTER DELETE ON post BEGIN
    DELETE FROM post_search WHERE rowid IN (SELECT doc FROM post_search_doc WHERE post_id = old.id);
    DELETE FROM post_search_doc WHERE post_id = old.id;
END;

-- Topics are written after their post (and replaced on edit): re-index the topics column.
CREATE TRIGGER post_search_topic_insert AFTER INSERT ON post_topic BEGIN
    UPDATE post_search SET topics = (SELECT group_concat(t.topic, ' ') FROM post_topic t WHERE t.post_id = new.post_id)
    WHERE rowid IN (SELECT doc FROM post_search_doc WHERE post_id = new.post_id);
END;

CREATE TRIGGER post_search_topic_delete AFTER DELETE ON post_topic BEGIN
    UPDATE post_search SET topics = (SELECT group_concat(t.topic, ' ') FROM post_topic t WHERE t.post_id = old.post_id)
    WHERE rowid IN (SELECT doc FROM post_search_doc WHERE post_id = old.post_id);
END;

-- Posts that exist already.
INSERT INTO post_search_doc (post_id)
    SELECT p.id FROM post p WHERE p.kind <> 'reply' AND p.draft = 0 AND p.deleted_at IS NULL AND p.visibility = 'public';
INSERT INTO post_search (rowid, title, summary, body, lesson, topics, locality)
    SELECT d.doc, p.title, p.summary, p.body,
           COALESCE(p.situation, '') || ' ' || COALESCE(p.tried, '') || ' ' || COALESCE(p.happened, '') || ' ' ||
           COALESCE(p.learned, '') || ' ' || COALESCE(p.advice, ''),
           (SELECT group_concat(t.topic, ' ') FROM post_topic t WHERE t.post_id = p.id), p.locality
    FROM post p JOIN post_search_doc d ON d.post_id = p.id;

-- The header's unread count runs on every page a member sees: keep it an index lookup (portable partial index).
CREATE INDEX ix_notification_unread ON notification (member_id) WHERE read_at IS NULL;
