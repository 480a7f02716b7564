-- Members, their roles, invitations, personal API tokens and the node's own small settings.
-- Portable SQL only (STYLE §3): TEXT ids (lower-case UUIDv7) and UTC timestamps as fixed-width TEXT.

CREATE TABLE member (
    id TEXT PRIMARY KEY,
    username TEXT NOT NULL,
    username_normalized TEXT NOT NULL,
    display_name TEXT NOT NULL,
    bio TEXT NOT NULL,
    locality TEXT NOT NULL,
    avatar_path TEXT NULL,
    state TEXT NOT NULL,
    sign_up_reason TEXT NULL,
    invitation_id TEXT NULL,
    password_hash TEXT NOT NULL,
    security_stamp TEXT NOT NULL,
    failed_sign_ins BIGINT NOT NULL,
    locked_until TEXT NULL,
    last_sign_in_at TEXT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE UNIQUE INDEX ux_member_username_normalized ON member (username_normalized);
CREATE INDEX ix_member_state_created_at ON member (state, created_at, id);

CREATE TABLE member_role (
    member_id TEXT NOT NULL REFERENCES member (id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    PRIMARY KEY (member_id, role)
);

CREATE INDEX ix_member_role_role ON member_role (role);

CREATE TABLE invitation (
    id TEXT PRIMARY KEY,
    code TEXT NOT NULL,
    created_by TEXT NOT NULL REFERENCES member (id) ON DELETE CASCADE,
    max_uses BIGINT NULL,
    uses BIGINT NOT NULL,
    expires_at TEXT NULL,
    revoked_at TEXT NULL,
    created_at TEXT NOT NULL
);

CREATE UNIQUE INDEX ux_invitation_code ON invitation (code);
CREATE INDEX ix_invitation_created_by ON invitation (created_by, created_at, id);

CREATE TABLE api_token (
    id TEXT PRIMARY KEY,
    member_id TEXT NOT NULL REFERENCES member (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    last_used_at TEXT NULL
);

CREATE UNIQUE INDEX ux_api_token_token_hash ON api_token (token_hash);
CREATE INDEX ix_api_token_member_id ON api_token (member_id, created_at, id);

CREATE TABLE node_setting (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
