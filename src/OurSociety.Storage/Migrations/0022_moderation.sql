-- Trust and safety (issue 13): the moderators' audit log, domain blocks and allows, and sanctions on accounts. They
-- share one migration so that reports, account actions, domain moderation and the filters of public lists
-- (Storage/Sql/ListedAuthors) agree on one schema. Portable SQL only (STYLE §3).

-- Every moderation action, who took it and why; never edited, never deleted (not even with the moderator's account).
CREATE TABLE moderation_log (
    id TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    moderator_id TEXT NULL,              -- the member who acted; NULL for the node itself (CLI, end of a grace period)
    moderator_name TEXT NOT NULL,        -- their username at the time, kept when the account is gone
    action TEXT NOT NULL,                -- ModerationActions: 'warn', 'limit', 'suspend', 'domain-block', ...
    target_kind TEXT NOT NULL,           -- ModerationTargets: 'member', 'remote-account', 'post', 'domain', 'report'
    target TEXT NOT NULL,                -- member id, actor IRI, post id, domain name or report id
    target_label TEXT NOT NULL,          -- what a moderator reads: @name, @user@host, a post's title, the domain
    reason TEXT NULL,                    -- what the member (or the public, for domains) was told
    private_note TEXT NULL,              -- never leaves the moderators' desk
    report_id TEXT NULL                  -- the report that led to it
);

CREATE INDEX ix_moderation_log_created ON moderation_log (created_at, id);

-- Mastodon's model, so that block lists can be shared (Core/Moderation/DomainBlockCsv).
CREATE TABLE domain_block (
    id TEXT PRIMARY KEY,
    domain TEXT NOT NULL UNIQUE,         -- DomainName.Value: lower case, punycode, no port, no trailing dot
    severity TEXT NOT NULL,              -- 'suspend', 'limit' or 'none'
    reject_media BIGINT NOT NULL,
    reject_reports BIGINT NOT NULL,
    obfuscate BIGINT NOT NULL,
    public_reason TEXT NULL,
    private_note TEXT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- Allowlist mode federates with these domains (and their subdomains) only.
CREATE TABLE domain_allow (
    domain TEXT PRIMARY KEY,             -- DomainName.Value
    created_at TEXT NOT NULL
);

-- Sanctions. Limited: off public lists and search. Suspended: refused, content hidden; a member's reason is shown to
-- them on signing in.
ALTER TABLE member ADD COLUMN limited_at TEXT NULL;
ALTER TABLE member ADD COLUMN suspended_at TEXT NULL;
ALTER TABLE member ADD COLUMN suspension_reason TEXT NULL;
ALTER TABLE remote_actor ADD COLUMN limited_at TEXT NULL;
ALTER TABLE remote_actor ADD COLUMN suspended_at TEXT NULL;
