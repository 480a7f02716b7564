-- Where another hub is (issue 14): the locality its Group names (AS2 "location" Place's name, or our "locality" term),
-- plain text, so /network can show a post's hub with its place and filter by it. Null when the actor names none.
ALTER TABLE remote_actor ADD COLUMN locality TEXT NULL;
