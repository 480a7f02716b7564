-- The @user@host handles named in what people wrote here, as the work queue looked them up (WebFinger and the
-- actor), so that pages link them and activities mention them without asking the network again, and an edit or a
-- retry does not look them up again. "subject" says what named them, as notification.subject does: "post:{id}",
-- and "need:{id}", "offer:{id}", "introduction:{id}" as those parts use it; so no foreign key.
CREATE TABLE mention (
    subject TEXT NOT NULL,
    handle TEXT NOT NULL,                -- user@host, the host in lower case
    actor_id TEXT NULL,                  -- the actor it names; NULL: no such account could be found
    url TEXT NULL,                       -- their profile page, which the link in the text points at
    resolved_at TEXT NOT NULL,
    PRIMARY KEY (subject, handle)
);
