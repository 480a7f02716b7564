-- Wrong passwords counted per account and client address (IPv6: its /64), so that a stranger's guesses lock out the
-- stranger's address for that account and not the member everywhere. member.failed_sign_ins and member.locked_until
-- are no longer used.
CREATE TABLE sign_in_failure (
    member_id TEXT NOT NULL REFERENCES member (id) ON DELETE CASCADE,
    client_key TEXT NOT NULL,            -- the address, or its /64 for IPv6 ("unknown" when the server has none)
    failures BIGINT NOT NULL,            -- wrong passwords since the last lock or success; 0 again on locking
    locked_until TEXT NULL,
    PRIMARY KEY (member_id, client_key)
);
