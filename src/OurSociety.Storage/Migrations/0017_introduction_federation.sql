-- Introductions on the wire (federation-specs/introductions.md).
-- Replies to a direct note (a party on other software) that were not yes, no or stop: the glue-er reads them
-- ("needs your review"). One row per reply activity, so a replayed reply adds nothing.
CREATE TABLE introduction_review (
    id TEXT PRIMARY KEY,
    introduction_id TEXT NOT NULL,
    position BIGINT NOT NULL,            -- the party who replied (0 = A, 1 = B)
    actor TEXT NOT NULL,                 -- their actor IRI
    activity_id TEXT NOT NULL,           -- the Create that carried the reply
    note_id TEXT NOT NULL,               -- the reply itself
    content TEXT NOT NULL,               -- sanitized HTML, as received
    received_at TEXT NOT NULL
);

CREATE UNIQUE INDEX ux_introduction_review_activity ON introduction_review (activity_id);
CREATE INDEX ix_introduction_review_introduction ON introduction_review (introduction_id, received_at);

-- Remote actors who replied "stop": never introduced again from this node.
CREATE TABLE introduction_stop (
    actor TEXT PRIMARY KEY,
    activity_id TEXT NOT NULL,           -- the Create that carried the "stop"
    stopped_at TEXT NOT NULL
);

-- What a remote actor's document says about introductions: its software takes our Offers (FEP-844e
-- generator.implements names our capability), and its node marks it as a glue-er (os:glueEr).
ALTER TABLE remote_actor ADD COLUMN implements_introductions BIGINT NOT NULL DEFAULT 0;
ALTER TABLE remote_actor ADD COLUMN glue_er BIGINT NOT NULL DEFAULT 0;
