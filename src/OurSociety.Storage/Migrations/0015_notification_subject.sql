-- What a notification is about when it is not a post: "introduction:{id}", "need:{id}", "offer:{id}",
-- "help-request:{id}". The page that lists notifications links it; deleting the thing leaves the notification
-- (it then says the thing is gone), so no foreign key.
ALTER TABLE notification ADD COLUMN subject TEXT NULL;
