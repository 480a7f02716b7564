-- Hub introductions (issue 14): a party of an introduction may be a hub (a Group) rather than a person. Our own hub
-- is a local party whose actor is the hub's actor IRI (no member id); its admins answer for it, and the admin who did
-- is kept in answered_by (a member id). A remote hub is a remote party like any other, asked by an Offer to its Group.
-- Portable SQL only (STYLE §3).
ALTER TABLE introduction_party ADD COLUMN is_hub BIGINT NOT NULL DEFAULT 0;
ALTER TABLE introduction_party ADD COLUMN answered_by TEXT NULL;
