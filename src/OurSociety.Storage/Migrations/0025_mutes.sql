-- Members' own mutes and blocks (issue 13): hiding accounts and whole domains for oneself, and notification requests
-- (mentions and replies from strangers held when they come in bulk). Portable SQL only (STYLE §3).

-- A member's mute or block of one account. Blocks of remote accounts stay in actor_block (they send a Block); this
-- keeps mutes of anyone and blocks of members here, which nobody is told about. "target" is spelled as
-- notification.actor is: a member's id, or a remote actor's IRI, so one comparison serves posts and notifications.
CREATE TABLE account_mute (
    member_id TEXT NOT NULL REFERENCES member (id) ON DELETE CASCADE,
    target TEXT NOT NULL,
    is_local BIGINT NOT NULL,            -- 1: target is a member here
    kind TEXT NOT NULL,                  -- 'mute' or 'block' ('block' only for members here)
    created_at TEXT NOT NULL,
    PRIMARY KEY (member_id, target, kind)
);

CREATE INDEX ix_account_mute_list ON account_mute (member_id, kind, created_at, target);

-- A member hides a whole domain (and its subdomains) for themselves: Mastodon's user domain block.
CREATE TABLE member_domain_block (
    member_id TEXT NOT NULL REFERENCES member (id) ON DELETE CASCADE,
    domain TEXT NOT NULL,                -- DomainName.Value: lower case, punycode, no port, no trailing dot
    created_at TEXT NOT NULL,
    PRIMARY KEY (member_id, domain)
);

CREATE INDEX ix_member_domain_block_list ON member_domain_block (member_id, created_at, domain);

-- Notification requests (Mastodon 4.3's notification filtering): "stranger" marks a mention or reply from an account
-- the member never interacted with (it counts towards the burst), "held" one kept out of the list and the unread
-- count until the member accepts it.
ALTER TABLE notification ADD COLUMN stranger BIGINT NOT NULL DEFAULT 0;
ALTER TABLE notification ADD COLUMN held BIGINT NOT NULL DEFAULT 0;

CREATE INDEX ix_notification_stranger ON notification (member_id, stranger, created_at);

-- Accounts whose held notifications a member accepted: Mastodon's NotificationPermission; they are no strangers now.
CREATE TABLE notification_permission (
    member_id TEXT NOT NULL REFERENCES member (id) ON DELETE CASCADE,
    actor TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (member_id, actor)
);
