-- Search across linked hubs (issue 14): members choose whether they are shown in directories and suggestions
-- (discoverable) and whether their public posts may be found by search (indexable). Both default to true, as the
-- actor documents said until now. 1 = yes, 0 = no.
ALTER TABLE member ADD COLUMN discoverable BIGINT NOT NULL DEFAULT 1;
ALTER TABLE member ADD COLUMN indexable BIGINT NOT NULL DEFAULT 1;

-- A remote account's own toot:indexable, as its actor last said: 1, 0, or NULL when it did not say (most software
-- other than Mastodon). Only an explicit 0 keeps its posts out of search.
ALTER TABLE remote_actor ADD COLUMN indexable BIGINT;
