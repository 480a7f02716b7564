-- Moderated replies (issue 13): a story's or lesson's reply policy, a reply's standing with it, and members' default
-- policy. Published as GoToSocial's interactionPolicy (federation-specs/replies.md). Portable SQL only (STYLE §3).

-- 'anyone', 'following', 'mentioned' or 'approval' (ReplyPolicies); replies carry 'anyone' and follow their root's.
ALTER TABLE post ADD COLUMN reply_policy TEXT NOT NULL DEFAULT 'anyone';

-- 'shown', 'pending' (held: only its author and the root's author see it) or 'declined' (no one sees it; kept so a
-- repeated delivery of the same reply stays declined).
ALTER TABLE post ADD COLUMN reply_state TEXT NOT NULL DEFAULT 'shown';

-- A received reply that came as a GoToSocial ReplyRequest: the request's id, which our Accept or Reject names.
ALTER TABLE post ADD COLUMN reply_request_id TEXT NULL;

-- The held replies of a thread, found by the root's author's notifications and pages.
CREATE INDEX ix_post_reply_state ON post (root_id, reply_state);

-- A member's default for new posts; NULL: the hub's default (node_setting 'replies.default-policy', else 'anyone').
ALTER TABLE member ADD COLUMN reply_policy TEXT NULL;
