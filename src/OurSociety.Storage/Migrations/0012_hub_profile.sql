-- The hub as an admin set it on the web (/admin/hub): one row, made on the first change. A NULL text was never set
-- there, so the OurSociety:Hub:* configuration value is used; an empty one was set to empty. The logo is two
-- pictures kept with the other media (at most 512 px, and a small one for the page header).
CREATE TABLE hub_profile (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    name TEXT NULL,
    locality TEXT NULL,
    description TEXT NULL,
    rules TEXT NULL,                     -- Markdown
    accent TEXT NULL,                    -- #rrggbb, or empty for the stylesheet's own
    logo_media_id TEXT NULL REFERENCES media (id),
    logo_small_media_id TEXT NULL REFERENCES media (id),
    updated_by TEXT NULL,                -- the admin who made the last change
    updated_at TEXT NOT NULL
);
