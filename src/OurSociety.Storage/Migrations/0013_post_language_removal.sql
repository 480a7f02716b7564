-- A language per post, and removal by the hub's moderators.
-- language: the BCP 47 tag of what is written ('en', 'cy', 'ar', 'pt-BR' …); NULL for posts from before, or received
-- without one. It travels as the key of contentMap/nameMap/summaryMap and is the lang of the text on pages.
ALTER TABLE post ADD COLUMN language TEXT NULL;

-- A post the moderators removed is deleted as well (deleted_at set, content gone); these say why, by whom and when,
-- so its page says "removed by the hub's moderators" and not "deleted by its author".
ALTER TABLE post ADD COLUMN removed_by TEXT NULL;        -- the moderator's member id (kept as text: it outlives their account)
ALTER TABLE post ADD COLUMN removed_reason TEXT NULL;
ALTER TABLE post ADD COLUMN removed_at TEXT NULL;
