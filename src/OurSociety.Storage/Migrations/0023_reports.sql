-- Reports (issue 13): members' reports, Flags from other servers and appeals, in one queue for the moderators.
-- The reported content is copied into the report when it is made (snapshot_*), so a deletion cannot hide it.
-- Portable SQL only (STYLE §3).
CREATE TABLE report (
    id TEXT PRIMARY KEY,
    target TEXT NOT NULL,                -- the reported thing's address (our page, or the ActivityPub id of a remote one)
    target_kind TEXT NOT NULL,           -- 'post', 'reply', 'account', 'need', 'offer', 'introduction'
    target_id TEXT NULL,                 -- the stored post, need, offer or introduction, when there is one
    account TEXT NOT NULL,               -- the account it is about: member id, or actor IRI
    account_label TEXT NOT NULL,         -- @name or @user@host
    account_local BIGINT NOT NULL,
    category TEXT NOT NULL,              -- 'spam', 'abuse', 'illegal', 'other', 'appeal'
    note TEXT NOT NULL,
    origin TEXT NOT NULL,                -- 'local' (a member here) or 'remote' (a Flag)
    reporter_id TEXT NULL,               -- the member who reported it (local only); never sent anywhere
    remote_origin TEXT NULL,             -- the domain a Flag came from
    remote_actor TEXT NULL,              -- the actor that sent the Flag (often an instance actor)
    flag_id TEXT NULL UNIQUE,            -- the Flag's activity id, so one Flag is queued once
    forward BIGINT NOT NULL,             -- the reporter asked that it be sent to the account's own server
    appeal_of TEXT NULL UNIQUE,          -- for an appeal: the moderation_log entry it answers (one appeal each)
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    state TEXT NOT NULL,                 -- 'open' or 'closed'
    closed_at TEXT NULL,
    closed_by TEXT NULL,
    close_action TEXT NULL,              -- 'none', 'warn', 'limit', 'suspend', 'remove'
    snapshot_title TEXT NULL,
    snapshot_text TEXT NULL,
    snapshot_author TEXT NULL,
    snapshot_url TEXT NULL
);

CREATE INDEX ix_report_state_created ON report (state, created_at, id);
CREATE INDEX ix_report_account ON report (account, created_at);
CREATE INDEX ix_report_reporter_target ON report (reporter_id, target, state);
CREATE INDEX ix_moderation_log_target ON moderation_log (target_kind, target, created_at);
